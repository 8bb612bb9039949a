"""What CAT tools write back (tests/data/cat, see its README): read, applied by source, imported, refused."""

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx, xliff, xliff2

from pipeline.errors import IngestError
from pipeline.formats.edits import normalize, read_bilingual, read_file
from pipeline.output.apply import apply_edits
from pipeline.tm import TranslationMemory, import_files
from tests.conftest import CORPUS

V2 = "urn:oasis:names:tc:xliff:document:2.0"
CAT = Path(__file__).resolve().parent / "data" / "cat"
ARTICLE = "havana-hurricane"
UPDATE = "havana-hurricane-update"  # repeats most of ARTICLE's sentences
OTHER = "bogota-peace-talks"

# each file's Spanish, by the id of the run's sentence its source is (ids of ARTICLE, without the article)
OMEGAT = {
    "0:0": "El huracán Delia tocó tierra en la costa occidental de Cuba en la madrugada del domingo con vientos de "
    "hasta 185 kilómetros por hora y obligó a evacuar a más de 250.000 personas, según las autoridades cubanas.",
    "1:0": "La tormenta azotó la provincia de Pinar del Río a las 3.40 hora local (7.40 GMT), según el Instituto de "
    "Meteorología.",
    "3:0": "Por precaución se cortó la electricidad en toda la provincia, y las escuelas seguirán cerradas hasta el "
    "miércoles.",
    "5:0": "Los meteorólogos prevén hasta 300 milímetros de lluvia en algunas zonas, lo que eleva el riesgo de "
    "inundaciones repentinas y deslizamientos de tierra.",
}
PO2TMX = {
    "2:0": "«La prioridad es proteger la vida humana.",
    "2:1": "Los bienes se pueden reconstruir», dijo en la televisión estatal el jefe de la Defensa Civil, el general "
    "Ramón Castillo.",
    "4:0": "El Centro Nacional de Huracanes de Estados Unidos, con sede en Miami, indicó que Delia podría volver a "
    "fortalecerse tras cruzar la isla y adentrarse en el golfo de México.",
}
TRADOS = {
    "2:0": "«La prioridad es salvar vidas humanas.",
    "2:1": "Lo material se puede reconstruir», afirmó el jefe de la Defensa Civil, general Ramón Castillo, en la "
    "televisión estatal.",
    "3:0": "El suministro eléctrico se interrumpió en toda la provincia como medida preventiva y las clases seguirán "
    "suspendidas hasta el miércoles.",
    "5:0": "Los pronosticadores esperan hasta 300 milímetros de lluvia en algunas regiones, con el consiguiente riesgo "
    "de crecidas súbitas y corrimientos de tierra.",
}
MEMOQ = {  # its fourth unit has an empty target: nobody translated it
    "0:0": "El huracán Delia llegó a la costa oeste de Cuba el domingo de madrugada con vientos de hasta 185 "
    "kilómetros por hora, lo que forzó la evacuación de más de 250.000 personas, informaron las autoridades cubanas.",
    "1:0": "El temporal golpeó la provincia de Pinar del Río a las 3.40 hora local (7.40 GMT), de acuerdo con el "
    "Instituto de Meteorología.",
    "4:0": "Según el Centro Nacional de Huracanes de EE.UU., en Miami, Delia podría cobrar fuerza de nuevo cuando "
    "cruce la isla y entre en el golfo de México.",
}
PHRASE = {
    "0:0": "El huracán Delia alcanzó la costa occidental cubana a primera hora del domingo, con vientos de hasta 185 "
    "kilómetros por hora, y obligó a desalojar a más de 250.000 personas, dijeron las autoridades de la isla.",
    "2:0": "«Lo prioritario es proteger la vida de las personas.",
    "2:1": "Las propiedades pueden reconstruirse», declaró a la televisión estatal el jefe de Defensa Civil, general "
    "Ramón Castillo.",
    "4:0": "El Centro Nacional de Huracanes estadounidense, en Miami, advirtió de que Delia podría ganar fuerza otra "
    "vez tras atravesar la isla y entrar en el golfo de México.",
}
OURS_EDITED = (
    "3:0",
    "Como medida de precaución se cortó la luz en toda la provincia, y las escuelas permanecerán cerradas hasta el "
    "miércoles.",
)
TOOLKIT_EDITED = (
    "3:0",
    "Se cortó la luz en toda la provincia por precaución, y las escuelas seguirán cerradas hasta el miércoles.",
)
AMBIGUOUS = (
    "Por precaución, toda la provincia se quedó sin electricidad, y las escuelas estarán cerradas hasta el miércoles."
)

# (file, the article it names, its Spanish by id): files with no ids of ours, matched to the run by source
FOREIGN = [
    ("omegat-project_save.tmx", "omegat-project_save", OMEGAT),  # no article: the file's name, no article's
    ("po2tmx.tmx", "po2tmx", PO2TMX),
    ("trados-1.2.xlf", ARTICLE, TRADOS),
    ("memoq-1.2.xlf", ARTICLE, MEMOQ),
    ("phrase-2.0.xlf", ARTICLE, PHRASE),
]
TM_FILES = [("omegat-project_save.tmx", OMEGAT), ("po2tmx.tmx", PO2TMX)]  # a person's memory, tuids or not
# files of ours a CAT tool or translate-toolkit saved with one target changed: (file, (id, new target))
OURS = [("toolkit-written-back.tmx", TOOLKIT_EDITED)]
# our files as translate-toolkit reads and writes them back: (file in the run, its toolkit class)
TOOLKIT = [(f"{ARTICLE}.xlf", xliff2.Xliff2File), (f"{ARTICLE}.v12.xlf", xliff.xlifffile), ("corpus.tmx", tmx.tmxfile)]
INVALID = [  # (file, what the message says of the rule it breaks)
    ("invalid-namespace.xlf", r"namespace"),
    (
        "invalid-target-before-source.xlf",
        r"target before source|<target> before <source>|<source> (must come )?before <target>|must start with <source>",
    ),
    ("invalid-duplicate-segment-id.xlf", r"appears twice"),
    ("invalid-segment-outside-unit.xlf", r"outside a unit|not inside a <unit>|<segment> cannot be inside <file>"),
    ("invalid-version.xlf", r"version"),
]


def _translate(run, out: Path, *articles: str, options: tuple = ()) -> Path:
    """A pseudo run of corpus articles, with the options the files of ours in tests/data/cat were made with."""
    inputs = [CORPUS / f"{name}.txt" for name in articles]
    result = run("translate", *inputs, "-o", out, "--engine", "pseudo", "-q", "--xliff", "both", *options)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def built(run, tmp_path_factory) -> dict[str, Path]:
    """Two finished runs, made once: ARTICLE with another article, and ARTICLE with UPDATE (repeats)."""
    folder = tmp_path_factory.mktemp("cat-runs")
    return {
        "plain": _translate(run, folder / "plain", ARTICLE, OTHER),
        "repeats": _translate(run, folder / "repeats", ARTICLE, UPDATE),
    }


@pytest.fixture
def finished(built, tmp_path) -> Path:
    """A copy of the run of ARTICLE and another article, for a test to change."""
    return Path(shutil.copytree(built["plain"], tmp_path / "out"))


@pytest.fixture
def repeats(built, tmp_path) -> Path:
    """A copy of the run of ARTICLE and UPDATE, which share sentences."""
    return Path(shutil.copytree(built["repeats"], tmp_path / "out"))


def _segments(out: Path) -> dict[str, dict]:
    lines = (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def _others(segments: dict[str, dict], seg_id: str) -> dict[str, dict]:
    """Every segment record but one: what an edit of that one must leave as it was."""
    return {k: v for k, v in segments.items() if k != seg_id}


def _ids(article: str, targets: dict[str, str]) -> dict[str, str]:
    return {f"{article}:{key}": target for key, target in targets.items()}


def _with_prop(path: Path, folder: Path, kind: str, value: str) -> Path:
    """A copy of a TMX file with a `prop` put first in each `tu` (where the DTD wants it)."""
    tree = etree.parse(str(path))
    for tu in tree.iter("tu"):
        prop = etree.Element("prop", type=kind)
        prop.text = value
        tu.insert(0, prop)
    copy = folder / path.name
    tree.write(str(copy), xml_declaration=True, encoding="UTF-8")
    return copy


def test_every_file_is_described_in_the_readme():
    readme = (CAT / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in sorted(CAT.iterdir()) if p.name != "README.md" and f"`{p.name}`" not in readme] == []


@pytest.mark.parametrize(("name", "document", "targets"), FOREIGN, ids=[row[0] for row in FOREIGN])
def test_a_cat_file_is_read_with_the_article_it_names(built, name, document, targets):
    sources = {seg_id: normalize(seg["source"]) for seg_id, seg in _segments(built["plain"]).items()}
    edits = read_file(CAT / name).edits
    translated = {normalize(e.source): " ".join(e.target.split()) for e in edits if e.target.strip()}
    assert translated == {sources[seg_id]: target for seg_id, target in _ids(ARTICLE, targets).items()}
    assert {e.document for e in edits} == {document}
    if name.endswith(".tmx"):  # no tuid: no id
        assert {e.id for e in edits} == {""}


@pytest.mark.parametrize(("name", "document", "targets"), FOREIGN, ids=[row[0] for row in FOREIGN])
def test_a_cat_file_is_applied_by_source(finished, name, document, targets):
    before = _segments(finished)
    expected = _ids(ARTICLE, targets)
    report = apply_edits(finished, [CAT / name], editor="Ana")
    assert report.changed == len(expected)
    after = _segments(finished)
    assert {seg_id: after[seg_id]["target"] for seg_id in expected} == expected
    assert {after[seg_id]["origin"] for seg_id in expected} == {"human"}
    assert {after[seg_id]["history"][-1]["replaced_by"] for seg_id in expected} == {"Ana"}
    untouched = before.keys() - expected.keys()
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}


@pytest.mark.parametrize("name", ["trados-1.2.xlf", "phrase-2.0.xlf"])
def test_the_article_a_file_names_keeps_its_edits_from_the_same_sentences_elsewhere(repeats, name):
    before = _segments(repeats)
    expected = _ids(ARTICLE, next(targets for n, _, targets in FOREIGN if n == name))
    sources = {normalize(before[seg_id]["source"]) for seg_id in expected}
    shared = [k for k, v in before.items() if k.startswith(f"{UPDATE}:") and normalize(v["source"]) in sources]
    assert shared  # UPDATE repeats some of the sentences the file translates
    report = apply_edits(repeats, [CAT / name], editor="Ana")
    assert report.changed == len(expected)
    after = _segments(repeats)
    assert {seg_id: after[seg_id]["target"] for seg_id in expected} == expected
    assert {k: after[k] for k in shared} == {k: before[k] for k in shared}  # UPDATE's copies are left alone


def _ambiguous_run(repeats: Path) -> str:
    """Make the sentence of ambiguous.tmx two sentences of the run with different targets
    (an edit by id of ARTICLE's copy); the id of UPDATE's copy."""
    seg_id, target = OURS_EDITED
    edited = toolkit_edit(repeats / f"{ARTICLE}.xlf", xliff2.Xliff2File, f"{ARTICLE}:{seg_id}", target, repeats.parent)
    assert apply_edits(repeats, [edited], editor="Luis").changed == 1
    segments = _segments(repeats)
    source = normalize(segments[f"{ARTICLE}:{seg_id}"]["source"])
    [copy] = [k for k, v in segments.items() if k.startswith(f"{UPDATE}:") and normalize(v["source"]) == source]
    assert segments[copy]["target"] != target == segments[f"{ARTICLE}:{seg_id}"]["target"]
    return copy


def test_a_source_that_is_two_sentences_with_different_targets_is_refused(repeats):
    _ambiguous_run(repeats)
    before = (repeats / "segments.jsonl").read_bytes()
    with pytest.raises(IngestError, match="ambiguous") as refused:
        apply_edits(repeats, [CAT / "ambiguous.tmx"], editor="Ana")
    assert "ambiguous.tmx" in str(refused.value)
    assert (repeats / "segments.jsonl").read_bytes() == before  # nothing recorded


@pytest.mark.parametrize("kind", ["x-doc-id", "x-document"])
def test_naming_the_article_settles_an_ambiguous_source(repeats, tmp_path, kind):
    copy = _ambiguous_run(repeats)
    before = _segments(repeats)
    named = _with_prop(CAT / "ambiguous.tmx", tmp_path, kind, UPDATE)
    assert apply_edits(repeats, [named], editor="Ana").changed == 1
    after = _segments(repeats)
    assert after[copy]["target"] == AMBIGUOUS and after[copy]["origin"] == "human"
    assert _others(after, copy) == _others(before, copy)


@pytest.mark.parametrize(("name", "targets"), TM_FILES, ids=[row[0] for row in TM_FILES])
def test_a_cat_tools_memory_is_imported_and_used_by_the_next_run(run, built, tmp_path, name, targets):
    memory = tmp_path / "tm.sqlite"
    report = import_files(memory, [CAT / name])
    assert (report.total.imported, report.size) == (len(targets), len(targets))  # every tu with a target: a person's
    out = _translate(run, tmp_path / "out2", ARTICLE, options=("--tm", memory))
    segments = _segments(out)
    expected = _ids(ARTICLE, targets)
    assert {k: (v["origin"], v["target"]) for k, v in segments.items() if k in expected} == {
        k: ("memory", target) for k, target in expected.items()
    }
    assert {v["origin"] for k, v in segments.items() if k not in expected} == {"pseudo"}


@pytest.mark.parametrize(("name", "edited"), OURS, ids=[row[0] for row in OURS])
def test_a_file_of_ours_saved_by_a_tool_teaches_the_memory_only_what_changed(built, tmp_path, name, edited):
    seg_id, target = edited
    memory = tmp_path / "tm.sqlite"
    report = import_files(memory, [CAT / name])
    assert (report.total.imported, report.size) == (1, 1)
    tm = TranslationMemory(memory, create=False)
    try:
        assert tm.lookup(_segments(built["plain"])[f"{ARTICLE}:{seg_id}"]["source"]) == target
    finally:
        tm.close()


@pytest.mark.parametrize(("name", "edited"), OURS, ids=[row[0] for row in OURS])
def test_a_file_of_ours_saved_by_a_tool_applies_the_one_change(finished, name, edited):
    seg_id, target = edited
    before = _segments(finished)
    report = apply_edits(finished, [CAT / name], editor="Ana")
    assert report.changed == 1
    after = _segments(finished)
    assert after[f"{ARTICLE}:{seg_id}"]["target"] == target and after[f"{ARTICLE}:{seg_id}"]["origin"] == "human"
    assert _others(after, f"{ARTICLE}:{seg_id}") == _others(before, f"{ARTICLE}:{seg_id}")


def toolkit_edit(path: Path, kind: type, seg_id: str, target: str, folder: Path) -> Path:
    """`path` read by translate-toolkit, one target changed through its API, written back by it."""
    with path.open("rb") as fh:
        store = kind.parsefile(fh)
    [unit] = [u for u in store.units if not u.isheader() and u.getid().endswith(seg_id)]
    unit.target = target
    out = folder / f"toolkit-{path.name}"
    out.write_bytes(bytes(store))
    return out


@pytest.mark.parametrize(("name", "kind"), TOOLKIT, ids=[row[0] for row in TOOLKIT])
def test_translate_toolkit_reads_our_files_as_we_wrote_them(built, name, kind):
    with (built["plain"] / name).open("rb") as fh:
        units = [u for u in kind.parsefile(fh).units if not u.isheader()]
    ours = {e.id: (e.source, e.target) for e in read_bilingual(built["plain"] / name)}
    assert [(u.source, u.target) for u in units] == list(ours.values())
    assert sum(u.getid().endswith(":dateline") for u in units) == sum(i.endswith(":dateline") for i in ours)


@pytest.mark.parametrize(("name", "kind"), TOOLKIT, ids=[row[0] for row in TOOLKIT])
def test_our_file_edited_in_translate_toolkit_is_learnt_and_applied_with_no_other_option(
    finished, tmp_path, name, kind
):
    """A CAT-tool edit of our file: the target changed, the state left as it was."""
    seg_id, target = f"{ARTICLE}:{OURS_EDITED[0]}", OURS_EDITED[1]
    edited = toolkit_edit(finished / name, kind, seg_id, target, tmp_path)
    read = {e.id: e for e in read_bilingual(edited)}
    # the state as the tool left it: untouched in XLIFF 2 (the written mark tells the edit), approved="yes"
    # in XLIFF 1.2 (translate-toolkit approves a target it sets), none in TMX
    assert read[seg_id].state == {".xlf": "translated", ".v12.xlf": "final", ".tmx": None}[name[name.index(".") :]]
    report = import_files(tmp_path / "tm.sqlite", [edited])
    assert (report.total.imported, report.size) == (1, 1)
    memory = TranslationMemory(tmp_path / "tm.sqlite", create=False)
    try:
        assert memory.lookup(read[seg_id].source) == target
    finally:
        memory.close()
    before = _segments(finished)
    assert apply_edits(finished, [edited], editor="Ana").changed == 1
    after = _segments(finished)
    assert after[seg_id]["target"] == target and after[seg_id]["origin"] == "human"
    assert _others(after, seg_id) == _others(before, seg_id)


@pytest.mark.parametrize(("name", "kind"), TOOLKIT, ids=[row[0] for row in TOOLKIT])
def test_a_file_from_another_run_is_refused(run, finished, tmp_path, name, kind):
    other = _translate(run, tmp_path / "other", ARTICLE, OTHER, options=("--beams", "2"))  # other options
    edited = toolkit_edit(other / name, kind, f"{ARTICLE}:{OURS_EDITED[0]}", OURS_EDITED[1], tmp_path)
    before = (finished / "segments.jsonl").read_bytes()
    with pytest.raises(IngestError, match="another run") as refused:
        apply_edits(finished, [edited], editor="Ana")
    assert edited.name in str(refused.value)
    with pytest.raises(IngestError, match="another run"):
        import_files(tmp_path / "tm.sqlite", [edited], against=finished)
    assert (finished / "segments.jsonl").read_bytes() == before


@pytest.mark.parametrize(("name", "rule"), INVALID, ids=[row[0] for row in INVALID])
def test_an_invalid_xliff_file_is_refused_naming_the_rule_and_line(name, rule):
    with pytest.raises(IngestError, match=rule) as refused:
        read_bilingual(CAT / name)
    assert refused.value.line is not None and refused.value.line >= 1
    assert name in str(refused.value)


def test_what_omegat_inserted_by_itself_is_not_taken_for_a_translators_work(tmp_path):
    auto = _with_prop(CAT / "omegat-project_save.tmx", tmp_path, "x-auto", "")  # from its tm/auto folder
    report = import_files(tmp_path / "tm.sqlite", [auto])
    assert (report.total.imported, report.total.unchanged) == (0, len(OMEGAT))


def _tmx(folder: Path, pairs: list[tuple[str, str]]) -> Path:
    """A TMX another tool wrote: no tuid, no property."""
    units = "".join(
        f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="es"><seg>{es}</seg></tuv></tu>\n'
        for en, es in pairs
    )
    path = folder / "memory.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header creationtool="X" creationtoolversion="1" '
        'segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>'
        f"<body>\n{units}</body></tmx>\n",
        encoding="utf-8",
    )
    return path


def test_segments_that_are_no_sentence_of_the_run_are_counted_and_a_file_of_none_is_refused(run, finished, tmp_path):
    source = _segments(finished)[f"{ARTICLE}:1:0"]["source"]
    target = "La tormenta azotó la provincia de Pinar del Río a las 3.40 hora local (7.40 GMT), según el Instituto."
    path = _tmx(tmp_path, [(source, target), ("A sentence of another story.", "Otra.")])
    result = run("apply", path, finished)
    assert result.exit_code == 0, result.output
    assert "1 changed" in result.output and "1 not sentences of this run (skipped)" in result.output
    before = (finished / "segments.jsonl").read_bytes()
    result = run("apply", _tmx(tmp_path, [("A sentence of another story.", "Otra.")]), finished)
    assert result.exit_code == 1 and "none of its 1 segments is a sentence of this run" in result.output
    assert (finished / "segments.jsonl").read_bytes() == before


def test_a_lead_sentence_and_its_dateline_match_the_run_exactly(finished, tmp_path):
    """A CAT tool that splits the dateline off keeps both as our TMX has them: exact matches."""
    ours = read_bilingual(finished / "corpus.tmx")
    dateline = next(e for e in ours if e.id == f"{ARTICLE}:dateline")
    lead = next(e for e in ours if e.id == f"{ARTICLE}:0:0")
    path = _tmx(tmp_path, [(dateline.source, "LA HABANA (EFE).–"), (lead.source, "Frase de entrada corregida.")])
    assert apply_edits(finished, [path], editor="Ana").changed == 2
    assert (
        (finished / f"{ARTICLE}.es.txt")
        .read_text(encoding="utf-8")
        .startswith("LA HABANA (EFE).– Frase de entrada corregida.")
    )


def test_tm_import_says_what_each_file_gave(run, tmp_path):
    result = run("tm", "import", CAT / "omegat-project_save.tmx", CAT / "po2tmx.tmx", "--tm", tmp_path / "tm.sqlite")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    said = f"{len(OMEGAT)} imported (0 replaced an earlier target), 0 unchanged skipped, 0 already in the memory"
    assert f"{CAT / 'omegat-project_save.tmx'}: {said}" in lines, result.output
    assert any(line.startswith(f"{CAT / 'po2tmx.tmx'}: {len(PO2TMX)} imported") for line in lines)
    assert f"in all: {len(OMEGAT) + len(PO2TMX)} imported" in result.output


@pytest.mark.parametrize(
    ("target", "code"),
    [("Se cortó\nla luz.", None), ("Se cortó\u2028la luz.", None), ("Se \u202ecortó.", None), ("Se\x85.", None)]
    + [("Se cortó la luz.", code) for code in ("0000", "001B")],
    ids=["newline", "U+2028", "bidi override", "NEL", "NUL", "ESC"],
)
def test_a_target_that_is_not_one_line_of_text_is_refused_and_nothing_changes(run, finished, tmp_path, target, code):
    seg_id = f"{ARTICLE}:{OURS_EDITED[0]}"
    tree = etree.parse(str(finished / f"{ARTICLE}.xlf"))
    [element] = tree.xpath("//x:segment[@id=$id]/x:target", namespaces={"x": V2}, id=seg_id)
    element.text = target
    if code:  # a character XML cannot hold, as XLIFF 2 carries it
        etree.SubElement(element, f"{{{V2}}}cp", hex=code).tail = "!"
    edited = tmp_path / "edited.xlf"
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")
    before = (finished / "segments.jsonl").read_bytes()
    result = run("apply", edited, finished)
    assert result.exit_code == 1 and f"segment '{seg_id}': the target holds U+" in result.output, result.output
    assert (finished / "segments.jsonl").read_bytes() == before


def _renumbered(path: Path, folder: Path) -> Path:
    """Our file after a tool renumbered every unit and segment (XLIFF) or dropped the tuids (TMX)."""
    tree = etree.parse(str(path))
    for number, element in enumerate(tree.iter(f"{{{V2}}}unit", f"{{{V2}}}segment", "tu")):
        if element.tag == "tu":
            element.attrib.pop("tuid")
        else:
            element.set("id", f"n{number}")
    out = folder / f"renumbered-{path.name}"
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


@pytest.mark.parametrize("name", [f"{ARTICLE}.xlf", "corpus.tmx"])
def test_our_file_whose_ids_a_tool_changed_is_matched_by_source(finished, tmp_path, name):
    seg_id, target = f"{ARTICLE}:{OURS_EDITED[0]}", OURS_EDITED[1]
    kind = xliff2.Xliff2File if name.endswith(".xlf") else tmx.tmxfile
    edited = _renumbered(toolkit_edit(finished / name, kind, seg_id, target, tmp_path), tmp_path)
    assert not {e.id for e in read_file(edited).edits} & set(_segments(finished))
    assert apply_edits(finished, [edited], editor="Ana").changed == 1
    assert _segments(finished)[seg_id]["target"] == target


def test_a_tmx_tools_formatting_codes_are_not_text(finished, tmp_path):
    source = _segments(finished)[f"{ARTICLE}:1:0"]["source"]
    coded = source.replace("Pinar del Río", '<bpt i="1">&lt;b&gt;</bpt>Pinar del Río<ept i="1">&lt;/b&gt;</ept>')
    target = 'La tormenta azotó <ph x="1">{1}</ph>Pinar del Río a las 3.40 hora local (7.40 GMT), según el Instituto.'
    path = _tmx(tmp_path, [(coded, target)])
    assert apply_edits(finished, [path], editor="Ana").changed == 1
    assert _segments(finished)[f"{ARTICLE}:1:0"]["target"] == target.replace('<ph x="1">{1}</ph>', "")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            f'<?xml version="1.0"?>\n<xliff xmlns="{V2}" version="2.0" srcLang="en"><file id="f"/></xliff>\n',
            "no <header>",
        ),
        ('<?xml version="1.0"?>\n<foo><header/><tu><tuv xml:lang="en"><seg>A</seg></tuv></tu></foo>\n', "root element"),
    ],
    ids=["XLIFF named .tmx", "another root"],
)
def test_a_file_that_is_not_tmx_is_refused(tmp_path, text, phrase):
    path = tmp_path / "memory.tmx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError, match="not a TMX file") as refused:
        read_file(path)
    assert phrase in str(refused.value)


def test_an_xliff_whose_files_name_two_runs_is_refused(finished, tmp_path):
    text = (finished / f"{ARTICLE}.xlf").read_text(encoding="utf-8")
    start, end = text.index("<file "), text.index("</file>") + len("</file>")
    second = text[start:end].replace(f'id="{ARTICLE}"', 'id="other"', 1)
    second = second.replace('efe:run="', 'efe:run="x', 1)
    path = tmp_path / "two.xlf"
    path.write_text(text[:end] + second + text[end:], encoding="utf-8")
    with pytest.raises(IngestError, match="name two runs"):
        read_file(path)


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("phrase-2.0.xlf", 'trgLang="es-ES"', 'trgLang="fr-FR"'),
        ("trados-1.2.xlf", 'source-language="en-US"', 'source-language="ja-JP"'),
    ],
)
def test_a_file_in_other_languages_is_refused(tmp_path, name, old, new):
    text = (CAT / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(IngestError, match="this run translates English"):
        read_file(path)


def test_one_sentence_given_two_targets_in_one_file_is_ambiguous_and_one_target_twice_is_one_edit(finished, tmp_path):
    source = _segments(finished)[f"{ARTICLE}:1:0"]["source"]
    twice = _tmx(tmp_path, [(source, "Primera versión."), (source, "Segunda versión.")])
    with pytest.raises(IngestError, match="two targets"):
        apply_edits(finished, [twice])
    same = _tmx(tmp_path, [(source, "Una versión."), (" ".join(source.split()) + " ", "Una versión.")])
    assert apply_edits(finished, [same]).changed == 1


def test_a_sentence_the_run_holds_twice_is_one_memory_entry(repeats, tmp_path):
    report = import_files(tmp_path / "tm.sqlite", [CAT / "omegat-project_save.tmx"], against=repeats)
    assert (report.total.imported, report.total.same, report.size) == (len(OMEGAT), 0, len(OMEGAT))


def test_another_tools_target_without_a_state_is_its_work_and_a_decomposed_source_matches(finished, tmp_path):
    text = (CAT / "phrase-2.0.xlf").read_text(encoding="utf-8")
    stateless = re.sub(r' state="[a-z]+"', "", text).replace("Ramón", "Ramo\u0301n")  # NFD, as some tools write it
    path = tmp_path / "phrase.xlf"
    path.write_text(stateless, encoding="utf-8")
    assert import_files(tmp_path / "tm.sqlite", [path]).total.imported == len(PHRASE)
    assert apply_edits(finished, [path], editor="Ana").changed == len(PHRASE)


def test_a_dateline_in_another_tools_memory_is_not_remembered_as_a_sentence(tmp_path):
    path = _tmx(tmp_path, [("Havana (EFE).–", "La Habana (EFE).-"), ("The storm hit.", "La tormenta golpeó.")])
    report = import_files(tmp_path / "tm.sqlite", [path])
    assert (report.total.imported, report.size) == (1, 1)
