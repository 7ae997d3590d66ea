"""The yardstick for the embedded store's load: LadybugDB's own bulk import of the same rows.

The rows `GraphStore.write` would merge (`store.rows.node_rows` / `edge_rows`,
one per node and per edge) are written to one CSV file per node label and per
(relationship, source label, target label), then imported with `COPY ... FROM`
into a fresh store created with the same schema (`open_store`).

CSV list columns cannot hold strings with commas or quotes (evidence
sentences have both), so every column is written as a quoted string and the
COPY reads it through a `LOAD WITH HEADERS ... FROM` subquery that splits
list columns on a unit separator and casts the typed ones, all inside the
bulk import.
"""
from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import ladybug as lb

from graph_builder import schema
from graph_builder.model import GraphBatch
from graph_builder.store import open_store
from graph_builder.store import rows as store_rows
from graph_builder.store.cypher import LADYBUG_TYPES

SEPARATOR = "\x1f"  # ASCII unit separator: never in article text
STAMP = "lastupdated"


@dataclass
class CsvTable:
    table: str  # node label or relationship type
    path: Path
    columns: list[tuple[str, str]]  # (column name, schema type) in table order
    rows: int
    pair: tuple[str, str] | None = None  # (source label, target label) for relationships


def row_groups(batch: GraphBatch) -> tuple[dict, dict]:
    """The parameter rows `GraphStore.write` sends for `batch`: (node groups, edge groups)."""
    return store_rows.node_rows(batch.nodes), store_rows.edge_rows(batch.edges)


def count_rows(node_groups: dict, edge_groups: dict) -> tuple[int, int]:
    return sum(map(len, node_groups.values())), sum(map(len, edge_groups.values()))


def _cell(value, type_: str) -> str:
    if value is None:
        return ""
    if type_ == "STRING[]":
        items = [str(v) for v in value]
        if any(SEPARATOR in v or "\n" in v or "\r" in v for v in items):
            raise ValueError("a list item holds a separator or a line break")
        return SEPARATOR.join(items)
    if type_ == "BOOLEAN":
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if "\n" in text or "\r" in text:
        raise ValueError("a value holds a line break")
    return text


def write_csv(folder: Path, node_groups: dict, edge_groups: dict, now: int) -> list[CsvTable]:
    """One CSV per node label and per relationship group; nodes first, as COPY needs."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = []
    for label, rows in node_groups.items():
        columns = [(p.name, p.type) for p in schema.node_type(label).props]
        path = folder / f"node-{label}.csv"
        _write(path, columns, rows, now)
        tables.append(CsvTable(label, path, columns, len(rows)))
    for (rtype, src, dst), rows in edge_groups.items():
        columns = [("src", "STRING"), ("dst", "STRING")] + [(p.name, p.type) for p in schema.rel_type(rtype).props]
        path = folder / f"rel-{rtype}-{src}-{dst}.csv"
        _write(path, columns, rows, now)
        tables.append(CsvTable(rtype, path, columns, len(rows), (src, dst)))
    return tables


def _write(path: Path, columns: list[tuple[str, str]], rows: list[dict], now: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        # Quoting every field: with minimal quoting the reader mis-splits some rows
        # holding apostrophes and commas.
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow([name for name, _ in columns])
        for row in rows:
            writer.writerow([
                str(now) if name == STAMP else _cell(row.get(name), type_) for name, type_ in columns
            ])


def _expression(name: str, type_: str) -> str:
    value = f"nullif({name}, '')"  # every field is quoted, so an absent value reads as ''
    if type_ == "STRING":
        return value
    if type_ == "STRING[]":
        return f"coalesce(string_split({value}, $sep), CAST([] AS STRING[]))"
    return f"CAST({value} AS {LADYBUG_TYPES[type_]})"


def copy_statement(table: CsvTable) -> str:
    """COPY of one CSV file. Table names come from the schema, file paths are ours."""
    if table.pair:
        schema.check_rel(table.table)
        options = f" (from='{schema.check_label(table.pair[0])}', to='{schema.check_label(table.pair[1])}')"
    else:
        schema.check_label(table.table)
        options = ""
    header = ", ".join(f"{name} STRING" for name, _ in table.columns)
    values = ", ".join(_expression(name, type_) for name, type_ in table.columns)
    path = str(table.path).replace("'", "''")
    return (
        f"COPY {table.table} FROM (LOAD WITH HEADERS ({header}) FROM '{path}' "
        f"(header=true, escape='\"') RETURN {values}){options}"
    )


def bulk_import(db_path: Path, tables: list[CsvTable]) -> float:
    """Create a fresh store with the schema at `db_path`, COPY every table; seconds spent, schema included."""
    started = time.perf_counter()
    open_store(db_path).close()  # the same tables, columns and keys as a normal store
    database = lb.Database(str(db_path))
    connection = lb.Connection(database)
    try:
        for table in tables:
            if table.rows:
                connection.execute(copy_statement(table), {"sep": SEPARATOR})
    finally:
        connection.close()
        database.close()
    return time.perf_counter() - started
