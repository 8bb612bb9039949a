"""The review pages in a real browser: headless Chromium driven through WebDriver (selenium
with Debian's chromium-driver). An editor corrects, approves, comments, reloads, exports,
and `efe-pipeline apply` takes the export."""

import json
import re
import shutil
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from pipeline.formats.edits import read_bilingual
from pipeline.formats.review import article_page
from pipeline.records import Document, Segment, Suggestion
from tests.conftest import CORPUS, ROOT

ARTICLE = "havana-hurricane"


@pytest.fixture(scope="module")
def review(run, tmp_path_factory):
    """A run of the corpus (Apertium, as the model is not there) with the house glossary."""
    outdir = tmp_path_factory.mktemp("review")
    result = run(*_command(outdir, outdir), "-q")
    assert result.exit_code == 0, result.output
    return outdir


def _command(first: Path, outdir: Path) -> list:
    """The review fixture's translate command (its missing model is named after the first folder)."""
    glossary = ROOT / "glossaries" / "efe-en-es.tsv"
    no_model = first / "no-model"
    return [
        "translate",
        CORPUS,
        "-o",
        outdir,
        "--engine",
        "auto",
        "--model",
        no_model,
        "--no-download",
        "--glossary",
        glossary,
    ]


@pytest.fixture
def browser(tmp_path):
    chromium, driver = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.fail("chromium and chromium-driver are not installed: run `make setup` as root on Debian (see README)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    chrome.downloads = downloads
    yield chrome
    chrome.quit()


def _rows(browser):
    """The article page's rows: the dateline first, then the segments."""
    return browser.find_elements(By.CSS_SELECTOR, "tr.segment")


def _press(browser, keys):
    ActionChains(browser).send_keys(keys).perform()


def _open_article(browser, page):
    """Open an article page and click its first row, so the page has the keyboard's focus
    before the first key is sent (a key sent to a window without focus can be lost)."""
    browser.get(page.as_uri())
    browser.find_element(By.CSS_SELECTOR, "tr.segment td.id").click()


def _segments(outdir):
    lines = (outdir / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def test_pages_are_self_contained(review):
    for page in [review / "review.html", *review.glob("*.review.html")]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=['\"]?(https?:)?//", text), page
    index = (review / "review.html").read_text(encoding="utf-8")
    assert "engine: apertium eng-spa" in index and "Apertium translates this run" in index  # the fallback


def test_index_lists_every_article_with_counts_and_filters_those_without_issues(browser, review):
    documents = (review / "documents.tsv").read_text(encoding="utf-8").splitlines()[1:]
    browser.get((review / "review.html").as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.article")
    assert len(rows) == len(documents)
    with_issues = [row for row in rows if "issues" in row.get_attribute("class").split()]
    assert f"{len(rows)} articles, {len(with_issues)} with issues" in browser.page_source
    browser.find_element(By.ID, "only-issues").click()
    assert [row for row in rows if row.is_displayed()] == with_issues
    browser.find_element(By.ID, "only-issues").click()
    browser.find_element(By.LINK_TEXT, ARTICLE).click()
    assert browser.current_url.endswith(f"{ARTICLE}.review.html")


def test_article_page_shows_dateline_terms_and_spaces_as_they_are(browser, review, tmp_path):
    browser.get((review / f"{ARTICLE}.review.html").as_uri())
    assert browser.find_element(By.CSS_SELECTOR, "tr.dateline td.tgt").text.startswith("La Habana")
    assert browser.find_elements(By.CSS_SELECTOR, "tr.segment mark.term")
    seg = Segment("d", 0, 0, 0, 9, "He said.", "Dijo  que <b>sí</b>.")
    page = tmp_path / "d.review.html"
    page.write_text(article_page(Document("d", "d.txt", ("He said.",), segments=(seg,))), encoding="utf-8")
    browser.get(page.as_uri())
    target = browser.find_element(By.CSS_SELECTOR, "tr.segment:not(.dateline) td.tgt .text")
    assert target.get_attribute("textContent") == "Dijo  que <b>sí</b>."  # both spaces, the tag as text
    assert browser.find_elements(By.CSS_SELECTOR, "tr.segment .ds")  # the second space is marked
    warning = browser.find_element(By.CSS_SELECTOR, "tr.dateline").text
    assert "warning dateline: no dateline" in warning
    undated = Document("d", "d.txt", ("MADRID (EFE).- He said.",), dateline="MADRID (EFE).-", segments=(seg,))
    page.write_text(article_page(undated), encoding="utf-8")
    browser.get(page.as_uri())
    assert "warning dateline: it has no date" in browser.find_element(By.CSS_SELECTOR, "tr.dateline").text


def test_a_memory_suggestion_is_taken_with_u(browser, tmp_path):
    suggestion = Suggestion("He said so.", "Eso dijo.", 84.0)
    seg = Segment("d", 0, 0, 0, 8, "He said.", "Dijo.", suggestion=suggestion)
    page = tmp_path / "d.review.html"
    page.write_text(article_page(Document("d", "d.txt", ("He said.",), segments=(seg,))), encoding="utf-8")
    _open_article(browser, page)
    assert "TM 84%: Eso dijo." in browser.find_element(By.CSS_SELECTOR, ".suggestion").text
    _press(browser, "ju")
    [_, row] = _rows(browser)
    assert row.find_element(By.CSS_SELECTOR, ".tgt .text").text == "Eso dijo." and "edited" in row.get_attribute(
        "class"
    )


def test_keyboard_moves_between_segments(browser, review):
    _open_article(browser, review / f"{ARTICLE}.review.html")
    rows = _rows(browser)

    def current():
        return [i for i, row in enumerate(rows) if "current" in row.get_attribute("class").split()]

    assert current() == [0]  # the dateline
    _press(browser, "jj")
    assert current() == [2]
    _press(browser, "k")
    assert current() == [1]
    _press(browser, "?")
    assert browser.find_element(By.ID, "help").is_displayed()


def test_an_editor_corrects_approves_comments_reloads_exports_and_applies(browser, review, run, tmp_path):
    outdir = tmp_path / "run"
    shutil.copytree(review, outdir)
    _open_article(browser, outdir / f"{ARTICLE}.review.html")
    dateline, *rows = _rows(browser)
    first, second = rows[0].get_attribute("data-id"), rows[1].get_attribute("data-id")
    _press(browser, "e")  # the dateline comes first: give it its date
    _press(browser, "La Habana, 29 nov (EFE).-\ue007")
    _press(browser, "j")
    _press(browser, "e")  # edit the first segment: its text is selected, typing replaces it
    _press(browser, "El huracán Delia tocó tierra el domingo.")
    _press(browser, "\ue007")  # Enter ends the edit
    _press(browser, "j")
    _press(browser, "a")  # approve the second
    _press(browser, "c")
    _press(browser, "Comprobar la hora.\ue007")
    browser.refresh()  # everything is still there: it lives in local storage
    dateline, *rows = _rows(browser)
    assert dateline.find_element(By.CSS_SELECTOR, ".tgt .text").text == "La Habana, 29 nov (EFE).-"
    assert rows[0].find_element(By.CSS_SELECTOR, ".tgt .text").text == "El huracán Delia tocó tierra el domingo."
    assert "edited" in rows[0].get_attribute("class") and "approved" in rows[1].get_attribute("class")
    assert rows[1].find_element(By.CSS_SELECTOR, "input.comment").get_attribute("value") == "Comprobar la hora."

    browser.find_element(By.ID, "export").click()
    exported = browser.downloads / f"{ARTICLE}.edited.xlf"
    deadline = time.monotonic() + 20
    while not exported.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = exported.read_text(encoding="utf-8")
    assert 'state="reviewed"' in text and 'state="final"' in text and "Comprobar la hora." in text

    before = _segments(outdir)
    result = run("apply", exported, outdir, "--editor", "Ana")
    assert result.exit_code in (0, 4), result.output
    assert "2 changed" in result.output  # the dateline and one segment
    after = _segments(outdir)
    assert after[first]["target"] == "El huracán Delia tocó tierra el domingo." and after[first]["origin"] == "human"
    assert after[first]["history"][0]["target"] == before[first]["target"]
    assert after[second]["review"]["status"] == "approved" and after[second]["review"]["editor"] == "Ana"
    assert [c["text"] for c in after[second]["comments"]] == ["Comprobar la hora."]
    reviewed = {k: {**v, "review": None, "comments": None} for k, v in after.items() if k == second}
    untouched = {k: {**v, "review": None, "comments": None} for k, v in before.items() if k == second}
    assert reviewed == untouched  # the approval and the comment are all that changed there
    assert {k: v for k, v in after.items() if k not in (first, second)} == {
        k: v for k, v in before.items() if k not in (first, second)
    }
    for name in (f"{ARTICLE}.es.txt", f"{ARTICLE}.xlf", f"{ARTICLE}.review.html", "corpus.tmx", "bilingual.tsv"):
        assert "El huracán Delia tocó tierra el domingo." in (outdir / name).read_text(encoding="utf-8"), name
    spanish = (outdir / f"{ARTICLE}.es.txt").read_text(encoding="utf-8")
    assert spanish.startswith("La Habana, 29 nov (EFE).- El huracán Delia tocó tierra el domingo.")
    assert "La Habana, 29 nov (EFE).-" in (outdir / f"{ARTICLE}.review.html").read_text(encoding="utf-8")

    _people_work_is_shown(browser, outdir, first, second)
    rerun = run(*_command(review, outdir))  # a rerun over the reviewed folder keeps all of it
    assert rerun.exit_code == 0 and "0 translated" in rerun.output, rerun.output
    assert _segments(outdir) == after
    _people_work_is_shown(browser, outdir, first, second)

    memory = tmp_path / "tm.sqlite"
    imported = run("tm", "import", exported, "--tm", memory)  # the corrected one and the approved one
    assert imported.exit_code == 0 and "2 imported" in imported.output, imported.output
    assert second in {row.id for row in read_bilingual(exported) if row.state == "final"}
    text, ours = exported.read_text(encoding="utf-8"), (outdir / f"{ARTICLE}.xlf").read_text(encoding="utf-8")
    assert re.findall(r'<unit id="([^"]+)"', text) == re.findall(r'<unit id="([^"]+)"', ours)  # one layout
    run_identity = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))["run"]
    assert f'efe:run="{run_identity}"' in text  # so an export applied to another run is refused


def _people_work_is_shown(browser, outdir, edited, approved):
    """The XLIFF, the TMX and a fresh page show the store's edit, approval and comment."""
    states = {row.id: row.state for row in read_bilingual(outdir / f"{ARTICLE}.xlf")}
    assert states[edited] == "reviewed" and states[approved] == "final"
    notes = {row.id: row.comments for row in read_bilingual(outdir / f"{ARTICLE}.xlf")}
    assert notes[approved] == ("Comprobar la hora.",)
    tmx = (outdir / "corpus.tmx").read_text(encoding="utf-8")
    assert '<prop type="x-review">approved</prop>' in tmx and "<note>Ana: Comprobar la hora.</note>" in tmx
    browser.execute_script("localStorage.clear()")
    _open_article(browser, outdir / f"{ARTICLE}.review.html")
    rows = {row.get_attribute("data-id"): row for row in _rows(browser)}
    assert "approved" in rows[approved].get_attribute("class").split()
    assert rows[approved].find_element(By.CSS_SELECTOR, ".state").text == "approved"
    assert "Comprobar la hora." in rows[approved].find_element(By.CSS_SELECTOR, "ul.comments").text
    assert "edited" in rows[edited].find_element(By.CSS_SELECTOR, ".id").text


def _shown_rows(browser):
    """The segment rows shown, in order (the dateline row stays first whatever the order)."""
    ids = [row.get_attribute("data-id") for row in _rows(browser) if row.is_displayed()]
    return [i for i in ids if not i.endswith(":dateline")]


def test_least_confident_segments_come_first_and_confident_ones_can_be_hidden(browser, tmp_path):
    scores = [0.8, 0.3, 0.95, 0.6, 0.3]
    text = " ".join(f"Sentence number {n} is here." for n in range(len(scores)))
    segments, start = [], 0
    for n, score in enumerate(scores):
        source = f"Sentence number {n} is here."
        segments.append(Segment("d", 0, n, start, start + len(source), source, f"Frase {n}.", confidence=score))
        start += len(source) + 1
    page = tmp_path / "d.review.html"
    page.write_text(article_page(Document("d", "d.txt", (text,), segments=tuple(segments))), encoding="utf-8")
    _open_article(browser, page)
    by_score = {seg.id: seg.confidence for seg in segments}
    in_article = [seg.id for seg in segments]
    assert _shown_rows(browser) == in_article
    Select(browser.find_element(By.ID, "sort")).select_by_value("confidence")
    assert _shown_rows(browser) == sorted(in_article, key=by_score.get)  # a stable sort: ties keep their order
    _press(browser, "j")  # the keys follow the order shown
    current = browser.find_element(By.CSS_SELECTOR, "tr.segment.current").get_attribute("data-id")
    assert current == sorted(in_article, key=by_score.get)[0]  # from the dateline row, the least confident
    Select(browser.find_element(By.ID, "below")).select_by_value("0.7")
    assert _shown_rows(browser) == [i for i in sorted(in_article, key=by_score.get) if by_score[i] < 0.7]
    assert browser.find_element(By.ID, "hidden").text == "2 of 5 segments hidden by the filters"
    Select(browser.find_element(By.ID, "below")).select_by_value("9")
    Select(browser.find_element(By.ID, "sort")).select_by_value("article")
    assert _shown_rows(browser) == in_article and browser.find_element(By.ID, "hidden").text == ""


def test_an_engine_without_confidence_says_so_and_orders_by_issues(browser, review):
    article = "washington-budget-vote"  # translated by Apertium: coverage, no confidence
    records = {i: r for i, r in _segments(review).items() if r["doc_id"] == article}
    assert all("confidence" not in r and 0 <= r["coverage"] <= 1 for r in records.values())
    _open_article(browser, review / f"{article}.review.html")
    assert "no confidence from this engine" in browser.page_source
    assert not browser.find_elements(By.ID, "below")
    in_article = _shown_rows(browser)
    with_issues = [i for i in in_article if any(x["severity"] != "info" for x in records[i].get("issues", []))]
    assert 0 < len(with_issues) < len(in_article)
    Select(browser.find_element(By.ID, "sort")).select_by_value("issues")
    assert _shown_rows(browser)[: len(with_issues)] == with_issues
    browser.find_element(By.ID, "only-issues").click()
    hidden = len(in_article) - len(with_issues)
    assert browser.find_element(By.ID, "hidden").text == f"{hidden} of {len(in_article)} segments hidden by the filters"
