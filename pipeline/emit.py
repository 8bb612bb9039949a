"""Emit: a run's output folder, written so that it is complete or visibly not.

Everything is written into a hidden staging folder inside OUTDIR; `commit` moves the
files into place and writes manifest.json last. An interrupted run leaves no file that
looks complete, and the old manifest is removed first, so a folder without
manifest.json is never mistaken for a finished run.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

from pipeline.errors import OutputError
from pipeline.records import Document
from pipeline.writers import jsonl, text, tsv
from pipeline.writers.atomic import write_text

SEGMENTS = "segments.jsonl"
BILINGUAL = "bilingual.tsv"
MANIFEST = "manifest.json"


class OutputFolder:
    """Streams documents into the output files of one run."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = Path(outdir)
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.outdir))
            self._segments = (self.staging / SEGMENTS).open("w", encoding="utf-8", newline="")
            self._tsv = (self.staging / BILINGUAL).open("w", encoding="utf-8", newline="")
            self._tsv.write(tsv.HEADER)
        except OSError as err:
            raise OutputError(f"cannot write to output folder {self.outdir}: {err.strerror or err}") from None
        self.files: list[str] = [SEGMENTS, BILINGUAL]
        self.engines: dict[str, None] = {}

    def document_path(self, doc_id: str) -> Path:
        """Where a document's Spanish text goes; an id can never escape the folder."""
        name = f"{doc_id}.es.txt"
        if os.sep in doc_id or (os.altsep and os.altsep in doc_id) or doc_id in ("", ".", ".."):
            raise OutputError(f"document id '{doc_id}' cannot be used as a file name")
        return self.staging / name

    def write(self, doc: Document) -> None:
        try:
            self._segments.writelines(jsonl.segment_lines(doc))
            self._tsv.writelines(tsv.rows(doc))
        except OSError as err:
            raise OutputError(f"cannot write to {self.outdir}: {err.strerror or err}") from None
        path = self.document_path(doc.id)
        write_text(path, text.render_document(doc))
        self.files.append(path.name)
        for seg in doc.segments:
            if seg.engine:
                self.engines.setdefault(seg.engine)

    def commit(self, manifest: dict[str, Any]) -> None:
        """Move every file into OUTDIR, then write manifest.json (the 'complete' mark)."""
        try:
            (self.outdir / MANIFEST).unlink(missing_ok=True)
            self._close()
            for name in self.files:
                os.replace(self.staging / name, self.outdir / name)
            write_text(self.outdir / MANIFEST, json.dumps({**manifest, "outputs": self.files}, ensure_ascii=False, indent=2) + "\n")
        except OSError as err:
            raise OutputError(f"cannot finish the output folder {self.outdir}: {err.strerror or err}") from None
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        self._close()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _close(self) -> None:
        self._segments.close()
        self._tsv.close()

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None:
            self.abort()
