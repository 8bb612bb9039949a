"""efe-pipeline apply: editors' corrections applied to a finished run, every file agreeing."""

import csv
import json
from pathlib import Path

import pytest
from lxml import etree

from pipeline.engines.apertium import apertium_available
from pipeline.errors import IngestError
from pipeline.formats.edits import read_bilingual
from pipeline.formats.tsv import escape
from pipeline.formats.xliff import EFE_NS
from pipeline.output.apply import apply_edits
from pipeline.output.files import MANIFEST
from tests.conftest import CORPUS, ROOT

GLOSSARY = ROOT / "glossaries" / "efe-en-es.tsv"
ARTICLE = "havana-hurricane"
# what a run writes that an editor opens: each file of run B is applied to run A
RUN_FILES = [f"{ARTICLE}.xlf", "bilingual.tsv", "corpus.tmx"]
XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
STORY = "Havana (EFE).- Hurricane Irma hit Cuba on Friday. The storm left 10 dead.\n\nTrump spoke about it.\n"


@pytest.fixture
def finished(run, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "havana.txt").write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    result = run("translate", corpus, "-o", out, "--engine", "pseudo", "--glossary", GLOSSARY, "-q")
    assert result.exit_code == 0, result.output
    return out


def _segments(out: Path) -> dict[str, dict]:
    lines = (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def _edited_tsv(out: Path, tmp_path: Path, targets: dict[str, str]) -> Path:
    rows = list(csv.reader((out / "bilingual.tsv").open(encoding="utf-8"), delimiter="\t"))
    for row in rows[1:]:
        row[2] = targets.get(row[0], row[2])
    path = tmp_path / "edited.tsv"
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_an_edit_reaches_every_output_file_and_keeps_the_old_target(run, finished, tmp_path):
    before = _segments(finished)
    first = next(iter(before))
    edited = _edited_tsv(finished, tmp_path, {first: "El huracán Irma azotó Cuba el viernes."})
    result = run("apply", edited, finished, "--editor", "Ana Ruiz")
    assert result.exit_code == 0, result.output
    assert f"1 changed, {len(before) - 1} unchanged" in result.output
    after = _segments(finished)
    seg = after[first]
    assert seg["target"] == "El huracán Irma azotó Cuba el viernes." and seg["origin"] == "human"
    [revision] = seg["history"]
    assert revision["target"] == before[first]["target"] and revision["origin"] == "pseudo"
    assert revision["replaced_by"] == "Ana Ruiz" and revision["file"] == str(edited)
    assert {k: v for k, v in after.items() if k != first} == {k: v for k, v in before.items() if k != first}
    assert "El huracán Irma azotó Cuba el viernes." in (finished / "havana.es.txt").read_text(encoding="utf-8")
    assert before[first]["target"] not in (finished / "havana.es.txt").read_text(encoding="utf-8")
    for path in (finished / "havana.xlf", finished / "corpus.tmx"):
        targets = {row.id: row.target for row in read_bilingual(path)}
        assert targets[first] == "El huracán Irma azotó Cuba el viernes.", path
    page = (finished / "havana.review.html").read_text(encoding="utf-8")
    assert "El huracán Irma azotó Cuba el viernes." in page and "La Habana" in page  # the dateline is kept
    assert "<td>1</td>" in (finished / "review.html").read_text(encoding="utf-8")  # the index counts the edit
    assert "El huracán Irma" in (finished / "bilingual.tsv").read_text(encoding="utf-8")
    manifest = json.loads((finished / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["applied"][0]["editor"] == "Ana Ruiz" and manifest["counts"]["human_edited"] == 1
    assert not list(finished.glob(".txn-*"))


@pytest.mark.shared_data
def test_the_rewritten_xliff_is_valid(run, finished, tmp_path, shared):
    first = next(iter(_segments(finished)))
    assert run("apply", _edited_tsv(finished, tmp_path, {first: "Otra cosa."}), finished).exit_code == 0
    schema = etree.XMLSchema(etree.parse(str(shared / "data" / "schemas" / "xliff_core_2.0.xsd")))
    assert schema.validate(etree.parse(str(finished / "havana.xlf"))), schema.error_log


def test_an_edit_that_drops_a_glossary_name_is_checked_and_fails(run, finished, tmp_path):
    trump = next(k for k, v in _segments(finished).items() if "Trump" in v["source"])
    result = run("apply", _edited_tsv(finished, tmp_path, {trump: "Triunfo habló de ello."}), finished)
    assert result.exit_code == 4
    assert f"{trump}: an edited segment has an error-level issue" in result.output
    assert "term-missing" in {issue["code"] for issue in _segments(finished)[trump]["issues"]}


def test_applying_the_same_file_twice_changes_nothing_more(finished, tmp_path):
    first = next(iter(_segments(finished)))
    edited = _edited_tsv(finished, tmp_path, {first: "Cambio."})
    assert apply_edits(finished, [edited]).changed == 1
    again = apply_edits(finished, [edited])
    assert again.changed == 0 and again.unchanged == len(_segments(finished))
    assert len(_segments(finished)[first]["history"]) == 1


def test_an_unknown_id_is_an_error_naming_the_file_and_line(run, finished, tmp_path):
    edited = _edited_tsv(finished, tmp_path, {})
    edited.write_text(edited.read_text(encoding="utf-8") + "nope:0:0\tX.\tY.\n", encoding="utf-8")
    before = (finished / "segments.jsonl").read_bytes()
    result = run("apply", edited, finished)
    assert result.exit_code == 1 and f"{edited}:" in result.output and "'nope:0:0' is not in this run" in result.output
    assert (finished / "segments.jsonl").read_bytes() == before


def test_an_apply_stopped_while_moving_files_in_is_finished_by_the_next(finished, tmp_path, monkeypatch):
    first = next(iter(_segments(finished)))
    edited = _edited_tsv(finished, tmp_path, {first: "Cambio."})

    def stop(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.output.store._move_in", stop)
    with pytest.raises(KeyboardInterrupt):
        apply_edits(finished, [edited])
    monkeypatch.undo()
    report = apply_edits(finished, [edited])
    assert report.changed == 0 and _segments(finished)[first]["target"] == "Cambio."
    assert (finished / MANIFEST).is_file() and not list(finished.glob(".txn-*"))


def _exported(out: Path, tmp_path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """A review page's export: (id, source, target, state) rows, untouched ones marked."""
    untouched = ' subState="efe:untouched"'
    units = "".join(
        f'<unit id="u{n}"><segment id="{seg_id}" state="{state}"{untouched if state == "translated" else ""}>'
        f"<source>{source}</source><target>{target}</target></segment></unit>"
        for n, (seg_id, source, target, state) in enumerate(rows)
    )
    path = tmp_path / "export.xlf"
    path.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es">'
        f'<file id="havana">{units}</file></xliff>',
        encoding="utf-8",
    )
    return path


def test_rows_nobody_touched_are_never_applied(finished, tmp_path):
    segments = _segments(finished)
    first, second = list(segments)[:2]
    rows = [
        (first, segments[first]["source"], "Corregido por la editora.", "reviewed"),
        (second, segments[second]["source"], "Texto de otra ejecución.", "translated"),  # untouched on the page
    ]
    report = apply_edits(finished, [_exported(finished, tmp_path, rows)])
    assert (report.changed, report.not_reviewed) == (1, 1)
    assert _segments(finished)[second]["target"] == segments[second]["target"]


def test_a_file_whose_sources_are_not_the_runs_is_refused(finished, tmp_path):
    first = next(iter(_segments(finished)))
    path = _exported(finished, tmp_path, [(first, "Something else entirely.", "Otra cosa.", "reviewed")])
    with pytest.raises(IngestError, match=f"segment '{first}': its source is not the run's"):
        apply_edits(finished, [path])


def test_machine_output_never_replaces_a_persons_target(finished, tmp_path):
    first = next(iter(_segments(finished)))
    machine = _edited_tsv(finished, tmp_path, {})  # the run's own machine targets
    machine = machine.rename(tmp_path / "machine.tsv")
    assert apply_edits(finished, [_edited_tsv(finished, tmp_path, {first: "Corregido."})]).changed == 1
    report = apply_edits(finished, [machine])  # the old, unedited file comes back
    assert report.changed == 0 and report.not_reviewed == 1
    assert _segments(finished)[first]["target"] == "Corregido."


def test_the_manifest_counts_follow_the_checks_and_a_bom_is_fine(finished, tmp_path):
    trump = next(k for k, v in _segments(finished).items() if "Trump" in v["source"])
    edited = _edited_tsv(finished, tmp_path, {trump: "Triunfo habló de ello."})
    edited.write_bytes(b"\xef\xbb\xbf" + edited.read_bytes())  # as a spreadsheet saves it
    apply_edits(finished, [edited])
    manifest = json.loads((finished / MANIFEST).read_text(encoding="utf-8"))
    qa = json.loads((finished / "qa.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["qa_errors"] == qa["by_severity"]["error"] >= 1


def test_an_older_edit_cannot_undo_a_newer_one(finished, tmp_path):
    first = next(iter(_segments(finished)))
    ana = _edited_tsv(finished, tmp_path, {first: "Versión de Ana."}).rename(tmp_path / "ana.tsv")
    luis = _edited_tsv(finished, tmp_path, {first: "Versión de Luis."})
    assert apply_edits(finished, [ana], "Ana").changed == 1
    assert apply_edits(finished, [luis], "Luis").changed == 1
    again = apply_edits(finished, [ana], "Ana")
    assert (again.changed, again.not_reviewed) == (0, 1)
    assert _segments(finished)[first]["target"] == "Versión de Luis."


def test_a_persons_target_is_certain_and_sheds_the_engines_unknown_words(run, tmp_path):
    if not apertium_available():
        pytest.fail("apertium-eng-spa is not installed: run `make setup` as root on Debian (see README)")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "vote.txt").write_text("Washington (EFE).- Voters are tired of brinkmanship.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("translate", corpus, "-o", out, "--engine", "apertium", "-q").exit_code == 0
    [(seg_id, before)] = _segments(out).items()
    assert "unknown-word" in {i["code"] for i in before["issues"]} and before["coverage"] < 1.0
    edited = _edited_tsv(out, tmp_path, {seg_id: "Los votantes están hartos de la política del riesgo."})
    assert run("apply", edited, out).exit_code == 0
    after = _segments(out)[seg_id]
    assert after["confidence"] == 1.0 and "unknown-word" not in {i["code"] for i in after["issues"]}
    assert "coverage" not in after  # the engine's measure of words it knew: not of a person's words


def translate_twice(run, folder: Path) -> tuple[Path, Path]:
    """One article translated by two engines: run A (pseudo) and run B (apertium)."""
    if not apertium_available():
        pytest.fail("apertium-eng-spa is not installed: run `make setup` as root on Debian (see README)")
    outs = folder / "a", folder / "b"
    for out, engine in zip(outs, ("pseudo", "apertium")):
        result = run("translate", CORPUS / f"{ARTICLE}.txt", "-o", out, "--engine", engine, "-q")
        assert result.exit_code == 0, result.output
    return outs


def as_a_cat_tool_saves(path: Path, seg_id: str, target: str, folder: Path, state: str | None = None) -> Path:
    """A copy of a run's file with one segment's target (or XLIFF state) changed, as a CAT tool
    or a spreadsheet saves it: every other segment, state and mark left as they were."""
    out = folder / f"edited-{path.name}"
    if path.suffix == ".tsv":
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
        for row in rows:
            row[2] = escape(target) if row[0] == seg_id else row[2]
        out.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
        return out
    tree = etree.parse(str(path))
    if path.suffix == ".xlf":
        [segment] = tree.xpath("//x:segment[@id=$id]", namespaces=XLIFF_NS, id=seg_id)
        segment.set("state", state or segment.get("state"))
        segment.find("x:target", XLIFF_NS).text = target
    else:
        [seg] = tree.xpath("//tu[@tuid=$id]/tuv[@xml:lang='es']/seg", id=seg_id)
        seg.text = target
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


@pytest.fixture
def two_runs(run, tmp_path):
    return translate_twice(run, tmp_path)


def without_run(path: Path, folder: Path) -> Path:
    """A copy of a run's file without its run identity, as a tool that drops what it does
    not know would save it (bilingual.tsv has none to drop)."""
    if path.suffix == ".tsv":
        return path
    tree = etree.parse(str(path))
    for element in tree.iter():
        element.attrib.pop(f"{{{EFE_NS}}}run", None)
        if element.tag == "prop" and element.get("type") == "x-run":
            element.getparent().remove(element)
    out = folder / f"no-run-{path.name}"
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


@pytest.mark.parametrize("name", [n for n in RUN_FILES if not n.endswith(".tsv")])
def test_another_runs_file_is_refused_by_its_run_identity(run, two_runs, tmp_path, name):
    a, b = two_runs
    before = _segments(a)
    edited = as_a_cat_tool_saves(b / name, next(iter(before)), "El huracán Delia tocó tierra en Cuba.", tmp_path)
    result = run("apply", edited, a)
    assert result.exit_code == 1 and "the file is from another run" in result.output, result.output
    assert _segments(a) == before and not (a / "work.sqlite").exists()
    result = run("tm", "import", edited, "--tm", tmp_path / "tm.sqlite", "--against", a)
    assert result.exit_code == 1 and "the file is from another run" in result.output, result.output


@pytest.mark.parametrize("name", RUN_FILES)
def test_another_runs_untouched_file_is_nobodys_work_and_only_an_edit_in_it_is_applied(run, two_runs, tmp_path, name):
    a, b = two_runs
    before, theirs = _segments(a), _segments(b)
    differ = sum(theirs[k]["target"] != v["target"] for k, v in before.items())
    assert differ == len(before)  # another engine: every target is another one
    result = run("apply", without_run(b / name, tmp_path), a)  # run B's machine output, as it wrote it
    assert result.exit_code == 0, result.output
    assert f"0 changed, 0 unchanged, {differ} marked as nobody's work (skipped)" in result.output
    assert _segments(a) == before and not (a / "work.sqlite").exists()
    seg_id = next(iter(before))
    edited = as_a_cat_tool_saves(without_run(b / name, tmp_path), seg_id, "El huracán Delia tocó tierra.", tmp_path)
    report = apply_edits(a, [edited], "Ana")
    assert (report.changed, report.unchanged, report.not_reviewed) == (1, 0, differ - 1)
    after = _segments(a)
    assert after[seg_id]["target"] == "El huracán Delia tocó tierra." and after[seg_id]["origin"] == "human"
    assert {k: v for k, v in after.items() if k != seg_id} == {k: v for k, v in before.items() if k != seg_id}


@pytest.mark.parametrize("name", RUN_FILES)
def test_the_runs_own_untouched_file_is_unchanged_and_an_edit_in_it_applied(run, finished, tmp_path, name):
    name = name.replace(ARTICLE, "havana")
    before = _segments(finished)
    first = next(iter(before))
    untouched = run("apply", finished / name, finished)
    assert f"0 changed, {len(before)} unchanged →" in untouched.output  # nothing skipped: it is the run's
    report = apply_edits(finished, [as_a_cat_tool_saves(finished / name, first, "Corregido.", tmp_path)])
    assert (report.changed, report.unchanged, report.not_reviewed) == (1, len(before) - 1, 0)
    assert _segments(finished)[first]["target"] == "Corregido."


def test_an_approval_of_an_untouched_target_is_an_approval_not_an_edit(finished, tmp_path):
    before = _segments(finished)
    first = next(iter(before))
    same = before[first]["target"]
    approved = as_a_cat_tool_saves(finished / "havana.xlf", first, same, tmp_path, state="final")
    report = apply_edits(finished, [approved], "Ana")
    assert (report.changed, report.approved, report.not_reviewed) == (0, 1, 0)
    seg = _segments(finished)[first]
    assert seg["target"] == same and seg["origin"] == "pseudo" and seg["review"]["status"] == "approved"


def test_an_old_three_column_bilingual_tsv_still_applies(finished, tmp_path):
    rows = [line.split("\t") for line in (finished / "bilingual.tsv").read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["id", "source", "target", "written"]
    rows[1][2] = "Corregido."
    old = tmp_path / "old.tsv"
    old.write_text("".join("\t".join(row[:3]) + "\n" for row in rows), encoding="utf-8")
    report = apply_edits(finished, [old])
    assert (report.changed, report.unchanged, report.not_reviewed) == (1, len(rows) - 2, 0)
    assert _segments(finished)[rows[1][0]]["target"] == "Corregido."
