"""What the desk shows: revisions, the fuzzy match's word difference, an article's index line."""

from __future__ import annotations

import pytest

from pipeline.desk.views import rev_of, summarize, word_diff
from pipeline.output.people import Work
from pipeline.records import Document, Issue, Origin, Review, Segment


@pytest.mark.parametrize(
    ("memory", "segment", "pieces"),
    [
        ("The storm hit Cuba.", "The storm hit Cuba.", [["equal", "The storm hit Cuba."]]),
        (
            "The storm hit Cuba.",
            "The storm hit Haiti.",
            [["equal", "The storm hit "], ["delete", "Cuba."], ["insert", "Haiti."]],
        ),
        ("The storm hit.", "The big storm hit.", [["equal", "The"], ["insert", " big"], ["equal", " storm hit."]]),
        ("", "New.", [["insert", "New."]]),
    ],
)
def test_word_diff_marks_what_each_english_has_alone(memory, segment, pieces):
    assert word_diff(memory, segment) == pieces
    assert "".join(t for op, t in pieces if op != "insert") == memory
    assert "".join(t for op, t in pieces if op != "delete") == segment


def _work(kind, segment="d:0:0", id=1, editor="Ana"):
    return Work(segment, "x", kind, None, editor, "2026-12-06T00:00:00+00:00", "r", "review desk", id)


@pytest.mark.parametrize(
    ("entries", "target", "changes_with"),
    [
        ([], "a", "0-"),
        ([_work("comment", id=4)], "a", "0-"),  # a comment does not move the revision
        ([_work("dismiss", id=4)], "a", "0-"),
        ([_work("edit", id=3), _work("approve", id=5)], "a", "5-"),
        ([_work("edit", id=3, segment="d:0:1")], "a", "0-"),  # another segment's work
    ],
)
def test_a_revision_moves_with_changes_to_the_target_or_status_only(entries, target, changes_with):
    seg = Segment("d", 0, 0, 0, 1, "x", target=target)
    assert rev_of(seg, entries).startswith(changes_with)
    assert rev_of(seg, entries) != rev_of(Segment("d", 0, 0, 0, 1, "x", target="b"), entries)


def test_an_article_summary_counts_statuses_issues_and_editors():
    at = "2026-12-06T00:00:00+00:00"
    segments = (
        Segment("d", 0, 0, 0, 5, "Hello", target="Hola", origin=Origin.HUMAN, review=Review("approved", "Ana", at)),
        Segment("d", 0, 1, 6, 11, "World", target="Mundo", confidence=0.4, issues=(Issue("x", "error", "m"),)),
        Segment("d", 1, 0, 0, 9, "(c) EFE", target="(c) EFE", kind="copyright", issues=(Issue("y", "info", "m"),)),
    )
    doc = Document("d", "d.txt", ("Hello World", "(c) EFE"), dateline="Havana (EFE).–", segments=segments)
    summary = summarize(doc, [_work("approve", editor="Ana"), _work("comment", editor="Ben")])
    assert (summary.headline, summary.headline_es, summary.dateline) == ("Hello", "Hola", "Havana (EFE).–")
    assert (summary.segments, summary.approved, summary.edited, summary.errors, summary.warnings) == (3, 1, 1, 1, 0)
    assert (summary.confidence, summary.editors, summary.codes, summary.status) == (
        0.4,
        ("Ana", "Ben"),
        ("x",),
        "started",
    )
