import json

import pytest

from pipeline.config import QAConfig
from pipeline.engines.pseudo import PseudoEngine
from pipeline.errors import OutputError
from pipeline.formats import jsonl, tsv
from pipeline.formats import spanish_text as text
from pipeline.output.atomic import atomic_open
from pipeline.output.files import MANIFEST, RECORDS, document_file
from pipeline.output.lock import LOCK
from pipeline.output.store import RunFolder
from pipeline.records import Document
from pipeline.runner import run_stages
from pipeline.stages.ingest import document_from_text
from pipeline.stages.segment import SentenceSplitter
from pipeline.stages.translate import TranslateStage


def _translated(text_in: str, doc_id: str = "doc"):
    [doc] = run_stages(
        [document_from_text(doc_id, "x.txt", text_in)], [SentenceSplitter(), TranslateStage(PseudoEngine())]
    )
    return doc


@pytest.mark.parametrize("value", ["plain", "tab\there", "line\nbreak", "back\\slash\\t", "cr\r", ""])
def test_tsv_escape_round_trips(value):
    escaped = tsv.escape(value)
    assert "\t" not in escaped and "\n" not in escaped
    assert tsv.unescape(escaped) == value


def test_rendered_article_keeps_paragraphs_dateline_and_spacing():
    doc = _translated("Havana (EFE).– One here.  Two here.\n\nThree here.")
    rendered = text.render_document(doc)
    paragraphs = rendered.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Havana (EFE).– [Öñé héré.")
    assert "~]  [Twö" in paragraphs[0]  # the double space between sentences survives


def test_rendering_untranslated_segments_reassembles_the_source():
    doc = SentenceSplitter()(document_from_text("d", "d.txt", "MADRID, Dec. 3 (EFE).- One.  Two?\n\nThree."))
    assert text.render_document(doc) == "MADRID, Dec. 3 (EFE).- One.  Two?\n\nThree.\n"


def test_jsonl_round_trip(tmp_path):
    doc = _translated("One. Two.")
    path = tmp_path / "s.jsonl"
    path.write_text("".join(jsonl.segment_lines(doc)), encoding="utf-8")
    assert tuple(jsonl.read_segments(path)) == doc.segments


def test_atomic_open_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as fh:
            fh.write("half")
            raise RuntimeError
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "..", ""])
def test_document_ids_cannot_escape_the_output_folder(bad_id):
    with pytest.raises(OutputError):
        document_file(bad_id, ".es.txt")


def test_a_transaction_publishes_only_when_it_is_published(tmp_path):
    first, second = _translated("One. Two.", "b"), _translated("Three.", "a")
    with RunFolder(tmp_path) as folder:
        txn = folder.begin("translate-key", QAConfig())
        folder.stage(txn, first, 0, {"text": "1"})
        folder.stage(txn, second, 1, {"text": "2"})
        assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK, ".txn-translate-key"]  # nothing visible yet
        assert txn.finished("b", {"text": "1"}) and not txn.finished("b", {"text": "other"})
        assert not txn.finished("missing", {"text": "1"})
        folder.publish(txn, lambda done: {"counts": {"documents": done.documents}}, [])
    names = sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK)
    assert names == [
        "a.es.txt",
        "a.review.html",
        "a.xlf",
        "b.es.txt",
        "b.review.html",
        "b.xlf",
        "bilingual.tsv",
        "corpus.tmx",
        RECORDS,
        "documents.tsv",
        MANIFEST,
        "qa.json",
        "review.html",
        "segments.jsonl",
    ]
    assert (tmp_path / "documents.tsv").read_text(encoding="utf-8") == "id\tordinal\nb\t0\na\t1\n"
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["outputs"]["articles"] == 2 and manifest["counts"] == {"documents": 2}
    lines = (tmp_path / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["b:0:0", "b:0:1", "a:0:0"]  # write order
    records = [json.loads(line) for line in (tmp_path / RECORDS).read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["key"]) for r in records] == [("b", {"text": "1"}), ("a", {"text": "2"})]
    assert Document.from_dict(records[0]["document"]) == first
