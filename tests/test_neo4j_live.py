"""The store contract against a live Neo4j, when NEO4J_URI names one.

User and password come from NEO4J_USER / NEO4J_PASSWORD (database from
NEO4J_DATABASE). The database is emptied before every test.
"""
from __future__ import annotations

import os

import pytest

from graph_builder.store import Neo4jStore, StoreError, open_store, sync
from test_store_embedded import StoreContract, edge_set, first_batch, node_set, second_batch

URI = os.environ.get("NEO4J_URI")
live = pytest.mark.skipif(not URI, reason="NEO4J_URI not set")


def connect() -> Neo4jStore:
    return Neo4jStore(
        URI,
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD"),
        database=os.environ.get("NEO4J_DATABASE"),
    )


@live
class TestNeo4jStore(StoreContract):
    @pytest.fixture
    def store(self):
        with connect() as opened:
            opened.clear()
            opened.ensure_schema()
            yield opened
            opened.clear()


@live
def test_sync_from_the_embedded_store(tmp_path):
    with open_store(tmp_path / "graph.db") as source, connect() as target:
        target.clear()
        source.write(first_batch())
        source.write(second_batch())
        sync(source, target)
        sync(source, target)
        assert target.counts() == source.counts()
        assert (node_set(target), edge_set(target)) == (node_set(source), edge_set(source))
        target.clear()


def test_unreachable_server_is_one_line_without_the_password():
    password = "not-the-real-one-9d1c"
    with pytest.raises(StoreError) as raised:
        Neo4jStore("bolt://127.0.0.1:1", "neo4j", password)
    message = str(raised.value)
    assert message.startswith("cannot reach Neo4j at bolt://127.0.0.1:1")
    assert "\n" not in message
    assert password not in message


def test_credentials_in_the_uri_are_refused_without_echoing_them():
    with pytest.raises(StoreError) as raised:
        Neo4jStore("bolt://neo4j:hunter22@127.0.0.1:1", "neo4j", "x")
    assert "hunter22" not in str(raised.value)
