"""Apply editors' corrections to a finished run: every output file rewritten to agree.

An edited segment gets origin "human"; the target it replaces goes into its history with
the time, the editor and the file, so nothing is ever lost. The edited segments are
checked again (glossary terms, numbers, names, style). Files are staged in
`OUTDIR/.applying/` and moved in with the manifest last; an apply interrupted while
moving is finished by the next `apply` on the folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.formats import review, xliff
from pipeline.formats.edits import brings_back, check_source, read_bilingual, untouched
from pipeline.formats.jsonl import read_segments, segment_line
from pipeline.output.atomic import write_text
from pipeline.output.files import DOCUMENTS, MANIFEST, QA_FILE, REVIEW_PAGE, SEGMENTS, SPANISH_TEXT, document_file
from pipeline.output.files import XLIFF as XLIFF_SUFFIX
from pipeline.output.folder import write_run_files
from pipeline.output.lock import FolderLock
from pipeline.output.manifest import read_manifest, write_manifest
from pipeline.records import Document, Edit, Origin, Revision, Segment, dateline_id
from pipeline.stages.qa import recheck
from pipeline.stages.terms import check_terms
from pipeline.stages.translate import ENGINE_ISSUES

STAGING = ".applying"
_DONE = ".staged"  # written last into the staging folder: from then on, moving in is all that is left


@dataclass(frozen=True)
class ApplyReport:
    outdir: Path
    changed: int  # segments (and datelines) an edited file changed
    unchanged: int  # segments in the edited files with the run's target
    not_reviewed: int  # nobody's work: no target, efe:untouched, or a target a person's edit replaced
    edited_with_errors: tuple[str, ...]  # ids of changed segments that have an error-level issue


def apply_edits(outdir: Path, files: Iterable[Path], editor: str | None = None, now: str | None = None) -> ApplyReport:
    """Apply the targets of edited XLIFF/TMX/TSV files to the finished run in `outdir`.

    Every id must be in the run (an unknown id is an IngestError naming the file and
    line); all files are read before anything is written.
    """
    outdir, files = Path(outdir), list(files)
    lock = FolderLock(outdir)
    try:
        _finish_interrupted(outdir)
        manifest = read_manifest(outdir)
        segments = {seg.id: seg for seg in read_segments(outdir / SEGMENTS)}
        datelines = {dateline_id(doc_id): doc_id for doc_id, _ in _documents(outdir)}
        edits: dict[str, tuple[Edit, str]] = {}
        skipped = 0  # segments the file itself marks as nobody's work
        for path in files:
            for edit in read_bilingual(path, segments.keys() | datelines.keys()):
                seg = segments.get(edit.id)
                if seg is not None:
                    check_source(edit, seg.source, path)
                if untouched(edit) or (seg is not None and brings_back(seg, edit.target)):
                    skipped += 1
                else:
                    edits[edit.id] = (edit, str(path))  # a later file wins
        at = now or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        changed: dict[str, Segment] = {}
        new_datelines: dict[str, tuple[str, str]] = {}  # document id → (old, corrected) Spanish dateline
        for seg_id, (edit, path) in edits.items():
            if seg_id in datelines:
                old = _page(outdir, datelines[seg_id])["dateline_es"]
                if edit.target != old:
                    new_datelines[datelines[seg_id]] = (old, edit.target)
                continue
            seg = segments[seg_id]
            if edit.target != seg.target:
                changed[seg_id] = _edited(
                    seg, edit.target, Revision(seg.target, _value(seg), seg.engine, at, editor, path)
                )
        if changed or new_datelines:
            segments.update(changed)
            applied = {"at": at, "editor": editor, "files": [str(f) for f in files]}
            if new_datelines:  # a dateline is no segment, so its history is kept here
                applied["datelines"] = {doc: {"old": old, "new": new} for doc, (old, new) in new_datelines.items()}
            _rewrite(outdir, manifest, segments, changed, {d: new for d, (_, new) in new_datelines.items()}, applied)
        errors = tuple(i for i, seg in changed.items() if any(x.severity == "error" for x in seg.issues))
        count = len(changed) + len(new_datelines)
        return ApplyReport(outdir, count, len(edits) - count, skipped, errors)
    finally:
        lock.release()


def _value(seg: Segment) -> str | None:
    return seg.origin.value if seg.origin else None


def _edited(seg: Segment, target: str, replaced: Revision) -> Segment:
    """The segment with a person's target, its history extended, and checked again."""
    seg = dataclasses.replace(
        seg,
        target=target,
        origin=Origin.HUMAN,
        engine=None,
        history=(*seg.history, replaced),
        confidence=1.0,  # a person's words are certain
        issues=tuple(i for i in seg.issues if i.code not in ENGINE_ISSUES),  # about the engine's text
    )
    return recheck(check_terms(seg))


def _rewrite(
    outdir: Path,
    manifest: dict,
    segments: dict[str, Segment],
    changed: dict[str, Segment],
    datelines: dict[str, str],
    applied: dict,
) -> None:
    staging = outdir / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    order = _documents(outdir)
    by_doc: dict[str, list[Segment]] = {doc_id: [] for doc_id, _ in order}
    for seg in segments.values():
        by_doc.setdefault(seg.doc_id, []).append(seg)

    def stream() -> Iterator[tuple[str, int, str]]:
        for doc_id, ordinal in order:
            yield doc_id, ordinal, "".join(map(segment_line, by_doc[doc_id]))

    write_run_files(staging, stream, list(manifest["engine"]), list(manifest.get("warnings", [])))
    qa = json.loads((staging / QA_FILE).read_text(encoding="utf-8"))["by_severity"]
    for doc_id in dict.fromkeys([*(seg.doc_id for seg in changed.values()), *datelines]):
        _restage_document(outdir, staging, doc_id, by_doc[doc_id], changed, datelines.get(doc_id))
    counts = {
        **manifest["counts"],
        "qa_errors": qa["error"],
        "qa_warnings": qa["warning"],
        "human_edited": sum(s.origin is Origin.HUMAN for s in segments.values()),
    }
    updated = {**manifest, "counts": counts, "applied": [*manifest.get("applied", []), applied]}
    write_manifest(staging, {k: v for k, v in updated.items() if k != "outputs"}, len(order))
    (staging / _DONE).touch()
    _move_in(outdir)


def _page(outdir: Path, doc_id: str) -> dict:
    return review.read_article_page((outdir / document_file(doc_id, REVIEW_PAGE)).read_text(encoding="utf-8"))


def _restage_document(
    outdir: Path,
    staging: Path,
    doc_id: str,
    segments: list[Segment],
    changed: dict[str, Segment],
    dateline: str | None,
) -> None:
    """The article's .es.txt with the edited targets (and dateline) put in place; its XLIFF
    and review page rebuilt."""
    page = _page(outdir, doc_id)
    text = (outdir / document_file(doc_id, SPANISH_TEXT)).read_text(encoding="utf-8")
    if dateline is not None:
        old = page["dateline_es"]
        text = dateline + text[len(old) :] if old and text.startswith(old) else f"{dateline} {text}"
        page = {**page, "dateline": page["dateline"] or dateline, "dateline_es": dateline}
    parts, cursor = [], 0
    for seg in segments:
        old = seg.history[-1].target if seg.id in changed else seg.target
        if old is None:
            continue
        found = text.find(old, cursor)
        if found < 0:
            continue  # a target the article does not show (an empty one): nothing to replace
        parts.append(text[cursor:found])
        parts.append(seg.target or "")
        cursor = found + len(old)
    parts.append(text[cursor:])
    write_text(staging / document_file(doc_id, SPANISH_TEXT), "".join(parts))
    paragraphs = ("",) * (max((seg.paragraph for seg in segments), default=0) + 1)
    doc = Document(
        doc_id,
        page["source"],
        paragraphs,
        dateline=page["dateline"],
        metadata={"dateline_es": page["dateline_es"]} if page["dateline"] else {},
        segments=tuple(segments),
    )
    (staging / document_file(doc_id, XLIFF_SUFFIX)).write_bytes(xliff.xliff_bytes(doc))
    write_text(staging / document_file(doc_id, REVIEW_PAGE), review.article_page(doc))


def _documents(outdir: Path) -> list[tuple[str, int]]:
    with (outdir / DOCUMENTS).open(encoding="utf-8") as fh:
        next(fh, None)
        return [(doc_id, int(ordinal)) for doc_id, _, ordinal in (line.rstrip("\n").partition("\t") for line in fh)]


def _move_in(outdir: Path) -> None:
    """Move the staged files in, manifest last, then drop the staging folder."""
    staging = outdir / STAGING
    (outdir / MANIFEST).unlink(missing_ok=True)  # from here until the end the folder is not finished
    for entry in sorted(os.scandir(staging), key=lambda e: e.name == MANIFEST):
        if entry.name != _DONE:
            os.replace(entry.path, outdir / entry.name)
    shutil.rmtree(staging)


def _finish_interrupted(outdir: Path) -> None:
    """An apply stopped while moving files in: finish it; one stopped earlier: forget it."""
    staging = outdir / STAGING
    if (staging / _DONE).is_file():
        _move_in(outdir)
    elif staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
