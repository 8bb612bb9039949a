"""<doc id>.es.txt: the translated article, paragraphs as in the source."""

from __future__ import annotations

from pipeline.records import Document, dateline_target


def render_document(doc: Document) -> str:
    """Targets joined with the source's own spacing; paragraphs separated by a blank line.

    The dateline is the Spanish one the localize stage wrote into metadata
    ("dateline_es"), or the one read from the source.
    A segment with no target yet contributes its source text.
    """
    paragraphs = []
    for index, (paragraph, segments) in enumerate(zip(doc.paragraphs, doc.by_paragraph())):
        parts, last = [], 0
        if index == 0 and doc.dateline:
            parts.append(dateline_target(doc))
            last = len(doc.dateline)
        for seg in segments:
            parts.append(paragraph[last : seg.start])
            parts.append(seg.target if seg.target is not None else seg.source)
            last = seg.end
        paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs) + "\n"
