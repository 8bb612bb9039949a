"""Glossary TSV (glossaries/*.tsv): the house format for terms, titles, epithets and names.

UTF-8 (a byte-order mark is fine), tab-separated, `#` comment lines, a header row naming
the columns used: en, es, es_feminine, gender (m/f), number (sg/pl), case (exact/any),
dnt (yes/no), context, avoid (Spanish variants to correct, separated by |), source (where
the rendering is documented; read by people, not by the pipeline). A row may stop after the
columns it uses. Problems come with file and line.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.records import Entry

COLUMNS = ("en", "es", "es_feminine", "gender", "number", "case", "dnt", "context", "avoid", "source")
_ALLOWED = {
    "gender": {"", "m", "f"},
    "number": {"", "sg", "pl"},
    "case": {"", "exact", "any"},
    "dnt": {"", "yes", "no"},
}


def read_glossary_tsv(path: Path) -> tuple[list[Entry], list[str]]:
    """Entries of one glossary TSV file, and the problems found reading it."""
    entries: list[Entry] = []
    errors: list[str] = []
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark (spreadsheets write one) is fine
    except UnicodeDecodeError:
        return [], [f"{path}: not valid UTF-8; save it as UTF-8"]
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        where = f"{path}:{number}"
        if header is None:
            if "\t" not in line and ("," in line or "  " in line or " es" in line):
                separator = "commas" if "," in line else "spaces"
                return [], [
                    f"{where}: the header has no tabs: the file seems to use {separator}; columns are tab-separated"
                ]
            header = [c.strip() for c in cells]
            missing = [c for c in ("en", "es") if c not in header]
            unknown = [c for c in header if c not in COLUMNS]
            unknown += [f"{c} (twice)" for c in dict.fromkeys(c for c in header if header.count(c) > 1)]
            if missing or unknown:
                return [], [
                    f"{where}: bad header: "
                    f"{', '.join([f'missing {m}' for m in missing] + [f'unknown column {u}' for u in unknown])}; "
                    f"expected {' '.join(COLUMNS)}"
                ]
            continue
        if len(cells) > len(header):
            errors.append(f"{where}: {len(cells)} cells, the header has {len(header)} (tabs inside a cell?)")
            continue
        cells += [""] * (len(header) - len(cells))  # a row may stop after the columns it uses
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
