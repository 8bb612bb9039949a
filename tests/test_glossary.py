import pytest

from pipeline.glossary import GlossaryError, check_entries, check_files, load_glossaries, read_entries
from tests.conftest import ROOT

HEADER = "en\tes\tes_feminine\tgender\tnumber\tcase\tdnt\tcontext\tavoid\n"


def _write(tmp_path, body, name="g.tsv", header=HEADER):
    path = tmp_path / name
    path.write_text("# comment\n" + header + body, encoding="utf-8")
    return path


def test_shipped_glossary_is_valid_and_large_enough():
    glossary = load_glossaries([ROOT / "glossaries" / "efe-en-es.tsv"])
    assert len(glossary.entries) >= 60
    by_en = {e.en: e for e in glossary.entries}
    assert by_en["the Aztec nation"].es == "el país azteca"
    assert by_en["Trump"].dnt and "Triunfo" in by_en["Trump"].avoid
    assert by_en["Homeland Security Secretary"].es_feminine == "secretaria de Seguridad Nacional"


def test_places_glossary_is_sourced_and_checks_clean_beside_the_house_glossary():
    places = ROOT / "glossaries" / "places-en-es.tsv"
    entries, errors = read_entries(places)
    assert errors == [] and len(entries) >= 150
    rows = [line.split("\t") for line in places.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    source = rows[0].index("source")
    assert all(len(row) > source and row[source].strip() for row in rows[1:])  # every entry says where from
    _, errors, _ = check_files([ROOT / "glossaries" / "efe-en-es.tsv", places])
    assert errors == []
    by_en = {e.en: e for e in entries}
    assert (by_en["Havana"].es, by_en["IMF"].es, by_en["Catalonia"].avoid) == ("La Habana", "FMI", ("Catalunya",))


BAD = [
    ("White House\tCasa Blanca\t\tf\tsg\texact\t\t\t\textra\n", ":3: 10 cells, the header has 9"),
    ("\tCasa Blanca\t\tf\tsg\texact\t\t\t\n", ":3: empty 'en' cell"),
    ("White House\t\t\tf\tsg\texact\t\t\t\n", ":3: empty 'es' cell for 'White House'"),
    ("White House\tCasa Blanca\t\tx\tsg\texact\t\t\t\n", ":3: gender 'x' is not one of f, m"),
    ("White House\tCasa Blanca\t\tf\tsg\tsometimes\t\t\t\n", ":3: case 'sometimes' is not one of any, exact"),
    (
        "White House\tCasa Blanca\t\tf\tsg\texact\t\t\t\nWhite House\tCasa Blanca\t\tf\tsg\texact\t\t\t\n",
        ":4: 'White House' repeats",
    ),
    (
        "White House\tCasa Blanca\t\tf\tsg\texact\t\t\t\nWhite House\tCasa Rosada\t\tf\tsg\texact\t\t\t\n",
        ":4: 'White House' → 'Casa Rosada' conflicts with",
    ),
    ("White House\tCasa Blanca\nWhite House\tCasa Rosada\n", ":4: 'White House' → 'Casa Rosada' conflicts with"),
]


@pytest.mark.parametrize(
    "content, entries",
    [
        ("en\tes\nWhite House\tCasa Blanca\n", [("White House", "Casa Blanca")]),  # two columns
        ("\ufeffen\tes\tgender\nFirst Lady\tprimera dama\n", [("First Lady", "primera dama")]),  # BOM, short row
    ],
)
def test_rows_may_stop_early_and_a_bom_is_fine(tmp_path, content, entries):
    path = tmp_path / "g.tsv"
    path.write_text(content, encoding="utf-8")
    assert [(e.en, e.es) for e in load_glossaries([path]).entries] == entries


@pytest.mark.parametrize("header, separator", [("en,es,context", "commas"), ("en   es   context", "spaces")])
def test_a_file_without_tabs_says_so(tmp_path, header, separator):
    path = tmp_path / "g.tsv"
    path.write_text(f"{header}\nWhite House,Casa Blanca,\n", encoding="utf-8")
    assert read_entries(path)[1] == [
        f"{path}:1: the header has no tabs: the file seems to use {separator}; columns are tab-separated"
    ]


@pytest.mark.parametrize("body, message", BAD)
def test_glossary_errors_name_file_and_line(tmp_path, body, message):
    path = _write(tmp_path, body)
    with pytest.raises(GlossaryError) as info:
        load_glossaries([path])
    assert f"{path}{message}" in str(info.value)


def test_bad_header_is_one_error(tmp_path):
    path = _write(tmp_path, "a\tb\n", header="english\tes\n")
    assert read_entries(path)[1] == [
        f"{path}:2: bad header: missing en, unknown column english; "
        "expected en es es_feminine gender number case dnt context avoid source"
    ]


def test_warnings_for_shadowing_and_context(tmp_path):
    path = _write(
        tmp_path,
        "Foreign Secretary\tcanciller\t\tm\tsg\texact\t\tMexico\t\n"
        "Foreign Secretary\tministro de Exteriores\t\tm\tsg\texact\t\tUK\t\n"
        "Secretary\tsecretario\t\tm\tsg\texact\t\t\t\n"
        "Press Secretary\tportavoz\t\tm\tsg\texact\t\t\t\n",
    )
    errors, warnings = check_entries(read_entries(path)[0])
    assert errors == []
    assert any(":4: 'Foreign Secretary' has one rendering per context: 'canciller' for 'Mexico'" in w for w in warnings)
    assert any(":5: 'Secretary' is shadowed inside 'Press Secretary'" in w for w in warnings)


SHORT = "en\tes\tcase\tcontext\n"  # rows start on line 3, after _write's comment and this header
AZTEC = "the Aztec nation\tel país azteca\tany\tepithet\n"
CHECKS = [
    # one English term, two renderings: an error naming both lines, unless each row has its own context
    (
        AZTEC + "the Aztec nation\tla nación azteca\t\t\n",
        1,
        "{path}:4: 'the Aztec nation' → 'la nación azteca' conflicts with {path}:3 ('el país azteca')",
    ),
    (
        "the Aztec nation\tla nación azteca\t\t\n" + AZTEC,
        1,
        "{path}:4: 'the Aztec nation' → 'el país azteca' conflicts with {path}:3",
    ),
    (
        "Aztec nation\tel país azteca\tany\t\naztec nation\tla nación azteca\texact\t\n",
        1,
        "{path}:4: 'aztec nation' → 'la nación azteca' conflicts with {path}:3 ('Aztec nation' → 'el país azteca')",
    ),
    (
        "Foreign Secretary\tcanciller\t\tUK\nForeign Secretary\tministro\t\tuk\n",
        1,
        "{path}:4: 'Foreign Secretary' → 'ministro' conflicts with {path}:3",
    ),
    (
        "Aztec nation\tel país azteca\tany\t\naztec nation\tel país azteca\t\t\n",
        1,
        "{path}:4: 'aztec nation' repeats {path}:3 ('Aztec nation'); delete one",
    ),
    (
        "Foreign Secretary\tcanciller\t\tMexico\nForeign Secretary\tministro de Exteriores\t\tUK\n",
        0,
        "{path}:4: 'Foreign Secretary' has one rendering per context: 'canciller' for 'Mexico' ({path}:3), "
        "'ministro de Exteriores' for 'UK' ({path}:4); a run applies 'canciller' ({path}:3)",
    ),
    (
        "Aztec nation\tel país azteca\tany\tepithet\naztec nation\tla nación azteca\texact\tlowercase\n",
        0,
        "a run applies 'la nación azteca' to 'aztec nation' as written, and 'el país azteca' to other spellings",
    ),
    ("Aztec nation\tel país azteca\t\t\naztec nation\tla nación azteca\t\t\n", 0, "0 warnings"),  # exact: two terms
    # rows: an empty one is an error; blank lines, lines of spaces and comments are not
    ("White House\tCasa Blanca\n\t\t\t\n", 1, "{path}:4: an empty row (nothing but tabs and spaces); delete it"),
    (" \t \nWhite House\tCasa Blanca\n", 1, "{path}:3: an empty row"),
    ("\n   \n# note\nWhite House\tCasa Blanca\n", 0, "1 entries, 0 errors"),
    ("White House\tCasa Blanca\r\nFirst Lady\tprimera dama\r\n", 0, "2 entries, 0 errors"),  # Windows
    ("White House\tCasa Blanca\rFirst Lady\tprimera dama\r", 0, "2 entries, 0 errors"),  # Excel for Mac
    # a cell over 128 KB, and line breaks other than \n inside a cell
    pytest.param(
        "White House\t" + "a" * (128 * 1024 + 1) + "\n",
        1,
        "{path}:3: the 'es' cell is 131,073 characters long (at most 131,072)",
        id="a cell over 128 KB",
    ),
    ("White House\tCasa\u2028Blanca\n", 1, "{path}:3: U+2028 (line separator) in the 'es' cell"),
    (
        "White House\tCasa Blanca\n\u2029First Lady\tprimera dama\n",
        1,
        "{path}:4: U+2029 (paragraph separator) in the 'en' cell",
    ),
    ("White House\t\x85\n", 1, "{path}:3: U+0085 (next line, NEL) in the 'es' cell"),
    ("White House\tCasa Blanca\t\tUK\x0bUS\n", 1, "{path}:3: U+000B (vertical tab) in the 'context' cell"),
    # a target holding the pipeline's protection markers would be published
    (
        "White House\tXpz0qz\n",
        1,
        "{path}:3: 'White House' → 'Xpz0qz' (es): 'Xpz0qz' is one of the pipeline's protection markers",
    ),
    ("White House\t⟦Casa Blanca⟧\n", 1, "{path}:3: 'White House' → '⟦Casa Blanca⟧' (es): '⟦' is one of"),
    ("White House\tla Xpz12qz\n", 1, "{path}:3: 'White House' → 'la Xpz12qz' (es): 'Xpz12qz' is one"),
]


@pytest.mark.parametrize("body, code, message", CHECKS)
def test_cli_glossary_check_table(run, tmp_path, body, code, message):
    path = _write(tmp_path, body, header=SHORT)
    result = run("glossary", "check", path)
    assert (result.exit_code, message.format(path=path) in result.output) == (code, True), result.output
    assert "shadowed" not in result.output  # a term is never shadowed by itself


def test_tbx_terms_and_feminine_targets_are_checked_too(tmp_path):
    path = _write(tmp_path, "Minister\tministro\t⟦ministra⟧\n", header="en\tes\tes_feminine\n")
    tbx = tmp_path / "t.tbx"
    tbx.write_text(TBX_BASIC.replace("Casa Blanca", "Xpz3qz").replace("<term>Donald Trump", "<term>Donald\u2028Trump"))
    _, errors, _ = check_files([path, tbx])
    assert errors == [
        f"{tbx}: entry 2: a term holds a line break; a glossary term is one line",
        f"{tbx}: entry 3: needs an English and a Spanish term",
        f"{path}:3: 'Minister' → '⟦ministra⟧' (es_feminine): '⟦' is one of the pipeline's protection markers, "
        "not Spanish; a run would publish it",
        f"{tbx}: entry 1: 'White House' → 'Xpz3qz' (es): 'Xpz3qz' is one of the pipeline's protection markers, "
        "not Spanish; a run would publish it",
    ]


TBX_BASIC = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="1"><langSet xml:lang="en"><tig><term>White House</term></tig></langSet>
<langSet xml:lang="es"><tig><term>Casa Blanca</term>
<termNote type="grammaticalGender">feminine</termNote></tig></langSet></termEntry>
<termEntry id="2"><langSet xml:lang="en"><tig><term>Donald Trump</term></tig></langSet>
<langSet xml:lang="es-ES"><tig><term>Donald Trump</term></tig></langSet></termEntry>
<termEntry id="3"><langSet xml:lang="en"><tig><term>orphan</term></tig></langSet></termEntry>
</body></text></martif>"""
TBX_V3 = """<?xml version="1.0"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Core" style="dca" xml:lang="en"><text><body>
<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>Border Patrol</term></termSec></langSec>
<langSec xml:lang="es"><termSec><term>Patrulla Fronteriza</term></termSec></langSec></conceptEntry>
</body></text></tbx>"""
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<martif><text><body>
<termEntry><langSet xml:lang="en"><tig><term>&lol3;</term></tig></langSet></termEntry></body></text></martif>"""


def test_tbx_basic_and_v3_import(tmp_path):
    (tmp_path / "a.tbx").write_text(TBX_BASIC, encoding="utf-8")
    (tmp_path / "b.tbx").write_text(TBX_V3, encoding="utf-8")
    entries, errors = read_entries(tmp_path / "a.tbx")
    assert [(e.en, e.es, e.gender, e.dnt) for e in entries] == [
        ("White House", "Casa Blanca", "f", False),
        ("Donald Trump", "Donald Trump", "", True),
    ]
    assert errors == [f"{tmp_path / 'a.tbx'}: entry 3: needs an English and a Spanish term"]
    assert [(e.en, e.es) for e in read_entries(tmp_path / "b.tbx")[0]] == [("Border Patrol", "Patrulla Fronteriza")]


def test_tbx_with_entity_expansion_is_refused(tmp_path):
    (tmp_path / "bomb.tbx").write_text(BILLION_LAUGHS, encoding="utf-8")
    entries, errors = read_entries(tmp_path / "bomb.tbx")
    assert entries == [] and "refused unsafe XML" in errors[0]


def test_cli_glossary_check(run, tmp_path):
    good = _write(tmp_path, "White House\tCasa Blanca\t\tf\tsg\texact\t\t\t\n", "good.tsv")
    bad = _write(tmp_path, "White House\t\n", "bad.tsv")
    ok = run("glossary", "check", str(good))
    assert ok.exit_code == 0 and "1 entries, 0 errors" in ok.output
    failed = run("glossary", "check", str(good), str(bad))
    assert failed.exit_code == 1 and f"error: {bad}:3:" in failed.output
