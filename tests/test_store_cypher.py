"""The generated Cypher: pinned text, declared parameters, the schema file."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph_builder import schema
from graph_builder.store import cypher

ROOT = Path(__file__).resolve().parents[1]


def test_country_merge_neo4j_text():
    assert cypher.merge_nodes("Country", "neo4j").text == (
        "UNWIND $rows AS row\n"
        "MERGE (n:Country {id: row.id})\n"
        "SET n.name = coalesce(row.name, n.name),\n"
        "    n.aliases = coalesce(n.aliases, []) + [x IN row.aliases WHERE NOT x IN coalesce(n.aliases, [])],\n"
        "    n.country = coalesce(row.country, n.country),\n"
        "    n.kind = coalesce(row.kind, n.kind),\n"
        "    n.lastupdated = $now"
    )


def test_country_merge_ladybug_text():
    assert cypher.merge_nodes("Country", "ladybug").text == (
        "UNWIND $rows AS row\n"
        "MERGE (n:Country {id: row.id})\n"
        "SET n.name = coalesce(row.name, n.name),\n"
        "    n.aliases = coalesce(n.aliases, []) + list_filter(CAST(row.aliases AS STRING[]), "
        "x -> NOT list_contains(coalesce(n.aliases, []), x)),\n"
        "    n.country = coalesce(row.country, n.country),\n"
        "    n.kind = coalesce(row.kind, n.kind),\n"
        "    n.lastupdated = $now"
    )


def test_country_update_ladybug_text():
    """The merge's assignments on the nodes MATCH finds, returning their ids."""
    merge = cypher.merge_nodes("Country", "ladybug").text
    assert cypher.update_nodes("Country", "ladybug").text == (
        merge.replace("MERGE (n:Country", "MATCH (n:Country") + "\nRETURN n.id"
    )


def test_part_of_merge_text():
    expected = (
        "UNWIND $rows AS row\n"
        "MATCH (a:Agency {id: row.src})\n"
        "MATCH (b:Country {id: row.dst})\n"
        "MERGE (a)-[r:PART_OF {id: row.id}]->(b)\n"
        "SET r.lastupdated = $now\n"
        "RETURN count(r)"
    )
    assert cypher.merge_edges("PART_OF", "Agency", "Country", "neo4j").text == expected
    assert cypher.merge_edges("PART_OF", "Agency", "Country", "ladybug").text == expected


def test_warned_merge_keeps_evidence_aligned_with_refs():
    text = cypher.merge_edges("WARNED", "Person", "Country", "neo4j").text
    assert (
        "r.evidence = coalesce(r.evidence, []) + [i IN range(0, size(row.sentence_refs) - 1) "
        "WHERE NOT row.sentence_refs[i] IN coalesce(r.sentence_refs, []) | row.evidence[i]]"
    ) in text
    assert "r.confidence = CASE WHEN r.confidence IS NULL OR row.confidence > r.confidence " \
           "THEN row.confidence ELSE r.confidence END" in text
    assert "r.mutual = (coalesce(row.mutual, false) OR coalesce(r.mutual, false))" in text
    # evidence reads the stored refs, so it is set before they change
    assert text.index("r.evidence =") < text.index("r.sentence_refs =")


def test_schema_statements_for_one_label():
    neo4j = [s.text for s in cypher.schema_statements("neo4j") if "(n:Country)" in s.text]
    assert neo4j == [
        "CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE",
        "CREATE INDEX country_name IF NOT EXISTS FOR (n:Country) ON (n.name)",
        "CREATE INDEX country_aliases IF NOT EXISTS FOR (n:Country) ON (n.aliases)",
    ]
    ladybug = [s.text for s in cypher.schema_statements("ladybug")]
    assert (
        "CREATE NODE TABLE IF NOT EXISTS Country(id STRING, name STRING, aliases STRING[], "
        "country STRING, kind STRING, lastupdated INT64, PRIMARY KEY(id))"
    ) in ladybug
    assert (
        "CREATE REL TABLE IF NOT EXISTS PART_OF(FROM Agency TO Country, id STRING, lastupdated INT64)"
    ) in ladybug


def test_ladybug_rel_tables_declare_every_pair():
    for rel in schema.REL_TYPES:
        (text,) = [s.text for s in cypher.schema_statements("ladybug")
                   if s.text.startswith(f"CREATE REL TABLE IF NOT EXISTS {rel.type}(")]
        assert text.count("FROM ") == len(rel.pairs)


@pytest.mark.parametrize("dialect", ["neo4j", "ladybug"])
def test_statements_use_exactly_their_declared_parameters(dialect):
    for statement in cypher.all_statements(dialect):
        used = set(re.findall(r"\$([A-Za-z_]\w*)", statement.text))
        assert used == set(statement.params), statement.name


@pytest.mark.parametrize("dialect", ["neo4j", "ladybug"])
def test_statements_carry_no_values(dialect):
    for statement in cypher.all_statements(dialect):
        assert "'" not in statement.text and '"' not in statement.text, statement.name


def test_labels_and_types_come_only_from_the_schema():
    with pytest.raises(ValueError):
        cypher.merge_nodes("Country) DETACH DELETE (n", "neo4j")
    with pytest.raises(ValueError):
        cypher.merge_edges("WARNED]->() DELETE r //", "Person", "Person", "neo4j")
    with pytest.raises(ValueError, match="does not link"):
        cypher.merge_edges("PART_OF", "Country", "Agency", "neo4j")
    with pytest.raises(ValueError, match="unknown Cypher dialect"):
        cypher.merge_nodes("Country", "sqlite")


def test_schema_file_matches_the_schema():
    assert (ROOT / "cypher" / "schema.cypher").read_text(encoding="utf-8") == cypher.schema_file_text(), (
        "cypher/schema.cypher is stale: python -m graph_builder.store.lint --write-schema"
    )
