from pipeline.records import Issue, Segment, TermHit


def test_segment_round_trips_through_its_dict():
    seg = Segment(
        "doc", 2, 1, 5, 20, "The Aztec nation.", "El país azteca.",
        terms=(TermHit(4, 16, "Aztec nation", "país azteca", "placeholder"),),
        issues=(Issue("number-missing", "error", "3 is missing"),),
        engine="pseudo",
    )
    data = seg.to_dict()
    assert data["id"] == "doc:2:1"
    assert Segment.from_dict(data) == seg
