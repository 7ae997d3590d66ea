"""Name matching between predicted nodes and gold entities.

A predicted node matches a gold entity when one of its names or aliases equals
one of the gold names after the same normalisation on both sides: Unicode
NFKC, case folding, surrounding punctuation and quotes stripped, runs of
white space collapsed, and one leading English "the" or Arabic "ال" removed.
The rule is deliberately literal (no fuzzy matching): the scorer must not
share the resolver's leniency, or it would forgive the resolver's mistakes.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from .gold import GoldArticle

_SPACES = re.compile(r"\s+")
# Punctuation and symbol categories; stripped only at the two ends of a name.
_EDGE_CATEGORIES = ("P", "S")
_ARABIC_ARTICLE = "ال"


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _strip_edges(_SPACES.sub(" ", text).strip())
    if text.startswith("the "):
        text = text[4:]
    elif text.startswith(_ARABIC_ARTICLE) and len(text) > len(_ARABIC_ARTICLE):
        text = text[len(_ARABIC_ARTICLE):]
    return _strip_edges(text.strip())


def _strip_edges(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in _EDGE_CATEGORIES


class GoldNames:
    """One gold article's names: normalised name -> the gold ids carrying it."""

    def __init__(self, article: GoldArticle):
        self.article = article
        self._ids: dict[str, set[str]] = {}
        for entity in article.entities.values():
            for name in entity.names:
                key = normalise(name)
                if key:
                    self._ids.setdefault(key, set()).add(entity.id)

    def ids_for(self, names: Iterable[str]) -> frozenset[str]:
        """Gold ids whose names equal any of `names` after normalisation."""
        found: set[str] = set()
        for name in names:
            found |= self._ids.get(normalise(name), set())
        return frozenset(found)


# Entity types scored for precision and recall; Location is annotated but not scored.
SCORED_TYPES = ("Person", "Agency", "Country", "Organization")


def is_scored(entity) -> bool:
    return entity.type in SCORED_TYPES and not entity.optional


class ArticleMatch:
    """Matches the nodes of one graph against the gold entities of one article."""

    def __init__(self, article: GoldArticle, view):
        self.article = article
        self.view = view
        self._names = GoldNames(article)
        self._cache: dict[str, frozenset[str]] = {}
        self.scored = frozenset(e.id for e in article.entities.values() if is_scored(e))

    def ids(self, node: str) -> frozenset[str]:
        """Every gold id (scored, optional or Location) the node's names match."""
        if node not in self._cache:
            self._cache[node] = self._names.ids_for(self.view.names(node))
        return self._cache[node]

    def scored_ids(self, node: str) -> frozenset[str]:
        return self.ids(node) & self.scored
