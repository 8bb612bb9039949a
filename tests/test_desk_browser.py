"""The review desk as editors use it: a real `efe-pipeline review` server (uvicorn) and two
headless Chromium browsers driven through WebDriver, one per editor, each logged in with
their own token; and the server killed with SIGKILL during a burst of saves."""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from pipeline.desk.publisher import unpublished
from pipeline.output.people import PeoplesWork
from pipeline.tm import TranslationMemory

ARTICLE = "havana-hurricane"
QUIET = 600_000  # ms between a page's polls when a test wants it not to refresh by itself


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cli(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


class Server:
    """`efe-pipeline review` in its own process, as a person starts it."""

    def __init__(self, outdir: Path, memory: Path) -> None:
        self.outdir, self.memory = outdir, memory
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = outdir.parent / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        command = [sys.executable, "-m", "pipeline", "review", self.outdir, "--port", self.port, "--tm", self.memory]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(list(map(str, command)), stdout=log, stderr=log)
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    pytest.fail(f"the desk did not start: {self.log.read_text()}")
                time.sleep(0.05)
        pytest.fail("the desk did not listen within 10 s")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


@pytest.fixture
def desk(desk_run, tmp_path):
    outdir = tmp_path / "out"
    shutil.copytree(desk_run, outdir)
    memory = tmp_path / "memory.sqlite"
    TranslationMemory(memory).close()
    tokens = {}
    for name in ("Ana", "Ben"):
        added = _cli("review", outdir, "--add-editor", name)
        assert added.returncode == 0, added.stderr
        tokens[name] = re.search(r"token for .*: (\S+)", added.stdout).group(1)
    server = Server(outdir, memory).start()
    server.tokens = tokens
    yield server
    if server.process.poll() is None:
        server.stop()


def _chrome(profile: Path) -> webdriver.Chrome:
    chromium, driver = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.fail("chromium and chromium-driver are not installed: run `make setup` as root on Debian (see README)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    return webdriver.Chrome(options=options, service=Service(driver))


@pytest.fixture
def editors(desk, tmp_path):
    """Two browsers, Ana's and Ben's, each logged in with their token."""
    browsers = {}
    try:
        for name in ("Ana", "Ben"):
            browser = _chrome(tmp_path / f"profile-{name}")
            browser.get(f"{desk.url}/login?token={desk.tokens[name]}")
            assert f'editing as <b id="editor-name">{name}</b>' in browser.page_source
            browsers[name] = browser
        yield browsers
    finally:
        for browser in browsers.values():
            browser.quit()


def _open(browser, desk, poll: int = 300):
    browser.get(f"{desk.url}/a/{ARTICLE}?poll={poll}")
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))


def _row(browser, seg_id):
    return browser.find_element(By.ID, f"seg-{seg_id}")


def _target(browser, seg_id) -> str:
    return _row(browser, seg_id).find_element(By.CSS_SELECTOR, "td.target > .text").text


def _edit(browser, seg_id, text):
    """Open the segment's editor by clicking its target, and type `text` over it."""
    _row(browser, seg_id).find_element(By.CSS_SELECTOR, "td.target > .text").click()
    area = _row(browser, seg_id).find_element(By.CSS_SELECTOR, "textarea.editor")
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(text)
    return area


def _wait(browser, condition, seconds=10):
    """Wait for `condition`; a row re-rendered while it is read is read again."""
    return WebDriverWait(browser, seconds, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def _press(browser, keys):
    ActionChains(browser).send_keys(keys).perform()


def _answer_prompt(browser, text):
    prompt = _wait(browser, ready.alert_is_present())
    prompt.send_keys(text)
    prompt.accept()


def _work(outdir):
    work = PeoplesWork(outdir)
    try:
        return [(w.segment, w.kind, w.value, w.editor) for w in work.since(0)]
    finally:
        work.close()


def test_two_editors_on_one_segment_get_a_conflict_view_and_both_keep_their_work(desk, editors):
    ana, ben = editors["Ana"], editors["Ben"]
    seg = f"{ARTICLE}:2:0"
    _open(ana, desk)
    _open(ben, desk)
    _wait(ana, lambda b: "Ben" in b.find_element(By.ID, "others").text)  # who else has the article open
    area = _edit(ana, seg, "«Lo prioritario es proteger la vida.")
    _edit(ben, seg, "«La prioridad es proteger la vida humana.").send_keys(Keys.CONTROL, Keys.ENTER)
    _wait(ben, lambda b: "approved" in _row(b, seg).get_attribute("class"))
    area.send_keys(Keys.ENTER)  # Ana confirms on the revision she loaded
    conflict = _wait(ana, ready.visibility_of_element_located((By.ID, "conflict")))
    assert ana.find_element(By.ID, "conflict-mine").text == "«Lo prioritario es proteger la vida."
    assert ana.find_element(By.ID, "conflict-theirs").text == "«La prioridad es proteger la vida humana."
    assert ana.find_element(By.ID, "conflict-by").text == "Ben"
    assert [(k, e) for s, k, _, e in _work(desk.outdir) if s == seg] == [("edit", "Ben"), ("approve", "Ben")]
    conflict.find_element(By.ID, "keep-mine").click()
    _wait(ana, lambda b: _target(b, seg) == "«Lo prioritario es proteger la vida.")
    _wait(ben, lambda b: _target(b, seg) == "«Lo prioritario es proteger la vida.")  # Ben sees it live
    assert [(k, e) for s, k, _, e in _work(desk.outdir) if s == seg] == [
        ("edit", "Ben"),
        ("approve", "Ben"),
        ("edit", "Ana"),
        ("approve", "Ana"),
    ]
    assert desk.stop() == -signal.SIGTERM  # as the signal says, after publishing what was waiting
    xliff = (desk.outdir / f"{ARTICLE}.xlf").read_text(encoding="utf-8")
    assert f"{seg}: edited by Ana" in xliff and f"{seg}: approved by Ana" in xliff
    assert "Lo prioritario es proteger la vida." in (desk.outdir / f"{ARTICLE}.es.txt").read_text(encoding="utf-8")
    page = (desk.outdir / f"{ARTICLE}.review.html").read_text(encoding="utf-8")  # the static page, for offline use
    assert "edited by Ana" in page and "approved by Ana" in page
    assert json.loads((desk.outdir / "manifest.json").read_text())["counts"]["approved"] == 1
    with sqlite3.connect(desk.memory) as db:
        assert db.execute("SELECT target, editor FROM tm").fetchall() == [
            ("«Lo prioritario es proteger la vida.", "Ana")
        ]
        log = db.execute("SELECT editor, old_target FROM tm_log ORDER BY rowid").fetchall()
    assert log == [("Ben", None), ("Ana", "«La prioridad es proteger la vida humana.")]  # Ana's replaced Ben's


def test_approving_a_target_someone_changed_since_is_refused(desk, editors):
    ana, ben = editors["Ana"], editors["Ben"]
    seg = f"{ARTICLE}:3:0"
    _open(ana, desk, poll=QUIET)  # Ana's page does not hear of Ben's change
    _open(ben, desk)
    _edit(ben, seg, "Se cortó la luz en toda la provincia.").send_keys(Keys.ENTER)
    _wait(ben, lambda b: "Se cortó" in _target(b, seg))
    _row(ana, seg).find_element(By.CSS_SELECTOR, "td.source").click()
    _press(ana, "a")
    _wait(ana, ready.visibility_of_element_located((By.ID, "conflict")))
    assert [e for s, k, _, e in _work(desk.outdir) if k == "approve"] == ["Ben"]


def test_esc_cancels_enter_confirms_and_moves_on_revert_and_idempotent_approve(desk, editors):
    ana = editors["Ana"]
    _open(ana, desk)
    first, second = f"{ARTICLE}:2:0", f"{ARTICLE}:2:1"
    machine = _target(ana, first)
    _edit(ana, first, "esto no se guarda").send_keys(Keys.ESCAPE)
    assert _target(ana, first) == machine and _work(desk.outdir) == []
    area = _edit(ana, first, "La prioridad es proteger la vida humana.")
    area.send_keys(Keys.CONTROL, "z")  # undo inside the edit
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys("«La prioridad es proteger la vida humana.")
    area.send_keys(Keys.CONTROL, Keys.ENTER)
    _wait(ana, lambda b: "current" in _row(b, second).get_attribute("class"))  # the next unconfirmed segment
    assert "status-approved" in _row(ana, first).get_attribute("class")
    _press(ana, "k")
    _press(ana, "a")  # approving an approved segment changes nothing
    time.sleep(0.5)
    assert [k for s, k, _, _ in _work(desk.outdir) if s == first] == ["edit", "approve"]
    _press(ana, "m")  # revert to the machine's text
    _wait(ana, lambda b: _target(b, first) == machine)
    assert "status-none" in _row(ana, first).get_attribute("class")


def test_j_and_k_walk_only_over_the_rows_shown(desk, editors):
    ana = editors["Ana"]
    _open(ana, desk)
    ana.find_element(By.ID, "only-issues").click()
    shown = [r.get_attribute("data-id") for r in ana.find_elements(By.CSS_SELECTOR, "tr.seg") if r.is_displayed()]
    assert 0 < len(shown) < len(ana.find_elements(By.CSS_SELECTOR, "tr.seg"))
    visited = []
    for _ in shown:
        visited.append(ana.find_element(By.CSS_SELECTOR, "tr.current").get_attribute("data-id"))
        _press(ana, "j")
    assert visited == shown


def test_a_correction_is_propagated_to_repeats_and_found_by_concordance(desk, editors):
    ana = editors["Ana"]
    _open(ana, desk)
    seg = f"{ARTICLE}:2:0"
    _edit(ana, seg, "«La prioridad es proteger la vida humana.").send_keys(Keys.ENTER)
    panel = _wait(ana, ready.visibility_of_element_located((By.ID, "repeats")))
    offered = [box.get_attribute("value") for box in panel.find_elements(By.CSS_SELECTOR, "input.repeat-pick")]
    assert offered and all(o.startswith("havana-hurricane-update:") for o in offered)
    panel.find_element(By.ID, "propagate").click()
    _wait(ana, lambda b: f"correction saved on {len(offered)}" in b.find_element(By.ID, "message").text)
    propagated = [(s, e) for s, k, v, e in _work(desk.outdir) if s in offered and k == "edit"]
    assert propagated == [(o, "Ana") for o in offered]
    ana.find_element(By.ID, "concordance-q").send_keys("Pinar del Río")
    ana.find_element(By.CSS_SELECTOR, "#concordance-form button").click()
    hits = _wait(ana, lambda b: b.find_elements(By.CSS_SELECTOR, "#concordance-run li"))
    assert any("havana-hurricane-update" in hit.text for hit in hits)


def test_a_warning_is_dismissed_with_a_reason(desk, editors):
    ana, ben = editors["Ana"], editors["Ben"]
    seg = f"{ARTICLE}:3:0"
    _open(ana, desk)
    issue = _row(ana, seg).find_element(By.CSS_SELECTOR, 'li.issue.warning[data-code="english-left"]')
    issue.find_element(By.CSS_SELECTOR, "button.dismiss").click()
    _answer_prompt(ana, "Power is the utility's name")
    _wait(ana, lambda b: _row(b, seg).find_elements(By.CSS_SELECTOR, 'li.issue.info[data-code="english-left"]'))
    _open(ben, desk)
    note = _row(ben, seg).find_element(By.CSS_SELECTOR, 'li.issue[data-code="english-left"]').text
    assert "dismissed by Ana: Power is the utility's name" in note


def _save(url, token, seg, rev, value):
    """One save through HTTP, as a page makes it (token, CSRF token from the page)."""
    headers = {"Authorization": f"Bearer {token}"}
    page = urllib.request.urlopen(urllib.request.Request(f"{url}/a/{ARTICLE}", headers=headers), timeout=10)
    csrf = re.search(r'name="csrf" content="([0-9a-f]+)"', page.read().decode()).group(1)
    body = json.dumps({"segment": seg, "action": "edit", "rev": rev, "value": value}).encode()
    headers |= {"X-CSRF-Token": csrf, "Content-Type": "application/json"}
    request = urllib.request.Request(f"{url}/api/a/{ARTICLE}/save", body, headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux's /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def test_kill_9_during_a_burst_of_saves_loses_no_confirmed_save(desk):
    token = desk.tokens["Ana"]
    confirmed: list[str] = []
    stop = threading.Event()

    def burst():
        seg, rev = f"{ARTICLE}:2:0", None
        for n in range(10_000):
            if stop.is_set():
                return
            value = f"versión {n}"
            try:
                if rev is None:
                    request = urllib.request.Request(
                        f"{desk.url}/api/a/{ARTICLE}", headers={"Authorization": f"Bearer {token}"}
                    )
                    segs = json.loads(urllib.request.urlopen(request, timeout=10).read())["segments"]
                    rev = next(s["rev"] for s in segs if s["id"] == seg)
                rev = _save(desk.url, token, seg, rev, value)["segment"]["rev"]
            except OSError:
                return  # the server is gone
            confirmed.append(value)

    writer = threading.Thread(target=burst)
    writer.start()
    # the publishing process (and multiprocessing's resource tracker) start with the first publish
    children = _wait(None, lambda _: len(confirmed) >= 15 and _children(desk.process.pid))
    desk.stop(signal.SIGKILL)
    stop.set()
    writer.join()
    stored = [v for _, k, v, _ in _work(desk.outdir) if k == "edit"]
    assert stored[: len(confirmed)] == confirmed and len(stored) - len(confirmed) <= 1  # one may land unanswered
    _wait(None, lambda _: not any(Path(f"/proc/{pid}").exists() for pid in children))  # none left behind
    left = unpublished(desk.outdir)  # saves the killed desk had not published yet
    desk.start()  # publishes them before it listens
    assert unpublished(desk.outdir) == 0
    assert stored[-1] in (desk.outdir / f"{ARTICLE}.es.txt").read_text(encoding="utf-8")
    assert ("were not in the files yet" in desk.log.read_text()) == (left > 0)


def test_the_index_keeps_filters_in_the_url_and_links_back(desk, editors):
    ana = editors["Ana"]
    ana.get(f"{desk.url}/?q=Pinar+del+R%C3%ADo&sort=errors")
    ids = [row.get_attribute("data-id") for row in ana.find_elements(By.CSS_SELECTOR, "table.articles tbody tr")]
    assert set(ids) == {ARTICLE, "havana-hurricane-update"}
    ana.find_element(By.LINK_TEXT, ARTICLE).click()
    _wait(ana, lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
    ana.find_element(By.ID, "back").click()
    assert "q=Pinar" in ana.current_url and "sort=errors" in ana.current_url
