"""graph-builder: who warned whom, and who shared intelligence with whom, from news articles.

    import graph_builder as gb
    gb.load(["articles/"], db="graph.db")
    G = gb.to_networkx(db="graph.db")
"""

__version__ = "0.1.0"

from .api import evaluate, export, load, named_query, query, stats, sync, to_networkx  # noqa: E402

__all__ = ["evaluate", "export", "load", "named_query", "query", "stats", "sync", "to_networkx"]
