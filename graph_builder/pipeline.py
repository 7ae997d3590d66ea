"""The load pipeline: read -> extract -> resolve -> graph -> store, as a stream.

Articles are processed one at a time and their rows written in batches, so
memory holds one batch and the entity table, never the corpus. An article
that fails anywhere is reported and skipped; the others still load.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Optional

from .extract import Extractor
from .gazetteer import Gazetteer, default_gazetteer
from .graph import EventIndex, build_batch, compact
from .model import EVENT_TYPES, Article, GraphBatch, ReadProblem
from .read import read_inputs
from .resolve import Resolver
from .resolve.judgements import Judgements

ARTICLES_PER_BATCH = 200


@dataclass
class LoadSummary:
    articles: int = 0
    events: int = 0
    skipped: list[ReadProblem] = field(default_factory=list)
    nodes_created: int = 0
    nodes_updated: int = 0
    edges_created: int = 0
    edges_updated: int = 0
    edges_skipped: int = 0  # edges whose end node exists neither in the batch nor the store

    def add_stats(self, stats) -> None:
        for name in ("nodes_created", "nodes_updated", "edges_created", "edges_updated", "edges_skipped"):
            setattr(self, name, getattr(self, name) + getattr(stats, name, 0))

    def lines(self) -> list[str]:
        out = [
            f"articles read:     {self.articles}",
            f"articles skipped:  {len(self.skipped)}",
            f"events extracted:  {self.events}",
            f"nodes added:       {self.nodes_created}   updated: {self.nodes_updated}",
            f"edges added:       {self.edges_created}   updated: {self.edges_updated}"
            + (f"   skipped: {self.edges_skipped}" if self.edges_skipped else ""),
        ]
        out += [f"  skipped {problem}" for problem in self.skipped]
        return out


class Pipeline:
    """Everything between reading an article and writing its rows."""

    def __init__(self, gazetteer: Optional[Gazetteer] = None, judgements: Optional[Judgements] = None):
        gazetteer = gazetteer or default_gazetteer()
        self.extractor = Extractor(gazetteer)
        self.resolver = Resolver(gazetteer, judgements)
        self.events = EventIndex()

    def seed(self, store) -> None:
        """Start from what the store holds: its entities and its events."""
        self.resolver.seed(store.entities())
        self.events.seed(store.iter_edges(EVENT_TYPES))

    def rows(self, article: Article) -> tuple[GraphBatch, int]:
        extraction = self.extractor.extract(article)
        return build_batch(self.resolver.resolve(extraction), self.events), len(extraction.events)


def load(inputs: Iterable, store, *, published: Optional[date] = None,
         pipeline: Optional[Pipeline] = None, on_article: Optional[Callable[[int], None]] = None,
         articles_per_batch: int = ARTICLES_PER_BATCH) -> LoadSummary:
    """Read, extract, resolve and merge `inputs` (files or folders) into `store`."""
    pipeline = pipeline or Pipeline()
    store.ensure_schema()
    pipeline.seed(store)
    summary, batch, pending = LoadSummary(), GraphBatch(), 0
    for item in read_inputs(inputs, published):
        if isinstance(item, ReadProblem):
            summary.skipped.append(item)
            continue
        try:
            rows, events = pipeline.rows(item)
        except Exception as error:  # one bad article never stops the others
            summary.skipped.append(ReadProblem(item.source or item.id, None, f"extraction failed: {error}"))
            continue
        batch.extend(rows)
        summary.articles += 1
        summary.events += events
        pending += 1
        if on_article:
            on_article(summary.articles)
        if pending >= articles_per_batch:
            summary.add_stats(store.write(compact(batch)))
            batch, pending = GraphBatch(), 0
    if pending:
        summary.add_stats(store.write(compact(batch)))
    return summary
