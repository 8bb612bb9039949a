"""QA: per-segment checks with a code, a severity and a message, and a run summary.

Content problems are issues on the segment, not exceptions. Checks that only make sense
for real Spanish (untranslated text, English stop words, length ratio) are skipped for
pseudo-translations. Thresholds live in QAConfig.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from wordfreq import zipf_frequency

from pipeline.config import QAConfig
from pipeline.records import SEVERITIES, Document, Issue, Origin, Segment
from pipeline.text.english import STOP_WORDS
from pipeline.text.patterns import CLOCK_12H, URL_OR_EMAIL, clock_24h
from pipeline.text.protected import LEFTOVER
from pipeline.text.spanish import AMOUNT, NUMBER_WORDS, amount_value, plain_digits, spanish_scale

_NUMBER = re.compile(r"\d[\d,.:]*\d|\d")
_URL = re.compile(URL_OR_EMAIL)


def check_segment(seg: Segment, config: QAConfig = QAConfig()) -> list[Issue]:
    """Every check on one translated segment."""
    if not seg.translatable:
        return []
    if seg.target is None:  # a finished run has a target for every segment
        return [Issue("empty-target", "error", "the segment has no translation")]
    real = seg.origin is not Origin.PSEUDO
    issues: list[Issue] = []
    for check in CHECKS:
        if real or not check.spanish_only:
            issues.extend(check.run(seg, config))
    return issues


@dataclass(frozen=True)
class Check:
    code: str
    run: Callable[[Segment, QAConfig], list[Issue]]
    spanish_only: bool = False


def _empty(seg: Segment, config: QAConfig) -> list[Issue]:
    return [Issue("empty-target", "error", "the translation is empty")] if not seg.target.strip() else []


def _untranslated(seg: Segment, config: QAConfig) -> list[Issue]:
    target = seg.target.strip()
    if target and target == seg.source.strip() and re.search(r"[a-z]{3}", target):
        return [Issue("untranslated", "error", "the target is the English source")]
    words = re.findall(r"[A-Za-zÁÉÍÓÚáéíóúñÑ']+", target.lower())
    english = sum(w in STOP_WORDS for w in words)
    if len(words) >= 6 and english / len(words) > config.max_english_share:
        return [Issue("english-words", "warning", f"{english} of {len(words)} words are English stop words")]
    return []


def _length_ratio(seg: Segment, config: QAConfig) -> list[Issue]:
    if len(seg.source) < config.min_chars_for_ratio or not seg.target.strip():
        return []
    ratio = len(seg.target) / len(seg.source)
    if not config.min_length_ratio <= ratio <= config.max_length_ratio:
        return [
            Issue(
                "length-ratio",
                "warning",
                f"target/source length {ratio:.2f} is outside {config.min_length_ratio}–{config.max_length_ratio}",
            )
        ]
    return []


def _repetition(seg: Segment, config: QAConfig) -> list[Issue]:
    words = re.findall(r"\w+", seg.target.lower())
    n, times = config.repeat_ngram, config.repeat_times
    for size in range(1, n + 1):
        for start in range(0, len(words) - size * times + 1):
            gram = words[start : start + size]
            if all(
                words[start + k * size : start + (k + 1) * size] == gram
                for k in range(1, times + (1 if size == 1 else 0))
            ):
                return [
                    Issue(
                        "repetition",
                        "error",
                        f"'{' '.join(gram)}' repeats {times if size > 1 else times + 1}× in a row",
                    )
                ]
    return []


def _numbers(seg: Segment, config: QAConfig) -> list[Issue]:
    target = Counter(_number_values(seg.target)) + Counter(_number_words(seg.target))
    missing = []
    for forms in _source_numbers(seg.source):
        found = next((f for f in forms if target[f] > 0), None)
        if found is None:
            missing.append(forms[0])
        else:
            target[found] -= 1
    return [Issue("number-mismatch", "error", f"number {n} of the source is missing or changed") for n in missing[:3]]


# Numbers a translator may rightly rewrite: imperial units (converted to metric),
# ordinals ("19th century" → "siglo XIX") and decades ("the 1930s" → "los años 30").
_ADAPTED = re.compile(
    r"\d[\d,.]*\s*(?:-\s*)?(?:inch|inches|in\.|feet|foot|ft|yards?|miles?|mph|pounds?|lbs?|ounces?|oz|gallons?|acres?|degrees?|°F)\b"
    r"|\b\d+(?:st|nd|rd|th)\b|\b\d*0s\b",
    re.IGNORECASE,
)


def _source_numbers(text: str) -> list[list[str]]:
    """Each source number as the forms a correct translation may show, preferred first."""
    text = _ADAPTED.sub(" ", text)
    numbers: list[list[str]] = []
    for match in CLOCK_12H.finditer(text):
        (hour24, minute), hour = clock_24h(match), match.group(1)
        numbers.append([f"{hour24}{minute}", str(hour24), f"{hour}{minute}", hour])
    text = CLOCK_12H.sub(" ", text)
    numbers.extend([value] for value in _number_values(text))
    return numbers


def _number_words(text: str) -> list[str]:
    words = set(re.findall(r"[a-záéíóúñ]+", text.lower()))
    return [str(n) for n, word in enumerate(NUMBER_WORDS) if word in words or (n == 1 and "una" in words)]


def _number_values(text: str) -> list[str]:
    """Numbers as digit strings, with the localizer's conversions undone.

    Separators are dropped ("650,000" = "650.000" = "650 000" = "650000"); a fraction
    keeps its digits ("2.6" = "2,6" → "26"); a billion equals a thousand millions.
    """
    values: list[str] = []
    english = rf"(?<![\d.,])({AMOUNT})\s*(billion|bn|trillion)\b"  # read as the localizer reads it
    text = re.sub(english, lambda m: _scaled(amount_value(m.group(1)), m.group(2)), text)
    spanish = r"\b(\d+(?:[.,]\d+)?)\s+mil millones\b"
    text = re.sub(spanish, lambda m: _scaled(Decimal(m.group(1).replace(",", ".")), "mil millones"), text)
    text = re.sub(r"(?<=\d)[ \u00a0](?=\d{3}\b)", "", text)  # "380 000": Spanish thousands with a space
    for match in _NUMBER.finditer(text):
        values.append(re.sub(r"\D", "", match.group(0)).lstrip("0") or "0")
    return values


def _scaled(number: Decimal, scale: str) -> str:
    value, word = spanish_scale(number, scale)
    return f"{plain_digits(value)} {word}"


def _brackets(seg: Segment, config: QAConfig) -> list[Issue]:
    """Brackets and quotes that pair up in the source but not in the target.

    A quotation often spans sentences, so a segment may open a quote that the next one
    closes: what counts is whether the target is balanced the way the source is.
    """
    issues = []
    if _bracket_balance(seg.source, "(", ")") == 0 and _bracket_balance(seg.target, "(", ")") != 0:
        issues.append(Issue("unbalanced", "warning", "'(' and ')' do not pair up"))
    target = _quote_balance(seg.target)
    if target and target != _quote_balance(seg.source) and not _SINGLE_QUOTES.search(seg.source):
        issues.append(Issue("unbalanced", "warning", "the quotation marks do not pair up as in the source"))
    return issues


def _bracket_balance(text: str, left: str, right: str) -> int:
    return text.count(left) - text.count(right)


def _quote_balance(text: str) -> int:
    """+1 when the text opens a quotation it does not close, −1 for the reverse, 0 when balanced.

    Double marks only: curly and angular ones say which way they face; a straight "
    faces by its neighbours (a space before and a letter after opens).
    """
    balance = 0
    for index, char in enumerate(text):
        if char in "“«":
            balance += 1
        elif char in "”»":
            balance -= 1
        elif char == '"' and not _between_letters(text, index):
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if (before.isspace() or before in "([—–-:") and not after.isspace():
                balance += 1
            elif not before.isspace():
                balance -= 1
    return max(-1, min(1, balance))


# British copy quotes with single marks, which a translation turns into double ones.
_SINGLE_QUOTES = re.compile(r"(?:^|[\s:])['‘]\w|[.,!?]['’](?:\s|$)")


def _between_letters(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()


def _placeholders(seg: Segment, config: QAConfig) -> list[Issue]:
    """A marker of ours in the target that the source does not hold itself (copy may quote
    a "Xpz0qz" or a "⟦x⟧" of its own: that is text, not a leftover)."""
    found = Counter(m.group(0) for m in LEFTOVER.finditer(seg.target))
    if found - Counter(m.group(0) for m in LEFTOVER.finditer(seg.source)):
        return [Issue("placeholder-left", "error", "a protection placeholder is left in the translation")]
    return []


def _urls(seg: Segment, config: QAConfig) -> list[Issue]:
    missing = [u.rstrip(".,;:") for u in _URL.findall(seg.source) if u.rstrip(".,;:") not in seg.target]
    return [Issue("url-changed", "error", f"'{u}' is missing or changed") for u in missing]


_WORD = re.compile(r"[^\W\d_]+")
_FOLLOWS_NOTHING = '.!?:"“«(—–-'  # a word after one of these (or first) starts a sentence
_QUOTED = re.compile(r'«[^»]*»|“[^”]*”|"[^"]*"')


def _english_left(seg: Segment, config: QAConfig) -> list[Issue]:
    """Words of the source left in the target that are English and not Spanish. Names are
    not: capitalised source words that are not common English words (or are not at a sentence
    start), acronyms, words next to one of those (a copied "Rock and Roll"), glossary targets."""
    source = _URL.sub(" ", seg.source)  # addresses are not words
    source_words = list(_WORD.finditer(source))
    names = set()
    for match in source_words:
        word = match.group()
        initial = _starts_sentence(source, match.start())
        if word[:1].isupper() and (not initial or word.isupper() or _zipf(word.lower(), "en") < 4.5):
            names.add(word)
    words = [m.group() for m in source_words]
    copied = {pair for pair in zip(words, words[1:]) if pair[0][:1].isupper() or pair[1][:1].isupper()}
    in_source = {w.lower() for w in words}
    kept = {w.lower() for hit in seg.terms for w in _WORD.findall(hit.target)}
    text = _QUOTED.sub(" ", _URL.sub(" ", seg.target))  # a quoted title or phrase is cited, not left
    target = [m.group() for m in _WORD.finditer(text)]
    starts = [m.start() for m in _WORD.finditer(text)]
    found = []
    for i, word in enumerate(target):
        lower = word.lower()
        if len(lower) < 4 or not word.isascii() or word in names or lower in kept or lower not in in_source:
            continue
        if word.isupper() or (word[0].isupper() and not _starts_sentence(text, starts[i])):
            continue  # an acronym, or a capital inside a sentence: a name
        if (i and (target[i - 1], word) in copied) or (i + 1 < len(target) and (word, target[i + 1]) in copied):
            continue
        english, spanish = _zipf(lower, "en"), _zipf(lower, "es")
        if (spanish < config.english_unseen_es and english >= config.english_rare_en) or (
            english >= config.english_common_en and english - spanish >= config.english_margin
        ):
            found.append(word)
    if not found:
        return []
    return [Issue("english-left", "warning", f"English left in the translation: {', '.join(dict.fromkeys(found))}")]


def _starts_sentence(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in _FOLLOWS_NOTHING


@functools.lru_cache(maxsize=65536)
def _zipf(word: str, language: str) -> float:
    return zipf_frequency(word, language)


def _spacing(seg: Segment, config: QAConfig) -> list[Issue]:
    issues = []
    if re.search(r"\S {2,}\S", seg.target):
        issues.append(Issue("double-space", "warning", "two or more spaces between words"))
    found = re.search(r"\w( +)[,;:?!]|\w( +)\.(?!\.)|[«(¿¡]( +)\w", seg.target)
    if found:
        issues.append(Issue("space-before-punctuation", "warning", f"a stray space in '{found.group(0)}'"))
    return issues


_TOKEN = re.compile(r"[^\W_][\w.,]*[^\W_]")
_SHORT_WORDS = frozenset("a y de del al en".split())  # the only pieces under three letters
# Spanish makes words this way itself: a prefix in front ("autosátira", "antibuques"), a
# pronoun behind a verb ("parirlos", "desarmarnos"); such a split is no run-together.
_PREFIXES = frozenset(
    "anti auto bio ciber co contra des eco entre euro ex hiper macro micro mini multi narco neo pos post pre "
    "pro re semi sobre sub super tele ultra vice".split()
)
_CLITICS = frozenset("la las le les lo los me nos os se te".split())


def _run_together(seg: Segment, config: QAConfig) -> list[Issue]:
    """Lowercase words no language uses that are Spanish words run together."""
    source = seg.source.lower()
    found = []
    for token in _TOKEN.findall(seg.target):
        lower = token.lower()
        if token[0].isupper() or len(token) > 40 or lower in source or _zipf(lower, "es") or _zipf(lower, "en"):
            continue
        if not re.search(r"[^\W\d_]", token) or re.fullmatch(r"[\d.,]+", token):
            continue
        pieces = _split_words(lower, config)
        if pieces and len(pieces) > 1 and pieces[0] not in _PREFIXES and pieces[-1] not in _CLITICS:
            found.append(f"{token} ({' '.join(pieces)})")
    if not found:
        return []
    return [Issue("run-together", "warning", f"words run together: {', '.join(found)}")]


def _split_words(text: str, config: QAConfig) -> list[str] | None:
    """The fewest Spanish words (or numbers) `text` is made of, up to the configured count."""
    best: list[list[str] | None] = [[]] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 20), end):
            before = best[start]
            piece = text[start:end]
            if before is None or len(before) >= config.run_together_pieces:
                continue
            known = (
                re.fullmatch(r"\d+(?:[.,]\d+)*", piece)
                or piece in _SHORT_WORDS
                or (len(piece) > 3 and _zipf(piece, "es") >= config.run_together_zipf)
                or (len(piece) == 3 and _zipf(piece, "es") >= config.run_together_zipf + 1.5)  # "dos", "mes"
            )
            if known and (best[end] is None or len(before) + 1 < len(best[end])):
                best[end] = [*before, piece]
    return best[len(text)]


def _confidence(seg: Segment, config: QAConfig) -> list[Issue]:
    if seg.confidence is None or seg.confidence >= config.low_confidence:
        return []
    return [Issue("low-confidence", "info", f"the engine's confidence is {seg.confidence:.2f}")]


_POR_CIENTO = re.compile(r"\bpor ciento\b", re.IGNORECASE)

CHECKS = (
    Check("empty-target", _empty),
    Check("untranslated", _untranslated, spanish_only=True),
    Check("length-ratio", _length_ratio, spanish_only=True),
    Check("repetition", _repetition),
    Check("number-mismatch", _numbers),
    Check("unbalanced", _brackets),
    Check("placeholder-left", _placeholders),
    Check("url-changed", _urls),
    Check("spacing", _spacing, spanish_only=True),
    Check("english-left", _english_left, spanish_only=True),
    Check("run-together", _run_together, spanish_only=True),
    Check("low-confidence", _confidence),
)
# every code QA gives, the article-level "percent-style" included: a re-check replaces them all
CODES = frozenset(c.code for c in CHECKS) | {
    "english-words",
    "double-space",
    "space-before-punctuation",
    "percent-style",
}


@dataclasses.dataclass(frozen=True)
class QAStage:
    """Adds the QA checks' issues to every segment (replacing earlier QA issues)."""

    config: QAConfig = QAConfig()
    name: str = "qa"

    def __call__(self, doc: Document) -> Document:
        return dataclasses.replace(doc, segments=_percent_style([recheck(seg, self.config) for seg in doc.segments]))


def _percent_style(segments: list[Segment]) -> tuple[Segment, ...]:
    """An article that writes both "%" and "por ciento": a warning on each "por ciento"."""
    targets = [seg.target or "" for seg in segments]
    if not (any("%" in t for t in targets) and any(_POR_CIENTO.search(t) for t in targets)):
        return tuple(segments)
    issue = Issue("percent-style", "warning", "'por ciento' in an article that also writes '%' (EFE: '%')")
    return tuple(
        dataclasses.replace(seg, issues=(*seg.issues, issue))
        if _POR_CIENTO.search(seg.target or "") and issue not in seg.issues
        else seg
        for seg in segments
    )


def recheck(seg: Segment, config: QAConfig = QAConfig()) -> Segment:
    kept = tuple(i for i in seg.issues if i.code not in CODES)
    return dataclasses.replace(seg, issues=kept + tuple(check_segment(seg, config)))


class QASummary:
    """Counts per severity and per check over a run, accumulated document by document."""

    def __init__(self) -> None:
        self.segments = 0
        self.by_code: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.with_errors: list[str] = []

    def add(self, segments: Iterable[Segment]) -> None:
        for seg in segments:
            self.segments += 1
            for issue in seg.issues:
                self.by_code[f"{issue.severity}:{issue.code}"] += 1
                self.by_severity[issue.severity] += 1
            if any(i.severity == "error" for i in seg.issues) and len(self.with_errors) < 1000:
                self.with_errors.append(seg.id)

    def merge(self, other: QASummary) -> None:
        """Add the counts of `other`, which covers later documents of the same run."""
        self.segments += other.segments
        self.by_code.update(other.by_code)
        self.by_severity.update(other.by_severity)
        self.with_errors += other.with_errors[: max(0, 1000 - len(self.with_errors))]

    def to_dict(self) -> dict:
        return {
            "segments": self.segments,
            "by_severity": {s: self.by_severity[s] for s in SEVERITIES},
            "by_code": dict(sorted(self.by_code.items())),
            "segments_with_errors": self.with_errors,
        }

    def line(self) -> str:
        counts = ", ".join(f"{self.by_severity[s]} {s}s" for s in reversed(SEVERITIES))
        return f"QA: {counts} in {self.segments} segments"


def fails(summary: QASummary, level: str) -> bool:
    """Whether any issue is at `level` or worse ("never" never fails)."""
    if level == "never":
        return False
    threshold = SEVERITIES.index(level)
    return any(summary.by_severity[s] for s in SEVERITIES[threshold:])
