"""GEXF 1.2 files, Gephi's own format, with a timeline of the dated events.

Attributes are written in the flat view of `flat.py`: lists joined with
" | ", None left out, the node `label` (GEXF's node label, shown by Gephi)
is the entity name and the attribute `type` the schema label, the edge
`label` is the relationship type and the edge `weight` the number of
articles. GEXF reserves an edge's `type` for its direction, which is why
the relationship type travels as the label.

WARNED and SHARED edges with a known date get GEXF `start` and `end`
(`date_start` and `date_end`, ISO dates), which makes networkx write a
dynamic graph with `timeformat="date"`: Gephi's timeline then shows each
event over the span its articles fix. Undated edges and all nodes carry no
interval and so are present at every time. `date_start` and `date_end` are
also kept as ordinary attributes for filtering.

Two edges in the same direction between the same pair (a WARNED and a
SHARED, or two warnings with different dates) stay two GEXF edges with their
own ids; Gephi's importer may still merge such parallel edges, depending on
its import settings. GEXF 1.3's edge `kind` would keep them apart in Gephi,
but networkx writes 1.2 edges without it.

Edge ids are the graph's edge ids; networkx also writes the multigraph key
as the attribute `networkx_key`, which is how `read_gexf` gets keys back.
`read_gexf` returns the networkx shape of `to_networkx`, with props the
schema declares as lists split again.
"""
from __future__ import annotations

from pathlib import Path
from typing import Union
from xml.etree.ElementTree import ParseError

import networkx as nx

from ..model import EVENT_TYPES
from .flat import EDGE_LABEL, flatten, unflatten

PathLike = Union[str, Path]

GEXF_VERSION = "1.2draft"
ELEMENT_ATTRIBUTES = ("start", "end", "id")  # GEXF edge attributes, not graph props


def write_gexf(graph: nx.MultiDiGraph, path: PathLike) -> None:
    flat = flatten(graph)
    for _, _, key, data in flat.edges(keys=True, data=True):
        data["id"] = key  # the GEXF edge id, instead of a running number
        if data[EDGE_LABEL] in EVENT_TYPES and data.get("date_start"):
            data["start"] = data["date_start"]
            data["end"] = data.get("date_end") or data["date_start"]
    nx.write_gexf(flat, path, encoding="utf-8", prettyprint=True, version=GEXF_VERSION)


def read_gexf(path: PathLike) -> nx.MultiDiGraph:
    """The graph in a file written by `write_gexf`; ValueError naming the file if it is not one."""
    try:
        flat = nx.read_gexf(path, node_type=str, version=GEXF_VERSION)
    except ParseError as err:
        raise ValueError(f"{path}:{err.position[0]}: not valid XML: {err}") from None
    except (KeyError, nx.NetworkXError) as err:
        raise ValueError(f"{path}: not a graph-builder GEXF file: {err!r}") from None
    return _graph_of(flat, path)


def _graph_of(read: nx.DiGraph, path: PathLike) -> nx.MultiDiGraph:
    # read_gexf returns a DiGraph when no pair has two edges, so keys come from the
    # GEXF edge ids (written as the edge keys) rather than from the graph read.
    flat = nx.MultiDiGraph()
    flat.add_nodes_from(read.nodes(data=True))
    for u, v, data in read.edges(data=True):
        attributes = {k: val for k, val in data.items() if k not in ELEMENT_ATTRIBUTES}
        if "id" not in data:
            raise ValueError(f"{path}: edge {u} -> {v} has no id")
        flat.add_edge(u, v, key=data["id"], **attributes)
    try:
        return unflatten(flat)
    except KeyError as err:
        raise ValueError(f"{path}: not a graph-builder GEXF file: missing attribute {err}") from None
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from None
