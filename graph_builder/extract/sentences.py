"""Split an article into reporting sentences, leaving page furniture out.

A line is dropped when it matches a boilerplate pattern (navigation, cookie and
newsletter text, photo credits, "Related" lists) or when it is a headline-like
fragment: short and without sentence-final punctuation. Headlines, bylines and
captions restate or decorate the story; extracting from them produces actors
and events the story itself does not support.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache

from ..gazetteer import data_dir, read_lines
from ..model import Sentence

SENTENCE_END = tuple('.!?؟…"”’\')»:')
MIN_WORDS_WITHOUT_STOP = 25  # a long line that lost its full stop is still prose
# A full stop then a capital, digit or Arabic letter; Arabic copy often omits the space.
# Both forms start with the stop itself, so the search jumps from stop to stop.
_BOUNDARY = re.compile(
    r"[.!?؟](?:[.!?؟]*[\"”’')\]»]*\s+(?=[\"“‘'(«]?[A-Z0-9\u0600-\u06FF])"
    r"|(?<=[\u0621-\u064A][.؟!])(?=[\u0621-\u064A]))")
_WORD_CHARS = string.ascii_letters + "."  # of abbreviations and initials: "U.S", "Gen", "J"


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern:
    patterns = read_lines(data_dir() / "rules" / "boilerplate.txt")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines(data_dir() / "rules" / "abbreviations.txt"))


def is_boilerplate(line: str) -> bool:
    return bool(_boilerplate().match(line.strip()))


def is_prose(line: str) -> bool:
    stripped = line.strip()
    if not stripped or is_boilerplate(stripped):
        return False
    return stripped.endswith(SENTENCE_END) or len(stripped.split()) >= MIN_WORDS_WITHOUT_STOP


def _is_false_boundary(paragraph: str, stop: int) -> bool:
    """True when the full stop at `stop` closes an abbreviation or an initial."""
    word = _word_before(paragraph, stop)
    if not word:
        return False
    return word.lower().rstrip(".") in _abbreviations() or (len(word) == 1 and word.isupper())


def _word_before(paragraph: str, stop: int) -> str:
    """The letters and dots right before `stop`, from the first letter ("" when none).

    Stripping from the right reads only the word, where a regex anchored at the stop
    would try every position of the paragraph before it.
    """
    head = paragraph[:stop]
    return head[len(head.rstrip(_WORD_CHARS)):].lstrip(".")


def split_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph."""
    spans, start = [], 0
    for boundary in _BOUNDARY.finditer(paragraph):
        stop = boundary.start()
        if paragraph[stop] == "." and _is_false_boundary(paragraph, stop):
            continue
        end = boundary.end()
        spans.append((start, len(paragraph[:end].rstrip())))
        start = end
    if paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return spans


# Hard-wrapped text (72-column feeds, e-mail, text taken from PDF) breaks lines inside
# sentences. An article is taken as wrapped when at least this many of its lines, and
# at least this share of the lines followed by another, are long and end mid-sentence.
MIN_WRAPPED_LINES = 3
WRAPPED_SHARE = 0.5
WRAPPED_LINE_CHARS = 40  # a wrapped line is filled near its column; menus and headlines are short


def unwrap(text: str) -> str:
    """`text` with the line breaks inside its wrapped paragraphs made spaces (so offsets
    stay the same); unchanged when it is not hard-wrapped."""
    lines = text.split("\n")
    followed = [i for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip()]
    open_ended = [i for i in followed if not lines[i].rstrip().endswith(SENTENCE_END)]
    # plainly inside a sentence whatever the article: "warned Belgian\nauthorities"
    joined = {i for i in open_ended if lines[i + 1].lstrip()[:1].islower()}
    long = {i for i in open_ended if len(lines[i].strip()) >= WRAPPED_LINE_CHARS}
    if len(long) >= MIN_WRAPPED_LINES and len(long) >= WRAPPED_SHARE * len(followed):
        joined |= long
    if not joined:
        return text  # most articles: one paragraph a line
    breaks = [" " if i in joined else "\n" for i in range(len(lines) - 1)] + [""]
    return "".join(line + after for line, after in zip(lines, breaks))


def split_sentences(text: str) -> list[Sentence]:
    """Reporting sentences of an article, with offsets into `text`."""
    sentences: list[Sentence] = []
    offset = 0
    for line in unwrap(text).split("\n"):
        if is_prose(line):
            lead = len(line) - len(line.lstrip())
            body = line.strip()
            for start, end in split_paragraph(body):
                piece = body[start:end]
                sentences.append(Sentence(len(sentences), piece, offset + lead + start))
        offset += len(line) + 1
    return sentences
