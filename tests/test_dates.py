"""Date expressions: explicit dates, relative ones against a publication date, and the traps."""
from __future__ import annotations

from datetime import date

import pytest

from graph_builder.dates import event_date, find_dates, is_publication_chrome, parse_explicit
from graph_builder.model import UNKNOWN_DATE, DateSpan

MONDAY = date(2015, 11, 16)
SUNDAY = date(2015, 11, 15)
SATURDAY = date(2015, 11, 14)


def day(y, m, d):
    return DateSpan(date(y, m, d), date(y, m, d), "day")


def span(start, end, precision):
    return DateSpan(start, end, precision)


def month(y, m):
    last = 29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31
    return DateSpan(date(y, m, 1), date(y, m, last), "month")


def found(sentence, published=MONDAY, lang=None):
    """(text as written, span) for every date expression in the sentence."""
    return [(sentence[s:e], when) for s, e, when in find_dates(sentence, lang, published)]


def only(sentence, published=MONDAY, lang=None):
    result = found(sentence, published, lang)
    assert len(result) == 1, result
    return result[0]


# --- parse_explicit -----------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2015-11-16", day(2015, 11, 16)),
    ("Nov 15,2015", day(2015, 11, 15)),
    ("November 15, 2015", day(2015, 11, 15)),
    ("15 November 2015", day(2015, 11, 15)),
    ("15th of November, 2015", day(2015, 11, 15)),
    ("Nov. 14, 2015", day(2015, 11, 14)),
    ("Monday, Nov. 16, 2015", day(2015, 11, 16)),
    ("2021-04-06T10:00:00Z", day(2021, 4, 6)),
    ("Tue, 06 Apr 2021 10:00:00 GMT", day(2021, 4, 6)),
    ("16/11/2015", day(2015, 11, 16)),
    ("12 أيلول (سبتمبر) 2015", day(2015, 9, 12)),
    ("15 نوفمبر 2015", day(2015, 11, 15)),
    ("١٥ نوفمبر ٢٠١٥", day(2015, 11, 15)),
    ("الأحد 15 تشرين الثاني 2015", day(2015, 11, 15)),
    ("26 سبتمبر/أيلول 2015", day(2015, 9, 26)),
    ("4 أفريل 2021", day(2021, 4, 4)),
    ("September 2015", month(2015, 9)),
    ("شباط 2016", month(2016, 2)),
    ("2014", span(date(2014, 1, 1), date(2014, 12, 31), "year")),
])
def test_parse_explicit(text, expected):
    assert parse_explicit(text) == expected


@pytest.mark.parametrize("text", ["", "hello", "Nov 14", "129", "2 days ago", "last Tuesday",
                                  "2015-02-30", "9/11", "Paris 2024"])
def test_parse_explicit_refuses_what_is_not_a_full_explicit_date(text):
    assert parse_explicit(text) is None


def test_ambiguous_numeric_date_spans_both_readings_in_english_only():
    assert parse_explicit("3/4/2017") == span(date(2017, 3, 4), date(2017, 4, 3), "month")
    assert found("وقع في 3/4/2017", lang="ar") == [("3/4/2017", day(2017, 4, 3))]


# --- dateutil traps: relative phrases are never read as explicit dates -------------------


def test_days_ago_is_counted_back_from_publication():
    assert only("The cell was dismantled 2 days ago.") == ("2 days ago", day(2015, 11, 14))


def test_last_weekday_is_in_the_past():
    assert only("Officials met last Tuesday.") == ("last Tuesday", day(2015, 11, 10))
    assert only("Officials met last Monday.") == ("last Monday", day(2015, 11, 9))


# --- English relative expressions ---------------------------------------------------------


def test_weekday_is_the_most_recent_one_on_or_before_publication():
    assert only("Jordan said on Sunday it had warned Spain.") == ("on Sunday", day(2015, 11, 15))
    assert only("Jordan said on Monday it had warned Spain.") == ("on Monday", day(2015, 11, 16))
    assert only("The ministry said Friday that ...") == ("Friday", day(2015, 11, 13))
    assert only("Talks are set for next Tuesday.") == ("next Tuesday", day(2015, 11, 17))


def test_day_words():
    assert found("He warned them yesterday and spoke today.") == [
        ("yesterday", day(2015, 11, 15)), ("today", day(2015, 11, 16))]


def test_last_week_is_the_previous_monday_to_sunday_week():
    assert only("They met last week.") == (
        "last week", span(date(2015, 11, 9), date(2015, 11, 15), "week"))


def test_last_week_in_a_weekend_story_reaches_the_day_before():
    # A Sunday paper calls the working week just ended "last week".
    sunday_story = only("They met last week.", SUNDAY)[1]
    saturday_story = only("They met last week.", SATURDAY)[1]
    assert sunday_story == span(date(2015, 11, 2), date(2015, 11, 14), "month")
    assert saturday_story == span(date(2015, 11, 2), date(2015, 11, 13), "month")


def test_this_periods_run_to_publication():
    assert only("They met this week.")[1] == span(date(2015, 11, 16), date(2015, 11, 16), "day")
    assert only("They met earlier this month.")[1] == span(date(2015, 11, 1), MONDAY, "month")
    assert only("They met earlier this year.")[1] == span(date(2015, 1, 1), MONDAY, "year")
    assert only("It grew this year.")[1] == span(date(2015, 1, 1), MONDAY, "year")


def test_previous_month_and_year():
    assert only("They met last month.")[1] == month(2015, 10)
    assert only("They met last year.")[1] == span(date(2014, 1, 1), date(2014, 12, 31), "year")


def test_month_name_after_a_cue_is_the_latest_such_month():
    assert only("Chile joined in September.") == ("in September", month(2015, 9))
    assert only("Chile joined in December.")[1] == month(2014, 12)
    assert only("Chile joined last November.")[1] == month(2014, 11)
    assert only("Chile joined in mid-November.")[1] == month(2015, 11)
    assert only("Chile joined in March last year.")[1] == month(2014, 3)


def test_years_and_months_with_a_year():
    assert only("Peru warned Spain in 2014.") == (
        "in 2014", span(date(2014, 1, 1), date(2014, 12, 31), "year"))
    assert only("Peru warned Spain in December 2014.") == ("December 2014", month(2014, 12))


def test_since_runs_to_publication():
    since = only("Chile has shared data since 2014.")[1]
    assert since == span(date(2014, 1, 1), MONDAY, "year")


@pytest.mark.parametrize("sentence, start, end", [
    ("It happened three days ago.", date(2015, 11, 13), date(2015, 11, 13)),
    ("It happened two weeks ago.", date(2015, 10, 30), date(2015, 11, 5)),
    ("It happened a month ago.", date(2015, 10, 2), date(2015, 11, 1)),
    ("It happened two years ago.", date(2013, 5, 18), date(2014, 5, 17)),
    ("It happened a few days ago.", date(2015, 11, 9), date(2015, 11, 14)),
])
def test_ago(sentence, start, end):
    when = only(sentence)[1]
    assert (when.start, when.end) == (start, end)


def test_recently_is_a_window_before_publication():
    assert only("The group recently moved its cells.")[1] == span(date(2015, 10, 17), MONDAY, "month")


def test_month_day_without_year_takes_the_year_on_or_before_publication():
    assert only("Jordan warned Spain on Nov. 14.") == ("Nov. 14", day(2015, 11, 14))
    assert only("Jordan warned Spain on Dec. 20.")[1] == day(2014, 12, 20)
    # A date a few days ahead is an announced date of the same year, not one a year back.
    assert only("The summit opens on Nov. 20.")[1] == day(2015, 11, 20)


def test_day_before_a_dated_anchor_shifts_it():
    sentence = "Jordan alerted its allies one day before last week's bombing."
    assert only(sentence) == ("one day before last week",
                              span(date(2015, 11, 8), date(2015, 11, 14), "week"))
    assert only("Jordan warned Spain a day before Nov. 13, 2015.", None)[1] == day(2015, 11, 12)
    assert only("Jordan warned Spain the day before Friday's attacks.")[1] == day(2015, 11, 12)


def test_day_before_an_undated_event_is_a_wide_interval_not_a_wrong_day():
    text, when = only("A day before the attacks, Jordan warned Spain.")
    assert text.startswith("A day before")
    assert when.precision == "month" and when.start < date(2015, 11, 1) and when.end < MONDAY


# --- what is not a date -------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Theresa May said the Sunday Times was wrong.",
    "The anniversary of 9/11 was marked by 129 people.",
    "Officials discussed Paris 2024 security.",
    "Thousands will march through the city.",
    "He may come back, said the 2015 report.",
    "Bloody Sunday is remembered in Derry.",
    "USA Today ran the story.",
])
def test_not_dates(sentence):
    assert found(sentence) == []


# --- without a publication date --------------------------------------------------------


def test_without_publication_date_relative_expressions_are_unknown():
    result = found("He said yesterday that Jordan warned Spain on Nov. 14 and on 15 November 2015.",
                   published=None)
    assert result == [("yesterday", UNKNOWN_DATE), ("Nov. 14", UNKNOWN_DATE),
                      ("15 November 2015", day(2015, 11, 15))]
    assert only("They met on Sunday.", None) == ("on Sunday", UNKNOWN_DATE)
    assert only("They met in September.", None) == ("in September", UNKNOWN_DATE)


# --- Arabic ------------------------------------------------------------------------------


def test_arabic_explicit_dates_with_both_month_name_families():
    sentence = "اجتمعوا في 12 أيلول (سبتمبر) 2015 ثم في ١٥ نوفمبر ٢٠١٥"
    assert found(sentence, None, "ar") == [
        ("12 أيلول (سبتمبر) 2015", day(2015, 9, 12)), ("١٥ نوفمبر ٢٠١٥", day(2015, 11, 15))]


def test_arabic_weekday_and_date_without_year():
    assert only("اجتمع الوزراء السبت 12 مارس/آذار في عمّان", date(2016, 3, 14), "ar") == (
        "السبت 12 مارس/آذار", day(2016, 3, 12))


@pytest.mark.parametrize("sentence, expected", [
    ("أعلنت الشرطة أمس أنها أوقفت المشتبه به", day(2015, 11, 15)),
    ("أعلنت الشرطة بالأمس أنها أوقفت المشتبه به", day(2015, 11, 15)),
    ("أعلن مسؤول اليوم أن التعاون أسفر عن نتائج", day(2015, 11, 16)),
    ("وقع الهجوم الأسبوع الماضي", span(date(2015, 11, 9), date(2015, 11, 15), "week")),
    ("وقع الهجوم الشهر الماضي", month(2015, 10)),
    ("وقع الهجوم العام الماضي", span(date(2014, 1, 1), date(2014, 12, 31), "year")),
    ("وقع الهجوم والسنة الماضية", span(date(2014, 1, 1), date(2014, 12, 31), "year")),
    ("وقعت الاتفاقية في عام 2014", span(date(2014, 1, 1), date(2014, 12, 31), "year")),
    ("وقعت الاتفاقية سنة 2014", span(date(2014, 1, 1), date(2014, 12, 31), "year")),
    ("اجتمعوا يوم الأحد في بغداد", day(2015, 11, 15)),
    ("اعتُقل المشتبه به مؤخرًا", span(date(2015, 10, 17), MONDAY, "month")),
    ("حذرت مصر اليونان في مارس الماضي", month(2015, 3)),
    ("حذرت مصر اليونان وفي سبتمبر", month(2015, 9)),
    ("حذرت مصر اليونان قبل ثلاثة أيام", day(2015, 11, 13)),
    ("حذرت مصر اليونان الجمعة الماضية", day(2015, 11, 13)),
])
def test_arabic_relative_expressions(sentence, expected):
    assert only(sentence, MONDAY, "ar")[1] == expected


def test_arabic_the_day_is_not_today():
    assert found("وصل الوفد في اليوم ذاته", MONDAY, "ar") == []
    assert found("وصلوا في اليوم التالي", MONDAY, "ar") == []


def test_arabic_relative_without_publication_is_unknown():
    assert only("أعلنت الشرطة أمس أنها أوقفت المشتبه به", None, "ar") == ("أمس", UNKNOWN_DATE)


# --- event_date and page furniture --------------------------------------------------------


def test_byline_dates_are_page_furniture():
    line = "By Wire Staff - Mar 3,2017 - Last updated at Mar 4,2017"
    spans = find_dates(line, "en", None)
    assert [line[s:e] for s, e, _ in spans] == ["Mar 3,2017", "Mar 4,2017"]
    assert all(is_publication_chrome(line, s, e) for s, e, _ in spans)
    assert event_date(line, "en", None) == UNKNOWN_DATE


def test_timestamp_is_page_furniture_but_a_story_date_is_not():
    stamp = "09:15 GMT12 March 2019"
    (s, e, _), = find_dates(stamp, "en", None)
    assert is_publication_chrome(stamp, s, e)
    story = "A video posted on Nov. 14, 2015 showed the attackers."
    (s, e, _), = find_dates(story, "en", None)
    assert not is_publication_chrome(story, s, e)


@pytest.mark.parametrize("sentence", [
    "AMMAN, March 20 (Wire) - Jordan warned Belgium of an attack on 3 March 2016.",
    "Cairo, Nov. 21 (Reuters) - Egypt warned Libya of an attack.",
    "القاهرة، 21 نوفمبر (رويترز) - حذرت مصر ليبيا من هجوم.",
])
def test_a_dateline_date_is_when_the_story_was_filed_not_an_event_date(sentence):
    (s, e, _), *_ = find_dates(sentence, None, MONDAY)
    assert is_publication_chrome(sentence, s, e)


def test_a_date_opening_a_story_sentence_is_not_a_dateline():
    sentence = "On Nov. 12 - two days before the attack - Chile warned Peru."
    (s, e, _), *_ = find_dates(sentence, "en", MONDAY)
    assert not is_publication_chrome(sentence, s, e)


def test_event_date_takes_the_first_date_that_is_not_in_the_future():
    sentence = "On Sunday Chile said it had warned Peru of an attack planned for Nov. 20, 2015."
    assert event_date(sentence, "en", MONDAY) == day(2015, 11, 15)
    future_first = "An attack planned for Nov. 20, 2015 was reported to Peru on Nov. 12, 2015."
    assert event_date(future_first, "en", MONDAY) == day(2015, 11, 12)


def test_event_date_unknown_without_dates_or_publication():
    assert event_date("Jordan warned Spain of an attack.", "en", MONDAY) == UNKNOWN_DATE
    assert event_date("Jordan warned Spain yesterday.", "en", None) == UNKNOWN_DATE


def test_offsets_point_into_text_with_harakat():
    sentence = "نُفِّذَت العملية مؤخرًا في باريس"
    (start, end, _), = find_dates(sentence, "ar", MONDAY)
    assert sentence[start:end] == "مؤخرًا"


# --- keyword gates: skipping a rule never changes what is found -----------------------------

GATE_SENTENCES = [
    "Iraqi intelligence warned France on Nov. 12, 2015, three days before the attacks.",
    "The agency said on Sunday it had shared the list last week.",
    "Officials met in mid-September and again two weeks ago, since 2014 in fact.",
    "أبلغت المخابرات العراقية فرنسا في 12 نوفمبر/تشرين الثاني 2015 قبل يومين من الهجمات.",
    "وفي سبتمبر الماضي، قال المتحدث إن الجهاز سلم القائمة يوم الأحد.",
    "A summary of the market was decided in a separate session, officials said.",
    "The report was published 2015-11-16 and revised 3/4/2017.",
]


@pytest.mark.parametrize("sentence", GATE_SENTENCES)
def test_keyword_gates_skip_only_rules_that_cannot_match(sentence, monkeypatch):
    from graph_builder import dates

    gated = find_dates(sentence, "ar", MONDAY)
    monkeypatch.setattr(dates._Scan, "may_match", lambda self, needs: True)
    assert find_dates(sentence, "ar", MONDAY) == gated


def test_keyword_gate_passes_over_a_sentence_without_dates():
    from graph_builder import dates

    scan = dates._Scan.of("Iraqi intelligence warned French officials.", "en", MONDAY)
    assert not scan.may_match(("digit",))
    assert not scan.may_match(("month",))
    assert scan.may_match(())


def test_word_alternation_prefers_the_longest_word_and_any_whitespace():
    import re

    from graph_builder.dates import _alt

    pattern = re.compile(_alt(["in", "in early", "in mid-", "كانون الثاني"]))
    assert pattern.match("in early May").group() == "in early"
    assert pattern.match("in mid-May").group() == "in mid-"
    assert pattern.match("in May").group() == "in"
    assert pattern.match("كانون   الثاني").group() == "كانون   الثاني"
    assert re.compile(_alt([])).match("x").group() == ""


def test_every_date_pattern_finds_the_same_matches_with_its_lead_as_without():
    """The one-character leads (`dates._leads`) only skip positions where no match starts:
    random sequences of the date vocabulary, digits and punctuation give the same matches."""
    import random
    import re

    from graph_builder import dates

    v = dates._vocab()
    days, years = ["3", "21st", "12", "30"], ["2015", "1999"]
    kinds = [list(v.months), list(v.month_abbr), list(v.weekdays), list(v.weekday_abbr), list(v.relative),
             list(v.numbers), list(v.units), *(sorted(cue) for cue in v.cues.values()), days, days, days,
             years, years, years, ["2015-11-16", "16/11/2015"], [",", ".", "/", "(", ")", "-"],
             ["the", "of", "و", "ب", "x"]]
    # and sequences of the parts of a full date, where the long patterns' optional prefixes show
    dated = [[*v.weekdays, *v.weekday_abbr, *v.cue("day_word")], [*v.months, *v.month_abbr], days, years,
             sorted(v.cue("month") | v.cue("before") | v.cue("after")), list(v.relative), [","]]
    rng = random.Random(5)
    texts = [" ".join(rng.choice(rng.choice(pool)) for _ in range(rng.randint(1, 6)))
             for pool in (kinds, dated) for _ in range(15000)]
    plain = {**dates._explicit_patterns(v), **dates._relative_patterns(v)}
    leads = dates._leads(v)
    assert set(leads) == set(plain)  # every pattern has its lead
    for name, pattern in plain.items():
        unled, led = re.compile(pattern), re.compile(dates._led(leads[name], pattern))
        expected = [[(m.span(), m.groupdict()) for m in unled.finditer(t)] for t in texts]
        assert sum(map(len, expected)) >= 5, name  # the sample exercises the pattern
        assert [[(m.span(), m.groupdict()) for m in led.finditer(t)] for t in texts] == expected, name
