"""Run configuration: frozen objects, built by the CLI and passed down.

`options` turns a config into plain JSON values with an explicit exclude list, so the
run key (what a resumed run must match) and the manifest (what a run used) can never
forget a new option.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-en-es"
DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class EngineConfig:
    """Which engine translates, and how."""

    name: str = "auto"  # a key of pipeline.engines.ENGINES
    model: str = DEFAULT_MODEL  # hub id or local folder
    device: str = "auto"
    beams: int = 4
    max_length: int = 512  # most target tokens per sentence
    batch_tokens: int = 4096  # most source tokens (padding included) per batch
    allow_download: bool = True  # fetch a hub model that is not in the cache
    threads: int = 0  # CPU threads for the runtime (0: the library's default)
    cache_dir: Path = Path(".cache/efe-pipeline")  # CTranslate2 conversions; the CLI passes the user cache


@dataclass(frozen=True)
class LocalizeConfig:
    """House style; every rule can be turned off."""

    titles: bool = True
    usa: str = "EE.UU."  # or "EE. UU." (RAE/Fundéu)
    quotes: str = "angular"  # « » with “ ” inside; "curly": “ ” with ‘ ’ inside; "" to leave quotes alone
    numbers: bool = True
    times: bool = True
    days_months: bool = True
    dateline: bool = True
    spacing: bool = True  # one space between words, none before , . ; : ? ! or inside «» and brackets
    percent: bool = True  # "38,6 por ciento" → "38,6 %", EFE's form


@dataclass(frozen=True)
class QAConfig:
    """Thresholds for the checks."""

    min_length_ratio: float = 0.5  # target characters / source characters
    max_length_ratio: float = 2.2
    min_chars_for_ratio: int = 20  # shorter sources vary too much to judge
    max_english_share: float = 0.3  # of the target's words that are English stop words
    repeat_ngram: int = 3  # the same n-gram …
    repeat_times: int = 3  # … this many times in a row is a loop
    # english-left: a word of the source left in the target that is English, not Spanish, by
    # wordfreq's Zipf frequencies: never seen in Spanish (below `english_unseen_es`) and seen in
    # English (at least `english_rare_en`), or common in English (at least `english_common_en`)
    # and that much (`english_margin`) more frequent than in Spanish.
    english_unseen_es: float = 1.0
    english_rare_en: float = 1.5
    english_common_en: float = 3.0
    english_margin: float = 1.5
    # run-together: a word that neither language uses, made of up to `run_together_pieces` Spanish
    # words each at least this frequent ("reunióndetres", "bordede3.145": Apertium's compounds)
    run_together_zipf: float = 3.0
    run_together_pieces: int = 4
    low_confidence: float = 0.5  # below this, an info issue (see records.Translation)


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
    name_guard: bool = True  # protect names no glossary lists (pipeline.text.names)
    localize: LocalizeConfig = field(default_factory=LocalizeConfig)
    qa: QAConfig = field(default_factory=QAConfig)
    xliff: tuple[str, ...] = ("2.0",)  # the XLIFF versions each article is written in: "2.0", "1.2"


# Options that cannot change a run's output, or that enter each document's key by what
# the document took from them (its text, the glossary rows and memory entries it matched).
NOT_IN_RUN_KEY = frozenset(
    {"inputs", "outdir", "strict", "glossaries", "tm", "engine.cache_dir", "engine.threads", "engine.allow_download"}
)
# A document's key holds the options that shape its output; which shard it went to and how
# many segments went to the engine at once do not (for an engine whose output never depends
# on its batch: see Engine.batch_invariant).
# The XLIFF versions are how a document is written, not what it holds: a change renders the
# documents anew (and, being in the run key, never resumes a run that rendered them otherwise).
NOT_IN_DOCUMENT_KEY = NOT_IN_RUN_KEY | {"shard", "chunk_segments", "xliff"}
# The manifest lists inputs and glossaries with their checksums; the cache is this machine's.
NOT_IN_MANIFEST = frozenset({"inputs", "outdir", "glossaries", "engine.cache_dir"})


def options(config: Any, exclude: frozenset[str] = frozenset(), prefix: str = "") -> dict[str, Any]:
    """The fields of a config dataclass as JSON values, nested configs as nested dicts,
    leaving out the dotted names in `exclude` ("engine.threads")."""
    values: dict[str, Any] = {}
    for item in dataclasses.fields(config):
        name = prefix + item.name
        if name in exclude:
            continue
        value = getattr(config, item.name)
        values[item.name] = options(value, exclude, name + ".") if dataclasses.is_dataclass(value) else _plain(value)
    return values


def default(config: type, name: str) -> Any:
    """The default of a config field, so the CLI never repeats it."""
    item = next(f for f in dataclasses.fields(config) if f.name == name)
    return item.default_factory() if item.default is dataclasses.MISSING else item.default  # type: ignore[misc]


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value
