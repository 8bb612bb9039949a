"""bilingual.tsv: segment id, source, target; a header row, one row per segment (written and read).

Tabs, line breaks and backslashes inside text are written as \\t, \\n, \\r and \\\\ so
that every row is one line with exactly three fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.records import Segment

HEADER = "id\tsource\ttarget\n"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def segment_rows(segments: Iterable[Segment]) -> Iterator[str]:
    """One TSV line (with its newline) per segment."""
    for seg in segments:
        yield f"{seg.id}\t{escape(seg.source)}\t{escape(seg.target or '')}\n"


def escape(text: str) -> str:
    return text.translate(_ESCAPES)


def unescape(field: str) -> str:
    out, chars = [], iter(field)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(nxt, "\\" + nxt))
        else:
            out.append(char)
    return "".join(out)


def read_tsv(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, id, source, target) for each row of a bilingual.tsv; a bad file is an IngestError."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # a spreadsheet's byte-order mark is fine
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
