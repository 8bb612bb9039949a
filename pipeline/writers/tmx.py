"""corpus.tmx: TMX 1.4b, one `tu` per segment, valid against the TMX 1.4 DTD.

Each `tu` has the segment id as `tuid` and properties for the document id, the engine
signature and the QA state, which CAT tools (OmegaT, Trados, memoQ) show to editors.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Iterable, Iterator

from lxml import etree

import pipeline
from pipeline.records import Segment
from pipeline.writers.xmltext import fill

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_tmx(fh: IO[bytes], segments: Iterable[Segment]) -> None:
    """Stream a TMX document of `segments` into a binary file."""
    fh.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    with etree.xmlfile(fh, encoding="utf-8") as xf:
        with xf.element("tmx", version="1.4"):
            xf.write(
                etree.Element(
                    "header",
                    creationtool="efe-pipeline",
                    creationtoolversion=pipeline.__version__,
                    segtype="sentence",
                    **{"o-tmf": "efe-pipeline segments.jsonl"},
                    adminlang="en",
                    srclang="en",
                    datatype="plaintext",  # no creationdate: the same run gives the same bytes
                )
            )
            with xf.element("body"):
                for seg in segments:
                    xf.write(_tu(seg))


def _tu(seg: Segment) -> etree._Element:
    tu = etree.Element("tu", tuid=seg.id)
    for kind, value in (("x-doc-id", seg.doc_id), ("x-engine", seg.engine or ""), ("x-qa", _qa_state(seg))):
        etree.SubElement(tu, "prop", type=kind).text = value
    for lang, text in (("en", seg.source), ("es", seg.target or "")):
        tuv = etree.SubElement(tu, "tuv", {_XML_LANG: lang})
        fill(etree.SubElement(tuv, "seg"), text, _codepoint)
    return tu


def _codepoint(parent: etree._Element, code: int) -> etree._Element:
    ph = etree.SubElement(parent, "ph", type="x-cp")
    ph.text = f"{code:04X}"
    return ph


def _qa_state(seg: Segment) -> str:
    severities = {i.severity for i in seg.issues}
    return "error" if "error" in severities else "warning" if "warning" in severities else "ok"


def read_tmx(path: Path) -> Iterator[tuple[str, str, str]]:
    """(tuid, English, Spanish) for each `tu`; inline code points are turned back."""
    from pipeline.writers.xmlread import local_name, parse_safely, text_of

    root = parse_safely(path)
    for tu in root.iter("tu"):
        texts = {}
        for tuv in tu.iter("tuv"):
            lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower()[:2]
            seg = tuv.find("seg")
            texts[lang] = text_of(seg, lambda e: chr(int(e.text, 16)) if local_name(e) == "ph" and e.get("type") == "x-cp" else None)
        yield tu.get("tuid", ""), texts.get("en", ""), texts.get("es", "")
