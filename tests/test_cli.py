"""The command line end to end on data/samples, through click's CliRunner."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from graph_builder.cli import main
from graph_builder.export import read_json

from conftest import ROOT

SAMPLES = ROOT / "data" / "samples"
FIRST = sorted(SAMPLES.glob("*.txt"))  # the top folder only; more/ is loaded as a second batch


def run(*args, **kwargs):
    result = CliRunner().invoke(main, [str(a) for a in args], **kwargs)
    assert "Traceback" not in result.output
    return result


def counts(db):
    result = run("stats", "--db", db)
    assert result.exit_code == 0, result.output
    return dict((line.split()[0], int(line.split()[1])) for line in result.output.splitlines())


@pytest.fixture(scope="module")
def first_load(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "graph.db"
    result = run("load", *FIRST, "--db", db)
    assert result.exit_code == 0, result.output
    return db, result.output


def test_load_prints_a_summary(first_load):
    _, output = first_load
    assert f"articles read:     {len(FIRST)}" in output
    assert "articles skipped:  0" in output


def test_loading_the_same_input_twice_changes_no_count(first_load, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copytree(first_load[0], db) if first_load[0].is_dir() else shutil.copy(first_load[0], db)
    before = counts(db)
    again = run("load", *FIRST, "--db", db)
    assert again.exit_code == 0
    assert f"articles unchanged: {len(FIRST)}" in again.output
    assert counts(db) == before
    assert run("load", *FIRST, "--db", db, "--reprocess", "--workers", "1").exit_code == 0
    assert counts(db) == before
    assert before["Article"] == len(FIRST) and before["MENTIONS"] > 0


def test_a_second_folder_adds_and_reuses_entities(tmp_path):
    db = tmp_path / "graph.db"
    run("load", *FIRST, "--db", db)
    before = counts(db)
    assert run("load", SAMPLES / "more", "--db", db).exit_code == 0
    after = counts(db)
    assert after["Article"] == before["Article"] + 2
    # the extra articles name MIT, Islamic State and Iraqi intelligence again: no second node
    ids = run("query", "MATCH (n:Organization) RETURN n.id", "--db", db, "--format", "json")
    names = [row["n.id"] for row in json.loads(ids.output)]
    assert len(names) == len(set(names))
    assert names.count("organization:islamic_state") == 1


def test_bad_inputs_are_reported_with_file_and_line_and_the_rest_loads(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Jordanian intelligence warned Iraq of a plot.\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "lines.jsonl").write_text(
        '{"id": "a", "text": "Turkey shared intelligence with Iraq."}\n{broken\n', encoding="utf-8")
    result = run("load", folder, "--db", tmp_path / "g.db")
    assert result.exit_code == 1
    assert "binary.txt" in result.output
    assert "lines.jsonl:2" in result.output
    assert "articles read:     2" in result.output


def test_a_lone_surrogate_in_a_json_line_stops_nothing(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Peru warned Chile \ud800 of a plot."}),
             json.dumps({"id": "b", "text": "Cuba warned Haiti of a plot."})]
    (tmp_path / "scraped.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("load", tmp_path / "scraped.jsonl", "--db", tmp_path / "g.db")
    assert result.exit_code == 0, result.output
    assert "articles read:     2" in result.output


def test_a_jsonl_line_with_nul_bytes_loses_only_that_line(tmp_path):
    lines = [b'{"id": "g1", "text": "Cuba warned Haiti of a plot."}', b"\x00\x00garbage",
             b'{"id": "g2", "text": "Peru warned Chile of a plot."}']
    (tmp_path / "damaged.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    result = run("load", tmp_path / "damaged.jsonl", "--db", tmp_path / "g.db")
    assert result.exit_code == 1
    assert "damaged.jsonl:2: binary data (NUL bytes), not JSON" in result.output
    assert "articles read:     2" in result.output


def test_query_with_parameters_and_formats(first_load):
    db, _ = first_load
    result = run("query", "MATCH (c:Country) WHERE c.id = $id RETURN c.name AS name",
                 "-p", "id=country:iraq", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"name": "Iraq"}]


def test_csv_and_table_cells_hold_lists_as_json_and_dates_in_iso_form(first_load):
    db, _ = first_load
    cypher = ("MATCH (c:Country) WHERE c.id = $id "
              "RETURN c.aliases AS aliases, [date('2017-09-12')] AS dates, date('2017-09-12') AS day")
    csv_out = run("query", cypher, "-p", "id=country:iraq", "--db", db, "--format", "csv")
    assert csv_out.exit_code == 0, csv_out.output
    (aliases, dates, day), = list(csv.reader(io.StringIO(csv_out.output)))[1:]
    assert isinstance(json.loads(aliases), list) and json.loads(dates) == ["2017-09-12"] and day == "2017-09-12"
    table = run("query", cypher, "-p", "id=country:iraq", "--db", db)
    assert '["2017-09-12"]' in table.output and "datetime" not in table.output


def test_a_parameter_the_query_uses_but_is_not_given_is_an_error_not_an_empty_answer(first_load):
    result = run("query", "MATCH (c:Country) WHERE c.id = $id AND c.name <> '$x' RETURN c.name",
                 "--db", first_load[0])
    assert result.exit_code == 2
    assert "$id is used but not given" in result.output and "$x" not in result.output


def test_a_file_of_a_stored_name_from_another_folder_is_noted(tmp_path):
    for folder, text in (("x", "Kenya warned Uganda of a plot."), ("y", "Ghana warned Togo of a plot.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text + "\n", encoding="utf-8")
    db = tmp_path / "g.db"
    assert "note:" not in run("load", tmp_path / "x", "--db", db).output
    second = run("load", tmp_path / "y", "--db", db)
    assert second.exit_code == 0
    assert "note: article 'report' from " in second.output and str(tmp_path / "x" / "report.txt") in second.output


def test_a_reader_that_stops_early_ends_the_command_quietly(first_load):
    import subprocess
    import sys

    command = [sys.executable, "-c", "from graph_builder.cli import main; main()", "query",
               "UNWIND range(1, 200000) AS i RETURN i", "--db", str(first_load[0])]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline() == b"i\n"
    process.stdout.close()  # like `| head -1`
    assert process.wait(timeout=120) == 0
    assert process.stderr.read() == b""


def test_export_to_standard_output(first_load):
    result = CliRunner().invoke(main, ["export", "-o", "-", "--db", str(first_load[0])])  # click >= 8.2: stderr apart
    assert result.exit_code == 0, result.stderr
    graph = json.loads(result.stdout)
    assert graph["nodes"] and "wrote -" in result.stderr


def test_a_mistyped_bar_fails_before_the_evaluation(tmp_path):
    result = run("eval", "--gold", str(ROOT / "data/samples/gold"), str(ROOT / "data/samples"), "--min", "bogus=0.5")
    assert result.exit_code == 2 and "unknown key 'bogus'" in result.output
    assert "events strict" not in result.output  # nothing was evaluated


def test_export_json_holds_the_graph(first_load, tmp_path):
    db, _ = first_load
    out = tmp_path / "graph.json"
    result = run("export", "--format", "json", "-o", out, "--db", db)
    assert result.exit_code == 0, result.output
    graph = read_json(out)
    types = {d["type"] for _, _, d in graph.edges(data=True)}
    assert {"MENTIONS", "PART_OF", "WARNED", "SHARED"} <= types
    assert counts(db)["Article"] == sum(1 for _, d in graph.nodes(data=True) if d["label"] == "Article")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_for_gephi(first_load, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    assert run("export", "--format", fmt, "-o", out, "--db", first_load[0]).exit_code == 0
    assert out.stat().st_size > 0


def test_workers_must_be_a_positive_number(tmp_path):
    result = run("load", SAMPLES, "--db", tmp_path / "g.db", "--workers", "0")
    assert result.exit_code == 2 and "--workers" in result.output


def test_unreadable_store_is_one_line_error(tmp_path):
    bad = tmp_path / "not-a-db"
    bad.write_text("plain text, not a graph store")
    result = run("stats", "--db", bad)
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1


def test_db_from_environment(first_load):
    result = CliRunner().invoke(main, ["stats"], env={"GRAPH_BUILDER_DB": str(first_load[0])})
    assert result.exit_code == 0 and "Article" in result.output


def test_sigterm_during_a_load_unwinds_like_ctrl_c():
    import os
    import signal

    from graph_builder.cli import sigterm_unwinds

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        with sigterm_unwinds():
            os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.parametrize("command", [
    ["stats"],
    ["query", "warned_timeline"],
    ["query", "MATCH (n) RETURN count(n)"],
    ["export", "-o", "{tmp}/graph.json"],
    ["resolve", "--explain", "Turkey"],
    ["resolve", "--review", "--no-prompt"],
    ["sync"],  # checked before Neo4j is asked for
])
def test_reading_a_missing_store_is_an_error_and_creates_nothing(command, tmp_path):
    missing = tmp_path / "typo" / "graph.db"  # neither the store nor its folder exists
    args = [part.format(tmp=tmp_path) for part in command]
    result = run(*args, "--db", missing)
    assert result.exit_code == 2
    assert result.output == (f"error: no graph store at {missing} "
                             f"(load articles first: graph-builder load ... --db {missing})\n")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_default_store_is_named_in_the_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stats"], env={"GRAPH_BUILDER_DB": None})
    assert result.exit_code == 2
    assert result.output.startswith("error: no graph store at graph.db ")
    assert list(tmp_path.iterdir()) == []


def test_load_still_creates_the_store_and_its_folder(tmp_path):
    db = tmp_path / "new" / "graph.db"
    (tmp_path / "in.txt").write_text("Jordanian intelligence warned Iraq of a plot.\n", encoding="utf-8")
    assert run("load", tmp_path / "in.txt", "--db", db, "--workers", "1").exit_code == 0
    assert counts(db)["Article"] == 1


# --- library queries find actors by any name the resolver knows ---------------

NAMED_ARTICLES = {
    "mit-warned-france": ("Turkey's intelligence agency MIT warned France on October 2, 2017 "
                          "of a Daesh cell preparing attacks in Paris.", "2017-10-19"),
    "jordan-shared-with-iraq": ("Jordanian intelligence shared intelligence with Iraq about Daesh "
                                "fighters on Nov. 12, 2017.", "2017-11-15"),
}


@pytest.fixture(scope="module")
def named_db(tmp_path_factory):
    """A store whose Islamic State was only ever written "Daesh", Turkey "Turkey's", France "France"."""
    folder = tmp_path_factory.mktemp("named")
    for name, (text, published) in NAMED_ARTICLES.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps({"published": published, "lang": "en"}),
                                                  encoding="utf-8")
    db = folder / "graph.db"
    assert run("load", folder, "--db", db, "--workers", "1").exit_code == 0
    return db


def library(db, name, *params):
    return run("query", name, *(arg for p in params for arg in ("-p", p)), "--db", db, "--format", "json")


@pytest.mark.parametrize("threat", [
    "Daesh", "DAESH", "organization:islamic_state", "ISIL", "ISIS", "Islamic State", "الدولة الإسلامية", "داعش",
])
def test_warnings_about_a_group_by_any_of_its_names(named_db, threat):
    result = library(named_db, "warnings_about", f"threat={threat}")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["threat_id"], r["warner_id"], r["warned_id"]) for r in rows] == [
        ("organization:islamic_state", "agency:mit", "country:france")]


@pytest.mark.parametrize("query, param, expected", [
    ("entity_profile", "actor=Türkiye", "country:turkey"),
    ("entity_profile", "actor=تركيا", "country:turkey"),
    ("entity_profile", "actor=National Intelligence Organisation", "agency:mit"),  # one letter off
    ("entity_profile", "actor=french republic", "country:france"),
    ("sharing_partners", "actor=الأردن", "country:jordan"),
    ("country_agencies", "country=Hashemite Kingdom of Jordan", "country:jordan"),
])
def test_actor_parameters_are_resolved_like_mentions(named_db, query, param, expected):
    result = library(named_db, query, param)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {r.get("id") or r.get("actor_id") or r.get("country_id") for r in rows} == {expected}


def test_sharing_paths_resolve_both_ends(named_db):
    result = library(named_db, "sharing_paths", "source=Jordanian intelligence", "target=العراق")
    assert result.exit_code == 0, result.output
    assert [r["ids"] for r in json.loads(result.stdout)] == [["agency:jordan_gid", "country:iraq"]]


@pytest.mark.parametrize("query, param, message", [
    ("sharing_partners", "actor=Nonexistentland", "no stored agency or country is named 'Nonexistentland'"),
    ("entity_profile", "actor=Nonexistentland", "no stored actor is named 'Nonexistentland'"),
    # in the gazetteer, never in these articles
    ("warnings_about", "threat=al-Qaeda", "no stored person or organization is named 'al-Qaeda'"),
    ("warnings_received_before", "country=Iran", "no stored country is named 'Iran'"),
    ("sharing_paths", "source=Iraq", "no stored actor is named ''"),
])
def test_a_name_no_stored_actor_has_is_one_line_and_exit_1(named_db, query, param, message):
    params = [param] + {"warnings_received_before": ["before=2030-01-01"], "sharing_paths": ["target="]}.get(query, [])
    result = library(named_db, query, *params)
    assert result.exit_code == 1
    assert (result.stdout, result.stderr) == ("", message + "\n")


def test_ad_hoc_cypher_matches_the_value_as_given(named_db):
    cypher = "MATCH (c:Country) WHERE c.name = $name RETURN c.id AS id"
    assert json.loads(run("query", cypher, "-p", "name=Türkiye", "--db", named_db, "--format", "json").stdout) == []
    assert json.loads(run("query", cypher, "-p", "name=Turkey", "--db", named_db, "--format", "json").stdout) == [
        {"id": "country:turkey"}]
