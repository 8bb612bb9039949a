"""Terminology in the pipeline: find glossary terms, protect them, put them back right.

* ProtectStage finds terms in each sentence (longest match first, word boundaries,
  case rules, English plurals, possessives stay outside the match) and records TermHits;
  a title followed by a woman's name (a dnt entry with gender f) takes the feminine form.
* The translate stage sends each hit to the engine as a protected span, ⟦Spanish term⟧,
  which every engine returns untouched (pseudo keeps it, Apertium and MarianMT carry it
  as a placeholder word).
* RestoreStage removes the brackets and makes the Spanish around the term agree
  (article gender and number, de+el → del, a+el → al, capital at sentence start),
  corrects disallowed variants, and checks that each required term is there exactly
  once; what it cannot fix becomes a QA issue on the segment. A bracket the engine
  separated from its span is left in place, for QA's `placeholder-left` check to flag.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator

from pipeline.glossary import Entry, Glossary
from pipeline.records import Document, Issue, Origin, Segment, TermHit
from pipeline.text.gender import agree_titles, is_title, other_gender
from pipeline.text.names import PARTICLES, find_names, possible_names
from pipeline.text.patterns import CLOCK_12H, DATE_EN, clock_24h, spanish_date
from pipeline.text.protected import CLOSE, LEFTOVER, OPEN, protect
from pipeline.text.spanish import ARTICLES, INDEFINITE_ARTICLES, PLURAL_EXCEPTIONS, PREPOSITIONS

TERM_ISSUES = frozenset({"term-missing", "term-repeated", "name-missing"})
NAME = "(name)"  # TermHit.entry of a name the names guard protected
# TermHit.entry of the copy's own text that looks like one of our markers (a code "Xpz0qz", a
# "⟦" bracket): carried through the engine as written, never read as a marker
LITERAL = "(as written)"
_LOOK_ALIKE = str.maketrans({OPEN: "〚", CLOSE: "〛"})  # a bracket of the copy's, while in the engine
_TERM_IN_CONTEXT = re.compile(
    r"(?P<prep>\b(?:[Dd]e|[Aa])\s+)?(?P<art>\b(?:[Ee]l|[Ll]a|[Ll]os|[Ll]as|[Dd]el|[Aa]l|[Uu]n|[Uu]na|[Uu]nos|[Uu]nas)\s+)?"
    rf"{OPEN}(?P<term>[^{OPEN}{CLOSE}]*){CLOSE}"
)
_ACCENTLESS = str.maketrans("áéíóú", "aeiou")


@dataclasses.dataclass(frozen=True)
class _Form:
    entry: Entry
    plural: bool


class Matcher:
    """Finds glossary terms in English text.

    Terms are indexed by their first word (case-sensitive entries, and the rest
    casefolded), so finding them costs the same with ten entries or a hundred thousand.
    """

    def __init__(self, glossary: Glossary) -> None:
        forms: dict[tuple[str, bool], _Form] = {}
        written: list[tuple[str, str, bool]] = []  # (key, the form as written, case-sensitive)
        for entry in glossary.entries:
            written.append((entry.key(), entry.en, entry.case_sensitive))
            forms.setdefault((entry.key(), entry.case_sensitive), _Form(entry, False))
            if not entry.dnt and entry.number != "pl":
                plural = english_plural(entry.en)
                key = plural if entry.case_sensitive else plural.casefold()
                written.append((key, plural, entry.case_sensitive))
                forms.setdefault((key, entry.case_sensitive), _Form(entry, True))
        self._forms = forms
        self.entries = {entry.en: entry for entry in glossary.entries}
        self._indexes = [
            _TermIndex(((key, form) for key, form, sensitive in written if sensitive == flag), fold=not flag)
            for flag in (True, False)
        ]

    def find(self, text: str) -> list[TermHit]:
        """Non-overlapping hits, longest first, left to right."""
        candidates = [span for index in self._indexes for span in index.scan(text)]
        chosen: list[tuple[int, int]] = []
        for start, end in sorted(candidates, key=lambda span: (span[0] - span[1], span[0])):
            if all(end <= c_start or start >= c_end for c_start, c_end in chosen):
                chosen.append((start, end))
        chosen.sort()
        hits = []
        for index, (start, end) in enumerate(chosen):
            form = self._form(text[start:end])
            feminine = index + 1 < len(chosen) and self._woman_follows(text, end, chosen[index + 1])
            target = form.entry.target(feminine)
            if form.plural:
                target = spanish_plural(target)
            hits.append(TermHit(start, end, text[start:end], target, "placeholder", form.entry.en))
        return hits

    def entry(self, hit: TermHit) -> Entry:
        return self.entries[hit.entry]

    def _form(self, matched: str) -> _Form:
        for key in (matched, matched.translate(_APOSTROPHES)):
            form = self._forms.get((key, True)) or self._forms.get((key.casefold(), False))
            if form is not None:
                return form
        raise KeyError(matched)

    def _woman_follows(self, text: str, end: int, following: tuple[int, int]) -> bool:
        """A title directly followed by a dnt name of a woman: "Tourism Minister Elena Marín"."""
        if text[end : following[0]].strip(" ,") != "":
            return False
        entry = self._form(text[following[0] : following[1]]).entry
        return entry.dnt and entry.gender == "f"


_APOSTROPHES = str.maketrans("’‘ʼ", "'" * 3)
# A term stands alone: no letter, digit, "_" or "-" glued to either end.
_WORD = re.compile(r"[\w-]+|.", re.DOTALL)
_WORD_START = re.compile(r"(?<![\w-])(?=\S)")


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "_-"


class _TermIndex:
    """Terms by their first word; `scan` finds the longest term at each word start.

    Looking a word up costs the same with ten terms or a hundred thousand, and the index
    holds two small objects per term (a character trie held one per character).
    """

    def __init__(self, forms: Iterable[tuple[str, str]], fold: bool) -> None:
        self.fold = fold
        self.keys: set[str] = set()
        lengths: dict[str, set[int]] = {}
        for key, original in forms:
            key = key.translate(_APOSTROPHES)
            self.keys.add(key)
            # the original's length too: casefolding may change it ("ß" → "ss")
            lengths.setdefault(_first_word(key, 0), set()).update((len(key), len(original)))
        # first word → the lengths of the terms it starts, longest first
        self.lengths = {word: sorted(found, reverse=True) for word, found in lengths.items()}

    def scan(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of terms that stand alone as words, left to right, never overlapping."""
        position = 0
        for start in _WORD_START.finditer(text):
            if start.start() >= position:
                end = self._longest(text, start.start())
                if end is not None:
                    yield start.start(), end
                    position = end

    def _longest(self, text: str, start: int) -> int | None:
        word = self._key(_first_word(text, start))
        for length in self.lengths.get(word, ()):
            end = start + length
            if end > len(text) or (end < len(text) and _in_word(text[end])):
                continue
            if self._key(text[start:end]) in self.keys:
                return end
        return None

    def _key(self, text: str) -> str:
        """How text is looked up: casefolded for case-insensitive terms, typographic
        apostrophes as straight ones either way ("Côte d’Ivoire" is "Côte d'Ivoire")."""
        text = text.translate(_APOSTROPHES)
        return text.casefold() if self.fold else text


def _first_word(text: str, start: int) -> str:
    """The word that starts at `start` (or the one character there when it is no word character)."""
    return _WORD.match(text, start).group()  # type: ignore[union-attr]


def english_plural(term: str) -> str:
    """ "Secretary of State" → "Secretaries of State"; "executive order" → "executive orders"."""
    words = term.split(" ")
    index = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    word = words[index]
    if re.search(r"[^aeiou]y$", word, re.IGNORECASE):
        word = word[:-1] + ("IES" if word.isupper() else "ies")
    elif re.search(r"(s|x|z|ch|sh)$", word, re.IGNORECASE):
        word += "es"
    else:
        word += "s"
    return " ".join(words[:index] + [word] + words[index + 1 :])


def spanish_plural(term: str) -> str:
    """Pluralise the words before the first preposition: "secretario de Estado" → "secretarios de Estado"."""
    words = term.split(" ")
    out = []
    for index, word in enumerate(words):
        if word.lower() in PREPOSITIONS and index:
            return " ".join(out + words[index:])
        out.append(_plural_word(word))
    return " ".join(out)


def _plural_word(word: str) -> str:
    if len(word) > 1 and word.isupper():
        return word  # an acronym: "dos ONG", never "ONGes"
    lower = word.lower()
    if lower in PLURAL_EXCEPTIONS:
        return PLURAL_EXCEPTIONS[lower]
    if lower in ("el", "la"):
        return {"el": "los", "la": "las"}[lower]
    if re.search(r"[aeiouáéó]$", lower):
        return word + "s"
    if lower.endswith("z"):
        return word[:-1] + "ces"
    if re.search(r"[áéíóú][nsl]$", lower):
        if re.search(r"[aeiou][íú][nsl]$", lower):
            return word + "es"  # país → países (the accent marks a hiatus and stays)
        return word[:-2] + word[-2].translate(_ACCENTLESS) + word[-1] + "es"  # nación → naciones
    if re.search(r"[sx]$", lower):
        return word  # crisis, lunes
    return word + "es"


def from_glossary(hit: TermHit) -> bool:
    """Whether a hit is a glossary entry's (not a guarded name, a time or the copy's own text)."""
    return bool(hit.entry) and hit.entry not in (NAME, LITERAL)


def mask(text: str, hits: Iterable[TermHit], offset: int = 0) -> str:
    """`text` (which starts at `offset` in the segment source) with each hit as ⟦target⟧."""
    out, last = [], 0
    for hit in hits:
        start, end = hit.start - offset, hit.end - offset
        if start < last or end > len(text) or start < 0:
            continue
        out.append(text[last:start])
        out.append(protect(hit.target.translate(_LOOK_ALIKE) if hit.entry == LITERAL else hit.target))
        last = end
        if _PLURAL_POSSESSIVE.match(text, end) and hit.source.endswith("s"):
            # "the United States' position": the apostrophe alone is no possessive to an engine
            out.append(text[end] + "s")
            last = end + 1
    out.append(text[last:])
    return "".join(out)


_PLURAL_POSSESSIVE = re.compile(r"['’](?!\w)")
_POSSESSIVE_S = re.compile(r"['’]s(?!\w)")


@dataclasses.dataclass(frozen=True)
class ProtectStage:
    """Records the glossary terms, clock times, dates and names of every translatable segment.

    Times and dates are protected in their Spanish form ("2:40 p.m." → "14.40", "Feb. 8"
    → "8 de febrero"): engines reorder or mangle "a.m."/"p.m." ("en 5 tiempo p.m. local")
    and leave "Feb." in English. With `names`, proper names no glossary lists are kept as
    written (pipeline.text.names); glossary terms, times and dates come first.
    """

    matcher: Matcher | None = None
    names: bool = False
    name: str = "protect"

    def __call__(self, doc: Document) -> Document:
        segments = tuple(self._protect(seg) if seg.translatable else seg for seg in doc.segments)
        return dataclasses.replace(doc, segments=segments)

    def _protect(self, seg: Segment) -> Segment:
        source = seg.source
        hits = [TermHit(*m.span(), m.group(0), m.group(0), "placeholder", LITERAL) for m in LEFTOVER.finditer(source)]

        def free(start: int, end: int) -> bool:
            return all(end <= h.start or start >= h.end for h in hits)

        hits += [hit for hit in (self.matcher.find(source) if self.matcher else ()) if free(hit.start, hit.end)]

        for match in CLOCK_12H.finditer(source):
            if free(*match.span()):
                spanish = "{}.{}".format(*clock_24h(match))
                hits.append(TermHit(*match.span(), match.group(0), spanish, "placeholder"))
        for match in DATE_EN.finditer(source):
            spanish = spanish_date(match)
            if spanish and free(*match.span()):
                hits.append(TermHit(*match.span(), match.group(0), spanish, "placeholder"))
        if self.names:
            places = [(h.start, h.end) for h in hits if h.entry and self._is_place(h)]
            taken = [(h.start, h.end) for h in hits if (h.start, h.end) not in places]
            names = find_names(source, taken, _title_spans(hits), places)
            # a place inside a longer name is not translated alone: "Jack London", "Japan Airlines"
            hits = [h for h in hits if not any(a <= h.start and h.end <= b for a, b in names)]
            for start, end in names:
                hits.append(TermHit(start, end, source[start:end], source[start:end], "placeholder", NAME))
        return dataclasses.replace(seg, terms=tuple(sorted(hits, key=lambda h: h.start)))

    def _is_place(self, hit: TermHit) -> bool:
        """A one-word glossary name with a Spanish form ("London" → "Londres", "Japan" →
        "Japón"), which a longer name may hold: no title, no dnt name."""
        entry = self.matcher.entry(hit) if self.matcher and from_glossary(hit) else None
        return (
            entry is not None
            and not entry.dnt
            and " " not in hit.source
            and hit.source[:1].isupper()
            and hit.target[:1].isupper()
            and not is_title(hit.target)
        )


@dataclasses.dataclass(frozen=True)
class RestoreStage:
    """Turns protected spans back into agreeing Spanish and checks every term."""

    matcher: Matcher | None = None
    name: str = "restore"

    def __call__(self, doc: Document) -> Document:
        return dataclasses.replace(doc, segments=tuple(self.restore(seg) for seg in doc.segments))

    def _entry(self, hit: TermHit) -> Entry | None:
        return self.matcher.entry(hit) if self.matcher and from_glossary(hit) else None

    def _people(self, hits: Iterable[TermHit]) -> Iterator[tuple[str, str | None]]:
        """Names of people, as (name, gender when the glossary gives one)."""
        for hit in hits:
            entry = self._entry(hit)
            if hit.entry == NAME or (entry is not None and entry.dnt):
                yield hit.target, (entry.gender or None) if entry else None

    def restore(self, seg: Segment) -> Segment:
        if seg.target is None or not seg.translatable:
            return seg
        if seg.origin in (Origin.MEMORY, Origin.HUMAN):
            return check_terms(seg)  # a person's words are checked, never rewritten
        text = _unprotect(seg.target, {hit.target: self._entry(hit) for hit in seg.terms})
        for hit in seg.terms:  # the copy's own brackets come back as written
            if hit.entry == LITERAL and hit.target.translate(_LOOK_ALIKE) != hit.target:
                text = text.replace(hit.target.translate(_LOOK_ALIKE), hit.target, 1)
        unguarded = [(seg.source[a:b], None) for a, b in _unguarded_names(seg)]
        text = agree_titles(text, [*self._people(seg.terms), *unguarded])
        hits = []
        for hit in seg.terms:
            method = hit.method
            for variant in getattr(self._entry(hit), "avoid", ()):
                if variant in text and hit.target not in text:
                    text = text.replace(variant, hit.target, 1)
                    method = "post-edit"
            hits.append(dataclasses.replace(hit, method=method))
        return check_terms(dataclasses.replace(seg, target=text, terms=tuple(hits)))


def check_terms(seg: Segment) -> Segment:
    """`seg` with term-missing and term-repeated issues for its target, whoever wrote it
    (an engine, the memory or an editor); a missing term's hit is marked "missing"."""
    if seg.target is None:
        return seg
    issues = [issue for issue in seg.issues if issue.code not in TERM_ISSUES]  # idempotent: checked again
    hits = list(seg.terms)
    checked = [h.target for h in hits if h.entry != LITERAL]  # the copy's own text, not a term
    for target, found in count_terms(seg.target, checked).items():
        wanted = sum(h.target == target for h in hits)
        if found < wanted:
            if all(h.entry == NAME for h in hits if h.target == target):
                # the names guard's finding, not a glossary's rule: worth a look, not a block
                issues.append(Issue("name-missing", "warning", f"the name '{target}' is not in the translation"))
            else:
                issues.append(Issue("term-missing", "error", f"'{target}' is required {wanted}× but found {found}×"))
            hits = [dataclasses.replace(h, method="missing") if h.target == target else h for h in hits]
        elif found > wanted:
            issues.append(Issue("term-repeated", "warning", f"'{target}' appears {found}× for {wanted} source term(s)"))
    issues += _names_lost(seg)
    return dataclasses.replace(seg, terms=tuple(hits), issues=tuple(issues))


def _title_spans(hits: Iterable[TermHit]) -> list[tuple[int, int]]:
    """Glossary terms that are titles ("Senate Majority Leader" → "líder de la mayoría del
    Senado"): the capitalised words after one are a person's name."""
    return [(h.start, h.end) for h in hits if h.entry and h.entry != NAME and is_title(h.target)]


def _unguarded_names(seg: Segment) -> list[tuple[int, int]]:
    """Names by the guard's rules that no hit protects (the guard was off, or a name only
    checking finds): they are looked for in the translation, and titles agree with them."""
    return find_names(seg.source, [(h.start, h.end) for h in seg.terms], _title_spans(seg.terms))


def _names_lost(seg: Segment) -> list[Issue]:
    """name-missing warnings for what the target lost of the source's names, whoever
    protected them or not (see `_lost`, `_possessives_lost`)."""
    target = seg.target or ""
    unguarded = _unguarded_names(seg)
    possible = possible_names(seg.source, [(h.start, h.end) for h in seg.terms] + unguarded)
    issues = [
        *(_lost(seg.source[a:b], target, sure=True) for a, b in unguarded),
        *(_lost(seg.source[a:b], target, sure=False) for a, b in possible),
    ]
    kept = [(h.start, h.end) for h in seg.terms if h.entry == NAME or h.target == h.source]  # guarded or dnt
    return [issue for issue in issues if issue] + _possessives_lost(seg.source, target, kept + unguarded)


def _lost(name: str, target: str, sure: bool) -> Issue | None:
    """A warning when `target` lost a name no hit protected: a name by the guard's rules
    when a word of it is not there (initials as written: "A." is not "Un."), a word that may
    be a name when no word of the target is like it ("Havana" is like "Habana", "Trump" is
    not like "Triunfo"); accents and case aside."""
    words = _FOLDED_WORD.findall(_fold(target))
    parts = _FOLDED_WORD.findall(_fold(name))
    if sure:
        initials = re.findall(r"\b[^\W\d_]\.", name)
        if all(p in words for p in parts if p not in PARTICLES and len(p) > 1) and all(i in target for i in initials):
            return None
        return Issue("name-missing", "warning", f"the name '{name}' is not in the translation")
    if all(any(difflib.SequenceMatcher(None, part, other).ratio() >= _ALIKE for other in words) for part in parts):
        return None
    return Issue("name-missing", "warning", f"'{name}' may be a name and is not in the translation")


def _possessives_lost(source: str, target: str, names: list[tuple[int, int]]) -> list[Issue]:
    """A warning for each name kept as written that is in the possessive in `source` more
    often than `target` renders it "de <name>", a title or article between allowed
    ("Quispe's office" → "La Quispe … la oficina": Apertium with two possessives)."""
    wanted: dict[str, int] = {}
    for start, end in names:
        name = source[start:end]
        if _POSSESSIVE_S.match(source, end) or name.endswith("s") and _PLURAL_POSSESSIVE.match(source, end):
            wanted[name] = wanted.get(name, 0) + 1
    issues = []
    for name, count in wanted.items():
        # "de Quispe", "de la alcaldesa Rosa Quispe", "del presidente Montoya"
        after_de = rf"(?<![\w-])del?\s+(?:[^\W\d_][\w.-]*\s+){{0,3}}?{re.escape(name)}(?![\w-])"
        rendered = re.findall(after_de, target, re.IGNORECASE)
        if len(rendered) < count:
            message = f"the name '{name}' in the possessive ('{name}'s') is not rendered 'de {name}'"
            issues.append(Issue("name-missing", "warning", message))
    return issues


# A word that may be a name is in a translation that holds a word this much like it
# (difflib's ratio, accents and case aside): "Havana"/"Habana" 0.83, "Trump"/"Triunfo" 0.5.
_ALIKE = 0.7
_FOLDED_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """Lowercase, without accents: how names are compared across languages."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def count_terms(text: str, targets: Iterable[str]) -> dict[str, int]:
    """How often each target occurs, longest first, so "coronavirus" inside "nuevo
    coronavirus" is not counted twice; a term's own article may have contracted
    ("del país azteca" holds "el país azteca"); case is ignored (sentence capitals); a title
    counts in either gender ("gobernadora" for "gobernador": see pipeline.text.gender)."""
    counts: dict[str, int] = {}
    targets = list(dict.fromkeys(targets))
    for target in sorted(targets, key=len, reverse=True):
        needles = [re.sub(r"^(?:el|la|los|las) ", "", target)]
        other = other_gender(target)  # a title may have taken the named person's gender
        if other is not None and other not in targets:
            needles.append(other)
        alternatives = "|".join(map(re.escape, needles))
        pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
        counts[target] = len(pattern.findall(text))
        text = pattern.sub(" ", text)
    return counts


def _unprotect(text: str, entries: dict[str, Entry | None]) -> str:
    """Remove the brackets, make the article before each term agree, capitalise the start."""

    def fix(match: re.Match[str]) -> str:
        term, entry = match.group("term"), entries.get(match.group("term"))
        prep = (match.group("prep") or "").strip().lower()
        art = (match.group("art") or "").strip().lower()
        upper = (match.group("prep") or match.group("art") or " ")[0].isupper()
        if art in ("del", "al"):
            prep, art = ("de" if art == "del" else "a"), "el"
        first, _, rest = term.partition(" ")
        if first in ("El", "La", "Los", "Las") and rest:
            # the article belongs to the name ("La Habana", "El Cairo"): never "a la Habana", "del Cairo"
            phrase = " ".join(w for w in (prep, term) if w)
            return phrase[0].upper() + phrase[1:] if upper else phrase
        if first.lower() in ("el", "la", "los", "las") and rest:
            article, body = first.lower(), rest  # the term brings its own article: "el país azteca"
        elif art and entry is not None and entry.gender:
            plural = entry.number == "pl" or term == spanish_plural(entry.target()) != entry.target()
            table = INDEFINITE_ARTICLES if art.startswith("un") else ARTICLES
            article, body = table[(entry.gender, "pl" if plural else "sg")], term
        else:
            article, body = art, term
        if prep in ("de", "a") and article == "el":
            phrase = f"{'del' if prep == 'de' else 'al'} {body}"
        else:
            phrase = " ".join(w for w in (prep, article, body) if w)
        return phrase[0].upper() + phrase[1:] if upper else phrase

    text = _TERM_IN_CONTEXT.sub(fix, text)
    return re.sub(r"^([¿¡«\"“]*)([a-záéíóúñ])", lambda m: m.group(1) + m.group(2).upper(), text)
