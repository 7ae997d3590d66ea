from graph_builder.extract.sentences import is_prose, split_paragraph, split_sentences, unwrap


def test_page_furniture_and_headlines_are_not_sentences():
    text = (
        "Skip to Content\n"
        "Spy agency says plot foiled\n"
        "By Staff Writer - Mar 4, 2019\n"
        "A man walks past the embassy in Amman on Monday (AP Photo)\n"
        "Related: Ten things to know about the plot\n"
        "Sign up for our daily newsletter\n"
        "We use cookies to improve your experience.\n"
        "Jordanian intelligence warned Iraq of the plot. Officials confirmed it.\n"
    )
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == ["Jordanian intelligence warned Iraq of the plot.", "Officials confirmed it."]


def test_offsets_point_into_the_article():
    text = "Headline without stop\n\n  Iraq warned France. Turkey shared names with Iraq.\n"
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.start + len(sentence.text)] == sentence.text


def test_abbreviations_and_initials_do_not_end_sentences():
    paragraph = "Lt. Gen. Karim Haddad met U.S. officials on Nov. 12 with P. C. Rao. They left."
    pieces = [paragraph[a:b] for a, b in split_paragraph(paragraph)]
    assert pieces == ["Lt. Gen. Karim Haddad met U.S. officials on Nov. 12 with P. C. Rao.", "They left."]


def test_arabic_sentences_split_on_full_stop_and_question_mark():
    paragraph = "حذرت الاستخبارات العراقية فرنسا. هل تلقت باريس التحذير؟ نعم."
    assert len(split_paragraph(paragraph)) == 3


def test_long_line_without_full_stop_is_still_prose():
    line = " ".join(["word"] * 30)
    assert is_prose(line)
    assert not is_prose("Short title line")


def test_arabic_full_stop_without_a_space_still_ends_a_sentence():
    paragraph = "كشف المغرب أنه قدم معلومات للولايات المتحدة.وقال مدير المكتب إن التعاون مستمر."
    assert len(split_paragraph(paragraph)) == 2


def test_word_before_a_stop_is_the_run_of_letters_and_dots_from_its_first_letter():
    from graph_builder.extract.sentences import _word_before

    text = "Officials in the U.S. and Lt. Gen. J. Smith ... 12. met."
    assert _word_before(text, text.index("U.S.") + 3) == "U.S"
    assert _word_before(text, text.index("Lt.") + 2) == "Lt"
    assert _word_before(text, text.index("J.") + 1) == "J"
    assert _word_before(text, text.index("...") + 2) == ""
    assert _word_before(text, text.index("12.") + 2) == ""


def test_stops_after_initials_and_abbreviations_do_not_split_but_arabic_stops_do():
    assert split_sentences("Lt. Gen. J. Smith met U.S. officials. They agreed.")[1].text == "They agreed."
    assert [s.text for s in split_sentences("قال المتحدث.وأضاف أنه وافق.")] == ["قال المتحدث.", "وأضاف أنه وافق."]


WRAPPED = ("Turkey warns France of attacker\n\nANKARA (Wire) - Turkish intelligence warned French\n"
           "authorities twice about one of the attackers, a senior official\nsaid on Monday, adding "
           "that no reply came back from Paris until after\nthe attacks.\n\nThe official said Ankara "
           "had also shared the names of\nthree suspects with Belgian police in June.\n")


def test_hard_wrapped_paragraphs_are_joined_with_offsets_kept():
    sentences = split_sentences(WRAPPED)
    assert [s.text.split()[:2] for s in sentences] == [["ANKARA", "(Wire)"], ["The", "official"]]
    assert sentences[0].text.endswith("until after the attacks.")
    for s in sentences:
        assert WRAPPED[s.start:s.start + len(s.text)].replace("\n", " ") == s.text


def test_a_line_going_on_in_lower_case_continues_its_sentence():
    text = "Jordanian intelligence warned Belgian\nauthorities of a planned attack.\n"
    assert [s.text for s in split_sentences(text)] == [
        "Jordanian intelligence warned Belgian authorities of a planned attack."]


def test_an_article_of_one_paragraph_per_line_is_not_unwrapped():
    text = ("Turkey warned France about the attacker months before the attacks\n"
            "Turkish intelligence warned French authorities twice about one of the attackers.\n"
            "Ankara had also shared the names of three suspects with Belgian police in June.\n")
    assert unwrap(text) == text
