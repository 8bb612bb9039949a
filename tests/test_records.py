import pytest

from pipeline.records import Issue, Origin, Segment, TermHit


@pytest.mark.parametrize("origin", [None, *Origin])
def test_segment_round_trips_through_its_dict(origin):
    seg = Segment(
        "doc",
        2,
        1,
        5,
        20,
        "The Aztec nation.",
        "El país azteca.",
        terms=(TermHit(4, 16, "Aztec nation", "país azteca", "placeholder"),),
        issues=(Issue("number-missing", "error", "3 is missing"),),
        engine="pseudo",
        origin=origin,
    )
    data = seg.to_dict()
    assert data["id"] == "doc:2:1" and data["origin"] == (origin.value if origin else None)
    assert Segment.from_dict(data) == seg
