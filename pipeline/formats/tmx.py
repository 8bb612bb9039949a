"""corpus.tmx: TMX 1.4b, one `tu` per segment and per dateline, valid against the TMX 1.4 DTD.

Each `tu` has the segment id as `tuid` and properties for the document id, the engine
signature, the QA state, the engine's confidence and people's review (status, and comments
as notes), which CAT tools (OmegaT, Trados, memoQ) show to editors; `x-written` is the digest
of the target as the run wrote it (none for a person's target), so a target changed since is
told from one nobody touched.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from lxml import etree

import pipeline
from pipeline.errors import IngestError
from pipeline.formats.xml import (
    XML_LANG,
    code_point,
    fill,
    iter_elements,
    language,
    language_of,
    local_name,
    plain,
    text_of,
)
from pipeline.records import BilingualFile, Document, Edit, Segment, dateline_id, dateline_target, written_mark

CREATION_TOOL = "efe-pipeline"  # the header that says a TMX is ours


class TmxWriter:
    """A TMX document written as a stream into a binary file, one article at a time
    (`add`), one `tu` per line or more so line-based readers see every unit."""

    def __init__(self, fh: IO[bytes], run: str = "") -> None:
        self._fh = fh
        self._run = run
        self._stack = contextlib.ExitStack()
        self._xf: Any = None

    def __enter__(self) -> TmxWriter:
        self._fh.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
        self._xf = self._stack.enter_context(etree.xmlfile(self._fh, encoding="utf-8"))
        self._stack.enter_context(self._xf.element("tmx", version="1.4"))
        self._xf.write("\n")
        header = etree.Element(
            "header",
            creationtool=CREATION_TOOL,
            creationtoolversion=pipeline.__version__,
            segtype="sentence",
            **{"o-tmf": "efe-pipeline segments.jsonl"},
            adminlang="en",
            srclang="en",
            datatype="plaintext",  # no creationdate: the same run gives the same bytes
        )
        if self._run:  # the run identity: a file of another run is told apart
            etree.SubElement(header, "prop", type="x-run").text = self._run
        self._xf.write(header, "\n")
        self._stack.enter_context(self._xf.element("body"))
        self._xf.write("\n")
        return self

    def add(self, doc: Document) -> None:
        """An article's units: its dateline (a unit of its own, so a lead sentence matches
        exactly in a CAT tool that splits the dateline off), then its segments."""
        if doc.dateline:
            self._xf.write(_dateline_tu(doc), pretty_print=True)
        for seg in doc.segments:
            self._xf.write(_tu(seg), pretty_print=True)

    def __exit__(self, *exc: object) -> None:
        self._stack.__exit__(*exc)


def write_tmx(fh: IO[bytes], documents: Iterable[Document]) -> None:
    """Write a TMX document of `documents` into a binary file."""
    with TmxWriter(fh) as writer:
        for doc in documents:
            writer.add(doc)


def _dateline_tu(doc: Document) -> etree._Element:
    tu = etree.Element("tu", tuid=dateline_id(doc.id))
    for kind, value in (("x-doc-id", doc.id), ("x-segment-kind", "dateline")):
        etree.SubElement(tu, "prop", type=kind).text = value
    _variants(tu, doc.dateline, dateline_target(doc))
    return tu


def _variants(tu: etree._Element, source: str, target: str) -> None:
    for lang, text in (("en", source), ("es", target)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        fill(etree.SubElement(tuv, "seg"), text, _codepoint)


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
    _variants(tu, seg.source, seg.target or "")
    return tu


def _codepoint(parent: etree._Element, code: int) -> etree._Element:
    ph = etree.SubElement(parent, "ph", type="x-cp")
    ph.text = f"{code:04X}"
    return ph


def _inline(element: etree._Element, path: Path, tuid: str) -> str | None:
    """A TMX code point (`<ph type="x-cp">0007</ph>`) as its character; another inline code
    (`bpt`, `ept`, `ph`, `it`, `ut`: a tool's native formatting) as nothing."""
    name = local_name(element)
    if name == "ph" and element.get("type") == "x-cp":
        return code_point(element.text, path, f"tu '{tuid}': <ph type=\"x-cp\">")
    return "" if name in ("bpt", "ept", "ph", "it", "ut") else None


def _qa_state(seg: Segment) -> str:
    severities = {i.severity for i in seg.issues}
    return "error" if "error" in severities else "warning" if "warning" in severities else "ok"


def read_tmx(path: Path) -> BilingualFile:
    """Each `tu` as an Edit (its `tuid`, or "" when it has none, as OmegaT and translate-toolkit
    write them), in the header's source language and Spanish; inline code points are turned
    back. The article is the `x-doc-id` or `x-document` property, else the file's name."""
    ours, run, edits, header = False, None, [], False
    source_lang = "en"
    for element in iter_elements(Path(path), ("header", "tu")):
        if not header:  # the first element read names the root, which must be TMX's
            root = element.getroottree().getroot()
            if root.tag != "tmx" or element.tag != "header":
                what = f"the root element is <{local_name(root)}>" if root.tag != "tmx" else "<tu> before <header>"
                raise IngestError(
                    str(path), f"not a TMX file: {what} (TMX is <tmx><header/><body><tu>…)", element.sourceline
                )
            header = True
            ours = element.get("creationtool") == CREATION_TOOL
            run = next((p.text for p in element.iterfind("prop") if p.get("type") == "x-run"), None) if ours else None
            source_lang = language_of(element.get("srclang") or "en") if element.get("srclang") != "*all*" else "en"
            continue
        tuid = element.get("tuid", "")
        texts = {}
        for tuv in element.iter("tuv"):
            inline = functools.partial(_inline, path=path, tuid=tuid)
            texts.setdefault(language(tuv), text_of(tuv.find("seg"), inline))
        props = {prop.get("type"): prop.text or "" for prop in element.iterfind("prop")}
        edits.append(
            Edit(
                id=tuid,
                source=texts.get(source_lang, ""),
                target=texts.get("es", ""),
                line=element.sourceline,
                sub_state="x-auto" if "x-auto" in props else None,  # OmegaT: inserted by itself, not typed
                written=props.get("x-written") or None,
                document=props.get("x-doc-id") or props.get("x-document") or Path(path).stem,
            )
        )
    if not header:
        raise IngestError(str(path), "not a TMX file: it has no <header> and no <tu>")
    return BilingualFile(edits, ours, run)
