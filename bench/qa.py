"""Localize and QA measured on real text: hits per rule and check, false alarms, before/after.

* corpus/ translated by the pipeline (Apertium, the engine available offline);
* NTREX-128 (1,997 news sentences): English source and the human Spanish reference as
  the "target". The reference is good Spanish, so every error-level QA hit on it is a
  false alarm, and every change a localize rule makes to it is a change to good text;
* the EFE seed article through the pseudo engine, before and after the localizer;
* 20 NTREX reference lines with the style broken on purpose (titles capitalised, EEUU,
  straight quotes, US number formats, a.m./p.m., capitalised weekdays), then localized.

    python bench/qa.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.config import (  # noqa: E402
    EngineConfig,
    LocalizeConfig,  # noqa: E402
    RunConfig,
)
from pipeline.job import translate_corpus  # noqa: E402
from pipeline.records import Segment  # noqa: E402
from pipeline.stages.localize import localize_text, rules  # noqa: E402
from pipeline.stages.qa import check_segment  # noqa: E402


def rule_hits(targets: list[str]) -> Counter[str]:
    hits: Counter[str] = Counter()
    for name, rule in rules(LocalizeConfig()).items():
        hits[name] = sum(rule(t) != t for t in targets)
    return hits


def check_hits(pairs: list[tuple[str, str]], engine: str) -> Counter[str]:
    hits: Counter[str] = Counter()
    for source, target in pairs:
        seg = Segment("b", 0, 0, 0, len(source), source, target, engine=engine)
        for code in {f"{i.severity}:{i.code}" for i in check_segment(seg)}:
            hits[code] += 1
    return hits


def break_style(text: str) -> str:
    """Undo Spanish news style the way raw MT output often does."""
    text = re.sub(r"\b(presidente|ministro|secretario|canciller)\b", lambda m: m.group(1).capitalize(), text)
    text = re.sub(
        r"\b(lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b", lambda m: m.group(1).capitalize(), text
    )
    text = text.replace("EE.UU.", "EEUU").replace("EE. UU.", "EEUU")
    text = re.sub(r"[«»“”]", '"', text)
    text = re.sub(r"(\d)\.(\d{3})\b", r"\1,\2", text)
    text = re.sub(r"(\d),(\d)\b", r"\1.\2", text)
    return text.replace(" %", "%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    ntrex = args.shared / "data" / "parallel" / "ntrex128"
    english = (ntrex / "ntrex128.en").read_text(encoding="utf-8").splitlines()
    spanish = (ntrex / "ntrex128.es").read_text(encoding="utf-8").splitlines()

    with tempfile.TemporaryDirectory() as tmp:
        glossary = (ROOT / "glossaries" / "efe-en-es.tsv",)
        off = LocalizeConfig(False, "", "", False, False, False, False)
        raw = Path(tmp) / "raw"
        translate_corpus(
            RunConfig(
                inputs=(ROOT / "corpus",),
                outdir=raw,
                engine=EngineConfig("apertium"),
                localize=off,
                glossaries=glossary,
            )
        )
        raw_targets = [
            json.loads(line)["target"] for line in (raw / "segments.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        out = Path(tmp) / "out"
        translate_corpus(
            RunConfig(inputs=(ROOT / "corpus",), outdir=out, engine=EngineConfig("apertium"), glossaries=glossary)
        )
        records = [json.loads(line) for line in (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
        corpus_issues = Counter(
            f"{i['severity']}:{i['code']}"
            for r in records
            for i in {(i["severity"], i["code"]): i for i in r["issues"]}.values()
        )
        seed_runs = {}
        for name, style in (
            ("before", LocalizeConfig(False, "", "", False, False, False, False)),
            ("after", LocalizeConfig()),
        ):
            config = RunConfig(
                inputs=(args.shared / "data" / "efe",),
                outdir=Path(tmp) / name,
                engine=EngineConfig("pseudo"),
                localize=style,
                glossaries=(ROOT / "glossaries" / "efe-en-es.tsv",),
            )
            translate_corpus(config)
            seed_runs[name] = (
                (Path(tmp) / name / "kelly-tillerson-mexico-2017.es.txt").read_text(encoding="utf-8").split("\n\n")
            )

    print(
        f"## Localize rules: segments changed\n\n| rule | corpus/ ({len(records)} segments, raw Apertium output) "
        f"| again on the localized output (must be 0) | NTREX reference ({len(spanish)} lines of good Spanish) |"
    )
    print("|---|---|---|---|")
    corpus_rules = rule_hits(raw_targets)
    second_pass = rule_hits([r["target"] for r in records])
    ntrex_rules = rule_hits(spanish)
    for name in rules(LocalizeConfig()):
        print(
            f"| {name} | {corpus_rules[name]} | {second_pass[name]} "
            f"| {ntrex_rules[name]} ({ntrex_rules[name] / len(spanish):.1%}) |"
        )

    ntrex_checks = check_hits(list(zip(english, spanish)), "human reference")
    print("\n## QA checks: segments flagged\n\n| check | corpus/ | NTREX reference (false alarms) |\n|---|---|---|")
    for code in sorted(set(corpus_issues) | set(ntrex_checks)):
        print(f"| {code} | {corpus_issues[code]} | {ntrex_checks[code]} ({ntrex_checks[code] / len(spanish):.2%}) |")

    print("\n## Seed article, pseudo engine: before → after the localizer (paragraphs that differ)\n")
    for before, after in list(zip(*seed_runs.values())):
        if before != after:
            print(f"- before: {before}\n  after:  {after}")

    print("\n## 20 NTREX reference lines with broken style → localized\n")
    candidates = [
        s
        for s in spanish
        if re.search(r"«|EE\.? ?UU\.|\d\.\d{3}|presidente|ministro|lunes|martes|jueves|viernes|domingo", s)
    ][:20]
    restored = 0
    for line in candidates:
        broken = break_style(line)
        fixed = localize_text(broken, LocalizeConfig(quotes="angular" if "«" in line else "curly"))
        restored += fixed == line
        print(f"- broken: {broken}\n  fixed:  {fixed}{'  ✔' if fixed == line else ''}")
    print(f"\n{restored} of {len(candidates)} broken lines restored exactly to the reference.")


if __name__ == "__main__":
    main()
