"""Turn `NodeRow`s and `EdgeRow`s into the parameter rows the merge statements take.

Values are checked and converted to the schema's property types. Rows naming
the same node or edge are combined here, by the same rules the Cypher merge
applies, because a single `UNWIND ... MERGE` cannot be relied on to see a
node or edge created by an earlier row of the same batch.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Iterable, Optional

from .. import schema
from ..model import EdgeRow, NodeRow
from ..schema import Prop
from .cypher import ALIGNED, merge_rule

NodeGroups = dict[str, list[dict]]  # label -> rows
EdgeGroups = dict[tuple[str, str, str], list[dict]]  # (type, src label, dst label) -> rows


def node_rows(nodes: Iterable[NodeRow]) -> NodeGroups:
    combined: dict[str, dict[str, dict]] = defaultdict(dict)
    for node in nodes:
        label_plan = plan(node.label if node.label in _NODE_LABELS else schema.check_label(node.label))
        row = _values(label_plan, node.props, f"{node.label} {node.id!r}", {"id": _check_id(node.id, node.label)})
        _add(combined[node.label], node.id, row, label_plan)
    return {label: list(rows.values()) for label, rows in combined.items()}


def edge_rows(edges: Iterable[EdgeRow]) -> EdgeGroups:
    combined: dict[tuple[str, str, str], dict[tuple, dict]] = defaultdict(dict)
    checked: dict[tuple[str, str, str], _Plan] = {}  # group -> its plan
    for edge in edges:
        group = (edge.type, edge.src_label, edge.dst_label)
        group_plan = checked.get(group)
        if group_plan is None:
            rel = schema.rel_type(schema.check_rel(edge.type))
            pair = (schema.check_label(edge.src_label), schema.check_label(edge.dst_label))
            if pair not in rel.pairs:
                raise ValueError(f"{edge.type} {edge.id!r}: {edge.type} does not link {pair[0]} to {pair[1]}")
            group_plan = checked[group] = plan(edge.type)
        if not (edge.src and edge.dst and edge.id and type(edge.src) is type(edge.dst) is type(edge.id) is str):
            what = f"{edge.type} {edge.id!r}"
            _check_id(edge.src, what), _check_id(edge.dst, what), _check_id(edge.id, what)
        row = _values(group_plan, edge.props, edge, {"src": edge.src, "dst": edge.dst, "id": edge.id})
        _add(combined[group], (edge.src, edge.dst, edge.id), row, group_plan)
    return {group: list(rows.values()) for group, rows in combined.items()}


def edge_keys(rows: list[dict]) -> list[dict]:
    return [{"src": r["src"], "dst": r["dst"], "id": r["id"]} for r in rows]


def _check_id(value, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what}: an id must be a non-empty string, got {value!r}")
    return value


_NODE_LABELS = frozenset(schema.LABELS)


@dataclass(frozen=True)
class _Plan:
    """How the rows of one node label or relationship type are checked and combined."""

    known: frozenset  # property names a row may give
    steps: tuple  # (name, exact type or None, convert) of each stored value, in schema order
    aligned: tuple  # (follow, key) pairs present
    rules: dict  # property name -> merge rule


@lru_cache(maxsize=None)
def plan(table: str) -> _Plan:
    """The plan of a node label or relationship type (both come from the schema)."""
    props = schema.node_type(table).props if table in _NODE_LABELS else schema.rel_type(table).props
    # A key list of ALIGNED is deduplicated together with its follower, never alone.
    steps = tuple(
        _step(p, "aligned" if p.name in ALIGNED.values() else merge_rule(p))
        for p in props
        if merge_rule(p) not in ("key", "stamp")
    )
    names = {name for name, _, _ in steps}
    aligned = tuple((f, k) for f, k in ALIGNED.items() if f in names and k in names)
    rules = {p.name: merge_rule(p) for p in props}
    return _Plan(frozenset(p.name for p in props), steps, aligned, rules)


def _step(prop: Prop, rule: str) -> tuple:
    """(name, exact, convert): a value whose type is `exact` is kept as it is (most are),
    any other goes through `convert`, which returns what the row holds or raises.

    The step also does what combine({}, row) makes of a value (repeated list items
    dropped, a flag of the "or" rule made a bool), so that a row needs no second pass.
    """
    if prop.type == "STRING[]":  # a list is always copied, its items checked
        return prop.name, None, _string_set if rule == "union" else _string_list
    if rule == "or":  # True and False are kept; None becomes False
        return prop.name, bool, lambda value: bool(_bool(value))
    return prop.name, _EXACT[prop.type], _CONVERTERS[prop.type]


def _values(table_plan: _Plan, given: dict, what, values: Optional[dict] = None) -> dict:
    """Every stored property of the type, converted; absent ones are None or [].

    They are added to `values` when it is given (and it is returned).
    `what` names the row in error messages: a string, or the `EdgeRow` itself.
    """
    if not table_plan.known.issuperset(given):
        unknown = sorted(set(given) - table_plan.known)
        raise ValueError(f"{_what(what)}: unknown properties {', '.join(unknown)}")
    if values is None:
        values = {}
    for name, exact, convert in table_plan.steps:
        value = given.get(name)
        if type(value) is not exact:
            try:
                value = convert(value)
            except (TypeError, ValueError) as err:
                raise ValueError(f"{_what(what)}: property {name}: {err}") from None
        values[name] = value
    for follow, key in table_plan.aligned:
        if len(values[follow]) != len(values[key]):
            raise ValueError(f"{_what(what)}: {follow} and {key} must have the same length")
        if len(values[key]) > 1:
            values[key], values[follow] = _aligned_union([], [], values[key], values[follow])
    return values


def _what(what) -> str:
    return what if isinstance(what, str) else f"{what.type} {what.id!r}"


def convert(prop: Prop, value):
    return convert_type(prop.type, value)


def convert_type(type_: str, value):
    if type_ not in _CONVERTERS:
        raise ValueError(f"unknown property type {type_}")
    return _CONVERTERS[type_](value)


def _string(value) -> Optional[str]:
    return value if value is None or type(value) is str else _typed(value, str)


def _double(value) -> Optional[float]:
    return None if value is None else float(_typed(value, (int, float)))


def _int(value) -> Optional[int]:
    return None if value is None else int(_typed(value, int))


def _bool(value) -> Optional[bool]:
    return None if value is None else _typed(value, bool)


def _typed(value, types):
    # bool is an int in Python; a flag is never a number here.
    if not isinstance(value, types) or (isinstance(value, bool) and types is not bool):
        raise TypeError(f"unexpected {type(value).__name__} value {value!r}")
    return value


def _date(value) -> Optional[date]:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise TypeError(f"unexpected {type(value).__name__} value {value!r} for a date")


def _string_list(value) -> list[str]:
    if type(value) is list and (not value or (len(value) == 1 and type(value[0]) is str)):
        return value[:]  # the usual case, quickly
    if value is None:
        return []
    if isinstance(value, (set, frozenset)):
        value = sorted(value)  # sets have no order; sorting keeps loads repeatable
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"expected a list of strings, got {value!r}")
    try:
        "".join(value)  # the quick test that every item is a string
    except TypeError:
        return [_typed(v, str) for v in value]
    return list(value)


def _string_set(value) -> list[str]:
    """A list of strings with repeated items dropped (the "union" rule)."""
    if type(value) is list and len(value) > 1:
        try:
            "".join(value)  # every item a string: the usual case, with a single copy
        except TypeError:
            pass
        else:
            return list(dict.fromkeys(value))
    value = _string_list(value)
    return list(dict.fromkeys(value)) if len(value) > 1 else value


# The type a value of each property type already has when it needs no conversion.
_EXACT = {"STRING[]": list, "STRING": str, "DATE": date, "DOUBLE": float, "INT64": int, "BOOLEAN": bool}
_CONVERTERS = {
    "STRING[]": _string_list,
    "STRING": _string,
    "DATE": _date,
    "DOUBLE": _double,
    "INT64": _int,
    "BOOLEAN": _bool,
}


def _add(rows: dict, key, row: dict, table_plan: _Plan) -> None:
    rows[key] = _combine(rows[key], row, table_plan) if key in rows else row


def combine(old: dict, new: dict, table: str) -> dict:
    """`new` merged into `old` by the rules the merge statements apply (`table`: a node
    label or relationship type)."""
    return _combine(old, new, plan(table))


def _combine(old: dict, new: dict, table_plan: _Plan) -> dict:
    rules = table_plan.rules
    out = dict(old)
    for name, value in new.items():
        if rules.get(name) != "aligned" and name not in ALIGNED.values():
            out[name] = _combined(rules.get(name, "overwrite"), old.get(name), value)
    for follow, key in ALIGNED.items():
        if key in new:
            out[key], out[follow] = _aligned_union(
                old.get(key) or [], old.get(follow) or [], new[key], new.get(follow) or []
            )
    return out


def _combined(rule: str, old, new):
    if rule == "union":
        return list(dict.fromkeys((old or []) + new))
    if rule == "max":
        return new if old is None or (new is not None and new > old) else old
    if rule == "or":
        return bool(old) or bool(new)
    return new if new is not None else old


def _aligned_union(keys: list, follows: list, new_keys: list, new_follows: list):
    keys, follows, seen = list(keys), list(follows), set(keys)
    for key, follow in zip(new_keys, new_follows):
        if key not in seen:
            seen.add(key)
            keys.append(key)
            follows.append(follow)
    return keys, follows


def stored_value(prop: Prop, value) -> Optional[object]:
    """A value read back from a store, in the form rows carry it."""
    if prop.type == "STRING[]":
        return list(value or [])
    return value
