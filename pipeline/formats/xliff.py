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

from lxml import etree

from pipeline.formats.xml import fill, plain
from pipeline.records import Document, Origin, Segment, dateline_id, dateline_target, written_mark

NS = "urn:oasis:names:tc:xliff:document:2.0"
_Q = f"{{{NS}}}"
_MTC = "{urn:oasis:names:tc:xliff:matches:2.0}"  # the Translation Candidates module
MDA = "{urn:oasis:names:tc:xliff:metadata:2.0}"  # the Metadata module
EFE_NS = "urn:efe-pipeline:xliff"  # our own attributes (XLIFF allows other namespaces' on <file>)
RUN = f"{{{EFE_NS}}}run"  # <file efe:run>: the identity of the run folder the file came from
DATELINE_TYPE = "efe:dateline"  # <unit type>: an article's dateline, a unit of its own
# XLIFF state and subState by origin: a person's segment is reviewed (tm import takes it)
_STATES = {Origin.MEMORY: ("translated", "efe:tm"), Origin.HUMAN: ("reviewed", "efe:human")}


def xliff_bytes(doc: Document, run: str = "") -> bytes:
    """An article as XLIFF 2.0; `run` is the identity of the run folder it belongs to."""
    nsmap = {None: NS, "mtc": _MTC.strip("{}"), "mda": MDA.strip("{}"), "efe": EFE_NS}
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
        notes = [_note(seg, text, category) for seg in segments for category, text in segment_notes(seg)]
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
    holder = etree.Element(MDA + "metadata")
    unit.insert(0, holder)  # module elements come before a unit's notes and segments
    for category, values in groups.items():
        if values:
            group = etree.SubElement(holder, MDA + "metaGroup", category=category, appliesTo="target")
            for seg_id, value in values:
                etree.SubElement(group, MDA + "meta", type=seg_id).text = value


def segment_notes(seg: Segment) -> list[tuple[str, str]]:
    """(category, text) of each note a segment carries in XLIFF (2.0 and 1.2): QA issues, applied
    terms, comments (their text alone, as CAT tools write them), who wrote and approved the
    target, and a rejection with its reason."""
    notes = [("qa", f"{i.severity} {i.code}: {i.message}") for i in seg.issues]
    notes += [("term", f"{t.source} → {t.target} ({t.method})") for t in seg.terms]
    notes += [("comment", c.text) for c in seg.comments]
    notes += [("efe:people", said) for said in seg.credits()]
    review = seg.review
    if review is not None and review.status == "rejected":
        said = f"rejected by {review.editor or 'an editor'} at {review.at}"
        notes.append(("rejected", f"{said}: {review.note}" if review.note else said))
    return notes


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
