"""WARNED and SHARED events from the clause structure around a trigger word.

For each trigger found in a sentence (data/rules/triggers.jsonl):
1. Modality: a request, refusal, denial, negation or condition cue standing
   before the trigger in the same clause (data/rules/modality.jsonl), or a
   question mark, means nothing happened: no event.
2. Arguments by voice. English active: the giver is the nearest actor before
   the trigger (or the antecedent of "they"/"it"), the receivers come after it
   as a direct object or after "to"/"with", coordinated lists included.
   Passive and "received ... from" swap the sides. Arabic verb-first clauses
   put the giver right after the verb. Mutual triggers ("joint operation",
   "exchanged information") link every participant with the first one.
3. Giving verbs ("provided", "handed", "زوّد") count only when the clause
   names what was given (intelligence, names, a list...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from ..gazetteer import data_dir, read_jsonl
from ..model import DateSpan, EventMention, Mention, UNKNOWN_DATE
from .attribution import claimant
from .dating import ArticleDates
from .matcher import NO_PHRASES, Hit, PhraseMatcher, rule_words, words_matcher

ACTOR_LABELS = ("Person", "Agency", "Country", "Organization")
NOT_ACTOR_KINDS = ("media", "company")
ABOUT_KINDS = ("armed_group",)
_CLAUSE_BREAK = re.compile(r";|\s[—–]\s|:\s")
_COORD_GAP = re.compile(r"^\s*(?:,|،|and|,\s*and|&|as well as|along with|,\s*along with|و|،\s*و)?\s*(?:the\s+)?$", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+")
# Words after which a name is what the message was about, not who received it.
_CONTENT_WORDS = re.compile(r"\b(?:of|about|that|over|on|regarding|against|for|عن|بأن|ان|أن)\b")
_EACH_OF = re.compile(r"كل من|كلا من")  # "مع كل من روسيا وإيران": with each of
# "in France" is a place; "authorities in France" are France's.
_LOCATIVE_END = re.compile(
    r"(?:(?<!authorities )(?<!officials )(?<!counterparts )(?<!police )\b(?:in|at|inside|from)"
    r"|(?:^|\s)في|(?:^|\s)ب)\s*$", re.IGNORECASE)
_THAT_AR = re.compile(r"(?:^|\s)(?:أن|إن|ان|بأن)\s")
_PRONOUN_EN = re.compile(r"\b(they|it|he|she|the group|the agency|the service|the country)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_GROUP_ANAPHOR = re.compile(r"^\s*(?:those|these|the|all)\s+(?:countries|nations|states|governments|partners)|^\s*them\b", re.IGNORECASE)
# "X obtained information ..., and had shared it with ...": the verb after ", and"
# shares the subject of the sentence, not the nearest name before it.
_COORDINATED_VERB = re.compile(r",?\s+and\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# A subject is followed by its verb: "Iraqi intelligence agencies had obtained".
_VERB_AFTER_SUBJECT = re.compile(
    r"^\s*,?\s*(?:also\s+|had\s+|has\s+|have\s+)?(?:had|has|have|said|says|told|found|learned|"
    r"learnt|got|sent|gave|made|took|knew|saw|heard|would|will|did|\w+ed)\b", re.IGNORECASE)
_REPORTED = re.compile(r"(?:^|\s)(?:عن|أن|أنه|إن|بيان|لبيان)(?:\s|$)|\b(?:that|announced|said|according)\b")
_WITH_GAP = re.compile(r"\b(?:with|between|among|مع|بين)\b")
_ARABIC_TO = re.compile(r"(?:^|\s)(?:إلى|الى|لـ|ل)\s*$")
_COUNTERPART_AR = re.compile(r"نظير(?:ها|تها|ه|ته|اتها|اتهم|تهم)\s*$")
MAX_OBJECT_GAP_WORDS = 4
MAX_PARTICIPANTS = 6  # a mutual event links every pair of at most this many actors
MAX_SOURCE_GAP_WORDS = 12


@dataclass(frozen=True)
class Trigger:
    lang: str
    type: str
    voice: str  # active, passive, receive, mutual
    target: tuple[str, ...]
    info: bool
    word: str
    shares_when: tuple[str, ...] = ()  # "informed X of the location" passes data
    warns_when: tuple[str, ...] = ()  # "received warnings from X": what was received was a warning
    nominal: bool = False  # "intelligence from X helped Y": the trigger names what was given
    helped: tuple[str, ...] = ()  # "intelligence provided by X helped Y"


@dataclass(frozen=True)
class Cue:
    kind: str
    window: int
    effect: str  # block or lower
    after: bool  # the cue follows the trigger ("sent a memo requesting information")


@lru_cache(maxsize=1)
def _triggers() -> dict[str, PhraseMatcher[Trigger]]:
    matchers: dict[str, PhraseMatcher[Trigger]] = {}
    for _, r in read_jsonl(data_dir() / "rules" / "triggers.jsonl"):
        matcher = matchers.setdefault(r["lang"], PhraseMatcher())
        for word in r["words"]:
            matcher.add(word, Trigger(r["lang"], r["type"], r["voice"], tuple(r.get("target", [])),
                                      bool(r.get("info")), word, shares_when=tuple(r.get("shares_when", [])),
                                      warns_when=tuple(r.get("warns_when", [])),
                                      helped=tuple(r.get("helped", [])), nominal=bool(r.get("nominal"))))
    return matchers


@lru_cache(maxsize=1)
def _cues() -> dict[str, PhraseMatcher[Cue]]:
    matchers: dict[str, PhraseMatcher[Cue]] = {}
    for _, r in read_jsonl(data_dir() / "rules" / "modality.jsonl"):
        matcher = matchers.setdefault(r["lang"], PhraseMatcher())
        for word in r["words"]:
            matcher.add(word, Cue(r["kind"], int(r.get("window", 5)), r.get("effect", "block"),
                                  r.get("scope") == "after"))
    return matchers


def _info_nouns() -> PhraseMatcher[str]:
    return words_matcher(rule_words("info_nouns.txt"))


def _ends_with_info_noun(text: str) -> bool:
    """"a tip-off provided by", "intelligence was provided by": the thing given comes first."""
    hits = _info_nouns().find(text)
    if not hits:
        return False
    rest = text[hits[-1].end:].strip().lower()
    return rest in ("", "was", "were", "had been", "has been", "have been", "that was", "which was")


@lru_cache(maxsize=256)  # asked by the info test and the warning test of a trigger
def _info_in_clause(text: str, position: int) -> list[Hit]:
    """What can be passed (info_nouns.txt) named in the clause around `position`, offsets
    from the clause's start."""
    start, end = _clause_bounds(text, position)
    return _info_nouns().find(text[start:end])


def _words_between(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end]))


@lru_cache(maxsize=1024)  # each trigger asks again for its clause, once per test
def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, position)), default=0)
    after = _CLAUSE_BREAK.search(text, position)
    return start, after.start() if after else len(text)


class SentenceEvents:
    """Events of one sentence; `actors` are (mention index, Mention) sorted by offset."""

    def __init__(self, text: str, lang: str, actors: list[tuple[int, Mention]], previous: list[tuple[int, Mention]],
                 home: Optional[tuple[int, Mention]] = None):
        # An adjective alone ("a Nigerian news outlet", "العسكري الأميركي") names no actor,
        # except in a group right after a cooperation word ("تعاون عراقي فرنسي").
        self.with_adjectives = actors
        actors = [(i, m) for i, m in actors if m.form != "adjective"]
        previous = [(i, m) for i, m in previous if m.form != "adjective"]
        self.text, self.lang, self.actors, self.previous = text, lang, actors, previous
        self.home = home  # the country the article is mostly about, for subjectless statements
        self.speaks_for_state: set[int] = set()  # agencies announcing their state's cooperation
        self._by_index = dict(previous + self.with_adjectives + ([home] if home else []))

    def find(self) -> list[tuple[Trigger, int, int, float, int]]:
        """(trigger, source, target, confidence, trigger offset) for every stated event."""
        if self.text.rstrip().endswith(("?", "؟")):
            return []
        found = []
        for hit in _triggers().get(self.lang, NO_PHRASES).find(self.text):
            for trigger in hit.payloads[:1]:
                found += [(*event, hit.start) for event in self._one(trigger, hit.start, hit.end)]
        return found

    def _one(self, trigger: Trigger, start: int, end: int):
        confidence = self._modality(start, end)
        if confidence is None or (trigger.info and not self._has_info(start)):
            return []
        if trigger.shares_when and self._followed_by(trigger.shares_when, end):
            trigger = replace(trigger, type="SHARED")
        if trigger.warns_when and self._gives_warning(trigger, start, end):
            trigger = replace(trigger, type="WARNED")
        if trigger.voice == "mutual":
            return self._mutual(trigger, start, end, confidence)
        if trigger.voice == "receive" and self.lang == "ar" and self._verb_first(start, end):
            takers = [self._first_after(end)]  # "تلقت فرنسا تحذيرا من تركيا": the receiver follows the verb
            givers = self._after_word("من", self._mention(takers[0]).end)
        elif trigger.voice in ("passive", "receive"):
            givers = self._after(end) or self._after_word("from" if self.lang == "en" else "من", end)
            takers = self._passive_takers(trigger, start, givers)
        elif self.lang == "ar" and self.text[start - 1:start] == "و" and self._arabic_subject(start):
            givers = self._arabic_subject(start)  # "حدد الجهاز الموقع وأبلغ به": same subject
            takers = self._targets(trigger, end)
        elif self.lang == "ar" and self._verb_first(start, end) and self._arabic_objects(self._first_after(end)):
            givers = [self._first_after(end)]
            takers = self._arabic_objects(givers[0])
        else:
            givers = self._subject(start) or self._antecedent(start)
            takers = self._targets(trigger, end)
            confidence -= 0.1 if givers and givers[0] not in dict(self.actors) else 0
        return [(trigger, g, t, confidence) for g in givers for t in takers if g != t and self._distinct(g, t)]

    # -- modality and content -------------------------------------------------

    def _modality(self, trigger_start: int, trigger_end: int) -> Optional[float]:
        clause_start, clause_end = _clause_bounds(self.text, trigger_start)
        confidence = 0.8
        for hit in _cues().get(self.lang, NO_PHRASES).find(self.text[clause_start:clause_end]):
            cue, start, end = hit.payloads[0], hit.start + clause_start, hit.end + clause_start
            if cue.after:
                near = start >= trigger_end and self._within(trigger_end, start, cue.window)
            else:
                near = end <= trigger_start and self._within(end, trigger_start, cue.window)
            if near and cue.effect == "block":
                return None
            if near:
                confidence = 0.6
        return confidence

    def _within(self, start: int, end: int, window: int) -> bool:
        """At most `window` words between two offsets, a named actor counting as one: in "نفت
        جهاز المخابرات والأمن الوطني الإثيوبي أن تكون قد حذرت" the denial is as near its verb
        as in "نفت مصر أن"."""
        words = _words_between(self.text, start, end)
        if words <= window:
            return True  # the usual case: no name to count
        for _, m in self.with_adjectives:
            if start <= m.start and m.end <= end:
                words -= _words_between(self.text, m.start, m.end) - 1
        return words <= window

    def _followed_by(self, words: tuple[str, ...], end: int) -> bool:
        _, clause_end = _clause_bounds(self.text, end)
        matcher = words_matcher(words)
        return bool(matcher.find(self.text[end:clause_end]))

    def _gives_warning(self, trigger: Trigger, start: int, end: int) -> bool:
        """"provided a warning to X", "had received warnings from X": the first thing named
        as given after the verb is a warning."""
        clause_start, _ = _clause_bounds(self.text, start)
        given = [h for h in _info_in_clause(self.text, start) if h.start + clause_start >= end]
        return bool(given) and given[0].payloads[0] in trigger.warns_when

    def _has_info(self, trigger_start: int) -> bool:
        return bool(_info_in_clause(self.text, trigger_start))

    # -- argument positions ---------------------------------------------------

    def _before(self, position: int) -> Optional[int]:
        clause_start, _ = _clause_bounds(self.text, position)
        # "in France" is where, not who: a place never gives or warns.
        candidates = [i for i, m in self.actors if clause_start <= m.start and m.end <= position
                      and not _LOCATIVE_END.search(self.text[clause_start:m.start])]
        if not candidates:
            return None
        nearest = candidates[-1]
        if _words_between(self.text, self._mention(nearest).end, position) > MAX_SOURCE_GAP_WORDS:
            return None
        return nearest

    def _chain_before(self, position: int) -> list[int]:
        nearest = self._before(position)
        if nearest is None:
            return []
        chain = [nearest]
        order = [i for i, _ in self.actors]
        k = order.index(nearest)
        while k > 0 and _COORD_GAP.match(self.text[self._mention(order[k - 1]).end : self._mention(order[k]).start]):
            k -= 1
            chain.insert(0, order[k])
        return chain

    def _subject(self, trigger_start: int) -> list[int]:
        """The giver; for "X had obtained ..., and had shared" the subject of the first verb."""
        coordinated = self.lang == "en" and _COORDINATED_VERB.search(self.text[:trigger_start])
        if coordinated:
            subjects = [i for i, m in self.actors
                        if m.end <= coordinated.start() and _VERB_AFTER_SUBJECT.match(self.text[m.end:])]
            if subjects:
                return self._chain_before(self._mention(subjects[-1]).end)
        return self._chain_before(trigger_start)

    def _antecedent(self, trigger_start: int) -> list[int]:
        """The actor a pronoun subject stands for: "he"/"she" a person, "it"/"they" the
        nearest actor (a body for "it"), in this sentence or else the one before."""
        pronoun = _PRONOUN_EN.search(self.text[:trigger_start]) if self.lang == "en" else None
        if not pronoun:
            return []
        word = pronoun.group(1).lower()
        fits = (lambda m: m.label == "Person") if word in ("he", "she") else \
            (lambda m: m.label != "Person") if word != "they" else (lambda m: True)
        inside = [i for i, m in self.actors if m.end <= pronoun.start() and fits(m)]
        if inside:
            return [inside[-1]]
        earlier = [i for i, m in self.previous if fits(m)]
        return earlier[:1]

    def _first_after(self, position: int, max_gap: int = MAX_OBJECT_GAP_WORDS) -> Optional[int]:
        _, clause_end = _clause_bounds(self.text, position)
        for i, m in self.actors:
            if m.start >= position and m.end <= clause_end:
                gap = _EACH_OF.sub(" ", self.text[position:m.start])
                if len(_WORD.findall(gap)) <= max_gap and not _CONTENT_WORDS.search(gap):
                    return i
                return None
        return None

    def _object(self, end: int) -> Optional[int]:
        """The receiver as direct object: "provided Iraq with names", not "provided names ... Iraq"."""
        first = self._first_after(end)
        if first is not None and _info_nouns().find(self.text[end:self._mention(first).start]):
            return None
        return first

    def _chain_after(self, first: Optional[int]) -> list[int]:
        if first is None:
            return []
        order = [i for i, _ in self.actors]
        k = order.index(first)
        chain = [first]
        while k + 1 < len(order) and _COORD_GAP.match(self.text[self._mention(order[k]).end : self._mention(order[k + 1]).start]):
            k += 1
            chain.append(order[k])
        return chain

    def _after(self, end: int) -> list[int]:
        return self._chain_after(self._first_after(end, max_gap=2))

    def _targets(self, trigger: Trigger, end: int) -> list[int]:
        for where in trigger.target:
            if where == "object":
                found = self._chain_after(self._object(end))
            elif where == "l":
                found = self._chain_after(self._marked_with_l(end))
            else:
                found = self._after_word(where, end)
            if found:
                return found
        return []

    def _after_word(self, word: str, end: int) -> list[int]:
        _, clause_end = _clause_bounds(self.text, end)
        match = re.compile(rf"\b{word}\b", re.IGNORECASE).search(self.text, end, clause_end)
        if not match:
            return []
        if _GROUP_ANAPHOR.match(self.text[match.end():]):
            return self._listed_before(end)
        return self._chain_after(self._first_after(match.end(), max_gap=3))

    def _listed_before(self, position: int) -> list[int]:
        """"with those countries": the coordinated list of countries named earlier."""
        countries = [i for i, m in self.actors if m.end <= position and m.label == "Country"]
        if not countries:
            return []
        chain = self._chain_before(self._mention(countries[-1]).end)
        return chain if len(chain) > 1 else []

    def _marked_with_l(self, end: int) -> Optional[int]:
        _, clause_end = _clause_bounds(self.text, end)
        for i, m in self.actors:
            if m.start >= end and m.end <= clause_end:
                before = self.text[max(0, m.start - 4) : m.start]
                if _ARABIC_TO.search(before) or self.text[m.start - 1 : m.start] == "ل":
                    return i
        return None

    def _verb_first(self, start: int, end: int) -> bool:
        """Arabic verb-subject-object, unless a subject stands right before the verb."""
        before = self._before(start)
        if before is not None and _words_between(self.text, self._mention(before).end, start) <= 2:
            return False
        return self._first_after(end, max_gap=1) is not None

    def _arabic_objects(self, giver: int) -> list[int]:
        after_giver = self._mention(giver).end
        direct = self._first_after(after_giver, max_gap=3)  # a time phrase may stand between
        if direct is not None:
            return self._chain_after(direct)
        return self._chain_after(self._marked_with_l(after_giver))

    def _arabic_subject(self, start: int) -> list[int]:
        """The subject of a verb joined by "و": the first actor after the last "أن"/"إن"."""
        clause_start, _ = _clause_bounds(self.text, start)
        thats = list(_THAT_AR.finditer(self.text, clause_start, start))
        begin = thats[-1].end() if thats else clause_start
        first = self._first_after(begin, max_gap=3)
        return [first] if first is not None and self._mention(first).end <= start else []

    def _passive_takers(self, trigger: Trigger, start: int, givers: list[int]) -> list[int]:
        """"X was warned by Y": X. "intelligence provided by Y helped X": X."""
        if not (trigger.nominal or _ends_with_info_noun(self.text[max(0, start - 40):start])):
            return self._chain_before(start)
        if not (givers and trigger.helped):
            return []
        after_giver = self._mention(givers[-1]).end
        helped = re.compile(rf"\b(?:{'|'.join(map(re.escape, trigger.helped))})\b", re.IGNORECASE)
        match = helped.search(self.text, after_giver)
        return self._chain_after(self._first_after(match.end(), max_gap=2)) if match else []

    def _mutual(self, trigger: Trigger, start: int, end: int, confidence: float):
        """Who cooperated with whom.

        A group named together ("Iraqi-Syrian-Russian-Iranian cooperation", "X and Y
        ran a joint operation", "between X and Y") links every pair; a subject with
        partners ("X's intelligence sharing with Y and Z") links the subject to each.
        """
        # "agreement with A, B and C": the names right after are partners, not a group.
        direct = [] if trigger.word.endswith((" with", "مع")) else self._adjective_group(end)
        between = self._after_word("between", end) or self._after_word("بين", end)
        group = direct if len(direct) >= 2 else between
        if len(group) < 2:
            before = self._chain_before(start)
            if before and self._reports(before[0], start):
                before = []  # "وأضاف الساعدي أن تبادل المعلومات مع ...": the speaker is no side
            if not before and self.lang == "ar" and self._verb_first(start, end):
                # "تبادلت إيران المعلومات مع العراق": the subject follows the verb
                subject = self._first_after(end, max_gap=1)
                partners = self._after_word("مع", self._mention(subject).end)
                if partners:
                    return self._pairs(trigger, confidence, [subject], partners)
            partners = direct or self._after_word("with", end) or self._after_word("مع", end) \
                or self._chain_after(self._first_after(end, max_gap=1))
            if partners and not before and self.home and self.home[0] not in partners:
                # "There is cooperation with X" in a statement: the side the article speaks for.
                before, confidence = [self.home[0]], confidence - 0.1
            if before and partners:
                return self._pairs(trigger, confidence, [self._side(before[0], start)], partners)
            group = before
        group = group[:MAX_PARTICIPANTS]
        return self._pairs(trigger, confidence, group, group)

    def _reports(self, subject: int, trigger_start: int) -> bool:
        """A person saying that cooperation happens ("X said that ...") reports it."""
        mention = self._mention(subject)
        return mention.label == "Person" and self._says_before(mention, trigger_start)

    def _side(self, subject: int, trigger_start: int) -> int:
        """A state body announcing cooperation speaks for its state: "the Joint Operations
        Command announced intelligence cooperation with Russia" is the country's."""
        mention = self._mention(subject)
        if mention.label == "Agency" and mention.country and self._says_before(mention, trigger_start):
            self.speaks_for_state.add(subject)
        return subject

    def _says_before(self, speaker: Mention, trigger_start: int) -> bool:
        """Whether a reporting word ("said", "that", "أن") stands between the speaker and the trigger."""
        return bool(_REPORTED.search(self.text[speaker.end:trigger_start]))

    def _adjective_group(self, end: int) -> list[int]:
        """"تعاون استخباري عراقي فرنسي", "joint Iraqi-French operation": adjectives right after."""
        everyone, self.actors = self.actors, self.with_adjectives
        try:
            first = self._first_after(end, max_gap=1)
            if first is None or _WITH_GAP.search(self.text[end:self._mention(first).start]):
                return []
            return self._chain_after(first)
        finally:
            self.actors = everyone

    def _pairs(self, trigger: Trigger, confidence: float, left: list[int], right: list[int]):
        pairs, seen = [], set()
        for a in left:  # the subject stays the source: it may speak for its state
            for b in right:
                if a != b and frozenset((a, b)) not in seen and self._distinct(a, b):
                    seen.add(frozenset((a, b)))
                    pairs.append((trigger, a, b, confidence - 0.1))
        return pairs

    def _mention(self, index: int) -> Mention:
        return self._by_index[index]

    def _distinct(self, a: int, b: int) -> bool:
        ma, mb = self._mention(a), self._mention(b)
        return not (ma.key and ma.key == mb.key and ma.label == mb.label)


def is_actor(mention: Mention) -> bool:
    """Who can warn or share: not media, companies or armed groups (what warnings are
    about), and not a repeated name in parentheses."""
    return (mention.label in ACTOR_LABELS and mention.kind not in NOT_ACTOR_KINDS
            and mention.kind not in ABOUT_KINDS and mention.form != "apposition")


def about_of(mentions: list[tuple[int, Mention]], exclude: set[int]) -> list[int]:
    return [i for i, m in mentions if i not in exclude and (m.kind in ABOUT_KINDS or m.label == "Person")]


def find_events(text: str, sentence: int, lang: str, mentions: list[tuple[int, Mention]],
                previous: list[tuple[int, Mention]], dates: Optional[ArticleDates] = None,
                home: Optional[tuple[int, Mention]] = None) -> list[EventMention]:
    """Events stated in one sentence.

    `mentions` are (global index, Mention) of this sentence; `previous` are the
    actors of the sentence before, which a pronoun subject may stand for. An event
    takes the date expression of the sentence nearest its trigger, else the story's
    date (see `ArticleDates`); dates are looked up only once an event is found.
    """
    actors = [(i, m) for i, m in mentions if is_actor(m)]
    if not actors:
        return []  # every event has a receiver (or partner) named in its sentence
    finder = SentenceEvents(text, lang, actors, [(i, m) for i, m in previous if is_actor(m)], home)
    events = []
    for trigger, source, target, confidence, at in finder.find():
        mutual = trigger.voice == "mutual"
        events.append(EventMention(
            type=trigger.type, source=source, target=target, sentence=sentence, evidence=text,
            date=_nearest_date(dates, sentence, at), source_as_state=source in finder.speaks_for_state,
            claimed_by=claimant(text, lang, mentions, {source, target}), about=about_of(mentions, {source, target}), confidence=round(confidence, 2),
            mutual=mutual, rule=f"{trigger.lang}:{trigger.voice}:{trigger.word}",
        ))
    return _unique(events)


def _nearest_date(dates: Optional[ArticleDates], sentence: int, at: int) -> DateSpan:
    """The sentence's date expression nearest offset `at`, else the story's date."""
    if dates is None:
        return UNKNOWN_DATE
    known = dates.known(sentence)
    if not known:
        return dates.story(sentence)
    return min(known, key=lambda d: abs(d[0] - at))[1]


def _unique(events: list[EventMention]) -> list[EventMention]:
    seen, kept = set(), []
    for event in events:
        key = (event.type, event.source, event.target)
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept
