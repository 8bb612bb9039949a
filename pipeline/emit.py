"""Emit: a run's output folder, complete or visibly not, and resumable.

Each finished document is written into a hidden staging folder inside OUTDIR
(`.partial-<run key>/`): its segments as JSON lines and its Spanish text, each file
atomically. `commit` assembles segments.jsonl and bilingual.tsv in document order,
moves the Spanish texts into place and writes manifest.json last. An interrupted run
leaves only the staging folder; the same command run again (same inputs and options,
hence the same key) reuses every document already there instead of translating it
again. A run with another key removes the stale staging folders.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path
from typing import Any, Iterator

from pipeline.errors import OutputError
from pipeline.records import Document, Segment
from pipeline.writers import jsonl, review, text, tmx, tsv, xliff
from pipeline.writers.atomic import atomic_open, write_text

SEGMENTS = "segments.jsonl"
BILINGUAL = "bilingual.tsv"
MANIFEST = "manifest.json"
QA_FILE = "qa.json"
TMX = "corpus.tmx"
REVIEW = "review.html"
DOCUMENTS = "documents.tsv"  # id and corpus ordinal of each document, in output order


class OutputFolder:
    """Collects the documents of one run and publishes them at the end."""

    def __init__(self, outdir: Path, run_key: str) -> None:
        self.outdir = Path(outdir)
        self.staging = self.outdir / f".partial-{run_key}"
        self._staging, self._outdir = os.fspath(self.staging), os.fspath(self.outdir)
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
            for stale in self.outdir.glob(".partial-*"):
                if stale != self.staging:
                    shutil.rmtree(stale, ignore_errors=True)
            (self.staging / "docs").mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(f"cannot write to output folder {self.outdir}: {err.strerror or err}") from None
        # Output order lives on disk, not in memory: corpora of millions of documents.
        self._order = (self.staging / "order.tsv").open("w", encoding="utf-8")
        self.documents = 0
        self.engines: dict[str, None] = {}

    def stored(self, doc_id: str) -> tuple[Segment, ...] | None:
        """The segments of a document finished by an earlier, interrupted run of this run."""
        path = self._segments_path(doc_id)
        if not all(os.path.isfile(p) for p in (path, self.document_path(doc_id), self._staged(doc_id, ".xlf"))):
            return None
        return tuple(jsonl.read_segments(Path(path)))

    def document_path(self, doc_id: str) -> str:
        """Where a document's Spanish text is staged; an id can never escape the folder."""
        return self._staged(doc_id, ".es.txt")

    def _staged(self, doc_id: str, suffix: str, folder: str = "") -> str:
        """A per-document file in the staging folder, as a string (see atomic_open on pathlib)."""
        if os.sep in doc_id or (os.altsep and os.altsep in doc_id) or doc_id in ("", ".", ".."):
            raise OutputError(f"document id '{doc_id}' cannot be used as a file name")
        return os.path.join(self._staging, folder, doc_id + suffix)

    def write(self, doc: Document, ordinal: int) -> None:
        """Stage a finished document; `ordinal` is its place in the whole corpus."""
        spanish = self.document_path(doc.id)
        segments = self._segments_path(doc.id)
        if not (os.path.isfile(segments) and os.path.isfile(spanish)):
            write_text(spanish, text.render_document(doc))
            with atomic_open(self._staged(doc.id, ".xlf"), binary=True) as fh:
                fh.write(xliff.xliff_bytes(doc))
            write_text(segments, "".join(jsonl.segment_lines(doc)))  # last: marks the document done
        self._order.write(f"{doc.id}\t{ordinal}\n")
        self.documents += 1
        for seg in doc.segments:
            if seg.engine:
                self.engines.setdefault(seg.engine)

    def commit(self, manifest: dict[str, Any], reports: dict[str, dict] | None = None, warnings: list[str] | None = None) -> None:
        """Publish: segments.jsonl, bilingual.tsv, the Spanish texts, `reports` (JSON files
        such as qa.json), then manifest.json."""
        self._order.close()
        try:
            (self.outdir / MANIFEST).unlink(missing_ok=True)
            with atomic_open(self.outdir / SEGMENTS) as seg_out, atomic_open(self.outdir / BILINGUAL) as tsv_out:
                tsv_out.write(tsv.HEADER)
                for doc_id in self._ids():
                    lines = self._read(doc_id)
                    seg_out.write(lines)
                    tsv_out.writelines(tsv.segment_rows(_parse(lines)))
            with atomic_open(self.outdir / TMX, binary=True) as fh:
                tmx.write_tmx(fh, (seg for doc_id in self._ids() for seg in _parse(self._read(doc_id))))
            with atomic_open(self.outdir / REVIEW) as fh:
                documents = ((doc_id, list(_parse(self._read(doc_id)))) for doc_id in self._ids())
                review.write_review(fh, documents, list(self.engines), warnings or [])
            with atomic_open(self.outdir / DOCUMENTS) as fh:
                fh.write("id\tordinal\n")
                fh.write((self.staging / "order.tsv").read_text(encoding="utf-8"))
            for doc_id in self._ids():
                for suffix in (".es.txt", ".xlf"):
                    os.replace(self._staged(doc_id, suffix), os.path.join(self._outdir, doc_id + suffix))
            for name, report in (reports or {}).items():
                write_text(self.outdir / name, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
            outputs = {"files": [SEGMENTS, BILINGUAL, TMX, REVIEW, DOCUMENTS, *(reports or {})], "articles": self.documents, "per_article": ["<doc id>.es.txt", "<doc id>.xlf"]}
            with atomic_open(self.outdir / MANIFEST) as fh:
                json.dump({**manifest, "outputs": outputs}, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
        except OSError as err:
            raise OutputError(f"cannot finish the output folder {self.outdir}: {err.strerror or err}") from None
        shutil.rmtree(self.staging, ignore_errors=True)

    def _ids(self) -> Iterator[str]:
        with (self.staging / "order.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                yield line.split("\t", 1)[0]

    def _segments_path(self, doc_id: str) -> str:
        return self._staged(doc_id, ".jsonl", "docs")

    def _read(self, doc_id: str) -> str:
        with open(self._segments_path(doc_id), encoding="utf-8") as fh:
            return fh.read()


@dataclasses.dataclass
class ResumeStage:
    """Gives a document the segments an interrupted run already translated and stored."""

    folder: OutputFolder
    name: str = "resume"
    resumed: int = 0

    def __call__(self, doc: Document) -> Document:
        stored = self.folder.stored(doc.id)
        if stored is None:
            return doc
        self.resumed += 1
        return dataclasses.replace(doc, segments=stored)


def _parse(lines: str) -> Iterator[Segment]:
    for line in lines.splitlines():
        yield Segment.from_dict(json.loads(line))
