"""Find many known phrases in a sentence with one compiled pattern.

Phrases are folded (see `graph_builder.text.fold`) and compiled into a single
regular expression shaped like a trie, so matching costs one scan of the
sentence, not one scan per gazetteer entry. Matches are leftmost-longest.

Arabic attaches conjunctions and prepositions to the following word (و، ف،
ب، ل، ك), so Arabic phrases also match after those clitics; "ل" + "ال" is
written "لل" ("للعراق" is "to Iraq").
Short all-capital names (IS, CIA, MİT) are matched against the original text
in capitals only, so the English word "is" never becomes Islamic State.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Generic, Iterator, Optional, TypeVar

from ..gazetteer import data_dir, read_lines
from ..text import ARABIC_LETTER, ARABIC_RE, fold, fold_with_map, is_acronym, is_arabic, trie_pattern

T = TypeVar("T")

_LATIN_BEFORE = r"(?<![a-z0-9])"
_LATIN_AFTER = r"(?![a-z0-9])"
_ARABIC_BEFORE = rf"(?<![{ARABIC_LETTER}])(?:[وف]?[بلك]?)"
_ARABIC_AFTER = rf"(?![{ARABIC_LETTER}])"
_CAPS_BEFORE = r"(?<![A-Za-z0-9.İ])"
_CAPS_AFTER = r"(?![A-Za-z0-9İ])"


@dataclass
class Hit(Generic[T]):
    start: int  # offsets in the original sentence
    end: int
    text: str
    payloads: list[T]


class PhraseMatcher(Generic[T]):
    """Maps phrases to payloads and finds them in text."""

    def __init__(self) -> None:
        self._folded: dict[str, list[T]] = {}
        self._caps: dict[str, list[T]] = {}
        self._compiled: tuple | None = None

    def add(self, phrase: str, payload: T) -> None:
        phrase = phrase.strip()
        if not phrase:
            return
        if is_acronym(phrase):
            self._caps.setdefault(phrase.replace("İ", "I"), []).append(payload)
            return
        key = fold(phrase)
        self._folded.setdefault(key, []).append(payload)
        if is_arabic(key) and key.startswith("ال"):
            self._folded.setdefault("لل" + key[2:], []).append(payload)

    def _patterns(self) -> tuple[Optional[_Scan], Optional[_Scan], Optional[_Scan]]:
        if self._compiled is None:
            latin = [k for k in self._folded if not is_arabic(k)]
            arabic = [k for k in self._folded if is_arabic(k)]
            self._compiled = (
                _Scan.of(latin, _LATIN_BEFORE, _LATIN_AFTER),
                _Scan.of(arabic, _ARABIC_BEFORE, _ARABIC_AFTER, held=lambda p: ARABIC_RE.search(p).group()),
                _Scan.of(list(self._caps), _CAPS_BEFORE, _CAPS_AFTER),
            )
        return self._compiled

    def find(self, text: str) -> list[Hit[T]]:
        """Non-overlapping hits, longest first where two overlap."""
        if not (self._folded or self._caps):
            return []  # no phrases (a language a rule file has none for)
        latin, arabic, caps = self._patterns()
        folded, offsets = fold_with_map(text)
        hits: list[Hit[T]] = []
        for scan in (latin, arabic):
            for m in scan.finditer(folded) if scan else ():
                start, end = offsets[m.start(1)], offsets[m.end(1) - 1] + 1
                hits.append(Hit(start, end, text[start:end], self._folded[m.group(1)]))
        dotted = text.replace("İ", "I") if caps else ""  # same length: offsets stay valid
        for m in caps.finditer(dotted) if caps else ():
            hits.append(Hit(m.start(1), m.end(1), text[m.start(1):m.end(1)], self._caps[m.group(1)]))
        return _without_overlaps(hits)


NO_PHRASES: PhraseMatcher = PhraseMatcher()  # finds nothing: for a language without phrases


@dataclass(frozen=True)
class _Scan:
    """One compiled pattern of phrases, and a quick test for texts it cannot match.

    Most of a regex search's cost is trying every position of the text. Every match holds
    its phrase, so a text without a character every phrase holds (by default its first; an
    Arabic letter of an Arabic phrase such as "cnn بالعربيه") cannot match: an English
    sentence for Arabic phrases, and the reverse, is passed over after one fast
    character-class search.
    """

    gate: re.Pattern
    pattern: re.Pattern

    @classmethod
    def of(cls, phrases: list[str], before: str, after: str,
           held: Callable[[str], str] = lambda phrase: phrase[0]) -> Optional["_Scan"]:
        if not phrases:
            return None
        chars = "".join(sorted({re.escape(held(p)) for p in phrases}))
        return cls(re.compile(f"[{chars}]"), re.compile(before + f"({trie_pattern(phrases)})" + after))

    def finditer(self, text: str) -> Iterator[re.Match]:
        return self.pattern.finditer(text) if self.gate.search(text) else iter(())


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    if len(hits) < 2:
        return hits  # most texts: nothing to sort or choose between
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    if all(a.end <= b.start for a, b in zip(hits, hits[1:])):
        return hits  # the usual case: nothing to choose between
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: -(h.end - h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


@lru_cache(maxsize=128)
def words_matcher(words: tuple[str, ...]) -> PhraseMatcher[str]:
    """A matcher finding any of `words` (each its own payload)."""
    matcher: PhraseMatcher[str] = PhraseMatcher()
    for word in words:
        matcher.add(word, word)
    return matcher


@lru_cache(maxsize=None)
def rule_words(filename: str) -> tuple[str, ...]:
    """The lines of a word list under data/rules/."""
    return tuple(read_lines(data_dir() / "rules" / filename))
