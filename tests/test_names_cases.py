"""Names the guard missed and lost silently (issue 22), each pinned through Apertium with
both glossaries: kept as written, or at least a `name-missing` warning on its segment."""

import json
import re

import pytest

from pipeline.engines.apertium import apertium_available
from pipeline.records import Segment, TermHit
from pipeline.stages.terms import NAME, check_terms, mask
from tests.conftest import ROOT

# guard, English, Spanish the target holds (case aside), what it must not hold, and the name a
# name-missing warning names (None: the segment has no name-missing warning at all)
CASES = [
    # 1. a title with a modifier is a title: the name after it is kept, the title agrees
    (True, "Former President Grace Bell said the plan would fail.", ["presidenta anterior Grace Bell"], [], None),
    (True, "Acting Secretary Rose Hunter met the delegation on Monday.", ["secretaria suplente Rose Hunter"], [], None),
    (True, "Interim President Grace Bell spoke on Monday.", ["presidenta interina Grace Bell"], [], None),
    (True, "The decision was made by then-Governor Mark Price in 2019.", ["Mark Price"], ["Precio"], None),
    # 2. after a glossary title
    (True, "Senate Majority Leader Chuck Schumer said the vote would come soon.", ["Chuck Schumer"], ["Echa"], None),
    # 3. after an initial
    (True, "The statement was signed by Gen. A. Castillo on Monday.", ["general A. Castillo"], ["Un."], None),
    # 4. all capitals: a word Spanish uses as much is kept, one that may be a name is flagged
    (True, "TRUMP WINS", [], [], "TRUMP"),
    (True, "QUISPE WINS IN HUANCAYO", ["QUISPE", "HUANCAYO"], [], None),
    # 5. possessives: the apostrophe alone reaches no engine; a garbled one is flagged
    (True, "They criticized the United States' position on the talks.", ["de los Estados Unidos"], ["'"], None),
    (True, "Montoya's government and Quispe's office disagreed.", ["de Montoya", "Quispe"], [], "Quispe"),
    # 6. a place inside a longer name is not translated alone; a translated institution stays so
    (True, "The novel was written by Jack London in 1903.", ["Jack London"], ["Londres"], None),
    (True, "She flew with Japan Airlines to Lima.", ["Japan Airlines"], ["Japón"], None),
    (True, "Investigators from Scotland Yard arrived on Monday.", ["Scotland Yard"], ["Escocia"], None),
    (True, "Shares fell on the London Stock Exchange on Monday.", ["Londres"], ["London"], None),
    # 7. names that are words
    (True, "The talks were led by Theresa May on Monday.", ["Theresa May"], ["mayo", "Puede"], None),
    (True, "The treaty was signed by Prime Minister Theresa May.", ["primera ministra Theresa May"], [], None),
    # 8. no guard: a name by the guard's rules that the engine lost is flagged, titles agree
    (False, "The talks were led by Theresa May on Monday.", [], [], "Theresa May"),
    (False, "Senate Majority Leader Chuck Schumer said the vote would come soon.", [], [], "Chuck Schumer"),
    (False, "The statement was signed by Gen. A. Castillo on Monday.", [], [], "A. Castillo"),
    (False, "The decision was made by then-Governor Mark Price in 2019.", [], [], "Mark Price"),
    (False, "Former President Grace Bell said the plan would fail.", ["presidenta anterior Grace Bell"], [], None),
    # controls: no false alarm
    (True, "The ceremony was in the Rose Garden.", [], [], None),
    (True, "Hurricane Delia made landfall in Havana.", ["Delia", "La Habana"], [], None),
]


@pytest.fixture(scope="module")
def translated(run, tmp_path_factory):
    """{(guard, English): segment record}: every case translated with and without the guard."""
    if not apertium_available():
        pytest.fail("apertium-eng-spa is not installed: run `make setup` as root on Debian (see README)")
    glossaries = [arg for path in sorted((ROOT / "glossaries").glob("*.tsv")) for arg in ("--glossary", path)]
    records = {}
    for guard in (True, False):
        folder = tmp_path_factory.mktemp("cases")
        (folder / "in").mkdir()
        sources = sorted({english for on, english, *_ in CASES if on is guard})
        text = "Washington (EFE).- " + "\n\n".join(sources) + "\n"
        (folder / "in" / "cases.txt").write_text(text, encoding="utf-8")
        flag = "--name-guard" if guard else "--no-name-guard"
        result = run("translate", folder / "in", "-o", folder / "out", "--engine", "apertium", *glossaries, flag, "-q")
        assert result.exit_code == 0, result.output
        for line in (folder / "out" / "segments.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[guard, record["source"]] = record
    return records


@pytest.mark.parametrize("guard, english, spanish, wrong, warned", CASES)
def test_a_name_is_kept_or_its_loss_flagged(translated, guard, english, spanish, wrong, warned):
    record = translated[guard, english]
    target = record["target"]
    for text in spanish:
        assert text.lower() in target.lower(), target
    for text in wrong:
        assert text not in target, target
    messages = [issue["message"] for issue in record["issues"] if issue["code"] == "name-missing"]
    if warned is None:
        assert messages == [], target
    else:
        assert any(f"'{warned}'" in message for message in messages), (target, messages)


def _segment(source, target, names=()):
    """A segment whose names the guard protected, at every place they occur."""
    spans = sorted((m.start(), m.end()) for name in names for m in re.finditer(name, source))
    hits = [TermHit(a, b, source[a:b], source[a:b], "placeholder", NAME) for a, b in spans]
    return Segment("d", 0, 0, 0, len(source), source, target, terms=tuple(hits))


@pytest.mark.parametrize(
    "source, target, names, warned",
    [
        # a word that may be a name: missing when no word of the target is like it
        ("Later, Trump said no.", "Más tarde, Triunfo dijo que no.", (), "Trump"),
        ("Later, Trump said no.", "Más tarde, Trump dijo que no.", (), None),
        ("Talks resumed in Havana.", "Las conversaciones se reanudaron en La Habana.", (), None),  # like "Habana"
        ("The EU met on Monday.", "La UE se reunió el lunes.", (), None),  # acronyms are translated
        # a name by the guard's rules that nothing protected: word for word, initials as written
        ("The talks were led by Theresa May.", "Las charlas las dirigió Theresa mayo.", (), "Theresa May"),
        ("It was signed by Gen. A. Castillo.", "Lo firmó el general Un. Castillo.", (), "A. Castillo"),
        # a protected name in the possessive: "de <name>"
        ("Quispe's office disagreed.", "La oficina de Quispe discrepó.", ("Quispe",), None),
        ("Quispe's office disagreed.", "La Quispe la oficina discrepó.", ("Quispe",), "Quispe"),
        (
            "They backed Quispe's plan and Quispe's budget.",
            "Apoyaron el plan de Quispe y Quispe presupuesto.",
            ("Quispe",),
            "Quispe",
        ),
    ],
)
def test_names_lost_without_protection_are_flagged(source, target, names, warned):
    seg = _segment(source, target, names)
    messages = [issue.message for issue in check_terms(seg).issues if issue.code == "name-missing"]
    assert (messages == []) if warned is None else any(f"'{warned}'" in m for m in messages), messages


def test_a_plural_possessive_reaches_the_engine_as_one():
    source = "the United States' position"
    hit = TermHit(4, 17, "United States", "Estados Unidos", "placeholder", "United States")
    assert mask(source, [hit]) == "the ⟦Estados Unidos⟧'s position"
