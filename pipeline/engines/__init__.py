"""Translation engines: one small protocol, and a table from engine name to factory.

Heavy libraries (torch, transformers, ctranslate2) load inside the engines on first
use, never when an engine is chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pipeline.config import EngineConfig
from pipeline.engines.apertium import ApertiumEngine, apertium_available
from pipeline.engines.ctranslate2 import CTranslate2Engine, ctranslate2_available
from pipeline.engines.marian import MarianEngine
from pipeline.engines.pseudo import PseudoEngine
from pipeline.errors import EngineError, ModelNotFoundError
from pipeline.models import resolve_model
from pipeline.records import Origin, Translation


class Engine(Protocol):
    """What the pipeline asks of an engine, and nothing else: its name, where its output
    comes from, whether a text's translation depends on its batch, a set-up step, scored
    translation of a batch, and a signature."""

    name: str  # the --engine name it answers to
    origin: Origin  # Origin.MACHINE, or Origin.PSEUDO for text that is not Spanish
    # Whether a text's translation is the same whatever else is in its batch. Only such an
    # engine lets an interrupted run keep its finished documents: another translates again.
    batch_invariant: bool

    def prepare(self) -> None:
        """Work done once before any copy of the engine translates (a model download or
        conversion); nothing for an engine that needs none."""
        ...

    def translate_scored(self, texts: list[str]) -> list[Translation]:
        """Translate `texts`, each with the engine's confidence; same length and order."""
        ...

    def signature(self) -> str:
        """Engine, model, version and options, recorded in every output."""
        ...


@dataclass(frozen=True)
class EngineChoice:
    """The engine a run uses, and any warning the user must see (a fallback, say)."""

    engine: Engine
    warnings: tuple[str, ...] = ()
    fallback: bool = False  # not the engine asked for (`translate --no-fallback` refuses it)


def _auto(config: EngineConfig) -> EngineChoice:
    """MarianMT (through CTranslate2 when it is installed) when the model is local,
    cached or downloadable; otherwise Apertium, with a warning; otherwise the model error."""
    try:
        location = resolve_model(config.model, config.allow_download)
    except ModelNotFoundError as err:
        if not apertium_available():
            raise ModelNotFoundError(
                f"{err} (The Apertium fallback is not installed either: apt-get install apertium-eng-spa.)"
            ) from None
        warning = f"MarianMT model '{config.model}' is not available, so Apertium translates this run (lower quality)"
        return EngineChoice(ApertiumEngine(note=f"fallback: {config.model} unavailable"), (warning,), fallback=True)
    engine = CTranslate2Engine if ctranslate2_available() else MarianEngine
    return EngineChoice(engine(config, location))


# Engine name → factory; the CLI's --engine choices and every message come from here.
ENGINES: dict[str, Callable[[EngineConfig], EngineChoice]] = {
    "auto": _auto,
    "marian": lambda config: EngineChoice(MarianEngine(config)),
    "ctranslate2": lambda config: EngineChoice(CTranslate2Engine(config)),
    "apertium": lambda config: EngineChoice(ApertiumEngine()),
    "pseudo": lambda config: EngineChoice(PseudoEngine()),
}


def choose_engine(config: EngineConfig) -> EngineChoice:
    """The engine named in `config`; heavy libraries load on first use, not here."""
    factory = ENGINES.get(config.name)
    if factory is None:
        raise EngineError(f"unknown engine '{config.name}'; choose one of {', '.join(ENGINES)}")
    return factory(config)
