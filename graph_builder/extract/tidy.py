"""Adjustments between neighbouring mentions of one sentence.

- "France's DGSI", "U.S. CIA": the country only qualifies the agency; one mention.
- "المديرية العامة لمراقبة التراب الوطني المغربية": an agency name followed by the
  adjective of its own country is one mention.
- "(NISA)" right after the full name, and "his Indian counterpart" before a
  person's name, are appositions: kept as names, never event arguments.
"""
from __future__ import annotations

import re

from ..model import Mention

_POSSESSIVE_GAP = re.compile(r"^(?:['’]s)?\s*$")
_WHITE_GAP = re.compile(r"^\s*$")
_PAREN_GAP = re.compile(r"^\s*[(\[]\s*$")
_COUNTERPART_GAP = re.compile(r"^\s*counterparts?\s*,?\s*$", re.IGNORECASE)
_COUNTERPART_END = re.compile(r"counterparts?$", re.IGNORECASE)


def _same_country(agency: Mention, country: Mention) -> bool:
    return agency.country is None or agency.country == country.country


def join_qualified_agencies(text: str, mentions: list[Mention]) -> list[Mention]:
    """Fold a country qualifying the agency next to it into the agency mention."""
    result: list[Mention] = []
    for mention in mentions:
        previous = result[-1] if result else None
        if previous and _qualifies(text, previous, mention):
            result[-1] = _widen(text, mention, previous.start, mention.end)
            continue
        if previous and _describes(text, previous, mention):
            result[-1] = _widen(text, previous, previous.start, mention.end)
            continue
        result.append(mention)
    return result


def _qualifies(text: str, country: Mention, agency: Mention) -> bool:
    """"France's DGSI": a country (name or adjective) right before its own named agency."""
    return (country.label == "Country" and agency.label == "Agency" and agency.key is not None
            and agency.form == "name" and _same_country(agency, country)
            and bool(_POSSESSIVE_GAP.match(text[country.end:agency.start])))


def _describes(text: str, agency: Mention, adjective: Mention) -> bool:
    """An agency name followed by its own country's adjective (Arabic word order)."""
    return (agency.label == "Agency" and agency.key is not None and adjective.label == "Country"
            and adjective.form == "adjective" and agency.country == adjective.country
            and bool(_WHITE_GAP.match(text[agency.end:adjective.start])))


def _widen(text: str, mention: Mention, start: int, end: int) -> Mention:
    mention.start, mention.end, mention.text = start, end, text[start:end]
    return mention


def mark_appositions(text: str, mentions: list[Mention]) -> None:
    for first, second in zip(mentions, mentions[1:]):
        gap = text[first.end:second.start]
        if _PAREN_GAP.match(gap) and first.key and first.key == second.key and first.label == second.label:
            second.form = "apposition"
        counterpart = _COUNTERPART_GAP.match(gap) or (_WHITE_GAP.match(gap) and _COUNTERPART_END.search(first.text))
        if first.label == "Country" and second.label == "Person" and counterpart:
            first.form = "apposition"
