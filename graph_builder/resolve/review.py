"""Analyst review of entity resolution: uncertain pairs, decisions, `same` judgements.

- `uncertain_pairs` finds pairs of stored entities of one label whose names
  score in an uncertain band: close enough to be one actor, not close enough
  for the resolver to merge them on its own. Candidates come from blocks of
  entities sharing a name token (or its first letters), so the cost grows with
  the number of names, not with its square. Judged pairs are left out.
- `read_decisions` reads a decisions file (JSON lines {"a", "b", "judgement"}).
- `Directory` finds stored entities by id or by any of their names, and
  `place` tells what a decision is about: two entities, or two names of one.
- `honour_same` redirects a mention to the entity it was judged the same as.

This module reads plain entity records (the dicts `GraphStore.entities()`
yields); the store applies the merges and splits (`graph_builder.store.merge`).
"""
from __future__ import annotations

import contextvars
import dataclasses
import os
import weakref
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Iterable, Optional

from rapidfuzz import fuzz

from ..gazetteer import DataFileError, Gazetteer, read_jsonl
from ..model import ENTITY_LABELS, Mention
from .judgements import VERDICTS, Judgement, Judgements
from .names import name_key

BAND = (75.0, 92.0)  # token_sort_ratio of name keys that an analyst should look at
MAX_BLOCK = 200  # entities sharing one token; a commoner token ("ministry") blocks nothing
PREFIX = 4  # tokens sharing their first letters are compared too ("salama" / "salameh")


# --- uncertain pairs ---------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    a: dict  # entity records: id, label, name, aliases, country, kind
    b: dict
    score: float
    names: tuple[str, str]  # the two names that scored best


def names_of(entity: dict) -> list[str]:
    return list(dict.fromkeys(n for n in [entity.get("name"), *(entity.get("aliases") or [])] if n))


def _keys(entity: dict) -> dict[str, str]:
    """Name key -> one name written that way."""
    keys: dict[str, str] = {}
    for name in names_of(entity):
        keys.setdefault(name_key(name), name)
    keys.pop("", None)
    return keys


def _block_keys(keys: Iterable[str]) -> set[str]:
    found = set()
    for key in keys:
        for token in key.split():
            if len(token) > 2:
                found.add(token)
            if len(token) > PREFIX:
                found.add(token[:PREFIX] + "*")
    return found


def best_score(keys_a: dict[str, str], keys_b: dict[str, str]) -> tuple[float, tuple[str, str]]:
    best, names = 0.0, ("", "")
    for key_a, key_b in ((x, y) for x in keys_a for y in keys_b):
        score = fuzz.token_sort_ratio(key_a, key_b)
        if score > best:
            best, names = score, (keys_a[key_a], keys_b[key_b])
    return best, names


def judged(judgements: Judgements, a: dict, b: dict) -> Optional[str]:
    """A recorded judgement about two entities, by id or by name."""
    return judgements.verdict(a["id"], b["id"]) or judgements.verdict(a["name"], b["name"])


def uncertain_pairs(entities: Iterable[dict], judgements: Judgements,
                    band: tuple[float, float] = BAND) -> list[Pair]:
    """Unjudged pairs of entities of one label whose best name score lies in `band`, best first."""
    by_id, keys, blocks = {}, {}, defaultdict(set)
    for entity in entities:
        by_id[entity["id"]] = entity
        keys[entity["id"]] = _keys(entity)
        for token in _block_keys(keys[entity["id"]]):
            blocks[(entity["label"], token)].add(entity["id"])
    seen, pairs = set(), []
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        for pair in combinations(sorted(members), 2):
            if pair in seen:
                continue
            seen.add(pair)
            found = _scored(by_id[pair[0]], by_id[pair[1]], keys, judgements, band)
            if found:
                pairs.append(found)
    return sorted(pairs, key=lambda p: (-p.score, p.a["id"], p.b["id"]))


def _scored(a: dict, b: dict, keys: dict, judgements: Judgements, band) -> Optional[Pair]:
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return None  # the resolver never merges actors of two countries
    score, names = best_score(keys[a["id"]], keys[b["id"]])
    if not band[0] <= score <= band[1] or judged(judgements, a, b):
        return None
    return Pair(a, b, score, names)


# --- decisions -----------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    a: str  # entity id or name
    b: str
    judgement: str
    label: Optional[str] = None
    where: str = ""  # "file:line" for messages


def read_decisions(path: Path) -> list[Decision]:
    """Every line of a decisions file, checked; a bad line is a one-line error naming file and line."""
    path = Path(path)
    found = []
    for number, record in read_jsonl(path):
        where = f"{path}:{number}"
        a, b, verdict, label = (record.get(k) for k in ("a", "b", "judgement", "label"))
        if not (isinstance(a, str) and a.strip() and isinstance(b, str) and b.strip()) or verdict not in VERDICTS:
            raise DataFileError(f"{where}: needs 'a', 'b' and a judgement of {', '.join(VERDICTS)}")
        if label is not None and label not in ENTITY_LABELS:
            raise DataFileError(f"{where}: label must be one of {', '.join(ENTITY_LABELS)}")
        found.append(Decision(a.strip(), b.strip(), verdict, label, where))
    return found


class Directory:
    """Stored entities by id and by the name key of every name they carry."""

    def __init__(self, entities: Iterable[dict]):
        self.by_id: dict[str, dict] = {}
        self._by_key: dict[str, set[str]] = defaultdict(set)
        for entity in entities:
            self.add(entity)

    def add(self, entity: dict) -> None:
        self.by_id[entity["id"]] = entity
        for key in _keys(entity):
            self._by_key[key].add(entity["id"])

    def remove(self, entity_id: str) -> None:
        entity = self.by_id.pop(entity_id, None)
        for key in _keys(entity or {}):
            self._by_key[key].discard(entity_id)

    def find(self, value: str, label: Optional[str] = None) -> list[dict]:
        """Entities with this id, else those carrying this name (of `label` when given)."""
        if ":" in value:
            found = [self.by_id[value]] if value in self.by_id else []
        else:
            found = [self.by_id[i] for i in sorted(self._by_key.get(name_key(value), ()))]
        return [e for e in found if label is None or e["label"] == label]


@dataclass(frozen=True)
class Placement:
    """What a decision is about: two entities, or two names sharing one entity."""

    a: dict
    b: dict  # the same record as `a` when both names share one entity
    name_a: str
    name_b: str

    @property
    def one_entity(self) -> bool:
        return self.a["id"] == self.b["id"]


def place(directory: Directory, a: str, b: str, label: Optional[str] = None) -> Placement:
    """The entities `a` and `b` name; raises ValueError (one line) when unknown or ambiguous."""
    found_a, found_b = _found(directory, a, label), _found(directory, b, label)
    shared = [e for e in found_a if e in found_b]
    if shared and ":" not in a + b:
        entity = _one(shared, a)
        return Placement(entity, entity, a, b)
    entity_a, entity_b = _one(found_a, a), _one(found_b, b)
    if entity_a["id"] == entity_b["id"]:
        raise ValueError(f"{a!r} and {b!r} are one entity; give two of its names to split it")
    return Placement(entity_a, entity_b, _name(entity_a, a), _name(entity_b, b))


def _found(directory: Directory, value: str, label: Optional[str]) -> list[dict]:
    found = directory.find(value, label)
    if not found:
        what = "unknown entity id" if ":" in value else "no stored entity is named"
        raise ValueError(f"{what} {value!r}" + (f" ({label})" if label and ":" not in value else ""))
    return found


def _one(found: list[dict], value: str) -> dict:
    if len(found) > 1:
        ids = ", ".join(e["id"] for e in found)
        raise ValueError(f"{value!r} names several entities ({ids}): give an id or a label")
    return found[0]


def _name(entity: dict, value: str) -> str:
    return entity["name"] if ":" in value else value


def keep_first(a: dict, b: dict, gazetteer: Gazetteer) -> tuple[dict, dict]:
    """(kept, dropped) for a `same` judgement: `a`, unless only `b` is a gazetteer entry.

    A gazetteer entity keeps its id, since later loads will name it again.
    """
    if _in_gazetteer(b, gazetteer) and not _in_gazetteer(a, gazetteer):
        return b, a
    return a, b


def _in_gazetteer(entity: dict, gazetteer: Gazetteer) -> bool:
    prefix, _, slug = entity["id"].partition(":")
    return gazetteer.get(entity["label"], slug) is not None and prefix == entity["label"].lower()


# --- recorded judgements ---------------------------------------------------------


def recorded(judgements: Judgements) -> list[Judgement]:
    """The judgements in the file behind `judgements`, in file order (with who and when)."""
    path = judgements.path
    if not path or not Path(path).exists():
        return []
    items = []
    for _number, record in read_jsonl(Path(path)):
        if record.get("judgement") in VERDICTS and record.get("a") and record.get("b"):
            items.append(Judgement(record["a"], record["b"], record["judgement"], record.get("label"),
                                   record.get("who", ""), record.get("when", "")))
    return items


# --- honouring `same` on later loads ---------------------------------------------


def _index_key(value: str) -> str:
    return value if ":" in value else name_key(value)


class SameIndex:
    """The partners of every name or id judged `same` (the latest judgement of a pair wins)."""

    def __init__(self, judgements: Judgements):
        self._partners: dict[str, list[str]] = defaultdict(list)
        for item in recorded(judgements):
            if item.judgement == "same" and judgements.verdict(item.a, item.b) == "same":
                self._partners[_index_key(item.a)].append(item.b)
                self._partners[_index_key(item.b)].append(item.a)

    def partners(self, values: Iterable[Optional[str]]) -> list[str]:
        if not self._partners:  # the usual case: nothing was ever judged `same`
            return []
        found = []
        for value in values:
            if value:
                found += self._partners.get(_index_key(value), [])
        return list(dict.fromkeys(found))


_indexes: "weakref.WeakKeyDictionary[Judgements, tuple]" = weakref.WeakKeyDictionary()


def same_index(judgements: Judgements) -> SameIndex:
    """The index for `judgements`, rebuilt when its file changes."""
    signature = _signature(judgements.path)
    cached = _indexes.get(judgements)
    if cached is None or cached[0] != signature:
        cached = (signature, SameIndex(judgements))
        _indexes[judgements] = cached
    return cached[1]


def _signature(path: Optional[Path]) -> Optional[tuple[int, int]]:
    """(modification time, size) of a file, None when there is none (one stat call)."""
    if not path:
        return None
    try:
        stat = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return stat.st_mtime_ns, stat.st_size


_redirecting = contextvars.ContextVar("redirecting", default=False)


def honour_same(resolver, mention: Mention, match, index: Optional[SameIndex] = None):
    """`match`, or the entity the mention was judged the same as when `match` is no known entity.

    `resolver` is a `graph_builder.resolve.Resolver`; `match` what its `match(mention)`
    returned. A mention that would make a new entity (or is vetoed) goes to a known
    entity judged `same` as its name, its canonical name or its gazetteer id, so
    two names judged the same become one entity on every load. `index` is
    `same_index(resolver.judgements)` when the caller already holds it (looking
    at the judgements file costs a stat: a resolver does it once per article).
    """
    if (match.entity_id and match.entity_id in resolver.entities) or _redirecting.get():
        return match
    values = (match.entity_id, mention.canonical, mention.text)
    partners = (same_index(resolver.judgements) if index is None else index).partners(values)
    token = _redirecting.set(True)  # matching a partner must not redirect again
    try:
        for partner in partners:
            found = _known(resolver, mention.label, partner)
            if found:
                return dataclasses.replace(match, entity_id=found, score=100.0,
                                           reason=f"judged same as {partner!r}")
    finally:
        _redirecting.reset(token)
    return match


def _known(resolver, label: str, value: str) -> Optional[str]:
    if ":" in value:
        entity = resolver.entities.get(value)
        return value if entity is not None and entity.label == label else None
    found = resolver.match(Mention(value, label, 0, 0, len(value)))
    return found.entity_id if found.entity_id in resolver.entities else None
