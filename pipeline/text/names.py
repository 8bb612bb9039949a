"""Proper names in English copy that no glossary lists, found so that the engine cannot
translate them ("Trump" → "Triunfo", "Rosa Quispe" → "Rosa Quispe" only by luck).

Four signs make a name:
* it follows a title, bare or with a modifier ("President Lucía Montoya", "Gen. A. Castillo",
  "Former President Grace Bell", "then-Governor Mark Price"), or a glossary term that is a
  title ("Senate Majority Leader Chuck Schumer"): the capitalised words after it are a
  person's name, initials included;
* it starts with a first name gender-guesser is sure of and goes on in capitals ("Theresa
  May", "Jack London", "John F. Kennedy"), unless a word of it names an institution or a
  place ("Rose Garden", "Jordan Valley": english.INSTITUTION_WORDS);
* it holds a glossary place and more capitalised words ("Japan Airlines", "Scotland Yard"):
  kept whole, the place is not translated alone;
* it is a capitalised word or an acronym inside a sentence that Spanish text uses about as
  often as English text does (wordfreq's Zipf frequencies): "Quispe", "Huancayo", "Casa de
  Nariño", "CNE". English vocabulary ("Geophysical", "Capitol", "Ecuadorians") and names
  with a Spanish form of their own ("Havana", "Catalonia", "Peru") are far more frequent in
  English, so the engine (or a glossary) translates them.
A sentence's first word is only a name after a title or as the start of a longer name:
capitals there say nothing. A headline in title case ("… Threatening Phoenix With …") has
no first-name names. In an all-caps line ("TRUMP WINS") capitals say nothing
anywhere, so each word is judged by its frequencies alone.

`possible_names` gives the capitalised words that may be names though none of these signs
holds ("Trump said", "TRUMP WINS"): nothing protects them, QA looks for them in the Spanish.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from wordfreq import zipf_frequency

from pipeline.text.english import INSTITUTION_WORDS, MONTH_ABBREVIATIONS, MONTHS, STOP_WORDS, WEEKDAYS
from pipeline.text.gender import first_name_gender

Span = tuple[int, int]

# English titles written before a person's name (a capital, then the name). A modifier in
# front needs no entry: "Former President" is a run holding a title, "then-Governor" and
# "ex-President" end in one, "Governor-elect" is one.
TITLES = frozenset(
    """President Minister Secretary General Gen. Lt. Col. Maj. Capt. Sgt. Adm. Cmdr. Mayor Governor Gov.
    Senator Sen. Representative Rep. Congressman Congresswoman Judge Justice Ambassador Chancellor
    Commissioner Director Chairman Chairwoman Chair Spokesman Spokeswoman Spokesperson Attorney
    Prosecutor Dr. Mr. Mrs. Ms. Dr Mr Mrs Ms Prof. Prof Professor Pope King Queen Prince Princess Sheikh
    Cardinal Bishop Archbishop Father Rev. Premier Lawmaker Councilman Councilwoman Leader Speaker
    Deputy Mayor-elect President-elect Coach Captain Colonel Major Lieutenant Sergeant Admiral Marshal""".split()
)
PARTICLES = frozenset({"de", "del", "la", "las", "los", "da", "das", "do", "dos", "y", "e", "van", "von", "der", "di"})
# A capitalised word is a name when Spanish text uses it at least as often as English text
# does (wordfreq's Zipf frequencies): "Quispe" 2.95 es / 1.41 en, "Castillo" 4.58 / 3.14,
# but not "Havana" 2.95 / 3.53 or "Catalonia" 2.52 / 3.35, which have Spanish forms.
# After a title the words are a person's name unless they are plainly English vocabulary:
# "President Joe Biden" (joe 4.18 es / 4.78 en) but not "General Assembly" (2.0 / 4.3).
MARGIN = 0.0
TITLED_MARGIN = 2.0
# A run of capitals holding a word this much more English than Spanish ("Supreme",
# "Institute", "Hurricane") is a phrase or an institution the engine translates as a whole;
# a capitalised word above it that the guard does not keep may still be a name ("Trump"
# -0.4), and is looked for in the translation.
VOCABULARY = -1.0

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’][sS]?$")
_OPENERS = tuple(".!?:;\"“”‘'«(—–")
_CALENDAR = frozenset(WEEKDAYS) | frozenset(MONTHS) | {m.capitalize() for m in MONTH_ABBREVIATIONS}


def find_names(
    text: str, taken: Iterable[Span] = (), titles: Iterable[Span] = (), places: Iterable[Span] = ()
) -> list[Span]:
    """(start, end) of each name in `text` that overlaps none of the `taken` spans.

    `titles` are spans (glossary terms) that are titles: the capitalised words right after
    one are a name. `places` are spans (glossary place names) that a longer name may hold
    ("Jack London", "Japan Airlines"): a name is found over one only when it is longer."""
    taken, titles, places = list(taken), list(titles), list(places)
    if _all_caps(text):
        candidates = _caps_names(text)
    else:
        ends = {end for _, end in titles}
        people = not _title_case(text)
        candidates = [
            span for run in _capitalised_runs(text, titles) for span in _names_in_run(text, run, ends, places, people)
        ]
    return [
        (start, end)
        for start, end in candidates
        if all(end <= a or start >= b for a, b in taken)
        and all(end <= a or start >= b or (start <= a and b <= end and end - start > b - a) for a, b in places)
    ]


def possible_names(text: str, taken: Iterable[Span] = ()) -> list[Span]:
    """Capitalised words outside `taken` that may be names though `find_names` keeps none
    of them ("Trump said", "TRUMP WINS"): not a sentence's first word (any word of an
    all-caps line), not plainly English (Zipf es − en above VOCABULARY), no title, particle,
    institution or calendar word, no single letter, acronym ("EU" → "UE") or abbreviation
    in mixed case. Nothing protects them; QA looks for them in the translation."""
    taken = list(taken)
    caps = _all_caps(text)
    runs = [[m.span()] for m in _WORD.finditer(text)] if caps else _capitalised_runs(text, [])
    found = []
    for run in runs:
        plain = [_POSSESSIVE.sub("", text[a:b]).capitalize() if caps else text[a:b] for a, b in run]
        if any(word in INSTITUTION_WORDS for word in plain):  # "Rose Garden": translated whole
            continue
        for index, ((start, end), word) in enumerate(zip(run, plain)):
            if index + 1 < len(run) and _is_title(plain[index + 1]):
                continue  # a title's modifier: "Vice President", "Foreign Minister"
            start, end = _without_possessive(text, start, end)
            if not word[0].isupper() or len(word) < 2 or not caps and _starts_sentence(text, start):
                continue
            if not caps and word.isupper() or text.startswith(".", end) and text[end + 1 :].strip():
                continue  # an acronym ("EU" → "UE") or an abbreviation ("Prof.", "Oct.")
            if _is_title(word) or word.lower() in PARTICLES or word in _CALENDAR:
                continue
            if spanish_leaning(text[start:end]) > VOCABULARY and all(end <= a or start >= b for a, b in taken):
                found.append((start, end))
    return found


def _all_caps(text: str) -> bool:
    """A line in capitals ("TRUMP WINS"): no lowercase letter, two words or more."""
    return not any(char.islower() for char in text) and sum(len(w) > 1 for w in _WORD.findall(text)) >= 2


def _title_case(text: str) -> bool:
    """A headline in title case ("Hurricane Rosa Threatening Phoenix With Flooding"): an
    English function word in capitals inside it. Capitals there make no person's name."""
    return any(
        m.group() != m.group().lower() and m.group().lower() in STOP_WORDS and not _starts_sentence(text, m.start())
        for m in _WORD.finditer(text)
    )


def _caps_names(text: str) -> list[Span]:
    """Names in an all-caps line: words Spanish uses as often as English, neighbours joined."""
    spans: list[Span] = []
    for match in _WORD.finditer(text):
        start, end = _without_possessive(text, *match.span())
        if end - start < 2 or spanish_leaning(text[start:end]) < -MARGIN:
            continue
        if spans and text[spans[-1][1] : start] == " ":  # after a possessive the gap is "'S "
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _capitalised_runs(text: str, titles: list[Span]) -> list[list[Span]]:
    """Runs of capitalised words (name particles allowed inside; initials with their dot;
    the words of a glossary title, lowercase or not), as word spans."""
    runs: list[list[Span]] = []
    current: list[Span] = []
    pending: list[Span] = []  # particles waiting for the next capitalised word
    last_end = None
    last_initial = False
    for match in _WORD.finditer(text):
        word, span = match.group(), match.span()
        if text.startswith(".", span[1]) and (word + "." in TITLES or _is_letter(word)):  # "Gen.", "A."
            span = (span[0], span[1] + 1)
        gap = text[last_end : match.start()] if last_end is not None else None
        joined = bool(current) and (gap == " " or (gap == "" and last_initial))  # "A. Castillo", "J.K."
        in_title = any(a <= span[0] and span[1] <= b for a, b in titles)
        if word[0].isupper() or _is_title(word) or in_title:
            if not joined:
                runs.append(current) if current else None
                current, pending = [], []
            current += pending + [span]
            pending = []
        elif joined and word in PARTICLES:
            pending.append(span)
        else:
            runs.append(current) if current else None
            current, pending = [], []
        last_end, last_initial = span[1], _is_initial(text[span[0] : span[1]])
    if current:
        runs.append(current)
    return runs


def _names_in_run(text: str, run: list[Span], title_ends: set[int], places: list[Span], people: bool) -> list[Span]:
    words = [_POSSESSIVE.sub("", text[a:b]) for a, b in run]
    # a title in the possessive is no title: "the Prime Minister's Office"
    titles = [
        i for i, (w, (a, b)) in enumerate(zip(words, run)) if text[a:b] == w and (_is_title(w) or b in title_ends)
    ]
    if titles and titles[-1] + 1 < len(words):
        rest = words[titles[-1] + 1 :]
        if all(w in PARTICLES or _is_initial(w) or spanish_leaning(w) >= -TITLED_MARGIN for w in rest):
            return _group(text, run[titles[-1] + 1 :])
    person = _person(text, run, words) if people else None
    if person is not None:
        first, last = person
        return _group(text, run[first:last]) + _by_frequency(text, run[last:], words[last:])
    holding = _holding_place(text, run, words, places)
    if holding is not None:
        return [holding]
    return _by_frequency(text, run, words)


def _person(text: str, run: list[Span], words: list[str]) -> tuple[int, int] | None:
    """Indexes [first, last) of a person's name in a run: a first name gender-guesser is sure
    of, after nothing but English vocabulary, then one or two capitalised words (initials and
    particles aside), where the run ends or meets a title, a weekday or a possessive
    ("Theresa May's"). None in a run holding an institution word ("Rose Garden") or going
    on in capitals ("Johnny English Strikes Again"); a first name that is English vocabulary
    ("Will", "German") needs a surname that is not ("Bill Gates", not "German Industries"),
    and opens no sentence ("Will Biden run?"); any other, a surname with one such word at
    most ("Theresa May", not "Rosa Threatening Phoenix")."""
    if any(w in INSTITUTION_WORDS for w in words):
        return None
    for first, word in enumerate(words):
        if text[run[first][0] : run[first][1]] == word and first_name_gender(word):
            break
        if spanish_leaning(word) > VOCABULARY:
            return None
    else:
        return None
    english = spanish_leaning(words[first]) <= VOCABULARY
    if english and first == 0 and _starts_sentence(text, run[0][0]):
        return None
    last = first + 1
    while last < len(words) and not _is_title(words[last]) and words[last] not in WEEKDAYS:
        last += 1
        if text[run[last - 1][0] : run[last - 1][1]] != words[last - 1]:  # a possessive ends the name
            break
    surname = [w for w in words[first + 1 : last] if w not in PARTICLES and not _is_initial(w)]
    vocabulary = sum(spanish_leaning(w) <= VOCABULARY for w in surname)  # "May", "Price", "London"
    if not 1 <= len(surname) <= 2 or vocabulary > (0 if english else 1):
        return None
    return first, last


def _holding_place(text: str, run: list[Span], words: list[str], places: list[Span]) -> Span | None:
    """The span of a name that holds a glossary place and more capitalised words ("Japan
    Airlines", "Scotland Yard", "Air France"): no title, institution or calendar word in it;
    a possessive ends it, a sentence's English first word ("In Japan Airlines…") is left out."""
    for index, ((a, b), word) in enumerate(zip(run, words)):
        if text[a:b] != word:
            run, words = run[: index + 1], words[: index + 1]
            break
    inside = [any(a <= s and e <= b for a, b in places) for s, e in run]
    if len(run) > 1 and not inside[0] and _starts_sentence(text, run[0][0]) and spanish_leaning(words[0]) <= VOCABULARY:
        run, words, inside = run[1:], words[1:], inside[1:]
    if any(_is_title(w) or w in INSTITUTION_WORDS or w in _CALENDAR for w in words):
        return None
    if not any(inside) or all(inside):
        return None
    return _without_possessive(text, run[0][0], run[-1][1])


def _by_frequency(text: str, run: list[Span], words: list[str]) -> list[Span]:
    """Names in a run by the words' Spanish and English frequencies (see MARGIN, VOCABULARY)."""
    if any(w not in PARTICLES and not _is_initial(w) and spanish_leaning(w) <= VOCABULARY for w in words):
        return []
    names: list[Span] = []
    group: list[Span] = []
    for index, (span, word) in enumerate(zip(run, words)):
        if word in PARTICLES or _is_initial(word):
            if group or _is_initial(word):  # an initial may open a name: "A. Castillo"
                group.append(span)
            continue
        # a sentence's first word only as the start of a longer name ("Buenos Aires")
        initial = index == 0 and _starts_sentence(text, span[0])
        follows = index + 1 < len(words) and spanish_leaning(words[index + 1]) >= -MARGIN
        if spanish_leaning(word) >= -MARGIN and (not initial or follows):
            group.append(span)
        else:
            names += _group(text, group)
            group = []
        if text[span[0] : span[1]] != word:  # a possessive ends a name: "Cuba's Pinar del Río"
            names += _group(text, group)
            group = []
    return names + _group(text, group)


def _group(text: str, group: list[Span]) -> list[Span]:
    """A name's span from its words, without particles or initials left at its end."""
    while group and (text[group[-1][0] : group[-1][1]] in PARTICLES or _is_initial(text[group[-1][0] : group[-1][1]])):
        group = group[:-1]
    return [_without_possessive(text, group[0][0], group[-1][1])] if group else []


def _without_possessive(text: str, start: int, end: int) -> Span:
    match = _POSSESSIVE.search(text, start, end)
    return (start, match.start()) if match and match.start() > start else (start, end)


def _is_title(word: str) -> bool:
    """A title, bare or joined to a modifier: "Governor", "then-Governor", "ex-President",
    "Vice-President", "Secretary-General", "Governor-elect"."""
    parts = word.split("-")
    return word in TITLES or parts[-1] in TITLES or (parts[-1] == "elect" and "-".join(parts[:-1]) in TITLES)


def _is_letter(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def _is_initial(word: str) -> bool:
    """An initial with its dot: "A.", "F."."""
    return len(word) == 2 and word[1] == "." and word[0].isupper()


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    if not before:
        return True
    if before.endswith((',"', ",”", ",'", ",’")):  # a quotation closed, the sentence goes on
        return False
    last = before.split()[-1]
    return before.endswith(_OPENERS) and last not in TITLES and not _is_initial(last)


@functools.lru_cache(maxsize=65536)
def spanish_leaning(word: str) -> float:
    """How much more Spanish than English a word is (Zipf es − en); -inf for a word
    Spanish text never uses, or a single letter. At 0 or above: a name or a Spanish word."""
    spanish = zipf_frequency(word, "es")
    if len(word) < 2 or spanish == 0:
        return float("-inf")
    return spanish - zipf_frequency(word, "en")
