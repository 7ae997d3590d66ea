"""The sample articles and their gold annotations are consistent with the evaluation schema.

CI scores the pipeline against data/samples/gold/, so a gold file that points at a missing
entity, quotes evidence the article does not contain, or contradicts itself would silently
corrupt every score. These checks read the files only; they need no pipeline.
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from graph_builder.model import ENTITY_LABELS, EVENT_TYPES

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
GOLD = SAMPLES / "gold"
ARTICLE_DIRS = (SAMPLES, SAMPLES / "more")
LANGS = ("en", "ar")
SIDECAR_KEYS = {"published", "url", "title", "lang"}
SAMPLE_HOSTS = re.compile(r"^https://(www\.)?example\.(org|com)/")
MIN_WORDS, MAX_WORDS = 150, 350
ARABIC_CHAR = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def article_paths() -> list[Path]:
    return sorted(p for folder in ARTICLE_DIRS for p in folder.glob("*.txt"))


def gold_paths() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def article_for(gold_path: Path) -> Path:
    for folder in ARTICLE_DIRS:
        candidate = folder / (gold_path.stem + ".txt")
        if candidate.exists():
            return candidate
    raise AssertionError(f"{gold_path.name}: no article {gold_path.stem}.txt in {ARTICLE_DIRS}")


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def sidecar_of(article: Path) -> Path:
    return article.with_name(article.stem + ".meta.json")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def match_key(name: str) -> str:
    """The form the scorer compares: folded, without a leading "the" or Arabic "ال"."""
    key = fold(name).strip()
    key = re.sub(r"^the\s+", "", key)
    return key[2:] if key.startswith("ال") and len(key) > 3 else key


def script_of(text: str) -> str:
    return "ar" if ARABIC_CHAR.search(text) else "en"


def parse_day(value, where: str, problems: list[str]):
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: {value!r} is not an ISO date")
        return None


def check(problems: list[str]) -> None:
    assert not problems, "\n".join(problems)


def country_level(gold: dict, entity_id: str) -> str:
    entity = next((e for e in gold["entities"] if e["id"] == entity_id), {})
    return entity.get("country") or entity_id


GOLD_FILES = gold_paths()
ids = [p.stem for p in GOLD_FILES]


def test_samples_exist_in_both_languages():
    langs = [load_gold(p)["lang"] for p in GOLD_FILES]
    assert langs.count("en") >= 5 and langs.count("ar") >= 3, langs
    assert list((SAMPLES / "more").glob("*.txt")), "data/samples/more/ holds no article"


def test_every_article_has_gold_and_every_gold_an_article():
    articles = {p.stem for p in article_paths()}
    golds = {p.stem for p in GOLD_FILES}
    assert articles - golds == set(), f"articles without gold: {sorted(articles - golds)}"
    assert golds - articles == set(), f"gold without article: {sorted(golds - articles)}"


def test_article_names_are_unique_across_folders():
    stems = [p.stem for p in article_paths()]
    assert len(stems) == len(set(stems)), sorted(s for s in stems if stems.count(s) > 1)


@pytest.mark.parametrize("article", article_paths(), ids=lambda p: p.stem)
def test_article_is_short_utf8_text(article: Path):
    words = len(article.read_text(encoding="utf-8").split())
    assert MIN_WORDS <= words <= MAX_WORDS, f"{article.name}: {words} words"


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=ids)
def test_header_agrees_with_article_and_sidecar(gold_path: Path):
    gold, problems = load_gold(gold_path), []
    article = article_for(gold_path)
    if gold.get("article") != article.name:
        problems.append(f"{gold_path.name}: article is {gold.get('article')!r}, expected {article.name!r}")
    if gold.get("lang") not in LANGS:
        problems.append(f"{gold_path.name}: lang {gold.get('lang')!r} not in {LANGS}")
    published = gold.get("published")
    if published is not None:
        parse_day(published, f"{gold_path.name} published", problems)
    sidecar = sidecar_of(article)
    if sidecar.exists():
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if set(meta) != SIDECAR_KEYS:
            problems.append(f"{sidecar.name}: keys {sorted(meta)}, expected {sorted(SIDECAR_KEYS)}")
        if not SAMPLE_HOSTS.match(meta.get("url", "")):
            problems.append(f"{sidecar.name}: url must be on example.org or example.com")
        headline = next(line for line in article.read_text(encoding="utf-8").splitlines() if line.strip())
        if meta.get("title") != headline.strip():
            problems.append(f"{sidecar.name}: title differs from the article's headline")
        for key in ("published", "lang"):
            if meta.get(key) != gold.get(key):
                problems.append(f"{gold_path.name}: {key} {gold.get(key)!r} but sidecar says {meta.get(key)!r}")
    elif published is not None:
        # Without a sidecar the date must be readable from the byline near the top.
        day = date.fromisoformat(published)
        month = MONTHS[day.month - 1]
        forms = {f"{month} {day.day}, {day.year}", f"{month[:3]} {day.day}, {day.year}", published}
        head = "\n".join(article.read_text(encoding="utf-8").splitlines()[:6])
        if not any(form in head for form in forms):
            problems.append(f"{gold_path.name}: published {published} but no sidecar and no byline date")
    check(problems)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=ids)
def test_entities_are_well_formed(gold_path: Path):
    gold, problems = load_gold(gold_path), []
    entities = gold["entities"]
    seen = [e["id"] for e in entities]
    problems += [f"{gold_path.name}: entity id {i!r} repeated" for i in set(seen) if seen.count(i) > 1]
    countries = {e["id"] for e in entities if e["type"] == "Country"}
    owner_of: dict[str, str] = {}
    for entity in entities:
        where = f"{gold_path.name} entity {entity['id']!r}"
        if entity["type"] not in ENTITY_LABELS:
            problems.append(f"{where}: type {entity['type']!r} not in {ENTITY_LABELS}")
        if "country" in entity:
            if entity["type"] not in ("Agency", "Person"):
                problems.append(f"{where}: only agencies and people carry a country")
            if entity["country"] not in countries:
                problems.append(f"{where}: country {entity['country']!r} is not a Country entity here")
        if not isinstance(entity.get("optional", False), bool):
            problems.append(f"{where}: optional must be true or false")
        names = entity.get("names")
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            problems.append(f"{where}: names must be a non-empty list of strings")
            continue
        for name in names:
            other = owner_of.setdefault(match_key(name), entity["id"])
            if other != entity["id"]:
                problems.append(f"{where}: name {name!r} also names {other!r}")
    check(problems)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=ids)
def test_entity_names_occur_in_article(gold_path: Path):
    gold, problems = load_gold(gold_path), []
    text = fold(article_for(gold_path).read_text(encoding="utf-8"))
    for entity in gold["entities"]:
        for name in entity["names"]:
            # Canonical forms in the other script (e.g. "Islamic State" for an Arabic
            # article) are what the scorer matches against; they need not appear.
            if script_of(name) == gold["lang"] and fold(name) not in text:
                problems.append(f"{gold_path.name}: name {name!r} of {entity['id']!r} not in the article")
    check(problems)


def check_date(event: dict, published, where: str, problems: list[str]) -> None:
    span = event.get("date", "missing")
    if span is None:
        return
    if not (isinstance(span, list) and len(span) == 2):
        problems.append(f"{where}: date must be null or [start, end]")
        return
    start, end = (parse_day(v, where, problems) for v in span)
    if start and end and start > end:
        problems.append(f"{where}: date starts after it ends")
    if end and published and end > date.fromisoformat(published):
        problems.append(f"{where}: event ends after publication {published}")


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=ids)
def test_events_are_well_formed(gold_path: Path):
    gold, problems = load_gold(gold_path), []
    text = article_for(gold_path).read_text(encoding="utf-8")
    entities = {e["id"]: e for e in gold["entities"]}
    for n, event in enumerate(gold["events"]):
        where = f"{gold_path.name} event {n} ({event.get('type')} {event.get('source')}->{event.get('target')})"
        if event.get("type") not in EVENT_TYPES:
            problems.append(f"{where}: type not in {EVENT_TYPES}")
        ends = [event.get("source"), event.get("target")]
        problems += [f"{where}: {ref!r} is not an entity" for ref in ends if ref not in entities]
        if ends[0] == ends[1]:
            problems.append(f"{where}: source and target are the same")
        if not event.get("optional") and any(entities.get(ref, {}).get("optional") for ref in ends):
            problems.append(f"{where}: a required event between optional entities")
        problems += [f"{where}: about {ref!r} is not an entity"
                     for ref in event.get("about", []) if ref not in entities]
        for flag in ("mutual", "optional"):
            if not isinstance(event.get(flag, False), bool):
                problems.append(f"{where}: {flag} must be true or false")
        evidence = event.get("evidence", "")
        if not evidence or evidence not in text:
            problems.append(f"{where}: evidence is not a verbatim substring of the article")
        check_date(event, gold["published"], where, problems)
    check(problems)


def positive_triples(gold: dict, level) -> set[tuple[str, str, str]]:
    triples = set()
    for event in gold["events"]:
        source, target = level(gold, event["source"]), level(gold, event["target"])
        triples.add((event["type"], source, target))
        if event.get("mutual"):
            triples.add((event["type"], target, source))
    return triples


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=ids)
def test_negatives_are_well_formed_and_never_contradict_events(gold_path: Path):
    gold, problems = load_gold(gold_path), []
    entities = {e["id"] for e in gold["entities"]}
    strict = positive_triples(gold, lambda g, i: i)
    by_country = positive_triples(gold, country_level)
    for n, negative in enumerate(gold["negatives"]):
        where = f"{gold_path.name} negative {n}"
        if negative.get("type") not in EVENT_TYPES:
            problems.append(f"{where}: type not in {EVENT_TYPES}")
        ends = [negative.get("source"), negative.get("target")]
        bad = [ref for ref in ends if ref not in entities]
        problems += [f"{where}: {ref!r} is not an entity" for ref in bad]
        if not negative.get("why", "").strip():
            problems.append(f"{where}: why is empty")
        if bad:
            continue
        triple = (negative["type"], *ends)
        if triple in strict:
            problems.append(f"{where}: {triple} is also a gold event")
        lifted = (negative["type"], country_level(gold, ends[0]), country_level(gold, ends[1]))
        if lifted in by_country:
            problems.append(f"{where}: {lifted} is a gold event at country level")
    check(problems)


def test_ids_and_names_agree_across_the_corpus():
    """One id is one actor in every file, so corpus-wide resolution scores mean something."""
    problems: list[str] = []
    shape: dict[str, tuple] = {}
    owner: dict[str, str] = {}
    for path in GOLD_FILES:
        for entity in load_gold(path)["entities"]:
            signature = (entity["type"], entity.get("country"))
            first = shape.setdefault(entity["id"], signature)
            if first != signature:
                problems.append(f"{path.name}: {entity['id']!r} is {signature}, elsewhere {first}")
            for name in entity["names"]:
                other = owner.setdefault(match_key(name), entity["id"])
                if other != entity["id"]:
                    problems.append(f"{path.name}: name {name!r} is {entity['id']!r} here, {other!r} elsewhere")
    check(problems)
