import pytest

from graph_builder.model import Article, Extraction, Mention
from graph_builder.resolve import Resolver
from graph_builder.resolve.judgements import Judgement, Judgements, load_judgements
from graph_builder.resolve.names import name_key


def extraction(*mentions):
    return Extraction(Article("a", ""), [], list(mentions), [])


def person(text, country=None, canonical=None):
    return Mention(text, "Person", 0, 0, len(text), country=country, canonical=canonical)


def test_name_key_folds_particles_case_and_script_marks():
    assert name_key("Abu Bakr Al Baghdadi") == name_key("abu bakr al-Baghdadi") == "abu bakr baghdadi"
    assert name_key("Mevlüt Çavuşoğlu") == "mevlut cavusoglu"
    assert name_key("إبراهيم الجعفري") == name_key("ابراهيم الجعفري")


def test_gazetteer_mentions_share_one_entity_across_scripts(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    forms = [Mention(t, "Organization", 0, 0, 1, key="islamic_state") for t in ("Daesh", "ISIS", "داعش")]
    resolved = resolver.resolve(extraction(*forms))
    assert set(resolved.entity_of) == {"organization:islamic_state"}
    assert resolver.entities["organization:islamic_state"].aliases == {"Daesh", "ISIS", "داعش"}


def test_unknown_people_merge_on_spelling_variants(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    first = resolver.resolve(extraction(person("Karim Haddad")))
    second = resolver.resolve(extraction(person("Karim Hadad"), person("Haddad", canonical="Karim Haddad")))
    assert set(second.entity_of) == set(first.entity_of) == {"person:karim_haddad"}


def test_judged_different_names_never_merge(small_gazetteer):
    judgements = Judgements([Judgement("Karim Haddad", "Karim Hadad", "different")])
    resolver = Resolver(small_gazetteer, judgements)
    resolved = resolver.resolve(extraction(person("Karim Haddad"), person("Karim Hadad")))
    assert len(set(resolved.entity_of)) == 2
    unjudged = Resolver(small_gazetteer, Judgements())  # without the judgement they merge
    assert len(set(unjudged.resolve(extraction(person("Karim Haddad"), person("Karim Hadad"))).entity_of)) == 1


def test_same_name_different_country_stays_apart(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolved = resolver.resolve(extraction(person("Abu Omar", country="iraq"), person("Abu Omar", country="jordan")))
    assert len(set(resolved.entity_of)) == 2


def test_labels_are_never_crossed(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolved = resolver.resolve(extraction(
        Mention("Jordan", "Country", 0, 0, 6, key="jordan"), person("Jordan")))
    assert resolved.entity_of == ["country:jordan", "person:jordan"]


def test_agencies_bring_their_country_along(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    agency = Mention("Iraqi intelligence", "Agency", 0, 0, 5, key="iraq_intelligence", country="iraq",
                     canonical="Iraqi intelligence")
    resolved = resolver.resolve(extraction(agency))
    assert resolved.entities["agency:iraq_intelligence"].country == "country:iraq"
    assert resolved.entities["country:iraq"].name == "Iraq"


def test_seeded_entities_are_reused(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolver.seed([{"id": "person:karim_haddad_", "label": "Person", "name": "Karim Haddad", "aliases": ["K. Haddad"]}])
    assert resolver.resolve(extraction(person("Karim Haddad"))).entity_of == ["person:karim_haddad_"]


def test_shipped_look_alike_guards_are_different():
    judgements = load_judgements()
    for a, b in [("Iraq", "Iran"), ("Niger", "Nigeria"), ("Austria", "Australia"), ("Sudan", "South Sudan")]:
        assert judgements.verdict(a, b) == "different"


def test_recorded_judgements_survive_a_reload(tmp_path):
    path = tmp_path / "judgements.jsonl"
    load_judgements(path).record("Abu Musa", "Abu Musab", "different", who="analyst")
    assert load_judgements(path).verdict("abu musab", "Abu Musa") == "different"


# -- acronyms and their expansions ----------------------------------------------------


@pytest.mark.parametrize("label, entity, names", [
    ("Agency", "agency:mit", ["MİT", "MIT", "M.I.T.", "National Intelligence Organization",
                              "Milli İstihbarat Teşkilatı", "milli istihbarat teskilati"]),
    ("Agency", "agency:dgsi", ["DGSI", "D.G.S.I.", "Direction générale de la sécurité intérieure"]),
    ("Agency", "agency:cia", ["CIA", "C.I.A.", "Central Intelligence Agency"]),
    ("Organization", "organization:sdf", ["SDF", "Syrian Democratic Forces", "قوات سوريا الديمقراطية"]),
    ("Organization", "organization:popular_mobilization", ["PMF", "Popular Mobilization Forces",
                                                           "Popular Mobilisation Forces", "الحشد الشعبي",
                                                           "al-Hashd al-Shaabi", "Hashed el-Chaabi"]),
])
def test_acronyms_and_expansions_are_one_entity(label, entity, names):
    resolver = Resolver(judgements=load_judgements())
    for name in names:  # none carries a gazetteer id: aliases, name keys and spelling variants find them
        assert resolver.match(Mention(name, label, 0, 0, len(name))).entity_id == entity, name


@pytest.mark.parametrize("label, word, entity", [
    ("Agency", "mit", "agency:mit"), ("Agency", "Mit", "agency:mit"), ("Agency", "cia", "agency:cia"),
    ("Organization", "sdf", "organization:sdf"), ("Organization", "Is", "organization:islamic_state"),
])
def test_an_acronym_written_as_a_word_is_not_the_acronym(label, word, entity):
    resolver = Resolver(judgements=load_judgements())
    assert resolver.match(Mention(word, label, 0, 0, len(word))).entity_id != entity


def test_acronym_and_expansion_in_one_report_are_one_node():
    from graph_builder.extract import Extractor

    text = ("The National Intelligence Organization said MİT officers met the SDF, "
            "which Syrian Democratic Forces commanders confirmed.")
    extraction = Extractor().extract(Article("acr", text))
    resolved = Resolver(judgements=load_judgements()).resolve(extraction)
    ids = {m.text: e for m, e in zip(extraction.mentions, resolved.entity_of)}
    assert ids["National Intelligence Organization"] == ids["MİT"] == "agency:mit"
    assert ids["SDF"] == ids["Syrian Democratic Forces"] == "organization:sdf"
