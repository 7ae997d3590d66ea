"""Neo4j over Bolt with the official driver.

Writes run as managed transactions (`execute_write`), which the driver retries
on transient errors; every transaction function is therefore safe to repeat.
Credentials come only from the arguments and never appear in messages.
"""
from __future__ import annotations

from typing import Callable, Optional
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

from .. import schema
from .base import DEFAULT_BATCH_SIZE, DEFAULT_PAGE_SIZE, GraphStore, Run, StoreError, T, check_params, one_line
from .cypher import PING, Statement, clear_label

# Bolt only: the driver's HTTP transport is a preview needing extra packages.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONNECTION_TIMEOUT = 10.0  # seconds; an unreachable server fails fast


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str,
        password: Optional[str],
        database: Optional[str] = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        page_size: int = DEFAULT_PAGE_SIZE,
    ):
        super().__init__(batch_size, page_size)
        self._where = _without_credentials(uri)
        self._user = user
        self._password = password
        self._database = database
        self._driver = None
        _check_uri(uri, self._where)
        try:
            # No password: connect without authentication (a server with auth disabled).
            auth = (user, password) if password is not None else None
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=CONNECTION_TIMEOUT)
            self._driver.verify_connectivity()
            # Not retried: a missing database or a refused login will not heal.
            with self._session() as session:
                session.run(PING.text).consume()
        except (Neo4jError, DriverError, ValueError, OSError) as err:
            self.close()
            raise self._error(err) from None

    def _session(self):
        return self._driver.session(database=self._database)

    def _error(self, err: Exception) -> StoreError:
        where = f"Neo4j at {self._where}"
        if isinstance(err, AuthError) and self._password is None:
            message = f"{where} requires a password for user {self._user!r}; none was given"
        elif isinstance(err, AuthError):
            message = f"{where} refused the credentials of user {self._user!r}"
        elif isinstance(err, ServiceUnavailable):
            message = f"cannot reach {where}: {one_line(err)}"
        elif isinstance(err, Neo4jError) and err.code == "Neo.ClientError.Database.DatabaseNotFound":
            message = f"{where} has no database {self._database!r}"
        elif isinstance(err, Neo4jError):
            message = f"{where}: {err.code}: {one_line(err.message)}"
        else:
            message = f"{where}: {one_line(err)}"
        if self._password:
            message = message.replace(self._password, "***")
        return StoreError(message)

    def _guarded(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except (Neo4jError, DriverError, OSError) as err:
            raise self._error(err) from None

    @staticmethod
    def _tx_run(tx, statement: Statement, params: dict) -> list[list]:
        check_params(statement, params)
        return [[plain(v) for v in record.values()] for record in tx.run(statement.text, params)]

    def _write_transaction(self, work: Callable[[Run], T]) -> T:
        def unit(tx):
            return work(lambda statement, params: self._tx_run(tx, statement, params))

        with self._session() as session:
            return self._guarded(lambda: session.execute_write(unit))

    def _read(self, statement: Statement, params: dict) -> list[list]:
        with self._session() as session:
            return self._guarded(lambda: session.execute_read(self._tx_run, statement, params))

    def _change_schema(self, statement: Statement) -> None:
        # Schema commands run on their own, outside any transaction function.
        with self._session() as session:
            self._guarded(lambda: session.run(statement.text).consume())

    def query(self, cypher_text: str, params: Optional[dict] = None) -> tuple[list[str], list[list]]:
        records, _summary, keys = self._guarded(
            lambda: self._driver.execute_query(cypher_text, params or {}, database_=self._database)
        )
        return list(keys), [[plain(v) for v in record.values()] for record in records]

    def clear(self) -> None:
        """Delete every node and edge of the graph's labels (constraints stay)."""
        for label in schema.LABELS:
            with self._session() as session:
                self._guarded(lambda: session.execute_write(self._tx_run, clear_label(label), {}))

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None


def _check_uri(uri: str, shown: str) -> None:
    try:
        parts = urlsplit(uri)
    except ValueError:
        raise StoreError("invalid Neo4j URI: it cannot be parsed") from None
    if parts.scheme not in SCHEMES:
        raise StoreError(f"unsupported Neo4j URI {shown!r}: use one of {', '.join(SCHEMES)}")
    if "@" in parts.netloc:
        raise StoreError(f"Neo4j URI {shown!r} holds credentials; give the user and password apart")


def _without_credentials(uri: str) -> str:
    """The URI as it may be shown: any user:password@ part removed."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<invalid URI>"
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def plain(value):
    """Driver values as plain Python: dates as datetime.date, nodes and edges as dicts."""
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time)):
        return value.to_native()
    if isinstance(value, neo4j.graph.Node):
        # The same shape as the embedded store's nodes and edges.
        return {"_LABEL": min(value.labels, default=None), **plain(dict(value))}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_LABEL": value.type, **plain(dict(value))}
    if isinstance(value, neo4j.graph.Path):
        return [plain(part) for pair in zip(value.nodes, value.relationships) for part in pair] + [
            plain(value.end_node)
        ]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
