"""The translate stage: segments → targets, batched across documents."""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from pipeline.engines import Engine
from pipeline.errors import EngineError
from pipeline.records import Document, Issue, Origin, Segment, Translation
from pipeline.stages.terms import mask
from pipeline.tm import FUZZY, TranslationMemory
from pipeline.tm import SIGNATURE as TM_SIGNATURE

ENGINE_ISSUES = frozenset({"unknown-word"})  # issues about the engine's text, gone once a person rewrites it
_HELD = 2048  # documents a translate stage holds back at most while it gathers a batch


@dataclasses.dataclass
class TranslateStage:
    """Gathers segments from several documents into one engine call.

    Documents are buffered until `chunk_segments` segments are waiting, so the engine
    sees large batches while memory stays bounded. A sentence already translated in
    this run (bylines, boilerplate, repeated quotes) is reused from a bounded memory
    of the last `memory` sentences instead of going to the engine again.
    """

    engine: Engine
    chunk_segments: int = 512
    memory: int = 4096  # ~1.5 MB of sentences; repeats in wire copy are mostly close together
    tm: TranslationMemory | None = None  # editors' segments, used before the engine
    name: str = "translate"
    engine_inputs: int = 0  # texts (sentences or pieces) that needed a translation
    engine_translated: int = 0  # of those, the texts the engine translated (repeats are reused)
    from_memory: int = 0  # segments taken from the translation memory
    _seen: OrderedDict[str, Translation] = dataclasses.field(default_factory=OrderedDict, repr=False)

    def __call__(self, doc: Document) -> Document:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        buffer: list[Document] = []
        waiting = 0
        for doc in docs:
            buffer.append(doc)
            # a carried document waits for nothing: a rerun's few changed documents go to the
            # engine together, not one per batch, with at most _HELD documents held back
            waiting += 0 if doc.resumed else len(doc.segments)
            if waiting >= self.chunk_segments or len(buffer) >= _HELD:
                yield from self._translate(buffer)
                buffer, waiting = [], 0
        if buffer:
            yield from self._translate(buffer)

    def _translate(self, docs: list[Document]) -> Iterator[Document]:
        work = [doc for doc in docs if not doc.resumed]  # a carried or resumed document keeps its record
        if self.tm is not None:
            work = [dataclasses.replace(doc, segments=tuple(map(self._from_memory, doc.segments))) for doc in work]
        needed = [text for doc in work for seg in doc.segments if seg.target is None for text in _engine_inputs(seg)]
        self.engine_inputs += len(needed)
        new = [text for text in dict.fromkeys(needed) if text not in self._seen]
        if new:
            translations = self.engine.translate_scored(new)
            if len(translations) != len(new):
                raise EngineError(f"engine returned {len(translations)} translations for {len(new)} inputs")
            self.engine_translated += len(new)
            self._seen.update(zip(new, translations))
        target = {text: self._seen[text] for text in needed}
        for text in needed:
            self._seen.move_to_end(text)
        while len(self._seen) > self.memory:
            self._seen.popitem(last=False)
        signature = self.engine.signature() if needed else None

        def translated(seg: Segment) -> Segment:
            if seg.target is not None:
                return seg
            if not seg.translatable:  # a copyright line
                return dataclasses.replace(seg, target=seg.source, origin=Origin.COPY, confidence=1.0)
            parts = [target[piece] for piece in _engine_inputs(seg)]
            scores = [part.confidence for part in parts if part.confidence is not None]
            covered = [part.coverage for part in parts if part.coverage is not None]
            unknown = list(dict.fromkeys(word for part in parts for word in part.unknown))
            issues = seg.issues
            if unknown:
                words = ", ".join(unknown)
                issues += (Issue("unknown-word", "warning", f"the engine did not know: {words}"),)
            return dataclasses.replace(
                seg,
                target=" ".join(part.text for part in parts),
                engine=signature,
                origin=self.engine.origin,
                confidence=min(scores) if scores else None,
                coverage=min(covered) if covered else None,
                issues=issues,
            )

        done = iter(work)
        for doc in docs:
            yield doc if doc.resumed else dataclasses.replace(doc, segments=tuple(map(translated, next(done).segments)))

    def _from_memory(self, seg: Segment) -> Segment:
        if seg.target is not None or not seg.translatable:
            return seg
        target = self.tm.lookup(seg.source)  # type: ignore[union-attr]
        if target is None:
            suggestion = self.tm.closest(seg.source, FUZZY)  # type: ignore[union-attr]
            return dataclasses.replace(seg, suggestion=suggestion) if suggestion else seg
        self.from_memory += 1
        # the glossary hits stay: a person's segment is checked like any other
        return dataclasses.replace(seg, target=target, engine=TM_SIGNATURE, origin=Origin.MEMORY, confidence=1.0)


def _engine_inputs(seg: Segment) -> list[str]:
    """What the engine translates for a segment: nothing, the sentence, or its pieces,
    with each glossary term as a protected ⟦Spanish term⟧ span. No-break spaces and tabs,
    which the source keeps (so a CAT tool's sentence matches it exactly), reach the engine
    as the spaces it was trained on."""
    if not seg.translatable:
        return []
    spans = seg.pieces or ((0, len(seg.source)),)
    texts = [mask(seg.source[a:b], (h for h in seg.terms if a <= h.start and h.end <= b), a) for a, b in spans]
    return [text.translate(_PLAIN_SPACES) for text in texts]


_PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\t": " "})
