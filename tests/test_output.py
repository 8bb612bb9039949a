"""The output folder under concurrent, interrupted and hostile use: one run at a time, an
earlier finished run kept until the new one is complete, nothing read back as input."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from pipeline import job
from pipeline.config import EngineConfig, RunConfig
from pipeline.engines import EngineChoice
from pipeline.engines.pseudo import PseudoEngine
from pipeline.errors import ExitCode, InputChangedError, OutputError, UsageError
from pipeline.job import translate_corpus
from pipeline.output import store as store_module
from pipeline.output.files import DOCUMENTS, MANIFEST
from pipeline.output.lock import FolderLock
from pipeline.output.merge import merge_outputs
from tests.conftest import CORPUS


def _translate(outdir: Path, *inputs: Path, **options):
    config = RunConfig(inputs=inputs or (CORPUS,), outdir=outdir, engine=EngineConfig("pseudo"), **options)
    return translate_corpus(config, choice=EngineChoice(PseudoEngine()))


def test_a_second_run_into_a_busy_folder_fails_at_once_naming_the_first(tmp_path):
    holder = FolderLock(tmp_path / "out")
    try:
        with pytest.raises(OutputError, match=r"out is in use by another run \(pid \d+, started "):
            _translate(tmp_path / "out")
        assert not (tmp_path / "out" / MANIFEST).exists()
    finally:
        holder.release()
    assert _translate(tmp_path / "out").documents == 10  # free again once released


def test_the_lock_is_released_when_a_run_fails(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OutputError("disk full")

    monkeypatch.setattr(store_module, "write_run_files", broken)
    with pytest.raises(OutputError, match="disk full"):
        _translate(tmp_path / "out")
    FolderLock(tmp_path / "out").release()  # would raise if the failed run still held it


def test_a_failed_commit_keeps_the_earlier_finished_run(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _translate(out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def full_disk(target, *args, **kwargs):
        (Path(target) / "segments.jsonl").write_text("half", encoding="utf-8")
        raise OutputError(f"cannot write {target}/bilingual.tsv: No space left on device")

    monkeypatch.setattr(store_module, "write_run_files", full_disk)
    with pytest.raises(OutputError, match="No space left"):
        _translate(out, CORPUS / "havana-hurricane.txt")
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".lock"}
    assert after == {name: data for name, data in before.items() if name != ".lock"}


def test_temporary_files_of_a_killed_run_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    leftovers = [out / ".segments.jsonl.1a2b3c4d.tmp", out / ".story.es.txt.deadbeef.tmp"]
    for path in leftovers:
        path.write_text("half", encoding="utf-8")
    _translate(out)
    assert not any(path.exists() for path in leftovers)


def test_files_of_earlier_runs_are_listed_as_stale(run, tmp_path):
    out = tmp_path / "out"
    _translate(out)
    result = run("translate", CORPUS / "havana-hurricane.txt", "-o", out, "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    stale = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["stale_files"]
    assert "mexico-border-talks.es.txt" in stale and "havana-hurricane.es.txt" not in stale
    assert len(stale) == 27 and "27 per-article files" in result.output  # 9 articles × .es.txt, .xlf, .review.html


@pytest.mark.parametrize("inside", ["", "sub/out"])
def test_an_output_folder_inside_an_input_folder_is_refused(run, tmp_path, inside):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text("Lima (EFE).– The mayor spoke.\n", encoding="utf-8")
    result = run("translate", corpus, "-o", corpus / inside, "--engine", "pseudo")
    assert result.exit_code == ExitCode.USAGE and "inside input folder" in result.output
    assert "Traceback" not in result.output
    assert not list(corpus.rglob("segments.jsonl"))


def test_merge_refuses_its_output_among_its_inputs(tmp_path):
    _translate(tmp_path / "a", shard=(1, 2))
    _translate(tmp_path / "b", shard=(2, 2))
    with pytest.raises(UsageError, match="is one of the folders to merge"):
        merge_outputs([tmp_path / "a", tmp_path / "b"], tmp_path / "a")


@pytest.mark.parametrize(
    "documents, message",
    [("id\tordinal\n../../victim/keep\t0\n", "cannot be used as a file name"), (None, "cannot read .*documents.tsv")],
)
def test_merge_refuses_hostile_or_missing_document_lists(tmp_path, documents, message):
    _translate(tmp_path / "a", shard=(1, 2))
    _translate(tmp_path / "b", shard=(2, 2))
    if documents is None:
        (tmp_path / "b" / DOCUMENTS).unlink()
    else:
        (tmp_path / "b" / DOCUMENTS).write_text(documents, encoding="utf-8")
    with pytest.raises(OutputError, match=message):
        merge_outputs([tmp_path / "a", tmp_path / "b"], tmp_path / "merged")
    assert not (tmp_path / "victim").exists()


def test_an_input_changed_during_the_run_stops_it_without_a_manifest(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = corpus / "story.txt"
    story.write_text("Lima (EFE).– The mayor spoke.\n", encoding="utf-8")
    real = job.file_sha256

    def checksum_then_edit(path):
        digest = real(path)
        story.write_text("Lima (EFE).– The mayor resigned.\n", encoding="utf-8")  # edited after the checksum
        return digest

    monkeypatch.setattr(job, "file_sha256", checksum_then_edit)
    with pytest.raises(InputChangedError, match="story.txt changed while the run was reading it"):
        _translate(tmp_path / "out", corpus)
    assert not (tmp_path / "out" / MANIFEST).exists()


def test_a_full_disk_while_staging_is_one_error_and_keeps_the_earlier_run(run, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _translate(out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".lock"}

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "write_document_files", full_disk)
    other = tmp_path / "other"
    other.mkdir()
    (other / "new.txt").write_text("Lima (EFE).– A new story.\n", encoding="utf-8")
    result = run("translate", CORPUS, other, "-o", out, "--engine", "pseudo", "-q")
    assert result.exit_code == 1 and "No space left on device" in result.output and "Traceback" not in result.output
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".lock"}
    assert after == before
