"""The shipped gazetteer under data/gazetteer: loadable, consistent, unambiguous."""
from __future__ import annotations

import json
import shutil
from collections import defaultdict

import pytest

from graph_builder.gazetteer import DataFileError, data_dir, load_gazetteer
from graph_builder.text import fold, is_acronym

LABELS = ("Country", "Agency", "Organization", "Person", "Location")
FILES = ("countries.jsonl", "agencies.jsonl", "organizations.jsonl", "people.jsonl", "locations.jsonl")

# Ordinary English words that must never be an alias: the matcher folds case,
# so an alias "is" would turn every "is" into Islamic State.
PLAIN_WORDS = frozenset(
    "a am an and are as at be but by can congress do for go had has he her him his if in is it its "
    "let liberation may me meta my new nice no not now of on one or our out said sale she so swat "
    "tenet the to tusk up us was we who why will you amber hit van gallant pence clapper telegraph "
    "general security crocus male".split()
)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def match_key(name: str) -> tuple[str, str]:
    """How the matcher compares a name: short capitals exactly, anything else folded."""
    return ("caps", name.replace("İ", "I")) if is_acronym(name) else ("folded", fold(name))


def owners(gazetteer, label: str, with_country_words: bool = True) -> dict:
    found = defaultdict(set)
    for entry in gazetteer.by_label(label):
        words = entry.names()
        if with_country_words:
            words += entry.demonyms + entry.capitals
        for word in words:
            found[match_key(word)].add(entry.id)
    return found


def owner_of(gazetteer, label: str, name: str) -> str:
    ids = owners(gazetteer, label).get(match_key(name), set())
    assert len(ids) == 1, f"{name!r} should name exactly one {label}, names {sorted(ids)}"
    return next(iter(ids))


def test_minimum_counts(gazetteer):
    counts = {label: len(gazetteer.by_label(label)) for label in LABELS}
    assert counts["Country"] >= 195
    assert counts["Agency"] >= 150
    assert counts["Organization"] >= 150
    assert counts["Person"] >= 200
    assert counts["Location"] >= 300
    assert len(gazetteer.agency_kinds) >= 12
    assert len(gazetteer.given_names) >= 1200
    armed = [e for e in gazetteer.by_label("Organization") if e.kind == "armed_group"]
    media = [e for e in gazetteer.by_label("Organization") if e.kind == "media"]
    assert len(armed) >= 60 and len(media) >= 40


def test_ids_are_unique_slugs(gazetteer):
    for label in LABELS:
        ids = [e.id for e in gazetteer.by_label(label)]
        assert len(ids) == len(set(ids)), label
        assert all(i == i.lower() and " " not in i and i for i in ids), label


def test_files_are_sorted_by_id():
    folder = data_dir() / "gazetteer"
    for filename in FILES:
        lines = folder.joinpath(filename).read_text(encoding="utf-8").splitlines()
        ids = [json.loads(line)["id"] for line in lines if line.strip() and not line.startswith("//")]
        assert ids == sorted(ids), filename


@pytest.mark.parametrize("label", LABELS)
def test_no_name_belongs_to_two_entries_of_a_label(gazetteer, label):
    clashes = {key: ids for key, ids in owners(gazetteer, label).items() if len(ids) > 1}
    assert not clashes


def test_country_demonyms_are_distinct(gazetteer):
    seen = {}
    for country in gazetteer.by_label("Country"):
        assert country.demonyms or country.id in {"dominica", "republic_of_the_congo", "vatican_city"}, country.id
        for demonym in country.demonyms:
            key = match_key(demonym)
            assert seen.setdefault(key, country.id) == country.id, (demonym, seen[key], country.id)


def test_first_capitalised_demonym_is_an_english_adjective(gazetteer):
    """Generic agencies are named "<demonym> <kind>", e.g. "Iraqi intelligence"."""
    country = gazetteer.get("Country", "iraq")
    assert next(d for d in country.demonyms if d[:1].isupper()) == "Iraqi"
    assert next(d for d in gazetteer.get("Country", "united_kingdom").demonyms if d[:1].isupper()) == "British"


@pytest.mark.parametrize(
    "left, right",
    [
        ("Iraq", "Iran"), ("Iraqi", "Iranian"), ("العراق", "إيران"), ("العراقية", "الإيرانية"),
        ("Niger", "Nigeria"), ("Nigerien", "Nigerian"), ("النيجر", "نيجيريا"),
        ("Austria", "Australia"), ("Austrian", "Australian"), ("النمسا", "أستراليا"),
        ("Sudan", "South Sudan"), ("Guinea", "Guinea-Bissau"), ("Guinea", "Equatorial Guinea"),
        ("Congo", "Republic of the Congo"), ("Dominica", "Dominican Republic"),
        ("North Korea", "South Korea"), ("Slovakia", "Slovenia"), ("Slovak", "Slovenian"),
    ],
)
def test_look_alike_countries_stay_distinct(gazetteer, left, right):
    assert owner_of(gazetteer, "Country", left) != owner_of(gazetteer, "Country", right)


@pytest.mark.parametrize(
    "name, country",
    [
        ("US", "united_states"), ("U.S.", "united_states"), ("America", "united_states"),
        ("الولايات المتحدة الأمريكية", "united_states"), ("الأميركيين", "united_states"),
        ("UK", "united_kingdom"), ("Britain", "united_kingdom"), ("Britons", "united_kingdom"),
        ("Türkiye", "turkey"), ("Turks", "turkey"), ("التركية", "turkey"),
        ("KSA", "saudi_arabia"), ("المملكة العربية السعودية", "saudi_arabia"),
        ("UAE", "united_arab_emirates"), ("Frenchmen", "france"), ("الفرنسيين", "france"),
        ("Baghdad", "iraq"), ("بغداد", "iraq"), ("Ankara", "turkey"), ("واشنطن", "united_states"),
    ],
)
def test_country_names_demonyms_and_capitals(gazetteer, name, country):
    assert owner_of(gazetteer, "Country", name) == country


def test_islamic_state_holds_its_names(gazetteer):
    entry = gazetteer.get("Organization", "islamic_state")
    names = set(entry.names())
    assert {"Islamic State", "IS", "ISIS", "ISIL", "Daesh", "داعش", "الدولة الإسلامية"} <= names
    for province in ("iskp", "iswap", "is_sinai"):
        assert gazetteer.get("Organization", province) is not None


def test_acronyms_that_are_words_only_match_in_capitals(gazetteer):
    for entry in gazetteer.entries:
        for name in entry.names():
            if name.lower() in {"is", "us", "it", "an", "as", "at", "or", "on"}:
                assert is_acronym(name), (entry.entity_id, name)


def test_no_alias_is_a_plain_english_word(gazetteer):
    for entry in gazetteer.entries:
        for alias in entry.aliases:
            if not is_acronym(alias):
                assert fold(alias) not in PLAIN_WORDS, (entry.entity_id, alias)


def test_every_reference_is_valid(gazetteer):
    countries = {c.id for c in gazetteer.by_label("Country")}
    kinds = {k.kind for k in gazetteer.agency_kinds}
    defaults = defaultdict(list)
    for agency in gazetteer.by_label("Agency"):
        assert agency.country in countries, agency.id
        assert agency.kind in kinds, agency.id
        for kind in agency.default_for:
            assert kind in kinds, agency.id
            defaults[(agency.country, kind)].append(agency.id)
    for entry in gazetteer.entries:
        assert entry.country is None or entry.country in countries, entry.entity_id
    assert all(len(ids) == 1 for ids in defaults.values()), dict(defaults)
    assert gazetteer.get("Agency", "mit").default_for == ["intelligence"]


def test_entity_names_are_not_agency_kind_phrases(gazetteer):
    """A kind phrase ("intelligence", "وزارة الداخلية") waits for a country adjective;
    an entity named the same would never be found on its own."""
    phrases = {match_key(p) for k in gazetteer.agency_kinds for p in k.en + k.ar}
    for entry in gazetteer.entries:
        for name in entry.names():
            assert match_key(name) not in phrases, (entry.entity_id, name)


def test_agency_kinds_cover_the_generic_bodies(gazetteer):
    kinds = {k.kind: k for k in gazetteer.agency_kinds}
    for kind in ("intelligence", "security", "police", "military", "counterterrorism", "defense_ministry",
                 "interior_ministry", "foreign_ministry", "prosecutors", "justice_ministry",
                 "border_guard", "navy", "air_force"):
        assert kind in kinds and kinds[kind].name
    assert "intelligence" in kinds["intelligence"].en and "المخابرات" in kinds["intelligence"].ar
    every_phrase = {fold(p) for k in kinds.values() for p in k.en + k.ar}
    assert not every_phrase & {"government", "officials", "authorities", "الحكومة", "السلطات"}


def test_capitals_are_locations(gazetteer):
    location_names = {match_key(n) for e in gazetteer.by_label("Location") for n in e.names()}
    for country in gazetteer.by_label("Country"):
        for capital in country.capitals:
            assert match_key(capital) in location_names, (country.id, capital)
    assert gazetteer.get("Location", "baghdad").country == "iraq"


def test_known_people_have_distinctive_surnames_only(gazetteer):
    baghdadi = gazetteer.get("Person", "abu_bakr_al_baghdadi")
    assert {"Baghdadi", "البغدادي", "Ibrahim Awad Ibrahim al-Badri"} <= set(baghdadi.aliases)
    # Single-word aliases that are also given names: only people known by that one name.
    known_by_one_name = {"Saddam", "Muqtada", "Mahathir", "Prabowo", "Fazlullah", "Mubarak"}
    given = {fold(n) for n in gazetteer.given_names}
    for person in gazetteer.by_label("Person"):
        for alias in person.aliases:
            single = " " not in alias and "-" not in alias
            assert not single or fold(alias) not in given or alias in known_by_one_name, (person.id, alias)


def test_given_names_cover_both_scripts(gazetteer):
    assert {"Mohammed", "Muhammad", "Ahmed", "Omar", "Haider", "Mehmet", "محمد", "عبد الله", "حيدر"} <= gazetteer.given_names
    country_words = {fold(w) for c in gazetteer.by_label("Country") for w in c.names() + c.demonyms}
    assert not {fold(n) for n in gazetteer.given_names} & country_words


def test_malformed_line_names_file_and_line(tmp_path):
    folder = tmp_path / "gazetteer"
    shutil.copytree(data_dir() / "gazetteer", folder)
    path = folder / "agencies.jsonl"
    count = len(path.read_text(encoding="utf-8").splitlines())
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"id": "broken", "name": \n')
    with pytest.raises(DataFileError) as error:
        load_gazetteer(folder)
    assert f"{path}:{count + 1}:" in str(error.value)


def test_missing_field_names_file_and_line(tmp_path):
    folder = tmp_path / "gazetteer"
    shutil.copytree(data_dir() / "gazetteer", folder)
    path = folder / "people.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, json.dumps({"id": "nameless", "aliases": ["x"]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"people\.jsonl:3: needs string fields"):
        load_gazetteer(folder)
