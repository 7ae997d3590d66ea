"""What every store offers, and the loading logic they share.

A store merges `GraphBatch`es (`write`), reads the graph back page by page
(`iter_nodes`, `iter_edges`, `entities`), counts it (`counts`) and runs
arbitrary Cypher (`query`). Subclasses supply only how a statement is sent:
inside a write transaction, as a read, or as a schema change.
"""
from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, fields
from functools import partial
from typing import Callable, Iterable, Iterator, Optional, Sequence, TypeVar

from .. import schema
from ..model import ENTITY_LABELS, EdgeRow, GraphBatch, NodeRow
from . import cypher, rows
from .cypher import Statement

DEFAULT_BATCH_SIZE = 1000  # rows per UNWIND
DEFAULT_PAGE_SIZE = 5000  # nodes per read page

T = TypeVar("T")
Run = Callable[[Statement, dict], list[list]]


class StoreError(Exception):
    """A store could not be opened or refused a statement. The message is one line."""

    def __init__(self, message: object):
        super().__init__(one_line(message))


MAX_MESSAGE = 300  # characters


def one_line(message: object) -> str:
    text = " ".join(line.strip() for line in str(message).splitlines() if line.strip())
    text = text or "unknown error"
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


@dataclass
class WriteStats:
    """What a write did. `updated` counts merges into a node or edge that already existed."""

    nodes_created: int = 0
    nodes_updated: int = 0
    edges_created: int = 0
    edges_updated: int = 0
    edges_skipped: int = 0  # an endpoint is in neither the batch nor the store

    def __add__(self, other: "WriteStats") -> "WriteStats":
        return WriteStats(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def __sub__(self, other: "WriteStats") -> "WriteStats":
        return WriteStats(*(getattr(self, f.name) - getattr(other, f.name) for f in fields(self)))


def check_params(statement: Statement, params: dict) -> None:
    """The parameters sent must be the ones the statement declares to the linter."""
    if set(params) != set(statement.params):
        raise ValueError(
            f"statement {statement.name!r} takes {sorted(statement.params)}, got {sorted(params)}"
        )


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class GraphStore(ABC):
    dialect: str  # a name from cypher.DIALECTS

    def __init__(self, batch_size: int = DEFAULT_BATCH_SIZE, page_size: int = DEFAULT_PAGE_SIZE):
        if batch_size < 1 or page_size < 1:
            raise ValueError("batch_size and page_size must be positive")
        self.batch_size = batch_size
        self.page_size = page_size

    # --- what a store supplies ---------------------------------------------

    @abstractmethod
    def _write_transaction(self, work: Callable[[Run], T]) -> T:
        """Run `work(run)` in one write transaction; `work` may be retried."""

    @abstractmethod
    def _read(self, statement: Statement, params: dict) -> list[list]:
        """All rows of a read statement."""

    @abstractmethod
    def _change_schema(self, statement: Statement) -> None:
        """Run one schema statement on its own."""

    @abstractmethod
    def query(self, cypher_text: str, params: Optional[dict] = None) -> tuple[list[str], list[list]]:
        """Run any Cypher; returns (column names, rows)."""

    @abstractmethod
    def close(self) -> None:
        ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- schema and writes -------------------------------------------------

    def ensure_schema(self) -> None:
        """Create the tables, constraints and indexes that do not exist yet."""
        for statement in cypher.schema_statements(self.dialect):
            self._change_schema(statement)

    def write(self, batch: GraphBatch) -> WriteStats:
        """Merge `batch` into the store, `batch_size` rows per statement.

        Every row is checked before anything is written. Nodes go first so that
        edges find their endpoints; list properties accumulate.
        """
        node_groups = rows.node_rows(batch.nodes)
        edge_groups = rows.edge_rows(batch.edges)
        now = int(time.time())
        stats = WriteStats()
        for label, label_rows in node_groups.items():
            for chunk in chunked(label_rows, self.batch_size):
                stats += self._write_transaction(partial(self._merge_nodes, label, chunk, now))
        for group, group_rows in edge_groups.items():
            for chunk in chunked(group_rows, self.batch_size):
                stats += self._write_transaction(partial(self._merge_edges, group, chunk, now))
        return stats

    def loading(self) -> "BatchLoader":
        """A loader for many batches: `with store.loading() as loader: loader.add(batch, done)`.

        Here every batch is written as it comes, in its own transactions, and
        the `done` rows (an article's content hash) only after it. A store
        with a faster road for big loads returns its own loader.
        """
        return BatchLoader(self)

    def _merge_nodes(self, label: str, chunk: list[dict], now: int, run: Run) -> WriteStats:
        found = run(cypher.existing_nodes(label), {"ids": [r["id"] for r in chunk]})
        run(cypher.merge_nodes(label, self.dialect), {"rows": chunk, "now": now})
        existed = len({r[0] for r in found})
        return WriteStats(nodes_created=len(chunk) - existed, nodes_updated=existed)

    def _merge_edges(self, group: tuple[str, str, str], chunk: list[dict], now: int, run: Run) -> WriteStats:
        found = run(cypher.existing_edges(*group), {"rows": rows.edge_keys(chunk)})
        merged = run(cypher.merge_edges(*group, self.dialect), {"rows": chunk, "now": now})[0][0]
        existed = len({tuple(r) for r in found})
        return WriteStats(
            edges_created=merged - existed,
            edges_updated=existed,
            edges_skipped=len(chunk) - merged,
        )

    # --- reads -------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Nodes per label and edges per relationship type, zeros included."""
        result = {}
        for label in schema.LABELS:
            result[label] = self._read(cypher.count_nodes(label), {})[0][0]
        for rtype in schema.REL_NAMES:
            result[rtype] = self._read(cypher.count_edges(rtype), {})[0][0]
        return result

    def iter_nodes(self, labels: Optional[Sequence[str]] = None) -> Iterator[NodeRow]:
        """Every node with all its properties, read `page_size` at a time."""
        for label in labels or schema.LABELS:
            props = schema.node_type(schema.check_label(label)).props
            for page in self._pages(cypher.node_page(label)):
                for values in page:
                    record = dict(zip((p.name for p in props), values))
                    yield NodeRow(label, record.pop("id"), self._props(props, record))

    def iter_edges(self, types: Optional[Sequence[str]] = None) -> Iterator[EdgeRow]:
        """Every edge with all its properties, read for one page of source nodes at a time."""
        rels = [schema.rel_type(schema.check_rel(t)) for t in (types or schema.REL_NAMES)]
        for src in schema.LABELS:
            groups = [(rel, dst) for rel in rels for a, dst in rel.pairs if a == src]
            if not groups:
                continue
            for page in self._pages(cypher.node_id_page(src)):
                ids = [values[0] for values in page]
                for rel, dst in groups:
                    yield from self._edges_from(rel, src, dst, ids)

    def _edges_from(self, rel: schema.RelType, src: str, dst: str, ids: list[str]) -> Iterator[EdgeRow]:
        names = [p.name for p in rel.props]
        for values in self._read(cypher.edges_from(rel.type, src, dst), {"ids": ids}):
            record = dict(zip(names, values[2:]))
            edge_id = record.pop("id")
            yield EdgeRow(rel.type, src, values[0], dst, values[1], edge_id, self._props(rel.props, record))

    def _pages(self, statement: Statement) -> Iterator[list[list]]:
        after = ""
        while True:
            page = self._read(statement, {"after": after, "limit": self.page_size})
            if page:
                yield page
            if len(page) < self.page_size:
                return
            after = page[-1][0]

    @staticmethod
    def _props(props: tuple[schema.Prop, ...], record: dict) -> dict:
        by_name = {p.name: p for p in props}
        return {name: rows.stored_value(by_name[name], value) for name, value in record.items()}

    def nodes_by_id(self, label: str, ids: Sequence[str]) -> list[NodeRow]:
        """The nodes of `label` with these ids (those that exist), with all their properties."""
        props = schema.node_type(schema.check_label(label)).props
        found = []
        for values in self._read(cypher.nodes_by_id(label), {"ids": list(ids)}):
            record = dict(zip((p.name for p in props), values))
            found.append(NodeRow(label, record.pop("id"), self._props(props, record)))
        return found

    def edges_of(self, label: str, node_id: str) -> list[EdgeRow]:
        """Every edge leaving or entering one node, with all its properties."""
        schema.check_label(label)
        found: list[EdgeRow] = []
        for rel in schema.REL_TYPES:
            for src, dst in rel.pairs:
                if src == label:
                    found += self._edges_from(rel, src, dst, [node_id])
                if dst == label:
                    found += self._edges_to(rel, src, dst, [node_id])
        # a loop on the node is found from both ends
        return list({(e.type, e.src, e.dst, e.id): e for e in found}.values())

    def _edges_to(self, rel: schema.RelType, src: str, dst: str, ids: list[str]) -> Iterator[EdgeRow]:
        names = [p.name for p in rel.props]
        for values in self._read(cypher.edges_to(rel.type, src, dst), {"ids": ids}):
            record = dict(zip(names, values[2:]))
            edge_id = record.pop("id")
            yield EdgeRow(rel.type, src, values[0], dst, values[1], edge_id, self._props(rel.props, record))

    def apply(self, steps: Sequence[tuple[Statement, dict]]) -> None:
        """Run statements in order in one write transaction: all of them take effect or none.

        Used by edits such as merging two entities, which must never leave half a change.
        """
        def work(run: Run) -> None:
            for statement, params in steps:
                run(statement, params)

        if steps:
            self._write_transaction(work)

    def read_graph(self) -> tuple[Iterator[NodeRow], Iterator[EdgeRow]]:
        return self.iter_nodes(), self.iter_edges()

    def article_hashes(self) -> dict[str, str]:
        """Stored article id -> content hash, for the articles that have one (read page by page)."""
        name = schema.CONTENT_HASH.name
        return {n.id: n.props[name] for n in self.iter_nodes(["Article"]) if n.props.get(name)}

    def article_sources(self) -> dict[str, str]:
        """Stored article id -> the file (and line) it was read from."""
        return {n.id: n.props["source"] for n in self.iter_nodes(["Article"]) if n.props.get("source")}

    def entities(self, labels: Sequence[str] = ENTITY_LABELS) -> Iterator[dict]:
        """The stored actors (id, label, name, aliases, country, kind), to seed resolution."""
        for node in self.iter_nodes(labels):
            yield {
                "id": node.id,
                "label": node.label,
                "name": node.props.get("name"),
                "aliases": node.props.get("aliases", []),
                "country": node.props.get("country"),
                "kind": node.props.get("kind"),
            }


class BatchLoader:
    """Writes each batch as it is added; `stats` adds up what the writes did."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.stats = WriteStats()

    def __enter__(self) -> "BatchLoader":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def add(self, batch: GraphBatch, done: Iterable[NodeRow] = ()) -> WriteStats:
        stats = self.store.write(batch)
        done = list(done)
        if done:  # written once the rows they vouch for are
            self.store.write(GraphBatch(nodes=done))
        self.stats += stats
        return stats
