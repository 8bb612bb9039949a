"""Speed benchmark: the pipeline's MarianMT engines against the naive loop and raw CTranslate2.

Yardstick: a checkpoint with opus-mt-en-es's architecture and vocabulary (6+6 layers,
d_model 512, 8 heads, FFN 2048, 65,001 tokens, tied embeddings) and random weights,
built here. Sentences: the first N of WMT newstest2013 with at least 24 source tokens,
so that every system generates the full 64 tokens (random weights never stop early,
and our engine's 2×source+16 length cap never cuts in). Each measurement runs in its
own process (so peak RSS is its own) with the same threads, beams and max length.

    python bench/speed.py [--sentences 200] [--naive 16] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MAX_LENGTH = 64
RUNS = [
    # (name, system, beams, sentences: "naive" uses --naive of them)
    ("naive loop, transformers fp32, greedy", "naive", 1),
    ("naive loop, transformers fp32, beam 4", "naive", 4),
    ("raw CTranslate2 int8 translate_batch, greedy", "raw-ct2", 1),
    ("raw CTranslate2 int8 translate_batch, beam 4", "raw-ct2", 4),
    ("pipeline, transformers engine fp32, greedy", "pipeline-marian", 1),
    ("pipeline, CTranslate2 engine int8, greedy", "pipeline-ct2", 1),
    ("pipeline, CTranslate2 engine int8, beam 4", "pipeline-ct2", 4),
]


def child(system: str, model: Path, sentences: list[str], beams: int, threads: int, cache: Path) -> dict:
    """One measurement; returns seconds, sentences and target tokens generated."""
    import torch

    torch.set_num_threads(threads)
    from pipeline.config import EngineConfig

    config = EngineConfig(system, str(model), "cpu", beams, MAX_LENGTH, 4096, False, threads, cache)
    tokens = 0
    if system == "naive":
        from transformers import MarianMTModel, MarianTokenizer

        tokenizer = MarianTokenizer.from_pretrained(model)
        net = MarianMTModel.from_pretrained(model).eval()
        started = time.perf_counter()
        for sentence in sentences:
            batch = tokenizer([sentence], return_tensors="pt")
            with torch.inference_mode():
                out = net.generate(**batch, num_beams=beams, max_new_tokens=MAX_LENGTH, do_sample=False)
            tokenizer.decode(out[0], skip_special_tokens=True)
            tokens += out.shape[1] - 1
    elif system == "raw-ct2":
        import ctranslate2
        from transformers import MarianTokenizer

        from pipeline.engines.ctranslate2 import CTranslate2Engine
        from pipeline.models import find_model

        converted = CTranslate2Engine(config).converted_path(find_model(str(model)))
        tokenizer = MarianTokenizer.from_pretrained(model)
        source = [tokenizer.convert_ids_to_tokens(tokenizer(s)["input_ids"]) for s in sentences]
        translator = ctranslate2.Translator(str(converted), device="cpu", compute_type="int8", intra_threads=threads)
        started = time.perf_counter()
        results = translator.translate_batch(source, beam_size=beams, max_decoding_length=MAX_LENGTH)
        tokens = sum(len(r.hypotheses[0]) for r in results)
    else:
        from pipeline.engines.ctranslate2 import CTranslate2Engine
        from pipeline.engines.marian import MarianEngine

        engine = (CTranslate2Engine if system == "pipeline-ct2" else MarianEngine)(config)
        engine.translate_batch(["Warm-up."])  # load (and convert) outside the timing
        started = time.perf_counter()
        engine.translate_batch(sentences)
        tokens = len(sentences) * MAX_LENGTH  # every output runs to the cap: the report checks it on raw runs
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "sentences": len(sentences), "tokens": tokens}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--naive", type=int, default=16, help="sentences for the (slow) naive loop")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--child", nargs=4, metavar=("SYSTEM", "MODEL", "BEAMS", "SENTENCES_JSON"), help=argparse.SUPPRESS
    )
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        system, model, beams, sentences = args.child
        result = child(
            system, Path(model), json.loads(Path(sentences).read_text()), int(beams), args.threads, args.cache
        )
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return

    from pipeline.testing.marian import OPUS_MT_EN_ES, build_marian

    news = args.shared / "data" / "parallel" / "wmt-newstest2013"
    english = (news / "wmt-newstest2013.en").read_text(encoding="utf-8").splitlines()
    spanish = (news / "wmt-newstest2013.es").read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("building the opus-mt-en-es-shaped checkpoint…", file=sys.stderr)
        model = build_marian(work / "model", english, spanish, **OPUS_MT_EN_ES)
        from transformers import MarianTokenizer

        tokenizer = MarianTokenizer.from_pretrained(model)
        long_enough = [s for s in english if len(tokenizer(s)["input_ids"]) >= 24]
        picked = long_enough[: args.sentences]
        files = {n: work / f"{n}.json" for n in ("all", "naive")}
        files["all"].write_text(json.dumps(picked))
        files["naive"].write_text(json.dumps(picked[: args.naive]))
        results = {}
        for name, system, beams in RUNS:
            print(f"running: {name}", file=sys.stderr)
            sentences = files["naive" if system == "naive" else "all"]
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--threads",
                    str(args.threads),
                    "--cache",
                    str(work / "cache"),
                    "--child",
                    system,
                    str(model),
                    str(beams),
                    str(sentences),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    report(results, args)


def report(results: dict, args: argparse.Namespace) -> None:
    print(
        f"{args.threads} threads, max length {MAX_LENGTH}, {args.sentences} sentences "
        f"({args.naive} for the naive loop)\n"
    )
    print("| run | sentences/s | target tokens/s | peak RSS MB |")
    print("|---|---|---|---|")
    rate = {}
    for name, r in results.items():
        rate[name] = r["tokens"] / r["seconds"]
        print(f"| {name} | {r['sentences'] / r['seconds']:.2f} | {rate[name]:.0f} | {r['peak_rss_mb']:.0f} |")
    for name, r in results.items():
        if not name.startswith("pipeline") and r["tokens"] != r["sentences"] * MAX_LENGTH:
            print(f"\nnote: {name} averaged {r['tokens'] / r['sentences']:.1f} tokens per sentence, not {MAX_LENGTH}")
    print()
    for label in ("greedy", "beam 4"):
        naive = rate[f"naive loop, transformers fp32, {label}"]
        raw = rate[f"raw CTranslate2 int8 translate_batch, {label}"]
        ours = rate[f"pipeline, CTranslate2 engine int8, {label}"]
        print(f"{label}: pipeline = {ours / naive:.1f}× naive loop, {ours / raw:.2f}× raw CTranslate2")


if __name__ == "__main__":
    main()
