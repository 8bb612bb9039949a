"""English word tables: calendar words, the stop words that betray untranslated text, and the
words that name institutions and places."""

from __future__ import annotations

MONTHS = "January February March April May June July August September October November December".split()
MONTH_ABBREVIATIONS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
STOP_WORDS = frozenset(
    "the of and to in is was that for on with as by at from he she it they said will would have has been "
    "this are".split()
)
# Words that make a run of capitals the name of a place, an institution, a group or an
# event, which Spanish translates ("Rose Garden", "Jordan Valley", "London Stock Exchange",
# "Christian Democrats"): a run with one of them is neither a person's name (as "Jack London"
# is) nor a name that holds a place (as "Japan Airlines" is), which are kept as written.
INSTITUTION_WORDS = frozenset(
    """Academy Accord Accords Agency Agreement Airport Alliance Arena Army Assembly Association Authority
    Avenue Bank Base Basin Bay Beach Board Boulevard Bridge Bureau Cabinet Canal Cathedral Center Centre
    Chamber Church City Club Coalition Coast College Commission Committee Company Conference Congress
    Corporation Council County Court Cross Cup Declaration Democratic Democrats Department Desert
    District Embassy Exchange Falls Federation Festival Force Forces Forest Fortress Forum Foundation
    Front Fund Games Garden Gardens Government Guard Gulf Harbor Harbour Highway Hill Hills Hospital
    House Institute International Island Islands Laboratories Laboratory Labs Lake League Library Market
    Memorial Ministry Monument Mountain Mountains Movement Museum National Navy Network Ocean Office
    Olympics Organisation Organization Palace Park Parliament Party Peninsula Plaza Police Port Prize
    Province Railway Region Republic Republican Republicans Reserve River Road School Sea Senate Service
    Square Stadium State States Station Strait Street Summit Theater Theatre Tower Treaty Tribunal Union
    University Valley Village Week Zone""".split()
)
