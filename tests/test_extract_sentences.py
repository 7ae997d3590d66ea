from graph_builder.extract.sentences import is_prose, split_paragraph, split_sentences


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
