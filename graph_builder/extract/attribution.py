"""Who a sentence attributes its statement to: "officials said", "according to
Reuters", "قال المتحدث". The claimant is kept on the event (claimed_by); an
attribution never blocks an event.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..gazetteer import data_dir, read_jsonl
from ..model import Mention
from .matcher import NO_PHRASES, Hit, PhraseMatcher

CLAIMANT_LABELS = ("Person", "Agency", "Country", "Organization")
MAX_GAP_CHARS = 40  # "Reuters, citing two officials, reported": a short aside may intervene


@lru_cache(maxsize=1)
def _cues() -> dict[tuple[str, str], PhraseMatcher[str]]:
    matchers: dict[tuple[str, str], PhraseMatcher[str]] = {}
    for _, record in read_jsonl(data_dir() / "rules" / "attribution.jsonl"):
        matcher = matchers.setdefault((record["lang"], record["side"]), PhraseMatcher())
        for word in record["words"]:
            matcher.add(word, word)
    return matchers


@lru_cache(maxsize=256)
def _cue_hits(text: str, lang: str) -> tuple[list[Hit[str]], list[Hit[str]]]:
    """Attribution cues after and before a claimant; cached, as a sentence's events share them."""
    return _cues().get((lang, "after"), NO_PHRASES).find(text), _cues().get((lang, "before"), NO_PHRASES).find(text)


def claimant(text: str, lang: str, mentions: list[tuple[int, Mention]], exclude: set[int]) -> Optional[int]:
    """The mention index of who the sentence says the statement comes from, if named."""
    after, before = _cue_hits(text, lang)
    for index, mention in mentions:
        if index in exclude or mention.label not in CLAIMANT_LABELS:
            continue
        if any(0 <= cue.start - mention.end <= MAX_GAP_CHARS and "." not in text[mention.end:cue.start]
               for cue in after):
            return index
        if any(0 <= mention.start - cue.end <= MAX_GAP_CHARS // 2 for cue in before):
            return index
    return None
