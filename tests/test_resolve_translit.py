"""Arabic and Latin spellings of one name: `translit` and the resolver using it."""
import json

import pytest

from graph_builder.model import Article, Extraction, Mention
from graph_builder.resolve import Resolver
from graph_builder.resolve.judgements import Judgements
from graph_builder.resolve.names import name_key, name_tokens
from graph_builder.resolve.translit import coarse_key, latin_variants, transliterates

SAME_NAME = [
    ("محمد", "Mohammed"), ("محمد", "Muhammad"), ("محمد", "Mohamed"),
    ("محمود", "Mahmoud"), ("أحمد", "Ahmed"), ("أحمد", "Ahmad"),
    ("حسين", "Hussein"), ("حسين", "Husain"), ("حسين", "Hussain"), ("حسن", "Hassan"),
    ("الأسدي", "al-Asadi"), ("عدنان الأسدي", "Adnan al-Asadi"),
    ("الزرقاوي", "Zarqawi"), ("أبو مصعب الزرقاوي", "Abu Musab al-Zarqawi"),
    ("أبو بكر البغدادي", "Abu Bakr al-Baghdadi"), ("البغدادي", "Bagdadi"),
    ("أسامة", "Osama"), ("أسامة", "Usamah"), ("يوسف", "Youssef"), ("يوسف", "Yusuf"),
    ("عبد الرحمن", "Abdul Rahman"), ("عبدالرحمن", "Abd al-Rahman"), ("عبد الله", "Abdullah"),
    ("خالد", "Khaled"), ("خالد", "Khalid"), ("وليد", "Waleed"), ("سعيد", "Saeed"), ("سعيد", "Said"),
    ("سعد", "Saad"), ("عمر", "Omar"), ("عامر", "Amer"), ("عمرو", "Amr"), ("جمال", "Gamal"),
    ("إسماعيل", "Ismail"), ("عثمان", "Uthman"), ("مصطفى", "Mustafa"), ("داعش", "Daesh"),
    ("نوري المالكي", "Nouri al-Maliki"), ("حيدر العبادي", "Haider al-Abadi"), ("إيران", "Iran"),
]

OTHER_NAME = [
    ("محمد", "Mahmoud"), ("محمود", "Mohammed"), ("حسين", "Hassan"), ("حسن", "Hussein"),
    ("عامر", "Omar"), ("سعد", "Said"), ("سعيد", "Saad"), ("موسى", "Musab"), ("أبو موسى", "Abu Musab"),
    ("العراق", "Iran"), ("إيران", "Iraq"), ("عدنان الأسدي", "Adnan al-Asadi al-Tikriti"),
]


@pytest.mark.parametrize("arabic, latin", SAME_NAME)
def test_latin_spellings_of_an_arabic_name_are_recognised(arabic, latin):
    assert transliterates(arabic, latin)
    # both scripts reduce to one consonant key, which is how candidates find each other
    assert coarse_key(name_tokens(name_key(arabic))[-1]) == coarse_key(name_tokens(name_key(latin))[-1])


@pytest.mark.parametrize("arabic, latin", OTHER_NAME)
def test_other_names_are_not_taken_for_spellings(arabic, latin):
    assert not transliterates(arabic, latin)


@pytest.mark.parametrize("a, b", [
    ("mohammed", "muhammad"), ("mohamed", "muhammad"), ("ahmed", "ahmad"), ("hussein", "husain"),
    ("omar", "umar"), ("osama", "usama"), ("youssef", "yusuf"), ("said", "saeed"), ("walid", "waleed"),
    ("khaled", "khalid"), ("mustafa", "moustafa"), ("zarqawi", "zarkawi"), ("ismael", "ismail"),
])
def test_latin_transliteration_variants(a, b):
    assert latin_variants(a, b)


@pytest.mark.parametrize("a, b", [
    ("mohammed", "mahmoud"), ("hussein", "hassan"), ("omar", "amer"), ("said", "saad"),
    ("hamid", "hamad"), ("hosni", "hussein"), ("iraq", "iran"), ("musa", "musab"), ("niger", "nigeria"),
])
def test_latin_names_that_only_look_alike(a, b):
    assert not latin_variants(a, b)


def extraction(article_id, *names):
    return Extraction(Article(article_id, ""), [], [Mention(n, "Person", 0, 0, len(n)) for n in names], [])


def test_an_unknown_person_is_one_node_in_arabic_and_english_articles(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    arabic = resolver.resolve(extraction("ar1", "عدنان الأسدي"))
    english = resolver.resolve(extraction("en1", "Adnan al-Asadi", "Adnan al-Assadi"))
    assert set(english.entity_of) == set(arabic.entity_of)
    entity = resolver.entities[arabic.entity_of[0]]
    assert {"عدنان الأسدي", "Adnan al-Asadi", "Adnan al-Assadi"} <= entity.aliases


def test_latin_first_then_arabic(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    english = resolver.resolve(extraction("en1", "Muhammad al-Jaburi"))
    arabic = resolver.resolve(extraction("ar1", "محمد الجبوري"))
    other = resolver.resolve(extraction("ar2", "محمود الجبوري"))
    assert arabic.entity_of == english.entity_of
    assert other.entity_of != english.entity_of


def test_latin_transliteration_variants_are_one_person(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    first = resolver.resolve(extraction("a", "Mohammed al-Jubouri"))
    match = resolver.match(Mention("Muhammad al-Juburi", "Person", 0, 0, 1))
    assert match.entity_id == first.entity_of[0] and "transliteration" in match.reason
    second = resolver.resolve(extraction("b", "Muhammad al-Juburi", "Mahmoud al-Jubouri"))
    assert second.entity_of[0] == first.entity_of[0]
    assert second.entity_of[1] != first.entity_of[0]


def test_one_word_never_crosses_scripts_alone(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    latin = resolver.resolve(extraction("a", "Sweden"))
    arabic = resolver.resolve(extraction("b", "السودان"))  # its letters allow "Sweden" too
    assert latin.entity_of != arabic.entity_of


# -- one actor across scripts, through the gazetteer and the transliteration key -------------


@pytest.mark.parametrize("label, arabic, latin, entity", [
    ("Person", "البغدادي", "al-Baghdadi", "person:abu_bakr_al_baghdadi"),
    ("Organization", "داعش", "Daesh", "organization:islamic_state"),
])
def test_gazetteer_aliases_join_scripts_without_an_id(label, arabic, latin, entity):
    resolver = Resolver()
    for name in (arabic, latin):  # mentions the extractor did not key: the resolver finds them alone
        assert resolver.match(Mention(name, label, 0, 0, len(name))).entity_id == entity, name


def test_arabic_and_english_reports_name_one_agency_group_and_person():
    from graph_builder.extract import Extractor

    extractor, resolver = Extractor(), Resolver()
    english = Article("en", "French intelligence told reporters that Daesh had lost al-Baghdadi's trail.")
    arabic = Article("ar", "قالت الاستخبارات الفرنسية إن داعش فقد أثر البغدادي.")
    found = []
    for article in (english, arabic):
        resolved = resolver.resolve(extractor.extract(article))
        found.append({m.label: e for m, e in zip(resolved.extraction.mentions, resolved.entity_of)})
    assert found[0] == found[1]
    assert found[0]["Agency"] == "agency:france_intelligence"
    assert found[0]["Organization"] == "organization:islamic_state"
    assert found[0]["Person"] == "person:abu_bakr_al_baghdadi"


def _gazetteer(tmp_path, **files):
    from graph_builder.gazetteer import load_gazetteer

    for name, rows in files.items():
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                                encoding="utf-8")
    return load_gazetteer(tmp_path)


def test_an_unlisted_spelling_in_the_other_script_finds_the_entry(tmp_path):
    # each entry lists its name in one script only: the other script can only come through the key
    gazetteer = _gazetteer(tmp_path, people=[
        {"id": "walid_jabburi", "name": "وليد الجبوري"},
        {"id": "nizar_tamimi", "name": "Nizar al-Tamimi"},
    ], organizations=[{"id": "liwa_nasr", "name": "لواء النصر الأخضر"}])
    resolver = Resolver(gazetteer, Judgements())
    for label, name, entity in [("Person", "Walid al-Jabburi", "person:walid_jabburi"),
                                ("Person", "Waleed al-Juburi", "person:walid_jabburi"),
                                ("Person", "نزار التميمي", "person:nizar_tamimi"),
                                ("Organization", "Liwa al-Nasr al-Akhdar", "organization:liwa_nasr")]:
        match = resolver.match(Mention(name, label, 0, 0, len(name)))
        assert match.entity_id == entity and "transliterates" in match.reason, (name, match)
    # a name the letters do not allow stays apart
    assert resolver.match(Mention("Khalid al-Jabburi", "Person", 0, 0, 1)).entity_id is None
