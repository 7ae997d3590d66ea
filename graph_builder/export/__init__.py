"""Export stage: the stored graph as a networkx MultiDiGraph and as JSON, GraphML or GEXF files.

One module per format, each with a writer and a reader that gives back the
networkx graph of `to_networkx`:

- json_format: node-link JSON, lossless and byte-for-byte deterministic;
  `from_networkx(read_json(path))` gives back the rows that were exported.
- graphml_format, gexf_format: for Gephi and other graph tools; list values
  are joined with " | " and None values left out (see `flat.py`). GEXF also
  carries the event dates as a timeline.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, Union

import networkx as nx

from .gexf_format import read_gexf, write_gexf
from .graphml_format import read_graphml, write_graphml
from .json_format import read_json, write_json
from .networkx_graph import from_networkx, to_networkx

PathLike = Union[str, Path]

FORMATS = ("json", "graphml", "gexf")

_WRITERS: dict[str, Callable[[nx.MultiDiGraph, PathLike], None]] = {
    "json": write_json,
    "graphml": write_graphml,
    "gexf": write_gexf,
}
_READERS: dict[str, Callable[[PathLike], nx.MultiDiGraph]] = {
    "json": read_json,
    "graphml": read_graphml,
    "gexf": read_gexf,
}


def write(graph: nx.MultiDiGraph, path: PathLike, format: Optional[str] = None) -> None:
    """Write `graph` to `path` as "json", "graphml" or "gexf" (default: from the file suffix)."""
    _WRITERS[_format_of(path, format)](graph, path)


def read(path: PathLike, format: Optional[str] = None) -> nx.MultiDiGraph:
    """Read a file written by `write` (format by default from the file suffix)."""
    return _READERS[_format_of(path, format)](path)


def _format_of(path: PathLike, format: Optional[str]) -> str:
    name = (format or Path(path).suffix.lstrip(".")).lower()
    if name not in FORMATS:
        raise ValueError(f"{path}: unknown export format {name!r}; expected one of {', '.join(FORMATS)}")
    return name


__all__ = [
    "FORMATS",
    "from_networkx",
    "read",
    "read_gexf",
    "read_graphml",
    "read_json",
    "to_networkx",
    "write",
    "write_gexf",
    "write_graphml",
    "write_json",
]
