"""Incremental runs over an archive: what a rerun costs against the full run.

An archive of N articles (5 sentences each, from the repository's English sample; every
100th one also names "the Aztec nation", which the run's glossary renders) is translated
into one output folder, then three reruns of the same command over it:
  * +1% new articles (the desk's day),
  * one glossary entry changed (the one that matches 1% of the articles),
  * nothing changed (CI rerunning on a commit that touched nothing the output depends on).
Each is a fresh CLI process, as a newsroom runs it, timed from start to exit; the figure
is its wall time as a ratio of the full run's. Goals: +1% under 5%, nothing under 3%.

The engine is MarianMT with a tiny model built on the spot (its cost per sentence is far
below the real model's, so these ratios are upper bounds for a real run); --model PATH
gives a real checkpoint, --engine pseudo or apertium another engine.

    python bench/incremental.py [--documents 2000] [--engine marian] [--model PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "parallel"
HEADER = "en\tes\tes_feminine\tgender\tnumber\tcase\tdnt\tcontext\tavoid\n"
TERM = "Officials from the Aztec nation attended the meeting."


def write_articles(folder: Path, first: int, count: int) -> None:
    lines = (SAMPLE / "sample.en").read_text(encoding="utf-8").splitlines()
    folder.mkdir(exist_ok=True)
    for n in range(first, first + count):
        start = (n * 7) % (len(lines) - 5)
        body = lines[start : start + 5] + ([TERM] if n % 100 == 0 else [])
        text = f"MADRID, Dec. {n % 28 + 1} (EFE).– " + "\n\n".join(body)
        (folder / f"story-{n:06d}.txt").write_text(text + "\n", encoding="utf-8")


def write_glossary(path: Path, aztec: str) -> None:
    path.write_text(HEADER + f"the Aztec nation\t{aztec}\t\tm\tsg\tany\t\tepithet\t\n", encoding="utf-8")


def translate(command: list[str], outdir: Path) -> tuple[float, dict]:
    """Wall seconds of one CLI run, and its manifest's counts."""
    started = time.perf_counter()
    done = subprocess.run([*command, "-o", str(outdir), "-q"], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"translate failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))["counts"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--engine", default="marian")
    parser.add_argument("--model", default=None, help="a MarianMT folder (default: a tiny one built here)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model = args.model
        if args.engine in ("marian", "ctranslate2") and model is None:
            from pipeline.testing.marian import build_marian

            english = (SAMPLE / "sample.en").read_text(encoding="utf-8").splitlines()
            spanish = (SAMPLE / "sample.es").read_text(encoding="utf-8").splitlines()
            model = str(build_marian(folder / "tiny-marian", english, spanish, init_std=1.0))
        corpus, glossary, out = folder / "corpus", folder / "glossary.tsv", folder / "out"
        write_articles(corpus, 0, args.documents)
        write_glossary(glossary, "el país azteca")
        command = [sys.executable, "-m", "pipeline", "translate", str(corpus), "--engine", args.engine]
        command += ["--glossary", str(glossary)] + (["--model", model, "--no-download"] if model else [])
        print(f"engine {args.engine}{' (' + model + ')' if args.model else ''}; {args.documents:,} articles\n")
        print("| run | translated | carried | wall s | of the full run | goal |\n|---|---|---|---|---|---|")
        full, counts = translate(command, out)
        print(f"| full run | {counts['translated']} | {counts['carried']} | {full:.1f} | 1 | |", flush=True)
        added = max(1, args.documents // 100)

        def rerun(label: str, goal: str) -> None:
            seconds, counts = translate(command, out)
            print(
                f"| {label} | {counts['translated']} | {counts['carried']} | {seconds:.1f} | "
                f"{seconds / full:.1%} | {goal} |",
                flush=True,
            )

        write_articles(corpus, args.documents, added)
        rerun(f"+{added} new articles (1%)", "< 5%")
        write_glossary(glossary, "la nación mexicana")
        rerun("one glossary entry changed (matches 1%)", "< 5%")
        rerun("nothing changed", "< 3%")


if __name__ == "__main__":
    main()
