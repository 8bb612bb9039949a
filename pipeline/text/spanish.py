"""Spanish word tables: titles, articles, calendar words, number words and scales, currencies."""

from __future__ import annotations

import re
from decimal import Decimal

NBSP = "\u00a0"
TITLES = (
    "presidente presidenta vicepresidente vicepresidenta secretario secretaria ministro ministra "
    "canciller gobernador gobernadora senador senadora alcalde alcaldesa fiscal portavoz director "
    "directora jefe jefa embajador embajadora general comandante juez jueza congresista representante"
).split()
FUNCTION_WORDS = frozenset(
    "el la los las un una unos unas del al y e o u con por para según ante tras sin sobre entre".split()
)
# Article by (gender, number), and the prepositions that end a term's head words.
ARTICLES = {("m", "sg"): "el", ("f", "sg"): "la", ("m", "pl"): "los", ("f", "pl"): "las"}
INDEFINITE_ARTICLES = {("m", "sg"): "un", ("f", "sg"): "una", ("m", "pl"): "unos", ("f", "pl"): "unas"}
PREPOSITIONS = ("de", "del", "en", "para", "con", "y", "e", "sobre")
PLURAL_EXCEPTIONS = {
    "orden": "órdenes",
    "joven": "jóvenes",
    "régimen": "regímenes",
    "examen": "exámenes",
    "origen": "orígenes",
}
DAYS = "lunes martes miércoles jueves viernes sábado domingo".split()
MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
MONTH_ABBREVIATIONS = "ene feb mar abr may jun jul ago sep oct nov dic".split()
NUMBER_WORDS = (
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis diecisiete dieciocho diecinueve veinte"
).split()
CURRENCIES = {"$": "dólares", "€": "euros", "£": "libras"}
# Datelines: English place names and their Spanish form.
PLACES = {
    "mexico city": "Ciudad de México",
    "washington": "Washington",
    "havana": "La Habana",
    "bogota": "Bogotá",
    "bogotá": "Bogotá",
    "madrid": "Madrid",
    "buenos aires": "Buenos Aires",
    "lima": "Lima",
    "santiago": "Santiago de Chile",
    "quito": "Quito",
    "new york": "Nueva York",
    "london": "Londres",
    "miami": "Miami",
    "caracas": "Caracas",
}
# Number scales in millions, English and Spanish: the US billion is "mil millones",
# the US trillion a Spanish "billón".
MILLIONS = {
    "million": 1,
    "billion": 1000,
    "bn": 1000,
    "mn": 1,
    "trillion": 1_000_000,
    "millones": 1,
    "mil millones": 1000,
    "billones": 1_000_000,
}


def spanish_scale(value: Decimal, scale: str) -> tuple[Decimal, str]:
    """An amount in an English or Spanish `scale` as Spanish news says it: (number, word).

    Decimal, not float: "$2.345 billion" must come out as 2.345 millions to the digit.
    """
    factor = MILLIONS[scale.lower()]
    return (value, "billones") if factor == 1_000_000 else (value * factor, "millones")


# An amount as English copy writes it: "1,500.75", "1.5", or "2,5" (a decimal comma)
AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"


def amount_value(amount: str) -> Decimal:
    """The exact value of an `AMOUNT`: a comma before other than three digits is a decimal
    comma ("2,5"), otherwise it separates thousands ("1,500")."""
    if re.fullmatch(r"\d+,(?:\d{1,2}|\d{4,})", amount):
        return Decimal(amount.replace(",", "."))
    return Decimal(amount.replace(",", ""))


def plain_digits(value: Decimal) -> str:
    """A Decimal written out in full, never in exponent form: Decimal("1.5E+3") → "1500"."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
