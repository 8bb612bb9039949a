"""Apertium (rule-based, Debian's apertium-eng-spa) as a subprocess engine.

A fallback when no MarianMT model is available, and a baseline for comparisons.
Protected spans (⟦…⟧, as in `pipeline.engines.pseudo.PROTECTED`) survive it: each one
travels as an unknown word ("Xpz0qz"), which Apertium passes through and places like
a name (sent as an HTML tag instead, it breaks Apertium's parse of the sentence).
Text goes through Apertium's HTML format, escaped, each text in its own `<p>` block: a
block ends a sentence for Apertium, so no text is read as the continuation of the one
before it (plain lines bleed into each other: "The" + "book is red." gave "El" + "libro es
rojo."). A batch goes through one pipeline, but each text meets a tagger that no other text
has changed (see `_Taggers`), so a text's translation is the one it gets alone, whatever its
batch, shard or neighbours.
Apertium marks the words it does not know ("*brinkmanship") and forms it could not
generate ("#izquierda"); the marks become the translation's unknown words and confidence,
then go. The source's own *, # and @ travel as look-alikes (∗ ＃ ＠) so that no mark is
confused with them (private-use characters are dropped by Apertium).
"""

from __future__ import annotations

import contextlib
import functools
import html
import os
import re
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
from pipeline.records import Origin, Translation
from pipeline.text import protected as placeholders
from pipeline.text.names import spanish_leaning
from pipeline.text.protected import PROTECTED_SPAN

PAIR = "eng-spa"
_BLOCK = re.compile(r"<p>(.*?)</p>", re.DOTALL)
# City names Apertium knows as proper nouns and writes the same in Spanish (see _genitives)
_STAND_INS = ("Madrid", "Caracas", "Toledo", "Chicago", "Boston", "Dallas", "Denver", "Houston", "Bilbao")
_LOOK_ALIKES = {"*": "∗", "#": "＃", "@": "＠"}  # the source's own mark characters, while in Apertium
_MARK = re.compile(r"[*#@](?=\w)")
_UNKNOWN = re.compile(rf"\*(?!{placeholders.PLACEHOLDER})(\w[\w'’-]*)")


def apertium_available(pair: str = PAIR) -> bool:
    """Whether the `apertium` command and the language pair are installed."""
    if shutil.which("apertium") is None:
        return False
    listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=False)
    return pair in listed.stdout.split()


class ApertiumEngine:
    """Engine protocol over what `apertium -f html eng-spa` runs, one tagger state per text."""

    name = "apertium"
    origin = Origin.MACHINE
    # each text meets a tagger no other text has changed (see _Taggers): its translation is
    # the one it gets alone ("Le Devoir attempted…" was "Intentó" alone, "Intentado" after
    # some sentences in one process), so an interrupted run keeps the documents it finished
    batch_invariant = True

    def __init__(self, pair: str = PAIR, note: str = "") -> None:
        self.pair = pair
        self.note = note  # e.g. why this engine was chosen as a fallback
        self._version: str | None = None

    def translate_batch(self, texts: list[str]) -> list[str]:
        return [t.text for t in self.translate_scored(texts)]

    def translate_scored(self, texts: list[str]) -> list[Translation]:
        if not texts:
            return []
        protected: list[list[str]] = []
        stand_ins: list[dict[str, str]] = []
        lines = []
        for text in texts:
            encoded, spans = placeholders.encode(text)
            encoded, names = _genitives(encoded)
            protected.append(spans)
            stand_ins.append(names)
            escaped = html.escape(_disguise(encoded.replace("\n", " ")), quote=False)
            lines.append(f"<p>{escaped}</p>")
        output = _BLOCK.findall(self._run(lines))
        if len(output) != len(texts):
            if len(texts) == 1:
                output = [" ".join(output)]
            else:  # Apertium joined or split lines: translate one at a time instead
                return [self.translate_scored([text])[0] for text in texts]
        return [
            _restore(_put_back(line, names), spans, text)
            for line, spans, names, text in zip(output, protected, stand_ins, texts)
        ]

    def signature(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"apertium {self.pair} {self._package_version()}{note}"

    def _run(self, lines: list[str]) -> str:
        """Apertium's HTML for `lines` (a `<p>` block each), each block as it comes out alone."""
        if shutil.which("apertium") is None:
            raise EngineError(
                "the apertium command is not installed; on Debian or Ubuntu run "
                "`sudo apt-get install apertium-eng-spa`, or choose --engine marian"
            )
        if self._mode is None:  # no transfuse, or a pair without one tagger: one process per text (slow)
            return "".join(self._alone(f"{line}\n") for line in lines)
        try:
            output, errors, code = _translate(self._mode, "".join(f"{line}\n" for line in lines).encode("utf-8"))
        except OSError as error:  # a stage that cannot start
            raise EngineError(f"apertium {self.pair} could not run: {error}") from error
        if code != 0:
            raise EngineError(f"apertium {self.pair} failed (exit {code}): {errors.strip()[:300]}")
        return output.decode("utf-8")

    def _alone(self, text: str) -> str:
        """`text` through one `apertium -f html` process."""
        done = subprocess.run(
            ["apertium", "-f", "html", self.pair], input=text, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise EngineError(f"apertium {self.pair} failed (exit {done.returncode}): {done.stderr.strip()[:300]}")
        return done.stdout

    @functools.cached_property
    def _mode(self) -> _Mode | None:
        return _cut_mode(self.pair)

    def _package_version(self) -> str:
        if self._version is None:
            query = (
                subprocess.run(
                    ["dpkg-query", "-W", "-f=${Version}", f"apertium-{self.pair}"],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if shutil.which("dpkg-query")
                else None
            )
            self._version = query.stdout.strip() if query and query.returncode == 0 else "unknown"
        return self._version


@dataclass(frozen=True)
class _Mode:
    """What `apertium -f html PAIR` runs, as argument lists, cut around the pair's one tagger."""

    head: tuple[tuple[str, ...], ...]  # transfuse's extraction, then analysis
    tagger: tuple[str, ...]
    tail: tuple[tuple[str, ...], ...]  # transfer and generation, then transfuse's injection


def _cut_mode(pair: str) -> _Mode | None:
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
    return _Mode(
        (("tf-extract", "-f", "html"), *programs[:at]),
        (tagger[0], "-d", *tagger[1:]),  # -d: it says on stderr when it changes itself
        (*programs[at + 1 :], ("tf-inject",)),
    )


def _translate(mode: _Mode, document: bytes) -> tuple[bytes, str, int]:
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


def _genitives(text: str) -> tuple[str, dict[str, str]]:
    """A protected span in the possessive ("⟦Cuba⟧'s western coast") travels as a city name
    Apertium knows and keeps as written, so that it reorders the phrase ("la costa occidental
    de Madrid"); an unknown placeholder there comes back as "Cuba costa occidental"."""
    names: dict[str, str] = {}
    free = iter(name for name in _STAND_INS if not re.search(rf"\b{name}\b", text))

    def stand_in(match: re.Match[str]) -> str:
        name = next(free, None)
        if name is None:
            return match.group(0)
        names[name] = match.group(0)
        return name

    return re.sub(rf"{placeholders.PLACEHOLDER}(?=['’]s\b)", stand_in, text), names


def _put_back(line: str, names: dict[str, str]) -> str:
    for name, token in names.items():
        line = re.sub(rf"\b{name}\b", token, line)
    return line


def _lowercase_after_unknown(text: str, source: str) -> str:
    """`text` (still marked) with the capital Apertium gives the word after the unknown words
    (placeholders or *-marked, passed through one for one) that open it, unless the source
    has a capital there too."""
    head = re.match(rf"[«\"“‘(¿¡]*((?:(?:{placeholders.PLACEHOLDER}|\*[\w'’-]+)\s+)+)([A-ZÁÉÍÓÚÑ])", text)
    if head is None:
        return text
    count = len(head.group(1).split())
    after = re.match(rf"[«\"“‘(]*(?:(?:{PROTECTED_SPAN}|[\w'’-]+)\s+){{{count}}}(\w)", source)
    if after is None or not after.group(1).islower():
        return text
    return text[: head.start(2)] + head.group(2).lower() + text[head.end(2) :]


def _disguise(text: str) -> str:
    """The source's *, # and @ as look-alikes, unless it already holds a look-alike."""
    if any(look in text for look in _LOOK_ALIKES.values()):
        return text
    return text.translate(str.maketrans(_LOOK_ALIKES))


def _restore(line: str, spans: list[str], source: str) -> Translation:
    """Unescape Apertium's HTML, read and drop its marks, put each protected span back
    where its token is; the confidence is the share of words Apertium knew.

    Apertium capitalises the word after unknown words that start a sentence ("Xpz0qz
    Cumplió", "«*Quispe Es bien»"); when the English word after them was lowercase, so is it.
    """
    text = _lowercase_after_unknown(html.unescape(line).strip(), source.strip())
    # the words it did not know and should have: not names or Spanish words it rightly passed on
    unknown = tuple(word for word in _UNKNOWN.findall(text) if not word.isupper() and spanish_leaning(word) < 0)
    text = _MARK.sub("", text)
    if not any(look in source for look in _LOOK_ALIKES.values()):
        text = text.translate(str.maketrans({look: char for char, look in _LOOK_ALIKES.items()}))
    words = len(re.findall(rf"(?<!\w)(?!{placeholders.PLACEHOLDER})\w+", text))
    confidence = round(1 - len(unknown) / words, 2) if words else 1.0
    return Translation(placeholders.decode(text, spans), confidence, unknown)
