"""What the desk shows: an article's line on the index, a segment on its page, a
segment's revision, and how a fuzzy match's English differs from a segment's."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.output.people import CHANGES_TARGET, Work, revision
from pipeline.records import Document, Origin, Segment


@dataclass(frozen=True)
class Summary:
    """One article on the index."""

    id: str
    headline: str
    headline_es: str
    dateline: str
    segments: int
    approved: int
    rejected: int
    edited: int
    errors: int
    warnings: int
    confidence: float | None  # the least confident segment's, when the engine gives one
    editors: tuple[str, ...]
    codes: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.rejected:
            return "rejected"
        if self.approved == self.segments and self.segments:
            return "approved"
        return "started" if self.approved or self.edited else "new"


def summarize(doc: Document, entries: list[Work]) -> Summary:
    """An article's line on the index, from the document as people left it."""
    issues = [i for seg in doc.segments for i in seg.issues]
    text = [seg for seg in doc.segments if seg.translatable]
    confidences = [seg.confidence for seg in doc.segments if seg.confidence is not None]
    reviews = [seg.review.status for seg in doc.segments if seg.review is not None]
    return Summary(
        id=doc.id,
        headline=text[0].source if text else "",
        headline_es=(text[0].target or "") if text else "",
        dateline=doc.dateline,
        segments=len(doc.segments),
        approved=reviews.count("approved"),
        rejected=reviews.count("rejected"),
        edited=sum(seg.origin is Origin.HUMAN for seg in doc.segments),
        errors=sum(i.severity == "error" for i in issues),
        warnings=sum(i.severity == "warning" for i in issues),
        confidence=min(confidences) if confidences else None,
        editors=tuple(sorted({w.editor for w in entries if w.editor})),
        codes=tuple(sorted({i.code for i in issues if i.severity != "info"})),
    )


def rev_of(seg: Segment, entries: Iterable[Work]) -> str:
    """A segment's revision: the latest change to its target or status, and the target."""
    last = max((w.id for w in entries if w.segment == seg.id and w.kind in CHANGES_TARGET), default=0)
    return f"{last}-{revision(seg.target)}"


def word_diff(old: str, new: str) -> list[list[str]]:
    """[op, text] pieces turning `old` (a memory entry's English) into `new` (this segment's),
    by words: "delete" pieces are only in the memory's, "insert" pieces only in this one."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    pieces: list[list[str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace") and i2 > i1:
            pieces.append(["equal" if op == "equal" else "delete", "".join(a[i1:i2])])
        if op in ("insert", "replace") and j2 > j1:
            pieces.append(["insert", "".join(b[j1:j2])])
    return pieces


def segment_view(seg: Segment, machine: str | None, entries: list[Work], repeats: int) -> dict[str, Any]:
    """A segment as a page shows it (JSON): its texts, revision, status, issues, who changed it last."""
    mine = [w for w in entries if w.segment == seg.id]
    last = next((w for w in reversed(mine) if w.kind in CHANGES_TARGET), None)
    suggestion = None
    if seg.suggestion is not None:
        suggestion = {
            **dataclasses.asdict(seg.suggestion),
            "diff": word_diff(seg.suggestion.source, seg.source),
        }
    return {
        "id": seg.id,
        "paragraph": seg.paragraph,
        "kind": seg.kind,
        "source": seg.source,
        "target": seg.target or "",
        "machine": machine or "",
        "origin": seg.origin.value if seg.origin else None,
        "confidence": seg.confidence,
        "rev": rev_of(seg, entries),
        "review": dataclasses.asdict(seg.review) if seg.review else None,
        "issues": [dataclasses.asdict(i) for i in seg.issues],
        "comments": [dataclasses.asdict(c) for c in seg.comments],
        "history": [{"target": r.target, "by": r.replaced_by, "at": r.replaced_at} for r in seg.history],
        "suggestion": suggestion,
        "last": {"editor": last.editor, "at": last.at, "kind": last.kind, "file": last.file} if last else None,
        "repeats": repeats,
    }
