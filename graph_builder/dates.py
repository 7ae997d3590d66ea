"""Date expressions in English and Arabic news text, as `DateSpan`s.

    parse_explicit("15 November 2015")              -> 2015-11-15 .. 2015-11-15, day
    find_dates(sentence, lang, published)           -> [(start, end, DateSpan), ...]
    event_date(sentence, lang, published)           -> the DateSpan that dates the sentence's event

Relative expressions are resolved against the publication date:
- A month and day without a year ("Nov. 14") take the year that puts them on or before
  publication; a bare month after a cue ("in September", "في سبتمبر") is the most recent such
  month on or before publication ("last September": strictly before).
- A weekday ("on Sunday", "الأحد") is the most recent such day on or before publication: wire copy
  says "said on Monday" in a Monday story. "last Sunday" is strictly before publication, "next
  Sunday" strictly after.
- "last week" is the previous Monday-Sunday week. In a Saturday or Sunday story it runs on to the
  day before publication, because weekend editions call the working week just ended "last week".
- "this week/month/year" and "earlier this ..." run from the start of the period to publication.
- "recently" and its kin are a window of days up to publication (the data file sets the days).
- "N days/weeks/months/years ago" is publication minus the duration, widened by half a unit for
  weeks, months and years; a vague count ("a few days ago") is a range.
- "N days before/after <date>" shifts that date. When no date follows ("a day before the
  attacks") the anchor is taken as the 30 days before publication, so the result is a wide
  interval rather than a precise wrong day; for month and year offsets it stays unknown.
- "since <date>" runs from that date to publication.
- Without a publication date every relative expression is found but resolves to UNKNOWN_DATE;
  explicit dates with a year still resolve.
- Bare years count only after a cue ("in 2014", "since 2014", "في عام 2014", "سنة 2014") and bare
  month names only after a cue or before "الماضي", so "Paris 2024", "129 people", "9/11",
  "Theresa May" and "Sunday Times" are not dates. English month and weekday names must be
  capitalised.

Precision is the smallest unit the span fits in: one day is "day", up to 31 days "month" (a
calendar month, a week, "recently"), anything longer "year".

The words (month and weekday names, relative phrases, cues) live in data/rules/date_words.jsonl.
Text is matched after `text.fold_with_map`, so Arabic hamza and ta marbuta variants, harakat and
letter case do not matter, and offsets map back to the sentence as written.
"""
from __future__ import annotations

import calendar
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Callable, Iterator, Optional

from dateutil import parser as dateutil_parser

from .gazetteer import DataFileError, data_dir, read_jsonl
from .model import UNKNOWN_DATE, DateSpan
from .text import ARABIC_RE, fold, fold_with_map, trie_pattern

WORDS_FILE = "date_words.jsonl"
# An undated anchor ("a day before the attacks") is taken to lie in this many days before
# publication: news reports recent events.
ANCHOR_WINDOW_DAYS = 30
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MIN_YEAR, _MAX_YEAR = 1900, 2099
# Where a word may start: after a non-letter, or after the Arabic one-letter proclitics written
# onto the next word (و and, ف so, ب by, ل for, ك as): "والشهر الماضي", "بالأمس", "وفي سبتمبر".
# The first lookbehind only rules out, in one step, the common case of a position inside a
# word (every alternative needs a non-word character or a proclitic before it): a search
# tries the pattern at every position of the sentence.
_START = r"(?<![^\Wوفبلك])(?:(?<!\w)|(?<=(?<!\w)[وفبلك])|(?<=(?<!\w)[وف][بل]))"
# A month and day without a year this many days after publication are announced dates of the
# same year ("will meet on Nov. 20" in a Nov. 16 story), not dates of the year before.
_AHEAD_DAYS = 14

__all__ = [
    "parse_explicit", "find_dates", "event_date", "is_publication_chrome",
    "publication_label_before", "clock_next_to", "starts_with_byline",
]


# --- spans -------------------------------------------------------------------


def _span(start: date, end: date) -> DateSpan:
    """A span with the precision its width implies."""
    if end < start:
        start, end = end, start
    width = (end - start).days
    precision = "day" if width == 0 else "week" if width <= 6 else "month" if width <= 31 else "year"
    return DateSpan(start, end, precision)


def _day(day: date) -> DateSpan:
    return _span(day, day)


def _month(year: int, month: int) -> DateSpan:
    last = calendar.monthrange(year, month)[1]
    return _span(date(year, month, 1), date(year, month, last))


def _year(year: int) -> DateSpan:
    return _span(date(year, 1, 1), date(year, 12, 31))


def _valid_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _on_or_before(published: date, month: int, day: int) -> Optional[date]:
    """The latest valid `month`/`day` not after publication, or at most _AHEAD_DAYS after it
    (Feb 29 looks back to a leap year)."""
    for year in range(published.year + 1, published.year - 8, -1):
        found = _valid_date(year, month, day)
        if found and (found - published).days <= _AHEAD_DAYS:
            return found
    return None


def _month_on_or_before(published: date, month: int, strictly: bool = False) -> DateSpan:
    before = month < published.month if strictly else month <= published.month
    return _month(published.year if before else published.year - 1, month)


# --- vocabulary ----------------------------------------------------------------


@dataclass
class _Vocab:
    """The date words of data/rules/date_words.jsonl, folded."""

    months: dict[str, int] = field(default_factory=dict)  # full names
    month_abbr: dict[str, int] = field(default_factory=dict)  # need a number beside them
    arabic_months: set[str] = field(default_factory=set)
    weekdays: dict[str, int] = field(default_factory=dict)
    weekday_abbr: dict[str, int] = field(default_factory=dict)
    relative: dict[str, dict] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    units: dict[str, tuple[str, Optional[int]]] = field(default_factory=dict)  # (unit, count)
    cues: dict[str, set[str]] = field(default_factory=dict)
    chrome: set[str] = field(default_factory=set)
    chrome_line_start: set[str] = field(default_factory=set)

    def month_of(self, name: str) -> int:
        key = re.sub(r"\s+", " ", name.rstrip("."))
        return self.months.get(key) or self.month_abbr[key]

    def weekday_of(self, name: str) -> int:
        key = name.rstrip(".")
        return self.weekdays[key] if key in self.weekdays else self.weekday_abbr[key]

    def cue(self, role: str) -> set[str]:
        return self.cues.get(role, set())


def _folded(words: list) -> list[str]:
    return [fold(w).strip() for w in words]


def _add_named(table: dict, abbr_table: dict, record: dict) -> None:
    for name in _folded(record["names"]):
        table[name] = record["value"]
    for name in _folded(record.get("abbr", [])):
        abbr_table[name] = record["value"]


def _add_record(vocab: _Vocab, record: dict) -> None:
    kind = record["kind"]
    if kind == "month":
        _add_named(vocab.months, vocab.month_abbr, record)
        if record["lang"] == "ar":
            vocab.arabic_months.update(_folded(record["names"] + record.get("abbr", [])))
    elif kind == "weekday":
        _add_named(vocab.weekdays, vocab.weekday_abbr, record)
    elif kind == "relative":
        vocab.relative.update({name: record for name in _folded(record["names"])})
    elif kind == "number":
        vocab.numbers.update({name: record["value"] for name in _folded(record["names"])})
    elif kind == "unit":
        names = _folded(record["names"])
        vocab.units[names[0]] = (record["unit"], 1)
        vocab.units.update({name: (record["unit"], None) for name in names[1:]})
        vocab.units.update({name: (record["unit"], 2) for name in _folded(record.get("dual", []))})
    elif kind == "cue":
        vocab.cues.setdefault(record["role"], set()).update(_folded(record["names"]))
    elif kind == "chrome_label":
        target = vocab.chrome_line_start if record.get("line_start") else vocab.chrome
        target.update(_folded(record["names"]))
    else:
        raise KeyError(f"unknown kind {kind!r}")


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    vocab = _Vocab()
    path = data_dir() / "rules" / WORDS_FILE
    for number, record in read_jsonl(path):
        try:
            _add_record(vocab, record)
        except (KeyError, TypeError, AttributeError) as error:
            raise DataFileError(f"{path}:{number}: bad date word record ({error})") from None
    return vocab


# --- patterns -------------------------------------------------------------------


def _arabic(words) -> list[str]:
    return [w for w in words if ARABIC_RE.search(w)]


def _alt(words) -> str:
    """A regex matching any of the folded words, longest first, spaces matching any whitespace.

    A trie: of the words matching at one position, each is a prefix of the next, so
    longest first is the order a plain alternation sorted by length would try them in.
    """
    words = {" ".join(w.split()) for w in words}
    return "(?:" + trie_pattern(sorted(words), space=r"\s+") + ")" if words else "(?:)"


def _optional_word(words) -> str:
    """One of `words` and the space after it, or nothing."""
    return rf"(?:{_alt(words)}\s+)?" if words else ""


def _cue_alt(words) -> str:
    """Cue words each followed by their separator ("mid-September" needs none)."""
    ordered = sorted(set(words), key=len, reverse=True)
    parts = [_alt([w]) + (r"\s*" if w.endswith("-") else r"\s+") for w in ordered]
    return "(?:" + "|".join(parts) + ")"


@dataclass
class _Rule:
    name: str
    regex: re.Pattern
    resolve: Callable  # (match, scan) -> DateSpan | None; None: not a date after all
    explicit: bool = False  # a standalone explicit date form, tried by parse_explicit
    needs: tuple[str, ...] = ()  # keyword classes (see _keywords) every match holds


def _explicit_patterns(v: _Vocab) -> dict[str, str]:
    month_any = _alt(list(v.months) + list(v.month_abbr)) + r"\.?"
    arabic = _alt(v.arabic_months)
    # Arabic writes the month twice: "26 سبتمبر/أيلول", "12 أيلول (سبتمبر)", "أبريل نيسان".
    pair = rf"(?:\s*/\s*{arabic}|\s*\(\s*{arabic}\s*\)|\s+{arabic}(?!\w))?"
    month = rf"{_START}(?P<month>{month_any}){pair}"
    weekday = _alt(list(v.weekdays) + list(v.weekday_abbr)) + r"\.?"
    day_word = _optional_word(v.cue("day_word"))
    wd_prefix = rf"(?:{_START}{day_word}(?P<wd>{weekday})[,،]?\s+)?"
    day = r"(?<!\d)(?P<day>[0-3]?\d)(?![\d:])(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d\d)(?!\d)"
    of_word = _optional_word(v.cue("of"))
    to_year = rf"[,،]?\s*{of_word}{_optional_word(v.cue('year_word'))}"
    of = rf"\s*{of_word}{_optional_word(v.cue('month_word'))}"
    current = _alt(v.cue("current"))
    return {
        "iso": r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)"
               r"(?P<day>[0-3]?\d)(?!\d)",
        "numeric": r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[-/.])(?P<b>[0-3]?\d)(?P=sep)" + year,
        "month_day_year": rf"{wd_prefix}{month}\s*{day}[,،]?\s*{year}",
        "day_month_year": rf"{wd_prefix}{day}{of}{month}{to_year}{year}",
        "month_year": rf"{month}{to_year}{year}",
        "month_day": rf"{wd_prefix}{month}\s*{day}",
        "day_month": rf"{wd_prefix}{day}{of}{month}(?:\s+(?P<current>{current}))?(?!\w)",
    }


def _relative_patterns(v: _Vocab) -> dict[str, str]:
    count = rf"(?:(?P<num>\d{{1,3}}|{_alt(v.numbers)})\s+)?"
    count_after = rf"(?:\s+(?P<num2>{_alt(v.numbers)}))?"
    unit = rf"(?P<unit>{_alt(v.units)})"
    direction = rf"(?:(?P<before>{_alt(v.cue('before'))})|(?P<after>{_alt(v.cue('after'))}))"
    # Only Arabic puts these after the month or weekday: "سبتمبر الماضي", "الجمعة المقبلة".
    suffix = _alt(_arabic(v.cue("last") | v.cue("next") | v.cue("current")))
    month_full = _alt(v.months)
    year_phrases = _alt(k for k, r in v.relative.items() if r["unit"] == "year")
    arabic = _alt(_arabic(v.months))
    of, determiner = _alt(v.cue("of")), _optional_word(v.cue("determiner"))
    return {
        "month_cue": rf"{_START}(?P<cue>{_cue_alt(v.cue('month'))})(?P<month>{month_full})"
                     rf"(?:\s*/\s*{month_full}|\s+{arabic})?(?!\w)(?!\s*\.?\s*\d)",
        "month_suffix": rf"{_START}(?P<month>{month_full})(?:\s*/\s*{month_full})?\s+"
                        rf"(?P<suffix>{suffix})(?!\w)",
        "month_of_year": rf"{_START}(?:{_cue_alt(v.cue('month'))})?(?P<month>{month_full})"
                         rf"(?:\s*/\s*{month_full})?\s+(?:{of}\s+)?"
                         rf"(?P<rel>{year_phrases})(?!\w)",
        "year_cue": rf"{_START}(?P<cue>{_cue_alt(v.cue('year'))})(?P<year>(?:19|20)\d\d)(?!\d)"
                    r"(?!\s*[-–]\s*\d)",
        "weekday": rf"{_START}(?P<cue>{_cue_alt(v.cue('weekday'))})?"
                   rf"{_optional_word(v.cue('day_word'))}"
                   rf"(?P<wd>{_alt(v.weekdays)})(?!\w)(?:\s+(?P<suffix>{suffix})(?!\w))?",
        "relative": rf"{_START}(?P<rel>{_alt(v.relative)})(?!\w)",
        "ago_after": rf"{_START}{count}{unit}\s+{_alt(v.cue('ago_after'))}(?!\w)",
        "ago_before": rf"{_START}{_alt(v.cue('ago_before'))}\s+{count}{unit}{count_after}"
                      rf"(?!\w)(?!\s*\d)(?!\s+{of}\s)",
        # "one day before last week's attacks"; "قبل يومين من هجمات الجمعة"
        "anchor_en": rf"{_START}{count}{unit}\s+{direction}\s+{determiner}",
        "anchor_ar": rf"{_START}{direction}\s+{count}{unit}{count_after}\s+{of}\s+",
    }


def _first_chars(*word_groups) -> set[str]:
    return {word[0] for words in word_groups for word in words if word}


def _leads(v: _Vocab) -> dict[str, set[str]]:
    """The characters each rule's (and anchor's) matches can start with, in folded text.

    The regex engine tries a pattern at every position of a sentence, and most date patterns
    open with start-of-word lookbehinds, costly to test at each one. Led by a test of one
    character (see `_led`), a pattern is tried only where a match could start: about a third
    less time for the 15 rules, the same matches.
    """
    digits = set("0123456789")
    months = _first_chars(v.months, v.month_abbr)
    weekday_prefix = _first_chars(v.weekdays, v.weekday_abbr, v.cue("day_word"))
    count = digits | _first_chars(v.numbers)
    return {
        "iso": digits, "numeric": digits,
        "month_day_year": weekday_prefix | months, "month_day": weekday_prefix | months,
        "day_month_year": weekday_prefix | digits, "day_month": weekday_prefix | digits,
        "month_year": months,
        "month_cue": _first_chars(v.cue("month")),
        "month_suffix": _first_chars(v.months),
        "month_of_year": _first_chars(v.cue("month"), v.months),
        "year_cue": _first_chars(v.cue("year")),
        "weekday": _first_chars(v.cue("weekday"), v.cue("day_word"), v.weekdays),
        "relative": _first_chars(v.relative),
        "ago_after": count | _first_chars(v.units),
        "ago_before": _first_chars(v.cue("ago_before")),
        "anchor_en": count | _first_chars(v.units),
        "anchor_ar": _first_chars(v.cue("before"), v.cue("after")),
    }


def _led(chars: set[str], pattern: str) -> str:
    """`pattern`, tried only at a position holding one of `chars`."""
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])" + pattern


# Each rule's matches hold words of these keyword classes (see _keywords). A sentence
# without a rule's keywords cannot match it, and one search per class is far cheaper than
# the rule's own pattern, so most sentences skip most rules.
_NEEDS = {
    "iso": ("digit",), "numeric": ("digit",), "year_cue": ("digit",),
    "month_day_year": ("month", "digit"), "day_month_year": ("month", "digit"),
    "month_year": ("month", "digit"), "month_day": ("month", "digit"), "day_month": ("month", "digit"),
    "month_cue": ("month",), "month_suffix": ("month", "arabic"), "month_of_year": ("month",),
    "weekday": ("weekday",), "relative": ("relative",),
    "ago_after": ("unit",), "ago_before": ("unit",),
}
_ANCHOR_NEEDS = ("unit",)  # "one day before ...", "قبل يومين من ..."


def _keywords(v: _Vocab) -> dict[str, re.Pattern]:
    """One pattern per keyword class, finding any word of the class anywhere in folded text.

    A phrase matched with any whitespace between its words ("كانون  الثاني") holds each of
    its words as written, so its first (or last) word stands for it.
    """
    def any_of(words) -> re.Pattern:
        return re.compile(trie_pattern(sorted(set(words))))

    return {
        "digit": re.compile(r"\d"),
        "arabic": ARABIC_RE,  # the suffixes of "سبتمبر الماضي" are Arabic words
        "month": any_of(w.split()[0] for w in [*v.months, *v.month_abbr]),
        "weekday": any_of(w.split()[0] for w in v.weekdays),
        # Relative phrases start with common words ("the past year"); their last word is rarer.
        "relative": any_of(w.split()[-1] for w in v.relative),
        "unit": any_of(w.split()[0] for w in v.units),
    }


@dataclass
class _Grammar:
    rules: list[_Rule]
    anchors: list[re.Pattern]
    keywords: dict[str, re.Pattern]
    since: re.Pattern  # a since-cue ending the text before a date
    chrome: re.Pattern  # a publication label ending the text before a date
    byline: re.Pattern  # "By AP - " before a date
    byline_start: re.Pattern  # "By " opening a line


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    v = _vocab()
    explicit = _explicit_patterns(v)
    relative = _relative_patterns(v)
    leads = _leads(v)
    rules = [_Rule(name, re.compile(_led(leads[name], explicit[name])), resolver, True, _NEEDS[name])
             for name, resolver in _EXPLICIT_RESOLVERS.items()]
    rules += [_Rule(name, re.compile(_led(leads[name], relative[name])), resolver, needs=_NEEDS[name])
              for name, resolver in _RELATIVE_RESOLVERS.items()]
    anchors = [re.compile(_led(leads[name], relative[name])) for name in ("anchor_en", "anchor_ar")]
    separators, bar = r"[\s:|\-–—•·,]*", r"[|\-–—•·]"
    # A label counts at the start of its line or after a separator: "ANI | Updated: ...",
    # "By Staff - Mar 3,2017 - Last updated at ...", not "a video posted on Nov. 14".
    label_start = rf"(?:^|{bar}|/|\s{{2}})\s*"
    return _Grammar(
        rules, anchors, _keywords(v),
        since=re.compile(rf"{_START}{_alt(v.cue('since'))}\s+$"),
        chrome=re.compile(rf"{label_start}{_alt(v.chrome)}{separators}$"),
        byline=re.compile(rf"^\s*{_alt(v.chrome_line_start)}\s+[^|\-–—•·]{{1,60}}{bar}\s*$"),
        byline_start=re.compile(rf"\s*{_alt(v.chrome_line_start)}\s"),
    )


# --- scanning ----------------------------------------------------------------------


def _calendar_day(published: Optional[date]) -> Optional[date]:
    """A timestamp dates by its calendar day (datetime is a date subclass, but not comparable);
    a publication date outside the years news is dated in counts as unknown."""
    if isinstance(published, datetime):
        published = published.date()
    if published is None or not _MIN_YEAR <= published.year <= _MAX_YEAR:
        return None
    return published


@dataclass
class _Scan:
    """One sentence: the text as written, its folded form, and what resolves dates."""

    text: str
    folded: str
    offsets: Optional[list[int]]  # folded index -> original index; None when identical
    lang: Optional[str]
    published: Optional[date]
    guards: bool = True  # capitalisation and name guards; off for standalone date strings
    _present: dict[str, bool] = field(default_factory=dict)  # keyword class -> found in folded

    @classmethod
    def of(cls, text: str, lang: Optional[str], published: Optional[date], guards: bool = True):
        published = _calendar_day(published)
        digits = text if text.isascii() else text.translate(_DIGITS)  # ASCII holds no Arabic-Indic digit
        if digits.isascii():
            return cls(text, digits.lower(), None, lang, published, guards)
        folded, offsets = fold_with_map(digits)
        return cls(text, folded, offsets, lang, published, guards)

    def start(self, i: int) -> int:
        if self.offsets is None:
            return i
        return self.offsets[i] if i < len(self.offsets) else len(self.text)

    def end(self, j: int) -> int:
        if self.offsets is None or j == 0:
            return j
        return self.offsets[j - 1] + 1

    def original(self, i: int, j: int) -> str:
        return self.text[self.start(i):self.end(j)]

    def may_match(self, needs: tuple[str, ...]) -> bool:
        """Whether the text holds a word of every keyword class in `needs`."""
        for kind in needs:
            if kind not in self._present:
                self._present[kind] = bool(_grammar().keywords[kind].search(self.folded))
            if not self._present[kind]:
                return False
        return True


@dataclass
class _Candidate:
    start: int  # folded offsets
    end: int
    span: DateSpan


def _lowercase_name(scan: _Scan, match: re.Match) -> bool:
    """English month and weekday names are capitalised; "may" and "march" are words."""
    for group in ("month", "wd"):
        if match.groupdict().get(group) and match.group(group)[0].isalpha():
            first = scan.text[scan.start(match.start(group))]
            if first.isascii() and first.islower():
                return True
    return False


def _candidates(scan: _Scan, rules: list[_Rule]) -> Iterator[_Candidate]:
    for rule in rules:
        if not scan.may_match(rule.needs):
            continue
        for match in rule.regex.finditer(scan.folded):
            if scan.guards and _lowercase_name(scan, match):
                continue
            span = rule.resolve(match, scan)
            if span is None:
                continue
            yield _Candidate(match.start(), match.end(), _since(scan, match, span))


def _since(scan: _Scan, match: re.Match, span: DateSpan) -> DateSpan:
    """"since 2014" runs from 2014 to publication."""
    cue = (match.groupdict().get("cue") or "").strip()
    since = cue in _vocab().cue("since") or _grammar().since.search(scan.folded[:match.start()])
    if not (since and span.known and scan.published and scan.published >= span.start):
        return span
    return _span(span.start, max(span.end, scan.published))


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest expressions win over the shorter ones they overlap; then in text order."""
    chosen: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= other.start or other.end <= cand.start for other in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


# --- explicit dates ------------------------------------------------------------------


def _full_date(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    month = _vocab().month_of(match.group("month"))
    found = _valid_date(int(match.group("year")), month, int(match.group("day")))
    return _day(found) if found else None


def _iso_date(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    found = _valid_date(*(int(match.group(g)) for g in ("year", "month", "day")))
    return _day(found) if found else None


def _numeric_date(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    """d/m/y or m/d/y: Arabic papers write day first; in English an order that cannot be
    told (3/4/2017) becomes the span between both readings."""
    a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
    day_first = _valid_date(year, b, a)
    month_first = None if scan.lang == "ar" else _valid_date(year, a, b)
    readings = [d for d in (day_first, month_first) if d]
    return _span(min(readings), max(readings)) if readings else None


def _month_year(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    return _month(int(match.group("year")), _vocab().month_of(match.group("month")))


def _day_no_year(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    month, day = _vocab().month_of(match.group("month")), int(match.group("day"))
    if not 1 <= day <= 31:
        return None
    if scan.published is None:
        return UNKNOWN_DATE
    found = _on_or_before(scan.published, month, day)
    return _day(found) if found else None


_EXPLICIT_RESOLVERS = {
    "iso": _iso_date,
    "numeric": _numeric_date,
    "month_day_year": _full_date,
    "day_month_year": _full_date,
    "month_year": _month_year,
    "month_day": _day_no_year,
    "day_month": _day_no_year,
}


# --- relative expressions --------------------------------------------------------------


def _month_with_cue(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    if scan.published is None:
        return UNKNOWN_DATE
    month = _vocab().month_of(match.group("month"))
    strictly = match.group("cue").strip() in _vocab().cue("last")
    return _month_on_or_before(scan.published, month, strictly)


def _month_with_suffix(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    """"سبتمبر الماضي" is last September, "سبتمبر المقبل" next September, "سبتمبر الجاري"
    the September of the publication year."""
    if scan.published is None:
        return UNKNOWN_DATE
    month, suffix = _vocab().month_of(match.group("month")), match.group("suffix")
    if suffix in _vocab().cue("next"):
        year = scan.published.year + (month <= scan.published.month)
        return _month(year, month)
    if suffix in _vocab().cue("current"):
        return _month(scan.published.year, month)
    return _month_on_or_before(scan.published, month, strictly=True)


def _month_of_year(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    """"in March last year", "مارس من العام الماضي": the month of that year."""
    if scan.published is None:
        return UNKNOWN_DATE
    record = _vocab().relative[re.sub(r"\s+", " ", match.group("rel"))]
    year = _relative_span(record, scan.published).start.year
    return _month(year, _vocab().month_of(match.group("month")))


def _year_with_cue(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    return _year(int(match.group("year")))


_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")


def _after_capitalised_word(scan: _Scan, start: int) -> bool:
    """Whether the word before folded offset `start` is capitalised, as inside a name."""
    end = scan.start(start)
    return bool(_CAPITALISED_BEFORE.search(scan.text[max(0, end - 40):end]))


def _looks_like_name(scan: _Scan, match: re.Match) -> bool:
    """A bare English weekday inside a name: "Sunday Times", "Bloody Sunday"."""
    start, end = scan.start(match.start("wd")), scan.end(match.end("wd"))
    if not scan.text[start].isascii():
        return False
    before_name = re.match(r" [A-Z]", scan.text[end:])
    return bool(before_name or _after_capitalised_word(scan, match.start("wd")))


def _weekday(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    cue = (match.group("cue") or "").strip()
    suffix = match.group("suffix") or ""
    if scan.guards and not cue and not suffix and _looks_like_name(scan, match):
        return None
    if scan.published is None:
        return UNKNOWN_DATE
    weekday, pub = _vocab().weekday_of(match.group("wd")), scan.published
    if cue in _vocab().cue("next") or suffix in _vocab().cue("next"):
        return _day(pub + timedelta((weekday - pub.weekday() - 1) % 7 + 1))
    if cue in _vocab().cue("last") or suffix in _vocab().cue("last"):
        return _day(pub - timedelta((pub.weekday() - weekday - 1) % 7 + 1))
    return _day(pub - timedelta((pub.weekday() - weekday) % 7))


def _not_relative(scan: _Scan, match: re.Match, record: dict) -> bool:
    """A relative phrase that is no date here: "USA Today" is a paper; "اليوم التالي" and
    "في اليوم ذاته" are "the next day" and "on the same day", not today."""
    written = scan.original(match.start(), match.end())
    if written[0].isascii():
        return written[0].isupper() and _after_capitalised_word(scan, match.start())
    if record["unit"] != "day" or record.get("offset", 0) != 0:
        return False
    v = _vocab()
    following = re.match(r"\s+(\w+)", scan.folded[match.end():])
    following = following.group(1) if following else ""
    if following in v.weekdays:
        return False  # "اليوم الأحد": today, Sunday
    preceding = re.search(r"(\w+)\s+$", scan.folded[:match.start()])
    return following in v.cue("not_today_after") or bool(
        preceding and preceding.group(1) in v.cue("not_today_before"))


def _relative(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    record = _vocab().relative[re.sub(r"\s+", " ", match.group("rel"))]
    if scan.guards and _not_relative(scan, match, record):
        return None
    if scan.published is None:
        return UNKNOWN_DATE
    return _relative_span(record, scan.published)


def _relative_span(record: dict, pub: date) -> DateSpan:
    unit, offset = record["unit"], record.get("offset", 0)
    if unit == "day":
        return _day(pub + timedelta(offset))
    if unit == "week":
        return _week(pub, offset)
    if unit == "month":
        first = date(pub.year, pub.month, 1)
        if offset == 0:
            return _span(first, pub)
        previous = first - timedelta(1)
        return _month(previous.year, previous.month)
    if unit == "year":
        return _span(date(pub.year, 1, 1), pub) if offset == 0 else _year(pub.year - 1)
    return _span(pub - timedelta(record["days"]), pub)


def _week(pub: date, offset: int) -> DateSpan:
    monday = pub - timedelta(pub.weekday())
    if offset == 0:
        return _span(monday, pub)
    start = monday - timedelta(7)
    weekend = pub.weekday() >= 5
    return _span(start, pub - timedelta(1) if weekend else start + timedelta(6))


# Offsets in days (least, most) for a duration; None counts are vague ("a few days").
_DURATION = {
    "hour": (lambda n: (0, 1), (0, 1)),
    "day": (lambda n: (n, n), (2, 7)),
    "week": (lambda n: (7 * n - 3, 7 * n + 3), (14, 42)),
    "month": (lambda n: (30 * n - 15, 30 * n + 15), (60, 180)),
    "year": (lambda n: (365 * n - 182, 365 * n + 182), (730, 3650)),
}


def _duration(match: re.Match) -> tuple[str, tuple[int, int]]:
    v = _vocab()
    unit, count = v.units[re.sub(r"\s+", " ", match.group("unit"))]
    for group in ("num", "num2"):
        word = match.groupdict().get(group)
        if word:
            count = int(word) if word.isdigit() else v.numbers[re.sub(r"\s+", " ", word)]
    exact, vague = _DURATION[unit]
    return unit, exact(count) if count else vague


def _ago(match: re.Match, scan: _Scan) -> Optional[DateSpan]:
    if scan.published is None:
        return UNKNOWN_DATE
    least, most = _duration(match)[1]
    return _span(scan.published - timedelta(most), scan.published - timedelta(least))


_RELATIVE_RESOLVERS = {
    "month_cue": _month_with_cue,
    "month_suffix": _month_with_suffix,
    "month_of_year": _month_of_year,
    "year_cue": _year_with_cue,
    "weekday": _weekday,
    "relative": _relative,
    "ago_after": _ago,
    "ago_before": _ago,
}


# --- anchored expressions: "one day before last week's attacks" ---------------------------


def _shift(span: DateSpan, before: bool, least: int, most: int) -> DateSpan:
    if not span.known:
        return UNKNOWN_DATE
    if before:
        return _span(span.start - timedelta(most), span.end - timedelta(least))
    return _span(span.start + timedelta(least), span.end + timedelta(most))


def _undated_anchor(scan: _Scan, unit: str, before: bool, offsets: tuple[int, int]) -> DateSpan:
    if scan.published is None or unit in ("month", "year"):
        return UNKNOWN_DATE
    recent = _span(scan.published - timedelta(ANCHOR_WINDOW_DAYS), scan.published)
    shifted = _shift(recent, before, *offsets)
    return _span(shifted.start, min(shifted.end, scan.published))


def _anchored(scan: _Scan, base: list[_Candidate]) -> Iterator[_Candidate]:
    by_start: dict[int, _Candidate] = {}
    for cand in sorted(base, key=lambda c: c.end - c.start):
        by_start[cand.start] = cand  # the longest candidate starting there wins
    if not scan.may_match(_ANCHOR_NEEDS):
        return
    for regex in _grammar().anchors:
        for match in regex.finditer(scan.folded):
            unit, offsets = _duration(match)
            before = match.group("before") is not None
            anchor = by_start.get(match.end())
            if anchor:
                yield _Candidate(match.start(), anchor.end, _shift(anchor.span, before, *offsets))
            else:
                end = len(scan.folded[:match.end()].rstrip())
                yield _Candidate(match.start(), end, _undated_anchor(scan, unit, before, offsets))


# --- public API -----------------------------------------------------------------------------


def find_dates(sentence: str, lang: Optional[str], published: Optional[date]
               ) -> list[tuple[int, int, DateSpan]]:
    """Every date expression in `sentence` as (start, end, DateSpan), in text order.

    Offsets index `sentence`. Relative expressions are resolved against `published`; without it
    they are still returned, as UNKNOWN_DATE. `lang` ("en"/"ar") decides ambiguous numeric dates;
    the words of both languages are always looked for.
    """
    scan = _Scan.of(sentence, lang, published)
    base = list(_candidates(scan, _grammar().rules))
    chosen = _select(base + list(_anchored(scan, base)))
    return [(scan.start(c.start), scan.end(c.end), c.span) for c in chosen]


def parse_explicit(text: str) -> Optional[DateSpan]:
    """A standalone explicit date ("2015-11-16", "Nov 15,2015", "15 نوفمبر 2015", "September
    2015", "2021-04-06T10:00:00Z") as a DateSpan; None when it is not one or has no year."""
    stripped = text.strip().strip(".,;")
    if not stripped:
        return None
    scan = _Scan.of(stripped, None, None, guards=False)
    for rule in _grammar().rules:
        match = rule.regex.fullmatch(scan.folded) if rule.explicit else None
        span = rule.resolve(match, scan) if match else None
        if span is not None and span.known:
            return span
    if re.fullmatch(r"(?:19|20)\d\d", scan.folded):
        return _year(int(scan.folded))
    return _with_dateutil(stripped.translate(_DIGITS))


def _with_dateutil(text: str) -> Optional[DateSpan]:
    """Explicit timestamps in other layouts ("Mon, 16 Nov 2015 10:00:00 GMT"). Parsed twice with
    different defaults: a field that changes with the default was not in the text."""
    if not re.search(r"(?:19|20)\d\d", text):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = dateutil_parser.parse(text, default=datetime(2000, 1, 1))
            second = dateutil_parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if first.year != second.year or not _MIN_YEAR <= first.year <= _MAX_YEAR:
        return None
    if first.month != second.month:
        return _year(first.year)
    if first.day != second.day:
        return _month(first.year, first.month)
    return _day(first.date())


def starts_with_byline(line: str) -> bool:
    """Whether the line opens with a byline word ("By", "بقلم") followed by a space."""
    return bool(_grammar().byline_start.match(fold(line)))


def publication_label_before(text: str, start: int) -> bool:
    """Whether the date at `start` follows a publication label ("Updated:", "Last updated at",
    "نشر في") or a byline ("By AP - ") on its line: page furniture, not reporting."""
    line = fold(text[text.rfind("\n", 0, start) + 1:start])
    grammar = _grammar()
    return bool(grammar.chrome.search(line) or grammar.byline.match(line))


_CLOCK_AFTER = re.compile(r"[,\s]*(?:at\s+)?\d{1,2}:\d{2}(?!\d)")
_CLOCK_BEFORE = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?\s*[A-Za-z]{0,4}[\s,|-]*$")


def clock_next_to(text: str, start: int, end: int) -> bool:
    """Whether a clock time sits right beside the date: a page timestamp ("09:15 GMT12 March 2019")."""
    before = text[max(0, start - 20):start]
    return bool(_CLOCK_AFTER.match(text, end) or _CLOCK_BEFORE.search(before))


# A dateline: a place opening the text, the date, perhaps the agency, then a dash
# ("AMMAN, March 20 (Reuters) - ", "القاهرة، 20 مارس (رويترز) - ").
_DATELINE_PLACE = re.compile(r"\s*[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+){0,3}\s*[,،]\s*")
DATELINE_END = re.compile(r"\s*(?:\([^()\n]{1,40}\))?\s*[—–-]")  # "(Reuters) -": the agency, the dash


def in_dateline(text: str, start: int, end: int) -> bool:
    """Whether the date at text[start:end] is the dateline's: when the story was filed,
    not when what it reports happened."""
    return bool(_DATELINE_PLACE.fullmatch(text, 0, start) and DATELINE_END.match(text, end))


def is_publication_chrome(text: str, start: int, end: int) -> bool:
    """Whether the date at text[start:end] belongs to page furniture rather than the story."""
    return publication_label_before(text, start) or clock_next_to(text, start, end) or in_dateline(text, start, end)


def event_dates(sentence: str, lang: Optional[str], published: Optional[date]) -> list[tuple[int, int, DateSpan]]:
    """The date expressions of a sentence that can date an event stated in it: not page
    furniture, and not wholly after publication (a threatened attack's date is not when the
    warning was given)."""
    published = _calendar_day(published)
    return [(start, end, span) for start, end, span in find_dates(sentence, lang, published)
            if not is_publication_chrome(sentence, start, end)
            and not (published and span.known and span.start > published)]


def event_date(sentence: str, lang: Optional[str], published: Optional[date]) -> DateSpan:
    """The first date of `event_dates`, or UNKNOWN_DATE when there is none or it cannot be resolved."""
    found = event_dates(sentence, lang, published)
    return found[0][2] if found else UNKNOWN_DATE
