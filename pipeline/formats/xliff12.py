"""<doc id>.v12.xlf: XLIFF 1.2 (strict), for the tools that read no XLIFF 2 (OmegaT 3.6,
older Trados and memoQ set-ups).

The same article as `<doc id>.xlf`, in 1.2's terms: one `group` per paragraph, one
`trans-unit` per segment (its id is the segment id), the dateline first in a unit of its own
(`restype="x-efe-dateline"`). A target's `state` says who made it: `needs-review-translation`
with `state-qualifier` `leveraged-mt` (the engine) or `exact-match` (the memory), `translated`
(a person), `final` with `approved="yes"` (approved). `extradata` carries the target's digest
as written (`efe-written:<digest>`; none for a person's target) and `<file build-num>` the run
identity, so an edit is told from our own output and a file from another run is refused. QA
issues, applied terms, people's credits, comments and rejections are notes (`from` says which);
a memory suggestion is an `alt-trans`. Valid against the OASIS XLIFF 1.2 strict schema.
"""

from __future__ import annotations

from lxml import etree

import pipeline
from pipeline.formats.xliff import segment_notes
from pipeline.formats.xml import fill, plain
from pipeline.records import Document, Origin, Segment, dateline_id, dateline_target, written_mark

NS = "urn:oasis:names:tc:xliff:document:1.2"
_Q = f"{{{NS}}}"
DATELINE_RESTYPE = "x-efe-dateline"
WRITTEN = "efe-written:"  # extradata="efe-written:<digest>"
CODE_POINT = "x-efe-cp"  # <ph ctype="x-efe-cp">0007</ph>: a character XML 1.0 cannot hold
TOOL = "efe-pipeline"


def xliff_bytes(doc: Document, run: str = "") -> bytes:
    """An article as XLIFF 1.2; `run` is the identity of the run folder it belongs to."""
    root = etree.Element(_Q + "xliff", nsmap={None: NS}, version="1.2")
    file = etree.SubElement(
        root,
        _Q + "file",
        original=doc.source,
        datatype="plaintext",
        **{"source-language": "en", "target-language": "es", "tool-id": TOOL},
    )
    if run:
        file.set("build-num", run)
    header = etree.SubElement(file, _Q + "header")
    etree.SubElement(header, _Q + "tool", **{"tool-id": TOOL, "tool-name": TOOL, "tool-version": pipeline.__version__})
    body = etree.SubElement(file, _Q + "body")
    if doc.dateline:
        unit = etree.SubElement(body, _Q + "trans-unit", id=dateline_id(doc.id), restype=DATELINE_RESTYPE)
        _texts(unit, doc.dateline, dateline_target(doc), state="translated")
    for index, segments in enumerate(doc.by_paragraph()):
        if segments:
            group = etree.SubElement(body, _Q + "group", id=f"{doc.id}:{index}", restype="x-paragraph")
            for seg in segments:
                group.append(_unit(seg))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _unit(seg: Segment) -> etree._Element:
    unit = etree.Element(_Q + "trans-unit", id=seg.id)
    approved = seg.review is not None and seg.review.status == "approved"
    if approved:
        unit.set("approved", "yes")
    mark = written_mark(seg)
    if mark is not None:
        unit.set("extradata", WRITTEN + mark)
    if seg.target is None:
        _texts(unit, seg.source, None)
    elif approved:
        _texts(unit, seg.source, seg.target, state="final")
    elif seg.origin is Origin.HUMAN:
        _texts(unit, seg.source, seg.target, state="translated")
    else:
        qualifier = "exact-match" if seg.origin is Origin.MEMORY else "leveraged-mt"
        _texts(unit, seg.source, seg.target, state="needs-review-translation", qualifier=qualifier)
    for source, text in segment_notes(seg):
        etree.SubElement(unit, _Q + "note", {"from": source}).text = plain(text)
    if seg.suggestion:
        alt = etree.SubElement(
            unit, _Q + "alt-trans", {"match-quality": f"{seg.suggestion.similarity:.1f}", "origin": "efe:tm"}
        )
        fill(etree.SubElement(alt, _Q + "source"), seg.suggestion.source, _codepoint)
        fill(etree.SubElement(alt, _Q + "target"), seg.suggestion.target, _codepoint)
    return unit


def _texts(
    unit: etree._Element, source: str, target: str | None, state: str | None = None, qualifier: str | None = None
) -> None:
    fill(etree.SubElement(unit, _Q + "source"), source, _codepoint)
    if target is not None:
        element = etree.SubElement(unit, _Q + "target", state=state or "translated")
        if qualifier:
            element.set("state-qualifier", qualifier)
        fill(element, target, _codepoint)


def _codepoint(parent: etree._Element, code: int) -> etree._Element:
    ph = etree.SubElement(parent, _Q + "ph", id=f"cp{len(parent) + 1}", ctype=CODE_POINT)
    ph.text = f"{code:04X}"
    return ph
