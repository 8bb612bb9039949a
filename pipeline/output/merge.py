"""Merge the output folders of a sharded run (`translate --shard i/N`) into one.

Documents are put back in corpus order (each folder's documents.tsv gives every
document's ordinal), so the merged folder equals the output of one unsharded run,
apart from the manifest, which lists the shards it came from.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.output.atomic import atomic_open
from pipeline.output.files import DOCUMENTS, MANIFEST, PER_DOCUMENT, SEGMENTS
from pipeline.output.folder import write_run_files
from pipeline.output.manifest import header, read_manifest, write_manifest


@dataclass(frozen=True)
class MergeReport:
    outdir: Path
    documents: int
    segments: int


def merge_outputs(folders: list[Path], outdir: Path) -> MergeReport:
    """Join finished output folders of the same corpus into `outdir`."""
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
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / MANIFEST).unlink(missing_ok=True)
    engines = list(dict.fromkeys(e for m in manifests for e in m["engine"]))
    warnings = list(dict.fromkeys(w for m in manifests for w in m.get("warnings", [])))

    def in_corpus_order() -> Iterator[tuple[str, int, str]]:
        for ordinal, doc_id, lines in heapq.merge(*(_documents(folder) for folder in folders)):
            yield doc_id, ordinal, "".join(lines)

    documents, segments = write_run_files(outdir, in_corpus_order, engines, warnings)
    for doc_id, folder in owner.items():
        for suffix in PER_DOCUMENT:
            with atomic_open(outdir / f"{doc_id}{suffix}", binary=True) as fh:
                fh.write((folder / f"{doc_id}{suffix}").read_bytes())
    merged = {
        **header(),
        "merged_from": [{"folder": str(f), "shard": m["options"].get("shard")} for f, m in zip(folders, manifests)],
        "engine": engines,
        "warnings": warnings,
        "inputs": inputs[0],
        "skipped": manifests[0]["skipped"],
        "counts": {"documents": documents, "segments": segments},
    }
    write_manifest(outdir, merged, documents)
    return MergeReport(outdir, documents, segments)


def _listed(folder: Path) -> Iterator[tuple[str, int]]:
    """(document id, corpus ordinal) from a folder's documents.tsv, in its order."""
    with (folder / DOCUMENTS).open(encoding="utf-8") as fh:
        next(fh, None)
        for line in fh:
            doc_id, ordinal = line.rstrip("\n").split("\t")
            yield doc_id, int(ordinal)


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
