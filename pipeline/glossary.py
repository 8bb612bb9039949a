"""Glossaries: house terms, titles, epithets and do-not-translate names.

Read from glossary TSV files (pipeline/formats/glossary_tsv.py) or TBX termbases
(pipeline/formats/tbx.py), then checked as a whole: duplicates and conflicts are
errors, entries hidden inside longer ones are warnings, each with file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import GlossaryError
from pipeline.formats.glossary_tsv import read_glossary_tsv
from pipeline.formats.tbx import read_tbx
from pipeline.records import Entry


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
        return read_tbx(path)
    return read_glossary_tsv(path)


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
            warnings.append(
                f"{entry.origin}: '{entry.en}' differs from {earlier.origin} by context; {earlier.origin} is applied"
            )
        else:
            errors.append(
                f"{entry.origin}: '{entry.en}' → '{entry.es}' conflicts with {earlier.origin} ('{earlier.es}')"
            )
    warnings += _shadowed(list(first.values()))
    return errors, warnings


def _shadowed(entries: list[Entry]) -> list[str]:
    """Entries found, as whole words, inside a longer entry with another translation.

    Each entry's word sequences are looked up in an index, so the check grows with the
    number of entries, not with its square.
    """
    index: dict[str, list[int]] = {}
    for number, entry in enumerate(entries):
        index.setdefault(entry.en.casefold(), []).append(number)
    pairs = []
    for outer, long in enumerate(entries):
        words = long.en.casefold().split(" ")
        phrases = {" ".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, len(words) + 1)}
        for phrase in phrases:
            for inner in index.get(phrase, ()):
                short = entries[inner]
                if inner != outer and short.es.casefold() not in long.es.casefold():
                    pairs.append((inner, outer))
    return [
        f"{entries[i].origin}: '{entries[i].en}' is shadowed inside '{entries[o].en}' ({entries[o].origin}), "
        "which wins where both match"
        for i, o in sorted(pairs)
    ]
