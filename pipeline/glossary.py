"""Glossaries: house terms, titles, epithets and do-not-translate names.

Read from glossary TSV files (pipeline/formats/glossary_tsv.py) or TBX termbases
(pipeline/formats/tbx.py), then checked as a whole: duplicates and conflicts are
errors (unless each row names its own context: then a warning), as is a target holding
a protection marker; entries hidden inside longer ones are warnings; each with file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import GlossaryError
from pipeline.formats.glossary_tsv import read_glossary_tsv
from pipeline.formats.tbx import read_tbx
from pipeline.records import Entry
from pipeline.text.protected import LEFTOVER


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
    """Markers in a target, duplicates and conflicts are errors; one term rendered two ways
    by context, and entries hidden inside longer ones, are warnings."""
    errors: list[str] = []
    warnings: list[str] = []
    applied: list[Entry] = []  # the first entry of each term: the one a run applies
    seen: dict[str, list[Entry]] = {}  # casefolded term → its entries so far
    for entry in entries:
        marker = _marker(entry)
        if marker:
            errors.append(marker)
            continue
        same = seen.setdefault(entry.en.casefold(), [])
        earlier = [e for e in same if _same_term(e, entry)]
        same.append(entry)
        if not earlier:
            applied.append(entry)
            continue
        error, warning = _two_rows(earlier, entry)
        errors += [error] if error else []
        warnings += [warning] if warning else []
    warnings += _shadowed(applied)
    return errors, warnings


def _marker(entry: Entry) -> str:
    """An error when a target holds a protection marker (a placeholder word, ⟦ or ⟧), which
    the pipeline would take for a protected span and which would reach the published text."""
    for column, target in (("es", entry.es), ("es_feminine", entry.es_feminine)):
        found = LEFTOVER.search(target)
        if found:
            return (
                f"{entry.origin}: '{entry.en}' → '{target}' ({column}): '{found.group()}' is one of the "
                "pipeline's protection markers, not Spanish; a run would publish it"
            )
    return ""


def _same_term(a: Entry, b: Entry) -> bool:
    """Whether some English text matches both entries: the same spelling, or the same
    letters in any case when either entry's case is `any` (as the matcher looks them up)."""
    if a.case_sensitive and b.case_sensitive:
        return a.en == b.en
    return a.en.casefold() == b.en.casefold()


def _two_rows(earlier: list[Entry], entry: Entry) -> tuple[str, str]:
    """(error, warning) for an entry whose term earlier rows already have."""
    term = f"'{entry.en}'"
    repeated = next((e for e in earlier if e.es == entry.es), None)
    if repeated is not None:
        spelled = f" ('{repeated.en}')" if repeated.en != entry.en else ""
        return f"{entry.origin}: {term} repeats {repeated.origin}{spelled}; delete one", ""
    clash = next((e for e in earlier if not _told_apart(e, entry)), None)
    if clash is not None:
        other = f"'{clash.es}'" if clash.en == entry.en else f"'{clash.en}' → '{clash.es}'"
        return (
            f"{entry.origin}: {term} → '{entry.es}' conflicts with {clash.origin} ({other}); "
            "keep one, or give each row its own context",
            "",
        )
    first = earlier[0]
    return "", (
        f"{entry.origin}: {term} has one rendering per context: '{first.es}' for '{first.context}' "
        f"({first.origin}), '{entry.es}' for '{entry.context}' ({entry.origin}); {_applied(first, entry)}"
    )


def _told_apart(a: Entry, b: Entry) -> bool:
    """Two renderings may stand when each row names its own context (for editors)."""
    return bool(a.context and b.context) and a.context.casefold() != b.context.casefold()


def _applied(first: Entry, later: Entry) -> str:
    """Which rendering a run applies: it does not read contexts."""
    if first.case_sensitive == later.case_sensitive:
        return f"a run applies '{first.es}' ({first.origin})"
    exact, other = (first, later) if first.case_sensitive else (later, first)
    return f"a run applies '{exact.es}' to '{exact.en}' as written, and '{other.es}' to other spellings"


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
        # the phrases inside the term, never the whole term: a term is not shadowed by itself
        phrases = {" ".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, len(words) + 1)}
        phrases.discard(" ".join(words))
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
