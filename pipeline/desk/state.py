"""The run as the review desk sees it: documents as people left them, and saves that never
overwrite anybody's work unseen.

Every segment has a revision (`rev`): the latest stored change to its target or status,
and the target itself. A save names the revision the editor saw; a change made on an
older one is refused (`Conflict`, with what the segment holds now) and nothing is
stored. The check and the write are one SQLite write transaction (people.PeoplesWork.change),
so two editors, or two desks, cannot both pass it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.desk.views import Summary, rev_of, segment_view, summarize
from pipeline.errors import OutputError
from pipeline.formats.edits import normalize
from pipeline.output.files import RECORDS
from pipeline.output.manifest import read_manifest
from pipeline.output.people import PeoplesWork, Work, dismissal, revision, with_work
from pipeline.output.store import Records, parse_record, qa_config, require_store
from pipeline.records import Document, Segment, dateline_target, not_text
from pipeline.tm import TranslationMemory

ACTIONS = ("edit", "confirm", "approve", "unapprove", "reject", "comment", "revert", "dismiss")
FILE = "review desk"  # Work.file of what the desk stores
MAX_TEXT = 20_000  # characters in a target, comment or reason
PRESENT_FOR = 15.0  # seconds an editor counts as having an article open after their page last asked


class Refused(Exception):
    """A save that cannot be made as asked (an error blocks approval, a bad value): 422."""


class Conflict(Exception):
    """A save made on an older revision than the segment's: 409, with the segment as it is now."""

    def __init__(self, theirs: dict[str, Any]) -> None:
        super().__init__("the segment changed since you loaded it")
        self.theirs = theirs


class NotFound(Exception):
    """No such article or segment: 404."""


@dataclass(frozen=True)
class Saved:
    """What a save did: the segment now, what it stored, and what else it concerns."""

    segment: dict[str, Any]
    stored: int
    note: str | None = None  # e.g. "saved, not approved: …"
    repeats: tuple[dict[str, Any], ...] = ()  # other segments of the run with the same English
    others: tuple[dict[str, Any], ...] = ()  # the article's other segments whose issues the save changed


def text_value(value: Any, what: str, empty: bool = False) -> str:
    """A target, comment or reason as the desk takes it: one line of text, not too long."""
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise Refused(f"{what} must be non-empty text")
    if len(value) > MAX_TEXT:
        raise Refused(f"{what} is longer than {MAX_TEXT:,} characters")
    if not_text(value) is not None:
        raise Refused(f"{what} holds a line break or a control character; a segment is one line")
    return value


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Desk:
    """One run folder served to editors; safe to call from the server's threads."""

    def __init__(self, outdir: Path, tm: Path | None = None, read_only: bool = False) -> None:
        self.outdir = Path(outdir)
        require_store(self.outdir)
        self.read_only = read_only
        self.work = PeoplesWork(self.outdir)
        self.memory = TranslationMemory(tm, create=False, write=True) if tm else None
        self.lock = threading.RLock()
        self.summaries: dict[str, Summary] = {}
        self.texts: dict[str, tuple[str, str]] = {}  # segment id → (source, target) as people left them
        self.repeats: dict[str, set[str]] = {}  # normalised source → segment ids
        self.segment_ids: dict[str, list[str]] = {}  # doc id → its segments' ids
        self.presence: dict[str, dict[str, float]] = {}  # doc id → editor → when last seen
        self._stat: tuple[int, int, int] | None = None
        self._fh: Any = None
        self._keys: dict[str, Any] = {}
        self._seen = self.work.last_id()  # people's work the summaries hold
        self.refresh()

    # -- the published documents -------------------------------------------------------------

    def refresh(self) -> None:
        """Read documents.jsonl again when a run has replaced it (only documents whose key
        changed are summarised again), and summarise again the documents that people's work
        stored by others (`apply`, another desk) has touched."""
        with self.lock:
            self._reread()
            last = self.work.last_id()
            if last > self._seen:
                for doc_id in dict.fromkeys(w.doc_id for w in self.work.since(self._seen)):
                    if doc_id in self.records:
                        self._index(self.document(doc_id))
                self._seen = last

    def _reread(self) -> None:
        path = self.outdir / RECORDS
        with self.lock:
            try:
                st = os.stat(path)
            except OSError as err:
                raise OutputError(f"cannot read {path}: {err.strerror}") from None
            if self._stat == (st.st_ino, st.st_mtime_ns, st.st_size):
                return
            while True:  # the open file stays what was indexed, whatever replaces it later
                fh = open(path, "rb")  # noqa: SIM115  (kept open until the next re-read)
                records = Records(path)
                st = os.fstat(fh.fileno())
                if st.st_ino == os.stat(path).st_ino:  # not replaced while it was being indexed
                    break
                fh.close()
            if self._fh is not None:
                self._fh.close()
            self._fh, self.records, self._stat = fh, records, (st.st_ino, st.st_mtime_ns, st.st_size)
            self.qa = qa_config(read_manifest(self.outdir))
            for gone in set(self.summaries) - set(records.ids()):
                self._forget(gone)
            for doc_id in records.ids():
                if doc_id not in self.summaries or self._keys.get(doc_id) != records.keys[doc_id]:
                    self._keys[doc_id] = records.keys[doc_id]
                    self._index(self.document(doc_id))

    def made(self, doc_id: str) -> Document:
        """The document as the run made it."""
        if doc_id not in self.records:
            raise NotFound(f"no article '{doc_id[:200]}' in this run")
        offset, length, _ = self.records.spans[doc_id]
        return parse_record(os.pread(self._fh.fileno(), length, offset), self.records.where(doc_id))["document"]

    def document(self, doc_id: str, entries: list[Work] | None = None) -> Document:
        """The document as people left it."""
        entries = self.work.for_document(doc_id) if entries is None else entries
        return with_work(self.made(doc_id), entries, self.qa)

    def _forget(self, doc_id: str) -> None:
        self.summaries.pop(doc_id, None)
        for seg_id in self.segment_ids.pop(doc_id, []):
            source, _ = self.texts.pop(seg_id)
            self.repeats.get(normalize(source), set()).discard(seg_id)

    def _index(self, doc: Document, entries: list[Work] | None = None) -> None:
        entries = self.work.for_document(doc.id) if entries is None else entries
        self._forget(doc.id)
        self.segment_ids[doc.id] = [seg.id for seg in doc.segments]
        for seg in doc.segments:
            self.texts[seg.id] = (seg.source, seg.target or "")
            if seg.translatable:
                self.repeats.setdefault(normalize(seg.source), set()).add(seg.id)
        self.summaries[doc.id] = summarize(doc, entries)

    # -- what a page shows ---------------------------------------------------------------

    def article(self, doc_id: str) -> dict[str, Any]:
        """An article for its page: segments with revisions, and the last change's id."""
        with self.lock:
            self.refresh()
            entries = self.work.for_document(doc_id)
            made = self.made(doc_id)
            doc = with_work(made, entries, self.qa)
            machine = {seg.id: seg.target for seg in made.segments}
            return {
                "id": doc.id,
                "dateline": dateline_target(doc) if doc.dateline else "",
                "segments": [self._view(seg, machine.get(seg.id), entries) for seg in doc.segments],
                "last": self.work.last_id(),
            }

    def _view(self, seg: Segment, machine: str | None, entries: list[Work]) -> dict[str, Any]:
        repeats = max(len(self.repeats.get(normalize(seg.source), ())) - 1, 0) if seg.translatable else 0
        return segment_view(seg, machine, entries, repeats)

    def changes(self, doc_id: str, after: int, editor: str) -> dict[str, Any]:
        """What changed on an article since entry `after`, and who else has it open."""
        with self.lock:
            self.refresh()
            if doc_id not in self.records:
                raise NotFound(f"no article '{doc_id[:200]}' in this run")
            clock = time.monotonic()
            seen = self.presence.setdefault(doc_id, {})
            seen[editor] = clock
            for name in [e for e, t in seen.items() if clock - t >= PRESENT_FOR]:
                del seen[name]
            others = sorted(e for e in seen if e != editor)
            newer = [w for w in self.work.since(after) if w.doc_id == doc_id]
            last = max([after, *(w.id for w in newer)]) if newer else max(after, self.work.last_id())
            segments: list[dict[str, Any]] = []
            if newer:
                article = self.article(doc_id)
                changed = {w.segment for w in newer}
                segments = [s for s in article["segments"] if s["id"] in changed]
                by = {w.segment: w.editor for w in newer}
                segments = [{**s, "changed_by": by[s["id"]]} for s in segments]
            return {"segments": segments, "editors": others, "last": last}

    # -- saves -------------------------------------------------------------------------

    def save(
        self,
        doc_id: str,
        seg_id: str,
        action: str,
        editor: str,
        rev: str | None = None,
        value: Any = None,
        code: str | None = None,
        file: str = FILE,
    ) -> Saved:
        """One save: stored, or refused with nothing stored (Conflict, Refused, NotFound)."""
        if self.read_only:
            raise Refused("this desk is read-only")
        if action not in ACTIONS:
            raise Refused(f"unknown action {str(action)[:40]!r}; one of {', '.join(ACTIONS)}")
        if action in ("edit", "confirm"):
            value = text_value(value, "the target")
        elif action == "comment":
            value = text_value(value, "a comment")
        elif action in ("reject", "dismiss"):
            value = text_value(value or "", "the reason", empty=action == "reject")
        with self.lock:
            self.refresh()
            made = self.made(doc_id)
            machines = {s.id: s.target for s in made.segments}
            outcome: dict[str, Any] = {}  # what the store held when the save was checked, and a note

            def decide(entries: list[Work]) -> list[Work]:
                doc = with_work(made, entries, self.qa)
                seg = next((s for s in doc.segments if s.id == seg_id), None)
                if seg is None:
                    raise NotFound(f"no segment '{str(seg_id)[:200]}' in article '{doc_id[:200]}'")
                outcome["entries"], outcome["before"] = entries, doc
                return self._decide(
                    doc, seg, machines[seg_id], entries, action, editor, rev, value, code, file, outcome
                )

            stored = self.work.change(doc_id, decide)
            entries = [*outcome["entries"], *stored]
            doc = with_work(made, entries, self.qa)
            self._index(doc, entries)
            if stored and stored[0].id == self._seen + 1:  # nobody else stored anything meanwhile
                self._seen = stored[-1].id
            seg = next(s for s in doc.segments if s.id == seg_id)
            if self.memory is not None and any(w.kind == "approve" for w in stored) and seg.target:
                self.memory.put(seg.source, seg.target, editor)
            repeats: tuple[dict[str, Any], ...] = ()
            if any(w.kind == "edit" for w in stored):
                repeats = self._repeats(seg)
            before = {s.id: s.issues for s in outcome["before"].segments}
            others = tuple(  # the article's checks (say, '%' and 'por ciento' mixed) moved with this save
                self._view(s, machines[s.id], entries)
                for s in doc.segments
                if s.id != seg_id and s.issues != before.get(s.id)
            )
            return Saved(self._view(seg, machines[seg_id], entries), len(stored), outcome.get("note"), repeats, others)

    def _decide(
        self,
        doc: Document,
        seg: Segment,
        machine: str | None,
        entries: list[Work],
        action: str,
        editor: str,
        rev: str | None,
        value: Any,
        code: str | None,
        file: str,
        outcome: dict[str, Any],
    ) -> list[Work]:
        at, seen = now(), revision(seg.target)

        def work(kind: str, content: str | None = None, on: str = seen) -> Work:
            return Work(seg.id, seg.source, kind, content, editor, at, on, file)

        if action == "comment":
            return [work("comment", value)]
        if action == "dismiss":
            if not any(i.code == code and i.severity == "warning" for i in seg.issues):
                raise Refused(f"this segment has no warning '{str(code)[:60]}' to dismiss (errors cannot be dismissed)")
            return [work("dismiss", dismissal(str(code), value))]
        if rev != rev_of(seg, entries):
            raise Conflict(self._view(seg, machine, entries))
        if action == "edit":
            return [] if value == seg.target else [work("edit", value)]
        if action == "revert":
            return [] if seg.target == machine else [work("revert")]
        if action == "unapprove":
            return [work("unreview")] if seg.review is not None else []
        if action == "reject":
            return [work("reject", value or None)]
        new = [work("edit", value)] if action == "confirm" and value != seg.target else []
        if seg.review is not None and seg.review.status == "approved" and not new:
            return []  # approving twice is approving once
        after = with_work(doc, new, self.qa) if new else doc
        now_seg = next(s for s in after.segments if s.id == seg.id)
        errors = [i.message for i in now_seg.issues if i.severity == "error"]
        if errors:
            if not new:
                raise Refused("an error blocks approval: " + "; ".join(errors))
            outcome["note"] = "saved, not approved: " + "; ".join(errors)
            return new
        return [*new, work("approve", None, revision(now_seg.target))]

    def _repeats(self, seg: Segment) -> tuple[dict[str, Any], ...]:
        """Other segments of the run with this English and another target: offered the correction."""
        found = []
        for other in sorted(self.repeats.get(normalize(seg.source), ())):
            if other != seg.id and self.texts[other][1] != seg.target:
                found.append({"segment": other, "doc": other.rsplit(":", 2)[0], "target": self.texts[other][1]})
        return tuple(found[:200])

    def propagate(self, source_id: str, target: str, segments: list[str], editor: str) -> dict[str, Any]:
        """The correction of `source_id` saved on each of `segments` that still has the same
        English, each marked as propagated; a segment someone changed meanwhile is saved too
        (the editor chose it from the list), but never one whose English differs."""
        target = text_value(target, "the target")
        done, skipped = [], []
        with self.lock:
            if source_id not in self.texts:
                raise NotFound(f"no segment '{str(source_id)[:200]}' in this run")
            english = normalize(self.texts[source_id][0])
            for seg_id in segments[:200]:
                if not isinstance(seg_id, str) or seg_id not in self.repeats.get(english, ()):
                    skipped.append(str(seg_id)[:200])
                    continue
                doc_id = seg_id.rsplit(":", 2)[0]
                current = next(s for s in self.article(doc_id)["segments"] if s["id"] == seg_id)
                saved = self.save(
                    doc_id, seg_id, "edit", editor, current["rev"], target, file=f"{FILE}: propagated from {source_id}"
                )
                done.append(saved.segment["id"])
        return {"saved": done, "skipped": skipped}

    # -- searching -----------------------------------------------------------------------

    def concordance(self, text: str, limit: int = 50) -> dict[str, Any]:
        """Where `text` occurs in the memory and in this run's sources and targets."""
        text = text.strip()
        if not text:
            return {"memory": [], "run": []}
        with self.lock:
            self.refresh()
            run = [
                {"segment": seg_id, "doc": seg_id.rsplit(":", 2)[0], "source": source, "target": target}
                for seg_id, source, target in itertools.islice(self._holding(text), limit)
            ]
            memory = self.memory.search(text, limit) if self.memory is not None else []
        return {"memory": memory, "run": run}

    def search(self, text: str) -> set[str]:
        """Ids of the articles whose source or target holds `text`."""
        return {seg_id.rsplit(":", 2)[0] for seg_id, _, _ in self._holding(text)}

    def _holding(self, text: str) -> Iterator[tuple[str, str, str]]:
        """(segment id, source, target) of the run's segments holding `text`, any case."""
        folded = text.casefold()
        for seg_id, (source, target) in self.texts.items():
            if folded in source.casefold() or folded in target.casefold():
                yield seg_id, source, target

    def memory_change(self, source: str, target: str | None, editor: str) -> bool:
        """Fix (`target`) or remove (None) a memory entry; recorded in the memory's log."""
        if self.read_only:
            raise Refused("this desk is read-only")
        if self.memory is None:
            raise Refused("this desk was started without --tm: there is no memory to change")
        source = text_value(source, "the memory entry's source")
        with self.lock:
            if self.memory.lookup(source) is None:
                raise NotFound(
                    "the memory has no entry with that English (entries come from approvals and `tm import`)"
                )
            if target is None:
                return self.memory.remove(source, editor)
            self.memory.put(source, text_value(target, "the target"), editor, action="fixed")
            return True

    def close(self) -> None:
        with self.lock:
            self.work.close()
            if self.memory is not None:
                self.memory.close()
            if self._fh is not None:
                self._fh.close()
