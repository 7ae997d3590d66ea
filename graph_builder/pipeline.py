"""The load pipeline: read -> extract -> resolve -> graph -> store, as a stream.

Articles are processed in input order and their rows written in batches, so
memory holds one batch and the entity table, never the corpus. Extraction can
run in worker processes (`Extractions`); resolution, graph building and writes
stay in this process and take the extractions in input order, so the graph is
the same whatever the number of workers. An article the store already holds
with the same content (`graph.content_hash`) is counted as unchanged and not
processed again. An article that fails anywhere is reported and skipped; the
others still load.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Callable, Iterable, Iterator, Optional, Union

from . import wire
from .collections_policy import rare_collections
from .extract import Extractor
from .gazetteer import Gazetteer, default_gazetteer
from .graph import EventIndex, build_batch, content_hash, hash_row
from .model import EVENT_TYPES, Article, Extraction, GraphBatch, ReadProblem
from .read import read_inputs
from .resolve import Resolver
from .resolve.judgements import Judgements

ARTICLES_PER_BATCH = 200
CHUNK_ARTICLES = 32  # articles sent to a worker at a time
CHUNKS_PER_WORKER = 4  # chunks waiting or in work per worker: bounds what is in memory

Item = Union[Article, ReadProblem]
Outcome = Union[Extraction, str, None]  # an extraction, why it failed (one line), None for a ReadProblem


class WorkerError(RuntimeError):
    """An extraction worker process died (killed, out of memory); the load stops."""


@dataclass
class LoadSummary:
    articles: int = 0  # read and loaded, unchanged ones included
    unchanged: int = 0  # already in the store with the same content: not processed again
    events: int = 0
    skipped: list[ReadProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # loaded, but worth an analyst's look
    nodes_created: int = 0
    nodes_updated: int = 0
    edges_created: int = 0
    edges_updated: int = 0
    edges_skipped: int = 0  # edges whose end node exists neither in the batch nor the store

    def add_stats(self, stats) -> None:
        for name in ("nodes_created", "nodes_updated", "edges_created", "edges_updated", "edges_skipped"):
            setattr(self, name, getattr(self, name) + getattr(stats, name, 0))

    def totals(self) -> list[str]:
        return [
            f"articles read:     {self.articles}",
            f"articles unchanged: {self.unchanged}",
            f"articles skipped:  {len(self.skipped)}",
            f"events extracted:  {self.events}",
            f"nodes added:       {self.nodes_created}   updated: {self.nodes_updated}",
            f"edges added:       {self.edges_created}   updated: {self.edges_updated}"
            + (f"   skipped: {self.edges_skipped}" if self.edges_skipped else ""),
        ]

    def lines(self) -> list[str]:
        return self.totals() + [f"  skipped {problem}" for problem in self.skipped]


class Pipeline:
    """Everything between reading an article and writing its rows."""

    def __init__(self, gazetteer: Optional[Gazetteer] = None, judgements: Optional[Judgements] = None):
        gazetteer = gazetteer or default_gazetteer()
        self.extractor = Extractor(gazetteer)
        self.resolver = Resolver(gazetteer, judgements)
        self.events = EventIndex()

    def seed(self, store) -> None:
        """Start from what the store holds: its entities and its events."""
        self.resolver.seed(store.entities())
        self.events.seed(store.iter_edges(EVENT_TYPES))

    def graph_rows(self, extraction: Extraction) -> GraphBatch:
        return build_batch(self.resolver.resolve(extraction), self.events)

    def rows(self, article: Article) -> tuple[GraphBatch, int]:
        extraction = self.extractor.extract(article)
        return self.graph_rows(extraction), len(extraction.events)


# --- extraction, here or in worker processes -------------------------------------


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def extract_item(extractor: Extractor, item: Item) -> Outcome:
    """One item's extraction; an exception becomes its one-line message."""
    if not isinstance(item, Article):
        return None
    try:
        return extractor.extract(item)
    except Exception as error:  # one bad article never stops the others
        return one_line(error)


_worker_extractor: Optional[Extractor] = None

# Articles that make an extractor compile every pattern it builds on first use.
WARM_UP = (
    Article("warm-up-en", "Iraqi intelligence warned Turkey on Monday that Islamic State fighters had crossed.\n",
            lang="en"),
    Article("warm-up-ar", "حذرت الاستخبارات العراقية تركيا يوم الاثنين من هجوم لتنظيم داعش.\n", lang="ar"),
)


def warm_up(extractor: Extractor) -> None:
    for article in WARM_UP:
        extractor.extract(article)


def _start_worker(extractor: Extractor) -> None:
    """Forked workers inherit the main process's extractor with its compiled patterns
    (spawned ones receive a copy), so starting one costs no pattern compilation."""
    global _worker_extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the main process may have made it unwind
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _worker_extractor = extractor


def _exit_with_parent(parent: int) -> None:
    """A worker whose main process was killed would otherwise wait for work forever."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _extract_chunk(items: list[Item]) -> list:
    """Outcomes of a chunk, extractions packed for the trip back (`wire`)."""
    outcomes = [extract_item(_worker_extractor, item) for item in items]
    return [wire.pack(o) if isinstance(o, Extraction) else o for o in outcomes]


def _start_method() -> multiprocessing.context.BaseContext:
    # fork shares the loaded code and gazetteer with the workers; spawn elsewhere.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14 and later
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Extractions:
    """Items in, (item, outcome) out in input order; extraction in `workers` processes.

    With one worker everything runs in this process. Otherwise a window of at
    most CHUNKS_PER_WORKER chunks per worker is in flight: the input is read
    only as fast as results are taken. Use as a context manager; leaving it
    early (an error, Ctrl-C) cancels the chunks not started.
    """

    def __init__(self, extractor: Extractor, workers: int = 1):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.extractor, self.workers = extractor, workers
        self._pool: Optional[ProcessPoolExecutor] = None

    def __enter__(self) -> "Extractions":
        return self

    def __exit__(self, kind, *_) -> None:
        if self._pool is None:
            return
        if kind is not None:  # an error or Ctrl-C: end the workers now, not after the chunks queued
            _terminate_workers(self._pool)
        self._pool.shutdown(wait=kind is None, cancel_futures=True)
        self._pool = None

    def run(self, items: Iterable[Item]) -> Iterator[tuple[Item, Outcome]]:
        if self.workers == 1:
            for item in items:
                yield item, extract_item(self.extractor, item)
            return
        pending: deque[tuple[list[Item], Future]] = deque()
        for chunk in _chunks(items, CHUNK_ARTICLES):
            pending.append((chunk, self._submit(chunk)))
            if len(pending) >= self.workers * CHUNKS_PER_WORKER:
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    def _submit(self, chunk: list[Item]) -> Future:
        if self._pool is None:  # started only when there is something to extract
            warm_up(self.extractor)  # once here rather than once in every worker
            # Objects that exist now live as long as the load: kept out of the collector's
            # walks, so a worker's collections do not touch (and copy) the pages it shares.
            gc.freeze()
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_start_method(), initializer=_start_worker,
                                             initargs=(self.extractor,))
        return self._pool.submit(_extract_chunk, chunk)

    @staticmethod
    def _collect(chunk: list[Item], future: Future) -> Iterator[tuple[Item, Outcome]]:
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            raise WorkerError("an extraction worker process stopped unexpectedly (killed or out of memory); "
                              "--workers 1 extracts in the main process") from None
        except Exception as error:  # the chunk could not travel to or from its worker
            outcomes = [one_line(error)] * len(chunk)
        outcomes = [wire.unpack(o, item) if isinstance(o, tuple) else o for item, o in zip(chunk, outcomes)]
        return zip(chunk, outcomes)


# --- the load ----------------------------------------------------------------------


class _Writer:
    """Turns extractions into rows in input order and writes them every `articles_per_batch` articles.

    An article's content hash goes to the loader with its rows, which writes it
    no earlier than them (after them, or in the same transaction), so an
    interrupted load never marks as loaded an article whose rows are missing.
    """

    def __init__(self, store, loader, pipeline: Pipeline, articles_per_batch: int):
        self.store, self.loader, self.pipeline = store, loader, pipeline
        self.articles_per_batch = articles_per_batch
        self.summary = LoadSummary()
        self.batch, self.hashes, self.seeded = GraphBatch(), [], False

    def add(self, item: Item, outcome: Outcome) -> None:
        if isinstance(item, ReadProblem):
            self.summary.skipped.append(item)
            return
        if isinstance(outcome, str):
            self._skip(item, outcome)
            return
        if not self.seeded:  # only when something is new: a re-load of nothing new reads no entity
            self.pipeline.seed(self.store)
            self.seeded = True
        try:
            rows = self.pipeline.graph_rows(outcome)
        except Exception as error:  # one bad article never stops the others
            self._skip(item, one_line(error))
            return
        self.batch.extend(rows)
        self.hashes.append(hash_row(item))
        self.summary.articles += 1
        self.summary.events += len(outcome.events)
        if len(self.hashes) >= self.articles_per_batch:
            self.flush()

    def _skip(self, article: Article, message: str) -> None:
        self.summary.skipped.append(ReadProblem(article.source or article.id, None, f"extraction failed: {message}"))

    def flush(self) -> None:
        if not self.hashes:
            return
        # rows naming one node or edge twice are combined by the store (store.rows)
        self.summary.add_stats(self.loader.add(self.batch, self.hashes))
        self.batch, self.hashes = GraphBatch(), []


def _changed(items: Iterable[Item], known: dict[str, str], sources: dict[str, str], summary: LoadSummary,
             on_article: Optional[Callable[[int], None]]) -> Iterator[Item]:
    """The items minus the articles stored with the same content hash (counted as unchanged).

    A stored id arriving with other content from another file is noted: two files of one
    name in different folders share an id, and the second adds to the first's article."""
    for item in items:
        if isinstance(item, Article) and item.id in known and known[item.id] == content_hash(item):
            summary.articles += 1
            summary.unchanged += 1
            if on_article:
                on_article(summary.articles)
            continue
        if isinstance(item, Article) and item.id in sources and _file(sources[item.id]) != _file(item.source):
            summary.notes.append(f"article {item.id!r} from {_file(item.source)} adds to the article of that id "
                                 f"stored from {_file(sources[item.id])}: give one file another name if they differ")
        yield item


def _file(source: Optional[str]) -> str:
    """The file of a source ("corpus.jsonl:12" -> "corpus.jsonl")."""
    path, _, line = (source or "").rpartition(":")
    return path if path and line.isdigit() else (source or "")


def load(inputs: Iterable, store, *, published: Optional[date] = None,
         pipeline: Optional[Pipeline] = None, on_article: Optional[Callable[[int], None]] = None,
         articles_per_batch: int = ARTICLES_PER_BATCH, workers: int = 1, reprocess: bool = False) -> LoadSummary:
    """Read, extract, resolve and merge `inputs` (files or folders) into `store`.

    `workers` processes extract (1: this process). Articles stored with the same
    content are not processed again unless `reprocess`.
    """
    pipeline = pipeline or Pipeline()
    store.ensure_schema()
    known = {} if reprocess else store.article_hashes()
    sources = {} if reprocess else store.article_sources()
    with rare_collections(), store.loading() as loader:
        writer = _Writer(store, loader, pipeline, articles_per_batch)
        items = _changed(read_inputs(inputs, published), known, sources, writer.summary, on_article)
        with Extractions(pipeline.extractor, workers) as extractions:
            for item, outcome in extractions.run(items):
                before = writer.summary.articles
                writer.add(item, outcome)
                if on_article and writer.summary.articles > before:
                    on_article(writer.summary.articles)
        writer.flush()
    return writer.summary
