"""Graph rows <-> networkx MultiDiGraph.

The networkx graph is the hub of the export stage: every file format is
written from it and read back into it.

- Node key = `NodeRow.id`; node attributes are `label` (the schema label:
  Person, Agency, Country, Organization, Location, Article) plus every prop.
- Edge key = `EdgeRow.id`; edge attributes are `type` (MENTIONS, PART_OF,
  WARNED, SHARED) plus every prop. Source and target labels are not stored on
  the edge: they are the labels of its end nodes.
- Dates become ISO strings ("YYYY-MM-DD") so the graph serialises as JSON
  unchanged; `from_networkx` turns them back into dates for the props
  schema.py declares as DATE.
- Lists stay lists, in their order (`evidence[i]` belongs to
  `sentence_refs[i]`); sets and tuples become lists, sets sorted.
- An `id` prop is not repeated as an attribute: the key already is the id.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

import networkx as nx

from ..model import EdgeRow, NodeRow
from ..schema import node_type, rel_type

NODE_LABEL = "label"  # node attribute holding the schema label
EDGE_TYPE = "type"  # edge attribute holding the relationship type


def node_prop_types(label: str) -> dict[str, str]:
    """Property name -> schema type for nodes labelled `label`."""
    return {p.name: p.type for p in node_type(label).props}


def edge_prop_types(rel: str) -> dict[str, str]:
    """Property name -> schema type for relationships of type `rel`."""
    return {p.name: p.type for p in rel_type(rel).props}


def to_networkx(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow]) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by node and edge ids, with JSON-ready attribute values."""
    graph = nx.MultiDiGraph()
    for row in nodes:
        graph.add_node(row.id, **{NODE_LABEL: row.label}, **_attributes(row.props))
    for row in edges:
        # An edge whose end node was not given still carries the label its row names.
        for node, label in ((row.src, row.src_label), (row.dst, row.dst_label)):
            if node not in graph:
                graph.add_node(node, **{NODE_LABEL: label})
        graph.add_edge(row.src, row.dst, key=row.id, **{EDGE_TYPE: row.type}, **_attributes(row.props))
    return graph


def from_networkx(graph: nx.MultiDiGraph) -> tuple[list[NodeRow], list[EdgeRow]]:
    """The rows `to_networkx` was given: DATE props back to dates, in graph order."""
    if not graph.is_multigraph():
        raise TypeError("from_networkx needs a MultiDiGraph keyed by edge ids")
    nodes = [_node_row(node, data) for node, data in graph.nodes(data=True)]
    edges = [_edge_row(graph, u, v, key, data) for u, v, key, data in graph.edges(keys=True, data=True)]
    return nodes, edges


def _attributes(props: dict) -> dict[str, Any]:
    return {name: _plain(value) for name, value in props.items() if name != "id"}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _node_row(node: str, data: dict) -> NodeRow:
    if NODE_LABEL not in data:
        raise ValueError(f"node {node!r} has no {NODE_LABEL!r} attribute")
    label = data[NODE_LABEL]
    props = {k: v for k, v in data.items() if k != NODE_LABEL}
    return NodeRow(label=label, id=node, props=_typed(props, node_prop_types(label)))


def _edge_row(graph: nx.MultiDiGraph, u: str, v: str, key: str, data: dict) -> EdgeRow:
    if EDGE_TYPE not in data:
        raise ValueError(f"edge {key!r} ({u} -> {v}) has no {EDGE_TYPE!r} attribute")
    rel = data[EDGE_TYPE]
    props = {k: val for k, val in data.items() if k != EDGE_TYPE}
    return EdgeRow(
        type=rel,
        src_label=graph.nodes[u][NODE_LABEL],
        src=u,
        dst_label=graph.nodes[v][NODE_LABEL],
        dst=v,
        id=key,
        props=_typed(props, edge_prop_types(rel)),
    )


def _typed(props: dict, types: dict[str, str]) -> dict:
    return {
        name: date.fromisoformat(value) if types.get(name) == "DATE" and isinstance(value, str) else value
        for name, value in props.items()
    }
