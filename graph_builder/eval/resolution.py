"""Corpus-wide resolution errors: split gold entities and falsely merged nodes.

Gold entities are identified across articles by their gold id. Within each
article, every entity node the article mentions or uses as an event endpoint
is paired with the scored gold entities (Person, Agency, Country,
Organization, not optional there) its names match. Over the pairs of a whole
scope:
- a gold id paired with more than one node is a split;
- a node paired with more than one gold id is a false merge.
Optional and Location gold entities are left out on both sides: they are
debatable or unscored, and would only add noise to the counts.
"""
from __future__ import annotations

from typing import Iterable

from .match import ArticleMatch
from .results import Resolution


def resolution_pairs(match: ArticleMatch) -> list[tuple[str, str]]:
    view, article_id = match.view, match.article.id
    nodes = set(view.mentioned(article_id))
    for event in view.events(article_id):
        nodes.update((event.source, event.target))
    return sorted((gold, node) for node in nodes for gold in match.scored_ids(node))


def find_resolution_errors(pairs: Iterable[tuple[str, str]], gold_entities: int = 0) -> Resolution:
    nodes_of: dict[str, set[str]] = {}
    golds_of: dict[str, set[str]] = {}
    for gold, node in pairs:
        nodes_of.setdefault(gold, set()).add(node)
        golds_of.setdefault(node, set()).add(gold)
    return Resolution(
        splits=[{"gold": g, "nodes": sorted(n)} for g, n in sorted(nodes_of.items()) if len(n) > 1],
        false_merges=[{"node": n, "gold": sorted(g)}
                      for n, g in sorted(golds_of.items()) if len(g) > 1],
        gold_entities=gold_entities,
    )
