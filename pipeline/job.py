"""Whole jobs over a corpus: the library functions the CLI commands call."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pipeline
from pipeline.cluster import RayOptions, import_ray, run_on_ray
from pipeline.config import NOT_IN_DOCUMENT_KEY, NOT_IN_MANIFEST, NOT_IN_RUN_KEY, RunConfig, options
from pipeline.engines import EngineChoice, choose_engine
from pipeline.errors import IngestError, PipelineError, UsageError
from pipeline.glossary import load_glossaries
from pipeline.output.checksums import file_sha256
from pipeline.output.manifest import header
from pipeline.output.render import Published, Rendering
from pipeline.output.store import RunFolder, Transaction
from pipeline.records import Document
from pipeline.runner import run_stages
from pipeline.stages.ingest import InputSet, list_inputs, read_documents
from pipeline.stages.qa import QASummary
from pipeline.stages.segment import SentenceSplitter
from pipeline.stages.terms import Matcher
from pipeline.tm import TranslationMemory
from pipeline.work import Progress, document_stages, in_shard, skipped, translation_stages


@dataclass(frozen=True)
class RunReport:
    """What a run did: counts, what it skipped, and where the output is."""

    outdir: Path
    documents: int
    segments: int
    resumed: int  # documents taken from an interrupted earlier run
    carried: int  # documents kept from the folder's last publish: their keys had not changed
    engine_inputs: int  # sentences (or pieces) that needed a translation
    engine_translated: int  # of those, how many the engine translated (repeats are reused)
    from_memory: int  # segments taken from the translation memory
    skipped: tuple[IngestError, ...]
    ignored: tuple[Path, ...]
    engines: tuple[str, ...]
    warnings: tuple[str, ...]
    qa: QASummary
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stale_files: tuple[str, ...] = ()  # per-document files of earlier runs left in the folder
    redone: tuple[tuple[str, str], ...] = ()  # (id, why) of each document translated: new, text, glossary…

    @property
    def translated(self) -> int:
        return len(self.redone)


class _Skips:
    """Collects bad inputs; in strict mode the first one stops the run."""

    def __init__(self, strict: bool, notify: Callable[[IngestError], None] | None) -> None:
        self.strict = strict
        self.notify = notify
        self.errors: list[IngestError] = []

    def __call__(self, error: IngestError) -> None:
        if self.strict:
            raise error
        self.errors.append(error)
        if self.notify:
            self.notify(error)


def segment_corpus(
    inputs: tuple[Path, ...],
    strict: bool = False,
    on_skip: Callable[[IngestError], None] | None = None,
    max_sentence_chars: int = 500,
) -> Iterator[Document]:
    """Ingest and segment: Documents with segments but no targets."""
    found = list_inputs(inputs)
    skips = _Skips(strict, on_skip)
    for error in found.unreadable:
        skips(error)
    return run_stages(read_documents(found.files, skips), [SentenceSplitter(max_sentence_chars)])


def translate_corpus(
    config: RunConfig,
    *,
    choice: EngineChoice | None = None,
    on_skip: Callable[[IngestError], None] | None = None,
    on_document: Callable[[str], None] | None = None,
    found: InputSet | None = None,
    cluster: RayOptions | None = None,
) -> RunReport:
    """Ingest → segment → protect → translate → restore → localize → QA → emit, streaming,
    in this process or (with `cluster`) on Ray; `on_document` hears each finished id.

    Returns what happened. Re-running an interrupted run with the same inputs and
    options resumes it, with or without Ray: both stage documents in the same place.
    """
    started = time.perf_counter()
    if cluster is not None:
        import_ray()  # before any work: say at once what to install
    found = found or list_inputs(config.inputs)
    skips = _Skips(config.strict, on_skip)
    for error in found.unreadable:  # a folder that could not be listed: its articles are skipped, and said so
        skips(error)
    files, checksums = _checksums(found.files, skips)
    glossary_sums = [
        (str(path), path.stat().st_size, file_sha256(path)) for path in config.glossaries if path.is_file()
    ]
    choice = choice or choose_engine(config.engine)
    matcher = Matcher(load_glossaries(list(config.glossaries))) if config.glossaries else None
    _refuse_output_inside_inputs(config.outdir, config.inputs)
    memory = TranslationMemory(config.tm, create=False) if config.tm else None  # a mistyped path: an error
    with RunFolder(config.outdir) as folder:
        rendering = Rendering(run_identity(config, choice), config.xliff)
        txn = folder.begin(f"translate-{run_key(config, choice)}", config.qa, rendering=rendering)
        if cluster is None:
            progress = _run_here(config, files, checksums, choice, matcher, memory, folder, txn, skips, on_document)
        else:
            if memory is not None:
                memory.close()
            sums = {path: digest for path, _, digest in checksums}
            progress = run_on_ray(config, cluster, files, sums, choice, folder, txn, skips, on_document)
        progress.timings = {"total": time.perf_counter() - started, **progress.timings}

        def manifest(done: Published) -> dict:
            return _manifest(config, checksums, glossary_sums, found, skips.errors, choice.warnings, progress, done)

        done, stale = folder.publish(txn, manifest, list(choice.warnings))
    return RunReport(
        outdir=config.outdir,
        documents=done.documents,
        segments=done.segments,
        resumed=progress.resumed,
        carried=progress.carried,
        engine_inputs=progress.engine_inputs,
        engine_translated=progress.engine_translated,
        from_memory=progress.from_memory,
        skipped=tuple(skips.errors),
        ignored=found.ignored,
        engines=tuple(done.engines),
        warnings=choice.warnings,
        qa=done.qa,
        seconds=time.perf_counter() - started,
        stage_seconds=dict(progress.timings),
        stale_files=tuple(stale),
        redone=tuple(progress.redone),
    )


def _run_here(
    config: RunConfig,
    files: list[Path],
    checksums: list[tuple[str, int, str]],
    choice: EngineChoice,
    matcher: Matcher | None,
    memory: TranslationMemory | None,
    folder: RunFolder,
    txn: Transaction,
    skips: _Skips,
    on_document: Callable[[str], None] | None,
) -> Progress:
    carry, translator = translation_stages(config, matcher, choice.engine, folder.records, txn, memory)
    stages = document_stages(config, matcher).in_order(carry, translator)
    progress = Progress()
    ordinals: dict[str, int] = {}  # corpus ordinals of the documents in flight
    as_checked = {path: digest for path, _, digest in checksums}
    docs = _shard(read_documents(files, skips, as_checked), config.shard, ordinals)

    dropped: list[str] = []  # documents a stage failed on: skipped, not translated

    def failed(doc: Document, error: PipelineError) -> None:
        ordinals.pop(doc.id, None)
        carry.keys.pop(doc.id, None)
        dropped.append(doc.id)
        skips(skipped(doc, error))

    try:
        for doc in run_stages(docs, stages, progress.timings, failed):
            ordinal = ordinals.pop(doc.id)
            if doc.id in carry.carried:
                folder.carry(doc.id, ordinal)
            elif doc.id in carry.resumed:
                folder.record(doc.id, ordinal)
            else:
                folder.stage(txn, doc, ordinal, carry.keys.pop(doc.id))
            progress.documents += 1
            if on_document:
                on_document(doc.id)
    finally:
        if translator.tm is not None:
            translator.tm.close()
    progress.add(carry, translator)
    for doc_id in dropped:
        progress.failed(doc_id)
    return progress


def _refuse_output_inside_inputs(outdir: Path, inputs: Iterable[Path]) -> None:
    """A run must never read its own output (its .es.txt would come back as articles)."""
    out = Path(outdir).resolve()
    for path in inputs:
        folder = Path(path).resolve()
        if folder.is_dir() and (out == folder or folder in out.parents):
            raise UsageError(
                f"output folder {outdir} is inside input folder {path}, so the run would read its own output; "
                "choose an output folder outside the inputs"
            )


def _shard(docs: Iterable[Document], shard: tuple[int, int], ordinals: dict[str, int]) -> Iterator[Document]:
    """The documents of this shard; `ordinals` receives each one's place in the whole corpus."""
    for ordinal, doc in enumerate(docs):
        if in_shard(doc.id, shard):
            ordinals[doc.id] = ordinal
            yield doc


def _checksums(files: Iterable[Path], skips: _Skips) -> tuple[list[Path], list[tuple[str, int, str]]]:
    """The files that can be read, with (path, size, SHA-256); an unreadable one is skipped."""
    readable, sums = [], []
    for path in files:
        try:
            sums.append((str(path), path.stat().st_size, file_sha256(path)))
        except OSError as err:
            skips(IngestError(str(path), f"cannot read the file ({err.strerror or err})"))
            continue
        readable.append(path)
    return readable, sums


def run_key(config: RunConfig, choice: EngineChoice) -> str:
    """The name of a run's transaction: the same options and engine resume it. What the
    documents were made from (inputs, glossary rows, memory entries, the engine's model
    revision) is in each document's key, so an input added mid-run does not start over."""
    material = {
        "version": pipeline.__version__,
        "options": options(config, NOT_IN_RUN_KEY),
        "runtime": choice.engine.name,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:16]


def run_identity(config: RunConfig, choice: EngineChoice) -> str:
    """The run identity a folder's XLIFF and TMX files carry: what shapes every document
    (options and engine), not how the run was cut (shards, batches) nor what it read, so
    sharded, resumed and Ray runs agree, and a rerun equals a fresh run byte for byte. A
    folder remembers every identity it was published under (manifest "runs"), so a file
    edited before a rerun with other options still comes back."""
    material = {"options": options(config, NOT_IN_DOCUMENT_KEY), "runtime": choice.engine.name}
    return "run-" + hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:16]


def _manifest(
    config: RunConfig,
    checksums: list[tuple[str, int, str]],
    glossary_sums: list[tuple[str, int, str]],
    found: InputSet,
    skipped: list[IngestError],
    warnings: tuple[str, ...],
    progress: Progress,
    done: Published,
) -> dict:
    return {
        **header(),
        "engine": done.engines,
        "warnings": list(warnings),
        "options": options(config, NOT_IN_MANIFEST),
        "inputs": [{"path": path, "bytes": size, "sha256": digest} for path, size, digest in checksums],
        "ignored": [str(p) for p in found.ignored],
        "skipped": [{"path": e.path, "line": e.line, "reason": e.reason} for e in skipped],
        "counts": {
            "documents": done.documents,
            "segments": done.segments,
            "skipped": len(skipped),
            "qa_errors": done.qa.by_severity["error"],
            "qa_warnings": done.qa.by_severity["warning"],
            **progress.counts(),
            **done.people(),
        },
        "timings": {f"{k}_s": round(v, 3) for k, v in progress.timings.items()},
        "glossaries": [{"path": path, "bytes": size, "sha256": digest} for path, size, digest in glossary_sums],
    }
