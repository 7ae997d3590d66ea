"""The names fuzzy matching compares against, with blocks that keep it linear.

Every name an entity is known by is indexed twice:
- by its exact key (`names.exact_key`), a dict lookup;
- as an *anchor* for fuzzy matching, by each of its tokens. A query token
  reaches the anchor tokens that share one of its one-letter deletions (so
  "Hadad" reaches "Haddad", "Emwazi" reaches "Emwazi" variants) or its coarse
  consonant key (so "Muhammad" reaches "Mohammed" and "الأسدي" reaches "Asadi").

A query looks only at the anchors of its *rarest* token, intersected with the
next rarest while the block is larger than `MAX_BLOCK`, so common tokens such
as "mohammed", "abu" or "front" never make quadratic blocks: the cost of a
query grows with the size of its smallest block, not with the number of names.
"""
from __future__ import annotations

from typing import NamedTuple, Optional

from ..text import is_arabic
from .names import name_key, name_tokens
from .translit import coarse_key

MAX_BLOCK = 32  # anchors a query looks at, at most
MIN_DELETION_TOKEN = 4  # shorter tokens reach others only whole or by consonant key
MIN_COARSE = 2  # consonants a coarse key needs to block anything
COMMON_WORD = 8  # names carrying a word that make it a common one
MAX_ONE_OFF = 40  # names longer than this are not indexed by their one-letter deletions


class Anchor(NamedTuple):
    entity_id: str
    label: str
    name: str  # as written
    key: str
    tokens: tuple[str, ...]
    primary: bool  # a name the entity started with (not a variant matched later)
    arabic: bool
    coarse: tuple[str, ...]  # consonant key of each token


def deletions(token: str) -> list[str]:
    """The token less one letter, each way (none for short tokens)."""
    if len(token) < MIN_DELETION_TOKEN:
        return []
    return [token[:i] + token[i + 1:] for i in range(len(token))]


def one_letter_less(key: str) -> frozenset[str]:
    """A whole key and the key less one letter, each way, once each (a doubled letter
    gives the same deletion twice)."""
    return frozenset([key, *deletions(key)])


class NameIndex:
    def __init__(self) -> None:
        self.exact: dict[tuple[str, str], object] = {}  # (label, key) -> entity id, or a list of ids
        self.anchors: list[Anchor] = []
        self._anchor_seen: set[tuple[str, str]] = set()
        self._by_token: dict[tuple[str, str], list[int]] = {}
        self._by_coarse: dict[tuple[str, str], list[int]] = {}
        self._near: dict[str, object] = {}  # one-letter deletion -> token indexed, or a set of them
        self.last_tokens: dict[tuple[str, str], set[str]] = {}  # (label, surname) -> entity ids
        self.by_entity: dict[str, list[int]] = {}  # entity id -> its anchors
        self.word_count: dict[str, int] = {}  # token -> anchors carrying it, any label
        self._one_off: dict[str, object] = {}  # whole key, or it less one letter -> anchor(s)
        self._last_variants: tuple[Optional[str], frozenset] = (None, frozenset())  # see `_variants`

    def copy(self) -> "NameIndex":
        """An index holding the same names, that can grow without changing this one."""
        other = NameIndex()
        other.exact = {k: (list(v) if isinstance(v, list) else v) for k, v in self.exact.items()}
        other.anchors = list(self.anchors)
        other._anchor_seen = set(self._anchor_seen)
        other._by_token = {k: list(v) for k, v in self._by_token.items()}
        other._by_coarse = {k: list(v) for k, v in self._by_coarse.items()}
        other._near = {k: (set(v) if isinstance(v, set) else v) for k, v in self._near.items()}
        other.last_tokens = {k: set(v) for k, v in self.last_tokens.items()}
        other.by_entity = {k: list(v) for k, v in self.by_entity.items()}
        other.word_count = dict(self.word_count)
        other._one_off = {k: (list(v) if isinstance(v, list) else v) for k, v in self._one_off.items()}
        return other

    # -- adding --------------------------------------------------------------

    def add_exact(self, entity_id: str, label: str, key: str) -> None:
        if not key:
            return
        held = self.exact.get((label, key))
        if held is None:
            self.exact[(label, key)] = entity_id
        elif isinstance(held, list):
            if entity_id not in held:
                held.append(entity_id)
        elif held != entity_id:
            self.exact[(label, key)] = [held, entity_id]

    def add_anchor(self, entity_id: str, label: str, name: str, primary: bool = True,
                   one_off: bool = True) -> None:
        """Index `name` for fuzzy matching; `one_off` also by its whole-key one-letter deletions
        (the entity's own name: aliases are many, and their variants reach it anyway)."""
        key = name_key(name, label)
        if not key or (entity_id, key) in self._anchor_seen:
            return
        self._anchor_seen.add((entity_id, key))
        tokens = name_tokens(key)
        number = len(self.anchors)
        coarse = tuple(coarse_key(t) for t in tokens)
        self.anchors.append(Anchor(entity_id, label, name, key, tokens, primary, is_arabic(key), coarse))
        self.by_entity.setdefault(entity_id, []).append(number)
        for token in set(tokens):
            self.word_count[token] = self.word_count.get(token, 0) + 1
            self._by_token.setdefault((label, token), []).append(number)
            if token not in self._near_tokens(token):
                self._add_near(token)
        for token_coarse in set(coarse):
            if len(token_coarse) >= MIN_COARSE:
                self._by_coarse.setdefault((label, token_coarse), []).append(number)
        self.last_tokens.setdefault((label, tokens[-1]), set()).add(entity_id)
        if one_off and primary and len(key) <= MAX_ONE_OFF:
            self._add_one_off(key, number)

    def _add_one_off(self, key: str, number: int) -> None:
        one_off = self._one_off
        for variant in self._variants(key):
            held = one_off.get(variant)
            if held is None:
                one_off[variant] = number
            elif held.__class__ is list:
                held.append(number)
            else:
                one_off[variant] = [held, number]

    def _variants(self, key: str) -> frozenset:
        """`one_letter_less(key)`, kept for the last key: a name looked up and not found
        is the name of the entity made next, indexed by the same variants."""
        if self._last_variants[0] != key:
            self._last_variants = (key, one_letter_less(key))
        return self._last_variants[1]

    def _add_near(self, token: str) -> None:
        """Index a token under itself and its one-letter deletions."""
        near = self._near
        for variant in [token, *deletions(token)]:
            held = near.get(variant)
            if held is None:
                near[variant] = token
            elif held.__class__ is set:
                held.add(token)
            elif held != token:
                near[variant] = {held, token}

    def _near_tokens(self, variant: str):
        held = self._near.get(variant)
        if held is None:
            return ()
        return held if isinstance(held, set) else (held,)

    def _near_of(self, token: str) -> set[str]:
        """The tokens indexed that share the token or one of its one-letter deletions."""
        near: set[str] = set()
        indexed = self._near
        for variant in indexed.keys() & {token, *deletions(token)}:
            held = indexed[variant]
            if held.__class__ is set:
                near.update(held)
            else:
                near.add(held)
        return near

    # -- finding -------------------------------------------------------------

    def common(self, token: str) -> bool:
        """A word many names share ("army", "front", "abu")."""
        return self.word_count.get(token, 0) >= COMMON_WORD

    def exact_ids(self, label: str, key: str) -> list[str]:
        held = self.exact.get((label, key))
        if held is None:
            return []
        return held if isinstance(held, list) else [held]

    def one_off(self, label: str, key: str) -> list[Anchor]:
        """Anchors whose whole key is at most one letter away from `key` (added, dropped,
        changed or swapped): the commonest variant, found with a few dict lookups."""
        found: set[int] = set()
        one_off = self._one_off
        for variant in one_off.keys() & self._variants(key):  # most variants are indexed under no name
            held = one_off[variant]
            if held.__class__ is list:
                found.update(held)
            else:
                found.add(held)
        if not found:
            return []
        anchors = self.anchors
        return [a for a in (anchors[n] for n in sorted(found)) if a.label == label][:MAX_BLOCK]

    def blocks(self, label: str, tokens: tuple[str, ...], limit: int = MAX_BLOCK) -> list[list[list[int]]]:
        """Per query token, the anchor lists it reaches (not yet merged): those carrying it,
        those sharing its consonant key and, for a word no name carries (a slip?), those
        carrying a word one letter away. Names one letter away as a whole are `one_off`'s.
        """
        found = []
        for token in dict.fromkeys(tokens):
            exact = self._by_token.get((label, token))
            if exact is not None and len(exact) > limit:
                found.append([exact])  # a common word ("mohammed", "front"): no wider
                continue
            lists = [exact] if exact else []
            if not exact:
                near = self._near_of(token)
                lists += [hit for hit in (self._by_token.get((label, other)) for other in near) if hit]
            coarse = coarse_key(token)
            if len(coarse) >= MIN_COARSE:
                hit = self._by_coarse.get((label, coarse))
                if hit:
                    lists.append(hit)
            found.append(lists)
        return found

    def candidates(self, label: str, tokens: tuple[str, ...], limit: int = MAX_BLOCK) -> list[Anchor]:
        """The anchors worth scoring for a query: those of its rarest token, narrowed by
        the next rarest while more than `limit`; at most `limit`."""
        blocks = sorted((b for b in self.blocks(label, tokens, limit) if b), key=lambda b: sum(map(len, b)))
        if not blocks:
            return []
        chosen: set[int] = set().union(*blocks[0])
        if len(blocks) > 1 and len(chosen) + sum(map(len, blocks[1])) <= limit:
            # the rarest word may be one the other name lacks ("Leonardo aal-X" / "Leonardo
            # al-X"): the next rarest word's block joins while both stay small
            chosen = chosen.union(*blocks[1])
        for lists in blocks[1:3]:
            if len(chosen) <= limit:
                break
            narrower = chosen & set().union(*lists)
            if not narrower:
                break
            chosen = narrower
        return [self.anchors[n] for n in sorted(chosen)[:limit]]

