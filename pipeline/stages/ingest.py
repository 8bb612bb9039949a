"""Ingest: corpus files and folders → Documents.

Supported inputs: `.txt` (one article, paragraphs separated by blank lines), `.jsonl`
(one article per line: {"id": ..., "text": ..., other keys kept as metadata}) and
folders (walked in sorted order, reading the `.txt` and `.jsonl` files inside).
A bad file or line is reported through `on_error` and skipped; in strict mode the
callback raises and the run stops.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import IngestError, InputChangedError, InputPathError
from pipeline.output.files import MANIFEST, SEGMENTS
from pipeline.records import Document

SUFFIXES = (".txt", ".jsonl")

# "Mexico City (EFE).–", "WASHINGTON, Jan. 25 (EFE).-", "MEXICO CITY (EFE) -"
_DATELINE = re.compile(r"[A-Z][^()\n!?\"“”]{0,80}?\(EFE\)(?:\s*[.:][-–—]*|\s*[-–—]+)(?=\s)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
# Syndication furniture that is not part of the story: moved to metadata["boilerplate"].
BOILERPLATE = re.compile(
    r"""(?:This\ content\ is\ (?:published|distributed)\ through\ a\ licensing\ agreement\b.*
      | No\ votes\ yet\.?
      | Please\ wait\.*
      | (?:Rating|Votes?):\ .*
      | \d+\ votes?,?\ average:.*
      | (?:Share|Tweet|Print|E-?mail)(?:\ this)?(?:\ (?:article|story))?:?
      | (?:Click|Tap)\ here\ to\ .*
      | Follow\ (?:us|EFE)\ on\ .*
      | Loading\.*
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
MAX_ID = 120  # characters: ids name files, and file names have limits
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class InputSet:
    """The files a run reads, and the files found in folders that it does not read."""

    files: tuple[Path, ...]
    ignored: tuple[Path, ...] = ()
    unreadable: tuple[IngestError, ...] = ()  # folders that could not be listed: reported, never silent


def list_inputs(paths: Iterable[str | Path]) -> InputSet:
    """Expand folders (sorted, recursive) into the files to read.

    A path that does not exist, or a named file with an unsupported suffix, is an error.
    Files in folders with other suffixes, and output folders of earlier runs, are listed
    as ignored (and reported in the manifest), never silently dropped; hidden files are skipped.
    """
    files: list[Path] = []
    ignored: list[Path] = []
    unreadable: list[IngestError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _walk(path, unreadable)
            # an output folder of an earlier run inside the inputs: its files are not articles
            runs = {p.parent for p in found if p.name == MANIFEST and (p.parent / SEGMENTS).is_file()}
            ignored += sorted(runs)
            for child in sorted(found):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if runs and any(run in child.parents for run in runs):
                    continue
                # not a regular file (a FIFO, a socket, a broken link): listed, never read
                readable = child.is_file() and child.suffix.lower() in SUFFIXES
                (files if readable else ignored).append(child)
        elif path.exists() and not path.is_file():
            raise InputPathError(str(path), "not a regular file (a FIFO, socket or device cannot be read as articles)")
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputPathError(
                    str(path), f"unsupported file type '{path.suffix}'; expected .txt, .jsonl or a folder"
                )
            files.append(path)
        else:
            raise InputPathError(str(path), "no such file or folder")
    if not files:
        others = f" ({len(ignored)} other files ignored)" if ignored else ""
        others += f" ({len(unreadable)} folders could not be read: {unreadable[0]})" if unreadable else ""
        raise IngestError(", ".join(map(str, paths)), f"no .txt or .jsonl files to translate{others}")
    return InputSet(tuple(files), tuple(ignored), tuple(unreadable))


def _walk(folder: Path, unreadable: list[IngestError]) -> list[Path]:
    """Every entry under `folder` that is not a folder (links to folders are not followed);
    a folder that cannot be listed is reported in `unreadable`, not skipped in silence."""

    def failed(err: OSError) -> None:
        unreadable.append(IngestError(str(err.filename), f"cannot read the folder ({err.strerror or err})"))

    found = []
    for top, _, names in os.walk(folder, onerror=failed):
        found += [Path(top, name) for name in names]
    return found


def count_documents(files: Iterable[Path]) -> int:
    """A cheap upper bound on the number of documents, for the progress bar."""
    total = 0
    for path in files:
        if path.suffix.lower() == ".jsonl":
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


def read_documents(
    files: Iterable[Path], on_error: Callable[[IngestError], None], checksums: Mapping[str, str] | None = None
) -> Iterator[Document]:
    """Yield the documents in `files`, in order; report bad inputs to `on_error`.

    Document ids must be unique in a run (see UniqueIds). With `checksums` (path → SHA-256
    taken when the run began), a file whose bytes as read differ stops the run with
    InputChangedError: its output would not match its checksum.
    """
    unique = UniqueIds(on_error)
    for path in files:
        digest = hashlib.sha256()
        for doc in _read_file(path, on_error, digest):
            admitted = unique.admit(doc)
            if admitted is not None:
                yield admitted
        if checksums is not None and checksums.get(str(path), digest.hexdigest()) != digest.hexdigest():
            raise InputChangedError(f"{path} changed while the run was reading it; run the same command again")


class UniqueIds:
    """Document ids must be unique in a run (they name output files): a repeated id is
    reported as a bad input rather than overwriting another document's output; two names
    that only sanitise alike both stay, the later one with a digest of its original."""

    def __init__(self, on_error: Callable[[IngestError], None]) -> None:
        self.on_error = on_error
        self.seen: set[str] = set()

    def admit(self, doc: Document) -> Document | None:
        """`doc` under its id in this run, or None when the id is taken (reported)."""
        if doc.id in self.seen and "original_id" in doc.metadata:
            doc = dataclasses.replace(doc, id=f"{doc.id}-{_digest(str(doc.metadata['original_id']))}")
        if doc.id in self.seen:
            path, _, line = doc.source.rpartition(":")
            if not (line.isdigit() and path):
                path, line = doc.source, ""
            self.on_error(
                IngestError(
                    path,
                    f"document id '{doc.id}' is already used by an earlier document; give each document a unique id",
                    int(line) if line else None,
                )
            )
            return None
        self.seen.add(doc.id)
        return doc


@dataclass(frozen=True)
class Chunk:
    """A piece of the corpus that one worker reads without the others: a whole .txt file,
    or a run of whole lines of a .jsonl file (bytes `start` to `end`, the first being line
    `first_line`), with the SHA-256 of those bytes when the run was planned."""

    path: str
    start: int
    end: int
    first_line: int
    sha256: str


def plan_chunks(files: Iterable[Path], checksums: Mapping[str, str], lines: int = 1000) -> Iterator[Chunk]:
    """The chunks of `files` in corpus order, at most `lines` JSONL lines each. Reads
    every byte once (to find line ends and checksum each chunk) but keeps none. A file
    whose bytes are no longer those of `checksums` (path → SHA-256 when the run began),
    or that is gone, stops the run with InputChangedError."""
    for path in files:
        whole = hashlib.sha256()
        try:
            yield from _file_chunks(path, lines, whole)
        except OSError:
            whole.update(b"gone")
        if whole.hexdigest() != checksums.get(str(path)):
            raise InputChangedError(f"{path} changed while the run was reading it; run the same command again")


def _file_chunks(path: Path, lines: int, whole: Any) -> Iterator[Chunk]:
    with path.open("rb") as fh:
        if path.suffix.lower() != ".jsonl":
            data = fh.read()
            whole.update(data)
            yield Chunk(str(path), 0, len(data), 1, hashlib.sha256(data).hexdigest())
            return
        start = offset = count = 0
        first = 1
        digest = hashlib.sha256()
        for number, raw in enumerate(fh, start=1):
            offset += len(raw)
            digest.update(raw)
            whole.update(raw)
            count += 1
            if count == lines:
                yield Chunk(str(path), start, offset, first, digest.hexdigest())
                start, first, count, digest = offset, number + 1, 0, hashlib.sha256()
        if count or offset == 0:
            yield Chunk(str(path), start, offset, first, digest.hexdigest())


def read_chunk(chunk: Chunk, on_error: Callable[[IngestError], None]) -> Iterator[Document]:
    """The documents of one chunk, ids as in the file (UniqueIds is the planner's job);
    InputChangedError when its bytes are no longer those planned."""
    path = Path(chunk.path)
    digest = hashlib.sha256()
    yield from _read_file(path, on_error, digest, chunk)
    if digest.hexdigest() != chunk.sha256:
        raise InputChangedError(f"{path} changed while the run was reading it; run the same command again")


def _read_file(
    path: Path, on_error: Callable[[IngestError], None], digest: Any, chunk: Chunk | None = None
) -> Iterator[Document]:
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path, on_error, digest, chunk)
        else:
            yield _read_txt(path, digest)
    except IngestError as err:
        on_error(err)
    except OSError as err:
        on_error(IngestError(str(path), f"cannot read the file ({err.strerror or err})"))


def document_from_text(doc_id: str, source: str, text: str, metadata: dict | None = None) -> Document:
    """Build a Document from article text: normalise, split paragraphs, find the dateline.

    Lines of syndication boilerplate ("No votes yet.", licensing footers) are moved to
    `metadata["boilerplate"]`, so they are kept but not translated as prose.
    """
    boilerplate: list[str] = []
    paragraphs = split_paragraphs(text, boilerplate)
    if not paragraphs:
        raise IngestError(source, "no text to translate (the document is empty)")
    metadata = dict(metadata or {})
    if boilerplate:
        metadata["boilerplate"] = boilerplate
    match = _DATELINE.match(paragraphs[0])
    return Document(
        id=doc_id,
        source=source,
        paragraphs=paragraphs,
        dateline=match.group(0) if match else "",
        metadata=metadata,
    )


def is_dateline(text: str) -> bool:
    """Whether a text is an EFE dateline and nothing more ("Havana (EFE).–")."""
    text = text.strip()
    found = _DATELINE.match(text + " ")
    return found is not None and found.end() >= len(text)


def split_paragraphs(text: str, boilerplate: list[str] | None = None) -> tuple[str, ...]:
    """Paragraphs separated by blank lines; line breaks inside a paragraph become spaces.

    A hard line break and the spaces around it become one space; no-break spaces and tabs
    are kept as written (a CAT tool reading the article keeps them, so our sources must too
    for its sentences to match ours exactly). Offsets are into these paragraphs, which are
    what every output shows. When a `boilerplate` list
    is given, whole lines of syndication boilerplate go there instead.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        lines = block.strip().split("\n")
        if boilerplate is not None:
            boilerplate.extend(line.strip() for line in lines if BOILERPLATE.fullmatch(line.strip()))
            lines = [line for line in lines if not BOILERPLATE.fullmatch(line.strip())]
        block = "\n".join(lines).strip()
        if block:
            paragraphs.append(_LINE_BREAK.sub(" ", block))
    return tuple(paragraphs)


def shown_path(path: Path) -> str:
    """Where a document came from, as output files name it: the path as given, an absolute
    one under the working directory made relative to it (no machine's folders in XLIFF)."""
    if path.is_absolute():
        with contextlib.suppress(ValueError, OSError):
            return str(path.relative_to(Path.cwd()))
    return str(path)


def safe_id(raw: str) -> str:
    """A document id usable as a file name: ASCII letters, digits, '.', '_', '-', at most
    MAX_ID characters (a longer one is cut and ends with a digest of the whole)."""
    cleaned = _UNSAFE_ID_CHARS.sub("-", raw).strip(".-") or "doc"
    if len(cleaned) > MAX_ID:
        cleaned = f"{cleaned[: MAX_ID - 13].rstrip('.-')}-{_digest(raw)}"
    return cleaned


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _read_txt(path: Path, digest: Any) -> Document:
    data = path.read_bytes()
    digest.update(data)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a UTF-16 byte-order mark
        try:
            return _txt_document(path, data.decode("utf-16"))
        except UnicodeDecodeError as err:
            raise IngestError(str(path), f"not valid UTF-16 ({err.reason}); re-save the file as UTF-8") from None
    if b"\x00" in data:
        if _utf16_without_bom(data):
            raise IngestError(str(path), "looks like UTF-16 text without a byte-order mark; re-save the file as UTF-8")
        raise IngestError(str(path), "contains NUL bytes: this is not a text file", _line_of(data, data.index(b"\x00")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise IngestError(
            str(path),
            f"not valid UTF-8 (byte 0x{data[err.start]:02x}); re-save the file as UTF-8",
            _line_of(data, err.start),
        ) from None
    return _txt_document(path, text)


def _utf16_without_bom(data: bytes) -> bool:
    """Whether `data` reads as UTF-16 text: nearly every other byte is NUL (ASCII letters in
    UTF-16), and it decodes."""
    sample = data[:4096]
    for zeros, codec in ((sample[1::2], "utf-16-le"), (sample[0::2], "utf-16-be")):
        if len(zeros) > 4 and zeros.count(0) >= 0.9 * len(zeros):
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                return False
            return True
    return False


def _txt_document(path: Path, text: str) -> Document:
    doc_id = safe_id(path.stem)
    return document_from_text(
        doc_id, shown_path(path), text, {"original_id": path.stem} if doc_id != path.stem else None
    )


def _read_jsonl(
    path: Path, on_error: Callable[[IngestError], None], digest: Any, chunk: Chunk | None = None
) -> Iterator[Document]:
    with path.open("rb") as fh:
        fh.seek(chunk.start if chunk else 0)
        left = chunk.end - chunk.start if chunk else -1
        for number, raw in enumerate(fh, start=chunk.first_line if chunk else 1):
            if left == 0:
                break
            left -= len(raw)
            digest.update(raw)
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
            if not raw.strip():
                continue
            try:
                yield _jsonl_document(path, number, raw)
            except IngestError as err:
                on_error(err)


def _jsonl_document(path: Path, number: int, raw: bytes) -> Document:
    def bad(message: str) -> IngestError:
        return IngestError(str(path), message, number)

    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise bad("not valid UTF-8; re-save the file as UTF-8") from None
    except json.JSONDecodeError as err:
        raise bad(f"not valid JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:
        raise bad("not usable JSON (nested too deeply)") from None
    except ValueError:  # Python refuses to convert numbers of more than 4,300 digits
        raise bad("not usable JSON (a number too long to read)") from None
    if not isinstance(record, dict):
        raise bad('expected a JSON object like {"id": "...", "text": "..."}')
    text = record.pop("text", None)
    if not isinstance(text, str):
        raise bad('missing "text" (a string with the article)')
    raw_id = record.pop("id", None)
    if raw_id is None:
        raw_id = f"{path.stem}-{number}"
    elif not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
        raise bad('"id" must be a string or an integer')
    try:
        json.dumps([text, raw_id, record], ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as err:
        raise bad(
            f"holds an invalid character ({err.object[err.start]!r}, a lone surrogate); fix it at the source"
        ) from None
    except ValueError:
        raise bad("not usable JSON (a number too long to read)") from None
    date = record.get("date")
    if date is not None and not _valid_date(date):
        raise bad(f'"date" must be a date like "2017-02-23", not {json.dumps(date)[:40]}')
    doc_id = safe_id(str(raw_id))
    if doc_id != str(raw_id):
        record["original_id"] = raw_id
    try:
        return document_from_text(doc_id, f"{shown_path(path)}:{number}", text, record)
    except IngestError as err:
        raise bad(err.reason) from None


def _valid_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
