"""<doc id>.xlf: XLIFF 2.0, one file per document, one unit per paragraph, segments inside.

States: `translated` with subState `efe:mt` (machine translation) or `efe:tm` (from the
translation memory); `initial` when there is no target. QA issues and applied terms are
notes on the unit. The unit's Metadata module holds each segment's confidence
(`mda:meta type="<segment id>"` in the group `efe:confidence`) and the digest of each target
as the run wrote it (group `efe:written`; none for a person's target), so that a target a
CAT tool changed since is told from one nobody touched (a segment allows no attributes of
ours). Valid against the OASIS XLIFF 2.0 core schema.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from pipeline.formats.xml import code_point, fill, iter_elements, local_name, plain, text_of
from pipeline.records import Document, Origin, Review, Segment, dateline_id, dateline_target, written_mark

NS = "urn:oasis:names:tc:xliff:document:2.0"
_Q = f"{{{NS}}}"
_MTC = "{urn:oasis:names:tc:xliff:matches:2.0}"  # the Translation Candidates module
_MDA = "{urn:oasis:names:tc:xliff:metadata:2.0}"  # the Metadata module
EFE_NS = "urn:efe-pipeline:xliff"  # our own attributes (XLIFF allows other namespaces' on <file>)
RUN = f"{{{EFE_NS}}}run"  # <file efe:run>: the identity of the run folder the file came from
DATELINE_TYPE = "efe:dateline"  # <unit type>: an article's dateline, a unit of its own
# XLIFF state and subState by origin: a person's segment is reviewed (tm import takes it)
_STATES = {Origin.MEMORY: ("translated", "efe:tm"), Origin.HUMAN: ("reviewed", "efe:human")}


def xliff_bytes(doc: Document, run: str = "") -> bytes:
    """An article as XLIFF 2.0; `run` is the identity of the run folder it belongs to."""
    nsmap = {None: NS, "mtc": _MTC.strip("{}"), "mda": _MDA.strip("{}"), "efe": EFE_NS}
    root = etree.Element(_Q + "xliff", nsmap=nsmap, version="2.0", srcLang="en", trgLang="es")
    file = etree.SubElement(root, _Q + "file", id=doc.id, original=doc.source)
    if run:
        file.set(RUN, run)
    if doc.dateline:  # a unit of its own, so a lead sentence matches exactly in a CAT tool
        unit = etree.SubElement(file, _Q + "unit", id=dateline_id(doc.id), name="dateline", type=DATELINE_TYPE)
        segment = etree.SubElement(unit, _Q + "segment", id=dateline_id(doc.id), state="translated")
        fill(etree.SubElement(segment, _Q + "source"), doc.dateline, _codepoint)
        fill(etree.SubElement(segment, _Q + "target"), dateline_target(doc), _codepoint)
    for index, segments in enumerate(doc.by_paragraph()):
        if not segments:
            continue
        unit = etree.SubElement(file, _Q + "unit", id=f"{doc.id}:{index}")
        notes = [_note(seg, f"{i.severity} {i.code}: {i.message}", "qa") for seg in segments for i in seg.issues]
        notes += [_note(seg, f"{t.source} → {t.target} ({t.method})", "term") for seg in segments for t in seg.terms]
        notes += [_note(seg, c.text, "comment") for seg in segments for c in seg.comments]
        # who wrote and approved each target (comment notes hold a comment's text alone, as CAT tools write them)
        notes += [_note(seg, said, "efe:people") for seg in segments for said in seg.credits()]
        notes += [
            _note(seg, _rejection(seg.review), "rejected")
            for seg in segments
            if seg.review is not None and seg.review.status == "rejected"
        ]
        if notes:
            holder = etree.SubElement(unit, _Q + "notes")
            holder.extend(notes)
        for seg in segments:
            unit.append(_segment(seg))
        _matches(unit, segments)
        _metadata(unit, segments)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _matches(unit: etree._Element, segments: list[Segment]) -> None:
    """Fuzzy memory matches as the Translation Candidates module's suggestions."""
    suggested = [seg for seg in segments if seg.suggestion]
    if not suggested:
        return
    holder = etree.Element(_MTC + "matches")
    unit.insert(0, holder)  # module elements come before a unit's notes and segments
    for seg in suggested:
        match = etree.SubElement(
            holder, _MTC + "match", ref=f"#{seg.id}", similarity=f"{seg.suggestion.similarity:.1f}", origin="efe:tm"
        )
        fill(etree.SubElement(match, _Q + "source"), seg.suggestion.source, _codepoint)
        fill(etree.SubElement(match, _Q + "target"), seg.suggestion.target, _codepoint)


def _metadata(unit: etree._Element, segments: list[Segment]) -> None:
    """Each segment's confidence and written mark, as groups of the unit's one `mda:metadata`."""
    groups = {
        "efe:confidence": [(seg.id, f"{seg.confidence:.2f}") for seg in segments if seg.confidence is not None],
        "efe:written": [(seg.id, mark) for seg in segments if (mark := written_mark(seg)) is not None],
    }
    if not any(groups.values()):
        return
    holder = etree.Element(_MDA + "metadata")
    unit.insert(0, holder)  # module elements come before a unit's notes and segments
    for category, values in groups.items():
        if values:
            group = etree.SubElement(holder, _MDA + "metaGroup", category=category, appliesTo="target")
            for seg_id, value in values:
                etree.SubElement(group, _MDA + "meta", type=seg_id).text = value


def _rejection(review: Review) -> str:
    said = f"rejected by {review.editor or 'an editor'} at {review.at}"
    return f"{said}: {review.note}" if review.note else said


def _note(seg: Segment, text: str, category: str) -> etree._Element:
    note = etree.Element(_Q + "note", category=category)
    note.text = plain(f"{seg.id}: {text}")  # a note holds text only: no <cp> (the core schema)
    return note


def _segment(seg: Segment) -> etree._Element:
    if seg.target is None:
        element = etree.Element(_Q + "segment", id=seg.id, state="initial")
    else:
        state, origin = _STATES.get(seg.origin, ("translated", "efe:mt"))
        if seg.review is not None and seg.review.status == "approved":
            state = "final"
        element = etree.Element(_Q + "segment", id=seg.id, state=state, subState=origin)
    fill(etree.SubElement(element, _Q + "source"), seg.source, _codepoint)
    if seg.target is not None:
        fill(etree.SubElement(element, _Q + "target"), seg.target, _codepoint)
    return element


def _codepoint(parent: etree._Element, code: int) -> etree._Element:
    return etree.SubElement(parent, _Q + "cp", hex=f"{code:04X}")


Read = tuple[str, str, str, str | None, str | None, int | None, tuple[str, ...], str | None, str | None]


def read_xliff(path: Path) -> Iterator[Read]:
    """(segment id, source, target, state, subState, line, comments, rejection, written) for
    each segment of an XLIFF 2.0 (or 1.2) file (rejection: the text of its rejection note, or
    None; written: the digest of the target as a run wrote it, from the unit's `efe:written`
    metadata, or None); a segment without a target is in state "initial", as XLIFF 2.0 says.
    Comments and rejections are the unit's notes of category "comment" and "rejected": a note
    that starts with "<segment id>: " is that segment's (as we write them), any other the
    unit's first segment's (as a review page exports)."""
    notes: dict[str, list[tuple[str, str]]] = {}  # segment id → (category, text)
    written: dict[str, str] = {}  # segment id → digest
    for element in iter_elements(path, ("segment", "trans-unit")):
        seg_id = element.get("id", "")
        inline = functools.partial(_inline, path=path, where=f"segment '{seg_id}': <cp hex>")
        source = next((c for c in element if local_name(c) == "source"), None)
        target = next((c for c in element if local_name(c) == "target"), None)
        state = element.get("state") or (target.get("state") if target is not None else None)  # 2.0, 1.2
        if target is None:
            state = "initial"
        _unit_written(element, written)
        _unit_notes(element, seg_id, notes, inline)
        mine = notes.pop(seg_id, [])
        yield (
            seg_id,
            text_of(source, inline),
            text_of(target, inline),
            state,
            element.get("subState"),
            element.sourceline,
            tuple(text for category, text in mine if category == "comment"),
            next((text for category, text in mine if category == "rejected"), None),
            written.pop(seg_id, None),
        )


def _unit_written(segment: etree._Element, written: dict[str, str]) -> None:
    """Collect the written marks of a segment's unit when its first segment is read (the
    reader drops the unit's earlier children once it moves on)."""
    unit = segment.getparent()
    holder = next((c for c in unit if c.tag == _MDA + "metadata"), None) if unit is not None else None
    if holder is None:
        return
    for group in holder.iterchildren(_MDA + "metaGroup"):
        if group.get("category") == "efe:written":
            for meta in group.iterchildren(_MDA + "meta"):
                if meta.get("type") and meta.text:
                    written[meta.get("type")] = meta.text.strip()
    unit.remove(holder)


def _unit_notes(segment: etree._Element, seg_id: str, notes: dict, inline) -> None:
    """Collect the notes of a segment's unit when its first segment is read (the reader
    drops them once it moves on)."""
    unit = segment.getparent()
    holder = next((c for c in unit if local_name(c) == "notes"), None) if unit is not None else None
    if holder is None:
        return
    for note in holder:
        category = note.get("category")
        if local_name(note) != "note" or category not in ("comment", "rejected"):
            continue
        text = text_of(note, inline)
        owner, colon, rest = text.partition(": ")
        if colon and any(local_name(c) == "segment" and c.get("id") == owner for c in unit):
            notes.setdefault(owner, []).append((category, rest))
        else:
            notes.setdefault(seg_id, []).append((category, text))
    unit.remove(holder)


def _inline(element, path: Path, where: str) -> str | None:
    """An XLIFF code point (`<cp hex="0007"/>`) as its character."""
    return code_point(element.get("hex"), path, where) if local_name(element) == "cp" else None
