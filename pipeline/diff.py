"""Compare two runs segment by segment: what was added, removed and changed, word by word,
and where each target came from (machine → memory → human).

The edit rate is TER-style: token insertions, deletions and substitutions needed to turn
the old target into the new one, over the old target's tokens, counted on the segments
both runs have (added and removed segments are listed, not rated). A token is a word or
one punctuation mark, so "Senado" → "Senado," is one inserted comma, not a changed word.
Both runs are read into memory by id (a review tool, not a corpus job).
"""

from __future__ import annotations

import difflib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.formats.jsonl import read_segments
from pipeline.output.files import SEGMENTS
from pipeline.records import Segment


@dataclass(frozen=True)
class Change:
    old: Segment
    new: Segment
    ops: list[tuple[str, list[str], list[str]]]  # ("equal"|"replace"|"delete"|"insert", old words, new words)

    @property
    def edits(self) -> int:
        """Tokens inserted, deleted or substituted; a change of spacing alone counts as one."""
        return sum(max(_words(a), _words(b), 1) for op, a, b in self.ops if op != "equal")


@dataclass
class RunDiff:
    added: list[Segment] = field(default_factory=list)
    removed: list[Segment] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    moved: list[tuple[Segment, Segment]] = field(default_factory=list)  # same target, another origin
    unchanged: int = 0
    words: dict[str, int] = field(default_factory=dict)  # old target words per document
    edits: dict[str, int] = field(default_factory=dict)  # word edits per document

    @property
    def equal(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved)

    def edit_rate(self, doc_id: str | None = None) -> float:
        words = self.words.get(doc_id, 0) if doc_id else sum(self.words.values())
        edits = self.edits.get(doc_id, 0) if doc_id else sum(self.edits.values())
        return edits / words if words else 0.0


def load_run(path: Path) -> dict[str, Segment]:
    """Segments by id from an output folder or a segments.jsonl file."""
    path = Path(path)
    file = path / SEGMENTS if path.is_dir() else path
    if not file.is_file():
        raise IngestError(str(file), "no such file: give an output folder or a segments.jsonl")
    return {seg.id: seg for seg in read_segments(file)}


def diff_runs(old: dict[str, Segment], new: dict[str, Segment]) -> RunDiff:
    result = RunDiff()
    for seg_id, seg in old.items():
        if seg_id not in new:
            result.removed.append(seg)
            continue
        result.words[seg.doc_id] = result.words.get(seg.doc_id, 0) + _words(tokens(seg.target or ""))
        result.edits.setdefault(seg.doc_id, 0)
        other = new[seg_id]
        if (seg.target or "") == (other.target or "") and seg.source == other.source:
            if seg.origin != other.origin:
                result.moved.append((seg, other))
            else:
                result.unchanged += 1
            continue
        ops = word_ops(tokens(seg.target or ""), tokens(other.target or ""))
        change = Change(seg, other, ops)
        result.changed.append(change)
        result.edits[seg.doc_id] = result.edits.get(seg.doc_id, 0) + change.edits
    result.added = [seg for seg_id, seg in new.items() if seg_id not in old]
    return result


_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|\w+(?:[-'’]\w+)*|[^\w\s]|\s+")


def tokens(text: str) -> list[str]:
    """Numbers ("250.000"), words (with inner hyphens and apostrophes), single punctuation
    marks and runs of spaces, so that joined they give the text back exactly."""
    return _TOKEN.findall(text)


def joined(words: list[str]) -> str:
    """Tokens back into the text they came from."""
    return "".join(words)


def _origin(seg: Segment) -> str:
    return seg.origin.value if seg.origin else "none"


def word_ops(old: list[str], new: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """Token operations turning `old` into `new` (spaces are tokens too: "la  ciudad" →
    "la ciudad" is a change of spacing)."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(op, old[i1:i2], new[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def render_text(diff: RunDiff, style=lambda text, **kw: text) -> str:
    """Terminal text: [-removed-]{+added+} inside changed lines; `style` may colour them."""
    lines = []
    for change in diff.changed:
        parts = []
        for op, a, b in change.ops:
            if op == "equal":
                parts.append(_visible(joined(a)))
            else:
                if a:
                    parts.append(style("[-" + _visible(joined(a), changed=True) + "-]", fg="red"))
                if b:
                    parts.append(style("{+" + _visible(joined(b), changed=True) + "+}", fg="green"))
        lines.append(f"~ {_visible(change.new.id)}: {''.join(parts)}{_moved(change.old, change.new)}")
    lines += [f"@ {_visible(new.id)}: {_origin(old)} → {_origin(new)}" for old, new in diff.moved]
    lines += [style(f"- {_visible(seg.id)}: {_visible(seg.target or '')}", fg="red") for seg in diff.removed]
    lines += [style(f"+ {_visible(seg.id)}: {_visible(seg.target or '')}", fg="green") for seg in diff.added]
    lines.append(_summary(diff))
    for doc_id in sorted(diff.edits):
        if diff.edits[doc_id]:
            lines.append(f"  {doc_id}: edit rate {diff.edit_rate(doc_id):.1%}")
    return "\n".join(lines) + "\n"


def render_json(diff: RunDiff) -> str:
    return (
        json.dumps(
            {
                "equal": diff.equal,
                "unchanged": diff.unchanged,
                "changed": [
                    {
                        "id": c.new.id,
                        "old": c.old.target,
                        "new": c.new.target,
                        "edits": c.edits,
                        "old_origin": _origin(c.old),
                        "new_origin": _origin(c.new),
                    }
                    for c in diff.changed
                ],
                "origin_changed": [
                    {"id": new.id, "old_origin": _origin(old), "new_origin": _origin(new)} for old, new in diff.moved
                ],
                "added": [s.id for s in diff.added],
                "removed": [s.id for s in diff.removed],
                "edit_rate": round(diff.edit_rate(), 4),
                "documents": {
                    d: {"words": diff.words.get(d, 0), "edits": e, "edit_rate": round(diff.edit_rate(d), 4)}
                    for d, e in sorted(diff.edits.items())
                },
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )


def render_html(diff: RunDiff, old_name: str, new_name: str) -> str:
    """A self-contained page (no scripts, fonts or network): source, old and new target side
    by side, where each came from, and the edit rate of every article."""
    rows = []
    for change in diff.changed:
        left = "".join(_piece(a, "del" if op != "equal" else "") for op, a, b in change.ops)
        right = "".join(_piece(b, "ins" if op != "equal" else "") for op, a, b in change.ops)
        rows.append(_html_row(change.old, change.new, left, right))
    rows += [_html_row(old, new, _piece([old.target or ""]), _piece([new.target or ""])) for old, new in diff.moved]
    rows += [_html_row(s, None, _piece([s.target or ""], "del"), "") for s in diff.removed]
    rows += [_html_row(None, s, "", _piece([s.target or ""], "ins")) for s in diff.added]
    rates = "".join(
        f"<tr><td class=id>{html.escape(doc_id)}</td><td>{diff.words.get(doc_id, 0)}</td><td>{edits}</td>"
        f"<td>{diff.edit_rate(doc_id):.1%}</td></tr>"
        for doc_id, edits in sorted(diff.edits.items())
    )
    return (
        "<!DOCTYPE html><html lang=es><meta charset=utf-8><title>efe-pipeline diff</title>"
        "<style>body{font:14px sans-serif;margin:1em}table{border-collapse:collapse;width:100%;margin-bottom:1em}"
        "td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}"
        "td{white-space:pre-wrap}td.id{font-family:monospace;white-space:nowrap}"
        "td.origin{font:12px monospace;color:#555}"
        "del{background:#fdd}ins{background:#dfd;text-decoration:none}</style>"
        f"<h1>{html.escape(old_name)} → {html.escape(new_name)}</h1><p>{html.escape(_summary(diff))}</p>"
        "<h2>Articles</h2><table><tr><th>article</th><th>tokens</th><th>edits</th><th>edit rate</th></tr>"
        f"{rates}</table>"
        f"<h2>Segments</h2><table><tr><th>segment</th><th>source</th><th>{html.escape(old_name)}</th>"
        f"<th>{html.escape(new_name)}</th><th>origin</th></tr>{''.join(rows)}</table></html>\n"
    )


def _html_row(old: Segment | None, new: Segment | None, left: str, right: str) -> str:
    seg = new or old
    assert seg is not None
    origins = " → ".join(dict.fromkeys(_origin(s) for s in (old, new) if s is not None))
    return (
        f"<tr><td class=id>{html.escape(seg.id)}</td><td lang=en>{html.escape(seg.source)}</td>"
        f"<td>{left}</td><td>{right}</td><td class=origin>{html.escape(origins)}</td></tr>"
    )


def _moved(old: Segment, new: Segment) -> str:
    return f" ({_origin(old)} → {_origin(new)})" if old.origin != new.origin else ""


def _words(pieces: list[str]) -> int:
    return sum(1 for piece in pieces if piece.strip())


def _visible(text: str, changed: bool = False) -> str:
    """Control, format and separator characters (ESC, a right-to-left override, a zero-width
    space) written as escapes, so a target can neither drive a terminal nor hide in a page; a
    run of spaces shown with middle dots. In a changed piece every space is shown, and a space
    other than the plain one (no-break, thin) is escaped, so a change of spacing can be seen."""

    def shown(char: str) -> str:
        if char in "\t\n":
            return {"\t": "\\t", "\n": "\\n"}[char]
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp") or (changed and category == "Zs" and char != " "):
            return f"\\u{ord(char):04x}"
        return "·" if changed and char == " " else char

    text = "".join(map(shown, text))
    return text if changed else re.sub(r"(?<= ) ", "·", text)


def _piece(pieces: list[str], tag: str = "") -> str:
    """Diff pieces for the HTML page: escaped, visible, inside <del>/<ins> when changed."""
    text = html.escape(_visible(joined(pieces), changed=bool(tag)))
    return f"<{tag}>{text}</{tag}>" if tag and text else text


def _summary(diff: RunDiff) -> str:
    return (
        f"{len(diff.changed)} changed, {len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.moved)} from another origin, {diff.unchanged} unchanged; edit rate {diff.edit_rate():.1%}"
    )
