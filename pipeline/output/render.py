"""The one renderer: every file of an output folder made from documents.

An article's own files (`.es.txt`, `.xlf`, `.review.html`) come from its document as
people left it; the run-wide files (segments.jsonl, bilingual.tsv, documents.tsv,
corpus.tmx, review.html, qa.json) from all documents in output order. Nothing is ever
read back out of a rendering.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.formats import jsonl, review, spanish_text, tmx, tsv, xliff, xliff12
from pipeline.output.atomic import atomic_open, write_text
from pipeline.output.files import BILINGUAL, DOCUMENTS, REVIEW, REVIEW_PAGE, SEGMENTS, SPANISH_TEXT, TMX, XLIFF_FILES
from pipeline.output.manifest import write_qa
from pipeline.records import Document, Origin, Segment
from pipeline.stages.qa import QASummary


@dataclass(frozen=True)
class Rendering:
    """What a folder's renderings carry besides its documents: the run identity its XLIFF
    files name (so that a file from another run is told apart) and the XLIFF versions it
    writes. Kept in the manifest ("run", options "xliff"), so every later publish agrees."""

    run: str = ""
    xliff: tuple[str, ...] = ("2.0",)

    @classmethod
    def of(cls, manifest: dict) -> Rendering:
        """The rendering a published folder was made with."""
        versions = manifest.get("options", {}).get("xliff") or ["2.0"]
        return cls(str(manifest.get("run", "")), tuple(v for v in XLIFF_FILES if v in versions))


def write_document_files(folder: str, doc: Document, rendering: Rendering) -> None:
    """`<id>.es.txt`, its XLIFF files and `<id>.review.html` of one article, each atomically."""
    write_text(os.path.join(folder, doc.id + SPANISH_TEXT), spanish_text.render_document(doc))
    for version in rendering.xliff:
        made = xliff.xliff_bytes(doc, rendering.run) if version == "2.0" else xliff12.xliff_bytes(doc, rendering.run)
        with atomic_open(os.path.join(folder, doc.id + XLIFF_FILES[version]), binary=True) as fh:
            fh.write(made)
    write_text(os.path.join(folder, doc.id + REVIEW_PAGE), review.article_page(doc, rendering.run))


@dataclass
class Published:
    """What the run-wide files came to."""

    documents: int = 0
    segments: int = 0
    qa: QASummary = field(default_factory=QASummary)
    engines: list[str] = field(default_factory=list)
    edited: int = 0  # segments with a person's target
    approved: int = 0
    rejected: int = 0
    commented: int = 0  # segments with comments

    def people(self) -> dict[str, int]:
        """The manifest's counts of people's work."""
        return {
            "human_edited": self.edited,
            "approved": self.approved,
            "rejected": self.rejected,
            "commented": self.commented,
        }


def write_run_files(
    folder: Path,
    documents: Callable[[], Iterable[tuple[Document, int]]],
    warnings: list[str],
    run: str = "",
) -> Published:
    """The run-wide files, written as streams: `documents()` yields (document as people
    left it, corpus ordinal) in output order and is called once; the index
    is then made from the segments.jsonl just written. `run` is the run identity the TMX names."""
    done = Published()
    engines: dict[str, None] = {}
    order: list[str] = []
    with (
        atomic_open(folder / SEGMENTS) as seg_out,
        atomic_open(folder / BILINGUAL) as tsv_out,
        atomic_open(folder / DOCUMENTS) as doc_out,
        atomic_open(folder / TMX, binary=True) as tmx_out,
        tmx.TmxWriter(tmx_out, run) as tmx_writer,
    ):
        tsv_out.write(tsv.HEADER)
        doc_out.write("id\tordinal\n")
        for doc, ordinal in documents():
            seg_out.writelines(jsonl.segment_lines(doc))
            tmx_writer.add(doc)
            tsv_out.writelines(tsv.segment_rows(doc.segments))
            doc_out.write(f"{doc.id}\t{ordinal}\n")
            done.qa.add(doc.segments)
            done.documents += 1
            done.segments += len(doc.segments)
            order.append(doc.id)
            for seg in doc.segments:
                if seg.engine:
                    engines.setdefault(seg.engine)
                done.edited += seg.origin is Origin.HUMAN
                done.approved += seg.review is not None and seg.review.status == "approved"
                done.rejected += seg.review is not None and seg.review.status == "rejected"
                done.commented += bool(seg.comments)
    done.engines = list(engines)
    with atomic_open(folder / REVIEW) as fh:
        review.write_index(fh, by_document(folder / SEGMENTS, order), done.engines, warnings)
    write_qa(folder, done.qa)
    return done


def by_document(path: Path, order: Iterable[str]) -> Iterator[tuple[str, list[Segment]]]:
    """(document id, its segments) from a segments.jsonl, for the ids in `order` (the
    file's own order); a document with no segments comes with an empty list. Lines are
    split at newlines only: a U+2028 inside a text is not a line end."""
    ids = iter(order)
    current = next(ids, None)
    segments: list[Segment] = []
    with open(path, "rb") as fh:
        for raw in fh:
            seg = Segment.from_dict(json.loads(raw))
            while current is not None and seg.doc_id != current:
                yield current, segments
                segments, current = [], next(ids, None)
            segments.append(seg)
    while current is not None:
        yield current, segments
        segments, current = [], next(ids, None)
