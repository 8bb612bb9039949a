"""A title before a named person agrees with the person's gender."""

import pytest

from pipeline.text.gender import agree_titles, first_name_gender


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
        # only a title right before the name (or before its "de …" complement)
        ("El alcalde llegó. Rosa Quispe habló.", "Rosa Quispe", None, "El alcalde llegó. Rosa Quispe habló."),
    ],
)
def test_titles_agree(text, name, gender, expected):
    assert agree_titles(text, [(name, gender)]) == expected


@pytest.mark.parametrize(
    "name, gender", [("Rosa Quispe", "f"), ("Ramón Castillo", "m"), ("Lucía", "f"), ("Zorblax Lee", None)]
)
def test_first_name_gender(name, gender):
    assert first_name_gender(name) == gender
