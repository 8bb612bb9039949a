"""Protected spans (⟦…⟧) through engines that would translate or drop them.

Each span becomes a placeholder word that engines pass through like an unknown name
("Xpz0qz"); `decode` puts the spans back. Engines whose vocabulary lacks the brackets
(MarianMT's sentencepiece maps them to <unk>) and rule-based ones (Apertium) use it.
"""

from __future__ import annotations

import re

from pipeline.patterns import PROTECTED_SPAN

_PROTECTED = re.compile(PROTECTED_SPAN)
_TOKEN = re.compile(r"Xpz(\d+)qz")


def encode(text: str) -> tuple[str, list[str]]:
    """`text` with each ⟦…⟧ span replaced by a numbered placeholder, and the spans."""
    spans: list[str] = []

    def token(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return f"Xpz{len(spans) - 1}qz"

    return _PROTECTED.sub(token, text), spans


def decode(text: str, spans: list[str]) -> str:
    """Put the spans back where their placeholders are (unknown numbers are left as they are)."""
    return _TOKEN.sub(lambda m: spans[int(m.group(1))] if int(m.group(1)) < len(spans) else m.group(0), text)
