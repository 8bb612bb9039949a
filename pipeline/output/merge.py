"""Merge the output folders of a sharded run (`translate --shard i/N`) into one.

Documents are put back in corpus order (each folder's documents.tsv gives every
document's ordinal) and published through one transaction of the merged folder, so it
equals the output of one unsharded run, apart from the manifest, which lists the shards
it came from.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OutputError, UsageError
from pipeline.output.files import RECORDS
from pipeline.output.manifest import header, read_manifest
from pipeline.output.render import Published, Rendering
from pipeline.output.store import Records, RunFolder, ordinals, qa_config, require_store


@dataclass(frozen=True)
class MergeReport:
    outdir: Path
    documents: int
    segments: int


def merge_outputs(folders: list[Path], outdir: Path) -> MergeReport:
    """Join finished output folders of the same corpus into `outdir` (not one of them)."""
    folders = [Path(f) for f in folders]
    if any(f.resolve() == Path(outdir).resolve() for f in folders):
        raise UsageError(f"{outdir} is one of the folders to merge; merge into a new folder")
    if len({f.resolve() for f in folders}) != len(folders):
        raise UsageError("a folder is named twice; name each shard's folder once")
    manifests = [read_manifest(folder) for folder in folders]
    _refuse_mismatched(folders, manifests)
    for folder in folders:
        require_store(folder)
    placed = [ordinals(folder) for folder in folders]
    records = [Records(folder / RECORDS) for folder in folders]
    owner: dict[str, Path] = {}
    for folder, places, held in zip(folders, placed, records):
        for doc_id in places:
            if doc_id in owner:
                raise OutputError(f"document '{doc_id}' is in both {owner[doc_id]} and {folder}")
            if doc_id not in held:
                raise OutputError(f"{folder / RECORDS} lacks document '{doc_id}': is it a finished run?")
            owner[doc_id] = folder
    qa = qa_config(manifests[0])
    name = "merge-" + hashlib.sha256(json.dumps([str(f.resolve()) for f in folders]).encode()).hexdigest()[:16]
    with RunFolder(outdir) as target:
        txn = target.begin(name, qa, rendering=Rendering.of(manifests[0]))
        for ordinal, doc_id, held in heapq.merge(*(_listed(p, r) for p, r in zip(placed, records))):
            record = held.record(doc_id)
            if txn.finished(doc_id, record["key"]):  # staged by a merge that was interrupted
                target.record(doc_id, ordinal)
            else:
                target.stage(txn, record["document"], ordinal, record["key"])

        def manifest(done: Published) -> dict:
            return _manifest(folders, manifests, done)

        warnings = list(dict.fromkeys(w for m in manifests for w in m.get("warnings", [])))
        done, _ = target.publish(txn, manifest, warnings)
    return MergeReport(Path(outdir), done.documents, done.segments)


def _refuse_mismatched(folders: list[Path], manifests: list[dict]) -> None:
    """Only all the shards of one run can be merged: same inputs, glossaries and options."""

    def made_with(m: dict) -> list:
        options = {k: v for k, v in m.get("options", {}).items() if k != "shard"}
        return [m.get("inputs"), [(g["path"], g["sha256"]) for g in m.get("glossaries", [])], options]

    for folder, manifest in zip(folders[1:], manifests[1:]):
        if made_with(manifest) != made_with(manifests[0]):
            raise OutputError(
                f"{folder} and {folders[0]} were translated from other inputs, glossaries or options; "
                "only the shards of one run can be merged"
            )
    shards = sorted(tuple(m.get("options", {}).get("shard", (1, 1))) for m in manifests)
    count = shards[0][1]
    if shards != [(i, count) for i in range(1, count + 1)]:
        have = ", ".join(f"{i}/{n}" for i, n in shards)
        raise UsageError(
            f"these folders hold shards {have}; a merge needs every shard 1/{count} … {count}/{count} once"
        )


def _listed(places: dict[str, int], records: Records) -> Iterator[tuple[int, str, Records]]:
    """(ordinal, id, the folder's records) in the folder's order, which is corpus order."""
    for doc_id, ordinal in places.items():
        yield ordinal, doc_id, records


def _manifest(folders: list[Path], manifests: list[dict], done: Published) -> dict:
    options = {k: v for k, v in manifests[0].get("options", {}).items() if k != "shard"}
    return {
        **header(),
        "merged_from": [{"folder": str(f), "shard": m["options"].get("shard")} for f, m in zip(folders, manifests)],
        "engine": done.engines,
        "warnings": list(dict.fromkeys(w for m in manifests for w in m.get("warnings", []))),
        "options": options,
        "inputs": manifests[0]["inputs"],
        "glossaries": manifests[0].get("glossaries", []),
        "skipped": manifests[0]["skipped"],
        "counts": {
            "documents": done.documents,
            "segments": done.segments,
            "qa_errors": done.qa.by_severity["error"],
            "qa_warnings": done.qa.by_severity["warning"],
            **done.people(),
        },
    }
