"""The run folder as a store: documents, people's work, and one way to change them.

An output folder holds `documents.jsonl` (each article as the run made it, with the key
it was made under: stages/carry.py), `work.sqlite` (people's work: output/people.py) and
the renderings of both (output/render.py). Every command that changes a folder —
translate, here or on Ray, merge, apply, qa — does it through one transaction:

    with RunFolder(outdir) as folder:
        txn = folder.begin("translate-<key>", qa)     # resumes an unfinished one of that name
        folder.stage(txn, doc, ordinal, key)          # idempotent; Ray tasks call txn.stage
        folder.carry(doc_id, ordinal)                 # keep a published document as it is
        folder.publish(txn, manifest, warnings)

`publish` writes the run-wide files from the staged and carried records in order into
the transaction's folder, marks it ready, then moves everything in with manifest.json
last. Recovery has one rule, applied whenever a folder is opened: a ready transaction
is rolled forward, an unfinished one is resumed by a `begin` of the same name, and
anything else is removed. A crash therefore leaves the old folder or the new one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import QAConfig
from pipeline.errors import OutputError
from pipeline.formats.jsonl import record_error
from pipeline.output.atomic import atomic_open
from pipeline.output.checksums import file_sha256
from pipeline.output.files import (
    BILINGUAL,
    DOCUMENTS,
    MANIFEST,
    PER_DOCUMENT,
    RECORDS,
    RUN_FILES,
    SEGMENTS,
    XLIFF_FILES,
    document_file,
    document_of,
)
from pipeline.output.lock import FolderLock
from pipeline.output.manifest import read_manifest, write_manifest
from pipeline.output.people import PeoplesWork, Work, read_work_lines, stamp, with_work, work_lines
from pipeline.output.render import Published, Rendering, write_document_files, write_run_files
from pipeline.records import Document

_PREFIX = ".txn-"
_READY = "READY"  # written into a transaction's folder once all it will move in is there
_OLD_STAGING = (".partial-*", ".applying", ".merging")  # made by versions before the store
_WORK = "work.jsonl"  # in a transaction: people's work it stores as it moves in
# what to do when documents.jsonl is damaged: nothing people did is in it
DAMAGED = (
    "the run store is damaged: remove that line (or the whole file) and translate again, which redoes "
    "those documents and keeps people's work (work.sqlite)"
)
EDITABLE = (SEGMENTS, BILINGUAL)  # renderings people edit in place: refused to overwrite once changed


def record_line(doc: Document, key: dict[str, str] | None, work: str | None) -> bytes:
    """A document's line in documents.jsonl."""
    record = {"id": doc.id, "source": doc.source, "key": key, "work": work, "document": doc.to_dict()}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def parse_record(line: bytes, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line.decode("utf-8"))
        record["document"] = Document.from_dict(record["document"])
    except (UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError) as err:
        raise OutputError(f"{where}: not a document record ({record_error(err)}); {DAMAGED}") from None
    return record


class Records:
    """The documents.jsonl of a published folder, indexed once: id → where its line is."""

    def __init__(self, path: Path) -> None:
        self.path = os.fspath(path)
        self.spans: dict[str, tuple[int, int, int]] = {}  # id → (offset, length, line number)
        self.keys: dict[str, dict[str, str] | None] = {}
        self.sources: dict[str, str] = {}  # where each document was read from
        if not os.path.isfile(self.path):
            return
        offset = 0
        with open(self.path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                head = _head(line)
                if not isinstance(head.get("id"), str) or not isinstance(head.get("key"), (dict, type(None))):
                    raise OutputError(f"{self.path}:{number}: not a document record; {DAMAGED}")
                self.spans[head["id"]] = (offset, len(line), number)
                self.keys[head["id"]] = head.get("key")
                self.sources[head["id"]] = head.get("source", "")
                offset += len(line)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.spans

    def line(self, doc_id: str) -> bytes:
        offset, length, _ = self.spans[doc_id]
        with open(self.path, "rb") as fh:
            fh.seek(offset)
            return fh.read(length)

    def record(self, doc_id: str) -> dict[str, Any]:
        return parse_record(self.line(doc_id), self.where(doc_id))

    def where(self, doc_id: str) -> str:
        """file:line of a document's record, for messages."""
        return f"{self.path}:{self.spans[doc_id][2]}"

    def ids(self) -> list[str]:
        return list(self.spans)


def _head(line: bytes) -> dict[str, Any]:
    """A record's id, source, key and work, read without its document."""
    end = line.find(b', "document": ')
    try:
        head = json.loads(line[:end].decode("utf-8") + "}") if end > 0 else {}
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return head if isinstance(head, dict) else {}


@dataclass
class Transaction:
    """One change to a run folder, in `OUTDIR/.txn-<name>/`; picklable, so Ray tasks stage
    into it too. Per document: `files/` holds its renderings, `docs/<id>.json` its record
    (written last: the document is done); `order.tsv` lists the run's documents."""

    path: str
    outdir: str
    qa: QAConfig
    work: PeoplesWork
    pending: tuple[Work, ...] = ()  # people's work that this transaction stores when it is published
    rendering: Rendering = Rendering()

    def finished(self, doc_id: str, key: dict[str, str] | None) -> bool:
        """Whether an interrupted run of this transaction staged the document under `key`."""
        try:
            with open(self._record_path(doc_id), "rb") as fh:
                return _head(fh.read()).get("key") == key
        except OSError:
            return False

    def stage(self, doc: Document, key: dict[str, str] | None) -> None:
        """Stage a document as the run made it, rendered with people's work; idempotent."""
        entries = self.entries(doc.id)
        shown = with_work(doc, entries, self.qa)
        try:
            write_document_files(os.path.join(self.path, "files"), shown, self.rendering)
            _write(self._record_path(doc.id), record_line(doc, key, stamp(entries)))
        except OSError as err:
            raise OutputError(f"cannot write to output folder {self.outdir}: {err.strerror or err}") from None

    def entries(self, doc_id: str) -> list[Work]:
        """People's work on a document once this transaction is published."""
        return [*self.work.for_document(doc_id), *(w for w in self.pending if w.doc_id == doc_id)]

    def staged_line(self, doc_id: str) -> bytes:
        with open(self._record_path(doc_id), "rb") as fh:
            return fh.read()

    def _record_path(self, doc_id: str) -> str:
        return os.path.join(self.path, "docs", document_file(doc_id, ".json"))


class RunFolder:
    """An output folder, locked while open: its published documents, people's work, and
    the transactions that change them."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = Path(outdir)
        self._lock = FolderLock(self.outdir)
        try:
            self._recover()
            self.records = Records(self.outdir / RECORDS)
        except OSError as err:
            self._lock.release()
            raise OutputError(f"cannot use output folder {self.outdir}: {err.strerror or err}") from None
        except BaseException:
            self._lock.release()
            raise
        self.work = PeoplesWork(self.outdir)
        self._order: Any = None
        self._txn: Path | None = None  # the transaction begun last
        self._qa: QAConfig | None = None

    def __enter__(self) -> RunFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let other commands use the folder."""
        if self._order is not None and not self._order.closed:
            with contextlib.suppress(OSError):  # a failed run's order file: its error is already told
                self._order.close()
        self.work.close()
        self._lock.release()

    def documents(self) -> Iterator[Document]:
        """The published documents as people left them, in output order."""
        for doc_id in self.records.ids():
            yield self.shown(self.records.record(doc_id))

    def shown(self, record: dict[str, Any]) -> Document:
        """A published document as people left it."""
        if self._qa is None:
            self._qa = qa_config(self.manifest())
        return with_work(record["document"], self.work.for_document(record["id"]), self._qa)

    def manifest(self) -> dict[str, Any]:
        """The manifest of the published run (an OutputError when there is none)."""
        return read_manifest(self.outdir)

    def begin(
        self,
        name: str,
        qa: QAConfig,
        pending: tuple[Work, ...] = (),
        taken: tuple[Path, ...] = (),
        rendering: Rendering | None = None,
    ) -> Transaction:
        """A transaction called `name`: the unfinished one of that name if there is one.
        `pending` is people's work it stores, in the same step as it moves in the files.
        A rendering changed by hand since it was published is refused (publishing would
        overwrite it), unless it is among the files `taken` in as people's work. The
        files are rendered as `rendering` says (default: as they were published)."""
        if rendering is None:
            rendering = self.rendering() or Rendering()
        self._refuse_hand_edits({Path(p).resolve() for p in taken})
        path = self.outdir / f"{_PREFIX}{name}"
        try:
            for other in self.outdir.glob(_PREFIX + "*"):
                # an interrupted translate stays resumable while apply or qa change the folder
                keep = other.name.startswith(_PREFIX + "translate-") and not name.startswith("translate-")
                if other != path and not keep:
                    if other.is_dir() and not other.is_symlink():
                        shutil.rmtree(other, ignore_errors=True)
                    else:
                        other.unlink(missing_ok=True)
            (path / "docs").mkdir(parents=True, exist_ok=True)
            (path / "files").mkdir(exist_ok=True)
            shutil.rmtree(path / "publish", ignore_errors=True)
            # output order lives on disk, not in memory: corpora of millions of documents
            self._order = (path / "order.tsv").open("w", encoding="utf-8")
            self._txn = path
            if pending:
                _write(os.fspath(path / _WORK), work_lines(pending))
        except OSError as err:
            raise OutputError(f"cannot write to output folder {self.outdir}: {err.strerror or err}") from None
        return Transaction(
            os.fspath(path), os.fspath(self.outdir), qa, PeoplesWork(self.outdir), tuple(pending), rendering
        )

    def runs(self) -> list[str]:
        """Every run identity the published folder had (its files may name any of them)."""
        try:
            return [r for r in self.manifest().get("runs", []) if isinstance(r, str)]
        except OutputError:
            return []

    def rendering(self) -> Rendering | None:
        """How the published files were rendered (None: nothing is published)."""
        try:
            return Rendering.of(self.manifest())
        except OutputError:
            return None

    def _refuse_hand_edits(self, taken: set[Path]) -> None:
        try:
            published = self.manifest().get("published", {})
        except OutputError:  # no finished run: nothing to overwrite
            return
        for name, digest in published.items():
            path = self.outdir / name
            if path.is_file() and path.resolve() not in taken and file_sha256(path) != digest:
                raise OutputError(
                    f"{path} was changed after the run published it, and publishing again would overwrite it: "
                    f"bring the change in first with `efe-pipeline apply {path} {self.outdir}` "
                    "(or delete the file to drop it)"
                )

    def record(self, doc_id: str, ordinal: int, carried: bool = False) -> None:
        """A staged (or, with `carried`, a published) document joins the run, in output order."""
        try:
            self._order.write(f"{doc_id}\t{ordinal}\t{'carried' if carried else 'staged'}\n")
        except OSError as err:
            raise OutputError(f"cannot write to output folder {self.outdir}: {err.strerror or err}") from None

    def stage(self, txn: Transaction, doc: Document, ordinal: int, key: dict[str, str] | None) -> None:
        txn.stage(doc, key)
        self.record(doc.id, ordinal)

    def carry(self, doc_id: str, ordinal: int) -> None:
        """Keep a published document (its record and files) in the run."""
        if doc_id not in self.records:
            raise OutputError(f"document '{doc_id}' is not in {self.outdir}; it cannot be carried")
        if self._txn is not None:  # what an interrupted run of this transaction staged for it is not this run's
            for suffix in PER_DOCUMENT:
                (self._txn / "files" / document_file(doc_id, suffix)).unlink(missing_ok=True)
            (self._txn / "docs" / document_file(doc_id, ".json")).unlink(missing_ok=True)
        self.record(doc_id, ordinal, carried=True)

    def publish(
        self,
        txn: Transaction,
        manifest: Callable[[Published], dict[str, Any]],
        warnings: list[str],
        seen: Callable[[Document], None] | None = None,
    ) -> tuple[Published, list[str]]:
        """Write the run-wide files from the run's records, mark the transaction ready,
        move it in (manifest.json last, made by `manifest` from what was published);
        `seen` hears each document as published. Returns that, and the per-document files
        of earlier runs that this run does not hold (also the manifest's "stale_files";
        they are not removed)."""
        path = Path(txn.path)
        publish = path / "publish"
        ids: set[str] = set()
        try:
            through = txn.work.last_id()  # read before any document is: a later save is not claimed
            self._order.close()
            publish.mkdir(exist_ok=True)
            done = write_run_files(publish, lambda: self._records(txn, publish, ids, seen), warnings, txn.rendering.run)
            stale = stale_files(self.outdir, ids, txn.rendering)
            published = {name: file_sha256(publish / name) for name in EDITABLE}
            run = txn.rendering.run
            runs = list(dict.fromkeys([*self.runs(), *([run] if run else [])]))
            made = {**manifest(done), "run": run, "runs": runs, "stale_files": stale, "published": published}
            if through:  # people's work up to this entry is in the files (the review desk's saves after it are not)
                made["work_through"] = through
            write_manifest(publish, made, done.documents, txn.rendering.xliff)
            (path / _READY).touch()
            _move_in(self.outdir, path)
        except OSError as err:
            txn.work.close()
            raise OutputError(f"cannot finish the output folder {self.outdir}: {err.strerror or err}") from None
        txn.work.close()  # no work.sqlite-wal left open after the run
        self.records = Records(self.outdir / RECORDS)
        return done, stale

    def _records(
        self, txn: Transaction, publish: Path, ids: set[str], seen: Callable[[Document], None] | None
    ) -> Iterator[tuple[Document, int]]:
        """(document as people left it, ordinal) in order, read from the order file as a
        stream, writing documents.jsonl as they go; a document whose people's work changed
        since it was rendered, or whose files were rendered otherwise, is rendered again.
        `ids` receives each document's id."""
        rendered_otherwise = self.rendering() != txn.rendering
        with open(publish / RECORDS, "wb") as out:
            for doc_id, ordinal, carried in self._listed_order(Path(txn.path)):
                line = self.records.line(doc_id) if carried else txn.staged_line(doc_id)
                where = self.records.where(doc_id) if carried else f"{doc_id} staged in {txn.path}"
                record = parse_record(line, where)
                entries = txn.entries(doc_id)
                shown = with_work(record["document"], entries, txn.qa)
                now = stamp(entries)
                if now != record["work"] or (carried and rendered_otherwise):
                    write_document_files(os.path.join(txn.path, "files"), shown, txn.rendering)
                    line = record_line(record["document"], record["key"], now)
                out.write(line)
                ids.add(doc_id)
                if seen:
                    seen(shown)
                yield shown, ordinal
            out.flush()
            os.fsync(out.fileno())

    def _listed_order(self, path: Path) -> Iterator[tuple[str, int, bool]]:
        with (path / "order.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                doc_id, ordinal, how = line.rstrip("\n").split("\t")
                yield doc_id, int(ordinal), how == "carried"

    def _recover(self) -> None:
        for pattern in _OLD_STAGING:
            for old in self.outdir.glob(pattern):
                shutil.rmtree(old, ignore_errors=True)
        for leftover in self.outdir.glob(".*.tmp"):  # atomic writes of a killed command
            leftover.unlink(missing_ok=True)
        for txn in sorted(self.outdir.glob(_PREFIX + "*")):
            if not txn.is_dir() or txn.is_symlink():
                continue  # not ours: begin() removes it
            if (txn / _READY).is_file() and (txn / "publish" / MANIFEST).is_file():
                _move_in(self.outdir, txn)  # ready: what it publishes is all there
            elif (txn / _READY).exists():
                shutil.rmtree(txn, ignore_errors=True)  # marked ready, but not by a publish: not ours


def _move_in(outdir: Path, txn: Path) -> None:
    """Store a ready transaction's people's work, move its files in, manifest.json last;
    safe to repeat after a crash (work is stored once per transaction)."""
    if (txn / _WORK).is_file():
        work = PeoplesWork(outdir)
        try:
            work.record(read_work_lines((txn / _WORK).read_bytes()), batch=txn.name)
        finally:
            work.close()
    (outdir / MANIFEST).unlink(missing_ok=True)  # from here until the end the folder is not finished
    for entry in os.scandir(txn / "files") if (txn / "files").is_dir() else ():
        if not entry.name.startswith("."):
            os.replace(entry.path, os.path.join(outdir, entry.name))
    publish = txn / "publish"
    for name in (*RUN_FILES, MANIFEST):
        if (publish / name).exists():
            os.replace(publish / name, outdir / name)
    shutil.rmtree(txn, ignore_errors=True)


def _write(path: str, data: bytes) -> None:
    with atomic_open(path, binary=True) as fh:
        fh.write(data)


def stale_files(outdir: Path, ids: set[str], rendering: Rendering) -> list[str]:
    """Per-document files in `outdir` whose document is not in `ids`, or of an XLIFF
    version this run does not write, sorted."""
    written = {*PER_DOCUMENT} - {XLIFF_FILES[v] for v in XLIFF_FILES if v not in rendering.xliff}
    stale = []
    for entry in os.scandir(outdir):
        doc_id, suffix = document_of(entry.name)
        if doc_id is not None and (doc_id not in ids or suffix not in written) and entry.is_file():
            stale.append(entry.name)
    return sorted(stale)


def require_store(outdir: Path) -> None:
    """A command that changes a finished run needs its documents.jsonl."""
    if not (Path(outdir) / RECORDS).is_file():
        raise OutputError(
            f"{outdir} has no {RECORDS}: it is not a finished run of `efe-pipeline translate`, or one made "
            "before the run store; translate it again (people's work in work.sqlite is kept)"
        )


def ordinals(outdir: Path) -> dict[str, int]:
    """Each published document's place in its corpus, from documents.tsv."""
    path = Path(outdir) / DOCUMENTS
    found = {}
    try:
        with path.open(encoding="utf-8") as fh:
            next(fh, None)
            for number, line in enumerate(fh, start=2):
                doc_id, _, ordinal = line.rstrip("\n").partition("\t")
                if not ordinal.isdigit():
                    raise OutputError(f"{path}:{number}: not a document id and ordinal")
                document_file(doc_id, "")  # an id that would leave the folder is refused
                found[doc_id] = int(ordinal)
    except (OSError, UnicodeDecodeError) as err:
        raise OutputError(
            f"cannot read {path} ({getattr(err, 'strerror', None) or err}): is it a finished run?"
        ) from None
    return found


def qa_config(manifest: dict[str, Any]) -> QAConfig:
    """The QA thresholds a run was made with (the defaults for what its manifest lacks)."""
    given = manifest.get("options", {}).get("qa", {})
    known = {f.name for f in dataclasses.fields(QAConfig)}
    return QAConfig(**{k: v for k, v in given.items() if k in known})


def republish(
    folder: RunFolder,
    name: str,
    qa: QAConfig,
    places: dict[str, int],
    applied: dict[str, Any] | None = None,
    change: Callable[[Document], Document] | None = None,
    pending: tuple[Work, ...] = (),
    taken: tuple[Path, ...] = (),
    seen: Callable[[Document], None] | None = None,
) -> Published:
    """Publish a finished folder again: every document carried (or, with `change`, changed
    and staged again), people's work rendered anew; the manifest keeps what the run said
    and gets the new counts (and `applied`, when people's work came from files)."""
    manifest = folder.manifest()
    txn = folder.begin(name, qa, pending, taken)
    for doc_id in folder.records.ids():
        if change is None:
            folder.carry(doc_id, places[doc_id])
        else:
            record = folder.records.record(doc_id)
            folder.stage(txn, change(record["document"]), places[doc_id], record["key"])

    def updated(done: Published) -> dict[str, Any]:
        counts = {
            **manifest.get("counts", {}),
            "qa_errors": done.qa.by_severity["error"],
            "qa_warnings": done.qa.by_severity["warning"],
            **done.people(),
        }
        kept = {k: v for k, v in manifest.items() if k not in ("outputs", "stale_files", "published", "work_through")}
        history = [*manifest.get("applied", []), applied] if applied else manifest.get("applied")
        return {**kept, "counts": counts, **({"applied": history} if history else {})}

    done, _ = folder.publish(txn, updated, list(manifest.get("warnings", [])), seen)
    return done
