"""corpus.tmx: TMX 1.4b, one `tu` per segment, valid against the TMX 1.4 DTD.

Each `tu` has the segment id as `tuid` and properties for the document id, the engine
signature, the QA state, the engine's confidence and people's review (status, and comments
as notes), which CAT tools (OmegaT, Trados, memoQ) show to editors; `x-written` is the digest
of the target as the run wrote it (none for a person's target), so a target changed since is
told from one nobody touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from lxml import etree

import pipeline
from pipeline.formats.xml import XML_LANG, code_point, fill, iter_elements, language, local_name, plain, text_of
from pipeline.records import Segment, written_mark


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
    props = [("x-doc-id", seg.doc_id), ("x-engine", seg.engine or ""), ("x-qa", _qa_state(seg))]
    if seg.confidence is not None:
        props.append(("x-confidence", f"{seg.confidence:.2f}"))
    written = written_mark(seg)
    if written is not None:
        props.append(("x-written", written))
    if seg.review is not None:  # a person's verdict, kept in the run's store
        review = seg.review
        props += [
            ("x-review", review.status),
            ("x-reviewed-by", plain(review.editor or "")),
            ("x-reviewed-at", review.at),
            *([("x-review-note", plain(review.note))] if review.note else []),
        ]
    for kind, value in props:
        etree.SubElement(tu, "prop", type=kind).text = value
    for comment in seg.comments:
        etree.SubElement(tu, "note").text = plain(f"{comment.editor or 'anonymous'}: {comment.text}")
    for lang, text in (("en", seg.source), ("es", seg.target or "")):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        fill(etree.SubElement(tuv, "seg"), text, _codepoint)
    return tu


def _codepoint(parent: etree._Element, code: int) -> etree._Element:
    ph = etree.SubElement(parent, "ph", type="x-cp")
    ph.text = f"{code:04X}"
    return ph


def _inline(element, path: Path, tuid: str) -> str | None:
    """A TMX code point (`<ph type="x-cp">0007</ph>`) as its character."""
    if local_name(element) == "ph" and element.get("type") == "x-cp":
        return code_point(element.text, path, f"tu '{tuid}': <ph type=\"x-cp\">")
    return None


def _qa_state(seg: Segment) -> str:
    severities = {i.severity for i in seg.issues}
    return "error" if "error" in severities else "warning" if "warning" in severities else "ok"


def read_tmx(path: Path) -> Iterator[tuple[str, str, str, int | None, str | None]]:
    """(tuid, English, Spanish, line, written mark or None) for each `tu`; inline code points
    are turned back."""
    for tu in iter_elements(path, ("tu",)):
        texts = {}
        for tuv in tu.iter("tuv"):
            texts[language(tuv)] = text_of(tuv.find("seg"), lambda e, tu=tu: _inline(e, path, tu.get("tuid", "")))
        written = next((prop.text for prop in tu.iterfind("prop") if prop.get("type") == "x-written"), None)
        yield tu.get("tuid", ""), texts.get("en", ""), texts.get("es", ""), tu.sourceline, written or None
