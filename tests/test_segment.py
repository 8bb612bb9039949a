import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.ingest import document_from_text
from pipeline.stages.segment import SentenceSplitter

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


def test_document_segments_skip_the_dateline_and_keep_offsets():
    doc = document_from_text("d", "d.txt", "WASHINGTON, Jan. 25 (EFE).- The House voted. It passed.\n\nMore.")
    segmented = SentenceSplitter()(doc)
    assert [s.source for s in segmented.segments] == ["The House voted.", "It passed.", "More."]
    assert [s.id for s in segmented.segments] == ["d:0:0", "d:0:1", "d:1:0"]
    for seg in segmented.segments:
        assert segmented.paragraphs[seg.paragraph][seg.start : seg.end] == seg.source
    assert doc.segments == ()  # the input record is untouched


WIRE_CASES = [
    # agency dateline and date line at the start of a paragraph are their own segments
    (
        "Evansville, Indiana, United States - This past week marked the opening.",
        ["Evansville, Indiana, United States -", "This past week marked the opening."],
    ),
    (
        "Thursday, May 7, 2015 On Tuesday, the government announced a plan.",
        ["Thursday, May 7, 2015", "On Tuesday, the government announced a plan."],
    ),
    # place codes: a name or institution after them continues the sentence
    ("U.S. Senator John Cornyn issued a statement.", ["U.S. Senator John Cornyn issued a statement."]),
    ("He became President of the U.S. Millions attended.", ["He became President of the U.S.", "Millions attended."]),
    ("They met in the U.S. Trump said so.", ["They met in the U.S.", "Trump said so."]),
    (
        "The U.S. Commission asked the U.S. Government to act.",
        ["The U.S. Commission asked the U.S. Government to act."],
    ),
    ("Shares of Apple Inc. Chief Executive Tim Cook spoke.", ["Shares of Apple Inc. Chief Executive Tim Cook spoke."]),
    ("He left at 6 P.M. Travelers who stayed were late.", ["He left at 6 P.M.", "Travelers who stayed were late."]),
    ("The vote is at 5 p.m. EST on Friday.", ["The vote is at 5 p.m. EST on Friday."]),
    # numbers after abbreviations, initials, the pronoun I
    ("I will be paid Rs. 3520 and Sec. 12 applies.", ["I will be paid Rs. 3520 and Sec. 12 applies."]),
    (
        "We make a good team, you and I. Did you see Albert I. Jones?",
        ["We make a good team, you and I.", "Did you see Albert I. Jones?"],
    ),
    # lists
    ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
    ("1.) Get some rest.", ["1.) Get some rest."]),
    # a list that does not start a sentence is not split into items (as in the GUM gold set)
    (
        "He listed the sins: a) Leaving home. b) Refusing to lie.",
        ["He listed the sins: a) Leaving home. b) Refusing to lie."],
    ),
    # quotes, citations, footnotes, e-mail, missing spaces, ellipses
    ("“We listened,” he said. “There’s no mistaking it.”", ["“We listened,” he said.", "“There’s no mistaking it.”"]),
    ('"This is great." she said.', ['"This is great." she said.']),
    ('"Bohr used the analogy [...]" (Smith 55).', ['"Bohr used the analogy [...]" (Smith 55).']),
    ("It was a martyr.[1] The emperor published a decree.", ["It was a martyr.[1]", "The emperor published a decree."]),
    ("Her email is Jane.Doe@example.com. I wrote to her.", ["Her email is Jane.Doe@example.com.", "I wrote to her."]),
    ("Hello world.Today is Tuesday.Mr. Smith left.", ["Hello world.", "Today is Tuesday.", "Mr. Smith left."]),
    ("The thing is . . . I didn’t mean it.", ["The thing is . . . I didn’t mean it."]),
    (
        "What do you see? - Posted like sentinels, they stand.",
        ["What do you see?", "- Posted like sentinels, they stand."],
    ),
]


@pytest.mark.parametrize("text, expected", CASES + WIRE_CASES)
def test_sentences(text, expected):
    spans = SentenceSplitter().spans(text)
    assert [text[a:b] for a, b in spans] == expected
    _assert_reassembles(text, spans)  # exact spans, nothing but whitespace between them


def _assert_reassembles(paragraph: str, spans: list[tuple[int, int]]) -> None:
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(paragraph)
        assert paragraph[last:start].strip() == ""  # nothing but whitespace is left out
        assert paragraph[start:end] == paragraph[start:end].strip()
        last = end
    assert paragraph[last:].strip() == ""


def _doc(text: str, **options):
    return SentenceSplitter(**options)(document_from_text("d", "d.txt", text))


def test_copyright_line_is_its_own_untranslated_segment():
    doc = _doc("Lima (EFE).– A quake shook Peru.\n\n© 2026 EFE News Services (U.S.) Inc.")
    assert [(s.kind, s.source) for s in doc.segments] == [
        ("text", "A quake shook Peru."),
        ("copyright", "© 2026 EFE News Services (U.S.) Inc."),
    ]


def test_long_sentence_gets_clause_pieces_and_a_note():
    sentence = (
        "The measure, which passed after a long debate in the chamber, includes money for disaster aid; "
        "it also funds the border agencies, and it raises the pay of the armed forces by four percent."
    )
    [seg] = _doc(sentence, max_chars=80).segments
    pieces = [seg.source[a:b] for a, b in seg.pieces]
    assert all(len(p) <= 80 for p in pieces) and len(pieces) >= 3
    assert any(p.endswith("for disaster aid;") for p in pieces)  # the semicolon is the first cut
    assert pieces[-1] == "and it raises the pay of the armed forces by four percent."  # then ", and"
    assert "".join(pieces).replace(" ", "") == seg.source.replace(" ", "")
    assert [i.code for i in seg.issues] == ["long-sentence-split"]


BAD_INPUT = [
    ("no punctuation", " ".join(["word"] * 10_000)),
    ("control characters", "He said\x07 so.\x1b[0m Then\x0b left. \x00 End."),
    ("mixed scripts", "Путин встретился с Си. 習近平は言った。Then Trump spoke. مرحبا. Done."),
    ("unterminated quote", '"We will never give up. We will fight, he said. And then'),
    ("only punctuation", "... ?! . . . !!!"),
    ("unbalanced brackets", "He (the minister said. Nobody ] agreed [ with him. The end."),
]


@pytest.mark.parametrize("name, paragraph", BAD_INPUT)
def test_bad_input_loses_no_text(name, paragraph):
    spans = SentenceSplitter().spans(paragraph)
    assert spans
    _assert_reassembles(paragraph, spans)


def test_document_with_empty_paragraphs_and_long_paragraph():
    text = "\n\n\n" + " ".join(["word"] * 10_000) + "\n\n   \n\nLast one."
    doc = _doc(text)
    assert len(doc.paragraphs) == 2
    assert len(doc.segments[0].pieces) >= 100 and doc.segments[-1].source == "Last one."


_ALPHABET = st.sampled_from(
    list("abcXYZ 019.,;:!?\"'“”‘’()[]-–…\n\t\u00a0") + ["U.S.", "Mr.", "p.m.", " . . . ", "1. ", "a) "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_spans_reassemble_any_text(text):
    _assert_reassembles(text, SentenceSplitter().spans(text))


@settings(max_examples=100, deadline=None)
@given(st.lists(_ALPHABET, max_size=300).map("".join), st.integers(min_value=5, max_value=60))
def test_pieces_cover_the_sentence(text, limit):
    for seg in SentenceSplitter(max_chars=limit)(document_from_text("d", "d.txt", text + " x")).segments:
        _assert_reassembles(seg.source, list(seg.pieces) or [(0, len(seg.source))])
