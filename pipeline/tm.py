"""A translation memory in SQLite: editors' corrected segments, reused by later runs.

Matching is exact on the source with its whitespace normalised. `tm import` fills it
from edited XLIFF/TMX/TSV files with the segments people changed, never with machine
output nobody read; `translate --tm` uses a match instead of the engine and marks the
segment's origin as memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import fuzz, process

from pipeline.errors import OutputError, UsageError
from pipeline.formats.edits import Sentences, by_person, check_run, check_source, match, normalize, read_file
from pipeline.formats.jsonl import read_segments
from pipeline.output.files import SEGMENTS
from pipeline.output.manifest import read_manifest
from pipeline.records import DATELINE, Suggestion
from pipeline.stages.ingest import is_dateline

SIGNATURE = "translation-memory exact match"
FUZZY = 75.0  # a memory entry at least this similar (0–100) is suggested to the editor, never used


class TranslationMemory:
    """Exact-match memory; a lookup is one indexed query.

    Each entry records its target, the file it came from, when, and whether a person
    wrote it ("human") or it is machine output imported with `tm import --all`.
    """

    def __init__(self, path: Path, create: bool = True, write: bool | None = None) -> None:
        """Open the memory at `path`: made if missing when `create`; read-only unless `write`
        (default: `create`). Read-only is a run's use: the memory is read as one snapshot, so a
        `tm import` during the run changes nothing the run sees, and nothing is ever written."""
        self.path = Path(path)
        write = create if write is None else write
        if not create and not self.path.is_file():
            raise UsageError(
                f"translation memory {self.path} does not exist; make one with `efe-pipeline tm import` "
                "(check the path)"
            )
        try:
            self._db = self._open(write)
        except sqlite3.Error as err:
            raise OutputError(
                f"cannot open the translation memory {self.path}: {err} (is it a memory made by `tm import`?)"
            ) from None
        self._sources: list[str] | None = None  # read on the first fuzzy lookup
        # a run asks twice for each sentence: for the document's key, then to translate it
        self._closest: dict[tuple[str, float], Suggestion | None] = {}

    def _open(self, write: bool) -> sqlite3.Connection:
        if not write:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._require_memory(db)
            db.execute("BEGIN")  # one read transaction for the run: the snapshot it translates with
            db.execute("SELECT COUNT(*) FROM tm").fetchone()  # reads every page of the table: damage shows here
            return db
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)  # the desk guards it with a lock
        tables = _tables(db)
        if tables and "tm" not in tables:
            db.close()
            raise UsageError(
                f"{self.path} is an SQLite database of something else (tables: {', '.join(sorted(tables)[:5])}); "
                "a translation memory is not added to it: name a new file"
            )
        db.execute("PRAGMA journal_mode=WAL")  # a run reading it keeps its snapshot while an import writes
        db.execute(
            "CREATE TABLE IF NOT EXISTS tm "
            "(source TEXT PRIMARY KEY, target TEXT NOT NULL, origin TEXT, updated TEXT, kind TEXT NOT NULL)"
        )
        columns = {row[1] for row in db.execute("PRAGMA table_info(tm)")}
        if "kind" not in columns:  # a memory made before entries said who wrote them: people did
            db.execute("ALTER TABLE tm ADD COLUMN kind TEXT NOT NULL DEFAULT 'human'")
        if "editor" not in columns:  # the person, when known (the review desk knows)
            db.execute("ALTER TABLE tm ADD COLUMN editor TEXT")
        # what editors changed or removed by hand, with the target it had
        db.execute(
            "CREATE TABLE IF NOT EXISTS tm_log (at TEXT NOT NULL, editor TEXT, action TEXT NOT NULL, "
            "source TEXT NOT NULL, old_target TEXT, new_target TEXT)"
        )
        db.commit()
        return db

    def _require_memory(self, db: sqlite3.Connection) -> None:
        tables = _tables(db)
        if "tm" not in tables:
            db.close()
            what = "an empty file" if not tables else "an SQLite database of something else"
            raise UsageError(
                f"{self.path} is not a translation memory ({what}); make one with `efe-pipeline tm import`"
            )

    def store(self, entries: Iterable[tuple[str, str, str, str]], force: bool = False) -> dict[str, ImportCounts]:
        """Store (source, target, kind, file) entries in one transaction (all or nothing);
        the counts per file. A machine target never replaces a person's entry unless `force`."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        by_file: dict[str, ImportCounts] = {}
        with self._db:
            for source, target, kind, origin in entries:
                counts = by_file.setdefault(origin, ImportCounts())
                key = normalize(source)
                row = self._db.execute("SELECT target, kind FROM tm WHERE source = ?", (key,)).fetchone()
                if row is not None and row[0] == target:
                    counts.same += 1
                    continue
                if row is not None and row[1] == "human" and kind != "human" and not force:
                    counts.kept_human += 1
                    continue
                counts.replaced += row is not None
                counts.imported += 1
                self._db.execute(
                    "INSERT OR REPLACE INTO tm (source, target, origin, updated, kind) VALUES (?, ?, ?, ?, ?)",
                    (key, target, origin, now, kind),
                )
        return by_file

    def put(self, source: str, target: str, editor: str, action: str = "approved") -> None:
        """A person's entry from the review desk, with their name; a change to an existing
        entry is logged with the target it replaces."""
        self._change(source, target, editor, action)

    def remove(self, source: str, editor: str) -> bool:
        """Delete an entry (logged with its target); whether there was one."""
        return self._change(source, None, editor, "removed")

    def _change(self, source: str, target: str | None, editor: str, action: str) -> bool:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        key = normalize(source)
        try:
            with self._db:
                row = self._db.execute("SELECT target FROM tm WHERE source = ?", (key,)).fetchone()
                old = row[0] if row else None
                if old == target:
                    return row is not None  # nothing to change, nothing to log
                if target is None:
                    self._db.execute("DELETE FROM tm WHERE source = ?", (key,))
                else:
                    self._db.execute(
                        "INSERT OR REPLACE INTO tm (source, target, origin, updated, kind, editor) "
                        "VALUES (?, ?, 'review desk', ?, 'human', ?)",
                        (key, target, now, editor),
                    )
                self._db.execute(
                    "INSERT INTO tm_log VALUES (?, ?, ?, ?, ?, ?)", (now, editor, action, key, old, target)
                )
        except sqlite3.Error as err:
            raise OutputError(f"cannot change the translation memory {self.path}: {err}") from None
        self._sources = None
        self._closest.clear()
        return row is not None

    def search(self, text: str, limit: int = 50) -> list[dict[str, str | None]]:
        """Concordance: entries whose source or target holds `text` (SQLite's LIKE: ASCII
        letters in either case)."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._db.execute(
            "SELECT source, target, kind, origin, editor, updated FROM tm "
            "WHERE source LIKE ? ESCAPE '\\' OR target LIKE ? ESCAPE '\\' ORDER BY source LIMIT ?",
            (pattern, pattern, limit),
        )
        names = ("source", "target", "kind", "origin", "editor", "updated")
        return [dict(zip(names, row)) for row in rows]

    def lookup(self, source: str) -> str | None:
        try:
            row = self._db.execute("SELECT target FROM tm WHERE source = ?", (normalize(source),)).fetchone()
        except sqlite3.Error as err:  # the memory's fault, not the document's: the run stops
            raise OutputError(f"cannot read the translation memory {self.path}: {err}") from None
        return row[0] if row else None

    def closest(self, source: str, threshold: float) -> Suggestion | None:
        """The entry whose source is most like `source` (similarity ≥ `threshold`, 0–100);
        ties go to the entry that sorts first, so the answer never depends on the order read."""
        if self._sources is None:
            self._sources = [row[0] for row in self._db.execute("SELECT source FROM tm ORDER BY source")]
        if (source, threshold) in self._closest:
            return self._closest[(source, threshold)]
        if len(self._closest) > 10_000:
            self._closest.clear()
        found = process.extractOne(normalize(source), self._sources, scorer=fuzz.ratio, score_cutoff=threshold)
        near = None if found is None else Suggestion(found[0], self.lookup(found[0]) or "", round(found[1], 1))
        self._closest[(source, threshold)] = near
        return near

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM tm").fetchone()[0]

    def close(self) -> None:
        self._db.close()


@dataclasses.dataclass
class ImportCounts:
    imported: int = 0  # entries written (new or replacing)
    replaced: int = 0  # of those, entries that replaced a different target
    same: int = 0  # already in the memory with this target
    kept_human: int = 0  # machine targets that did not replace a person's entry (see --force)
    unchanged: int = 0  # segments nobody changed, not imported (see --all)
    not_in_run: int = 0  # with `against`: another tool's segments that are no sentence of that run

    def summary(self) -> str:
        """What the counts say, as `tm import` prints them."""
        kept = f", {self.kept_human} people's entries kept (see --force)" if self.kept_human else ""
        return (
            f"{self.imported} imported ({self.replaced} replaced an earlier target), "
            f"{self.unchanged} unchanged skipped, {self.same} already in the memory{kept}"
        )

    def add(self, other: ImportCounts) -> None:
        for item in dataclasses.fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


@dataclasses.dataclass
class ImportReport:
    files: list[tuple[Path, ImportCounts]]  # what each file gave, in the order given
    total: ImportCounts
    size: int  # entries in the memory afterwards


def import_files(
    tm_path: Path,
    files: Iterable[Path],
    against: Path | None = None,
    everything: bool = False,
    force: bool = False,
) -> ImportReport:
    """Store the segments people changed in edited files.

    A segment counts as a person's when its XLIFF state is reviewed or final; otherwise a
    target that still matches the file's written mark is machine output, whatever run wrote
    it, and any other is a person's when, with `against` (the run the files came from), it
    differs from the run's or the run's segment was edited (`apply`), or, without, the file
    has a written mark it no longer matches, or another tool wrote the file (OmegaT's
    project TMX, translate-toolkit's po2tmx) and does not mark the target as machine output.
    Other segments are skipped, unless `everything`, which imports them as machine output.
    With `against`, files without our ids are matched by source text and a file from
    another run is refused. Every file is read before any is stored.
    """
    files = [Path(f) for f in files]
    run, sentences, identities = None, None, []
    if against is not None:
        if not (Path(against) / SEGMENTS).is_file():
            raise OutputError(f"--against {against}: not a finished run of `efe-pipeline translate` (no {SEGMENTS})")
        run = {seg.id: seg for seg in read_segments(Path(against) / SEGMENTS)}
        sentences = Sentences.of(run.values())
        identities = [str(r) for r in read_manifest(Path(against)).get("runs", [])]
    entries, found = [], {str(path): ImportCounts() for path in files}
    for path in files:
        read = read_file(path)
        edits = read.edits
        if sentences is not None:
            check_run(path, read, identities, against)
            matched = match(path, read, sentences)
            edits, found[str(path)].not_in_run = matched.edits, matched.unmatched
        taken: set[tuple[str, str]] = set()  # one entry per sentence and target, however often the run has it
        for edit in edits:
            dateline = edit.id.endswith(DATELINE) or is_dateline(edit.source)
            if not (edit.target.strip() and edit.source.strip()) or dateline:
                continue  # empty, or a dateline: not a sentence to remember
            if (normalize(edit.source), edit.target) in taken:
                continue
            taken.add((normalize(edit.source), edit.target))
            seg = run.get(edit.id) if run is not None else None
            if seg is not None:
                check_source(edit, seg.source, path)
            persons = by_person(edit, seg, read.ours)
            if persons or everything:
                entries.append((edit.source, edit.target, "human" if persons else "machine", str(path)))
            else:
                found[str(path)].unchanged += 1
    memory = TranslationMemory(tm_path)
    try:
        stored = memory.store(entries, force)
        size = len(memory)
    finally:
        memory.close()
    total = ImportCounts()
    for name, counts in found.items():
        counts.add(stored.get(name, ImportCounts()))
        total.add(counts)
    return ImportReport([(path, found[str(path)]) for path in files], total, size)


def _tables(db: sqlite3.Connection) -> set[str]:
    """The names of a database's tables."""
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
