"""`make ci-gate`, the gate a glossary or corpus commit runs (`make ci` is lint and this):
it passes on the shipped glossaries and samples, and fails on a glossary conflict or on a
translation with an error."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


def _gate(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    settings = [f"{name}={value}" for name, value in {"CI_OUT": tmp_path / "out", **variables}.items()]
    return subprocess.run(
        ["make", "-s", "--no-print-directory", "ci-gate", *settings],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_gate_passes_on_the_shipped_glossaries_and_samples(tmp_path):
    done = _gate(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "QA: 0 errors" in done.stdout + done.stderr


def test_the_gate_fails_on_a_glossary_conflict(tmp_path):
    glossary = tmp_path / "conflict.tsv"
    glossary.write_text(
        "en\tes\tcontext\nthe Aztec nation\tel país azteca\tepithet: Mexico\nthe Aztec nation\tla nación azteca\t\n",
        encoding="utf-8",
    )
    done = _gate(tmp_path, GLOSSARIES=str(glossary))
    assert done.returncode != 0
    assert "the Aztec nation" in done.stderr and not (tmp_path / "out").exists()  # stopped before translating


def test_the_gate_fails_on_a_translation_with_an_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "loan.txt").write_text("Lima (EFE).- The fund lent 1.5 billion dollars in 2019.\n", encoding="utf-8")
    done = _gate(tmp_path, CI_CORPUS=str(corpus))
    assert done.returncode != 0
    assert "number-mismatch" in done.stdout + done.stderr
