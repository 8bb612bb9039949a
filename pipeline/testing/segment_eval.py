"""Score a sentence splitter on gold sets: exact case lists and boundary F1.

Cases are segmented as the product segments them: the text is split into paragraphs
by `ingest.split_paragraphs` (blank lines; single line breaks become spaces), then
each paragraph into sentences.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.stages.ingest import split_paragraphs

Splitter = Callable[[str], list[str]]


@dataclass(frozen=True)
class CaseResult:
    id: str
    passed: bool
    expected: list[str]
    produced: list[str]


@dataclass(frozen=True)
class BoundaryScore:
    precision: float
    recall: float
    f1: float


def load_cases(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def product_splitter(spans: Callable[[str], list[tuple[int, int]]]) -> Splitter:
    """A text → sentences function that goes through paragraph splitting first."""

    def split(text: str) -> list[str]:
        return [p[a:b] for p in split_paragraphs(text) for a, b in spans(p)]

    return split


def exact_cases(split: Splitter, cases: Iterable[dict], collapse_spaces: bool = False) -> list[CaseResult]:
    """A case passes when its stripped, non-empty segments equal the stripped `expected`.

    With `collapse_spaces`, runs of whitespace inside a segment count as one space.
    """
    norm = (lambda s: " ".join(s.split())) if collapse_spaces else str.strip
    results = []
    for case in cases:
        produced = [norm(s) for s in split(case["text"]) if s.strip()]
        expected = [norm(e) for e in case["expected"] if e.strip()]
        results.append(CaseResult(str(case["id"]), produced == expected, expected, produced))
    return results


def boundary_f1(split: Splitter, cases: Iterable[dict]) -> BoundaryScore:
    """Precision/recall of sentence-internal boundaries, placed by counting non-space characters."""
    tp = fp = fn = 0
    for case in cases:
        gold = _cuts(case["expected"])
        produced = _cuts(split(case["text"]))
        tp += len(gold & produced)
        fp += len(produced - gold)
        fn += len(gold - produced)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BoundaryScore(precision, recall, f1)


def _cuts(sentences: list[str]) -> set[int]:
    cuts, total = set(), 0
    for sentence in sentences[:-1]:
        total += len("".join(sentence.split()))
        cuts.add(total)
    return cuts
