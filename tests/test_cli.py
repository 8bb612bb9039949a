import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import job
from pipeline.errors import ExitCode, shown
from tests.conftest import CORPUS


def _segments(outdir: Path):
    return [json.loads(line) for line in (outdir / "segments.jsonl").read_text(encoding="utf-8").splitlines()]


def _greedy_marian(model, max_length: int) -> tuple:
    return ("--engine", "marian", "--model", model, "--beams", "1", "--max-length", max_length)


@pytest.fixture(scope="module")
def marian_run(run, tiny_marian, tmp_path_factory):
    """The corpus translated with the tiny MarianMT folder, through the CLI."""
    outdir = tmp_path_factory.mktemp("out")
    result = run("translate", CORPUS, "-o", outdir, *_greedy_marian(tiny_marian, 16))
    assert result.exit_code == 0, result.output
    return outdir


def test_marian_run_writes_every_output(marian_run):
    names = {p.name for p in marian_run.iterdir()}
    assert {
        "segments.jsonl",
        "bilingual.tsv",
        "manifest.json",
        "mexico-border-talks.es.txt",
        "efe-2026-11-20-lima-quake.es.txt",
    } <= names
    manifest = json.loads((marian_run / "manifest.json").read_text(encoding="utf-8"))
    segments = _segments(marian_run)
    counts = manifest["counts"]
    assert (counts["documents"], counts["segments"], counts["skipped"]) == (10, len(segments), 0)
    assert (
        counts["engine_inputs"] == len(segments) and counts["engine_translated"] == len(segments) - 6
    )  # the update repeats 6
    assert len(manifest["inputs"]) == 8 and all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert manifest["engine"][0].startswith("marian model=")
    assert all(s["target"] is not None and s["engine"] == manifest["engine"][0] for s in segments)
    tsv_rows = (marian_run / "bilingual.tsv").read_text(encoding="utf-8").splitlines()
    assert tsv_rows[0] == "id\tsource\ttarget\twritten" and [r.split("\t")[0] for r in tsv_rows[1:]] == [
        s["id"] for s in segments
    ]


def test_spanish_articles_keep_the_source_paragraphs(marian_run):
    source = (CORPUS / "mexico-border-talks.txt").read_text(encoding="utf-8").strip().split("\n\n")
    spanish = (marian_run / "mexico-border-talks.es.txt").read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    assert len(spanish) == len(source)
    assert spanish[0].startswith("Ciudad de México (EFE).- ")  # the dateline in Spanish agency form


def test_segments_are_in_document_order_with_exact_spans(marian_run):
    segments = _segments(marian_run)
    order = [(s["doc_id"], s["paragraph"], s["sentence"]) for s in segments]
    docs = list(dict.fromkeys(s["doc_id"] for s in segments))
    assert order == sorted(order, key=lambda k: (docs.index(k[0]), k[1], k[2]))
    text = (CORPUS / "havana-hurricane.txt").read_text(encoding="utf-8").split("\n\n")
    for s in segments:
        if s["doc_id"] == "havana-hurricane":
            assert text[s["paragraph"]].strip()[s["start"] : s["end"]] == s["source"]


def test_ids_are_stable_across_runs(run, tmp_path):
    ids = []
    for name in ("a", "b"):
        assert run("translate", str(CORPUS), "-o", str(tmp_path / name), "--engine", "pseudo", "-q").exit_code == 0
        ids.append([s["id"] for s in _segments(tmp_path / name)])
    assert ids[0] == ids[1] and len(set(ids[0])) == len(ids[0])


@pytest.mark.shared_data
def test_efe_copy_from_shared_data(run, shared, tiny_marian, tmp_path):
    result = run("translate", shared / "data" / "efe", "-o", tmp_path, *_greedy_marian(tiny_marian, 8), "-q")
    assert result.exit_code == 0, result.output
    first = _segments(tmp_path)[0]
    assert first["source"].startswith("The United States will not carry out mass deportations")


def test_bad_input_is_skipped_reported_and_exit_code_3(run, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Lima (EFE).– A quake shook Peru.", encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"Bad \xff\xfe bytes")
    (corpus / "batch.jsonl").write_text('{"id": "ok", "text": "Fine."}\n{oops\n', encoding="utf-8")
    result = run("translate", str(corpus), "-o", str(tmp_path / "out"), "--engine", "pseudo")
    assert result.exit_code == ExitCode.INPUTS_SKIPPED
    assert f"{corpus / 'broken.txt'}:1: not valid UTF-8" in result.output
    assert f"{corpus / 'batch.jsonl'}:2: not valid JSON" in result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == 2 and len(manifest["skipped"]) == 2


def test_strict_stops_at_first_bad_input_and_writes_no_output(run, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\xff")
    (tmp_path / "b.txt").write_text("Fine.", encoding="utf-8")
    result = run(
        "translate",
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        "-o",
        str(tmp_path / "out"),
        "--engine",
        "pseudo",
        "--strict",
    )
    assert result.exit_code == ExitCode.FAILED
    assert result.output.startswith(f"error: {tmp_path / 'a.txt'}:1: not valid UTF-8")
    assert [p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")] == []  # staging, lock


def test_missing_model_fails_cleanly(run, tmp_path):
    result = run(
        "translate",
        str(CORPUS),
        "-o",
        str(tmp_path / "out"),
        "--engine",
        "marian",
        "--model",
        str(tmp_path / "no-model"),
        "--no-download",
    )
    assert result.exit_code == ExitCode.FAILED
    assert "error: model" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "manifest.json").exists() and not (tmp_path / "out" / "segments.jsonl").exists()


def test_segment_command_writes_jsonl(run, tmp_path):
    out = tmp_path / "seg.jsonl"
    result = run("segment", str(CORPUS / "washington-budget-vote.txt"), "-o", str(out))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[0]["source"].startswith("The US House of Representatives")
    assert all(r["target"] is None for r in records)


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["segment"],
        ["translate"],
        ["model"],
        ["model", "pull"],
        ["model", "info"],
        ["merge"],
        ["diff"],
        ["qa"],
        ["localize"],
        ["glossary"],
        ["glossary", "check"],
        ["tm"],
        ["tm", "import"],
    ],
)
def test_every_help_has_an_example(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Example" in result.output


def test_python_dash_m_runs_the_cli(run):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True, env=env, check=True
    )
    assert "efe-pipeline" in done.stdout


@pytest.mark.shared_data
def test_segment_command_shows_pieces_kind_and_spans(run, shared):
    result = run("segment", str(shared / "data" / "efe"), "--max-sentence-chars", "120")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records[0]["start"] == len("Mexico City (EFE).– ")
    assert records[-1]["kind"] == "copyright" and records[-1]["source"].startswith("© 2017 EFE")
    assert not any("No votes yet" in r["source"] for r in records)
    long = [r for r in records if r["pieces"]]
    assert long and all(b - a <= 120 for r in long for a, b in r["pieces"])


def test_translate_with_glossary_records_term_hits(run, tmp_path):
    glossary = CORPUS.parent / "glossaries" / "efe-en-es.tsv"
    result = run(
        "translate",
        str(CORPUS / "mexico-border-talks.txt"),
        "-o",
        str(tmp_path),
        "--engine",
        "apertium",
        "--glossary",
        str(glossary),
        "-q",
    )
    assert result.exit_code == 0, result.output
    segments = _segments(tmp_path)
    hits = [(t["source"], t["target"], t["method"]) for s in segments for t in s["terms"]]
    assert ("the Aztec nation", "el país azteca", "placeholder") in hits
    assert ("Secretary of State", "secretario de Estado", "placeholder") in hits
    assert ("Marcela Ruiz", "Marcela Ruiz", "placeholder") in hits
    assert not any(i["code"] == "term-missing" for s in segments for i in s["issues"])
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["glossaries"][0]["path"] == str(glossary) and len(manifest["glossaries"][0]["sha256"]) == 64


def test_broken_glossary_stops_the_run_with_file_and_line(run, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("en\tes\nWhite House\n", encoding="utf-8")
    result = run("translate", str(CORPUS), "-o", str(tmp_path / "out"), "--engine", "pseudo", "--glossary", str(bad))
    assert result.exit_code == ExitCode.FAILED and f"{bad}:2: empty 'es' cell for 'White House'" in result.output


HOSTILE_BATCH = [  # sorted by id
    {"id": "after", "text": "Quito (EFE).– The minister resigned."},
    {"id": "before", "text": "Lima (EFE).– The mayor spoke."},
    {"id": "overflow", "text": "The fund paid $" + "9" * 400 + " billion on Monday."},
]


def test_an_amount_too_large_for_exact_arithmetic_is_published_unchanged(run, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(d) + "\n" for d in HOSTILE_BATCH), encoding="utf-8")
    result = run("translate", batch, "-o", tmp_path / "out", "--engine", "apertium", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.es.txt")) == [f"{d['id']}.es.txt" for d in HOSTILE_BATCH]
    assert "9" * 400 in (tmp_path / "out" / "overflow.es.txt").read_text(encoding="utf-8")


def test_an_unreadable_input_is_skipped_with_its_reason(run, tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(f"Story {name}.", encoding="utf-8")
    real = job.file_sha256

    def unreadable(path):
        if path.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(job, "file_sha256", unreadable)
    result = run("translate", tmp_path / "in", "-o", tmp_path / "out", "--engine", "pseudo")
    assert (
        result.exit_code == ExitCode.INPUTS_SKIPPED
        and "a.txt: cannot read the file (Permission denied)" in result.output
    )
    assert [p.name for p in (tmp_path / "out").glob("*.es.txt")] == ["b.es.txt"]


@pytest.mark.parametrize("name", ["missing.txt", "story.docx"])
def test_a_bad_input_on_the_command_line_is_bad_usage(run, tmp_path, name):
    (tmp_path / "story.docx").write_bytes(b"x")
    result = run("translate", tmp_path / name, "-o", tmp_path / "out", "--engine", "pseudo")
    assert result.exit_code == ExitCode.USAGE and result.output.startswith(f"error: {tmp_path / name}: ")


def test_ctrl_c_says_how_to_resume(run, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.cli.translate_corpus", interrupted)
    result = run("translate", CORPUS / "havana-hurricane.txt", "-o", tmp_path / "out", "--engine", "pseudo")
    assert result.exit_code == 1 and "run the same command again to resume" in result.output


def test_a_huge_id_in_an_error_is_cut_to_what_a_person_reads(run, tmp_path):
    out = tmp_path / "out"
    assert run("translate", CORPUS / "havana-hurricane.txt", "-o", out, "--engine", "pseudo", "-q").exit_code == 0
    edits = tmp_path / "edits.tsv"
    huge = "x" * 9_000_000
    edits.write_text(f"id\tsource\ttarget\n{huge}\tHi.\tHola.\n", encoding="utf-8")
    result = run("apply", edits, out)
    assert result.exit_code != 0 and "is not in this run" in result.output
    assert len(result.output) < 3000


@pytest.mark.parametrize("length", [10, 2000, 2001, 9_000_000])
def test_shown_keeps_a_message_whole_or_its_start_and_end(length):
    message = "a" * (length - 3) + "end" if length > 3 else "a" * length
    text = shown(message)
    assert (text == message) == (length <= 2000) and len(text) <= 2100 and text.endswith(message[-3:])
