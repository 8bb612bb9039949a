"""Glossary TSV (glossaries/*.tsv): the house format for terms, titles, epithets and names.

UTF-8 (a byte-order mark is fine), tab-separated, `#` comment lines, a header row naming
the columns used: en, es, es_feminine, gender (m/f), number (sg/pl), case (exact/any),
dnt (yes/no), context, avoid (Spanish variants to correct, separated by |), source (where
the rendering is documented; read by people, not by the pipeline). A row may stop after the
columns it uses. Lines end in "\\n", "\\r\\n" or "\\r" (Excel for Mac): any other line break
(U+2028, NEL…) in a cell is an error, as are a row of nothing but tabs and a cell over 128 KB.
Problems come with file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.records import Entry

COLUMNS = ("en", "es", "es_feminine", "gender", "number", "case", "dnt", "context", "avoid", "source")
_ALLOWED = {
    "gender": {"", "m", "f"},
    "number": {"", "sg", "pl"},
    "case": {"", "exact", "any"},
    "dnt": {"", "yes", "no"},
}
MAX_CELL = 128 * 1024  # characters; a longer cell is a mistake (a file pasted into a cell)
# What str.splitlines (and so other TSV readers) breaks lines on besides "\n" and "\r", by name.
LINE_BREAKS = {
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1c": "file separator",
    "\x1d": "group separator",
    "\x1e": "record separator",
    "\x85": "next line, NEL",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
}
_LINE_BREAK = re.compile(f"[{''.join(LINE_BREAKS)}]")


def read_glossary_tsv(path: Path) -> tuple[list[Entry], list[str]]:
    """Entries of one glossary TSV file, and the problems found reading it."""
    entries: list[Entry] = []
    errors: list[str] = []
    try:
        # a byte-order mark (spreadsheets write one) is fine; "\r\n" and "\r" are read as "\n"
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [], [f"{path}: not valid UTF-8; save it as UTF-8"]
    header: list[str] | None = None
    # not str.splitlines: every other line break is refused inside a cell
    for number, line in enumerate(text.split("\n"), start=1):
        where = f"{path}:{number}"
        bare = line.strip(" \t")  # not str.strip: a lone U+2028 is a line break, not a blank line
        if not bare and "\t" in line:
            errors.append(f"{where}: an empty row (nothing but tabs and spaces); delete it")
        if not bare or bare.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            problem = _header_problem(cells, line)
            if problem:
                return [], [f"{where}: {problem}"]
            header = [c.strip() for c in cells]
            continue
        problem = _cells_problem(cells, header)
        if problem:
            errors.append(f"{where}: {problem}")
            continue
        cells += [""] * (len(header) - len(cells))  # a row may stop after the columns it uses
        row = {name: cell.strip() for name, cell in zip(header, cells)}
        problem = _row_problem(row)
        if problem:
            errors.append(f"{where}: {problem}")
            continue
        entries.append(
            Entry(
                en=row["en"],
                es=row["es"] or row["en"],
                es_feminine=row.get("es_feminine", ""),
                gender=row.get("gender", ""),
                number=row.get("number", ""),
                case_sensitive=row.get("case", "exact") != "any",
                dnt=row.get("dnt") == "yes",
                context=row.get("context", ""),
                avoid=tuple(v.strip() for v in row.get("avoid", "").split("|") if v.strip()),
                origin=where,
            )
        )
    if header is None:
        errors.append(f"{path}: empty glossary (no header row)")
    return entries, errors


def _header_problem(cells: list[str], line: str) -> str:
    """Why the header row cannot be read (no tabs, a column missing, unknown or twice), or ""."""
    problem = _cells_problem(cells, [])
    if problem:
        return problem
    if "\t" not in line and ("," in line or "  " in line or " es" in line):
        separator = "commas" if "," in line else "spaces"
        return f"the header has no tabs: the file seems to use {separator}; columns are tab-separated"
    header = [c.strip() for c in cells]
    missing = [c for c in ("en", "es") if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    unknown += [f"{c} (twice)" for c in dict.fromkeys(c for c in header if header.count(c) > 1)]
    if not missing and not unknown:
        return ""
    found = [f"missing {m}" for m in missing] + [f"unknown column {u}" for u in unknown]
    return f"bad header: {', '.join(found)}; expected {' '.join(COLUMNS)}"


def _cells_problem(cells: list[str], header: list[str]) -> str:
    """Too many cells, a cell too long, or a line break inside a cell ("" when none).

    Checked before cells are stripped: a cell of nothing but U+2028 is a line break, not an
    empty cell."""
    if header and len(cells) > len(header):
        return f"{len(cells)} cells, the header has {len(header)} (tabs inside a cell?)"
    for index, cell in enumerate(cells):
        name = f"the '{header[index]}' cell" if header else "the header"
        if len(cell) > MAX_CELL:
            return f"{name} is {len(cell):,} characters long (at most {MAX_CELL:,}): a glossary cell is a term"
        found = _LINE_BREAK.search(cell)
        if found:
            char = found.group()
            return (
                f"U+{ord(char):04X} ({LINE_BREAKS[char]}) in {name}: a glossary term is one line; delete the character"
            )
    return ""


def _row_problem(row: dict[str, str]) -> str:
    if not row["en"]:
        return "empty 'en' cell"
    if not row["es"] and row.get("dnt") != "yes":
        return f"empty 'es' cell for '{row['en']}' (leave it empty only for dnt=yes entries)"
    for name, allowed in _ALLOWED.items():
        if row.get(name, "") not in allowed:
            return f"{name} '{row[name]}' is not one of {', '.join(sorted(a for a in allowed if a))}"
    return ""
