"""JSON node-link files: the lossless export, read back by `read_json`.

The layout is networkx's node-link data with its current keyword names
spelled out (`edges="edges"`, `nodes="nodes"`, `source`, `target`, `key`,
node ids under `id`), so files do not depend on a future change of defaults.

The same graph always gives the same bytes: nodes are sorted by id, edges
by (source, target, key), object keys are sorted, and the text is UTF-8
with Arabic and other scripts written as-is (`ensure_ascii=False`). List
values keep their order, because `evidence[i]` belongs to `sentence_refs[i]`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Union

import networkx as nx

PathLike = Union[str, Path]

# Spelled out on both sides so writer and reader always agree.
NODE_LINK_NAMES = {
    "source": "source",
    "target": "target",
    "name": "id",
    "key": "key",
    "edges": "edges",
    "nodes": "nodes",
}


def write_json(graph: nx.MultiDiGraph, path: PathLike) -> None:
    Path(path).write_text(dumps(graph), encoding="utf-8")


def read_json(path: PathLike) -> nx.MultiDiGraph:
    """The graph in a file written by `write_json`; ValueError naming file and line if it is not one."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{path}:{err.lineno}: not valid JSON: {err.msg}") from None
    if not isinstance(data, dict) or "nodes" not in data or "edges" not in data:
        raise ValueError(f"{path}: not a node-link graph (expected 'nodes' and 'edges')")
    try:
        return nx.node_link_graph(data, directed=True, multigraph=True, **NODE_LINK_NAMES)
    except (KeyError, TypeError, nx.NetworkXError) as err:
        raise ValueError(f"{path}: malformed node-link graph: {err!r}") from None


def dumps(graph: nx.MultiDiGraph) -> str:
    """The text `write_json` writes."""
    data = nx.node_link_data(graph, **NODE_LINK_NAMES)
    data["nodes"].sort(key=lambda n: str(n["id"]))
    data["edges"].sort(key=lambda e: (str(e["source"]), str(e["target"]), str(e["key"])))
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
