"""The translate run on a real local Ray (2 CPUs): the same bytes as a local run, through a
killed translator, a killed driver and bad input, and nothing of Ray left running."""

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

from pipeline.cluster import RayOptions, local_ray_processes
from pipeline.config import EngineConfig, RunConfig
from pipeline.engines import EngineChoice
from pipeline.engines.marian import MarianEngine
from pipeline.engines.pseudo import PseudoEngine
from pipeline.job import translate_corpus
from pipeline.output.apply import apply_edits
from pipeline.output.lock import LOCK
from tests.conftest import ROOT, kill_when_staged

pytest.importorskip("ray", reason="the ray extra is not installed: pip install -e '.[ray]' (make setup does)")

OPTIONS = RayOptions(cpus=2, chunk_lines=7, translators=2)
AT = "2026-12-04T10:00:00+00:00"


@pytest.fixture(scope="module")
def ray_temp():
    """A folder for the local Rays these tests start (short: Ray's socket paths have a limit)."""
    folder = Path(tempfile.mkdtemp(prefix="efe-t-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def nothing_left_running(ray_temp, monkeypatch):
    """Each test's local Rays live in `ray_temp` (TMPDIR for its subprocesses too); after the
    test no process has a file open there and no Ray folder is left. Other Rays on the
    machine are none of its business (and never `ray stop`: it would stop them all)."""
    monkeypatch.setattr(tempfile, "tempdir", str(ray_temp))
    monkeypatch.setenv("TMPDIR", str(ray_temp))
    yield
    deadline = time.monotonic() + 20
    while (left := local_ray_processes(ray_temp)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"Ray processes left running: {left}"
    assert not list(ray_temp.glob("efe-ray-*"))


@pytest.fixture
def corpus(tmp_path, sample):
    """.txt articles and a .jsonl file cut into several chunks, with a repeated id, two ids
    that only sanitise alike (in different chunks) and a broken line."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = sample[0]
    for n in range(6):
        (folder / f"story-{n}.txt").write_text(f"Madrid (EFE).– {lines[n]}\n\n{lines[n + 6]}\n", encoding="utf-8")
    records = [{"id": f"wire-{n}", "text": f"Lima (EFE).– {lines[20 + n]}"} for n in range(18)]
    records[3]["id"] = "wire 0"  # sanitises to wire-0, as does record 0: kept, with a digest
    records[11]["id"] = "wire-5"  # the same id as record 5: skipped, reported
    rows = [json.dumps(r, ensure_ascii=False) for r in records]
    rows.insert(9, '{"id": "broken", "text": ')
    (folder / "wire.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name not in ("manifest.json", LOCK)}


def _engine(kind, beams, tiny_marian):
    if kind == "pseudo":
        return PseudoEngine(), EngineConfig("pseudo")
    config = EngineConfig("marian", str(tiny_marian), "cpu", beams=beams, max_length=48)
    return MarianEngine(config), config


@pytest.mark.parametrize("kind, beams", [("pseudo", 1), ("marian", 1), ("marian", 3)])
def test_a_ray_run_equals_the_local_run(corpus, tmp_path, tiny_marian, kind, beams):
    engine, engine_config = _engine(kind, beams, tiny_marian)
    reports = {}
    for where, cluster in (("local", None), ("ray", OPTIONS)):
        config = RunConfig(inputs=(corpus,), outdir=tmp_path / where, engine=engine_config, chunk_segments=8)
        reports[where] = translate_corpus(config, choice=EngineChoice(engine), cluster=cluster)
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    skipped = {where: [str(error) for error in report.skipped] for where, report in reports.items()}
    assert skipped["ray"] == skipped["local"] and len(skipped["local"]) == 2
    assert reports["ray"].documents == reports["local"].documents == 6 + 17


def test_chunks_finished_out_of_order_are_recorded_in_corpus_order(corpus, tmp_path):
    """The first chunk is slow: the other translator goes on, and the output, the order the
    documents are reported in and what was skipped are those of a local run."""

    class SlowFirst(PseudoEngine):  # defined here, so that Ray sends it by value
        def translate_scored(self, texts):
            time.sleep(2.0 if any("slow story" in text for text in texts) else 0.0)
            return super().translate_scored(texts)

    (corpus / "a-slow.txt").write_text("Madrid (EFE).– The slow story was filed late.\n", encoding="utf-8")
    seen, reports = {}, {}
    for where, cluster in (("local", None), ("ray", OPTIONS)):
        config = RunConfig(inputs=(corpus,), outdir=tmp_path / where, engine=EngineConfig("pseudo"), chunk_segments=8)
        seen[where] = []
        reports[where] = translate_corpus(
            config, choice=EngineChoice(SlowFirst()), cluster=cluster, on_document=seen[where].append
        )
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    assert seen["ray"] == seen["local"] and seen["local"][0] == "a-slow" and len(seen["local"]) == 1 + 6 + 17
    assert [str(e) for e in reports["ray"].skipped] == [str(e) for e in reports["local"].skipped]


def _translator_pids(folder) -> list[int]:
    pids = []
    for pid in local_ray_processes(folder):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if fh.read().startswith(b"ray::Translator"):
                    pids.append(pid)
        except OSError:
            continue
    return pids


def test_a_killed_translator_is_replaced_and_the_output_is_the_same(corpus, tmp_path, tiny_marian, ray_temp):
    engine, engine_config = _engine("marian", 1, tiny_marian)
    killed = []

    def kill_a_translator(doc_id):
        if not killed:  # the first document is in: the other chunks are at work
            killed.extend(_translator_pids(ray_temp)[:1])
            os.kill(killed[0], signal.SIGKILL)

    config = RunConfig(inputs=(corpus,), outdir=tmp_path / "ray", engine=engine_config, chunk_segments=8)
    options = RayOptions(cpus=2, chunk_lines=2, translators=1)
    translate_corpus(config, choice=EngineChoice(engine), cluster=options, on_document=kill_a_translator)
    assert killed
    local = RunConfig(inputs=(corpus,), outdir=tmp_path / "local", engine=engine_config, chunk_segments=8)
    translate_corpus(local, choice=EngineChoice(engine))
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")


def _command(corpus, *more):
    return [sys.executable, "-m", "pipeline", "translate", str(corpus), "--engine", "pseudo", *more]


@pytest.fixture
def stories(tmp_path):
    """60 short .txt articles: a run long enough to be interrupted."""
    corpus = tmp_path / "stories"
    corpus.mkdir()
    for n in range(60):
        body = f"Story {n} was filed on Monday, the desk said.\n\nIts second paragraph has {n} more words."
        (corpus / f"s{n:02d}.txt").write_text(f"Madrid (EFE).– {body}\n", encoding="utf-8")
    return corpus


@pytest.mark.parametrize("rerun", [["--ray"], []])
def test_a_killed_driver_is_resumed_with_or_without_ray(tmp_path, stories, rerun):
    corpus = stories
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outdir = tmp_path / "killed"
    assert kill_when_staged(_command(corpus, "--ray", "-q"), outdir, 5)[0] == -signal.SIGKILL
    subprocess.run([*_command(corpus, *rerun, "-q"), "-o", outdir], env=env, check=True, stderr=subprocess.DEVNULL)
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["resumed_documents"] >= 5 and manifest["counts"]["documents"] == 60
    whole = tmp_path / "whole"
    subprocess.run([*_command(corpus, "-q"), "-o", whole], env=env, check=True, stderr=subprocess.DEVNULL)
    assert _files(outdir) == _files(whole)


def test_bad_input_exits_3_with_the_same_skipped_list(run, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("RAY_ADDRESS", "192.0.2.2:6379")  # a cluster's setting: plain --ray still runs its own Ray
    results = {}
    for where, more in (("local", []), ("ray", ["--ray"])):
        result = run("translate", corpus, "-o", tmp_path / where, "--engine", "pseudo", "-q", *more)
        manifest = json.loads((tmp_path / where / "manifest.json").read_text(encoding="utf-8"))
        results[where] = (result.exit_code, manifest["skipped"])
    assert results["ray"] == results["local"]
    assert results["ray"][0] == 3 and len(results["ray"][1]) == 2


def test_without_ray_installed_the_option_says_how_to_install_it(run, corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails, as where it is not installed
    result = run("translate", corpus, "-o", tmp_path / "out", "--engine", "pseudo", "--ray")
    assert result.exit_code == 2 and "pip install 'efe-pipeline[ray]'" in result.output


def test_ray_options_need_ray(run, corpus, tmp_path):
    result = run("translate", corpus, "-o", tmp_path / "out", "--engine", "pseudo", "--translators", "2")
    assert result.exit_code == 2 and "only work with --ray" in result.output


@pytest.mark.parametrize(
    "more, message",
    [
        (["--ray", "--gpus-per-translator", "1"], "the Ray cluster has 0 GPUs"),  # would wait forever
        (["--ray", "not-an-address"], "cannot join a Ray cluster there"),
    ],
)
def test_a_run_that_cannot_be_placed_is_a_usage_error(run, corpus, tmp_path, more, message):
    result = run("translate", corpus, "-o", tmp_path / "out", "--engine", "pseudo", *more)
    assert result.exit_code == 2 and message in result.output


def test_an_address_where_nothing_answers_fails_at_once_in_one_line(run, corpus, tmp_path):
    started = time.monotonic()
    result = run("translate", corpus, "-o", tmp_path / "out", "--engine", "pseudo", "-q", "--ray", "127.0.0.1:1")
    assert time.monotonic() - started < 15  # Ray alone retries for minutes, printing timeouts
    assert result.exit_code == 1
    assert result.output.startswith("error: --ray 127.0.0.1:1: cannot reach a Ray cluster at 127.0.0.1:1 (")
    assert "check that its head is running" in result.output and len(result.output.splitlines()) == 1


def test_an_address_that_is_an_input_is_a_misplaced_option(run, corpus, tmp_path):
    result = run("translate", "-o", tmp_path / "out", "--ray", corpus, corpus, "--engine", "pseudo")
    assert result.exit_code == 2 and "put --ray after the inputs" in result.output


def test_sigterm_ends_a_ray_run_quietly_as_a_plain_process_would(tmp_path, stories):
    """cron, timeout and systemd stop jobs with SIGTERM: exit 143, Ray stopped (see the
    autouse check), no crash report from Ray's own handler."""
    outdir = tmp_path / "out"
    status, stderr = kill_when_staged(_command(stories, "--ray", "-q"), outdir, 5, signal.SIGTERM)
    assert status == 128 + signal.SIGTERM
    assert "SIGTERM" not in stderr and not (outdir / "manifest.json").exists()


def test_a_ray_rerun_over_a_reviewed_folder_translates_only_what_changed(corpus, tmp_path, sample):
    out = tmp_path / "out"
    config = RunConfig(inputs=(corpus,), outdir=out, engine=EngineConfig("pseudo"), chunk_segments=8)
    translate_corpus(config, choice=EngineChoice(PseudoEngine()))
    edited = tmp_path / "edited.tsv"
    rows = (out / "bilingual.tsv").read_text(encoding="utf-8").splitlines()
    seg_id, source = rows[1].split("\t")[:2]
    edited.write_text(f"id\tsource\ttarget\n{seg_id}\t{source}\tUna corrección.\n", encoding="utf-8")
    apply_edits(out, [edited], "Ana", now=AT)
    (corpus / "story-1.txt").write_text(f"Madrid (EFE).– {sample[0][40]}\n", encoding="utf-8")
    (corpus / "story-9.txt").write_text(f"Madrid (EFE).– {sample[0][41]}\n", encoding="utf-8")
    report = translate_corpus(config, choice=EngineChoice(PseudoEngine()), cluster=OPTIONS)
    assert dict(report.redone) == {"story-1": "text", "story-9": "new"} and report.carried == 6 + 17 - 1
    fresh = RunConfig(inputs=(corpus,), outdir=tmp_path / "fresh", engine=EngineConfig("pseudo"), chunk_segments=8)
    translate_corpus(fresh, choice=EngineChoice(PseudoEngine()))
    apply_edits(fresh.outdir, [edited], "Ana", now=AT)
    ours, theirs = _files(out), _files(fresh.outdir)
    assert ours.pop("work.sqlite") and theirs.pop("work.sqlite")  # the same work, stored by other transactions
    for side in ("work.sqlite-wal", "work.sqlite-shm"):  # SQLite's, while a connection to it is still open
        ours.pop(side, None), theirs.pop(side, None)
    assert ours == theirs  # people's work shown alike
    assert (out / "segments.jsonl").read_text(encoding="utf-8").count("Una corrección.") == 1
