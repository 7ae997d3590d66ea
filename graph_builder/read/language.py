"""Which language an article is written in, from the script of its letters."""
from __future__ import annotations

import re
from typing import Optional

SAMPLE_CHARS = 20_000  # the opening of an article decides; long ones need not be read through
ARABIC_SHARE = 0.3  # Arabic pages carry Latin menus, names and URLs; English ones rarely Arabic
LATIN_SHARE = 0.5

_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F"
                            r"\u08A0-\u08FF\uFB50-\uFDFB\uFE70-\uFEFC]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def detect_language(text: str) -> Optional[str]:
    """"ar" when a clear share of the letters are Arabic script, "en" when most are Latin
    (the only Latin-script language the extractor reads), else None."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    if len(_ARABIC_LETTER.findall(sample)) >= ARABIC_SHARE * letters:
        return "ar"
    if len(_LATIN_LETTER.findall(sample)) >= LATIN_SHARE * letters:
        return "en"
    return None
