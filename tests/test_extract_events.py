"""Event rules, each checked on sentences written for the test."""
from datetime import date

import pytest

from graph_builder.model import Article


def events(extractor, text, lang=None):
    extraction = extractor.extract(Article("t", text, lang=lang, published=date(2019, 3, 4)))
    m = extraction.mentions
    return {(e.type, m[e.source].key, m[e.target].key) for e in extraction.events}


@pytest.mark.parametrize("text, expected", [
    ("Jordanian intelligence warned Iraq of a planned attack.",
     {("WARNED", "jordan_intelligence", "iraq")}),
    ("Iraq was warned by Turkish police about the cell.",
     {("WARNED", "turkey_police", "iraq")}),
    ("The CIA has warned its counterparts in France and the Netherlands about the plot.",
     {("WARNED", "cia", "france"), ("WARNED", "cia", "netherlands")}),
    ("Turkey alerted France, Jordan and Iraq to the threat.",
     {("WARNED", "turkey", "france"), ("WARNED", "turkey", "jordan"), ("WARNED", "turkey", "iraq")}),
    ("Iraq had handed dossiers on four militants to Turkey.",
     {("SHARED", "iraq", "turkey")}),
    ("French military provided the Iraqi police with a list of names.",
     {("SHARED", "france_military", "iraq_police")}),
    ("Jordan shared intelligence with Iraq and Turkey last week.",
     {("SHARED", "jordan", "iraq"), ("SHARED", "jordan", "turkey")}),
    ("Iraq received intelligence from the CIA about the cell.",
     {("SHARED", "cia", "iraq")}),
    ("Jordan's warning to Iraq came two weeks before the attack.",
     {("WARNED", "jordan", "iraq")}),
    ("Iraqi intelligence found that France and Jordan were targets, and had shared the information with those countries.",
     {("SHARED", "iraq_intelligence", "france"), ("SHARED", "iraq_intelligence", "jordan")}),
])
def test_english_event_structures(extractor, text, expected):
    assert events(extractor, text) == expected


def test_joint_operation_is_one_mutual_sharing(extractor):
    extraction = extractor.extract(Article("t", "Iraqi and French intelligence ran a joint operation against the cell.", lang="en"))
    [event] = extraction.events
    assert event.mutual and event.type == "SHARED"
    keys = {extraction.mentions[event.source].key, extraction.mentions[event.target].key}
    assert keys == {"iraq_intelligence", "france_intelligence"}


def test_a_person_reporting_cooperation_is_not_a_side_of_it(extractor):
    text = "Spokesman Karim Haddad said that the intelligence sharing with Turkey continues."
    extraction = extractor.extract(Article("t", text, lang="en"))
    assert any(m.label == "Person" for m in extraction.mentions)  # the speaker was found
    labels = [(extraction.mentions[e.source].label, extraction.mentions[e.target].label) for e in extraction.events]
    assert not any("Person" in pair for pair in labels)


def test_pronoun_subject_takes_the_nearest_actor_before_it(extractor):
    text = "Iraqi officials said they also warned France of the attack."
    assert events(extractor, text) == {("WARNED", "iraq", "france")}


@pytest.mark.parametrize("text", [
    "Ankara urged Iraq to share all intelligence with Turkey.",  # request
    "Jordan asked Iraq to warn France.",  # request
    "Iraq refused to share intelligence with Turkey.",  # refusal
    "Turkish police have stopped sharing information with France.",  # refusal
    "France denied that Turkey had warned it.",  # denial
    "Turkey did not warn France about the attacker.",  # negation
    "Jordan never shared intelligence with Iraq.",  # negation
    "Iraq would share intelligence with Turkey if asked.",  # hypothetical
    "Did Turkey warn France about the attacker?",  # question
    "Iraq handed Turkey a diplomatic victory.",  # giving, but nothing of intelligence
])
def test_non_events_make_no_edge(extractor, text):
    assert events(extractor, text) == set()


def test_announced_sharing_is_kept_with_lower_confidence(extractor):
    extraction = extractor.extract(Article("t", "Iraq will share intelligence with Jordan.", lang="en"))
    [event] = extraction.events
    assert event.confidence < 0.8


@pytest.mark.parametrize("text, expected", [
    ("حذرت المخابرات العراقية فرنسا من هجوم وشيك.", {("WARNED", "iraq_intelligence", "france")}),
    ("زودت الاستخبارات الأردنية العراق بمعلومات عن الخلية.", {("SHARED", "jordan_intelligence", "iraq")}),
    ("قدمت تركيا معلومات للعراق عن المشتبه به.", {("SHARED", "turkey", "iraq")}),
    ("نفذت الاستخبارات العراقية والفرنسية عملية مشتركة ضد الخلية.",
     {("SHARED", "iraq_intelligence", "france_intelligence")}),
    # verb first, the partner after "مع"; a story's home country is not a partner
    ("تبادلت إيران المعلومات الاستخباراتية مع العراق.", {("SHARED", "iran", "iraq")}),
    ("حذرت تركيا فرنسا من هجوم. وتبادلت إيران المعلومات مع العراق.",
     {("WARNED", "turkey", "france"), ("SHARED", "iran", "iraq")}),
    # a dateline city is where the story was filed, not an actor
    ("بغداد - حذرت إيران العراق من هجوم.", {("WARNED", "iran", "iraq")}),
])
def test_arabic_event_structures(extractor, text, expected):
    assert events(extractor, text, "ar") == expected


@pytest.mark.parametrize("text", [
    "طالبت تركيا فرنسا بتبادل المعلومات.",  # request
    "لم تبلغ تركيا فرنسا بالهجوم.",  # negation
    "نفت الشرطة التركية أنها حذرت فرنسا.",  # denial
])
def test_arabic_non_events(extractor, text):
    assert events(extractor, text, "ar") == set()


@pytest.mark.parametrize("text, lang, expected", [
    # what was handed over or received is a warning: the event is a warning, not a sharing
    ("Turkey provided a warning to France about the attacker.", "en", {("WARNED", "turkey", "france")}),
    ("Turkey gave France a warning about the attacker.", "en", {("WARNED", "turkey", "france")}),
    ("Dutch authorities had received warnings from Turkey about the bomber.", "en",
     {("WARNED", "turkey", "netherlands")}),
    ("Jordan received intelligence from Turkey warning of an attack.", "en", {("SHARED", "turkey", "jordan")}),
    ("قدمت تركيا تحذيرا لفرنسا بشأن المهاجم.", "ar", {("WARNED", "turkey", "france")}),
    # Arabic verb-first: the receiver follows the verb, the giver follows "من"
    ("تلقت فرنسا تحذيرا من تركيا بشأن الهجوم.", "ar", {("WARNED", "turkey", "france")}),
    ("تلقت فرنسا معلومات من المخابرات الأردنية.", "ar", {("SHARED", "jordan_intelligence", "france")}),
    ("وكانت السلطات الهولندية قد تلقت تحذيرات من المخابرات التركية.", "ar", {("WARNED", "mit", "netherlands")}),
])
def test_what_was_given_decides_warning_or_sharing(extractor, text, lang, expected):
    assert events(extractor, text, lang) == expected


@pytest.mark.parametrize("text", [
    # a name between the cue and the verb counts as one word: the denial reaches the verb
    "نفت وكالة المخابرات المركزية في بيان أن تكون قد حذرت الشرطة العراقية قبل الهجوم.",
    "نفى الناطق باسم الحكومة الأردنية أن تكون الحكومة قد تلقت تحذيرا من تركيا.",
    # "بأي تحذير": any warning, denied
    "لم تبلغ السلطات الأردنية المخابرات الفرنسية بأي تحذير قبل الهجوم على العراق.",
    "لم تبلغ الشرطة الأردنية تركيا بأي تحذير قبل الهجوم على العراق.",
])
def test_arabic_cues_reach_past_long_names(extractor, text):
    assert events(extractor, text, "ar") == set()


def test_english_cue_reaches_past_a_long_agency_name(extractor):
    text = "It was not clear whether France's General Directorate for Internal Security had alerted Jordan."
    assert events(extractor, text, "en") == set()


def test_bare_agency_phrase_refers_back_to_the_last_agency_of_its_kind(extractor):
    text = ("Iraqi intelligence sent a dispatch to several capitals. "
            "Two of these intelligence officials said they also warned France of an attack.")
    assert events(extractor, text) == {("WARNED", "iraq_intelligence", "france")}


@pytest.mark.parametrize("text, country", [
    # an attribution speaks for the sentence's subject, the first country named
    ("Jordan asked Turkey to share the files, the intelligence service said.", "jordan"),
    ("Six Iraqi officials said they had warned France, and four of these intelligence officials said so.", "iraq"),
    # elsewhere a bare agency belongs to the country named just before it
    ("Turkey handed the list to Iraq, whose intelligence officials arrested the men.", "iraq"),
])
def test_bare_agency_phrase_takes_the_country_it_speaks_for(extractor, text, country):
    extraction = extractor.extract(Article("t", text, lang="en"))
    [agency] = [m for m in extraction.mentions if m.label == "Agency"]
    assert agency.country == country


def test_bare_agency_phrase_with_nothing_to_refer_to_is_no_actor(extractor):
    extraction = extractor.extract(Article("t", "Intelligence officials warned France of an attack.", lang="en"))
    assert [m.text for m in extraction.mentions] == ["France"]
    assert extraction.events == []


def test_undated_event_takes_the_story_date(extractor):
    text = ("Officials in Amman said the cell was dismantled on Nov. 12. "
            "Jordanian intelligence warned Iraq of the plot.")
    extraction = extractor.extract(Article("t", text, lang="en", published=date(2019, 11, 20)))
    [event] = extraction.events
    assert (event.date.start, event.date.end) == (date(2019, 11, 12), date(2019, 11, 12))


def test_event_date_from_its_own_sentence(extractor):
    text = "Jordanian intelligence warned Iraq last week."
    extraction = extractor.extract(Article("t", text, lang="en", published=date(2019, 11, 20)))
    [event] = extraction.events
    assert (event.date.start, event.date.end) == (date(2019, 11, 11), date(2019, 11, 17))


def test_bare_agency_phrase_takes_the_country_named_before_it_in_its_sentence(extractor):
    text = ("French intelligence said it gets such reports daily. "
            "Six Iraqi officials confirmed the report, and two of these intelligence officials said "
            "they also warned France of an attack.")
    assert events(extractor, text) == {("WARNED", "iraq_intelligence", "france")}


@pytest.mark.parametrize("text, expected", [
    # a country qualifying its own agency is one actor
    ("On Monday, Turkey's MİT handed France's DGSI files on four militants.", {("SHARED", "mit", "dgsi")}),
    # a capital stands for its government
    ("The Jordanian government notified Ankara last week of the plot.", {("WARNED", "jordan", "turkey")}),
    # intelligence provided by X helped Y
    ("Intelligence provided by the CIA helped Jordan arrest the cell.", {("SHARED", "cia", "jordan")}),
    ("The CIA provided intelligence after arresting Karim Haddad.", set()),
    # an apposition is not a second actor
    ("The National Intelligence Organization (MİT) warned France.", {("WARNED", "mit", "france")}),
    # "counterpart" before a name: the person, not the country
    ("Jordan warned its Iraqi counterpart Karim Haddad of the plot.", {("WARNED", "jordan", None)}),
    # a group named together links every pair; a subject with partners links to each
    ("Iraq and Jordan, along with Turkey, set up a joint information center.",
     {("SHARED", "iraq", "jordan"), ("SHARED", "iraq", "turkey"), ("SHARED", "jordan", "turkey")}),
    ("Iraq is part of an intelligence-sharing network with Jordan and Turkey.",
     {("SHARED", "iraq", "jordan"), ("SHARED", "iraq", "turkey")}),
    # sending a memo requesting information is a request
    ("Turkey sent a memo to France requesting information about the suspect.", set()),
    # needs and topics are not events
    ("Turkey needs to share intelligence with France.", set()),
    ("Officials discussed intelligence sharing with Jordan.", set()),
    # authorities in a country are that country's
    ("Authorities in Jordan were warned by the CIA on Sunday.", {("WARNED", "cia", "jordan")}),
])
def test_english_rules(extractor, text, expected):
    assert events(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # "its counterpart" + adjective: the same kind of agency in that country
    ("زودت المخابرات الأردنية نظيرتها العراقية بمعلومات عن الخلية.",
     {("SHARED", "jordan_intelligence", "iraq_intelligence")}),
    # an anaphor picks the agency whose name shares its noun
    ("حذرت المخابرات الأردنية العراق. وقال إن الجهاز أبلغ فرنسا بالتهديد.",
     {("WARNED", "jordan_intelligence", "iraq"), ("WARNED", "jordan_intelligence", "france")}),
    # "informed of the location" passes data; "informed of a threat" warns
    ("أبلغت الاستخبارات الأردنية العراق بموقع الخلية.", {("SHARED", "jordan_intelligence", "iraq")}),
    # a verb joined by "و" keeps the subject of the first verb
    ("أكد المسؤول أن المخابرات الأردنية حددت موقع الخلية وأبلغت به العراق.",
     {("SHARED", "jordan_intelligence", "iraq")}),
    # adjectives right after a cooperation word are the partners
    ("كشف مسؤول عن تعاون استخباري عراقي فرنسي ضد الخلية.", {("SHARED", "iraq", "france")}),
    # "with each of" lists the partners of the subject
    ("أعلنت الحكومة العراقية عن تعاون استخباري مع كل من الأردن وتركيا.",
     {("SHARED", "iraq", "jordan"), ("SHARED", "iraq", "turkey")}),
    # a country after "في" is where, not who
    ("وقال إن المخابرات الأردنية، وهي الجهاز الأقوى في العراق، زودت فرنسا بمعلومات.",
     {("SHARED", "jordan_intelligence", "france")}),
    # necessity is not an event
    ("وقال إن تركيا تحتاج إلى تبادل المعلومات مع فرنسا.", set()),
])
def test_arabic_rules(extractor, text, expected):
    assert events(extractor, text, "ar") == expected


def test_armed_groups_are_what_events_are_about_not_who_takes_part(extractor):
    extraction = extractor.extract(Article("t", "زودت المخابرات الأردنية العراق بمعلومات عن تنظيم داعش.", lang="ar"))
    [event] = extraction.events
    assert extraction.mentions[event.target].key == "iraq"
    assert [extraction.mentions[i].key for i in event.about] == ["islamic_state"]


def test_accusation_of_not_sharing_is_no_event(extractor):
    assert events(extractor, "Jordan accused Iraq of failing to share intelligence with Turkey.") == set()


def test_each_event_takes_the_date_nearest_its_trigger(extractor):
    text = "Jordan joined the coalition in 2014, and in 2016 Jordanian intelligence warned Iraq of the plot."
    extraction = extractor.extract(Article("t", text, lang="en", published=date(2019, 1, 1)))
    [event] = extraction.events
    assert event.date.start == date(2016, 1, 1)


def test_subjectless_cooperation_statement_belongs_to_the_article_s_country(extractor):
    text = ("Iraq said on Sunday that Iraq and Jordan met. "
            "The statement said there is intelligence cooperation with Turkey and France.")
    assert events(extractor, text) == {("SHARED", "iraq", "turkey"), ("SHARED", "iraq", "france")}


def test_a_state_body_announcing_cooperation_speaks_for_its_state(extractor):
    text = "The Iraqi police announced on Saturday intelligence cooperation with Turkey."
    extraction = extractor.extract(Article("t", text, lang="en"))
    [event] = extraction.events
    assert extraction.mentions[event.source].key == "iraq_police" and event.source_as_state
    assert extraction.mentions[event.target].key == "turkey"
    plain = extractor.extract(Article("t", "The Iraqi police ran intelligence cooperation with Turkey.", lang="en"))
    assert not plain.events[0].source_as_state


@pytest.mark.parametrize("text, lang, claimant", [
    ("Jordanian intelligence warned Iraq of the plot, Reuters reported.", "en", "Reuters"),
    ("According to Reuters, Jordanian intelligence warned Iraq of the plot.", "en", "Reuters"),
    ("Jordanian intelligence warned Iraq of the plot.", "en", None),
    ("قال وزير الخارجية العراقي إن المخابرات الأردنية حذرت العراق من الهجوم.", "ar", "العراقي"),
])
def test_the_claimant_is_kept_and_does_not_block(extractor, small_gazetteer, text, lang, claimant):
    extraction = extractor.extract(Article("t", text, lang=lang))
    [event] = extraction.events
    found = extraction.mentions[event.claimed_by].text if event.claimed_by is not None else None
    assert found == claimant


@pytest.mark.parametrize("text, expected", [
    ("Intelligence from Jordan helped Iraq foil the attack.", {("SHARED", "jordan", "iraq")}),
    ("There was shared intelligence among Jordanian officials that helped lead Iraq to the cell.",
     {("SHARED", "jordan", "iraq")}),
    ("Intelligence from Jordan is often late.", set()),
])
def test_nominal_sharing_needs_a_helped_receiver(extractor, text, expected):
    assert events(extractor, text) == expected


@pytest.mark.parametrize("text, country", [
    ("Iraqi Foreign Minister Karim Zubaydi spoke.", "iraq"),
    ("The Jordanian ambassador to Iraq Karim Zubaydi spoke.", "jordan"),
    ("Jordan's envoy to Turkey Karim Zubaydi spoke.", "jordan"),
    ("An ambassador to Iraq, Karim Zubaydi, spoke.", None),
])
def test_a_person_belongs_to_the_country_before_the_title_not_the_host(extractor, text, country):
    extraction = extractor.extract(Article("t", text, lang="en"))
    [person] = [m for m in extraction.mentions if m.label == "Person"]
    assert person.country == country


@pytest.mark.parametrize("text, expected", [
    ("Iraqi troops entered the town. Iraqi security forces had the list.", {"iraq_security"}),
    ("Iraqi troops entered the town. The Iraqi army had the list.", {"iraq_military"}),
    ("Iraqi troops entered the town.", {"iraq_military"}),
    ("Iraqi troops entered the town. Iraqi security forces and the Iraqi police had the list.",
     {"iraq_security", "iraq_police"}),
    ("Iraqi troops entered the town. Iraqi security forces and the Iraqi army had the list.",
     {"iraq_military", "iraq_security"}),
    ("دخلت القوات العراقية المدينة. وكانت القوات الأمنية العراقية تملك القائمة.", {"iraq_security"}),
])
def test_generic_forces_are_the_one_specific_force_the_article_names(extractor, text, expected):
    extraction = extractor.extract(Article("t", text))
    assert {m.key for m in extraction.mentions if m.label == "Agency"} == expected
