"""The translate stage: segments → targets, batched across documents."""

from __future__ import annotations

import dataclasses
from typing import Iterable, Iterator

from pipeline.engines import Engine
from pipeline.errors import EngineError
from pipeline.records import Document, Segment


@dataclasses.dataclass
class TranslateStage:
    """Gathers segments from several documents into one engine call.

    Documents are buffered until `chunk_segments` segments are waiting, so the engine
    sees large batches while memory stays bounded. A sentence repeated within a chunk
    (bylines, boilerplate, quotes) is translated once.
    """

    engine: Engine
    chunk_segments: int = 512
    name: str = "translate"

    def __call__(self, doc: Document) -> Document:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        buffer: list[Document] = []
        waiting = 0
        for doc in docs:
            buffer.append(doc)
            waiting += len(doc.segments)
            if waiting >= self.chunk_segments:
                yield from self._translate(buffer)
                buffer, waiting = [], 0
        if buffer:
            yield from self._translate(buffer)

    def _translate(self, docs: list[Document]) -> Iterator[Document]:
        unique = list(dict.fromkeys(text for doc in docs for seg in doc.segments for text in _engine_inputs(seg)))
        if not unique:
            yield from (dataclasses.replace(doc, segments=tuple(map(_kept, doc.segments))) for doc in docs)
            return
        translations = self.engine.translate_batch(unique)
        if len(translations) != len(unique):
            raise EngineError(f"engine returned {len(translations)} translations for {len(unique)} inputs")
        target = dict(zip(unique, translations))
        signature = self.engine.signature()

        def translated(seg: Segment) -> Segment:
            if not seg.translatable:
                return _kept(seg)
            text = " ".join(target[piece] for piece in _engine_inputs(seg))
            return dataclasses.replace(seg, target=text, engine=signature)

        for doc in docs:
            yield dataclasses.replace(doc, segments=tuple(map(translated, doc.segments)))


def _engine_inputs(seg: Segment) -> list[str]:
    """What the engine translates for a segment: nothing, the sentence, or its pieces."""
    if not seg.translatable:
        return []
    return [seg.source[a:b] for a, b in seg.pieces] if seg.pieces else [seg.source]


def _kept(seg: Segment) -> Segment:
    """A segment that is not translated keeps its source as the target."""
    return seg if seg.translatable else dataclasses.replace(seg, target=seg.source)
