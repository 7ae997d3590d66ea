"""GraphML files, for Gephi, yEd, Cytoscape and igraph.

Attributes are written in the flat view of `flat.py`: lists joined with
" | ", None left out, the node `label` is the entity name and `type` the
schema label, the edge `label` is the relationship type and `weight` the
number of articles. Edge ids are the graph's edge ids.

Key ids are "<node|edge>_<attribute name>" (e.g. "node_label") instead of
networkx's "d0", "d1", ...: Gephi matches key ids before attribute names
and takes "d3" for the node label and "d7" for the edge label (yEd's
defaults), so numbered ids would show an arbitrary attribute as the label.

`read_graphml` returns the networkx shape of `to_networkx`, with props the
schema declares as lists split again.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Union
from xml.etree.ElementTree import Element, ParseError

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from .flat import flatten, unflatten

PathLike = Union[str, Path]

_NMTOKEN = re.compile(r"[A-Za-z0-9_.-]+")


def write_graphml(graph: nx.MultiDiGraph, path: PathLike) -> None:
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(flatten(graph))
    _name_key_ids(writer.xml)
    with open(path, "wb") as stream:
        writer.dump(stream)


def read_graphml(path: PathLike) -> nx.MultiDiGraph:
    """The graph in a file written by `write_graphml`; ValueError naming the file if it is not one."""
    try:
        flat = nx.read_graphml(path, node_type=str, edge_key_type=str, force_multigraph=True)
        return unflatten(flat)
    except ParseError as err:
        raise ValueError(f"{path}:{err.position[0]}: not valid XML: {err}") from None
    except (KeyError, nx.NetworkXError) as err:
        raise ValueError(f"{path}: not a graph-builder GraphML file: {err!r}") from None
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from None


def _name_key_ids(root: Element) -> None:
    """Rename key ids to "<scope>_<attribute name>", in the keys and in every data element."""
    renamed: dict[str, str] = {}
    for key in root.iter("key"):
        old = key.get("id")
        name = key.get("attr.name", "")
        new = f"{key.get('for')}_{name}"
        if not _NMTOKEN.fullmatch(new) or new in renamed.values():
            new = f"{key.get('for')}_{old}"
        renamed[old] = new
        key.set("id", new)
    for data in root.iter("data"):
        data.set("key", renamed[data.get("key")])
