"""What an editor found in Apertium's Spanish of corpus/ (issue: checks and guards), each
problem pinned: fixed by the pipeline, or flagged by a QA check on its segment."""

import json

import pytest

from pipeline.engines.apertium import apertium_available
from tests.conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def corpus_run(run, tmp_path_factory):
    if not apertium_available():
        pytest.fail("apertium-eng-spa is not installed: run `make setup` as root on Debian (see README)")
    outdir = tmp_path_factory.mktemp("corpus") / "out"
    glossaries = [arg for path in sorted((ROOT / "glossaries").glob("*.tsv")) for arg in ("--glossary", path)]
    result = run("translate", CORPUS, "-o", outdir, "--engine", "apertium", *glossaries, "-q")
    assert result.exit_code == 0, result.output
    lines = (outdir / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _with(records, english):
    """The one segment whose source holds `english`."""
    [record] = [r for r in records if english in r["source"]]
    return record


@pytest.mark.parametrize(
    "english, code",
    [
        ("landfall", "english-left"),
        ("brinkmanship", "english-left"),
        ("casualties", "english-left"),
        ("disbursement", "english-left"),
        ("modernize", "english-left"),
        ("Power was cut", "english-left"),
        ("Geophysical", "unknown-word"),
        ("Ecuadorians will return", "unknown-word"),
        ("three-hour meeting", "run-together"),
    ],
)
def test_english_left_and_broken_words_are_flagged(corpus_run, english, code):
    records = [r for r in corpus_run if english in r["source"]]
    assert records
    assert all(code in {i["code"] for i in r["issues"]} for r in records)


@pytest.mark.parametrize(
    "english, spanish, wrong",
    [
        ("Capitol", "Capitolio", None),
        ("Feb. 8", "el 8 de febrero", "Feb."),
        ("Gen. Ramón Castillo", "general Ramón Castillo", "Gen."),
        ("talks next month in Havana", "La Habana", "Havana"),
        ("Catalonia", "Cataluña", "Catalunya"),
        ("(IMF)", "(FMI)", "IMF"),
        # gender of the title from the person's first name
        ("the mayor of Huancayo, Rosa Quispe", "la alcaldesa de Huancayo, Rosa Quispe", "el alcalde"),
        (
            "the head of Civil Defense, Gen. Ramón Castillo",
            "el jefe de Defensa Civil, general Ramón Castillo",
            "la jefa",
        ),
        ("President Lucía Montoya", "presidenta Lucía Montoya", "presidente Lucía"),
    ],
)
def test_names_places_dates_and_titles_come_out_in_efe_spanish(corpus_run, english, spanish, wrong):
    records = [r for r in corpus_run if english in r["source"]]
    assert records
    for record in records:
        assert spanish in record["target"]
        assert wrong is None or wrong not in record["target"]


def test_spacing_and_percent_are_fixed_everywhere(corpus_run):
    targets = [r["target"] for r in corpus_run]
    assert not any("  " in t or " ," in t or " ." in t for t in targets)
    assert not any("por ciento" in t for t in targets)
    assert sum("%" in t for t in targets) >= 5


def test_apertium_gives_coverage_not_confidence_and_unknown_words_lower_it(corpus_run):
    """Apertium knows no confidence ("Dejado me ser muy, muy claro" is fully covered): the
    share of words it knew is its coverage, and its segments have no confidence."""
    translated = [r for r in corpus_run if r["kind"] == "text" and r["origin"] == "machine"]
    assert translated and all("confidence" not in r and 0.0 <= r["coverage"] <= 1.0 for r in translated)
    flagged = [r for r in translated if any(i["code"] == "unknown-word" for i in r["issues"])]
    assert flagged and all(r["coverage"] < 1.0 for r in flagged)


@pytest.mark.parametrize("guard, kept", [("--name-guard", True), ("--no-name-guard", False)])
def test_a_name_no_glossary_lists_is_kept_by_the_guard(run, tmp_path, guard, kept):
    if not apertium_available():
        pytest.fail("apertium-eng-spa is not installed: run `make setup` as root on Debian (see README)")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text("Lima (EFE).– President Trump met her on Monday.\n", encoding="utf-8")
    result = run("translate", tmp_path / "in", "-o", tmp_path / "out", "--engine", "apertium", guard, "-q")
    assert result.exit_code == 0, result.output
    spanish = (tmp_path / "out" / "story.es.txt").read_text(encoding="utf-8")
    assert ("Trump" in spanish) is kept  # Apertium alone: "Triunfo"
