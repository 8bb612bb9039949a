"""The names of the files in an output folder: one home for each, read by every command."""

from __future__ import annotations

from typing import Any

SEGMENTS = "segments.jsonl"  # the canonical record, one segment per line
BILINGUAL = "bilingual.tsv"
TMX = "corpus.tmx"
REVIEW = "review.html"
DOCUMENTS = "documents.tsv"  # id and corpus ordinal of each document, in output order
QA_FILE = "qa.json"
MANIFEST = "manifest.json"  # written last: a folder without it is not a finished run
RUN_FILES = (SEGMENTS, BILINGUAL, TMX, REVIEW, DOCUMENTS, QA_FILE)
# Each document's own files: <doc id> + suffix.
SPANISH_TEXT = ".es.txt"
XLIFF = ".xlf"
PER_DOCUMENT = (SPANISH_TEXT, XLIFF)


def listing(articles: int) -> dict[str, Any]:
    """The manifest's list of what the folder holds."""
    return {"files": list(RUN_FILES), "articles": articles, "per_article": [f"<doc id>{s}" for s in PER_DOCUMENT]}
