"""Split text too long for the model at safe points, so that nothing is truncated."""

from __future__ import annotations

import re
from typing import Callable

# Preferred cut points, best first: after sentence or clause punctuation, then after a
# comma or dash, then any space.
_CUTS = (
    re.compile(r"(?<=[.!?;:])\s+"),
    re.compile(r"(?<=[,–—])\s+|\s+(?=[–—-]\s)"),
    re.compile(r"\s+"),
)


def split_to_fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Pieces of `text`, each of which `fits`, cut at the best point nearest the middle.

    Whitespace at a cut is dropped; joining the translated pieces with a space restores
    the sentence. Text with no whitespace at all is cut in half as a last resort.
    """
    if fits(text) or len(text) < 2:
        return [text]
    middle = len(text) / 2
    for pattern in _CUTS:
        cuts = [m for m in pattern.finditer(text) if 0 < m.start() and m.end() < len(text)]
        if cuts:
            best = min(cuts, key=lambda m: abs(m.start() - middle))
            return split_to_fit(text[: best.start()], fits) + split_to_fit(text[best.end() :], fits)
    half = len(text) // 2
    return split_to_fit(text[:half], fits) + split_to_fit(text[half:], fits)
