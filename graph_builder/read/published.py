"""The publication date of an article: from its metadata, or from a dateline in its opening lines.

Reading a date from the text (only when neither the caller, a sidecar nor the JSON line gives
one) looks at the first OPENING_LINES non-blank lines and at dates with a day:
- Trusted, the first one wins:
  - a byline, a short line starting "By" / "بقلم" / "كتب": its first date
    ("By Wire Staff - Mar 3,2017 - Last updated at Mar 4,2017" is 2017-03-03);
  - a date after a publication label ("Published:", "Updated:", "This story is from", "نشر في");
  - a line holding nothing but a date ("Monday, Nov. 16, 2015").
- Less trusted, used only when no trusted date exists: a line holding nothing but a date and a
  clock time ("09:15 GMT12 March 2019"). Such page timestamps are often when the page was
  rendered or fetched rather than when the story ran.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional

from .. import dates
from .decode import BadInput

OPENING_LINES = 12
BYLINE_CHARS = 100  # a longer line starting "By" is a sentence ("By Nov. 14, police had ...")
LABEL_LINE_CHARS = 160
LABEL_AT_START = 30  # "date 2019-05-02 Officials said ...": a label opening a long line
DATE_LINE_CHARS = 80
OTHER_LETTERS = 5  # "GMT", "IST", "a.m." may sit beside a date on a date-only line

_LETTER = re.compile(r"[^\W\d_]")
TRUSTED, LOW_TRUST = 2, 1


def parse_published(value: object) -> Optional[date]:
    """A `published` field: an explicit date with a day, or None when empty; else BadInput."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise BadInput("field 'published' must be a date string")
    span = dates.parse_explicit(value)
    if span is None or span.precision != "day":
        raise BadInput(f"unparseable published date {value!r}")
    if span.start > date.today() + timedelta(days=1):  # a day's grace for time zones
        raise BadInput(f"published date {value!r} is in the future")
    return span.start


def published_from_text(text: str) -> Optional[date]:
    """The publication date a dateline or byline in the opening lines states, else None.

    A bare time-stamped line ("18:41 GMT04 August 2021") is page chrome: often the
    time a page was served or captured, not when the story ran. It is never
    trusted, since resolving "last week" against a wrong date is worse than
    leaving relative dates unknown.
    """
    for line in _opening_lines(text):
        found = _line_date(line)
        if found and found[0] == TRUSTED:
            return found[1]
    return None


def _opening_lines(text: str):
    count = 0
    for line in text.split("\n"):
        if line.strip():
            yield line
            count += 1
            if count == OPENING_LINES:
                return


def _line_date(line: str) -> Optional[tuple[int, date]]:
    """(trust, date) for the first dated day on a dateline or byline, else None."""
    found = [(s, e, span) for s, e, span in dates.find_dates(line, None, None)
             if span.precision == "day"]
    if not found:
        return None
    start, end, span = found[0]
    length = len(line.strip())
    if dates.starts_with_byline(line) and length <= BYLINE_CHARS:
        return TRUSTED, span.start
    if dates.publication_label_before(line, start) and (
            length <= LABEL_LINE_CHARS or start - _indent(line) <= LABEL_AT_START):
        return TRUSTED, span.start
    if length > DATE_LINE_CHARS or _other_letters(line, found) > OTHER_LETTERS:
        return None
    return (LOW_TRUST if dates.clock_next_to(line, start, end) else TRUSTED), span.start


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _other_letters(line: str, found: list) -> int:
    """Letters on the line outside its dates."""
    outside, previous = [], 0
    for start, end, _ in found:
        outside.append(line[previous:start])
        previous = end
    outside.append(line[previous:])
    return len(_LETTER.findall("".join(outside)))
