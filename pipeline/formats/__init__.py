"""File formats: plain functions over records, one module per format, its reader and
writer together (jsonl, tsv, tmx, xliff, review, spanish_text, glossary_tsv, tbx, edits),
and the XML helpers they share (xml)."""
