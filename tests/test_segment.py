import pytest

from pipeline.ingest import document_from_text
from pipeline.segment import SentenceSplitter

CASES = [
    ("Gen. John F. Kelly met Mr. Smith. They talked.", ["Gen. John F. Kelly met Mr. Smith.", "They talked."]),
    ("He lives in the U.S. The president agreed.", ["He lives in the U.S.", "The president agreed."]),
    ("He visited a U.S. Army base.", ["He visited a U.S. Army base."]),
    ("“Why?” he asked. “Because,” she said.", ["“Why?” he asked.", "“Because,” she said."]),
    ("Prices rose 2.5 percent... Then they fell!", ["Prices rose 2.5 percent...", "Then they fell!"]),
    ("It ends at 3 p.m. He left early.", ["It ends at 3 p.m.", "He left early."]),
    ("The vote is on Jan. 25 in Washington.", ["The vote is on Jan. 25 in Washington."]),
    ('"We listened." Then he left.', ['"We listened."', "Then he left."]),
    ("He said so (in private). Nobody else did.", ["He said so (in private).", "Nobody else did."]),
    ("one sentence without a period", ["one sentence without a period"]),
    ("Trailing space.   ", ["Trailing space."]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_sentences(text, expected):
    spans = SentenceSplitter().spans(text)
    assert [text[a:b] for a, b in spans] == expected


@pytest.mark.parametrize("text, _", CASES)
def test_spans_are_exact_and_only_whitespace_between(text, _):
    spans = SentenceSplitter().spans(text)
    last = 0
    for start, end in spans:
        assert text[last:start].strip() == ""
        last = end
    assert text[last:].strip() == ""


def test_document_segments_skip_the_dateline_and_keep_offsets():
    doc = document_from_text("d", "d.txt", "WASHINGTON, Jan. 25 (EFE).- The House voted. It passed.\n\nMore.")
    segmented = SentenceSplitter()(doc)
    assert [s.source for s in segmented.segments] == ["The House voted.", "It passed.", "More."]
    assert [s.id for s in segmented.segments] == ["d:0:0", "d:0:1", "d:1:0"]
    for seg in segmented.segments:
        assert segmented.paragraphs[seg.paragraph][seg.start : seg.end] == seg.source
    assert doc.segments == ()  # the input record is untouched
