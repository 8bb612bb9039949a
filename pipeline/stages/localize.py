"""Localize: raw Spanish MT output → Spanish news style (EFE / FundéuRAE), rule by rule.

Each rule is a function `str -> str` that can be switched off in LocalizeConfig.
Protected text (glossary terms already applied, URLs, e-mail addresses) is shielded
from every rule. The dateline rule works on the document, from the ingest stage's
dateline and the article date in metadata.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from pipeline.config import LocalizeConfig
from pipeline.records import Document, Segment
from pipeline.text import english
from pipeline.text.patterns import CLOCK_12H, URL_OR_EMAIL, clock_24h
from pipeline.text.protected import shield, unshield
from pipeline.text.spanish import (
    AMOUNT,
    CURRENCIES,
    DAYS,
    FUNCTION_WORDS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NBSP,
    PLACES,
    TITLES,
    amount_value,
    plain_digits,
    spanish_scale,
)


def rules(config: LocalizeConfig) -> dict[str, Callable[[str], str]]:
    """The rules switched on in `config`, by name, in the order they run."""
    chosen: dict[str, Callable[[str], str]] = {}
    if config.usa:
        chosen["usa"] = lambda text: normalize_usa(text, config.usa)
    if config.times:
        chosen["times"] = times_24h
    if config.numbers:
        chosen["numbers"] = money_and_numbers
    if config.titles:
        chosen["titles"] = lowercase_titles
    if config.days_months:
        chosen["days_months"] = lowercase_days_months
    if config.quotes:
        chosen["quotes"] = lambda text: spanish_quotes(text, config.quotes)
    if config.percent:
        chosen["percent"] = percent_sign
    if config.spacing:
        chosen["spacing"] = spacing  # last: other rules may leave a space behind
    return chosen


def localize_text(text: str, config: LocalizeConfig, protected: Iterable[str] = ()) -> str:
    """Apply the house-style rules to one Spanish segment, never inside protected text."""
    shielded, saved = _shield(text, protected)
    for rule in rules(config).values():
        shielded = rule(shielded)
    return unshield(shielded, saved)


@dataclasses.dataclass(frozen=True)
class LocalizeStage:
    """Localizes every translated segment and renders the dateline in Spanish form."""

    config: LocalizeConfig = LocalizeConfig()
    name: str = "localize"

    def __call__(self, doc: Document) -> Document:
        segments = tuple(self._segment(seg) for seg in doc.segments)
        dateline = (
            spanish_dateline(doc.dateline, doc.metadata.get("date"))
            if self.config.dateline and doc.dateline
            else doc.dateline
        )
        metadata = {**doc.metadata, "dateline_es": dateline} if dateline != doc.dateline else doc.metadata
        return dataclasses.replace(doc, segments=segments, metadata=metadata)

    def _segment(self, seg: Segment) -> Segment:
        if seg.target is None or not seg.translatable:
            return seg
        protected = [hit.target for hit in seg.terms]
        return dataclasses.replace(seg, target=localize_text(seg.target, self.config, protected))


def _shield(text: str, protected: Iterable[str]) -> tuple[str, list[str]]:
    terms = sorted({p for p in protected if p}, key=len, reverse=True)
    return shield(text, "|".join([re.escape(t) for t in terms] + [URL_OR_EMAIL]))


def normalize_usa(text: str, style: str) -> str:
    """EEUU, EE UU, EE.UU., EE. UU., USA and a bare "US" → the house form."""
    text = re.sub(r"\bEE\.?\s?UU\.?(?=\W|$)|\bEEUU\b|\bUSA\b|(?<![\w.])US(?!\w|\.\w|\$)", style, text)  # not US$
    return text.replace(style + ".", style)  # "a USA." → "a EE.UU.", not "EE.UU.."


def times_24h(text: str) -> str:
    """ "2 p.m." → "14.00", "10:15 a.m." → "10.15", "7:40 GMT" → "7.40 GMT"."""

    text = CLOCK_12H.sub(lambda m: "{}.{}".format(*clock_24h(m)), text)
    return re.sub(r"\b(\d{1,2}):(\d{2})\b", r"\1.\2", text)


# Amounts with more digits are left as written: scaled by 1,000 they would pass the 28
# significant digits that Decimal computes exactly by default (and no copy writes them).
MAX_DIGITS = 24
# An amount with a scale: after a currency sign any scale, bare only an English one (a
# Spanish scale without a currency sign is already right). Never inside "1e309".
_CURRENCY_NAME = r"(?:\s+de\s+(?:dólares|euros|libras))?"
_SCALED_AMOUNT = (
    rf"(?:US)?(?P<cur>[$€£])\s?(?P<num>{AMOUNT})\s(?P<scale>billion|trillion|million|bn|mn|mil millones|millones|"
    rf"billones)\b{_CURRENCY_NAME}|(?<![\w.,])(?P<bare>{AMOUNT})\s(?P<english>billion|trillion|million|bn|mn)\b"
    rf"{_CURRENCY_NAME}"
)


def money_and_numbers(text: str) -> str:
    """Amounts after the number, billion → mil millones, Spanish separators, "20 %"."""
    # A converted amount is shielded: its decimal comma ("2,345 millones") is Spanish already
    # and must not be read again as an English thousands separator.
    text, converted = shield(text, _SCALED_AMOUNT, _scaled_amount)
    text = re.sub(
        r"(?:US)?(?P<cur>[$€£])\s?(?P<num>\d+(?:[.,]\d+)*)(?!\w)",
        lambda m: f"{m.group('num')} {CURRENCIES[m.group('cur')]}",
        text,
    )
    text = re.sub(
        r"(?<![\d.,])(\d{1,3}(?:,\d{3})+)(\.\d+)?(?![\d,])",
        lambda m: m.group(1).replace(",", ".") + (m.group(2) or "").replace(".", ","),
        text,
    )
    text = re.sub(r"(?<![\d.,])(\d+)\.(\d+)(?![\d.,])(?!\s?(?:GMT|hora|horas|h\b))", _decimal_comma, text)
    return unshield(re.sub(r"(\d)\s?%", rf"\1{NBSP}%", text), converted)


def _scaled_amount(match: re.Match[str]) -> str:
    """ "$1.5 billion" → "1.500 millones de dólares", computed exactly."""
    currency, amount, scale = match["cur"], match["num"] or match["bare"], match["scale"] or match["english"]
    if sum(c.isdigit() for c in amount) > MAX_DIGITS:
        return match.group(0)  # left as written, never rounded
    number, word = spanish_scale(amount_value(amount), scale)
    if number == 1:
        word = {"millones": "millón", "billones": "billón"}[word]
    words = f"{_spanish_number(number)} {word}"
    return f"{words} de {CURRENCIES[currency]}" if currency else words


def _decimal_comma(match: re.Match[str]) -> str:
    whole, fraction = match.group(1), match.group(2)
    if len(fraction) == 3 and len(whole) <= 3:
        return match.group(0)  # "650.000" is already Spanish thousands
    if len(fraction) == 2 and len(whole) <= 2 and int(whole) < 24 and int(fraction) < 60:
        return match.group(0)  # a 24-hour time such as 17.00
    return f"{whole},{fraction}"


def _spanish_number(value: Decimal) -> str:
    """Every digit kept, thousands with points, decimals with a comma: 2345.5 → "2.345,5"."""
    whole, _, fraction = plain_digits(value).partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


def lowercase_titles(text: str) -> str:
    """ "el Presidente Donald Trump" → "el presidente Donald Trump".

    Not at a sentence start, and not after a capitalised word, which makes the title part
    of a name ("Asamblea General", "Comité General"); "el Secretario General" becomes
    "el secretario general" word by word.
    """
    pattern = re.compile(r"(?<=[\w,;:»”)] )(" + "|".join(t.capitalize() for t in TITLES) + r")\b")

    def lower(match: re.Match[str]) -> str:
        raw = text[max(0, match.start() - 200) : match.start()].split()[-1]  # the word before (bounded)
        previous = raw.strip(",;:»”)")
        in_name = raw == previous and previous[:1].isupper() and previous.lower() not in FUNCTION_WORDS
        return match.group(1) if in_name else match.group(1).lower()

    for _ in range(3):
        changed = pattern.sub(lower, text)
        if changed == text:
            break
        text = changed
    return text


def lowercase_days_months(text: str) -> str:
    pattern = r"(?<=[\w,;:»”)] )(" + "|".join(w.capitalize() for w in DAYS + MONTHS) + r")\b"
    return re.sub(pattern, lambda m: m.group(1).lower(), text)


def spanish_quotes(text: str, style: str) -> str:
    """Straight and English quotes → one Spanish style; a period or comma goes after the closing mark."""
    outer, inner = (("«", "»"), ("“", "”")) if style == "angular" else (("“", "”"), ("‘", "’"))
    out, depth = [], 0
    lead = len(text) - len(text.lstrip())  # a quote at or before this index opens the text
    for index, char in enumerate(text):
        if char in '"“”«»':
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            opening = char in "“«" or (
                char == '"'
                and (before.isspace() or before in "(¿¡—–-[")
                and (after.isalnum() or after in "¿¡'‘" or index <= lead)
            )
            if opening:
                out.append(outer[0] if depth == 0 else inner[0])
                depth += 1
            else:
                depth = max(depth - 1, 0)
                out.append(outer[1] if depth == 0 else inner[1])
        else:
            out.append(char)
    result = "".join(out)
    result = re.sub(rf"([{re.escape(outer[0] + inner[0])}])\s+", r"\1", result)  # no space inside the marks
    result = re.sub(rf"\s+([{re.escape(outer[1] + inner[1])}])", r"\1", result)
    return re.sub(rf"(?<!UU)([.,])([{re.escape(outer[1] + inner[1])}]+)", r"\2\1", result)  # not "EE.UU."


# a space or two before punctuation, after an opening mark, before a closing one
_SPACE_BEFORE = re.compile(r"(?<=\S)[ \t]+(?=[,;:?!»”)\]]|\.(?!\.\.))")
_SPACE_AFTER = re.compile(r"(?<=[«“(\[¿¡])[ \t]+")


def spacing(text: str) -> str:
    """Runs of spaces → one; no space before , . ; : ? ! or a closing mark, none after an
    opening one ("vecino , nuestro" → "vecino, nuestro", "( EFE )" → "(EFE)")."""
    text = re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", text)
    return _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))


def percent_sign(text: str) -> str:
    """ "38,6 por ciento" → "38,6 %" (with a no-break space), as EFE writes percentages."""
    return re.sub(r"(\d)\s+por\s+ciento\b", rf"\1{NBSP}%", text)


def spanish_dateline(dateline: str, date: str | None = None) -> str:
    """ "Mexico City (EFE).–" + "2017-02-23" → "Ciudad de México, 23 feb (EFE).-"."""
    match = re.match(r"(?P<place>[^,(]+?)(?:,\s*(?P<when>[A-Z][a-z]{2,4}\.?\s+\d{1,2}))?\s*\(EFE\)", dateline)
    if not match:
        return dateline
    place = match.group("place").strip()
    spanish_place = PLACES.get(place.lower(), place.title() if place.isupper() else place)
    day_month = ""
    if date and re.match(r"\d{4}-\d{2}-\d{2}", date):
        day_month = f"{int(date[8:10])} {MONTH_ABBREVIATIONS[int(date[5:7]) - 1]}"
    elif match.group("when"):
        month, day = (
            match.group("when").rstrip(".").split(".")[0].split()[0][:3].lower(),
            match.group("when").split()[-1],
        )
        if month in english.MONTH_ABBREVIATIONS:
            day_month = f"{int(day)} {MONTH_ABBREVIATIONS[english.MONTH_ABBREVIATIONS.index(month)]}"
    return f"{spanish_place}{', ' + day_month if day_month else ''} (EFE).-"
