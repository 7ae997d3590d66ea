"""Which stored actor a name stands for, the way `resolve --explain` places a mention of it.

The library queries (`cypher/queries/`) take actors by name. The stored `name`
and `aliases` hold only the spellings the articles used, so "ISIL" would find
nothing where the articles wrote "Daesh". `StoredNames` finds the actor as
the resolver would: first a stored id, name or alias equal to the value in any
case (what the query files match on their own), then where a mention of the
value lands (gazetteer aliases in any script, name keys, fuzzy scores,
judgements), when that is an actor the store holds.

    names = StoredNames(store.entities())
    names.literal("ISIL", ("Organization",))   -> []
    names.resolved("ISIL", ("Organization",))  -> ["organization:islamic_state"]
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence

from ..gazetteer import Gazetteer
from .judgements import Judgements


class StoredNames:
    def __init__(self, entities: Iterable[dict], gazetteer: Optional[Gazetteer] = None,
                 judgements: Optional[Judgements] = None):
        self.entities = list(entities)  # rows of `GraphStore.entities()`
        self._gazetteer, self._judgements = gazetteer, judgements
        self._resolver = self._extractor = None

    def literal(self, value: str, labels: Sequence[str]) -> list[str]:
        """Ids of the stored actors of `labels` whose id is `value`, or a name or alias equal to it in any case."""
        folded = value.casefold()
        return [row["id"] for row in self.entities if row["label"] in labels and (
            row["id"] == value or (row["name"] or "").casefold() == folded
            or any(alias.casefold() == folded for alias in row.get("aliases") or []))]

    def resolved(self, value: str, labels: Sequence[str]) -> list[str]:
        """Ids of the stored actors a mention written `value` lands on, for each of `labels`."""
        from .explain import lands_on

        if not value.strip():
            return []
        resolver, extractor = self._matching()
        found: list[str] = []
        for label in labels:
            for match in lands_on(resolver, value, label, extractor):
                entity = resolver.entities.get(match.entity_id or "")
                if entity and entity.label == label and entity.id not in found:
                    found.append(entity.id)
        return found

    def _matching(self):
        """A resolver seeded with the stored actors, and an extractor, built on first use."""
        if self._resolver is None:
            from ..extract import Extractor
            from . import Resolver

            self._resolver = Resolver(self._gazetteer, self._judgements)
            self._resolver.seed(self.entities)
            self._extractor = Extractor(self._resolver.gazetteer)
        return self._resolver, self._extractor
