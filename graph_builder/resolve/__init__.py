"""Resolve stage: map every mention of an `Extraction` to an `Entity`.

- A mention the gazetteer knows (it carries a `key`) is that entity, whatever
  spelling or script it was written in.
- Any other mention is compared with the known entities of the same label:
  first by exact name key, then by rapidfuzz score within a block of
  candidates sharing a name token, so cost grows with the number of names,
  not with its square. Analyst judgements override scores; entities whose
  countries differ are never merged; labels are never crossed.

    resolver = Resolver(); resolved = resolver.resolve(extraction)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from rapidfuzz import fuzz

from ..gazetteer import Gazetteer, default_gazetteer
from ..model import Entity, Extraction, Mention, Resolved
from .judgements import Judgements, load_judgements
from .names import name_key, slug

FUZZY_THRESHOLD = 90  # token_sort_ratio on name keys; below it names stay apart


@dataclass
class Match:
    entity_id: Optional[str]
    score: float
    reason: str


def entity_id(label: str, key: str) -> str:
    return f"{label.lower()}:{key}"


class Resolver:
    def __init__(self, gazetteer: Optional[Gazetteer] = None, judgements: Optional[Judgements] = None):
        self.gazetteer = gazetteer or default_gazetteer()
        self.judgements = judgements if judgements is not None else load_judgements()
        self.entities: dict[str, Entity] = {}
        self._by_name: dict[tuple[str, str], str] = {}  # (label, name key) -> entity id
        self._blocks: dict[tuple[str, str], set[str]] = {}  # (label, token) -> entity ids

    # -- the entity table ----------------------------------------------------

    def seed(self, known: Iterable[dict]) -> None:
        """Add entities already stored, so a later load reuses them."""
        for row in known:
            entity = Entity(row["id"], row["label"], row["name"], set(row.get("aliases") or []),
                            row.get("country"), row.get("kind"))
            self._add(entity)

    def _add(self, entity: Entity) -> Entity:
        self.entities[entity.id] = entity
        for name in {entity.name, *entity.aliases}:
            self._index_name(entity, name)
        return entity

    def _index_name(self, entity: Entity, name: str) -> None:
        key = name_key(name)
        if not key:
            return
        self._by_name.setdefault((entity.label, key), entity.id)
        for token in key.split():
            if len(token) > 2:
                self._blocks.setdefault((entity.label, token), set()).add(entity.id)

    # -- matching ------------------------------------------------------------

    def match(self, mention: Mention) -> Match:
        """Where a mention lands, with a score and the reason (for --explain)."""
        if mention.key:
            return Match(entity_id(mention.label, mention.key), 100.0, "gazetteer entry")
        name = mention.canonical or mention.text
        key = name_key(name)
        exact = self._by_name.get((mention.label, key))
        if exact:
            veto = self._veto(mention, self.entities[exact])
            return Match(None, 100.0, veto) if veto else Match(exact, 100.0, f"same name key {key!r}")
        return self._fuzzy(mention, key)

    def _fuzzy(self, mention: Mention, key: str) -> Match:
        best = Match(None, 0.0, "no candidate shares a name token")
        for candidate_id in self._candidates(mention.label, key):
            candidate = self.entities[candidate_id]
            score = fuzz.token_sort_ratio(key, name_key(candidate.name))
            if score < FUZZY_THRESHOLD or score <= best.score:
                continue
            veto = self._veto(mention, candidate)
            if veto:
                best = Match(None, best.score, veto) if best.entity_id is None else best
                continue
            best = Match(candidate_id, score, f"fuzzy {score:.0f} with {candidate.name!r}")
        return best

    def _candidates(self, label: str, key: str) -> set[str]:
        found: set[str] = set()
        for token in key.split():
            found |= self._blocks.get((label, token), set())
        return found

    def _veto(self, mention: Mention, candidate: Entity) -> Optional[str]:
        name = mention.canonical or mention.text
        verdict = self.judgements.verdict(name, candidate.name)
        if verdict == "different":
            return f"judged different from {candidate.name!r}"
        country = _country_id(mention.country)
        if country and candidate.country and country != candidate.country:
            return f"country differs from {candidate.name!r}"
        return None

    # -- resolving an article --------------------------------------------------

    def resolve(self, extraction: Extraction) -> Resolved:
        touched: dict[str, Entity] = {}
        entity_of = []
        for mention in extraction.mentions:
            entity = self._entity_for(mention)
            entity.aliases.add(mention.text)
            self._index_name(entity, mention.text)
            touched[entity.id] = entity
            if entity.country:
                touched.setdefault(entity.country, self._country(entity.country))
            entity_of.append(entity.id)
        return Resolved(extraction, entity_of, touched)

    def _entity_for(self, mention: Mention) -> Entity:
        match = self.match(mention)
        if match.entity_id and match.entity_id in self.entities:
            entity = self.entities[match.entity_id]
            entity.country = entity.country or _country_id(mention.country)
            return entity
        name = mention.canonical or mention.text
        new_id = match.entity_id or entity_id(mention.label, slug(name_key(name) or name))
        while new_id in self.entities:  # a vetoed look-alike keeps its own id
            new_id += "_"
        entity = Entity(new_id, mention.label, name, set(), _country_id(mention.country), mention.kind)
        return self._add(entity)

    def _country(self, country_id: str) -> Entity:
        if country_id not in self.entities:
            entry = self.gazetteer.get("Country", country_id.split(":", 1)[1])
            name = entry.name if entry else country_id.split(":", 1)[1]
            self._add(Entity(country_id, "Country", name, set(), country_id))
        return self.entities[country_id]


def _country_id(country: Optional[str]) -> Optional[str]:
    if not country:
        return None
    return country if country.startswith("country:") else entity_id("Country", country)
