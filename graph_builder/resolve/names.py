"""Name keys for comparing actor names across spellings and scripts.

`name_key` is the exact-match key: folded (case, NFKC, diacritics, Turkish
dotted/dotless i, Arabic hamza forms, ta marbuta, alef maqsura, tatweel,
harakat), without possessives, leading titles, Arabic-name particles
(al-, el-, Al , ad-/ash-/as-..., ال) or punctuation. `name_tokens` goes one
step further for fuzzy comparison: the Abd- compounds ("Abdul Rahman",
"Abdel-Rahman", "Abd al-Rahman", "عبد الرحمن") become one token and bin/ibn/ben
one particle. Acronyms (IS, MIT, CIA) get a case-sensitive key of their own,
so the English word "is" never names Islamic State.
"""
from __future__ import annotations

import inspect
import re
from functools import lru_cache
from typing import Optional

from ..gazetteer import data_dir, read_lines
from ..text import fold, is_acronym

# Particles that vary between spellings of one Arabic name: "Abu Bakr Al Baghdadi" /
# "Abu Bakr al-Baghdadi" / "abu bakr baghdadi"; sun-letter assimilations (ad-, ash-,
# as-...) only with their hyphen, since "as" and "an" are also English words.
_PARTICLES = re.compile(r"\b(?:(?:al|el)[-\s]+|(?:ad|ar|as|ash|at|az|an|ath|adh)-)|\bthe\s+|(?<=\s)ال|^ال")
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s\b")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")  # "Asa'ib" = "Asaib", "Sa'id" = "Said"
# Abd- compounds written as one or two words, with or without the article.
_ABD_LATIN = re.compile(r"^abd(?:ul|ol|el|al|ur|ar|ir|u|e|a)?(?=[a-z]{3})")
_ABD_WORDS = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdu", "abde"})
_ARABIC_ABD = "عبد"
_SON_OF = {"bin": "bin", "ibn": "bin", "ben": "bin", "bn": "bin", "ابن": "بن", "بن": "بن"}
TITLE_LABELS = (None, "Person")
CACHE_SIZE = 1 << 17  # distinct names remembered by each cached function (a few hundred bytes each)


def remembered(function=None, *, size: int = CACHE_SIZE):
    """Cache a function of hashable arguments in a plain dict, emptied when it holds `size`.

    Plain dicts rather than `lru_cache`: an LRU cache keeps a linked node per
    entry, millions of small objects the garbage collector keeps walking.
    `@remembered` or `@remembered(size=...)`.
    """
    if function is None:
        return lambda function: remembered(function, size=size)
    memory: dict = {}

    def cached(*args):
        key = args[0] if len(args) == 1 else args
        found = memory.get(key)
        if found is None:
            if len(memory) >= size:
                memory.clear()
            found = memory[key] = function(*args)
        return found

    def cached_one(arg):  # most cached functions take one argument: no tuple to pack
        found = memory.get(arg)
        if found is None:
            if len(memory) >= size:
                memory.clear()
            found = memory[arg] = function(arg)
        return found

    if function.__code__.co_argcount == 1 and not function.__code__.co_flags & inspect.CO_VARARGS:
        cached = cached_one
    cached.__doc__, cached.__name__, cached.__wrapped__ = function.__doc__, function.__name__, function
    return cached


@lru_cache(maxsize=1)
def _titles() -> re.Pattern:
    """Leading titles and honorifics ("Lt. Gen.", "President", "Sheikh", "اللواء"), longest first."""
    titles = sorted({fold(t).rstrip(".") for t in read_lines(data_dir() / "rules" / "titles.txt")}, key=len, reverse=True)
    words = "|".join(re.escape(t).replace(r"\ ", r"\.?\s*") for t in titles if t)
    return re.compile(rf"^(?:(?:{words})\.?\s+)+")


def name_key(name: str, label: Optional[str] = None) -> str:
    """Folded name without particles, leading titles (people only), possessives and punctuation.

    `label` None strips titles too, so judgements and callers without a label
    keep working; an organisation's "General Intelligence Directorate" keeps its
    first word when the label is given.
    """
    return _name_key(name, label in TITLE_LABELS)


@remembered
def _name_key(name: str, titles: bool) -> str:
    key = fold(name)
    if "'" in key:  # most names have no apostrophe, and the lookbehind tries every position
        key = _POSSESSIVE.sub("", key)
        key = _APOSTROPHE.sub("", key)
    if titles:
        key = _titles().sub("", key)
    key = _PARTICLES.sub(" ", key)
    key = _NON_WORD.sub(" ", key)
    return " ".join(key.split())  # white space runs as one space (str.split's and \s agree)


def acronym_key(name: str) -> Optional[str]:
    """"IS", "MİT", "C.I.A." -> a key that only the same capitals share; None for other names."""
    stripped = name.strip()
    if not is_acronym(stripped):
        return None
    return "=" + fold(stripped).replace(".", "").upper()


def exact_key(name: str, label: Optional[str] = None) -> str:
    return acronym_key(name) or name_key(name, label)


@remembered
def name_tokens(key: str) -> tuple[str, ...]:
    """The tokens fuzzy matching compares: Abd- compounds joined, bin/ibn/ben one particle."""
    tokens: list[str] = []
    words = key.split()
    i = 0
    while i < len(words):
        word = _SON_OF.get(words[i], words[i])
        if (word in _ABD_WORDS or word == _ARABIC_ABD) and i + 1 < len(words):
            word, i = word + words[i + 1], i + 1
        tokens.append(_abd(word))
        i += 1
    return tuple(tokens)


def _abd(token: str) -> str:
    if token.startswith(_ARABIC_ABD) and len(token) > 4:
        rest = token[3:]
        return _ARABIC_ABD + (rest[2:] if rest.startswith("ال") and len(rest) > 3 else rest)
    return _ABD_LATIN.sub("abd", token) if token.startswith("abd") else token


def slug(name: str) -> str:
    """A readable id part: "Saad al-Allaq" -> "saad_al_allaq"; Arabic kept as letters."""
    key = _NON_WORD.sub(" ", fold(name))
    return _SPACES.sub("_", key.strip()) or "unnamed"


def last_token(key: str) -> str:
    parts = key.split()
    return parts[-1] if parts else ""
