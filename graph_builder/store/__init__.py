"""Store stage: merge `GraphBatch`es into the embedded store or Neo4j, and read them back."""
from .base import GraphStore, StoreError, WriteStats
from .embedded import EmbeddedStore, open_store
from .neo4j_store import Neo4jStore
from .sync import sync

__all__ = [
    "EmbeddedStore",
    "GraphStore",
    "Neo4jStore",
    "StoreError",
    "WriteStats",
    "open_store",
    "sync",
]
