"""Apply people's work from edited files to a finished run: every output file agreeing.

What the files say people did — a corrected target, an approval (XLIFF state final), a
rejection or a comment (XLIFF notes) — is recorded in the run's store of people's work
(output/people.py), with the editor, the time, the file and the target it was made on;
then the folder is published again through its one transaction, each article whose work
changed rendered anew from its document. An edited segment gets origin "human" and the
target it replaces goes into its history, so nothing is lost; it is checked again. A target
that still has the mark our files carry of it as written is nobody's work, whatever run
wrote it: another run's output is never taken for an editor's.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.formats.edits import (
    Sentences,
    as_written,
    brings_back,
    check_run,
    check_source,
    match,
    read_file,
    untouched,
)
from pipeline.output.people import Work, revision
from pipeline.output.store import RunFolder, ordinals, qa_config, republish, require_store
from pipeline.records import Document, Edit, Segment, dateline_id, dateline_target, not_text


@dataclass(frozen=True)
class ApplyReport:
    outdir: Path
    changed: int  # segments (and datelines) an edited file changed
    unchanged: int  # segments in the edited files with the run's target
    not_reviewed: int  # nobody's work: no target, efe:untouched, another run's target as written, or a replaced one
    edited_with_errors: tuple[str, ...]  # ids of changed segments that have an error-level issue
    approved: int = 0  # approvals and rejections recorded
    rejected: int = 0
    commented: int = 0  # comments recorded
    not_in_run: int = 0  # segments of other tools' files that match no sentence of the run (skipped)


def apply_edits(outdir: Path, files: Iterable[Path], editor: str | None = None, now: str | None = None) -> ApplyReport:
    """Apply the edited XLIFF/TMX/TSV files to the finished run in `outdir`.

    Every id in a file of ours must be in the run (an unknown id is an IngestError naming
    the file and line); other tools' segments are matched by source text (formats.edits.match);
    a file from another run is refused. All files are read before anything is recorded.
    """
    outdir, files = Path(outdir), list(files)
    with RunFolder(outdir) as folder:  # the lock first: a run still writing the folder is named
        require_store(outdir)
        manifest = folder.manifest()
        docs = {doc.id: doc for doc in folder.documents()}
        segments = {seg.id: seg for doc in docs.values() for seg in doc.segments}
        datelines = {dateline_id(doc_id): doc_id for doc_id in docs}
        sentences = Sentences.of(
            segments.values(), [(d.id, d.source, d.dateline, dateline_target(d)) for d in docs.values()]
        )
        runs = folder.runs()
        edits: dict[str, list[tuple[Edit, str]]] = {}  # id → what each file says, in file order
        skipped = 0  # segments the file itself marks as nobody's work
        same: set[str] = set()  # the run's own target as written: unchanged, not skipped
        elsewhere = 0  # another tool's segments that are no sentence of this run
        for path in files:
            read = read_file(path)
            check_run(path, read, runs, outdir)
            matched = match(path, read, sentences)
            if matched.unmatched and not matched.edits:
                raise IngestError(
                    str(path),
                    f"none of its {matched.unmatched} segments is a sentence of this run: is it for another run?",
                )
            elsewhere += matched.unmatched
            for edit in matched.edits:
                if edit.id in datelines and edit.target == dateline_target(docs[datelines[edit.id]]):
                    continue  # a dateline as the run wrote it: not a sentence, nothing to count
                seg = segments.get(edit.id)
                if seg is not None:
                    check_source(edit, seg.source, path)
                _check_text(edit, seg.source if seg is not None else "", path)
                if untouched(edit) or (seg is not None and brings_back(seg, edit.target)):
                    if seg is not None and edit.target == seg.target and as_written(edit):
                        same.add(edit.id)
                    else:
                        skipped += 1
                else:
                    edits.setdefault(edit.id, []).append((edit, str(path)))
        at = now or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        work: list[Work] = []
        for seg_id, given in edits.items():
            if seg_id in datelines:
                edit, path = given[-1]
                work += _dateline_work(docs[datelines[seg_id]], edit, editor, at, path)
            else:
                work += _segment_work(segments[seg_id], given, editor, at)
        changed = {w.segment for w in work if w.kind == "edit"}
        if work:  # stored with the folder's new files, in one step: all of it or none
            applied = {"at": at, "editor": editor, "files": [str(f) for f in files]}
            name = f"apply-{secrets.token_hex(8)}"
            republish(
                folder, name, qa_config(manifest), ordinals(outdir), applied, pending=tuple(work), taken=tuple(files)
            )
        shown = {seg.id: seg for doc_id in {w.doc_id for w in work} for seg in _shown(folder, doc_id).segments}
        errors = tuple(i for i in changed if i in shown and any(x.severity == "error" for x in shown[i].issues))
        count = len(changed)
        return ApplyReport(
            outdir,
            count,
            len(edits.keys() | same) - count,
            skipped,
            errors,
            sum(w.kind == "approve" for w in work),
            sum(w.kind == "reject" for w in work),
            sum(w.kind == "comment" for w in work),
            elsewhere,
        )


def _check_text(edit: Edit, source: str, path: Path) -> None:
    """A target from a file is one line of text: a line break, a control character or a
    bidirectional override its English does not hold would reach the published article."""
    char = not_text(edit.target)
    if char is not None and char not in source:
        raise IngestError(
            str(path),
            f"segment '{edit.id}': the target holds U+{ord(char):04X} (a line break, control character or "
            "bidirectional override); a segment is one line of text: remove it and apply again",
            edit.line,
        )


def _segment_work(seg: Segment, given: list[tuple[Edit, str]], editor: str | None, at: str) -> list[Work]:
    """What the files say was done to one segment, in file order: two files that change
    it differently are two edits, the later one kept and the earlier in its history; a
    file that still has a target another file replaced says nothing about the new one."""
    work: list[Work] = []
    target, review, known = seg.target, seg.review.status if seg.review else None, {c.text for c in seg.comments}
    replaced = {r.target for r in seg.history}
    for edit, path in given:
        if edit.target != target and edit.target in replaced:
            continue
        if edit.target != target:
            work.append(Work(seg.id, seg.source, "edit", edit.target, editor, at, revision(target), path))
            replaced.add(target)  # type: ignore[arg-type]
            target, review = edit.target, None
        status = "approved" if edit.state == "final" else "rejected" if edit.rejected is not None else None
        if status and status != review:
            kind, why = ("approve", None) if status == "approved" else ("reject", edit.rejected or None)
            work.append(Work(seg.id, seg.source, kind, why, editor, at, revision(target), path))
            review = status
        for comment in dict.fromkeys(c for c in edit.comments if c.strip() and c not in known):
            work.append(Work(seg.id, seg.source, "comment", comment, editor, at, revision(target), path))
            known.add(comment)
    return work


def _dateline_work(doc: Document, edit: Edit, editor: str | None, at: str, path: str) -> list[Work]:
    current = dateline_target(doc) if doc.dateline else ""
    if edit.target == current:
        return []
    return [Work(dateline_id(doc.id), doc.dateline, "edit", edit.target, editor, at, revision(current), path)]


def _shown(folder: RunFolder, doc_id: str) -> Document:
    return folder.shown(folder.records.record(doc_id))
