"""Segment: paragraphs → sentences, each with its exact character span.

A first rule-based splitter tuned for wire copy: it splits after . ! ? and ellipses
(with any closing quotes or brackets) when the next text starts a sentence, and not
after titles, initials or abbreviations that rarely end one. Spans are exact:
`paragraph[start:end] == source`, and the whitespace between segments stays in the
paragraph, so reassembly is byte-exact.
"""

from __future__ import annotations

import dataclasses
import re
from pipeline.records import Document, Segment

# Abbreviations that are followed by more of the same sentence (titles, months, "No. 1").
NEVER_FINAL = frozenset(
    """mr mrs ms dr gen sen rep gov lt col capt cmdr sgt maj adm st prof rev hon pres supt
    det insp gens sens reps govs messrs no nos vs v fig jan feb mar apr jun jul aug sep sept oct
    nov dec mt ft approx dept est""".split()
)
# Abbreviations that may also end a sentence: split only before a typical sentence opener.
MAYBE_FINAL = frozenset("u.s u.k u.n e.u inc co corp ltd jr sr etc a.m p.m d.c l.a bros".split())
SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those there
    but and so yet or if when while after before in on at for as by with from to of some
    many most all no not one two three what who why how where""".split()
)

_BOUNDARY = re.compile(r"(?:[.!?…]+|\.\.\.)[\"'”’»)\]]*(?=\s)")
_OPENING = "\"'“‘«([¿¡"


@dataclasses.dataclass(frozen=True)
class SentenceSplitter:
    """Splits one paragraph into sentence spans; a stage over Documents."""

    name: str = "segment"

    def spans(self, text: str, start: int = 0) -> list[tuple[int, int]]:
        """Sentence spans (start, end) in `text`, from offset `start`, whitespace excluded."""
        spans: list[tuple[int, int]] = []
        begin = _skip_space(text, start)
        for match in _BOUNDARY.finditer(text, begin):
            after = _skip_space(text, match.end())
            if after >= len(text) or not self._is_boundary(text, match, after):
                continue
            spans.append((begin, match.end()))
            begin = after
        if begin < len(text):
            spans.append((begin, len(text.rstrip())))
        return spans

    def __call__(self, doc: Document) -> Document:
        segments = []
        for p_index, paragraph in enumerate(doc.paragraphs):
            first = len(doc.dateline) if p_index == 0 else 0
            for s_index, (start, end) in enumerate(self.spans(paragraph, first)):
                segments.append(Segment(doc.id, p_index, s_index, start, end, paragraph[start:end]))
        return dataclasses.replace(doc, segments=tuple(segments))

    @staticmethod
    def _is_boundary(text: str, match: re.Match[str], after: int) -> bool:
        nxt = text[after]
        if nxt in _OPENING:
            nxt = text[after + 1] if after + 1 < len(text) else ""
        if not (nxt.isupper() or nxt.isdigit()):
            return False
        mark = match.group(0).rstrip("\"'”’»)]")
        if mark != ".":
            return True
        word = _word_before(text, match.start()).lower()
        if len(word) == 1 and word.isalpha():
            return False  # an initial: "John F. Kennedy"
        if word in NEVER_FINAL:
            return False
        if word in MAYBE_FINAL or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
            return _next_word(text, after).lower() in SENTENCE_OPENERS
        return True


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:index].lstrip(_OPENING)


def _next_word(text: str, index: int) -> str:
    match = re.match(r"[\W_]*(\w+)", text[index : index + 40])
    return match.group(1) if match else ""
