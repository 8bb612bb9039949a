"""An article's Spanish from Apertium is a function of its own text, never of its neighbours
(issue 22): Apertium 3.8's tagger changed its own model in a process whenever it met a word
whose ambiguity class it was not trained on ("known", "drunk", "a lot of"), and tagged every
later unknown word of that process otherwise ("Kirill Miller" became "Kirill Molinero")."""

import json
import shutil
from pathlib import Path

import pytest

from pipeline.engines.apertium import ApertiumEngine, apertium_available
from pipeline.output.lock import LOCK

# (a neighbour that changed the tagger, a text whose Spanish changed after it, as it was then)
NEIGHBOURS = [
    ("The wine was drunk.", "Republican legislators have enacted laws.", "tienen enacted"),
    ("The plan is well known.", "The new player is the bold painter Kirill Miller.", "Kirill Molinero"),
    ("Farmers lost a lot of cattle.", "Affleck shows it in Argo.", "espectáculos"),
    ("Taxes were included.", "Quispe resigned in November, plunging Lima into a crisis.", "dimitido"),
]

# Thirty short wire stories of our own; the five inserted ones carry words that changed the
# tagger, and the stories after them hold the texts that changed after such a word.
STORIES = [
    "LIMA, March 3 (EFE).– Peru's central bank kept its key rate at 6% on Thursday.",
    "BOGOTA, March 3 (EFE).– Colombia's coffee exports fell 8% in February. Growers blamed heavy rains.",
    "SANTIAGO, March 3 (EFE).– Chile signed a lithium deal with two miners. The minister thanked the workers.",
    "QUITO, March 3 (EFE).– Ecuador opened a new bridge over the Guayas river. Traffic moved slowly.",
    "CARACAS, March 3 (EFE).– Venezuela raised the price of petrol. Drivers queued at the stations.",
    "LA PAZ, March 3 (EFE).– Bolivia will hold a census in November. The count will take two weeks.",
    "ASUNCION, March 3 (EFE).– Paraguay's soy harvest rose 12%. Exports went mainly to Argentina.",
    "MONTEVIDEO, March 3 (EFE).– Uruguay's president met union leaders. They discussed wages.",
    "BUENOS AIRES, March 3 (EFE).– Argentina's inflation slowed in February. Food prices rose 3%.",
    "HAVANA, March 3 (EFE).– Cuba restored power to the western provinces after a blackout.",
    "PANAMA CITY, March 3 (EFE).– More ships crossed the canal in February than in January.",
    "SAN JOSE, March 3 (EFE).– Costa Rica protected a new marine park. Fishing is banned there.",
    "MANAGUA, March 3 (EFE).– Nicaragua reported two cases of dengue. The ministry urged caution.",
    "TEGUCIGALPA, March 3 (EFE).– Honduras signed a trade deal with Mexico. It takes effect in May.",
    "GUATEMALA CITY, March 3 (EFE).– A volcano erupted on Tuesday. Ash fell on three towns.",
    "MEXICO CITY, March 3 (EFE).– Republican legislators have enacted laws. Mexico protested.",
    "MADRID, March 3 (EFE).– The new player is the bold painter Kirill Miller. He opened a show.",
    "LOS ANGELES, March 3 (EFE).– Affleck shows it in Argo. The film won three awards.",
    "LIMA, March 4 (EFE).– Quispe resigned in November, plunging Lima into a crisis.",
    "BOGOTA, March 4 (EFE).– The senate approved the budget on Wednesday. The vote was close.",
    "SANTIAGO, March 4 (EFE).– Copper prices rose for a third day. Miners welcomed the rise.",
    "QUITO, March 4 (EFE).– Ecuador's oil output fell in February. A pipeline was repaired.",
    "CARACAS, March 4 (EFE).– The opposition called a march for Saturday. Police closed a square.",
    "LA PAZ, March 4 (EFE).– Bolivia's lithium plant began its tests. The first batch is due in June.",
    "ASUNCION, March 4 (EFE).– Paraguay's river traffic resumed after the rains.",
    "MONTEVIDEO, March 4 (EFE).– Uruguay sold bonds worth 1,000 million dollars.",
    "BUENOS AIRES, March 4 (EFE).– Argentina's wheat crop will be the largest in a decade.",
    "HAVANA, March 4 (EFE).– Cuba will receive more tourists from Canada this winter.",
    "PANAMA CITY, March 4 (EFE).– Panama's economy grew 7% last year. Ports led the growth.",
    "SAN JOSE, March 4 (EFE).– Costa Rica's coffee growers expect a better harvest.",
]
INSERTED = [
    "MIAMI, March 3 (EFE).– The plan is well known. The wine was drunk.",
    "HOUSTON, March 3 (EFE).– Farmers lost a lot of cattle. Taxes were included.",
    "TOLEDO, March 3 (EFE).– The result is known. The toasts were drunk in his honour.",
    "DALLAS, March 3 (EFE).– The rains did a lot of damage. Meals were included.",
    "DENVER, March 3 (EFE).– Her name is well known. Most of the water was drunk.",
]


def _corpus(folder: Path, inserted: bool) -> Path:
    """STORIES as story-00.txt … story-29.txt; INSERTED, when asked, between story-14 and story-15."""
    folder.mkdir()
    for n, story in enumerate(STORIES):
        (folder / f"story-{n:02d}.txt").write_text(story + "\n", encoding="utf-8")
    for letter, story in zip("abcde", INSERTED if inserted else []):
        (folder / f"story-14{letter}.txt").write_text(story + "\n", encoding="utf-8")
    return folder


def _translate(run, corpus: Path, outdir: Path, *options: str) -> Path:
    result = run("translate", corpus, "-o", outdir, "--engine", "apertium", "-q", *options)
    assert result.exit_code == 0, result.output
    return outdir


def _files(folder: Path) -> dict[str, bytes]:
    """What a folder publishes, byte for byte (the manifest has the time)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name not in ("manifest.json", LOCK)}


def _segments(folder: Path) -> dict[str, list[dict]]:
    """segments.jsonl's records by document."""
    records: dict[str, list[dict]] = {}
    for line in (folder / "segments.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records.setdefault(record["doc_id"], []).append(record)
    return records


@pytest.fixture(scope="module")
def engine():
    if not apertium_available():
        pytest.fail("apertium-eng-spa is not installed: run `make setup` as root on Debian (see README)")
    return ApertiumEngine()


@pytest.mark.parametrize("neighbour, text, after", NEIGHBOURS)
def test_a_text_translates_the_same_alone_and_among_others(engine, neighbour, text, after):
    [alone] = engine.translate_batch([text])
    assert after not in alone
    for batch in ([neighbour, text], [neighbour, neighbour, text, neighbour], [text, neighbour, text]):
        out = engine.translate_batch(batch)
        assert [out[i] for i, t in enumerate(batch) if t == text] == [alone] * batch.count(text)


def test_a_batch_translates_the_same_in_any_order(engine):
    texts = [t for pair in NEIGHBOURS for t in pair[:2]] + INSERTED + STORIES
    forward = engine.translate_batch(texts)
    backward = engine.translate_batch(texts[::-1])[::-1]
    assert forward == backward


@pytest.fixture(scope="module")
def archive(engine, run, tmp_path_factory):
    """Fresh Apertium runs of the 30 stories, and of the 30 with the 5 inserted."""
    base = tmp_path_factory.mktemp("archive")
    plain = _translate(run, _corpus(base / "plain", inserted=False), base / "plain-out")
    grown = _translate(run, _corpus(base / "grown", inserted=True), base / "grown-out")
    return plain, grown


def test_inserting_articles_leaves_every_other_article_as_it_was(archive):
    plain, grown = archive
    names = [f"story-{n:02d}" for n in range(len(STORIES))]
    assert {p.name for p in grown.glob("*.es.txt")} == {
        f"{name}.es.txt" for name in names + [f"story-14{letter}" for letter in "abcde"]
    }
    for name in names:
        assert (grown / f"{name}.es.txt").read_bytes() == (plain / f"{name}.es.txt").read_bytes(), name
    before, after = _segments(plain), _segments(grown)
    assert before and all(after[doc] == records for doc, records in before.items())


def test_two_shards_merged_are_the_unsharded_run(archive, run, tmp_path):
    grown = archive[1]
    corpus = grown.parent / "grown"
    shards = [_translate(run, corpus, tmp_path / f"shard-{i}", "--shard", f"{i}/2") for i in (1, 2)]
    assert all(any(shard.glob("*.es.txt")) for shard in shards)
    result = run("merge", *shards, "-o", tmp_path / "merged")
    assert result.exit_code == 0, result.output
    assert _files(tmp_path / "merged") == _files(grown)


def test_without_transfuse_each_text_goes_alone(engine, monkeypatch):
    texts = [text for pair in NEIGHBOURS[:2] for text in pair[:2]]
    alone = [engine.translate_batch([text])[0] for text in texts]
    found = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "tf-extract" else found(name))
    assert ApertiumEngine().translate_batch(texts) == alone  # one `apertium` process per text
