"""Merge the output folders of a sharded run (`translate --shard i/N`) into one.

Documents are put back in corpus order (each manifest records every document's
ordinal), so the merged folder equals the output of one unsharded run, apart from the
manifest, which lists the shards it came from.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pipeline
from pipeline.emit import BILINGUAL, MANIFEST, SEGMENTS
from pipeline.errors import OutputError
from pipeline.records import Segment
from pipeline.writers import tsv
from pipeline.writers.atomic import atomic_open, write_text


@dataclass(frozen=True)
class MergeReport:
    outdir: Path
    documents: int
    segments: int


def merge_outputs(folders: list[Path], outdir: Path) -> MergeReport:
    """Join finished output folders of the same corpus into `outdir`."""
    manifests = [_manifest(folder) for folder in folders]
    inputs = [m["inputs"] for m in manifests]
    if any(i != inputs[0] for i in inputs[1:]):
        raise OutputError("these folders were translated from different inputs; only shards of one corpus can be merged")
    owner: dict[str, Path] = {}
    for folder, manifest in zip(folders, manifests):
        for doc in manifest["documents"]:
            if doc["id"] in owner:
                raise OutputError(f"document '{doc['id']}' is in both {owner[doc['id']]} and {folder}")
            owner[doc["id"]] = folder
    streams = [_documents(folder, manifest) for folder, manifest in zip(folders, manifests)]
    order: list[str] = []
    segments = 0
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / MANIFEST).unlink(missing_ok=True)
    with atomic_open(outdir / SEGMENTS) as seg_out, atomic_open(outdir / BILINGUAL) as tsv_out:
        tsv_out.write(tsv.HEADER)
        for _, doc_id, lines in heapq.merge(*streams):
            seg_out.writelines(lines)
            tsv_out.writelines(tsv.segment_rows(Segment.from_dict(json.loads(line)) for line in lines))
            order.append(doc_id)
            segments += len(lines)
    for doc_id in order:
        write_text(outdir / f"{doc_id}.es.txt", (owner[doc_id] / f"{doc_id}.es.txt").read_text(encoding="utf-8"))
    merged = {
        "tool": "efe-pipeline",
        "version": pipeline.__version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "merged_from": [{"folder": str(f), "shard": m["options"].get("shard")} for f, m in zip(folders, manifests)],
        "engine": list(dict.fromkeys(e for m in manifests for e in m["engine"])),
        "warnings": list(dict.fromkeys(w for m in manifests for w in m.get("warnings", []))),
        "inputs": inputs[0],
        "skipped": manifests[0]["skipped"],
        "counts": {"documents": len(order), "segments": segments},
        "documents": sorted((d for m in manifests for d in m["documents"]), key=lambda d: d["ordinal"]),
        "outputs": [SEGMENTS, BILINGUAL] + [f"{doc_id}.es.txt" for doc_id in order],
    }
    write_text(outdir / MANIFEST, json.dumps(merged, ensure_ascii=False, indent=2) + "\n")
    return MergeReport(outdir, len(order), segments)


def _manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise OutputError(f"{folder} has no {MANIFEST}: it is not a finished run (finish it by running the same command again)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise OutputError(f"{path} is not valid JSON ({err.msg}, line {err.lineno})") from None


def _documents(folder: Path, manifest: dict) -> Iterator[tuple[int, str, list[str]]]:
    """(ordinal, document id, segment lines) in the folder's order, read as a stream."""
    ordinals = {d["id"]: d["ordinal"] for d in manifest["documents"]}
    current: str | None = None
    lines: list[str] = []
    with (folder / SEGMENTS).open(encoding="utf-8") as fh:
        for line in fh:
            doc_id = json.loads(line)["doc_id"]
            if doc_id != current and current is not None:
                yield ordinals[current], current, lines
                lines = []
            current = doc_id
            lines.append(line)
    if current is not None:
        yield ordinals[current], current, lines
