"""Patterns that several stages must agree on: clock times and URLs."""

from __future__ import annotations

import re

# "2 p.m.", "10:15 a.m.", "3.40am" (not inside a longer number or a word).
CLOCK_12H = re.compile(r"(?<![\w:.])(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)
# Addresses that no stage may translate or restyle.
URL_OR_EMAIL = r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"


def clock_24h(match: re.Match[str]) -> tuple[int, str]:
    """(hour on the 24-hour clock, minutes) of a CLOCK_12H match: 12 a.m. is 0, 12 p.m. is 12."""
    hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
    return hour, match.group(2) or "00"
