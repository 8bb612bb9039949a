"""Terminology benchmark: are the required Spanish terms in the output, once, without damage?

Sets (test use only, read from ../shared): WMT25 terminology track 1 (500 sentences
with their required term pairs; CC BY-NC), TICO-19 terms (Facebook list) on the
TICO-19 test sentences that contain them, and the EFE-style articles in corpus/ with
glossaries/efe-en-es.tsv. Engines: pseudo, Apertium, and a MarianMT checkpoint on disk
(random weights with opus-mt's shape is not available quickly; a tiny random one is
used, which has learned nothing, so it shows what happens when an engine drops
placeholders: every term becomes a QA issue, none is silently lost).

* term accuracy: required target terms present exactly once (case of the first letter
  ignored), over the terms that occur in the source;
* unconstrained: the same check on the engine's output without the glossary;
* placeholder survival: protected spans that came back from the engine intact;
* clean: segments whose output, compared with the unconstrained output, changed only
  in the term words and the articles/prepositions around them (1 − damage);
* flagged: segments with a term-missing or placeholder-left QA issue.

    python bench/terminology.py [--shared ../shared] [--engines pseudo apertium marian]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.glossary import Glossary, load_glossaries  # noqa: E402
from pipeline.records import (
    Entry,  # noqa: E402
    Segment,  # noqa: E402
)
from pipeline.stages.qa import recheck  # noqa: E402
from pipeline.stages.terms import Matcher, RestoreStage, count_terms, mask  # noqa: E402

_GLUE = {"de", "del", "el", "la", "los", "las", "a", "al", "un", "una", "unos", "unas"}


def wmt25(shared: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    folder = shared / "data" / "parallel" / "wmt25-terminology-track1"
    english = (folder / "wmt25-terminology-track1.en").read_text(encoding="utf-8").splitlines()
    terms = [
        json.loads(line)
        for line in (folder / "wmt25-terminology-track1.terms-proper.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return [(sentence, list(pairs.items())) for sentence, pairs in zip(english, terms)]


def tico19(shared: Path, limit: int = 500) -> list[tuple[str, list[tuple[str, str]]]]:
    folder = shared / "data" / "parallel"
    en_terms = (folder / "tico19-terminology" / "tico19-terms-fb.en").read_text(encoding="utf-8").splitlines()
    es_terms = (folder / "tico19-terminology" / "tico19-terms-fb.es").read_text(encoding="utf-8").splitlines()
    pairs = [(e.strip(), s.strip()) for e, s in zip(en_terms, es_terms) if len(e.strip()) > 3]
    patterns = [(re.compile(rf"(?<!\w){re.escape(e)}(?!\w)", re.IGNORECASE), e, s) for e, s in pairs]
    cases = []
    for sentence in (folder / "tico19-test" / "tico19-test.en").read_text(encoding="utf-8").splitlines():
        found = [(e, s) for pattern, e, s in patterns if pattern.search(sentence)]
        if found:
            cases.append((sentence, found))
    return cases[:limit]


def efe(shared: Path) -> list[tuple[str, Matcher]]:
    from pipeline.stages.ingest import list_inputs, read_documents
    from pipeline.stages.segment import SentenceSplitter

    matcher = Matcher(load_glossaries([ROOT / "glossaries" / "efe-en-es.tsv"]))
    docs = read_documents(list_inputs([ROOT / "corpus"]).files, lambda error: None)
    return [(seg.source, matcher) for doc in docs for seg in SentenceSplitter()(doc).segments if seg.translatable]


def evaluate(engine, cases: list[tuple[str, Matcher]]) -> dict[str, float]:
    segments = []
    for sentence, matcher in cases:
        hits = tuple(matcher.find(sentence))
        segments.append(Segment("b", 0, 0, 0, len(sentence), sentence, terms=hits))
    raw = engine.translate_batch([mask(s.source, s.terms) for s in segments])
    plain = engine.translate_batch([s.source for s in segments])
    required = correct = unconstrained = survived = clean = flagged = 0
    for (_, matcher), seg, output, baseline in zip(cases, segments, raw, plain):
        restored = RestoreStage(matcher).restore(Segment(**{**seg.__dict__, "target": output}))
        counts = count_terms(restored.target, [h.target for h in seg.terms])
        before = count_terms(baseline, [h.target for h in seg.terms])
        for target, count in counts.items():
            wanted = sum(h.target == target for h in seg.terms)
            required += wanted
            correct += wanted if count == wanted else 0
            unconstrained += wanted if before[target] == wanted else 0
            survived += min(wanted, output.count(f"⟦{target}⟧"))
        flagged += any(i.code in ("term-missing", "placeholder-left") for i in recheck(restored).issues)
        clean += _clean(restored.target, baseline, {w.lower() for h in seg.terms for w in h.target.split()})
    n = len(cases)
    return {
        "sentences": n,
        "terms": required,
        "term accuracy": correct / required if required else 1.0,
        "unconstrained": unconstrained / required if required else 1.0,
        "placeholder survival": survived / required if required else 1.0,
        "clean": clean / n,
        "flagged": flagged / n,
    }


def _clean(constrained: str, baseline: str, term_words: set[str]) -> bool:
    a, b = constrained.split(), baseline.split()
    allowed = term_words | _GLUE
    for op, _i1, _i2, j1, j2 in difflib.SequenceMatcher(a=b, b=a, autojunk=False).get_opcodes():
        if op != "equal" and not all(w.lower().strip(".,;:()\"'") in allowed for w in a[j1:j2]):
            return False
    return True


def engines(names: list[str], shared: Path, work: Path):
    for name in names:
        if name == "pseudo":
            from pipeline.engines.pseudo import PseudoEngine

            yield name, PseudoEngine()
        elif name == "apertium":
            from pipeline.engines.apertium import ApertiumEngine, apertium_available

            if apertium_available():
                yield name, ApertiumEngine()
            else:
                print("apertium-eng-spa is not installed; skipping it", file=sys.stderr)
        elif name == "marian":
            from pipeline.config import EngineConfig
            from pipeline.engines.marian import MarianEngine
            from pipeline.testing.marian import build_marian

            news = shared / "data" / "parallel" / "wmt-newstest2013"
            model = build_marian(
                work / "tiny",
                (news / "wmt-newstest2013.en").read_text(encoding="utf-8").splitlines()[:1500],
                (news / "wmt-newstest2013.es").read_text(encoding="utf-8").splitlines()[:1500],
            )
            yield "marian (tiny, random weights)", MarianEngine(EngineConfig("marian", str(model), "cpu", 1, 48))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--engines", nargs="+", default=["pseudo", "apertium", "marian"])
    args = parser.parse_args()

    def per_sentence(cases):
        return [
            (sentence, Matcher(Glossary(tuple(Entry(en, es, case_sensitive=False) for en, es in pairs))))
            for sentence, pairs in cases
        ]

    sets = {
        "WMT25 terminology": per_sentence(wmt25(args.shared)),
        "TICO-19 terms": per_sentence(tico19(args.shared)),
        "EFE corpus": efe(args.shared),
    }
    print(
        "| set | engine | sentences | terms | term accuracy | unconstrained | placeholder survival "
        "| clean (1 − damage) | flagged |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for engine_name, engine in engines(args.engines, args.shared, Path(tmp)):
            for set_name, cases in sets.items():
                r = evaluate(engine, cases)
                print(
                    f"| {set_name} | {engine_name} | {r['sentences']} | {r['terms']} | {r['term accuracy']:.1%} | "
                    f"{r['unconstrained']:.1%} | {r['placeholder survival']:.1%} | {r['clean']:.1%} "
                    f"| {r['flagged']:.1%} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
