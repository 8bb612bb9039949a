"""Republishing the run folder after the desk's saves: a burst of saves is one publish.

A save is durable the moment work.sqlite has it; the folder's files (each article's
`.es.txt`, `.xlf`, page, and the run-wide files) follow within `delay` seconds, through
the store's one transaction. The manifest's `work_through` names the last entry the files
hold: anything after it is unpublished (`unpublished`), and the next desk publishes it on
start. A folder another command is writing is left to it and tried again. Publishing runs in a
child process, so rendering 2,000 articles never holds the server's interpreter while
editors save.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.output.manifest import read_manifest
from pipeline.output.people import PeoplesWork
from pipeline.output.store import RunFolder, ordinals, qa_config, republish

_PR_SET_PDEATHSIG = 1  # prctl(2)
RETRY = 2.0  # seconds before trying again when another command holds the folder


def unpublished(outdir: Path) -> int:
    """How many review-desk saves the folder's files do not hold yet."""
    through = read_manifest(outdir).get("work_through", 0)
    work = PeoplesWork(outdir)
    try:
        return sum(w.file.startswith("review desk") for w in work.since(through))
    finally:
        work.close()


def publish(outdir: Path) -> float:
    """Publish the folder again with all people's work; the seconds it took."""
    started = time.perf_counter()
    with RunFolder(outdir) as folder:
        republish(folder, "review-desk", qa_config(folder.manifest()), ordinals(outdir))
    return time.perf_counter() - started


class Publisher:
    """A thread that publishes `delay` seconds after the first save it hears of."""

    def __init__(
        self,
        outdir: Path,
        delay: float = 1.0,
        report: Callable[[str], None] = print,
        publisher: Callable[[Path], float] | None = None,
    ) -> None:
        self.outdir = Path(outdir)
        self.publish = publisher or self._in_child
        self._pool: ProcessPoolExecutor | None = None
        self.delay = delay
        self.report = report
        self.times: list[float] = []  # each publish's seconds (the load benchmark reads them)
        self._dirty = False
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="desk-publisher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _in_child(self, outdir: Path) -> float:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")  # a fresh interpreter: no server threads
            self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_tie_to_desk, initargs=(os.getpid(),))
        try:
            return self._pool.submit(publish, outdir).result()
        except BrokenProcessPool:
            self._pool = None
            raise OutputError("the publishing process ended unexpectedly") from None

    def notify(self) -> None:
        """Something was saved: publish soon."""
        self._dirty = True
        self._wanted.set()

    def stop(self) -> None:
        """Publish what is waiting, then end; a second call does nothing."""
        if not self._thread.is_alive():
            return
        self._stopping.set()
        self._wanted.set()
        self._thread.join()
        if self._pool is not None:
            self._pool.shutdown()

    def _run(self) -> None:
        while True:
            if not self._stopping.is_set():
                self._wanted.wait()
                self._stopping.wait(self.delay)  # let the burst finish
            self._wanted.clear()
            if self._dirty:
                self._dirty = False
                try:
                    self.times.append(self.publish(self.outdir))
                    self.report(f"review desk: published in {self.times[-1]:.2f} s")
                except OutputError as err:
                    self.report(f"review desk: not published yet ({err}); trying again")
                    self._dirty = True
                    if self._stopping.is_set():
                        return  # the next desk publishes it (the manifest's work_through says what)
                    self._wanted.set()
                    time.sleep(RETRY)
                    continue
            if self._stopping.is_set() and not self._dirty:  # saves made during the last publish: once more
                return


def _tie_to_desk(desk: int) -> None:
    """The publishing child's set-up. Ctrl+C reaches the whole process group: the child
    finishes its publish, and the desk stops it once every save is published. A desk killed
    outright (kill -9) takes the child with it: Linux's parent-death signal, and, for a desk
    killed while the child was still starting, a check that the desk is still its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != desk:
        os._exit(1)
