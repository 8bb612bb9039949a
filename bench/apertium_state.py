"""Apertium with one tagger state per text (issue 22) against one process per batch.

Sentences: the first N of WMT newstest2013's English (../shared/data), as articles of 5
sentences, in engine calls of the size the translate stage makes (documents are gathered
until 512 segments wait: 103 articles, 515 sentences). Two engines:
  * "one process per batch": the whole call through one `apertium -f html` process, as
    before issue 22 (a text's Spanish could depend on the texts before it);
  * "one tagger state per text": ApertiumEngine as it is.
Each is timed --rounds times, alternating, on the same machine; the figure is the fastest
round. Then each engine translates the same sentences in the reverse order, and the sentences
whose Spanish changed are counted; --alone K also translates every K-th sentence alone, one
`apertium` process each, and counts the sentences whose Spanish differs from that.

    python bench/apertium_state.py [--sentences 3000] [--rounds 3] [--alone 10] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.engines.apertium import ApertiumEngine

ROOT = Path(__file__).resolve().parents[1]
NEWS = Path("data") / "parallel" / "wmt-newstest2013" / "wmt-newstest2013.en"
ARTICLE = 5  # sentences
CHUNK = 512  # the translate stage's chunk_segments


class OneProcessPerBatch(ApertiumEngine):
    """The engine before issue 22: a whole call through one `apertium -f html` process."""

    def _run(self, lines: list[str]) -> str:
        return self._alone("".join(f"{line}\n" for line in lines))


def calls(sentences: list[str]) -> list[list[str]]:
    """The engine calls of the translate stage for articles of ARTICLE sentences."""
    articles = -(-CHUNK // ARTICLE) * ARTICLE
    return [sentences[i : i + articles] for i in range(0, len(sentences), articles)]


def translate(engine: ApertiumEngine, sentences: list[str]) -> tuple[list[str], float]:
    started = time.perf_counter()
    out = [text for call in calls(sentences) for text in engine.translate_batch(call)]
    return out, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--alone", type=int, default=0, help="compare every K-th sentence translated alone")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    sentences = (args.shared / NEWS).read_text(encoding="utf-8").splitlines()[: args.sentences]
    engines = {"one process per batch": OneProcessPerBatch(), "one tagger state per text": ApertiumEngine()}
    seconds: dict[str, list[float]] = {name: [] for name in engines}
    forward: dict[str, list[str]] = {}
    for _ in range(args.rounds):
        for name, engine in engines.items():
            forward[name], spent = translate(engine, sentences)
            seconds[name].append(spent)
    print(f"{len(sentences)} sentences, {len(calls(sentences))} calls, best of {args.rounds} rounds")
    for name, spent in seconds.items():
        print(f"  {name:28} {min(spent):6.2f} s  {len(sentences) / min(spent):6.0f} sentences/s")
    before, after = (min(spent) for spent in seconds.values())
    print(f"  time ratio (per text / per batch): {after / before:.2f}")
    sample = range(0, len(sentences), args.alone) if args.alone else range(0)
    alone = [engines["one process per batch"].translate_batch([sentences[i]])[0] for i in sample]
    for name, engine in engines.items():
        backward = translate(engine, sentences[::-1])[0][::-1]
        moved = sum(a != b for a, b in zip(forward[name], backward))
        differ = sum(forward[name][i] != text for i, text in zip(sample, alone))
        print(f"  {name:28} reverse order changes {moved} of {len(sentences)} sentences", end="")
        print(f"; {differ} of {len(alone)} differ from the sentence alone" if alone else "")


if __name__ == "__main__":
    main()
