"""Bilingual files edited by people, read back: XLIFF, TMX, TSV or segments.jsonl, by suffix.

Our own files name each segment by its id; what other tools write is matched to the run's
sentences by source text (`match`).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import IngestError, UsageError
from pipeline.formats.jsonl import numbered_segments
from pipeline.formats.tmx import read_tmx
from pipeline.formats.tsv import read_tsv
from pipeline.formats.xliff_reading import MACHINE, read_xliff_file
from pipeline.formats.xml import file_stem
from pipeline.records import BilingualFile, Edit, Origin, Segment, dateline_id, text_digest

# XLIFF states that say a person has been over a segment, and the subState with which a
# review page's export marks the rows nobody touched (a CAT tool may keep efe:mt on an edit)
PEOPLE_STATES = frozenset({"reviewed", "final"})
UNTOUCHED = frozenset({"efe:untouched"})  # a review page's export: rows nobody touched


def as_written(edit: Edit) -> bool:
    """Whether the target is still the one a run wrote into the file (it has the file's
    written mark): machine output, from this run or another, that nobody has changed."""
    return edit.written is not None and text_digest(edit.target) == edit.written


def untouched(edit: Edit) -> bool:
    """Whether the file itself says nobody changed this segment (or it has no target): a
    person's state, comment or rejection says somebody did, whatever the target."""
    if edit.state in PEOPLE_STATES or edit.comments or edit.rejected is not None:
        return False
    return edit.state == "initial" or edit.sub_state in UNTOUCHED or not edit.target.strip() or as_written(edit)


def brings_back(seg: Segment, target: str) -> bool:
    """Whether a file carries a target this segment had before a person replaced it (machine
    output, or an older edit): an old file read again must not undo a newer correction."""
    return any(revision.target == target for revision in seg.history)


def by_person(edit: Edit, seg: Segment | None, ours: bool = True) -> bool:
    """Whether an edited segment is a person's work: XLIFF says it was reviewed, or its
    target is not the one the file was written with (its written mark), or, against the run
    it came from, its target is neither the engine's nor the memory's nor one a later edit
    replaced. A target with its written mark intact is nobody's, whatever run wrote it.
    Without the run, a file another tool wrote (not `ours`) is people's work wherever its
    target is not marked as machine output."""
    if edit.state in PEOPLE_STATES:
        return True
    if untouched(edit) or (seg is not None and brings_back(seg, edit.target)):
        return False
    if seg is None:
        # the mark is there, and the target no longer matches it; or another tool's translation
        return edit.written is not None if ours else not machine(edit)
    return edit.target != seg.target or seg.origin is Origin.HUMAN


def machine(edit: Edit) -> bool:
    """Whether a file says its target is machine output (XLIFF 1.2 `state-qualifier`, an
    XLIFF 2 `subState` such as "efe:mt")."""
    qualifier = (edit.sub_state or "").lower()
    return qualifier in MACHINE or qualifier.endswith(":mt")


def normalize(source: str) -> str:
    """A sentence as the memory keys it and edited files are compared: spacing and Unicode
    composition (NFC) aside."""
    return " ".join(unicodedata.normalize("NFC", source).split())


def check_source(edit: Edit, source: str, path: Path) -> None:
    """An edited segment must have the run's source: otherwise the file is from another run."""
    if normalize(edit.source) != normalize(source):
        raise IngestError(
            str(path),
            f"segment '{edit.id}': its source is not the run's ({source[:60]!r}); is the file from another run?",
            edit.line,
        )


def read_file(path: Path) -> BilingualFile:
    """An edited .xlf/.xliff (XLIFF 2.x or 1.2), .tmx, .tsv or segments .jsonl file, by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlf", ".xliff"):
        return read_xliff_file(path)
    if suffix == ".tmx":
        return read_tmx(path)
    if suffix == ".tsv":
        return BilingualFile([Edit(i, en, es, line=n, written=mark) for n, i, en, es, mark in read_tsv(path)], True)
    if suffix == ".jsonl":  # a segments.jsonl changed by hand: the record itself, no mark
        edits = [Edit(s.id, s.source, s.target or "", line=n, document=s.doc_id) for n, s in numbered_segments(path)]
        return BilingualFile(edits, True)
    raise UsageError(f"{path}: unsupported file type '{suffix}'; expected .xlf, .xliff, .tmx, .tsv or .jsonl")


def read_bilingual(path: Path, known_ids: Iterable[str] | None = None) -> list[Edit]:
    """The segments of an edited file of ours, each with its id.

    A segment without an id, a repeated id, or (when `known_ids` is given) an id that is
    not in the run is an IngestError naming the file and line.
    """
    return _checked(Path(path), read_file(path).edits, known_ids)


def check_run(path: Path, read: BilingualFile, runs: list[str], folder: Path) -> None:
    """A file that names a run identity must name one the folder was published under."""
    if read.run and runs and read.run not in runs:
        raise IngestError(
            str(path),
            f"the file is from another run ({read.run}; {folder} is {runs[-1]}): use it with the folder it came "
            "from, or edit this run's file",
        )


@dataclass(frozen=True)
class Sentences:
    """The run's sentences as an edited file is matched to them: by id, else by source text
    (spacing aside) within the article the file names, else across the run."""

    ids: frozenset[str]  # segment and dateline ids
    by_source: dict[str, list[tuple[str, str, str | None]]]  # normalised source → (doc id, id, target)
    documents: dict[str, str]  # what a file may call an article (its id, its file's name) → doc id

    @classmethod
    def of(cls, segments: Iterable[Segment], datelines: Iterable[tuple[str, str, str, str]] = ()) -> Sentences:
        """From the run's segments and, where known, its documents' datelines as (doc id,
        source path, dateline, Spanish dateline), which other tools' files are matched to too."""
        by_source: dict[str, list[tuple[str, str, str | None]]] = {}
        ids, documents = set(), {}
        for seg in segments:
            ids.update((seg.id, dateline_id(seg.doc_id)))  # an article's dateline goes by an id of its own
            documents.setdefault(seg.doc_id, seg.doc_id)
            by_source.setdefault(normalize(seg.source), []).append((seg.doc_id, seg.id, seg.target))
        for doc_id, source_path, dateline, spanish in datelines:
            documents[doc_id] = doc_id
            documents.setdefault(file_stem(source_path), doc_id)
            ids.add(dateline_id(doc_id))
            if dateline:
                by_source.setdefault(normalize(dateline), []).append((doc_id, dateline_id(doc_id), spanish))
        return cls(frozenset(ids), by_source, documents)


@dataclass(frozen=True)
class Matched:
    """An edited file's segments with the run's ids; those that match no sentence of the run."""

    edits: list[Edit]
    unmatched: int


def match(path: Path, read: BilingualFile, run: Sentences) -> Matched:
    """Give each segment of an edited file the id of the run's sentence it is.

    A segment whose id is not one of the run's (another tool's numbering, or ours after a
    tool renumbered it) is matched by its source text, in the article the file names when
    the run has it, else across the run. One source that is two of the run's sentences with
    different targets is ambiguous, and so is one sentence the file gives two targets: an
    IngestError that names them, never a guess. Sentences with one source and one target
    take the edit together. In a file of ours, a segment that matches nothing is an error
    (its id is not the run's); another tool's is counted as unmatched.
    """
    edits, unmatched = [], 0
    given: dict[str, Edit] = {}  # the run's id → the file's segment that is it
    for edit in read.edits:
        ids = [edit.id] if edit.id in run.ids else _by_source(path, edit, run)
        if not ids and read.ours:
            said = f"segment id '{edit.id[:200]}' is not in this run" if edit.id else "a segment has no id"
            raise IngestError(str(path), f"{said}, and its source is no sentence of the run", edit.line)
        unmatched += not ids
        for seg_id in ids:
            earlier = given.setdefault(seg_id, edit)
            if earlier is edit:
                edits.append(edit if edit.id == seg_id else dataclasses.replace(edit, id=seg_id))
            elif edit.id and edit.id == earlier.id:
                raise IngestError(str(path), f"segment id '{edit.id[:200]}' appears twice", edit.line)
            elif edit.target != earlier.target:
                raise IngestError(
                    str(path),
                    f"ambiguous: the file gives the sentence {seg_id} two targets (lines {earlier.line} and "
                    f"{edit.line}); keep one",
                    edit.line,
                )
    return Matched(edits, unmatched)


def _by_source(path: Path, edit: Edit, run: Sentences) -> list[str]:
    """The ids of the run's sentences a segment is by its source text (see `match`)."""
    found = run.by_source.get(normalize(edit.source), [])
    doc_id = run.documents.get(edit.document or "")
    if doc_id is not None and any(d == doc_id for d, _, _ in found):
        found = [f for f in found if f[0] == doc_id]
    if len({target for _, _, target in found}) > 1:
        listed = ", ".join(seg_id for _, seg_id, _ in found[:5])
        raise IngestError(
            str(path),
            f"ambiguous: the source {edit.source[:60]!r} is {len(found)} sentences of the run with different "
            f"targets ({listed}); give the segment its id, or name the article (<file original>, x-doc-id)",
            edit.line,
        )
    return [seg_id for _, seg_id, _ in found]


def _checked(path: Path, edits: list[Edit], known: Iterable[str] | None) -> list[Edit]:
    """`edits`, each with an id, none twice, and (when `known` is given) each in the run."""
    known = set(known) if known is not None else None
    seen: set[str] = set()
    for edit in edits:
        if not edit.id:
            raise IngestError(str(path), "a segment has no id", edit.line)
        if edit.id in seen:
            raise IngestError(str(path), f"segment id '{edit.id[:200]}' appears twice", edit.line)
        if known is not None and edit.id not in known:
            raise IngestError(str(path), f"segment id '{edit.id[:200]}' is not in this run", edit.line)
        seen.add(edit.id)
    return edits
