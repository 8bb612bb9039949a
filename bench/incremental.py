"""Incremental runs over an archive: what a rerun costs against the full run.

An archive of N articles (5 sentences each, from WMT newstest2013's English in
../shared/data, each sentence made the article's own so that the full run cannot reuse one translation for
many; every 100th article also names "the Aztec nation", which the run's glossary renders)
is translated into one output folder, then three reruns of the same command over it:
  * +1% new articles (the desk's day),
  * one glossary entry changed (the one that matches 1% of the articles),
  * nothing changed (CI rerunning on a commit that touched nothing the output depends on).
Each is a fresh CLI process, as a newsroom runs it, timed from start to exit; the figure
is its wall time as a ratio of the full run's. Goals: +1% under 5%, nothing under 3%.

The engine is CTranslate2 (what `auto` picks) with --model: "opus-shaped" (default), a
checkpoint with opus-mt-en-es's architecture and vocabulary and random weights, built here
(its tokenizer trained on newstest2013),
so a sentence costs what it costs with the real model (random weights always generate
--max-length tokens); "tiny", the test suite's model, whose sentences cost next to nothing,
so the fixed cost of a run (starting Python, loading the model) dominates; or a MarianMT
folder. --engine pseudo or apertium times another engine.

    python bench/incremental.py [--documents 2000] [--engine ctranslate2] [--model opus-shaped|tiny|PATH]
                                [--beams 1] [--max-length 64] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = Path("data") / "parallel" / "wmt-newstest2013"
HEADER = "en\tes\tes_feminine\tgender\tnumber\tcase\tdnt\tcontext\tavoid\n"
TERM = "Officials from the Aztec nation attended the meeting."


def write_articles(folder: Path, lines: list[str], first: int, count: int) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(first, first + count):
        start = (n * 7) % (len(lines) - 5)
        own = [line.rstrip(".") + f", in report {n}." for line in lines[start : start + 5]]
        body = own + ([TERM] if n % 100 == 0 else [])
        text = f"MADRID, Dec. {n % 28 + 1} (EFE).– " + "\n\n".join(body)
        (folder / f"story-{n:06d}.txt").write_text(text + "\n", encoding="utf-8")


def write_glossary(path: Path, aztec: str) -> None:
    path.write_text(HEADER + f"the Aztec nation\t{aztec}\t\tm\tsg\tany\t\tepithet\t\n", encoding="utf-8")


def translate(command: list[str], outdir: Path, cache: Path) -> tuple[float, dict]:
    """Wall seconds of one CLI run, and its manifest's counts."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}  # CTranslate2's conversion: made once, not in ~
    started = time.perf_counter()
    done = subprocess.run([*command, "-o", str(outdir), "-q"], capture_output=True, text=True, cwd=ROOT, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"translate failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))["counts"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--engine", default="ctranslate2")
    parser.add_argument("--model", default="opus-shaped", help="opus-shaped, tiny, or a MarianMT folder")
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    news = args.shared / NEWS
    if not news.is_dir():
        raise SystemExit(f"{news} not found: this benchmark reads newstest2013 from the reference data (--shared)")
    english = (news / "wmt-newstest2013.en").read_text(encoding="utf-8").splitlines()
    spanish = (news / "wmt-newstest2013.es").read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model = args.model
        if args.engine not in ("marian", "ctranslate2"):
            model = None
        elif model in ("opus-shaped", "tiny"):
            from pipeline.testing.marian import OPUS_MT_EN_ES, build_marian

            shape = OPUS_MT_EN_ES if model == "opus-shaped" else {"init_std": 1.0}
            model = str(build_marian(folder / model, english, spanish, **shape))
        corpus, glossary, out = folder / "corpus", folder / "glossary.tsv", folder / "out"
        write_articles(corpus, english, 0, args.documents)
        write_glossary(glossary, "el país azteca")
        command = [sys.executable, "-m", "pipeline", "translate", str(corpus), "--engine", args.engine]
        command += ["--glossary", str(glossary)]
        if model:
            command += [
                "--model",
                model,
                "--no-download",
                "--beams",
                str(args.beams),
                "--max-length",
                str(args.max_length),
            ]
        shown = f"{args.engine}, model {args.model}, beams {args.beams}" if model else args.engine
        print(f"engine {shown}; {args.documents:,} articles of 5 sentences\n")
        print("| run | translated | carried | wall s | of the full run | goal |\n|---|---|---|---|---|---|")
        warm = folder / "warm-up"  # converts the model for CTranslate2 once, untimed
        write_articles(warm, english, 0, 1)
        translate([*command[:4], str(warm), *command[5:]], folder / "warm-up-out", folder / "cache")
        full, counts = translate(command, out, folder / "cache")
        print(f"| full run | {counts['translated']} | {counts['carried']} | {full:.1f} | 1 | |", flush=True)
        added = max(1, args.documents // 100)

        def rerun(label: str, goal: str) -> None:
            seconds, counts = translate(command, out, folder / "cache")
            print(
                f"| {label} | {counts['translated']} | {counts['carried']} | {seconds:.1f} | "
                f"{seconds / full:.1%} | {goal} |",
                flush=True,
            )

        write_articles(corpus, english, args.documents, added)
        rerun(f"+{added} new articles (1%)", "< 5%")
        write_glossary(glossary, "la nación mexicana")
        rerun("one glossary entry changed (matches 1%)", "< 5%")
        rerun("nothing changed", "< 3%")


if __name__ == "__main__":
    main()
