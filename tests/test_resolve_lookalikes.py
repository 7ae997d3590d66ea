"""Look-alike names of different actors never become one node.

Each pair is checked through the gazetteer (mentions carrying its ids, and the
plain names without an id) and through fuzzy matching of names the gazetteer
does not know, with and without the shipped `different` judgements: the
judgements are a second line of defence, not the only one.
"""
import pytest

from graph_builder.extract import Extractor
from graph_builder.model import Article, Extraction, Mention
from graph_builder.resolve import Resolver
from graph_builder.resolve.judgements import Judgement, Judgements, load_judgements

COUNTRIES = [("iraq", "iran"), ("austria", "australia"), ("niger", "nigeria"), ("guinea", "guinea_bissau"),
             ("sudan", "south_sudan"), ("gambia", "zambia"), ("slovakia", "slovenia"), ("mali", "malawi"),
             ("libya", "liberia"), ("iceland", "ireland"), ("mauritania", "mauritius"), ("guinea", "equatorial_guinea"),
             ("dominica", "dominican_republic"), ("north_korea", "south_korea")]

# Names the gazetteer does not know, each pair differing only where the look-alikes do.
UNKNOWN = [
    ("Organization", "Iraq Liberation Front", "Iran Liberation Front"),
    ("Organization", "Austria Freedom Movement", "Australia Freedom Movement"),
    ("Organization", "Niger Patriotic Front", "Nigeria Patriotic Front"),
    ("Organization", "Guinea Liberation Army", "Guinea-Bissau Liberation Army"),
    ("Organization", "Sudan Unity Front", "South Sudan Unity Front"),
    ("Organization", "Gambia Democratic Front", "Zambia Democratic Front"),
    ("Person", "Abu Musa al-Tunisi", "Abu Musab al-Tunisi"),
    ("Person", "Mohammed al-Kurdi", "Mahmoud al-Kurdi"),
    ("Person", "Hassan Nasrallahi", "Hussein Nasrallahi"),
    ("Person", "Omar al-Shishani", "Amer al-Shishani"),
    ("Person", "Said Karimov", "Saad Karimov"),
    ("Person", "Hamid al-Tamimi", "Hamad al-Tamimi"),
    ("Organization", "Mali Salvation Front", "Malawi Salvation Front"),
    ("Organization", "Libya Dawn Brigade", "Liberia Dawn Brigade"),
    ("Person", "Abu Musa al-Iraqi", "Abu Musab al-Iraqi"),
    ("Person", "محمد الكردي", "محمود الكردي"),
    ("Person", "أبو موسى التونسي", "أبو مصعب التونسي"),
]


def extraction(*mentions):
    return Extraction(Article("a", ""), [], list(mentions), [])


def mention(label, text, key=None):
    return Mention(text, label, 0, 0, len(text), key=key)


@pytest.fixture(params=["shipped judgements", "no judgements"])
def judgements(request):
    return load_judgements() if request.param == "shipped judgements" else Judgements()


@pytest.mark.parametrize("a, b", COUNTRIES)
def test_gazetteer_countries_stay_apart(a, b, judgements):
    resolver = Resolver(judgements=judgements)
    keyed = resolver.resolve(extraction(mention("Country", a, key=a), mention("Country", b, key=b)))
    assert keyed.entity_of == [f"country:{a}", f"country:{b}"]
    names = [resolver.gazetteer.get("Country", c).name for c in (a, b)]
    plain = resolver.resolve(extraction(*(mention("Country", n) for n in names)))
    assert plain.entity_of == [f"country:{a}", f"country:{b}"]


@pytest.mark.parametrize("label, first, second", UNKNOWN)
def test_unknown_look_alikes_stay_apart(label, first, second, judgements):
    resolver = Resolver(judgements=judgements)
    one = resolver.resolve(extraction(mention(label, first))).entity_of[0]
    other = resolver.resolve(extraction(mention(label, second))).entity_of[0]
    assert one != other, resolver.match(mention(label, second)).reason


@pytest.mark.parametrize("label, first, second", UNKNOWN)
def test_look_alikes_are_listed_for_review_with_their_reason(label, first, second):
    resolver = Resolver(judgements=load_judgements())
    resolver.resolve(extraction(mention(label, first), mention(label, second)))
    explained = resolver.explain(second, label)
    assert explained[0].entity_id and explained[0].reason


def test_the_word_is_never_islamic_state():
    resolver = Resolver(judgements=load_judgements())
    resolved = resolver.resolve(extraction(mention("Organization", "IS", key="islamic_state"),
                                           mention("Organization", "is"), mention("Organization", "Is")))
    assert resolved.entity_of[0] == "organization:islamic_state"
    assert "organization:islamic_state" not in resolved.entity_of[1:]
    found = Extractor().extract(Article("e", "This is what the report is about, officials said.")).mentions
    assert not any(m.key == "islamic_state" for m in found)


def test_a_spelling_slip_of_a_known_country_still_finds_it():
    resolver = Resolver(judgements=load_judgements())
    assert resolver.match(mention("Country", "Irak")).entity_id == "country:iraq"
    assert resolver.match(mention("Country", "Nigerria")).entity_id == "country:nigeria"


@pytest.mark.parametrize("label", ["Person", "Organization", "Location"])
def test_labels_are_never_crossed(label):
    resolver = Resolver(judgements=load_judgements())
    resolved = resolver.resolve(extraction(mention("Country", "Jordan", key="jordan"), mention(label, "Jordan"),
                                           mention("Country", "Sudan", key="sudan"), mention(label, "Sudan")))
    assert resolved.entity_of[0] == "country:jordan" and resolved.entity_of[2] == "country:sudan"
    assert {resolved.entity_of[1], resolved.entity_of[3]}.isdisjoint({"country:jordan", "country:sudan"})
    assert all(resolver.entities[e].label == label for e in (resolved.entity_of[1], resolved.entity_of[3]))


def test_shipped_guards_are_judged_different():
    judgements = load_judgements()
    for a, b in [("Iraq", "Iran"), ("Austria", "Australia"), ("Niger", "Nigeria"), ("Guinea", "Guinea-Bissau"),
                 ("Sudan", "South Sudan"), ("Abu Musa", "Abu Musab"), ("Musa", "Musab"), ("Mohammed", "Mahmoud")]:
        assert judgements.verdict(a, b) == "different", (a, b)


def test_a_judged_word_pair_separates_names_that_would_otherwise_merge(small_gazetteer):
    unjudged = Resolver(small_gazetteer, Judgements())
    first = unjudged.resolve(extraction(mention("Person", "Karim Haddadi"))).entity_of[0]
    assert unjudged.resolve(extraction(mention("Person", "Karim Hadadi"))).entity_of[0] == first
    judged = Resolver(small_gazetteer, Judgements([Judgement("Haddadi", "Hadadi", "different")]))
    first = judged.resolve(extraction(mention("Person", "Karim Haddadi"))).entity_of[0]
    second = judged.resolve(extraction(mention("Person", "Karim Hadadi"))).entity_of[0]
    assert first != second
    assert any(m.entity_id == first and "judged different" in m.reason for m in judged.explain("Karim Hadadi", "Person"))
