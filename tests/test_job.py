"""Whole runs: resuming an interrupted run, shards and merging them."""

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import EngineConfig, RunConfig
from pipeline.engines import EngineChoice
from pipeline.engines.apertium import ApertiumEngine, apertium_available
from pipeline.engines.ctranslate2 import CTranslate2Engine
from pipeline.engines.marian import MarianEngine
from pipeline.engines.pseudo import PseudoEngine
from pipeline.errors import OutputError, UsageError
from pipeline.job import in_shard, translate_corpus
from pipeline.output.lock import LOCK
from pipeline.output.merge import merge_outputs
from tests.conftest import kill_when_staged
from tests.doubles import CountingEngine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus(tmp_path, sample):
    """24 articles of 4 news sentences each, from the repository's sample (some sentences repeat)."""
    lines = sample[0]
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(24):
        body = "\n\n".join(lines[n * 4 : n * 4 + 3] + [lines[0]])
        (folder / f"story-{n:02d}.txt").write_text(f"Madrid (EFE).– {body}\n", encoding="utf-8")
    return folder


def _run(corpus, outdir, engine=None, **options):
    config = RunConfig(inputs=(corpus,), outdir=outdir, engine=EngineConfig("pseudo"), chunk_segments=8, **options)
    return translate_corpus(config, choice=EngineChoice(engine or PseudoEngine()))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name not in ("manifest.json", LOCK)}


class Interrupted(Exception):
    pass


def test_interrupted_run_resumes_without_retranslating(corpus, tmp_path):
    outdir = tmp_path / "out"
    seen = []

    def stop_after_ten(doc_id):
        seen.append(doc_id)
        if len(seen) == 10:
            raise Interrupted

    config = RunConfig(inputs=(corpus,), outdir=outdir, engine=EngineConfig("pseudo"), chunk_segments=8)
    with pytest.raises(Interrupted):
        translate_corpus(config, choice=EngineChoice(PseudoEngine()), on_document=stop_after_ten)
    assert not (outdir / "manifest.json").exists() and not (outdir / "segments.jsonl").exists()
    [staging] = outdir.glob(".txn-*")
    assert len(list((staging / "docs").iterdir())) == 10

    engine = CountingEngine()
    report = _run(corpus, outdir, engine)
    assert report.resumed == 10 and report.documents == 24
    finished_sources = {
        line for p in sorted(corpus.iterdir())[:10] for line in p.read_text(encoding="utf-8").split("\n\n")
    }
    assert not any(text in finished_sources for text in engine.texts)
    assert not list(outdir.glob(".txn-*"))
    _run(corpus, tmp_path / "fresh")
    assert _files(outdir) == _files(tmp_path / "fresh")


@pytest.mark.parametrize("stop_after", [7, 9])  # points where the old resume differed
def test_apertium_resumes_to_the_bytes_of_an_uninterrupted_run(tmp_path, sample, stop_after):
    """Apertium's output depends on the sentences before it in one call, and the earlier
    run's finished documents once seeded the repeat memory with localized text."""
    if not apertium_available():
        pytest.fail("apertium-eng-spa is not installed: run `make setup` as root on Debian (see README)")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = sample[0]
    for n in range(12):
        signoff = lines[n + 40].rstrip(".")  # no full stop: Apertium once read on into the next text
        body = "\n\n".join([*lines[n * 3 : n * 3 + 3], signoff])
        (corpus / f"story-{n:02d}.txt").write_text(f"LIMA (EFE).– {body}\n", encoding="utf-8")
    config = RunConfig(inputs=(corpus,), outdir=tmp_path / "out", engine=EngineConfig("apertium"), chunk_segments=6)
    seen = []

    def stop(doc_id):
        seen.append(doc_id)
        if len(seen) == stop_after:
            raise Interrupted

    with pytest.raises(Interrupted):
        translate_corpus(config, choice=EngineChoice(ApertiumEngine()), on_document=stop)
    translate_corpus(config, choice=EngineChoice(ApertiumEngine()))
    whole = dataclasses.replace(config, outdir=tmp_path / "whole")
    translate_corpus(whole, choice=EngineChoice(ApertiumEngine()))
    assert _files(tmp_path / "out") == _files(tmp_path / "whole")


def test_a_run_with_other_options_starts_over(corpus, tmp_path):
    outdir = tmp_path / "out"
    stale = outdir / ".txn-translate-0123456789abcdef"
    (stale / "docs").mkdir(parents=True)
    report = _run(corpus, outdir)
    assert report.resumed == 0 and not stale.exists()


def test_killed_process_resumes_to_the_same_output(run, corpus, tmp_path, tiny_marian):
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "translate",
        str(corpus),
        "--engine",
        "marian",
        "--model",
        str(tiny_marian),
        "--beams",
        "1",
        "--max-length",
        "8",
        "-q",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outdir = tmp_path / "killed"
    assert kill_when_staged(command, outdir, 3)[0] == -signal.SIGKILL
    assert not (outdir / "manifest.json").exists()
    subprocess.run([*command, "-o", str(outdir)], env=env, check=True, stderr=subprocess.DEVNULL)
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["resumed_documents"] >= 3 and manifest["counts"]["documents"] == 24
    subprocess.run([*command, "-o", str(tmp_path / "whole")], env=env, check=True, stderr=subprocess.DEVNULL)
    assert _files(outdir) == _files(tmp_path / "whole")


def test_shards_partition_the_corpus_and_merge_to_the_unsharded_output(run, corpus, tmp_path):
    reports = [_run(corpus, tmp_path / f"shard-{i}", shard=(i, 3)) for i in (1, 2, 3)]
    assert sum(r.documents for r in reports) == 24 and all(r.documents for r in reports)
    listed = [(tmp_path / f"shard-{i}" / "documents.tsv").read_text().splitlines()[1:] for i in (1, 2, 3)]
    assert all(in_shard(line.split("\t")[0], (i, 3)) for i, lines in zip((1, 2, 3), listed) for line in lines)
    _run(corpus, tmp_path / "whole")
    result = run("merge", *(str(tmp_path / f"shard-{i}") for i in (3, 1, 2)), "-o", str(tmp_path / "merged"))
    assert result.exit_code == 0, result.output
    assert _files(tmp_path / "merged") == _files(tmp_path / "whole")
    merged = json.loads((tmp_path / "merged" / "manifest.json").read_text())
    assert merged["counts"]["documents"] == 24 and len(merged["merged_from"]) == 3


@pytest.mark.parametrize("kind, beams", [("marian", 1), ("marian", 3), ("ctranslate2", 1), ("ctranslate2", 3)])
def test_shards_of_a_real_model_merge_to_the_unsharded_output(run, corpus, tiny_marian, tmp_path, kind, beams):
    config = EngineConfig(kind, str(tiny_marian), "cpu", beams=beams, max_length=96, cache_dir=tmp_path / "cache")
    engine = (CTranslate2Engine if kind == "ctranslate2" else MarianEngine)(config)
    for i in (1, 2, 3):
        _run(corpus, tmp_path / f"shard-{i}", engine, shard=(i, 3))
    _run(corpus, tmp_path / "whole", engine)
    assert run("merge", *(tmp_path / f"shard-{i}" for i in (2, 3, 1)), "-o", tmp_path / "merged").exit_code == 0
    assert _files(tmp_path / "merged") == _files(tmp_path / "whole")
    lines = (tmp_path / "whole" / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    scores = [json.loads(line)["confidence"] for line in lines]
    assert all(0.0 <= score <= 1.0 for score in scores) and len(set(scores)) > 1


def test_merge_refuses_unfinished_foreign_or_overlapping_folders(corpus, tmp_path):
    _run(corpus, tmp_path / "a", shard=(1, 2))
    (tmp_path / "unfinished").mkdir()
    with pytest.raises(OutputError, match="not a finished run"):
        merge_outputs([tmp_path / "a", tmp_path / "unfinished"], tmp_path / "m")
    with pytest.raises(UsageError, match="named twice"):
        merge_outputs([tmp_path / "a", tmp_path / "a"], tmp_path / "m")
    with pytest.raises(UsageError, match=r"these folders hold shards 1/2; a merge needs every shard"):
        merge_outputs([tmp_path / "a"], tmp_path / "m")
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Lima (EFE).– Something else.", encoding="utf-8")
    _run(other, tmp_path / "b", shard=(2, 2))
    with pytest.raises(OutputError, match="other inputs, glossaries or options"):
        merge_outputs([tmp_path / "a", tmp_path / "b"], tmp_path / "m")
    _run(corpus, tmp_path / "c", shard=(2, 2), max_sentence_chars=200)
    with pytest.raises(OutputError, match="other inputs, glossaries or options"):
        merge_outputs([tmp_path / "a", tmp_path / "c"], tmp_path / "m")
    assert not (tmp_path / "m" / "manifest.json").exists()


@pytest.mark.parametrize("value", ["0/2", "3/2", "x", "1/0"])
def test_bad_shard_is_a_usage_error(run, value, tmp_path):
    result = run("translate", str(tmp_path), "-o", str(tmp_path / "o"), "--shard", value)
    assert result.exit_code == 2 and "i/N" in result.output
