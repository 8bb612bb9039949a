"""review.html in a real browser: headless Chromium renders it, filters it, and takes a screenshot."""

import re
import shutil
import subprocess

import pytest

from tests.conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed: run `make setup` as root on Debian (it installs the chromium package)")
    return path


@pytest.fixture(scope="module")
def review(run, tmp_path_factory):
    outdir = tmp_path_factory.mktemp("review")
    glossary = ROOT / "glossaries" / "efe-en-es.tsv"
    result = run(
        "translate",
        CORPUS,
        "-o",
        outdir,
        "--engine",
        "auto",
        "--model",
        outdir / "no-model",
        "--no-download",
        "--glossary",
        glossary,
        "-q",
    )
    assert result.exit_code == 0, result.output
    return outdir / "review.html"


def _browser(chromium, tmp_path, *args):
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    done = subprocess.run([chromium, *flags, *args], capture_output=True, text=True, timeout=120)
    return done.stdout


def test_page_is_self_contained(review):
    page = review.read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page)
    assert "engine: apertium eng-spa" in page and "Apertium translates this run" in page  # the fallback is announced


def test_browser_renders_segments_terms_and_filter(chromium, review, tmp_path):
    dom = _browser(chromium, tmp_path, "--dump-dom", review.as_uri())
    assert dom.count('<tr class="segment') == 61
    assert '<mark class="term">el país azteca</mark>' in dom or '<mark class="term">país azteca</mark>' in dom
    assert '<body class="">' in dom or "<body>" in dom  # the filter is off by default
    filtered = _browser(chromium, tmp_path, "--dump-dom", review.as_uri() + "#issues")
    assert '<body class="only-issues">' in filtered  # the script ran and turned the filter on


def test_screenshot(chromium, review, tmp_path):
    shot = tmp_path / "review.png"
    _browser(chromium, tmp_path, f"--screenshot={shot}", "--window-size=1200,900", review.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a rendered page, not a blank one
