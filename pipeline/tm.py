"""A translation memory in SQLite: editors' corrected segments, reused by later runs.

Matching is exact on the source with its whitespace normalised. `tm import` fills it
from edited XLIFF/TMX/TSV files; `translate --tm` uses a match instead of the engine and
marks the segment's origin as memory.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.formats.edits import read_bilingual
from pipeline.formats.jsonl import read_segments
from pipeline.output.files import SEGMENTS
from pipeline.records import Edit

SIGNATURE = "translation-memory exact match"


def normalize(source: str) -> str:
    return " ".join(source.split())


class TranslationMemory:
    """Exact-match memory; a lookup is one indexed query."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS tm "
                "(source TEXT PRIMARY KEY, target TEXT NOT NULL, origin TEXT, updated TEXT)"
            )
        except sqlite3.Error as err:
            raise OutputError(f"cannot open the translation memory {self.path}: {err}") from None

    def add(self, batches: Iterable[tuple[str, Iterable[Edit]]]) -> list[int]:
        """Store each (origin, edits) batch's edits that have a target, all in one transaction
        (all or nothing); a newer edit replaces an older one. Returns the count per batch."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        rows: list[tuple[str, str, str, str]] = []
        counts = []
        for origin, edits in batches:
            kept = [
                (normalize(e.source), e.target, origin, now) for e in edits if e.target.strip() and e.source.strip()
            ]
            rows += kept
            counts.append(len(kept))
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO tm VALUES (?, ?, ?, ?)", rows)
        return counts

    def lookup(self, source: str) -> str | None:
        row = self._db.execute("SELECT target FROM tm WHERE source = ?", (normalize(source),)).fetchone()
        return row[0] if row else None

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM tm").fetchone()[0]

    def close(self) -> None:
        self._db.close()


def import_files(
    tm_path: Path,
    files: Iterable[Path],
    against: Path | None = None,
    on_file: Callable[[Path, int], None] | None = None,
) -> int:
    """Store edited files in the memory at `tm_path`; ids must be in `against`'s run when given."""
    known = {seg.id for seg in read_segments(Path(against) / SEGMENTS)} if against else None
    batches = [(str(path), read_bilingual(path, known)) for path in files]  # every file read before any is stored
    memory = TranslationMemory(tm_path)
    try:
        for (path, _), added in zip(batches, memory.add(batches)):
            if on_file:
                on_file(Path(path), added)
        return len(memory)
    finally:
        memory.close()
