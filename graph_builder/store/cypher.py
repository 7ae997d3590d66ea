"""Every Cypher statement the stores send, generated from `graph_builder.schema`.

Labels, relationship types and property names come only from the schema
(checked with `schema.check_label` / `schema.check_rel`); values travel only as
`$parameters`. Each `Statement` declares the parameters the loaders pass to it,
so the Cypher linter can tell a missing parameter from a declared one.

Two dialects: "neo4j" and "ladybug" (the embedded store). They share the
statement shapes; what differs is collected in the `Dialect` records below.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .. import schema
from ..schema import Prop

LADYBUG_TYPES = {
    "STRING": "STRING",
    "STRING[]": "STRING[]",
    "DATE": "DATE",
    "DOUBLE": "DOUBLE",
    "INT64": "INT64",
    "BOOLEAN": "BOOLEAN",
}

# How each property combines a stored value with a new one on merge. The
# schema marks list unions with `accumulate`; the rules below cover what it
# does not express yet.
STAMP = "lastupdated"  # set by the store to the load time, never taken from rows
MAX_PROPS = frozenset({"confidence"})  # the best evidence wins
OR_PROPS = frozenset({"mutual"})  # once seen as mutual, it stays mutual
ALIGNED = schema.ALIGNED  # follower list -> key list: the follower grows only with new keys


def merge_rule(prop: Prop) -> str:
    """One of: key, stamp, aligned, union, max, or, overwrite."""
    if prop.name == "id":
        return "key"
    if prop.name == STAMP:
        return "stamp"
    if prop.name in ALIGNED:
        return "aligned"
    if prop.accumulate:
        return "union"
    if prop.name in MAX_PROPS:
        return "max"
    if prop.name in OR_PROPS:
        return "or"
    return "overwrite"


@dataclass(frozen=True)
class Statement:
    name: str
    text: str
    params: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dialect:
    """Everything that differs between Neo4j and the embedded store."""

    name: str
    # Wraps a row value before it is stored.
    value: Callable[[str, str], str]
    # The items of list `new` that list `stored` lacks, in their order.
    new_items: Callable[[str, str], str]
    # New `follow` items whose `key` at the same position is not stored yet.
    aligned_new: Callable[[str, str, str], str]
    schema: Callable[[], list[Statement]]


def _neo4j_schema() -> list[Statement]:
    statements = []
    for node in schema.NODE_TYPES:
        label = schema.check_label(node.label)
        statements.append(Statement(
            f"constraint {label}.id",
            f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.id IS UNIQUE",
        ))
        for prop in node.props:
            if prop.indexed:
                statements.append(Statement(
                    f"index {label}.{prop.name}",
                    f"CREATE INDEX {label.lower()}_{prop.name} IF NOT EXISTS "
                    f"FOR (n:{label}) ON (n.{prop.name})",
                ))
    for rel in schema.REL_TYPES:
        rtype = schema.check_rel(rel.type)
        for prop in rel.props:
            if prop.name == "id" or prop.indexed:
                statements.append(Statement(
                    f"index {rtype}.{prop.name}",
                    f"CREATE INDEX {rtype.lower()}_{prop.name} IF NOT EXISTS "
                    f"FOR ()-[r:{rtype}]-() ON (r.{prop.name})",
                ))
    return statements


def _ladybug_columns(props: tuple[Prop, ...]) -> str:
    return ", ".join(f"{p.name} {LADYBUG_TYPES[p.type]}" for p in props)


def _ladybug_schema() -> list[Statement]:
    statements = []
    for node in schema.NODE_TYPES:
        label = schema.check_label(node.label)
        statements.append(Statement(
            f"table {label}",
            f"CREATE NODE TABLE IF NOT EXISTS {label}"
            f"({_ladybug_columns(node.props)}, PRIMARY KEY(id))",
        ))
    for rel in schema.REL_TYPES:
        rtype = schema.check_rel(rel.type)
        pairs = ", ".join(
            f"FROM {schema.check_label(a)} TO {schema.check_label(b)}" for a, b in rel.pairs
        )
        statements.append(Statement(
            f"table {rtype}",
            f"CREATE REL TABLE IF NOT EXISTS {rtype}({pairs}, {_ladybug_columns(rel.props)})",
        ))
    # Stores created before a property joined the schema gain its column.
    for table, props in _tables():
        for prop in props:
            statements.append(Statement(
                f"column {table}.{prop.name}",
                f"ALTER TABLE {table} ADD IF NOT EXISTS {prop.name} {LADYBUG_TYPES[prop.type]}",
            ))
    return statements


def _tables() -> list[tuple[str, tuple[Prop, ...]]]:
    return [(n.label, n.props) for n in schema.NODE_TYPES] + [
        (r.type, r.props) for r in schema.REL_TYPES
    ]


NEO4J = Dialect(
    name="neo4j",
    value=lambda expr, _type: expr,
    new_items=lambda stored, new: f"[x IN {new} WHERE NOT x IN {stored}]",
    aligned_new=lambda stored_key, new_key, new_follow: (
        f"[i IN range(0, size({new_key}) - 1) WHERE NOT {new_key}[i] IN {stored_key} | {new_follow}[i]]"
    ),
    # Neo4j keeps ids unique with constraints and finds values through indexes.
    schema=_neo4j_schema,
)

LADYBUG = Dialect(
    name="ladybug",
    # The embedded store infers a parameter's type from the Python values; a
    # field that is null in every row of a batch would be taken as STRING and
    # refused by a DATE or BOOLEAN column, so typed values are cast.
    value=lambda expr, type_: expr if type_ == "STRING" else f"CAST({expr} AS {LADYBUG_TYPES[type_]})",
    # No list comprehensions in the embedded store: list_filter with a lambda
    # does the same. Its lists are 1-based.
    new_items=lambda stored, new: f"list_filter({new}, x -> NOT list_contains({stored}, x))",
    aligned_new=lambda stored_key, new_key, new_follow: (
        f"list_transform(list_filter(range(1, size({new_key})), "
        f"i -> NOT list_contains({stored_key}, {new_key}[i])), i -> {new_follow}[i])"
    ),
    # The embedded store needs typed tables; the primary key is its id index.
    schema=_ladybug_schema,
)

DIALECTS = {d.name: d for d in (NEO4J, LADYBUG)}


def dialect(name: str) -> Dialect:
    try:
        return DIALECTS[name]
    except KeyError:
        raise ValueError(f"unknown Cypher dialect {name!r}") from None


# --- writes ----------------------------------------------------------------


def _assignments(var: str, props: tuple[Prop, ...], d: Dialect) -> str:
    """SET items merging `row` into `var`; one expression serves create and match."""
    types = {p.name: p.type for p in props}
    items = []
    for prop in _ordered_for_set(props):
        rule = merge_rule(prop)
        stored = f"{var}.{prop.name}"
        new = d.value(f"row.{prop.name}", prop.type)
        if rule == "key":
            continue
        if rule == "stamp":
            expr = "$now"
        elif rule == "union":
            expr = f"coalesce({stored}, []) + {d.new_items(f'coalesce({stored}, [])', new)}"
        elif rule == "aligned":
            key = ALIGNED[prop.name]
            stored_key = f"coalesce({var}.{key}, [])"
            new_key = d.value(f"row.{key}", types[key])
            expr = f"coalesce({stored}, []) + {d.aligned_new(stored_key, new_key, new)}"
        elif rule == "max":
            expr = f"CASE WHEN {stored} IS NULL OR {new} > {stored} THEN {new} ELSE {stored} END"
        elif rule == "or":
            expr = f"(coalesce({new}, false) OR coalesce({stored}, false))"
        else:
            expr = f"coalesce({new}, {stored})"
        items.append(f"{stored} = {expr}")
    return ",\n    ".join(items)


def _ordered_for_set(props: tuple[Prop, ...]) -> list[Prop]:
    # An aligned list reads the stored key list, so it is set before the key
    # list itself changes.
    keys = set(ALIGNED.values())
    return sorted(props, key=lambda p: p.name in keys)


def _set_nodes(label: str, dialect_name: str, clause: str, returning: str) -> tuple[str, Dialect]:
    """UNWIND the rows, find each node by `clause` (MERGE or MATCH), set its properties."""
    d = dialect(dialect_name)
    node = schema.node_type(schema.check_label(label))
    text = (
        "UNWIND $rows AS row\n"
        f"{clause} (n:{label} {{id: row.id}})\n"
        f"SET {_assignments('n', node.props, d)}{returning}"
    )
    return text, d


@lru_cache(maxsize=None)
def merge_nodes(label: str, dialect_name: str) -> Statement:
    text, d = _set_nodes(label, dialect_name, "MERGE", "")
    return Statement(f"merge {label} ({d.name})", text, ("rows", "now"))


@lru_cache(maxsize=None)
def update_nodes(label: str, dialect_name: str) -> Statement:
    """`merge_nodes` for the rows whose node exists; returns the ids it found.

    The embedded store finds a node by its key far faster through MATCH than through
    MERGE (13 times at 100k Article nodes), so its load matches first and merges only
    the rows that were not found.
    """
    text, d = _set_nodes(label, dialect_name, "MATCH", "\nRETURN n.id")
    return Statement(f"update {label} ({d.name})", text, ("rows", "now"))


@lru_cache(maxsize=None)
def existing_nodes(label: str) -> Statement:
    schema.check_label(label)
    text = f"UNWIND $ids AS id\nMATCH (n:{label} {{id: id}})\nRETURN n.id"
    return Statement(f"existing {label}", text, ("ids",))


# Keys of an edge row besides its properties: the ids of its two ends.
EDGE_ROW_KEYS = ("src", "dst")


def _check_pair(rtype: str, src: str, dst: str) -> None:
    rel = schema.rel_type(schema.check_rel(rtype))
    if (schema.check_label(src), schema.check_label(dst)) not in rel.pairs:
        raise ValueError(f"{rtype} does not link {src} to {dst}")


def _rel_pattern(rtype: str, src: str, dst: str) -> str:
    _check_pair(rtype, src, dst)
    return f"(a:{src} {{id: row.src}})-[r:{rtype} {{id: row.id}}]->(b:{dst} {{id: row.dst}})"


@lru_cache(maxsize=None)
def merge_edges(rtype: str, src: str, dst: str, dialect_name: str) -> Statement:
    """Merges rows into edges; rows whose endpoints are missing are not counted."""
    d = dialect(dialect_name)
    _check_pair(rtype, src, dst)
    rel = schema.rel_type(rtype)
    # MATCH each end by label so that the id lookup uses the key index.
    text = (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{src} {{id: row.src}})\n"
        f"MATCH (b:{dst} {{id: row.dst}})\n"
        f"MERGE (a)-[r:{rtype} {{id: row.id}}]->(b)\n"
        f"SET {_assignments('r', rel.props, d)}\n"
        "RETURN count(r)"
    )
    return Statement(f"merge {src}-{rtype}->{dst} ({d.name})", text, ("rows", "now"))


@lru_cache(maxsize=None)
def existing_edges(rtype: str, src: str, dst: str) -> Statement:
    text = (
        "UNWIND $rows AS row\n"
        f"MATCH {_rel_pattern(rtype, src, dst)}\n"
        "RETURN DISTINCT row.src, row.dst, row.id"
    )
    return Statement(f"existing {src}-{rtype}->{dst}", text, ("rows",))


# --- reads -----------------------------------------------------------------


def _columns(var: str, props: tuple[Prop, ...]) -> str:
    return ", ".join(f"{var}.{p.name}" for p in props)


@lru_cache(maxsize=None)
def node_page(label: str) -> Statement:
    """Nodes after a given id, in id order: pages that never skip or repeat."""
    node = schema.node_type(schema.check_label(label))
    text = (
        f"MATCH (n:{label})\n"
        "WHERE n.id > $after\n"
        f"RETURN {_columns('n', node.props)}\n"
        "ORDER BY n.id\n"
        "LIMIT $limit"
    )
    return Statement(f"page {label}", text, ("after", "limit"))


@lru_cache(maxsize=None)
def node_id_page(label: str) -> Statement:
    schema.check_label(label)
    text = f"MATCH (n:{label})\nWHERE n.id > $after\nRETURN n.id\nORDER BY n.id\nLIMIT $limit"
    return Statement(f"page {label} ids", text, ("after", "limit"))


@lru_cache(maxsize=None)
def edges_from(rtype: str, src: str, dst: str) -> Statement:
    """The edges leaving a page of source nodes, looked up by key."""
    _check_pair(rtype, src, dst)
    rel = schema.rel_type(rtype)
    text = (
        "UNWIND $ids AS id\n"
        f"MATCH (a:{src} {{id: id}})-[r:{rtype}]->(b:{dst})\n"
        f"RETURN a.id, b.id, {_columns('r', rel.props)}\n"
        "ORDER BY a.id, r.id"
    )
    return Statement(f"edges {src}-{rtype}->{dst}", text, ("ids",))


PING = Statement("ping", "RETURN 1")


@lru_cache(maxsize=None)
def clear_label(label: str) -> Statement:
    schema.check_label(label)
    return Statement(f"clear {label}", f"MATCH (n:{label})\nDETACH DELETE n")


@lru_cache(maxsize=None)
def count_nodes(label: str) -> Statement:
    schema.check_label(label)
    return Statement(f"count {label}", f"MATCH (n:{label})\nRETURN count(n)")


@lru_cache(maxsize=None)
def count_edges(rtype: str) -> Statement:
    schema.check_rel(rtype)
    return Statement(f"count {rtype}", f"MATCH ()-[r:{rtype}]->()\nRETURN count(r)")


# --- edits: merging and splitting entities ---------------------------------
# Rows reach these statements already complete: `put_*` replace properties
# (lists included) instead of merging them, so a split can take an alias or a
# sentence away from a node or an edge.


@lru_cache(maxsize=None)
def nodes_by_id(label: str) -> Statement:
    node = schema.node_type(schema.check_label(label))
    text = f"UNWIND $ids AS id\nMATCH (n:{label} {{id: id}})\nRETURN {_columns('n', node.props)}"
    return Statement(f"nodes {label} by id", text, ("ids",))


@lru_cache(maxsize=None)
def edges_to(rtype: str, src: str, dst: str) -> Statement:
    """The edges entering a page of target nodes, looked up by key."""
    _check_pair(rtype, src, dst)
    rel = schema.rel_type(rtype)
    text = (
        "UNWIND $ids AS id\n"
        f"MATCH (a:{src})-[r:{rtype}]->(b:{dst} {{id: id}})\n"
        f"RETURN a.id, b.id, {_columns('r', rel.props)}\n"
        "ORDER BY b.id, r.id"
    )
    return Statement(f"edges {src}-{rtype}->{dst} by target", text, ("ids",))


def _put(var: str, props: tuple[Prop, ...], d: Dialect) -> str:
    items = []
    for prop in props:
        rule = merge_rule(prop)
        if rule == "key":
            continue
        value = "$now" if rule == "stamp" else d.value(f"row.{prop.name}", prop.type)
        items.append(f"{var}.{prop.name} = {value}")
    return ",\n    ".join(items)


@lru_cache(maxsize=None)
def put_nodes(label: str, dialect_name: str) -> Statement:
    """Replaces every property of existing nodes with the row's values."""
    d = dialect(dialect_name)
    node = schema.node_type(schema.check_label(label))
    text = (
        "UNWIND $rows AS row\n"
        f"MATCH (n:{label} {{id: row.id}})\n"
        f"SET {_put('n', node.props, d)}\n"
        "RETURN count(n)"
    )
    return Statement(f"put {label} ({d.name})", text, ("rows", "now"))


@lru_cache(maxsize=None)
def put_edges(rtype: str, src: str, dst: str, dialect_name: str) -> Statement:
    """Replaces every property of existing edges with the row's values."""
    d = dialect(dialect_name)
    rel = schema.rel_type(schema.check_rel(rtype))
    text = (
        "UNWIND $rows AS row\n"
        f"MATCH {_rel_pattern(rtype, src, dst)}\n"
        f"SET {_put('r', rel.props, d)}\n"
        "RETURN count(r)"
    )
    return Statement(f"put {src}-{rtype}->{dst} ({d.name})", text, ("rows", "now"))


@lru_cache(maxsize=None)
def delete_edges(rtype: str, src: str, dst: str) -> Statement:
    text = f"UNWIND $rows AS row\nMATCH {_rel_pattern(rtype, src, dst)}\nDELETE r"
    return Statement(f"delete {src}-{rtype}->{dst}", text, ("rows",))


@lru_cache(maxsize=None)
def delete_node(label: str) -> Statement:
    schema.check_label(label)
    return Statement(f"delete {label}", f"MATCH (n:{label} {{id: $id}})\nDETACH DELETE n", ("id",))


def edit_statements(dialect_name: str) -> list[Statement]:
    """The statements merging and splitting entities can send."""
    statements = []
    for node in schema.NODE_TYPES:
        statements += [nodes_by_id(node.label), put_nodes(node.label, dialect_name), delete_node(node.label)]
    for rel in schema.REL_TYPES:
        for src, dst in rel.pairs:
            statements += [
                edges_to(rel.type, src, dst),
                put_edges(rel.type, src, dst, dialect_name),
                delete_edges(rel.type, src, dst),
            ]
    return statements


# --- everything, for the linter and the schema file ------------------------


def schema_statements(dialect_name: str) -> list[Statement]:
    return dialect(dialect_name).schema()


def all_statements(dialect_name: str) -> list[Statement]:
    """Every statement the stores can send in `dialect_name`."""
    statements = [PING, *schema_statements(dialect_name)]
    for node in schema.NODE_TYPES:
        label = node.label
        statements += [
            merge_nodes(label, dialect_name),
            update_nodes(label, dialect_name),
            existing_nodes(label),
            node_page(label),
            node_id_page(label),
            count_nodes(label),
            clear_label(label),
        ]
    for rel in schema.REL_TYPES:
        statements.append(count_edges(rel.type))
        for src, dst in rel.pairs:
            statements += [
                merge_edges(rel.type, src, dst, dialect_name),
                existing_edges(rel.type, src, dst),
                edges_from(rel.type, src, dst),
            ]
    return statements + edit_statements(dialect_name)


SCHEMA_FILE_HEADER = (
    "// Constraints and indexes of the graph in Neo4j.\n"
    "// Generated from graph_builder/schema.py; regenerate with\n"
    "//   python -m graph_builder.store.lint --write-schema\n"
)


def schema_file_text() -> str:
    body = "".join(f"{s.text};\n" for s in schema_statements("neo4j"))
    return SCHEMA_FILE_HEADER + "\n" + body
