"""The names guard measured: Apertium on NTREX-128 and newstest2013, with and without it.

For each test set the English lines go through the whole pipeline (one document per
line, both glossaries in glossaries/, the localizer on) twice: `--no-name-guard`, then
with the guard. Reported for each run:
* names kept: of the source's capitalised name tokens (not a sentence's first word, not a
  common English word: Zipf frequency below 4 in wordfreq), the share found unchanged in
  the line's translation;
* BLEU and chrF against the human Spanish reference (sacreBLEU, default settings).
The guard should raise the first without lowering the others by more than 0.3.

    python bench/names.py [--shared ../shared] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sacrebleu  # noqa: E402
from wordfreq import zipf_frequency  # noqa: E402

from pipeline.config import EngineConfig, RunConfig  # noqa: E402
from pipeline.job import translate_corpus  # noqa: E402

SETS = {"NTREX-128": "ntrex128/ntrex128", "newstest2013": "wmt-newstest2013/wmt-newstest2013"}
COMMON = 4.0
_WORD = re.compile(r"[^\W\d_][\w-]*")  # "Sainsbury's": the name is "Sainsbury"


def name_tokens(line: str) -> list[str]:
    """Capitalised words that are neither a sentence's first word nor common English."""
    found = []
    for match in _WORD.finditer(line):
        word = match.group()
        before = line[: match.start()].rstrip()
        initial = not before or before[-1] in ".!?:\"“'‘(—–-"
        if word[0].isupper() and not word.isupper() and not initial and zipf_frequency(word, "en") < COMMON:
            found.append(word)
    return found


def names_kept(sources: list[str], targets: list[str]) -> tuple[int, int]:
    kept = total = 0
    for source, target in zip(sources, targets):
        for word in name_tokens(source):
            total += 1
            kept += bool(re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", target))
    return kept, total


def translate(lines: list[str], workdir: Path, guard: bool) -> tuple[list[str], float]:
    corpus = workdir / "lines.jsonl"
    records = (json.dumps({"id": f"l{i:05d}", "text": line}, ensure_ascii=False) for i, line in enumerate(lines))
    corpus.write_text("".join(record + "\n" for record in records), encoding="utf-8")
    out = workdir / ("guard" if guard else "plain")
    started = time.perf_counter()
    translate_corpus(
        RunConfig(
            inputs=(corpus,),
            outdir=out,
            engine=EngineConfig("apertium"),
            glossaries=tuple(sorted((ROOT / "glossaries").glob("*.tsv"))),
            name_guard=guard,
        )
    )
    seconds = time.perf_counter() - started
    targets: dict[str, list[str]] = {}
    for record in map(json.loads, (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()):
        targets.setdefault(record["doc_id"], []).append(record["target"] or "")
    return [" ".join(targets.get(f"l{i:05d}", [])) for i in range(len(lines))], seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=0, help="only the first N lines of each set")
    args = parser.parse_args()
    print("| test set | lines | names guard | names kept | BLEU | chrF | seconds |\n|---|---|---|---|---|---|---|")
    for label, stem in SETS.items():
        base = args.shared / "data" / "parallel" / stem
        english = base.with_suffix(".en").read_text(encoding="utf-8").splitlines()
        spanish = base.with_suffix(".es").read_text(encoding="utf-8").splitlines()
        if args.limit:
            english, spanish = english[: args.limit], spanish[: args.limit]
        for guard in (False, True):
            with tempfile.TemporaryDirectory() as tmp:
                targets, seconds = translate(english, Path(tmp), guard)
            kept, total = names_kept(english, targets)
            bleu = sacrebleu.corpus_bleu(targets, [spanish]).score
            chrf = sacrebleu.corpus_chrf(targets, [spanish]).score
            print(
                f"| {label} | {len(english)} | {'on' if guard else 'off'} | {kept}/{total} ({kept / total:.1%}) "
                f"| {bleu:.2f} | {chrf:.2f} | {seconds:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
