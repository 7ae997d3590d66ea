"""Resolution at scale: N mentions of M distinct Person and Organization names.

The names are invented (given names from data/gazetteer/given_names.txt plus
made-up surnames; made-up organisation names), so no mention carries a
gazetteer key and every one goes through name keys and fuzzy blocking. Half
the mentions are written exactly, the rest with a spelling variant: case,
al-/Al /el- particles, dropped diacritics, an honorific, a dropped middle
name or a one-letter slip.

Run in a child process so that its peak memory is its own:

    python -m benchmarks.synthetic_resolution --mentions 100000 --entities 5000

prints one JSON object: the time spent in `Resolver.resolve` (generating the
mentions is not counted), the CPU time of those calls (on a shared machine the
wall time also counts the time other processes held the core), mentions per
second and entities created.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from typing import Iterator, Optional

from graph_builder.gazetteer import default_gazetteer
from graph_builder.model import Article, Extraction, Mention
from graph_builder.resolve import Resolver

from .corpus import strip_diacritics, templates

MENTIONS_PER_ARTICLE = 100
PERSON_SHARE = 0.7
ORG_TYPES = ["Brigade", "Front", "Movement", "Battalion", "Army", "Council", "Network", "Group", "Legion", "Union"]
HONORIFICS = ["Dr.", "Sheikh", "Gen.", "Mr."]
ACCENTED = str.maketrans({"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ü"})


def _word(rng: random.Random, syllables: list[str], endings: list[str]) -> str:
    stem = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
    return (stem + rng.choice(endings)).capitalize()


def entity_names(count: int, seed: int) -> list[tuple[str, str]]:
    """`count` distinct (label, canonical name) pairs."""
    rng = random.Random(f"entities:{seed}")
    words = templates("en")
    syllables, endings = words["surname_syllables"], words["surname_endings"]
    given = sorted(g for g in default_gazetteer().given_names if g[:1].isascii() and g[:1].isupper())
    seen: set[tuple[str, str]] = set()
    names: list[tuple[str, str]] = []
    while len(names) < count:
        if rng.random() < PERSON_SHARE:
            parts = [rng.choice(given)]
            if rng.random() < 0.3:
                parts.append(rng.choice(given))
            surname = _word(rng, syllables, endings)
            parts.append(f"al-{surname}" if rng.random() < 0.35 else surname)
            if rng.random() < 0.1:
                parts[-1] = parts[-1].translate(ACCENTED)
            entry = ("Person", " ".join(parts))
        else:
            words_ = [_word(rng, syllables, endings) for _ in range(rng.randint(1, 2))]
            entry = ("Organization", " ".join(words_ + [rng.choice(ORG_TYPES)]))
        if entry not in seen:
            seen.add(entry)
            names.append(entry)
    return names


def variant(rng: random.Random, label: str, name: str) -> str:
    draw = rng.random()
    if draw < 0.5:
        return name
    if draw < 0.58:
        return name.upper() if rng.random() < 0.3 else name.lower().title()
    if draw < 0.66 and "al-" in name:
        return name.replace("al-", rng.choice(["Al ", "Al-", "el-", "El-", ""]), 1)
    if draw < 0.72:
        return strip_diacritics(name)
    if draw < 0.80 and label == "Person":
        return f"{rng.choice(HONORIFICS)} {name}"
    if draw < 0.88 and label == "Person" and name.count(" ") >= 2:
        words = name.split()
        return " ".join([words[0], *words[2:]])
    return _slip(rng, name)


def _slip(rng: random.Random, name: str) -> str:
    """One letter doubled, dropped or swapped with its neighbour, inside a long word."""
    spots = [i for i in range(1, len(name) - 2) if name[i].isalpha() and name[i + 1].isalpha()]
    if not spots:
        return name
    at = rng.choice(spots)
    kind = rng.randrange(3)
    if kind == 0:
        return name[:at] + name[at] + name[at:]
    if kind == 1:
        return name[:at] + name[at + 1:]
    return name[:at] + name[at + 1] + name[at] + name[at + 2:]


def extractions(mentions: int, entities: int, seed: int = 7) -> Iterator[Extraction]:
    """The mentions, `MENTIONS_PER_ARTICLE` to an extraction, generated lazily."""
    names = entity_names(entities, seed)
    rng = random.Random(f"mentions:{seed}:{mentions}")
    made = 0
    article_index = 0
    while made < mentions:
        batch = []
        for _ in range(min(MENTIONS_PER_ARTICLE, mentions - made)):
            # Half uniform, so every entity shows up; half skewed, as news is.
            index = rng.randrange(entities) if rng.random() < 0.5 else int(entities * rng.random() ** 3)
            label, name = names[index]
            text = variant(rng, label, name)
            batch.append(Mention(text, label, 0, 0, len(text)))
        made += len(batch)
        article = Article(f"synthetic-{article_index}", "")
        article_index += 1
        yield Extraction(article, [], batch, [])


def run(mentions: int, entities: int, seed: int = 7) -> dict:
    resolver = Resolver()
    resolve_seconds = cpu_seconds = 0.0
    started = time.perf_counter()
    for extraction in extractions(mentions, entities, seed):
        before, cpu_before = time.perf_counter(), time.process_time()
        resolver.resolve(extraction)
        resolve_seconds += time.perf_counter() - before
        cpu_seconds += time.process_time() - cpu_before
    total = time.perf_counter() - started
    return {
        "mentions": mentions,
        "entities": entities,
        "seconds": round(resolve_seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "generation_seconds": round(total - resolve_seconds, 3),
        "mentions_per_s": round(mentions / resolve_seconds, 1) if resolve_seconds else None,
        "entities_created": sum(1 for e in resolver.entities.values() if e.label in ("Person", "Organization")),
    }


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic_resolution")
    parser.add_argument("--mentions", type=int, required=True)
    parser.add_argument("--entities", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.mentions < 1 or args.entities < 1:
        parser.error("--mentions and --entities must be positive")
    print(json.dumps(run(args.mentions, args.entities, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
