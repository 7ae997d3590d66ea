import pytest

from graph_builder.extract.mentions import MentionFinder


@pytest.fixture(scope="module")
def finder(small_gazetteer):
    return MentionFinder(small_gazetteer)


def found(finder, text):
    return [(m.text, m.label, m.key) for m in finder.find(text, 0)]


def test_country_adjective_plus_agency_kind_is_an_agency_of_that_country(finder):
    [mention] = finder.find("Senior Iraqi intelligence officials spoke.", 0)
    assert (mention.text, mention.label, mention.key, mention.country) == (
        "Iraqi intelligence officials", "Agency", "iraq_intelligence", "iraq")
    assert mention.canonical == "Iraqi intelligence"


def test_possessive_country_plus_kind(finder):
    assert found(finder, "Iraq's intelligence service said so.") == [
        ("Iraq's intelligence service", "Agency", "iraq_intelligence")]


def test_coordinated_adjectives_make_two_agencies(finder):
    assert found(finder, "Iraqi and French intelligence met.") == [
        ("Iraqi intelligence", "Agency", "iraq_intelligence"),
        ("French intelligence", "Agency", "france_intelligence")]


def test_default_agency_of_a_country_takes_the_generic_phrase(finder):
    assert found(finder, "Turkish intelligence said.") == [("Turkish intelligence", "Agency", "mit")]


def test_officials_and_government_are_the_country_itself(finder):
    assert found(finder, "Iraqi officials and the Jordanian government agreed.") == [
        ("Iraqi officials", "Country", "iraq"), ("Jordanian government", "Country", "jordan")]


def test_arabic_agency_noun_then_adjectives(finder):
    assert found(finder, "قالت الاستخبارات العراقية والفرنسية إن") == [
        ("الاستخبارات العراقية", "Agency", "iraq_intelligence"),
        ("الاستخبارات الفرنسية", "Agency", "france_intelligence")]


def test_arabic_clitics_attach_to_names(finder):
    assert [k for _, _, k in found(finder, "وأبلغت تركيا بالعراق وللعراق")] == ["turkey", "iraq", "iraq"]


def test_short_capital_names_match_only_in_capitals(finder):
    assert found(finder, "It is clear that IS is weakened.") == [("IS", "Organization", "islamic_state")]


def test_turkish_dotted_capital_i(finder):
    assert found(finder, "MİT and MIT")[0][2] == "mit"
    assert found(finder, "MİT and MIT")[1][2] == "mit"


def test_look_alike_countries_stay_apart(finder):
    keys = [k for _, _, k in found(finder, "Iraq, Iran, Niger and Nigeria")]
    assert keys == ["iraq", "iran", "niger", "nigeria"]


def test_islamic_state_names_in_both_scripts(finder):
    keys = {k for _, _, k in found(finder, "Daesh, ISIS, ISIL and داعش")}
    assert keys == {"islamic_state"}


def test_word_boundaries(finder):
    assert found(finder, "Irani Iraqistan") == []


def test_capital_stands_for_its_country_unless_it_is_a_place(finder):
    assert found(finder, "Amman told Baghdad it would help.") == [
        ("Amman", "Country", "jordan"), ("Baghdad", "Country", "iraq")]
    assert [m.label for m in finder.find("The meeting was held in Baghdad.", 0)] == ["Location"]
    assert [m.label for m in finder.find("BAGHDAD — Officials met.", 0)] == ["Location"]



@pytest.mark.parametrize("text", [
    "بغداد - حذرت إيران العراق من هجوم.",  # Arabic has no capitals to tell a dateline by
    "طهران (رويترز) - حذرت إيران العراق من هجوم.",
    "Baghdad, Nov. 21 (Wire) - Iran warned Iraq of an attack.",
])
def test_a_dateline_city_in_any_script_or_case_is_a_place(finder, text):
    assert finder.find(text, 0)[0].label == "Location"


@pytest.mark.parametrize("text, expected", [
    ("حذرت مخابرات العراق تركيا.", ("مخابرات العراق", "Agency", "iraq_intelligence")),
    ("وزودت شرطة الأردن فرنسا بالمعلومات.", ("شرطة الأردن", "Agency", "jordan_police")),
])
def test_an_agency_noun_owned_by_a_country_name_is_that_country_s_agency(finder, text, expected):
    assert found(finder, text)[0] == expected


def test_a_definite_agency_noun_before_a_country_is_a_subject_and_its_object(finder):
    assert [m.label for m in finder.find("حذرت الشرطة العراق من هجوم.", 0)] == ["Country"]


def test_a_capital_opening_a_sentence_without_a_dash_is_still_its_government(finder):
    assert found(finder, "أنقرة تحذر باريس من هجوم.")[0] == ("أنقرة", "Country", "turkey")


def test_arabic_head_noun_before_adjective_is_the_country(finder):
    assert found(finder, "أبلغت السلطات الأردنية") == [("السلطات الأردنية", "Country", "jordan")]


def test_adjectives_are_marked_as_such(finder):
    [mention] = finder.find("A Jordanian news outlet said so.", 0)
    assert mention.form == "adjective"


# --- PhraseMatcher: quick gates and overlaps ------------------------------------------------


def test_matcher_finds_an_arabic_phrase_that_starts_with_latin_letters():
    from graph_builder.extract.matcher import PhraseMatcher

    matcher = PhraseMatcher()
    matcher.add("CNN بالعربية", "cnn-ar")
    matcher.add("Reuters", "reuters")
    hits = matcher.find("نقلت CNN بالعربية عن Reuters")
    assert [(h.text, h.payloads) for h in hits] == [("CNN بالعربية", ["cnn-ar"]), ("Reuters", ["reuters"])]
    assert matcher.find("nothing here to see") == []


def test_matcher_keeps_the_longest_of_overlapping_hits_across_scripts_and_capitals():
    from graph_builder.extract.matcher import PhraseMatcher

    matcher = PhraseMatcher()
    for phrase in ("CIA", "the CIA director", "director", "MIT"):
        matcher.add(phrase, phrase)
    hits = matcher.find("He met the CIA director and MİT officials.")
    assert [(h.text, h.payloads) for h in hits] == [("the CIA director", ["the CIA director"]), ("MİT", ["MIT"])]


def test_fold_with_map_maps_dropped_marks_back_to_the_written_text():
    from graph_builder.text import fold_with_map

    folded, offsets = fold_with_map("Paris")
    assert (folded, list(offsets)) == ("paris", [0, 1, 2, 3, 4])
    folded, offsets = fold_with_map("مُخابرات")  # a damma dropped
    assert folded == "مخابرات"
    assert list(offsets) == [0, 2, 3, 4, 5, 6, 7]


def test_ascii_text_folds_as_every_character_alone_would():
    from graph_builder.text import _fold_char, fold, fold_with_map

    text = "".join(map(chr, range(128))) + " `Quote` AND"
    folded, offsets = fold_with_map(text)
    assert folded == "".join(_fold_char(c) for c in text)  # the character-by-character folding
    assert list(offsets) == list(range(len(text)))
    assert fold_with_map("Don`t STOP")[0] == fold("Don`t STOP") == "don't stop"
