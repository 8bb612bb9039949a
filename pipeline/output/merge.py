"""Merge the output folders of a sharded run (`translate --shard i/N`) into one.

Documents are put back in corpus order (each folder's documents.tsv gives every
document's ordinal), so the merged folder equals the output of one unsharded run,
apart from the manifest, which lists the shards it came from.
"""

from __future__ import annotations

import heapq
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OutputError, UsageError
from pipeline.output.atomic import atomic_open
from pipeline.output.files import DOCUMENTS, MANIFEST, PER_DOCUMENT, RUN_FILES, SEGMENTS, document_file
from pipeline.output.folder import write_run_files
from pipeline.output.lock import FolderLock
from pipeline.output.manifest import header, read_manifest, write_manifest


@dataclass(frozen=True)
class MergeReport:
    outdir: Path
    documents: int
    segments: int


def merge_outputs(folders: list[Path], outdir: Path) -> MergeReport:
    """Join finished output folders of the same corpus into `outdir` (not one of them)."""
    if any(Path(f).resolve() == Path(outdir).resolve() for f in folders):
        raise UsageError(f"{outdir} is one of the folders to merge; merge into a new folder")
    manifests = [read_manifest(folder) for folder in folders]
    inputs = [m["inputs"] for m in manifests]
    if any(i != inputs[0] for i in inputs[1:]):
        raise OutputError(
            "these folders were translated from different inputs; only shards of one corpus can be merged"
        )
    owner: dict[str, Path] = {}
    for folder in folders:
        for doc_id, _ in _listed(folder):
            if doc_id in owner:
                raise OutputError(f"document '{doc_id}' is in both {owner[doc_id]} and {folder}")
            owner[doc_id] = folder
    lock = FolderLock(outdir)
    try:
        return _merge(folders, manifests, inputs[0], owner, outdir)
    except OSError as err:
        raise OutputError(f"cannot write the merged folder {outdir}: {err.strerror or err}") from None
    finally:
        lock.release()


def _merge(
    folders: list[Path], manifests: list[dict], inputs: list, owner: dict[str, Path], outdir: Path
) -> MergeReport:
    engines = list(dict.fromkeys(e for m in manifests for e in m["engine"]))
    warnings = list(dict.fromkeys(w for m in manifests for w in m.get("warnings", [])))

    def in_corpus_order() -> Iterator[tuple[str, int, str]]:
        for ordinal, doc_id, lines in heapq.merge(*(_documents(folder) for folder in folders)):
            yield doc_id, ordinal, "".join(lines)

    staging = outdir / ".merging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    documents, segments = write_run_files(staging, in_corpus_order, engines, warnings)
    (outdir / MANIFEST).unlink(missing_ok=True)
    for name in RUN_FILES:
        os.replace(staging / name, outdir / name)
    staging.rmdir()
    for doc_id, folder in owner.items():
        for suffix in PER_DOCUMENT:
            with atomic_open(outdir / document_file(doc_id, suffix), binary=True) as fh:
                fh.write((folder / document_file(doc_id, suffix)).read_bytes())
    merged = {
        **header(),
        "merged_from": [{"folder": str(f), "shard": m["options"].get("shard")} for f, m in zip(folders, manifests)],
        "engine": engines,
        "warnings": warnings,
        "inputs": inputs,
        "skipped": manifests[0]["skipped"],
        "counts": {"documents": documents, "segments": segments},
    }
    write_manifest(outdir, merged, documents)
    return MergeReport(outdir, documents, segments)


def _listed(folder: Path) -> Iterator[tuple[str, int]]:
    """(document id, corpus ordinal) from a folder's documents.tsv, in its order."""
    path = folder / DOCUMENTS
    try:
        with path.open(encoding="utf-8") as fh:
            next(fh, None)
            for number, line in enumerate(fh, start=2):
                doc_id, _, ordinal = line.rstrip("\n").partition("\t")
                if not ordinal.isdigit():
                    raise OutputError(f"{path}:{number}: not a document id and ordinal")
                document_file(doc_id, "")  # an id that would leave the folder is refused
                yield doc_id, int(ordinal)
    except (OSError, UnicodeDecodeError) as err:
        raise OutputError(
            f"cannot read {path} ({getattr(err, 'strerror', None) or err}): is it a finished run?"
        ) from None


def _documents(folder: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(ordinal, document id, segment lines) in the folder's order, read as a stream."""
    listed = _listed(folder)
    with (folder / SEGMENTS).open(encoding="utf-8") as fh:
        lines: list[str] = []
        current = next(listed, None)
        for line in fh:
            while current is not None and json.loads(line)["doc_id"] != current[0]:
                yield current[1], current[0], lines  # a document with no segments yields no lines
                lines, current = [], next(listed, None)
            lines.append(line)
        while current is not None:
            yield current[1], current[0], lines
            lines, current = [], next(listed, None)
