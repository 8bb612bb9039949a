import hashlib
import json
import os
from pathlib import Path

import pytest

from pipeline.errors import IngestError, InputChangedError
from pipeline.stages.ingest import (
    MAX_ID,
    count_documents,
    document_from_text,
    list_inputs,
    plan_chunks,
    read_chunk,
    read_documents,
    safe_id,
    split_paragraphs,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One.\n\nTwo.", ("One.", "Two.")),
        ("One.\r\n\r\nTwo.\r\n", ("One.", "Two.")),
        ("\ufeffOne.\n \n\t\nTwo.", ("One.", "Two.")),
        ("A hard-wrapped\nline.\n\nNext.", ("A hard-wrapped line.", "Next.")),
        ("Trailing  \n  spaces.", ("Trailing spaces.",)),
        ("No-break\u00a0space,\ttab.", ("No-break\u00a0space,\ttab.",)),  # kept: a CAT tool keeps them
        ("\n\n  \n", ()),
    ],
)
def test_split_paragraphs(text, expected):
    assert split_paragraphs(text) == expected


@pytest.mark.parametrize(
    "first, dateline",
    [
        ("Mexico City (EFE).– The United States said.", "Mexico City (EFE).–"),
        ("WASHINGTON, Jan. 25 (EFE).- The House voted.", "WASHINGTON, Jan. 25 (EFE).-"),
        ("MEXICO CITY (EFE) - Officials said.", "MEXICO CITY (EFE) -"),
        ("The president (EFE) said nothing.", ""),
        ("Officials said on Monday that talks would resume.", ""),
    ],
)
def test_dateline(first, dateline):
    doc = document_from_text("d", "d.txt", first)
    assert doc.dateline == dateline
    assert doc.paragraphs[0].startswith(dateline)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("story-1", "story-1"),
        ("../../etc/passwd", "etc-passwd"),
        ("a b/c", "a-b-c"),
        ("..", "doc"),
        ("Año 2026", "A-o-2026"),
    ],
)
def test_safe_id(raw, expected):
    assert safe_id(raw) == expected


@pytest.mark.parametrize("raw", ["x" * 10_000, "9" * 4000, "a/" * 3000])
def test_long_ids_are_capped_and_stay_distinct(raw):
    capped = safe_id(raw)
    assert len(capped) <= MAX_ID and capped != safe_id(raw + "y") and safe_id(raw) == capped


def test_names_that_sanitise_alike_both_survive(tmp_path):
    for name in ("新闻.txt", "خبر.txt", "doc.txt"):
        (tmp_path / name).write_text(f"Story {name}.", encoding="utf-8")
    docs, errors = _read(sorted(tmp_path.iterdir()))
    assert not errors and len({d.id for d in docs}) == 3
    assert sorted(d.metadata.get("original_id", d.id) for d in docs) == sorted(["新闻", "خبر", "doc"])


def test_utf16_and_bom_files_are_read(tmp_path):
    (tmp_path / "wide.txt").write_bytes("Mexico City (EFE).– Ñandú spoke.".encode("utf-16"))
    (tmp_path / "bom.jsonl").write_bytes(
        b'\xef\xbb\xbf{"id": "first", "text": "One."}\n{"id": "second", "text": "Two."}\n'
    )
    docs, errors = _read([tmp_path / "wide.txt", tmp_path / "bom.jsonl"])
    assert not errors and [d.id for d in docs] == ["wide", "first", "second"]
    assert docs[0].paragraphs == ("Mexico City (EFE).– Ñandú spoke.",)


def test_special_files_are_listed_as_ignored_not_dropped(tmp_path):
    (tmp_path / "story.txt").write_text("One.", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    found = list_inputs([tmp_path])
    assert found.files == (tmp_path / "story.txt",) and found.ignored == (tmp_path / "pipe.txt",)


@pytest.mark.parametrize("names", [[], ["report.docx", "photo.jpg"]])
def test_inputs_with_nothing_to_translate_are_an_error(tmp_path, names):
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(IngestError, match="no .txt or .jsonl files to translate"):
        list_inputs([tmp_path])


def _read(files):
    errors: list[IngestError] = []
    docs = list(read_documents([Path(f) for f in files], errors.append))
    return docs, errors


BAD_FILES = [
    ("bad-utf8.txt", b"Good line.\n\nBad \xff byte.", 3, "not valid UTF-8"),
    ("nul.txt", b"Text\n\x00\x01", 2, "NUL bytes"),
    ("empty.txt", b"  \n\n", None, "empty"),
    ("utf16.txt", "Havana (EFE).- A storm.\n".encode("utf-16-le"), None, "UTF-16 text without a byte-order mark"),
]


@pytest.mark.parametrize("name, content, line, message", BAD_FILES)
def test_bad_txt_files_are_reported_with_file_and_line(tmp_path, name, content, line, message):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("Fine text.", encoding="utf-8")
    docs, errors = _read(sorted(tmp_path.iterdir()))
    assert [d.id for d in docs] == ["good"]
    assert len(errors) == 1
    assert errors[0].path.endswith(name) and errors[0].line == line
    assert message in str(errors[0])


BAD_LINES = [
    ("not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"id": "x"}', 'missing "text"'),
    ('{"id": true, "text": "Hi."}', '"id" must be'),
    ('{"id": "x2", "text": "   "}', "empty"),
    ('{"id": "deep", "text": "Hi.", "x": ' + "[" * 2000 + "]" * 2000 + "}", "nested too deeply"),
    ('{"id": "s", "text": "Bad \\ud800 char."}', "lone surrogate"),
    ('{"id": "s2", "text": "Fine.", "note": "\\udfff"}', "lone surrogate"),
    ('{"id": ' + "9" * 5000 + ', "text": "Hi."}', "not usable JSON"),
    ('{"id": "d1", "text": "Hi.", "date": 5}', '"date" must be a date'),
    ('{"id": "d2", "text": "Hi.", "date": "2017-13-45"}', '"date" must be a date'),
    ('{"id": "d3", "text": "Hi.", "date": "2017-00-10"}', '"date" must be a date'),
]


@pytest.mark.parametrize("line, message", BAD_LINES)
def test_bad_jsonl_lines_are_skipped_and_the_rest_kept(tmp_path, line, message):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n' + line + '\n\n{"id": "b", "text": "Two."}\n', encoding="utf-8")
    docs, errors = _read([path])
    assert [d.id for d in docs] == ["a", "b"]
    assert [(e.line, message in e.reason) for e in errors] == [(2, True)]


def test_jsonl_undecodable_line_is_one_error(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b'{"id": "a", "text": "One."}\n{"id": "b", "text": "\xff"}\n')
    docs, errors = _read([path])
    assert [d.id for d in docs] == ["a"] and errors[0].line == 2


def test_jsonl_metadata_and_default_ids(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(
        json.dumps({"text": "One.", "date": "2026-11-20"}) + "\n" + json.dumps({"id": "a/b", "text": "Two."}) + "\n",
        encoding="utf-8",
    )
    docs, errors = _read([path])
    assert not errors
    assert [d.id for d in docs] == ["wire-1", "a-b"]
    assert docs[0].metadata == {"date": "2026-11-20"}
    assert docs[1].metadata == {"original_id": "a/b"}
    assert docs[1].source == f"{path}:2"


def test_duplicate_ids_are_reported_not_overwritten(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"id": "same", "text": "One."}\n{"id": "same", "text": "Two."}\n', encoding="utf-8"
    )
    docs, errors = _read([tmp_path / "a.jsonl"])
    assert [d.paragraphs for d in docs] == [("One.",)]
    assert errors[0].line == 2 and "already used" in errors[0].reason


def test_folder_walk_is_sorted_and_reports_ignored_files(tmp_path):
    for name in ("b.txt", "a.jsonl", "sub/c.txt", "notes.md", ".hidden.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = list_inputs([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == ["a.jsonl", "b.txt", "sub/c.txt"]
    assert [p.name for p in found.ignored] == ["notes.md"]


@pytest.mark.parametrize(
    "name, message",
    [("missing.txt", "no such file"), ("story.docx", "unsupported file type"), ("pipe.txt", "not a regular file")],
)
def test_bad_paths_are_errors(tmp_path, name, message):
    if name.endswith(".docx"):
        (tmp_path / name).write_bytes(b"PK")
    if name.startswith("pipe"):
        os.mkfifo(tmp_path / name)
    with pytest.raises(IngestError, match=message):
        list_inputs([tmp_path / name])


def test_count_documents(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    assert count_documents(list_inputs([tmp_path]).files) == 3


def test_boilerplate_lines_move_to_metadata_and_copyright_stays():
    text = (
        "Mexico City (EFE).– Kelly spoke.\n\n© 2017 EFE News Services (U.S.) Inc.\n\n\n"
        "This content is published through a licensing agreement with Acquire Media using its NewsEdge technology.\n\n"
        "No votes yet.\nPlease wait..."
    )
    doc = document_from_text("d", "d.txt", text)
    assert doc.paragraphs == ("Mexico City (EFE).– Kelly spoke.", "© 2017 EFE News Services (U.S.) Inc.")
    assert doc.metadata["boilerplate"] == [
        "This content is published through a licensing agreement with Acquire Media using its NewsEdge technology.",
        "No votes yet.",
        "Please wait...",
    ]


def test_a_document_of_only_boilerplate_is_empty(tmp_path):
    (tmp_path / "a.txt").write_text("No votes yet.\nPlease wait...", encoding="utf-8")
    docs, errors = _read([tmp_path / "a.txt"])
    assert docs == [] and "empty" in errors[0].reason


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_a_file_changed_or_gone_since_the_run_began_stops_the_plan(tmp_path, change):
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(f'{{"id": "d{n}", "text": "Line {n}."}}\n' for n in range(5)), encoding="utf-8")
    before = {str(path): hashlib.sha256(path.read_bytes()).hexdigest()}
    assert [c.first_line for c in plan_chunks([path], before, lines=2)] == [1, 3, 5]
    if change == "edit":
        path.write_text(path.read_text(encoding="utf-8").replace("Line 4", "Line X"), encoding="utf-8")
    else:
        path.unlink()
    with pytest.raises(InputChangedError, match="changed while the run was reading it"):
        list(plan_chunks([path], before, lines=2))


def test_chunks_read_back_the_documents_of_the_whole_file(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("\ufeff" + "".join(f'{{"id": "d{n}", "text": "Line {n}."}}\n' for n in range(7)), encoding="utf-8")
    sums = {str(path): hashlib.sha256(path.read_bytes()).hexdigest()}
    errors = []
    chunked = [d for chunk in plan_chunks([path], sums, lines=3) for d in read_chunk(chunk, errors.append)]
    assert chunked == list(read_documents([path], errors.append)) and not errors


def test_an_earlier_runs_output_folder_inside_the_inputs_is_ignored_not_read(tmp_path):
    (tmp_path / "story.txt").write_text("Lima (EFE).– The mayor spoke.\n", encoding="utf-8")
    earlier = tmp_path / "last-week"
    earlier.mkdir()
    for name in ("manifest.json", "segments.jsonl", "story.es.txt", "documents.jsonl"):
        (earlier / name).write_text("{}\n", encoding="utf-8")
    found = list_inputs([tmp_path])
    assert found.files == (tmp_path / "story.txt",) and found.ignored == (earlier,)


def test_a_folder_walk_reports_what_it_could_not_list(tmp_path, monkeypatch):
    """A folder the walk cannot list (permissions) is reported, not skipped in silence (the
    failure is made by a test double: root, who runs CI, reads every folder)."""
    (tmp_path / "ok.txt").write_text("Fine text.", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list_inputs([tmp_path])
    assert [p.name for p in found.files] == ["ok.txt"]
    assert [e.path for e in found.unreadable] == [str(tmp_path / "locked")]
