"""English word tables: calendar words and the stop words that betray untranslated text."""

from __future__ import annotations

MONTH_ABBREVIATIONS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
STOP_WORDS = frozenset(
    "the of and to in is was that for on with as by at from he she it they said will would have has been "
    "this are".split()
)
