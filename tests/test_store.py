"""The run folder as a store: reruns translate exactly what changed and end byte-identical to
a fresh run; people's work survives every command; a crash at any point of apply, merge or
qa leaves the old folder or the new one; publishing unchanged documents changes no byte."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.config import EngineConfig, LocalizeConfig, QAConfig, RunConfig
from pipeline.engines import EngineChoice
from pipeline.engines.ctranslate2 import CTranslate2Engine
from pipeline.engines.marian import MarianEngine
from pipeline.engines.pseudo import PseudoEngine
from pipeline.formats import spanish_text
from pipeline.formats.edits import read_bilingual
from pipeline.job import translate_corpus
from pipeline.output.apply import apply_edits
from pipeline.output.lock import LOCK
from pipeline.output.merge import merge_outputs
from pipeline.output.people import SOURCE_CHANGED, PeoplesWork, Work, revision
from pipeline.output.recheck import recheck_folder
from pipeline.output.store import RunFolder, ordinals, republish
from pipeline.tm import TranslationMemory
from tests.conftest import ROOT

# Wire copy written for these tests. "the Aztec nation" is in two articles, the memory's
# sentence in one, so a change to either must redo exactly those.
ARTICLES = {
    "callao-strike": "LIMA, Dec. 1 (EFE).– Dockworkers at the port of Callao ended a nine-day strike on Monday.\n\n"
    "The port handles most of Peru's trade, officials said.",
    "mexico-remittances": "MEXICO CITY, Dec. 1 (EFE).– Remittances to the Aztec nation rose 4% in October.\n\n"
    "The central bank said migrants sent 5.6 billion dollars.",
    "mexico-border": "MEXICO CITY, Dec. 2 (EFE).– The Aztec nation and its neighbour resumed talks on Tuesday.\n\n"
    "Both delegations met for three hours.",
    "quito-vote": "QUITO, Dec. 2 (EFE).– Ecuadorians will vote on a new constitution in March.\n\n"
    "The electoral council approved the date on Tuesday.",
    "havana-power": "HAVANA, Dec. 3 (EFE).– A blackout left much of western Cuba without power on Wednesday.\n\n"
    "The grid operator said repairs would take two days.",
    "madrid-rail": "MADRID, Dec. 3 (EFE).– Spain's high-speed trains carried a record 40 million people this year.\n\n"
    "The minister thanked the workers.",
}
NEW = {
    "bogota-coffee": "BOGOTA, Dec. 4 (EFE).– Colombia's coffee exports fell 8% in November.\n\n"
    "Growers blamed heavy rains.",
    "santiago-lithium": "SANTIAGO, Dec. 4 (EFE).– Chile signed a lithium deal with two miners on Thursday.\n\n"
    "The minister thanked the workers.",
}
GLOSSARY = "en\tes\tes_feminine\tgender\tnumber\tcase\tdnt\tcontext\tavoid\n"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MEMORY_SENTENCE = "The electoral council approved the date on Tuesday."


def _files(folder: Path) -> dict[str, bytes]:
    """What a folder publishes, byte for byte (the manifest has the time; work.sqlite is read apart)."""
    skip = ("manifest.json", LOCK)
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if p.is_file() and p.name not in skip and "work.sqlite" not in p.name
    }


def _write(folder: Path, articles: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")


def _glossary(path: Path, aztec: str) -> Path:
    path.write_text(
        GLOSSARY + f"the Aztec nation\t{aztec}\t\tm\tsg\tany\t\tepithet\t\nCallao\tCallao\t\t\t\t\tyes\tport\t\n"
    )
    return path


def _memory(path: Path, target: str) -> Path:
    memory = TranslationMemory(path)
    memory.store([(MEMORY_SENTENCE, target, "human", "tests")])
    memory.close()
    return path


@pytest.fixture(params=["pseudo", "marian", "ctranslate2"])
def engine(request, tiny_marian, tmp_path_factory):
    if request.param == "pseudo":
        return PseudoEngine()
    config = EngineConfig(
        request.param, str(tiny_marian), "cpu", beams=2, max_length=24, cache_dir=tmp_path_factory.mktemp("cache")
    )
    return (CTranslate2Engine if request.param == "ctranslate2" else MarianEngine)(config)


def test_a_rerun_translates_exactly_what_changed_and_equals_a_fresh_run(tmp_path, engine):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus, ARTICLES)
    glossary = _glossary(tmp_path / "glossary.tsv", "el país azteca")
    memory = _memory(tmp_path / "tm.sqlite", "El consejo electoral aprobó la fecha el martes.")
    config = RunConfig(
        inputs=(corpus,), outdir=out, engine=EngineConfig("pseudo"), glossaries=(glossary,), tm=memory, chunk_segments=3
    )
    fresh = 0

    def rerun(expected: dict[str, str], config: RunConfig = config) -> None:
        nonlocal fresh
        report = translate_corpus(config, choice=EngineChoice(engine))
        assert dict(report.redone) == expected
        assert report.carried == report.documents - len(expected)
        fresh += 1
        whole = dataclasses.replace(config, outdir=tmp_path / f"fresh-{fresh}")
        translate_corpus(whole, choice=EngineChoice(engine))
        assert _files(out) == _files(whole.outdir)

    rerun({name: "new" for name in ARTICLES})
    rerun({})  # nothing changed: nothing translated
    _write(corpus, NEW)
    rerun({name: "new" for name in NEW})
    (corpus / "quito-vote.txt").write_text(ARTICLES["quito-vote"].replace("March", "April") + "\n", encoding="utf-8")
    rerun({"quito-vote": "text"})
    _glossary(glossary, "la nación mexicana")
    rerun({"mexico-remittances": "glossary", "mexico-border": "glossary"})
    _memory(memory, "El consejo aprobó la fecha el martes.")
    rerun({"quito-vote": "memory"})
    curly = dataclasses.replace(config, localize=LocalizeConfig(quotes="curly"))
    rerun({name: "options" for name in {**ARTICLES, **NEW}}, curly)


def test_a_removed_article_leaves_the_store_and_its_files_are_listed_as_stale(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus, ARTICLES)
    config = RunConfig(inputs=(corpus,), outdir=out, engine=EngineConfig("pseudo"))
    translate_corpus(config, choice=EngineChoice(PseudoEngine()))
    (corpus / "madrid-rail.txt").unlink()
    report = translate_corpus(config, choice=EngineChoice(PseudoEngine()))
    assert report.translated == 0 and report.documents == len(ARTICLES) - 1
    assert report.stale_files == ("madrid-rail.es.txt", "madrid-rail.review.html", "madrid-rail.xlf")
    translate_corpus(dataclasses.replace(config, outdir=tmp_path / "fresh"), choice=EngineChoice(PseudoEngine()))
    assert {k: v for k, v in _files(out).items() if k not in report.stale_files} == _files(tmp_path / "fresh")


@pytest.fixture
def finished(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus, {k: ARTICLES[k] for k in ("callao-strike", "quito-vote", "madrid-rail")})
    config = RunConfig(inputs=(corpus,), outdir=out, engine=EngineConfig("pseudo"))
    translate_corpus(config, choice=EngineChoice(PseudoEngine()))
    return config


def _sentences(tree: etree._ElementTree) -> list[etree._Element]:
    """An XLIFF file's segments that are sentences (the dateline is a unit of its own)."""
    return [s for s in tree.iterfind(f".//{{{XLIFF_NS}}}segment") if not s.get("id").endswith(":dateline")]


def _edited_xliff(out: Path, tmp_path: Path, doc_id: str) -> Path:
    """The article's XLIFF as a CAT tool returns it: the first target changed, the second
    approved (state final) and commented."""
    tree = etree.parse(str(out / f"{doc_id}.xlf"))
    first, second = _sentences(tree)
    first.find(f"{{{XLIFF_NS}}}target").text = "Los estibadores del Callao pusieron fin a la huelga."
    second.set("state", "final")
    _add_note(second, "comment", "Revisar la cifra.")
    edited = tmp_path / f"{doc_id}.edited.xlf"
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")
    return edited


def _add_note(segment, category: str, text: str) -> None:
    """A note in the segment's unit, as a CAT tool adds one (the unit's <notes> come first)."""
    unit = segment.getparent()
    notes = unit.find(f"{{{XLIFF_NS}}}notes")
    if notes is None:
        notes = etree.Element(f"{{{XLIFF_NS}}}notes")
        unit.insert(list(unit).index(segment), notes)
    etree.SubElement(notes, f"{{{XLIFF_NS}}}note", category=category).text = text


def _work(out: Path) -> list[tuple]:
    work = PeoplesWork(out)
    try:
        return [(w.segment, w.kind, w.value, w.editor) for doc_id in ordinals(out) for w in work.for_document(doc_id)]
    finally:
        work.close()


def test_approvals_comments_and_edits_survive_apply_qa_and_a_rerun(finished, tmp_path):
    out = finished.outdir
    report = apply_edits(out, [_edited_xliff(out, tmp_path, "callao-strike")], "Ana", now="2026-12-04T10:00:00+00:00")
    assert (report.changed, report.approved, report.commented) == (1, 1, 1)
    kinds = [kind for _, kind, _, _ in _work(out)]
    assert kinds == ["edit", "approve", "comment"]
    shown = {}
    for _ in ("apply", "qa", "rerun"):
        rows = {row.id: row for row in read_bilingual(out / "callao-strike.xlf")}
        segments = {seg.id: seg for seg in _documents(out)["callao-strike"].segments}
        first, second = list(segments)[:2]
        assert segments[first].target == "Los estibadores del Callao pusieron fin a la huelga."
        assert (
            rows[first].state == "reviewed"
            and rows[second].state == "final"
            and rows[second].comments == ("Revisar la cifra.",)
        )
        assert segments[second].review.status == "approved" and segments[second].review.editor == "Ana"
        page = (out / "callao-strike.review.html").read_text(encoding="utf-8")
        assert "Revisar la cifra." in page and "approved" in page
        shown[_] = _files(out)
        if _ == "apply":
            recheck_folder(out)
        elif _ == "qa":
            assert translate_corpus(finished, choice=EngineChoice(PseudoEngine())).translated == 0
    assert shown["apply"] == shown["qa"] == shown["rerun"]


def test_work_on_a_sentence_whose_english_changed_is_flagged_and_kept(finished, tmp_path):
    out = finished.outdir
    apply_edits(out, [_edited_xliff(out, tmp_path, "callao-strike")], "Ana")
    story = Path(finished.inputs[0]) / "callao-strike.txt"
    story.write_text(story.read_text(encoding="utf-8").replace("nine-day", "ten-day"), encoding="utf-8")
    report = translate_corpus(finished, choice=EngineChoice(PseudoEngine()))
    assert dict(report.redone) == {"callao-strike": "text"}
    first = _documents(out)["callao-strike"].segments[0]
    assert SOURCE_CHANGED in {i.code for i in first.issues} and "ten-day" in first.source
    assert first.target != "Los estibadores del Callao pusieron fin a la huelga."  # not put on other English
    assert [kind for _, kind, _, _ in _work(out)] == ["edit", "approve", "comment"]  # and not lost
    story.write_text(story.read_text(encoding="utf-8").replace("ten-day", "nine-day"), encoding="utf-8")
    translate_corpus(finished, choice=EngineChoice(PseudoEngine()))  # the English is back: so is the edit
    assert _documents(out)["callao-strike"].segments[0].target == "Los estibadores del Callao pusieron fin a la huelga."


def _documents(out: Path) -> dict:
    with RunFolder(out) as folder:
        return {doc.id: doc for doc in folder.documents()}


class Crash(BaseException):
    """A kill at one file operation: nothing after it runs, no handler catches it."""


class _CrashAfter:
    """os.replace that lets `calls` through, then crashes."""

    def __init__(self, calls: int, real) -> None:
        self.calls, self.real = calls, real

    def __call__(self, src, dst, *args, **kwargs):
        if self.calls == 0:
            raise Crash
        self.calls -= 1
        return self.real(src, dst, *args, **kwargs)


def _old_or_new(monkeypatch, before: Path, command, tmp_path: Path) -> tuple[list[tuple[Path, dict]], dict]:
    """Run `command(folder)` on copies of `before`, crashing it at each os.replace in turn
    (every file the store writes or moves in ends in one), until it runs through. After
    each crash the next command's recovery must leave the old folder or the new one, never
    a mix. Returns (crashed folder, its files) for each point, and the new folder's files."""
    old = _files(before) if before.exists() else {}
    real = os.replace
    crashed: list[tuple[Path, dict]] = []
    while True:
        folder = tmp_path / f"crash-{len(crashed)}"
        if before.exists():
            shutil.copytree(before, folder)

        monkeypatch.setattr(os, "replace", _CrashAfter(len(crashed), real))
        try:
            command(folder)
            break
        except Crash:
            monkeypatch.setattr(os, "replace", real)
            RunFolder(folder).close()  # what the next command does first
            crashed.append((folder, _files(folder)))
        finally:
            monkeypatch.setattr(os, "replace", real)
    new = _files(folder)
    assert len(crashed) > 5 and new != old
    for where, files in crashed:
        assert files in (old, new), f"{where}: a mix of the old folder and the new one"
    return crashed, new


def test_a_crash_at_any_point_of_apply_leaves_the_old_or_the_new_folder(finished, tmp_path, monkeypatch):
    edited = _edited_xliff(finished.outdir, tmp_path, "callao-strike")

    def apply(out: Path) -> None:
        apply_edits(out, [edited], "Ana", now="2026-12-04T10:00:00+00:00")

    crashed, new = _old_or_new(monkeypatch, finished.outdir, apply, tmp_path)
    for folder, files in crashed:  # people's work is stored with the files, in the same step
        assert bool(_work(folder)) == (files == new), folder


def test_a_crash_at_any_point_of_qa_leaves_the_old_or_the_new_folder(finished, tmp_path, monkeypatch):
    out = finished.outdir
    seg = _documents(out)["quito-vote"].segments[1]
    work = PeoplesWork(out)  # as the review desk records it: straight into the store
    at = "2026-12-04T11:00:00+00:00"
    work.record([Work(seg.id, seg.source, "comment", "¿Marzo o abril?", "Luis", at, revision(seg.target))])
    work.close()
    _, new = _old_or_new(monkeypatch, out, recheck_folder, tmp_path)
    assert "¿Marzo o abril?" in new["quito-vote.review.html"].decode("utf-8")


def test_a_crash_at_any_point_of_merge_leaves_no_folder_or_the_merged_one(finished, tmp_path, monkeypatch):
    shards = []
    for i in (1, 2):
        shard = dataclasses.replace(finished, outdir=tmp_path / f"shard-{i}", shard=(i, 2))
        translate_corpus(shard, choice=EngineChoice(PseudoEngine()))
        shards.append(shard.outdir)
    _, new = _old_or_new(monkeypatch, tmp_path / "none", lambda out: merge_outputs(shards, out), tmp_path)
    assert new == _files(finished.outdir)


# Text to build articles from: wire-copy pieces and any character a file can hold.
PIECES = ["The mayor said.", " ", "\n\n", "Mr. Ruiz left at 5 p.m.", "$1.5 billion", "«", "»", "%", "LIMA (EFE).– "]
TEXT = st.lists(st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(PIECES)), min_size=1, max_size=60)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(TEXT.map("".join), min_size=1, max_size=3), picks=st.lists(st.integers(0, 99), max_size=6))
def test_publishing_unchanged_documents_changes_no_byte_and_text_renders_its_document(texts, picks):
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        _write(corpus, {f"story-{n}": text for n, text in enumerate(texts)})
        config = RunConfig(inputs=(corpus,), outdir=out, engine=EngineConfig("pseudo"))
        if translate_corpus(config, choice=EngineChoice(PseudoEngine())).documents == 0:
            return  # every text was bad input, reported and skipped
        before = _files(out)
        with RunFolder(out) as folder:
            republish(folder, "same", QAConfig(), ordinals(out))
        assert _files(out) == before
        with RunFolder(out) as folder:
            segments = [seg for doc in folder.documents() for seg in doc.segments if seg.translatable]
            kinds = ("edit", "approve", "reject", "comment")
            work = tuple(
                Work(
                    seg.id,
                    seg.source,
                    kinds[pick % 4],
                    f"«{pick}» y\u2028más" if pick % 4 in (0, 3) else None,
                    "Ana",
                    f"2026-12-04T10:{pick % 60:02d}:00+00:00",
                    revision(seg.target),
                )
                for pick in picks
                for seg in segments[pick % max(1, len(segments)) :][:1]
            )
            republish(folder, "people", QAConfig(), ordinals(out), pending=work)
        with RunFolder(out) as folder:
            for doc in folder.documents():
                assert (out / f"{doc.id}.es.txt").read_text(encoding="utf-8") == spanish_text.render_document(doc)


def test_explain_lists_each_translated_document_and_why(run, tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus, ARTICLES)
    assert run("translate", corpus, "-o", out, "--engine", "pseudo", "-q").exit_code == 0
    _write(corpus, {"bogota-coffee": NEW["bogota-coffee"]})
    (corpus / "madrid-rail.txt").write_text(ARTICLES["madrid-rail"].replace("record", "new") + "\n", encoding="utf-8")
    result = run("translate", corpus, "-o", out, "--engine", "pseudo", "--explain")
    assert result.exit_code == 0, result.output
    explained = sorted(line for line in result.output.splitlines() if line.startswith("translated "))
    assert explained == ["translated bogota-coffee: new", "translated madrid-rail: text"]
    assert f"{len(ARTICLES) + 1} documents (2 translated, {len(ARTICLES) - 1} unchanged)" in result.output


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15])
def test_kill_9_during_apply_leaves_the_old_or_the_new_folder(finished, tmp_path, delay):
    """A real SIGKILL, sent once apply has begun its transaction (and `delay` later)."""
    out = finished.outdir
    edited = _edited_xliff(out, tmp_path, "callao-strike")
    old = _files(out)
    new_folder = tmp_path / "new"
    shutil.copytree(out, new_folder)
    apply_edits(new_folder, [edited], "Ana", now="2026-12-04T10:00:00+00:00")
    new = _files(new_folder)
    code = "import sys; from pipeline.output import apply; a = sys.argv; apply.apply_edits(a[1], [a[2]], a[3], a[4])"
    command = [sys.executable, "-c", code]
    process = subprocess.Popen([*command, str(out), str(edited), "Ana", "2026-12-04T10:00:00+00:00"], cwd=ROOT)
    deadline = time.monotonic() + 60
    while process.poll() is None and not list(out.glob(".txn-apply-*")) and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    RunFolder(out).close()  # what the next command does first
    assert _files(out) in (old, new)
    assert bool(_work(out)) == (_files(out) == new)


def _garbage(line: bytes) -> bytes:
    return b"garbage\n"


def _hollow(line: bytes) -> bytes:  # its id and key kept, its document gone
    return json.dumps({**json.loads(line), "document": {}}).encode() + b"\n"


@pytest.mark.parametrize("damage", [_garbage, _hollow])
def test_a_damaged_store_says_how_to_mend_it_and_mending_it_loses_no_work(run, finished, tmp_path, damage):
    out = finished.outdir
    apply_edits(out, [_edited_xliff(out, tmp_path, "callao-strike")], "Ana")
    before = _files(out)
    records = (out / "documents.jsonl").read_bytes().splitlines(keepends=True)
    number = next(n for n, line in enumerate(records, start=1) if b'"id": "quito-vote"' in line)
    records[number - 1] = damage(records[number - 1])
    (out / "documents.jsonl").write_bytes(b"".join(records))
    for command in (["qa", out], ["translate", finished.inputs[0], "-o", out, "--engine", "pseudo"]):
        result = run(*command)
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert (
            f"documents.jsonl:{number}: not a document record" in result.output and "remove that line" in result.output
        )
    del records[number - 1]
    (out / "documents.jsonl").write_bytes(b"".join(records))
    report = translate_corpus(finished, choice=EngineChoice(PseudoEngine()))
    assert dict(report.redone) == {"quito-vote": "new"}
    assert _files(out) == before and [kind for _, kind, _, _ in _work(out)] == ["edit", "approve", "comment"]


def test_the_corpus_named_another_way_is_carried_and_equals_a_fresh_run(finished, tmp_path, monkeypatch):
    translate_corpus(finished, choice=EngineChoice(PseudoEngine()))
    monkeypatch.chdir(tmp_path)
    relative = dataclasses.replace(finished, inputs=(Path("corpus"),))
    report = translate_corpus(relative, choice=EngineChoice(PseudoEngine()))
    assert report.translated == 0 and report.carried == 3
    fresh = dataclasses.replace(relative, outdir=tmp_path / "fresh")
    translate_corpus(fresh, choice=EngineChoice(PseudoEngine()))
    assert _files(finished.outdir) == _files(fresh.outdir)
    assert b'"source": "corpus/quito-vote.txt"' in _files(fresh.outdir)["documents.jsonl"]


def _xliff_with(out: Path, tmp_path: Path, name: str, target: str | None, final: bool) -> Path:
    """callao-strike's XLIFF with its first segment's target set (or left) and maybe approved."""
    tree = etree.parse(str(out / "callao-strike.xlf"))
    first = _sentences(tree)[0]
    if target is not None:  # as a CAT tool marks an edited segment
        first.find(f"{{{XLIFF_NS}}}target").text = target
        first.set("state", "reviewed")
    if final:
        first.set("state", "final")
    path = tmp_path / name
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def test_an_edit_ends_an_earlier_approval_and_two_files_editing_one_segment_lose_neither(finished, tmp_path):
    out = finished.outdir
    original = _documents(out)["callao-strike"].segments[0].target
    apply_edits(out, [_xliff_with(out, tmp_path, "approved.xlf", None, True)], "Cy")
    assert _documents(out)["callao-strike"].segments[0].review.status == "approved"
    first, second = (_xliff_with(out, tmp_path, f"{n}.xlf", f"Versión {n}.", False) for n in ("una", "dos"))
    stale = _xliff_with(out, tmp_path, "stale.xlf", None, False)  # still the machine's target
    report = apply_edits(out, [first, second, stale], "Ana")
    seg = _documents(out)["callao-strike"].segments[0]
    assert seg.target == "Versión dos." and seg.review is None  # the approval was of another target
    assert [r.target for r in seg.history] == [original, "Versión una."]
    assert report.changed == 1
    rows = {row.id: row for row in read_bilingual(out / "callao-strike.xlf")}
    assert rows[seg.id].state == "reviewed"


def test_a_rejection_keeps_its_reason_in_every_rendering(finished, tmp_path):
    out = finished.outdir
    tree = etree.parse(str(out / "quito-vote.xlf"))
    _add_note(_sentences(tree)[0], "rejected", "el tono no es de agencia")
    edited = tmp_path / "rejected.xlf"
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")
    assert apply_edits(out, [edited], "Luis").rejected == 1
    seg = _documents(out)["quito-vote"].segments[0]
    assert (seg.review.status, seg.review.note) == ("rejected", "el tono no es de agencia")
    assert '<prop type="x-review-note">el tono no es de agencia</prop>' in (out / "corpus.tmx").read_text("utf-8")
    assert "rejected: el tono no es de agencia" in (out / "quito-vote.review.html").read_text("utf-8")
    again = {row.id: row.rejected for row in read_bilingual(out / "quito-vote.xlf")}[seg.id]
    assert again.endswith(": el tono no es de agencia")
    assert apply_edits(out, [out / "quito-vote.xlf"], "Luis").rejected == 0  # the run's own file: nothing new


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\u0085", "\x1c"])
def test_line_separators_inside_text_survive_the_store(tmp_path, odd):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus, {"odd": f"LIMA, Dec. 1 (EFE).– The mayor{odd} spoke on Monday.\n\nShe left at noon{odd}."})
    config = RunConfig(inputs=(corpus,), outdir=out, engine=EngineConfig("pseudo"))
    translate_corpus(config, choice=EngineChoice(PseudoEngine()))
    assert translate_corpus(config, choice=EngineChoice(PseudoEngine())).carried == 1
    seg = _documents(out)["odd"].segments[0]
    at = "2026-12-04T10:00:00+00:00"
    with RunFolder(out) as folder:
        work = (Work(seg.id, seg.source, "edit", f"El alcalde{odd} habló.", "Ana", at, revision(seg.target)),)
        republish(folder, "edit", QAConfig(), ordinals(out), pending=work)
    recheck_folder(out)
    assert _documents(out)["odd"].segments[0].target == f"El alcalde{odd} habló."
    assert f"El alcalde{odd} habló." in (out / "odd.es.txt").read_text(encoding="utf-8")


class _Stop(Exception):
    pass


def test_an_interrupted_rerun_leaves_nothing_of_itself_in_the_documents_the_next_run_carries(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus, ARTICLES)
    glossary = _glossary(tmp_path / "glossary.tsv", "el país azteca")
    config = RunConfig(inputs=(corpus,), outdir=out, engine=EngineConfig("pseudo"), glossaries=(glossary,))
    translate_corpus(config, choice=EngineChoice(PseudoEngine()))
    before = _files(out)
    seen = []

    def stop_after_four(doc_id):
        seen.append(doc_id)
        if len(seen) == 4:
            raise _Stop

    without = dataclasses.replace(config, glossaries=())  # the same transaction name: other rows in the keys
    with pytest.raises(_Stop):
        translate_corpus(without, choice=EngineChoice(PseudoEngine()), on_document=stop_after_four)
    assert list(out.glob(".txn-translate-*/files/mexico-*.es.txt"))  # it staged the glossary articles
    report = translate_corpus(config, choice=EngineChoice(PseudoEngine()))
    assert report.translated == 0 and _files(out) == before


def test_an_approval_is_not_moved_onto_a_machine_target_that_changed_since(finished, tmp_path):
    out = finished.outdir
    apply_edits(out, [_xliff_with(out, tmp_path, "approved.xlf", None, True)], "Cy")
    glossary = tmp_path / "glossary.tsv"  # a new row that changes the approved sentence's machine target
    glossary.write_text(GLOSSARY + "Dockworkers\testibadores\t\tm\tpl\tany\t\tport workers\t\n", encoding="utf-8")
    with_glossary = dataclasses.replace(finished, glossaries=(glossary,))
    assert dict(translate_corpus(with_glossary, choice=EngineChoice(PseudoEngine())).redone) == {
        "callao-strike": "glossary"
    }
    seg = _documents(out)["callao-strike"].segments[0]
    assert "estibadores" in seg.target.lower()
    assert seg.review is None and "target-changed-since-review" in {i.code for i in seg.issues}
    assert {row.id: row.state for row in read_bilingual(out / "callao-strike.xlf")}[seg.id] != "final"
