"""Cut text that is too long at safe points (clause first), so nothing is truncated.

Used twice: the segment stage cuts over-long sentences at clause boundaries before
translation (MarianMT drops content from long inputs), and the MarianMT engine cuts
anything still over the model's 512 positions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Cut points, best first: after ; or :, at a dash, before a conjunction after a comma,
# after any comma, then at any space.
_CUTS = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"\s+(?=[–—-]\s)|(?<=\s[–—-])\s+"),
    re.compile(r"(?<=,)\s+(?=(?:and|but|or|while|which|who|where|although|because|as|so)\b)"),
    re.compile(r"(?<=,)\s+"),
    re.compile(r"\s+"),
)


def split_spans(
    text: str, fits: Callable[[str], bool], start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Spans of `text[start:end]` that each `fits`, cut at the best point nearest the middle.

    Whitespace at a cut belongs to no span; the spans cover every other character.
    Text with no whitespace at all is cut in half as a last resort.
    """
    end = len(text) if end is None else end
    piece = text[start:end]
    if fits(piece) or len(piece) < 2:
        return [(start, end)]
    middle = len(piece) / 2
    for pattern in _CUTS:
        cuts = [m for m in pattern.finditer(piece) if 0 < m.start() and m.end() < len(piece)]
        if cuts:
            best = min(cuts, key=lambda m: abs(m.start() - middle))
            return split_spans(text, fits, start, start + best.start()) + split_spans(
                text, fits, start + best.end(), end
            )
    half = start + len(piece) // 2
    return split_spans(text, fits, start, half) + split_spans(text, fits, half, end)


def split_to_fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """The pieces of `text` named by `split_spans`."""
    return [text[a:b] for a, b in split_spans(text, fits)]
