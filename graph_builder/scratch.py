"""Private scratch databases: working state of a load that grows with its rows.

What a load must remember about every event, edge or article it has written
(millions in a big archive) is kept in a private SQLite database rather than in
Python objects: SQLite opens an empty file name as a temporary database held in
its page cache, spilled to a temporary file past it and removed when the
connection closes, so memory stays within the cache whatever the load's size.

Only the process that opened a scratch database uses it. A forked extraction
worker inherits the connection of a re-load's seeded event index, but never
touches it: workers only extract, and end through `os._exit` (multiprocessing),
so the connection is not even closed in them.
"""
from __future__ import annotations

import sqlite3
from typing import Iterable, Iterator, Optional

CACHE_KIB = 32 * 1024  # page cache of each scratch database


def scratch_database(*tables: str) -> sqlite3.Connection:
    """A private database holding `tables` (CREATE TABLE statements), a transaction open."""
    db = sqlite3.connect("", isolation_level=None)
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    db.execute("PRAGMA journal_mode = OFF")  # nothing to roll back in private working state
    for table in tables:
        db.execute(table)
    db.execute("BEGIN")  # one transaction for the database's life: a commit per write is slow
    return db


PER_QUERY = 500  # values per IN list: below SQLite's oldest limit of 999 parameters


def select_in(db: sqlite3.Connection, sql: str, values: list, *before) -> Iterator[tuple]:
    """Rows of `sql`, whose one `IN ({})` takes `values` (asked PER_QUERY at a time);
    `before` are the parameters ahead of the list."""
    for start in range(0, len(values), PER_QUERY):
        part = values[start:start + PER_QUERY]
        yield from db.execute(sql.format(", ".join("?" * len(part))), (*before, *part))


class ScratchList:
    """Tuples of `width` values, appended and read back in order, kept in a scratch database."""

    def __init__(self, width: int) -> None:
        self._width = width
        self._db: Optional[sqlite3.Connection] = None

    def extend(self, items: Iterable[tuple]) -> None:
        items = list(items)
        if not items:
            return  # no database for a list that stays empty
        if self._db is None:
            columns = ", ".join(f"v{i}" for i in range(self._width))
            self._db = scratch_database(f"CREATE TABLE items ({columns})")
        self._db.executemany(f"INSERT INTO items VALUES ({', '.join('?' * self._width)})", items)

    def __iter__(self) -> Iterator[tuple]:
        if self._db is not None:
            yield from self._db.execute("SELECT * FROM items ORDER BY rowid")

    def clear(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
