"""The store contract, against the real embedded store (and, from test_neo4j_live, Neo4j).

`StoreContract` holds the tests every store must pass; a subclass supplies the
`store` fixture. Graphs are compared as sets of tuples.
"""
from __future__ import annotations

import contextlib
import gc
from datetime import date

import pytest

from graph_builder.collections_policy import LOAD_GC_THRESHOLD
from graph_builder.model import EdgeRow, GraphBatch, NodeRow
from graph_builder.store import EmbeddedStore, StoreError, WriteStats, open_store, sync

SENTENCE = "Turkish intelligence warned Baghdad of a planned attack on the airport."
ANOTHER = "The warning reached Iraqi officials two days before the attack."

LITERAL_NAMES = [
    "O'Brien \"the Quiet\"",
    "`backtick` Group",
    "MATCH (n) DETACH DELETE n",
    "RETURN $name; CREATE INDEX",
    "back\\slash {curly} [square]",
    "تنظيم الدولة الإسلامية",
    "جهاز المخابرات العامة 'الخاص'",
]


def first_batch() -> GraphBatch:
    """Two countries, an agency PART_OF one, an article MENTIONS, a dated WARNED."""
    return GraphBatch(
        nodes=[
            NodeRow("Country", "country:iraq", {"name": "Iraq", "aliases": ["Republic of Iraq"]}),
            NodeRow("Country", "country:turkey", {"name": "Turkey", "aliases": []}),
            NodeRow("Agency", "agency:mit", {
                "name": "MIT", "aliases": {"National Intelligence Organization", "MİT"},
                "country": "country:turkey", "kind": "intelligence",
            }),
            NodeRow("Article", "article:a1", {
                "url": "https://news.example/a1", "title": "Warning before the attack",
                "published": date(2021, 3, 4), "lang": "en", "source": "fixtures/a.jsonl:1",
            }),
        ],
        edges=[
            EdgeRow("PART_OF", "Agency", "agency:mit", "Country", "country:turkey", "part_of:1", {}),
            EdgeRow("MENTIONS", "Article", "article:a1", "Agency", "agency:mit", "mentions:1",
                    {"forms": ["Turkish intelligence"], "count": 1}),
            EdgeRow("MENTIONS", "Article", "article:a1", "Country", "country:iraq", "mentions:2",
                    {"forms": ["Baghdad"], "count": 1}),
            EdgeRow("WARNED", "Agency", "agency:mit", "Country", "country:iraq", "warned:1", {
                "date_start": date(2021, 3, 1), "date_end": date(2021, 3, 4),
                "date_precision": "day", "about": ["organization:islamic_state"],
                "articles": ["article:a1"], "evidence": [SENTENCE],
                "sentence_refs": ["article:a1#0"], "claimed_by": [],
                "confidence": 0.8, "mutual": False,
            }),
        ],
    )


def second_batch() -> GraphBatch:
    """A later article about the same warning: new aliases, article and evidence."""
    return GraphBatch(
        nodes=[
            NodeRow("Country", "country:iraq", {"name": None, "aliases": ["العراق", "Republic of Iraq"]}),
            NodeRow("Article", "article:a2", {"title": "Officials confirm the warning", "lang": "en"}),
        ],
        edges=[
            EdgeRow("MENTIONS", "Article", "article:a2", "Country", "country:iraq", "mentions:3",
                    {"forms": ["Iraqi"], "count": 1}),
            EdgeRow("WARNED", "Agency", "agency:mit", "Country", "country:iraq", "warned:1", {
                "articles": ["article:a2"],
                # The same sentence quoted by both articles must stay aligned with its refs.
                "evidence": [SENTENCE, ANOTHER],
                "sentence_refs": ["article:a2#1", "article:a2#4"],
                "claimed_by": ["country:iraq"], "about": ["organization:islamic_state"],
                "confidence": 0.6, "mutual": True,
            }),
        ],
    )


def node_set(store) -> set[tuple]:
    return {(n.label, n.id, n.props.get("name")) for n in store.iter_nodes()}


def edge_set(store) -> set[tuple]:
    return {(e.type, e.src_label, e.src, e.dst_label, e.dst, e.id) for e in store.iter_edges()}


def edge(store, edge_id: str) -> EdgeRow:
    (found,) = [e for e in store.iter_edges() if e.id == edge_id]
    return found


def node(store, node_id: str) -> NodeRow:
    (found,) = [n for n in store.iter_nodes() if n.id == node_id]
    return found


class StoreContract:
    """What every store does; subclasses define the `store` fixture (schema ensured, empty)."""

    def test_reads_back_what_was_written(self, store):
        store.write(first_batch())
        assert node_set(store) == {
            ("Country", "country:iraq", "Iraq"),
            ("Country", "country:turkey", "Turkey"),
            ("Agency", "agency:mit", "MIT"),
            ("Article", "article:a1", None),
        }
        assert edge_set(store) == {
            ("PART_OF", "Agency", "agency:mit", "Country", "country:turkey", "part_of:1"),
            ("MENTIONS", "Article", "article:a1", "Agency", "agency:mit", "mentions:1"),
            ("MENTIONS", "Article", "article:a1", "Country", "country:iraq", "mentions:2"),
            ("WARNED", "Agency", "agency:mit", "Country", "country:iraq", "warned:1"),
        }
        warned = edge(store, "warned:1").props
        assert (warned["date_start"], warned["date_end"], warned["date_precision"]) == (
            date(2021, 3, 1), date(2021, 3, 4), "day")
        assert type(warned["date_start"]) is date
        assert warned["evidence"] == [SENTENCE]
        assert warned["sentence_refs"] == ["article:a1#0"]
        assert warned["about"] == ["organization:islamic_state"]
        assert (warned["confidence"], warned["mutual"]) == (0.8, False)
        assert isinstance(warned["lastupdated"], int)
        article = node(store, "article:a1").props
        assert (article["published"], article["lang"], article["url"]) == (
            date(2021, 3, 4), "en", "https://news.example/a1")
        mit = node(store, "agency:mit").props
        assert sorted(mit["aliases"]) == ["MİT", "National Intelligence Organization"]
        assert (mit["country"], mit["kind"]) == ("country:turkey", "intelligence")

    def test_counts_include_zeros(self, store):
        store.write(first_batch())
        assert store.counts() == {
            "Person": 0, "Agency": 1, "Country": 2, "Organization": 0, "Location": 0,
            "Article": 1, "MENTIONS": 2, "PART_OF": 1, "WARNED": 1, "SHARED": 0,
        }

    def test_write_stats_are_honest(self, store):
        assert store.write(first_batch()) == WriteStats(
            nodes_created=4, nodes_updated=0, edges_created=4, edges_updated=0)
        assert store.write(first_batch()) == WriteStats(
            nodes_created=0, nodes_updated=4, edges_created=0, edges_updated=4)
        assert store.write(second_batch()) == WriteStats(
            nodes_created=1, nodes_updated=1, edges_created=1, edges_updated=1)

    def test_writing_twice_changes_nothing(self, store):
        store.write(first_batch())
        counts, nodes, edges = store.counts(), node_set(store), edge_set(store)
        lists = edge(store, "warned:1").props
        store.write(first_batch())
        assert store.counts() == counts
        assert (node_set(store), edge_set(store)) == (nodes, edges)
        again = edge(store, "warned:1").props
        for name in ("articles", "evidence", "sentence_refs", "about"):
            assert again[name] == lists[name]

    def test_incremental_write_accumulates_without_duplicates(self, store):
        store.write(first_batch())
        store.write(second_batch())
        store.write(second_batch())
        iraq = node(store, "country:iraq").props
        assert iraq["name"] == "Iraq"  # a missing name never erases a stored one
        assert iraq["aliases"] == ["Republic of Iraq", "العراق"]
        warned = edge(store, "warned:1").props
        assert warned["articles"] == ["article:a1", "article:a2"]
        assert warned["sentence_refs"] == ["article:a1#0", "article:a2#1", "article:a2#4"]
        assert warned["evidence"] == [SENTENCE, SENTENCE, ANOTHER]
        assert warned["about"] == ["organization:islamic_state"]
        assert warned["claimed_by"] == ["country:iraq"]
        assert warned["confidence"] == 0.8  # the higher confidence stays
        assert warned["mutual"] is True
        assert warned["date_start"] == date(2021, 3, 1)  # kept when the new row has none
        assert store.counts()["MENTIONS"] == 3
        assert store.counts()["Article"] == 2

    def test_names_are_stored_literally(self, store):
        nodes = [
            NodeRow("Organization", f"organization:literal_{i}", {"name": name, "aliases": [name, name + " "]})
            for i, name in enumerate(LITERAL_NAMES)
        ]
        odd_id = "person:o'neil `x` \"y\""
        nodes.append(NodeRow("Person", odd_id, {"name": LITERAL_NAMES[0]}))
        edges = [EdgeRow("SHARED", "Person", odd_id, "Organization", "organization:literal_5",
                         "shared:literal", {"evidence": LITERAL_NAMES[5:], "sentence_refs": ["x#1", "x#2"]})]
        store.write(GraphBatch(nodes=nodes, edges=edges))
        stored = {n.id: n.props for n in store.iter_nodes()}
        for i, name in enumerate(LITERAL_NAMES):
            assert stored[f"organization:literal_{i}"]["name"] == name
            assert stored[f"organization:literal_{i}"]["aliases"] == [name, name + " "]
        assert stored[odd_id]["name"] == LITERAL_NAMES[0]
        assert edge(store, "shared:literal").props["evidence"] == LITERAL_NAMES[5:]
        assert store.counts()["Organization"] == len(LITERAL_NAMES)

    def test_query_takes_parameters(self, store):
        store.write(first_batch())
        columns, rows = store.query(
            "MATCH (a:Agency)-[r:WARNED]->(c:Country) WHERE c.id = $id RETURN a.name, r.date_start",
            {"id": "country:iraq"},
        )
        assert len(columns) == 2
        assert rows == [["MIT", date(2021, 3, 1)]]

    def test_entities_seed_the_resolver(self, store):
        store.write(first_batch())
        seen = {(e["id"], e["label"], e["name"], tuple(sorted(e["aliases"])), e["country"], e["kind"])
                for e in store.entities()}
        assert seen == {
            ("country:iraq", "Country", "Iraq", ("Republic of Iraq",), None, None),
            ("country:turkey", "Country", "Turkey", (), None, None),
            ("agency:mit", "Agency", "MIT", ("MİT", "National Intelligence Organization"),
             "country:turkey", "intelligence"),
        }

    def test_edge_to_a_missing_node_is_skipped_and_counted(self, store):
        batch = first_batch()
        batch.edges.append(EdgeRow("WARNED", "Agency", "agency:mit", "Country", "country:nowhere", "warned:2", {}))
        stats = store.write(batch)
        assert (stats.edges_created, stats.edges_skipped) == (4, 1)
        assert store.counts()["WARNED"] == 1

    def test_rows_naming_one_node_twice_are_combined(self, store):
        batch = GraphBatch(nodes=[
            NodeRow("Location", "location:mosul", {"name": "Mosul", "aliases": ["Mosul"]}),
            NodeRow("Location", "location:mosul", {"name": None, "aliases": ["الموصل", "Mosul"]}),
        ])
        assert store.write(batch).nodes_created == 1
        assert node(store, "location:mosul").props["aliases"] == ["Mosul", "الموصل"]
        assert node(store, "location:mosul").props["name"] == "Mosul"

    def test_small_pages_and_batches_read_everything(self, store):
        store.batch_size, store.page_size = 2, 2
        countries = [NodeRow("Country", f"country:c{i}", {"name": f"C{i}"}) for i in range(7)]
        warnings = [EdgeRow("WARNED", "Country", f"country:c{i}", "Country", f"country:c{(i + 1) % 7}",
                            f"warned:c{i}", {}) for i in range(7)]
        stats = store.write(GraphBatch(nodes=countries, edges=warnings))
        assert (stats.nodes_created, stats.edges_created) == (7, 7)
        assert {n.id for n in store.iter_nodes()} == {f"country:c{i}" for i in range(7)}
        assert {(e.src, e.dst) for e in store.iter_edges()} == {
            (f"country:c{i}", f"country:c{(i + 1) % 7}") for i in range(7)}

    @pytest.mark.parametrize("bad", [
        NodeRow("Spy", "spy:x", {}),
        NodeRow("Country", "country:x", {"population": 5}),
        NodeRow("Country", "", {}),
        NodeRow("Article", "article:x", {"published": 2021}),
    ])
    def test_bad_node_rows_are_refused_before_writing(self, store, bad):
        batch = first_batch()
        batch.nodes.append(bad)
        with pytest.raises(ValueError):
            store.write(batch)
        assert sum(store.counts().values()) == 0

    def test_relationship_outside_the_schema_is_refused(self, store):
        bad = EdgeRow("PART_OF", "Country", "country:iraq", "Agency", "agency:mit", "part_of:x", {})
        with pytest.raises(ValueError, match="PART_OF does not link Country to Agency"):
            store.write(GraphBatch(edges=[bad]))

    def test_schema_is_idempotent(self, store):
        store.write(first_batch())
        store.ensure_schema()
        assert store.counts()["Country"] == 2


class TestEmbeddedStore(StoreContract):
    @pytest.fixture
    def store(self, tmp_path):
        with open_store(tmp_path / "graph.db") as opened:
            yield opened


def test_store_survives_reopening(tmp_path):
    with open_store(tmp_path / "db" / "graph.db") as store:
        store.write(first_batch())
        counts = store.counts()
    with open_store(tmp_path / "db" / "graph.db") as store:
        assert store.counts() == counts
        assert edge(store, "warned:1").props["evidence"] == [SENTENCE]


def test_sync_copies_a_store_and_repeats_harmlessly(tmp_path):
    with open_store(tmp_path / "a.db") as source, open_store(tmp_path / "b.db") as target:
        source.write(first_batch())
        source.write(second_batch())
        first = sync(source, target)
        assert (first.nodes_created, first.edges_created) == (5, 5)
        assert (node_set(target), edge_set(target)) == (node_set(source), edge_set(source))
        assert edge(target, "warned:1").props["evidence"] == edge(source, "warned:1").props["evidence"]
        sync(source, target)
        assert target.counts() == source.counts()


def test_bad_query_is_one_line_store_error(tmp_path):
    with open_store(tmp_path / "graph.db") as store:
        with pytest.raises(StoreError) as raised:
            store.query("MATCH (n:Nonexistent) RETURN n")
    assert "\n" not in str(raised.value)
    assert "Nonexistent" in str(raised.value)


def test_unopenable_path_is_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot open graph store"):
        EmbeddedStore(blocker / "graph.db")


def test_failed_transaction_leaves_nothing_and_store_stays_usable(tmp_path):
    from graph_builder.store.cypher import Statement

    create = Statement("create", "CREATE (:Country {id: 'country:half'})")

    def refused_by_the_store(run):
        run(create, {})
        run(Statement("bad", "MATCH (n:Nope) RETURN n"), {})

    def refused_in_python(run):
        run(create, {})
        run(Statement("undeclared", "RETURN $x"), {"x": 1})  # x is not declared

    with open_store(tmp_path / "graph.db") as store:
        with pytest.raises(StoreError):
            store._write_transaction(refused_by_the_store)
        with pytest.raises(ValueError):
            store._write_transaction(refused_in_python)
        assert store.counts()["Country"] == 0
        store.write(first_batch())
        assert store.counts()["Country"] == 2


# --- the embedded store's load: bulk import for new rows, merges for the rest ---------------


def contents(store) -> tuple[set, set]:
    """Every node and edge with every property but the load stamp."""
    def frozen(props):
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items() if k != "lastupdated"))

    nodes = {(n.label, n.id, frozen(n.props)) for n in store.iter_nodes()}
    edges = {(e.type, e.src_label, e.src, e.dst_label, e.dst, e.id, frozen(e.props)) for e in store.iter_edges()}
    return nodes, edges


def awkward_batch() -> GraphBatch:
    """Values a staged CSV file cannot carry (empty strings, line breaks), next to ordinary ones."""
    return GraphBatch(
        nodes=[
            NodeRow("Person", "person:blank", {"name": "", "aliases": ["", "x"]}),
            NodeRow("Person", "person:lines", {"name": "two\nlines", "aliases": ["a\r\nb", "tab\there"]}),
            NodeRow("Person", "person:plain", {"name": "Plain", "aliases": [" spaced ", "comma, \"quote\""]}),
        ],
        edges=[
            EdgeRow("WARNED", "Person", "person:lines", "Person", "person:plain", "warned:lines",
                    {"evidence": ["first\nsecond"], "sentence_refs": ["a#1"], "confidence": 0.25}),
            EdgeRow("WARNED", "Person", "person:plain", "Person", "person:blank", "warned:plain",
                    {"evidence": [SENTENCE], "sentence_refs": ["a#2"], "mutual": None}),
        ],
    )


def mixed_batch() -> GraphBatch:
    """After `first_batch`: stored and new nodes, stored and new edges, an edge to nowhere."""
    return GraphBatch(
        nodes=[
            NodeRow("Country", "country:iraq", {"name": "Iraq", "aliases": ["Iraq", "Republic of Iraq"]}),
            NodeRow("Country", "country:syria", {"name": "Syria", "aliases": ["Syrian Arab Republic"]}),
            NodeRow("Agency", "agency:mit", {"name": "MIT", "aliases": ["MIT"], "kind": "intelligence"}),
            NodeRow("Article", "article:a3", {"title": "A third report", "published": date(2021, 4, 1)}),
        ],
        edges=[
            EdgeRow("WARNED", "Agency", "agency:mit", "Country", "country:iraq", "warned:1", {
                "articles": ["article:a3"], "evidence": [ANOTHER], "sentence_refs": ["article:a3#2"],
                "confidence": 0.9}),
            EdgeRow("WARNED", "Agency", "agency:mit", "Country", "country:turkey", "warned:3", {
                "articles": ["article:a3"], "evidence": [SENTENCE], "sentence_refs": ["article:a3#0"]}),
            EdgeRow("SHARED", "Country", "country:syria", "Country", "country:iraq", "shared:1", {
                "articles": ["article:a3"], "mutual": True}),
            EdgeRow("MENTIONS", "Article", "article:a3", "Country", "country:syria", "mentions:4",
                    {"forms": ["Syria"], "count": 2}),
            EdgeRow("MENTIONS", "Article", "article:a3", "Country", "country:nowhere", "mentions:5", {}),
        ],
    )


@pytest.fixture
def merge_only(monkeypatch):
    """Make the embedded store merge every row, as it did before it staged new rows for COPY."""
    from graph_builder.store import embedded_load

    def use(on: bool):
        if on:
            monkeypatch.setattr(embedded_load, "staging_folder", lambda near: None)
        else:
            monkeypatch.undo()

    return use


def sent_statements(store, monkeypatch, record) -> list:
    """What `record(text, params)` makes of each statement the store executes from now
    on (None: left out)."""
    sent = []
    execute = store._execute

    def spy(text, params=None):
        seen = record(text, params)
        if seen is not None:
            sent.append(seen)
        return execute(text, params)

    monkeypatch.setattr(store, "_execute", spy)
    return sent


def sent_copies(store, monkeypatch) -> list[str]:
    return sent_statements(store, monkeypatch, lambda text, _: text if text.startswith("COPY") else None)


@pytest.mark.parametrize("batches", [
    [first_batch(), second_batch()],
    [awkward_batch()],
    [first_batch(), mixed_batch(), second_batch(), mixed_batch()],
])
def test_bulk_path_and_merge_path_give_the_same_store(tmp_path, merge_only, batches):
    results = []
    for name, merging in (("bulk", False), ("merge", True)):
        merge_only(merging)
        with open_store(tmp_path / f"{name}.db") as store:
            stats = [store.write(b) for b in batches]
            results.append((stats, store.counts(), contents(store)))
    merge_only(False)
    assert results[0] == results[1]


def test_a_first_load_uses_the_bulk_import(tmp_path, monkeypatch):
    with open_store(tmp_path / "graph.db") as store:
        copies = sent_copies(store, monkeypatch)
        store.write(first_batch())
        assert {c.split()[1] for c in copies} == {"Country", "Agency", "Article", "PART_OF", "MENTIONS", "WARNED"}
        copies.clear()
        store.write(second_batch())  # the tables hold data now: merged
        assert copies == []
        assert edge(store, "warned:1").props["sentence_refs"] == ["article:a1#0", "article:a2#1", "article:a2#4"]


def test_rows_a_csv_file_cannot_carry_are_stored_exactly(tmp_path):
    with open_store(tmp_path / "graph.db") as store:
        assert store.write(awkward_batch()) == WriteStats(nodes_created=3, edges_created=2)
        stored = {n.id: n.props for n in store.iter_nodes()}
        assert (stored["person:blank"]["name"], stored["person:blank"]["aliases"]) == ("", ["", "x"])
        assert (stored["person:lines"]["name"], stored["person:lines"]["aliases"]) == (
            "two\nlines", ["a\r\nb", "tab\there"])
        assert stored["person:plain"]["aliases"] == [" spaced ", "comma, \"quote\""]
        assert edge(store, "warned:lines").props["evidence"] == ["first\nsecond"]
        assert edge(store, "warned:plain").props["mutual"] is False


def test_repeated_load_is_idempotent(tmp_path):
    batches = [first_batch(), mixed_batch(), second_batch()]
    with open_store(tmp_path / "graph.db") as store:
        for batch in batches:
            store.write(batch)
        counts, before = store.counts(), contents(store)
        again = [store.write(batch) for batch in batches]
        assert (store.counts(), contents(store)) == (counts, before)
        assert sum(s.nodes_created + s.edges_created for s in again) == 0
    with open_store(tmp_path / "graph.db") as store:  # a new session remembers nothing
        for batch in batches:
            store.write(batch)
        assert (store.counts(), contents(store)) == (counts, before)


def test_a_batch_mixing_new_and_stored_rows(tmp_path):
    with open_store(tmp_path / "graph.db") as store:
        store.write(first_batch())
        stats = store.write(mixed_batch())
        assert stats == WriteStats(nodes_created=2, nodes_updated=2, edges_created=3, edges_updated=1,
                                   edges_skipped=1)
        iraq = node(store, "country:iraq").props
        assert iraq["aliases"] == ["Republic of Iraq", "Iraq"]
        warned = edge(store, "warned:1").props
        assert warned["sentence_refs"] == ["article:a1#0", "article:a3#2"]
        assert warned["evidence"] == [SENTENCE, ANOTHER]
        assert warned["confidence"] == 0.9
        assert node(store, "agency:mit").props["country"] == "country:turkey"  # kept: the row has none
        assert edge(store, "shared:1").props["mutual"] is True
        assert store.counts()["MENTIONS"] == 3


def test_a_row_repeated_unchanged_is_not_sent_again(tmp_path, monkeypatch):
    with open_store(tmp_path / "graph.db") as store:
        store.write(first_batch())
        sent = []
        run = store._run
        monkeypatch.setattr(store, "_run", lambda statement, params: sent.append(statement.name) or run(statement, params))
        assert store.write(first_batch()) == WriteStats(nodes_updated=4, edges_updated=4)
        assert not [name for name in sent if name.startswith("merge")]


def test_other_writes_make_the_store_forget_what_it_wrote(tmp_path):
    from graph_builder.store.cypher import Statement

    with open_store(tmp_path / "graph.db") as store:
        store.write(first_batch())
        store.query("MATCH (n:Country {id: 'country:iraq'}) DETACH DELETE n")
        assert store.write(first_batch()).nodes_created == 1
        assert store.counts()["Country"] == 2 and store.counts()["WARNED"] == 1
        store.apply([(Statement("rename", "MATCH (n:Country {id: $id}) SET n.name = 'Changed'", ("id",)),
                      {"id": "country:turkey"})])
        store.write(first_batch())
        assert node(store, "country:turkey").props["name"] == "Turkey"


def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch):
    from graph_builder.store import embedded_load

    def refuse(self, table):
        raise StoreError("refused")

    with open_store(tmp_path / "graph.db") as store:
        store.write(GraphBatch(nodes=[NodeRow("Person", "person:someone", {"name": "Someone"})]))
        monkeypatch.setattr(embedded_load.Session, "_import", refuse)
        with pytest.raises(StoreError):
            store.write(first_batch())  # Country is empty: its new rows are copied, and refused
        assert store.counts()["Country"] == 0 and store.counts()["Person"] == 1
        monkeypatch.undo()
        assert store.write(first_batch()).nodes_created == 4


# --- a load session: many batches, one transaction -------------------------------------


def many_articles(count: int, start: int = 0) -> list[GraphBatch]:
    """Batches of `count` articles naming a growing set of people and one recurring warning."""
    batches = []
    for i in range(start, start + count):
        person = f"person:p{i % 7}"
        batches.append(GraphBatch(
            nodes=[NodeRow("Article", f"article:{i}", {"title": f"Report {i}", "published": date(2021, 1, 1 + i % 28)}),
                   NodeRow("Person", person, {"name": f"P {i % 7}", "aliases": [f"P{i % 7}", f"form {i}"]}),
                   NodeRow("Country", "country:iraq", {"name": "Iraq", "aliases": ["Iraq"]})],
            edges=[EdgeRow("MENTIONS", "Article", f"article:{i}", "Person", person, f"m:{i}", {"forms": ["P"], "count": 1}),
                   EdgeRow("WARNED", "Person", person, "Country", "country:iraq", f"w:{i % 3}", {
                       "articles": [f"article:{i}"], "evidence": [f"Sentence {i}."],
                       "sentence_refs": [f"article:{i}#0"], "confidence": 0.5 + (i % 4) / 10}),
                   EdgeRow("MENTIONS", "Article", f"article:{i}", "Country", "country:nowhere", f"x:{i}", {})],
        ))
    return batches


@pytest.mark.parametrize("transaction_rows, rows_per_file", [
    (100_000, 200_000),  # one transaction
    (5, 200_000),  # commits as it goes
    (5, 2),  # and imports each table file by file
])
@pytest.mark.parametrize("before", [[], [first_batch()]])
def test_a_session_gives_the_store_separate_writes_give(tmp_path, monkeypatch, before, transaction_rows,
                                                        rows_per_file):
    from graph_builder.store import embedded_load, staging

    monkeypatch.setattr(embedded_load, "TRANSACTION_ROWS", transaction_rows)
    monkeypatch.setattr(staging, "ROWS_PER_FILE", rows_per_file)
    batches = many_articles(12) + [awkward_batch(), mixed_batch()]
    results = []
    for name in ("apart", "session"):
        with open_store(tmp_path / f"{name}.db") as store:
            for batch in before:
                store.write(batch)
            if name == "apart":
                stats = sum((store.write(b) for b in batches), WriteStats())
            else:
                with store.loading() as session:
                    for batch in batches:
                        session.add(batch)
                stats = session.stats
            results.append((stats, store.counts(), contents(store)))
    assert results[0] == results[1]
    # 12 mentions of nowhere, one in mixed_batch, and its warning by an agency only first_batch stores
    assert results[1][0].edges_skipped == 12 + 1 + (0 if before else 1)


@pytest.mark.parametrize("merge_below, imported", [
    (9, {"Article", "MENTIONS", "Person", "WARNED"}),  # Person was empty; 9 new articles, mentions, warnings
    (10, {"Person"}),  # 9 new rows into a table holding data: merged
])
def test_a_session_imports_many_new_rows_into_a_table_holding_data(tmp_path, monkeypatch, merge_below, imported):
    from graph_builder.store import embedded_load

    monkeypatch.setattr(embedded_load, "MERGE_BELOW", merge_below)
    with open_store(tmp_path / "graph.db") as store:
        store.write(first_batch())
        copies = sent_copies(store, monkeypatch)
        with store.loading() as session:
            for batch in many_articles(9):
                session.add(batch)
        assert {c.split()[1] for c in copies} == imported
        assert store.counts()["Article"] == 10 and store.counts()["WARNED"] == 1 + 9


def test_a_session_that_fails_writes_nothing(tmp_path):
    with open_store(tmp_path / "graph.db") as store:
        store.write(first_batch())
        before = (store.counts(), contents(store))
        with pytest.raises(RuntimeError):
            with store.loading() as session:
                for batch in many_articles(5):
                    session.add(batch)
                raise RuntimeError("interrupted")
        assert (store.counts(), contents(store)) == before
        assert not list(tmp_path.glob(".graph.db.load-*"))  # staged files removed


def test_a_load_removes_what_a_killed_load_left(tmp_path):
    stale = tmp_path / ".graph.db.load-abc123"
    stale.mkdir()
    (stale / "Person.csv").write_text("id\n")
    other = tmp_path / ".other.db.load-abc123"  # another store's: left alone
    other.mkdir()
    with open_store(tmp_path / "graph.db") as store:
        store.write(first_batch())
    assert not stale.exists() and other.exists()


def test_a_session_remembers_a_bounded_number_of_rows(tmp_path):
    with open_store(tmp_path / "graph.db") as store:
        store._written.limit = 10
        with store.loading() as session:
            for batch in many_articles(20):
                session.add(batch)
        remembered = store._written
        assert len(remembered.rows.get("Person", {})) == 7  # entity rows always
        assert remembered.size <= 10 + 7 + 1  # the rest up to the limit


def test_a_staged_table_is_split_into_files_of_bounded_size(tmp_path):
    from graph_builder.store import queries
    from graph_builder.store.staging import Stager

    stager = Stager(queries.staged_table("Person"), tmp_path / "Person.csv", 0, rows_per_file=3)
    for i in range(7):
        assert stager.add({"id": f"person:{i}", "name": f"P {i}", "aliases": [f"P{i}"]})
    files = stager.close()
    assert [len(f.read_text().splitlines()) - 1 for f in files] == [3, 3, 1]  # a header each


@pytest.mark.parametrize("fails", [False, True])
def test_a_session_collects_garbage_rarely_and_restores_the_setting(tmp_path, fails):
    before = gc.get_threshold()
    with open_store(tmp_path / "graph.db") as store:
        with pytest.raises(RuntimeError) if fails else contextlib.nullcontext():
            with store.loading() as session:
                assert gc.get_threshold()[0] == max(LOAD_GC_THRESHOLD, before[0])
                for batch in many_articles(2):
                    session.add(batch)
                if fails:
                    raise RuntimeError("interrupted")
        assert gc.get_threshold() == before


@pytest.mark.parametrize("fails", [False, True])
def test_a_session_keeps_the_objects_it_began_with_out_of_collections_and_thaws_them(tmp_path, fails):
    gc.unfreeze()  # what earlier tests froze (a worker pool freezes before it forks)
    with open_store(tmp_path / "graph.db") as store:
        with pytest.raises(RuntimeError) if fails else contextlib.nullcontext():
            with store.loading() as session:
                assert gc.get_freeze_count() > 0
                session.add(many_articles(1)[0])
                if fails:
                    raise RuntimeError("interrupted")
        assert gc.get_freeze_count() == 0


def test_a_session_leaves_what_its_caller_froze_frozen(tmp_path):
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        with open_store(tmp_path / "graph.db") as store, store.loading() as session:
            session.add(many_articles(1)[0])
            assert gc.get_freeze_count() == frozen  # no more frozen: nothing of ours to thaw later
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def sent_merges(store, monkeypatch) -> list[str]:
    sent = []
    run = store._run

    def spy(statement, params):
        if statement.name.startswith("merge"):
            sent.append(statement.name)
        return run(statement, params)

    monkeypatch.setattr(store, "_run", spy)
    return sent


def warning_again(i: int, evidence: str) -> GraphBatch:
    """Article i reports the warning w:again (P 0 warned Iraq)."""
    return GraphBatch(
        nodes=[NodeRow("Article", f"article:{i}", {"title": f"Report {i}"}),
               NodeRow("Person", "person:p0", {"name": "P 0", "aliases": ["P0"]}),
               NodeRow("Country", "country:iraq", {"name": "Iraq", "aliases": ["Iraq"]})],
        edges=[EdgeRow("WARNED", "Person", "person:p0", "Country", "country:iraq", "w:again", {
            "articles": [f"article:{i}"], "evidence": [evidence], "sentence_refs": [f"article:{i}#3"],
            "confidence": 0.9})],
    )


def load_apart_and_in_a_session(tmp_path, monkeypatch, batches: list[GraphBatch]):
    """The store separate writes leave, and for one session: its store, its merge statements
    of WARNED rows, and its w:again edge."""
    with open_store(tmp_path / "apart.db") as store:
        for batch in batches:
            store.write(batch)
        expected = contents(store)
    with open_store(tmp_path / "session.db") as store:
        merges = sent_merges(store, monkeypatch)
        with store.loading() as session:
            for batch in batches:
                session.add(batch)
        return expected, contents(store), [m for m in merges if "WARNED" in m], edge(store, "w:again")


@pytest.mark.parametrize("rows_per_file", [200_000, 2])
def test_a_row_repeated_in_a_session_is_folded_into_its_staged_line(tmp_path, monkeypatch, rows_per_file):
    """The warning w:again comes back in a later article: the import writes it whole, no merge follows."""
    from graph_builder.store import staging

    monkeypatch.setattr(staging, "ROWS_PER_FILE", rows_per_file)
    batches = many_articles(6) + [warning_again(90, "Said again."), warning_again(91, "And again.")]
    expected, stored, warned_merges, again = load_apart_and_in_a_session(tmp_path, monkeypatch, batches)
    assert stored == expected
    assert warned_merges == []
    assert again.props["articles"] == ["article:90", "article:91"]
    assert again.props["evidence"] == ["Said again.", "And again."]


def test_a_repeated_row_a_staged_line_cannot_carry_is_merged_after_the_import(tmp_path, monkeypatch):
    batches = many_articles(6) + [warning_again(90, "Said."), warning_again(91, "two\nlines")]
    expected, stored, warned_merges, again = load_apart_and_in_a_session(tmp_path, monkeypatch, batches)
    assert stored == expected
    assert warned_merges == ["merge Person-WARNED->Country (ladybug)"]
    assert again.props["evidence"] == ["Said.", "two\nlines"]


def test_a_staged_line_reads_back_as_its_row(tmp_path):
    from graph_builder.store import queries
    from graph_builder.store.staging import Stager

    stager = Stager(queries.staged_table("WARNED", ("Person", "Country")), tmp_path / "w.csv", 7)
    row = {"src": "person:a", "dst": "country:b", "id": "w:1", "articles": ["article:1", "article:2"],
           "evidence": ["A, \"quoted\" sentence."], "confidence": 0.75, "mutual": False,
           "date_start": date(2020, 5, 1), "date_end": None}
    read = stager._row(stager._line(row))
    assert {k: read[k] for k in row} == row
    assert stager._line_key(stager._line(row)) == stager.key(row) == ("person:a", "country:b", "w:1")


def test_a_merge_updates_stored_nodes_and_creates_the_others_in_one_chunk(tmp_path, monkeypatch):
    """Stored nodes are updated through MATCH, the rest of the chunk through MERGE."""
    with open_store(tmp_path / "graph.db") as store:
        store.write(first_batch())
        sent = sent_statements(store, monkeypatch, lambda text, params: (  # (the clause, the rows it took)
            (text.splitlines()[1].split()[0], len(params["rows"])) if "(n:Country {id: row.id})" in text else None))
        stats = store.write(GraphBatch(nodes=[
            NodeRow("Country", "country:iraq", {"name": None, "aliases": ["العراق"]}),
            NodeRow("Country", "country:syria", {"name": "Syria", "aliases": ["Syrian Arab Republic"]}),
        ]))
        assert (stats.nodes_created, stats.nodes_updated) == (1, 1)
        rows_sent = {clause: sum(n for c, n in sent if c == clause) for clause in ("MATCH", "MERGE")}
        assert rows_sent == {"MATCH": 2, "MERGE": 1}  # only the node not found was merged
        assert node(store, "country:iraq").props["aliases"] == ["Republic of Iraq", "العراق"]
        assert node(store, "country:iraq").props["name"] == "Iraq"
        assert node(store, "country:syria").props["aliases"] == ["Syrian Arab Republic"]
