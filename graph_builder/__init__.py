"""graph-builder: who warned whom, and who shared intelligence with whom, from news articles."""

__version__ = "0.1.0"
