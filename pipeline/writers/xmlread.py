"""Reading bilingual XML safely: no entity expansion, no external entities, no network."""

from __future__ import annotations

from pathlib import Path
from typing import Callable
from xml.etree.ElementTree import Element

from pipeline.errors import IngestError


def parse_safely(path: Path) -> Element:
    """The root element; unsafe or malformed XML is an IngestError naming the file and line."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, parse

    try:
        return parse(path).getroot()
    except DefusedXmlException as err:
        raise IngestError(str(path), f"refused unsafe XML ({type(err).__name__}: entity declarations or external references)") from None
    except ParseError as err:
        raise IngestError(str(path), f"not well-formed XML ({err.msg if hasattr(err, 'msg') else err})", err.position[0]) from None
    except OSError as err:
        raise IngestError(str(path), f"cannot read the file ({err.strerror or err})") from None


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


def local_name(element: Element) -> str:
    """The element's tag without its namespace ("" for comments and processing instructions)."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
