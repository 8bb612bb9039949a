"""A run's progress: no time left guessed while the model loads, a sensible one after, and
lines now and then on a stream that is not a terminal (cron, CI)."""

from __future__ import annotations

import io

import pytest

from pipeline.progress import WARM_UP, RunProgress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_no_time_left_until_the_warm_up_then_the_pace_since_it():
    clock, out = Clock(), io.StringIO()
    with RunProgress(100, out, every=1e9, clock=clock) as progress:
        clock.now = 60.0  # the first document loads the model
        progress.update()
        assert progress.left() is None
        for _ in range(WARM_UP - 1):
            clock.now += 1.0
            progress.update()
        for _ in range(10):
            clock.now += 2.0  # two seconds a document from here on
            progress.update()
        assert progress.left() == pytest.approx(2.0 * (100 - WARM_UP - 10))


def test_a_line_every_so_often_and_one_at_the_end_when_not_a_terminal():
    clock, out = Clock(), io.StringIO()
    with RunProgress(20, out, every=30.0, clock=clock) as progress:
        for _ in range(20):
            clock.now += 10.0
            progress.update()
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 + 200 // 30  # every 30 s of a 200 s run, and the last
    assert lines[0].startswith("progress: 3/20 documents (15%), 0:30 elapsed")  # still warming up: no guess
    assert "about" in lines[1] and lines[-1].startswith("progress: 20/20 documents (100%), 3:20 elapsed")


def test_quiet_says_nothing():
    out = io.StringIO()
    with RunProgress(5, out, quiet=True) as progress:
        progress.update(5)
    assert out.getvalue() == ""
