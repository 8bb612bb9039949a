"""Which documents a run translates: each document's key, and the carry stage.

A document's key says what its output was made from: its text and metadata as read,
the glossary rows that matched it, the memory entries its sentences hit, the engine
signature (model revision, library versions) and every option that shapes output. It is
computed right after segmentation, so a carried document skips every other stage. A document
whose key equals the one it was published under is carried (kept as it is, or staged
again from its record when it was read from a path spelt otherwise); one an
interrupted run of the same transaction staged under that key is resumed; every other
is translated, and the first part of the key that changed says why.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from typing import Any

from pipeline.config import NOT_IN_DOCUMENT_KEY, RunConfig, options
from pipeline.output.store import Records, Transaction
from pipeline.records import Document
from pipeline.stages.terms import Matcher
from pipeline.tm import FUZZY, TranslationMemory

PARTS = ("text", "glossary", "memory", "options", "engine")  # in the order a reason is named
Key = dict[str, str]


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


@dataclasses.dataclass
class Keyer:
    """Computes document keys for one run."""

    options: str  # digest of the options that shape a document's output
    engine: str  # the engine signature
    matcher: Matcher | None = None
    tm: TranslationMemory | None = None

    def __call__(self, doc: Document) -> Key:
        rows: dict[str, dict[str, Any]] = {}
        if self.matcher is not None:  # matched here, not read from the protect stage: a carried document skips it
            for seg in doc.segments:
                for hit in self.matcher.find(seg.source) if seg.translatable else ():
                    entry = self.matcher.entry(hit)
                    rows[entry.en] = {k: v for k, v in dataclasses.asdict(entry).items() if k != "origin"}
        hits: list[Any] = []
        if self.tm is not None:
            for seg in doc.segments:
                if seg.translatable:
                    exact = self.tm.lookup(seg.source)
                    near = self.tm.closest(seg.source, FUZZY) if exact is None else None
                    hits.append([exact, dataclasses.asdict(near) if near else None])
        # not where it was read from: the same corpus named another way is the same text
        text = [doc.id, list(doc.paragraphs), doc.dateline, dict(doc.metadata)]
        return {
            "text": digest(text),
            "glossary": digest([rows[k] for k in sorted(rows)]),
            "memory": digest(hits),
            "options": self.options,
            "engine": digest(self.engine),
        }


def options_digest(config: RunConfig) -> str:
    """The part of a document's key that the options give: those that shape its output."""
    return digest(options(config, NOT_IN_DOCUMENT_KEY))


def why(old: Key | None, new: Key) -> str | None:
    """Why a document must be translated again (None: it need not be)."""
    if old is None:
        return "new"
    return next((part for part in PARTS if old.get(part) != new.get(part)), None)


@dataclasses.dataclass
class CarryStage:
    """Marks each document carried, resumed or to be translated; a carried or resumed one
    passes every later stage by (`Document.resumed`) and keeps its record."""

    keyer: Keyer
    published: Records
    txn: Transaction
    resume: bool = True  # only for an engine whose output never depends on its batch
    name: str = "carry"
    carried: set[str] = dataclasses.field(default_factory=set)
    moved: set[str] = dataclasses.field(default_factory=set)  # unchanged, read from a path spelt otherwise
    resumed: set[str] = dataclasses.field(default_factory=set)
    keys: dict[str, Key] = dataclasses.field(default_factory=dict)  # documents in flight
    redone: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (id, reason)
    reasons: Counter[str] = dataclasses.field(default_factory=Counter)

    def __call__(self, doc: Document) -> Document:
        key = self.keyer(doc)
        old = self.published.keys.get(doc.id) if doc.id in self.published else None
        reason = why(old, key)
        if reason is None and self.published.sources.get(doc.id) != doc.source:
            self.moved.add(doc.id)  # its record again, staged under the new path: nothing to translate
            self.keys[doc.id] = key
            kept = self.published.record(doc.id)["document"]
            return dataclasses.replace(kept, source=doc.source, resumed=True)
        if reason is None:
            self.carried.add(doc.id)
            return dataclasses.replace(doc, resumed=True)
        if self.resume and self.txn.finished(doc.id, key):
            self.resumed.add(doc.id)
            return dataclasses.replace(doc, resumed=True)
        self.keys[doc.id] = key
        self.redone.append((doc.id, reason))
        self.reasons[reason] += 1
        return doc
