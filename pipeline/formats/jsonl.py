"""segments.jsonl: the canonical record, one JSON object per segment, in document order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.records import Document, Segment


def segment_lines(doc: Document) -> Iterator[str]:
    """One line (with its newline) per segment of `doc`."""
    for seg in doc.segments:
        yield json.dumps(seg.to_dict(), ensure_ascii=False) + "\n"


def read_segments(path: Path) -> Iterator[Segment]:
    """Read segments.jsonl back; a bad line is an error naming the file and line."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield Segment.from_dict(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise IngestError(str(path), f"not a segment record ({err})", number) from None
