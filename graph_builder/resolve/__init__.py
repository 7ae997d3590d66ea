"""Resolve stage: map every mention of an `Extraction` to an `Entity`.

- A mention the gazetteer knows (it carries a `key`) is that entity, whatever
  spelling or script it was written in.
- Within one article, a short form ("Kerry", "Abu Bakr", "al-Asadi") is the
  person the article named in full, and an acronym ("HEF") the organization
  whose initials spell it (`context`).
- Any other mention is matched by name key (case, script marks, particles,
  titles folded: `names`), then scored against the names of known entities of
  the same label, gazetteer entries included (`scoring`): spelling slips,
  transliteration variants ("Muhammad" / "Mohammed") and Arabic / Latin
  spellings of one name ("عدنان الأسدي" / "Adnan al-Asadi", `translit`). Only the
  candidates of the name's rarest tokens are scored (`index`), and each distinct
  name is matched once, so cost grows about linearly with the names.
- A single surname ("Kerry") in another article is the only known person
  with that surname, if there is exactly one.
- Vetoes: analyst judgements (`data/judgements.jsonl`: look-alikes such as
  Iraq / Iran are judged `different`, for whole names and for name words),
  different countries, and for people different armed groups named beside
  them or roles of different classes (a colonel / a journalist: `context`).
  Labels are never crossed.

    resolver = Resolver(); resolved = resolver.resolve(extraction)
    resolver.match(mention)  -> Match(entity_id, score, reason)
    resolver.explain("Abu Bakr al-Bagdadi", "Person")  -> ranked candidates with reasons
    resolver.candidates_for("person:x")  -> near entities for review
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Iterable, Optional

from rapidfuzz import fuzz, process

from ..gazetteer import Entry, Gazetteer, default_gazetteer
from ..model import ENTITY_LABELS, Entity, Extraction, Mention, Resolved
from ..text import is_arabic
from .context import article_context
from .index import Anchor, NameIndex
from .judgements import Judgements, load_judgements
from .review import SameIndex, honour_same, same_index
from .names import CACHE_SIZE, acronym_key, exact_key, name_key, name_tokens, slug
from .scoring import ACCEPT, NameScore, Scorer
from .translit import coarse_key

FUZZY_THRESHOLD = ACCEPT
REVIEW_FLOOR = 75.0  # near pairs from this score up are worth an analyst's look
SURNAME_SCORE = 88.0
MIN_SURNAME = 4  # letters a lone surname needs to stand for a person
PREFILTER = 65.0  # rapidfuzz ratio under which a same-script anchor is not scored further
PREFILTER_KEEP = 3
EXPLAIN_LIMIT = 10
_NOTHING = frozenset()  # no groups, no roles


@dataclass
class Match:
    entity_id: Optional[str]
    score: float
    reason: str


_ID_PREFIX = {label: f"{label.lower()}:" for label in ENTITY_LABELS}


def entity_id(label: str, key: str) -> str:
    prefix = _ID_PREFIX.get(label)  # built once: most mentions carry a gazetteer key
    return prefix + key if prefix else f"{label.lower()}:{key}"


class Resolver:
    def __init__(self, gazetteer: Optional[Gazetteer] = None, judgements: Optional[Judgements] = None):
        self.gazetteer = gazetteer or default_gazetteer()
        self.judgements = judgements if judgements is not None else load_judgements()
        self.entities: dict[str, Entity] = {}
        # names of every gazetteer entry, then of the entities met so far
        self._index = gazetteer_index(self.gazetteer).copy()
        self._scorer = Scorer(given_name_keys(self.gazetteer), self._judged_different, self._index.common)
        self._different: dict[tuple[str, str], bool] = {}
        self._decided: dict[tuple, tuple[str, Optional[str]]] = {}  # name and context -> (entity id, variant to compare later)
        self._groups: dict[str, set[str]] = {}  # person id -> armed groups named beside them
        self._roles: dict[str, set[str]] = {}  # person id -> role classes (military, journalist...)
        self._tokens_of: dict[tuple, tuple[str, ...]] = {}
        self._same: Optional[SameIndex] = None  # `same` judgements, looked up once per article

    # -- the entity table ----------------------------------------------------

    def seed(self, known: Iterable[dict]) -> None:
        """Add entities already stored, so a later load reuses them."""
        for row in known:
            entity = Entity(row["id"], row["label"], row["name"], set(row.get("aliases") or []),
                            row.get("country"), row.get("kind"))
            self._add(entity)
        self._decided.clear()

    def _add(self, entity: Entity) -> Entity:
        self.entities[entity.id] = entity
        for name in [entity.name, *sorted(entity.aliases - {entity.name})]:
            acronym = acronym_key(name)  # an acronym is its own exact key, never a fuzzy anchor
            self._index.add_exact(entity.id, entity.label, acronym or name_key(name, entity.label))
            if not acronym:
                self._index.add_anchor(entity.id, entity.label, name, one_off=name == entity.name)
        return entity

    def _remember(self, entity: Entity, mention: Mention) -> None:
        """A new surface form of `entity`: found by exact key from now on (not a fuzzy anchor,
        so that spelling variants never drift from the names the entity started with)."""
        aliases, text, canonical = entity.aliases, mention.text, mention.canonical
        if text not in aliases:  # most mentions repeat a form already met
            self._key_name(entity, text)
            aliases.add(text)
        if canonical and canonical not in aliases:
            self._key_name(entity, canonical)
        if not entity.country:
            entity.country = _country_id(mention.country)

    def _key_name(self, entity: Entity, name: str) -> None:
        # `_add` keyed the entity's name already (a canonical name is usually the entity's name)
        if name and name != entity.name:
            self._index.add_exact(entity.id, entity.label, exact_key(name, entity.label))

    # -- matching ------------------------------------------------------------

    def match(self, mention: Mention, groups: frozenset = frozenset(), roles: frozenset = frozenset()) -> Match:
        """Where a mention lands, with a score and the reason (for --explain).

        `groups` are the armed groups (entity ids) the article names beside a person,
        `roles` the role classes its title or neighbouring words give it (`context.ROLES`).
        """
        return self._decide(mention, groups, roles)[0]

    def _decide(self, mention: Mention, groups: frozenset,
                roles: frozenset = frozenset()) -> tuple[Match, Optional[Anchor]]:
        """The match, and the anchor a fuzzy match was made against."""
        if mention.key:
            return Match(entity_id(mention.label, mention.key), 100.0, "gazetteer entry"), None
        name = mention.canonical or mention.text
        acronym = acronym_key(name)
        if acronym:
            found = self._exact(mention, name, acronym, groups, roles)
            return found or Match(None, 0.0, f"no entity is written {name.strip()!r}"), None
        key = name_key(name, mention.label)
        if not key:
            return Match(None, 0.0, "no name left to match"), None
        exact = self._exact(mention, name, key, groups, roles)
        if exact and exact.entity_id:
            return exact, None
        fuzzy, anchor = self._fuzzy(mention, name, key, groups, roles)
        if fuzzy.entity_id:
            return fuzzy, anchor
        surname = self._surname(mention, name, key, groups, roles)
        if surname and surname.entity_id:
            return surname, None
        return exact or surname or fuzzy, None

    def _exact(self, mention: Mention, name: str, key: str, groups: frozenset,
               roles: frozenset = frozenset()) -> Optional[Match]:
        refusal = None
        for candidate in self._index.exact_ids(mention.label, key):
            veto = self._veto(mention, name, candidate, self._name_of(candidate), groups, roles)
            if not veto:
                return Match(candidate, 100.0, f"same name key {key!r}")
            refusal = refusal or Match(None, 100.0, veto)
        return refusal

    def _fuzzy(self, mention: Mention, name: str, key: str, groups: frozenset,
               roles: frozenset = frozenset()) -> tuple[Match, Optional[Anchor]]:
        # names one letter away first (a few dict lookups), then names sharing a rare word
        ranked = self._scored(mention.label, name, key, self._index.one_off(mention.label, key))
        if not ranked or not ranked[0][1].ok:
            ranked = self._ranked(mention.label, name, key)
        if not ranked:
            return Match(None, 0.0, "no candidate shares a name word"), None
        best: Optional[tuple[Match, Anchor]] = None
        refusal = Match(None, ranked[0][1].score, ranked[0][1].reason)
        for anchor, score in ranked:
            if not score.ok:
                break
            if best and best[1].entity_id == anchor.entity_id:
                continue
            veto = self._veto(mention, name, anchor.entity_id, anchor.name, groups, roles)
            if veto:
                refusal = Match(None, score.score, veto)
                continue
            if best:  # a second entity as close as the first: too close to call
                if score.score >= best[0].score:
                    return Match(None, score.score, f"as close to {best[1].entity_id} as to {anchor.entity_id}"), None
                break
            best = (Match(anchor.entity_id, score.score, f"{score.reason} (with {anchor.name!r})"), anchor)
        return best or (refusal, None)

    def _ranked(self, label: str, name: str, key: str) -> list[tuple[Anchor, NameScore]]:
        """Candidate anchors with their scores, best first."""
        return self._scored(label, name, key, self._index.candidates(label, name_tokens(key)))

    def _scored(self, label: str, name: str, key: str, anchors: list[Anchor]) -> list[tuple[Anchor, NameScore]]:
        if not anchors:
            return []
        tokens = name_tokens(key)
        arabic = is_arabic(key)
        same_script = [a for a in anchors if a.arabic == arabic]
        other_script = []
        if len(same_script) < len(anchors):
            # an Arabic and a Latin spelling of one name share every word's consonant key
            coarse = tuple(coarse_key(t) for t in tokens)
            other_script = [a for a in anchors if a.arabic != arabic and a.coarse == coarse]
        if len(same_script) > PREFILTER_KEEP:
            kept = process.extract(key, [a.key for a in same_script], scorer=fuzz.ratio,
                                   score_cutoff=PREFILTER, limit=PREFILTER_KEEP)
            same_script = [same_script[i] for _, _, i in kept]
        names = self._scorer.names
        scored = [(a, names(tokens, a.tokens, label, name, a.name, (arabic, a.arabic))) for a in same_script + other_script]
        scored.sort(key=lambda item: (-item[1].ok, -item[1].score, item[0].entity_id))
        return scored

    def _surname(self, mention: Mention, name: str, key: str, groups: frozenset,
                 roles: frozenset = frozenset()) -> Optional[Match]:
        """A lone surname stands for the only known person who bears it."""
        tokens = name_tokens(key)
        if mention.label != "Person" or len(tokens) != 1 or len(key) < MIN_SURNAME or key in self._scorer.given:
            return None
        holders = self._index.last_tokens.get(("Person", key), set())
        if len(holders) != 1:
            return Match(None, 0.0, f"{len(holders)} known people bear the surname {key!r}") if holders else None
        holder = next(iter(holders))
        veto = self._veto(mention, name, holder, self._name_of(holder), groups, roles)
        if veto:
            return Match(None, SURNAME_SCORE, veto)
        return Match(holder, SURNAME_SCORE, f"surname of the only known person bearing it, {self._name_of(holder)!r}")

    # -- vetoes --------------------------------------------------------------

    def _veto(self, mention: Mention, name: str, candidate: str, candidate_name: str,
              groups: frozenset, roles: frozenset = frozenset()) -> Optional[str]:
        entity_name = self._name_of(candidate)
        for other in dict.fromkeys((candidate_name, entity_name)):
            if self.judgements.verdict(name, other) == "different":
                return f"judged different from {other!r}"
        country = _country_id(mention.country)
        theirs = self._country_of(candidate)
        if country and theirs and country != theirs:
            return f"country differs from {entity_name!r} ({country} / {theirs})"
        known_groups = self._groups.get(candidate)
        if groups and known_groups and not groups & known_groups:
            return f"named beside other armed groups than {entity_name!r}"
        known_roles = self._roles.get(candidate)
        if roles and known_roles and not roles & known_roles:
            return f"role differs from {entity_name!r} ({'/'.join(sorted(roles))} / {'/'.join(sorted(known_roles))})"
        return None

    def _judged_different(self, a: str, b: str) -> bool:
        pair = (a, b) if a <= b else (b, a)
        if pair not in self._different:
            self._different[pair] = self.judgements.verdict(a, b) == "different"
        return self._different[pair]

    def _name_of(self, candidate: str) -> str:
        entity = self.entities.get(candidate)
        if entity:
            return entity.name
        entry = self._entry(candidate)
        return entry.name if entry else candidate

    def _country_of(self, candidate: str) -> Optional[str]:
        entity = self.entities.get(candidate)
        if entity:
            return entity.country
        entry = self._entry(candidate)
        if entry is None:
            return None
        return entry.entity_id if entry.label == "Country" else _country_id(entry.country)

    def _entry(self, candidate: str) -> Optional[Entry]:
        prefix, _, slug_ = candidate.partition(":")
        label = next((l for l in ENTITY_LABELS if l.lower() == prefix), None)
        return self.gazetteer.get(label, slug_) if label else None

    # -- explaining ------------------------------------------------------------

    def explain(self, name: str, label: Optional[str] = None) -> list[Match]:
        """Where a mention written `name` lands (one match per label when none is given),
        then the other entities scored for it, best first, each with its score and reason,
        vetoes included."""
        decisions: list[Match] = []
        others: list[Match] = []
        for wanted in [label] if label else ENTITY_LABELS:
            mention = Mention(name, wanted, 0, 0, len(name))
            decided = self.match(mention)
            decisions.append(Match(decided.entity_id, decided.score, f"{wanted}: {decided.reason}"))
            key = name_key(name, wanted)
            seen = {decided.entity_id}
            for anchor, score in self._ranked(wanted, name, key)[:EXPLAIN_LIMIT] if key else []:
                if anchor.entity_id in seen:
                    continue
                seen.add(anchor.entity_id)
                veto = self._veto(mention, name, anchor.entity_id, anchor.name, frozenset())
                reason = f"{score.reason} (with {anchor.name!r})" + (f"; vetoed: {veto}" if veto else "")
                others.append(Match(anchor.entity_id, score.score, reason))
        return decisions + sorted(others, key=lambda m: (-m.score, m.entity_id))

    def candidates_for(self, entity_id_: str) -> list[tuple[str, float, str]]:
        """Entities of the same label whose names come near this one's (score at least
        REVIEW_FLOOR), best first, with the reason: pairs an analyst may want to judge."""
        entity = self.entities.get(entity_id_)
        if entity is None:
            return []
        best: dict[str, tuple[float, str]] = {}
        for name in sorted({entity.name, *entity.aliases}):
            key = name_key(name, entity.label)
            if not key or acronym_key(name):
                continue
            for anchor, score in self._ranked(entity.label, name, key):
                other = anchor.entity_id
                if other == entity.id or score.score < REVIEW_FLOOR or score.score <= best.get(other, (0.0, ""))[0]:
                    continue
                mention = Mention(name, entity.label, 0, 0, len(name), country=entity.country)
                veto = self._veto(mention, name, other, anchor.name, frozenset())
                reason = f"{name!r} / {anchor.name!r}: {score.reason}" + (f"; vetoed: {veto}" if veto else "")
                best[other] = (score.score, reason)
        return sorted(((other, s, r) for other, (s, r) in best.items()), key=lambda item: (-item[1], item[0]))

    # -- resolving an article --------------------------------------------------

    def _tokens(self, mention: Mention) -> tuple[str, ...]:
        """A mention's name tokens, worked out once per distinct name."""
        memo = (mention.label, mention.text, mention.canonical)
        found = self._tokens_of.get(memo)
        if found is None:
            if len(self._tokens_of) >= CACHE_SIZE:
                self._tokens_of.clear()
            found = self._tokens_of[memo] = name_tokens(name_key(mention.canonical or mention.text, mention.label))
        return found

    def resolve(self, extraction: Extraction) -> Resolved:
        mentions = extraction.mentions
        self._same = same_index(self.judgements)
        context = article_context(extraction, self._tokens)
        links, beside, role_of = context.links, context.groups, context.roles
        entity_of: list[Optional[str]] = [None] * len(mentions)
        # groups first, so the people named beside them know their groups' ids
        for i in [i for i in context.others if i not in links] + [i for i in context.people if i not in links]:
            near = beside.get(i) if beside else None
            groups = frozenset(entity_of[j] for j in near if entity_of[j]) if near else _NOTHING
            roles = role_of.get(i, _NOTHING) if role_of else _NOTHING
            entity = self._entity_for(mentions[i], groups, roles)
            self._remember(entity, mentions[i])
            if groups and entity.label == "Person":
                self._groups.setdefault(entity.id, set()).update(groups)
            if roles and entity.label == "Person":
                self._roles.setdefault(entity.id, set()).update(roles)
            entity_of[i] = entity.id
        for i in links:
            target = i
            while target in links and entity_of[target] is None:
                target = links[target]
            entity_of[i] = entity_of[target]
            self._remember(self.entities[entity_of[i]], mentions[i])
        return Resolved(extraction, entity_of, self._touched(entity_of))

    def _touched(self, entity_of: list[str]) -> dict[str, Entity]:
        """The entities an article names, each followed by its country when first met."""
        touched: dict[str, Entity] = {}
        for eid in entity_of:
            entity = self.entities[eid]
            touched[eid] = entity
            if entity.country and entity.country not in touched:
                touched[entity.country] = self._country(entity.country)
        return touched

    def _entity_for(self, mention: Mention, groups: frozenset = frozenset(), roles: frozenset = frozenset()) -> Entity:
        if mention.key:
            known = self.entities.get(entity_id(mention.label, mention.key))
            if known:
                return known
        memo = (mention.label, mention.text, mention.canonical, mention.country, groups or None, roles or None)
        decided = self._decided.get(memo)
        if decided and decided[0] in self.entities:
            if decided[1]:
                # a variant seen twice is a spelling, not a slip: compare later names with it
                # too (one step from a name the entity started with, so variants never drift)
                self._index.add_anchor(decided[0], mention.label, decided[1], primary=False)
                self._decided[memo] = (decided[0], None)
            return self.entities[decided[0]]
        entity, variant = self._place(mention, groups, roles)
        if len(self._decided) >= CACHE_SIZE:
            # bounded like the caches: a name decided long ago is placed again (by its exact
            # key, now an alias), and a variant must recur within this many names to count twice
            self._decided.clear()
        self._decided[memo] = (entity.id, variant)
        return entity

    def _place(self, mention: Mention, groups: frozenset,
               roles: frozenset = frozenset()) -> tuple[Entity, Optional[str]]:
        """The entity for a mention, and its name when it is a variant of a name the entity started with."""
        match, anchor = self._decide(mention, groups, roles)
        judged = honour_same(self, mention, match, self._same)  # a `same` judgement holds on every load
        if judged is not match:
            match, anchor = judged, None
        variant = mention.canonical or mention.text if anchor is not None and anchor.primary else None
        return self._entity_of(mention, match), variant

    def _entity_of(self, mention: Mention, match: Match) -> Entity:
        if match.entity_id and match.entity_id in self.entities:
            return self.entities[match.entity_id]
        if match.entity_id and not mention.key:
            entry = self._entry(match.entity_id)
            if entry:  # a gazetteer entry met for the first time under another spelling
                country = entry.entity_id if entry.label == "Country" else _country_id(entry.country)
                return self._add(Entity(match.entity_id, entry.label, entry.name, set(), country, entry.kind))
        name = mention.canonical or mention.text
        new_id = match.entity_id or entity_id(mention.label, slug(name_key(name, mention.label) or name))
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


# -- what the gazetteer knows, indexed once per gazetteer ------------------------

_GAZETTEER_INDEXES: dict[int, tuple[weakref.ref, NameIndex, frozenset]] = {}


def _cached(gazetteer: Gazetteer) -> tuple[NameIndex, frozenset]:
    held = _GAZETTEER_INDEXES.get(id(gazetteer))
    if held and held[0]() is gazetteer:
        return held[1], held[2]
    index = NameIndex()
    for entry in gazetteer.entries:
        for name in entry.names():
            index.add_exact(entry.entity_id, entry.label, exact_key(name, entry.label))
            if not acronym_key(name):
                index.add_anchor(entry.entity_id, entry.label, name)
    given = frozenset(k for k in (name_key(n, "Person") for n in gazetteer.given_names) if k and " " not in k)
    _GAZETTEER_INDEXES[id(gazetteer)] = (weakref.ref(gazetteer), index, given)
    return index, given


def gazetteer_index(gazetteer: Gazetteer) -> NameIndex:
    """The names of every gazetteer entry (shared by the resolvers of one gazetteer)."""
    return _cached(gazetteer)[0]


def given_name_keys(gazetteer: Gazetteer) -> frozenset:
    return _cached(gazetteer)[1]
