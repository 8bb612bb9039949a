"""The XLIFF reader is as strict as the specifications: each broken rule is refused with its line."""

from pathlib import Path

import pytest

from pipeline.errors import IngestError
from pipeline.formats.edits import read_file

V2 = "urn:oasis:names:tc:xliff:document:2.0"
V1 = "urn:oasis:names:tc:xliff:document:1.2"
V22 = "urn:oasis:names:tc:xliff:document:2.2"
SEGMENT = '<segment id="s1" state="translated"><source>One.</source><target>Uno.</target></segment>'
TO_ONE = '<target order="1">'
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
FRENCH = SEGMENT.replace("<target>", '<target xml:lang="fr">')


def _v2(
    unit: str = f'<unit id="u1">{SEGMENT}</unit>', root: str = f'xmlns="{V2}" version="2.0"', langs: str = ""
) -> str:
    langs = langs or 'srcLang="en" trgLang="es"'
    return f'<?xml version="1.0"?>\n<xliff {root} {langs}>\n<file id="f1">\n{unit}\n</file>\n</xliff>\n'


def _v1(units: str, file: str = 'original="a.txt" source-language="en" datatype="plaintext"') -> str:
    body = f"<body>\n{units}\n</body>"
    return f'<?xml version="1.0"?>\n<xliff xmlns="{V1}" version="1.2">\n<file {file}>\n{body}\n</file>\n</xliff>\n'


VALID = [  # (what, file text, (source, target, state) of each segment)
    ("2.0", _v2(), [("One.", "Uno.", "translated")]),
    ("2.1", _v2(root=f'xmlns="{V2}" version="2.1"'), [("One.", "Uno.", "translated")]),
    ("2.2", _v2(root=f'xmlns="{V22}" version="2.2"'), [("One.", "Uno.", "translated")]),
    (
        "paired and isolated codes, markers, a comment on a note",
        _v2(
            '<unit id="u1"><notes><note id="n1">Check.</note></notes><segment id="s1"><source><sc id="1"/>A'
            '<sm id="m1" type="comment" ref="#n=n1"/>b<em startRef="m1"/></source></segment>'
            '<segment id="s2"><source>c<ec startRef="1"/><ec id="2" isolated="yes"/>.</source></segment></unit>'
        ),
        [("Ab", "", "initial"), ("c.", "", "initial")],
    ),
    (
        "extensions where they may be",
        _v2(f'<unit id="u1" my:a="1" xmlns:my="urn:x"><my:e id="x1"><my:f id="x2"/></my:e>{SEGMENT}</unit>'),
        [("One.", "Uno.", "translated")],
    ),
    ("no target", _v2('<unit id="u1"><segment><source>One.</source></segment></unit>'), [("One.", "", "initial")]),
    (
        "segment ids per unit",
        _v2(f'<unit id="u1">{SEGMENT}</unit><unit id="u2">{SEGMENT.replace("One", "Two")}</unit>'),
        [("One.", "Uno.", "translated"), ("Two.", "Uno.", "translated")],
    ),
    (
        "inline codes and original data",
        _v2(
            '<unit id="u1"><originalData><data id="d1">&lt;b&gt;</data></originalData>'
            '<segment state="final"><source>A <ph id="1" dataRef="d1"/>b<pc id="2">c</pc>.</source>'
            '<target>Una <mrk id="m" translate="no">b</mrk>c.</target></segment></unit>'
        ),
        [("A bc.", "Una bc.", "final")],
    ),
    ("a group", _v2(f'<group id="g1"><unit id="u1">{SEGMENT}</unit></group>'), [("One.", "Uno.", "translated")]),
    (
        "1.2",
        _v1('<trans-unit id="1"><source>One.</source><target state="translated">Uno.</target></trans-unit>'),
        [("One.", "Uno.", "translated")],
    ),
    (
        "1.2 approved, signed-off, new",
        _v1(
            '<trans-unit id="1" approved="yes"><source>One.</source><target>Uno.</target></trans-unit>'
            '<trans-unit id="2"><source>Two.</source><target state="signed-off">Dos.</target></trans-unit>'
            '<trans-unit id="3"><source>Three.</source><target state="new">Three.</target></trans-unit>'
        ),
        [("One.", "Uno.", "final"), ("Two.", "Dos.", "reviewed"), ("Three.", "Three.", "initial")],
    ),
    (
        "1.2 segmented with mrk and codes",
        _v1(
            '<trans-unit id="9"><source>One. Two.</source><seg-source><mrk mtype="seg" mid="1">One.</mrk> '
            '<mrk mtype="seg" mid="2">T<bpt id="1">&lt;b&gt;</bpt>wo<ept id="1">&lt;/b&gt;</ept>.</mrk></seg-source>'
            '<target><mrk mtype="seg" mid="1">Uno.</mrk> <mrk mtype="seg" mid="2"><g id="1">Dos</g>.</mrk></target>'
            "</trans-unit>"
        ),
        [("One.", "Uno.", "translated"), ("Two.", "Dos.", "translated")],
    ),
]

INVALID = [  # (what, file text, a phrase of the message, line)
    ("not xliff", '<?xml version="1.0"?>\n<tmx version="1.4"/>\n', "not an XLIFF file", 2),
    ("no namespace", _v2(root='version="2.0"'), "namespace", 2),
    ("1.1 namespace", _v2(root='xmlns="urn:oasis:names:tc:xliff:document:1.1" version="1.1"'), "namespace", 2),
    ("version 3.0", _v2(root=f'xmlns="{V2}" version="3.0"'), "version '3.0'", 2),
    ("1.2 in the 2.0 namespace", _v2(root=f'xmlns="{V2}" version="1.2"'), "version '1.2'", 2),
    ("no srcLang", _v2(langs='trgLang="es"'), "srcLang", 2),
    ("a target without trgLang", _v2(langs='srcLang="en"'), "trgLang", 2),
    ("file without id", _v2().replace('<file id="f1">', "<file>"), "attribute id", 3),
    (
        "two files, one id",
        _v2().replace("</file>\n</xliff>", '</file>\n<file id="f1"><unit id="u"/></file></xliff>'),
        "appears twice",
        6,
    ),
    ("empty file", _v2(""), "at least one <unit>", 3),
    ("unit without segment", _v2('<unit id="u1"><notes><note>x</note></notes></unit>'), "at least one <segment>", 4),
    ("two units, one id", _v2(f'<unit id="u1">{SEGMENT}</unit>\n<unit id="u1">{SEGMENT}</unit>'), "appears twice", 5),
    ("segment outside a unit", _v2(SEGMENT), "cannot be inside <file>", 4),
    ("two segments, one id", _v2(f'<unit id="u1">{SEGMENT}\n{SEGMENT}</unit>'), "appears twice", 5),
    (
        "target before source",
        _v2('<unit id="u1"><segment><target>Uno.</target><source>One.</source></segment></unit>'),
        "<source> before <target>",
        4,
    ),
    (
        "two targets",
        _v2('<unit id="u1"><segment><source>A</source><target>B</target><target>C</target></segment></unit>'),
        "at most one <target>",
        4,
    ),
    ("unknown state", _v2(f'<unit id="u1">{SEGMENT.replace("translated", "done")}</unit>'), "state 'done'", 4),
    (
        "subState without state",
        _v2('<unit id="u1"><segment subState="x:y"><source>A</source></segment></unit>'),
        "subState",
        4,
    ),
    ("target in another language", _v2(f'<unit id="u1">{FRENCH}</unit>'), "xml:lang 'fr'", 4),
    ("empty notes", _v2(f'<unit id="u1"><notes/>{SEGMENT}</unit>'), "<notes> must hold", 4),
    (
        "dataRef to nothing",
        _v2('<unit id="u1"><segment><source>A<ph id="1" dataRef="d9"/></source></segment></unit>'),
        "dataRef 'd9'",
        4,
    ),
    (
        "core element in no namespace",
        _v2('<unit id="u1"><segment xmlns=""><source>A</source></segment></unit>'),
        "in no namespace",
        4,
    ),
    ("2.2 in the 2.0 namespace", _v2(root=f'xmlns="{V2}" version="2.2"'), "version '2.2'", 2),
    (
        "unknown attribute",
        _v2('<unit id="u1"><segment translate="no"><source>A</source></segment></unit>'),
        "no attribute translate",
        4,
    ),
    (
        "extension attribute on a segment",
        _v2('<unit id="u1"><segment x:a="1" xmlns:x="urn:x"><source>A</source></segment></unit>'),
        "attributes of another namespace",
        4,
    ),
    (
        "extension element in a segment",
        _v2('<unit id="u1"><segment><source>A</source><x:e xmlns:x="urn:x"/></segment></unit>'),
        "another namespace cannot be inside <segment>",
        4,
    ),
    ("notes after units", _v2(f'<unit id="u1">{SEGMENT}</unit><notes><note>x</note></notes>'), "out of place", 4),
    ("an id that is no NMTOKEN", _v2(f'<unit id="/1">{SEGMENT}</unit>'), "not an NMTOKEN", 4),
    (
        "a segment id an inline code has",
        _v2('<unit id="u1"><segment id="1"><source><ph id="1"/></source></segment></unit>'),
        "appears twice",
        4,
    ),
    (
        "ec before sc",
        _v2('<unit id="u1"><segment><source><ec startRef="1"/>A<sc id="1"/></source></segment></unit>'),
        "closes no earlier <sc>",
        4,
    ),
    (
        "sc never closed",
        _v2('<unit id="u1"><segment><source><sc id="1"/>A</source></segment></unit>'),
        "has no <ec>",
        4,
    ),
    ("sm never ended", _v2('<unit id="u1"><segment><source><sm id="m"/>A</source></segment></unit>'), "has no <em>", 4),
    (
        "comment without a note",
        _v2('<unit id="u1"><segment><source><mrk id="m" type="comment">A</mrk></source></segment></unit>'),
        "one of the two",
        4,
    ),
    (
        "fragment with two leaves",
        _v2('<unit id="u1"><segment><source><mrk id="m" type="x:y" ref="#a/b">A</mrk></source></segment></unit>'),
        "only the last part",
        4,
    ),
    (
        "cp for a character XML holds",
        _v2('<unit id="u1"><segment><source><cp hex="00a0"/></source></segment></unit>'),
        "write it as text",
        4,
    ),
    (
        "two notes with one id",
        _v2(f'<unit id="u1"><notes><note id="n">a</note><note id="n">b</note></notes>{SEGMENT}</unit>'),
        "note id 'n' appears twice",
        4,
    ),
    (
        "a target without a code the source keeps",
        _v2('<unit id="u1"><segment><source>A<ph id="1" canDelete="no"/></source><target>B</target></segment></unit>'),
        "canDelete='no'",
        4,
    ),
    (
        "unsupported module",
        _v2(
            '<unit id="u1" fs:fs="b" xmlns:fs="urn:oasis:names:tc:xliff:fs:2.0">'
            "<segment><source>A</source></segment></unit>"
        ),
        "not read: unsupported module fs",
        4,
    ),
    ("other languages", _v2(langs='srcLang="en" trgLang="fr"'), "not read: the file translates 'en' into 'fr'", 2),
    ("a language tag that is none", _v2(langs='srcLang="e" trgLang="es"'), "not a language tag", 2),
    (
        "two targets in one place",
        _v2(f'<unit id="u1">{SEGMENT}{SEGMENT.replace("s1", "s2").replace("<target>", TO_ONE)}</unit>'),
        "order is unique",
        4,
    ),
    (
        "subFlows to no unit",
        _v2('<unit id="u1"><segment><source><ph id="1" subFlows="u9"/></source></segment></unit>'),
        "no unit of the file",
        4,
    ),
    (
        "a match pointing nowhere",
        _v2(
            f'<unit id="u1"><mtc:matches xmlns:mtc="{MTC}"><mtc:match ref="#zz"><source>A</source>'
            f"<target>B</target></mtc:match></mtc:matches>{SEGMENT}</unit>"
        ),
        "names no segment",
        4,
    ),
    (
        "a meta without type",
        _v2(
            f'<unit id="u1"><mda:metadata xmlns:mda="{MDA}"><mda:metaGroup><mda:meta>x</mda:meta>'
            f"</mda:metaGroup></mda:metadata>{SEGMENT}</unit>"
        ),
        "has a type",
        4,
    ),
    ("1.2 without original", _v1("", 'source-language="en" datatype="plaintext"'), "attribute original", 3),
    ("1.2 without body", _v1("").replace("<body>\n\n</body>", ""), "one <body>", 3),
    ("1.2 unit without id", _v1("<trans-unit><source>A</source></trans-unit>"), "attribute id", 5),
    (
        "1.2 unit ids twice",
        _v1('<trans-unit id="1"><source>A</source></trans-unit>\n<trans-unit id="1"><source>B</source></trans-unit>'),
        "appears twice",
        6,
    ),
    (
        "1.2 target before source",
        _v1('<trans-unit id="1"><target>B</target><source>A</source></trans-unit>'),
        "<source>",
        5,
    ),
    (
        "1.2 unknown state",
        _v1('<trans-unit id="1"><source>A</source><target state="done">B</target></trans-unit>'),
        "state 'done'",
        5,
    ),
]


@pytest.mark.parametrize(("what", "text", "expected"), VALID, ids=[row[0] for row in VALID])
def test_a_valid_file_is_read(tmp_path: Path, what: str, text: str, expected: list) -> None:
    path = tmp_path / "file.xlf"
    path.write_text(text, encoding="utf-8")
    assert [(e.source, e.target, e.state) for e in read_file(path).edits] == expected


@pytest.mark.parametrize(("what", "text", "phrase", "line"), INVALID, ids=[row[0] for row in INVALID])
def test_an_invalid_file_is_refused_with_the_rule_and_line(
    tmp_path: Path, what: str, text: str, phrase: str, line: int
) -> None:
    path = tmp_path / "file.xlf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError) as refused:
        read_file(path)
    assert phrase in refused.value.reason and refused.value.line == line, (refused.value.reason, refused.value.line)
    assert str(path) in str(refused.value)
