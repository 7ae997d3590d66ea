"""Merging and splitting stored entities loses nothing, against the real embedded store
(and a live Neo4j when NEO4J_URI is set). Graphs are compared as sets of tuples."""
from __future__ import annotations

import os
from datetime import date

import pytest

from graph_builder.graph.events import row_id
from graph_builder.model import EdgeRow, GraphBatch, NodeRow
from graph_builder.store import Neo4jStore, cypher, open_store
from graph_builder.store.merge import UnknownEntity, merge_entities, split_entity

URI = os.environ.get("NEO4J_URI")
live = pytest.mark.skipif(not URI, reason="NEO4J_URI not set")

YOUSSEF, YUSUF, ZAID = "person:youssef_mansour", "person:yusuf_mansur", "person:youssef_zaid"


def person(pid, name, *aliases, country=None):
    return NodeRow("Person", pid, {"name": name, "aliases": [name, *aliases], "country": country})


def country(cid, name, *aliases):
    return NodeRow("Country", cid, {"name": name, "aliases": [name, *aliases], "country": cid})


def article(aid):
    return NodeRow("Article", aid, {"title": f"Report {aid}", "published": date(2016, 3, 10), "lang": "en"})


def mentions(aid, label, eid, forms, count):
    return EdgeRow("MENTIONS", "Article", aid, label, eid, row_id("MENTIONS", aid, eid),
                   {"forms": forms, "count": count})


def event(kind, src, dst, eid, sentences, labels=("Person", "Country"), about=(), claimed=(), mutual=False):
    """`sentences` maps "article#index" to the sentence."""
    refs = list(sentences)
    return EdgeRow(kind, labels[0], src, labels[1], dst, eid, {
        "date_start": date(2016, 3, 6), "date_end": date(2016, 3, 6), "date_precision": "day",
        "about": list(about), "articles": list(dict.fromkeys(r.split("#")[0] for r in refs)),
        "evidence": [sentences[r] for r in refs], "sentence_refs": refs, "claimed_by": list(claimed),
        "confidence": 0.8, "mutual": mutual,
    })


def two_spellings() -> GraphBatch:
    """One man written two ways, with every kind of edge and reference around him."""
    return GraphBatch(
        nodes=[
            person(YOUSSEF, "Youssef Mansour", "chief Youssef Mansour"),
            person(YUSUF, "Yusuf Mansur", "Y. Mansur", country="country:jordan"),
            person(ZAID, "Youssef Zaid"),
            country("country:iraq", "Iraq"), country("country:turkey", "Turkey"),
            country("country:jordan", "Jordan"),
            NodeRow("Agency", "agency:jordan_gid", {"name": "GID", "aliases": ["GID"], "country": "country:jordan"}),
            article("a1"), article("a2"), article("a3"),
        ],
        edges=[
            mentions("a1", "Person", YOUSSEF, ["Youssef Mansour"], 2),
            mentions("a2", "Person", YUSUF, ["Yusuf Mansur"], 1),
            mentions("a3", "Person", YOUSSEF, ["chief Youssef Mansour"], 1),
            mentions("a3", "Person", YUSUF, ["Y. Mansur"], 2),
            event("WARNED", YOUSSEF, "country:iraq", "w1", {"a1#0": "Youssef Mansour warned Iraq."}),
            event("SHARED", YUSUF, "country:turkey", "s1", {"a2#0": "Yusuf Mansur shared intelligence with Turkey."}),
            # mutual events start at the id sorting first: Zaid before Yusuf, after Youssef
            event("SHARED", ZAID, YUSUF, "s2", {"a3#1": "Zaid and Y. Mansur ran a joint operation."},
                  labels=("Person", "Person"), mutual=True),
            event("WARNED", YUSUF, YOUSSEF, "w2", {"a3#2": "Y. Mansur warned Youssef Mansour."},
                  labels=("Person", "Person")),
            event("WARNED", "agency:jordan_gid", "country:iraq", "w3", {"a2#1": "The GID warned Iraq."},
                  labels=("Agency", "Country"), about=[YUSUF, ZAID], claimed=[YUSUF]),
            EdgeRow("PART_OF", "Agency", "agency:jordan_gid", "Country", "country:jordan",
                    row_id("PART_OF", "agency:jordan_gid", "country:jordan"), {}),
        ],
    )


def names(store, label="Person"):
    return {(n.id, name) for n in store.iter_nodes([label]) for name in [n.props["name"], *n.props["aliases"]]}


def mention_set(store):
    return {(e.src, e.dst, form) for e in store.iter_edges(["MENTIONS"]) for form in e.props["forms"]}


def event_set(store):
    return {(e.type, e.id, e.src, e.dst, ref, sentence, tuple(e.props["about"]), tuple(e.props["claimed_by"]))
            for e in store.iter_edges(["WARNED", "SHARED"])
            for sentence, ref in zip(e.props["evidence"], e.props["sentence_refs"])}


def articles_of(store):
    return {(e.id, a) for e in store.iter_edges(["WARNED", "SHARED"]) for a in e.props["articles"]}


def renamed(items, old, new):
    return {tuple(new if v == old else (tuple(new if x == old else x for x in v) if isinstance(v, tuple) else v)
                  for v in item) for item in items}


class MergeContract:
    """What merging and splitting must do in every store; subclasses supply `store`."""

    def test_merge_keeps_every_name_edge_and_reference(self, store):
        store.write(two_spellings())
        before = (names(store), mention_set(store), event_set(store), articles_of(store))
        result = merge_entities(store, YOUSSEF, YUSUF)
        assert (result.kept, result.dropped, result.edges_moved) == (YOUSSEF, YUSUF, 5)
        assert {n.id for n in store.iter_nodes(["Person"])} == {YOUSSEF, ZAID}
        assert names(store) == renamed(before[0], YUSUF, YOUSSEF)
        assert mention_set(store) == renamed(before[1], YUSUF, YOUSSEF)
        mutual = {(e.id, e.src, e.dst) for e in store.iter_edges(["SHARED"]) if e.props["mutual"]}
        assert mutual == {("s2", YOUSSEF, ZAID)}  # re-oriented: Youssef now sorts first
        expected = {(t, i, YOUSSEF, ZAID, *rest) if i == "s2" else (t, i, s, d, *rest)
                    for t, i, s, d, *rest in renamed(before[2], YUSUF, YOUSSEF)}
        assert event_set(store) == expected
        assert articles_of(store) == before[3]
        assert {e.id for e in store.iter_edges(["WARNED"]) if e.src == e.dst == YOUSSEF} == {"w2"}

    def test_merge_sums_mentions_of_one_article_and_keeps_the_country(self, store):
        store.write(two_spellings())
        merge_entities(store, YOUSSEF, YUSUF)
        counts = {(e.src, e.dst): (e.props["count"], e.id) for e in store.iter_edges(["MENTIONS"])}
        assert counts[("a3", YOUSSEF)] == (3, row_id("MENTIONS", "a3", YOUSSEF))
        assert counts[("a2", YOUSSEF)] == (1, row_id("MENTIONS", "a2", YOUSSEF))
        (kept,) = store.nodes_by_id("Person", [YOUSSEF])
        assert kept.props["country"] == "country:jordan" and kept.props["name"] == "Youssef Mansour"
        before = two_spellings()
        assert store.counts()["MENTIONS"] == sum(e.type == "MENTIONS" for e in before.edges) - 1

    def test_merging_countries_renames_the_country_of_agencies(self, store):
        store.write(two_spellings())
        store.write(GraphBatch(nodes=[country("country:hashemite_kingdom", "Hashemite Kingdom")]))
        merge_entities(store, "country:hashemite_kingdom", "country:jordan")
        (agency,) = store.nodes_by_id("Agency", ["agency:jordan_gid"])
        assert agency.props["country"] == "country:hashemite_kingdom"
        assert {(e.src, e.dst, e.id) for e in store.iter_edges(["PART_OF"])} == {
            ("agency:jordan_gid", "country:hashemite_kingdom",
             row_id("PART_OF", "agency:jordan_gid", "country:hashemite_kingdom"))}
        (moved,) = store.nodes_by_id("Person", [YUSUF])
        assert moved.props["country"] == "country:hashemite_kingdom"

    def test_split_moves_a_name_with_its_mentions_and_sentences(self, store):
        store.write(wrongly_merged())
        before = (names(store, "Country"), mention_set(store), event_set(store))
        result = split_entity(store, "country:iraq", "Iran")
        assert result.new_node == "country:iran"
        assert (result.mentions_moved, result.events_moved, result.events_cut, result.references) == (2, 1, 1, 1)
        assert names(store, "Country") == {
            (("country:iran" if name == "Iran" else i), name) for i, name in before[0]
        } | {("country:iran", "Iran")}
        assert mention_set(store) == {(a, "country:iran" if form == "Iran" else e, form) for a, e, form in before[1]}
        sentences = {(ref, sentence) for *_, ref, sentence, _, _ in event_set(store)}
        assert sentences == {(ref, sentence) for *_, ref, sentence, _, _ in before[2]}  # none lost, none doubled
        assert len(event_set(store)) == len(before[2])
        placed = {ref: (kind, src, dst) for kind, _, src, dst, ref, *_ in event_set(store)}
        assert placed == {
            "b1#1": ("WARNED", "country:turkey", "country:iran"),  # the sentence names Iran
            "b2#0": ("WARNED", "country:turkey", "country:iran"),  # b2 wrote only Iran
            "b1#2": ("WARNED", "country:turkey", "country:iraq"),
            "b2#1": ("SHARED", "country:iran", "country:jordan"),
            "b1#3": ("WARNED", "country:jordan", "country:turkey"),
        }
        about = {e.id: e.props["about"] for e in store.iter_edges(["WARNED"]) if e.src == "country:jordan"}
        assert about == {"w9": ["country:iran"]}

    def test_split_cuts_articles_and_counts_with_their_sentences(self, store):
        store.write(wrongly_merged())
        split_entity(store, "country:iraq", "Iran")
        warned = {e.dst: e for e in store.iter_edges(["WARNED"]) if e.src == "country:turkey"}
        assert warned["country:iraq"].id == "w5"
        assert warned["country:iraq"].props["articles"] == ["b1"]
        assert warned["country:iran"].props["articles"] == ["b1", "b2"]
        assert warned["country:iran"].props["sentence_refs"] == ["b1#1", "b2#0"]
        counts = {(e.src, e.dst): (e.props["forms"], e.props["count"]) for e in store.iter_edges(["MENTIONS"])}
        assert counts[("b1", "country:iraq")] == (["Iraq"], 2)
        assert counts[("b1", "country:iran")] == (["Iran"], 1)
        assert counts[("b2", "country:iran")] == (["Iran"], 2)
        assert ("b2", "country:iraq") not in counts

    def test_split_onto_a_stored_node_merges_into_it(self, store):
        store.write(wrongly_merged())
        store.write(GraphBatch(nodes=[country("country:iran", "Iran", "Persia")],
                               edges=[mentions("b2", "Country", "country:iran", ["Persia"], 1)]))
        result = split_entity(store, "country:iraq", "Iran")
        assert result.new_node == "country:iran"
        (iran,) = store.nodes_by_id("Country", ["country:iran"])
        assert iran.props["name"] == "Iran" and set(iran.props["aliases"]) == {"Iran", "Persia"}
        counts = {(e.src, e.dst): (sorted(e.props["forms"]), e.props["count"]) for e in store.iter_edges(["MENTIONS"])}
        assert counts[("b2", "country:iran")] == (["Iran", "Persia"], 3)

    def test_bad_requests_change_nothing(self, store):
        store.write(two_spellings())
        before = (names(store), mention_set(store), event_set(store))
        with pytest.raises(UnknownEntity, match="unknown entity id 'person:nobody'"):
            merge_entities(store, YOUSSEF, "person:nobody")
        with pytest.raises(ValueError, match="cannot merge Country"):
            merge_entities(store, YOUSSEF, "country:iraq")
        with pytest.raises(ValueError, match="is not a name of"):
            split_entity(store, YOUSSEF, "Yusuf Mansur")
        with pytest.raises(ValueError, match="is the name of"):
            split_entity(store, YOUSSEF, "Youssef Mansour")
        assert (names(store), mention_set(store), event_set(store)) == before

    def test_an_edit_is_written_whole_or_not_at_all(self, store):
        store.write(two_spellings())
        before = (names(store), mention_set(store), event_set(store))
        steps = [(cypher.delete_node("Person"), {"id": YUSUF}),
                 (cypher.put_nodes("Person", store.dialect), {"rows": []})]  # refused: no $now
        with pytest.raises(ValueError, match="takes"):
            store.apply(steps)
        assert (names(store), mention_set(store), event_set(store)) == before


def wrongly_merged() -> GraphBatch:
    """Iran merged into Iraq: article b1 names both, b2 names Iran only."""
    return GraphBatch(
        nodes=[
            country("country:iraq", "Iraq", "Iran"), country("country:turkey", "Turkey"),
            country("country:jordan", "Jordan"), article("b1"), article("b2"),
        ],
        edges=[
            mentions("b1", "Country", "country:iraq", ["Iran", "Iraq"], 3),
            mentions("b2", "Country", "country:iraq", ["Iran"], 2),
            event("WARNED", "country:turkey", "country:iraq", "w5", {
                "b1#1": "Turkey warned Iran of the plot.",
                "b2#0": "Turkey warned Tehran's officials.",
                "b1#2": "Turkey warned Iraq as well.",
            }, labels=("Country", "Country")),
            event("SHARED", "country:iraq", "country:jordan", "s5",
                  {"b2#1": "Iran's intelligence shared names with Jordan."}, labels=("Country", "Country")),
            event("WARNED", "country:jordan", "country:turkey", "w9",
                  {"b1#3": "Jordan warned Turkey about Iran."}, labels=("Country", "Country"),
                  about=["country:iraq"]),
        ],
    )


class TestEmbeddedStore(MergeContract):
    @pytest.fixture
    def store(self, tmp_path):
        with open_store(tmp_path / "graph.db") as opened:
            yield opened


@live
class TestNeo4jStore(MergeContract):
    @pytest.fixture
    def store(self):
        with Neo4jStore(URI, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD"),
                        database=os.environ.get("NEO4J_DATABASE")) as opened:
            opened.clear()
            opened.ensure_schema()
            yield opened
            opened.clear()
