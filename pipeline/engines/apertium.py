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
generate ("#izquierda"); the marks become the translation's unknown words and coverage,
then go. The source's own *, # and @ travel as look-alikes (∗ ＃ ＠) so that no mark is
confused with them (private-use characters are dropped by Apertium).
"""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess

from pipeline.engines.apertium_process import Mode, cut_mode, translate_split
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

    def prepare(self) -> None:
        """Nothing to set up: the pair is a Debian package."""

    def translate_batch(self, texts: list[str]) -> list[str]:
        """The texts of `translate_scored` (tests and benchmarks)."""
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
        # tagger=per-text: each text's own tagger state (before it, a text depended on its neighbours)
        return f"apertium {self.pair} {self._package_version()} tagger=per-text{note}"

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
            output, errors, code = translate_split(self._mode, "".join(f"{line}\n" for line in lines).encode("utf-8"))
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
    def _mode(self) -> Mode | None:
        return cut_mode(self.pair)

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
    where its token is; the coverage is the share of words Apertium knew (Apertium has no
    estimate of how good a translation is: its confidence is None).

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
    coverage = round(1 - len(unknown) / words, 2) if words else 1.0
    return Translation(placeholders.decode(text, spans), None, unknown, coverage)
