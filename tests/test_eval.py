"""Scoring a graph against gold annotations: every counting rule, on hand-made graphs."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from graph_builder.eval import (
    GoldError,
    ThresholdError,
    check_minimums,
    format_table,
    load_gold,
    normalise,
    score,
)

SHARED_EVAL = Path(__file__).parents[2] / "shared" / "eval"


# --- builders ----------------------------------------------------------------


def write_gold(folder: Path, name: str, data) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return path


def gold_doc(article, entities, events=(), negatives=(), lang="en", published=None):
    return {"article": article, "lang": lang, "published": published,
            "entities": list(entities), "events": list(events), "negatives": list(negatives)}


def ent(gid, kind, *names, country=None, optional=False):
    item = {"id": gid, "type": kind, "names": list(names)}
    if country:
        item["country"] = country
    if optional:
        item["optional"] = True
    return item


def evt(kind, source, target, date=None, mutual=False, optional=False, evidence="gold says so"):
    item = {"type": kind, "source": source, "target": target, "date": date, "evidence": evidence}
    if mutual:
        item["mutual"] = True
    if optional:
        item["optional"] = True
    return item


class Graph:
    """Builds the export representation: a MultiDiGraph keyed by ids."""

    def __init__(self):
        self.g = nx.MultiDiGraph()
        self._edges = 0

    def article(self, article_id, lang="en"):
        self.g.add_node(article_id, label="Article", published=None, lang=lang)

    def entity(self, node, label, name, *aliases, country=None, mentioned_by=()):
        self.g.add_node(node, label=label, name=name, aliases=list(aliases), country=country)
        for article_id in mentioned_by:
            self.mention(article_id, node)

    def mention(self, article_id, node):
        self.g.add_edge(article_id, node, key=f"m:{article_id}:{node}", type="MENTIONS")

    def event(self, kind, source, target, articles, date=None, mutual=False, evidence="said so"):
        """`evidence`: one sentence for every article, or a list aligned with `articles`."""
        self._edges += 1
        start, end = date if date else (None, None)
        evidence = evidence if isinstance(evidence, list) else [evidence] * len(articles)
        self.g.add_edge(
            source, target, key=f"e{self._edges}", type=kind,
            date_start=start, date_end=end, date_precision="day" if date else "unknown",
            articles=list(articles), evidence=evidence,
            sentence_refs=[f"{a}#0" for a in articles], mutual=mutual, confidence=0.9)


def by_id(report, article_id):
    return next(a for a in report.articles if a.id == article_id)


# --- normalisation -----------------------------------------------------------


@pytest.mark.parametrize("left, right", [
    ("The Daesh group", "daesh GROUP"),
    ("ＩＳＩＳ", "isis"),  # full-width letters fold under NFKC
    ('"Iraq,"', "iraq"),
    ('"The Daesh group"', "daesh group"),  # quotes go before "the" is looked for
    ("«داعش»", "داعش"),
    ("الدولة الإسلامية", "دولة الإسلامية"),
    ("  United   States ", "united states"),
])
def test_normalise_makes_forms_equal(left, right):
    assert normalise(left) == normalise(right)


@pytest.mark.parametrize("left, right", [
    ("Theresa May", "resa may"),  # "the" is removed only as a separate word
    ("Iraq", "Iran"),
    ("U.S.", "US"),  # inner punctuation is kept; gold lists both forms
])
def test_normalise_keeps_distinct_forms_apart(left, right):
    assert normalise(left) != normalise(right)


# --- gold loading ------------------------------------------------------------


def test_load_gold_reads_folders_recursively_and_strips_the_suffix(tmp_path):
    write_gold(tmp_path, "a.json", gold_doc("one.txt", [ent("iraq", "Country", "Iraq")],
                                            published="2016-03-06"))
    write_gold(tmp_path, "sub/b.json", gold_doc(
        "two-no-suffix", [ent("iraq", "Country", "العراق"), ent("iran", "Country", "إيران")],
        [evt("SHARED", "iraq", "iran", date=["2015-09-01", "2015-09-30"], mutual=True)],
        lang="ar"))
    gold = load_gold(tmp_path)
    assert [g.id for g in gold] == ["one", "two-no-suffix"]
    assert str(gold[0].published) == "2016-03-06"
    event = gold[1].events[0]
    assert event.mutual and not event.optional
    assert [str(d) for d in event.date] == ["2015-09-01", "2015-09-30"]


BAD_GOLD = [
    ('{"article": "x", "lang": "en",\n "entities": [,]}', "bad.json:2: invalid JSON"),
    (gold_doc("x", [ent("a", "Place", "A")]), "entities[0].type"),
    (gold_doc("x", [ent("a", "Country")]), "entities[0].names"),
    (gold_doc("x", [ent("a", "Agency", "A", country="nowhere")]), "country 'nowhere'"),
    (gold_doc("x", [ent("a", "Country", "A")], [evt("WARNED", "a", "b")]), "events[0].target"),
    (gold_doc("x", [ent("a", "Country", "A")], [evt("WARNED", "a", "a", date=["2015-13-01", "2015-12-01"])]),
     "events[0].date"),
    (gold_doc("x", [ent("a", "Country", "A")], [evt("WARNED", "a", "a", date=["2015-12-02", "2015-12-01"])]),
     "is after latest"),
    (gold_doc("x", [ent("a", "Country", "A")], negatives=[{"type": "TOLD", "source": "a", "target": "a"}]),
     "negatives[0].type"),
    (gold_doc("x", [ent("a", "Country", "A"), ent("a", "Country", "B")]), "duplicate entity id"),
    ([1, 2], "top level must be a JSON object"),
]


@pytest.mark.parametrize("content, expected", BAD_GOLD)
def test_bad_gold_file_gives_one_line_error_naming_the_file(tmp_path, content, expected):
    path = write_gold(tmp_path, "bad.json", content)
    with pytest.raises(GoldError) as caught:
        load_gold(tmp_path)
    message = str(caught.value)
    assert str(path) in message and expected in message
    assert "\n" not in message


def test_corpus_level_gold_errors(tmp_path):
    with pytest.raises(GoldError, match="no such gold file"):
        load_gold(tmp_path / "absent")
    with pytest.raises(GoldError, match="no gold files"):
        load_gold(tmp_path)
    write_gold(tmp_path, "a.json", gold_doc("same.txt", [ent("mit", "Agency", "MIT")]))
    write_gold(tmp_path, "b.json", gold_doc("same", [ent("mit", "Agency", "MIT")]))
    with pytest.raises(GoldError, match="already annotated"):
        load_gold(tmp_path)
    write_gold(tmp_path, "b.json", gold_doc("other", [ent("mit", "Organization", "MIT")]))
    with pytest.raises(GoldError, match="is a Organization here but a Agency"):
        load_gold(tmp_path)


# --- entities ----------------------------------------------------------------


def entity_case(tmp_path):
    write_gold(tmp_path, "a1.json", gold_doc("a1.txt", [
        ent("iraq", "Country", "Iraq"),
        ent("iraqi_intelligence", "Agency", "Iraqi intelligence", country="iraq"),
        ent("islamic_state", "Organization", "Daesh", "The Islamic State"),
        ent("john_kerry", "Person", "John Kerry"),
        ent("ap", "Organization", "AP", optional=True),
        ent("mosul", "Location", "Mosul"),
    ]))
    write_gold(tmp_path, "a2.json", gold_doc("a2", [
        ent("iraq", "Country", "العراق"), ent("islamic_state", "Organization", "داعش"),
    ], lang="ar"))
    g = Graph()
    g.article("a1")
    g.article("a2", lang="ar")
    g.entity("country:iraq", "Country", "IRAQ", mentioned_by=["a1"])
    # a second node holding Iraq: the type is right when any node holding it has the gold label
    g.entity("organization:iraq", "Organization", "Iraq", mentioned_by=["a1"])
    g.entity("agency:iraqi_intelligence", "Organization", "Iraqi Intelligence", mentioned_by=["a1"])
    g.entity("organization:isis", "Organization", "ISIS", "the islamic state", mentioned_by=["a1"])
    g.entity("organization:ap", "Organization", "AP", mentioned_by=["a1"])  # optional: neutral
    g.entity("location:mosul", "Country", "Mosul", mentioned_by=["a1"])  # gold Location: neutral
    g.entity("location:nowhere", "Location", "Nowhere", mentioned_by=["a1"])  # unscored label
    g.entity("person:nobody", "Person", "Nobody", mentioned_by=["a1"])  # false positive
    g.entity("country:iraq_ar", "Country", "عراق", mentioned_by=["a2"])  # matches after ال removal
    g.entity("organization:daesh_ar", "Organization", "تنظيم داعش", mentioned_by=["a2"])  # a miss
    return score(g.g, load_gold(tmp_path))


def test_entity_precision_recall_and_type_accuracy(tmp_path):
    report = entity_case(tmp_path)
    en = report.scopes["en"]
    assert (en.entity_tp, en.entity_fp, en.entity_fn, en.type_correct) == (3, 1, 1, 2)
    ar = report.scopes["ar"]
    assert (ar.entity_tp, ar.entity_fp, ar.entity_fn, ar.type_correct) == (1, 1, 1, 1)
    m = report.metrics()
    assert m["entity_precision"] == pytest.approx(4 / 6)
    assert m["entity_recall"] == pytest.approx(4 / 6)
    assert m["type_accuracy"] == pytest.approx(3 / 4)
    a1 = by_id(report, "a1").details
    assert [x["gold"] for x in a1["entity_misses"]] == ["john_kerry"]
    assert [x["node"] for x in a1["entity_false_positives"]] == ["person:nobody"]
    assert [x["gold"] for x in a1["type_errors"]] == ["iraqi_intelligence"]


# --- events, dates, negatives ------------------------------------------------


def event_case(tmp_path):
    write_gold(tmp_path, "a1.json", gold_doc("a1.txt", [
        ent("iraq", "Country", "Iraq"), ent("france", "Country", "France"),
        ent("russia", "Country", "Russia"), ent("iran", "Country", "Iran"),
        ent("syria", "Country", "Syria"), ent("turkey", "Country", "Turkey"),
        ent("united_states", "Country", "United States"),
        ent("iraqi_intelligence", "Agency", "Iraqi intelligence", country="iraq"),
        ent("mit", "Agency", "MIT", country="turkey"),
        ent("baghdadi", "Person", "al-Baghdadi"),
    ], [
        evt("WARNED", "iraqi_intelligence", "france", date=["2015-11-01", "2015-11-13"],
            evidence="they warned France"),
        evt("SHARED", "iraq", "russia", date=["2015-09-01", "2015-09-30"], mutual=True),
        evt("SHARED", "iraqi_intelligence", "iran", optional=True),
        evt("WARNED", "turkey", "france", date=["2015-06-01", "2015-06-30"]),
        evt("SHARED", "iraq", "syria", evidence="Iraq shares with Syria"),
    ], [
        {"type": "WARNED", "source": "baghdadi", "target": "iraq", "why": "a threat, not a warning"},
        {"type": "SHARED", "source": "united_states", "target": "iran", "why": "a refusal"},
    ]))
    g = Graph()
    g.article("a1")
    g.article("a0")
    for node, label, name in [
        ("country:iraq", "Country", "Iraq"), ("country:france", "Country", "France"),
        ("country:russia", "Country", "Russia"), ("country:iran", "Country", "Iran"),
        ("country:syria", "Country", "Syria"), ("country:usa", "Country", "United States"),
        ("agency:iraqi_intelligence", "Agency", "Iraqi intelligence"),
        ("person:baghdadi", "Person", "al-Baghdadi"),
    ]:
        g.entity(node, label, name, mentioned_by=["a1"])
    g.entity("agency:mit", "Agency", "MİT", "MIT", country="country:turkey", mentioned_by=["a1"])
    g.entity("agency:mukhabarat", "Agency", "Mukhabarat", country="country:syria", mentioned_by=["a1"])
    g.event("WARNED", "agency:iraqi_intelligence", "country:france", ["a1"],
            date=("2015-11-12", "2015-11-12"))  # strict hit, date hit
    g.event("SHARED", "country:russia", "country:iraq", ["a1"],
            date=("2015-10-01", "2015-10-01"))  # mutual gold: reverse matches; date miss
    g.event("SHARED", "agency:iraqi_intelligence", "country:iran", ["a1"])  # optional: neutral
    g.event("WARNED", "agency:mit", "country:france", ["a1", "a0"],
            evidence=["MIT warned France", "a sentence of another article"])
    g.event("WARNED", "person:baghdadi", "country:iraq", ["a1"], evidence="he threatened Iraq")
    g.event("WARNED", "person:baghdadi", "country:iraq", ["a1"])  # same triple: one FP
    g.event("SHARED", "country:iraq", "agency:mukhabarat", ["a1"])  # country level: iraq->syria
    g.event("SHARED", "country:iran", "country:usa", ["a1"])  # reverse of a negative
    g.event("WARNED", "agency:iraqi_intelligence", "country:france", ["a0"])  # other article
    return score(g.g, load_gold(tmp_path))


def test_strict_event_scores(tmp_path):
    report = event_case(tmp_path)
    c = report.scopes["all"]
    assert (c.strict_tp, c.strict_fp, c.strict_fn) == (2, 4, 2)
    assert report.metrics()["event_f1_strict"] == pytest.approx(4 / 10)
    details = by_id(report, "a1").details
    missed = {(x["source"], x["target"]) for x in details["event_misses_strict"]}
    assert missed == {("turkey", "france"), ("iraq", "syria")}
    false = {(x["source"], x["target"]) for x in details["event_false_positives_strict"]}
    assert false == {("agency:mit", "country:france"), ("person:baghdadi", "country:iraq"),
                     ("country:iraq", "agency:mukhabarat"), ("country:iran", "country:usa")}
    mit = next(x for x in details["event_false_positives_strict"] if x["source"] == "agency:mit")
    assert mit["evidence"] == ["MIT warned France"]


def test_country_level_maps_actors_to_their_countries(tmp_path):
    report = event_case(tmp_path)
    c = report.scopes["all"]
    # MIT -> France becomes Turkey -> France; the unknown agency takes its country attribute.
    assert (c.country_tp, c.country_fp, c.country_fn) == (4, 2, 0)
    assert report.metrics()["event_precision_country"] == pytest.approx(4 / 6)


def test_dates_are_judged_by_interval_overlap(tmp_path):
    report = event_case(tmp_path)
    c = report.scopes["all"]
    assert (c.dates_hit, c.dates_total) == (1, 2)
    miss = by_id(report, "a1").details["date_misses"]
    assert [(m["source"], m["target"], m["predicted"]) for m in miss] == [
        ("iraq", "russia", [["2015-10-01", "2015-10-01"]])]


def test_negatives_count_exact_directed_triples(tmp_path):
    report = event_case(tmp_path)
    assert report.metrics()["negatives"] == 1
    produced = by_id(report, "a1").details["negatives_produced"]
    assert [(n["source"], n["target"], n["evidence"]) for n in produced] == [
        ("baghdadi", "iraq", ["he threatened Iraq", "said so"])]


@pytest.mark.parametrize("predicted, hit", [
    (("2015-11-12", "2015-11-12"), True),  # inside
    (("2015-10-20", "2015-11-02"), True),  # straddles the start
    (("2015-11-13", "2015-12-31"), True),  # straddles the end
    (("2015-10-01", "2015-10-31"), False),  # wholly before
    (("2015-11-14", "2015-11-14"), False),  # wholly after
    (None, False),  # unknown date
])
def test_date_overlap(tmp_path, predicted, hit):
    write_gold(tmp_path, "a.json", gold_doc("a", [
        ent("jordan", "Country", "Jordan"), ent("egypt", "Country", "Egypt")],
        [evt("WARNED", "jordan", "egypt", date=["2015-11-01", "2015-11-13"])]))
    g = Graph()
    g.article("a")
    g.entity("country:jordan", "Country", "Jordan", mentioned_by=["a"])
    g.entity("country:egypt", "Country", "Egypt", mentioned_by=["a"])
    g.event("WARNED", "country:jordan", "country:egypt", ["a"], date=predicted)
    c = score(g.g, load_gold(tmp_path)).scopes["all"]
    assert (c.strict_tp, c.dates_hit, c.dates_total) == (1, int(hit), 1)


@pytest.mark.parametrize("gold_mutual, predicted_mutual, found", [
    (False, False, 0), (True, False, 1), (False, True, 1), (True, True, 1)])
def test_reverse_direction_matches_only_when_mutual(tmp_path, gold_mutual, predicted_mutual, found):
    write_gold(tmp_path, "a.json", gold_doc("a", [
        ent("jordan", "Country", "Jordan"), ent("egypt", "Country", "Egypt")],
        [evt("SHARED", "jordan", "egypt", mutual=gold_mutual)]))
    g = Graph()
    g.article("a")
    g.entity("country:jordan", "Country", "Jordan", mentioned_by=["a"])
    g.entity("country:egypt", "Country", "Egypt", mentioned_by=["a"])
    g.event("SHARED", "country:egypt", "country:jordan", ["a"], mutual=predicted_mutual)
    c = score(g.g, load_gold(tmp_path)).scopes["all"]
    assert (c.strict_tp, c.strict_fp, c.strict_fn) == (found, 1 - found, 1 - found)


def test_optional_event_is_neither_needed_nor_wrong(tmp_path):
    write_gold(tmp_path, "a.json", gold_doc("a", [
        ent("jordan", "Country", "Jordan"), ent("egypt", "Country", "Egypt")],
        [evt("WARNED", "jordan", "egypt", optional=True)]))
    g = Graph()
    g.article("a")
    g.entity("country:jordan", "Country", "Jordan", mentioned_by=["a"])
    g.entity("country:egypt", "Country", "Egypt", mentioned_by=["a"])
    without = score(g.g, load_gold(tmp_path)).scopes["all"]
    g.event("WARNED", "country:jordan", "country:egypt", ["a"])
    with_it = score(g.g, load_gold(tmp_path)).scopes["all"]
    for c in (without, with_it):
        assert (c.strict_tp, c.strict_fp, c.strict_fn) == (0, 0, 0)


def test_gold_article_absent_from_graph_is_all_misses(tmp_path):
    event_case(tmp_path)  # writes the gold of article a1
    write_gold(tmp_path, "z.json", gold_doc("z", [ent("chad", "Country", "Chad")],
                                            [evt("WARNED", "chad", "chad")]))
    report = score(nx.MultiDiGraph(), load_gold(tmp_path))
    assert report.missing_articles == ["a1", "z"]
    c = report.scopes["all"]
    assert (c.entity_tp, c.entity_fn, c.strict_tp, c.strict_fn) == (0, 11, 0, 5)


# --- resolution ----------------------------------------------------------------


def test_splits_and_false_merges_over_the_corpus(tmp_path):
    write_gold(tmp_path, "en.json", gold_doc("en1", [
        ent("islamic_state", "Organization", "ISIS"),
        ent("iraq", "Country", "Iraq"), ent("iran", "Country", "Iran"),
        ent("ap", "Organization", "AP", optional=True), ent("reuters", "Organization", "Reuters"),
        ent("syria", "Country", "Syria"), ent("damascus", "Location", "Damascus"),
    ]))
    write_gold(tmp_path, "ar.json", gold_doc("ar1", [ent("islamic_state", "Organization", "داعش")],
                                             lang="ar"))
    g = Graph()
    g.article("en1")
    g.article("ar1", lang="ar")
    g.entity("organization:isis", "Organization", "ISIS", mentioned_by=["en1"])
    g.entity("organization:daesh", "Organization", "داعش", mentioned_by=["ar1"])
    g.entity("country:iraq", "Country", "Iraq", "Iran", mentioned_by=["en1"])  # merged
    g.entity("organization:wires", "Organization", "Reuters", "AP", mentioned_by=["en1"])
    g.entity("country:syria", "Country", "Syria", "Damascus", mentioned_by=["en1"])
    report = score(g.g, load_gold(tmp_path))
    assert report.resolution["all"].splits == [
        {"gold": "islamic_state", "nodes": ["organization:daesh", "organization:isis"]}]
    assert report.resolution["all"].false_merges == [{"node": "country:iraq", "gold": ["iran", "iraq"]}]
    assert (report.metrics("en")["splits"], report.metrics("en")["false_merges"]) == (0, 1)
    assert (report.metrics("ar")["splits"], report.metrics("ar")["false_merges"]) == (0, 0)
    # scored gold ids over the corpus: islamic_state, iraq, iran, reuters, syria (ap is optional)
    assert report.resolution["all"].gold_entities == 5
    assert report.metrics("all")["split_rate"] == pytest.approx(1 / 5)
    assert check_minimums(report, ["split_rate=0.2"]) == []
    assert check_minimums(report, ["split_rate=0.1"]) != []


# --- report ------------------------------------------------------------------


def test_check_minimums_passes_and_fails(tmp_path):
    report = event_case(tmp_path)
    assert check_minimums(report, ["event_f1_country=0.8", "negatives=1",
                                   "event_precision_strict=0.3", "splits=0"]) == []
    failures = check_minimums(report, ["event_f1_strict=0.5", "negatives=0",
                                       "date_accuracy@en=0.6", "false_merges=0",
                                       "type_accuracy=0.1"])
    assert failures == ["event_f1_strict: 0.400 < minimum 0.5", "negatives: 1 > maximum 0",
                        "date_accuracy@en: 0.500 < minimum 0.6"]


@pytest.mark.parametrize("spec, expected", [
    ("event_f1_country", "expected KEY=VALUE"),
    ("event_f1=0.8", "unknown key 'event_f1'"),
    ("event_f1_strict=high", "'high' is not a number"),
    ("entity_f1@fr=0.5", "no gold articles in language 'fr'"),
])
def test_malformed_threshold_is_a_one_line_error(tmp_path, spec, expected):
    report = event_case(tmp_path)
    with pytest.raises(ThresholdError) as caught:
        check_minimums(report, [spec])
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_table_and_json_output(tmp_path):
    report = entity_case(tmp_path)
    table = format_table(report).splitlines()
    assert table[0].split() == ["all", "en", "ar"]
    assert table[1].split()[-3:] == ["0.67/0.67/0.67", "0.75/0.75/0.75", "0.50/0.50/0.50"]
    assert any(line.startswith("false merges") for line in table)
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["metrics"]["en"]["entity_f1"] == pytest.approx(0.75)
    assert data["articles"][0]["entity_misses"][0]["gold"] == "john_kerry"


# --- the real gold, scored against itself -------------------------------------


def perfect_graph(gold) -> nx.MultiDiGraph:
    """One node per gold id holding all its names, every gold event as an edge."""
    g = Graph()
    node_of = {}
    for article in gold:
        for entity in article.entities.values():
            node = node_of.setdefault(entity.id, f"{entity.type.lower()}:{entity.id}")
            if node not in g.g:
                g.entity(node, entity.type, entity.names[0])
            g.g.nodes[node]["aliases"] = sorted(set(g.g.nodes[node]["aliases"]) | set(entity.names))
    for article in gold:
        g.article(article.id, lang=article.lang)
        for entity in article.entities.values():
            g.mention(article.id, node_of[entity.id])
            if entity.country:
                g.g.nodes[node_of[entity.id]]["country"] = node_of[entity.country]
        for event in article.events:
            date = tuple(str(d) for d in event.date) if event.date else None
            g.event(event.type, node_of[event.source], node_of[event.target], [article.id],
                    date=date, mutual=event.mutual, evidence=event.evidence)
    return g.g


def test_gold_scored_against_itself_is_perfect():
    if not SHARED_EVAL.is_dir():
        pytest.skip(f"shared gold annotations not present at {SHARED_EVAL}")
    gold = load_gold(SHARED_EVAL)
    report = score(perfect_graph(gold), gold)
    for scope in ["all", "en", "ar"]:
        m = report.metrics(scope)
        for key in ["entity_f1", "type_accuracy", "event_f1_strict", "event_f1_country",
                    "date_accuracy"]:
            assert m[key] == 1.0, (scope, key)
        assert (m["negatives"], m["splits"], m["false_merges"]) == (0, 0, 0)
    assert report.scopes["all"].articles == len(gold)
    assert report.scopes["all"].strict_tp > 0 and report.missing_articles == []
