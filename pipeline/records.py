"""The records that flow through the stages: frozen, replaced (never mutated) by each stage."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Origin(str, enum.Enum):
    """Where a segment's target came from; writers and checks read this, never the engine string."""

    MACHINE = "machine"  # a translation engine (MarianMT, CTranslate2, Apertium)
    PSEUDO = "pseudo"  # the pseudo-translation engine: not Spanish
    MEMORY = "memory"  # the translation memory (an editor's earlier work)
    HUMAN = "human"  # an editor, in this run's files
    COPY = "copy"  # kept as written (a copyright line)


@dataclass(frozen=True)
class Revision:
    """A target a segment had before a person replaced it: nothing an editor does is lost."""

    target: str | None
    origin: str | None  # the Origin value the replaced target had
    engine: str | None
    replaced_at: str  # ISO 8601, UTC
    replaced_by: str | None  # the editor's name, when given
    file: str  # the edited file the new target came from


@dataclass(frozen=True)
class Review:
    """A person's verdict on a segment's target: approved or rejected, by whom and when."""

    status: str  # "approved" or "rejected"
    editor: str | None
    at: str  # ISO 8601, UTC
    note: str | None = None  # why, when a rejection says


@dataclass(frozen=True)
class Comment:
    """A note a person left on a segment."""

    text: str
    editor: str | None
    at: str


@dataclass(frozen=True)
class Suggestion:
    """A translation-memory entry whose source is like a segment's (a fuzzy match): shown to
    the editor, never used as the target."""

    source: str
    target: str
    similarity: float  # 0–100, rapidfuzz's normalised edit-distance ratio


@dataclass(frozen=True)
class TermHit:
    """A glossary entry applied to a segment: where it matched and what it became."""

    start: int  # character span of the match in Segment.source
    end: int
    source: str
    target: str
    method: str  # how it was enforced: "placeholder", "post-edit", or "missing"
    entry: str = ""  # the glossary entry's English term (the match may be a plural or case variant)


@dataclass(frozen=True)
class Translation:
    """An engine's translation of one text, and how sure the engine is of it.

    `confidence` is in [0, 1], the geometric mean of the target tokens' probabilities
    (exp of the mean log-probability), for an engine that has them (MarianMT, whichever
    runtime); None for one that has no such estimate (Apertium). `coverage` is the share of
    words a rule-based engine knew: not a confidence ("Dejado me ser muy, muy claro" is fully
    covered). `unknown` holds the words Apertium marked as unknown and should have known (not
    acronyms, names or Spanish words it rightly passed on: "GMT", "Quispe").
    """

    text: str
    confidence: float | None = None
    unknown: tuple[str, ...] = ()
    coverage: float | None = None


SEVERITIES = ("info", "warning", "error")  # least to most severe


@dataclass(frozen=True)
class Issue:
    """A QA finding on a segment; content problems are issues, not exceptions."""

    code: str
    severity: str  # one of SEVERITIES
    message: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")


@dataclass(frozen=True)
class Segment:
    """One sentence of a paragraph, with its exact span, and later its translation."""

    doc_id: str
    paragraph: int  # index into Document.paragraphs
    sentence: int  # index of the segment within its paragraph
    start: int  # Document.paragraphs[paragraph][start:end] == source
    end: int
    source: str
    target: str | None = None
    terms: tuple[TermHit, ...] = ()
    issues: tuple[Issue, ...] = ()
    engine: str | None = None  # engine signature that produced `target`
    origin: Origin | None = None  # where `target` came from (None: no target yet)
    kind: str = "text"  # "text" is translated; "copyright" is kept as it is
    pieces: tuple[tuple[int, int], ...] = ()  # spans in `source` translated apart (long sentences)
    history: tuple[Revision, ...] = ()  # earlier targets, oldest first (see `efe-pipeline apply`)
    suggestion: Suggestion | None = None  # the closest memory entry, when one is close enough
    confidence: float | None = None  # see Translation; 1.0 for memory, copied and human text
    coverage: float | None = None  # see Translation: the share of words a rule-based engine knew
    review: Review | None = None  # a person's approval or rejection (people's work, output/people.py)
    comments: tuple[Comment, ...] = ()  # people's comments, oldest first

    @property
    def translatable(self) -> bool:
        """Whether the engine should translate it (a copyright line is kept as written)."""
        return self.kind == "text"

    @property
    def id(self) -> str:
        """Stable id: the same input gives the same id on every run (editors diff by it)."""
        return f"{self.doc_id}:{self.paragraph}:{self.sentence}"

    def credits(self) -> list[str]:
        """Who wrote the target and who approved it, as the renderings say it."""
        said = []
        if self.origin is Origin.HUMAN and self.history:
            last = self.history[-1]
            said.append(f"edited by {last.replaced_by or 'an editor'} at {last.replaced_at}")
        if self.review is not None and self.review.status == "approved":
            said.append(f"approved by {self.review.editor or 'an editor'} at {self.review.at}")
        return said

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form, as written to segments.jsonl."""
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "target": self.target,
            "terms": [dataclasses.asdict(t) for t in self.terms],
            "issues": [dataclasses.asdict(i) for i in self.issues],
            "engine": self.engine,
            "origin": self.origin.value if self.origin else None,
            "kind": self.kind,
            "pieces": [list(p) for p in self.pieces],
            **({"history": [dataclasses.asdict(r) for r in self.history]} if self.history else {}),
            **({"suggestion": dataclasses.asdict(self.suggestion)} if self.suggestion else {}),
            **({"confidence": self.confidence} if self.confidence is not None else {}),
            **({"coverage": self.coverage} if self.coverage is not None else {}),
            **({"review": dataclasses.asdict(self.review)} if self.review else {}),
            **({"comments": [dataclasses.asdict(c) for c in self.comments]} if self.comments else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Segment:
        """Inverse of `to_dict` (the `id` key is derived, so it is ignored); a record of the
        wrong shape is a TypeError or ValueError saying which field."""
        _check_types(data)
        return cls(
            doc_id=data["doc_id"],
            paragraph=data["paragraph"],
            sentence=data["sentence"],
            start=data["start"],
            end=data["end"],
            source=data["source"],
            target=data.get("target"),
            terms=tuple(TermHit(**t) for t in data.get("terms", ())),
            issues=tuple(Issue(**i) for i in data.get("issues", ())),
            engine=data.get("engine"),
            origin=Origin(data["origin"]) if data.get("origin") else None,
            kind=data.get("kind", "text"),
            pieces=tuple((a, b) for a, b in data.get("pieces", ())),
            history=tuple(Revision(**r) for r in data.get("history", ())),
            suggestion=Suggestion(**data["suggestion"]) if data.get("suggestion") else None,
            confidence=data.get("confidence"),
            coverage=data.get("coverage"),
            review=Review(**data["review"]) if data.get("review") else None,
            comments=tuple(Comment(**c) for c in data.get("comments", ())),
        )


_FIELD_TYPES = {
    "doc_id": str,
    "paragraph": int,
    "sentence": int,
    "start": int,
    "end": int,
    "source": str,
    "target": (str, type(None)),
    "engine": (str, type(None)),
    "kind": str,
    "terms": list,
    "issues": list,
    "pieces": list,
    "history": list,
    "suggestion": (dict, type(None)),
    "confidence": (int, float, type(None)),
    "coverage": (int, float, type(None)),
    "review": (dict, type(None)),
    "comments": list,
}


def _check_types(data: Mapping[str, Any]) -> None:
    if not isinstance(data, Mapping):
        raise TypeError("a segment record must be a JSON object")
    for name, kind in _FIELD_TYPES.items():
        if name in data and not isinstance(data[name], kind):
            raise TypeError(f"field '{name}' has the wrong type ({type(data[name]).__name__})")
    for name in ("confidence", "coverage"):
        value = data.get(name)
        if value is not None and (isinstance(value, bool) or not 0.0 <= value <= 1.0):  # NaN fails too
            raise TypeError(f"field '{name}' must be a number from 0 to 1, not {value!r}"[:120])
    for piece in data.get("pieces", ()):
        if not (isinstance(piece, list) and len(piece) == 2 and all(isinstance(x, int) for x in piece)):
            raise TypeError("field 'pieces' must hold [start, end] pairs")
    for name in ("terms", "issues", "history", "comments"):
        if not all(isinstance(item, Mapping) for item in data.get(name, ())):
            raise TypeError(f"field '{name}' must hold objects")


DATELINE = ":dateline"


def dateline_id(doc_id: str) -> str:
    """The id an article's dateline goes by in review pages and edited files (not a segment:
    the dateline is never translated, but an editor may correct it)."""
    return doc_id + DATELINE


def dateline_target(doc: Document) -> str:
    """The dateline as the Spanish article shows it (the English one when none was made)."""
    return doc.metadata.get("dateline_es", doc.dateline)


@dataclass(frozen=True)
class Document:
    """One article: its paragraphs as read, and the segments the stages produce.

    `paragraphs[0]` starts with `dateline` when one was found; the dateline is kept out
    of the segments so that it is neither glued to the first sentence nor translated.
    """

    id: str
    source: str  # where it came from: a path, or "path:line" for a JSONL document
    paragraphs: tuple[str, ...]
    dateline: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)
    segments: tuple[Segment, ...] = ()
    resumed: bool = False  # its segments are final, from an interrupted run: later stages pass it by

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form of a whole article, as the run store keeps it."""
        return {
            "id": self.id,
            "source": self.source,
            "paragraphs": list(self.paragraphs),
            "dateline": self.dateline,
            "metadata": dict(self.metadata),
            "segments": [seg.to_dict() for seg in self.segments],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        """Inverse of `to_dict`; a record of the wrong shape is a TypeError, KeyError or ValueError."""
        if not isinstance(data, Mapping):
            raise TypeError("a document record must be a JSON object")
        paragraphs = data["paragraphs"]
        if not (isinstance(paragraphs, list) and all(isinstance(p, str) for p in paragraphs)):
            raise TypeError("field 'paragraphs' must hold strings")
        if not isinstance(data.get("metadata", {}), Mapping):
            raise TypeError("field 'metadata' must be an object")
        return cls(
            id=data["id"],
            source=data["source"],
            paragraphs=tuple(paragraphs),
            dateline=data.get("dateline", ""),
            metadata=dict(data.get("metadata", {})),
            segments=tuple(Segment.from_dict(s) for s in data.get("segments", ())),
        )

    def by_paragraph(self) -> list[list[Segment]]:
        """The segments of each paragraph, in order: one pass, however many paragraphs."""
        groups: list[list[Segment]] = [[] for _ in self.paragraphs]
        for seg in self.segments:
            groups[seg.paragraph].append(seg)
        return groups


@dataclass(frozen=True)
class Entry:
    """One glossary entry: an English term and the Spanish every run must use for it."""

    en: str
    es: str
    es_feminine: str = ""
    gender: str = ""
    number: str = ""
    case_sensitive: bool = True
    dnt: bool = False  # do not translate: a name
    context: str = ""
    avoid: tuple[str, ...] = ()  # Spanish variants to correct
    origin: str = ""  # "file:line", for messages

    def target(self, feminine: bool = False) -> str:
        return self.es_feminine if feminine and self.es_feminine else self.es

    def key(self) -> str:
        return self.en if self.case_sensitive else self.en.casefold()


@dataclass(frozen=True)
class Edit:
    """One segment as an editor left it in a bilingual file."""

    id: str
    source: str
    target: str
    state: str | None = None  # XLIFF's state (initial, translated, reviewed, final), when the file has one
    sub_state: str | None = None  # XLIFF 2.0 subState: efe:mt, efe:tm, efe:untouched mark output nobody changed
    line: int | None = None  # where it is in its file, for messages
    comments: tuple[str, ...] = ()  # XLIFF notes of category "comment"
    rejected: str | None = None  # the text of an XLIFF note of category "rejected" (None: no rejection)
    written: str | None = None  # the file's mark: text_digest of the target as a run wrote it (None: no mark)
    document: str | None = None  # the article the file names (<file id/original>, TMX x-doc-id, its name)


@dataclass(frozen=True)
class BilingualFile:
    """An edited bilingual file as read: its segments, and what it says about itself."""

    edits: list[Edit]
    ours: bool = False  # written by efe-pipeline (its header or marks say so)
    run: str | None = None  # the run identity it names (our XLIFF files carry one)


# a tab is text; a line break (U+2028, U+2029 and NEL included), another control character or a
# bidirectional override is not: a segment is one line of text
_NOT_TEXT = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def not_text(text: str) -> str | None:
    """The first character a segment's text may not hold, or None."""
    found = _NOT_TEXT.search(text)
    return found.group(0) if found else None


def text_digest(text: str | None) -> str:
    """A short digest of a text (SHA-256, 12 hex digits): the revision a person's work was
    made on, and the mark our files carry of the target as written."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:12]


def written_mark(seg: Segment) -> str | None:
    """The mark a bilingual file carries of a segment's target as the run wrote it, so that
    a target nobody has changed since is nobody's work, whatever run it came from. A
    person's target (an edit or an approval) has none: it is people's work wherever it goes."""
    approved = seg.review is not None and seg.review.status == "approved"
    if seg.target is None or seg.origin is Origin.HUMAN or approved:
        return None
    return text_digest(seg.target)


def rounded_confidence(mean_log_probability: float) -> float:
    """A neural engine's confidence: exp of the mean log-probability per target token,
    to two decimals, so that the last bits of a batch's arithmetic never reach the output."""
    return round(math.exp(max(mean_log_probability, -50.0)), 2)
