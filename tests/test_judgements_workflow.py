"""The analyst judgement workflow end to end: review, decisions, merges and splits that
survive re-loads, explanations, and one-line errors; on the real embedded store."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from graph_builder.cli import main
from graph_builder.model import Mention
from graph_builder.resolve import Resolver
from graph_builder.resolve.judgements import load_judgements
from graph_builder.resolve.review import honour_same
from graph_builder.store import open_store

from conftest import ROOT

HADDAD, HAMDAN = "person:nabil_haddad", "person:nabil_hamdan"
ARTICLES = {
    "p1": ("Jordanian intelligence chief Nabil Haddad warned Iraq of a planned attack on Sunday, "
           "officials said.", "2016-03-10", "Jordan warns Iraq"),
    "p2": ("Jordanian intelligence chief Nabil Hamdan shared intelligence with Turkey about the "
           "network last week.", "2016-03-12", "Jordan and Turkey share intelligence"),
}


def run(*args, **kwargs):
    result = CliRunner().invoke(main, [str(a) for a in args], **kwargs)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Two articles naming two men with close names, loaded once and copied per test."""
    folder = tmp_path_factory.mktemp("articles")
    for name, (text, published, title) in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps({"published": published, "title": title}))
    db = folder / "graph.db"
    assert run("load", folder, "--db", db).exit_code == 0
    return folder, db


@pytest.fixture
def work(loaded, tmp_path):
    """(articles folder, a fresh copy of the store, a judgements file holding the shipped guards)."""
    folder, db = loaded
    copy = tmp_path / "graph.db"
    (shutil.copytree if db.is_dir() else shutil.copy)(db, copy)
    judgements = tmp_path / "judgements.jsonl"
    shutil.copy(ROOT / "data" / "judgements.jsonl", judgements)
    return folder, copy, judgements


def resolve(db, judgements, *args, **kwargs):
    return run("resolve", *args, "--db", db, "--judgements", judgements, "--who", "tester", **kwargs)


def decisions(tmp_path, *lines) -> str:
    path = tmp_path / "decisions.jsonl"
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


def people(db) -> set[str]:
    with open_store(db) as store:
        return {n.id for n in store.iter_nodes(["Person"])}


def snapshot(db) -> tuple[set, set, set]:
    """Names, mentions and event sentences, as sets of tuples."""
    with open_store(db) as store:
        names = {(n.id, name) for n in store.iter_nodes() if n.label != "Article"
                 for name in [n.props["name"], *n.props["aliases"]]}
        mentions = {(e.id, e.src, e.dst, form) for e in store.iter_edges(["MENTIONS"]) for form in e.props["forms"]}
        events = {(e.type, e.id, e.src, e.dst, ref, sentence, tuple(e.props["about"]))
                  for e in store.iter_edges(["WARNED", "SHARED"])
                  for sentence, ref in zip(e.props["evidence"], e.props["sentence_refs"])}
        return names, mentions, events


def counts(db) -> dict:
    with open_store(db) as store:
        return store.counts()


def test_review_lists_the_uncertain_pair_with_its_evidence(work):
    _, db, judgements = work
    result = resolve(db, judgements, "--review")
    assert result.exit_code == 0, result.output
    assert "[1/1] Person  score 83" in result.output
    assert f"a: {HADDAD}  'Nabil Haddad'" in result.output and f"b: {HAMDAN}  'Nabil Hamdan'" in result.output
    assert "articles: p1" in result.output and "articles: p2" in result.output
    assert "e.g. Jordanian intelligence chief Nabil Hamdan shared intelligence" in result.output


def test_a_judged_pair_is_not_listed_again(work, tmp_path):
    _, db, judgements = work
    unsure = decisions(tmp_path, {"a": HADDAD, "b": HAMDAN, "judgement": "unsure"})
    result = resolve(db, judgements, "--decisions", unsure)
    assert result.exit_code == 0, result.output
    assert "recorded unsure" in result.output
    assert people(db) == {HADDAD, HAMDAN}
    assert resolve(db, judgements, "--review").output.strip() == "no uncertain pairs"


def test_same_merges_and_stays_merged_on_reload(work, tmp_path):
    folder, db, judgements = work
    same = decisions(tmp_path, {"a": HADDAD, "b": HAMDAN, "judgement": "same"})
    result = resolve(db, judgements, "--decisions", same)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"merged {HAMDAN} into {HADDAD}")
    assert people(db) == {HADDAD}
    record = json.loads(judgements.read_text().splitlines()[-1])
    assert (record["a"], record["b"], record["judgement"]) == ("Nabil Haddad", "Nabil Hamdan", "same")
    assert record["who"] == "tester"
    assert record["label"] == "Person" and record["when"]
    before = counts(db), snapshot(db)
    assert run("load", folder, "--db", db, "--judgements", judgements).exit_code == 0
    assert people(db) == {HADDAD}
    assert (counts(db), snapshot(db)) == before


def test_different_keeps_them_apart_on_reload(work, tmp_path):
    folder, db, judgements = work
    line = {"a": "Nabil Haddad", "b": "Nabil Hamdan", "judgement": "different", "label": "Person"}
    assert resolve(db, judgements, "--decisions", decisions(tmp_path, line)).exit_code == 0
    assert load_judgements(judgements).verdict("Nabil Haddad", "Nabil Hamdan") == "different"
    before = counts(db)
    assert run("load", folder, "--db", db, "--judgements", judgements).exit_code == 0
    assert people(db) == {HADDAD, HAMDAN} and counts(db) == before


def test_different_after_same_splits_the_node_back_without_loss(work, tmp_path):
    folder, db, judgements = work
    original = snapshot(db), counts(db)
    same = decisions(tmp_path, {"a": HADDAD, "b": HAMDAN, "judgement": "same"})
    assert resolve(db, judgements, "--decisions", same).exit_code == 0
    different = decisions(tmp_path, {"a": "Nabil Haddad", "b": "Nabil Hamdan", "judgement": "different"})
    result = resolve(db, judgements, "--decisions", different)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"split 'Nabil Hamdan' off {HADDAD} into {HAMDAN}")
    assert (snapshot(db), counts(db)) == original
    assert run("load", folder, "--db", db, "--judgements", judgements).exit_code == 0
    assert (snapshot(db), counts(db)) == original


def test_interactive_review_records_each_answer(work):
    _, db, judgements = work
    result = resolve(db, judgements, "--review", "--prompt", input="s\n")
    assert result.exit_code == 0, result.output
    assert f"merged {HAMDAN} into {HADDAD}" in result.output
    assert people(db) == {HADDAD}
    quit_early = resolve(db, judgements, "--review", "--prompt", input="quit\n")
    assert quit_early.output.strip() == "no uncertain pairs"


def test_without_a_terminal_the_review_only_lists(work):
    _, db, judgements = work
    result = resolve(db, judgements, "--review", input="s\n")
    assert "merged" not in result.output and people(db) == {HADDAD, HAMDAN}


def test_explain_names_the_reason_the_candidates_and_the_judgements(work, tmp_path):
    _, db, judgements = work
    result = resolve(db, judgements, "--explain", "Nabil Hamdan", "--label", "Person")
    assert result.exit_code == 0, result.output
    resolver = Resolver(judgements=load_judgements(judgements))
    with open_store(db) as store:
        resolver.seed(store.entities())
    match = resolver.match(Mention("Nabil Hamdan", "Person", 0, 0, 12))
    assert match.entity_id == HAMDAN
    assert f"lands on: {HAMDAN}   score {match.score:.0f}   reason: {match.reason}" in result.output
    assert f"   83  {HADDAD}  'Nabil Haddad'" in result.output
    line = {"a": HADDAD, "b": HAMDAN, "judgement": "different"}
    assert resolve(db, judgements, "--decisions", decisions(tmp_path, line)).exit_code == 0
    after = resolve(db, judgements, "--explain", "Nabil Hamdan").output
    assert "different: 'Nabil Haddad' / 'Nabil Hamdan'  (Person, tester," in after
    assert "[judged different]" in after


def test_explain_reads_gazetteer_names_as_the_extractor_does(work):
    _, db, judgements = work
    result = resolve(db, judgements, "--explain", "Iran")
    assert "'Iran' as Country (gazetteer id iran)" in result.output
    assert "reason: gazetteer entry" in result.output
    assert "different: 'Iraq' / 'Iran'" in result.output  # the shipped look-alike guard


def test_a_new_name_judged_same_lands_on_the_stored_entity(work, tmp_path):
    _, db, judgements = work
    recorded = load_judgements(judgements)
    recorded.record("Nabil Haddad", "N. Haddad-Zein", "same", "tester", "Person")
    resolver = Resolver(judgements=load_judgements(judgements))
    with open_store(db) as store:
        resolver.seed(store.entities())
    mention = Mention("N. Haddad-Zein", "Person", 0, 0, 14)
    alone = resolver.match(mention)
    assert alone.entity_id != HADDAD
    honoured = honour_same(resolver, mention, alone)
    assert (honoured.entity_id, honoured.reason) == (HADDAD, "judged same as 'Nabil Haddad'")
    unjudged = Mention("N. Hamdan-Zein", "Person", 0, 0, 14)
    assert honour_same(resolver, unjudged, resolver.match(unjudged)) == resolver.match(unjudged)


def test_a_same_judgement_holds_on_a_fresh_load(work, tmp_path):
    folder, _, judgements = work
    load_judgements(judgements).record("Nabil Haddad", "Nabil Hamdan", "same", "tester", "Person")
    fresh = tmp_path / "fresh.db"
    assert run("load", folder, "--db", fresh, "--judgements", judgements).exit_code == 0
    assert people(fresh) == {HADDAD}
    names, mentions, _ = snapshot(fresh)
    assert any(node == HADDAD and name.endswith("Nabil Hamdan") for node, name in names)
    assert {dst for _, _, dst, _ in mentions} >= {HADDAD} and HAMDAN not in {dst for _, _, dst, _ in mentions}


def test_unknown_entity_id_is_one_line_with_file_and_line(work, tmp_path):
    _, db, judgements = work
    path = decisions(tmp_path, {"a": HADDAD, "b": HAMDAN, "judgement": "same"},
                     {"a": HADDAD, "b": "person:nobody", "judgement": "same"})
    result = resolve(db, judgements, "--decisions", path)
    assert result.exit_code == 2
    assert result.output == f"error: {path}:2: unknown entity id 'person:nobody'\n"
    assert people(db) == {HADDAD, HAMDAN}  # every line is checked before the first is applied


@pytest.mark.parametrize("line, message", [
    ("{broken", "bad JSON"),
    (json.dumps({"a": HADDAD, "b": HAMDAN, "judgement": "maybe"}), "needs 'a', 'b' and a judgement"),
    (json.dumps({"a": HADDAD, "judgement": "same"}), "needs 'a', 'b' and a judgement"),
    (json.dumps({"a": "Nobody Known", "b": HAMDAN, "judgement": "same"}), "no stored entity is named 'Nobody Known'"),
    (json.dumps({"a": HADDAD, "b": "country:iraq", "judgement": "same"}), "a Person and a Country are never the same"),
    (json.dumps({"a": HADDAD, "b": "Nabil Haddad", "judgement": "different"}), "'person:nabil_haddad' and "),
])
def test_bad_decision_lines_are_one_line_errors(work, tmp_path, line, message):
    _, db, judgements = work
    path = decisions(tmp_path, "// decisions of the week", line)
    result = resolve(db, judgements, "--decisions", path)
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {path}:2: {message}")
    assert result.output.count("\n") == 1


def test_resolve_needs_an_action_and_an_existing_store(work, tmp_path):
    _, db, judgements = work
    assert resolve(db, judgements).output == "error: give --review, --decisions FILE or --explain NAME\n"
    missing = resolve(tmp_path / "nowhere.db", judgements, "--review")
    assert missing.exit_code == 2
    assert missing.output.startswith(f"error: no graph store at {tmp_path / 'nowhere.db'} (load articles first")


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI not set")
def test_same_and_different_on_neo4j(work, tmp_path):
    from graph_builder.store import Neo4jStore

    folder, _, judgements = work
    store = Neo4jStore(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                       os.environ.get("NEO4J_PASSWORD"), database=os.environ.get("NEO4J_DATABASE"))
    store.clear()
    store.close()
    assert run("load", folder, "--neo4j").exit_code == 0
    same = decisions(tmp_path, {"a": HADDAD, "b": HAMDAN, "judgement": "same"})
    assert run("resolve", "--decisions", same, "--judgements", judgements, "--neo4j").exit_code == 0
    assert run("query", "MATCH (n:Person) RETURN n.id", "--neo4j").output.split()[1:] == [HADDAD]
    different = decisions(tmp_path, {"a": "Nabil Haddad", "b": "Nabil Hamdan", "judgement": "different"})
    assert run("resolve", "--decisions", different, "--judgements", judgements, "--neo4j").exit_code == 0
    listed = run("query", "MATCH (n:Person) RETURN n.id ORDER BY n.id", "--neo4j").output.split()[1:]
    assert listed == [HADDAD, HAMDAN]
