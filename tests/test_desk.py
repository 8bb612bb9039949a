"""The review desk's application through HTTP (Starlette's test client over the real app, a
real run folder and its work.sqlite): saves, conflicts, live QA, repeats, the memory, the
index, and every write endpoint against hostile requests."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import threading
import time
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from pipeline.desk.access import Access
from pipeline.desk.app import MAX_BODY, create_app
from pipeline.desk.publisher import Publisher, publish, unpublished
from pipeline.desk.state import Desk
from pipeline.errors import UsageError
from pipeline.formats.edits import read_bilingual
from pipeline.output.people import PeoplesWork
from pipeline.tm import TranslationMemory

ARTICLE = "havana-hurricane"
UPDATE = "havana-hurricane-update"  # shares most sentences with ARTICLE


@pytest.fixture
def outdir(desk_run, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(desk_run, copy)
    return copy


class Editor:
    """One editor's session with the desk: their cookie, their CSRF token."""

    def __init__(self, app, access: Access, name: str) -> None:
        self.client = TestClient(app, base_url="http://127.0.0.1:8765")
        self.client.cookies.set("desk_editor", quote(name))  # as the desk sets it
        self.csrf = access.csrf(name)
        self.name = name

    def article(self, doc=ARTICLE) -> dict:
        answer = self.client.get(f"/api/a/{doc}")
        assert answer.status_code == 200, answer.text
        return {s["id"]: s for s in answer.json()["segments"]}

    def save(self, segment, action, doc=ARTICLE, **body):
        body = {"segment": segment, "action": action, **body}
        return self.client.post(f"/api/a/{doc}/save", json=body, headers={"X-CSRF-Token": self.csrf})

    def post(self, path, body):
        return self.client.post(path, json=body, headers={"X-CSRF-Token": self.csrf})


@pytest.fixture
def desk(outdir):
    desk = Desk(outdir)
    access = Access(outdir)
    yield desk, access, create_app(desk, access)
    desk.close()
    access.close()


def _editors(desk, *names):
    _, access, app = desk
    return [Editor(app, access, name) for name in names]


def _work(outdir) -> list[tuple]:
    """Everything stored, oldest first: (segment, kind, value, editor, file)."""
    work = PeoplesWork(outdir)
    try:
        return [(w.segment, w.kind, w.value, w.editor, w.file) for w in work.since(0)]
    finally:
        work.close()


def test_a_save_is_stored_with_the_editor_and_published_into_every_file(desk, outdir):
    (ana,) = _editors(desk, "Ana Pérez")
    seg = ana.article()[f"{ARTICLE}:2:0"]
    answer = ana.save(seg["id"], "confirm", rev=seg["rev"], value="«La prioridad es proteger la vida humana.")
    assert answer.status_code == 200, answer.text
    now = answer.json()["segment"]
    assert now["target"] == "«La prioridad es proteger la vida humana." and now["review"]["status"] == "approved"
    assert now["review"]["editor"] == "Ana Pérez" and now["rev"] != seg["rev"]
    assert [(k, e) for _, k, _, e, _ in _work(outdir)] == [("edit", "Ana Pérez"), ("approve", "Ana Pérez")]
    assert unpublished(outdir) == 2
    publish(outdir)
    assert unpublished(outdir) == 0
    assert "proteger la vida humana" in (outdir / f"{ARTICLE}.es.txt").read_text(encoding="utf-8")
    xliff = (outdir / f"{ARTICLE}.xlf").read_text(encoding="utf-8")
    assert "approved by Ana Pérez" in xliff and "edited by Ana Pérez" in xliff
    states = {e.id: e.state for e in read_bilingual(outdir / f"{ARTICLE}.xlf")}
    assert states[seg["id"]] == "final"
    assert json.loads((outdir / "manifest.json").read_text())["work_through"] == 2


def test_a_save_on_an_older_revision_is_a_conflict_and_stores_nothing(desk, outdir):
    ana, ben = _editors(desk, "Ana", "Ben")
    seen_by_ana = ana.article()[f"{ARTICLE}:2:0"]
    seen_by_ben = ben.article()[f"{ARTICLE}:2:0"]
    assert ben.save(seen_by_ben["id"], "edit", rev=seen_by_ben["rev"], value="Ben's words.").status_code == 200
    answer = ana.save(seen_by_ana["id"], "edit", rev=seen_by_ana["rev"], value="Ana's words.")
    assert answer.status_code == 409
    assert answer.json()["theirs"]["target"] == "Ben's words." and answer.json()["theirs"]["last"]["editor"] == "Ben"
    assert [v for _, _, v, _, _ in _work(outdir)] == ["Ben's words."]
    # keep mine: saved again on the revision now shown
    again = ana.save(seen_by_ana["id"], "edit", rev=answer.json()["theirs"]["rev"], value="Ana's words.")
    assert again.status_code == 200
    history = again.json()["segment"]["history"]
    assert [h["target"] for h in history][-1] == "Ben's words."  # Ben's correction is in the history


@pytest.mark.parametrize("action", ["approve", "reject", "revert", "unapprove"])
def test_a_verdict_on_a_target_someone_changed_since_is_refused(desk, outdir, action):
    ana, ben = _editors(desk, "Ana", "Ben")
    stale = ana.article()[f"{ARTICLE}:3:0"]
    fresh = ben.article()[f"{ARTICLE}:3:0"]
    assert ben.save(fresh["id"], "edit", rev=fresh["rev"], value="Se cortó la luz.").status_code == 200
    assert ana.save(stale["id"], action, rev=stale["rev"], value="no").status_code == 409
    assert [k for _, k, _, _, _ in _work(outdir)] == ["edit"]


def test_the_memory_never_takes_an_approval_of_stale_text(outdir, tmp_path):
    memory = tmp_path / "tm.sqlite"
    TranslationMemory(memory).close()
    desk = Desk(outdir, memory)
    access = Access(outdir)
    ana, ben = (Editor(create_app(desk, access), access, n) for n in ("Ana", "Ben"))
    stale = ana.article()[f"{ARTICLE}:5:0"]
    fresh = ben.article()[f"{ARTICLE}:5:0"]
    ben.save(fresh["id"], "edit", rev=fresh["rev"], value="Se esperan hasta 300 milímetros de lluvia.")
    assert ana.save(stale["id"], "approve", rev=stale["rev"]).status_code == 409
    assert len(TranslationMemory(memory)) == 0
    fresh = ben.article()[f"{ARTICLE}:5:0"]
    assert ben.save(fresh["id"], "approve", rev=fresh["rev"]).status_code == 200
    hits = ana.client.get("/api/concordance", params={"q": "milímetros de lluvia"}).json()["memory"]
    assert [(h["target"], h["editor"], h["kind"]) for h in hits] == [
        ("Se esperan hasta 300 milímetros de lluvia.", "Ben", "human")
    ]
    desk.close()


def test_live_qa_clears_a_fixed_issue_and_an_error_blocks_approval_not_saving(desk, outdir):
    (ana,) = _editors(desk, "Ana")
    seg = ana.article()[f"{ARTICLE}:3:0"]
    assert "english-left" in {i["code"] for i in seg["issues"]}
    fixed = ana.save(seg["id"], "edit", rev=seg["rev"], value="Se cortó la luz en toda la provincia por precaución.")
    assert "english-left" not in {i["code"] for i in fixed.json()["segment"]["issues"]}
    seg = ana.article()[f"{ARTICLE}:5:0"]
    without_number = "Los meteorólogos esperan mucha lluvia en algunas áreas."
    answer = ana.save(seg["id"], "confirm", rev=seg["rev"], value=without_number)
    assert answer.status_code == 200 and answer.json()["note"].startswith("saved, not approved")
    now = answer.json()["segment"]
    assert now["target"] == without_number and now["review"] is None
    assert "number-mismatch" in {i["code"] for i in now["issues"] if i["severity"] == "error"}
    refused = ana.save(seg["id"], "approve", rev=now["rev"])
    assert refused.status_code == 422 and "error blocks approval" in refused.json()["error"]


def test_a_save_shows_at_once_the_article_checks_it_changes_elsewhere(desk):
    (ana,) = _editors(desk, "Ana")
    doc = "buenos-aires-inflation"  # its Spanish writes "%"
    segs = list(ana.article(doc).values())
    with_percent = [s["id"] for s in segs if "%" in s["target"]]
    other = next(s for s in segs if "%" not in s["target"] and s["kind"] == "text")
    answer = ana.save(other["id"], "edit", doc=doc, rev=other["rev"], value="Sube un 5 por ciento.").json()
    assert "percent-style" in {i["code"] for i in answer["segment"]["issues"]}  # the 'por ciento' is flagged
    assert not answer["others"]  # the segments writing '%' are as they were
    current = ana.article(doc)
    for seg_id in with_percent:  # the last '%' goes: the 'por ciento' segment's warning goes with it
        last = ana.save(seg_id, "edit", doc=doc, rev=current[seg_id]["rev"], value="Sin cifras.").json()
    others = {s["id"]: {i["code"] for i in s["issues"]} for s in last["others"]}
    assert other["id"] in others and "percent-style" not in others[other["id"]]


def test_a_forbidden_variant_is_an_issue_at_once(desk):
    (ana,) = _editors(desk, "Ana")
    doc = "mexico-border-talks"
    segs = ana.article(doc)
    seg = next(s for s in segs.values() if "Seguridad Nacional" in s["target"])
    wrong = seg["target"].replace("Seguridad Nacional", "Seguridad Interior")
    answer = ana.save(seg["id"], "confirm", doc=doc, rev=seg["rev"], value=wrong)
    codes = {i["code"]: i["severity"] for i in answer.json()["segment"]["issues"]}
    assert codes.get("term-missing") == "error" and answer.json()["segment"]["review"] is None


def test_a_warning_is_dismissed_with_a_reason_the_next_editor_sees(desk, outdir):
    ana, ben = _editors(desk, "Ana", "Ben")
    seg = ana.article()[f"{ARTICLE}:3:0"]
    answer = ana.save(seg["id"], "dismiss", code="english-left", value="Power is the name of the utility")
    assert answer.status_code == 200
    shown = {i["code"]: i for i in ben.article()[seg["id"]]["issues"]}
    assert shown["english-left"]["severity"] == "info"
    assert "dismissed by Ana: Power is the name of the utility" in shown["english-left"]["message"]
    seg_with_error = ana.article()[f"{ARTICLE}:5:0"]
    broken = ana.save(seg_with_error["id"], "edit", rev=seg_with_error["rev"], value="Sin cifras.")
    refused = ana.save(broken.json()["segment"]["id"], "dismiss", code="number-mismatch", value="fine")
    assert refused.status_code == 422


def test_revert_brings_back_the_machine_text_and_keeps_the_edit_in_history(desk):
    (ana,) = _editors(desk, "Ana")
    seg = ana.article()[f"{ARTICLE}:2:0"]
    edited = ana.save(seg["id"], "edit", rev=seg["rev"], value="Otra cosa.").json()["segment"]
    reverted = ana.save(seg["id"], "revert", rev=edited["rev"]).json()["segment"]
    assert reverted["target"] == seg["machine"] == seg["target"]
    assert reverted["origin"] == seg["origin"] and reverted["history"][-1]["target"] == "Otra cosa."
    assert ana.save(seg["id"], "revert", rev=reverted["rev"]).json()["stored"] == 0


def test_approving_twice_is_approving_once_and_unapprove_is_its_own_action(desk, outdir):
    (ana,) = _editors(desk, "Ana")
    seg = ana.article()[f"{ARTICLE}:2:0"]
    first = ana.save(seg["id"], "approve", rev=seg["rev"]).json()
    second = ana.save(seg["id"], "approve", rev=first["segment"]["rev"]).json()
    assert (first["stored"], second["stored"]) == (1, 0) and second["segment"]["review"]["status"] == "approved"
    off = ana.save(seg["id"], "unapprove", rev=second["segment"]["rev"]).json()
    assert off["segment"]["review"] is None


def test_batch_approve_answers_for_each_segment(desk, outdir):
    ana, ben = _editors(desk, "Ana", "Ben")
    segs = ana.article()
    a, b = segs[f"{ARTICLE}:2:0"], segs[f"{ARTICLE}:2:1"]
    ben.save(b["id"], "edit", rev=b["rev"], value="Se puede reconstruir.")
    items = [{"segment": a["id"], "rev": a["rev"]}, {"segment": b["id"], "rev": b["rev"]}]
    results = ana.post(f"/api/a/{ARTICLE}/batch", {"items": items}).json()["results"]
    assert results[0]["stored"] == 1 and results[1]["conflict"] is True


def test_a_correction_is_offered_to_every_identical_english_and_propagated_marked(desk, outdir):
    (ana,) = _editors(desk, "Ana")
    seg = ana.article()[f"{ARTICLE}:2:0"]
    answer = ana.save(seg["id"], "edit", rev=seg["rev"], value="«La prioridad es proteger la vida humana.").json()
    repeats = [r["segment"] for r in answer["repeats"]]
    assert repeats and all(r.startswith(UPDATE + ":") for r in repeats)
    done = ana.post("/api/propagate", {"from": seg["id"], "target": answer["segment"]["target"], "segments": repeats})
    assert done.json()["saved"] == repeats
    copied = ana.article(UPDATE)[repeats[0]]
    assert copied["target"] == "«La prioridad es proteger la vida humana."
    assert copied["last"]["file"] == f"review desk: propagated from {seg['id']}"
    other = ana.article(UPDATE)
    not_same = next(s for s in other.values() if s["source"] != seg["source"])
    skipped = ana.post("/api/propagate", {"from": seg["id"], "target": "x", "segments": [not_same["id"]]}).json()
    assert skipped == {"saved": [], "skipped": [not_same["id"]]}


def test_memory_entries_are_fixed_and_removed_from_the_desk_and_logged(outdir, tmp_path):
    memory = tmp_path / "tm.sqlite"
    TranslationMemory(memory).store([("The storm struck.", "La tormenta golpeó.", "human", "old.xlf")])
    desk = Desk(outdir, memory)
    access = Access(outdir)
    ana = Editor(create_app(desk, access), access, "Ana")
    assert ana.post("/api/memory", {"source": "The storm struck.", "target": "La tormenta azotó."}).status_code == 200
    assert ana.client.get("/api/concordance", params={"q": "storm"}).json()["memory"][0]["target"] == (
        "La tormenta azotó."
    )
    assert ana.post("/api/memory", {"source": "The storm struck.", "target": None}).json() == {"changed": True}
    with sqlite3.connect(memory) as db:
        log = db.execute("SELECT editor, action, old_target, new_target FROM tm_log").fetchall()
    assert log == [
        ("Ana", "fixed", "La tormenta golpeó.", "La tormenta azotó."),
        ("Ana", "removed", "La tormenta azotó.", None),
    ]
    run_hits = ana.client.get("/api/concordance", params={"q": "Pinar del Río"}).json()["run"]
    assert {h["doc"] for h in run_hits} >= {ARTICLE, UPDATE}
    desk.close()


def test_the_index_filters_searches_and_sorts_from_the_url(desk, outdir):
    (ana,) = _editors(desk, "Ana")
    seg = ana.article()[f"{ARTICLE}:2:0"]
    ana.save(seg["id"], "approve", rev=seg["rev"])
    page = ana.client.get("/").text
    assert "Hurricane Delia made landfall" in page and "Havana" in page  # headline and dateline
    searched = ana.client.get("/", params={"q": "Pinar del Río"}).text
    assert f'data-id="{ARTICLE}"' in searched and 'data-id="washington-budget-vote"' not in searched
    by_editor = ana.client.get("/", params={"editor": "Ana"}).text
    assert by_editor.count('<tr class="status-') == 1
    started = ana.client.get("/", params={"status": "started"}).text
    assert f'data-id="{ARTICLE}"' in started
    worst = ana.client.get("/", params={"sort": "errors"}).text
    assert worst.index('data-id="') >= 0


def test_changes_show_others_saves_and_who_else_is_here(desk):
    ana, ben = _editors(desk, "Ana", "Ben")
    last = ana.client.get(f"/api/a/{ARTICLE}").json()["last"]
    ben.client.get(f"/api/a/{ARTICLE}/changes", params={"after": 0})
    seg = ben.article()[f"{ARTICLE}:2:0"]
    ben.save(seg["id"], "edit", rev=seg["rev"], value="Cambio de Ben.")
    news = ana.client.get(f"/api/a/{ARTICLE}/changes", params={"after": last}).json()
    assert news["editors"] == ["Ben"]
    assert [(s["id"], s["target"], s["changed_by"]) for s in news["segments"]] == [(seg["id"], "Cambio de Ben.", "Ben")]


def test_saves_survive_a_restart_and_a_publisher_publishes_a_burst_once(outdir):
    desk = Desk(outdir)
    access = Access(outdir)
    publisher = Publisher(outdir, delay=0.2, report=lambda _m: None)
    publisher.start()
    ana = Editor(create_app(desk, access, publisher), access, "Ana")
    segs = ana.article()
    for seg in list(segs.values())[:4]:
        assert ana.save(seg["id"], "approve", rev=seg["rev"]).status_code in (200, 422)
    publisher.stop()
    assert len(publisher.times) == 1 and unpublished(outdir) == 0
    desk.close()
    again = Desk(outdir)
    assert sum(s.approved for s in again.summaries.values()) == sum(k == "approve" for _, k, *_ in _work(outdir))
    again.close()


def test_saves_made_while_the_last_publish_runs_are_published_before_the_desk_stops(tmp_path):
    calls = []
    publishing = threading.Event()

    def slow(outdir):
        calls.append(time.monotonic())
        publishing.set()
        time.sleep(0.3)
        return 0.3

    publisher = Publisher(tmp_path, delay=0, report=lambda _m: None, publisher=slow)
    publisher.start()
    publisher.notify()
    publishing.wait(5)
    publisher.notify()  # a save lands during the publish, then the desk is stopped
    publisher.stop()
    assert len(calls) == 2
    idle = Publisher(tmp_path, delay=0, report=lambda _m: None, publisher=slow)
    idle.start()
    idle.stop()  # nothing saved: nothing published
    assert len(calls) == 2


def test_read_only_refuses_every_save(outdir):
    desk = Desk(outdir, read_only=True)
    access = Access(outdir)
    ana = Editor(create_app(desk, access), access, "Ana")
    seg = ana.article()[f"{ARTICLE}:2:0"]
    assert ana.save(seg["id"], "approve", rev=seg["rev"]).status_code == 422
    assert ana.post("/api/name", {"name": "Ben"}).status_code == 422
    assert _work(outdir) == []
    desk.close()


def test_listening_beyond_this_machine_needs_editors_and_tokens(outdir):
    with pytest.raises(UsageError, match="add an editor first"):
        Access(outdir, host="0.0.0.0")
    access = Access(outdir)
    token = access.add_editor("Ana")
    access.close()
    access = Access(outdir, host="0.0.0.0")
    desk = Desk(outdir)
    client = TestClient(create_app(desk, access))
    assert client.get("/").status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/login", params={"token": "wrong"}).status_code == 401
    logged = client.get("/login", params={"token": token}, follow_redirects=False)
    assert logged.status_code == 303
    assert client.get("/").status_code == 200  # the cookie the login set
    assert 'editing as <b id="editor-name">Ana</b>' in client.get("/").text
    desk.close()


WRITES = [
    (f"/api/a/{ARTICLE}/save", {"segment": f"{ARTICLE}:2:0", "action": "comment", "value": "hola"}),
    (f"/api/a/{ARTICLE}/batch", {"items": []}),
    ("/api/propagate", {"from": f"{ARTICLE}:2:0", "target": "x", "segments": []}),
    ("/api/memory", {"source": "a", "target": "b"}),
    ("/api/name", {"name": "Ana"}),
]


@pytest.mark.parametrize(("path", "body"), WRITES, ids=[w[0] for w in WRITES])
def test_every_write_refuses_hostile_requests(desk, path, body):
    (ana,) = _editors(desk, "Ana")
    client = ana.client
    no_csrf = client.post(path, json=body)
    assert no_csrf.status_code == 403 and "CSRF" in no_csrf.json()["error"]
    wrong = client.post(path, json=body, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    form = client.post(path, data={"a": "b"}, headers={"X-CSRF-Token": ana.csrf})
    assert form.status_code == 415
    huge = client.post(path, content=b'{"value": "' + b"x" * MAX_BODY + b'"}', headers=_json_headers(ana))
    assert huge.status_code == 413
    garbage = client.post(path, content=b"{not json", headers=_json_headers(ana))
    assert garbage.status_code == 400 and garbage.json()["error"]
    listed = client.post(path, content=b"[1, 2]", headers=_json_headers(ana))
    assert listed.status_code == 400
    half = json.dumps({**{k: "a\udfff" if isinstance(v, str) else v for k, v in body.items()}, "x": "\udfff"}).encode()
    surrogate = client.post(path, content=half, headers=_json_headers(ana))
    assert surrogate.status_code == 400 and "UTF-16" in surrogate.json()["error"]
    elsewhere = client.post(path, json=body, headers={"X-CSRF-Token": ana.csrf, "Origin": "https://evil.example"})
    assert elsewhere.status_code == 403
    rebound = client.post(path, json=body, headers={"X-CSRF-Token": ana.csrf, "Host": "evil.example:8765"})
    assert rebound.status_code == 421
    assert _work(desk[0].outdir) == []


@pytest.mark.parametrize(("path", "body"), WRITES, ids=[w[0] for w in WRITES])
def test_every_write_needs_a_token_once_editors_are_added(outdir, path, body):
    access = Access(outdir)
    token = access.add_editor("Ana")
    desk = Desk(outdir)
    client = TestClient(create_app(desk, access))
    csrf = {"X-CSRF-Token": access.csrf("Ana")}
    assert client.post(path, json=body, headers=csrf).status_code == 401
    assert client.post(path, json=body, headers={**csrf, "Authorization": "Bearer nope"}).status_code == 401
    with_token = client.post(path, json=body, headers={**csrf, "Authorization": f"Bearer {token}"})
    assert with_token.status_code != 401
    desk.close()
    access.close()


def _json_headers(editor):
    return {"X-CSRF-Token": editor.csrf, "Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"segment": f"{ARTICLE}:2:0", "action": "edit", "value": "dos\nlíneas", "rev": "x"}, 422),
        ({"segment": f"{ARTICLE}:2:0", "action": "edit", "value": "dos\u2028líneas", "rev": "x"}, 422),
        ({"segment": f"{ARTICLE}:2:0", "action": "edit", "value": "dos\x85líneas", "rev": "x"}, 422),
        ({"segment": f"{ARTICLE}:2:0", "action": "comment", "value": "a\x9bb"}, 422),
        ({"segment": f"{ARTICLE}:2:0", "action": "edit", "value": "x" * 20_001, "rev": "x"}, 422),
        ({"segment": f"{ARTICLE}:2:0", "action": "edit", "value": 7, "rev": "x"}, 422),
        ({"segment": f"{ARTICLE}:2:0", "action": "explode"}, 422),
        ({"segment": f"{ARTICLE}:99:0", "action": "comment", "value": "hola"}, 404),
        ({"action": "comment", "value": "hola"}, 400),
        ({"segment": ["a"], "action": "comment", "value": "hola"}, 400),
    ],
)
def test_a_bad_save_gets_a_clear_4xx(desk, outdir, body, status):
    (ana,) = _editors(desk, "Ana")
    answer = ana.client.post(f"/api/a/{ARTICLE}/save", json=body, headers={"X-CSRF-Token": ana.csrf})
    assert answer.status_code == status and answer.json()["error"]
    assert _work(outdir) == []


def test_script_in_a_comment_or_an_editor_name_stays_text(desk):
    _, access, app = desk
    evil = '<script>alert("x")</script>'
    editor = Editor(app, access, evil)
    seg = editor.article()[f"{ARTICLE}:2:0"]
    assert editor.save(seg["id"], "comment", value=evil).status_code == 200
    comment = editor.article()[seg["id"]]["comments"][0]
    assert (comment["text"], comment["editor"]) == (evil, evil)
    index = editor.client.get("/").text
    assert evil not in index and "&lt;script&gt;" in index
    page = editor.client.get(f"/a/{ARTICLE}")
    assert evil not in page.text and "script-src 'self'" in page.headers["content-security-policy"]
    bad_name = Editor(app, access, "Ana").post("/api/name", {"name": "a\u0007b"})
    assert bad_name.status_code == 422


def test_a_batch_with_a_bad_item_stores_nothing(desk, outdir):
    (ana,) = _editors(desk, "Ana")
    seg = ana.article()[f"{ARTICLE}:2:0"]
    items = [{"segment": seg["id"], "rev": seg["rev"]}, {"segment": 5, "rev": "x"}]
    assert ana.post(f"/api/a/{ARTICLE}/batch", {"items": items}).status_code == 400
    assert _work(outdir) == []


def test_the_desk_fixes_memory_entries_it_has_and_adds_none(outdir, tmp_path):
    memory = tmp_path / "tm.sqlite"
    TranslationMemory(memory).close()
    desk = Desk(outdir, memory)
    access = Access(outdir)
    ana = Editor(create_app(desk, access), access, "Ana")
    assert ana.post("/api/memory", {"source": "Never seen.", "target": "x"}).status_code == 404
    assert ana.post("/api/memory", {"source": "Never seen.", "target": None}).status_code == 404
    assert len(TranslationMemory(memory)) == 0
    desk.close()


def test_the_desk_answers_to_this_machine_only_without_tokens(desk):
    (ana,) = _editors(desk, "Ana")
    for host in ("evil.example", "127.0.0.1.evil.example:8765", "localhost.evil.example"):
        assert ana.client.get("/", headers={"Host": host}).status_code == 421
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765"):
        assert ana.client.get("/", headers={"Host": host}).status_code == 200


def test_unknown_pages_and_articles_are_clean_404s(desk):
    (ana,) = _editors(desk, "Ana")
    assert ana.client.get("/", params={"page": "0"}).status_code == 200
    for path in ("/nothing", "/a/no-such-article", "/api/a/no-such-article", "/api/a/no-such-article/changes"):
        answer = ana.client.get(path)
        assert answer.status_code == 404 and "Traceback" not in answer.text


def test_the_review_command_says_what_is_wrong_in_one_line(run, outdir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = run("review", outdir, "--port", taken.getsockname()[1])
    assert busy.exit_code == 1 and "cannot listen on 127.0.0.1" in busy.output and "Traceback" not in busy.output
    assert run("review", outdir, "--editor", "a\x01b").exit_code == 2
    assert run("review", outdir, "--port", 0).exit_code == 2
    assert run("review", outdir.parent / "nothing").exit_code != 0
    added = run("review", outdir, "--add-editor", "  Ana Ruiz  ", "--host", "0.0.0.0", "--port", 9000)
    assert added.exit_code == 0 and "token for Ana Ruiz: " in added.output
    assert f"http://{socket.getfqdn()}:9000/login?token=" in added.output
