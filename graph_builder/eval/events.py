"""Event scores for one article, at the strict and the country level.

The predicted events of an article are the WARNED/SHARED edges whose
`articles` list holds its id. Both sides are reduced to distinct
(type, source, target) triples over gold ids:

- a predicted endpoint stands for every gold id its names match in this
  article (scored, optional or Location entities alike); a node matching none
  stands for itself ("?" + node id) and can only make a false positive;
- at the country level each gold id becomes its gold `country` when it has
  one. A predicted node that matches gold entities takes their gold countries
  (so a strict match is always a country match); a node matching none takes
  the gold match of the node its own `country` attribute names, if any;
- a gold event with `mutual: true` accepts either direction; so does a
  predicted edge with `mutual` set, since it asserts both directions;
- gold events reducing to the same triple are one; it is required when any of
  them is not optional.

Counting: a required gold triple matched by some predicted edge is a true
positive (once, however many edges express it), an unmatched required one a
false negative. A predicted triple matching no gold triple is a false
positive, counted once per distinct triple; one matching only optional gold
triples is neither. Dates and negatives are judged at the strict level:
- dates: among found required triples with a gold date, a hit when one of the
  matching edges has a known interval overlapping a gold interval;
- negatives: a gold negative triple is produced when a predicted edge of the
  article yields exactly that directed triple.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from .graphview import PredictedEvent
from .match import ArticleMatch

STRICT = "strict"
COUNTRY = "country"
UNMATCHED = "?"  # prefix of a node standing for itself


@dataclass
class GoldTriple:
    type: str
    source: str
    target: str
    mutual: bool
    required: bool = False
    events: list = field(default_factory=list)  # the GoldEvents reducing to it

    def accepts(self, triple: tuple[str, str, str]) -> bool:
        kind, source, target = triple
        if kind != self.type:
            return False
        return (source, target) == (self.source, self.target) or (
            self.mutual and (target, source) == (self.source, self.target))


@dataclass
class EventScore:
    found: dict[tuple, list[PredictedEvent]] = field(default_factory=dict)
    false_positives: dict[tuple, list[PredictedEvent]] = field(default_factory=dict)
    misses: list[GoldTriple] = field(default_factory=list)
    gold: dict[tuple, GoldTriple] = field(default_factory=dict)


def actor(match: ArticleMatch, gold_id: str, level: str) -> str:
    if level == COUNTRY:
        return match.article.entities[gold_id].country or gold_id
    return gold_id


def gold_triples(match: ArticleMatch, level: str) -> dict[tuple, GoldTriple]:
    triples: dict[tuple, GoldTriple] = {}
    for event in match.article.events:
        source, target = actor(match, event.source, level), actor(match, event.target, level)
        if event.mutual:
            source, target = sorted((source, target))
        key = (event.type, source, target, event.mutual)
        triple = triples.setdefault(key, GoldTriple(event.type, source, target, event.mutual))
        triple.required |= not event.optional
        triple.events.append(event)
    return triples


def candidates(match: ArticleMatch, node: str, level: str) -> frozenset[str]:
    """The gold actors a predicted node may stand for at `level`."""
    ids = match.ids(node)
    if not ids and level == COUNTRY:
        country = match.view.country(node)
        ids = match.ids(country) if country else ids
    if not ids:
        return frozenset({UNMATCHED + node})
    return frozenset(actor(match, g, level) for g in ids)


def predicted_triples(match: ArticleMatch, event: PredictedEvent, level: str) -> set[tuple]:
    sources = candidates(match, event.source, level)
    targets = candidates(match, event.target, level)
    triples = {(event.type, s, t) for s, t in product(sources, targets)}
    if event.mutual:
        triples |= {(kind, t, s) for kind, s, t in triples}
    return triples


def score_events(match: ArticleMatch, level: str) -> EventScore:
    result = EventScore(gold=gold_triples(match, level))
    for event in match.view.events(match.article.id):
        triples = predicted_triples(match, event, level)
        matched = [k for k, g in result.gold.items() if any(g.accepts(t) for t in triples)]
        for key in matched:
            if result.gold[key].required:
                result.found.setdefault(key, []).append(event)
        if not matched:
            result.false_positives.setdefault(_distinct(match, event, level), []).append(event)
    result.misses = [g for k, g in result.gold.items() if g.required and k not in result.found]
    return result


def _distinct(match: ArticleMatch, event: PredictedEvent, level: str) -> tuple:
    """One key per distinct predicted triple, so duplicates count as one false positive."""
    ends = [tuple(sorted(candidates(match, n, level))) for n in (event.source, event.target)]
    if event.mutual:
        ends.sort()
    return (event.type, *ends, event.mutual)


def score_dates(score: EventScore) -> tuple[int, int, list[dict]]:
    """(hits, total, misses) over found triples whose required gold events carry a date."""
    hits, total, misses = 0, 0, []
    for key, events in score.found.items():
        gold = score.gold[key]
        spans = [e.date for e in gold.events if e.date and not e.optional]
        if not spans:
            continue
        total += 1
        if any(_overlaps(p.interval, span) for p in events for span in spans):
            hits += 1
            continue
        misses.append({**_gold_row(gold), "gold_date": [str(d) for d in spans[0]],
                       "predicted": [_span_text(p.interval) for p in events],
                       "evidence": _evidence(events)})
    return hits, total, misses


def _overlaps(interval, span) -> bool:
    return interval is not None and interval[0] <= span[1] and span[0] <= interval[1]


def _span_text(interval):
    return None if interval is None else [str(interval[0]), str(interval[1])]


def produced_negatives(match: ArticleMatch) -> list[dict]:
    events = match.view.events(match.article.id)
    triples = [(e, predicted_triples(match, e, STRICT)) for e in events]
    produced = []
    for negative in match.article.negatives:
        wanted = (negative.type, negative.source, negative.target)
        hits = [e for e, found in triples if wanted in found]
        if hits:
            produced.append({"type": negative.type, "source": negative.source,
                             "target": negative.target, "why": negative.why,
                             "evidence": _evidence(hits)})
    return produced


def event_details(match: ArticleMatch, score: EventScore, level: str) -> dict[str, list[dict]]:
    view = match.view
    misses = [{**_gold_row(g), "evidence": _first_evidence(g)} for g in score.misses]
    false_positives = [
        {"type": events[0].type,
         "source": events[0].source, "source_name": view.display(events[0].source),
         "target": events[0].target, "target_name": view.display(events[0].target),
         "mutual": events[0].mutual, "edges": [e.edge for e in events],
         "evidence": _evidence(events)}
        for events in score.false_positives.values()]
    return {f"event_misses_{level}": misses, f"event_false_positives_{level}": false_positives}


def _gold_row(gold: GoldTriple) -> dict:
    return {"type": gold.type, "source": gold.source, "target": gold.target,
            "mutual": gold.mutual}


def _first_evidence(gold: GoldTriple) -> str:
    required = [e for e in gold.events if not e.optional] or gold.events
    return required[0].evidence


def _evidence(events: list[PredictedEvent]) -> list[str]:
    seen: dict[str, None] = {}
    for event in events:
        for sentence in event.evidence:
            seen.setdefault(sentence, None)
    return list(seen)
