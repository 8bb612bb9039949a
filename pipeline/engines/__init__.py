"""Translation engines: one small protocol, built from an EngineConfig."""

from __future__ import annotations

from typing import Protocol

from pipeline.config import EngineConfig
from pipeline.errors import EngineError


class Engine(Protocol):
    """What every engine offers: batch translation and a signature for the records."""

    def translate_batch(self, texts: list[str]) -> list[str]:
        """Translate `texts`; the result has the same length and order."""
        ...

    def signature(self) -> str:
        """Engine, model, version and options, recorded in every output."""
        ...


def build_engine(config: EngineConfig) -> Engine:
    """The engine named in `config`; heavy libraries load on first use, not here."""
    if config.name == "pseudo":
        from pipeline.engines.pseudo import PseudoEngine

        return PseudoEngine()
    if config.name == "marian":
        from pipeline.engines.marian import MarianEngine

        return MarianEngine(config)
    raise EngineError(f"unknown engine '{config.name}'; choose marian or pseudo")
