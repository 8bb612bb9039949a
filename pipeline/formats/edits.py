"""Bilingual files edited by people, read back by segment id: XLIFF, TMX, TSV or segments.jsonl, by suffix."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import IngestError, UsageError
from pipeline.formats.jsonl import numbered_segments
from pipeline.formats.tmx import read_tmx
from pipeline.formats.tsv import read_tsv
from pipeline.formats.xliff import read_xliff
from pipeline.records import Edit, Origin, Segment, text_digest

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


def by_person(edit: Edit, seg: Segment | None) -> bool:
    """Whether an edited segment is a person's work: XLIFF says it was reviewed, or its
    target is not the one the file was written with (its written mark), or, against the run
    it came from, its target is neither the engine's nor the memory's nor one a later edit
    replaced. A target with its written mark intact is nobody's, whatever run wrote it."""
    if edit.state in PEOPLE_STATES:
        return True
    if untouched(edit) or (seg is not None and brings_back(seg, edit.target)):
        return False
    if seg is None:
        return edit.written is not None  # the mark is there, and the target no longer matches it
    return edit.target != seg.target or seg.origin is Origin.HUMAN


def normalize(source: str) -> str:
    """A sentence as the memory keys it and edited files are compared: spacing aside."""
    return " ".join(source.split())


def check_source(edit: Edit, source: str, path: Path) -> None:
    """An edited segment must have the run's source: otherwise the file is from another run."""
    if normalize(edit.source) != normalize(source):
        raise IngestError(
            str(path),
            f"segment '{edit.id}': its source is not the run's ({source[:60]!r}); is the file from another run?",
            edit.line,
        )


def read_bilingual(path: Path, known_ids: Iterable[str] | None = None) -> list[Edit]:
    """Segments of an edited .xlf/.xliff, .tmx, .tsv or segments .jsonl file.

    A repeated id, an empty id, or (when `known_ids` is given) an id that is not in the
    run is an IngestError naming the file (and line, for TSV).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlf", ".xliff"):
        rows = [
            (line, seg_id, source, target, state, sub, comments, rejected, written)
            for seg_id, source, target, state, sub, line, comments, rejected, written in read_xliff(path)
        ]
    elif suffix == ".tmx":
        rows = [(line, tuid, en, es, None, None, (), None, mark) for tuid, en, es, line, mark in read_tmx(path)]
    elif suffix == ".tsv":
        rows = [(line, i, en, es, None, None, (), None, mark) for line, i, en, es, mark in read_tsv(path)]
    elif suffix == ".jsonl":  # a segments.jsonl changed by hand: the record itself, no mark
        rows = [(n, s.id, s.source, s.target or "", None, None, (), None, None) for n, s in numbered_segments(path)]
    else:
        raise UsageError(f"{path}: unsupported file type '{suffix}'; expected .xlf, .xliff, .tmx, .tsv or .jsonl")
    known = set(known_ids) if known_ids is not None else None
    seen: set[str] = set()
    edits = []
    for line, seg_id, source, target, state, sub_state, comments, rejected, written in rows:
        if not seg_id:
            raise IngestError(str(path), "a segment has no id", line)
        if seg_id in seen:
            raise IngestError(str(path), f"segment id '{seg_id[:200]}' appears twice", line)
        if known is not None and seg_id not in known:
            raise IngestError(str(path), f"segment id '{seg_id[:200]}' is not in this run", line)
        seen.add(seg_id)
        edits.append(Edit(seg_id, source, target, state, sub_state, line, comments, rejected, written))
    return edits
