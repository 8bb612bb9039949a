"""Scaling benchmark: each place that once grew faster than its input, at 1×, 4× and 16×.

Every case builds an input of size n, 4n and 16n and times one call (best of 3).
Linear code gives a 4× input about 4× the time; the goal is at most 5× at every step.
Cases are the reproductions of the reliability issue: pathological sentences for the
segmenter, a run of titles and one of straight quotes for the localizer, a document of many paragraphs for the
writers, many entries for the glossary check and the matcher, many list items, a
large memory file and a huge XML attribute for the XML readers.

    python bench/scaling.py [--base N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.config import LocalizeConfig
from pipeline.formats import spanish_text, xliff
from pipeline.formats.edits import read_file
from pipeline.glossary import Glossary, check_entries
from pipeline.records import Entry, Segment
from pipeline.stages.ingest import document_from_text
from pipeline.stages.localize import localize_text
from pipeline.stages.segment import SentenceSplitter
from pipeline.stages.terms import Matcher
from pipeline.text.gender import agree_titles

SPLIT = SentenceSplitter()


def _document(n: int):
    doc = document_from_text("d", "d.txt", "\n\n".join(f"Paragraph {i} has one sentence." for i in range(n)))
    doc = SPLIT(doc)
    return doc.__class__(**{**doc.__dict__, "segments": tuple(_translated(s) for s in doc.segments)})


def _translated(seg: Segment) -> Segment:
    return Segment(seg.doc_id, seg.paragraph, seg.sentence, seg.start, seg.end, seg.source, seg.source.upper())


def _titled(n: int) -> str:
    return " ".join(f"Dijo el presidente Ana Pérez{i} que sí." for i in range(n))


def _entries(n: int) -> list[Entry]:
    return [Entry(f"term number {i} of the list", f"término {i}", origin=f"g.tsv:{i}") for i in range(n)]


# name → (what one unit is, build(n) → a function to time)
CASES: dict[str, tuple[str, Callable[[int], Callable[[], object]]]] = {
    "segment 'a.' × n": ("2 chars", lambda n: lambda: SPLIT.spans("a." * n)),
    "segment 'a. ' × n": ("3 chars", lambda n: lambda: SPLIT.spans("a. " * n)),
    "segment 'U.S. ' × n": ("5 chars", lambda n: lambda: SPLIT.spans("U.S. " * n)),
    "segment list items 'a) x. b) y.' × n": ("list items", lambda n: lambda: SPLIT.spans(_items(n))),
    "segment '... ' × n": ("4 chars", lambda n: lambda: SPLIT.spans("Yes... " * n)),
    "localize 'la Presidente ' × n": (
        "14 chars",
        lambda n: lambda: localize_text("la Presidente " * n, LocalizeConfig()),
    ),
    "localize straight quotes 'a \" ' × 10n": (  # 80,000 quotes at 4x: 43x the time of 20,000 before
        "40 chars",
        lambda n: lambda: localize_text('a " ' * (10 * n), LocalizeConfig()),
    ),
    "restore: titles before n names in one paragraph": (
        "names",
        lambda n: lambda: agree_titles(_titled(n), [(f"Ana Pérez{i}", "f") for i in range(n)]),
    ),
    "write .es.txt + .xlf, n paragraphs": ("paragraphs", lambda n: _writers(_document(n))),
    "glossary check, n entries": ("entries", lambda n: lambda: check_entries(_entries(n))),
    "glossary matcher: build + 1,000 sentences, n entries": ("entries", lambda n: _matching(_entries(n))),
    "read TMX, n units": ("units", lambda n: _reading(_tmx(n))),
    "read XLIFF, one attribute of n × 100 chars": ("100 chars", lambda n: _reading(_xliff(n * 100))),
}
SENTENCES = [f"The term number {i} of the list was read out in session {i} of the assembly." for i in range(1000)]


def _matching(entries: list[Entry]) -> Callable[[], object]:
    def run() -> list[object]:
        matcher = Matcher(Glossary(tuple(entries)))
        return [matcher.find(sentence) for sentence in SENTENCES]

    return run


def _tmx(n: int) -> Path:
    pair = (
        '<tuv xml:lang="en"><seg>Sentence {0} of the memory.</seg></tuv><tuv xml:lang="es"><seg>Frase {0}.</seg></tuv>'
    )
    units = "".join(f'<tu tuid="d:0:{i}">{pair.format(i)}</tu>' for i in range(n))
    return _written("units.tmx", f'<tmx version="1.4"><header/><body>{units}</body></tmx>')


def _xliff(chars: int) -> Path:
    unit = f'<unit id="u" note="{"a" * chars}"><segment id="d:0:0"><source>One.</source></segment></unit>'
    return _written(
        "attribute.xlf",
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">'
        f'<file id="f">{unit}</file></xliff>',
    )


def _written(name: str, text: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix="efe-scaling-")) / name
    path.write_text(text, encoding="utf-8")
    return path


def _reading(path: Path) -> Callable[[], object]:
    return lambda: len(read_file(path).edits)


def _items(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join(f"{letters[i % 26]}) Item {i}." for i in range(n))


def _writers(doc) -> Callable[[], object]:
    return lambda: (spanish_text.render_document(doc), xliff.xliff_bytes(doc))


def best_of(run: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=2000, help="n for the 1× input")
    args = parser.parse_args()
    print(f"base n = {args.base}; seconds, best of 3; ratio = time(4x) / time(x) (goal ≤ 5)\n")
    print("| case | unit | 1× s | 4× s | 16× s | 4×/1× | 16×/4× |")
    print("|---|---|---|---|---|---|---|")
    worst = 0.0
    for name, (unit, build) in CASES.items():
        seconds = [best_of(build(args.base * factor)) for factor in (1, 4, 16)]
        ratios = [seconds[1] / max(seconds[0], 1e-9), seconds[2] / max(seconds[1], 1e-9)]
        worst = max(worst, *ratios)
        print(
            f"| {name} | {unit} | {seconds[0]:.4f} | {seconds[1]:.4f} | {seconds[2]:.4f} "
            f"| {ratios[0]:.2f} | {ratios[1]:.2f} |",
            flush=True,
        )
    print(f"\nworst ratio: {worst:.2f} ({'within' if worst <= 5 else 'NOT within'} the 5× goal)")


if __name__ == "__main__":
    main()
