import dataclasses
from collections import defaultdict

import pytest

from pipeline.engines.pseudo import PseudoEngine
from pipeline.errors import EngineError, StageError
from pipeline.runner import run_stages
from pipeline.stages.ingest import document_from_text
from pipeline.stages.segment import SentenceSplitter
from pipeline.stages.translate import TranslateStage
from tests.doubles import CountingEngine


def _docs(*texts):
    return [document_from_text(f"d{i}", f"d{i}.txt", t) for i, t in enumerate(texts)]


class Explode:
    name = "explode"

    def __call__(self, doc):
        if doc.id == "d1":
            raise ValueError("boom")
        return doc


def test_failure_is_wrapped_with_stage_and_document():
    with pytest.raises(StageError, match=r"stage 'explode' failed on document d1: ValueError: boom"):
        list(run_stages(_docs("A.", "B."), [Explode()]))


class BrokenEngine(PseudoEngine):
    def translate_scored(self, texts):
        raise KeyError("lost")


def test_failure_in_a_batching_stage_names_the_documents_in_flight():
    stages = [SentenceSplitter(), TranslateStage(BrokenEngine(), chunk_segments=100)]
    with pytest.raises(StageError) as info:
        list(run_stages(_docs("A.", "B."), stages))
    assert info.value.stage == "translate" and info.value.doc_ids == ["d0", "d1"]


def test_translate_batches_across_documents_and_translates_repeats_once():
    engine = CountingEngine()
    docs = _docs("Same line. Other one.", "Same line.", "Third doc.")
    timings = defaultdict(float)
    out = list(run_stages(docs, [SentenceSplitter(), TranslateStage(engine, chunk_segments=3)], timings))
    assert engine.calls == [["Same line.", "Other one."], ["Third doc."]]
    assert [d.id for d in out] == ["d0", "d1", "d2"]
    assert out[1].segments[0].target == out[0].segments[0].target
    assert all(s.engine == "pseudo expansion=0.3" for d in out for s in d.segments)
    assert set(timings) == {"segment", "translate"}


def test_a_resumed_document_passes_the_later_stages_by():
    engine = CountingEngine()
    [fresh, done] = run_stages(_docs("Same line.", "Same line."), [SentenceSplitter()])
    final = dataclasses.replace(done.segments[0], target="Final, localized text.")
    done = dataclasses.replace(done, segments=(final,), resumed=True)
    out = list(run_stages([fresh, done], [TranslateStage(engine), Explode(), SentenceSplitter()]))
    assert out[1] == done  # neither translated, nor re-segmented, nor localized again
    assert engine.texts == ["Same line."]  # its final text is not a raw translation to reuse
    assert out[0].segments[0].target != "Final, localized text."


def test_engine_returning_wrong_count_is_an_engine_error():
    class Short(PseudoEngine):
        def translate_scored(self, texts):
            return super().translate_scored(texts)[:-1]

    with pytest.raises(EngineError, match="returned 1 translations for 2 inputs"):
        list(run_stages(_docs("One. Two."), [SentenceSplitter(), TranslateStage(Short())]))


def test_stages_do_not_mutate_their_input():
    [doc] = _docs("One. Two.")
    [out] = run_stages([doc], [SentenceSplitter(), TranslateStage(PseudoEngine())])
    assert doc.segments == () and len(out.segments) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.segments[0].target = "x"  # type: ignore[misc]


def test_copyright_is_kept_and_long_sentences_are_translated_in_pieces():
    engine = CountingEngine()
    text = "Havana (EFE).– First clause here; second clause here.\n\n© 2026 EFE News Services (U.S.) Inc."
    [doc] = run_stages(_docs(text), [SentenceSplitter(max_chars=25), TranslateStage(engine)])
    assert engine.calls == [["First clause here;", "second clause here."]]
    long, copyright = doc.segments
    assert long.target == "[Fîrst çlåûsé héré; ~~~~~~] [séçöñd çlåûsé héré. ~~~~~~]"
    assert copyright.target == copyright.source and copyright.engine is None


def test_repeats_across_chunks_are_translated_once():
    engine = CountingEngine()
    docs = _docs("Byline here. Story one.", "Byline here. Story two.", "Byline here.")
    stage = TranslateStage(engine, chunk_segments=1)
    out = list(run_stages(docs, [SentenceSplitter(), stage]))
    assert engine.calls == [["Byline here.", "Story one."], ["Story two."]]
    assert (stage.engine_inputs, stage.engine_translated) == (5, 3)
    assert out[2].segments[0].target == out[0].segments[0].target


def test_translation_memory_is_bounded():
    engine = CountingEngine()
    stage = TranslateStage(engine, chunk_segments=1, memory=1)
    list(run_stages(_docs("Alpha one.", "Beta two.", "Alpha one."), [SentenceSplitter(), stage]))
    assert engine.calls == [["Alpha one."], ["Beta two."], ["Alpha one."]] and len(stage._seen) == 1
