"""`translate --ray` against the plain run on the same corpus: wall time, Ray's fixed
overhead, and the driver's peak memory (which must not grow with the corpus).

Documents are built from the repository's English sample (5 sentences each, cycling),
written as one JSONL file. Each run is a fresh process; the driver's peak RSS is its own
VmHWM (Ray's processes are not the driver). Ray runs start a local Ray with this
machine's CPUs. With --device cuda and a MarianMT --model, translators reserve a GPU each.

    python bench/ray.py [--engine pseudo] [--model PATH] [--device cpu|cuda] [--documents 1000] [--beams N]
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
# The CLI in this process, then the driver's own peak RSS (kB) from the kernel.
DRIVER = (
    "import sys; from pipeline.cli import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit as end:\n    code = end.code\n"
    "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print(peak, file=sys.stderr); sys.exit(code or 0)"
)


def write_corpus(path: Path, documents: int) -> None:
    lines = (ROOT / "tests" / "data" / "parallel" / "sample.en").read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as fh:
        for n in range(documents):
            start = (n * 5) % (len(lines) - 5)
            text = "Madrid (EFE).– " + "\n\n".join(lines[start : start + 5])
            fh.write(json.dumps({"id": f"doc-{n:06d}", "text": text}) + "\n")


def run(corpus: Path, outdir: Path, engine: list[str], more: list[str]) -> tuple[float, float]:
    """Wall seconds and the driver's peak RSS in MB of one translate run."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, "translate", str(corpus), "-o", str(outdir), *engine, "-q", *more],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"translate failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", default="pseudo")
    parser.add_argument("--model", default=None)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--beams", type=int, default=None)
    args = parser.parse_args()
    engine = ["--engine", args.engine, "--device", args.device]
    if args.beams:
        engine += ["--beams", str(args.beams)]
    if args.model:
        engine += ["--model", args.model, "--no-download"]
    gpus = ["--gpus-per-translator", "1"] if args.device == "cuda" else []
    configs = {
        "local": [],
        "--ray, 1 translator": ["--ray", *gpus],
        "--ray, 2 translators": ["--ray", "--translators", "2", *gpus],
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpora = {n: folder / f"corpus-{n}.jsonl" for n in (1, args.documents, 10 * args.documents)}
        for n, path in corpora.items():
            write_corpus(path, n)
        print(f"engine {args.engine} on {args.device}; {args.documents:,} documents of 5 sentences\n")
        print("| run | wall s | documents/s | driver peak RSS MB |\n|---|---|---|---|")
        walls = {}
        for label, more in configs.items():
            seconds, peak = run(corpora[args.documents], folder / f"out-{len(walls)}", engine, more)
            walls[label] = seconds
            print(f"| {label} | {seconds:.1f} | {args.documents / seconds:.0f} | {peak:.0f} |", flush=True)
        one_local, _ = run(corpora[1], folder / "one-local", engine, [])
        one_ray, _ = run(corpora[1], folder / "one-ray", engine, ["--ray"])
        print(
            f"\nfixed overhead of --ray (one document): {one_ray - one_local:.1f} s "
            f"({one_ray:.1f} s against {one_local:.1f} s)"
        )
        small = run(corpora[args.documents], folder / "small", engine, ["--ray"])[1]
        large_seconds, large = run(corpora[10 * args.documents], folder / "large", engine, ["--ray"])
        print(
            f"driver peak RSS with --ray: {small:.0f} MB for {args.documents:,} documents, {large:.0f} MB for "
            f"{10 * args.documents:,} ({large / small:.2f}x; the 10x run took {large_seconds:.1f} s)"
        )
        ratio = walls["--ray, 1 translator"] / walls["local"]
        print(f"--ray with 1 translator takes {ratio:.2f}x the local run's time here")


if __name__ == "__main__":
    main()
