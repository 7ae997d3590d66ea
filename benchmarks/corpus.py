"""A deterministic synthetic corpus of wire-style reports, English and Arabic, for the benchmarks.

    python -m benchmarks.corpus --articles 1000 --seed 7 -o /tmp/c1k.jsonl

Each article is 400-900 words: a headline, a dateline, paragraphs of WARNED and
SHARED sentences in several structures (active, passive, coordinated targets,
"handed ... to", Arabic verb-first), negated ones (urged, refused, denied, did
not) and filler, with page furniture between them (navigation, "Related:",
photo captions, newsletter and cookie lines). Actors come from the gazetteers
under data/gazetteer/, written with spelling variants (case, al-/Al /el-
particles, dropped diacritics, Arabic hamza forms), plus people the gazetteer
does not know, built from data/gazetteer/given_names.txt. Dates are explicit
("on 3 March 2016") or relative ("last week") to the publication date.

Article i depends only on the seed and i, so a smaller corpus is a prefix of a
larger one with the same seed. The sentence templates live in
benchmarks/templates/.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Optional

from graph_builder.gazetteer import Entry, Gazetteer, data_dir, load_gazetteer

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
CACHE = HERE / ".cache"

ARABIC_SHARE = 0.35
MIN_WORDS, MAX_WORDS = 400, 900
FIRST_DAY, SPAN_DAYS = date(2014, 1, 1), 6 * 365
UNSEEN_PEOPLE = {"en": 30_000, "ar": 10_000}  # names the gazetteer does not know
EVENT_SHARE = 0.35  # of body sentences; the rest is filler
CAST = (4, 6)  # actors per article
AGENCY_KINDS = ("intelligence", "police", "security", "counterterrorism")

_ARABIC = re.compile("[\u0600-\u06FF]")
_LATIN_PARTICLE = re.compile(r"\b(?:[Aa]l|[Ee]l)[-\s](?=[A-Z])")
_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})
_NUMBERS = {
    "en": ["two", "three", "five", "seven", "11", "14", "23", "40"],
    "ar": ["ثلاثة", "خمسة", "سبعة", "10", "12", "25"],
}


def parse_size(text: str) -> int:
    """'1k' -> 1000, '100k' -> 100000, '20' -> 20."""
    text = text.strip().lower()
    scale = 1000 if text.endswith("k") else 1
    number = float(text[:-1] if scale > 1 else text)
    if number <= 0:
        raise ValueError(f"size must be positive: {text!r}")
    return int(number * scale)


def size_label(articles: int) -> str:
    return f"{articles // 1000}k" if articles % 1000 == 0 else str(articles)


@lru_cache(maxsize=2)
def templates(lang: str) -> dict:
    return json.loads((TEMPLATES / f"{lang}.json").read_text(encoding="utf-8"))


# --- spelling variants -------------------------------------------------------


def strip_diacritics(text: str) -> str:
    """"Bezpieczeństwa" -> "Bezpieczenstwa"; Arabic letters are left alone."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and not _ARABIC.match(ch):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def latin_variant(rng: random.Random, name: str) -> str:
    draw = rng.random()
    if draw < 0.15 and _LATIN_PARTICLE.search(name):
        return _LATIN_PARTICLE.sub(lambda _m: rng.choice(["al-", "Al-", "Al ", "el-", "El-"]), name)
    if draw < 0.22:
        return strip_diacritics(name)
    if draw < 0.25 and len(name) <= 24:
        return name.upper()
    if draw < 0.30 and _LATIN_PARTICLE.search(name):
        return _LATIN_PARTICLE.sub("", name)
    return name


def arabic_variant(rng: random.Random, name: str) -> str:
    draw = rng.random()
    if draw < 0.25:
        return name.translate(_HAMZA)
    if draw < 0.32:
        return re.sub(r"ة\b", "ه", name)
    if draw < 0.37:
        return re.sub(r"ى\b", "ي", name)
    return name


def skewed(rng: random.Random, items: list):
    """A few items come up often, most rarely, as actors do in the news."""
    return items[int(len(items) * rng.random() ** 2.5)]


# --- actors --------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """One actor and the ways an article may write it."""

    forms: tuple[str, ...]
    person: bool = False

    def surface(self, rng: random.Random, lang: str) -> str:
        name = rng.choice(self.forms)
        return arabic_variant(rng, name) if lang == "ar" else latin_variant(rng, name)


def _latin(names: list[str]) -> list[str]:
    return [n for n in names if not _ARABIC.search(n)]


def _arabic(names: list[str]) -> list[str]:
    return [n for n in names if _ARABIC.search(n)]


class World:
    """The gazetteer seen as pools of actors, groups, places and unseen people."""

    def __init__(self, gazetteer: Gazetteer, seed: int):
        self.gazetteer = gazetteer
        kinds = {k.kind: k for k in gazetteer.agency_kinds}
        self.kinds = [kinds[k] for k in AGENCY_KINDS if k in kinds]
        self.countries = gazetteer.by_label("Country")
        self.agencies = gazetteer.by_label("Agency")
        self.people = gazetteer.by_label("Person")
        self.groups = [e for e in gazetteer.by_label("Organization") if e.kind == "armed_group"]
        self.places = gazetteer.by_label("Location")
        given = sorted(gazetteer.given_names)
        self.given = {"en": [g for g in given if g[:1].isupper() and not _ARABIC.search(g)],
                      "ar": [g for g in given if _ARABIC.search(g)]}
        self.unseen = {lang: self._unseen_people(lang, seed) for lang in ("en", "ar")}

    def _unseen_people(self, lang: str, seed: int) -> list[str]:
        rng = random.Random(f"people:{lang}:{seed}")
        words = templates(lang)
        names = []
        for _ in range(UNSEEN_PEOPLE[lang]):
            stem = "".join(rng.choice(words["surname_syllables"]) for _ in range(rng.randint(2, 3)))
            surname = stem + rng.choice(words["surname_endings"])
            given = rng.choice(self.given[lang])
            if lang == "ar":
                names.append(f"{given} ال{surname}")
            else:
                surname = surname.capitalize()
                names.append(f"{given} al-{surname}" if rng.random() < 0.4 else f"{given} {surname}")
        return names

    # -- one actor, by language --

    def actor(self, rng: random.Random, lang: str) -> Actor:
        draw = rng.random()
        if draw < 0.30:
            return self._country(rng, lang)
        if draw < 0.55:
            return self._country_agency(rng, lang)
        if draw < 0.75:
            return self._named(rng, lang, self.agencies) or self._country(rng, lang)
        if draw < 0.85:
            named = self._named(rng, lang, self.people)
            return Actor(named.forms, person=True) if named else self._country(rng, lang)
        return self.unseen_person(rng, lang)

    def unseen_person(self, rng: random.Random, lang: str) -> Actor:
        return Actor((skewed(rng, self.unseen[lang]),), person=True)

    def _country(self, rng: random.Random, lang: str) -> Actor:
        country = skewed(rng, self.countries)
        if lang == "ar":
            adjective = _arabic_adjective(country)
            forms = _arabic(country.names())[:1] * 2
            if adjective:
                forms += [f"السلطات {adjective}", f"الحكومة {adjective}"]
            return Actor(tuple(forms or [country.name]))
        demonym = _latin_demonym(country)
        return Actor((country.name, country.name, f"the {demonym} government", f"{demonym} officials"))

    def _country_agency(self, rng: random.Random, lang: str) -> Actor:
        country, kind = skewed(rng, self.countries), rng.choice(self.kinds)
        if lang == "ar":
            adjective = _arabic_adjective(country)
            nouns = [n for n in kind.ar if n.startswith("ال")]
            if not (adjective and nouns):
                return self._country(rng, lang)
            return Actor(tuple(f"{noun} {adjective}" for noun in nouns[:3]))
        phrases = kind.en[:3]
        demonym = _latin_demonym(country)
        return Actor(tuple([f"{demonym} {p}" for p in phrases] + [f"{country.name}'s {phrases[0]}"]))

    def _named(self, rng: random.Random, lang: str, entries: list[Entry]) -> Optional[Actor]:
        entry = skewed(rng, entries)
        forms = _arabic(entry.names()) if lang == "ar" else _latin(entry.names())
        return Actor(tuple(forms)) if forms else None

    def group(self, rng: random.Random, lang: str) -> Actor:
        for _ in range(10):
            entry = skewed(rng, self.groups)
            forms = _arabic(entry.names()) if lang == "ar" else _latin(entry.names())
            if forms:
                return Actor(tuple(forms))
        return Actor(("داعش",) if lang == "ar" else ("Islamic State",))

    def place(self, rng: random.Random, lang: str) -> str:
        for _ in range(10):
            entry = rng.choice(self.places)
            forms = _arabic(entry.names()) if lang == "ar" else _latin(entry.names())
            if forms:
                return forms[0]
        return "الموصل" if lang == "ar" else "Mosul"


def _latin_demonym(country: Entry) -> str:
    return next((d for d in country.demonyms if d[:1].isupper() and not _ARABIC.search(d)), country.name)


def _arabic_adjective(country: Entry) -> Optional[str]:
    """The definite feminine adjective ("العراقية") that follows an Arabic agency noun."""
    return next((d for d in country.demonyms if d.startswith("ال") and d.endswith("ية")), None)


# --- dates ----------------------------------------------------------------------


def date_phrase(rng: random.Random, lang: str, published: date) -> str:
    words = templates(lang)
    if rng.random() < 0.45:
        return rng.choice(words["relative_dates"])
    when = published - timedelta(days=rng.randint(1, 60))
    month_names = words["months"] if rng.random() < 0.7 else words["month_abbr"]
    return rng.choice(words["explicit_dates"]).format(
        WD=words["weekdays"][when.weekday()], MONTH=month_names[when.month - 1],
        DAY=when.day, YEAR=when.year,
    )


# --- articles -------------------------------------------------------------------


class Slots(dict):
    """Template slot values, each drawn the first time a template asks for it."""

    def __init__(self, draw: Callable[[str], str]):
        super().__init__()
        self._draw = draw

    def __missing__(self, key: str) -> str:
        value = self[key] = self._draw(key)
        return value


class ArticleWriter:
    def __init__(self, world: World, lang: str, rng: random.Random, published: date):
        self.world, self.lang, self.rng, self.published = world, lang, rng, published
        self.words = templates(lang)
        self.cast = self._cast()
        self.group = world.group(rng, lang)
        self.places = [world.place(rng, lang) for _ in range(2)]
        self.person = world.unseen_person(rng, lang) if rng.random() < 0.7 else None

    def _cast(self) -> list[Actor]:
        cast: list[Actor] = []
        size = self.rng.randint(*CAST)
        while len(cast) < size:
            actor = self.world.actor(self.rng, self.lang)
            if actor not in cast:
                cast.append(actor)
        return cast

    def slots(self) -> Slots:
        order = self.rng.sample(self.cast, 4)  # A, B, C, E are four different actors
        roles = dict(zip("ABCE", order))

        def draw(key: str) -> str:
            rng, lang = self.rng, self.lang
            if key in roles:
                return roles[key].surface(rng, lang)
            if key == "G":
                return self.group.surface(rng, lang)
            if key == "L":
                return rng.choice(self.places)
            if key == "P":
                person = self.person or self.world.unseen_person(rng, lang)
                return person.surface(rng, lang)
            if key == "T":
                return rng.choice(self.words["titles"])
            if key == "N":
                return rng.choice(_NUMBERS[lang])
            if key == "D":
                return date_phrase(rng, lang, self.published)
            if key == "H":
                return self.rng.choice(self.words["headline"]).format_map(self.slots())
            if key == "K":
                return self.rng.choice(self.words["caption"]).format_map(self.slots())
            if key == "Y":
                return self.published.isoformat()
            raise KeyError(key)

        return Slots(draw)

    def fill(self, template: str) -> str:
        text = template.format_map(self.slots())
        return text[:1].upper() + text[1:] if self.lang == "en" else text

    def sentence(self) -> str:
        if self.rng.random() < EVENT_SHARE:
            kind = self.rng.choices(["warned", "shared", "negative"], weights=[4, 4, 2])[0]
        else:
            kind = "filler"
        return self.fill(self.rng.choice(self.words[kind]))

    def boilerplate(self) -> str:
        return self.fill(self.rng.choice(self.words["boilerplate"]))

    def dateline(self) -> str:
        city = self.rng.choice(self.places)
        month = templates("en")["month_abbr"][self.published.month - 1]
        return self.words["dateline"].format(CITY=city.upper() if self.lang == "en" else city,
                                             MON=month, DAY=self.published.day)

    def text(self) -> str:
        target = self.rng.randint(MIN_WORDS, MAX_WORDS - 40)
        head = [self.fill(self.rng.choice(self.words["headline"]))]
        if self.rng.random() < 0.5:
            head.insert(0, self.boilerplate())
        tail = [self.boilerplate() for _ in range(self.rng.randint(1, 3))]
        count = sum(len(line.split()) for line in head + tail)
        body: list[str] = []
        paragraph: list[str] = [self.dateline() + self.sentence()]
        count += len(paragraph[0].split())
        while count < target:
            sentence = self.sentence()
            if count + len(sentence.split()) > MAX_WORDS - 15:
                break
            count += len(sentence.split())
            paragraph.append(sentence)
            if len(paragraph) >= self.rng.randint(1, 3):
                body.append(" ".join(paragraph))
                paragraph = []
                if self.rng.random() < 0.15:
                    line = self.boilerplate()
                    if count + len(line.split()) <= MAX_WORDS:
                        body.append(line)
                        count += len(line.split())
        if paragraph:
            body.append(" ".join(paragraph))
        return "\n\n".join(head + body + tail) + "\n"


def article(world: World, seed: int, index: int) -> dict:
    rng = random.Random(f"article:{seed}:{index}")
    lang = "ar" if rng.random() < ARABIC_SHARE else "en"
    published = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    text = ArticleWriter(world, lang, rng, published).text()
    return {"id": f"bench-{seed}-{index:06d}", "text": text, "published": published.isoformat(), "lang": lang}


def generate(articles: int, seed: int = 7, gazetteer: Optional[Gazetteer] = None) -> Iterator[dict]:
    world = World(gazetteer or load_gazetteer(), seed)
    for index in range(articles):
        yield article(world, seed, index)


def write_corpus(path: Path, articles: int, seed: int = 7) -> Path:
    """Write the corpus to `path` (atomically: a partial file never has the final name)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".partial-{os.getpid()}")
    with open(partial, "w", encoding="utf-8", newline="\n") as out:
        for record in generate(articles, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(path)
    return path


def fingerprint() -> str:
    """Changes whenever the generator, its templates or the gazetteer change."""
    digest = hashlib.sha1()
    files = [Path(__file__), *sorted(TEMPLATES.glob("*.json")), *sorted((data_dir() / "gazetteer").iterdir())]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def ensure_corpus(articles: int, seed: int = 7, cache: Path = CACHE) -> Path:
    """The cached corpus file for (articles, seed), generated on first use."""
    path = Path(cache) / f"corpus-{size_label(articles)}-s{seed}-{fingerprint()}.jsonl"
    return path if path.exists() else write_corpus(path, articles, seed)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1k", help="number of articles: 1000, 1k, 10k, 100k")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, help="output .jsonl (default: the benchmark cache)")
    args = parser.parse_args(argv)
    try:
        articles = parse_size(args.articles)
    except ValueError as error:
        parser.error(str(error))
    path = write_corpus(args.output, articles, args.seed) if args.output else ensure_corpus(articles, args.seed)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
