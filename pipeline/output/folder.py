"""A run's output folder: complete or visibly not, and resumable.

Each finished document is written into a hidden staging folder inside OUTDIR
(`.partial-<run key>/`): its segments as JSON lines, its Spanish text and its XLIFF,
each file atomically. `commit` writes the run-wide files into the staging folder too,
and only when everything is written does it take down the earlier run's manifest, move
the new files into place and write manifest.json last: a full disk leaves the earlier
run as it was. An interrupted run leaves only the staging folder; the same command run
again (same inputs and options, hence the same key) reuses every document already there
instead of translating it again. The folder is locked for the run (output/lock.py), so
the staging folders of other keys and temporary files of killed runs can be removed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import OutputError
from pipeline.formats import jsonl, review, spanish_text, tmx, tsv, xliff
from pipeline.output.atomic import atomic_open, write_text
from pipeline.output.files import (
    BILINGUAL,
    DOCUMENTS,
    MANIFEST,
    PER_DOCUMENT,
    REVIEW,
    REVIEW_PAGE,
    RUN_FILES,
    SEGMENTS,
    SPANISH_TEXT,
    TMX,
    document_file,
)
from pipeline.output.files import XLIFF as XLIFF_SUFFIX
from pipeline.output.lock import FolderLock
from pipeline.output.manifest import write_manifest, write_qa
from pipeline.records import Document, Segment
from pipeline.stages.qa import QASummary


class Staging:
    """A run's staging folder, `OUTDIR/.partial-<run key>/`, as any process may use it: a
    finished document's files are written there (each atomically, its segments last) and
    read back by a resumed run. Making, cleaning and publishing it is OutputFolder's."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._path = os.fspath(self.path)

    def stored(self, doc_id: str) -> tuple[Segment, ...] | None:
        """The segments of a document finished by an earlier, interrupted run of this run."""
        path = self.segments_path(doc_id)
        if not all(os.path.isfile(p) for p in (path, *(self.staged(doc_id, s) for s in PER_DOCUMENT))):
            return None
        return tuple(jsonl.read_segments(Path(path)))

    def document_path(self, doc_id: str) -> str:
        """Where a document's Spanish text is staged."""
        return self.staged(doc_id, SPANISH_TEXT)

    def staged(self, doc_id: str, suffix: str, folder: str = "") -> str:
        """A per-document file in the staging folder, as a string (see atomic_open on pathlib);
        an id can never escape the folder."""
        return os.path.join(self._path, folder, document_file(doc_id, suffix))

    def segments_path(self, doc_id: str) -> str:
        return self.staged(doc_id, ".jsonl", "docs")

    def write(self, doc: Document) -> None:
        """Stage a finished document's files; one staged before (a retried task) stays."""
        spanish = self.document_path(doc.id)
        segments = self.segments_path(doc.id)
        if not (os.path.isfile(segments) and os.path.isfile(spanish)):
            write_text(spanish, spanish_text.render_document(doc))
            with atomic_open(self.staged(doc.id, XLIFF_SUFFIX), binary=True) as fh:
                fh.write(xliff.xliff_bytes(doc))
            write_text(self.staged(doc.id, REVIEW_PAGE), review.article_page(doc))
            write_text(segments, "".join(jsonl.segment_lines(doc)))  # last: marks the document done


class OutputFolder:
    """Collects the documents of one run and publishes them at the end; one per run, in
    the process that plans it (it locks the folder and removes other runs' staging)."""

    def __init__(self, outdir: Path, run_key: str) -> None:
        self.outdir = Path(outdir)
        self.area = Staging(self.outdir / f".partial-{run_key}")
        self.staging = self.area.path
        self._outdir = os.fspath(self.outdir)
        self._lock = FolderLock(self.outdir)
        try:
            for stale in self.outdir.glob(".partial-*"):
                if stale != self.staging:
                    shutil.rmtree(stale, ignore_errors=True)
            for leftover in self.outdir.glob(".*.tmp"):  # atomic writes of a killed run
                leftover.unlink(missing_ok=True)
            (self.staging / "docs").mkdir(parents=True, exist_ok=True)
            shutil.rmtree(self.staging / "publish", ignore_errors=True)
        except OSError as err:
            self._lock.release()
            raise OutputError(f"cannot write to output folder {self.outdir}: {err.strerror or err}") from None
        # Output order lives on disk, not in memory: corpora of millions of documents.
        self._order = (self.staging / "order.tsv").open("w", encoding="utf-8")
        self.documents = 0
        self.engines: dict[str, None] = {}

    def stored(self, doc_id: str) -> tuple[Segment, ...] | None:
        return self.area.stored(doc_id)

    def document_path(self, doc_id: str) -> str:
        return self.area.document_path(doc_id)

    def write(self, doc: Document, ordinal: int) -> None:
        """Stage a finished document; `ordinal` is its place in the whole corpus."""
        self.area.write(doc)
        self.record(doc.id, ordinal, (seg.engine for seg in doc.segments))

    def record(self, doc_id: str, ordinal: int, engines: Iterable[str | None]) -> None:
        """A document staged (by this process or another) joins the run, in output order."""
        self._order.write(f"{doc_id}\t{ordinal}\n")
        self.documents += 1
        for engine in engines:
            if engine:
                self.engines.setdefault(engine)

    def commit(self, manifest: dict[str, Any], warnings: list[str] | None = None) -> list[str]:
        """Publish the run-wide files and the per-document ones, then manifest.json.

        Returns the per-document files in OUTDIR that earlier runs left and this run did
        not write (also listed in the manifest as "stale_files"); they are not removed.
        """
        self._order.close()
        publish = self.staging / "publish"
        try:
            publish.mkdir(exist_ok=True)
            write_run_files(publish, self._documents, list(self.engines), warnings or [])
            (self.outdir / MANIFEST).unlink(missing_ok=True)  # from here on the folder is not a finished run
            for name in RUN_FILES:
                os.replace(publish / name, self.outdir / name)
            ids = set()
            for doc_id, _ in self._listed():
                ids.add(doc_id)
                for suffix in PER_DOCUMENT:
                    os.replace(self.area.staged(doc_id, suffix), os.path.join(self._outdir, doc_id + suffix))
            stale = stale_files(self.outdir, ids)
            write_manifest(self.outdir, {**manifest, "stale_files": stale}, self.documents)
        except OSError as err:
            raise OutputError(f"cannot finish the output folder {self.outdir}: {err.strerror or err}") from None
        finally:
            self.release()
        shutil.rmtree(self.staging, ignore_errors=True)
        return stale

    def release(self) -> None:
        """Let other runs use the folder (commit does it; call it when a run fails)."""
        if not self._order.closed:
            self._order.close()
        self._lock.release()

    def _documents(self) -> Iterator[tuple[str, int, str]]:
        for doc_id, ordinal in self._listed():
            yield doc_id, ordinal, self._read(doc_id)

    def _listed(self) -> Iterator[tuple[str, int]]:
        with (self.staging / "order.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                doc_id, ordinal = line.rstrip("\n").split("\t")
                yield doc_id, int(ordinal)

    def _read(self, doc_id: str) -> str:
        with open(self.area.segments_path(doc_id), encoding="utf-8") as fh:
            return fh.read()


def write_run_files(
    outdir: Path, stream: Callable[[], Iterable[tuple[str, int, str]]], engines: list[str], warnings: list[str]
) -> tuple[int, int]:
    """segments.jsonl, bilingual.tsv, documents.tsv, corpus.tmx, review.html and qa.json.

    `stream()` yields (document id, corpus ordinal, segment JSON lines) in output
    order; it is called once per pass, so every file is written as a stream. Returns
    the numbers of documents and segments. Runs and merges share it.
    """
    qa = QASummary()
    documents = segments = 0
    with (
        atomic_open(outdir / SEGMENTS) as seg_out,
        atomic_open(outdir / BILINGUAL) as tsv_out,
        atomic_open(outdir / DOCUMENTS) as doc_out,
    ):
        tsv_out.write(tsv.HEADER)
        doc_out.write("id\tordinal\n")
        for doc_id, ordinal, lines in stream():
            records = list(_parse(lines))
            seg_out.write(lines)
            tsv_out.writelines(tsv.segment_rows(records))
            doc_out.write(f"{doc_id}\t{ordinal}\n")
            qa.add(records)
            documents += 1
            segments += len(records)
    with atomic_open(outdir / TMX, binary=True) as fh:
        tmx.write_tmx(fh, (seg for _, _, lines in stream() for seg in _parse(lines)))
    with atomic_open(outdir / REVIEW) as fh:
        review.write_index(fh, ((doc_id, list(_parse(lines))) for doc_id, _, lines in stream()), engines, warnings)
    write_qa(outdir, qa)
    return documents, segments


def stale_files(outdir: Path, ids: set[str]) -> list[str]:
    """Per-document files in `outdir` whose document is not in `ids`, sorted."""
    stale = []
    for entry in os.scandir(outdir):
        for suffix in PER_DOCUMENT:
            if entry.name.endswith(suffix) and entry.name[: -len(suffix)] not in ids and entry.is_file():
                stale.append(entry.name)
    return sorted(stale)


def _parse(lines: str) -> Iterator[Segment]:
    for line in lines.splitlines():
        yield Segment.from_dict(json.loads(line))
