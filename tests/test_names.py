"""The names guard: which words of English copy are names to keep as written."""

import pytest

from pipeline.text.names import find_names, possible_names


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
        # a title with a modifier is a title; initials belong to the name
        ("Former President Grace Bell said the plan would fail.", ["Grace Bell"]),
        ("The decision was made by then-Governor Mark Price in 2019.", ["Mark Price"]),
        ("It was ex-President Grace Bell.", ["Grace Bell"]),
        ("The statement was signed by Gen. A. Castillo on Monday.", ["A. Castillo"]),
        # a sure first name and a surname, even an English word: a person
        ("The talks were led by Theresa May on Monday.", ["Theresa May"]),
        ("The treaty pleased John F. Kennedy.", ["John F. Kennedy"]),
        ("Chief Executive Tim Cook spoke.", ["Tim Cook"]),
        ("He praised Bill Gates.", ["Bill Gates"]),
        # ...but not in an institution, a headline in title case, or English words all along
        ("The ceremony was in the Rose Garden.", []),
        ("Will Biden run again?", []),
        ("Shares of German Industries rose.", []),
        ("Hurricane Rosa Threatening Phoenix With Flash Flooding", []),
        ("Johnny English Strikes Again and wins.", []),
        # an all-caps line: each word by its frequencies, the first one too
        ("QUISPE WINS IN PINAR DEL RÍO", ["QUISPE", "PINAR DEL RÍO"]),
        ("TRUMP WINS", []),
    ],
)
def test_names_found(text, names):
    assert _names(text) == names


def _span(text, part):
    return (text.index(part), text.index(part) + len(part))


@pytest.mark.parametrize(
    "text, title, names",
    [
        ("Senate Majority Leader Chuck Schumer said so.", "Senate Majority Leader", ["Chuck Schumer"]),
        (
            "White House press secretary Karine Jean-Pierre said so.",
            "White House press secretary",
            ["Karine Jean-Pierre"],
        ),
    ],
)
def test_the_name_after_a_glossary_title(text, title, names):
    span = _span(text, title)
    assert [text[a:b] for a, b in find_names(text, [span], titles=[span])] == names


@pytest.mark.parametrize(
    "text, place, names",
    [
        # a glossary place inside a longer name: the name is kept whole
        ("The novel was written by Jack London in 1903.", "London", ["Jack London"]),
        ("She flew with Japan Airlines to Lima.", "Japan", ["Japan Airlines", "Lima"]),
        ("Scotland Yard's detectives came.", "Scotland", ["Scotland Yard"]),
        ("In Japan Airlines stocks fell.", "Japan", ["Japan Airlines"]),  # a sentence's English first word is left out
        # an institution, a title or a weekday after it: the place is translated
        ("Shares fell on the London Stock Exchange.", "London", []),
        ("London Mayor Sadiq Khan spoke.", "London", ["Sadiq Khan"]),
        ("He arrived in London Monday.", "London", []),
        ("Talks resumed in Japan.", "Japan", []),
    ],
)
def test_a_place_inside_a_longer_name(text, place, names):
    assert [text[a:b] for a, b in find_names(text, places=[_span(text, place)])] == names


@pytest.mark.parametrize(
    "text, possible",
    [
        ("Later, Trump said no.", ["Trump"]),  # Zipf es − en -0.4: no name for the guard, maybe one
        ("TRUMP WINS", ["TRUMP"]),
        ("Trump said no.", []),  # a sentence's first word
        ("The EU and NATO met in Brussels.", []),  # acronyms, English vocabulary
        ("Prof Quispe and Vice President Kamala Harris met in Oct. 2019.", ["Quispe", "Kamala", "Harris"]),
        ("The ceremony was in the Rose Garden.", []),
    ],
)
def test_words_that_may_be_names(text, possible):
    assert [text[a:b] for a, b in possible_names(text)] == possible


def test_spans_already_taken_are_not_names_again():
    text = "It was announced by President Lucía Montoya."
    start = text.index("Lucía")
    assert _names(text, [(start, start + len("Lucía Montoya"))]) == []
