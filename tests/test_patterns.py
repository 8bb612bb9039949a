"""English dates, protected in their Spanish form."""

import pytest

from pipeline.text.patterns import DATE_EN, spanish_date


@pytest.mark.parametrize(
    "english, spanish",
    [
        ("return on Feb. 8 to vote", "el 8 de febrero"),
        ("On February 8, 2027, they vote.", "el 8 de febrero de 2027"),
        ("since Sept. 30 the", "desde el 30 de septiembre"),
        ("by Jan. 15, they said", "para el 15 de enero"),
        ("Dec. 31, 2026", "31 de diciembre de 2026"),
        ("on Oct. 2nd", "el 2 de octubre"),
        ("Feb. 29", "29 de febrero"),  # no year: it may be a leap year's
        # left for the engine: not a date, a range, or no such day
        ("The summit runs March 3-5 in Lima.", None),
        ("The fair ran from Oct. 1-3.", None),
        ("on Jan. 5 and 6", None),
        ("February 29, 2027", None),
        ("May 40", None),
        ("March 3,000 people", None),
        ("in May 2026", None),
        ("at 10:15 on the dot", None),
    ],
)
def test_english_dates(english, spanish):
    match = DATE_EN.search(english)
    assert (spanish_date(match) if match else None) == spanish
