"""Protected spans: text that every engine and every style rule must leave as it is.

A glossary term or a clock time travels to the engine as a ⟦Spanish term⟧ span. Engines
whose vocabulary lacks the brackets (MarianMT's sentencepiece maps them to <unk>) and
rule-based ones (Apertium) carry each span as a placeholder word that they pass through
like an unknown name ("Xpz0qz"); `decode` puts the spans back. The localizer shields
text from its rules with private-use markers. Every marker lives here, so QA can tell
when one is left in a translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

OPEN, CLOSE = "⟦", "⟧"
PROTECTED_SPAN = rf"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}"
PLACEHOLDER = r"Xpz\d+qz"  # as written by `encode`: Xpz + the span's index + qz
# The localizer's shield around text no rule may touch: SHIELD_OPEN + index + SHIELD_CLOSE.
SHIELD_OPEN, SHIELD_CLOSE = "\ue000", "\ue001"
# Any of the markers above, which must never reach a published translation.
LEFTOVER = re.compile(rf"[{OPEN}{CLOSE}{SHIELD_OPEN}{SHIELD_CLOSE}]|{PLACEHOLDER}")

_PROTECTED = re.compile(PROTECTED_SPAN)
_TOKEN = re.compile(r"Xpz(\d+)qz")
_SHIELDED = re.compile(rf"{SHIELD_OPEN}(\d+){SHIELD_CLOSE}")


def protect(text: str) -> str:
    """`text` as one protected span."""
    return f"{OPEN}{text}{CLOSE}"


def encode(text: str) -> tuple[str, list[str]]:
    """`text` with each ⟦…⟧ span replaced by a numbered placeholder, and the spans."""
    spans: list[str] = []

    def token(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return f"Xpz{len(spans) - 1}qz"

    return _PROTECTED.sub(token, text), spans


def decode(text: str, spans: list[str]) -> str:
    """Put the spans back where their placeholders are (unknown numbers are left as they are)."""

    def span(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return spans[index] if index < len(spans) else match.group(0)

    return _TOKEN.sub(span, text)


def shield(text: str, pattern: str, convert: Callable[[re.Match[str]], str] | None = None) -> tuple[str, list[str]]:
    """`text` with every match of `pattern` hidden behind a shield marker, and the matches
    (or what `convert` makes of each: text that no later rule may touch).

    Marker characters already in the text are shielded too, so `unshield` gives them back."""
    saved: list[str] = []

    def keep(match: re.Match[str]) -> str:
        is_marker = match.group(0) in (SHIELD_OPEN, SHIELD_CLOSE)
        saved.append(convert(match) if convert and not is_marker else match.group(0))
        return f"{SHIELD_OPEN}{len(saved) - 1}{SHIELD_CLOSE}"

    return re.sub(f"[{SHIELD_OPEN}{SHIELD_CLOSE}]|{pattern}", keep, text), saved


def unshield(text: str, saved: list[str]) -> str:
    """Inverse of `shield`."""
    return _SHIELDED.sub(lambda m: saved[int(m.group(1))], text)
