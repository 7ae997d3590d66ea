"""ArticleDates: the date of each sentence, found only when an event asks for it."""
from __future__ import annotations

from datetime import date

from graph_builder.extract.dating import STORY_DATE_REACH, ArticleDates
from graph_builder.model import UNKNOWN_DATE, DateSpan, Sentence

PUBLISHED = date(2015, 11, 16)
NOV_12 = DateSpan(date(2015, 11, 12), date(2015, 11, 12), "day")
NOV_14 = DateSpan(date(2015, 11, 14), date(2015, 11, 14), "day")


def article(*texts):
    return ArticleDates([Sentence(i, t, 0) for i, t in enumerate(texts)], "en", PUBLISHED)


UNDATED = "Officials shared the names."


def test_a_dated_sentence_keeps_its_own_date_and_offsets():
    dated = article("The agency warned Paris on Nov. 12, 2015.")
    assert dated.known(0) == [(27, NOV_12)]  # "Nov. 12, 2015" starts at 27
    assert dated.story(0) == NOV_12


def test_an_undated_sentence_takes_the_nearest_date_before_it_first():
    dated = article("It began on Nov. 12, 2015.", UNDATED, UNDATED, "Talks were held on Nov. 14, 2015.")
    assert dated.story(2) == NOV_12
    assert dated.story(1) == NOV_12


def test_an_undated_sentence_looks_after_it_when_nothing_before():
    dated = article(UNDATED, UNDATED, "Talks were held on Nov. 14, 2015.")
    assert dated.story(0) == NOV_14


def test_dates_further_than_the_reach_are_background():
    texts = ["It began on Nov. 12, 2015."] + [UNDATED] * (STORY_DATE_REACH + 1)
    dated = article(*texts)
    assert dated.story(STORY_DATE_REACH) == NOV_12
    assert dated.story(STORY_DATE_REACH + 1) == UNKNOWN_DATE


def test_only_the_sentences_asked_about_are_dated(monkeypatch):
    from graph_builder import dates

    seen = []
    real = dates.event_dates
    monkeypatch.setattr(dates, "event_dates", lambda text, *rest: seen.append(text) or real(text, *rest))
    dated = article("It began on Nov. 12, 2015.", UNDATED, "Talks were held on Nov. 14, 2015.", UNDATED, UNDATED)
    assert dated.story(0) == NOV_12
    assert dated.story(0) == NOV_12
    assert seen == ["It began on Nov. 12, 2015."]
