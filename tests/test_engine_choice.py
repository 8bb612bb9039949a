"""`--engine auto` and the Apertium and CTranslate2 engines (both installed by `make setup`)."""

import json

import pytest

from pipeline.config import EngineConfig
from pipeline.engines import choose_engine
from pipeline.engines.apertium import ApertiumEngine, apertium_available
from pipeline.engines.ctranslate2 import CTranslate2Engine
from pipeline.engines.marian import MarianEngine
from pipeline.errors import EngineError, ModelNotFoundError
from pipeline.models import find_model
from tests.conftest import CORPUS


@pytest.fixture(scope="module", autouse=True)
def apertium_installed():
    if not apertium_available():
        pytest.fail("apertium-eng-spa is not installed: run `make setup` as root on Debian (see README)")


def test_auto_prefers_ctranslate2_for_an_available_model(tiny_marian):
    choice = choose_engine(EngineConfig("auto", str(tiny_marian)))
    assert type(choice.engine) is CTranslate2Engine and choice.warnings == ()


def test_auto_uses_transformers_when_ctranslate2_is_missing(tiny_marian, monkeypatch):
    monkeypatch.setattr("pipeline.engines.ctranslate2_available", lambda: False)
    assert type(choose_engine(EngineConfig("auto", str(tiny_marian))).engine) is MarianEngine


def test_auto_falls_back_to_apertium_with_a_warning(tmp_path):
    choice = choose_engine(EngineConfig("auto", str(tmp_path / "missing"), allow_download=False))
    assert isinstance(choice.engine, ApertiumEngine)
    assert "Apertium translates this run" in choice.warnings[0]
    assert "fallback" in choice.engine.signature()


def test_auto_without_model_or_apertium_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.engines.apertium_available", lambda pair="eng-spa": False)
    with pytest.raises(ModelNotFoundError, match="Apertium fallback is not installed either"):
        choose_engine(EngineConfig("auto", str(tmp_path / "missing"), allow_download=False))


def test_cli_fallback_run_warns_everywhere(run, tmp_path):
    result = run(
        "translate", CORPUS / "havana-hurricane.txt", "-o", tmp_path, "--model", tmp_path / "none", "--no-download"
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("warning: MarianMT model")
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["warnings"] and manifest["engine"][0].startswith("apertium eng-spa")
    segments = [json.loads(line) for line in (tmp_path / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all("fallback" in s["engine"] for s in segments)
    assert "huracán" in segments[0]["target"].lower()


def test_no_fallback_makes_a_missing_model_an_error(run, tmp_path):
    result = run(
        "translate",
        CORPUS / "havana-hurricane.txt",
        "-o",
        tmp_path / "out",
        "--model",
        tmp_path / "none",
        "--no-download",
        "--no-fallback",
    )
    assert result.exit_code == 2 and "--no-fallback forbids that" in result.output
    assert not (tmp_path / "out" / "manifest.json").exists()


APERTIUM_CASES = [
    ("Protected ⟦Donald Trump⟧ and ⟦https://efe.com/a?b=1⟧ stay.", ["⟦Donald Trump⟧", "⟦https://efe.com/a?b=1⟧"]),
    ("Escaping: 5 < 6 & 7 > 3, <b>tags</b> are text.", ["5 < 6 &", "7 > 3", "<b>"]),
]


@pytest.mark.parametrize("text, kept", APERTIUM_CASES)
def test_apertium_keeps_protected_spans_and_escapes(text, kept):
    [out] = ApertiumEngine().translate_batch([text])
    for span in kept:
        assert span in out
    assert "Xpz" not in out


def test_apertium_reports_unknown_words_and_removes_its_marks():
    [known, unknown] = ApertiumEngine().translate_scored(["The book is red.", "They spoke of brinkmanship."])
    assert known.coverage == 1.0 and known.unknown == () and known.confidence is None  # no estimate: none given
    assert unknown.unknown == ("brinkmanship",) and 0 < unknown.coverage < 1 and unknown.confidence is None
    assert "*" not in unknown.text and "brinkmanship" in unknown.text


@pytest.mark.parametrize(
    "text, wanted",
    [
        ("Delia hit ⟦Cuba⟧'s western coast.", "la costa occidental de ⟦Cuba⟧"),
        ("⟦Gabriel García Márquez⟧’s novels were read in Madrid.", "las novelas de ⟦Gabriel García Márquez⟧"),
    ],
)
def test_apertium_reorders_a_protected_span_in_the_possessive(text, wanted):
    [out] = ApertiumEngine().translate_batch([text])
    assert wanted.lower() in out.lower()
    assert out.count("Madrid") == text.count("Madrid") and "Caracas" not in out  # the stand-ins go home


@pytest.mark.parametrize(
    "text, wanted",
    [
        ('"Quispe is right," Castillo said.', '"Quispe es'),  # an unknown word, passed through
        ('"⟦México⟧ is our neighbor," he said.', '"⟦México⟧ es'),  # a protected span
        ("Brinkmanship Is the word.", "Brinkmanship Es"),  # a capital in the source stays
    ],
)
def test_apertium_keeps_the_case_of_the_word_after_an_unknown_opening(text, wanted):
    [out] = ApertiumEngine().translate_batch([text])
    assert out.startswith(wanted)


def test_apertium_keeps_the_sources_own_mark_characters():
    [out] = ApertiumEngine().translate_batch(["Write to #Havana and @desk about a *star* now."])
    assert "#Havana" in out and out.count("@") == 1 and out.count("*") == 2


@pytest.mark.shared_data
def test_apertium_batches_stay_aligned(shared):
    news = (shared / "data" / "parallel" / "wmt-newstest2013" / "wmt-newstest2013.en").read_text(encoding="utf-8")
    lines = [f"{line} ⟦line-{i}⟧" for i, line in enumerate(news.splitlines()[1880:1980])]
    out = ApertiumEngine().translate_batch(lines)
    assert len(out) == 100
    assert all(f"⟦line-{i}⟧" in text and text.count("⟦") == 1 for i, text in enumerate(out))


@pytest.mark.parametrize(
    "texts",
    [
        ["The Minister of Tourism", "Minister of Tourism"],  # was "El Ministro de Ministro", "de Turismo de Turismo"
        ["The", "book is red."],
        ["Minister of Tourism", "the minister said"],
    ],
)
def test_apertium_texts_without_a_full_stop_do_not_run_into_the_next(texts):
    engine = ApertiumEngine()
    assert engine.translate_batch(texts) == [engine.translate_batch([text])[0] for text in texts]


def test_apertium_missing_is_a_clear_error(monkeypatch):
    monkeypatch.setattr("pipeline.engines.apertium.shutil.which", lambda name: None)
    with pytest.raises(EngineError, match="apt-get install apertium-eng-spa"):
        ApertiumEngine().translate_batch(["Hello."])


def test_ctranslate2_converts_once_and_keys_on_the_revision(tiny_marian, tmp_path):
    config = EngineConfig("ctranslate2", str(tiny_marian), "cpu", beams=2, max_length=12, cache_dir=tmp_path)
    engine = CTranslate2Engine(config)
    out = engine.translate_batch(["The president spoke.", "Prices rose sharply on Monday.", ""])
    assert len(out) == 3 and out[0]
    location = find_model(str(tiny_marian))
    path = engine.converted_path(location)
    stamp = (path / "model.bin").stat().st_mtime_ns
    assert CTranslate2Engine(config).converted_path(location) == path
    assert (path / "model.bin").stat().st_mtime_ns == stamp
    other = CTranslate2Engine(config).converted_path(type(location)(location.model, location.path, "local", "another"))
    assert other != path and (other / "model.bin").is_file()
    assert "ctranslate2=" in engine.signature() and "compute_type=int8" in engine.signature()
    assert not list(tmp_path.glob("ctranslate2/.converting-*"))
