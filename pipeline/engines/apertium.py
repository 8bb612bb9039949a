"""Apertium (rule-based, Debian's apertium-eng-spa) as a subprocess engine.

A fallback when no MarianMT model is available, and a baseline for comparisons.
Protected spans (⟦…⟧, as in `pipeline.engines.pseudo.PROTECTED`) survive it: each one
travels as an unknown word ("Xpz0qz"), which Apertium passes through and places like
a name (sent as an HTML tag instead, it breaks Apertium's parse of the sentence).
Text goes through Apertium's HTML format, escaped; one sentence per line, a whole
batch per process.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

from pipeline.errors import EngineError

PAIR = "eng-spa"
_PROTECTED = re.compile(r"⟦[^⟧]*⟧")
_TOKEN = re.compile(r"Xpz(\d+)qz")


def apertium_available(pair: str = PAIR) -> bool:
    """Whether the `apertium` command and the language pair are installed."""
    if shutil.which("apertium") is None:
        return False
    listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=False)
    return pair in listed.stdout.split()


class ApertiumEngine:
    """Engine protocol over `apertium -u -f html eng-spa`."""

    name = "apertium"

    def __init__(self, pair: str = PAIR, note: str = "") -> None:
        self.pair = pair
        self.note = note  # e.g. why this engine was chosen as a fallback
        self._version: str | None = None

    def translate_batch(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        protected: list[list[str]] = []
        lines = []
        for text in texts:
            spans = _PROTECTED.findall(text)
            protected.append(spans)
            parts = _PROTECTED.split(text)
            escaped = [html.escape(part.replace("\n", " "), quote=False) for part in parts]
            lines.append("".join(p + (f"Xpz{i}qz" if i < len(spans) else "") for i, p in enumerate(escaped)))
        output = self._run("\n".join(lines) + "\n").rstrip("\n").split("\n")
        if len(output) != len(texts):
            if len(texts) == 1:
                output = [" ".join(output)]
            else:  # Apertium joined or split lines: translate one at a time instead
                return [self.translate_batch([text])[0] for text in texts]
        return [_restore(line, spans) for line, spans in zip(output, protected)]

    def signature(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"apertium {self.pair} {self._package_version()}{note}"

    def _run(self, text: str) -> str:
        if shutil.which("apertium") is None:
            raise EngineError(
                "the apertium command is not installed; on Debian or Ubuntu run "
                "`sudo apt-get install apertium-eng-spa`, or choose --engine marian"
            )
        done = subprocess.run(
            ["apertium", "-u", "-f", "html", self.pair], input=text, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise EngineError(f"apertium {self.pair} failed (exit {done.returncode}): {done.stderr.strip()[:300]}")
        return done.stdout

    def _package_version(self) -> str:
        if self._version is None:
            query = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", f"apertium-{self.pair}"], capture_output=True, text=True, check=False
            ) if shutil.which("dpkg-query") else None
            self._version = query.stdout.strip() if query and query.returncode == 0 else "unknown"
        return self._version


def _restore(line: str, spans: list[str]) -> str:
    """Unescape Apertium's HTML and put each protected span back where its token is."""
    text = html.unescape(line).strip()
    return _TOKEN.sub(lambda m: spans[int(m.group(1))] if int(m.group(1)) < len(spans) else m.group(0), text)
