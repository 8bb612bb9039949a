"""XML helpers every XML format shares: safe reading, language codes, and characters
that XML 1.0 cannot hold.

Reading refuses entity expansion and external entities (no XXE, no billion laughs, no
network). Characters XML 1.0 cannot hold travel as inline code-point elements (XLIFF
2.0 `<cp hex="0007"/>`, TMX `<ph type="x-cp">0007</ph>`), so they round-trip exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, parse
from lxml import etree

from pipeline.errors import IngestError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse_safely(path: Path) -> Element:
    """The root element; unsafe or malformed XML is an IngestError naming the file and line."""
    try:
        return parse(path).getroot()
    except DefusedXmlException as err:
        reason = f"refused unsafe XML ({type(err).__name__}: entity declarations or external references)"
        raise IngestError(str(path), reason) from None
    except ParseError as err:
        reason = f"not well-formed XML ({err.msg if hasattr(err, 'msg') else err})"
        raise IngestError(str(path), reason, err.position[0]) from None
    except OSError as err:
        raise IngestError(str(path), f"cannot read the file ({err.strerror or err})") from None


def language(element: Element) -> str:
    """The primary language subtag of `xml:lang` (or a bare `lang`), lowercased: "es-MX" → "es"."""
    return (element.get(XML_LANG) or element.get("lang") or "").lower().split("-")[0]


def text_of(element: Element | None, inline: Callable[[Element], str | None]) -> str:
    """The text of `element`, with each inline child replaced by `inline(child)` (or its text)."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        replaced = inline(child)
        parts.append(replaced if replaced is not None else text_of(child, inline))
        parts.append(child.tail or "")
    return "".join(parts)


def code_point(value: str | None, path: Path, where: str) -> str:
    """The character an inline code-point element stands for; anything else is an IngestError."""
    try:
        code = int(value or "", 16)
        if 0xD800 <= code <= 0xDFFF:
            raise ValueError
        return chr(code)
    except (ValueError, OverflowError):
        raise IngestError(str(path), f"{where}: {value!r} is not a valid code point (hex, not a surrogate)") from None


def local_name(element: Element) -> str:
    """The element's tag without its namespace ("" for comments and processing instructions)."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def fill(element: etree._Element, text: str, codepoint: Callable[[etree._Element, int], etree._Element]) -> None:
    """Put `text` into `element`; each invalid character becomes `codepoint(element, ord(char))`."""
    last: etree._Element | None = None
    position = 0
    if _INVALID.match(text) and element.text is None:
        element.text = ""  # a text node, so pretty printing never indents inside this content
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
