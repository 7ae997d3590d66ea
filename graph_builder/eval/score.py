"""Score a built graph against gold articles: `score(graph, gold) -> Report`.

Rules for each part live with their code: entities.py, events.py (events,
dates, negatives), resolution.py. Totals are micro-averaged over all gold
articles and per gold language; a gold article with no Article node in the
graph scores as if nothing was predicted for it.
"""
from __future__ import annotations

from .entities import entity_details, score_entities
from .events import COUNTRY, STRICT, event_details, produced_negatives, score_dates, score_events
from .gold import GoldArticle
from .graphview import GraphView
from .match import ArticleMatch
from .resolution import find_resolution_errors, resolution_pairs
from .results import ALL, ArticleResult, Counts, Report


def score(graph, gold: list[GoldArticle]) -> Report:
    view = GraphView(graph)
    articles = [score_article(ArticleMatch(article, view)) for article in gold]
    scopes = {ALL: articles}
    for result in articles:
        scopes.setdefault(result.lang, []).append(result)
    return Report(
        scopes={name: _total(items) for name, items in scopes.items()},
        resolution={name: find_resolution_errors((p for a in items for p in a.pairs),
                                                 len(frozenset().union(*(a.gold_ids for a in items))))
                    for name, items in scopes.items()},
        articles=articles,
    )


def _total(articles: list[ArticleResult]) -> Counts:
    total = Counts()
    for article in articles:
        total.add(article.counts)
    return total


def score_article(match: ArticleMatch) -> ArticleResult:
    entities = score_entities(match)
    strict = score_events(match, STRICT)
    country = score_events(match, COUNTRY)
    dates_hit, dates_total, date_misses = score_dates(strict)
    negatives = produced_negatives(match)
    counts = Counts(
        articles=1,
        entity_tp=len(entities.found), entity_fp=len(entities.false_positives),
        entity_fn=len(entities.misses), type_correct=entities.type_correct,
        strict_tp=len(strict.found), strict_fp=len(strict.false_positives),
        strict_fn=len(strict.misses),
        country_tp=len(country.found), country_fp=len(country.false_positives),
        country_fn=len(country.misses),
        dates_hit=dates_hit, dates_total=dates_total, negatives=len(negatives),
    )
    details = {
        **entity_details(match, entities),
        **event_details(match, strict, STRICT),
        **event_details(match, country, COUNTRY),
        "date_misses": date_misses,
        "negatives_produced": negatives,
    }
    article = match.article
    return ArticleResult(id=article.id, lang=article.lang,
                         in_graph=article.id in match.view.articles,
                         counts=counts, details=details, pairs=resolution_pairs(match),
                         gold_ids=match.scored)
