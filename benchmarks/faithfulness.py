"""How faithfully extraction recovers what the synthetic corpus's templates wrote.

    python -m benchmarks.faithfulness --articles 1000 --seed 7

Every sentence is matched back to the template that wrote it
(benchmarks/templates/), which says what it states: a WARNED or SHARED event
from {A} to {B} (and {C}, {E} when the template coordinates several receivers;
either direction for joint operations and exchanges), a negative (a request,
refusal, denial, negation or condition) or plain filler. Reported:

- recall: stated events found between the template's two actors, with its type;
- negative and filler sentences that produced any event (both should be 0).

Actors are compared by their written names (folded, either contained in the
other), because the corpus invents people the gazetteer does not know. The
corpus is ours, so these figures guard against regressions at scale; the
gold-annotated real articles (`graph-builder eval`) remain the measure of quality.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from graph_builder.extract import Extractor
from graph_builder.model import Article, EventMention, Extraction
from graph_builder.read import read_inputs
from graph_builder.text import fold

from .corpus import ensure_corpus, parse_size, templates

KINDS = ("warned", "shared", "negative", "filler")
RECEIVERS = ("B", "C", "E")
MUTUAL_WORDS = ("joint", "exchanged", "تبادل", "مشتركة")


@dataclass(frozen=True)
class Template:
    kind: str
    pattern: re.Pattern
    mutual: bool


def _pattern(template: str) -> re.Pattern:
    """The template as a regex: actor slots captured (first use), other slots any text."""
    parts, named = [], set()
    for piece in re.split(r"(\{[A-Z]\})", template):
        slot = re.fullmatch(r"\{([A-Z])\}", piece)
        if not slot:
            parts.append(re.escape(piece))
        elif slot.group(1) in ("A", *RECEIVERS) and slot.group(1) not in named:
            named.add(slot.group(1))
            parts.append(f"(?P<{slot.group(1)}>.+?)")
        else:
            parts.append(".+?")
    return re.compile("".join(parts) + "$")


def load_templates(lang: str) -> list[Template]:
    found = templates(lang)
    return [Template(kind, _pattern(text), any(w in text for w in MUTUAL_WORDS))
            for kind in KINDS for text in found[kind]]


def classify(sentence: str, known: list[Template]) -> tuple[Optional[Template], Optional[re.Match]]:
    for template in known:
        match = template.pattern.search(sentence)
        if match:
            return template, match
    return None, None


def _same(written: str, slot: str) -> bool:
    a, b = fold(written).strip(), fold(slot).strip()
    return a == b or a in b or b in a


def _links(event: EventMention, extraction: Extraction, giver: str, receiver: str, mutual: bool) -> bool:
    source, target = extraction.mentions[event.source].text, extraction.mentions[event.target].text
    forward = _same(source, giver) and _same(target, receiver)
    return forward or (mutual and _same(source, receiver) and _same(target, giver))


def score_article(extraction: Extraction, known: list[Template], counts: Counter) -> None:
    by_sentence: dict[int, list[EventMention]] = defaultdict(list)
    for event in extraction.events:
        by_sentence[event.sentence].append(event)
    for sentence in extraction.sentences:
        template, match = classify(sentence.text, known)
        events = by_sentence.get(sentence.index, [])
        kind = template.kind if template else "other"
        counts[f"{kind} sentences"] += 1
        counts[f"{kind} sentences with an event"] += bool(events)
        if template and kind in ("warned", "shared"):
            for receiver in (match.groupdict()[r] for r in RECEIVERS if match.groupdict().get(r)):
                found = [e for e in events if _links(e, extraction, match.group("A"), receiver, template.mutual)]
                counts["events stated"] += 1
                counts["events found"] += any(e.type == kind.upper() for e in found)


def score(articles: Iterable[Article]) -> Counter:
    extractor, counts = Extractor(), Counter()
    known = {lang: load_templates(lang) for lang in ("en", "ar")}
    for article in articles:
        score_article(extractor.extract(article), known[article.lang], counts)
    return counts


def figures(counts: Counter) -> dict[str, float]:
    def share(part: str, whole: str) -> float:
        return counts[part] / counts[whole] if counts[whole] else 0.0
    return {
        "recall of stated events (pair and type)": share("events found", "events stated"),
        "negative sentences with an event": share("negative sentences with an event", "negative sentences"),
        "filler sentences with an event": share("filler sentences with an event", "filler sentences"),
    }


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faithfulness", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1k", help="corpus size: 300, 1k, 10k...")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, help="a corpus file instead of the generated one")
    args = parser.parse_args(argv)
    path = args.corpus or ensure_corpus(parse_size(args.articles), args.seed)
    counts = score(a for a in read_inputs([path]) if isinstance(a, Article))
    for name, value in figures(counts).items():
        print(f"{name}: {value:.3f}")
    for name in sorted(counts):
        print(f"  {name}: {counts[name]:,}")


if __name__ == "__main__":
    main()
