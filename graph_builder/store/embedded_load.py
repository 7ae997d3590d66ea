"""How the embedded store takes rows: a load session, with new rows staged for its bulk import.

A `Session` takes any number of `GraphBatch`es (`add`) and writes them in one
transaction (`finish`); a plain `write` is a session of one batch. The store
ends up as `GraphStore.write` would leave it (parameterised `UNWIND ... MERGE`
per batch), but most rows take a faster road, because LadybugDB imports
files in bulk far faster than it merges rows, and because every commit that
changes a table holding data costs a checkpoint that grows with the table:

- Rows new to the store are streamed to one CSV file per table (`staging`)
  and created at `finish` with the store's own bulk import (`COPY ... FROM`),
  nodes first, then relationships: one import per table for the whole load.
  A table holding data that receives fewer than `MERGE_BELOW` new rows has
  them merged instead, which is cheaper there than an import.
- Rows of entities and of PART_OF repeat from article to article (an actor's
  row carries every alias seen so far): they are combined in memory (the
  entity table) and written once, at `finish`.
- A later row of a node or edge staged earlier in the session is combined
  into its staged line before the import (`Stager.fold_in`), by the rules the
  merge statements apply (`rows.combine`). A row a CSV file cannot carry (an
  empty string, a line break...) is merged right after the import, by the
  merge statements themselves. Merging into a big imported table costs the
  store tens of MB per table; the files are cheap to rewrite.
- Rows of nodes and edges stored before the session are merged as they come.
  One query per label and batch tells which ids are stored (none for a table
  that was empty when the session began).
- A row identical to the last row this open store wrote for the same node or
  edge is not sent again (`RowMemory`). The store forgets these rows whenever
  anything else writes to it, and after a failed write.

Memory holds the entity table, the ids of the nodes staged so far and the rows
merged after the import; the rest is on disk, the marks of the edges staged so
far included (`marks.EdgeMarks`).
"""
from __future__ import annotations

import ctypes
import hashlib
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional, Union

from .. import schema
from ..model import ENTITY_LABELS, GraphBatch, NodeRow
from . import cypher, queries, rows
from .base import WriteStats, chunked
from .cypher import Statement
from . import staging
from ..scratch import ScratchList
from .marks import EdgeMarks
from .staging import Stager

if TYPE_CHECKING:
    from .embedded import EmbeddedStore

HELD_LABELS = frozenset(ENTITY_LABELS)  # rows repeat across articles: combined in memory
HELD_RELS = frozenset({"PART_OF"})
MERGE_BELOW = 1000  # new rows into a table holding data: fewer are merged, more imported
# Rows one transaction writes at most before it commits: the store keeps what a
# transaction wrote (imports included) in memory until it commits.
TRANSACTION_ROWS = 100_000

Group = tuple[str, str, str]  # (relationship type, source label, target label)
EdgeKey = tuple[str, str, str]  # (source id, target id, edge id)
Table = Union[str, Group]  # a node label or a relationship group


class RowMemory:
    """A digest of the last row this open store wrote, per node and edge.

    Rows of entities and PART_OF are always remembered; other rows until
    `limit` are, so that memory does not grow with the articles of a big load.
    """

    def __init__(self, limit: int = 100_000):
        self.limit = limit
        self.rows: dict[Table, dict] = {}
        self.size = 0

    def get(self, table: Table, key) -> Optional[bytes]:
        return self.rows.get(table, {}).get(key)

    def put(self, table: Table, key, mark: bytes) -> None:
        known = self.rows.setdefault(table, {})
        if key not in known:
            if self.size >= self.limit and not _held(table):
                return
            self.size += 1
        known[key] = mark

    def has_room(self, table: Table) -> bool:
        return _held(table) or self.size < self.limit

    def clear(self) -> None:
        self.rows.clear()
        self.size = 0


def digest(row: dict) -> bytes:
    return hashlib.blake2b(repr(row).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _held(table: Table) -> bool:
    return table in HELD_LABELS if isinstance(table, str) else table[0] in HELD_RELS


def _edge_key(row: dict) -> EdgeKey:
    return (row["src"], row["dst"], row["id"])


def _name(table: Table) -> str:
    """The node label or relationship type of a table."""
    return table if isinstance(table, str) else table[0]


class Session:
    """One load into the embedded store: `add` batches, then `finish` (or `abort`)."""

    def __init__(self, store: "EmbeddedStore", memory: RowMemory, folder: Optional[Path]):
        self.store, self.memory = store, memory
        self.folder = folder  # None: nothing is staged, every row is merged as it comes
        self.now = int(time.time())
        self.stats = WriteStats()
        self.empty: dict[str, bool] = {}  # table -> empty when the session began
        self.stagers: dict[Table, Stager] = {}
        self.new_nodes: dict[str, set[str]] = defaultdict(set)  # ids this session creates
        self.stored_nodes: dict[str, set[str]] = defaultdict(set)  # ids stored before it
        self.checked_nodes: dict[str, set[str]] = defaultdict(set)  # ids looked up and not stored
        self.new_edges = EdgeMarks()  # hash(key) of the edges it creates, on disk
        self.stored_edges: dict[Group, set[EdgeKey]] = defaultdict(set)
        self.held: dict[Table, dict] = defaultdict(dict)  # entity and PART_OF rows, combined
        self.later: dict[Table, dict] = defaultdict(dict)  # rows merged after the import, combined
        self.done = ScratchList(2)  # (article id, content hash), written last
        self.atomic = True  # everything so far in one open transaction
        self._open = False  # a transaction is open
        self._sent = 0  # rows written in the open transaction

    # --- adding rows ------------------------------------------------------------------

    def add(self, batch: GraphBatch, done: Iterable[NodeRow] = ()) -> WriteStats:
        """Take a batch's rows; `done` rows (an article's content hash) are written after
        every other row of the session, so a load that stops half way marks no article
        whose rows are not all stored."""
        node_groups = rows.node_rows(batch.nodes)
        edge_groups = rows.edge_rows(batch.edges)
        self.done.extend((r["id"], r[schema.CONTENT_HASH.name]) for r in rows.node_rows(done).get("Article", []))
        before = self.stats
        self._look_up_nodes(node_groups, edge_groups)
        for label, label_rows in node_groups.items():
            self._add_nodes(label, label_rows)
        for group, group_rows in edge_groups.items():
            self._add_edges(group, group_rows)
        if self._sent >= TRANSACTION_ROWS:  # many merges: commit them, and give up atomicity
            self._commit()
            self.atomic = False
        return self.stats - before

    def _look_up_nodes(self, node_groups: rows.NodeGroups, edge_groups: rows.EdgeGroups) -> None:
        """Which ids the batch names are stored already: one query per label."""
        wanted: dict[str, set[str]] = defaultdict(set)
        for label, label_rows in node_groups.items():
            wanted[label].update(r["id"] for r in label_rows)
        for (_rtype, src, dst), group_rows in edge_groups.items():
            wanted[src].update(r["src"] for r in group_rows)
            wanted[dst].update(r["dst"] for r in group_rows)
        for label, ids in wanted.items():
            new, stored, checked = self.new_nodes[label], self.stored_nodes[label], self.checked_nodes[label]
            unknown = [i for i in ids if i not in new and i not in stored and i not in checked]
            if unknown and not self._empty(label):
                found = self.store._read(cypher.existing_nodes(label), {"ids": sorted(unknown)})
                stored.update(r[0] for r in found)
            # an end that is neither stored nor in the batch is looked up once, not again
            in_batch = {r["id"] for r in node_groups.get(label, ())}
            checked.update(i for i in unknown if i not in stored and i not in in_batch)

    def _add_nodes(self, label: str, label_rows: list[dict]) -> None:
        created = updated = 0
        merge_now: list[dict] = []
        new_ids, stored_ids, held = self.new_nodes[label], self.stored_nodes[label], label in HELD_LABELS
        for row in label_rows:
            node_id = row["id"]
            stored, known = node_id in stored_ids, node_id in new_ids
            if stored or known:
                updated += 1
            else:
                created += 1
                new_ids.add(node_id)
            self._route(label, node_id, row, stored, known, held, merge_now)
        self._merge_nodes(label, merge_now)
        self.stats += WriteStats(nodes_created=created, nodes_updated=updated)

    def _add_edges(self, group: Group, group_rows: list[dict]) -> None:
        rtype, src, dst = group
        present = [(_edge_key(r), r) for r in group_rows if self._has(src, r["src"]) and self._has(dst, r["dst"])]
        marks = [hash(key) for key, _ in present]
        staged = self.new_edges.known(group, marks)  # edges of earlier batches (a batch's keys are distinct)
        stored_keys = self._stored_edges(group, [kr for kr, mark in zip(present, marks) if mark not in staged])
        held = rtype in HELD_RELS
        created = updated = 0
        merge_now: list[dict] = []
        new_marks: list[int] = []
        for (key, row), mark in zip(present, marks):
            stored, known = key in stored_keys, mark in staged
            if stored or known:
                updated += 1
            else:
                created += 1
                new_marks.append(mark)
            self._route(group, key, row, stored, known, held, merge_now)
        self.new_edges.add(group, new_marks)
        self._merge_edges(group, merge_now)
        skipped = len(group_rows) - len(present)  # an end is neither in the session nor in the store
        self.stats += WriteStats(edges_created=created, edges_updated=updated, edges_skipped=skipped)

    def _route(self, table: Table, key, row: dict, stored: bool, known: bool, held: bool,
               merge_now: list[dict]) -> None:
        """Where a row goes: merged now, held, merged after the import, or staged for it."""
        if self.folder is None or (stored and not held):
            merge_now.append(row)
        elif held:
            self._hold(table, key, row)
        elif known:
            self._merge_later(table, key, row)
        else:
            self._stage(table, key, row)

    def _has(self, label: str, node_id: str) -> bool:
        return node_id in self.new_nodes[label] or node_id in self.stored_nodes[label]

    def _stored_edges(self, group: Group, unstaged: list[tuple[EdgeKey, dict]]) -> set[EdgeKey]:
        """Keys of the edges stored before the session (asked only for the `unstaged` edges
        between stored nodes)."""
        rtype, src, dst = group
        known = self.stored_edges[group]
        new_src, new_dst = self.new_nodes[src], self.new_nodes[dst]
        ask = [row for key, row in unstaged if key not in known and key[0] not in new_src and key[1] not in new_dst]
        if ask and not self._empty(rtype):
            found = self.store._read(cypher.existing_edges(*group), {"rows": rows.edge_keys(ask)})
            known.update(tuple(r) for r in found)
        return known

    def _hold(self, table: Table, key, row: dict) -> None:
        held = self.held[table]
        held[key] = rows.combine(held[key], row, _name(table)) if key in held else row

    def _merge_later(self, table: Table, key, row: dict) -> None:
        later = self.later[table]
        later[key] = rows.combine(later[key], row, _name(table)) if key in later else row

    def _stage(self, table: Table, key, row: dict) -> None:
        if not self._stager(table).add(row):
            self._merge_later(table, key, row)
        elif self.memory.has_room(table):
            self.memory.put(table, key, digest(row))

    def _stager(self, table: Table) -> Stager:
        stager = self.stagers.get(table)
        if stager is None:
            staged = queries.staged_table(table) if isinstance(table, str) else \
                queries.staged_table(table[0], table[1:])
            name = table if isinstance(table, str) else "-".join(table)
            buffered = 0 if self._empty(staged.table) else MERGE_BELOW
            # ROWS_PER_FILE read here, not as Stager's default, so that a changed setting holds
            stager = self.stagers[table] = Stager(staged, self.folder / f"{name}.csv", self.now, buffered,
                                                  staging.ROWS_PER_FILE)
        return stager

    # --- merging ----------------------------------------------------------------------

    def _unchanged(self, table: Table, key, row: dict) -> bool:
        """Whether this store last wrote exactly this row; if not, it remembers this one."""
        mark = digest(row)
        if self.memory.get(table, key) == mark:
            return True
        self.memory.put(table, key, mark)
        return False

    def _merge_nodes(self, label: str, label_rows: list[dict]) -> None:
        self._merge(label, [r for r in label_rows if not self._unchanged(label, r["id"], r)])

    def _merge_edges(self, group: Group, group_rows: list[dict]) -> None:
        self._merge(group, [r for r in group_rows if not self._unchanged(group, _edge_key(r), r)])

    def _merge(self, table: Table, table_rows: list[dict]) -> None:
        """Merge rows as they are (no check against what this store wrote)."""
        if not table_rows:
            return
        merge_chunk = self._merge_node_chunk if isinstance(table, str) else self._merge_edge_chunk
        self._begin()
        for chunk in chunked(table_rows, self.store.batch_size):
            merge_chunk(table, chunk)
        self._sent += len(table_rows)

    def _merge_node_chunk(self, label: str, chunk: list[dict]) -> None:
        """Rows of existing nodes updated through MATCH (see `cypher.update_nodes`), the others merged."""
        dialect = self.store.dialect
        found = {r[0] for r in self.store._run(cypher.update_nodes(label, dialect), {"rows": chunk, "now": self.now})}
        missing = [r for r in chunk if r["id"] not in found]
        if missing:
            self.store._run(cypher.merge_nodes(label, dialect), {"rows": missing, "now": self.now})

    def _merge_edge_chunk(self, group: Group, chunk: list[dict]) -> None:
        self.store._run(cypher.merge_edges(*group, self.store.dialect), {"rows": chunk, "now": self.now})

    def _merge_checked(self, table: Table, table_rows: list[dict]) -> None:
        if isinstance(table, str):
            self._merge_nodes(table, table_rows)
        else:
            self._merge_edges(table, table_rows)

    # --- finishing --------------------------------------------------------------------

    def finish(self) -> WriteStats:
        """Write what waits, commit; the session's stats.

        A session that stayed small is one transaction. A big one commits as it
        goes (imports included), nodes before the edges that need them, and the
        content hashes last: stopped half way, it leaves articles to be loaded
        again, never an article marked loaded without its rows.
        """
        try:
            self._release_held()
            if self._staged_rows() + self._sent > TRANSACTION_ROWS:
                self._commit()
                self.atomic = False
            tables = set(self.stagers) | set(self.later)
            nodes = sorted(t for t in tables if isinstance(t, str))
            for part in (nodes, sorted(t for t in tables if not isinstance(t, str))):  # nodes first
                for table in part:
                    self._import(table)
                for table in part:  # after the import: they may amend imported rows
                    self._merge_checked(table, list(self.later.pop(table, {}).values()))
                if not self.atomic:
                    self._commit()
            self._write_done()
            self._commit()
        except BaseException:
            self.abort()
            raise
        self.new_edges.close()
        return self.stats

    def _write_done(self) -> None:
        for chunk in chunked(self.done, self.store.batch_size):
            done = [NodeRow("Article", i, {schema.CONTENT_HASH.name: h}) for i, h in chunk]
            self._merge("Article", rows.node_rows(done)["Article"])
            if not self.atomic and self._sent >= TRANSACTION_ROWS:
                self._commit()
        self.done.clear()

    def _staged_rows(self) -> int:
        return sum(stager.lines for stager in self.stagers.values())

    def _begin(self) -> None:
        if not self._open:
            self.store._begin()
            self._open = True

    def _commit(self) -> None:
        if self._open:
            self.store._commit()
            self._open, self._sent = False, 0

    def _release_held(self) -> None:
        """Held rows: new ones to their staged file, stored ones merged."""
        for table, held in self.held.items():
            created, stored = self._created(table, list(held)), []
            for key, row in held.items():
                if key in created:
                    self._stage(table, key, row)
                else:
                    stored.append(row)
            self._merge_checked(table, stored)
        self.held.clear()

    def _created(self, table: Table, keys: list) -> set:
        """Which of `keys` (node ids or edge keys of `table`) this session created."""
        if isinstance(table, str):
            return {key for key in keys if key in self.new_nodes[table]}
        marks = self.new_edges.known(table, [hash(key) for key in keys])
        return {key for key in keys if hash(key) in marks}

    def _import(self, table: Table) -> None:
        stager = self.stagers.pop(table, None)
        if stager is None:
            return
        later = self.later.get(table)
        if later:  # rows that came again: into their staged lines, rather than merged after
            stager.fold_in(later, lambda old, new: rows.combine(old, new, _name(table)))
        if not stager.in_file:  # a few new rows into a table holding data: merged
            self._merge(table, stager.held_rows)
            return
        ends = f" {stager.table.pair[0]}->{stager.table.pair[1]}" if stager.table.pair else ""
        for path in stager.close():
            text, _ = queries.bulk_create(stager.table, self.store.dialect, str(path))
            if self.atomic:
                self._begin()
            else:
                self._commit()  # an import outside a transaction commits on its own
            self.store._run(Statement(f"bulk create {stager.table.table}{ends}", text), {})
            path.unlink()
            return_free_memory()

    def abort(self) -> None:
        """Undo what the open transaction wrote (everything, if the session was atomic)."""
        self.memory.clear()  # part of it may have been sent
        self.new_edges.close()
        self.done.clear()
        if self._open:
            self.store._rollback()
            self._open = False

    def _empty(self, table: str) -> bool:
        """Whether node label or relationship type `table` was empty when the session began."""
        if table not in self.empty:
            count = cypher.count_nodes(table) if table in schema.LABELS else cypher.count_edges(table)
            self.empty[table] = self.store._read(count, {})[0][0] == 0
        return self.empty[table]


def _malloc_trim():
    # The symbols already loaded into this process: no search for the C library's file.
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:
        return None


_TRIM = _malloc_trim()


def return_free_memory() -> None:
    """Give the C allocator's free memory back to the system (glibc only; elsewhere nothing).

    A bulk import allocates and frees hundreds of MB inside the store's native code;
    glibc keeps what was freed for later use, so without this every import of a big
    load adds its working memory to the process's resident size for good.
    """
    if _TRIM is not None:
        _TRIM(0)


def staging_folder(store_path: Path) -> Optional[Path]:
    """A fresh folder for staged files beside the store (else in the temporary folder),
    or None when no such folder's path can go into a COPY.

    Folders a killed load left beside the store are removed first: the store admits
    one writing process at a time, and this one has it open.
    """
    prefix = f".{store_path.name}.load-"
    for stale in store_path.parent.glob(f"{prefix}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for parent in (store_path.parent, None):
        try:
            folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent)).resolve()
        except OSError:
            continue
        if queries.safe_path(str(folder)):
            return folder
        shutil.rmtree(folder, ignore_errors=True)
    return None
