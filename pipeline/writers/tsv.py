"""bilingual.tsv: segment id, source, target; a header row, one row per segment.

Tabs, line breaks and backslashes inside text are written as \\t, \\n, \\r and \\\\ so
that every row is one line with exactly three fields.
"""

from __future__ import annotations

from typing import Iterable, Iterator

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
