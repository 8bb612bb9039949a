"""Bilingual files edited by people, read back by segment id: XLIFF, TMX or TSV."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from pipeline.errors import IngestError
from pipeline.writers.tmx import read_tmx
from pipeline.writers.tsv import HEADER, unescape
from pipeline.writers.xliff import read_xliff


@dataclass(frozen=True)
class Edit:
    """One segment as an editor left it."""

    id: str
    source: str
    target: str


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
        rows = [(None, *row) for row in read_tmx(path)]
    elif suffix == ".tsv":
        rows = _read_tsv(path)
    else:
        raise IngestError(str(path), f"unsupported file type '{suffix}'; expected .xlf, .xliff, .tmx or .tsv")
    known = set(known_ids) if known_ids is not None else None
    seen: set[str] = set()
    edits = []
    for line, seg_id, source, target in rows:
        if not seg_id:
            raise IngestError(str(path), "a segment has no id", line)
        if seg_id in seen:
            raise IngestError(str(path), f"segment id '{seg_id}' appears twice", line)
        if known is not None and seg_id not in known:
            raise IngestError(str(path), f"segment id '{seg_id}' is not in this run", line)
        seen.add(seg_id)
        edits.append(Edit(seg_id, source, target))
    return edits


def _read_tsv(path: Path) -> list[tuple[int, str, str, str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise IngestError(str(path), "not valid UTF-8; save it as UTF-8") from None
    if not lines or lines[0] + "\n" != HEADER:
        raise IngestError(str(path), f"the first line must be the header {HEADER.strip()!r}", 1)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            raise IngestError(str(path), f"{len(cells)} cells; expected id, source, target", number)
        rows.append((number, cells[0], unescape(cells[1]), unescape(cells[2])))
    return rows
