"""Every Cypher statement passes Neo4j's own front end (tools/cypher-lint).

Needs node and `npm ci --prefix tools/cypher-lint`; skipped with the reason otherwise.
"""
from __future__ import annotations

import pytest

from graph_builder.store import cypher
from graph_builder.store.lint import (
    CYPHER_DIR,
    LintStatement,
    available,
    file_statements,
    lint,
    loader_statements,
)


@pytest.fixture(scope="module")
def linter():
    missing = available()
    if missing:
        pytest.skip(missing)
    return lint


def test_every_statement_passes(linter):
    statements = loader_statements() + file_statements()
    assert any(s.name == "cypher/schema.cypher" for s in statements)
    findings = linter(statements)
    assert findings == [], "\n".join(str(f) for f in findings)


def test_broken_statements_are_reported(linter):
    broken = [
        LintStatement("misspelled keyword", "MACTH (n:Country) RETURN n.name"),
        LintStatement("unknown label", "MATCH (n:Countri) RETURN n.name"),
        LintStatement("unknown type", "MATCH (a:Agency)-[:WARNS]->(b:Country) RETURN a.id"),
        LintStatement("impossible pattern", "MATCH (a:Country)-[:PART_OF]->(b:Agency) RETURN a.id"),
        LintStatement("unknown property", "MATCH (n:Country) RETURN n.population"),
        LintStatement("undeclared parameter", "MATCH (n:Country {id: $id}) RETURN n.name"),
        LintStatement("embedded-only function", "RETURN list_concat(['a'], ['b'])"),
    ]
    reported = {f.name for f in linter(broken)}
    assert reported == {s.name for s in broken}


def test_declared_parameter_is_accepted(linter):
    fine = LintStatement("declared parameter", "MATCH (n:Country {id: $id}) RETURN n.name", ("id",))
    assert linter([fine]) == []


def test_embedded_dialect_is_not_neo4j_cypher(linter):
    """The check is real: the embedded store's merge would not run on Neo4j."""
    statement = cypher.merge_nodes("Country", "ladybug")
    findings = linter([LintStatement(statement.name, statement.text, statement.params)])
    assert any("list_filter" in f.message or "list_contains" in f.message for f in findings)


def test_query_files_declare_their_parameters(tmp_path):
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "warnings_about.cypher").write_text(
        "// Who warned whom about an actor.\n"
        "// param: about  entity id of the threat\n"
        "// param: since  earliest date\n"
        "MATCH (a)-[r:WARNED]->(b) WHERE $about IN r.about AND r.date_start >= $since\n"
        "RETURN a.name, b.name;\n"
        "MATCH (a)-[r:SHARED]->(b) WHERE $about IN r.about RETURN a.name, b.name;\n",
        encoding="utf-8",
    )
    (found,) = file_statements(tmp_path)
    assert found.name.endswith("warnings_about.cypher")
    assert found.params == ("about", "since")


def test_query_folder_is_picked_up():
    names = {s.name for s in file_statements()}
    expected = {str(p.relative_to(CYPHER_DIR.parent)) for p in CYPHER_DIR.rglob("*.cypher")}
    assert names == expected
