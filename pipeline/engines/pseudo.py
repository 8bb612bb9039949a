"""Pseudo-translation: deterministic, visibly "translated" text with no model.

As in localization tools: letters get accents, the text is bracketed and padded by
about 30% so layout and truncation problems show, and protected spans (URLs, e-mail
addresses, numbers, placeholders and tags) pass through untouched. It lets a user test a
pipeline, glossary or output format without a model, and lets tests check alignment.
"""

from __future__ import annotations

import math
import re

from pipeline.records import Origin, Translation
from pipeline.text.patterns import URL_OR_EMAIL
from pipeline.text.protected import PROTECTED_SPAN

EXPANSION = 0.3
_ACCENTED = str.maketrans("AaCcEeIiNnOoUuYy", "ÅåÇçÉéÎîÑñÖöÛûÝý")
# an amount keeps its currency sign and scale word ("$2.5 billion"): localize turns the whole
# into Spanish ("2.500 millones de dólares"), and QA checks the number in that form
AMOUNT = r"[$€£]?\d+(?:[.,:]\d+)*(?: (?:thousand|million|billion|trillion)\b)?"
PROTECTED = re.compile(rf"{URL_OR_EMAIL}|{AMOUNT}|{PROTECTED_SPAN}|<[^<>]+>")


class PseudoEngine:
    """Engine protocol implementation that needs nothing installed."""

    name = "pseudo"
    origin = Origin.PSEUDO
    batch_invariant = True

    def prepare(self) -> None:
        """Nothing to set up."""

    def translate_scored(self, texts: list[str]) -> list[Translation]:
        return [Translation(pseudo_translate(text), 1.0) for text in texts]  # exact by construction

    def signature(self) -> str:
        return f"pseudo expansion={EXPANSION}"


def pseudo_translate(text: str) -> str:
    """Accent letters outside protected spans, bracket, and pad to ~130% of the length."""
    parts = []
    last = 0
    for match in PROTECTED.finditer(text):
        parts.append(text[last : match.start()].translate(_ACCENTED))
        parts.append(match.group(0))
        last = match.end()
    parts.append(text[last:].translate(_ACCENTED))
    padding = "~" * math.ceil(len(text) * EXPANSION)
    return f"[{''.join(parts)} {padding}]"
