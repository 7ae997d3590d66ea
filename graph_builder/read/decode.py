"""Bytes to text: the encodings articles come in, and what counts as not text at all."""
from __future__ import annotations

import codecs
import re

BINARY_PROBE = 8192  # NUL bytes this early mean an image, archive or other non-text file
_SURROGATE = re.compile("[\ud800-\udfff]")


class BadInput(ValueError):
    """Input that cannot become an article; `str()` is the one-line reason.

    `path` and `line` point at the culprit when it is not the file being read (a sidecar)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line


def utf16_bom(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def looks_binary(head: bytes) -> bool:
    return b"\x00" in head[:BINARY_PROBE] and not utf16_bom(head)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is BadInput."""
    if utf16_bom(raw):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput("unknown encoding (broken UTF-16)") from None
    if looks_binary(raw):
        raise BadInput("binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"unknown encoding (not UTF-8 at byte {error.start})") from None


# Invisible marks web copy scatters through text, Arabic above all: a direction mark
# after a full stop ("هجوم.\u200f") hides the end of a sentence, a zero-width space in
# a name ("Li\u200bbya") hides the name. They carry no words: the article's text goes
# without them, and every offset counts in that text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2060\u2066\u2067\u2068\u2069\u061c\ufeff"))


def normalise(text: str) -> str:
    """Drop a BOM and invisible direction and zero-width marks; make every line end \\n."""
    return text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")


def replace_lone_surrogates(text: str) -> str:
    """Every UTF-16 surrogate in `text` made U+FFFD, one code point for one, so offsets hold.

    Decoded text never holds one, but a JSON escape can ("\\ud83d", half an emoji cut short
    by a scraper) and so can a file name that is not UTF-8. Any left in a str is unpaired and
    cannot be encoded as UTF-8, which the store and the content hash need: the article, or
    the whole load, would fail far from the line that caused it."""
    return _SURROGATE.sub("\ufffd", text)
