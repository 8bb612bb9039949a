"""The translation memory: what people wrote, exact matches used, close ones only suggested."""

import json

import pytest
from lxml import etree

from pipeline.config import EngineConfig, RunConfig
from pipeline.engines import EngineChoice
from pipeline.engines.pseudo import PseudoEngine
from pipeline.errors import UsageError
from pipeline.job import translate_corpus
from pipeline.tm import TranslationMemory

ENTRIES = [
    ("The storm left ten people dead in the province.", "La tormenta dejó diez muertos en la provincia."),
    ("The minister resigned on Monday.", "El ministro dimitió el lunes."),
]


@pytest.fixture
def memory(tmp_path):
    path = tmp_path / "tm.sqlite"
    tm = TranslationMemory(path)
    tm.store([(en, es, "human", "edited.xlf") for en, es in ENTRIES])
    tm.close()
    return path


@pytest.mark.parametrize(
    "source, expected",
    [
        ("The storm left ten people dead in the province.", ENTRIES[0]),  # identical: 100
        ("The storm left eleven people dead in the province.", ENTRIES[0]),  # close
        ("The minister resigned on Tuesday.", ENTRIES[1]),
        ("Forecasters expect heavy rain.", None),  # nothing close enough
    ],
)
def test_closest_entry_above_the_threshold(memory, source, expected):
    tm = TranslationMemory(memory, create=False)
    found = tm.closest(source, 75.0)
    assert (found.source, found.target) == expected if expected else found is None
    if found:
        assert 75.0 <= found.similarity <= 100.0


def test_a_close_match_is_suggested_never_used(memory, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "The minister resigned on Tuesday. Forecasters expect heavy rain.\n", encoding="utf-8"
    )
    config = RunConfig(inputs=(corpus,), outdir=tmp_path / "out", engine=EngineConfig("pseudo"), tm=memory)
    report = translate_corpus(config, choice=EngineChoice(PseudoEngine()))
    assert report.from_memory == 0
    lines = (tmp_path / "out" / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    first, second = map(json.loads, lines)
    assert first["origin"] == "pseudo" and first["target"] != ENTRIES[1][1]
    assert first["suggestion"]["target"] == ENTRIES[1][1] and first["suggestion"]["similarity"] >= 75
    assert "suggestion" not in second
    xlf = (tmp_path / "out" / "a.xlf").read_text(encoding="utf-8")
    assert '<mtc:match ref="#a:0:0"' in xlf and ENTRIES[1][1] in xlf
    assert "TM " in (tmp_path / "out" / "a.review.html").read_text(encoding="utf-8")


def test_a_machine_target_never_replaces_a_persons_entry_unless_forced(memory):
    tm = TranslationMemory(memory)
    kept = tm.store([(ENTRIES[1][0], "Máquina.", "machine", "run.tmx")])
    assert kept.kept_human == 1 and tm.lookup(ENTRIES[1][0]) == ENTRIES[1][1]
    forced = tm.store([(ENTRIES[1][0], "Máquina.", "machine", "run.tmx")], force=True)
    assert forced.replaced == 1 and tm.lookup(ENTRIES[1][0]) == "Máquina."


def test_a_missing_memory_is_not_created_by_a_run(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        TranslationMemory(tmp_path / "missing.sqlite", create=False)
    assert not (tmp_path / "missing.sqlite").exists()


@pytest.mark.shared_data
def test_the_xliff_with_a_suggestion_is_valid(memory, tmp_path, shared):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The minister resigned on Tuesday.\n", encoding="utf-8")
    config = RunConfig(inputs=(corpus,), outdir=tmp_path / "out", engine=EngineConfig("pseudo"), tm=memory)
    translate_corpus(config, choice=EngineChoice(PseudoEngine()))
    schema = etree.XMLSchema(etree.parse(str(shared / "data" / "schemas" / "xliff_core_2.0.xsd")))
    assert schema.validate(etree.parse(str(tmp_path / "out" / "a.xlf"))), schema.error_log
