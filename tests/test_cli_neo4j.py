"""The command line's query library and Neo4j commands, and the files that set Neo4j up.

`query --list` and `query NAME` run on the real embedded store. Neo4j commands
pointed at a port where nothing listens must fail with one line, exit status 2
and never the password. With NEO4J_URI set (see docker-compose.yml), load,
query, sync and export also run against that server; its database is emptied.
"""
from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from graph_builder import schema
from graph_builder.cli import main
from graph_builder.store import open_store
from graph_builder.store.queries import list_queries

from conftest import ROOT
from test_queries import hand_batch

SAMPLES = ROOT / "data" / "samples"
NOWHERE = "bolt://127.0.0.1:1"  # nothing listens on port 1
SECRET = "secret-value"


def run(*args, env=None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli-neo4j") / "graph.db"
    with open_store(db) as store:
        store.write(hand_batch())
    return db


# --- the query library from the command line --------------------------------


def test_query_list_shows_every_question_and_parameter():
    result = run("query", "--list")
    assert result.exit_code == 0, result.output
    for name, info in list_queries().items():
        assert f"{name}: {info.question}" in result.output
        for param, description in info.params.items():
            assert f"-p {param}=...  {description}" in result.output


def test_query_by_name_with_parameters(hand_db):
    result = run("query", "sharing_partners", "-p", "actor=Turkey", "--db", hand_db, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["partner_id"], r["events"]) for r in rows] == [
        ("agency:iraqi_intelligence", 2), ("agency:cia", 1), ("agency:dgsi", 1)]
    dated = run("query", "warnings_received_before", "-p", "country=ankara", "-p", "before=2018-01-01",
                "--db", hand_db, "--format", "json")
    assert [r["edge_id"] for r in json.loads(dated.output)] == ["w5"]
    assert json.loads(dated.output)[0]["date_start"] == "2017-09-12"


def test_query_table_output_has_the_library_columns(hand_db):
    result = run("query", "corroborated_edges", "--db", hand_db)
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.split("\t")[:3] == ["edge_id", "type", "source_id"]
    assert [line.split("\t")[0] for line in lines] == ["w1", "s2"]


def test_raw_cypher_still_runs(hand_db):
    result = run("query", "MATCH (c:Country) WHERE c.name = $name RETURN c.id AS id", "-p", "name=Iraq",
                 "--db", hand_db, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["id", "country:iraq"]


def test_library_parameters_stay_text(hand_db):
    """`-p edge=123` is the text "123", not a number the id column would refuse."""
    result = run("query", "edge_evidence", "-p", "edge=123", "--db", hand_db)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("edge_id\ttype")
    assert len(result.output.splitlines()) == 1


def test_a_bad_date_is_one_line(hand_db):
    result = run("query", "warnings_received_before", "-p", "country=Iraq", "-p", "before=yesterday",
                 "--db", hand_db)
    assert result.exit_code == 2
    assert result.output.startswith("error: graph store") and "yesterday" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("args, message", [
    (("query", "who_warned_whom"), "error: unknown query 'who_warned_whom'; known: brokers,"),
    (("query", "sharing_paths", "-p", "source=MIT"), "error: query 'sharing_paths' needs parameter target"),
    (("query", "brokers", "-p", "actor=MIT"), "error: query 'brokers' has no parameter actor; it takes none"),
    (("query",), "error: give a library query NAME (see --list) or Cypher text"),
])
def test_query_mistakes_are_one_line(hand_db, args, message):
    result = run(*args, "--db", hand_db)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert len(result.output.strip().splitlines()) == 1


# --- Neo4j unreachable: one line, exit 2, no password -----------------------


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "in" / "note.txt"
    path.parent.mkdir()
    path.write_text("Jordanian intelligence warned Iraq of a plot.\n", encoding="utf-8")
    return path


def assert_unreachable(result):
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: cannot reach Neo4j at {NOWHERE}")
    assert len(result.output.strip().splitlines()) == 1
    assert SECRET not in result.output


def test_load_into_unreachable_neo4j(article, tmp_path):
    result = run("load", article, "--db", tmp_path / "graph.db", "--neo4j", NOWHERE, env={"NEO4J_PASSWORD": SECRET})
    assert_unreachable(result)
    assert not (tmp_path / "graph.db").exists(), "the embedded store is not the fallback"


def test_sync_into_unreachable_neo4j(hand_db):
    assert_unreachable(run("sync", "--db", hand_db, "--neo4j", NOWHERE, env={"NEO4J_PASSWORD": SECRET}))


def test_sync_uses_neo4j_uri_when_no_uri_is_given(hand_db):
    env = {"NEO4J_URI": NOWHERE, "NEO4J_PASSWORD": SECRET}
    assert_unreachable(run("sync", "--db", hand_db, env=env))
    assert_unreachable(run("sync", "--db", hand_db, "--neo4j", env=env))


@pytest.mark.parametrize("command", [
    ("query", "warned_timeline"),
    ("stats",),
    ("export", "--format", "json", "-o", "{tmp}/graph.json"),
])
def test_reading_from_unreachable_neo4j(command, tmp_path):
    args = [part.format(tmp=tmp_path) for part in command]
    assert_unreachable(run(*args, "--neo4j", NOWHERE, env={"NEO4J_PASSWORD": SECRET}))
    assert not (tmp_path / "graph.json").exists()


def test_sync_needs_an_existing_store(tmp_path):
    missing = tmp_path / "missing.db"
    result = run("sync", "--db", missing, "--neo4j", NOWHERE)
    assert result.exit_code == 2
    assert result.output.strip() == (f"error: no graph store at {missing} "
                                     f"(load articles first: graph-builder load ... --db {missing})")
    assert not missing.exists()


def test_credentials_in_the_uri_are_refused_without_echoing_them(hand_db):
    result = run("sync", "--db", hand_db, "--neo4j", f"bolt://neo4j:{SECRET}@127.0.0.1:1")
    assert result.exit_code == 2
    assert "holds credentials" in result.output and SECRET not in result.output


# --- docker-compose.yml and the Browser style sheet -------------------------


@pytest.fixture(scope="module")
def compose():
    yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read docker-compose.yml")
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_neo4j_5_lts_community(compose):
    (service,) = compose["services"].values()
    assert re.fullmatch(r"neo4j:5\.26(\.\d+)?-community", service["image"])


def test_compose_publishes_browser_and_bolt_on_localhost_only(compose):
    (service,) = compose["services"].values()
    published = {}
    for port in service["ports"]:
        host, outside, inside = str(port).split(":")
        assert host == "127.0.0.1", port
        published[int(inside)] = int(outside)
    assert published == {7474: 7474, 7687: 7687}


def test_compose_auth_comes_from_the_environment_with_a_local_default(compose):
    (service,) = compose["services"].values()
    auth = service["environment"]["NEO4J_AUTH"]
    match = re.fullmatch(r"\$\{NEO4J_AUTH:-([^/}]+)/([^}]+)\}", auth)
    assert match, auth
    user, password = match.groups()
    assert user == "neo4j"
    assert len(password) >= 8, "Neo4j 5 refuses passwords shorter than 8 characters"
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "NEO4J_USER" in text and "NEO4J_PASSWORD" in text, "the loader's variables are documented"


def test_compose_keeps_data_in_a_named_volume_and_checks_health(compose):
    (service,) = compose["services"].values()
    volumes = {v.split(":")[1]: v.split(":")[0] for v in service["volumes"]}
    assert volumes["/data"] in compose["volumes"]
    check = service["healthcheck"]
    command = " ".join(check["test"]) if isinstance(check["test"], list) else check["test"]
    assert "7474" in command or "cypher-shell" in command
    assert check["retries"] >= 3 and "start_period" in check


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Neo4j Browser's reading of a style sheet: selector { key: value; ... }.

    Braces inside single quotes belong to the value; the format has no comments.
    """
    rules, selector, body, in_props, in_string = {}, "", "", False, False
    for char in text:
        if char == "'":
            in_string = not in_string
            continue
        if char == "{" and not in_string:
            in_props = True
        elif char == "}" and not in_string:
            rules[selector], selector, body, in_props = body, "", "", False
        elif in_props:
            body += char
        elif not char.isspace():
            selector += char
    parsed = {}
    for key, value in rules.items():
        pairs = (item.split(":", 1) for item in value.split(";") if ":" in item)
        parsed[key] = {k.strip(): v.strip() for k, v in pairs}
    return parsed


@pytest.fixture(scope="module")
def style():
    return parse_grass((ROOT / "cypher" / "style.grass").read_text(encoding="utf-8"))


def test_style_colours_and_captions_every_label(style):
    colours = {}
    for label in schema.LABELS:
        rule = style[f"node.{label}"]
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", rule["color"]), label
        colours[label] = rule["color"].upper()
        expected = "{title}" if label == "Article" else "{name}"
        assert rule["caption"] == expected, label
    assert len(set(colours.values())) == len(colours), "each label has its own colour"


def test_style_captions_events_by_date_and_names_only_schema_types(style):
    for rtype in ("WARNED", "SHARED"):
        assert style[f"relationship.{rtype}"]["caption"] in ("{date_start}", "<type>")
    assert style["relationship.WARNED"]["color"] != style["relationship.SHARED"]["color"]
    for selector in style:
        kind, _, name = selector.partition(".")
        assert kind in ("node", "relationship"), selector
        assert not name or name in (schema.LABELS if kind == "node" else schema.REL_NAMES), selector


def test_style_sheet_has_no_comments():
    text = (ROOT / "cypher" / "style.grass").read_text(encoding="utf-8")
    assert "//" not in text and "/*" not in text, "Neo4j Browser's style format has no comments"


# --- against a live Neo4j -----------------------------------------------------

LIVE = os.environ.get("NEO4J_URI")
live = pytest.mark.skipif(not LIVE, reason="NEO4J_URI not set")


@pytest.fixture
def empty_neo4j():
    from graph_builder import api

    with api.store_for(neo4j=api.neo4j_settings()) as store:
        store.clear()
    yield
    with api.store_for(neo4j=api.neo4j_settings()) as store:
        store.clear()


def stats_of(*args) -> dict[str, int]:
    result = run("stats", *args)
    assert result.exit_code == 0, result.output
    return {line.split()[0]: int(line.split()[1]) for line in result.output.splitlines()}


@live
def test_live_load_query_sync_and_export(empty_neo4j, tmp_path):
    db = tmp_path / "graph.db"
    assert run("load", SAMPLES, "--db", db).exit_code in (0, 1)
    assert run("load", SAMPLES, "--neo4j").exit_code in (0, 1)
    assert stats_of("--neo4j") == stats_of("--db", db)

    embedded = run("query", "warned_timeline", "--db", db, "--format", "json")
    served = run("query", "warned_timeline", "--neo4j", "--format", "json")
    assert served.exit_code == 0, served.output
    assert [r["edge_id"] for r in json.loads(served.output)] == [r["edge_id"] for r in json.loads(embedded.output)]

    with_neo4j = tmp_path / "neo4j.json"
    assert run("export", "--format", "json", "-o", with_neo4j, "--neo4j").exit_code == 0
    assert run("export", "--format", "json", "-o", tmp_path / "db.json", "--db", db).exit_code == 0
    ids = [{n["id"] for n in json.loads(p.read_text())["nodes"]} for p in (with_neo4j, tmp_path / "db.json")]
    assert ids[0] == ids[1]


@live
def test_live_sync_copies_the_embedded_store(empty_neo4j, hand_db):
    first = run("sync", "--db", hand_db, "--neo4j")
    assert first.exit_code == 0, first.output
    assert stats_of("--neo4j") == stats_of("--db", hand_db)
    again = run("sync", "--db", hand_db, "--neo4j")
    assert "nodes added:       0" in again.output and "edges added:       0" in again.output
    paths = run("query", "sharing_paths", "-p", "source=DGSI", "-p", "target=GID", "--neo4j", "--format", "json")
    assert sorted(tuple(r["edge_ids"]) for r in json.loads(paths.output)) == [
        ("s1", "s2", "s3"), ("s1", "s2", "s4"), ("s1", "s5", "s3"), ("s1", "s5", "s4")]
