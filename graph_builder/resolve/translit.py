"""Transliteration keys: one Arabic name, many Latin spellings.

Three tools, from coarse to exact:

- `coarse_key(token)` maps an Arabic or a Latin token to a reduced consonant
  alphabet shared by both scripts (vowels, alef, ayn, hamza, waw and ya
  dropped; dentals, sibilants, k/q, g/j/gh merged): "Zarqawi", "Zarkawi" and
  "الزرقاوي" all give "srk". It only gathers candidates (blocking); it never
  decides a match.
- `latin_variants(a, b)` tells whether two Latin tokens are spellings of one
  Arabic name: same consonant skeleton and compatible vowels, where a, e, i,
  o/u may trade only as transliteration allows ("Mohammed" / "Muhammad",
  "Hussein" / "Husain", "Youssef" / "Yusuf"; not "Mohammed" / "Mahmoud",
  "Hassan" / "Hussein", "Omar" / "Amer").
- `transliterates(arabic, latin)` turns the Arabic spelling into a pattern of
  the Latin spellings it allows, letter by letter (ح h, خ kh/h, ق q/k/g, long
  vowels written, short vowels optional), and tests the Latin name against it:
  "عدنان الأسدي" = "Adnan al-Asadi", "محمد" = "Mohammed" = "Muhammad",
  "محمود" = "Mahmoud" but not "Mohammed".

Both names are first reduced by `names.name_key` and `names.name_tokens`
(particles, titles and Abd- compounds), so "Abdul Rahman" meets "عبد الرحمن".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..text import is_arabic
from .names import name_key, name_tokens, remembered

# --- coarse consonant keys (blocking) -----------------------------------------

_COARSE_AR = str.maketrans({
    "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": "t", "د": "t", "ض": "t", "ذ": "t", "ظ": "t",
    "س": "s", "ص": "s", "ز": "s", "ش": "S", "چ": "S", "ج": "j", "غ": "j", "گ": "j", "ق": "k", "ك": "k",
    "خ": "x", "ح": "h", "ه": "h", "ف": "f", "ڤ": "f", "ر": "r", "ل": "l", "م": "m", "ن": "n",
})
_AR_LETTERS = re.compile(r"[^bthsSjkxfrlmn]")
# Latin digraphs first (written as capitals, which the one-letter table keeps), then letters.
_COARSE_DIGRAPHS = [("sch", "S"), ("sh", "S"), ("ch", "S"), ("kh", "X"), ("gh", "J"), ("th", "T"), ("dh", "T"),
                    ("ph", "F"), ("dj", "J"), ("ck", "K")]
_COARSE_LATIN = str.maketrans({
    "b": "b", "p": "b", "t": "t", "d": "t", "s": "s", "z": "s", "c": "k", "k": "k", "q": "k",
    "g": "j", "j": "j", "h": "h", "f": "f", "v": "f", "r": "r", "l": "l", "m": "m", "n": "n", "x": "ks",
    "S": "S", "X": "x", "T": "t", "F": "f", "J": "j", "K": "k",
})
_LATIN_DROP = re.compile(r"[^bthsSjkxfrlmn]")


@remembered
def coarse_key(token: str) -> str:
    """The reduced consonant skeleton of one name token, in either script."""
    if is_arabic(token):
        if token.endswith(("ه", "ة")):
            token = token[:-1]  # a final ha / ta marbuta is often not written in Latin
        return squeeze(_AR_LETTERS.sub("", token.translate(_COARSE_AR)))
    text = token.lower()
    if len(text) > 2 and text.endswith("h") and text[-2] in "aeiou":
        text = text[:-1]
    for digraph, code in _COARSE_DIGRAPHS:
        if digraph in text:
            text = text.replace(digraph, code)
    return squeeze(_LATIN_DROP.sub("", text.translate(_COARSE_LATIN)))


@remembered
def squeeze(text: str) -> str:
    """Doubled letters as one: "Hassan" -> "Hasan"."""
    out = []
    for ch in text:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _squeeze_consonants(text: str) -> str:
    return "".join(ch for i, ch in enumerate(text) if i == 0 or ch != text[i - 1] or ch in _VOWELS)


# --- Latin / Latin: spellings of one Arabic name ---------------------------------

_VOWELS = set("aeiou")
_LATIN_SKELETON = [
    ("sch", "S"), ("sh", "S"), ("ch", "S"), ("kh", "X"), ("gh", "G"), ("th", "T"), ("dh", "D"),
    ("ph", "f"), ("dj", "j"), ("ck", "k"), ("q", "k"), ("c", "k"), ("v", "f"),
]


@remembered
def latin_shape(token: str) -> tuple[str, tuple[str, ...]]:
    """(consonant skeleton, vowel classes around and between the consonants).

    y and w count as consonants at the start or before a vowel ("Yusuf",
    "Marwan"), else as vowels ("Husayn", "Dawud"). A final h after a vowel is
    dropped ("Osamah" = "Osama"), doubled letters are one.
    """
    text = _squeeze_consonants(token.lower())
    for digraph, code in _LATIN_SKELETON:
        text = text.replace(digraph, code)
    if len(text) > 2 and text.endswith("h") and text[-2] in _VOWELS:
        text = text[:-1]
    consonants, groups, group = [], [], []
    for i, ch in enumerate(text):
        following = text[i + 1] if i + 1 < len(text) else ""
        vowel_like = ch in _VOWELS or (ch in "yw" and i > 0 and following not in _VOWELS)
        if vowel_like:
            group.append(ch)
            continue
        groups.append(_vowel_class("".join(group)))
        group = []
        consonants.append(ch)
    groups.append(_vowel_class("".join(group)))
    return squeeze("".join(consonants)), tuple(groups)


def _vowel_class(group: str) -> str:
    """"" none, "I" (i, ee, ei, ai, y...), "U" (o, u, ou...), "A" (a, aa, ea), "E" (e, ae: any)."""
    if not group:
        return ""
    if "i" in group or "y" in group or "ee" in group:
        return "I"
    if group[-1] in "ouw" or "o" in group or "u" in group:
        return "U"
    return "A" if group[-1] == "a" else "E"


def _vowels_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Vowel classes agree: a lone e is any vowel inside a word, but an i at its start
    ("Ehab" / "Ihab") and an a or i at its end ("Hamzeh" / "Hamza")."""
    if len(a) != len(b):
        return False
    last = len(a) - 1
    for position, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        if "E" in (x, y):
            other = y if x == "E" else x
            if 0 < position < last or other in (("I",) if position == 0 else ("A", "I")):
                continue
            return False
        if 0 < position < last and "" in (x, y):
            continue  # a short vowel left unwritten between two consonants
        return False
    return True


def latin_variants(a: str, b: str) -> bool:
    """Two Latin tokens spelling one Arabic name ("Mohammed" / "Muhammad")."""
    if a == b:
        return True
    skeleton_a, vowels_a = latin_shape(a)
    skeleton_b, vowels_b = latin_shape(b)
    return len(skeleton_a) >= 2 and skeleton_a == skeleton_b and _vowels_agree(vowels_a, vowels_b)


# --- Arabic / Latin --------------------------------------------------------------

_V = "[aeiou]?"  # an unwritten short vowel
# Ayn is written as the vowels around it ("Saad", "Omar", "Saeed"), never as the diphthong
# of a ya or waw ("Said" is سعيد, not سعد).
_AYN = "(?:aa|ae|ea|ao|oa|[aeiou])?"
_LETTERS = {
    "ب": "(?:b|p)", "پ": "p", "ت": "t", "ث": "(?:th|s|t)", "ج": "(?:j|g|dj|zh)", "ح": "h",
    "خ": "(?:kh|h|x|ch|k)", "د": "d", "ذ": "(?:dh|z|th|d)", "ر": "r", "ز": "(?:z|s)", "س": "s",
    "ش": "(?:sh|ch|sch|s)", "ص": "s", "ض": "(?:d|dh|z)", "ط": "t", "ظ": "(?:z|dh|th)",
    "غ": "(?:gh|g|r)", "ف": "(?:f|ph|v)", "ڤ": "v", "ق": "(?:q|k|g|c|ck)", "ك": "(?:k|c|ck|q)",
    "گ": "g", "چ": "ch", "ل": "l", "م": "m", "ن": "n",
    "ع": _AYN, "ء": _V, "ؤ": "(?:[aeiou]|w)?", "ئ": "(?:[aeiouy])?",
    "ا": "(?:a|e)", "ى": "(?:a|e|i|y)", "آ": "a", "إ": "[ie]?", "أ": "[aeiou]?", "ٱ": "[aeiou]?",
}
_WAW = "(?:w|ou|u|o|v)"
_YA_MEDIAL = "(?:y|i|ee|ei|ai|ey|ay|ie|e)"
_YA_FINAL = "(?:i|y|ie|iy|ey|e)"
_TA_MARBUTA = "(?:a|ah|at|e|eh)?"
_HARAKAT = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670", "\u0640"}


def _arabic_tokens(name: str) -> tuple[str, ...]:
    """The name's tokens with hamza seats and ta marbuta kept (they tell vowels apart)."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", name) if ch not in _HARAKAT)
    text = text.replace("ی", "ي").replace("ک", "ك")
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in re.findall(r"[\u0621-\u064A\u0671-\u06D3]+", text)]
    return name_tokens(" ".join(words))


def _token_pattern(token: str) -> str:
    parts: list[str] = []
    for i, ch in enumerate(token):
        first, last = i == 0, i == len(token) - 1
        if ch == "و":  # a final waw may be silent ("عمرو" is "Amr")
            part = "w" if first else (_WAW + "?" if last else _WAW)
        elif ch == "ي":
            part = "y" if first else (_YA_FINAL if last else _YA_MEDIAL)
        elif ch == "ة":
            part = _TA_MARBUTA
        elif ch == "ه":
            part = "h?" if last else "h"
        elif ch == "ا" and first:
            part = "[aeiou]?"
        else:
            part = _LETTERS.get(ch, "")
        if parts and "ع" not in (ch, token[i - 1]):
            parts.append(_V)
        parts.append(part)
    return "".join(parts)


@lru_cache(maxsize=16384)
def arabic_pattern(name: str) -> re.Pattern:
    """The Latin spellings an Arabic name allows, as one compiled pattern."""
    tokens = _arabic_tokens(name)
    return re.compile(" ?".join(_token_pattern(t) for t in tokens) + "$")


@remembered
def latin_form(name: str) -> str:
    """A Latin name as `arabic_pattern` reads it: name tokens, doubled letters as one."""
    return " ".join(squeeze(t) for t in name_tokens(name_key(name)))


def transliterates(arabic: str, latin: str) -> bool:
    """True when the Latin name is a spelling of the Arabic one."""
    form = latin_form(latin)
    return bool(form) and not is_arabic(form) and arabic_pattern(arabic).match(form) is not None
