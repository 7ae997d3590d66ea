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
        _refer_back(result)
        return result


def story_dates(own: list[DateSpan]) -> list[DateSpan]:
    """Each sentence's date, or for an undated sentence the story's nearest date.

    News reports fix the time frame once and tell the rest without dates; an
    event stated without a date takes the nearest date before it in the
    article, else the nearest after it, else stays unknown.
    """
    result = list(own)
    for index, span in enumerate(own):
        if span.known:
            continue
        before = next((s for s in reversed(own[:index]) if s.known), None)
        after = next((s for s in own[index + 1:] if s.known), None)
        result[index] = before or after or span
    return result


def _refer_back(per_sentence: list[list[Mention]]) -> None:
    """A bare "intelligence officials" is the last agency of that kind named before it.

    With none before it, the phrase names no one we can identify and is dropped.
    """
    last_of_kind: dict[str, Mention] = {}
    for found in per_sentence:
        for mention in list(found):
            if mention.label != "Agency":
                continue
            if mention.key:
                last_of_kind[mention.kind] = mention
                continue
            named = last_of_kind.get(mention.kind)
            if named is None:
                found.remove(mention)
                continue
            mention.key, mention.country, mention.canonical = named.key, named.country, named.canonical


def _give_people_countries(text: str, mentions: list[Mention]) -> None:
    """"Iraqi Foreign Minister X" / "Iraq's ... X": X belongs to Iraq."""
    for before, person in zip(mentions, mentions[1:]):
        if person.label != "Person" or person.country or before.label != "Country":
            continue
        gap = text[before.end : person.start]
        if "," not in gap and len(_WORD.findall(gap)) <= MAX_TITLE_WORDS:
            person.country = before.country
