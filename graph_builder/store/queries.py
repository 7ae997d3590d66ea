"""The query library: analyst questions kept as Cypher files in cypher/queries/.

A file NAME.cypher opens with its question and declares its parameters:

    // Who shares intelligence with an agency or country?
    // param: actor :Agency|Country  the agency or country: id or any name of it
    MATCH ...

A parameter followed by `:Label|Label` names a stored actor of those labels
(`QueryInfo.actors`). Before the query runs, `graph_builder.api.named_query`
looks its value up as the resolver would place a mention of it and gives the
query the actor's id, so any spelling or script the resolver knows finds it.

The files are written in Neo4j's Cypher and checked by its front end
(`graph_builder.store.lint`). The embedded store runs the same text, except
where its dialect differs: `LADYBUG_REWRITES` below is the one place that says
how, and why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from .. import schema
from ..model import ENTITY_LABELS
from .cypher import LADYBUG_TYPES
from .lint import CYPHER_DIR, PARAM_LINE

QUERY_DIR = CYPHER_DIR / "queries"
DIALECTS = ("neo4j", "ladybug")
QUESTION_LINE = re.compile(r"^\s*//\s*(.+?)\s*$")
# the parameter's name, the labels of the actor it names (":Agency|Country", optional), its description
PARAM_DESCRIPTION = re.compile(PARAM_LINE.pattern + r"(?:[ \t]+:([\w|]+))?[ \t]*(.*?)[ \t]*$", re.MULTILINE)
QUERY_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# (pattern, replacement, why) applied in order to a library text for the embedded store.
LADYBUG_REWRITES: tuple[tuple[re.Pattern, str, str], ...] = (
    (
        re.compile(r"\blabels\(\s*(\w+)\s*\)\s*\[\s*0\s*\]"),
        r"label(\1)",
        "labels(n) is a string there, not a list; label(n) names the node's table",
    ),
    (
        re.compile(r"\btype\(\s*(\w+)\s*\)"),
        r"label(\1)",
        "there is no type(r); label(r) names the relationship's table",
    ),
    (
        re.compile(r"\brange\(\s*0\s*,\s*size\(\s*([\w.]+)\s*\)\s*-\s*1\s*\)"),
        r"range(1, size(\1))",
        "lists are indexed from 1, so the positions of a list run from 1 to its size",
    ),
)


class QueryError(ValueError):
    """An unknown query, a missing or unknown parameter, a malformed query file; one line."""


class UnknownName(QueryError):
    """A parameter naming an actor names none the store holds."""


def unknown_name(value: str, labels: tuple[str, ...]) -> UnknownName:
    what = "actor" if set(labels) == set(ENTITY_LABELS) else " or ".join(label.lower() for label in labels)
    return UnknownName(f"no stored {what} is named {value!r}")


@dataclass(frozen=True)
class QueryInfo:
    question: str
    params: dict[str, str]  # parameter name -> description, in file order
    path: Path
    actors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # parameter naming an actor -> its labels


def list_queries(folder: Path = QUERY_DIR) -> dict[str, QueryInfo]:
    """Every library query by name, in name order."""
    found = {}
    for path in sorted(folder.glob("*.cypher")):
        if not QUERY_NAME.match(path.stem):
            raise QueryError(f"{path}: a query name is made of letters, digits and _")
        found[path.stem] = _info(path)
    return found


def _info(path: Path) -> QueryInfo:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text.strip() else ""
    question = QUESTION_LINE.match(first)
    if not question or PARAM_LINE.match(first):
        raise QueryError(f"{path}:1: a query file opens with a `// question` line")
    params, actors = {}, {}
    for found in PARAM_DESCRIPTION.finditer(text):
        name, labels, description = found.groups()
        params[name] = description
        if labels:
            actors[name] = tuple(labels.split("|"))
            unknown = [label for label in actors[name] if label not in ENTITY_LABELS]
            if unknown or len(set(actors[name])) < len(actors[name]):
                raise QueryError(f"{path}: parameter {name} names an actor of the labels "
                                 f"{', '.join(ENTITY_LABELS)}, each once; got :{labels}")
    return QueryInfo(question.group(1), params, path, actors)


def query_info(name: str, folder: Path = QUERY_DIR) -> QueryInfo:
    queries = list_queries(folder)
    if name not in queries:
        raise QueryError(f"unknown query {name!r}; known: {', '.join(queries) or 'none'}")
    return queries[name]


def load_query(name: str, dialect: str = "neo4j", folder: Path = QUERY_DIR) -> str:
    """The text of query `name` for `dialect` ("neo4j" or "ladybug")."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown Cypher dialect {dialect!r}")
    text = query_info(name, folder).path.read_text(encoding="utf-8").strip().rstrip(";")
    return to_ladybug(text) if dialect == "ladybug" else text


def to_ladybug(text: str) -> str:
    for pattern, replacement, _why in LADYBUG_REWRITES:
        text = pattern.sub(replacement, text)
    return text


def bind(name: str, params: Optional[dict], folder: Path = QUERY_DIR) -> dict:
    """The parameters for query `name`, checked: none missing, none unknown.

    Dates may be given as `datetime.date`; the queries take ISO strings.
    """
    params = dict(params or {})
    declared = query_info(name, folder).params
    missing = [p for p in declared if p not in params]
    if missing:
        raise QueryError(
            f"query {name!r} needs parameter{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (-p NAME=VALUE)"
        )
    unknown = sorted(set(params) - set(declared))
    if unknown:
        takes = ", ".join(declared) or "none"
        raise QueryError(f"query {name!r} has no parameter {', '.join(unknown)}; it takes {takes}")
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}


# What may hold a "$" that is no parameter: string literals and comments.
_NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.DOTALL)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def check_parameters(cypher: str, params: dict) -> None:
    """Raise `QueryError` for a `$parameter` the Cypher uses and `params` does not give:
    a store would read it as null and answer with nothing, which looks like "no result"."""
    used = set(_PARAMETER.findall(_NOT_CODE.sub(" ", cypher)))
    missing = sorted(used - set(params))
    if missing:
        raise QueryError("parameter " + ", ".join(f"${m}" for m in missing) + " is used but not given"
                         + "".join(f" (-p {m}=VALUE)" for m in missing[:1]))


def is_query_name(text: str) -> bool:
    """A bare word names a library query; anything else is Cypher."""
    return bool(QUERY_NAME.match(text.strip()))


# --- bulk creation from a staged file ------------------------------------------
# The loaders create rows that are new to the store from a CSV file they wrote
# themselves, one file per node label and per (relationship, source label,
# target label). Neo4j's form of that statement is LOAD CSV ... CREATE, which the
# linter checks (`graph_builder.store.lint`); the embedded store runs the same
# load as COPY ... FROM (LOAD WITH HEADERS ...), its own bulk import, with the
# file's path written into the text because it takes no parameter there. Both
# forms are built from one `StagedTable`, so they read the same columns.

# Joins the items of a list column; rows holding it never reach a staged file.
BULK_SEPARATOR = "\x1f"
# Characters a staged file's path may hold: it is written into the COPY text.
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_./+-]+$")
_NEO4J_CASTS = {"DATE": "date", "DOUBLE": "toFloat", "INT64": "toInteger", "BOOLEAN": "toBoolean"}


@dataclass(frozen=True)
class StagedTable:
    """What a staged file holds: a node label's rows, or one relationship group's."""

    table: str  # node label or relationship type, from the schema
    columns: tuple[tuple[str, str], ...]  # (property, schema type); a relationship's ends apart
    pair: Optional[tuple[str, str]] = None  # (source label, target label) for relationships

    @property
    def header(self) -> tuple[str, ...]:
        """The file's columns in order: `src` and `dst` first for a relationship."""
        ends = ("src", "dst") if self.pair else ()
        return ends + tuple(name for name, _ in self.columns)


def safe_path(path: str) -> bool:
    """Whether a staged file's path may be written into the embedded store's COPY text."""
    return bool(_SAFE_PATH.match(path))


def staged_table(table: str, pair: Optional[tuple[str, str]] = None) -> StagedTable:
    if pair is None:
        props = schema.node_type(schema.check_label(table)).props
    else:
        rel = schema.rel_type(schema.check_rel(table))
        pair = (schema.check_label(pair[0]), schema.check_label(pair[1]))
        if pair not in rel.pairs:
            raise ValueError(f"{table} does not link {pair[0]} to {pair[1]}")
        props = rel.props
    return StagedTable(table, tuple((p.name, p.type) for p in props), pair)


def staged_tables() -> list[StagedTable]:
    """Every table a load can stage: one per node label and per relationship group."""
    tables = [staged_table(n.label) for n in schema.NODE_TYPES]
    tables += [staged_table(r.type, pair) for r in schema.REL_TYPES for pair in r.pairs]
    return tables


def bulk_create(table: StagedTable, dialect: str, path: Optional[str] = None) -> tuple[str, tuple[str, ...]]:
    """(text, parameters) creating every row of a staged file in `dialect`.

    Neo4j's form takes the file as `$file` and the list separator as `$sep`;
    the embedded store's form takes no parameter and needs `path`, which must
    be made of letters, digits and `_./+-` only.
    """
    if dialect == "neo4j":
        return _neo4j_bulk_create(table), ("file", "sep")
    if dialect != "ladybug":
        raise ValueError(f"unknown Cypher dialect {dialect!r}")
    if path is None or not safe_path(path):
        raise ValueError(f"a staged file's path must match {_SAFE_PATH.pattern}, got {path!r}")
    return _ladybug_bulk_create(table, path), ()


def _neo4j_bulk_create(table: StagedTable) -> str:
    def value(name: str, type_: str) -> str:
        field = f"row.{name}"
        if type_ == "STRING[]":
            return f"coalesce(split({field}, $sep), [])"
        if type_ in _NEO4J_CASTS:
            return f"{_NEO4J_CASTS[type_]}({field})"
        return field

    var = "r" if table.pair else "n"
    sets = ",\n    ".join(f"{var}.{name} = {value(name, type_)}" for name, type_ in table.columns)
    lines = ["LOAD CSV WITH HEADERS FROM $file AS row"]
    if table.pair:
        lines += [
            f"MATCH (a:{table.pair[0]} {{id: row.src}})",
            f"MATCH (b:{table.pair[1]} {{id: row.dst}})",
            f"CREATE (a)-[r:{table.table}]->(b)",
        ]
    else:
        lines.append(f"CREATE (n:{table.table})")
    lines.append(f"SET {sets}")
    return "\n".join(lines)


def _ladybug_bulk_create(table: StagedTable, path: str) -> str:
    # Every field is quoted in the file, so an absent value reads as ''; rows
    # holding an empty string are never staged.
    def value(name: str, type_: str) -> str:
        field = f"nullif({name}, '')"
        if type_ == "STRING":
            return field
        if type_ == "STRING[]":
            return f"coalesce(string_split({field}, '{BULK_SEPARATOR}'), CAST([] AS STRING[]))"
        return f"CAST({field} AS {LADYBUG_TYPES[type_]})"

    ends = [("src", "STRING"), ("dst", "STRING")] if table.pair else []
    header = ", ".join(f"{name} STRING" for name in table.header)
    values = ", ".join(value(name, type_) for name, type_ in ends + list(table.columns))
    options = f" (from='{table.pair[0]}', to='{table.pair[1]}')" if table.pair else ""
    columns = ", ".join(name for name, _ in table.columns)
    return (
        f"COPY {table.table} ({columns}) FROM (\n"
        f"LOAD WITH HEADERS ({header}) FROM '{path}' (header=true, escape='\"')\n"
        f"RETURN {values}){options}"
    )
