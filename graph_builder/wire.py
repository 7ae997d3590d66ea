"""An `Extraction` as plain tuples, for the trip from a worker process to the main one.

Pickling dataclasses goes through a generic path per object, and an article's
extraction holds a hundred or more of them; pickling the same values as tuples
of strings and numbers is several times cheaper on both sides. The article
itself does not travel (the main process has it): sentences travel as offsets
into its text, and an event's evidence only when it is not its sentence.
"""
from __future__ import annotations

from dataclasses import fields
from operator import attrgetter

from .model import Article, DateSpan, EventMention, Extraction, Mention, Sentence

_MENTION = attrgetter(*(f.name for f in fields(Mention)))
_EVENT_FIELDS = tuple(f.name for f in fields(EventMention))
_EVENT = attrgetter(*_EVENT_FIELDS)
_DATE = _EVENT_FIELDS.index("date")
_EVIDENCE = _EVENT_FIELDS.index("evidence")
_SENTENCE = _EVENT_FIELDS.index("sentence")


def pack(extraction: Extraction) -> tuple:
    sentences = [(s.index, s.start, len(s.text)) for s in extraction.sentences]
    texts = {s.index: s.text for s in extraction.sentences}
    events = []
    for event in extraction.events:
        values = list(_EVENT(event))
        date = values[_DATE]
        values[_DATE] = (date.start, date.end, date.precision)
        if values[_EVIDENCE] == texts.get(values[_SENTENCE]):
            values[_EVIDENCE] = None  # the sentence's own text, which the article holds
        events.append(tuple(values))
    return sentences, [_MENTION(m) for m in extraction.mentions], events


def unpack(packed: tuple, article: Article) -> Extraction:
    sentences_in, mentions_in, events_in = packed
    text = article.text
    sentences = [Sentence(index, text[start:start + length], start) for index, start, length in sentences_in]
    texts = {s.index: s.text for s in sentences}
    events = []
    for values in events_in:
        values = list(values)
        values[_DATE] = DateSpan(*values[_DATE])
        if values[_EVIDENCE] is None:
            values[_EVIDENCE] = texts[values[_SENTENCE]]
        events.append(EventMention(*values))
    return Extraction(article, sentences, [Mention(*values) for values in mentions_in], events)
