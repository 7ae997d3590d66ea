"""Extract stage: an `Article` in, its sentences, actor mentions and events out.

    Extractor().extract(article) -> Extraction
"""
from __future__ import annotations

import re
from typing import Optional

from ..gazetteer import Gazetteer, default_gazetteer
from ..model import Article, Extraction, Mention, Sentence
from ..text import fold, is_arabic
from .dating import ArticleDates
from .events import find_events
from .matcher import rule_words
from .mentions import MentionFinder
from .people import PeopleFinder, SurnameIndex
from .sentences import split_sentences
from .tidy import join_qualified_agencies, mark_appositions

__all__ = ["Extractor", "split_sentences"]

_WORD = re.compile(r"[\w'’.-]+")
_HOST = re.compile(r"(?:\bto|\bin|\bat|\bfor|إلى|لدى|في)\s+$", re.I)  # "ambassador to Canada"
_SAYS_AFTER = re.compile(r"\s+(?:has\s+|had\s+)?(?:said|says|added|told|announced|stated)\b")  # "the ministry said"
MAX_TITLE_WORDS = 4  # "Iraq's Foreign Minister Ibrahim ...": country, then title, then name


class Extractor:
    def __init__(self, gazetteer: Optional[Gazetteer] = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.mentions = MentionFinder(self.gazetteer)
        self.people = PeopleFinder(self.gazetteer)

    def extract(self, article: Article) -> Extraction:
        lang = article.lang or ("ar" if is_arabic(article.text[:2000]) else "en")
        sentences = split_sentences(article.text)
        per_sentence = self._mentions(sentences)
        mentions = [m for ms in per_sentence for m in ms]
        dated = ArticleDates(sentences, lang, article.published)
        events, offset, previous, home = [], 0, [], HomeCountry()
        for sentence, found in zip(sentences, per_sentence):
            indexed = list(enumerate(found, start=offset))
            home.add(indexed)
            events += find_events(sentence.text, sentence.index, lang, indexed, previous, dated, home.best())
            offset += len(found)
            previous = indexed or previous
        return Extraction(article, sentences, mentions, events)

    def _mentions(self, sentences: list[Sentence]) -> list[list[Mention]]:
        surnames = SurnameIndex()
        result = []
        for sentence in sentences:
            found = self.mentions.find(sentence.text, sentence.index)
            found += self.people.find(sentence.text, sentence.index, found)
            for person in (m for m in found if m.label == "Person"):
                surnames.add(person)
            found += surnames.find(sentence.text, sentence.index, found)
            found.sort(key=lambda m: m.start)
            found = join_qualified_agencies(sentence.text, found)
            mark_appositions(sentence.text, found)
            _give_people_countries(sentence.text, found)
            result.append(found)
        self._refer_back(result, [s.text for s in sentences])
        _generic_forces([m for found in result for m in found])
        return result

    def _refer_back(self, per_sentence: list[list[Mention]], texts: list[str]) -> None:
        """Link agency mentions that name no agency by themselves to the one they mean.

        - A bare "intelligence officials" belongs to the country named just before it
          in its sentence ("six Iraqi officials ..., and four of these intelligence
          officials"), else it is the last agency of that kind in the article.
        - "the agency" / "الجهاز" is the last agency named (of the adjective's country
          in "المديرية المغربية").
        - "..., the interior ministry said" speaks for the sentence's subject: the first
          country the sentence names, not the last ("Germany asked Turkey to ..., the
          interior ministry said" is Germany's).
        - "نظيرتها الفرنسية" is the French agency of the same kind as the agency named
          before it (the giver).
        A mention that cannot be linked names no one we can identify and is dropped.
        """
        agencies: list[Mention] = []
        for found, text in zip(per_sentence, texts):
            for position, mention in enumerate(found):
                if mention.label == "Agency" and not mention.key:
                    found[position] = self._link(found, mention, agencies, text)
                linked = found[position]
                if linked is not None and linked.label == "Agency" and linked.key:
                    agencies.append(linked)
            found[:] = [m for m in found if m is not None]

    def _shares_head_noun(self, anaphor: Mention, agency: Mention) -> bool:
        """"الدائرة" points back to "دائرة المخابرات العامة" rather than to any agency."""
        entry = self.gazetteer.get("Agency", agency.key or "")
        names = entry.names() if entry else [agency.canonical or agency.text]
        noun = _head_noun(anaphor.text.split()[0] if is_arabic(anaphor.text) else anaphor.text)
        return any(noun in fold(name).split() or ("ال" + noun) in fold(name).split() for name in names)

    def _link(self, found: list[Mention], mention: Mention, agencies: list[Mention], text: str) -> Optional[Mention]:
        if mention.form == "counterpart":
            giver = agencies[-1] if agencies else None
            if giver is None:
                return self.mentions.country_of(mention)
            mention.kind = giver.kind
            return self.mentions.anchor(mention, mention.country) or self.mentions.country_of(mention)
        if mention.form == "anaphor":
            same = [a for a in agencies if mention.country in (None, a.country)]
            if not same:
                return self.mentions.country_of(mention) if mention.country else None
            named_alike = [a for a in same if self._shares_head_noun(mention, a)]
            return _copy_identity(mention, (named_alike or same)[-1])
        countries = [m for m in found if m is not None and m.label == "Country" and m.end <= mention.start]
        if countries:
            speaker = countries[0] if _SAYS_AFTER.match(text, mention.end) else countries[-1]
            return self.mentions.anchor(mention, speaker.country)
        same_kind = [a for a in agencies if a.kind == mention.kind]
        return _copy_identity(mention, same_kind[-1]) if same_kind else None


_GENERIC_FORCES = frozenset(fold(w) for w in rule_words("generic_forces.txt"))
_FORCE_KINDS = frozenset({"military", "security"})  # troops and servicemen are never police


def _generic_forces(mentions: list[Mention]) -> None:
    """"Iraqi servicemen" in an article that names "Iraqi security forces" (and no other
    Iraqi force) are those forces, not the army."""
    specific: dict[str, set[str]] = {}
    for m in mentions:
        if m.label == "Agency" and m.key and m.kind in _FORCE_KINDS and not _is_generic_force(m):
            specific.setdefault(m.country, set()).add(m.key)
    by_key = {m.key: m for m in mentions if m.label == "Agency" and m.key}
    for m in mentions:
        forces = specific.get(m.country, ())
        if len(forces) == 1 and m.label == "Agency" and m.key not in forces and _is_generic_force(m):
            _copy_identity(m, by_key[next(iter(forces))])


def _is_generic_force(mention: Mention) -> bool:
    """A country word and a generic force word, nothing else ("Iraqi troops", "القوات العراقية")."""
    words = fold(mention.text).split()
    if len(words) != 2 or mention.kind != "military":
        return False
    noun = words[0] if is_arabic(words[0]) else words[1]
    if noun.startswith("لل"):  # "للقوات": to the forces
        noun = "ال" + noun[2:]
    return noun in _GENERIC_FORCES


def _head_noun(phrase: str) -> str:
    """"the agency" -> "agency", "الدائرة" -> "دائرة" (folded)."""
    words = fold(phrase).split()
    word = words[-1] if words and words[0] == "the" else (words[0] if words else "")
    return word[2:] if word.startswith("ال") else word


def _copy_identity(mention: Mention, named: Mention) -> Mention:
    mention.key, mention.country, mention.canonical, mention.kind = named.key, named.country, named.canonical, named.kind
    return mention


class HomeCountry:
    """The country an article has named most so far, with its latest mention."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.latest: dict[str, tuple[int, Mention]] = {}

    def add(self, indexed: list[tuple[int, Mention]]) -> None:
        for index, mention in indexed:
            if mention.label == "Country" and mention.key:
                self.counts[mention.key] = self.counts.get(mention.key, 0) + 1
                self.latest[mention.key] = (index, mention)

    def best(self) -> Optional[tuple[int, Mention]]:
        if not self.counts:
            return None
        return self.latest[max(self.counts, key=lambda k: (self.counts[k], -list(self.counts).index(k)))]


def _give_people_countries(text: str, mentions: list[Mention]) -> None:
    """"Iraqi Foreign Minister X" / "Iraq's ... X": X belongs to Iraq. In "US ambassador
    to Canada X" Canada is the host: the country before the preposition is X's."""
    for index, person in enumerate(mentions):
        if person.label != "Person" or person.country:
            continue
        end = person.start
        for before in reversed(mentions[max(0, index - 2):index]):
            gap = text[before.end : end]
            words = _WORD.findall(text[before.end : person.start])
            if "," in gap or len(words) > MAX_TITLE_WORDS or before.label != "Country":
                break
            if not _HOST.search(text[max(0, before.start - 8) : before.start]):
                person.country = before.country
                break
            end = before.start
