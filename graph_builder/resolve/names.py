"""Name keys for comparing actor names across spellings and scripts."""
from __future__ import annotations

import re

from ..text import fold

# Arabic-name particles and honorifics that vary between spellings of one name:
# "Abu Bakr Al Baghdadi" / "Abu Bakr al-Baghdadi" / "abu bakr baghdadi".
_PARTICLES = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az|an|the)[-\s]+|(?<=\s)ال|^ال")
_HONORIFICS = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|sheikh|shaikh|lt|gen|col|maj|capt|president|minister|general|senior)\.?\s+)+"
)
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s\b")


def name_key(name: str) -> str:
    """Folded name without particles, honorifics, possessives and punctuation."""
    key = fold(name)
    key = _POSSESSIVE.sub("", key)
    key = _HONORIFICS.sub("", key)
    key = _PARTICLES.sub(" ", key)
    key = _NON_WORD.sub(" ", key)
    return _SPACES.sub(" ", key).strip()


def slug(name: str) -> str:
    """A readable id part: "Saad al-Allaq" -> "saad_al_allaq"; Arabic kept as letters."""
    key = _NON_WORD.sub(" ", fold(name))
    return _SPACES.sub("_", key.strip()) or "unnamed"


def last_token(key: str) -> str:
    parts = key.split()
    return parts[-1] if parts else ""
