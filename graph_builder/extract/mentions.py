"""Actor mentions in a sentence: gazetteer names, plus agencies and countries
composed from a country adjective.

- "Iraqi intelligence officials", "Iraq's intelligence service", "US forces"
  and "الاستخبارات العراقية" are agencies of a kind (intelligence, military...)
  belonging to that country; "Iraqi and French intelligence" and
  "الاستخبارات العراقية والفرنسية" are two agencies.
- "Iraqi officials", "the Iraqi government", "السلطات الفرنسية" are the country.
- A bare adjective ("Iraqi", "Frenchmen") mentions the country.
- A capital city stands for its country ("Ankara urged", "notified Ankara")
  unless it is a place ("in Ankara", a dateline "ANKARA —").
- "the agency", "الجهاز" refer back to an agency; "نظيرتها الفرنسية" is the French
  counterpart of the giving agency. The extract stage links both (see `_refer_back`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..dates import DATELINE_END
from ..gazetteer import AgencyKind, Entry, Gazetteer
from ..model import Mention
from ..text import fold, is_arabic
from .matcher import Hit, PhraseMatcher, rule_words

# Tag roles: what a matched phrase is.
ENTITY, DEMONYM, CAPITAL, KIND, HEAD = "entity", "demonym", "capital", "kind", "head"
ANAPHOR, COUNTERPART = "anaphor", "counterpart"
LABEL_PRIORITY = ("Agency", "Organization", "Person", "Country", "Location")

_POSSESSIVE_GAP = re.compile(r"^(?:['’]s)?\s*$")
_EN_CHAIN_GAP = re.compile(r"^\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?$", re.IGNORECASE)
_AR_CHAIN_GAP = re.compile(r"^\s*و$")
_WHITE = re.compile(r"^\s*$")
_DEFINITE = re.compile(r"[وف]?(?:[بك]?ال|لل)")  # "ال" after any clitics: "والشرطة", "للمخابرات"
# A capital after these words is a place, not its government.
_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|from|near|outside|inside|into|across|around|of|via|through|within|visit|visited)"
    r"|(?:^|\s)(?:في|من)|(?<![\w])ب)\s*$", re.IGNORECASE)
_DATELINE_AFTER = re.compile(r"^\s*(?:[,(—–-]|\(\w)")
# Any script, any case: the city, then perhaps a date and the agency, then the dash
# ("بغداد - ", "بيروت (رويترز) - ", "Cairo, Nov. 21 (Reuters) —").
_DATELINE_DASH = re.compile(r"\s*(?:[,،][^,،()\n—–-]{1,30})?" + DATELINE_END.pattern)


@dataclass(frozen=True)
class Tag:
    role: str
    entry: Optional[Entry] = None
    kind: Optional[AgencyKind] = None


def _country_like(hit: Hit, adjective_only: bool = False) -> Optional[Entry]:
    for tag in hit.payloads:
        if tag.role == DEMONYM or (tag.role == ENTITY and tag.entry.label == "Country" and not adjective_only):
            return tag.entry
    return None


def _arabic_variants(demonym: str) -> list[str]:
    """Indefinite accusative adjectives add an alef: "عراقي" -> "عراقيًا" (folded "عراقيا")."""
    if demonym.endswith("ي") and not demonym.startswith("ال"):
        return [demonym + "ا"]
    return []


def _tag(hit: Hit, role: str) -> Optional[Tag]:
    return next((t for t in hit.payloads if t.role == role), None)


class MentionFinder:
    """Finds actor mentions in sentences with one compiled gazetteer matcher."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher: PhraseMatcher[Tag] = PhraseMatcher()
        for entry in gazetteer.entries:
            for name in entry.names():
                self.matcher.add(name, Tag(ENTITY, entry))
            for demonym in entry.demonyms:
                for form in [demonym, *_arabic_variants(demonym)]:
                    self.matcher.add(form, Tag(DEMONYM, entry))
            for capital in entry.capitals:
                self.matcher.add(capital, Tag(CAPITAL, entry))
        for kind in gazetteer.agency_kinds:
            for phrase in kind.en + kind.ar:
                self.matcher.add(phrase, Tag(KIND, kind=kind))
        for head in _country_heads():
            self.matcher.add(head, Tag(HEAD))
        for phrase in rule_words("agency_anaphors.txt"):
            self.matcher.add(phrase, Tag(ANAPHOR))
        for phrase in rule_words("counterparts.txt"):
            self.matcher.add(phrase, Tag(COUNTERPART))
        self._defaults = {
            (e.country, k): e for e in gazetteer.by_label("Agency") for k in e.default_for
        }

    def find(self, text: str, sentence: int) -> list[Mention]:
        hits = self.matcher.find(text)
        mentions: list[Mention] = []
        used: set[int] = set()
        for i, hit in enumerate(hits):
            if i in used:
                continue
            made, consumed = self._compose(text, hits, i, sentence)
            mentions.extend(made)
            used.update(consumed)
        return mentions

    # -- composition -------------------------------------------------------

    def _compose(self, text: str, hits: list[Hit], i: int, sentence: int):
        hit = hits[i]
        if _country_like(hit):
            return self._from_country(text, hits, i, sentence)
        kind = _tag(hit, KIND)
        if kind:
            made, consumed = self._arabic_agencies(text, hits, i, kind.kind, sentence)
            if not made:
                made, consumed = self._construct(text, hits, i, kind.kind, sentence)
            if not made and _names_a_body(hit.text):
                made = [Mention(hit.text, "Agency", sentence, hit.start, hit.end, kind=kind.kind.kind)]
            return made, consumed
        if _tag(hit, ANAPHOR) or _tag(hit, COUNTERPART):
            return self._refers(text, hits, i, sentence)
        if _tag(hit, HEAD) and i + 1 < len(hits) and _country_like(hits[i + 1], True) \
                and _WHITE.match(text[hit.end:hits[i + 1].start]):
            # Arabic order: "السلطات التركية", "الجانب العراقي" are the country itself.
            country = _country_like(hits[i + 1], True)
            return [self._country_mention(hits[i + 1], text, sentence, entry=country, form="name",
                                          start=hit.start)], {i, i + 1}
        capital = _tag(hit, CAPITAL)
        if capital and not _is_place(text, hit):
            return [self._country_mention(hit, text, sentence, entry=capital.entry, form="capital")], {i}
        entity = self._best_entity(hit)
        if entity:
            return [self._entity_mention(hit, entity, sentence)], {i}
        if capital:
            return [self._capital_mention(hit, capital.entry, sentence)], {i}
        return [], {i}

    def _construct(self, text: str, hits: list[Hit], i: int, kind: AgencyKind, sentence: int):
        """"مخابرات العراق", "شرطة الأردن": an indefinite agency noun owned by the country
        named right after it. ("الشرطة العراق" is no such phrase: "حذرت الشرطة العراق"
        is the police warning Iraq.)"""
        hit, after = hits[i], hits[i + 1] if i + 1 < len(hits) else None
        if not (after and is_arabic(hit.text) and not _DEFINITE.match(fold(hit.text))
                and _country_like_name(after) and _WHITE.match(text[hit.end:after.start])):
            return [], {i}
        surface = text[hit.start:after.end]
        return [self._agency_mention(_country_like(after), kind, surface, hit.start, after.end, sentence)], {i, i + 1}

    def _refers(self, text: str, hits: list[Hit], i: int, sentence: int):
        """"the agency" / "الجهاز" (optionally + adjective) and "نظيرتها" + adjective."""
        hit, counterpart = hits[i], bool(_tag(hits[i], COUNTERPART))
        after = hits[i + 1] if i + 1 < len(hits) else None
        country = _country_like(after, True) if after and _WHITE.match(text[hit.end:after.start]) else None
        if counterpart and not country:
            return [], {i}
        end = after.end if country else hit.end
        mention = Mention(text[hit.start:end], "Agency", sentence, hit.start, end,
                          country=country.id if country else None,
                          form="counterpart" if counterpart else "anaphor")
        return [mention], {i, i + 1} if country else {i}

    def _from_country(self, text: str, hits: list[Hit], i: int, sentence: int):
        chain = [i]
        while chain[-1] + 1 < len(hits) and _country_like(hits[chain[-1] + 1]):
            gap = text[hits[chain[-1]].end : hits[chain[-1] + 1].start]
            if not _EN_CHAIN_GAP.match(gap):
                break
            chain.append(chain[-1] + 1)
        after = chain[-1] + 1
        if after < len(hits):
            gap = text[hits[chain[-1]].end : hits[after].start]
            kind = _tag(hits[after], KIND)
            if kind and _POSSESSIVE_GAP.match(gap):
                made = [self._agency(hits[j], hits[after], kind.kind, text, sentence, j == chain[-1]) for j in chain]
                return made, set(chain) | {after}
            if _tag(hits[after], HEAD) and _WHITE.match(gap):
                # "Iraqi officials", "Iraq and the Syrian government": the head makes the last a country
                made = [self._country_mention(hits[j], text, sentence) for j in chain[:-1]]
                last = self._country_mention(hits[chain[-1]], text, sentence, end=hits[after].end, form="name")
                return made + [last], set(chain) | {after}
        return [self._country_mention(hits[j], text, sentence) for j in chain], set(chain)

    def _arabic_agencies(self, text: str, hits: list[Hit], i: int, kind: AgencyKind, sentence: int):
        """Arabic order: the agency noun comes first, country adjectives follow."""
        made, consumed, j = [], {i}, i + 1
        gap_ok = _WHITE
        while j < len(hits) and _country_like(hits[j], True) and gap_ok.match(text[hits[j - 1].end : hits[j].start]):
            country = _country_like(hits[j], True)
            start = hits[i].start if not made else hits[j].start
            # "الاستخبارات العراقية والفرنسية": the second is written "الاستخبارات الفرنسية"
            surface = text[start:hits[j].end] if not made else f"{hits[i].text} {hits[j].text}"
            made.append(self._agency_mention(country, kind, surface, start, hits[j].end, sentence))
            consumed.add(j)
            gap_ok, j = _AR_CHAIN_GAP, j + 1
        return made, consumed

    def anchor(self, bare: Mention, country_id: str) -> Optional[Mention]:
        """The agency of kind `bare.kind` of a country, for a bare "intelligence officials"."""
        country = self.gazetteer.get("Country", country_id)
        kind = next((k for k in self.gazetteer.agency_kinds if k.kind == bare.kind), None)
        if not (country and kind):
            return None
        return self._agency_mention(country, kind, bare.text, bare.start, bare.end, bare.sentence)

    def country_of(self, mention: Mention) -> Optional[Mention]:
        """The country a linked-to-nothing "المديرية المغربية" still names."""
        country = self.gazetteer.get("Country", mention.country or "")
        if country is None:
            return None
        return Mention(mention.text, "Country", mention.sentence, mention.start, mention.end,
                       key=country.id, country=country.id, canonical=country.name, form="adjective")

    # -- mention builders ---------------------------------------------------

    def _agency(self, country_hit: Hit, kind_hit: Hit, kind: AgencyKind, text: str, sentence: int, last: bool) -> Mention:
        country = _country_like(country_hit)
        end = kind_hit.end if last else country_hit.end
        surface = text[country_hit.start:end] if last else f"{country_hit.text} {kind_hit.text}"
        return self._agency_mention(country, kind, surface, country_hit.start, end, sentence)

    def _agency_mention(self, country: Entry, kind: AgencyKind, surface: str, start: int, end: int, sentence: int) -> Mention:
        named = self._defaults.get((country.id, kind.kind))
        if named:
            return Mention(surface, "Agency", sentence, start, end, key=named.id,
                           country=country.id, kind=named.kind, canonical=named.name)
        demonym = next((d for d in country.demonyms if d[:1].isupper()), country.name)
        return Mention(surface, "Agency", sentence, start, end, key=f"{country.id}_{kind.kind}",
                       country=country.id, kind=kind.kind, canonical=f"{demonym} {kind.name}")

    def _country_mention(self, hit: Hit, text: str, sentence: int, end: Optional[int] = None,
                         entry: Optional[Entry] = None, form: Optional[str] = None,
                         start: Optional[int] = None) -> Mention:
        country = entry or _country_like(hit)
        start, end = (hit.start if start is None else start), (end or hit.end)
        if form is None:
            form = "adjective" if _country_like(hit, True) and not _country_like_name(hit) else "name"
        return Mention(text[start:end], "Country", sentence, start, end,
                       key=country.id, country=country.id, canonical=country.name, form=form)

    def _best_entity(self, hit: Hit) -> Optional[Entry]:
        entries = [t.entry for t in hit.payloads if t.role == ENTITY]
        entries.sort(key=lambda e: LABEL_PRIORITY.index(e.label))
        return entries[0] if entries else None

    def _entity_mention(self, hit: Hit, entry: Entry, sentence: int) -> Mention:
        country = entry.id if entry.label == "Country" else entry.country
        return Mention(hit.text, entry.label, sentence, hit.start, hit.end, key=entry.id,
                       country=country, kind=entry.kind, canonical=entry.name)

    def _capital_mention(self, hit: Hit, country: Entry, sentence: int) -> Mention:
        return Mention(hit.text, "Location", sentence, hit.start, hit.end, key=None,
                       country=country.id, kind="capital", canonical=hit.text)


def _country_like_name(hit: Hit) -> bool:
    return any(t.role == ENTITY and t.entry.label == "Country" for t in hit.payloads)


def _is_place(text: str, hit: Hit) -> bool:
    """"in Ankara", "ANKARA —" or "بغداد - " (a dateline), "بأنقرة" name the city itself."""
    if _LOCATIVE_BEFORE.search(text[: hit.start]):
        return True
    if hit.start >= 3:
        return False
    after = text[hit.end:]
    return bool(_DATELINE_DASH.match(after) or (hit.text.isupper() and _DATELINE_AFTER.match(after)))


@lru_cache(maxsize=1)
def _body_nouns() -> frozenset[str]:
    return frozenset(rule_words("body_nouns.txt"))


def _names_a_body(phrase: str) -> bool:
    """True for "intelligence officials", "police"; false for "intelligence" (the information)."""
    words = phrase.lower().split()
    return bool(words) and words[-1] in _body_nouns()


def _country_heads() -> tuple[str, ...]:
    return rule_words("country_heads.txt")
