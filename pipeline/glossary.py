"""Glossaries: house terms, titles, epithets and do-not-translate names.

Format (glossaries/*.tsv): UTF-8, tab-separated, `#` comment lines, a header row with
en, es, es_feminine, gender (m/f), number (sg/pl), case (exact/any), dnt (yes/no),
context, avoid (Spanish variants to correct, separated by |). TBX files (TBX-Basic,
TBX v3) are read too. Problems are reported with file and line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pipeline.errors import PipelineError

COLUMNS = ("en", "es", "es_feminine", "gender", "number", "case", "dnt", "context", "avoid")
_ALLOWED = {"gender": {"", "m", "f"}, "number": {"", "sg", "pl"}, "case": {"", "exact", "any"}, "dnt": {"", "yes", "no"}}


class GlossaryError(PipelineError):
    """A glossary that cannot be used; the message lists every problem with file:line."""


@dataclass(frozen=True)
class Entry:
    """One glossary entry."""

    en: str
    es: str
    es_feminine: str = ""
    gender: str = ""
    number: str = ""
    case_sensitive: bool = True
    dnt: bool = False
    context: str = ""
    avoid: tuple[str, ...] = ()
    origin: str = ""  # "file:line", for messages

    def target(self, feminine: bool = False) -> str:
        return self.es_feminine if feminine and self.es_feminine else self.es

    def key(self) -> str:
        return self.en if self.case_sensitive else self.en.casefold()


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]
    warnings: tuple[str, ...] = field(default=())


def load_glossaries(paths: list[Path]) -> Glossary:
    """Read and check glossaries; raise GlossaryError listing every error."""
    entries, errors = _read_all(paths)
    more_errors, warnings = check_entries(entries)
    errors += more_errors
    if errors:
        raise GlossaryError("glossary problems:\n  " + "\n  ".join(errors))
    return Glossary(tuple(entries), tuple(warnings))


def check_files(paths: Iterable[Path]) -> tuple[int, list[str], list[str]]:
    """(number of entries, errors, warnings) over glossary files, for `glossary check`."""
    entries, errors = _read_all(paths)
    more_errors, warnings = check_entries(entries)
    return len(entries), errors + more_errors, warnings


def _read_all(paths: Iterable[Path]) -> tuple[list[Entry], list[str]]:
    entries: list[Entry] = []
    errors: list[str] = []
    for path in paths:
        found, bad = read_entries(Path(path))
        entries.extend(found)
        errors.extend(bad)
    return entries, errors


def read_entries(path: Path) -> tuple[list[Entry], list[str]]:
    """Entries of one file, and the problems found reading it."""
    if not path.is_file():
        return [], [f"{path}: no such file"]
    if path.suffix.lower() in (".tbx", ".xml"):
        from pipeline.tbx import read_tbx

        return read_tbx(path)
    return _read_tsv(path)


def check_entries(entries: list[Entry]) -> tuple[list[str], list[str]]:
    """Duplicates and conflicts are errors; entries hidden inside longer ones are warnings."""
    errors: list[str] = []
    warnings: list[str] = []
    first: dict[str, Entry] = {}
    for entry in entries:
        earlier = first.get(entry.key())
        if earlier is None:
            first[entry.key()] = entry
        elif earlier.es == entry.es:
            errors.append(f"{entry.origin}: '{entry.en}' repeats {earlier.origin}; delete one")
        elif earlier.context != entry.context:
            warnings.append(f"{entry.origin}: '{entry.en}' differs from {earlier.origin} by context; {earlier.origin} is applied")
        else:
            errors.append(f"{entry.origin}: '{entry.en}' → '{entry.es}' conflicts with {earlier.origin} ('{earlier.es}')")
    for short in first.values():
        for long in first.values():
            if short is not long and f" {short.en.casefold()} " in f" {long.en.casefold()} " and short.es.casefold() not in long.es.casefold():
                warnings.append(f"{short.origin}: '{short.en}' is shadowed inside '{long.en}' ({long.origin}), which wins where both match")
    return errors, warnings


def _read_tsv(path: Path) -> tuple[list[Entry], list[str]]:
    entries: list[Entry] = []
    errors: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [], [f"{path}: not valid UTF-8; save it as UTF-8"]
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        where = f"{path}:{number}"
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in ("en", "es") if c not in header]
            unknown = [c for c in header if c not in COLUMNS]
            if missing or unknown:
                return [], [f"{where}: bad header: {', '.join([f'missing {m}' for m in missing] + [f'unknown column {u}' for u in unknown])}; expected {' '.join(COLUMNS)}"]
            continue
        if len(cells) != len(header):
            errors.append(f"{where}: {len(cells)} cells, the header has {len(header)} (tabs inside a cell?)")
            continue
        row = {name: cell.strip() for name, cell in zip(header, cells)}
        problem = _row_problem(row)
        if problem:
            errors.append(f"{where}: {problem}")
            continue
        dnt = row.get("dnt") == "yes"
        entries.append(
            Entry(
                en=row["en"],
                es=row["es"] or row["en"],
                es_feminine=row.get("es_feminine", ""),
                gender=row.get("gender", ""),
                number=row.get("number", ""),
                case_sensitive=row.get("case", "exact") != "any",
                dnt=dnt,
                context=row.get("context", ""),
                avoid=tuple(v.strip() for v in row.get("avoid", "").split("|") if v.strip()),
                origin=where,
            )
        )
    if header is None:
        errors.append(f"{path}: empty glossary (no header row)")
    return entries, errors


def _row_problem(row: dict[str, str]) -> str:
    if not row["en"]:
        return "empty 'en' cell"
    if not row["es"] and row.get("dnt") != "yes":
        return f"empty 'es' cell for '{row['en']}' (leave it empty only for dnt=yes entries)"
    for name, allowed in _ALLOWED.items():
        if row.get(name, "") not in allowed:
            return f"{name} '{row[name]}' is not one of {', '.join(sorted(a for a in allowed if a))}"
    return ""
