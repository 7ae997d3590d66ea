"""How often Python's cyclic garbage collector runs while a load builds big tables."""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator

# Allocations between young-generation collections during a load (Python's default: 700).
LOAD_GC_THRESHOLD = 100_000


@contextlib.contextmanager
def rare_collections() -> Iterator[None]:
    """A load keeps large long-lived tables (entities, name indexes, events, rows
    waiting for the store) and allocates many short-lived rows; with the default
    thresholds the cyclic collector keeps walking the young objects at a cost of
    about a fifth of the time. Nested uses are harmless."""
    before = gc.get_threshold()
    gc.set_threshold(max(LOAD_GC_THRESHOLD, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
