"""diff for editors: punctuation as its own token, origin changes, source and per-article rates."""

import json

import pytest

from pipeline.diff import diff_runs, joined, render_html, render_json, render_text, tokens
from pipeline.records import Origin, Segment


@pytest.mark.parametrize(
    "text, expected",
    [
        ("El Senado, ayer.", ["El", "Senado", ",", "ayer", "."]),
        (
            "«Sí», dijo el portavoz-jefe d'Alembert.",
            ["«", "Sí", "»", ",", "dijo", "el", "portavoz-jefe", "d'Alembert", "."],
        ),
        ("¿20 %?", ["¿", "20", "%", "?"]),
        (
            "Dieron 250.000 dólares a las 14:30, EE.UU.",
            ["Dieron", "250.000", "dólares", "a", "las", "14:30", ",", "EE", ".", "UU", "."],
        ),
    ],
)
def test_tokens_and_back(text, expected):
    assert [t for t in tokens(text) if t.strip()] == expected
    assert joined(tokens(text)) == text  # the text exactly as it was, spaces included


def _seg(n, target, origin=Origin.MACHINE, doc="d"):
    return Segment(doc, 0, n, 0, 5, f"Source {n}.", target, origin=origin)


def _runs(pairs):
    old = {s.id: s for s in (a for a, _ in pairs)}
    new = {s.id: s for s in (b for _, b in pairs)}
    return diff_runs(old, new)


def test_a_comma_is_one_edit_not_a_changed_word():
    diff = _runs([(_seg(0, "Lo aprobó el Senado ayer."), _seg(0, "Lo aprobó el Senado, ayer."))])
    [change] = diff.changed
    assert change.edits == 1 and [op for op, *_ in change.ops].count("insert") == 1
    assert "{+,+}" in render_text(diff)


def test_a_target_that_came_from_elsewhere_is_reported_not_unchanged():
    diff = _runs(
        [
            (_seg(0, "Igual."), _seg(0, "Igual.", Origin.MEMORY)),
            (_seg(1, "Uno."), _seg(1, "Otro.", Origin.HUMAN)),
            (_seg(2, "Igual."), _seg(2, "Igual.")),
        ]
    )
    assert diff.unchanged == 1 and not diff.equal
    text = render_text(diff)
    assert "@ d:0:0: machine → memory" in text and "(machine → human)" in text and "1 from another origin" in text
    report = json.loads(render_json(diff))
    assert report["origin_changed"] == [{"id": "d:0:0", "old_origin": "machine", "new_origin": "memory"}]
    assert report["changed"][0]["new_origin"] == "human"


def test_html_has_the_source_the_origins_and_each_articles_rate():
    diff = _runs(
        [
            (_seg(0, "Uno dos tres."), _seg(0, "Uno dos.", Origin.HUMAN)),
            (_seg(0, "A.", doc="e"), _seg(0, "A.", doc="e")),
        ]
    )
    page = render_html(diff, "old", "new")
    assert "<td lang=en>Source 0.</td>" in page and "machine → human" in page
    assert "<td class=id>d</td><td>4</td><td>1</td><td>25.0%</td>" in page
    assert "<td class=id>e</td><td>2</td><td>0</td><td>0.0%</td>" in page


def test_a_change_of_spacing_is_a_change_that_can_be_seen():
    diff = _runs([(_seg(0, "Llegó a la  ciudad."), _seg(0, "Llegó a la ciudad."))])
    [change] = diff.changed
    assert change.edits == 1
    assert "la[-··-]{+·+}ciudad" in render_text(diff)  # every space of a changed piece shown


def test_text_output_never_carries_control_characters():
    diff = _runs([(_seg(0, "Uno \u202eotro."), _seg(0, "Uno \x1b]0;pwned\x07 dos\u200b."))])
    for text in (render_text(diff), render_html(diff, "a", "b")):
        assert not any(ch in text for ch in "\x1b\x07\u202e\u200b")
        assert "\\u001b" in text and "\\u202e" in text and "\\u200b" in text


def test_the_html_page_shows_the_text_exactly():
    diff = _runs([(_seg(0, "Lo aprobó el Senado ayer."), _seg(0, "Lo aprobó el Senado, ayer."))])
    page = render_html(diff, "a", "b")
    assert "Lo aprobó el Senado<ins>,</ins> ayer." in page and "white-space:pre-wrap" in page
