import pytest

from pipeline.config import LocalizeConfig
from pipeline.records import Segment, TermHit
from pipeline.stages.ingest import document_from_text
from pipeline.stages.localize import (
    LocalizeStage,
    localize_text,
    lowercase_days_months,
    lowercase_titles,
    money_and_numbers,
    normalize_usa,
    percent_sign,
    spacing,
    spanish_dateline,
    spanish_quotes,
    times_24h,
)
from pipeline.text.spanish import NBSP

RULES = [
    (lowercase_titles, "Lo dijo el Presidente Donald Trump.", "Lo dijo el presidente Donald Trump."),
    (lowercase_titles, "Presidente de la nación, habló.", "Presidente de la nación, habló."),  # sentence start stays
    (
        lowercase_titles,
        "Visitó la Casa Blanca y el Secretario de Estado habló.",
        "Visitó la Casa Blanca y el secretario de Estado habló.",
    ),
    (
        lowercase_titles,
        "John Goldsmith, Presidente de la sociedad, habló.",
        "John Goldsmith, presidente de la sociedad, habló.",
    ),
    (
        lowercase_titles,
        "Habló ante la Asamblea General y el Secretario General lo oyó.",
        "Habló ante la Asamblea General y el secretario general lo oyó.",
    ),
    (lambda t: normalize_usa(t, "EE.UU."), "Los EEUU y EE UU y USA y US.", "Los EE.UU. y EE.UU. y EE.UU. y EE.UU."),
    (lambda t: normalize_usa(t, "EE. UU."), "Viajó a EE.UU. ayer.", "Viajó a EE. UU. ayer."),
    (times_24h, "A las 2 p.m. y a las 10:15 a.m. (15:15 GMT).", "A las 14.00 y a las 10.15 (15.15 GMT)."),
    (times_24h, "A las 12 a.m. y a las 12:30 p.m.", "A las 0.00 y a las 12.30"),
    (
        money_and_numbers,
        "Gastó $1.5 billion y €126.3 billion.",
        "Gastó 1.500 millones de dólares y 126.300 millones de euros.",
    ),
    (money_and_numbers, "Dio $45 millones y $10.", "Dio 45 millones de dólares y 10 dólares."),
    (money_and_numbers, "Costó $1.2 trillion.", "Costó 1,2 billones de dólares."),
    # exact decimal arithmetic: no digit rounded away, no float error, no comma read twice
    (money_and_numbers, "Pagó $2.345 million.", "Pagó 2,345 millones de dólares."),
    (
        money_and_numbers,
        "Pagó $1.1 billion y $0.35 billion.",
        "Pagó 1.100 millones de dólares y 350 millones de dólares.",
    ),
    (
        money_and_numbers,
        "Pagó $123456789012345678901 billion.",
        "Pagó 123.456.789.012.345.678.901.000 millones de dólares.",
    ),
    (money_and_numbers, "Pagó $1234567890123456789012345 billion.", "Pagó $1234567890123456789012345 billion."),
    (money_and_numbers, "Son 2,500 millones.", "Son 2.500 millones."),  # a bare Spanish scale: separators only
    (money_and_numbers, "Costó $1 million y $1 trillion.", "Costó 1 millón de dólares y 1 billón de dólares."),
    (money_and_numbers, "Costó $1,500.75 million.", "Costó 1.500,75 millones de dólares."),
    (money_and_numbers, "Costó US$3 billion y US$40.", "Costó 3.000 millones de dólares y 40 dólares."),
    (money_and_numbers, "Costó $1.5 bn y $2 mn.", "Costó 1.500 millones de dólares y 2 millones de dólares."),
    (money_and_numbers, "Dio $2,5 millones.", "Dio 2,5 millones de dólares."),  # a Spanish decimal comma
    (spacing, "Dijo que el vecino , nuestro  amigo  llegó .", "Dijo que el vecino, nuestro amigo llegó."),
    (spacing, "« Hola » dijo ( EFE ) y [ x ]: ¿ Qué ?", "«Hola» dijo (EFE) y [x]: ¿Qué?"),
    (spacing, "Y dijo... nada. Eran las 14.00.", "Y dijo... nada. Eran las 14.00."),  # untouched
    (percent_sign, "Subió 38,6 por ciento y 41,2 %.", f"Subió 38,6{NBSP}% y 41,2 %."),
    (money_and_numbers, "Subió 2.6% a 650,000 y 1,085.5 pesos.", f"Subió 2,6{NBSP}% a 650.000 y 1.085,5 pesos."),
    (
        money_and_numbers,
        "Llegó a las 17.00 en 2017 con 1.085 pesos.",
        "Llegó a las 17.00 en 2017 con 1.085 pesos.",
    ),  # untouched
    (lowercase_days_months, "Llegó el Lunes 3 de Enero.", "Llegó el lunes 3 de enero."),
    (
        lambda t: spanish_quotes(t, "angular"),
        '"Es grande," dijo. "Muy "muy" grande."',
        "«Es grande», dijo. «Muy “muy” grande».",
    ),
    (lambda t: spanish_quotes(t, "curly"), "«Es “así”», dijo.", "“Es ‘así’”, dijo."),
    (
        lambda t: spanish_quotes(t, "angular"),
        '" Era fuerte ", dijo.',
        "«Era fuerte», dijo.",
    ),  # MT output with stray spaces
]


@pytest.mark.parametrize("rule, text, expected", RULES)
def test_rules(rule, text, expected):
    assert rule(text) == expected


@pytest.mark.parametrize("text", [expected for _, _, expected in RULES])
def test_localizing_twice_changes_nothing(text):
    once = localize_text(text, LocalizeConfig())
    assert localize_text(once, LocalizeConfig()) == once


@pytest.mark.parametrize(
    "dateline, date, expected",
    [
        ("Mexico City (EFE).–", "2017-02-23", "Ciudad de México, 23 feb (EFE).-"),
        ("WASHINGTON, Jan. 25 (EFE).-", None, "Washington, 25 ene (EFE).-"),
        ("MEXICO CITY (EFE) -", None, "Ciudad de México (EFE).-"),
        ("Havana (EFE).–", "2026-08-09", "La Habana, 9 ago (EFE).-"),
    ],
)
def test_spanish_dateline(dateline, date, expected):
    assert spanish_dateline(dateline, date) == expected


def test_protected_text_is_never_touched():
    text = 'El Presidente dijo "EEUU" en https://efe.com/US?x=1,000 y ⟦⟧ Departamento De Estado.'
    out = localize_text(text, LocalizeConfig(), protected=["Departamento De Estado"])
    assert "https://efe.com/US?x=1,000" in out and "Departamento De Estado" in out
    assert out.startswith("El presidente dijo «EE.UU.»")


def test_rules_switch_off():
    config = LocalizeConfig(titles=False, usa="", quotes="", numbers=False, times=False, days_months=False)
    text = 'El Presidente dijo "EEUU" el Lunes a las 2 p.m.: $1.5 billion.'
    assert localize_text(text, config) == text


def test_stage_localizes_and_renders_the_dateline():
    doc = document_from_text("d", "d.txt", "Havana (EFE).– One.", {"date": "2026-08-09"})
    segs = (
        Segment("d", 0, 0, 15, 19, "One.", "El Presidente habló.", engine="apertium eng-spa"),
        Segment("d", 0, 1, 15, 19, "One.", '[Thé "Président"]', engine="pseudo expansion=0.3"),
        Segment(
            "d",
            0,
            2,
            15,
            19,
            "One.",
            "Lo dijo Triunfo Presidente.",
            terms=(TermHit(0, 1, "x", "Triunfo Presidente", "placeholder"),),
            engine="apertium",
        ),
    )
    out = LocalizeStage()(doc.__class__(**{**doc.__dict__, "segments": segs}))
    assert [s.target for s in out.segments] == [
        "El presidente habló.",
        "[Thé «Président»]",
        "Lo dijo Triunfo Presidente.",
    ]
    assert out.metadata["dateline_es"] == "La Habana, 9 ago (EFE).-"


def test_localize_command(run, tmp_path):
    path = tmp_path / "es.txt"
    path.write_text('El Presidente habló el Lunes.\n"Sí," dijo a las 2 p.m.\n', encoding="utf-8")
    result = run("localize", str(path), "--quotes", "curly", "--usa", "EE. UU.")
    assert result.exit_code == 0
    assert result.output == "El presidente habló el lunes.\n“Sí”, dijo a las 14.00\n"
