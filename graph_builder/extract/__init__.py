"""Extract stage: an `Article` in, its sentences, actor mentions and events out.

    Extractor().extract(article) -> Extraction
"""
from __future__ import annotations

import re
from typing import Optional

from .. import dates
from ..gazetteer import Gazetteer, default_gazetteer
from ..model import Article, DateSpan, Extraction, Mention, Sentence
from ..text import is_arabic
from .events import find_events
from .mentions import MentionFinder
from .people import PeopleFinder, SurnameIndex
from .sentences import split_sentences

__all__ = ["Extractor", "split_sentences"]

_WORD = re.compile(r"[\w'’.-]+")
STORY_DATE_REACH = 4  # sentences
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
        when = story_dates([dates.event_date(s.text, lang, article.published) for s in sentences])
        events, offset, previous = [], 0, []
        for sentence, found in zip(sentences, per_sentence):
            indexed = list(enumerate(found, start=offset))
            events += find_events(sentence.text, sentence.index, lang, indexed, previous, when[sentence.index])
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
            _give_people_countries(sentence.text, found)
            result.append(found)
        self._refer_back(result)
        return result

    def _refer_back(self, per_sentence: list[list[Mention]]) -> None:
        """Give a bare "intelligence officials" its country.

        It belongs to the country named just before it in its sentence ("six Iraqi
        officials ..., and four of these intelligence officials"), else it is the last
        agency of that kind named in the article. With neither, the phrase names no
        one we can identify and is dropped.
        """
        last_of_kind: dict[str, Mention] = {}
        for found in per_sentence:
            for position, mention in enumerate(found):
                if mention.label == "Agency" and not mention.key:
                    found[position] = self._anchor(found, mention, last_of_kind.get(mention.kind))
                if found[position] is not None and found[position].label == "Agency":
                    last_of_kind[found[position].kind] = found[position]
            found[:] = [m for m in found if m is not None]

    def _anchor(self, found: list[Mention], bare: Mention, last: Optional[Mention]) -> Optional[Mention]:
        countries = [m for m in found if m is not None and m.label == "Country" and m.end <= bare.start]
        if countries:
            return self.mentions.anchor(bare, countries[-1].country)
        if last is None:
            return None
        bare.key, bare.country, bare.canonical = last.key, last.country, last.canonical
        return bare


def story_dates(own: list[DateSpan]) -> list[DateSpan]:
    """Each sentence's date, or for an undated sentence the story's nearest date.

    News reports fix the time frame once and tell the rest without dates; an
    event stated without a date takes the nearest date at most
    STORY_DATE_REACH sentences before it, else after it, else stays unknown.
    Further away, a date more likely belongs to background (a biography, an
    earlier attack) than to the event.
    """
    result = list(own)
    for index, span in enumerate(own):
        if span.known:
            continue
        before = own[max(0, index - STORY_DATE_REACH):index]
        after = own[index + 1:index + 1 + STORY_DATE_REACH]
        near = [s for s in reversed(before) if s.known] + [s for s in after if s.known]
        result[index] = near[0] if near else span
    return result


def _give_people_countries(text: str, mentions: list[Mention]) -> None:
    """"Iraqi Foreign Minister X" / "Iraq's ... X": X belongs to Iraq."""
    for before, person in zip(mentions, mentions[1:]):
        if person.label != "Person" or person.country or before.label != "Country":
            continue
        gap = text[before.end : person.start]
        if "," not in gap and len(_WORD.findall(gap)) <= MAX_TITLE_WORDS:
            person.country = before.country
