"""Apertium's pipeline cut around its tagger, so that each text meets a tagger no other text
has changed (see `_Taggers`): the stages before and after the tagger run once per batch,
the tagger once per text. `pipeline.engines.apertium` uses it; `cut_mode` says None where
the pair cannot be cut (no transfuse tools), and the engine then runs one process per text.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pipeline.errors import EngineError


@dataclass(frozen=True)
class Mode:
    """What `apertium -f html PAIR` runs, as argument lists, cut around the pair's one tagger."""

    head: tuple[tuple[str, ...], ...]  # transfuse's extraction, then analysis
    tagger: tuple[str, ...]
    tail: tuple[tuple[str, ...], ...]  # transfer and generation, then transfuse's injection


def cut_mode(pair: str) -> Mode | None:
    """The pipeline `apertium -f html` runs where transfuse is installed: tf-extract, the pair's
    mode in null-flush mode (`apertium-wblank-mode -z`) with its arguments ($1 -g, $2 none), and
    tf-inject; None where it cannot be cut around one tagger."""
    apertium = shutil.which("apertium")
    if apertium is None or not all(shutil.which(tool) for tool in ("tf-extract", "tf-inject", "apertium-wblank-mode")):
        return None
    path = Path(apertium).resolve().parent.parent / "share" / "apertium" / "modes" / f"{pair}.mode"
    if not path.is_file():
        return None
    done = subprocess.run(["apertium-wblank-mode", "-z", str(path)], capture_output=True, text=True, check=False)
    try:
        programs = [
            tuple(shlex.split(program.replace("$1", "-g").replace("$2", "")))
            for program in done.stdout.strip().split(" | ")
        ]
    except ValueError:
        return None
    taggers = [i for i, argv in enumerate(programs) if argv[:1] == ("apertium-tagger",)]
    if done.returncode != 0 or len(taggers) != 1:
        return None
    [at] = taggers
    tagger = programs[at]
    return Mode(
        (("tf-extract", "-f", "html"), *programs[:at]),
        (tagger[0], "-d", *tagger[1:]),  # -d: it says on stderr when it changes itself
        (*programs[at + 1 :], ("tf-inject",)),
    )


def translate_split(mode: Mode, document: bytes) -> tuple[bytes, str, int]:
    """`document` through the cut pipeline: its output, the stages' stderr and the exit status
    of the first stage that failed (0 when none did).

    The head and the tail are one process chain each for the whole batch, running alongside;
    between them the tagger gets one null-flushed block (one `<p>`, one text) at a time.
    """
    with tempfile.TemporaryFile() as errors, contextlib.closing(_Taggers(mode.tagger)) as taggers:
        started: list[subprocess.Popen[bytes]] = []
        pool = ThreadPoolExecutor(2)
        try:
            head = _chain(mode.head, errors, started)
            tail = _chain(mode.tail, errors, started)
            fed = pool.submit(_feed, head[0].stdin, document)
            output = pool.submit(tail[-1].stdout.read)  # type: ignore[union-attr]
            blocks = _blocks(head[-1].stdout)  # type: ignore[arg-type]
            tagged = tail[0].stdin
            try:
                for block, ended in blocks:
                    tagged.write(taggers.tag(block) + (b"\0" if ended else b""))  # type: ignore[union-attr]
                tagged.close()  # type: ignore[union-attr]
            except BrokenPipeError:  # the tail stopped (its exit status says why): let the head end
                for _ in blocks:
                    pass
                with contextlib.suppress(BrokenPipeError):
                    tagged.close()  # type: ignore[union-attr]
            fed.result()
            result = output.result()
            codes = [proc.wait() for proc in started]
        finally:  # on an error: no stage waits for a reader or a writer that is gone
            for proc in started:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            pool.shutdown()
        errors.seek(0)
        return result, errors.read().decode("utf-8", "replace"), next((code for code in codes if code), 0)


def _chain(commands: tuple[tuple[str, ...], ...], errors: IO[bytes], started: list) -> list[subprocess.Popen[bytes]]:
    """`commands` piped one into the next, as a shell pipe runs them (each added to `started`)."""
    chain: list[subprocess.Popen[bytes]] = []
    for argv in commands:
        source = chain[-1].stdout if chain else subprocess.PIPE
        chain.append(subprocess.Popen(argv, stdin=source, stdout=subprocess.PIPE, stderr=errors))
        started.append(chain[-1])
        if chain[:-1]:
            chain[-2].stdout.close()  # type: ignore[union-attr]  # the next one owns it: SIGPIPE when it stops
    return chain


def _feed(stream: IO[bytes], data: bytes) -> None:
    with contextlib.suppress(BrokenPipeError):  # the head stopped: its exit status says why
        stream.write(data)
        stream.close()


def _blocks(stream: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    """The null-flushed blocks of `stream`, without their NUL, each with whether it had one."""
    parts: list[bytes] = []
    while data := stream.read1(1 << 16):  # type: ignore[attr-defined]
        *ends, rest = data.split(b"\0")
        for end in ends:
            yield b"".join([*parts, end]), True
            parts = []
        parts.append(rest)
    if any(parts):
        yield b"".join(parts), False


class _Taggers:
    """Apertium's tagger, one block at a time; one that wrote to stderr is replaced by a fresh one.

    Apertium 3.8's HMM tagger changes itself when it meets a word whose ambiguity class it was
    not trained on ("known", "drunk", "a lot of"): find_similar_ambiguity_class assigns the
    class it finds to the tagger's open class, the class of every later unknown word in that
    process, and a null flush does not undo it ("Kirill Miller" became "Kirill Molinero" after
    "The plan is well known."). With -d it says so on stderr ("A new ambiguity class was found")
    before the NUL that ends the block. So every block meets a tagger that has only seen blocks
    that left it as it started: the one the text would get alone. A spare starts while the
    current one works (a start loads the model, about 6 ms; about one block in eight of news
    text changes its tagger).
    """

    def __init__(self, argv: tuple[str, ...]) -> None:
        self._argv = argv
        self._current = self._start()
        self._spare = self._start()

    def close(self) -> None:
        for proc in (self._current, self._spare):
            _stop(proc)

    def tag(self, block: bytes) -> bytes:
        answer, changed = _exchange(self._current, block + b"\0")
        if changed:
            _stop(self._current)
            self._current, self._spare = self._spare, self._start()
        return answer

    def _start(self) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(self._argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for stream in (proc.stdin, proc.stderr):
            os.set_blocking(stream.fileno(), False)  # type: ignore[union-attr]
        return proc


def _exchange(proc: subprocess.Popen[bytes], request: bytes) -> tuple[bytes, bool]:
    """Write one NUL-ended block to a tagger and read its answer up to the NUL that ends it
    (left out); and whether it wrote to stderr meanwhile."""
    answer, said = bytearray(), bytearray()
    pending = memoryview(request)
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdin, selectors.EVENT_WRITE)  # type: ignore[arg-type]
        selector.register(proc.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
        selector.register(proc.stderr, selectors.EVENT_READ)  # type: ignore[arg-type]
        while not answer.endswith(b"\0"):
            for key, _ in selector.select():
                if key.fileobj is proc.stdin:
                    try:
                        pending = pending[os.write(key.fd, pending) :]
                    except BlockingIOError:
                        continue
                    except BrokenPipeError:  # it stopped: its stdout ends below
                        pending = pending[:0]
                    if not pending:
                        selector.unregister(key.fileobj)
                    continue
                data = os.read(key.fd, 1 << 16)
                if key.fileobj is proc.stderr:
                    said += data
                    if not data:
                        selector.unregister(key.fileobj)
                elif data:
                    answer += data
                else:
                    code = proc.wait()
                    message = (said + _unread(proc.stderr)).decode("utf-8", "replace").strip()[:300]
                    raise EngineError(f"the apertium tagger stopped (exit {code}): {message}")
    return bytes(answer[:-1]), bool(said + _unread(proc.stderr))  # a warning comes before its NUL


def _unread(stream: IO[bytes] | None) -> bytes:
    """What waits in a non-blocking pipe."""
    try:
        return os.read(stream.fileno(), 1 << 16)  # type: ignore[union-attr]
    except BlockingIOError:
        return b""


def _stop(proc: subprocess.Popen[bytes]) -> None:
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        with contextlib.suppress(BrokenPipeError):
            stream.close()  # type: ignore[union-attr]
    proc.wait()
