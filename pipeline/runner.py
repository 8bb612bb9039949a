"""The stage runner: a short loop over the ordered stages, streaming documents.

A stage is a callable `Document -> Document` with a `name`. A stage that works better
on many documents at once (the translator batches across documents) also offers
`pipe(Iterable[Document]) -> Iterator[Document]`, as spaCy's components do. Unexpected
failures are wrapped with the stage name and the document ids involved.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Protocol

from pipeline.errors import PipelineError, StageError
from pipeline.records import Document


class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


def run_stages(
    docs: Iterable[Document], stages: list[Stage], timings: defaultdict[str, float] | None = None
) -> Iterator[Document]:
    """Stream `docs` through `stages`; `timings` collects seconds spent in each stage."""
    timings = timings if timings is not None else defaultdict(float)
    stream: Iterator[Document] = iter(docs)
    for stage in stages:
        if hasattr(stage, "pipe"):
            stream = _piped(stage, stream, timings)
        else:
            stream = _mapped(stage, stream, timings)
    return stream


def _mapped(stage: Stage, stream: Iterator[Document], timings: defaultdict[str, float]) -> Iterator[Document]:
    for doc in stream:
        started = time.perf_counter()
        try:
            result = stage(doc)
        except PipelineError:
            raise
        except Exception as err:
            raise StageError(stage.name, [doc.id], err) from err
        timings[stage.name] += time.perf_counter() - started
        yield result


class _Upstream:
    """Wraps a stage's input to time it and to know which documents are in flight."""

    def __init__(self, stream: Iterator[Document]) -> None:
        self.stream = stream
        self.seconds = 0.0
        self.pending: dict[str, None] = {}

    def __iter__(self) -> Iterator[Document]:
        while True:
            started = time.perf_counter()
            try:
                doc = next(self.stream)
            except StopIteration:
                return
            finally:
                self.seconds += time.perf_counter() - started
            self.pending[doc.id] = None
            yield doc


def _piped(stage: Stage, stream: Iterator[Document], timings: defaultdict[str, float]) -> Iterator[Document]:
    upstream = _Upstream(stream)
    outputs = stage.pipe(iter(upstream))  # type: ignore[attr-defined]
    while True:
        started, upstream_before = time.perf_counter(), upstream.seconds
        try:
            doc = next(outputs)
        except StopIteration:
            return
        except PipelineError:
            raise
        except Exception as err:
            raise StageError(stage.name, list(upstream.pending), err) from err
        timings[stage.name] += (time.perf_counter() - started) - (upstream.seconds - upstream_before)
        upstream.pending.pop(doc.id, None)
        yield doc
