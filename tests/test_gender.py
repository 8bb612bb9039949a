"""A title before a named person agrees with the person's gender."""

import pytest

from pipeline.stages.terms import count_terms
from pipeline.text.gender import agree_titles, first_name_gender, is_title


@pytest.mark.parametrize(
    "text, name, gender, expected",
    [
        (
            "«Aguantaron», el alcalde de Huancayo, Rosa Quispe, dijo.",
            "Rosa Quispe",
            None,
            "«Aguantaron», la alcaldesa de Huancayo, Rosa Quispe, dijo.",
        ),
        (
            "la jefa de Defensa Civil, general Ramón Castillo, dijo.",
            "Ramón Castillo",
            None,
            "el jefe de Defensa Civil, general Ramón Castillo, dijo.",
        ),
        ("presidente Lucía Montoya anunció", "Lucía Montoya", None, "presidenta Lucía Montoya anunció"),
        ("Presidente Lucía Montoya anunció", "Lucía Montoya", None, "Presidenta Lucía Montoya anunció"),
        # contractions open and close with the article
        ("Habló del ministro Elena Marín.", "Elena Marín", None, "Habló de la ministra Elena Marín."),
        ("Habló de la ministra Jorge Andrade.", "Jorge Andrade", None, "Habló del ministro Jorge Andrade."),
        ("Se lo dijo al director Rosa Quispe.", "Rosa Quispe", None, "Se lo dijo a la directora Rosa Quispe."),
        # a title with one form changes its article only
        ("el fiscal Rosa Quispe", "Rosa Quispe", None, "la fiscal Rosa Quispe"),
        # the glossary's gender wins over the first name; an unknown first name keeps the engine's choice
        ("el ministro Andrea Costa", "Andrea Costa", "m", "el ministro Andrea Costa"),
        ("la senadora Zorblax Lee", "Zorblax Lee", None, "la senadora Zorblax Lee"),
        ("Primer ministro Nicola Sturgeon habló", "Nicola Sturgeon", "f", "Primera ministra Nicola Sturgeon habló"),
        ("la ministra de Turismo Carlos Pérez", "Carlos Pérez", None, "el ministro de Turismo Carlos Pérez"),
        # only a title right before the name, or in apposition: never across a verb or another name
        ("El alcalde llegó. Rosa Quispe habló.", "Rosa Quispe", None, "El alcalde llegó. Rosa Quispe habló."),
        (
            "La jefa de la delegación dio las gracias a Marco Lopez.",
            "Marco Lopez",
            None,
            "La jefa de la delegación dio las gracias a Marco Lopez.",
        ),
        ("La ministra del interior cumplió Jorge Andrade.", "Jorge Andrade", None, None),
        ("el ministro de interior Juan Cruz y la alcaldesa Rosa Quispe", "Rosa Quispe", None, None),
        # a modifier goes with the title, and agrees when it has two forms
        ("Presidente interino Grace Bell habló", "Grace Bell", None, "Presidenta interina Grace Bell habló"),
        ("Presidente anterior Grace Bell dijo", "Grace Bell", None, "Presidenta anterior Grace Bell dijo"),
        ("Secretario suplente Rose Hunter llegó", "Rose Hunter", None, "Secretaria suplente Rose Hunter llegó"),
        (
            "el ministro interino de Turismo Elena Marín",
            "Elena Marín",
            None,
            "la ministra interina de Turismo Elena Marín",
        ),
        ("la presidenta electa Mark Price", "Mark Price", None, "el presidente electo Mark Price"),
        ("el presidente en funciones Rose Hunter", "Rose Hunter", None, "la presidenta en funciones Rose Hunter"),
        ("el entonces gobernador Ann Richards", "Ann Richards", None, "la entonces gobernadora Ann Richards"),
        ("el ex presidente Grace Bell", "Grace Bell", None, "la ex presidenta Grace Bell"),
        ("del exministro Rose Hunter", "Rose Hunter", None, "de la exministra Rose Hunter"),
        ("Vicepresidente Kamala Harris habló", "Kamala Harris", None, "Vicepresidenta Kamala Harris habló"),
    ],
)
def test_titles_agree(text, name, gender, expected):
    assert agree_titles(text, [(name, gender)]) == (expected or text)


@pytest.mark.parametrize(
    "term, title",
    [
        ("líder de la mayoría del Senado", True),
        ("secretaria de Estado", True),
        ("general", True),
        ("fiscal general", True),
        ("Asamblea General", False),
        ("cancillería", False),  # "canciller" is a title, not the start of every word
        ("Estados Unidos", False),
    ],
)
def test_a_glossary_term_that_is_a_title(term, title):
    assert is_title(term) is title


@pytest.mark.parametrize(
    "name, gender",
    [("Rosa Quispe", "f"), ("Ramón Castillo", "m"), ("Lucía", "f"), ("Zorblax Lee", None), ("Kim Park", None)],
)
def test_first_name_gender(name, gender):
    assert first_name_gender(name) == gender


@pytest.mark.parametrize(
    "text, target, count",
    [
        ("La gobernadora Maria Lopez habló.", "gobernador", 1),
        ("El gobernador Juan Ortiz y la gobernadora Ana Ortiz.", "gobernador", 2),
        ("el ministro de Turismo Carlos Pérez", "ministra de Turismo", 1),
        ("la fiscal general", "fiscal general", 1),
        ("el secretario de Estado", "secretaria de Estado", 1),
        ("la secretaría de Estado", "secretario de Estado", 0),
    ],
)
def test_a_title_counts_in_either_gender(text, target, count):
    assert count_terms(text, [target]) == {target: count}
