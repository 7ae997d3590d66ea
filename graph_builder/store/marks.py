"""The edges a load session creates, remembered on disk rather than in memory.

A session tells a new edge row (staged for the bulk import) from one repeating
an edge it staged earlier (folded into that staged line) by a mark of the
edge's key: `hash((source id, target id, edge id))`. A load creates an edge per
mention and per event, millions for a big archive, so the marks live in a
scratch database (`graph_builder.scratch`), not in memory.

Two keys with the same mark (a 64-bit hash) make the later row look repeated:
it is then merged after the import instead of imported, which stores it all the same.
"""
from __future__ import annotations

import sqlite3
from typing import Hashable, Iterable, Optional

from ..scratch import scratch_database, select_in


class EdgeMarks:
    def __init__(self) -> None:
        self._db: Optional[sqlite3.Connection] = None
        self._groups: dict[Hashable, int] = {}

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = scratch_database(
                "CREATE TABLE marks (grp INTEGER, mark INTEGER, PRIMARY KEY (grp, mark)) WITHOUT ROWID")
        return self._db

    def _group(self, group: Hashable) -> int:
        return self._groups.setdefault(group, len(self._groups))

    def known(self, group: Hashable, marks: list[int]) -> set[int]:
        """The `marks` added for `group` before."""
        if group not in self._groups or not marks:
            return set()
        query = "SELECT mark FROM marks WHERE grp = ? AND mark IN ({})"
        return {mark for (mark,) in select_in(self._connection(), query, marks, self._group(group))}

    def add(self, group: Hashable, marks: Iterable[int]) -> None:
        code, db = self._group(group), self._connection()
        db.executemany("INSERT OR IGNORE INTO marks VALUES (?, ?)", ((code, mark) for mark in marks))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._groups.clear()
