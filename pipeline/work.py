"""The work a run does on each document, the same in this process and on Ray: the stages
before and after translation, how a failing document is reported, which shard a document
belongs to, and what the documents came to."""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.config import RunConfig
from pipeline.errors import IngestError, PipelineError
from pipeline.records import Document
from pipeline.runner import Stage
from pipeline.stages.localize import LocalizeStage
from pipeline.stages.qa import QAStage, QASummary
from pipeline.stages.segment import SentenceSplitter
from pipeline.stages.terms import Matcher, ProtectStage, RestoreStage


@dataclass
class Progress:
    """What the documents of a run came to, however they were processed."""

    documents: int = 0
    segments: int = 0
    resumed: int = 0
    engine_inputs: int = 0
    engine_translated: int = 0
    from_memory: int = 0
    qa: QASummary = field(default_factory=QASummary)
    timings: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))


def document_stages(config: RunConfig, matcher: Matcher | None) -> tuple[list[Stage], list[Stage]]:
    """The per-document stages before translation and after it (resume comes between)."""
    before: list[Stage] = [SentenceSplitter(config.max_sentence_chars), ProtectStage(matcher, names=config.name_guard)]
    return before, [RestoreStage(matcher), LocalizeStage(config.localize), QAStage(config.qa)]


def skipped(doc: Document, error: PipelineError) -> IngestError:
    """A document a stage failed on, as the bad input it is reported as (file and line)."""
    path, _, line = doc.source.rpartition(":")
    where = (path, int(line)) if line.isdigit() and path else (doc.source, None)
    return IngestError(where[0], f"document '{doc.id}' skipped: {error}", where[1])


def in_shard(doc_id: str, shard: tuple[int, int]) -> bool:
    """Whether a document belongs to slice i of N: the same answer on every machine."""
    index, count = shard
    return count == 1 or zlib.crc32(doc_id.encode("utf-8")) % count == index - 1
