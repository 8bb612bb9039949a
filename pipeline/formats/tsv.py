"""bilingual.tsv: segment id, source, target, written; a header row, one row per segment (written and read).

`written` is the digest of the target as the run wrote it (records.written_mark; empty for a
person's target): a spreadsheet that changes the target leaves it behind, so the change shows.
Files from before the column (three columns: id, source, target) are read too. Tabs, line breaks and
backslashes inside text are written as \\t, \\n, \\r and \\\\ so that every row is one line
with exactly one field per column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.records import Segment, written_mark

HEADER = "id\tsource\ttarget\twritten\n"
OLD_HEADER = "id\tsource\ttarget\n"  # before the written mark: still read
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def segment_rows(segments: Iterable[Segment]) -> Iterator[str]:
    """One TSV line (with its newline) per segment."""
    for seg in segments:
        yield f"{seg.id}\t{escape(seg.source)}\t{escape(seg.target or '')}\t{written_mark(seg) or ''}\n"


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


def read_tsv(path: Path) -> list[tuple[int, str, str, str, str | None]]:
    """(line, id, source, target, written mark or None) for each row of a bilingual.tsv, with or
    without the `written` column; a bad file is an IngestError."""
    try:
        # a spreadsheet's byte-order mark is fine; rows end at line breaks only (read_text makes "\r\n"
        # and "\r" one): a U+2028 or U+0085 inside a cell is text, as the writer left it
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except UnicodeDecodeError:
        raise IngestError(str(path), "not valid UTF-8; save it as UTF-8") from None
    header = lines[0] + "\n" if lines else ""
    if header not in (HEADER, OLD_HEADER):
        expected = f"{HEADER.strip()!r} (or {OLD_HEADER.strip()!r})"
        raise IngestError(str(path), f"the first line must be the header {expected}", 1)
    columns = header.strip().split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if not 3 <= len(cells) <= len(columns):  # a row without its mark (one added by hand) has none
            raise IngestError(str(path), f"{len(cells)} cells; expected {', '.join(columns)}", number)
        written = cells[3] if len(cells) > 3 and cells[3] else None
        rows.append((number, cells[0], unescape(cells[1]), unescape(cells[2]), written))
    return rows
