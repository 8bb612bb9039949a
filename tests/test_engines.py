import dataclasses
import random

import pytest

from pipeline.config import EngineConfig
from pipeline.engines import choose_engine
from pipeline.engines.ctranslate2 import CTranslate2Engine
from pipeline.engines.marian import MarianEngine
from pipeline.engines.pseudo import pseudo_translate
from pipeline.errors import EngineError
from pipeline.text.longtext import split_to_fit
from tests.conftest import CORPUS, ROOT


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Visit https://efe.com/a?b=1 now.", ["https://efe.com/a?b=1"]),
        ("Write to desk@efe.com today.", ["desk@efe.com"]),
        ("Up 2.5% to 1,085 pesos at 10:15.", ["2.5", "1,085", "10:15"]),
        ('Keep ⟦Rex Tillerson⟧ and <x id="1"/> as they are.', ["⟦Rex Tillerson⟧", '<x id="1"/>']),
    ],
)
def test_pseudo_keeps_protected_spans(text, kept):
    out = pseudo_translate(text)
    for span in kept:
        assert span in out
    assert out != text and out.startswith("[") and out.endswith("]")


def test_pseudo_is_deterministic_and_expanded():
    text = "The United States will not carry out mass deportations."
    out = pseudo_translate(text)
    assert out == pseudo_translate(text)
    assert 1.25 <= len(out) / len(text) <= 1.45
    assert "Ûñîtéd" in out


@pytest.mark.parametrize(
    "text, limit",
    [
        ("First clause; second clause, and third. Fourth sentence here.", 20),
        ("word " * 200, 50),
        ("x" * 300, 64),
    ],
)
def test_split_to_fit_pieces_fit_and_keep_every_word(text, limit):
    pieces = split_to_fit(text, lambda t: len(t) <= limit)
    assert all(len(p) <= limit for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_split_to_fit_prefers_clause_boundaries():
    text = "The minister spoke for an hour; the opposition walked out before the vote."
    assert split_to_fit(text, lambda t: len(t) <= 50) == [
        "The minister spoke for an hour;",
        "the opposition walked out before the vote.",
    ]


def test_unknown_engine():
    with pytest.raises(EngineError, match="unknown engine"):
        choose_engine(EngineConfig(name="nope"))


SENTENCES = [
    "The president said on Thursday that the talks would continue.",
    "Prices rose.",
    "Mexico and the United States agreed to set up a joint working group on border security on Tuesday.",
    "He left.",
    "The measure includes $14.5 billion in disaster aid.",
]


def _engine(model, **options):
    return MarianEngine(
        EngineConfig("marian", str(model), "cpu", options.pop("beams", 1), options.pop("max_length", 24), **options)
    )


def test_marian_batches_under_budget_and_restores_order(tiny_marian, monkeypatch):
    engine = _engine(tiny_marian, batch_tokens=64)
    seen: list[list[list[int]]] = []
    original = MarianEngine._generate

    def spy(self, loaded, batch):
        seen.append(batch)
        return original(self, loaded, batch)

    monkeypatch.setattr(MarianEngine, "_generate", spy)
    batched = engine.translate_batch(SENTENCES)
    assert all(len(b) * max(len(ids) for ids in b) <= 64 for b in seen)
    assert [len(b[0]) for b in seen] == sorted((len(b[0]) for b in seen), reverse=True)  # longest first
    one_by_one = [engine.translate_batch([s])[0] for s in SENTENCES]
    assert batched == one_by_one
    assert len(set(batched)) > 1


def test_marian_splits_long_input_instead_of_truncating(tiny_marian, monkeypatch):
    engine = _engine(tiny_marian)
    lengths: list[int] = []
    original = MarianEngine._generate

    def spy(self, loaded, batch):
        lengths.extend(len(ids) for ids in batch)
        return original(self, loaded, batch)

    monkeypatch.setattr(MarianEngine, "_generate", spy)
    long_text = " ".join(SENTENCES * 40)  # far beyond 512 tokens
    [out] = engine.translate_batch([long_text])
    assert len(lengths) >= 2 and max(lengths) <= 512
    assert sum(lengths) >= len(engine._ids(engine._load(), long_text)) - len(lengths)
    assert out.strip()


def test_marian_signature_names_model_revision_and_options(tiny_marian):
    sig = _engine(tiny_marian, beams=2).signature()
    assert sig.startswith(f"marian model={tiny_marian}@")
    assert "beams=2" in sig and "device=cpu" in sig and "transformers=" in sig


def test_marian_cuda_without_gpu_is_a_clear_error(tiny_marian, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(EngineError, match="--device cuda"):
        MarianEngine(EngineConfig("marian", str(tiny_marian), "cuda")).translate_batch(["Hi."])


BATCHINGS = [(4096, None), (64, None), (24, 7), (4096, 3)]  # (batch tokens, shuffle seed)


@pytest.mark.parametrize("kind", ["marian", "ctranslate2"])
@pytest.mark.parametrize("beams", [1, 3])
def test_a_translation_never_depends_on_its_batch(tiny_marian, tmp_path, kind, beams):
    """Each input's output cap is its own, so order and batch budget change nothing, the
    confidence included (it is rounded where a batch's arithmetic could reach it)."""
    sentences = [*SENTENCES, "A much longer sentence about the budget vote in the Senate on Friday night.", "Yes."]
    outputs = []
    for budget, seed in BATCHINGS:
        config = EngineConfig(kind, str(tiny_marian), "cpu", beams=beams, batch_tokens=budget, cache_dir=tmp_path)
        engine = (CTranslate2Engine if kind == "ctranslate2" else MarianEngine)(config)
        order = list(range(len(sentences)))
        if seed is not None:
            random.Random(seed).shuffle(order)
        translated = engine.translate_scored([sentences[i] for i in order])
        outputs.append([translated[order.index(i)] for i in range(len(sentences))])
    assert all(out == outputs[0] for out in outputs[1:])
    assert len({t.text for t in outputs[0]}) > 2
    assert all(0.0 <= t.confidence <= 1.0 for t in outputs[0])
    assert len({t.confidence for t in outputs[0]}) > 1  # a score per text, not one constant


class _Float32(CTranslate2Engine):
    """CTranslate2 at full precision: the same arithmetic as transformers, so the two runtimes'
    confidences can be compared (int8, the default on CPU, changes the model itself)."""

    @staticmethod
    def _compute_type(device: str) -> str:
        return "float32"


@pytest.mark.parametrize("beams", [1, 3])
def test_ctranslate2_and_transformers_give_the_same_confidence(tiny_marian, tmp_path, sample, beams):
    """Both are the mean log-probability per target token: CTranslate2's score is already
    that mean, and dividing it by the length again made every confidence 0.98–0.99."""
    sentences = sample[0][:16]
    config = EngineConfig("marian", str(tiny_marian), "cpu", beams=beams, cache_dir=tmp_path)
    by_torch = [t.confidence for t in MarianEngine(config).translate_scored(sentences)]
    by_ct2 = [
        t.confidence for t in _Float32(dataclasses.replace(config, name="ctranslate2")).translate_scored(sentences)
    ]
    assert all(abs(a - b) <= 0.02 for a, b in zip(by_torch, by_ct2)), list(zip(by_torch, by_ct2))
    assert max(by_torch) - min(by_torch) > 0.2  # the sentences differ: the comparison means something
    apart = [(i, j) for i in range(len(sentences)) for j in range(len(sentences)) if by_torch[i] - by_torch[j] > 0.03]
    assert apart and all(by_ct2[i] > by_ct2[j] for i, j in apart)  # least confident first: the same order


@pytest.mark.parametrize("amount", ["$2.5 billion", "€126.3 billion", "$14.5 billion", "4,800 million", "$10", "2.1"])
def test_pseudo_keeps_an_amount_whole_for_localize(amount):
    assert amount in pseudo_translate(f"They paid {amount} on Friday.")


def test_the_pseudo_engine_passes_its_own_qa_on_the_shipped_samples(run, tmp_path):
    """`make ci` with the offline engine: the samples' amounts ("$2.5 billion") reach
    localize whole, so QA finds the number where Spanish puts it ("2.500 millones")."""
    glossaries = [arg for g in sorted((ROOT / "glossaries").glob("*.tsv")) for arg in ("--glossary", g)]
    made = run("translate", CORPUS, "-o", tmp_path / "out", "--engine", "pseudo", "-q", *glossaries)
    assert made.exit_code == 0, made.output
    checked = run("qa", tmp_path / "out", "--fail-on", "error")
    assert checked.exit_code == 0, checked.output


def test_an_empty_translation_has_no_confidence(tiny_marian, tmp_path):
    """Cut at one token, transformers gives no text (CTranslate2 gives one word: both share
    translate_scored, which decides)."""
    engine = MarianEngine(EngineConfig("marian", str(tiny_marian), "cpu", beams=1, max_length=1, cache_dir=tmp_path))
    outputs = engine.translate_scored(["The storm hit Cuba on Sunday.", "Yes."])
    empty = [out for out in outputs if not out.text.strip()]
    assert empty and all(out.confidence == 0.0 for out in empty)  # it scored 1.0 before
