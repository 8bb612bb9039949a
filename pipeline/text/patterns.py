"""Patterns that several stages must agree on: clock times, dates and URLs."""

from __future__ import annotations

import calendar
import re

# "2 p.m.", "10:15 a.m.", "3.40am" (not inside a longer number or a word).
CLOCK_12H = re.compile(r"(?<![\w:.])(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)
# "Feb. 8", "February 8, 2027", "Sept. 30" (a month, then a day; the year is optional),
# with the preposition before it, which Spanish says with an article: "on Feb. 8" → "el 8
# de febrero", "since Feb. 8" → "desde el 8 de febrero". Not a range ("March 3-5", "Jan. 5
# and 6"): engines must see it whole.
_MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
_ENGLISH_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_PREPOSITIONS = {"on": "el", "since": "desde el", "until": "hasta el", "by": "para el"}
DATE_EN = re.compile(
    r"(?:\b([Oo]n|[Ss]ince|[Uu]ntil|[Bb]y) )?"
    r"\b(Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|Aug(?:ust|\.)?"
    r"|Sep(?:tember|t?\.)|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
    r" (\d{1,2})(?:st|nd|rd|th)?\b(?!:|\.\d|,\d|\s*[-–—/]\s*\d| (?:and|to|through|or) \d)(?:, (\d{4})\b)?"
)
# Addresses that no stage may translate or restyle.
URL_OR_EMAIL = r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"


def clock_24h(match: re.Match[str]) -> tuple[int, str]:
    """(hour on the 24-hour clock, minutes) of a CLOCK_12H match: 12 a.m. is 0, 12 p.m. is 12."""
    hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
    return hour, match.group(2) or "00"


def spanish_date(match: re.Match[str]) -> str | None:
    """ "Feb. 8" → "8 de febrero", "February 8, 2027" → "8 de febrero de 2027"; None when
    the day cannot be in that month (so "May 40" stays as written)."""
    month = _ENGLISH_MONTHS.index(match.group(2)[:3]) + 1
    day = int(match.group(3))
    year = int(match.group(4)) if match.group(4) else 2024  # a leap year: "Feb. 29" alone may be right
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    year_part = f" de {match.group(4)}" if match.group(4) else ""
    before = _PREPOSITIONS[match.group(1).lower()] + " " if match.group(1) else ""
    return f"{before}{day} de {_MONTHS[month - 1]}{year_part}"
