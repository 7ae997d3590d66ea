"""What one article tells about its own names, before any corpus-wide matching.

- Short forms: "Kerry" after "John Kerry", "al-Asadi" after "Adnan al-Asadi",
  "Abu Bakr" after "Abu Bakr al-Baghdadi" are the person the article named in
  full, when exactly one full name ends with that surname (or begins with those
  two words).
- Acronyms: "HEF" in an article that names "the Harakat Example Front" is that
  organization, when the initials of exactly one name of the same label spell it.
- Groups: a person named right beside an armed group ("IS commander Abu X",
  "Abu X of the Nusra Front") belongs to it; two unknown people with the same
  or similar names but different groups are kept apart (see `Resolver`).
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from ..model import Extraction, Mention
from ..text import fold, is_acronym
from .names import name_key, name_tokens

GROUP_KINDS = ("armed_group",)
GROUP_GAP = 30  # characters between a person and the group named beside them
_GAP_BREAK = re.compile(r"[;:]|\band\b|\bor\b|\bwith\b|\bagainst\b|\bو\S|\bضد\b")
# Words an acronym usually leaves out: "Front for the Liberation of X" -> FLX.
_FUNCTION_WORDS = frozenset("of the for and in on at to de du des la le et al el".split())


def article_links(extraction: Extraction, tokens: Optional[Callable[[Mention], tuple[str, ...]]] = None) -> dict[int, int]:
    """Mention index -> index of the mention it abbreviates in the same article.

    `tokens` gives a mention's name tokens; a resolver passes one that remembers them.
    """
    mentions = extraction.mentions
    links = _short_forms(mentions, tokens or mention_tokens)
    links.update(_acronyms(mentions))
    return links


def mention_tokens(mention: Mention) -> tuple[str, ...]:
    return name_tokens(name_key(mention.canonical or mention.text, mention.label))


def _short_forms(mentions: list[Mention], tokens: Callable[[Mention], tuple[str, ...]]) -> dict[int, int]:
    """A lone surname ends exactly one full name of the article; two words begin one."""
    people = [(i, tokens(m)) for i, m in enumerate(mentions) if m.label == "Person"]
    shorts = {name for i, name in people if 0 < len(name) <= 2 and not mentions[i].key}
    if not shorts:
        return {}
    holders: dict[tuple[str, ...], dict[object, int]] = {}
    for j, name in people:
        for part in (name[-1:] if len(name) >= 2 else None, name[:2] if len(name) >= 3 else None):
            if part in shorts:
                holders.setdefault(part, {}).setdefault(mentions[j].key or name, j)
    links: dict[int, int] = {}
    for i, short in people:
        found = holders.get(short) if short in shorts and not mentions[i].key else None
        if found and len(found) == 1:
            links[i] = next(iter(found.values()))
    return links


def initials(name: str) -> set[str]:
    """The acronyms a name can have: initials of every word, and of its significant words."""
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w and w[0].isalpha()]
    every = "".join(w[0] for w in words)
    significant = "".join(w[0] for w in words if w not in _FUNCTION_WORDS)
    return {x for x in (every, significant) if len(x) >= 2}


def _acronyms(mentions: list[Mention]) -> dict[int, int]:
    links: dict[int, int] = {}
    for i, mention in enumerate(mentions):
        text = mention.text.strip()
        if mention.key or mention.label not in ("Organization", "Agency") or not is_acronym(text):
            continue
        letters = fold(text).replace(".", "")
        holders: dict[object, int] = {}
        for j, other in enumerate(mentions):
            name = other.canonical or other.text
            if j != i and other.label == mention.label and not is_acronym(name.strip()) and letters in initials(name):
                holders.setdefault(other.key or name_key(name, other.label), j)
        if len(holders) == 1:
            links[i] = next(iter(holders.values()))
    return links


def group_neighbours(extraction: Extraction) -> dict[int, list[int]]:
    """Person mention index -> indices of the armed groups named right beside it."""
    texts = {s.index: s.text for s in extraction.sentences}
    mentions = extraction.mentions
    groups = [(j, m) for j, m in enumerate(mentions) if m.label == "Organization" and m.kind in GROUP_KINDS]
    found: dict[int, list[int]] = {}
    if not groups:
        return found
    for i, person in enumerate(mentions):
        if person.label != "Person":
            continue
        for j, group in groups:
            if group.sentence == person.sentence and _beside(texts.get(person.sentence, ""), person, group):
                found.setdefault(i, []).append(j)
    return found


def _beside(text: str, a: Mention, b: Mention) -> bool:
    first, second = (a, b) if a.start <= b.start else (b, a)
    gap = text[first.end:second.start] if text else ""
    return 0 <= second.start - first.end <= GROUP_GAP and not _GAP_BREAK.search(gap)
