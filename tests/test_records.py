import pytest

from pipeline.records import Issue, Origin, Segment, TermHit
from tests.conftest import CORPUS


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


@pytest.mark.parametrize("confidence", [float("nan"), float("inf"), -0.1, 7.5, True])
def test_a_segment_record_refuses_a_confidence_that_is_not_one(confidence):
    data = Segment("doc", 0, 0, 0, 3, "Hi.", "Hola.", confidence=0.5).to_dict()
    data["confidence"] = confidence
    with pytest.raises(TypeError, match="confidence"):
        Segment.from_dict(data)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "7.5"])
def test_qa_names_the_line_of_a_segments_file_with_a_broken_confidence(run, tmp_path, value):
    out = tmp_path / "out"
    made = run("translate", CORPUS / "havana-hurricane.txt", "-o", out, "--engine", "pseudo", "-q")
    assert made.exit_code == 0
    lines = (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"confidence": 1.0', f'"confidence": {value}')
    assert value in lines[1]
    broken = tmp_path / "segments.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    applied = run("apply", broken, out)
    assert applied.exit_code != 0 and f"{broken}:2" in applied.output and "confidence" in applied.output
