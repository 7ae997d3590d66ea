"""People the gazetteer does not know, found from titles and given names.

English: "Lt. Gen. Saad al-Allaq", "Foreign Minister Ibrahim Al Jaafari", or a
known given name followed by capitalised name words ("Omar Ismail Mostefai").
Arabic: a known given name followed by a family name ("عدنان الأسدي"), or a
title followed by name words. Later bare surnames ("al-Allaq said",
"الأسدي") are linked back to the full name by `SurnameIndex`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..gazetteer import Gazetteer
from ..model import Mention
from ..text import fold, fold_word
from .matcher import PhraseMatcher, rule_words, words_matcher

_PARTICLE = r"(?:[Aa]l|[Ee]l|[Aa][dstz]h?|bin|ibn|bint|[Aa]bu|[Aa]bd|[Aa]bdul|de|van|von|da|di|du|der|ul|ur|le|la)"
_CAP_WORD = r"[A-ZÀ-ÖØ-ÞİŞÇĞÜÖ][\w'’]*(?:-[A-Za-zÀ-ÿ][\w'’]*)*\.?"
_NAME_WORD = rf"(?:{_PARTICLE}[-\s])?{_CAP_WORD}"
_EN_NAME = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}")
_TOKEN = re.compile(r"[\w'’-]+")
_SURNAME = re.compile(r"(?:(?:[Aa]l|[Ee]l)[-\s])?[\w'’]+")  # "al-Allaq", "Allaq"
_AR_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+")
_AR_STOP = frozenset(
    "في من على إلى الى عن أن ان إن قال قالت أكد أشار وقال وأضاف الذي التي الذين بعد قبل خلال مع "
    "هذا هذه ذلك تلك كان كانت اليوم أمس عام سنة حيث كما لدى عند لكن ثم أو".split()
)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(fold(w) for w in rule_words("not_names.txt"))


@lru_cache(maxsize=256)  # asked by the given-name and the surname tests of a sentence
def _folded_words(text: str) -> frozenset[str]:
    """The sentence's words folded; a hyphenated word also gives its parts, and an
    "al-"/"el-" particle with the part after it: every word a name test looks up."""
    words = set(map(fold_word, _TOKEN.findall(text)))
    for word in [w for w in words if "-" in w]:
        parts = word.split("-")
        words.update(parts)
        words.update(f"{a}-{b}" for a, b in zip(parts, parts[1:]) if a in ("al", "el"))
    return frozenset(words)


def _titles() -> PhraseMatcher[str]:
    return words_matcher(rule_words("titles.txt"))


def _trim_en(words: list[str]) -> list[str]:
    """Drop trailing words that are not name words (a full stop ends the name)."""
    kept = []
    for word in words:
        bare = word.rstrip(".")
        if fold_word(bare) in _stop_words():
            break
        kept.append(bare)
        if word.endswith(".") and len(bare) > 1:
            break
    return kept


class PeopleFinder:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.given = {fold(n) for n in gazetteer.given_names}

    def find(self, text: str, sentence: int, taken: list[Mention]) -> list[Mention]:
        """People in `text` that do not overlap the mentions already `taken`.

        A name introduced by a title is recorded as written ("Lt. Gen. Karim Haddad",
        an alias) with the bare name as its canonical form.
        """
        found: list[Mention] = []
        for start, name_start, end in self._spans(text):
            name_free = all(end <= m.start or name_start >= m.end for m in taken + found)
            if not name_free:
                continue
            titled_free = all(end <= m.start or start >= m.end for m in taken + found)
            start = start if titled_free else name_start
            found.append(Mention(text[start:end], "Person", sentence, start, end,
                                 canonical=text[name_start:end]))
        return found

    def _spans(self, text: str):
        """(start with title, start of the name, end) of each name."""
        yield from self._after_titles(text)
        yield from self._given_name_spans(text)

    def _after_titles(self, text: str):
        for hit in _titles().find(text):
            rest = text[hit.end :]
            lead = len(rest) - len(rest.lstrip(" "))
            if lead == 0 and not rest.startswith(" "):
                continue
            span = self._name_at(text, hit.end + lead, single_ok=True)
            if span:
                yield (hit.start, *span)

    def _given_name_spans(self, text: str):
        if self.given.isdisjoint(_folded_words(text)):
            return  # most sentences hold no known given name: one quick pass tells
        for match in _TOKEN.finditer(text):
            if fold_word(match.group()) in self.given and (match.start() == 0 or not text[match.start() - 1].isalnum()):
                span = self._name_at(text, match.start(), single_ok=False)
                if span:
                    yield (span[0], *span)

    def _name_at(self, text: str, start: int, single_ok: bool) -> Optional[tuple[int, int]]:
        if re.match(r"[\u0600-\u06FF]", text[start:start + 1] or " "):
            return self._arabic_name_at(text, start)
        match = _EN_NAME.match(text, start)
        if not match:
            return None
        words = _trim_en(match.group().split())
        if not words or (len(words) < 2 and not single_ok):
            return None
        return (start, _end_of(text, start, words))

    def _arabic_name_at(self, text: str, start: int) -> Optional[tuple[int, int]]:
        words = []
        for match in _AR_WORD.finditer(text, start):
            gap = text[(words[-1].end() if words else start) : match.start()]
            if gap.strip() or match.group() in _AR_STOP or len(words) == 3:
                break
            if words and not (match.group().startswith("ال") or fold_word(match.group()) in self.given):
                break
            words.append(match)
        return (start, words[-1].end()) if len(words) >= 2 else None


def _end_of(text: str, start: int, words: list[str]) -> int:
    position = start
    for word in words:
        position = text.index(word, position) + len(word)
    return position


def _surname_keys(name: str) -> set[str]:
    words = name.split()
    if len(words) < 2:
        return set()
    last = fold_word(words[-1])
    keys = {last}
    for prefix in ("al-", "el-", "al ", "ال"):
        if last.startswith(prefix) and len(last) > len(prefix) + 2:
            keys.add(last[len(prefix):])
    return {k for k in keys if k not in _stop_words() and len(k) > 2}


class SurnameIndex:
    """Links a bare surname back to a full name mentioned earlier in the article."""

    def __init__(self) -> None:
        self._by_key: dict[str, Mention] = {}

    def add(self, person: Mention) -> None:
        for key in _surname_keys(person.canonical or person.text):
            self._by_key.setdefault(key, person)
        for key in _surname_keys(person.text):
            self._by_key.setdefault(key, person)

    def find(self, text: str, sentence: int, taken: list[Mention]) -> list[Mention]:
        found = []
        if not self._could_hold_surname(text):
            return found
        for match in _SURNAME.finditer(text):
            word = match.group()
            if word[0].isascii() and not word[0].isupper():  # surnames are capitalised in English
                continue
            key = fold_word(word)
            full = self._by_key.get(key) or self._by_key.get(key.split("-")[-1])
            if not full:
                continue
            if all(match.end() <= m.start or match.start() >= m.end for m in taken + found):
                found.append(Mention(match.group(), "Person", sentence, match.start(), match.end(),
                                     key=full.key, country=full.country, canonical=full.canonical or full.text))
        return found

    def _could_hold_surname(self, text: str) -> bool:
        """A quick test on the sentence's words, before looking at each in turn: every word
        `find` looks up ("al-allaq", or the "allaq" of it) is one of `_folded_words`."""
        return not self._by_key.keys().isdisjoint(_folded_words(text))
