"""How the embedded store merges a `GraphBatch`: bulk import for new rows, merges for the rest.

The rows are the ones `GraphStore.write` merges (`store.rows`), and the result
is the same store, but most of them take a faster road:

- One query per node label finds which of the batch's ids (nodes and edge
  ends) are stored already.
- Rows new to a table that was empty when the write began (a first load)
  are written to a CSV file in a temporary folder and created with the
  store's own bulk import (`COPY ... FROM`, built by `queries.bulk_create`):
  nodes first, then relationships. On a new row the merge rules reduce to
  storing the row as it is, which is what COPY does. Into a table that holds
  data already, COPY first checkpoints what earlier writes left (seconds on a
  store of some size), so there new rows are merged like the others.
- Rows for nodes and edges that exist, new rows of tables that were not
  empty, and the few new rows a CSV file cannot carry faithfully (an empty
  string, a line break or another control character) go through the
  parameterised `UNWIND ... MERGE` statements, so list properties are unioned
  exactly as before.
- The whole batch is one transaction: it is written whole or not at all.
- A row identical to the last row this open store wrote for the same node or
  edge is not sent again: merging a row twice changes nothing. The store
  forgets these rows whenever anything else writes to it (`apply`, `query`,
  any other write transaction) and after a failed write.
"""
from __future__ import annotations

import csv
import hashlib
import math
import re
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from .. import schema
from ..model import GraphBatch
from . import cypher, queries, rows
from .base import WriteStats, chunked
from .cypher import STAMP, Statement

if TYPE_CHECKING:
    from .embedded import EmbeddedStore

SEPARATOR = queries.BULK_SEPARATOR
# Characters a staged value may not hold: line breaks and other controls (a tab is fine).
_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f]")
# A longer value goes through a merge: the CSV reader bounds the length of a line.
MAX_CELL = 100_000  # characters


class RowMemory:
    """A digest of the last row this open store wrote for each node and edge."""

    def __init__(self):
        self.nodes: dict[str, dict[str, bytes]] = {}  # label -> id -> digest
        self.edges: dict[tuple[str, str, str], dict[tuple[str, str, str], bytes]] = {}

    def clear(self) -> None:
        self.nodes.clear()
        self.edges.clear()


def digest(row: dict) -> bytes:
    return hashlib.blake2b(repr(row).encode("utf-8", "surrogatepass"), digest_size=16).digest()


# --- staging rows to CSV ---------------------------------------------------------


def _string_cell(value) -> Optional[str]:
    if value is None:
        return ""
    if not value or len(value) > MAX_CELL or _UNSAFE.search(value):
        return None  # '' would read back as null; line breaks split the row
    return value


def _list_cell(value) -> Optional[str]:
    if not value:
        return ""
    if "" in value:
        return None
    text = SEPARATOR.join(value)
    if len(text) > MAX_CELL or _UNSAFE.search(text.replace(SEPARATOR, "")) or text.count(SEPARATOR) != len(value) - 1:
        return None
    return text


def _date_cell(value) -> Optional[str]:
    return "" if value is None else value.isoformat() if isinstance(value, date) else None


def _double_cell(value) -> Optional[str]:
    if value is None:
        return ""
    return repr(float(value)) if math.isfinite(value) else None


def _int_cell(value) -> Optional[str]:
    return "" if value is None else str(int(value))


def _bool_cell(value) -> Optional[str]:
    return "" if value is None else "true" if value else "false"


_CELLS: dict[str, Callable[[object], Optional[str]]] = {
    "STRING": _string_cell,
    "STRING[]": _list_cell,
    "DATE": _date_cell,
    "DOUBLE": _double_cell,
    "INT64": _int_cell,
    "BOOLEAN": _bool_cell,
}


class Stager:
    """Turns rows into CSV lines for one staged table; a row it cannot carry is refused."""

    def __init__(self, table: queries.StagedTable, now: int):
        self.table = table
        ends = [("src", _string_cell), ("dst", _string_cell)] if table.pair else []
        self._cells = ends + [
            (name, (lambda _v, stamp=str(now): stamp) if name == STAMP else _CELLS[type_])
            for name, type_ in table.columns
        ]
        self.lines: list[list[str]] = []

    def add(self, row: dict) -> bool:
        line = []
        for name, cell in self._cells:
            text = cell(row.get(name))
            if text is None:
                return False
            line.append(text)
        self.lines.append(line)
        return True

    def write(self, path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            # Every field quoted: an empty field then always means null.
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(self.table.header)
            writer.writerows(self.lines)


# --- the load ---------------------------------------------------------------------


class Load:
    """One `write` of a batch into the embedded store."""

    def __init__(self, store: "EmbeddedStore", memory: RowMemory, folder: Optional[Path]):
        self.store = store
        self.memory = memory
        self.folder = folder  # None: nothing is staged, every row is merged
        self.files = 0
        self.now = int(time.time())
        self.stats = WriteStats()
        self.written: dict[str, set[str]] = {}  # label -> ids of this batch's nodes, now stored
        self.created: dict[str, set[str]] = {}  # label -> ids this write created
        self.empty: dict[str, bool] = {}  # label or relationship type -> empty before this write

    def run(self, node_groups: rows.NodeGroups, edge_groups: rows.EdgeGroups) -> WriteStats:
        stored = self._stored_ids(node_groups, edge_groups)
        for label, label_rows in node_groups.items():
            self._nodes(label, label_rows, stored.get(label, set()))
        for group, group_rows in edge_groups.items():
            self._edges(group, group_rows, stored)
        return self.stats

    def _stored_ids(self, node_groups: rows.NodeGroups, edge_groups: rows.EdgeGroups) -> dict[str, set[str]]:
        """Of the ids the batch names that this store has not written, those stored: one query per label."""
        wanted: dict[str, set[str]] = {}
        for label, label_rows in node_groups.items():
            wanted.setdefault(label, set()).update(r["id"] for r in label_rows)
        for (_rtype, src, dst), group_rows in edge_groups.items():
            wanted.setdefault(src, set()).update(r["src"] for r in group_rows)
            wanted.setdefault(dst, set()).update(r["dst"] for r in group_rows)
        stored = {}
        for label, ids in wanted.items():
            known = self.memory.nodes.get(label, {})
            ids = sorted(i for i in ids if i not in known)
            found = self.store._read(cypher.existing_nodes(label), {"ids": ids}) if ids else []
            stored[label] = {r[0] for r in found}
        return stored

    def _exists(self, label: str, node_id: str, stored: dict[str, set[str]]) -> bool:
        return (
            node_id in self.written.get(label, ())
            or node_id in stored.get(label, ())
            or node_id in self.memory.nodes.get(label, ())
        )

    def _nodes(self, label: str, label_rows: list[dict], stored: set[str]) -> None:
        memory = self.memory.nodes.setdefault(label, {})
        stager = self._stager(queries.staged_table(label)) if self._empty(label) else None
        merged_new, merged_old, unchanged, created, digests = [], [], 0, set(), {}
        for row in label_rows:
            key = row["id"]
            digests[key] = mark = digest(row)
            last = memory.get(key)
            if last == mark:
                unchanged += 1
            elif last is not None or key in stored:
                merged_old.append(row)
            else:
                created.add(key)
                if stager is None or not stager.add(row):
                    merged_new.append(row)
        if stager is not None and stager.lines:
            self._copy(stager)
        statement = cypher.merge_nodes(label, self.store.dialect)
        for chunk in chunked(merged_new + merged_old, self.store.batch_size):
            self.store._run(statement, {"rows": chunk, "now": self.now})
        self.stats += WriteStats(nodes_created=len(created), nodes_updated=len(merged_old) + unchanged)
        memory.update(digests)
        self.created[label] = created
        self.written[label] = set(digests)

    def _edges(self, group: tuple[str, str, str], group_rows: list[dict], stored: dict[str, set[str]]) -> None:
        rtype, src, dst = group
        memory = self.memory.edges.setdefault(group, {})
        src_new, dst_new = self.created.get(src, set()), self.created.get(dst, set())
        new, old, maybe, unchanged, skipped, digests = [], [], [], 0, 0, {}
        for row in group_rows:
            if not (self._exists(src, row["src"], stored) and self._exists(dst, row["dst"], stored)):
                skipped += 1  # an end is neither in the batch nor in the store
                continue
            key = (row["src"], row["dst"], row["id"])
            digests[key] = mark = digest(row)
            last = memory.get(key)
            if last == mark:
                unchanged += 1
            elif last is not None:
                old.append(row)
            elif row["src"] in src_new or row["dst"] in dst_new:
                new.append(row)  # an end created by this write has no edge yet
            else:
                maybe.append(row)
        if maybe:
            found = self.store._read(cypher.existing_edges(*group), {"rows": rows.edge_keys(maybe)})
            existing = {tuple(r) for r in found}
            for row in maybe:
                (old if (row["src"], row["dst"], row["id"]) in existing else new).append(row)
        stager = self._stager(queries.staged_table(rtype, (src, dst))) if new and self._empty(rtype) else None
        merged_new = new if stager is None else [row for row in new if not stager.add(row)]
        if stager is not None and stager.lines:
            self._copy(stager)
        statement = cypher.merge_edges(rtype, src, dst, self.store.dialect)
        created = len(new) - len(merged_new)
        updated = unchanged
        for batch, is_new in ((merged_new, True), (old, False)):
            for chunk in chunked(batch, self.store.batch_size):
                merged = self.store._run(statement, {"rows": chunk, "now": self.now})[0][0]
                skipped += len(chunk) - merged
                if is_new:
                    created += merged
                else:
                    updated += merged
        self.stats += WriteStats(edges_created=created, edges_updated=updated, edges_skipped=skipped)
        memory.update(digests)

    def _empty(self, table: str) -> bool:
        """Whether node label or relationship type `table` was empty when this write began."""
        if table not in self.empty:
            count = cypher.count_nodes(table) if table in schema.LABELS else cypher.count_edges(table)
            self.empty[table] = self.store._read(count, {})[0][0] == 0
        return self.empty[table]

    def _stager(self, table: queries.StagedTable) -> Optional[Stager]:
        return None if self.folder is None else Stager(table, self.now)

    def _copy(self, stager: Stager) -> None:
        self.files += 1
        path = self.folder / f"{self.files}.csv"
        stager.write(path)
        text, _ = queries.bulk_create(stager.table, self.store.dialect, str(path))
        ends = f" {stager.table.pair[0]}->{stager.table.pair[1]}" if stager.table.pair else ""
        statement = Statement(f"bulk create {stager.table.table}{ends}", text)
        self.store._run(statement, {})
        path.unlink()


def write(store: "EmbeddedStore", memory: RowMemory, batch: GraphBatch) -> WriteStats:
    """Merge `batch` into `store`; every row is checked before anything is written."""
    node_groups = rows.node_rows(batch.nodes)
    edge_groups = rows.edge_rows(batch.edges)
    folder = _staging_folder()
    try:
        # One transaction: the batch is written whole or not at all, and commits
        # (each may checkpoint) are few.
        return store._transaction(lambda _run: Load(store, memory, folder).run(node_groups, edge_groups))
    except BaseException:
        memory.clear()  # part of the batch may be written, part not
        raise
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _staging_folder() -> Optional[Path]:
    """A fresh temporary folder for CSV files, or None when its path cannot go into a COPY."""
    folder = Path(tempfile.mkdtemp(prefix="graph-builder-load-"))
    if queries.safe_path(str(folder)):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    return None
