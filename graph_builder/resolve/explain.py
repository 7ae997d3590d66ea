"""Why a mention with a given name lands on the entity it does.

The name is read as the extractor reads it in a sentence (so gazetteer entries,
composed agencies and countries carry their ids), then matched by a `Resolver`
seeded with the stored entities. The explanation holds the resolver's match
(entity, score, reason), where a `same` judgement sends it, the stored entities
of that label sharing a name token with it and their scores, and every recorded
judgement about the name, the matched entity or those candidates.

    resolver = Resolver(gazetteer, judgements); resolver.seed(store.entities())
    for explanation in explain(resolver, "Abu Bakr al-Baghdadi"): print(*explanation.lines(), sep="\\n")
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from rapidfuzz import fuzz

from ..extract import Extractor
from ..model import ENTITY_LABELS, Article, Mention
from . import Match, Resolver
from .judgements import Judgement
from .names import name_key
from .review import honour_same, recorded

MAX_CANDIDATES = 10


@dataclass
class Candidate:
    entity_id: str
    name: str
    score: float  # token_sort_ratio of the name keys
    best_alias: str  # the stored name scoring best
    alias_score: float
    verdict: Optional[str]  # a recorded judgement between the mention and this entity


@dataclass
class Explanation:
    name: str
    label: str
    mention: Mention
    match: Match  # what the resolver's matching says
    final: Match  # after `same` judgements
    candidates: list[Candidate] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.name!r} as {self.label}" + (f" (gazetteer id {self.mention.key})" if self.mention.key else "")]
        out.append(f"  lands on: {_landing(self.final)}   score {self.final.score:.0f}   reason: {self.final.reason}")
        if self.final != self.match:
            out.append(f"  matching alone: {_landing(self.match)}   reason: {self.match.reason}")
        out.append("  candidates (same label, sharing a name token; token_sort_ratio of name keys):")
        out += [f"    {c.score:5.0f}  {c.entity_id}  {c.name!r}" + _alias_note(c) for c in self.candidates]
        if not self.candidates:
            out.append("    none")
        out.append("  judgements:")
        out += [f"    {j.judgement}: {j.a!r} / {j.b!r}" + _by(j) for j in self.judgements] or ["    none"]
        return out


def _landing(match: Match) -> str:
    return match.entity_id or "a new entity"


def _alias_note(candidate: Candidate) -> str:
    note = ""
    if candidate.best_alias != candidate.name and candidate.alias_score > candidate.score:
        note += f"  (alias {candidate.best_alias!r} scores {candidate.alias_score:.0f})"
    if candidate.verdict:
        note += f"  [judged {candidate.verdict}]"
    return note


def _by(judgement: Judgement) -> str:
    parts = [p for p in (judgement.label, judgement.who, judgement.when) if p]
    return f"  ({', '.join(parts)})" if parts else ""


def explain(resolver: Resolver, name: str, label: Optional[str] = None,
            extractor: Optional[Extractor] = None) -> list[Explanation]:
    """One explanation per label the name can be read as (only `label` when given)."""
    name = name.strip()
    if not name:
        raise ValueError("give a name to explain")
    if label is not None and label not in ENTITY_LABELS:
        raise ValueError(f"label must be one of {', '.join(ENTITY_LABELS)}")
    mentions = _read_as(name, label, extractor or Extractor(resolver.gazetteer))
    return [_explain_one(resolver, name, mention) for mention in mentions]


def lands_on(resolver: Resolver, name: str, label: str, extractor: Optional[Extractor] = None) -> list[Match]:
    """Where a mention named `name` of `label` lands, after `same` judgements, as `explain` says
    (one match per reading of the name; an entity id not in `resolver.entities` is no stored one)."""
    mentions = _read_as(name.strip(), label, extractor or Extractor(resolver.gazetteer))
    return [honour_same(resolver, mention, resolver.match(mention)) for mention in mentions]


def _read_as(name: str, label: Optional[str], extractor: Extractor) -> list[Mention]:
    """The mentions the extractor finds spanning the whole name, else a plain one per label."""
    found = extractor.extract(Article("explain", name + ".")).mentions
    whole = [m for m in found if m.start == 0 and m.end >= len(name)
             and (label is None or m.label == label)]
    if whole:
        return whole
    labels = [label] if label else ENTITY_LABELS
    return [Mention(name, wanted, 0, 0, len(name)) for wanted in labels]


def _explain_one(resolver: Resolver, name: str, mention: Mention) -> Explanation:
    match = resolver.match(mention)
    final = honour_same(resolver, mention, match)
    candidates = _candidates(resolver, mention)
    wanted = {name_key(name), name_key(mention.canonical or ""), final.entity_id, match.entity_id}
    for entity_id in [final.entity_id, *(c.entity_id for c in candidates)]:
        entity = resolver.entities.get(entity_id or "")
        if entity:
            wanted |= {entity.id, name_key(entity.name)}
    wanted.discard("")
    wanted.discard(None)
    judgements = [j for j in recorded(resolver.judgements) if {_key(j.a), _key(j.b)} & wanted]
    return Explanation(name, mention.label, mention, match, final, candidates, judgements)


def _key(value: str) -> str:
    return value if ":" in value else name_key(value)


def _candidates(resolver: Resolver, mention: Mention) -> list[Candidate]:
    name = mention.canonical or mention.text
    key = name_key(name)
    tokens = {t for t in key.split() if len(t) > 2}
    found = []
    for entity in resolver.entities.values():
        if entity.label != mention.label:
            continue
        names = [entity.name, *sorted(entity.aliases)]
        keys = {n: name_key(n) for n in names}
        if not tokens & {t for k in keys.values() for t in k.split()}:
            continue
        alias, alias_score = max(((n, fuzz.token_sort_ratio(key, k)) for n, k in keys.items()),
                                 key=lambda item: item[1])
        score = fuzz.token_sort_ratio(key, keys[entity.name])
        found.append(Candidate(entity.id, entity.name, score, alias, alias_score,
                               resolver.judgements.verdict(name, entity.name)))
    found.sort(key=lambda c: (-max(c.score, c.alias_score), c.entity_id))
    return found[:MAX_CANDIDATES]
