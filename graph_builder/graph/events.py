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
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from ..model import PRECISIONS, DateSpan, EdgeRow
from ..scratch import scratch_database, select_in


def row_id(*parts: Optional[str]) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Placed:
    id: str
    span: DateSpan


def _finer(a: str, b: str) -> str:
    return min(a, b, key=PRECISIONS.index)


def _key(kind: str, src: str, dst: str, mutual: bool) -> str:
    return "\x1f".join((kind, src, dst, "mutual" if mutual else ""))


Known = tuple[str, DateSpan]  # (edge id, interval) of one stored or placed edge
Report = tuple[str, str, str, bool, DateSpan]  # (type, source id, target id, mutual, interval)


class EventIndex:
    """Where each new report of an event goes: which edge id, with which interval.

    The index has one entry per event edge a load knows (seeded from the store, or
    placed), so it grows with the events, not with the entities: it lives in a
    scratch database (`graph_builder.scratch`), not in memory.
    """

    def __init__(self) -> None:
        self._db: Optional[sqlite3.Connection] = None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:  # opened on first use: most indexes of a small batch place nothing
            self._db = scratch_database(
                "CREATE TABLE edges (pair TEXT, position INTEGER, id TEXT, start TEXT, end TEXT, precision TEXT, "
                "PRIMARY KEY (pair, position)) WITHOUT ROWID")
        return self._db

    def seed(self, edges: Iterable[EdgeRow]) -> None:
        def rows():
            for edge in edges:
                p = edge.props
                span = DateSpan(_as_date(p.get("date_start")), _as_date(p.get("date_end")),
                                p.get("date_precision") or "unknown")
                key = _key(edge.type, edge.src, edge.dst, p.get("mutual"))
                yield (key, edge.id, *_stored(span), key)

        self._connection().executemany(_APPEND, rows())

    def place(self, kind: str, src: str, dst: str, mutual: bool, span: DateSpan) -> Placed:
        return self.place_all([(kind, src, dst, mutual, span)])[0]

    def place_all(self, reports: list[Report]) -> list[Placed]:
        """`place` for each report in turn (a report sees the ones before it), with one
        read and one write of the database for all of them."""
        keys = [_key(kind, src, dst, mutual) for kind, src, dst, mutual, _ in reports]
        known = self._known(set(keys))
        changed: dict[tuple[str, int], Known] = {}
        placed = []
        for key, (kind, src, dst, mutual, span) in zip(keys, reports):
            edges = known.setdefault(key, [])
            position, entry = _place(edges, kind, src, dst, mutual, span)
            if position is not None:
                edges[position:position + 1] = [entry]
                changed[key, position] = entry
            placed.append(Placed(*entry))
        if changed:
            self._connection().executemany(
                "INSERT OR REPLACE INTO edges VALUES (?, ?, ?, ?, ?, ?)",
                [(key, position, edge_id, *_stored(span)) for (key, position), (edge_id, span) in changed.items()])
        return placed

    def _known(self, keys: set[str]) -> dict[str, list[Known]]:
        found: dict[str, list[Known]] = {}
        query = "SELECT pair, id, start, end, precision FROM edges WHERE pair IN ({}) ORDER BY pair, position"
        for key, edge_id, start, end, precision in select_in(self._connection(), query, sorted(keys)):
            found.setdefault(key, []).append((edge_id, DateSpan(_as_date(start), _as_date(end), precision)))
        return found


def _place(edges: list[Known], kind: str, src: str, dst: str, mutual: bool, span: DateSpan
           ) -> tuple[Optional[int], Known]:
    """(position to write, entry) of a report among its pair's `edges`; position None:
    it joins an edge as it is."""
    for position, (edge_id, held) in enumerate(edges):
        if not span.known and not held.known:
            return None, (edge_id, held)
        if span.overlaps(held):
            narrowed = DateSpan(max(span.start, held.start), min(span.end, held.end),
                                _finer(span.precision, held.precision))
            return position, (edge_id, narrowed)
    start, end, _ = _stored(span)
    return len(edges), (row_id(kind, src, dst, start, end, "mutual" if mutual else None), span)


# A seeded edge goes after the pair's edges seeded before it.
_APPEND = "INSERT INTO edges SELECT ?, coalesce(max(position) + 1, 0), ?, ?, ?, ? FROM edges WHERE pair = ?"


def _stored(span: DateSpan) -> tuple[Optional[str], Optional[str], str]:
    return (span.start.isoformat() if span.start else None, span.end.isoformat() if span.end else None,
            span.precision)


def _as_date(value) -> Optional[date]:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
