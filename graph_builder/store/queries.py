"""The query library: analyst questions kept as Cypher files in cypher/queries/.

A file NAME.cypher opens with its question and declares its parameters:

    // Who shares intelligence with an agency or country?
    // param: actor  the agency or country: id, name or alias, any case
    MATCH ...

The files are written in Neo4j's Cypher and checked by its front end
(`graph_builder.store.lint`). The embedded store runs the same text, except
where its dialect differs: `LADYBUG_REWRITES` below is the one place that says
how, and why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

from .lint import CYPHER_DIR, PARAM_LINE

QUERY_DIR = CYPHER_DIR / "queries"
DIALECTS = ("neo4j", "ladybug")
QUESTION_LINE = re.compile(r"^\s*//\s*(.+?)\s*$")
PARAM_DESCRIPTION = re.compile(PARAM_LINE.pattern + r"[ \t]*(.*?)[ \t]*$", re.MULTILINE)
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


@dataclass(frozen=True)
class QueryInfo:
    question: str
    params: dict[str, str]  # parameter name -> description, in file order
    path: Path


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
    params = {m.group(1): m.group(2) for m in PARAM_DESCRIPTION.finditer(text)}
    return QueryInfo(question.group(1), params, path)


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


def is_query_name(text: str) -> bool:
    """A bare word names a library query; anything else is Cypher."""
    return bool(QUERY_NAME.match(text.strip()))
