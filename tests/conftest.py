"""Fixtures: a CLI runner, a tiny MarianMT checkpoint built on disk, and the reference data.

Tests that read the reference data beside the project (`../shared/data`: gold sets,
schemas, news test sets) are marked `shared_data`. Without that folder they are skipped
with one reason; with EFE_REQUIRE_SHARED=1 (set by .ci/run) its absence fails them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from pipeline.cli import main
from pipeline.testing.marian import build_marian

ROOT = Path(__file__).resolve().parent.parent
# The shared data sits beside the project (EFE_SHARED overrides, e.g. for a clone elsewhere).
SHARED = Path(os.environ.get("EFE_SHARED", ROOT.parent / "shared"))
CORPUS = ROOT / "corpus"
SAMPLE = Path(__file__).resolve().parent / "data" / "parallel"
MISSING = f"reference data not found at {SHARED} (clone beside ../shared or set EFE_SHARED)"


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"reference data: {SHARED}"] if SHARED.is_dir() else []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Each skip reason once, with how many tests it skipped (pytest's -rs lists every test)."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reasons[reason.removeprefix("Skipped: ")] = reasons.get(reason.removeprefix("Skipped: "), 0) + 1
    for reason, count in reasons.items():
        terminalreporter.write_line(f"SKIPPED {count} tests: {reason}", yellow=True)


def _require_reference_data() -> None:
    """Skip (or, in CI, fail) the test at hand when the reference data is absent."""
    if SHARED.is_dir():
        return
    if os.environ.get("EFE_REQUIRE_SHARED") == "1":
        pytest.fail(f"{MISSING}; CI (EFE_REQUIRE_SHARED=1) runs every test")
    pytest.skip(MISSING)


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("shared_data") is not None:
        _require_reference_data()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The reference data folder; only `shared_data` tests may use it."""
    _require_reference_data()
    return SHARED


@pytest.fixture(autouse=True)
def _marked_if_shared(request: pytest.FixtureRequest) -> None:
    """A test that reads the reference data must say so, or a clone without it would fail."""
    if "shared" in request.fixturenames and request.node.get_closest_marker("shared_data") is None:
        pytest.fail("this test uses the `shared` fixture: mark it @pytest.mark.shared_data")


class _LocalXmlSchema(etree.Resolver):
    """The XLIFF 1.2 schema imports the XML namespace's schema by URL: read the copy beside it."""

    def resolve(self, system_url, public_id, context):
        if system_url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(SHARED / "data" / "schemas" / "xml.xsd"), context)
        return None


def xliff12_schema() -> etree.XMLSchema:
    """The OASIS XLIFF 1.2 strict schema from the reference data, loaded offline."""
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlSchema())
    return etree.XMLSchema(etree.parse(str(SHARED / "data" / "schemas" / "xliff-core-1.2-strict.xsd"), parser))


class Runner:
    """Invokes `efe-pipeline` in-process, as a user would type it."""

    def __init__(self) -> None:
        self._runner = CliRunner()

    def __call__(self, *args: object) -> Result:
        return self._runner.invoke(main, [str(a) for a in args])


@pytest.fixture(scope="session")
def run() -> Runner:
    """`run("translate", corpus, "-o", out)`: the CLI's result (exit_code, output)."""
    return Runner()


@pytest.fixture(scope="session")
def desk_run(run: Runner, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Apertium run of the corpus with the house glossary, for the review desk's tests
    (real QA issues to work on); tests work on copies."""
    outdir = tmp_path_factory.mktemp("desk") / "out"
    glossary = ROOT / "glossaries" / "efe-en-es.tsv"
    result = run("translate", CORPUS, "-o", outdir, "--engine", "apertium", "--glossary", glossary, "-q")
    assert result.exit_code == 0, result.output
    return outdir


@pytest.fixture(scope="session")
def sample() -> tuple[list[str], list[str]]:
    """The repository's own English–Spanish sample, line-aligned."""
    english = (SAMPLE / "sample.en").read_text(encoding="utf-8").splitlines()
    spanish = (SAMPLE / "sample.es").read_text(encoding="utf-8").splitlines()
    return english, spanish


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory, sample: tuple[list[str], list[str]]) -> Path:
    """A MarianMT folder loaded through the same code path as a hub model."""
    english, spanish = sample
    # Wide random weights: a tiny model at the usual 0.02 gives the same output for every
    # input, and the tests must see translations that depend on their source.
    return build_marian(tmp_path_factory.mktemp("tiny-marian"), english, spanish, init_std=1.0)


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Conversions and downloads go to a temporary cache, never the user's."""
    cache = tmp_path_factory.getbasetemp() / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


def kill_when_staged(command: list[str], outdir: Path, documents: int, sig: int = signal.SIGKILL) -> tuple[int, str]:
    """Start a translate run, send it `sig` (kill -9) once `documents` documents are staged;
    its exit status and what it wrote on stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    stderr = outdir.with_name(outdir.name + ".stderr")
    with stderr.open("w") as sink:
        process = subprocess.Popen([*command, "-o", str(outdir)], env=env, stderr=sink)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if len(list(outdir.glob(".txn-*/docs/*.json"))) >= documents:
                process.send_signal(sig)
                break
            time.sleep(0.02)
        process.wait()
    assert process.returncode != 0, "the run ended before it could be interrupted"
    return process.returncode, stderr.read_text()
