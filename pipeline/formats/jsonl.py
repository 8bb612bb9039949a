"""segments.jsonl: the canonical record, one JSON object per segment, in document order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.records import Document, Segment


def segment_lines(doc: Document) -> Iterator[str]:
    """One line (with its newline) per segment of `doc`."""
    return map(segment_line, doc.segments)


def segment_line(seg: Segment) -> str:
    """A segment's line in segments.jsonl, with its newline."""
    return json.dumps(seg.to_dict(), ensure_ascii=False) + "\n"


def read_segments(path: Path) -> Iterator[Segment]:
    """Read segments.jsonl back; a missing file or a bad line is an IngestError naming the
    file (and line)."""
    return (seg for _, seg in numbered_segments(path))


def numbered_segments(path: Path) -> Iterator[tuple[int, Segment]]:
    """(line number, segment) of a segments.jsonl, as read_segments reads it."""
    try:
        fh = path.open("rb")
    except OSError as err:
        raise IngestError(str(path), f"cannot read the file ({err.strerror or err})") from None
    with fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield number, Segment.from_dict(json.loads(raw.decode("utf-8")))
            except (UnicodeDecodeError, RecursionError, KeyError, ValueError, TypeError) as err:
                raise IngestError(str(path), f"not a segment record ({record_error(err)})", number) from None


def record_error(err: Exception) -> str:
    """What is wrong with a JSON record, in the record's terms rather than Python's."""
    if isinstance(err, UnicodeDecodeError):
        return "not valid UTF-8"
    if isinstance(err, RecursionError):
        return "nested too deeply"
    if isinstance(err, KeyError):
        return f"missing field {err}"
    text = str(err)
    if "integer string conversion" in text:
        return "a number too long to read"
    if "__init__()" in text:
        return "a term or issue with unknown or missing keys"
    return text[:200]
