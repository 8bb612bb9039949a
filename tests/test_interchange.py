"""TMX, XLIFF and TSV out and back, schema validity, safe parsing, the translation memory, diff."""

import json
import re
import shutil

import pytest
from lxml import etree

from pipeline.config import EngineConfig, RunConfig
from pipeline.engines import EngineChoice
from pipeline.errors import IngestError
from pipeline.formats import tsv
from pipeline.formats.edits import as_written, read_bilingual
from pipeline.formats.tmx import write_tmx
from pipeline.formats.xliff import xliff_bytes
from pipeline.formats.xml import iter_elements
from pipeline.job import translate_corpus
from pipeline.records import Document, Issue, Origin, Review, Segment, TermHit, text_digest
from tests.conftest import CORPUS, xliff12_schema
from tests.doubles import CountingEngine

TRICKY = [
    ('Kelly said "no" & <left> at 5 < 6', "Kelly dijo «no» & <se fue> a las 5 < 6"),
    ("Control \x07 and \x1b[0m characters", "Caracteres \x07 de \x1b[0m control"),
    ("Emoji 😀 and ‘quotes’ and tabs\tinside", "Emoji 😀 y ‘comillas’ y tabulador\tdentro"),
    ("]]> and &amp; stay literal", "]]> y &amp; quedan literales"),
]


def _doc():
    segments = tuple(
        Segment(
            "story-1",
            index,
            0,
            0,
            len(source),
            source,
            target,
            terms=(TermHit(0, 5, "Kelly", "Kelly", "placeholder"),),
            issues=(Issue("number-mismatch", "error", "5 <missing> & more"),),
            engine="pseudo expansion=0.3",
        )
        for index, (source, target) in enumerate(TRICKY)
    ) + (Segment("story-1", len(TRICKY), 0, 0, 4, "Two.", None),)
    return Document("story-1", "story-1.txt", tuple(s.source for s in segments), segments=segments)


def _write(tmp_path, kind, doc=None):
    doc = doc or _doc()
    if kind == "tmx":
        path = tmp_path / "corpus.tmx"
        with path.open("wb") as fh:
            write_tmx(fh, [doc])
    elif kind == "xlf":
        path = tmp_path / "story-1.xlf"
        path.write_bytes(xliff_bytes(doc))
    else:
        path = tmp_path / "bilingual.tsv"
        path.write_text(tsv.HEADER + "".join(tsv.segment_rows(doc.segments)), encoding="utf-8")
    return doc, path


@pytest.mark.parametrize("kind", ["tmx", "xlf", "tsv"])
def test_round_trip_keeps_every_character(tmp_path, kind):
    doc, path = _write(tmp_path, kind)
    edits = read_bilingual(path)
    assert [(e.id, e.source, e.target) for e in edits] == [(s.id, s.source, s.target or "") for s in doc.segments]
    assert [e.written for e in edits] == [text_digest(s.target) for s in doc.segments[:-1]] + [None]
    assert all(as_written(e) for e in edits[:-1])  # each target as it was written, characters and all


AT = "2026-11-02T10:00:00+00:00"
MARKS = [  # (how a segment stands, whether its file carries the mark of its target as written)
    ({"origin": Origin.MACHINE, "confidence": 0.81}, True),
    ({"origin": Origin.MEMORY, "confidence": 1.0}, True),
    ({"origin": Origin.COPY}, True),
    ({"origin": Origin.MACHINE, "review": Review("rejected", "Ana", AT, "Mal.")}, True),  # not a person's text
    ({"origin": Origin.HUMAN}, False),  # a person's target is people's work wherever it goes
    ({"origin": Origin.MACHINE, "review": Review("approved", "Ana", AT)}, False),
    ({"target": None}, False),
]


def _marked_doc():
    segments = tuple(
        Segment("d", 0, i, 0, 9, f"Source {i}.", **{"target": f"Destino {i}.", **changes})
        for i, (changes, _) in enumerate(MARKS)
    )
    return Document("d", "d.txt", (" ".join(s.source for s in segments),), segments=segments)


@pytest.mark.parametrize("kind", ["tmx", "xlf", "tsv"])
def test_every_target_but_a_persons_carries_its_written_mark(tmp_path, kind):
    doc, path = _write(tmp_path, kind, _marked_doc())
    edits = read_bilingual(path)
    assert [e.written is not None for e in edits] == [marked for _, marked in MARKS]
    assert [as_written(e) for e in edits] == [marked for _, marked in MARKS]


@pytest.mark.shared_data
def test_the_written_marks_share_the_units_one_metadata_and_stay_valid(tmp_path, xliff_schema):
    doc, path = _write(tmp_path, "xlf", _marked_doc())
    assert xliff_schema.validate(etree.parse(str(path))), xliff_schema.error_log
    ns = {"mda": "urn:oasis:names:tc:xliff:metadata:2.0"}
    [metadata] = etree.parse(str(path)).getroot().iterfind(".//mda:metadata", ns)  # one per unit
    groups = {g.get("category"): g for g in metadata.iterfind("mda:metaGroup", ns)}
    assert list(groups) == ["efe:confidence", "efe:written"] and groups["efe:written"].get("appliesTo") == "target"
    marks = {m.get("type"): m.text for m in groups["efe:written"].iterfind("mda:meta", ns)}
    assert marks == {s.id: text_digest(s.target) for s, (_, marked) in zip(doc.segments, MARKS) if marked}


@pytest.mark.shared_data
def test_tmx_is_valid_against_the_dtd(tmp_path, shared):
    _, path = _write(tmp_path, "tmx")
    dtd = etree.DTD(str(shared / "data" / "schemas" / "tmx14.dtd"))
    assert dtd.validate(etree.parse(str(path))), dtd.error_log
    header = etree.parse(str(path)).getroot().find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attribute)


@pytest.fixture(scope="module")
def xliff_schema(shared):
    return etree.XMLSchema(etree.parse(str(shared / "data" / "schemas" / "xliff_core_2.0.xsd")))


@pytest.mark.shared_data
def test_xliff_is_valid_against_the_schema(tmp_path, xliff_schema, shared):
    _, path = _write(tmp_path, "xlf")
    assert xliff_schema.validate(etree.parse(str(path))), xliff_schema.error_log
    assert not xliff_schema.validate(etree.parse(str(shared / "data" / "schemas" / "examples" / "invalid-2.0.xlf")))
    root = etree.parse(str(path)).getroot()
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    states = [(s.get("state"), s.get("subState")) for s in root.iterfind(".//x:segment", ns)]
    assert states[0] == ("translated", "efe:mt") and states[-1] == ("initial", None)
    assert root.find(".//x:note[@category='qa']", ns).text.startswith("story-1:0:0: error number-mismatch")


@pytest.mark.shared_data
def test_translate_writes_valid_interchange_files(run, tmp_path, xliff_schema, shared):
    result = run("translate", str(CORPUS), "-o", str(tmp_path), "--engine", "pseudo", "-q", "--xliff", "both")
    assert result.exit_code == 0, result.output
    dtd = etree.DTD(str(shared / "data" / "schemas" / "tmx14.dtd"))
    assert dtd.validate(etree.parse(str(tmp_path / "corpus.tmx")))
    version_1_2 = xliff12_schema()
    for xlf in tmp_path.glob("*.xlf"):
        schema = version_1_2 if xlf.name.endswith(".v12.xlf") else xliff_schema
        assert schema.validate(etree.parse(str(xlf))), (xlf, schema.error_log)
    assert len(list(tmp_path.glob("*.v12.xlf"))) == len(list(tmp_path.glob("*.es.txt")))
    segments = [json.loads(line) for line in (tmp_path / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    documents = [
        json.loads(line)["document"] for line in (tmp_path / "documents.jsonl").read_text("utf-8").splitlines()
    ]
    datelines = {f"{d['id']}:dateline": d["dateline"] for d in documents if d["dateline"]}
    assert datelines  # the corpus has datelines: each is a unit of its own, before its article's sentences
    for name in ("corpus.tmx", *(f"{d['id']}{suffix}" for d in documents for suffix in (".xlf", ".v12.xlf"))):
        read = read_bilingual(tmp_path / name)
        expected = [
            (s["id"], s["source"], s["target"] or "")
            for s in segments
            if name == "corpus.tmx" or name.startswith(s["doc_id"] + ".")
        ]
        assert [(e.id, e.source, e.target) for e in read if e.id not in datelines] == expected, name
        assert {e.id: e.source for e in read if e.id in datelines}.items() <= datelines.items()


XXE = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<tmx version="1.4"><header/><body><tu tuid="a:0:0"><tuv xml:lang="en"><seg>&secret;</seg></tuv></tu></body></tmx>"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"><file id="f">
<unit id="u"><segment id="s"><source>&c;</source></segment></unit></file></xliff>"""


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("x.tmx", XXE, "refused unsafe XML"),
        ("x.xlf", LAUGHS, "refused unsafe XML"),
        ("x.xlf", "<xliff><file><unit", "not well-formed XML"),
        (
            "x.xlf",
            "<xliff>\n<file>\n<unit>&nbsp;</unit></file></xliff>",
            "x.xlf:3: not well-formed XML (Entity 'nbsp' not defined)",
        ),
        ("x.xlf", f'<xliff><file><unit id="{"u" * 11_000_000}"/></file></xliff>', "over the XML reader's limits"),
        ("x.xlf", "<xliff>" + "<g>" * 300 + "</g>" * 300 + "</xliff>", "256 levels deep"),
        (
            "x.tsv",
            "id\tsource\ttarget\na:0:0\tOne.\tUno.\na:0:0\tOne.\tUno.\n",
            "x.tsv:3: segment id 'a:0:0' appears twice",
        ),
        ("x.tsv", "id\tsource\ttarget\na:0:0\tOne.\n", "x.tsv:2: 2 cells"),
        ("x.tsv", "id\tsource\ttarget\na:0:0\tOne.\tUno.\tabc\n", "x.tsv:2: 4 cells; expected id, source, target"),
        (
            "x.tsv",
            "id\tsource\ttarget\twritten\na:0:0\tOne.\tUno.\tabc\tx\n",
            "x.tsv:2: 5 cells; expected id, source, target, written",
        ),
        ("x.tsv", "wrong header\n", "x.tsv:1: the first line must be the header"),
    ],
)
def test_bad_or_unsafe_files_are_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError, match=re.escape(message)):
        read_bilingual(path)


def test_a_large_memory_file_is_read_one_unit_at_a_time(tmp_path):
    pair = '<tuv xml:lang="en"><seg>One {0}.</seg></tuv><tuv xml:lang="es"><seg>Uno {0}.</seg></tuv>'
    units = "".join(f'<tu tuid="d:0:{i}">{pair.format(i)}</tu>' for i in range(500))
    path = tmp_path / "big.tmx"
    path.write_text(f'<tmx version="1.4"><header/><body>{units}</body></tmx>', encoding="utf-8")
    earlier = [list(tu.itersiblings(preceding=True)) for tu in iter_elements(path, ("tu",))]
    assert len(earlier) == 500 and max(map(len, earlier)) == 1  # the units read before are gone, but one
    assert all(len(e[0]) == 0 for e in earlier[1:])  # and that one emptied
    assert [e.target for e in read_bilingual(path)][-1] == "Uno 499."


def test_an_unsupported_file_type_is_bad_usage(run, tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK")
    result = run("tm", "import", path, "--tm", tmp_path / "tm.sqlite")
    assert result.exit_code == 2 and "unsupported file type '.docx'" in result.output
    assert not (tmp_path / "tm.sqlite").exists()


def test_unknown_ids_are_refused(tmp_path):
    _, path = _write(tmp_path, "tsv")
    with pytest.raises(IngestError, match="segment id 'story-1:0:0' is not in this run"):
        read_bilingual(path, known_ids={"other:0:0"})


EDITS = {  # 3 of havana-hurricane's 7 segments, as an editor left them
    "havana-hurricane:0:0": "El huracán Delia tocó tierra en la costa occidental de Cuba.",
    "havana-hurricane:2:1": "«Los bienes se pueden reconstruir», dijo el general Ramón Castilo.",  # misspelt name
    "havana-hurricane:4:0": "El Centro Nacional de Huracanes dijo que Delia podría fortalecerse.",
}


def test_only_what_people_changed_goes_into_the_memory_and_is_checked_when_reused(run, tmp_path):
    story = CORPUS / "havana-hurricane.txt"
    first = tmp_path / "first"
    glossary = CORPUS.parent / "glossaries" / "efe-en-es.tsv"
    assert run("translate", story, "-o", first, "--engine", "pseudo", "--glossary", glossary, "-q").exit_code == 0
    original = first / "havana-hurricane.xlf"
    tree = etree.parse(str(original))
    for segment in tree.iter("{urn:oasis:names:tc:xliff:document:2.0}segment"):
        if segment.get("id") in EDITS:
            segment[-1].text = EDITS[segment.get("id")]
    edited = tmp_path / "edited.xlf"
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")
    memory = tmp_path / "tm.sqlite"
    result = run("tm", "import", edited, "--tm", memory, "--against", first)
    assert result.exit_code == 0 and "3 imported" in result.output and "4 unchanged skipped" in result.output
    again = run("tm", "import", original, "--tm", memory, "--against", first)  # the unedited file: nothing replaced
    assert "0 imported" in again.output and "7 unchanged skipped" in again.output
    shutil.copy(memory, tmp_path / "copy.sqlite")
    forced = run("tm", "import", original, "--tm", tmp_path / "copy.sqlite", "--against", first, "--all")
    assert "4 imported" in forced.output and "3 people's entries kept" in forced.output

    second = tmp_path / "second"
    config = RunConfig(
        inputs=(story, CORPUS / "havana-hurricane-update.txt"),
        outdir=second,
        engine=EngineConfig("pseudo"),
        tm=memory,
        glossaries=(glossary,),
    )
    engine = CountingEngine()
    report = translate_corpus(config, choice=EngineChoice(engine))
    segments = {
        record["id"]: record
        for record in map(json.loads, (second / "segments.jsonl").read_text(encoding="utf-8").splitlines())
    }
    edited_sources = {segments[k]["source"] for k in EDITS}
    from_memory = {k for k, v in segments.items() if v["origin"] == "memory"}
    assert from_memory == {k for k, v in segments.items() if v["source"] in edited_sources} > set(EDITS)
    assert report.from_memory == len(from_memory)  # the 3 edited segments, and the update's repeats of them
    assert all(segments[k]["target"] == v for k, v in EDITS.items())
    assert "term-missing" in {issue["code"] for issue in segments["havana-hurricane:2:1"]["issues"]}
    assert 'subState="efe:tm"' in (second / "havana-hurricane.xlf").read_text(encoding="utf-8")


def test_a_memory_that_does_not_exist_is_an_error_not_a_new_empty_one(run, tmp_path):
    missing = tmp_path / "tpyo.sqlite"
    out = tmp_path / "out"
    result = run("translate", CORPUS / "havana-hurricane.txt", "-o", out, "--engine", "pseudo", "--tm", missing)
    assert result.exit_code == 2 and f"translation memory {missing} does not exist" in result.output
    assert not missing.exists() and not (out / "manifest.json").exists()


def test_diff_of_two_real_runs(run, tmp_path):
    old, new = tmp_path / "pseudo", tmp_path / "apertium"
    for folder, engine in ((old, "pseudo"), (new, "apertium")):
        assert (
            run(
                "translate", str(CORPUS / "havana-hurricane.txt"), "-o", str(folder), "--engine", engine, "-q"
            ).exit_code
            == 0
        )
    same = run("diff", str(old), str(old))
    assert same.exit_code == 0 and "0 changed" in same.output
    text = run("diff", str(old), str(new))
    assert (
        text.exit_code == 1
        and "7 changed, 0 added, 0 removed" in text.output
        and "[-" in text.output
        and "\x1b[" not in text.output
    )
    report = json.loads(run("diff", str(old), str(new), "--format", "json").output)
    assert report["edit_rate"] > 0.5 and report["documents"]["havana-hurricane"]["words"] > 0
    page = tmp_path / "diff.html"
    assert run("diff", str(old / "segments.jsonl"), str(new), "--format", "html", "-o", str(page)).exit_code == 1
    assert "<ins>" in page.read_text(encoding="utf-8") and "<script" not in page.read_text(encoding="utf-8")
    assert run("diff", str(old), str(tmp_path)).exit_code == 2


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x1c"])
def test_a_bilingual_tsv_cell_may_hold_a_unicode_line_separator(tmp_path, separator):
    """The writer escapes tabs and line breaks only, so a row ends at a line break and nowhere
    else: a U+2028 or NEL in a target (pasted from the web, or cp1252 read as Latin-1) is text."""
    path = tmp_path / "bilingual.tsv"
    path.write_text(f"id\tsource\ttarget\nd:0:0\tOne{separator}two.\tUno{separator}dos.\n", encoding="utf-8")
    assert [row[1:4] for row in tsv.read_tsv(path)] == [("d:0:0", f"One{separator}two.", f"Uno{separator}dos.")]


def test_no_break_spaces_and_tabs_stay_in_the_sources_and_never_reach_the_engine(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "rates.txt").write_text(
        "Madrid (EFE).– The bank raised rates by 0.5\u00a0percent,\tthe board said.\n", encoding="utf-8"
    )
    engine = CountingEngine()
    translate_corpus(RunConfig(inputs=(corpus,), outdir=tmp_path / "out"), choice=EngineChoice(engine))
    [edit] = [e for e in read_bilingual(tmp_path / "out" / "corpus.tmx") if not e.id.endswith(":dateline")]
    assert edit.source == "The bank raised rates by 0.5\u00a0percent,\tthe board said."
    assert [e.source for e in read_bilingual(tmp_path / "out" / "rates.xlf")][-1] == edit.source
    assert engine.texts and not any("\u00a0" in text or "\t" in text for text in engine.texts)


def test_the_tmx_has_one_unit_per_line_at_least(run, tmp_path):
    assert run("translate", CORPUS, "-o", tmp_path, "--engine", "pseudo", "-q").exit_code == 0
    lines = (tmp_path / "corpus.tmx").read_text(encoding="utf-8").splitlines()
    units = len(read_bilingual(tmp_path / "corpus.tmx"))
    assert sum(line.startswith("<tu ") for line in lines) == units  # what a line-based reader counts
    assert sum("<tu " in line for line in lines) == units


def test_changing_the_xliff_version_rewrites_the_files_not_the_translations(run, tmp_path):
    out = tmp_path / "out"
    assert run("translate", CORPUS, "-o", out, "--engine", "pseudo", "-q").exit_code == 0
    articles = sorted(p.name[: -len(".xlf")] for p in out.glob("*.xlf"))
    assert articles and not list(out.glob("*.v12.xlf"))
    assert run("translate", CORPUS, "-o", out, "--engine", "pseudo", "-q", "--xliff", "1.2").exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["translated"] == 0  # the documents are carried, only rendered anew
    assert sorted(p.name[: -len(".v12.xlf")] for p in out.glob("*.v12.xlf")) == articles
    assert sorted(manifest["stale_files"]) == sorted(f"{a}.xlf" for a in articles)  # the 2.0 files are old
    fresh = tmp_path / "fresh"
    assert run("translate", CORPUS, "-o", fresh, "--engine", "pseudo", "-q", "--xliff", "1.2").exit_code == 0
    for article in articles:
        assert (out / f"{article}.v12.xlf").read_bytes() == (fresh / f"{article}.v12.xlf").read_bytes()


def test_a_file_edited_before_a_rerun_with_other_options_still_comes_back(run, tmp_path):
    out = tmp_path / "out"
    assert run("translate", CORPUS, "-o", out, "--engine", "pseudo", "-q").exit_code == 0
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["run"]
    path = next(out.glob("*.xlf"))
    edited = tmp_path / path.name
    tree = etree.parse(str(path))
    target = tree.xpath("//x:unit[not(@type)]//x:target", namespaces={"x": "urn:oasis:names:tc:xliff:document:2.0"})[0]
    target.text = "Corregido por Ana."
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")
    assert run("translate", CORPUS, "-o", out, "--engine", "pseudo", "-q", "--max-sentence-chars", "400").exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run"] != before and manifest["runs"] == [before, manifest["run"]]
    result = run("apply", edited, out)  # exit 4: the correction drops a figure, which QA reports
    assert result.exit_code in (0, 4) and "1 changed" in result.output, result.output


def test_an_absolute_input_under_the_working_directory_is_named_relative_to_it(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text("Lima (EFE).- The vote was close.\n", encoding="utf-8")
    assert (
        run("translate", tmp_path / "in" / "story.txt", "-o", tmp_path / "out", "--engine", "pseudo", "-q").exit_code
        == 0
    )
    assert 'original="in/story.txt"' in (tmp_path / "out" / "story.xlf").read_text(encoding="utf-8")
