"""How `translate --ray` hands chunks to its translators when one chunk is slow: wall time
with 2 translators over chunks of equal cost, and over the same chunks with one of them
made slow (a long article, a cold cache, an actor restarted and loading its model again).

The engine is the pseudo engine with a sleep: `--per-sentence` seconds for each sentence it
is given, and `--slow` seconds more for the one chunk holding a marked sentence. It is a
subclass defined here, in the bench process only (Ray sends it to the actors by value), so
nothing in the product knows about it. Each run starts its own local Ray (3 CPUs: two
translators and one for the reading and finishing tasks); the figures are the fastest and
the median of `--repeat` runs' wall times, Ray's start included (on a shared machine the
fastest is the steadier figure).

    python bench/ray_dispatch.py [--documents 400] [--chunk-lines 20] [--per-sentence 0.01] [--slow 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]  # run as a script: this folder's ray.py would stand in for Ray

from pipeline.cluster import RayOptions
from pipeline.config import EngineConfig, RunConfig
from pipeline.engines import EngineChoice
from pipeline.engines.pseudo import PseudoEngine
from pipeline.job import translate_corpus
from pipeline.records import Translation

ROOT = Path(__file__).resolve().parents[1]
MARK = "The late file arrived after midnight."


class SleepyEngine(PseudoEngine):
    """The pseudo engine at a model's pace: a sleep per sentence, and a long one for the
    batch that holds the marked sentence."""

    def __init__(self, per_sentence: float, slow: float) -> None:
        self.per_sentence, self.slow = per_sentence, slow

    def translate_scored(self, texts: list[str]) -> list[Translation]:
        time.sleep(self.per_sentence * len(texts) + (self.slow if any(MARK in t for t in texts) else 0.0))
        return super().translate_scored(texts)


def write_corpus(path: Path, documents: int, slow_document: int | None) -> None:
    """JSONL documents of 5 sample sentences each, each sentence its own (a translator's
    memory of repeats would make later chunks cheaper); `slow_document` also holds the marked one."""
    lines = (ROOT / "tests" / "data" / "parallel" / "sample.en").read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as fh:
        for n in range(documents):
            start = (n * 5) % (len(lines) - 5)
            body = [f"In story {n}, {line}" for line in lines[start : start + 5]]
            body += [MARK] if n == slow_document else []
            fh.write(json.dumps({"id": f"doc-{n:06d}", "text": "Madrid (EFE).– " + "\n\n".join(body)}) + "\n")


def run(corpus: Path, outdir: Path, engine: SleepyEngine, chunk_lines: int) -> float:
    """Wall seconds of one --ray run with 2 translators."""
    config = RunConfig(inputs=(corpus,), outdir=outdir, engine=EngineConfig("pseudo"))
    options = RayOptions(translators=2, chunk_lines=chunk_lines, cpus=3)
    started = time.perf_counter()
    translate_corpus(config, choice=EngineChoice(engine), cluster=options)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--chunk-lines", type=int, default=20)
    parser.add_argument("--per-sentence", type=float, default=0.01)
    parser.add_argument("--slow", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = SleepyEngine(args.per_sentence, args.slow)
    chunks = -(-args.documents // args.chunk_lines)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(
            f"--ray, 2 translators; {args.documents:,} documents in {chunks} chunks; "
            f"{args.per_sentence:g} s a sentence, one chunk {args.slow:g} s slower\n"
        )
        print("| chunks | fastest wall s | median wall s |\n|---|---|---|")
        for n, (label, slow_document) in enumerate((("all alike", None), ("one slow (the 3rd)", 2 * args.chunk_lines))):
            corpus = folder / f"corpus-{n}.jsonl"
            write_corpus(corpus, args.documents, slow_document)
            walls = [run(corpus, folder / f"out-{n}-{k}", engine, args.chunk_lines) for k in range(args.repeat)]
            print(f"| {label} | {min(walls):.1f} | {statistics.median(walls):.1f} |", flush=True)


if __name__ == "__main__":
    main()
