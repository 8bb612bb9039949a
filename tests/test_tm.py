"""The translation memory: what people wrote, exact matches used, close ones only suggested."""

import json
import re
import sqlite3

import pytest
from lxml import etree

from pipeline.config import EngineConfig, RunConfig
from pipeline.engines import EngineChoice
from pipeline.engines.pseudo import PseudoEngine
from pipeline.errors import PipelineError, UsageError
from pipeline.job import translate_corpus
from pipeline.tm import TranslationMemory, import_files
from tests.test_apply import RUN_FILES, as_a_cat_tool_saves, translate_twice, without_run

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
    assert kept["run.tmx"].kept_human == 1 and tm.lookup(ENTRIES[1][0]) == ENTRIES[1][1]
    forced = tm.store([(ENTRIES[1][0], "Máquina.", "machine", "run.tmx")], force=True)
    assert forced["run.tmx"].replaced == 1 and tm.lookup(ENTRIES[1][0]) == "Máquina."


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


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda p: p.write_bytes(b""), "is not a translation memory (an empty file)"),
        (lambda p: _other_database(p), "is not a translation memory (an SQLite database of something else)"),
        (lambda p: p.write_bytes(bytes(range(256)) * 20), "file is not a database"),
    ],
    ids=["empty", "other database", "corrupt"],
)
def test_a_run_refuses_a_file_that_is_not_a_memory_and_leaves_it_as_it_was(tmp_path, prepare, message):
    path = tmp_path / "memory.sqlite"
    prepare(path)
    before = path.read_bytes()
    with pytest.raises(PipelineError, match=re.escape(message)):
        TranslationMemory(path, create=False)
    assert path.read_bytes() == before  # a run never writes to the memory


def test_tm_import_refuses_to_add_a_memory_to_another_database(tmp_path):
    path = tmp_path / "notes.sqlite"
    _other_database(path)
    with pytest.raises(UsageError, match="SQLite database of something else"):
        TranslationMemory(path)


def test_a_run_reads_the_memory_as_it_was_when_the_run_began(tmp_path):
    path = tmp_path / "memory.sqlite"
    TranslationMemory(path).store([("The storm hit.", "La tormenta golpeó.", "human", "a.xlf")])
    run = TranslationMemory(path, create=False)
    importer = TranslationMemory(path)
    importer.store([("The storm hit.", "La tormenta azotó.", "human", "b.xlf"), ("New.", "Nuevo.", "human", "b.xlf")])
    importer.close()
    assert (run.lookup("The storm hit."), run.lookup("New.")) == ("La tormenta golpeó.", None)  # its snapshot
    run.close()
    assert TranslationMemory(path, create=False).lookup("The storm hit.") == "La tormenta azotó."


def _other_database(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()


@pytest.mark.parametrize("against", [True, False], ids=["against run A", "alone"])
@pytest.mark.parametrize("name", RUN_FILES)
def test_another_runs_untouched_file_is_never_imported_as_human(run, tmp_path, name, against):
    a, b = translate_twice(run, tmp_path)
    segments = [json.loads(line) for line in (a / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    memory = tmp_path / "tm.sqlite"
    theirs = without_run(b / name, tmp_path)  # with it, --against A refuses the file (test_apply)
    report = import_files(memory, [theirs], a if against else None)
    assert (report.total.imported, report.total.unchanged, report.size) == (0, len(segments), 0)  # run B's output
    first = segments[0]
    edited = as_a_cat_tool_saves(theirs, first["id"], "El huracán Delia tocó tierra en Cuba.", tmp_path)
    report = import_files(memory, [edited], a if against else None)
    assert (report.total.imported, report.total.unchanged, report.size) == (1, len(segments) - 1, 1)  # a person's
    tm = TranslationMemory(memory, create=False)
    assert tm.search("Delia tocó")[0]["kind"] == "human"
    assert tm.lookup(first["source"]) == "El huracán Delia tocó tierra en Cuba."
    tm.close()
