"""Translation engines: one small protocol, chosen from an EngineConfig."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pipeline.config import EngineConfig
from pipeline.errors import EngineError, ModelNotFoundError


class Engine(Protocol):
    """What every engine offers: batch translation and a signature for the records."""

    def translate_batch(self, texts: list[str]) -> list[str]:
        """Translate `texts`; the result has the same length and order."""
        ...

    def signature(self) -> str:
        """Engine, model, version and options, recorded in every output."""
        ...


@dataclass(frozen=True)
class EngineChoice:
    """The engine a run uses, and any warning the user must see (a fallback, say)."""

    engine: Engine
    warnings: tuple[str, ...] = ()


def choose_engine(config: EngineConfig) -> EngineChoice:
    """The engine named in `config`; heavy libraries load on first use, not here.

    `auto`: MarianMT (through CTranslate2 when it is installed) when the model is local,
    cached or downloadable; otherwise Apertium, with a warning; otherwise the model error.
    """
    name = config.name
    if name == "pseudo":
        from pipeline.engines.pseudo import PseudoEngine

        return EngineChoice(PseudoEngine())
    if name == "apertium":
        from pipeline.engines.apertium import ApertiumEngine

        return EngineChoice(ApertiumEngine())
    if name == "marian":
        from pipeline.engines.marian import MarianEngine

        return EngineChoice(MarianEngine(config))
    if name == "ctranslate2":
        from pipeline.engines.ctranslate2 import CTranslate2Engine

        return EngineChoice(CTranslate2Engine(config))
    if name == "auto":
        return _auto(config)
    raise EngineError(f"unknown engine '{name}'; choose auto, marian, ctranslate2, apertium or pseudo")


def _auto(config: EngineConfig) -> EngineChoice:
    from pipeline.engines.apertium import ApertiumEngine, apertium_available
    from pipeline.engines.ctranslate2 import CTranslate2Engine, ctranslate2_available
    from pipeline.engines.marian import MarianEngine
    from pipeline.models import resolve_model

    try:
        location = resolve_model(config.model, config.allow_download)
    except ModelNotFoundError as err:
        if not apertium_available():
            raise ModelNotFoundError(f"{err} (The Apertium fallback is not installed either: apt-get install apertium-eng-spa.)") from None
        warning = f"MarianMT model '{config.model}' is not available, so Apertium translates this run (lower quality)"
        return EngineChoice(ApertiumEngine(note=f"fallback: {config.model} unavailable"), (warning,))
    engine = CTranslate2Engine if ctranslate2_available() else MarianEngine
    return EngineChoice(engine(config, location))
