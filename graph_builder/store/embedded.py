"""The embedded store: a LadybugDB database in one file, no server needed."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable, Optional, Union

import ladybug as lb

from ..model import GraphBatch
from . import embedded_load
from .base import DEFAULT_BATCH_SIZE, DEFAULT_PAGE_SIZE, GraphStore, Run, StoreError, T, WriteStats, check_params
from .cypher import Statement


class EmbeddedStore(GraphStore):
    dialect = "ladybug"

    def __init__(
        self,
        path: Union[str, Path],
        batch_size: int = DEFAULT_BATCH_SIZE,
        page_size: int = DEFAULT_PAGE_SIZE,
        read_only: bool = False,
    ):
        super().__init__(batch_size, page_size)
        self.path = Path(path)
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = lb.Database(str(self.path), read_only=read_only)
            self._conn = lb.Connection(self._db)
        except (RuntimeError, OSError) as err:
            raise StoreError(f"cannot open graph store {self.path}: {err}") from None
        # The rows this store has written, so that a row repeated unchanged is not sent again.
        self._written = embedded_load.RowMemory()

    def write(self, batch: GraphBatch) -> WriteStats:
        """Merge `batch` into the store: new rows by bulk import, the others by merge.

        The store ends up as `GraphStore.write` would leave it (see `embedded_load`).
        """
        return embedded_load.write(self, self._written, batch)

    def _execute(self, text: str, params: Optional[dict] = None):
        try:
            result = self._conn.execute(text, params or {})
        except RuntimeError as err:
            raise StoreError(f"graph store {self.path}: {err}") from None
        # A string holding several statements gives one result each; the last one answers.
        return result[-1] if isinstance(result, list) else result

    def _run(self, statement: Statement, params: dict) -> list[list]:
        check_params(statement, params)
        result = self._execute(statement.text, params)
        try:
            return result.get_all()
        finally:
            result.close()

    def _write_transaction(self, work: Callable[[Run], T]) -> T:
        # A write other than `write` may change or delete what `write` remembers.
        self._written.clear()
        return self._transaction(work)

    def _transaction(self, work: Callable[[Run], T]) -> T:
        self._execute("BEGIN TRANSACTION")
        try:
            outcome = work(self._run)
        except BaseException:
            # A failed statement already ended the transaction; other failures did not.
            with contextlib.suppress(StoreError):
                self._execute("ROLLBACK")
            raise
        self._execute("COMMIT")
        return outcome

    def _read(self, statement: Statement, params: dict) -> list[list]:
        return self._run(statement, params)

    def _change_schema(self, statement: Statement) -> None:
        self._run(statement, {})

    def query(self, cypher_text: str, params: Optional[dict] = None) -> tuple[list[str], list[list]]:
        self._written.clear()  # the text may write
        result = self._execute(cypher_text, params)
        try:
            return result.get_column_names(), result.get_all()
        finally:
            result.close()

    def close(self) -> None:
        if getattr(self, "_conn", None) is not None:
            self._conn.close()
            self._db.close()
            self._conn = None


def open_store(db_path: Union[str, Path], **options) -> EmbeddedStore:
    """Open (or create) the embedded store at `db_path`, with its tables in place."""
    store = EmbeddedStore(db_path, **options)
    try:
        store.ensure_schema()
    except BaseException:
        store.close()
        raise
    return store
