from datetime import date

from graph_builder.extract import Extractor
from graph_builder.graph import EventIndex, build_batch, compact
from graph_builder.model import Article
from graph_builder.resolve import Resolver
from graph_builder.resolve.judgements import Judgements


def rows_for(gazetteer, *articles):
    extractor, resolver, index = Extractor(gazetteer), Resolver(gazetteer, Judgements()), EventIndex()
    batch = None
    for article in articles:
        rows = build_batch(resolver.resolve(extractor.extract(article)), index)
        batch = rows if batch is None else (batch.extend(rows) or batch)
    return compact(batch)


def edges(batch, kind):
    return {(e.src, e.dst) for e in batch.edges if e.type == kind}


def test_rows_of_one_article(small_gazetteer):
    article = Article("a1", "Jordanian intelligence warned Iraq of a plot by Daesh.", lang="en",
                      published=date(2019, 3, 4))
    batch = rows_for(small_gazetteer, article)
    assert {(n.label, n.id) for n in batch.nodes} == {
        ("Article", "a1"), ("Agency", "agency:jordan_intelligence"), ("Country", "country:jordan"),
        ("Country", "country:iraq"), ("Organization", "organization:islamic_state")}
    assert edges(batch, "WARNED") == {("agency:jordan_intelligence", "country:iraq")}
    assert edges(batch, "PART_OF") == {("agency:jordan_intelligence", "country:jordan")}
    assert edges(batch, "MENTIONS") == {("a1", "agency:jordan_intelligence"), ("a1", "country:iraq"),
                                        ("a1", "organization:islamic_state")}
    [warned] = [e for e in batch.edges if e.type == "WARNED"]
    assert warned.props["about"] == ["organization:islamic_state"]
    assert warned.props["sentence_refs"] == ["a1#0"]


def test_same_event_in_two_articles_is_one_edge_with_both(small_gazetteer):
    text = "Jordanian intelligence warned Iraq of a plot."
    batch = rows_for(small_gazetteer, Article("a1", text, lang="en"), Article("a2", text, lang="en"))
    [warned] = [e for e in batch.edges if e.type == "WARNED"]
    assert warned.props["articles"] == ["a1", "a2"]


def test_ids_are_deterministic(small_gazetteer):
    article = Article("a1", "Turkey shared intelligence with Iraq.", lang="en")
    first = rows_for(small_gazetteer, article)
    second = rows_for(small_gazetteer, article)
    assert [e.id for e in first.edges] == [e.id for e in second.edges]


def test_mutual_events_are_stored_in_one_direction(small_gazetteer):
    one = rows_for(small_gazetteer, Article("a1", "Iraqi and French intelligence ran a joint operation.", lang="en"))
    two = rows_for(small_gazetteer, Article("a2", "French and Iraqi intelligence ran a joint operation.", lang="en"))
    assert edges(one, "SHARED") == edges(two, "SHARED")


def test_an_agency_speaking_for_its_state_puts_the_edge_on_the_country(small_gazetteer):
    batch = rows_for(small_gazetteer, Article("a1", "The Iraqi police announced intelligence cooperation with Turkey.", lang="en"))
    assert edges(batch, "SHARED") == {("country:iraq", "country:turkey")}


def test_a_joint_operation_and_a_handover_between_one_pair_stay_two_edges(small_gazetteer):
    batch = rows_for(small_gazetteer,
                     Article("a1", "Iraq handed Turkey dossiers on four militants.", lang="en"),
                     Article("a2", "Iraq and Turkey ran a joint operation against the cell.", lang="en"))
    shared = [e for e in batch.edges if e.type == "SHARED"]
    assert sorted(e.props["mutual"] for e in shared) == [False, True]


def test_overlapping_reports_are_one_event_with_the_narrowest_interval(small_gazetteer):
    day = Article("a1", "Jordanian intelligence warned Iraq of the plot on Nov. 12.", lang="en",
                  published=date(2019, 11, 20))
    week = Article("a2", "Jordanian intelligence warned Iraq of the plot last week.", lang="en",
                   published=date(2019, 11, 20))
    batch = rows_for(small_gazetteer, week, day)
    [warned] = [e for e in batch.edges if e.type == "WARNED"]
    assert warned.props["articles"] == ["a2", "a1"]
    assert (warned.props["date_start"], warned.props["date_end"]) == (date(2019, 11, 12), date(2019, 11, 12))


def test_reports_whose_dates_do_not_overlap_stay_two_events(small_gazetteer):
    first = Article("a1", "Jordanian intelligence warned Iraq of the plot in 2015.", lang="en", published=date(2019, 1, 1))
    second = Article("a2", "Jordanian intelligence warned Iraq of the plot in 2017.", lang="en", published=date(2019, 1, 1))
    batch = rows_for(small_gazetteer, first, second)
    assert len([e for e in batch.edges if e.type == "WARNED"]) == 2


def test_one_sentence_quoted_by_two_articles_keeps_a_quote_per_reference(small_gazetteer):
    text = "Jordanian intelligence warned Iraq of a plot."
    batch = rows_for(small_gazetteer, Article("a1", text, lang="en"), Article("a2", text, lang="en"))
    [warned] = [e for e in batch.edges if e.type == "WARNED"]
    assert warned.props["sentence_refs"] == ["a1#0", "a2#0"]
    assert warned.props["evidence"] == [text, text]


def test_a_sentence_repeated_in_one_article_keeps_both_references(small_gazetteer):
    sentence = "Jordanian intelligence warned Iraq of a plot."
    batch = rows_for(small_gazetteer, Article("a1", f"{sentence}\n\nOfficials declined to comment.\n\n{sentence}", lang="en"))
    [warned] = [e for e in batch.edges if e.type == "WARNED"]
    assert warned.props["sentence_refs"] == ["a1#0", "a1#2"]
    assert warned.props["evidence"] == [sentence, sentence]


def test_the_event_index_keeps_each_edge_of_a_pair_and_narrows_the_one_a_report_overlaps():
    from datetime import date as day

    from graph_builder.model import DateSpan, EdgeRow

    index = EventIndex()
    march = DateSpan(day(2020, 3, 1), day(2020, 3, 31), "month")
    may = DateSpan(day(2020, 5, 1), day(2020, 5, 31), "month")
    first = index.place("WARNED", "country:a", "country:b", False, march)
    second = index.place("WARNED", "country:a", "country:b", False, may)
    narrowed = index.place("WARNED", "country:a", "country:b", False, DateSpan(day(2020, 5, 4), day(2020, 5, 4), "day"))
    undated = [index.place("WARNED", "country:a", "country:b", False, DateSpan()) for _ in range(2)]
    assert first.id != second.id and narrowed.id == second.id
    assert narrowed.span == DateSpan(day(2020, 5, 4), day(2020, 5, 4), "day")
    assert index.place("WARNED", "country:a", "country:b", False, march).id == first.id
    assert undated[0].id == undated[1].id not in (first.id, second.id)
    assert index.place("WARNED", "country:b", "country:a", False, march).id != first.id  # the other direction

    seeded = EventIndex()
    seeded.seed([EdgeRow("WARNED", "Country", "country:a", "Country", "country:b", second.id,
                         {"date_start": "2020-05-04", "date_end": "2020-05-04", "date_precision": "day"})])
    assert seeded.place("WARNED", "country:a", "country:b", False, may) == narrowed
