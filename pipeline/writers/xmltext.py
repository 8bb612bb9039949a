"""Text inside XML: characters XML 1.0 cannot hold travel as inline code-point elements.

XLIFF 2.0 has `<cp hex="0007"/>` for this; TMX carries them as `<ph type="x-cp">0007</ph>`.
Reading turns them back, so control characters round-trip exactly.
"""

from __future__ import annotations

import re
from typing import Callable

from lxml import etree

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def fill(element: etree._Element, text: str, codepoint: Callable[[etree._Element, int], etree._Element]) -> None:
    """Put `text` into `element`; each invalid character becomes `codepoint(element, ord(char))`."""
    last: etree._Element | None = None
    position = 0
    for match in _INVALID.finditer(text):
        _append(element, last, text[position : match.start()])
        last = codepoint(element, ord(match.group(0)))
        position = match.end()
    _append(element, last, text[position:])


def _append(element: etree._Element, last: etree._Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text
