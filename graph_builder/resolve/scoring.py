"""Scores between two names of one label, token by token, each with its reason.

A name matches another when every token finds its counterpart: equal, equal
but for doubled letters, a transliteration variant ("Mohammed" / "Muhammad"),
one slipped letter, or two swapped consonants ("Emwazi" / "Emzawi"). The name
score is the mean of its token scores weighted by token length, so a slip in
a long surname costs less than one in a three-letter given name. Some pairs
never count as counterparts, whatever their letters: two different known given
names (unless one transliterates the other: "Omar" / "Amer", "Hassan" /
"Hussein") and two tokens an analyst judged different ("Musa" / "Musab").
An Arabic name and a Latin one match when the Latin one is a spelling the
Arabic letters allow (`translit.transliterates`).
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ..text import is_arabic
from .translit import latin_variants, squeeze, transliterates

ACCEPT = 90.0  # a name scoring this much (and vetoed by nothing) is the same actor
TOKEN_FLOOR = 65.0  # below it a token pair is no counterpart, whatever the rest
SKIPPED_TOKEN = 3.0  # cost of a middle name only one of two person names writes
REORDERED = 2.0  # cost of the same name words in another order
TRANSLIT_SCORE = 92.0
DOUBLED_SCORE = 96.0
SWAPPED_SCORE = 88.0
CROSS_SCRIPT_SCORE = 93.0
LONG_WORD = 8  # letters from which one slipped letter alone keeps a word recognisable
MIN_WORD = 3  # letters a word needs for a slipped letter to be taken for a slip
MIN_CHANGED_WORD = 5  # ... for a changed, added or dropped one ("Omar" / "Amar", "Musa" / "Musab")
SUPPORT = 8  # letters of rare words two names share that make a slip in a short word believable
TOKEN_REJECT = 55.0  # rapidfuzz ratio under which two words are never spellings of one ("Yusuf" / "Youssef": 67)


class TokenScore(NamedTuple):
    score: float
    reason: str
    ok: bool  # a counterpart at all
    weak: bool = False  # a counterpart only in a common word or beside a long equal one ("Army" / "Amy")


class NameScore(NamedTuple):
    score: float
    reason: str
    ok: bool  # every token found its counterpart and the mean reaches ACCEPT

    def __bool__(self) -> bool:
        return self.ok


NO_MATCH = NameScore(0.0, "no counterpart", False)
SAME_TOKEN = TokenScore(100.0, "same", True)
MAX_REMEMBERED = 1 << 17


class Scorer:
    """Scores names; `given` holds folded known given names, `different` answers judgements."""

    def __init__(self, given: frozenset[str], different: Callable[[str, str], bool],
                 common: Callable[[str], bool] = lambda word: False):
        self.given = given
        self.different = different
        self.common = common  # words many names share ("army", "front"): a slip in them says little
        self._seen: dict[tuple[str, str], TokenScore] = {}  # token pairs recur: given names, org words

    def token(self, a: str, b: str) -> TokenScore:
        if a == b:
            return SAME_TOKEN
        found = self._seen.get((a, b))
        if found is None:
            if len(self._seen) >= MAX_REMEMBERED:
                self._seen.clear()
            found = self._seen[(a, b)] = self._token(a, b)
        return found

    def _token(self, a: str, b: str) -> TokenScore:
        ratio = fuzz.ratio(a, b)
        if ratio < TOKEN_REJECT:
            return TokenScore(ratio, f"{a!r} / {b!r} differ", False)
        if is_arabic(a) or is_arabic(b):
            return self._arabic_token(a, b)
        if squeeze(a) == squeeze(b):
            return TokenScore(DOUBLED_SCORE, f"{a!r} / {b!r}: doubled letters", True)
        slip = _slip(a, b)
        # a slip in a long word already scores well; shorter words may be transliterations
        if slip.ok and max(len(a), len(b)) >= LONG_WORD:
            return slip
        variants = latin_variants(a, b)
        if variants:
            return TokenScore(TRANSLIT_SCORE, f"{a!r} / {b!r}: transliteration variants", True)
        if a in self.given and b in self.given:
            return TokenScore(fuzz.ratio(a, b), f"{a!r} and {b!r} are two given names", False)
        return slip

    def _arabic_token(self, a: str, b: str) -> TokenScore:
        if is_arabic(a) and is_arabic(b) and min(len(a), len(b)) >= 5 and OSA.distance(a, b) == 1:
            return TokenScore(100.0 - 100.0 / max(len(a), len(b)), f"{a!r} / {b!r}: one letter differs", True)
        return TokenScore(fuzz.ratio(a, b), f"{a!r} / {b!r} differ", False)

    def names(self, a: tuple[str, ...], b: tuple[str, ...], label: str, name_a: str = "", name_b: str = "",
              scripts: tuple[bool, bool] = None) -> NameScore:
        """How well token lists `a` and `b` (from `names.name_tokens`) name one actor.

        `scripts` tells whether each is Arabic, when the caller already knows.
        """
        if not a or not b:
            return NO_MATCH
        arabic_a, arabic_b = scripts or (is_arabic(a[0]), is_arabic(b[0]))
        if arabic_a != arabic_b:
            return _cross_script(name_a or " ".join(a), name_b or " ".join(b), min(len(a), len(b)))
        if len(a) == len(b):
            in_order = self._aligned(list(zip(a, b)), 0)
            if in_order or len(a) == 1 or sorted(a) == list(a) and sorted(b) == list(b):
                return in_order
            # "Ismael Omar Mostefai" / "Omar Ismail Mostefai": the same words in another order
            reordered = self._aligned(list(zip(sorted(a), sorted(b))), 0, REORDERED)
            return reordered if reordered else in_order
        if label == "Person" and min(len(a), len(b)) >= 2:
            return self._skipping(a, b)
        return NameScore(fuzz.token_sort_ratio(" ".join(a), " ".join(b)), "different number of name words", False)

    def _aligned(self, pairs: list[tuple[str, str]], skipped: int, penalty: float = 0.0) -> NameScore:
        total = weight = 0.0
        notes: list[str] = []
        for x, y in pairs:
            size = len(x) if len(x) >= len(y) else len(y)
            weight += size
            if x == y:
                total += 100.0 * size
                continue
            found = self.token(x, y)
            if not (found.ok or found.weak and self._supported(x, y, pairs)) or found.score < TOKEN_FLOOR:
                whole = fuzz.ratio(" ".join(p[0] for p in pairs), " ".join(p[1] for p in pairs))
                return NameScore(whole, found.reason, False)
            total += found.score * size
            notes.append(found.reason)
        mean = total / weight - SKIPPED_TOKEN * skipped - penalty
        if mean < ACCEPT:
            return NameScore(mean, "; ".join(notes) or "same name words", False)
        judged = next(((x, y) for x, y in pairs if x != y and self.different(x, y)), None)
        if judged:  # "Abu Musa" / "Abu Musab": words judged different make different names
            return NameScore(mean, f"{judged[0]!r} judged different from {judged[1]!r}", False)
        if skipped:
            notes.append(f"{skipped} middle name(s) written once")
        if penalty:
            notes.append("name words in another order")
        return NameScore(mean, "; ".join(notes) or "same name words", True)

    def _supported(self, x: str, y: str, pairs: list[tuple[str, str]]) -> bool:
        """A slip in a short word counts in a word many names share, or beside a long rare
        word both names write alike ("Ghazi Nasdaouni" / "Ghai Nasdaouni")."""
        if self.common(x) or self.common(y):
            return True
        return sum(len(a) for a, b in pairs if a == b and not self.common(a)) >= SUPPORT

    def _skipping(self, a: tuple[str, ...], b: tuple[str, ...]) -> NameScore:
        """Person names where one leaves out middle names: first and last words must agree."""
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        pairs, at = [(short[0], long_[0])], 1
        for word in short[1:-1]:
            while at < len(long_) - 1 and not self.token(word, long_[at]).ok:
                at += 1
            if at >= len(long_) - 1:
                return NameScore(0.0, "middle names disagree", False)
            pairs.append((word, long_[at]))
            at += 1
        pairs.append((short[-1], long_[-1]))
        return self._aligned(pairs if short is a else [(y, x) for x, y in pairs], len(long_) - len(short))


def _slip(a: str, b: str) -> TokenScore:
    """One letter added, dropped, changed or swapped with its neighbour.

    A changed letter needs a word long enough to stay recognisable, and never
    its first letter: "Omar" / "Amar", "DGSI" / "DGSN", "Gambia" / "Zambia" are
    other words. In a short word, a letter added or dropped is a weak slip: it
    counts in a word many names share ("Army" / "Amy") or beside a long rare word
    both names share (`Scorer._supported`), not alone ("Musa" / "Musab").
    """
    if min(len(a), len(b)) < MIN_WORD or OSA.distance(a, b, score_cutoff=1) > 1:
        if _swapped_consonants(a, b):
            return TokenScore(SWAPPED_SCORE, f"{a!r} / {b!r}: two consonants swapped", True)
        return TokenScore(fuzz.ratio(a, b), f"{a!r} / {b!r} differ", False)
    score = 100.0 - 100.0 / max(len(a), len(b))
    if len(a) != len(b):
        if min(len(a), len(b)) < MIN_CHANGED_WORD:
            return TokenScore(score, f"{a!r} / {b!r}: one letter slipped in a short word", False, weak=True)
    else:
        changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(changed) == 1 and (changed[0] == 0 or len(a) < MIN_CHANGED_WORD):
            return TokenScore(fuzz.ratio(a, b), f"{a!r} / {b!r}: another word, not a slip", False)
    return TokenScore(score, f"{a!r} / {b!r}: one letter slipped", True)


def _swapped_consonants(a: str, b: str) -> bool:
    """"emwazi" / "emzawi": equal but for two consonants trading places."""
    if len(a) != len(b) or len(a) < 5:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diff) != 2:
        return False
    i, j = diff
    return a[i] == b[j] and a[j] == b[i] and a[i] not in "aeiou" and a[j] not in "aeiou"


def _cross_script(a: str, b: str, words: int) -> NameScore:
    arabic, latin = (a, b) if is_arabic(a) else (b, a)
    if words < 2:  # one word alone ("السودان" / "Sweden") carries too little to cross scripts
        return NameScore(0.0, f"{latin!r} and {arabic!r}: one word is too little to cross scripts", False)
    if transliterates(arabic, latin):
        return NameScore(CROSS_SCRIPT_SCORE, f"{latin!r} transliterates {arabic!r}", True)
    return NameScore(0.0, f"{latin!r} is no spelling of {arabic!r}", False)

