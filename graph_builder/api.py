"""The Python API. Every CLI command is a thin wrapper over one of these.

    import graph_builder as gb
    summary = gb.load(["articles/"], db="graph.db")
    G = gb.to_networkx(db="graph.db")          # networkx.MultiDiGraph
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import networkx as nx

from . import export as exporting
from .model import ENTITY_LABELS
from .pipeline import LoadSummary, Pipeline
from .pipeline import load as run_load
from .resolve.judgements import load_judgements

DEFAULT_DB = "graph.db"
PathLike = Union[str, Path]


def neo4j_settings(uri: Optional[str] = None, database: Optional[str] = None) -> dict:
    """Connection settings for Neo4j; credentials only ever come from the environment."""
    return {
        "uri": uri or os.environ.get("NEO4J_URI") or "bolt://localhost:7687",
        "user": os.environ.get("NEO4J_USER", "neo4j"),
        "password": os.environ.get("NEO4J_PASSWORD"),
        "database": database or os.environ.get("NEO4J_DATABASE"),
    }


def open_store(db: Optional[PathLike] = None, neo4j: Optional[dict] = None, batch_size: Optional[int] = None,
               *, create: bool = False):
    """The embedded store at `db`, or Neo4j when `neo4j` settings are given.

    Only `create=True` (a load) makes a new embedded store: otherwise a path
    holding none raises `StoreError`, so a mistyped path is not read as an empty graph.
    """
    from .store import open_store as open_embedded
    from .store.neo4j_store import Neo4jStore

    if neo4j:
        kwargs = {"batch_size": batch_size} if batch_size else {}
        return Neo4jStore(neo4j["uri"], neo4j["user"], neo4j["password"], neo4j.get("database"), **kwargs)
    path = Path(db or DEFAULT_DB)
    if not create:
        require_store(path)
    return open_embedded(path)


def require_store(path: Path) -> None:
    """Raise `StoreError` unless an embedded store exists at `path`."""
    from .store import StoreError

    if not path.exists():
        raise StoreError(f"no graph store at {path} (load articles first: graph-builder load ... --db {path})")


@contextmanager
def store_for(db: Optional[PathLike] = None, neo4j: Optional[dict] = None, batch_size: Optional[int] = None,
              *, create: bool = False) -> Iterator:
    store = open_store(db, neo4j, batch_size, create=create)
    try:
        yield store
    finally:
        store.close()


def load(inputs: Iterable[PathLike], db: Optional[PathLike] = DEFAULT_DB, *, neo4j: Optional[dict] = None,
         published: Optional[date] = None, judgements: Optional[PathLike] = None,
         batch_size: Optional[int] = None, on_article=None, workers: Optional[int] = None,
         reprocess: bool = False) -> LoadSummary:
    """Read articles from files and folders and merge their graph into the store.

    Extraction runs in `workers` processes (default: one per core; 1 runs it in
    this process); the graph is the same whatever the number. Articles the store
    already holds with the same text and metadata are counted as unchanged and
    not processed again, unless `reprocess` (say after a gazetteer change).
    """
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    pipeline = Pipeline(judgements=load_judgements(Path(judgements)) if judgements else None)
    with store_for(db, neo4j, batch_size, create=True) as store:
        return run_load(inputs, store, published=published, pipeline=pipeline, on_article=on_article,
                        workers=workers, reprocess=reprocess)


def default_workers() -> int:
    """Extraction processes when none are asked for: the number of cores."""
    return os.cpu_count() or 1


def stats(db: Optional[PathLike] = DEFAULT_DB, neo4j: Optional[dict] = None) -> dict[str, int]:
    """Node counts by label and relationship counts by type."""
    with store_for(db, neo4j) as store:
        return store.counts()


def query(cypher: str, params: Optional[dict] = None, db: Optional[PathLike] = DEFAULT_DB,
          neo4j: Optional[dict] = None) -> tuple[list[str], list[list]]:
    """Run Cypher with parameters; returns (column names, rows). A `$parameter` the Cypher
    uses and `params` lacks raises `QueryError` before any store is opened."""
    from .store.queries import check_parameters

    check_parameters(cypher, params or {})
    with store_for(db, neo4j) as store:
        return store.query(cypher, params or {})


def named_query(name: str, params: Optional[dict] = None, db: Optional[PathLike] = DEFAULT_DB,
                neo4j: Optional[dict] = None) -> tuple[list[str], list[list]]:
    """Run the library query `name` (cypher/queries/NAME.cypher); returns (column names, rows).

    Parameters are checked before any store is opened: a missing or unknown one
    raises `QueryError` (a ValueError) with a one-line message. A parameter that
    names an actor (`// param: threat :Person|Organization`) is looked up as
    `resolve --explain` places a mention of it, and the query gets the stored
    actor's id: "ISIL" finds the Islamic State the articles wrote "Daesh". A name
    no stored actor of those labels has raises `UnknownName` (a `QueryError`).
    """
    from .store import queries

    values = queries.bind(name, params)
    actors = queries.query_info(name).actors
    with store_for(db, neo4j) as store:
        if actors:
            values = _actor_ids(values, actors, store)
        return store.query(queries.load_query(name, store.dialect), values)


def _actor_ids(values: dict, actors: dict[str, tuple[str, ...]], store) -> dict:
    """`values` with each parameter naming an actor replaced by the id of the stored actor it names."""
    from .resolve.lookup import StoredNames
    from .store.queries import QueryError, unknown_name

    wanted = [label for label in ENTITY_LABELS if any(label in labels for labels in actors.values())]
    names = StoredNames(store.entities(wanted))
    values = dict(values)
    for param, labels in actors.items():
        value = values[param]
        if not isinstance(value, str):
            continue
        literal = names.literal(value, labels)
        if len(literal) > 1:
            continue  # the query's own match takes every actor written so, as it always has
        found = literal or names.resolved(value, labels)
        if not found:
            raise unknown_name(value, labels)
        if len(found) > 1:
            raise QueryError(f"{value!r} could be any of {', '.join(found)}; give one id (-p {param}=ID)")
        values[param] = found[0]
    return values


def sync(db: Optional[PathLike] = DEFAULT_DB, neo4j: Optional[dict] = None):
    """Copy the embedded store at `db` into Neo4j without reading any article again.

    `neo4j` holds connection settings (see `neo4j_settings`, the default).
    Returns the target's `WriteStats`; syncing twice changes no count.
    """
    from .store import EmbeddedStore
    from .store import sync as copy_store

    path = Path(db or DEFAULT_DB)
    require_store(path)
    source = EmbeddedStore(path, read_only=True)
    try:
        with store_for(None, neo4j or neo4j_settings()) as target:
            return copy_store(source, target)
    finally:
        source.close()


def to_networkx(db: Optional[PathLike] = DEFAULT_DB, neo4j: Optional[dict] = None) -> nx.MultiDiGraph:
    """The whole stored graph as a networkx MultiDiGraph (node and edge keys are ids)."""
    with store_for(db, neo4j) as store:
        return exporting.to_networkx(store.iter_nodes(), store.iter_edges())


def export(path: PathLike, fmt: str = "json", db: Optional[PathLike] = DEFAULT_DB,
           neo4j: Optional[dict] = None) -> nx.MultiDiGraph:
    """Write the stored graph to `path` as json (node-link), graphml or gexf."""
    graph = to_networkx(db, neo4j)
    exporting.write(graph, Path(path), fmt)
    return graph


def evaluate(gold: PathLike, inputs: Iterable[PathLike], *, published: Optional[date] = None,
             judgements: Optional[PathLike] = None):
    """Load `inputs` into a throw-away embedded store and score the graph against `gold`.

    Returns (report, load summary); see `graph_builder.eval` for the report.
    """
    import tempfile

    from .eval import load_gold, score

    gold_articles = load_gold(Path(gold))
    with tempfile.TemporaryDirectory(prefix="graph-builder-eval-") as folder:
        db = Path(folder) / "eval.db"
        summary = load(inputs, db, published=published, judgements=judgements)
        graph = to_networkx(db)
    return score(graph, gold_articles), summary


# --- analyst judgements: review, decisions, explanations ----------------------


def default_who() -> str:
    """Who records a judgement when no name is given: the login name."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def _judgements(path: Optional[PathLike]):
    return load_judgements(Path(path)) if path else load_judgements()


@contextmanager
def judging(db: Optional[PathLike] = DEFAULT_DB, neo4j: Optional[dict] = None,
            judgements: Optional[PathLike] = None, who: Optional[str] = None) -> Iterator:
    """A `graph_builder.store.merge.Judging` on the store: `.pairs()` to review,
    `.context(entity)`, `.decide(a, b, judgement)`, `.apply_file(path)`."""
    from .store.merge import Judging

    recorded = _judgements(judgements)
    with store_for(db, neo4j) as store:
        yield Judging(store, recorded, who or default_who())


def review(db: Optional[PathLike] = DEFAULT_DB, neo4j: Optional[dict] = None,
           judgements: Optional[PathLike] = None) -> list:
    """Unjudged pairs of same-label entities whose names score in the uncertain band, best first."""
    with judging(db, neo4j, judgements) as session:
        return session.pairs()


def decide(a: str, b: str, judgement: str, *, who: Optional[str] = None, label: Optional[str] = None,
           db: Optional[PathLike] = DEFAULT_DB, neo4j: Optional[dict] = None,
           judgements: Optional[PathLike] = None) -> str:
    """Judge two entities (ids or names) same, different or unsure; `same` merges them in the
    store, `different` between two names of one entity splits it. Returns what changed."""
    with judging(db, neo4j, judgements, who) as session:
        return session.decide(a, b, judgement, label)


def apply_decisions(path: PathLike, *, who: Optional[str] = None, db: Optional[PathLike] = DEFAULT_DB,
                    neo4j: Optional[dict] = None, judgements: Optional[PathLike] = None) -> list[str]:
    """Apply and record every decision of a decisions file (JSON lines {"a", "b", "judgement"})."""
    with judging(db, neo4j, judgements, who) as session:
        return session.apply_file(Path(path))


def explain(name: str, label: Optional[str] = None, db: Optional[PathLike] = DEFAULT_DB,
            neo4j: Optional[dict] = None, judgements: Optional[PathLike] = None) -> list:
    """Why a mention named `name` lands where it does: one `Explanation` per label it can have."""
    from .gazetteer import default_gazetteer
    from .resolve import Resolver
    from .resolve.explain import explain as explain_name

    resolver = Resolver(default_gazetteer(), _judgements(judgements))
    with store_for(db, neo4j) as store:
        resolver.seed(store.entities())
    return explain_name(resolver, name, label)
