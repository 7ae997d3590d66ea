"""Staged files for the embedded store's bulk import: rows written as CSV lines.

A `Stager` takes the parameter rows of one staged table (a node label, or one
relationship group) and streams them to CSV files of at most `ROWS_PER_FILE`
rows that `COPY ... FROM` reads (`queries.bulk_create`). Every field is quoted, so an empty field always
means null; list items are joined by `queries.BULK_SEPARATOR`. A value such a
file cannot carry faithfully (an empty string, a line break or another
control character, a very long value) is refused, and its row goes through a
merge instead.

A row that comes again after its first was staged is combined into the staged
line before the import (`fold_in`), so that the import writes it whole: merging
it after the import would cost the store far more memory than the import.

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
from typing import Callable, Hashable, Optional

from . import queries
from .cypher import STAMP

SEPARATOR = queries.BULK_SEPARATOR
# Rows a staged file holds at most: the store's bulk import keeps a file's rows in
# memory while it builds the table, so big tables are imported file by file. But a
# second import into a relationship table holding rows is slow (measured: 391k MENTIONS
# rows in one file 2.7 s, as 200k + 191k 21 s), so files are as big as memory allows
# (an import of 391k MENTIONS rows peaked at about 240 MB).
ROWS_PER_FILE = 500_000
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


_VALUES: dict[str, Callable[[str], object]] = {  # a cell read back, when it is not empty
    "STRING": str,
    "STRING[]": lambda text: text.split(SEPARATOR),
    "DATE": date.fromisoformat,
    "DOUBLE": float,
    "INT64": int,
    "BOOLEAN": lambda text: text == "true",
}
_EMPTY: dict[str, object] = {"STRING[]": []}

Combine = Callable[[dict, dict], dict]

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

    def __init__(self, table: queries.StagedTable, path: Path, now: int, buffered: int = 0,
                 rows_per_file: int = ROWS_PER_FILE):
        self.table, self.path, self.buffered, self.rows_per_file = table, path, buffered, rows_per_file
        ends = [("src", _string_cell), ("dst", _string_cell)] if table.pair else []
        stamp = str(now)
        self._cells = ends + [
            (name, (lambda _v: stamp) if name == STAMP else _CELLS[type_]) for name, type_ in table.columns
        ]
        self._types = dict(table.columns)
        self._id_at = table.header.index("id")
        self.held_rows: list[dict] = []  # rows not yet in a file
        self.lines = 0
        self.files: list[Path] = []  # written in order; the last one may be open
        self._in_file = 0  # lines in the open file
        self._handle = None
        self._writer = None

    def add(self, row: dict) -> bool:
        line = self._line(row)
        if line is None:
            return False
        if not self.files and len(self.held_rows) + 1 < self.buffered:
            self.held_rows.append(row)
            self.lines += 1
            return True
        if not self.files:
            self._spill()
        elif self._in_file >= self.rows_per_file:
            self._next_file()
        self._handle.write(_csv_text(line))
        self._in_file += 1
        self.lines += 1
        return True

    def _line(self, row: dict) -> Optional[list[str]]:
        get = row.get
        line = [cell(get(name)) for name, cell in self._cells]
        if None in line or not _safe("".join(line)):  # one test for the whole line
            return None
        return line

    def _row(self, line: list[str]) -> dict:
        """A staged line read back as the row it was written from (without the stamp)."""
        row = {}
        for name, text in zip(self.table.header, line):
            if name == STAMP:
                continue
            type_ = self._types.get(name, "STRING")  # the ends are strings
            row[name] = _VALUES[type_](text) if text else _EMPTY.get(type_)
        return row

    def key(self, row: dict) -> Hashable:
        """The key a session knows a row by: its id, or (source, target, id) for an edge."""
        return (row["src"], row["dst"], row["id"]) if self.table.pair else row["id"]

    def _line_key(self, line: list[str]) -> Hashable:
        """`key` of the row a staged line holds, read without decoding the line."""
        node_id = line[self._id_at]
        return (line[0], line[1], node_id) if self.table.pair else node_id

    def fold_in(self, later: dict, combine: Combine) -> None:
        """Combine the rows of `later` (by `key`) into the staged rows they repeat; each one
        folded in leaves `later`. What is left (a combined row a file cannot carry, a key
        not staged here) is for the session to merge after the import."""
        if not later:
            return
        if not self.files:
            self.held_rows = [combine(row, later.pop(self.key(row))) if self.key(row) in later else row
                              for row in self.held_rows]
            return
        for path in self.close():
            self._fold_file(path, later, combine)

    def _fold_file(self, path: Path, later: dict, combine: Combine) -> None:
        folded = path.with_name(path.stem + "-folded" + path.suffix)
        with open(path, encoding="utf-8", newline="") as source, \
                open(folded, "w", encoding="utf-8", newline="") as target:
            reader = csv.reader(source)
            writer = _csv_writer(target)
            writer.writerow(next(reader))
            for line in reader:
                key = self._line_key(line)
                if key in later:
                    combined = self._line(combine(self._row(line), later[key]))
                    if combined is not None:
                        line = combined
                        del later[key]
                writer.writerow(line)
        folded.replace(path)

    @property
    def in_file(self) -> bool:
        """Whether rows have reached a file (and so all rows will)."""
        return bool(self.files)

    def _spill(self) -> None:
        """The rows held so far go to the first file."""
        self._next_file()
        held, self.held_rows, self.lines = self.held_rows, [], 0
        for row in held:
            self.add(row)

    def _next_file(self) -> None:
        if self._handle is not None:
            self._handle.close()
        path = self.path.with_name(f"{self.path.stem}-{len(self.files) + 1}{self.path.suffix}")
        self._handle = open(path, "w", encoding="utf-8", newline="")
        self._writer = _csv_writer(self._handle)
        self._writer.writerow(self.table.header)
        self.files.append(path)
        self._in_file = 0

    def close(self) -> list[Path]:
        """Every row in a file, the files closed; their paths in order."""
        if not self.files:
            self._spill()
        self._handle.close()
        return self.files


def _safe(text: str) -> bool:
    """Whether `text` holds no character `_UNSAFE` finds.

    Nearly every line is printable once its list separators are left out, and
    `isprintable` is about ten times faster than the search; a line that is not
    (a tab, a no-break space) is searched.
    """
    return text.replace(SEPARATOR, "").isprintable() or not _UNSAFE.search(text)


def _csv_text(line: list[str]) -> str:
    """The text `_csv_writer` writes for a line `Stager._line` made, built faster.

    Every field quoted, quotes doubled, nothing else escaped: such a line holds
    no control character but the list separator, so fields are joined by one
    (\x01) and it is turned into the field delimiter after the quotes are doubled.
    """
    return '"' + "\x01".join(line).replace('"', '""').replace("\x01", '","') + '"\n'


def _csv_writer(handle):
    """Every field quoted, so that an empty field always reads back as null."""
    return csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
