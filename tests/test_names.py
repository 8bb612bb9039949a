"""The names guard: which words of English copy are names to keep as written."""

import pytest

from pipeline.text.names import find_names


def _names(text, taken=()):
    return [text[a:b] for a, b in find_names(text, taken)]


@pytest.mark.parametrize(
    "text, names",
    [
        # after a title: a person's name, whatever its words
        ("It was announced by President Lucía Montoya on Thursday.", ["Lucía Montoya"]),
        ("The head of Civil Defense, Gen. Ramón Castillo, said so.", ["Ramón Castillo"]),
        ("They met President Joe Biden and Senator Bill White.", ["Joe Biden", "Bill White"]),
        ("the mayor of Huancayo, Rosa Quispe, told EFE.", ["Huancayo", "Rosa Quispe", "EFE"]),
        # words Spanish uses as much as English, with particles inside
        ("The storm hit Pinar del Río province.", ["Pinar del Río"]),
        ("He spoke at the Casa de Nariño palace.", ["Casa de Nariño"]),
        ("Two died in San Juan y Martínez.", ["San Juan y Martínez"]),
        ("The deal ended the war with the FARC.", ["FARC"]),
        # a sentence's first word only as the start of a longer name
        ("Buenos Aires (EFE).– Prices rose.", ["Buenos Aires"]),
        ("Montoya said the talks would resume.", []),
        ('"Quispe is right," Castillo said.', ["Castillo"]),  # a closed quotation: the sentence goes on
        # a possessive ends a name and stays outside it
        ("They came from Cuba's Pinar del Río.", ["Cuba", "Pinar del Río"]),
        # English words and names with a Spanish form are left to the engine and glossaries
        ("The Geophysical Institute of Mexico said so.", []),
        ("Hurricane Delia made landfall in Havana.", []),
        ("Americans are tired of brinkmanship, he said at the Capitol.", []),
        ("The Prime Minister's Office said the General Assembly met.", []),
        ("Tourists visited Catalonia and Spain.", []),
    ],
)
def test_names_found(text, names):
    assert _names(text) == names


def test_spans_already_taken_are_not_names_again():
    text = "It was announced by President Lucía Montoya."
    start = text.index("Lucía")
    assert _names(text, [(start, start + len("Lucía Montoya"))]) == []
