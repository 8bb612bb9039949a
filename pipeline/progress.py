"""A long run's progress on stderr: a bar on a terminal, and a line now and then elsewhere
(cron, CI logs), so a run that takes hours is seen to be alive.

The first documents pay for loading the model, so no time left is guessed until WARM_UP
documents are done; from then on it is the pace since the warm-up, not since the start.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO

from tqdm import tqdm

WARM_UP = 5  # documents done before a time left is shown
EVERY = 30.0  # seconds between progress lines when stderr is not a terminal
_WARMING = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}]"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class RunProgress:
    """`update()` once per document; `write()` for a message that must not break the bar."""

    def __init__(
        self,
        total: int,
        stream: IO[str],
        quiet: bool = False,
        every: float = EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.stream, self.every, self.clock = total, stream, every, clock
        self.done = 0
        self.started = clock()
        self.warm: float | None = None  # when the warm-up ended
        self.said = self.started
        self.lines = not quiet and not (hasattr(stream, "isatty") and stream.isatty())
        self.bar = None if quiet or self.lines else tqdm(total=total, unit="doc", file=stream, bar_format=_WARMING)

    def __enter__(self) -> RunProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.lines and self.done and exc[0] is None:
            self._line()

    def update(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if self.warm is None and self.done >= WARM_UP:
            self.warm = now
            self.warm_done = self.done
            if self.bar is not None:
                self.bar.bar_format = None  # tqdm's own, with the time left (its pace is recent, not average)
        if self.bar is not None:
            self.bar.update(n)
        elif self.lines and now - self.said >= self.every:
            self._line()

    def left(self) -> float | None:
        """Seconds left at the pace since the warm-up, or None while warming up."""
        if self.warm is None or self.done <= self.warm_done:
            return None
        pace = (self.clock() - self.warm) / (self.done - self.warm_done)
        return pace * max(self.total - self.done, 0)

    def write(self, message: str, file: IO[str] | None = None) -> None:
        """Say `message` on the progress stream (`file` is accepted as tqdm.write takes it)."""
        if self.bar is not None:
            self.bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def _line(self) -> None:
        now = self.clock()
        self.said = now
        share = f" ({self.done / self.total:.0%})" if self.total else ""
        left = self.left()
        guess = f", about {_clock(left)} left" if left is not None else ""
        self.write(
            f"progress: {self.done:,}/{self.total:,} documents{share}, {_clock(now - self.started)} elapsed{guess}"
        )
