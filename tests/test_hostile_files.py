"""Hostile or broken files given to every command: one clear line naming the file, the
right exit code, and nothing half-done; never a traceback."""

from __future__ import annotations

import json
import sqlite3

import pytest

from pipeline.config import LocalizeConfig
from pipeline.errors import ExitCode
from pipeline.output.files import RECORDS
from pipeline.stages import localize
from pipeline.stages.localize import localize_text
from tests.conftest import CORPUS

XLIFF = """<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es"><file id="f">
<unit id="u"><segment id="{id}"><source>Hello.</source><target>Hola{inline}.</target></segment></unit></file></xliff>"""
TMX = """<?xml version="1.0"?>
<tmx version="1.4"><header/><body><tu tuid="a:0:0"><tuv xml:lang="en"><seg>Hi.</seg></tuv>
<tuv xml:lang="es"><seg>Hola<ph type="x-cp">{code}</ph>.</seg></tuv></tu></body></tmx>"""


@pytest.mark.parametrize(
    "name, content",
    [
        ("no-hex.xlf", XLIFF.format(id="a:0:0", inline="<cp/>")),
        ("not-hex.xlf", XLIFF.format(id="a:0:0", inline='<cp hex="zz"/>')),
        ("too-big.xlf", XLIFF.format(id="a:0:0", inline='<cp hex="110000"/>')),
        ("surrogate.xlf", XLIFF.format(id="a:0:0", inline='<cp hex="D800"/>')),
        ("bad-ph.tmx", TMX.format(code="nope")),
        ("empty-ph.tmx", TMX.format(code="")),
    ],
)
def test_tm_import_of_a_bad_code_point_is_one_clear_error(run, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("tm", "import", path, "--tm", tmp_path / "tm.sqlite")
    assert result.exit_code == ExitCode.FAILED, result.output
    assert result.output.startswith(f"error: {path}:") and "not a valid code point" in result.output
    assert "Traceback" not in result.output


def test_tm_import_is_all_or_nothing(run, tmp_path):
    good, bad = tmp_path / "a.xlf", tmp_path / "bad.xlf"
    good.write_text(XLIFF.format(id="a:0:0", inline=""), encoding="utf-8")
    bad.write_text(XLIFF.format(id="b:0:0", inline='<cp hex="zz"/>'), encoding="utf-8")
    memory = tmp_path / "tm.sqlite"
    assert run("tm", "import", good, bad, "--tm", memory).exit_code == ExitCode.FAILED
    stored = sqlite3.connect(memory).execute("SELECT COUNT(*) FROM tm").fetchone()[0] if memory.exists() else 0
    assert stored == 0
    assert run("tm", "import", good, "--tm", memory).exit_code == 0


def test_tm_import_against_a_folder_that_is_not_a_run(run, tmp_path):
    edited = tmp_path / "a.xlf"
    edited.write_text(XLIFF.format(id="a:0:0", inline=""), encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = run("tm", "import", edited, "--tm", tmp_path / "tm.sqlite", "--against", tmp_path / "empty")
    assert result.exit_code == ExitCode.FAILED and "not a finished run" in result.output, result.output


@pytest.fixture
def finished(run, tmp_path):
    out = tmp_path / "out"
    assert run("translate", CORPUS / "havana-hurricane.txt", "-o", out, "--engine", "pseudo", "-q").exit_code == 0
    return out


def _break_line(folder, change, name="segments.jsonl", index=1):
    path = folder / name
    lines = path.read_bytes().splitlines(keepends=True)
    lines[index] = change(json.loads(lines[index]))
    path.write_bytes(b"".join(lines))


BROKEN_RECORDS = [
    ("a non-string target", lambda r: json.dumps({**r, "target": 5}).encode() + b"\n", "field 'target'"),
    ("malformed pieces", lambda r: json.dumps({**r, "pieces": [[1, "x", 3]]}).encode() + b"\n", "field 'pieces'"),
    ("invalid UTF-8", lambda r: json.dumps(r).encode()[:-2] + b'\xff"}\n', "not valid UTF-8"),
    ("deep nesting", lambda r: b'{"x": ' + b"[" * 3000 + b"]" * 3000 + b"}\n", "nested too deeply"),
    (
        "an unknown severity",
        lambda r: json.dumps({**r, "issues": [{"code": "x", "severity": "fatal", "message": "m"}]}).encode() + b"\n",
        "severity 'fatal'",
    ),
    (
        "a missing field",
        lambda r: json.dumps({k: v for k, v in r.items() if k != "source"}).encode() + b"\n",
        "missing field 'source'",
    ),
    (
        "an issue with unknown keys",
        lambda r: json.dumps({**r, "issues": [{"check": "x", "severity": "error", "message": "m"}]}).encode() + b"\n",
        "a term or issue with unknown or missing keys",
    ),
]


def test_qa_flags_a_document_segment_left_without_a_translation(run, finished):
    def no_target(record):
        segments = record["document"]["segments"]
        segments[0] = {**segments[0], "target": None}
        return json.dumps(record).encode() + b"\n"

    _break_line(finished, no_target, RECORDS, 0)  # the folder holds one article
    result = run("qa", finished)
    assert result.exit_code == ExitCode.QA_FAILED, result.output
    assert "havana-hurricane:0:0: error: empty-target: the segment has no translation" in result.output


@pytest.mark.parametrize("what, change, message", BROKEN_RECORDS)
def test_diff_of_a_broken_record_names_the_file_and_line_and_qa_will_not_overwrite_it(
    run, finished, what, change, message
):
    _break_line(finished, change)
    before = (finished / "segments.jsonl").read_bytes()
    result = run("diff", finished, finished)
    assert result.exit_code == 2, result.output
    assert "segments.jsonl:2: " in result.output and message in result.output and "Traceback" not in result.output
    result = run("qa", finished)
    assert (
        result.exit_code == ExitCode.FAILED and "segments.jsonl was changed after the run published it" in result.output
    )
    assert (finished / "segments.jsonl").read_bytes() == before


@pytest.mark.parametrize("what, change, message", BROKEN_RECORDS)
def test_qa_of_a_broken_document_record_names_the_file_and_line(run, finished, what, change, message):
    def broken(record):  # the same damage, to a segment inside the document record
        segments = record["document"]["segments"]
        line = change(segments[0])
        if not line.startswith(b'{"x"'):  # all but the deep nesting, which replaces the line
            head = json.dumps({**record, "document": {**record["document"], "segments": []}}).encode()
            return head.replace(b'"segments": []', b'"segments": [' + line.rstrip(b"\n") + b"]") + b"\n"
        return line

    _break_line(finished, broken, RECORDS, 0)
    result = run("qa", finished)
    assert result.exit_code == ExitCode.FAILED, result.output
    assert f"{RECORDS}:1" in result.output and "Traceback" not in result.output


def test_localize_of_invalid_utf8_names_the_line(run, tmp_path):
    path = tmp_path / "es.txt"
    path.write_bytes("Línea buena.\n".encode() + b"Mala \xff.\n")
    result = run("localize", path)
    assert result.exit_code == ExitCode.FAILED and f"{path}:2: not valid UTF-8" in result.output


def test_an_amount_beyond_exact_arithmetic_is_left_alone(run, tmp_path):
    path = tmp_path / "es.txt"
    amount = "$" + "9" * 400 + " mil millones"
    path.write_text(f"El fondo pagó {amount} el lunes.\n", encoding="utf-8")
    result = run("localize", path)
    assert result.exit_code == 0 and amount in result.output


def test_a_stage_failure_in_one_document_skips_only_that_document(run, tmp_path, monkeypatch):
    original = localize.LocalizeStage.__call__

    def explode(self, doc):
        if doc.id == "havana-hurricane":
            raise RuntimeError("boom")
        return original(self, doc)

    monkeypatch.setattr(localize.LocalizeStage, "__call__", explode)
    result = run("translate", CORPUS, "-o", tmp_path / "out", "--engine", "pseudo")
    assert result.exit_code == ExitCode.INPUTS_SKIPPED, result.output
    assert "havana-hurricane.txt: document 'havana-hurricane' skipped: stage 'localize' failed" in result.output
    assert len(list((tmp_path / "out").glob("*.es.txt"))) == 9


@pytest.mark.parametrize(
    "text",
    [
        "Pagó $1e309 billion ayer.",  # not an amount: left as written, not "1 dólarese309"
        "Vea https://efe.com y \ue0000\ue001 aquí.",  # the localizer's own markers in the input
        "Texto \ue000 suelto \ue001 y la Casa Blanca.",
    ],
)
def test_text_that_looks_like_the_localizers_own_markers_or_numbers_is_kept(text):
    assert localize_text(text, LocalizeConfig(), ["Casa Blanca"]) == text
