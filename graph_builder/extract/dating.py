"""The dates an article gives its sentences, found only for sentences that need them.

Date finding is the costliest step of extraction, and only sentences that state
an event need a date (most state none). `ArticleDates` finds a sentence's date
expressions on first request and keeps them.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from .. import dates
from ..model import UNKNOWN_DATE, DateSpan, Sentence

STORY_DATE_REACH = 4  # sentences


class ArticleDates:
    def __init__(self, sentences: list[Sentence], lang: Optional[str], published: Optional[date]) -> None:
        self.sentences, self.lang, self.published = sentences, lang, published
        self._known: dict[int, list[tuple[int, DateSpan]]] = {}

    def known(self, index: int) -> list[tuple[int, DateSpan]]:
        """(offset, span) of the resolved date expressions of sentence `index`."""
        if index not in self._known:
            found = dates.event_dates(self.sentences[index].text, self.lang, self.published)
            self._known[index] = [(start, span) for start, _, span in found if span.known]
        return self._known[index]

    def own(self, index: int) -> DateSpan:
        """The sentence's first resolved date, or UNKNOWN_DATE."""
        known = self.known(index)
        return known[0][1] if known else UNKNOWN_DATE

    def story(self, index: int) -> DateSpan:
        """The sentence's date, or for an undated sentence the story's nearest date.

        News reports fix the time frame once and tell the rest without dates; an
        event stated without a date takes the nearest date at most
        STORY_DATE_REACH sentences before it, else after it, else stays unknown.
        Further away, a date more likely belongs to background (a biography, an
        earlier attack) than to the event.
        """
        before = range(index - 1, max(0, index - STORY_DATE_REACH) - 1, -1)
        after = range(index + 1, min(len(self.sentences), index + 1 + STORY_DATE_REACH))
        for near in (index, *before, *after):
            if self.own(near).known:
                return self.own(near)
        return UNKNOWN_DATE
