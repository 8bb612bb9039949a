"""Memory benchmark: peak RSS of a whole translate run for 1,000 and 10,000 documents.

Documents are built from the WMT news test sets (5 sentences each, cycling through
the sets), written as one JSONL file, and translated by `efe-pipeline translate` in a
child process whose peak RSS is read from the kernel. The pseudo engine keeps the
10,000-document run short; what is measured is the pipeline's own memory (ingest,
segmentation, batching, the bounded translation memory, outputs), which must not
grow with the corpus.

    python bench/memory.py [--shared ../shared] [--engine pseudo]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SETS = ["wmt-newstest2009", "wmt-newstest2010", "wmt-newstest2011", "wmt-newstest2012", "wmt-newstest2013"]


def write_corpus(path: Path, documents: int, shared: Path) -> None:
    lines = [
        line
        for name in SETS
        for line in (shared / "data" / "parallel" / name / f"{name}.en").read_text(encoding="utf-8").splitlines()
    ]
    with path.open("w", encoding="utf-8") as fh:
        for n in range(documents):
            start = (n * 5) % (len(lines) - 5)
            text = "Madrid (EFE).– " + "\n\n".join(lines[start : start + 5])
            fh.write(json.dumps({"id": f"doc-{n:06d}", "text": text}) + "\n")


def peak_rss_mb(command: list[str]) -> float:
    """Run `command` in a fresh wrapper process and return the child's peak RSS."""
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True)
    return int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--engine", default="pseudo")
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("efe-pipeline"))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for documents in (1_000, 10_000):
            corpus = Path(tmp) / f"corpus-{documents}.jsonl"
            write_corpus(corpus, documents, args.shared)
            outdir = Path(tmp) / f"out-{documents}"
            results[documents] = peak_rss_mb(
                [cli, "translate", str(corpus), "-o", str(outdir), "--engine", args.engine, "-q"]
            )
            manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
            print(
                f"{documents:>6} documents, {manifest['counts']['segments']:>6} segments: "
                f"peak RSS {results[documents]:.0f} MB"
            )
    ratio = results[10_000] / results[1_000]
    print(f"10,000 / 1,000 documents: {ratio:.3f} ({'within' if ratio <= 1.10 else 'NOT within'} 10%)")


if __name__ == "__main__":
    main()
