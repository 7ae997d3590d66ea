"""Copy one store into another, e.g. the embedded store into Neo4j."""
from __future__ import annotations

from ..model import GraphBatch
from .base import GraphStore, WriteStats, chunked


def sync(source: GraphStore, target: GraphStore) -> WriteStats:
    """Merge every node and edge of `source` into `target`; no article is read again.

    The target stamps `lastupdated` with its own load time; list properties
    accumulate, so syncing twice changes no count.
    """
    target.ensure_schema()
    stats = WriteStats()
    for nodes in chunked(source.iter_nodes(), target.batch_size):
        stats += target.write(GraphBatch(nodes=nodes))
    for edges in chunked(source.iter_edges(), target.batch_size):
        stats += target.write(GraphBatch(edges=edges))
    return stats
