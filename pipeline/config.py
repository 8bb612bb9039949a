"""Run configuration: one frozen object, built by the CLI and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.localize import LocalizeConfig
from pipeline.qa import QAConfig

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-en-es"
ENGINES = ("auto", "marian", "ctranslate2", "apertium", "pseudo")
DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class EngineConfig:
    """Which engine translates, and how."""

    name: str = "auto"
    model: str = DEFAULT_MODEL  # hub id or local folder
    device: str = "auto"
    beams: int = 4
    max_length: int = 512  # most target tokens per sentence
    batch_tokens: int = 4096  # most source tokens (padding included) per batch
    allow_download: bool = True  # fetch a hub model that is not in the cache
    threads: int = 0  # CPU threads for the runtime (0: the library's default)
    cache_dir: Path = Path(".cache/efe-pipeline")  # CTranslate2 conversions; the CLI passes the user cache


@dataclass(frozen=True)
class RunConfig:
    """One translation run: inputs, output folder, engine, and how to treat bad input."""

    inputs: tuple[Path, ...]
    outdir: Path
    engine: EngineConfig = field(default_factory=EngineConfig)
    strict: bool = False  # stop at the first bad input instead of skipping it
    max_sentence_chars: int = 500  # longer sentences are translated in clause-sized pieces
    chunk_segments: int = 512  # segments gathered across documents per engine call
    shard: tuple[int, int] = (1, 1)  # (i, N): this run translates the i-th of N slices
    glossaries: tuple[Path, ...] = ()  # TSV or TBX files whose terms every run must obey
    tm: Path | None = None  # translation memory (SQLite) consulted before the engine
    localize: LocalizeConfig = field(default_factory=LocalizeConfig)
    qa: QAConfig = field(default_factory=QAConfig)
