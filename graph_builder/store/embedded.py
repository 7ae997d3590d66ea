"""The embedded store: a LadybugDB database in one file, no server needed."""
from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Callable, Optional, Union

import ladybug as lb

from ..collections_policy import rare_collections
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
        """Merge `batch` into the store in one transaction: new rows by bulk import, the others by merge.

        The store ends up as `GraphStore.write` would leave it (see `embedded_load`).
        """
        with self.loading() as session:
            session.add(batch)
        return session.stats

    def loading(self) -> "Loading":
        """A load session: batches added to it are written in one transaction when it ends
        (new rows through the bulk import), or not at all if it ends with an error."""
        return Loading(self)

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
        self._begin()
        try:
            outcome = work(self._run)
        except BaseException:
            self._rollback()
            raise
        self._commit()
        return outcome

    def _begin(self) -> None:
        self._execute("BEGIN TRANSACTION")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        # A failed statement already ended the transaction; other failures did not.
        with contextlib.suppress(StoreError):
            self._execute("ROLLBACK")

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


class Loading:
    """`with store.loading() as session:` a `embedded_load.Session` that commits on a clean
    exit and undoes everything on an error; its staged files are removed either way."""

    def __init__(self, store: EmbeddedStore):
        self.store = store
        self.session: Optional[embedded_load.Session] = None
        self.folder: Optional[Path] = None
        self._collections = rare_collections()

    def __enter__(self) -> embedded_load.Session:
        self.folder = embedded_load.staging_folder(self.store.path)
        try:
            self.session = embedded_load.Session(self.store, self.store._written, self.folder)
        except BaseException:
            self._remove_folder()
            raise
        self._collections.__enter__()  # the session holds many rows until it ends
        return self.session

    def __exit__(self, kind, *_) -> None:
        try:
            if kind is None:
                self.session.finish()
            else:
                self.session.abort()
        finally:
            self._remove_folder()
            self._collections.__exit__(None, None, None)

    def _remove_folder(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def open_store(db_path: Union[str, Path], **options) -> EmbeddedStore:
    """Open (or create) the embedded store at `db_path`, with its tables in place."""
    store = EmbeddedStore(db_path, **options)
    try:
        store.ensure_schema()
    except BaseException:
        store.close()
        raise
    return store
