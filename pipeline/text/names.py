"""Proper names in English copy that no glossary lists, found so that the engine cannot
translate them ("Trump" → "Triunfo", "Rosa Quispe" → "Rosa Quispe" only by luck).

Two signs make a name:
* it follows a title ("President Lucía Montoya", "Gen. Ramón Castillo", "Attorney General
  Ana Ruiz"): the capitalised words after the title are a person's name;
* it is a capitalised word or an acronym inside a sentence that Spanish text uses about as
  often as English text does (wordfreq's Zipf frequencies): "Quispe", "Huancayo", "Casa de
  Nariño", "CNE". English vocabulary ("Geophysical", "Capitol", "Ecuadorians") and names
  with a Spanish form of their own ("Havana", "Catalonia", "Peru") are far more frequent in
  English, so the engine (or a glossary) translates them.
A sentence's first word is only a name after a title: capitals there say nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from wordfreq import zipf_frequency

# English titles written before a person's name (a capital, then the name).
TITLES = frozenset(
    """President Minister Secretary General Gen. Lt. Col. Maj. Capt. Sgt. Adm. Cmdr.
    Mayor Governor Gov. Senator Sen. Representative Rep. Congressman Congresswoman Judge Justice
    Ambassador Chancellor Commissioner Director Chairman Chairwoman Chair Spokesman Spokeswoman
    Spokesperson Attorney Prosecutor Dr. Mr. Mrs. Ms. Pope King Queen Prince Princess Sheikh
    Cardinal Bishop Archbishop Father Rev. Premier Lawmaker Councilman Councilwoman
    Mayor-elect President-elect Coach Captain Colonel Major Lieutenant Sergeant Admiral Marshal""".split()
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
# "Institute", "Hurricane") is a phrase or an institution the engine translates as a whole.
VOCABULARY = -1.0

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_OPENERS = tuple(".!?:;\"“”‘'«(—–")


def find_names(text: str, taken: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each name in `text` that overlaps none of the `taken` spans."""
    taken = list(taken)
    found = []
    for run in _capitalised_runs(text):
        for start, end in _names_in_run(text, run):
            if all(end <= a or start >= b for a, b in taken):
                found.append((start, end))
    return found


def _capitalised_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words (name particles allowed inside), as word spans."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # particles waiting for the next capitalised word
    last_end = None
    for match in _WORD.finditer(text):
        word, span = match.group(), match.span()
        if text.startswith(".", span[1]) and word + "." in TITLES:  # "Gen.", "Sen."
            span = (span[0], span[1] + 1)
        gap = text[last_end : match.start()] if last_end is not None else None
        joined = gap == " " and current
        if word[0].isupper():
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
        last_end = span[1]
    if current:
        runs.append(current)
    return runs


def _names_in_run(text: str, run: list[tuple[int, int]]) -> list[tuple[int, int]]:
    words = [_POSSESSIVE.sub("", text[a:b]) for a, b in run]
    # a title in the possessive is no title: "the Prime Minister's Office"
    titles = [i for i, (word, (a, b)) in enumerate(zip(words, run)) if word in TITLES and text[a:b] == word]
    if titles and titles[-1] + 1 < len(words):
        rest = words[titles[-1] + 1 :]
        if all(w in PARTICLES or spanish_leaning(w) >= -TITLED_MARGIN for w in rest):
            return _group(text, run[titles[-1] + 1 :])
    if any(w not in PARTICLES and spanish_leaning(w) <= VOCABULARY for w in words):
        return []
    names: list[tuple[int, int]] = []
    group: list[tuple[int, int]] = []
    for index, (span, word) in enumerate(zip(run, words)):
        if word in PARTICLES:
            if group:
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


def _group(text: str, group: list[tuple[int, int]]) -> list[tuple[int, int]]:
    while group and text[group[-1][0] : group[-1][1]] in PARTICLES:
        group = group[:-1]
    return [_without_possessive(text, group[0][0], group[-1][1])] if group else []


def _without_possessive(text: str, start: int, end: int) -> tuple[int, int]:
    match = _POSSESSIVE.search(text, start, end)
    return (start, match.start()) if match and match.start() > start else (start, end)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    if not before:
        return True
    if before.endswith((',"', ",”", ",'", ",’")):  # a quotation closed, the sentence goes on
        return False
    return before.endswith(_OPENERS) and before.split()[-1] not in TITLES


@functools.lru_cache(maxsize=65536)
def spanish_leaning(word: str) -> float:
    """How much more Spanish than English a word is (Zipf es − en); -inf for a word
    Spanish text never uses, or a single letter. At 0 or above: a name or a Spanish word."""
    spanish = zipf_frequency(word, "es")
    if len(word) < 2 or spanish == 0:
        return float("-inf")
    return spanish - zipf_frequency(word, "en")
