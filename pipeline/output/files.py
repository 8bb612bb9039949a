"""The names of the files in an output folder: one home for each, read by every command."""

from __future__ import annotations

import os
from typing import Any

from pipeline.errors import OutputError

SEGMENTS = "segments.jsonl"  # the canonical record, one segment per line
BILINGUAL = "bilingual.tsv"
TMX = "corpus.tmx"
REVIEW = "review.html"  # the index of the articles' review pages
RECORDS = "documents.jsonl"  # the run store: each document as the run made it, with its key
DOCUMENTS = "documents.tsv"  # id and corpus ordinal of each document, in output order
QA_FILE = "qa.json"
MANIFEST = "manifest.json"  # written last: a folder without it is not a finished run
RUN_FILES = (RECORDS, SEGMENTS, BILINGUAL, TMX, REVIEW, DOCUMENTS, QA_FILE)
# Each document's own files: <doc id> + suffix.
SPANISH_TEXT = ".es.txt"
XLIFF = ".xlf"  # XLIFF 2.0
XLIFF12 = ".v12.xlf"  # XLIFF 1.2 (`translate --xliff 1.2|both`), for tools that read no other
XLIFF_FILES = {"2.0": XLIFF, "1.2": XLIFF12}
REVIEW_PAGE = ".review.html"  # see formats.review.page_name
PER_DOCUMENT = (SPANISH_TEXT, XLIFF12, XLIFF, REVIEW_PAGE)  # a longer suffix before one it ends with


def listing(articles: int, xliff: tuple[str, ...] = ("2.0",)) -> dict[str, Any]:
    """The manifest's list of what the folder holds (each article's files in the XLIFF versions written)."""
    skipped = {XLIFF_FILES[v] for v in XLIFF_FILES if v not in xliff}
    per_article = [f"<doc id>{s}" for s in PER_DOCUMENT if s not in skipped]
    return {"files": list(RUN_FILES), "articles": articles, "per_article": per_article}


def document_of(name: str) -> tuple[str | None, str]:
    """(document id, suffix) of a per-document file's name; (None, "") for any other name."""
    suffix = next((s for s in PER_DOCUMENT if name.endswith(s)), "")
    return (name[: -len(suffix)], suffix) if suffix else (None, "")


def document_file(doc_id: str, suffix: str) -> str:
    """The name of a document's own file; an id that would leave the folder is an OutputError."""
    if os.sep in doc_id or (os.altsep and os.altsep in doc_id) or doc_id in ("", ".", ".."):
        raise OutputError(f"document id '{doc_id[:200]}' cannot be used as a file name")
    return doc_id + suffix
