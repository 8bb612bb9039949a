"""Read TBX termbases (TBX-Basic / TBX 2 `termEntry`, TBX v3 `conceptEntry`) as glossary entries.

Parsing is safe (formats/xml.py): entity expansion and external entities are refused.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import IngestError
from pipeline.formats.xml import language, local_name, parse_safely
from pipeline.records import Entry

_GENDER = {"masculine": "m", "feminine": "f"}
_NUMBER = {"singular": "sg", "plural": "pl"}


def read_tbx(path: Path) -> tuple[list[Entry], list[str]]:
    """English–Spanish entries of a TBX file, and the problems found."""
    try:
        root = parse_safely(path)
    except IngestError as err:
        return [], [str(err)]
    entries: list[Entry] = []
    errors: list[str] = []
    for index, concept in enumerate(_all(root, "termEntry", "conceptEntry"), start=1):
        terms: dict[str, tuple[str, dict[str, str]]] = {}
        for lang in _all(concept, "langSet", "langSec"):
            code = language(lang)
            for holder in _all(lang, "tig", "ntig", "termSec"):
                term = next(iter(_all(holder, "term")), None)
                if term is not None and term.text and code not in terms:
                    notes = {n.get("type", ""): (n.text or "").strip() for n in _all(holder, "termNote")}
                    terms[code] = (term.text.strip(), notes)
        where = f"{path}: entry {index}"
        if "en" not in terms or "es" not in terms:
            errors.append(f"{where}: needs an English and a Spanish term")
            continue
        es, notes = terms["es"]
        if any(len(text.splitlines()) > 1 for text in (terms["en"][0], es)):
            errors.append(f"{where}: a term holds a line break; a glossary term is one line")
            continue
        entries.append(
            Entry(
                en=terms["en"][0],
                es=es,
                gender=_GENDER.get(notes.get("grammaticalGender", ""), ""),
                number=_NUMBER.get(notes.get("grammaticalNumber", ""), ""),
                dnt=terms["en"][0] == es,
                origin=where,
            )
        )
    return entries, errors


def _all(element, *names: str):
    """Descendants whose local name is one of `names` (any namespace)."""
    return [e for e in element.iter() if local_name(e) in names]
