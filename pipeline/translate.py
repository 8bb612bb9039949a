"""The translate stage: segments → targets, batched across documents."""

from __future__ import annotations

import dataclasses
from typing import Iterable, Iterator

from pipeline.engines import Engine
from pipeline.errors import EngineError
from pipeline.records import Document


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
        unique = list(dict.fromkeys(seg.source for doc in docs for seg in doc.segments))
        if not unique:
            yield from docs
            return
        translations = self.engine.translate_batch(unique)
        if len(translations) != len(unique):
            raise EngineError(f"engine returned {len(translations)} translations for {len(unique)} inputs")
        target = dict(zip(unique, translations))
        signature = self.engine.signature()
        for doc in docs:
            segments = tuple(
                dataclasses.replace(seg, target=target[seg.source], engine=signature) for seg in doc.segments
            )
            yield dataclasses.replace(doc, segments=segments)
