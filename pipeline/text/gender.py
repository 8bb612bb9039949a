"""A Spanish title before a named person takes the person's gender.

Engines give a title their default gender ("el alcalde de Huancayo, Rosa Quispe", "la
jefa de Defensa Civil, Ramón Castillo"). When the person's gender is known, from the
glossary (a dnt name with a gender) or from the first name (gender-guesser's list of
first names), the title and its article follow it; an unknown or ambiguous first name
keeps the engine's choice. A modifier goes with the title: "ex", "vice" and "entonces"
before it, "interino", "adjunto", "electo" (which agree too), "suplente", "anterior", "en
funciones" after it ("Presidente interino Grace Bell" → "Presidenta interina Grace Bell").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from gender_guesser.detector import Detector

# masculine → feminine; a title written the same for both ("fiscal") changes its article only
_FORMS = {
    "primer ministro": "primera ministra",
    "alcalde": "alcaldesa",
    "presidente": "presidenta",
    "vicepresidente": "vicepresidenta",
    "expresidente": "expresidenta",
    "ministro": "ministra",
    "viceministro": "viceministra",
    "jefe": "jefa",
    "secretario": "secretaria",
    "subsecretario": "subsecretaria",
    "director": "directora",
    "gobernador": "gobernadora",
    "senador": "senadora",
    "diputado": "diputada",
    "embajador": "embajadora",
    "juez": "jueza",
    "concejal": "concejala",
    "consejero": "consejera",
    "asesor": "asesora",
    "candidato": "candidata",
    "coordinador": "coordinadora",
    "comisionado": "comisionada",
    "procurador": "procuradora",
    "defensor": "defensora",
    "doctor": "doctora",
    "fiscal": "fiscal",
    "portavoz": "portavoz",
    "canciller": "canciller",
    "general": "general",
    "líder": "líder",
    "representante": "representante",
    "comandante": "comandante",
    "gerente": "gerente",
}
_MASCULINE = {fem: masc for masc, fem in _FORMS.items()}
# Spanish modifiers after a title, masculine → feminine ("presidente interino", "jefe adjunto")
_MODIFIERS = {
    "interino": "interina",
    "adjunto": "adjunta",
    "electo": "electa",
    "suplente": "suplente",
    "anterior": "anterior",
    "saliente": "saliente",
    "entrante": "entrante",
    "en funciones": "en funciones",
}
_MODIFIER_MASCULINE = {fem: masc for masc, fem in _MODIFIERS.items()}
_ARTICLE = {("el", "f"): "la", ("la", "m"): "el"}
# [de|a] [article] title, then the name right after it ("presidenta Lucía Montoya"), after a
# complement of capitalised words ("ministra de Turismo Elena Marín"), or in apposition
# after a short complement and a comma ("la alcaldesa de Huancayo, Rosa Quispe"); never
# across a verb or another name ("la jefa de la delegación dio las gracias a Rosa Quispe").
_COMPLEMENT = r"\s+(?:de|del|de la|de los|de las)\s+"
_BEFORE_NAME = (
    r"(?:(?P<prep>\b(?:[Dd]e|[Aa]))\s+)?(?P<art>\b(?:[Ee]l|[Ll]a|[Dd]el|[Aa]l)\s+)?"
    r"(?P<then>\b[Ee]ntonces[\s-]+)?\b(?P<pre>(?:[Ee]x|[Vv]ice)(?:-|\s+)?)?(?P<title>(?:{titles}))\b"
    r"(?P<mod>\s+(?:{modifiers}))?"
    r"(?P<mid>(?:" + _COMPLEMENT + r"(?:[A-ZÁÉÍÓÚÑ][\w-]*\s+){{1,3}}"
    r"|" + _COMPLEMENT + r"(?:[\w-]+\s+){{0,3}}[\w-]+,\s+|,\s+|\s+)(?:general\s+|Gen\.\s+)?)(?={name}\b)"
)
_LONGEST_FIRST = sorted({*_FORMS, *_FORMS.values()}, key=len, reverse=True)  # "primer ministro" before "ministro"
_TITLES = "|".join(form for title in _LONGEST_FIRST for form in (title, title.capitalize()))
_MODIFIER_FORMS = "|".join(sorted({*_MODIFIERS, *_MODIFIERS.values()}, key=len, reverse=True))


def agree_titles(text: str, names: Iterable[tuple[str, str | None]]) -> str:
    """`text` with the titles before each (name, gender or None) made to agree: one pass over
    the text per gender, however many names (a pass per name made a long paragraph with many
    names quadratic)."""
    by_gender: dict[str, set[str]] = {}
    for name, gender in names:
        gender = gender or first_name_gender(name)
        if gender:
            by_gender.setdefault(gender, set()).add(name)
    for gender, found in sorted(by_gender.items()):
        either = "|".join(re.escape(name) for name in sorted(found, key=lambda n: (-len(n), n)))
        pattern = _BEFORE_NAME.format(titles=_TITLES, modifiers=_MODIFIER_FORMS, name=f"(?:{either})")
        text = re.sub(pattern, functools.partial(_agree, gender=gender), text)
    return text


def is_title(term: str) -> bool:
    """Whether a Spanish term is a title before a person's name, in either gender
    ("líder de la mayoría del Senado", "secretaria de Estado", "general")."""
    lower = term.lower()
    return any(lower.startswith(title) and lower[len(title) : len(title) + 1] in ("", " ") for title in _LONGEST_FIRST)


def other_gender(term: str) -> str | None:
    """The same title in the other gender ("gobernador de X" ↔ "gobernadora de X"), or None."""
    for title in _LONGEST_FIRST:
        if term.lower().startswith(title) and (len(term) == len(title) or term[len(title)] == " "):
            other = _FORMS.get(title) or _MASCULINE[title]
            if other == title:
                return None
            other = other[0].upper() + other[1:] if term[0].isupper() else other
            return other + term[len(title) :]
    return None


def _agree(match: re.Match[str], gender: str) -> str:
    title = match.group("title")
    wanted = (_FORMS if gender == "f" else _MASCULINE).get(title.lower(), title.lower())
    prep = (match.group("prep") or "").lower()
    art = (match.group("art") or "").strip().lower()
    if art in ("del", "al"):
        prep, art = {"del": "de", "al": "a"}[art], "el"
    if art:
        art = "la" if gender == "f" else "el"
    if prep and art == "el":
        words = ["del" if prep == "de" else "al"]
    else:
        words = [w for w in (prep, art) if w]
    words.append((match.group("then") or "") + (match.group("pre") or "") + wanted)
    phrase = " ".join(words)
    if match.group(0)[0].isupper():
        phrase = phrase[0].upper() + phrase[1:]
    modifier = match.group("mod") or ""
    if modifier:
        word = modifier.strip()
        agreed = (_MODIFIERS if gender == "f" else _MODIFIER_MASCULINE).get(word, word)
        modifier = modifier[: len(modifier) - len(word)] + agreed
    return phrase + modifier + match.group("mid")


@functools.lru_cache(maxsize=4096)
def first_name_gender(name: str) -> str | None:
    """ "f" or "m" from the first word of a name, when gender-guesser's list is sure of it
    (not for its "mostly" or "andy" names: Kim, Cruz, Robin)."""
    found = _detector().get_gender(name.split()[0])
    return {"female": "f", "male": "m"}.get(found)


@functools.lru_cache(maxsize=1)
def _detector() -> Detector:
    return Detector()  # reads its list of first names once
