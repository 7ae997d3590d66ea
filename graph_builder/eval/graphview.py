"""Read-only view of an exported networkx graph, organised per article.

Expects the export representation: node key = id with `label`, `name`,
`aliases`, `country`; Article nodes labelled "Article"; edges carry `type`
(MENTIONS, PART_OF, WARNED, SHARED) and, for events, `articles`, `evidence`,
`sentence_refs`, `date_start`, `date_end`, `mutual`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

from ..model import ENTITY_LABELS, EVENT_TYPES

ARTICLE_LABEL = "Article"
MENTIONS = "MENTIONS"


@dataclass(frozen=True)
class PredictedEvent:
    """One WARNED/SHARED edge as seen from one of its articles."""

    edge: str  # edge key
    type: str
    source: str  # node ids
    target: str
    mutual: bool
    interval: Optional[tuple[date, date]]
    evidence: tuple[str, ...]  # the sentences quoted from this article


class GraphView:
    def __init__(self, graph):
        self.graph = graph
        self.articles = {n for n, label in graph.nodes(data="label") if label == ARTICLE_LABEL}
        self._events = _events_by_article(graph)

    def mentioned(self, article_id: str) -> list[str]:
        """Entity nodes the article MENTIONS, in a stable order."""
        if article_id not in self.articles:
            return []
        found = {v for _, v, kind in self.graph.out_edges(article_id, data="type")
                 if kind == MENTIONS and self.label(v) in ENTITY_LABELS}
        return sorted(found)

    def events(self, article_id: str) -> list[PredictedEvent]:
        return self._events.get(article_id, [])

    def label(self, node: str) -> Optional[str]:
        return self.graph.nodes[node].get("label") if node in self.graph else None

    def names(self, node: str) -> list[str]:
        attrs = self.graph.nodes[node] if node in self.graph else {}
        names = [attrs.get("name")] + list(attrs.get("aliases") or [])
        return [n for n in names if isinstance(n, str) and n]

    def display(self, node: str) -> str:
        names = self.names(node)
        return names[0] if names else node

    def country(self, node: str) -> Optional[str]:
        value = self.graph.nodes[node].get("country") if node in self.graph else None
        return value if value in self.graph else None


def _events_by_article(graph) -> dict[str, list[PredictedEvent]]:
    found: dict[str, list[PredictedEvent]] = {}
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if attrs.get("type") not in EVENT_TYPES:
            continue
        for article in attrs.get("articles") or []:
            found.setdefault(article, []).append(PredictedEvent(
                edge=str(key), type=attrs["type"], source=u, target=v,
                mutual=bool(attrs.get("mutual")),
                interval=edge_interval(attrs),
                evidence=tuple(_evidence_for(attrs, article)),
            ))
    return found


def edge_interval(attrs: dict) -> Optional[tuple[date, date]]:
    """The edge's date span, or None when unknown; a missing end means a one-day span."""
    if attrs.get("date_precision") == "unknown":
        return None
    start = _as_date(attrs.get("date_start"))
    end = _as_date(attrs.get("date_end")) or start
    if start is None:
        return None
    return (start, end) if start <= end else (end, start)


def _as_date(value) -> Optional[date]:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _evidence_for(attrs: dict, article: str) -> list[str]:
    """Sentences quoted from `article`; all of them when refs are absent or misaligned."""
    evidence = [e for e in attrs.get("evidence") or [] if isinstance(e, str)]
    refs = list(attrs.get("sentence_refs") or [])
    if len(refs) != len(evidence):
        return evidence
    return [e for e, ref in zip(evidence, refs) if str(ref).split("#", 1)[0] == article]
