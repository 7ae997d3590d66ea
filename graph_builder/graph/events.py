"""One edge per real-world event, across articles and loads.

Reports of the same type between the same two actors whose date intervals
overlap are one event: the edge keeps the first report's id and narrows its
interval to what all reports allow (the intersection). Reports whose
intervals do not overlap stay separate edges; undated reports of a pair share
one undated edge. The index is seeded from the store, so a later load merges
into edges already stored, and a re-load of the same article finds its own
edge again.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from ..model import PRECISIONS, DateSpan, EdgeRow


def row_id(*parts: Optional[str]) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)  # one per event known to a load: kept small
class Placed:
    id: str
    span: DateSpan


def _finer(a: str, b: str) -> str:
    return min(a, b, key=PRECISIONS.index)


def _key(kind: str, src: str, dst: str, mutual: bool) -> tuple:
    return (kind, src, dst, bool(mutual))


class EventIndex:
    """Where each new report of an event goes: which edge id, with which interval."""

    def __init__(self) -> None:
        self._edges: dict[tuple, list[Placed]] = {}

    def seed(self, edges: Iterable[EdgeRow]) -> None:
        for edge in edges:
            p = edge.props
            span = DateSpan(_as_date(p.get("date_start")), _as_date(p.get("date_end")),
                            p.get("date_precision") or "unknown")
            self._edges.setdefault(_key(edge.type, edge.src, edge.dst, p.get("mutual")), []).append(
                Placed(edge.id, span))

    def place(self, kind: str, src: str, dst: str, mutual: bool, span: DateSpan) -> Placed:
        placed = self._edges.setdefault(_key(kind, src, dst, mutual), [])
        for known in placed:
            if not span.known and not known.span.known:
                return known
            if span.overlaps(known.span):
                known.span = DateSpan(max(span.start, known.span.start), min(span.end, known.span.end),
                                      _finer(span.precision, known.span.precision))
                return known
        start = span.start.isoformat() if span.start else None
        end = span.end.isoformat() if span.end else None
        fresh = Placed(row_id(kind, src, dst, start, end, "mutual" if mutual else None), span)
        placed.append(fresh)
        return fresh


def _as_date(value) -> Optional[date]:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
