"""The work a run does on each document, the same in this process and on Ray: its stages
(built here only), how a failing document is reported, which shard a document belongs to,
and what the documents came to."""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.config import RunConfig
from pipeline.engines import Engine
from pipeline.errors import IngestError, PipelineError
from pipeline.output.store import Records, Transaction
from pipeline.records import Document
from pipeline.runner import Stage
from pipeline.stages.carry import CarryStage, Keyer, options_digest
from pipeline.stages.localize import LocalizeStage
from pipeline.stages.qa import QAStage
from pipeline.stages.segment import SentenceSplitter
from pipeline.stages.terms import Matcher, ProtectStage, RestoreStage
from pipeline.stages.translate import TranslateStage
from pipeline.tm import TranslationMemory


@dataclass
class Progress:
    """What a run did to its documents, here or on Ray: the one home of the run's counters."""

    documents: int = 0
    resumed: int = 0
    carried: int = 0
    engine_inputs: int = 0
    engine_translated: int = 0
    from_memory: int = 0
    redone: list[tuple[str, str]] = field(default_factory=list)  # (id, why) of each document translated
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, carry: CarryStage, translator: TranslateStage) -> None:
        """Count what a carry stage and a translate stage did (both then start again from zero)."""
        self.carried += len(carry.carried) + len(carry.moved)
        self.resumed += len(carry.resumed)
        self.redone += carry.redone
        self.engine_inputs += translator.engine_inputs
        self.engine_translated += translator.engine_translated
        self.from_memory += translator.from_memory
        carry.carried, carry.moved, carry.resumed, carry.redone = set(), set(), set(), []
        translator.engine_inputs = translator.engine_translated = translator.from_memory = 0

    def failed(self, doc_id: str) -> None:
        """A document a later stage failed on was not translated after all: it is skipped."""
        self.redone = [(i, why) for i, why in self.redone if i != doc_id]

    def merge(self, other: Progress) -> None:
        self.carried += other.carried
        self.resumed += other.resumed
        self.redone += other.redone
        self.engine_inputs += other.engine_inputs
        self.engine_translated += other.engine_translated
        self.from_memory += other.from_memory

    def counts(self) -> dict[str, object]:
        """The manifest's counters."""
        return {
            "carried": self.carried,
            "translated": len(self.redone),
            "redone": dict(sorted(Counter(reason for _, reason in self.redone).items())),
            "resumed_documents": self.resumed,
            "engine_inputs": self.engine_inputs,
            "engine_translated": self.engine_translated,
            "from_memory": self.from_memory,
        }


@dataclass(frozen=True)
class Stages:
    """A run's per-document stages, all built here. A local run chains them `in_order`; on
    Ray a reading task runs `prepare`, a translator actor the carry and translate stages, and
    a finishing task `finish`."""

    segment: SentenceSplitter
    protect: ProtectStage
    restore: RestoreStage
    localize: LocalizeStage
    check: QAStage

    @property
    def prepare(self) -> list[Stage]:
        return [self.segment, self.protect]

    @property
    def finish(self) -> list[Stage]:
        return [self.restore, self.localize, self.check]

    def in_order(self, carry: CarryStage, translate: TranslateStage) -> list[Stage]:
        """Every stage in one process, the key right after segmentation: a carried document
        skips protection too."""
        return [self.segment, carry, self.protect, translate, *self.finish]


def document_stages(config: RunConfig, matcher: Matcher | None) -> Stages:
    return Stages(
        SentenceSplitter(config.max_sentence_chars),
        ProtectStage(matcher, names=config.name_guard),
        RestoreStage(matcher),
        LocalizeStage(config.localize),
        QAStage(config.qa),
    )


def translation_stages(
    config: RunConfig,
    matcher: Matcher | None,
    engine: Engine,
    published: Records,
    txn: Transaction,
    memory: TranslationMemory | None,
) -> tuple[CarryStage, TranslateStage]:
    """The stages that need the engine: the key (carrying what `published` already has) and
    the translation. An engine whose output depends on its batch translates a resumed run's
    documents again (what it staged stays as it is), so that it gives the bytes of an
    uninterrupted run."""
    keyer = Keyer(options_digest(config), engine.signature(), matcher, memory)
    carry = CarryStage(keyer, published, txn, resume=engine.batch_invariant)
    return carry, TranslateStage(engine, config.chunk_segments, tm=memory)


def skipped(doc: Document, error: PipelineError) -> IngestError:
    """A document a stage failed on, as the bad input it is reported as (file and line)."""
    path, _, line = doc.source.rpartition(":")
    where = (path, int(line)) if line.isdigit() and path else (doc.source, None)
    return IngestError(where[0], f"document '{doc.id}' skipped: {error}", where[1])


def in_shard(doc_id: str, shard: tuple[int, int]) -> bool:
    """Whether a document belongs to slice i of N: the same answer on every machine."""
    index, count = shard
    return count == 1 or zlib.crc32(doc_id.encode("utf-8")) % count == index - 1
