"""Score containers: additive counts per article, summed per language and overall.

Precision, recall and F1 are micro-averaged: counts are summed first, ratios
taken last. A ratio with an empty denominator is None (shown as "-").
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Optional

ALL = "all"


@dataclass
class Counts:
    articles: int = 0
    entity_tp: int = 0  # gold entities found (each counted once)
    entity_fp: int = 0  # predicted nodes matching no gold entity at all
    entity_fn: int = 0  # gold entities no predicted node matches
    type_correct: int = 0  # found gold entities held by a node with the gold label
    strict_tp: int = 0
    strict_fp: int = 0
    strict_fn: int = 0
    country_tp: int = 0
    country_fp: int = 0
    country_fn: int = 0
    dates_hit: int = 0
    dates_total: int = 0  # found events whose gold date is not null
    negatives: int = 0

    def add(self, other: "Counts") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def metrics(self) -> dict[str, Optional[float]]:
        return {
            "entity_precision": _ratio(self.entity_tp, self.entity_tp + self.entity_fp),
            "entity_recall": _ratio(self.entity_tp, self.entity_tp + self.entity_fn),
            "entity_f1": _f1(self.entity_tp, self.entity_fp, self.entity_fn),
            "type_accuracy": _ratio(self.type_correct, self.entity_tp),
            "event_precision_strict": _ratio(self.strict_tp, self.strict_tp + self.strict_fp),
            "event_recall_strict": _ratio(self.strict_tp, self.strict_tp + self.strict_fn),
            "event_f1_strict": _f1(self.strict_tp, self.strict_fp, self.strict_fn),
            "event_precision_country": _ratio(self.country_tp, self.country_tp + self.country_fp),
            "event_recall_country": _ratio(self.country_tp, self.country_tp + self.country_fn),
            "event_f1_country": _f1(self.country_tp, self.country_fp, self.country_fn),
            "date_accuracy": _ratio(self.dates_hit, self.dates_total),
            "negatives": self.negatives,
        }


def _ratio(part: int, whole: int) -> Optional[float]:
    return part / whole if whole else None


def _f1(tp: int, fp: int, fn: int) -> Optional[float]:
    return _ratio(2 * tp, 2 * tp + fp + fn)


@dataclass
class Resolution:
    splits: list[dict] = field(default_factory=list)  # {"gold": id, "nodes": [...]}
    false_merges: list[dict] = field(default_factory=list)  # {"node": id, "gold": [...]}
    gold_entities: int = 0  # distinct scored gold ids over the scope


@dataclass
class ArticleResult:
    id: str
    lang: str
    in_graph: bool
    counts: Counts
    details: dict[str, list[dict]]  # misses, false positives, ... with evidence
    # (gold id, node id) pairs for corpus-wide resolution; not part of the output
    pairs: list[tuple[str, str]] = field(default_factory=list, repr=False)
    gold_ids: frozenset = field(default_factory=frozenset, repr=False)  # scored gold ids

    def to_dict(self) -> dict:
        return {"id": self.id, "lang": self.lang, "in_graph": self.in_graph,
                "counts": asdict(self.counts), **self.details}


@dataclass
class Report:
    scopes: dict[str, Counts]  # "all" and one entry per gold language
    resolution: dict[str, Resolution]  # same keys
    articles: list[ArticleResult]

    @property
    def languages(self) -> list[str]:
        return [scope for scope in self.scopes if scope != ALL]

    @property
    def missing_articles(self) -> list[str]:
        """Gold articles with no Article node in the graph (all their gold is missed)."""
        return [a.id for a in self.articles if not a.in_graph]

    def metrics(self, scope: str = ALL) -> dict[str, Optional[float]]:
        values = self.scopes[scope].metrics()
        values["splits"] = len(self.resolution[scope].splits)
        values["false_merges"] = len(self.resolution[scope].false_merges)
        values["split_rate"] = _ratio(values["splits"], self.resolution[scope].gold_entities)
        return values

    def to_dict(self) -> dict:
        return {
            "metrics": {scope: self.metrics(scope) for scope in self.scopes},
            "counts": {scope: asdict(c) for scope, c in self.scopes.items()},
            "resolution": {scope: asdict(r) for scope, r in self.resolution.items()},
            "missing_articles": self.missing_articles,
            "articles": [a.to_dict() for a in self.articles],
        }
