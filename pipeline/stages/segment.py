"""Segment: paragraphs → sentences, each with its exact character span.

A rule-based splitter tuned for wire copy and measured on gold sets (bench/segmentation.py).
It splits after . ! ? and ellipses (with closing quotes, brackets and footnote marks)
when what follows starts a sentence, and not after titles, initials, or abbreviations
that rarely end one. Quoted sentences are split like any other: MarianMT drops or
garbles text when given several sentences at once. List items ("1.", "b)", "(iii)",
"•") start segments; an agency dateline or a date line at the start of a paragraph is
its own segment. Spans are exact: `paragraph[start:end] == source`, and the whitespace
between segments stays in the paragraph, so reassembly is byte-exact.
"""

from __future__ import annotations

import dataclasses
import re

from pipeline.records import Document, Issue, Segment
from pipeline.text import english
from pipeline.text.longtext import split_spans

# Abbreviations followed by more of the same sentence (titles, months, "No. 1").
NEVER_FINAL = frozenset(
    """mr mrs ms mx dr gen sen rep gov lt col capt cmdr sgt maj adm st prof rev hon pres supt
    det insp gens sens reps govs messrs msgr fr vs v fig sept mt ft approx dept est ph.d ave blvd
    rd hwy e.g i.e cf al""".split()
) | (frozenset(english.MONTH_ABBREVIATIONS) - {"may"})
# Abbreviations that take a number after them: "No. 1", "Sec. 1262", "Rs. 3520", "p. 55".
NUMBER_PREFIX = frozenset("no nos n° nº sec art vol p pp ch fig rs para ref tel ext op".split())
# Country and place codes: they end a sentence unless a name or institution follows.
PLACE_CODES = frozenset("u.s u.k u.n e.u d.c u.s.a l.a n.y".split())
AFTER_PLACE_CODE = frozenset(
    """president army navy air senate house congress department secretary ambassador embassy
    government treasury court supreme open attorney representative sen rep gen marine marines
    forces military coast border customs immigration state states dollar dollars federal census
    postal geological capitol national special trade commerce justice defense homeland energy
    agriculture labor olympic central intelligence forest park citizenship consulate officials
    troops soldiers vice chamber district attorneys envoy allies ally""".split()
)
TIME_MARKS = frozenset("a.m p.m".split())
AFTER_TIME = (
    frozenset("et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc bst cet sept".split())
    | frozenset(english.MONTH_ABBREVIATIONS)
    | frozenset(day.lower() for day in english.WEEKDAYS)
)
# Abbreviations that may end a sentence: split only before a typical sentence opener.
MAYBE_FINAL = frozenset("inc co corp ltd jr sr etc bros llc plc".split())
SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those there
    but and so yet or if when while after before in on at for as by with from to of some
    many most all no not one two three what who why how where however meanwhile""".split()
)
WEEKDAYS = "|".join(english.WEEKDAYS)

_TERMINATOR = re.compile(
    r"""(?P<spaced>(?<!\S)\.(?:\ \.){2,}|(?<=\S)\.(?:\ \.){3})      # . . . / word. . . .
      | (?<=[A-Za-z)])\.(?:\d{1,3}(?:\ \d{1,3})*)(?=\s+[A-Z])       # footnote: "text.11 12"
      | [.!?…．。]+(?:["'”’»“)\]]|\[\d{1,3}\])*                      # end mark, closers, [1]
    """,
    re.VERBOSE,
)
_CLOSERS = "\"'”’»“)]"
_OPENING = "\"'“‘«([¿¡`"
_LIST_MARKER = re.compile(
    r"(?:(?<=\s)|^)(?P<bullet>[•⁃]\s*)?(?P<open>\()?(?P<label>\d{1,2}|[a-z]|[ivx]{1,4})(?P<close>\.\)|\)|\.)(?=\s)"
)
_DATE_LINE = re.compile(rf"(?:{WEEKDAYS}), [A-Z][a-z]+\.? \d{{1,2}}, \d{{4}}(?=\s+[A-Z])")
_PLACE_DASH = re.compile(r"[A-Z][\w'.]*(?:,? [A-Z][\w'.]*)*,? [-–—](?=\s+[A-Z])")
COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b)[^\n]{0,40}?\b(?:19|20)\d\d\b", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


@dataclasses.dataclass(frozen=True)
class SentenceSplitter:
    """Splits paragraphs into sentence spans; as a stage, Document → Document.

    A sentence longer than `max_chars` gets `pieces`: clause-sized spans that the
    translator handles one at a time (MarianMT drops content from long inputs). A
    copyright line becomes one segment of kind "copyright", which is not translated.
    """

    max_chars: int = 500
    name: str = "segment"

    def spans(self, text: str, start: int = 0) -> list[tuple[int, int]]:
        """Sentence spans (start, end) in `text` from offset `start`; no span has outer whitespace."""
        cuts = sorted(set(self._cuts(text, start)))
        spans = []
        begin = _skip_space(text, start)
        for end, nxt in cuts:
            if end > begin:
                spans.append((begin, end))
                begin = nxt
        tail = len(text.rstrip())
        if begin < tail:
            spans.append((begin, tail))
        return spans

    def __call__(self, doc: Document) -> Document:
        segments = []
        for p_index, paragraph in enumerate(doc.paragraphs):
            first = len(doc.dateline) if p_index == 0 else 0
            if COPYRIGHT.match(paragraph, first):
                end = len(paragraph.rstrip())
                segments.append(Segment(doc.id, p_index, 0, first, end, paragraph[first:end], kind="copyright"))
                continue
            for s_index, (start, end) in enumerate(self.spans(paragraph, first)):
                segments.append(self._segment(doc.id, p_index, s_index, start, paragraph[start:end]))
        return dataclasses.replace(doc, segments=tuple(segments))

    def _segment(self, doc_id: str, paragraph: int, sentence: int, start: int, source: str) -> Segment:
        segment = Segment(doc_id, paragraph, sentence, start, start + len(source), source)
        if len(source) <= self.max_chars:
            return segment
        pieces = tuple(split_spans(source, lambda text: len(text) <= self.max_chars))
        note = Issue("long-sentence-split", "info", f"{len(source)} characters: translated in {len(pieces)} parts")
        return dataclasses.replace(segment, pieces=pieces, issues=(note,))

    def _cuts(self, text: str, start: int) -> list[tuple[int, int]]:
        """(end of a sentence, start of the next) pairs."""
        cuts = []
        head = _skip_space(text, start)
        for pattern in (_DATE_LINE, _PLACE_DASH):
            match = pattern.match(text, head)
            if match:
                cuts.append((match.end(), _skip_space(text, match.end())))
                break
        markers = _list_items(text)
        for position in sorted(markers):
            if position > head:
                cuts.append((_rstrip_at(text, position), position))
        marker_periods = {markers[p] for p in markers}
        depth = last = 0
        begin = head
        for match in _TERMINATOR.finditer(text, head):
            depth = _bracket_depth(text, last, match.start(), depth)
            last = match.start()
            cut = self._cut_at(text, match, depth, marker_periods, begin)
            if cut:
                cuts.append(cut)
                begin = cut[1]
        return cuts

    def _cut_at(
        self, text: str, match: re.Match[str], depth: int, marker_periods: set[int], begin: int
    ) -> tuple[int, int] | None:
        mark, end = match.group(0), match.end()
        if match.group("spaced"):
            after = _skip_space(text, end)
            if mark.count(".") != 4 or not (end < after < len(text) and text[after].isupper()):
                return None  # ". . ." inside a sentence: "the thing is . . . I didn't"
            if text[match.start() - 1].isspace():
                return (end, after)  # "with a period . . . . Next"
            return (match.start() + 1, match.start() + 2)  # "compounds. . . . The" ends at the first dot
        if match.start() in marker_periods:
            return None
        if depth > 0 and re.search(r"[)\]]", text[match.end() : match.end() + 300]):
            return None  # inside brackets that close later
        if end >= len(text) or not text[end].isspace():
            return self._unspaced_cut(text, match)
        after = _skip_space(text, end)
        if after >= len(text):
            return None
        return (end, after) if self._starts_sentence(text, match, after, begin) else None

    @staticmethod
    def _unspaced_cut(text: str, match: re.Match[str]) -> tuple[int, int] | None:
        """ "world.Today" or "period．Does": a boundary with no space after it."""
        end = match.end()
        if match.group(0)[0] in "．。":
            return (end, end) if end < len(text) else None
        word = _word_before(text, match.start())
        token = text[match.start() - len(word) : match.start() + 60].split(None, 1)[0]
        if "@" in token or "://" in token or token.lower().startswith("www."):
            return None
        if (
            match.group(0) == "."
            and re.fullmatch(r"[A-Za-z]*[a-z]{2}|[\d,]*\d", word)
            and word.lower() not in NEVER_FINAL | MAYBE_FINAL
            and re.match(r"[A-Z][a-z]", text[end : end + 2])
        ):
            return (end, end)
        return None

    @staticmethod
    def _starts_sentence(text: str, match: re.Match[str], after: int, begin: int) -> bool:
        nxt = text[after]
        mark = match.group(0).rstrip(_CLOSERS)
        if nxt in "-–—" and mark in ("?", "!") and re.match(r"[-–—]\s+[A-Z]", text[after : after + 3]):
            return True
        if nxt == "(" and re.match(r"\([^()]{0,60}\)[.!?]", text[after : after + 64]):
            return False  # a citation or aside that belongs to this sentence: "..." (Smith 55).
        if nxt in _OPENING:
            nxt = text[after + 1] if after + 1 < len(text) else ""
        if not (nxt.isupper() or nxt.isdigit()):
            return False
        before_mark = _rstrip_at(text, match.start())
        if mark in ("...", "…") and text[before_mark - 1 : before_mark] in (".", "!", "?"):
            return False  # "Scientology. ... The next thing": an omission mark inside a quotation
        if not mark.endswith(".") or mark.endswith(".."):
            return True  # ! ? … and "..." end a sentence when a capital follows
        word = _word_before(text, match.start())
        lower = word.lower()
        tail = word.rsplit(".", 1)[-1]
        if "." in word and not _known(lower) and len(tail) > 1 and tail[0].isupper():
            word, lower = tail, tail.lower()  # "Tuesday.Mr" → "Mr"
        following = _next_word(text, after)
        if lower in NUMBER_PREFIX and following[:1].isdigit():
            return False
        if len(word) == 1 and word.isalpha():
            # "you and I. Did" ends a sentence; "John F. Kennedy", "Albert I. Jones" do not.
            before = _word_before(text, _rstrip_at(text, match.start() - 1)).strip(",;:")
            return word == "I" and before.islower()
        if lower in NEVER_FINAL:
            return False
        if (
            lower in PLACE_CODES
            or lower in TIME_MARKS
            or lower in MAYBE_FINAL
            or re.fullmatch(r"(?:[a-z]\.)+[a-z]", lower)
        ):
            # "the U.S. The talks", "in the U.S. Trump said": a new sentence. "U.S. Senator
            # John Cornyn", "U.S. officials", "Apple Inc. Chief Executive": the same one.
            if len(text[begin : min(match.start(), begin + 300)].split()) <= 2:
                return False  # "The U.S. Commission asked": no sentence is just "The U.S."
            if following.lower() in SENTENCE_OPENERS:
                return True
            if following.lower() in AFTER_PLACE_CODE | AFTER_TIME or (following.isupper() and len(following) <= 4):
                return False
            second = _next_word(text, after + len(following) + 1)
            return following[:1].isupper() and second[:1].islower() and second not in ("and", "of", "for", "de")
        return True


def _known(word: str) -> bool:
    return word in NEVER_FINAL or word in PLACE_CODES or word in TIME_MARKS or word in MAYBE_FINAL


def _list_items(text: str) -> dict[int, int]:
    """Start of each list item → position of its marker's period, for runs like 1. 2. / a) b)."""
    runs: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    has_ii = "ii" in text
    for match in _LIST_MARKER.finditer(text):
        label = match.group("label")
        if label.isdigit():
            kind, value = "number", int(label)
        elif label in _ROMAN and (match.group("open") or label != "i" or has_ii):
            kind, value = "roman", _ROMAN[label]
        else:
            kind, value = "letter", ord(label) - ord("a") + 1
        style = (kind, (match.group("open") or "") + match.group("close") + ("•" if match.group("bullet") else ""))
        runs.setdefault(style, []).append((value, match.start(), match.start("close")))
    items: dict[int, int] = {}
    for found in runs.values():
        run: list[tuple[int, int, int]] = []
        for item in found + [(-1, -1, -1)]:
            if run and item[0] == run[-1][0] + 1:
                run.append(item)
                continue
            capitalised = all(_next_word(text, period + 2)[:1].isupper() for _, _, period in run)
            # A list starts a paragraph or follows a finished sentence ("sins: a) ..." does not).
            opens = bool(run) and _after_sentence(text, run[0][1])
            if opens and (len(run) >= 3 or (len(run) == 2 and capitalised)):
                items.update((start, period) for _, start, period in run)
            run = [item]
    head = _skip_space(text, 0)
    first = _LIST_MARKER.match(text, head)
    if first and first.group("label").isdigit() and head not in items:
        items[head] = first.start("close")  # "1. Organise your care early": one item, no split
    return items


def _after_sentence(text: str, index: int) -> bool:
    """Whether `index` starts the text or follows a finished sentence (a bounded look back)."""
    return (
        _skip_space(text, 0) >= index or re.search(r"[.!?][\"'”’)]*\s*$", text[max(0, index - 64) : index]) is not None
    )


def _bracket_depth(text: str, begin: int, end: int, depth: int) -> int:
    chunk = text[begin:end]
    depth += chunk.count("(") + chunk.count("[") - chunk.count(")") - chunk.count("]")
    return max(depth, 0)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _rstrip_at(text: str, index: int) -> int:
    """The end of `text[:index]` without its trailing whitespace."""
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index


def _word_before(text: str, index: int) -> str:
    """The word that ends at `index` (at most 64 characters of it: no abbreviation is longer)."""
    start = index
    while start > max(0, index - 64) and not text[start - 1].isspace():
        start -= 1
    return text[start:index].lstrip(_OPENING)


def _next_word(text: str, index: int) -> str:
    match = re.match(r"[\W_]*(\w+)", text[index : index + 40])
    return match.group(1) if match else ""
