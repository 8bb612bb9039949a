"""Test doubles shared by the tests."""

from __future__ import annotations

from pipeline.engines.pseudo import PseudoEngine
from pipeline.records import Translation


class CountingEngine(PseudoEngine):
    """The pseudo engine, remembering every batch it was asked to translate."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate_scored(self, texts: list[str]) -> list[Translation]:
        self.calls.append(list(texts))
        return super().translate_scored(texts)

    @property
    def texts(self) -> list[str]:
        """Every text it translated, in order."""
        return [text for batch in self.calls for text in batch]
