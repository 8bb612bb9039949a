"""The stage runner: a short loop over the ordered stages, streaming documents.

A stage is a callable `Document -> Document` with a `name`. A stage that works better
on many documents at once (the translator batches across documents) also offers
`pipe(Iterable[Document]) -> Iterator[Document]`, as spaCy's components do. Unexpected
failures are wrapped with the stage name and the document ids involved.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from pipeline.errors import EngineError, OutputError, PipelineError, StageError
from pipeline.records import Document


class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


OnError = Callable[[Document, PipelineError], None]


def run_stages(
    docs: Iterable[Document],
    stages: list[Stage],
    timings: defaultdict[str, float] | None = None,
    on_error: OnError | None = None,
) -> Iterator[Document]:
    """Stream `docs` through `stages`; `timings` collects seconds spent in each stage.

    With `on_error`, a document that fails in a per-document stage is handed to it and
    dropped, and the run goes on: one bad article never stops a corpus. Engine and
    output errors, and failures of stages that work on many documents at once, stop
    the run (they are not the document's fault, or cannot be pinned on one).
    """
    timings = timings if timings is not None else defaultdict(float)
    stream: Iterator[Document] = iter(docs)
    for stage in stages:
        if hasattr(stage, "pipe"):
            stream = _piped(stage, stream, timings)
        else:
            stream = _mapped(stage, stream, timings, on_error)
    return stream


def _mapped(
    stage: Stage, stream: Iterator[Document], timings: defaultdict[str, float], on_error: OnError | None
) -> Iterator[Document]:
    for doc in stream:
        if doc.resumed:  # finished by an interrupted run; it must not be localized twice
            yield doc
            continue
        started = time.perf_counter()
        try:
            result = stage(doc)
        except (EngineError, OutputError):
            raise
        except Exception as err:
            failure = err if isinstance(err, PipelineError) else StageError(stage.name, [doc.id], err)
            if on_error is None:
                raise failure from err
            on_error(doc, failure)
            continue
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
