"""Text normalisation shared by extraction, resolution and evaluation.

`fold_with_map` folds text character by character and keeps, for every folded
character, the offset of the original character it came from, so a match
found in folded text maps back to the exact words the article wrote.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional, Sequence

ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
ARABIC_LETTER = "\u0621-\u064A\u0671-\u06D3"
# Harakat, superscript alef, Quranic marks and tatweel carry no identity.
_ARABIC_DROP = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670", "\u0640"}
_ARABIC_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # hamza and madda forms of alef
    "ى": "ي",  # alef maqsura written for ya
    "ة": "ه",  # ta marbuta written for ha
    "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي",  # Persian letters used in Arabic text
}
_PUNCT_MAP = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ", "\u200f": "", "\u200e": "", "\u200c": "", "\u200d": "",
}


def _fold_char(ch: str) -> str:
    if ch in _ARABIC_DROP:
        return ""
    if ch in _ARABIC_MAP:
        return _ARABIC_MAP[ch]
    if ch in _PUNCT_MAP:
        return _PUNCT_MAP[ch]
    if ch in "İIı":  # Turkish dotted/dotless i: MİT = MIT = mit
        return "i"
    if ord(ch) < 128:
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.lower() if base else ""


class _FoldTable(dict):
    """A str.translate table computing each character's folding once, on first sight."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


class _ResizeTable(dict):
    """A str.translate table deleting every character that folds to exactly one character:
    what is left of a text are the characters that make its folded form shift offsets."""

    def __missing__(self, code: int) -> Optional[str]:
        kept = None if len(_TABLE[code]) == 1 else chr(code)
        self[code] = kept
        return kept


_RESIZE = _ResizeTable()


@lru_cache(maxsize=8192)
def fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """Fold `text`; return the folded string and, per folded char, its source offset.

    Most text folds character for character, so the offsets are the identity;
    only dropped marks or expanded letters need an explicit map. Results are
    cached: every matcher of a sentence folds the same text.
    """
    if text.isascii():  # most English sentences
        return _fold_ascii(text), range(len(text))
    folded = text.translate(_TABLE)
    if not text.translate(_RESIZE):
        return folded, range(len(text))
    offsets: list[int] = []
    for index, ch in enumerate(text):
        offsets.extend([index] * len(_TABLE[ord(ch)]))
    return folded, offsets


def _fold_ascii(text: str) -> str:
    """`fold` of ASCII text, what `_fold_char` makes of each character, several times faster."""
    return text.lower().replace("`", "'")


def fold(text: str) -> str:
    """Comparison key: case, diacritics, Arabic orthography and quotes folded."""
    if text.isascii():
        return _fold_ascii(text)
    return unicodedata.normalize("NFKC", text).translate(_TABLE)


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """`fold` for a word or short phrase, cached: the words of a text repeat."""
    return fold(word)


def is_arabic(text: str) -> bool:
    return bool(ARABIC_RE.search(text))


def is_acronym(name: str) -> bool:
    """Short all-capital names (IS, MIT, CIA) match only when written in capitals."""
    letters = name.replace(".", "").replace("İ", "I")
    return 1 < len(letters) <= 5 and letters.isalpha() and letters.isupper()


_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def trie_pattern(phrases: list[str], space: str = " ") -> str:
    """A regex matching any of `phrases`, longest first, with shared prefixes factored.

    A plain alternation tries every phrase at every position of the text; the trie
    tries only the phrases that start with the character found there. `space` is the
    pattern for a space inside a phrase (r"\\s+" lets it match any whitespace).
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node_pattern(trie, space) if trie else "(?!)"


def _node_pattern(node: dict, space: str) -> str:
    ends_here = "" in node
    branches = [(space if ch == " " else re.escape(ch)) + _node_pattern(child, space)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body
