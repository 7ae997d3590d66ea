"""Staged files for the embedded store's bulk import: rows written as CSV lines.

A `Stager` takes the parameter rows of one staged table (a node label, or one
relationship group) and streams them to a CSV file that `COPY ... FROM` reads
(`queries.bulk_create`). Every field is quoted, so an empty field always
means null; list items are joined by `queries.BULK_SEPARATOR`. A value such a
file cannot carry faithfully (an empty string, a line break or another
control character, a very long value) is refused, and its row goes through a
merge instead.

While fewer than `buffered` rows came, they stay in memory (`held_rows`) and
reach the file only when more come: a table that receives a handful of rows
can still have them merged, which is cheaper than a bulk import into a table
holding data.
"""
from __future__ import annotations

import csv
import math
import re
from datetime import date
from pathlib import Path
from typing import Callable, Optional

from . import queries
from .cypher import STAMP

SEPARATOR = queries.BULK_SEPARATOR
# Characters a staged line may not hold: line breaks and other controls (a tab is
# fine). The list separator is checked per cell, where it may stand between items.
_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1e]")
# A longer value goes through a merge: the CSV reader bounds the length of a line.
MAX_CELL = 100_000  # characters


def _string_cell(value) -> Optional[str]:
    if value is None:
        return ""
    if not value or len(value) > MAX_CELL or SEPARATOR in value:
        return None  # '' would read back as null
    return value


def _list_cell(value) -> Optional[str]:
    if not value:
        return ""
    if "" in value:
        return None
    text = SEPARATOR.join(value)
    if len(text) > MAX_CELL or text.count(SEPARATOR) != len(value) - 1:
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
    """Turns rows into CSV lines of one staged table; a row it cannot carry is refused."""

    def __init__(self, table: queries.StagedTable, path: Path, now: int, buffered: int = 0):
        self.table, self.path, self.buffered = table, path, buffered
        ends = [("src", _string_cell), ("dst", _string_cell)] if table.pair else []
        stamp = str(now)
        self._cells = ends + [
            (name, (lambda _v: stamp) if name == STAMP else _CELLS[type_]) for name, type_ in table.columns
        ]
        self.held_rows: list[dict] = []  # rows not yet in the file
        self.lines = 0
        self._handle = None
        self._writer = None

    def add(self, row: dict) -> bool:
        line = [cell(row.get(name)) for name, cell in self._cells]
        if None in line or _UNSAFE.search("\t".join(line)):  # one search for the whole line
            return False
        if self._writer is None and len(self.held_rows) + 1 < self.buffered:
            self.held_rows.append(row)
        else:
            self._spill()
            self._writer.writerow(line)
        self.lines += 1
        return True

    @property
    def in_file(self) -> bool:
        """Whether rows have reached the file (and so all rows will)."""
        return self._writer is not None

    def _spill(self) -> None:
        if self._writer is not None:
            return
        self._handle = open(self.path, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        self._writer.writerow(self.table.header)
        held, self.held_rows, self.lines = self.held_rows, [], 0
        for row in held:
            self.add(row)

    def close(self) -> Path:
        """Every row in the file, which is closed; its path."""
        self._spill()
        self._handle.close()
        return self.path
