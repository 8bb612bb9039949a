"""The translate run on a Ray cluster: the same documents, files and bytes as a local run.

The driver (this process) plans: it lists and checksums the inputs, cuts them into chunks
(a .txt file, or up to `chunk_lines` lines of a .jsonl file: ingest.Chunk) and keeps the
corpus order. Article text never passes through it. For each chunk:

1. a CPU task reads it, segments and protects its documents, and hands back their ids;
2. the driver decides each id in corpus order (ids must be unique; shards), exactly as
   ingest.read_documents does, and gives each document its corpus ordinal;
3. a translator actor (the engine built once per actor; the model already resolved and,
   for CTranslate2, converted by the driver) keys each document, carries the unchanged
   ones and resumes what an interrupted run staged (stages.carry), and translates the
   rest with the usual token-budget batching;
4. a CPU task restores, localizes, checks and stages each document in the run's
   transaction (output.store.Transaction; staging is idempotent);
and the driver records the chunk's documents in order and publishes as a local run does.

A chunk goes to whichever translator is idle, and chunks are recorded in corpus order as
they finish (a reorder buffer): a slow chunk holds up its own translator only. A dead actor
is restarted and its call retried; a dead worker's task is retried; a dead driver is
resumed by running the same command, with or without --ray. Chunks in flight, and chunks
waiting for an earlier one, are bounded: the object store holds a few chunks, not the corpus.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import RunConfig
from pipeline.engines import Engine, EngineChoice
from pipeline.errors import IngestError, PipelineError, UsageError
from pipeline.glossary import load_glossaries
from pipeline.output.files import RECORDS
from pipeline.output.store import Records, RunFolder, Transaction
from pipeline.records import Document
from pipeline.runner import run_stages
from pipeline.stages.carry import CarryStage
from pipeline.stages.ingest import Chunk, UniqueIds, plan_chunks, read_chunk
from pipeline.stages.terms import Matcher
from pipeline.stages.translate import TranslateStage
from pipeline.tm import TranslationMemory
from pipeline.work import Progress, document_stages, in_shard, skipped, translation_stages

INSTALL = "pip install 'efe-pipeline[ray]'"
OBJECT_STORE_BYTES = 512 * 1024**2  # a local cluster's object store: a few chunks in flight, not the corpus
CONNECT_SECONDS = 3.0  # how long a cluster's address has to answer before the run gives up


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide a run goes on Ray."""

    address: str | None = None  # None: a local Ray for this run; "auto" or "ray://host:port": a running cluster
    translators: int = 1  # translator actors, each with its own engine
    gpus_per_translator: float = 0.0
    chunk_lines: int = 200  # .jsonl lines per chunk
    cpus: int | None = None  # CPUs of a local Ray (None: all of this machine's)


def run_on_ray(
    config: RunConfig,
    options: RayOptions,
    files: list[Path],
    checksums: Mapping[str, str],
    choice: EngineChoice,
    folder: RunFolder,
    txn: Transaction,
    skips: Callable[[IngestError], None],
    on_document: Callable[[str], None] | None,
) -> Progress:
    """Translate `files` (path → SHA-256 in `checksums`) on Ray into `txn`; the caller
    publishes, as after a local run."""
    ray = import_ray()
    prepare_engine(choice.engine)
    temp = None if options.address else Path(tempfile.mkdtemp(prefix="efe-ray-", dir=_short_temp()))
    watchdog = _watch_over(temp) if temp is not None else None
    previous = signal.getsignal(signal.SIGTERM)
    try:
        _start(ray, options, temp)
        # Ray's own handler prints a crash report on SIGTERM (cron, timeout, systemd): end as a
        # plain process would (exit 143), through the clean shutdown below
        signal.signal(signal.SIGTERM, _terminated)
        _check_room(ray, options)
        return _Driver(ray, config, options, choice.engine, folder, txn, skips, on_document).run(files, checksums)
    finally:
        signal.signal(signal.SIGTERM, previous)
        ray.shutdown()  # a local Ray stops here (also on Ctrl-C); a cluster's actors end with the job
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)  # which also tells the watchdog to go
        if watchdog is not None:
            watchdog.wait()


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def prepare_engine(engine: Engine) -> None:
    """Resolve (download, convert) the model once, here, so that actors only load it."""
    engine.prepare()


def import_ray() -> Any:
    """Ray, or a usage error saying how to install it."""
    try:
        import ray
    except ImportError:
        raise UsageError(f"--ray needs Ray, which is not installed: {INSTALL}") from None
    return ray


def _short_temp() -> str:
    """Where a local Ray's folder goes: the temp folder, unless its path is too long for the
    Unix sockets Ray makes inside (107 bytes; Ray adds about 80)."""
    temp = tempfile.gettempdir()
    return temp if len(os.fsencode(temp)) <= 24 or not os.path.isdir("/tmp") else "/tmp"


def _start(ray: Any, options: RayOptions, temp: Path | None) -> None:
    quiet = {"log_to_driver": False, "logging_level": logging.ERROR}  # workers' output stays in Ray's logs
    if options.address:
        _check_reachable(options.address)
        try:
            context = ray.init(address=options.address, **quiet)
        except (ConnectionError, ValueError, RuntimeError) as err:
            hint = " (Ray Client addresses need: pip install 'ray[client]')" if "client" in str(err).lower() else ""
            reason = str(err).splitlines()[0].rstrip(".")
            raise UsageError(
                f"--ray {options.address}: cannot join a Ray cluster there{hint}: {reason}. "
                "Start one with `ray start --head` and give `--ray auto` or `--ray HOST:6379` on one of its machines"
            ) from None
        if "efe-ray-" in str(context.address_info.get("session_dir", "")):
            ray.shutdown()
            raise UsageError(
                f"--ray {options.address} found only another efe-pipeline run's private Ray, which ends with that run; "
                "start a cluster with `ray start --head`, or give its address"
            )
        return
    previous = os.environ.pop("RAY_ADDRESS", None)  # plain --ray is this run's own Ray, whatever the shell says
    try:
        ray.init(
            # each translator holds a CPU for the run; the readers and finishers need one more
            num_cpus=max(options.cpus or os.cpu_count() or 1, options.translators + 1),
            object_store_memory=OBJECT_STORE_BYTES,
            include_dashboard=False,
            _temp_dir=str(temp),  # sockets, logs and spilled objects: removed after the run
            **quiet,
        )
    finally:
        if previous is not None:
            os.environ["RAY_ADDRESS"] = previous


def _check_reachable(address: str) -> None:
    """A HOST:PORT (or ray://HOST:PORT) where nothing answers fails here, in seconds: Ray
    itself would retry for minutes, printing timeouts. `auto`, and an address without a
    port, are left to Ray, which answers those at once."""
    host, colon, port = address.removeprefix("ray://").rpartition(":")
    if not colon or not host or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as err:
        reason = f"no answer in {CONNECT_SECONDS:g} s" if isinstance(err, TimeoutError) else err.strerror or str(err)
        raise PipelineError(
            f"--ray {address}: cannot reach a Ray cluster at {host}:{port} ({reason}); "
            "check that its head is running (`ray status` there), and the host, the port "
            "(6379 for `ray start --head`, 10001 for ray://) and any firewall between"
        ) from None


def _check_room(ray: Any, options: RayOptions) -> None:
    """A run that cannot be placed would wait forever: say so instead."""
    room = ray.cluster_resources()
    cpus, gpus = room.get("CPU", 0), room.get("GPU", 0)
    if cpus < options.translators + 1:
        raise UsageError(
            f"the Ray cluster has {cpus:g} CPUs: {options.translators} translators hold one each and the "
            "readers need at least one more; use fewer --translators or a larger cluster"
        )
    if gpus < options.gpus_per_translator * options.translators:
        raise UsageError(
            f"the Ray cluster has {gpus:g} GPUs, and {options.translators} translators × "
            f"--gpus-per-translator {options.gpus_per_translator:g} need more"
        )


@dataclass
class _Chunk:
    """A chunk in flight: its place in the corpus and the refs of its work."""

    index: int
    ids: Any  # ref: [(id, source, original id or None)] as read
    documents: Any  # ref: the chunk's documents, segmented and protected
    failures: Any  # ref: documents the first stages failed on
    ordinals: dict[str, int] = dataclasses.field(default_factory=dict)
    done: Any = None  # ref: _Finished


@dataclass(frozen=True)
class _Translated:
    """What a translator made of a chunk, for its finishing task."""

    documents: list[Document]  # under their run ids: carried, resumed or translated
    keys: dict[str, dict[str, str]]  # the key of each translated document
    carried: frozenset[str]
    progress: Progress  # what the carry and translate stages counted


@dataclass(frozen=True)
class _Finished:
    """What a chunk came to, small enough for the driver."""

    staged: list[tuple[str, bool]]  # (document id, carried), in corpus order
    failures: list[IngestError]
    progress: Progress


class _Driver:
    """The planning process: hands out chunks, decides ids and ordinals, records results."""

    def __init__(
        self,
        ray: Any,
        config: RunConfig,
        options: RayOptions,
        engine: Engine,
        folder: RunFolder,
        txn: Transaction,
        skips: Callable[[IngestError], None],
        on_document: Callable[[str], None] | None,
    ) -> None:
        self.ray, self.config, self.options, self.folder, self.txn = ray, config, options, folder, txn
        self.skips, self.on_document = skips, on_document
        self.progress = Progress()
        self.pending: list[IngestError] = []  # a chunk's bad inputs, reported in line order
        self.unique = UniqueIds(self.pending.append)
        self.ordinal = 0
        self.read = ray.remote(num_returns=3)(_read_and_prepare)
        self.finish = ray.remote(_finish_and_stage)
        actor = ray.remote(max_restarts=-1, max_task_retries=-1, num_cpus=1, num_gpus=options.gpus_per_translator)(
            Translator
        )
        published = str(folder.outdir / RECORDS)
        self.translators = [actor.remote(engine, config, txn, published) for _ in range(max(1, options.translators))]
        self.window = 2 * len(self.translators) + 2  # chunks read ahead, and chunks at work
        self.reorder = 8 * self.window  # chunks between the first not yet recorded and the last handed out

    def run(self, files: list[Path], checksums: Mapping[str, str]) -> Progress:
        """Chunks are read ahead in corpus order and each goes to an idle translator; they are
        recorded in corpus order as they finish (`waiting` is the reorder buffer)."""
        chunks = enumerate(plan_chunks(files, checksums, self.options.chunk_lines))
        reading: deque[_Chunk] = deque()
        idle = list(reversed(self.translators))
        busy: dict[Any, Any] = {}  # a translate call's ref → its translator
        working: dict[Any, _Chunk] = {}  # a finishing task's ref → its chunk
        waiting: dict[int, _Chunk] = {}  # finished chunks by index, each waiting for an earlier one
        recorded = 0  # chunks recorded, in order: the index of the next one
        while True:
            while len(reading) < self.window and (planned := next(chunks, None)) is not None:
                ids, documents, failures = self.read.remote(planned[1], self.config)
                reading.append(_Chunk(planned[0], ids, documents, failures))
            while idle and reading and len(working) < self.window and reading[0].index < recorded + self.reorder:
                flight, translator = reading.popleft(), idle.pop()
                translated = translator.translate.remote(flight.documents, self._decide(flight))
                busy[translated] = translator
                flight.done = self.finish.remote(translated, self.config, self.txn)
                working[flight.done] = flight
            if not busy and not working:  # then nothing is read or planned either
                return self.progress
            # fetch_local=False: waiting brings no chunk's documents to this machine
            (ready,), _ = self.ray.wait([*busy, *working], num_returns=1, fetch_local=False)
            if ready in busy:
                idle.append(busy.pop(ready))
                continue
            flight = working.pop(ready)
            waiting[flight.index] = flight
            while recorded in waiting:
                self._collect(waiting.pop(recorded))
                recorded += 1

    def _decide(self, flight: _Chunk) -> dict[str, str | None]:
        """Each document's id in the run (None: not translated here), as read_documents
        and the shard filter would decide it; ordinals count every admitted document."""
        decided: dict[str, str | None] = {}
        self.pending.extend(self._get(flight.failures))
        for doc_id, source, original in self._get(flight.ids):
            stub = Document(doc_id, source, ("",), metadata={"original_id": original} if original is not None else {})
            admitted = self.unique.admit(stub)
            if admitted is None:
                decided[source] = None
                continue
            if in_shard(admitted.id, self.config.shard):
                decided[source] = admitted.id
                flight.ordinals[admitted.id] = self.ordinal
            else:
                decided[source] = None
            self.ordinal += 1
        for failure in sorted(self.pending, key=lambda error: error.line or 0):  # as a local run meets them
            self.skips(failure)
        self.pending.clear()
        return decided

    def _get(self, ref: Any) -> Any:
        """The value of `ref`; a task's own error is raised as itself (exit codes and
        messages as in a local run), not wrapped in Ray's traceback."""
        try:
            return self.ray.get(ref)
        except self.ray.exceptions.RayTaskError as err:
            if isinstance(err.cause, Exception):
                raise err.cause from None
            raise

    def _collect(self, flight: _Chunk) -> None:
        finished: _Finished = self._get(flight.done)
        for failure in finished.failures:
            self.skips(failure)
        for doc_id, carried in finished.staged:
            if carried:
                self.folder.carry(doc_id, flight.ordinals[doc_id])
            else:
                self.folder.record(doc_id, flight.ordinals[doc_id])
            self.progress.documents += 1
            if self.on_document:
                self.on_document(doc_id)
        self.progress.merge(finished.progress)


def _read_and_prepare(chunk: Chunk, config: RunConfig) -> tuple[list, list[Document], list[IngestError]]:
    """A CPU task: the chunk's documents as read (ids for the driver), then segmented and
    protected; input errors are failures for the driver to report in corpus order."""
    failures: list[IngestError] = []
    docs = list(read_chunk(chunk, failures.append))
    ids = [(d.id, d.source, d.metadata.get("original_id")) for d in docs]
    stages = document_stages(config, _matcher(config))
    prepared = list(run_stages(docs, stages.prepare, None, lambda doc, error: failures.append(skipped(doc, error))))
    return ids, prepared, failures


class Translator:
    """A translator actor: one engine, its model loaded on the first call and kept for the run.

    The constructor does no work that can fail: Ray restarts an actor whose process dies, and
    a failure belongs in a call, where it reaches the driver as the run's error."""

    def __init__(self, engine: Engine, config: RunConfig, txn: Transaction, published: str) -> None:
        self.engine, self.config, self.txn, self.published = engine, config, txn, published
        self._stages: tuple[CarryStage, TranslateStage] | None = None

    @property
    def stages(self) -> tuple[CarryStage, TranslateStage]:
        if self._stages is None:
            config, published = self.config, Records(Path(self.published))
            memory = TranslationMemory(config.tm, create=False) if config.tm else None
            self._stages = translation_stages(config, _matcher(config), self.engine, published, self.txn, memory)
        return self._stages

    def translate(self, docs: list[Document], decided: dict[str, str | None]) -> _Translated:
        """The admitted documents under their run ids: carried, resumed or translated."""
        carry, stage = self.stages
        admitted = [_renamed(doc, decided[doc.source]) for doc in docs if decided.get(doc.source)]
        translated = list(stage.pipe([carry(doc) for doc in admitted]))
        keys = {doc.id: carry.keys.pop(doc.id) for doc in translated if doc.id in carry.keys}
        carried = frozenset(doc.id for doc in translated if doc.id in carry.carried)
        progress = Progress()
        progress.add(carry, stage)
        return _Translated(translated, keys, carried, progress)


def _renamed(doc: Document, doc_id: str) -> Document:
    if doc.id == doc_id:
        return doc
    segments = tuple(dataclasses.replace(seg, doc_id=doc_id) for seg in doc.segments)
    return dataclasses.replace(doc, id=doc_id, segments=segments)


def _finish_and_stage(translated: _Translated, config: RunConfig, txn: Transaction) -> _Finished:
    """A CPU task: restore, localize and check each translated document, and stage it."""
    keys, carried, progress = translated.keys, translated.carried, translated.progress
    failures: list[IngestError] = []
    staged = []

    def failed(doc: Document, error: PipelineError) -> None:
        failures.append(skipped(doc, error))
        progress.failed(doc.id)

    try:
        for doc in run_stages(translated.documents, document_stages(config, _matcher(config)).finish, None, failed):
            if doc.id in keys:
                txn.stage(doc, keys[doc.id])
            staged.append((doc.id, doc.id in carried))
    finally:
        txn.work.close()  # now, not when collected: a worker runs many tasks, each opening work.sqlite
    return _Finished(staged, failures, progress)


def _matcher(config: RunConfig) -> Matcher | None:
    return Matcher(load_glossaries(list(config.glossaries))) if config.glossaries else None


def _watch_over(temp: Path) -> subprocess.Popen:
    """A watchdog in its own session, for a driver killed before it could stop its local
    Ray (kill -9): Ray's helper processes would outlive it for a minute or more."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cluster", str(os.getpid()), str(temp)],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def watch(driver: int, temp: Path) -> None:
    """Wait while the driver lives and its Ray folder is there; if the driver died first,
    stop every process with a file open in that folder and remove it."""
    while temp.is_dir() and _alive(driver):
        time.sleep(0.2)
    if temp.is_dir():
        for pid in local_ray_processes(temp):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(temp, ignore_errors=True)


def local_ray_processes(temp: Path) -> list[int]:
    """Ray's processes (raylet, gcs_server, its workers and agents) with a file open in a
    local Ray's folder; Linux, from /proc. Someone's `tail -f` on its logs is not one."""
    prefix = os.fspath(temp) + os.sep
    found = []
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if not entry.name.isdigit() or int(entry.name) == os.getpid() or not _is_ray(entry.path):
            continue
        with contextlib.suppress(OSError):
            for fd in os.scandir(os.path.join(entry.path, "fd")):
                with contextlib.suppress(OSError):
                    if os.readlink(fd.path).startswith(prefix):
                        found.append(int(entry.name))
                        break
    return found


def _is_ray(process: str) -> bool:
    try:
        with open(os.path.join(process, "cmdline"), "rb") as fh:
            args = fh.read().split(b"\0")
    except OSError:
        return False
    program = os.path.basename(args[0])
    return program.startswith(b"ray::") or program in (b"raylet", b"gcs_server") or any(b"/ray/" in a for a in args)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rpartition(")")[2].split()[0] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


if __name__ == "__main__":
    watch(int(sys.argv[1]), Path(sys.argv[2]))
