"""What an article and the corpus tell about a name: short forms, surnames, acronyms,
groups, spelling variants, and the reasons given for every decision."""
from graph_builder.model import Article, Extraction, Mention, Sentence
from graph_builder.resolve import Resolver
from graph_builder.resolve.judgements import Judgements, load_judgements


def person(text, **fields):
    return Mention(text, "Person", 0, 0, len(text), **fields)


def org(text, **fields):
    return Mention(text, "Organization", 0, 0, len(text), **fields)


def extraction(*mentions, article_id="a", sentences=()):
    return Extraction(Article(article_id, ""), list(sentences), list(mentions), [])


# -- short forms within one article ---------------------------------------------


def test_a_surname_is_the_person_the_article_named_in_full():
    resolver = Resolver(judgements=load_judgements())
    resolved = resolver.resolve(extraction(person("John Kerry", key="john_kerry"), person("Kerry")))
    assert resolved.entity_of == ["person:john_kerry", "person:john_kerry"]
    assert "Kerry" in resolver.entities["person:john_kerry"].aliases


def test_two_leading_words_are_the_person_the_article_named_in_full():
    resolver = Resolver(judgements=load_judgements())
    resolved = resolver.resolve(extraction(person("Abu Bakr al-Baghdadi", key="abu_bakr_al_baghdadi"),
                                           person("Abu Bakr")))
    assert resolved.entity_of == ["person:abu_bakr_al_baghdadi"] * 2


def test_a_surname_two_people_share_is_left_alone(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolved = resolver.resolve(extraction(person("Karim Haddad"), person("Samir Haddad"), person("Haddad")))
    assert len(set(resolved.entity_of)) == 3


# -- surnames across articles -----------------------------------------------------


def test_a_lone_surname_is_the_only_known_person_bearing_it(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    first = resolver.resolve(extraction(person("Karim Mostefai"), article_id="a")).entity_of[0]
    match = resolver.match(person("Mostefai"))
    assert match.entity_id == first and "surname" in match.reason
    resolver.resolve(extraction(person("Samir Mostefai"), article_id="b"))
    assert resolver.match(person("Mostefai")).entity_id is None  # two people bear it now


def test_a_given_name_alone_stands_for_no_one(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolver.resolve(extraction(person("Karim Mostefai")))
    assert resolver.match(person("Karim")).entity_id is None


def test_gazetteer_people_count_as_known():
    resolver = Resolver(judgements=load_judgements())
    assert resolver.match(person("Kerry")).entity_id == "person:john_kerry"


# -- acronyms ---------------------------------------------------------------------


def test_an_acronym_is_the_organization_whose_initials_spell_it(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolved = resolver.resolve(extraction(org("the Harakat Example Front"), org("HEF")))
    assert resolved.entity_of[0] == resolved.entity_of[1]
    later = resolver.resolve(extraction(org("HEF"), article_id="b"))
    assert later.entity_of == resolved.entity_of[:1]


def test_initials_skip_function_words(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolved = resolver.resolve(extraction(org("Front for the Liberation of Example"), org("FLE")))
    assert resolved.entity_of[0] == resolved.entity_of[1]


def test_an_acronym_without_its_expansion_is_its_own_entity(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolver.resolve(extraction(org("the Harakat Example Front"), org("HEF")))
    other = resolver.resolve(extraction(org("QXF"), org("Harakat Other Front"), article_id="b"))
    assert len(set(other.entity_of)) == 2


def test_an_acronym_never_reaches_another_label(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolved = resolver.resolve(extraction(person("Harry Edward Franklin"), org("HEF")))
    assert resolved.entity_of[0] != resolved.entity_of[1]


# -- context vetoes ---------------------------------------------------------------


def _beside_group(name, group_key, group_name, article_id):
    text = f"{group_name} commander {name} said."
    group = Mention(group_name, "Organization", 0, 0, len(group_name), key=group_key, kind="armed_group")
    start = text.index(name)
    return Extraction(Article(article_id, text), [Sentence(0, text, 0)],
                      [group, Mention(name, "Person", 0, start, start + len(name))], [])


def test_same_names_beside_different_groups_are_different_people():
    resolver = Resolver(judgements=load_judgements())
    one = resolver.resolve(_beside_group("Abu Omar al-Kurdi", "islamic_state", "IS", "a")).entity_of[1]
    same = resolver.resolve(_beside_group("Abu Omar al-Kurdi", "islamic_state", "ISIS", "b")).entity_of[1]
    other = resolver.resolve(_beside_group("Abu Omar al-Kurdi", "hts", "HTS", "c")).entity_of[1]
    assert one == same and other != one
    third = resolver.match(person("Abu Omar al-Kurdi"), frozenset({"organization:al_nusra"}))
    assert third.entity_id is None and "groups" in third.reason


def test_a_person_named_without_a_group_is_not_vetoed_by_one():
    resolver = Resolver(judgements=load_judgements())
    one = resolver.resolve(_beside_group("Abu Omar al-Kurdi", "islamic_state", "IS", "a")).entity_of[1]
    assert resolver.resolve(extraction(person("Abu Omar al-Kurdi"), article_id="b")).entity_of == [one]


def test_same_name_different_country_stays_apart(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolved = resolver.resolve(extraction(person("Karim Haddad", country="iraq"), person("Karim Hadad", country="jordan")))
    assert len(set(resolved.entity_of)) == 2
    refused = resolver.match(person("Karim Hadad", country="syria"))
    assert refused.entity_id is None and "country differs" in refused.reason


# -- spelling variants --------------------------------------------------------------


def test_spelling_variants_of_unknown_people_are_one_person(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    first = resolver.resolve(extraction(person("Mohammed Emwazi"), article_id="a")).entity_of[0]
    for variant in ["Mohammed Emzawi",  # two consonants swapped
                    "Mohamed Emwazi",  # doubled letter
                    "Muhammad Emwazi",  # transliteration
                    "Dr. Mohammed al-Emwazi",  # title and particle
                    ]:
        assert resolver.resolve(extraction(person(variant), article_id=variant)).entity_of == [first], variant


def test_middle_names_and_word_order(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    first = resolver.resolve(extraction(person("Omar Ismail Mostefai"))).entity_of[0]
    assert resolver.match(person("Omar Mostefai")).entity_id == first
    assert resolver.match(person("Ismael Omar Mostefai")).entity_id == first
    assert resolver.match(person("Omar Ismail")).entity_id != first


def test_a_slip_in_a_short_word_is_not_enough(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    first = resolver.resolve(extraction(org("Liwa DGSI Front"))).entity_of[0]
    assert resolver.match(org("Liwa DGSN Front")).entity_id != first


def test_two_equally_close_entities_are_too_close_to_call(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolver.resolve(extraction(person("Karim Ali Haddadi"), person("Karim Omar Haddadi")))
    match = resolver.match(person("Karim Haddadi"))
    assert match.entity_id is None and "as close" in match.reason


# -- reasons for review ---------------------------------------------------------------


def test_every_match_says_why(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    resolver.resolve(extraction(person("Karim Haddadi")))
    for name in ["Karim Haddadi", "Karim Hadadi", "كريم حدادي", "Samir Nasser"]:
        match = resolver.match(person(name))
        assert match.reason and 0 <= match.score <= 100


def test_candidates_for_lists_near_entities_with_reasons():
    resolver = Resolver(judgements=load_judgements())
    resolved = resolver.resolve(extraction(person("Abu Musa al-Tunisi"), person("Abu Musab al-Tunisi"),
                                           person("Zaid Qarawi")))
    near = resolver.candidates_for(resolved.entity_of[0])
    assert [n[0] for n in near] == [resolved.entity_of[1]]
    other, score, reason = near[0]
    assert 75 <= score < 100 and "'musa' / 'musab'" in reason
    assert resolver.candidates_for("person:nobody") == []


def test_distinct_names_are_matched_once(small_gazetteer):
    calls = []

    class Counting(Resolver):
        def _decide(self, mention, groups, roles=frozenset()):
            calls.append(mention.text)
            return super()._decide(mention, groups, roles)

    resolver = Counting(small_gazetteer, Judgements())
    names = ["Karim Haddadi", "Karim Hadadi", "Samir Nasser"]
    for article in range(50):
        resolver.resolve(extraction(*(person(n) for n in names), article_id=str(article)))
    assert sorted(calls) == sorted(names)


# -- roles ------------------------------------------------------------------------------


def _said(text, name, article_id):
    """One sentence naming `name`, extracted by hand: the person, where the text writes them."""
    start = text.index(name)
    return Extraction(Article(article_id, text), [Sentence(0, text, 0)],
                      [Mention(text[start:start + len(name)], "Person", 0, start, start + len(name))], [])


def test_same_name_with_conflicting_roles_is_two_people(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    officer = resolver.resolve(_said("Colonel Tariq Zubaidat inspected the checkpoint.", "Colonel Tariq Zubaidat",
                                     "a")).entity_of[0]
    reporter = resolver.resolve(_said("The journalist Tariq Zubaidat filed his report.", "Tariq Zubaidat",
                                      "b")).entity_of[0]
    assert reporter != officer
    refused = resolver.match(person("Tariq Zubaidat"), roles=frozenset({"cleric"}))
    assert refused.entity_id is None and "role differs" in refused.reason


def test_an_apposition_naming_where_the_role_serves_still_names_the_role(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    officer = resolver.resolve(_said("Colonel Tariq Zubaidat inspected the checkpoint.", "Colonel Tariq Zubaidat",
                                     "a")).entity_of[0]
    reporter = resolver.resolve(_said("Tariq Zubaidat, a reporter for Jordanian television, said so.",
                                      "Tariq Zubaidat", "b")).entity_of[0]
    assert reporter != officer


def test_the_same_role_again_or_no_role_joins_the_person(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    first = resolver.resolve(_said("Tariq Zubaidat, a veteran reporter, was detained.", "Tariq Zubaidat",
                                   "a")).entity_of[0]
    again = resolver.resolve(_said("The photographer Tariq Zubaidat was freed.", "Tariq Zubaidat", "b")).entity_of[0]
    bare = resolver.resolve(_said("Tariq Zubaidat was freed on Sunday.", "Tariq Zubaidat", "c")).entity_of[0]
    assert first == again == bare


def test_similar_names_with_conflicting_roles_stay_apart(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    imam = resolver.resolve(_said("Imam Samir Qaddourani led the prayers.", "Imam Samir Qaddourani", "a")).entity_of[0]
    variant = resolver.resolve(_said("Samir Qadourani led the prayers.", "Samir Qadourani", "b")).entity_of[0]
    assert variant == imam  # a spelling variant without a role is the imam
    soldier = resolver.resolve(_said("Sgt. Samir Qadourani was wounded.", "Sgt. Samir Qadourani", "c")).entity_of[0]
    assert soldier != imam


def test_arabic_roles_keep_people_apart(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    officer = resolver.resolve(_said("قال العقيد طارق زبيدات إن الحاجز أغلق.", "طارق زبيدات", "a")).entity_of[0]
    reporter = resolver.resolve(_said("قال الصحفي طارق زبيدات إن الحاجز أغلق.", "طارق زبيدات", "b")).entity_of[0]
    same = resolver.resolve(_said("أكد اللواء طارق زبيدات أن الحاجز أغلق.", "طارق زبيدات", "c")).entity_of[0]
    assert officer != reporter and same == officer


def test_titles_that_name_no_exclusive_role_do_not_split(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    first = resolver.resolve(_said("Attorney General Tariq Zubaidat spoke.", "Attorney General Tariq Zubaidat",
                                   "a")).entity_of[0]
    for text, name in [("Colonel Tariq Zubaidat spoke.", "Colonel Tariq Zubaidat"),
                       ("Dr. Tariq Zubaidat spoke.", "Dr. Tariq Zubaidat"),
                       ("Sheikh Tariq Zubaidat spoke.", "Sheikh Tariq Zubaidat")]:
        assert resolver.resolve(_said(text, name, text)).entity_of == [first], text


# -- the words before a name ---------------------------------------------------------


def test_the_last_words_read_backwards_are_those_a_forward_search_finds():
    import random
    import re

    from graph_builder.resolve.context import last_words

    forward = re.compile(r"(?:^|[^\w])(?:(\w+)[\s-]+)?(\w+)\.?\s+$")
    rng = random.Random(7)
    alphabet = "ab Z_9-.,;\t\n\u00a0اب\u064b\u0301é"
    windows = ["", " ", "the army colonel ", "Lt. Col. ", "vice-commander ", "said, ", "Gen .  ", "العقيد "]
    windows += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for window in windows:
        found = forward.search(window)
        assert last_words(window) == (found.groups() if found else None), window
