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
- Roles: a person's title or the word right before or after the name ("Colonel
  X", "the journalist X", "X, a veteran reporter,", "العقيد X") puts them in a
  role class (`ROLES`: military, cleric, journalist, athlete); two people with
  the same or similar names but roles of different classes are kept apart.
  Other titles ("Dr.", "Sheikh", "President", "Minister") say nothing here: an
  officer may become a minister, a sheikh may be a tribal elder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional

from ..model import Extraction, Mention
from ..text import fold, is_acronym
from .names import name_key, name_tokens, remembered

GROUP_KINDS = ("armed_group",)
GROUP_GAP = 30  # characters between a person and the group named beside them
_GAP_BREAK = re.compile(r"[;:]|\band\b|\bor\b|\bwith\b|\bagainst\b|\bو\S|\bضد\b")
# Words an acronym usually leaves out: "Front for the Liberation of X" -> FLX.
_FUNCTION_WORDS = frozenset("of the for and in on at to de du des la le et al el".split())

# Role classes that exclude one another: a colonel is no imam, a reporter no striker.
ROLES = {
    "military": "general gen lieutenant lt colonel col major maj brigadier brig admiral adm sergeant sgt commander "
                "soldier اللواء العميد العقيد الفريق المقدم الرائد النقيب الجنرال الضابط",
    "cleric": "cleric imam preacher mufti ayatollah mullah priest bishop rabbi pastor الامام المفتي الداعيه",
    "journalist": "journalist reporter correspondent photographer photojournalist cameraman blogger "
                  "الصحفي الصحافي الصحفيه الصحافيه المراسل المصور الاعلامي",
    "athlete": "footballer striker midfielder goalkeeper boxer athlete wrestler اللاعب",
}
ROLE_OF = {fold(word): role for role, words in ROLES.items() for word in words.split()}
# "Attorney General X", "Secretary-General X" are no officers.
_CIVIL_GENERAL = frozenset("attorney secretary director consul inspector solicitor surgeon governor auditor "
                           "prosecutor postmaster paymaster".split())
ROLE_GAP = 40  # characters looked at on either side of a name
WINDOWS_REMEMBERED = 1 << 16  # windows around names whose roles are remembered (each cache)
_WORD = re.compile(r"\w+")
# The last word before a name ("colonel ", "Gen. ") and the one before it, matched on the
# window reversed: anchored there, the pattern reads those two words only, where a search
# for "(?:^|[^\w])(?:(\w+)[\s-]+)?(\w+)\.?\s+$" tried every position of the window.
_LAST_WORDS_REVERSED = re.compile(r"\s+\.?(\w+)(?:[\s-]+(\w+))?")
# ", a veteran journalist," / ", the army colonel who": the noun phrase's last word
# ", a veteran reporter," and ", a reporter for Egyptian television,": the role word, then
# perhaps where it serves.
_APPOSITION = re.compile(r"^\s*[,،]\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(\w+)"
                         r"(?:\s+(?:for|of|at|with|in|from)\s[^,.;)،]*)?\s*(?:[,.;)،]|$|\s(?:who|said|told)\b)")


class ArticleMentions:
    """An article's mentions sorted once by what the rules below look at, so that each
    rule walks only the mentions it is about."""

    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction
        self.mentions = mentions = extraction.mentions
        self.people: list[int] = []  # Person mentions
        self.others: list[int] = []  # every other mention
        self.unkeyed_bodies: list[int] = []  # Organization and Agency mentions the gazetteer does not know
        self.groups_in: dict[int, list[tuple[int, Mention]]] = {}  # sentence -> armed groups named there
        for i, mention in enumerate(mentions):
            label = mention.label
            if label == "Person":
                self.people.append(i)
                continue
            self.others.append(i)
            if label == "Organization" and mention.kind in GROUP_KINDS:
                self.groups_in.setdefault(mention.sentence, []).append((i, mention))
            if not mention.key and label in ("Organization", "Agency"):
                self.unkeyed_bodies.append(i)

    @cached_property
    def texts(self) -> dict[int, str]:
        """Sentence index -> its text."""
        return {s.index: s.text for s in self.extraction.sentences}


@dataclass
class ArticleContext:
    """What one article tells about its own names (see the module's doc)."""

    links: dict[int, int]  # mention index -> index of the mention it abbreviates
    groups: dict[int, list[int]]  # person mention index -> armed groups named beside it
    roles: dict[int, frozenset]  # person mention index -> role classes
    people: list[int]  # indices of the Person mentions
    others: list[int]  # indices of the other mentions


def article_context(extraction: Extraction,
                    tokens: Optional[Callable[[Mention], tuple[str, ...]]] = None) -> ArticleContext:
    """Links, groups and roles of one article's mentions, its mentions sorted once for all three.

    `tokens` gives a mention's name tokens; a resolver passes one that remembers them.
    """
    article = ArticleMentions(extraction)
    return ArticleContext(_links(article, tokens), _group_neighbours(article), _person_roles(article),
                          article.people, article.others)


def _links(article: ArticleMentions, tokens: Optional[Callable[[Mention], tuple[str, ...]]]) -> dict[int, int]:
    """Mention index -> index of the mention it abbreviates in the same article."""
    links = _short_forms(article, tokens or mention_tokens)
    links.update(_acronyms(article))
    return links


def mention_tokens(mention: Mention) -> tuple[str, ...]:
    return name_tokens(name_key(mention.canonical or mention.text, mention.label))


def _short_forms(article: ArticleMentions, tokens: Callable[[Mention], tuple[str, ...]]) -> dict[int, int]:
    """A lone surname ends exactly one full name of the article; two words begin one."""
    mentions = article.mentions
    people = [(i, tokens(mentions[i])) for i in article.people]
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


def _acronyms(article: ArticleMentions) -> dict[int, int]:
    mentions = article.mentions
    links: dict[int, int] = {}
    for i in article.unkeyed_bodies:
        mention = mentions[i]
        text = mention.text.strip()
        if not is_acronym(text):
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


def _group_neighbours(article: ArticleMentions) -> dict[int, list[int]]:
    """Person mention index -> indices of the armed groups named right beside it."""
    found: dict[int, list[int]] = {}
    groups_in = article.groups_in  # a person meets only the groups of its own sentence
    if not groups_in:
        return found
    mentions, texts = article.mentions, article.texts
    for i in article.people:
        person = mentions[i]
        if person.sentence not in groups_in:
            continue
        text = texts.get(person.sentence, "")
        for j, group in groups_in[person.sentence]:
            if _beside(text, person, group):
                found.setdefault(i, []).append(j)
    return found


def _person_roles(article: ArticleMentions) -> dict[int, frozenset]:
    """Person mention index -> the role classes its title and neighbouring words give it."""
    mentions = article.mentions
    found: dict[int, frozenset] = {}
    for i in article.people:
        person = mentions[i]
        if person.key:
            continue
        roles = _title_roles(person.text, person.canonical)
        text = article.texts.get(person.sentence)
        if text and text[person.start:person.end] == person.text:
            around = _roles_around(text, person.start, person.end)
            if around:
                roles = roles | frozenset(around)
        if roles:
            found[i] = roles
    return found


def _role(word: str) -> Optional[str]:
    return ROLE_OF.get(word) or (ROLE_OF.get("ال" + word) if word[:1] > "\u0600" else None)


@remembered
def _title_roles(text: str, canonical: Optional[str]) -> frozenset:
    """Roles named by the words a mention carries before the name itself ("Lt. Col. X")."""
    name = set(_WORD.findall(fold(canonical or name_key(text, "Person"))))
    roles, previous = set(), ""
    for word in _WORD.findall(fold(text)):
        if word in name:
            break
        if not (previous in _CIVIL_GENERAL and word in ("general", "gen")):
            roles.add(_role(word))
        previous = word
    roles.discard(None)
    return frozenset(roles)


def _roles_around(text: str, start: int, end: int) -> list[str]:
    """The role named by the word right before the name ("the journalist X", "العقيد X"),
    and by an apposition right after it ("X, a veteran reporter, said")."""
    roles = (_role_before(text[max(0, start - ROLE_GAP):start]), _role_after(text[end:end + ROLE_GAP]))
    return [r for r in roles if r]


# Reports repeat their phrasing ("said on Tuesday that the ", ", who leads the"): the words
# around names are worked out once per distinct window (folding them is most of the cost).
@remembered(size=WINDOWS_REMEMBERED)
def _role_before(window: str) -> str:
    """The role named by the last word of the window before a name, or ""."""
    before = last_words(fold(window))
    if before and not (before[0] in _CIVIL_GENERAL and before[1] in ("general", "gen")):
        return _role(before[1]) or ""
    return ""


@remembered(size=WINDOWS_REMEMBERED)
def _role_after(window: str) -> str:
    """The role named by an apposition at the start of the window after a name, or ""."""
    after = _APPOSITION.match(fold(window))
    return (_role(after.group(1)) or "") if after else ""


def last_words(window: str) -> Optional[tuple[Optional[str], str]]:
    """(word before the last, last word) of a window that ends with a word, maybe a full
    stop, and white space ("the army colonel " -> ("army", "colonel")); the first is None
    unless only spaces or hyphens part the two words. None when the window ends otherwise."""
    found = _LAST_WORDS_REVERSED.match(window[::-1])
    if found is None:
        return None
    last, previous = found.groups()
    return (previous[::-1] if previous else None), last[::-1]


def _beside(text: str, a: Mention, b: Mention) -> bool:
    first, second = (a, b) if a.start <= b.start else (b, a)
    if not 0 <= second.start - first.end <= GROUP_GAP:
        return False
    return not _GAP_BREAK.search(text[first.end:second.start] if text else "")
