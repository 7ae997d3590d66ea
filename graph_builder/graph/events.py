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
from typing import Iterable, Optional, Union

from ..model import PRECISIONS, DateSpan, EdgeRow


def row_id(*parts: Optional[str]) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Placed:
    id: str
    span: DateSpan


def _finer(a: str, b: str) -> str:
    return min(a, b, key=PRECISIONS.index)


def _key(kind: str, src: str, dst: str, mutual: bool) -> tuple:
    return (kind, src, dst, bool(mutual))


Known = tuple[str, DateSpan]  # (edge id, interval) of one stored or placed edge


class EventIndex:
    """Where each new report of an event goes: which edge id, with which interval.

    A load keeps one entry per event edge it knows, so entries are small: a pair's
    one edge is an (id, interval) tuple, a list only when the pair has several, and
    equal intervals are one shared object.
    """

    def __init__(self) -> None:
        self._edges: dict[tuple, Union[Known, list[Known]]] = {}
        self._spans: dict[DateSpan, DateSpan] = {}

    def seed(self, edges: Iterable[EdgeRow]) -> None:
        for edge in edges:
            p = edge.props
            span = DateSpan(_as_date(p.get("date_start")), _as_date(p.get("date_end")),
                            p.get("date_precision") or "unknown")
            key = _key(edge.type, edge.src, edge.dst, p.get("mutual"))
            self._put(key, self._known(key), None, (edge.id, span))

    def place(self, kind: str, src: str, dst: str, mutual: bool, span: DateSpan) -> Placed:
        key = _key(kind, src, dst, mutual)
        known = self._known(key)
        for position, (edge_id, held) in enumerate(known):
            if not span.known and not held.known:
                return Placed(edge_id, held)
            if span.overlaps(held):
                narrowed = DateSpan(max(span.start, held.start), min(span.end, held.end),
                                    _finer(span.precision, held.precision))
                return self._put(key, known, position, (edge_id, narrowed))
        start = span.start.isoformat() if span.start else None
        end = span.end.isoformat() if span.end else None
        return self._put(key, known, None, (row_id(kind, src, dst, start, end, "mutual" if mutual else None), span))

    def _known(self, key: tuple) -> list[Known]:
        found = self._edges.get(key)
        return [] if found is None else [found] if isinstance(found, tuple) else found

    def _put(self, key: tuple, known: list[Known], position: Optional[int], entry: Known) -> Placed:
        """Store `entry` at `position` of the pair's edges (None: as a new edge)."""
        edge_id, span = entry
        entry = (edge_id, self._spans.setdefault(span, span))
        if position is None:
            known.append(entry)
        else:
            known[position] = entry
        self._edges[key] = known[0] if len(known) == 1 else known
        return Placed(*entry)


def _as_date(value) -> Optional[date]:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
