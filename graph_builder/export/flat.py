"""The flat view of the graph that GraphML and GEXF files hold, and its inverse.

networkx's GraphML and GEXF writers accept only scalar attribute values, and
Gephi reads a few attribute names specially. `flatten` makes a copy of the
graph that both formats (and Gephi) take; `unflatten` restores the networkx
shape of `to_networkx` from a graph read back from such a file.

- Lists are joined with " | " into one string (LIST_SEPARATOR): readable in
  Gephi's data table and searchable with its filters. No item count is
  added; the one count analysts need, the number of articles behind an
  event, is the edge weight (below). On reading, props the schema declares
  as lists are split again; an item that itself contains " | " does not
  come back whole. Use JSON when an exact copy matters.
- None values and empty lists are left out: the writers reject None, and
  GraphML reads an empty string back as a missing value.
- Node `label` becomes the display name (the entity name; for articles
  the title, else the URL, else the id), which Gephi shows as node label.
  The schema label moves to the node attribute `type`.
- Edge `type` becomes the edge `label`, which Gephi shows on the edge:
  GEXF reserves an edge's `type` for "directed" / "undirected" / "mutual".
- Edge `weight` is the number of articles behind the edge (1 if none are
  listed), which Gephi uses for edge thickness. It is dropped on reading.
- Characters XML 1.0 forbids (control characters other than tab and
  newline) are removed from strings, so the files stay well-formed.
- Numbers follow the schema type (DOUBLE values written as floats), so an
  attribute never changes type from one element to the next.
"""
from __future__ import annotations

import re
from typing import Any

import networkx as nx

from .networkx_graph import EDGE_TYPE, NODE_LABEL, edge_prop_types, node_prop_types

LIST_SEPARATOR = " | "
NODE_TYPE = "type"  # node attribute holding the schema label in the flat view
EDGE_LABEL = "label"  # edge attribute holding the relationship type in the flat view
WEIGHT = "weight"
DISPLAY_NAME_PROPS = ("name", "title", "url")

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `graph` with scalar attributes named as GraphML, GEXF and Gephi expect."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_flat_node(node, data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **_flat_edge(data))
    return flat


def unflatten(flat: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph `flatten` was given, up to the losses its docstring lists."""
    graph = nx.MultiDiGraph()
    for node, data in flat.nodes(data=True):
        label = data[NODE_TYPE]
        props = {k: v for k, v in data.items() if k not in (NODE_TYPE, NODE_LABEL)}
        graph.add_node(node, **{NODE_LABEL: label}, **_split_lists(props, node_prop_types(label)))
    for u, v, key, data in flat.edges(keys=True, data=True):
        rel = data[EDGE_LABEL]
        props = {k: val for k, val in data.items() if k not in (EDGE_LABEL, WEIGHT)}
        graph.add_edge(u, v, key=key, **{EDGE_TYPE: rel}, **_split_lists(props, edge_prop_types(rel)))
    return graph


def display_name(node: str, data: dict) -> str:
    for name in DISPLAY_NAME_PROPS:
        if data.get(name):
            return str(data[name])
    return str(node)


def _flat_node(node: str, data: dict) -> dict:
    label = data[NODE_LABEL]
    props = {k: v for k, v in data.items() if k != NODE_LABEL}
    flat = _scalars(props, node_prop_types(label))
    flat[NODE_TYPE] = label
    flat[NODE_LABEL] = _clean(display_name(node, data))
    return flat


def _flat_edge(data: dict) -> dict:
    rel = data[EDGE_TYPE]
    props = {k: v for k, v in data.items() if k != EDGE_TYPE}
    flat = _scalars(props, edge_prop_types(rel))
    flat[EDGE_LABEL] = rel
    flat[WEIGHT] = float(len(data.get("articles") or ()) or 1)
    return flat


def _scalars(props: dict, types: dict[str, str]) -> dict[str, Any]:
    flat = {}
    for name, value in props.items():
        if value is None or value == []:
            continue
        if isinstance(value, (list, tuple)):
            value = LIST_SEPARATOR.join(str(item) for item in value)
        elif types.get(name) == "DOUBLE" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        flat[name] = _clean(value) if isinstance(value, str) else value
    return flat


def _split_lists(props: dict, types: dict[str, str]) -> dict:
    return {
        name: value.split(LIST_SEPARATOR) if types.get(name) == "STRING[]" and isinstance(value, str) else value
        for name, value in props.items()
    }


def _clean(text: str) -> str:
    return _XML_FORBIDDEN.sub("", text)
