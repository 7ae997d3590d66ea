"""The query library (cypher/queries/) on the real embedded store.

Two graphs: a small hand-made one written with the store's `write()`, where
every query's exact rows are known, and the sample articles loaded through the
public API, where each query is checked against what the loaded graph holds,
read independently through the networkx export. With NEO4J_URI set, every query
also runs on Neo4j and must answer as the embedded store does.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from datetime import date, timedelta
from itertools import combinations

import networkx as nx
import pytest

from graph_builder import api
from graph_builder.model import EdgeRow, GraphBatch, NodeRow
from graph_builder.store import EmbeddedStore, open_store
from graph_builder.store.queries import (
    LADYBUG_REWRITES,
    QueryError,
    UnknownName,
    bind,
    list_queries,
    load_query,
    to_ladybug,
)

from conftest import ROOT

SAMPLES = ROOT / "data" / "samples"
REQUIRED = {
    "warned_timeline", "warnings_received_before", "sharing_partners", "sharing_paths", "brokers",
    "entity_profile", "edge_evidence", "people_linked_to_group", "country_agencies", "corroborated_edges",
}


def run(name: str, db, **params) -> list[dict]:
    columns, rows = api.named_query(name, params, db=db)
    return [dict(zip(columns, row)) for row in rows]


def column(rows: list[dict], key: str) -> list:
    return [row[key] for row in rows]


# --- the library itself -----------------------------------------------------


def test_the_library_answers_the_analyst_questions():
    queries = list_queries()
    assert REQUIRED <= set(queries)
    for name, info in queries.items():
        assert info.question.endswith("?") or info.question.endswith("."), name
        text = load_query(name, "neo4j")
        for param in info.params:
            assert f"${param}" in text, f"{name} declares {param} but does not use it"
            assert info.params[param], f"{name}: parameter {param} has no description"


def test_parameters_are_read_from_the_header():
    info = list_queries()["warnings_received_before"]
    assert list(info.params) == ["country", "before"]
    assert list(list_queries()["sharing_paths"].params) == ["source", "target"]
    assert list_queries()["warned_timeline"].params == {}


def test_parameters_naming_actors_declare_the_labels_the_query_matches():
    queries = list_queries()
    assert queries["warnings_about"].actors == {"threat": ("Person", "Organization")}
    assert queries["sharing_partners"].actors == {"actor": ("Agency", "Country")}
    assert queries["warnings_received_before"].actors == {"country": ("Country",)}
    assert queries["edge_evidence"].actors == {} and queries["brokers"].actors == {}
    for name, info in queries.items():
        text = load_query(name, "neo4j")
        assert set(info.actors) <= set(info.params), name
        for param, labels in info.actors.items():
            matched = rf"\(\w+:{'[|]'.join(labels)}\)\s+WHERE \(?\w+\.id = \${param}\b"
            assert re.search(matched, text), f"{name}: {param} is not matched on {'|'.join(labels)}"


def test_an_actor_parameter_takes_entity_labels_only(tmp_path):
    (tmp_path / "q.cypher").write_text("// Who?\n// param: who :Country|Article  a name\nRETURN $who\n",
                                       encoding="utf-8")
    with pytest.raises(QueryError, match=r"q.cypher: parameter who names an actor of the labels"):
        list_queries(tmp_path)
    (tmp_path / "q.cypher").write_text("// Who?\n// param: who :Country  a name\nRETURN $who\n", encoding="utf-8")
    info = list_queries(tmp_path)["q"]
    assert (info.params, info.actors) == ({"who": "a name"}, {"who": ("Country",)})


def test_the_embedded_dialect_gets_its_own_functions_and_list_positions():
    changed = set()
    for name in list_queries():
        neo4j, ladybug = load_query(name, "neo4j"), load_query(name, "ladybug")
        assert "label(" not in neo4j.replace("labels(", "")
        assert "labels(" not in ladybug and "type(" not in ladybug and "range(0," not in ladybug
        if neo4j != ladybug:
            changed.add(name)
    assert {"entity_profile", "edge_evidence", "corroborated_edges"} <= changed
    assert "warned_timeline" not in changed
    assert all(why for _pattern, _replacement, why in LADYBUG_REWRITES)


def test_rewrites_tolerate_spacing():
    text = "RETURN labels( n )[ 0 ] AS l, type(r) AS t, [x IN range(0,size(r.evidence)-1) | x] AS i"
    assert to_ladybug(text) == "RETURN label(n) AS l, label(r) AS t, [x IN range(1, size(r.evidence)) | x] AS i"


def test_query_files_need_a_question_and_a_plain_name(tmp_path):
    (tmp_path / "fine.cypher").write_text("// Which countries?\nMATCH (c:Country) RETURN c.id\n", encoding="utf-8")
    assert list(list_queries(tmp_path)) == ["fine"]
    (tmp_path / "no_question.cypher").write_text("// param: x  a value\nRETURN $x\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"no_question.cypher:1: a query file opens with a `// question` line"):
        list_queries(tmp_path)
    (tmp_path / "no_question.cypher").unlink()
    (tmp_path / "bad-name.cypher").write_text("// Which?\nRETURN 1\n", encoding="utf-8")
    with pytest.raises(QueryError, match="a query name is made of letters, digits and _"):
        list_queries(tmp_path)


def test_unknown_query_is_one_line_naming_the_known_ones():
    with pytest.raises(QueryError) as raised:
        bind("who_warned", {})
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("unknown query 'who_warned'") and "warned_timeline" in message


def test_missing_and_unknown_parameters_are_one_line(tmp_path):
    with pytest.raises(QueryError, match=r"^query 'sharing_paths' needs parameter target \(-p NAME=VALUE\)$"):
        api.named_query("sharing_paths", {"source": "Turkey"}, db=tmp_path / "g.db")
    assert not (tmp_path / "g.db").exists(), "parameters are checked before the store is opened"
    with pytest.raises(QueryError, match="needs parameters country, before"):
        bind("warnings_received_before", None)
    with pytest.raises(QueryError, match="has no parameter actor; it takes none"):
        bind("brokers", {"actor": "x"})


def test_dates_may_be_given_as_dates():
    assert bind("warnings_received_before", {"country": "Iraq", "before": date(2017, 10, 1)}) == {
        "country": "Iraq", "before": "2017-10-01"}


# --- a hand-made graph with exact answers -----------------------------------

SENTENCE_W1_A1 = "Turkey's MIT warned France and Belgium on Oct. 2 of a cell preparing attacks."
SENTENCE_W1_A2 = "French officials confirmed the October warning from Ankara."


def entity(label, key, name, aliases=(), country=None, kind=None) -> NodeRow:
    return NodeRow(label, f"{label.lower()}:{key}", {
        "name": name, "aliases": list(aliases), "country": country and f"country:{country}", "kind": kind})


def article(key, published) -> NodeRow:
    return NodeRow("Article", key, {
        "title": f"Report {key}", "url": f"https://news.example/{key}", "published": published, "lang": "en"})


def event(type_, key, src, dst, refs, start=None, end=None, about=(), mutual=False, evidence=None) -> EdgeRow:
    (src_label, src_id), (dst_label, dst_id) = src, dst
    return EdgeRow(type_, src_label, src_id, dst_label, dst_id, key, {
        "date_start": start, "date_end": end, "date_precision": "day" if start else "unknown",
        "about": list(about), "articles": list(dict.fromkeys(r.split("#")[0] for r in refs)),
        "evidence": evidence or [f"sentence {r}" for r in refs], "sentence_refs": list(refs),
        "confidence": 0.9, "mutual": mutual,
    })


MIT = ("Agency", "agency:mit")
DGSI = ("Agency", "agency:dgsi")
IRAQI = ("Agency", "agency:iraqi_intelligence")
GID = ("Agency", "agency:gid")
CIA = ("Agency", "agency:cia")
POLICE = ("Agency", "agency:turkish_police")
SAADI = ("Person", "person:nizar_al_saadi")
IS = "organization:islamic_state"
BAGHDADI = "person:abu_bakr_al_baghdadi"
D = date


def hand_batch() -> GraphBatch:
    nodes = [
        entity("Country", "turkey", "Turkey", ["Türkiye", "Ankara"]),
        entity("Country", "france", "France", ["Paris"]),
        entity("Country", "belgium", "Belgium"),
        entity("Country", "iraq", "Iraq", ["العراق", "Baghdad"]),
        entity("Country", "jordan", "Jordan", ["Amman"]),
        entity("Country", "united_states", "United States", ["U.S."]),
        entity("Agency", "mit", "MIT", ["National Intelligence Organization"], "turkey", "intelligence"),
        entity("Agency", "dgsi", "DGSI", ["General Directorate for Internal Security"], "france", "intelligence"),
        entity("Agency", "iraqi_intelligence", "Iraqi National Intelligence Service",
               ["Iraqi intelligence", "جهاز المخابرات الوطني العراقي"], "iraq", "intelligence"),
        entity("Agency", "gid", "General Intelligence Directorate", ["GID"], "jordan", "intelligence"),
        entity("Agency", "cia", "CIA", [], "united_states", "intelligence"),
        entity("Agency", "turkish_police", "Turkish police", [], "turkey", "police"),
        entity("Organization", "islamic_state", "Islamic State", ["ISIS", "Daesh", "داعش"], kind="armed_group"),
        entity("Person", "abu_bakr_al_baghdadi", "Abu Bakr al-Baghdadi", ["al-Baghdadi", "البغدادي"], "iraq"),
        entity("Person", "nizar_al_saadi", "Nizar al-Saadi", ["الساعدي"], "iraq"),
        article("a1", D(2017, 10, 19)),
        article("a2", D(2018, 2, 8)),
        article("a3", D(2017, 11, 15)),
        article("a4", D(2018, 4, 17)),
    ]
    mentioned = {
        "a1": ["agency:mit", "country:france", "country:belgium", IS],
        "a2": ["agency:mit", "agency:dgsi", IS, BAGHDADI],
        "a3": ["agency:iraqi_intelligence", "agency:mit", "person:nizar_al_saadi", IS, BAGHDADI],
        "a4": ["agency:gid", "agency:iraqi_intelligence"],
    }
    labels = {n.id: n.label for n in nodes}
    edges = [
        EdgeRow("MENTIONS", "Article", art, labels[ent], ent, f"m:{art}:{ent}", {"forms": [ent], "count": 1})
        for art, ents in mentioned.items() for ent in ents
    ]
    edges += [
        EdgeRow("PART_OF", "Agency", f"agency:{a}", "Country", f"country:{c}", f"p:{a}", {})
        for a, c in [("mit", "turkey"), ("dgsi", "france"), ("iraqi_intelligence", "iraq"),
                     ("gid", "jordan"), ("cia", "united_states"), ("turkish_police", "turkey")]
    ]
    edges += [
        event("WARNED", "w1", MIT, ("Country", "country:france"), ["a1#0", "a2#3"], D(2017, 10, 2), about=[IS],
              evidence=[SENTENCE_W1_A1, SENTENCE_W1_A2]),
        event("WARNED", "w2", MIT, ("Country", "country:belgium"), ["a1#0"], D(2017, 10, 2), about=[IS],
              evidence=[SENTENCE_W1_A1]),
        event("WARNED", "w3", IRAQI, ("Country", "country:jordan"), ["a3#2"], D(2017, 10, 1), D(2017, 10, 31),
              about=[IS, BAGHDADI]),
        event("WARNED", "w4", GID, ("Country", "country:iraq"), ["a4#5"]),
        event("WARNED", "w5", SAADI, ("Country", "country:turkey"), ["a3#0"], D(2017, 9, 12), about=[IS]),
        event("WARNED", "w6", CIA, DGSI, ["a2#8"], D(2017, 9, 20), about=[IS]),
        event("SHARED", "s1", MIT, DGSI, ["a2#0"], D(2018, 1, 30), about=[IS]),
        event("SHARED", "s2", MIT, IRAQI, ["a3#1", "a4#2"], D(2017, 11, 13), about=[IS, BAGHDADI]),
        event("SHARED", "s3", GID, IRAQI, ["a4#0"], D(2018, 4, 9), D(2018, 4, 15), about=[IS]),
        event("SHARED", "s4", GID, IRAQI, ["a4#1"], D(2018, 4, 16), mutual=True),
        event("SHARED", "s5", IRAQI, MIT, ["a3#3"], D(2017, 9, 17)),
        event("SHARED", "s6", DGSI, ("Country", "country:belgium"), ["a1#4"], D(2017, 10, 5)),
        event("SHARED", "s7", CIA, MIT, ["a2#6"], D(2017, 6, 1)),
        event("SHARED", "s8", CIA, DGSI, ["a2#7"], D(2017, 12, 1)),  # closes the CIA-MIT-DGSI triangle
        event("SHARED", "s9", MIT, POLICE, ["a2#9"], D(2018, 1, 31)),  # within Turkey
    ]
    return GraphBatch(nodes=nodes, edges=edges)


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    db = tmp_path_factory.mktemp("hand") / "graph.db"
    with open_store(db) as store:
        store.write(hand_batch())
    return db


def test_warned_timeline_is_in_date_order_with_undated_last(hand):
    rows = run("warned_timeline", hand)
    assert column(rows, "edge_id") == ["w5", "w6", "w3", "w2", "w1", "w4"]
    assert rows[0]["warner"] == "Nizar al-Saadi" and rows[0]["warned"] == "Turkey"
    assert rows[2]["date_end"] == D(2017, 10, 31) and rows[2]["about"] == [IS, BAGHDADI]
    assert rows[4]["articles"] == ["a1", "a2"]
    assert rows[5]["date_start"] is None and rows[5]["precision"] == "unknown"


@pytest.mark.parametrize("country, before, expected", [
    ("ANKARA", "2018-01-01", ["w5"]),        # an alias, any case
    ("France", "2017-09-20", []),            # the day itself is not before
    ("france", "2017-10-02", ["w6"]),        # warnings to the country's agencies count
    ("France", "2017-10-03", ["w6", "w1"]),
    ("country:jordan", "2018-01-01", ["w3"]),
    ("Iraq", "2030-01-01", []),              # the warning Iraq received is undated
])
def test_warnings_received_before(hand, country, before, expected):
    rows = run("warnings_received_before", hand, country=country, before=before)
    assert column(rows, "edge_id") == expected


def test_sharing_partners_of_a_country_include_its_agencies(hand):
    rows = run("sharing_partners", hand, actor="Turkey")
    assert [(r["partner"], r["events"], r["gave"], r["received"]) for r in rows] == [
        ("Iraqi National Intelligence Service", 2, 1, 1),
        ("CIA", 1, 0, 1),
        ("DGSI", 1, 1, 0),
    ]
    first = rows[0]
    assert first["actor_id"] == "country:turkey" and first["partner_label"] == "Agency"
    assert (first["first_date"], first["last_date"]) == (D(2017, 9, 17), D(2017, 11, 13))
    assert sorted(first["edge_ids"]) == ["s2", "s5"]
    by_agency = run("sharing_partners", hand, actor="national intelligence organization")
    # MIT's own partners include the Turkish police, whose sharing with MIT is internal to Turkey
    assert [(r["actor_id"], r["partner_id"], r["events"]) for r in by_agency] == [
        ("agency:mit", "agency:iraqi_intelligence", 2), ("agency:mit", "agency:cia", 1),
        ("agency:mit", "agency:dgsi", 1), ("agency:mit", "agency:turkish_police", 1)]


def test_sharing_partners_count_joint_operations_and_date_ends(hand):
    (row,) = run("sharing_partners", hand, actor="GID")
    assert (row["partner_id"], row["events"], row["gave"], row["received"], row["joint"]) == (
        "agency:iraqi_intelligence", 2, 2, 0, 1)
    assert (row["first_date"], row["last_date"]) == (D(2018, 4, 9), D(2018, 4, 16))
    france = run("sharing_partners", hand, actor="france")
    assert [(r["partner"], r["gave"], r["received"], r["partner_label"]) for r in france] == [
        ("Belgium", 1, 0, "Country"), ("CIA", 0, 1, "Agency"), ("MIT", 0, 1, "Agency")]


def test_sharing_paths_up_to_three_hops(hand):
    rows = run("sharing_paths", hand, source="DGSI", target="gid")
    assert {r["hops"] for r in rows} == {3}
    assert {tuple(r["names"]) for r in rows} == {
        ("DGSI", "MIT", "Iraqi National Intelligence Service", "General Intelligence Directorate")}
    assert sorted(tuple(r["edge_ids"]) for r in rows) == [
        ("s1", "s2", "s3"), ("s1", "s2", "s4"), ("s1", "s5", "s3"), ("s1", "s5", "s4")]
    rows = run("sharing_paths", hand, source="CIA", target="Belgium")
    assert [(r["hops"], r["ids"], r["edge_ids"]) for r in rows] == [
        (2, ["agency:cia", "agency:dgsi", "country:belgium"], ["s8", "s6"]),
        (3, ["agency:cia", "agency:mit", "agency:dgsi", "country:belgium"], ["s7", "s1", "s6"]),
    ]


def test_sharing_paths_are_simple_and_stop_at_three_hops(hand):
    direct = run("sharing_paths", hand, source="mit", target="Iraqi intelligence")
    # two reports of sharing, no detour through GID and back
    assert sorted((r["hops"], tuple(r["edge_ids"])) for r in direct) == [(1, ("s2",)), (1, ("s5",))]
    assert run("sharing_paths", hand, source="Belgium", target="GID") == []  # four hops apart


def test_brokers_link_partners_without_a_link_of_their_own(hand):
    rows = run("brokers", hand)
    found = [(r["broker_id"], r["bridged_pairs"], sorted(map(tuple, r["pairs"]))) for r in rows]
    # CIA, MIT and DGSI all share with each other: no one brokers between them
    assert found == [
        ("agency:mit", 5, [("agency:cia", "agency:iraqi_intelligence"), ("agency:cia", "agency:turkish_police"),
                           ("agency:dgsi", "agency:iraqi_intelligence"), ("agency:dgsi", "agency:turkish_police"),
                           ("agency:iraqi_intelligence", "agency:turkish_police")]),
        ("agency:dgsi", 2, [("agency:cia", "country:belgium"), ("agency:mit", "country:belgium")]),
        ("agency:iraqi_intelligence", 1, [("agency:gid", "agency:mit")]),
    ]
    assert rows[0]["broker_label"] == "Agency"


def test_entity_profile_by_alias_with_provenance(hand):
    (row,) = run("entity_profile", hand, actor="daesh")
    assert (row["id"], row["label"], row["name"], row["kind"]) == (IS, "Organization", "Islamic State", "armed_group")
    assert row["aliases"] == ["ISIS", "Daesh", "داعش"]
    assert sorted(row["articles"]) == ["a1", "a2", "a3"]
    assert (row["first_seen"], row["last_seen"]) == (D(2017, 10, 19), D(2018, 2, 8))
    (mit,) = run("entity_profile", hand, actor="National Intelligence Organization")
    assert (mit["country_id"], mit["country"]) == ("country:turkey", "Turkey")
    assert (mit["warned"], mit["warned_by"], mit["shared_with"], mit["shared_by"]) == (2, 0, 3, 2)
    (turkey,) = run("entity_profile", hand, actor="Türkiye")
    assert (turkey["articles"], turkey["first_seen"], turkey["warned_by"], turkey["agencies"]) == ([], None, 1, 2)
    with pytest.raises(UnknownName, match="^no stored actor is named 'Atlantis'$"):
        run("entity_profile", hand, actor="Atlantis")


def test_edge_evidence_gives_each_article_and_sentence(hand):
    rows = run("edge_evidence", hand, edge="w1")
    assert [(r["article_id"], r["published"], r["sentence_ref"], r["sentence"]) for r in rows] == [
        ("a1", D(2017, 10, 19), "a1#0", SENTENCE_W1_A1),
        ("a2", D(2018, 2, 8), "a2#3", SENTENCE_W1_A2),
    ]
    assert {(r["type"], r["source"], r["target"], r["title"]) for r in rows} == {
        ("WARNED", "MIT", "France", "Report a1"), ("WARNED", "MIT", "France", "Report a2")}
    shared = run("edge_evidence", hand, edge="s2")
    assert [(r["type"], r["sentence_ref"], r["url"]) for r in shared] == [
        ("SHARED", "a3#1", "https://news.example/a3"), ("SHARED", "a4#2", "https://news.example/a4")]
    assert run("edge_evidence", hand, edge="no-such-edge") == []


def test_people_linked_to_group_through_events_and_articles(hand):
    rows = run("people_linked_to_group", hand, organization="ISIS")
    found = {(r["person_id"], r["link"]): sorted(r["sources"]) for r in rows}
    assert found == {
        (BAGHDADI, "event"): ["s2", "w3"],               # named in `about` with the group
        ("person:nizar_al_saadi", "event"): ["w5"],       # gave a warning about the group
        (BAGHDADI, "article"): ["a2", "a3"],
        ("person:nizar_al_saadi", "article"): ["a3"],
    }
    assert {r["group_id"] for r in rows} == {IS}
    with pytest.raises(UnknownName, match="^no stored organization is named 'Turkey'$"):  # not a group
        run("people_linked_to_group", hand, organization="Turkey")


def test_country_agencies(hand):
    (row,) = run("country_agencies", hand, country="العراق")
    assert (row["agency_id"], row["kind"], row["warnings"], row["sharings"]) == (
        "agency:iraqi_intelligence", "intelligence", 1, 4)
    assert "Iraqi intelligence" in row["aliases"]
    turkish = run("country_agencies", hand, country="turkey")
    assert [(r["agency"], r["kind"], r["warnings"], r["sharings"]) for r in turkish] == [
        ("MIT", "intelligence", 2, 5), ("Turkish police", "police", 0, 1)]


def test_corroborated_edges(hand):
    rows = run("corroborated_edges", hand)
    assert [(r["edge_id"], r["type"], r["reports"], r["articles"]) for r in rows] == [
        ("w1", "WARNED", 2, ["a1", "a2"]), ("s2", "SHARED", 2, ["a3", "a4"])]


def test_warnings_about_a_group_or_person(hand):
    assert column(run("warnings_about", hand, threat="Islamic State"), "edge_id") == ["w5", "w6", "w3", "w2", "w1"]
    assert column(run("warnings_about", hand, threat="AL-BAGHDADI"), "edge_id") == ["w3"]


def test_actor_parameters_find_gazetteer_names_the_articles_never_wrote(hand):
    # stored as "Islamic State", "ISIS", "Daesh", "داعش"; the gazetteer knows ISIL and الدولة الإسلامية
    for threat in ("ISIL", "الدولة الإسلامية", IS):
        assert column(run("warnings_about", hand, threat=threat), "edge_id") == ["w5", "w6", "w3", "w2", "w1"]
    assert {r["actor_id"] for r in run("sharing_partners", hand, actor="Republic of Türkiye")} == {"country:turkey"}
    with pytest.raises(UnknownName, match="^no stored person or organization is named 'al-Qaeda'$"):
        run("warnings_about", hand, threat="al-Qaeda")  # a gazetteer entry, but not in this store


@pytest.fixture(scope="module")
def namesakes(tmp_path_factory):
    """A person and a country both called Jordan."""
    db = tmp_path_factory.mktemp("namesakes") / "graph.db"
    with open_store(db) as store:
        store.write(GraphBatch(nodes=[entity("Country", "jordan", "Jordan", ["Amman"]),
                                      entity("Person", "jordan", "Jordan", ["Jordan"])], edges=[]))
    return db


def test_a_name_written_on_several_actors_finds_them_all(namesakes):
    rows = run("entity_profile", namesakes, actor="JORDAN")
    assert column(rows, "id") == ["country:jordan", "person:jordan"]


def test_a_name_the_resolver_lands_on_several_actors_asks_for_an_id(namesakes):
    with pytest.raises(QueryError, match=r"^\"Jordan's\" could be any of person:jordan, country:jordan; "
                                         r"give one id \(-p actor=ID\)$") as raised:
        run("entity_profile", namesakes, actor="Jordan's")
    assert not isinstance(raised.value, UnknownName)
    assert column(run("entity_profile", namesakes, actor="person:jordan"), "id") == ["person:jordan"]


# --- the sample articles ----------------------------------------------------


@pytest.fixture(scope="session")
def samples(tmp_path_factory):
    """data/samples loaded through the public API, and the graph read back independently."""
    db = tmp_path_factory.mktemp("samples") / "graph.db"
    api.load([SAMPLES], db=db)
    api.load([SAMPLES / "more"], db=db)  # a second load of the later articles changes nothing
    return db, api.to_networkx(db=db)


def events(graph: nx.MultiDiGraph, type_: str) -> list[tuple[str, str, dict]]:
    """(source, target, props) of every edge of `type_`, with its id and DATE props as dates."""
    found = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if data.get("type") == type_:
            props = dict(data, id=key)
            for name in ("date_start", "date_end"):
                props[name] = props.get(name) and date.fromisoformat(props[name])
            found.append((u, v, props))
    return found


def entities(graph: nx.MultiDiGraph, *labels: str) -> list[str]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("label") in labels)


def need(items, what: str):
    if not items:
        pytest.skip(f"the sample graph holds no {what}: extraction found none in data/samples")
    return items


def test_every_library_query_runs_on_the_samples(samples):
    db, graph = samples
    some = entities(graph, "Country", "Agency") or ["country:none"]
    args = {
        "country": "Iraq", "before": "2030-01-01", "actor": some[0], "source": some[0],
        "target": some[-1], "organization": "Islamic State", "threat": "Islamic State", "edge": "none",
    }
    for name, info in list_queries().items():
        columns, _rows = api.named_query(name, {p: args[p] for p in info.params}, db=db)
        assert columns and all(c.isidentifier() for c in columns), (name, columns)


def test_samples_load_articles_and_actors(samples):
    _db, graph = samples
    assert len(entities(graph, "Article")) == 10
    assert entities(graph, "Person", "Agency", "Country", "Organization", "Location")


def test_samples_timeline_holds_every_warning_in_date_order(samples):
    db, graph = samples
    warned = need(events(graph, "WARNED"), "WARNED edges")
    rows = run("warned_timeline", db)
    assert Counter(column(rows, "edge_id")) == Counter(d["id"] for _u, _v, d in warned)
    dates = column(rows, "date_start")
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # undated ones last
    for row in rows:
        assert (row["warner_id"], row["warned_id"]) in {(u, v) for u, v, _d in warned}


def warnings_between(graph: nx.MultiDiGraph, source: str, targets: tuple[str, ...]) -> list[dict]:
    return [d for u, v, d in events(graph, "WARNED") if u == source and v in targets]


@pytest.mark.parametrize("warner, countries", [
    ("agency:mit", ("country:france", "country:belgium")),     # turkey-warned-france-belgium
    ("agency:dgst", ("country:spain", "country:austria")),     # morocco-alerted-spain-austria
])
def test_samples_analyst_sees_who_warned_whom_and_when(samples, warner, countries):
    db, graph = samples
    found = need([d for d in warnings_between(graph, warner, countries) if d["date_start"]],
                 f"dated warning from {warner} to {' or '.join(countries)}")
    timeline = {r["edge_id"]: r for r in run("warned_timeline", db)}
    for edge in found:
        row = timeline[edge["id"]]
        assert (row["warner_id"], row["date_start"]) == (warner, edge["date_start"])
        country = graph.nodes[row["warned_id"]]["name"]
        day_after = (edge["date_start"] + timedelta(days=1)).isoformat()
        received = run("warnings_received_before", db, country=country.upper(), before=day_after)
        assert edge["id"] in column(received, "edge_id")
        too_early = run("warnings_received_before", db, country=country, before=edge["date_start"].isoformat())
        assert edge["id"] not in column(too_early, "edge_id")


def test_samples_arabic_and_english_names_ask_the_same_question(samples):
    db, graph = samples
    aliases = graph.nodes[IS].get("aliases", []) if IS in graph else []
    need([a for a in aliases if a == "داعش"], "Islamic State node with its Arabic name")
    english = run("warnings_about", db, threat="islamic state")
    assert english, "the samples report warnings about Islamic State"
    assert run("warnings_about", db, threat="داعش") == english == run("warnings_about", db, threat=IS)


def test_samples_evidence_is_quoted_from_the_article_behind_it(samples):
    db, graph = samples
    texts = {path.stem: path.read_text(encoding="utf-8") for path in SAMPLES.rglob("*.txt")}
    edges = need(events(graph, "WARNED") + events(graph, "SHARED"), "WARNED or SHARED edges")
    for _u, _v, edge in edges:
        for row in run("edge_evidence", db, edge=edge["id"]):
            assert row["sentence"] in texts[row["article_id"]], row["sentence_ref"]


def test_samples_warnings_received_before_a_date(samples):
    db, graph = samples
    warned = need([(u, v, d) for u, v, d in events(graph, "WARNED") if d.get("date_start")], "dated warnings")
    country_of = {n: d.get("country") for n, d in graph.nodes(data=True)}
    targets = Counter(v if graph.nodes[v].get("label") == "Country" else country_of.get(v) for _u, v, _d in warned)
    targets.pop(None, None)
    country = need(targets.most_common(1), "dated warnings to a country or its agencies")[0][0]
    received = {d["id"]: d["date_start"] for _u, v, d in warned if country in (v, country_of.get(v))}
    latest = max(received.values())
    rows = run("warnings_received_before", db, country=country, before=(latest + timedelta(days=1)).isoformat())
    assert set(column(rows, "edge_id")) == set(received)
    earliest = min(received.values())
    assert run("warnings_received_before", db, country=country, before=earliest.isoformat()) == []


def test_samples_sharing_partners_count_the_sharing_edges(samples):
    db, graph = samples
    shared = need(events(graph, "SHARED"), "SHARED edges")
    country_of = {n: d.get("country") for n, d in graph.nodes(data=True)}
    actors = sorted({n for u, v, _d in shared for n in (u, v)} | {country_of.get(n) for u, v, _d in shared
                                                                for n in (u, v) if country_of.get(n)})
    for actor in actors:
        if graph.nodes[actor].get("label") not in ("Agency", "Country"):
            continue
        own = {n for n in graph.nodes if n == actor or country_of.get(n) == actor}
        expected = [d for u, v, d in shared if (u in own) != (v in own)]
        rows = run("sharing_partners", db, actor=actor)
        assert sum(column(rows, "events")) == len(expected), actor
        assert sorted(i for r in rows for i in r["edge_ids"]) == sorted(d["id"] for d in expected), actor
        assert sum(column(rows, "joint")) == sum(1 for d in expected if d.get("mutual")), actor
        assert all(r["gave"] + r["received"] == r["events"] for r in rows)


def test_samples_every_sharing_edge_is_a_one_hop_path(samples):
    db, graph = samples
    for u, v, d in need(events(graph, "SHARED"), "SHARED edges"):
        if u == v:
            continue
        rows = run("sharing_paths", db, source=u, target=v)
        assert [d["id"]] in [r["edge_ids"] for r in rows if r["hops"] == 1]
        assert all(len(set(r["ids"])) == len(r["ids"]) == r["hops"] + 1 for r in rows)


def test_samples_brokers_match_the_sharing_network(samples):
    db, graph = samples
    shared = events(graph, "SHARED")
    network = nx.Graph((u, v) for u, v, _d in shared if u != v)
    expected = {}
    for node in network:
        pairs = sorted(tuple(sorted(p)) for p in combinations(network[node], 2) if not network.has_edge(*p))
        if pairs:
            expected[node] = pairs
    rows = run("brokers", db)
    assert {r["broker_id"]: sorted(map(tuple, r["pairs"])) for r in rows} == expected


def test_samples_entity_profiles_return_aliases_and_articles(samples):
    db, graph = samples
    with EmbeddedStore(db, read_only=True) as store:  # one store for the many lookups
        def profile(actor: str) -> list[dict]:
            columns, rows = store.query(load_query("entity_profile", store.dialect), bind("entity_profile", {"actor": actor}))
            return [dict(zip(columns, row)) for row in rows]

        for node in need(entities(graph, "Person", "Agency", "Country", "Organization", "Location"), "actors"):
            data = graph.nodes[node]
            (row,) = [r for r in profile(node) if r["id"] == node]
            assert row["aliases"] == data.get("aliases", [])
            assert sorted(row["articles"]) == sorted(u for u, _v, d in graph.in_edges(node, data=True)
                                                     if d.get("type") == "MENTIONS")
            assert node in column(profile(data["name"].upper()), "id"), f"{data['name']!r} in any case"


def test_samples_edge_evidence_returns_the_stored_sentences(samples):
    db, graph = samples
    for _u, _v, d in need(events(graph, "WARNED") + events(graph, "SHARED"), "WARNED or SHARED edges"):
        rows = run("edge_evidence", db, edge=d["id"])
        assert sorted(column(rows, "sentence")) == sorted(d["evidence"])
        assert sorted(column(rows, "sentence_ref")) == sorted(d["sentence_refs"])
        assert set(column(rows, "article_id")) == set(d["articles"])
        for row in rows:
            stored = graph.nodes[row["article_id"]]
            assert stored["label"] == "Article"
            assert (row["title"], row["url"]) == (stored.get("title"), stored.get("url"))
            assert row["published"] == (stored.get("published") and date.fromisoformat(stored["published"]))


def test_samples_people_linked_to_islamic_state(samples):
    db, graph = samples
    group = need([n for n in entities(graph, "Organization") if n == IS], "Islamic State node")[0]
    rows = run("people_linked_to_group", db, organization="Daesh" if "Daesh" in graph.nodes[group]["aliases"] else group)
    articles = {u for u, _v, d in graph.in_edges(group, data=True) if d.get("type") == "MENTIONS"}
    expected = {v for a in articles for _a, v, d in graph.out_edges(a, data=True)
                if d.get("type") == "MENTIONS" and graph.nodes[v].get("label") == "Person"}
    assert {r["person_id"] for r in rows if r["link"] == "article"} == expected


def test_samples_country_agencies_follow_part_of(samples):
    db, graph = samples
    part_of = [(u, v) for u, v, d in graph.edges(data=True) if d.get("type") == "PART_OF"]
    for country in sorted({v for _u, v in need(part_of, "PART_OF edges")}):
        rows = run("country_agencies", db, country=country)
        assert sorted(column(rows, "agency_id")) == sorted(u for u, v in part_of if v == country)


def test_samples_corroborated_edges_have_several_articles(samples):
    db, graph = samples
    expected = {d["id"] for _u, _v, d in events(graph, "WARNED") + events(graph, "SHARED")
                if len(d.get("articles", [])) > 1}
    rows = run("corroborated_edges", db)
    assert set(column(rows, "edge_id")) == expected
    assert all(r["reports"] == len(r["articles"]) > 1 for r in rows)


# --- the same answers from Neo4j --------------------------------------------

NEO4J_URI = os.environ.get("NEO4J_URI")
HAND_PARAMS = {
    "warned_timeline": {}, "brokers": {}, "corroborated_edges": {},
    "warnings_received_before": {"country": "Ankara", "before": "2018-01-01"},
    "sharing_partners": {"actor": "Turkey"},
    "sharing_paths": {"source": "DGSI", "target": "GID"},
    "entity_profile": {"actor": "mit"},
    "edge_evidence": {"edge": "w1"},
    "people_linked_to_group": {"organization": "daesh"},
    "country_agencies": {"country": "Iraq"},
    "warnings_about": {"threat": "Islamic State"},
}


def comparable(rows: list[list]) -> list:
    """Rows with list cells sorted: collect() gives no order."""
    def cell(value):
        return sorted(map(repr, value)) if isinstance(value, list) else value
    return sorted((tuple(cell(v) for v in row) for row in rows), key=repr)


@pytest.mark.skipif(not NEO4J_URI, reason="NEO4J_URI not set")
def test_neo4j_answers_every_library_query_as_the_embedded_store(hand):
    """Empties the Neo4j database given by NEO4J_URI / NEO4J_DATABASE."""
    settings = api.neo4j_settings()
    with api.store_for(neo4j=settings) as neo4j:
        neo4j.clear()
        neo4j.ensure_schema()
        neo4j.write(hand_batch())
    try:
        assert set(HAND_PARAMS) == set(list_queries())
        for name, params in HAND_PARAMS.items():
            embedded_columns, embedded_rows = api.named_query(name, params, db=hand)
            neo4j_columns, neo4j_rows = api.named_query(name, params, neo4j=settings)
            assert neo4j_columns == embedded_columns, name
            assert comparable(neo4j_rows) == comparable(embedded_rows), name
    finally:
        with api.store_for(neo4j=settings) as neo4j:
            neo4j.clear()
