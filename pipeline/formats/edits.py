"""Bilingual files edited by people, read back by segment id: XLIFF, TMX or TSV, by suffix."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import IngestError, UsageError
from pipeline.formats.tmx import read_tmx
from pipeline.formats.tsv import read_tsv
from pipeline.formats.xliff import read_xliff
from pipeline.records import Edit


def read_bilingual(path: Path, known_ids: Iterable[str] | None = None) -> list[Edit]:
    """Segments of an edited .xlf/.xliff, .tmx or .tsv file.

    A repeated id, an empty id, or (when `known_ids` is given) an id that is not in the
    run is an IngestError naming the file (and line, for TSV).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlf", ".xliff"):
        rows = [(None, *row) for row in read_xliff(path)]
    elif suffix == ".tmx":
        rows = [(None, *row, None) for row in read_tmx(path)]
    elif suffix == ".tsv":
        rows = [(*row, None) for row in read_tsv(path)]
    else:
        raise UsageError(f"{path}: unsupported file type '{suffix}'; expected .xlf, .xliff, .tmx or .tsv")
    known = set(known_ids) if known_ids is not None else None
    seen: set[str] = set()
    edits = []
    for line, seg_id, source, target, state in rows:
        if not seg_id:
            raise IngestError(str(path), "a segment has no id", line)
        if seg_id in seen:
            raise IngestError(str(path), f"segment id '{seg_id}' appears twice", line)
        if known is not None and seg_id not in known:
            raise IngestError(str(path), f"segment id '{seg_id}' is not in this run", line)
        seen.add(seg_id)
        edits.append(Edit(seg_id, source, target, state))
    return edits
