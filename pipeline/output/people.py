"""People's work on a run: edits, approvals, rejections and comments.

It lives in `OUTDIR/work.sqlite` (SQLite in WAL mode, one transaction per change, so
several writers cannot corrupt it), apart from the documents the run made: every
rendering of a document lays the work over it (`with_work`), so a rerun, `apply` or
`qa` re-renders people's work instead of losing it. Each entry keeps the English it
was made on: work on a sentence whose English has changed since is flagged
(`source-changed-since-review`) and kept, never applied to the new sentence.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import QAConfig
from pipeline.errors import OutputError
from pipeline.formats.edits import normalize
from pipeline.records import DATELINE, Comment, Document, Issue, Origin, Review, Revision, Segment, text_digest
from pipeline.stages.qa import QAStage
from pipeline.stages.terms import check_terms
from pipeline.stages.translate import ENGINE_ISSUES

WORK = "work.sqlite"
_COLUMNS = "segment, source, kind, value, editor, at, revision, file"
_INSERT = f"INSERT INTO work (doc_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_SELECT = f"SELECT {_COLUMNS}, id FROM work"
KINDS = ("edit", "approve", "reject", "unreview", "comment", "revert", "dismiss")
CHANGES_TARGET = ("edit", "approve", "reject", "unreview", "revert")  # what moves a segment's revision
SOURCE_CHANGED = "source-changed-since-review"
TARGET_CHANGED = "target-changed-since-review"  # an approval or rejection of a target that is no longer there


@dataclass(frozen=True)
class Work:
    """One thing a person did to one segment (or an article's dateline)."""

    segment: str  # the segment id, or "<doc id>:dateline"
    source: str  # the English the person saw
    kind: str  # one of KINDS
    value: str | None  # an edit's new target, a comment's text, a dismissal's "code\treason"
    editor: str | None
    at: str  # ISO 8601, UTC
    revision: str  # revision() of the target the person saw
    file: str = "review"  # where it came from: an edited file, or the review desk
    id: int = 0  # its place in the store (0: not stored yet)

    @property
    def doc_id(self) -> str:
        return self.segment[: -len(DATELINE)] if self.segment.endswith(DATELINE) else self.segment.rsplit(":", 2)[0]


def revision(target: str | None) -> str:
    """A short digest of a target: what a person's work was made on."""
    return text_digest(target)


class PeoplesWork:
    """The work store of one run folder; opened lazily, so it can travel to other processes,
    and created only when something is recorded (a run nobody touched has no work.sqlite)."""

    def __init__(self, folder: Path) -> None:
        self.path = os.path.join(os.fspath(folder), WORK)
        self._db: sqlite3.Connection | None = None

    def __getstate__(self) -> dict:
        return {"path": self.path, "_db": None}

    def _open(self, create: bool) -> sqlite3.Connection | None:
        if self._db is None and (create or os.path.isfile(self.path)):
            try:
                db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)  # the desk: one lock
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS work (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, "
                    "segment TEXT NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL, value TEXT, editor TEXT, "
                    "at TEXT NOT NULL, revision TEXT NOT NULL, file TEXT NOT NULL)"
                )
                db.execute("CREATE INDEX IF NOT EXISTS work_by_doc ON work (doc_id, id)")
                # the transactions whose work is stored: rolling one forward twice stores it once
                db.execute("CREATE TABLE IF NOT EXISTS batches (name TEXT PRIMARY KEY)")
                db.commit()
            except sqlite3.Error as err:
                raise OutputError(f"cannot open people's work {self.path}: {err}") from None
            self._db = db
        return self._db

    def record(self, entries: Iterable[Work], batch: str | None = None) -> int:
        """Store `entries` in one transaction (all or none); how many were stored. A
        `batch` already stored is not stored again."""
        rows = [_row(w) for w in entries]
        if not rows:
            return 0
        if any(row[3] not in KINDS for row in rows):
            raise ValueError(f"work kinds are {', '.join(KINDS)}")
        db = self._open(create=True)
        assert db is not None
        try:
            with db:
                if batch is not None:
                    if db.execute("SELECT 1 FROM batches WHERE name = ?", (batch,)).fetchone():
                        return 0
                    db.execute("INSERT INTO batches (name) VALUES (?)", (batch,))
                db.executemany(_INSERT, rows)
        except sqlite3.Error as err:
            raise OutputError(f"cannot record people's work in {self.path}: {err}") from None
        return len(rows)

    def change(self, doc_id: str, decide: Callable[[list[Work]], list[Work]]) -> list[Work]:
        """Store what `decide` makes of the article's work as it is now, in one write
        transaction: nobody else's work can land between the look and the write (the review
        desk's check for saves made on an older revision). Returns the entries stored, ids set."""
        db = self._open(create=True)
        assert db is not None
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                new = decide(self._rows(db, doc_id))
                stored = []
                for w in new:
                    if w.kind not in KINDS:
                        raise ValueError(f"work kinds are {', '.join(KINDS)}")
                    cursor = db.execute(_INSERT, _row(w))
                    stored.append(dataclasses.replace(w, id=cursor.lastrowid))
            except BaseException:
                db.rollback()
                raise
            db.commit()
        except sqlite3.Error as err:
            raise OutputError(f"cannot record people's work in {self.path}: {err}") from None
        return stored

    def since(self, after: int) -> list[Work]:
        """Everything stored after entry `after`, oldest first (what a review page has not seen)."""
        db = self._open(create=False)
        if db is None:
            return []
        return [Work(*row) for row in db.execute(f"{_SELECT} WHERE id > ? ORDER BY id", (after,))]

    def last_id(self) -> int:
        """The id of the latest entry (0: none)."""
        db = self._open(create=False)
        return 0 if db is None else db.execute("SELECT COALESCE(MAX(id), 0) FROM work").fetchone()[0]

    def for_document(self, doc_id: str) -> list[Work]:
        """Everything done to one article, oldest first."""
        db = self._open(create=False)
        return [] if db is None else self._rows(db, doc_id)

    @staticmethod
    def _rows(db: sqlite3.Connection, doc_id: str) -> list[Work]:
        return [Work(*row) for row in db.execute(f"{_SELECT} WHERE doc_id = ? ORDER BY id", (doc_id,))]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _row(w: Work) -> tuple:
    """A Work's values in _INSERT's order."""
    return (w.doc_id, w.segment, w.source, w.kind, w.value, w.editor, w.at, w.revision, w.file)


def stamp(entries: list[Work]) -> str | None:
    """What a rendering of an article was made with (a digest of the work, whether
    stored yet or not): None when nobody worked on it."""
    if not entries:
        return None
    rows = [[w.segment, w.source, w.kind, w.value, w.editor, w.at, w.revision, w.file] for w in entries]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def work_lines(entries: Iterable[Work]) -> bytes:
    """Work not stored yet, as JSON lines (a transaction keeps it until it is published)."""
    return b"".join((json.dumps(dataclasses.asdict(w), ensure_ascii=False) + "\n").encode("utf-8") for w in entries)


def read_work_lines(data: bytes) -> list[Work]:
    return [Work(**json.loads(line)) for line in data.splitlines() if line.strip()]


def with_work(doc: Document, entries: list[Work], qa: QAConfig) -> Document:
    """The document as people left it: edits in order (each replaced target kept in the
    segment's history), the latest approval or rejection, every comment; edited articles
    are checked again, article-level checks included."""
    if not entries:
        return doc
    by_segment: dict[str, list[Work]] = {}
    for entry in entries:
        by_segment.setdefault(entry.segment, []).append(entry)
    segments, edited = [], False
    for seg in doc.segments:
        seg, changed = _segment_with(seg, by_segment.get(seg.id, []))
        segments.append(seg)
        edited |= changed
    doc = dataclasses.replace(doc, segments=tuple(segments))
    dateline = [e.value for e in by_segment.get(doc.id + DATELINE, []) if e.kind == "edit" and e.value is not None]
    if dateline:
        doc = dataclasses.replace(doc, metadata={**doc.metadata, "dateline_es": dateline[-1]})
    doc = QAStage(qa)(doc) if edited else doc
    dismissed = [e for e in entries if e.kind == "dismiss"]
    if not dismissed:
        return doc
    return dataclasses.replace(doc, segments=tuple(_dismissed(seg, by_segment.get(seg.id, [])) for seg in doc.segments))


def dismissal(code: str, reason: str) -> str:
    """A dismissal's stored value."""
    return f"{code}\t{reason}"


def _dismissed(seg: Segment, entries: list[Work]) -> Segment:
    """Warnings people dismissed on this very target: kept, as info, with who and why (the
    next editor sees the reason); a dismissal made on another target does not apply."""
    reasons = {}
    for e in entries:
        if e.kind == "dismiss" and e.value and e.revision == revision(seg.target):
            code, _, reason = e.value.partition("\t")
            reasons[code] = f"{e.editor or 'an editor'}: {reason}"
    if not reasons:
        return seg
    issues = tuple(
        Issue(i.code, "info", f"{i.message} (dismissed by {reasons[i.code]})")
        if i.code in reasons and i.severity == "warning"
        else i
        for i in seg.issues
    )
    return dataclasses.replace(seg, issues=issues)


def _replaced(seg: Segment, entry: Work) -> Revision:
    """The target `entry` replaces, kept in the segment's history."""
    return Revision(
        seg.target, seg.origin.value if seg.origin else None, seg.engine, entry.at, entry.editor, entry.file
    )


def _segment_with(seg: Segment, entries: list[Work]) -> tuple[Segment, bool]:
    if not entries:
        return seg, False
    here = [e for e in entries if normalize(e.source) == normalize(seg.source)]
    edited, stale, made = False, None, seg
    for entry in here:
        if entry.kind == "revert" and seg.target != made.target:
            seg = dataclasses.replace(made, history=(*seg.history, _replaced(seg, entry)), comments=seg.comments)
            edited, stale = True, None
        elif entry.kind == "edit" and entry.value is not None and entry.value != seg.target:
            seg = dataclasses.replace(
                seg,
                target=entry.value,
                origin=Origin.HUMAN,
                engine=None,
                history=(*seg.history, _replaced(seg, entry)),
                confidence=1.0,  # a person's words are certain
                coverage=None,  # the engine's share of words it knew: about the engine's text
                issues=tuple(i for i in seg.issues if i.code not in ENGINE_ISSUES),  # about the engine's text
                review=None,  # a verdict on the target it replaces is not one on this target
            )
            edited, stale = True, None
        elif entry.kind in ("approve", "reject") and entry.revision != revision(seg.target):
            stale = entry  # a verdict on a target the run has replaced since: never moved onto this one
        elif entry.kind in ("approve", "reject"):
            status = "approved" if entry.kind == "approve" else "rejected"
            seg = dataclasses.replace(seg, review=Review(status, entry.editor, entry.at, entry.value))
            stale = None
        elif entry.kind == "unreview":
            seg = dataclasses.replace(seg, review=None)
        elif entry.kind == "comment" and entry.value:
            seg = dataclasses.replace(seg, comments=(*seg.comments, Comment(entry.value, entry.editor, entry.at)))
    if stale is not None and seg.review is None:
        verdict = "approved" if stale.kind == "approve" else "rejected"
        who = stale.editor or "an editor"
        message = f"{verdict} by {who} at {stale.at} when the target read otherwise; review it again"
        seg = dataclasses.replace(seg, issues=(*seg.issues, Issue(TARGET_CHANGED, "warning", message)))
    if entries[-1] not in here:  # the latest work was done on other English
        old = entries[-1].source
        shown = old if len(old) <= 120 else old[:120].rsplit(" ", 1)[0] + "…"
        issue = Issue(SOURCE_CHANGED, "warning", f"reviewed when the English read {shown!r}; that work is not applied")
        seg = dataclasses.replace(seg, issues=(*seg.issues, issue))
    return (check_terms(seg) if edited else seg), edited
