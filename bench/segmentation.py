"""Segmentation benchmark: our splitter against pySBD on the shared gold sets.

Both segmenters see the same input, split into paragraphs the way the product does.
Scores: exact case lists (stripped; and with runs of inner whitespace collapsed) on the
Golden Rules and pragmatic_segmenter extra cases, boundary P/R/F1 on GUM news
paragraphs. Speed: best of N passes over all three sets, in this one process, as a ratio.

    python bench/segmentation.py [--shared ../shared] [--repeat 5]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.stages.segment import SentenceSplitter
from pipeline.testing.segment_eval import Splitter, boundary_f1, exact_cases, load_cases, product_splitter

SETS = ("golden_rules_en", "pragmatic_segmenter_en_extra", "gum_news_paragraphs_en")


def pysbd_spans() -> Callable[[str], list[tuple[int, int]]]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def spans(text: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in segmenter.segment(text)] if text.strip() else []

    return spans


def best_time(split: Splitter, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            split(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = {name: load_cases(args.shared / "data" / "segmentation" / f"{name}.jsonl") for name in SETS}
    texts = [case["text"] for cases in data.values() for case in cases]
    splitters = {"efe-pipeline": product_splitter(SentenceSplitter().spans)}
    try:
        splitters["pySBD 0.3.4 (clean=False)"] = product_splitter(pysbd_spans())
    except ImportError:
        print("pySBD is not installed (pip install -e '.[bench]'); measuring ours alone\n")

    print(
        "| segmenter | Golden Rules (52) strict / spaces collapsed | extra (125) strict / collapsed "
        "| GUM news P / R / F1 | seconds, all 432 texts |"
    )
    print("|---|---|---|---|---|")
    seconds = {}
    for name, split in splitters.items():
        golden = [sum(r.passed for r in exact_cases(split, data[SETS[0]], c)) for c in (False, True)]
        extra = [sum(r.passed for r in exact_cases(split, data[SETS[1]], c)) for c in (False, True)]
        gum = boundary_f1(split, data[SETS[2]])
        seconds[name] = best_time(split, texts, args.repeat)
        print(
            f"| {name} | {golden[0]} / {golden[1]} | {extra[0]} / {extra[1]} | "
            f"{gum.precision:.4f} / {gum.recall:.4f} / {gum.f1:.4f} | {seconds[name]:.4f} |"
        )
    if len(seconds) == 2:
        ours, theirs = seconds.values()
        print(f"\nSpeed: efe-pipeline is {theirs / ours:.1f}× pySBD on the same texts (best of {args.repeat}).")


if __name__ == "__main__":
    main()
