import pytest

from pipeline.engines.apertium import ApertiumEngine
from pipeline.engines.pseudo import PseudoEngine
from pipeline.glossary import load_glossaries
from pipeline.records import Segment
from pipeline.runner import run_stages
from pipeline.stages.ingest import document_from_text
from pipeline.stages.qa import recheck
from pipeline.stages.segment import SentenceSplitter
from pipeline.stages.terms import Matcher, ProtectStage, RestoreStage, count_terms, english_plural, mask, spanish_plural
from pipeline.stages.translate import TranslateStage
from pipeline.text import protected as placeholders
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_glossaries([ROOT / "glossaries" / "efe-en-es.tsv"]))


MATCHES = [
    ("They entered via the Aztec nation.", [("the Aztec nation", "el país azteca")]),
    ("The Aztec nation's capital.", [("The Aztec nation", "el país azteca")]),  # case "any", possessive outside
    ("The Secretaries of State met.", [("Secretaries of State", "secretarios de Estado")]),
    ("Trump signed executive orders.", [("Trump", "Trump"), ("executive orders", "órdenes ejecutivas")]),
    (
        "Homeland Security Secretary John Kelly spoke.",
        [("Homeland Security Secretary", "secretario de Seguridad Nacional"), ("John Kelly", "John Kelly")],
    ),
    (
        "Tourism Minister Elena Marín, Economy Minister Federico Bianchi.",
        [
            ("Tourism Minister", "ministra de Turismo"),
            ("Elena Marín", "Elena Marín"),
            ("Economy Minister", "ministro de Economía"),
            ("Federico Bianchi", "Federico Bianchi"),
        ],
    ),
    (
        "the Department of Homeland Security (DHS)",
        [("Department of Homeland Security", "Departamento de Seguridad Nacional")],
    ),
    ("Kellyville and white house and trumpet", []),  # word boundaries and case rules
]


@pytest.mark.parametrize("text, expected", MATCHES)
def test_matching(matcher, text, expected):
    hits = matcher.find(text)
    assert [(h.source, h.target) for h in hits] == expected
    assert all(text[h.start : h.end] == h.source for h in hits)


# (glossary rows en<TAB>es<TAB>case, text, the words found): the matcher's edges
EDGES = [
    (["IMF\tFMI\texact"], "IMF-backed loans; the IMF.", ["IMF"]),  # glued by a hyphen: no
    (["IMF\tFMI\texact"], "imf", []),
    (["gas\tgas\tany"], "GAS, Gas and gas_x", ["GAS", "Gas"]),
    (["Straße\tcalle\tany"], "the STRASSE and the Straße", ["STRASSE", "Straße"]),  # casefold changes length
    (
        ["New York\tNueva York\tany", "New York Times\tThe New York Times\tany"],
        "New York Times, New York",
        [
            "New York Times",
            "New York",
        ],
    ),
    (["(IMF)\t(FMI)\texact"], "the fund (IMF) said", ["(IMF)"]),  # a term that starts with no letter
    (["end\tfin\tany"], "the end", ["end"]),  # at the very end of the text
    (["Côte d'Ivoire\tCosta de Marfil\tany"], "in Côte d’Ivoire and Côte d'Ivoire", ["Côte d’Ivoire", "Côte d'Ivoire"]),
]


@pytest.mark.parametrize("rows, text, found", EDGES)
def test_matcher_edges(tmp_path, rows, text, found):
    path = tmp_path / "g.tsv"
    path.write_text("en\tes\tcase\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert [hit.source for hit in Matcher(load_glossaries([path])).find(text)] == found


@pytest.mark.parametrize(
    "english, plural",
    [("Secretary of State", "Secretaries of State"), ("executive order", "executive orders"), ("tax", "taxes")],
)
def test_english_plural(english, plural):
    assert english_plural(english) == plural


@pytest.mark.parametrize(
    "spanish, plural",
    [
        ("secretario de Estado", "secretarios de Estado"),
        ("orden ejecutiva", "órdenes ejecutivas"),
        ("nación", "naciones"),
        ("país azteca", "países aztecas"),
        ("el país azteca", "los países aztecas"),
        ("ONG", "ONG"),  # acronyms do not change
    ],
)
def test_spanish_plural(spanish, plural):
    assert spanish_plural(spanish) == plural


def _restored(matcher, source, engine_output):
    seg = Segment("d", 0, 0, 0, len(source), source, engine_output, terms=tuple(matcher.find(source)))
    return RestoreStage(matcher).restore(seg)


AGREEMENT = [
    # de + el → del, a + el → al, the term's own article replaces the engine's
    ("They came via the Aztec nation.", "Llegaron a través de ⟦el país azteca⟧.", "Llegaron a través del país azteca."),
    ("They went to the Aztec nation.", "Fueron a la ⟦el país azteca⟧.", "Fueron al país azteca."),
    ("the Aztec nation grew.", "⟦el país azteca⟧ creció.", "El país azteca creció."),  # capital at sentence start
    ("He met at the White House.", "Se reunió en el ⟦Casa Blanca⟧.", "Se reunió en la Casa Blanca."),  # gender
    (
        "They signed the executive orders.",
        "Firmaron la ⟦órdenes ejecutivas⟧.",
        "Firmaron las órdenes ejecutivas.",
    ),  # plural
    ("At a news conference.", "En un ⟦rueda de prensa⟧.", "En una rueda de prensa."),  # indefinite article
    ("Near the White House.", "Cerca del ⟦Casa Blanca⟧.", "Cerca de la Casa Blanca."),  # del → de la for feminine
]


@pytest.mark.parametrize("source, engine_output, expected", AGREEMENT)
def test_restore_makes_spanish_agree(matcher, source, engine_output, expected):
    seg = _restored(matcher, source, engine_output)
    assert seg.target == expected and seg.issues == ()


def test_disallowed_variant_is_corrected(matcher):
    seg = _restored(matcher, "Trump spoke.", "Triunfo habló.")
    assert seg.target == "Trump habló." and seg.terms[0].method == "post-edit" and seg.issues == ()


def test_missing_term_and_leaked_bracket_become_issues(matcher):
    seg = _restored(matcher, "Kelly met Tillerson.", "⟦Kelly se reunió con él.")
    assert seg.target == "⟦Kelly se reunió con él."  # left for QA to flag, never hidden
    assert {i.code for i in recheck(seg).issues} == {"placeholder-left", "term-missing"}
    assert [h.method for h in seg.terms] == ["placeholder", "missing"]


def test_restore_is_idempotent(matcher):
    once = _restored(matcher, "Kelly met Tillerson.", "⟦Kelly⟧ se reunió.")
    assert RestoreStage(matcher).restore(once) == once


@pytest.mark.parametrize("text", ["No spans.", "⟦Trump⟧ met ⟦John Kelly⟧ and ⟦Trump⟧."])
def test_placeholders_round_trip(text):
    encoded, spans = placeholders.encode(text)
    assert "⟦" not in encoded and placeholders.decode(encoded, spans) == text


STORY = (
    "Mexico City (EFE).– Homeland Security Secretary John Kelly met Trump at the White House. "
    "They discussed deportations via the Aztec nation with Tourism Minister Elena Marín."
)


@pytest.mark.parametrize("engine", [PseudoEngine(), ApertiumEngine()], ids=["pseudo", "apertium"])
def test_every_term_arrives_with_every_engine(matcher, engine):
    doc = document_from_text("d", "d.txt", STORY)
    stages = [SentenceSplitter(), ProtectStage(matcher), TranslateStage(engine), RestoreStage(matcher)]
    [out] = run_stages([doc], stages)
    text = " ".join(seg.target for seg in out.segments)
    for term in (
        "secretario de Seguridad Nacional",
        "John Kelly",
        "Trump",
        "Casa Blanca",
        "país azteca",
        "ministra de Turismo",
        "Elena Marín",
    ):
        assert term in text or term[0].upper() + term[1:] in text  # capitalised at a sentence start
    assert "Triunfo" not in text and "⟦" not in text and "Xpz" not in text
    assert all(not seg.issues for seg in out.segments)


def test_mask_skips_hits_outside_the_piece():
    seg_hits = Matcher(load_glossaries([ROOT / "glossaries" / "efe-en-es.tsv"])).find("Trump spoke; Kelly listened.")
    assert mask("Kelly listened.", seg_hits, offset=13) == "⟦Kelly⟧ listened."


def test_nested_targets_are_counted_once():

    text = "El nuevo coronavirus y el coronavirus de 1918 llegaron al país azteca."
    assert count_terms(text, ["coronavirus", "nuevo coronavirus", "el país azteca"]) == {
        "nuevo coronavirus": 1,
        "el país azteca": 1,
        "coronavirus": 1,
    }


@pytest.mark.parametrize("engine", ["apertium", "pseudo"])
def test_the_copys_own_marker_look_alikes_come_through_as_written(run, tmp_path, engine):
    """A code that looks like our placeholder ("Xpz0qz") and a bracket of our own kind are the
    copy's text: with a glossary in play, Apertium took the code for a protected span and
    wrote "El código Senado…", and a "⟦x⟧" lost its brackets."""
    article = tmp_path / "code.txt"
    article.write_text(
        "Washington (EFE).- The code Xpz0qz was leaked to the Senate.\n\nPress ⟦x⟧ to enter and see Xpz1qz.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    glossary = ROOT / "glossaries" / "efe-en-es.tsv"
    assert run("translate", article, "-o", out, "--engine", engine, "--glossary", glossary, "-q").exit_code == 0
    spanish = (out / "code.es.txt").read_text(encoding="utf-8")
    assert "Xpz0qz" in spanish and "⟦x⟧" in spanish and "Xpz1qz" in spanish
    assert run("qa", out, "--fail-on", "error").exit_code == 0
