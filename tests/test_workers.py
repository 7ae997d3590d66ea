"""Extraction in worker processes: the same graph whatever the number of workers."""
from __future__ import annotations

import json
import multiprocessing

import pytest

import graph_builder as gb
from graph_builder import pipeline
from graph_builder.api import store_for
from graph_builder.extract import Extractor
from graph_builder.model import Article, ReadProblem

from conftest import ROOT

SAMPLES = ROOT / "data" / "samples"
STAMPS = {"lastupdated"}
needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the patched extractor reaches the workers only through fork")

EXTRA = [
    {"id": "extra-jordan", "published": "2019-11-20",
     "text": "Jordanian intelligence warned Iraq of the plot on Nov. 12. Turkey shared intelligence with Iraq."},
    {"id": "extra-morocco", "published": "2016-03-05",
     "text": "Moroccan intelligence alerted Spain to a planned attack last week."},
    {"id": "extra-ar", "published": "2017-06-01", "lang": "ar",
     "text": "حذرت الاستخبارات العراقية تركيا يوم الاثنين من هجوم لتنظيم داعش."},
]


def write_jsonl(path, records, broken: bool = False):
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if broken:
        lines.insert(1, "{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def frozen(value):
    return tuple(frozen(v) for v in value) if isinstance(value, list) else value


def props(row) -> tuple:
    return tuple(sorted((k, frozen(v)) for k, v in row.props.items() if k not in STAMPS))


def graph(db) -> tuple[set, set]:
    with store_for(db) as store:
        nodes = {(n.label, n.id, props(n)) for n in store.iter_nodes()}
        edges = {(e.type, e.src, e.dst, e.id, props(e)) for e in store.iter_edges()}
    return nodes, edges


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of two articles, so that even the samples travel in many chunks."""
    monkeypatch.setattr(pipeline, "CHUNK_ARTICLES", 2)


def test_two_workers_build_the_same_graph_as_one(tmp_path, small_chunks):
    inputs = [SAMPLES, write_jsonl(tmp_path / "extra.jsonl", EXTRA)]
    one = gb.load(inputs, tmp_path / "one.db", workers=1)
    two = gb.load(inputs, tmp_path / "two.db", workers=2)
    assert one.totals() == two.totals()
    assert one.articles >= 10 and one.events > 0 and not one.skipped
    nodes, edges = graph(tmp_path / "one.db")
    assert (nodes, edges) == graph(tmp_path / "two.db")
    assert any(e[0] == "WARNED" for e in edges)


@needs_fork
def test_a_failing_article_is_skipped_and_the_rest_loads(tmp_path, monkeypatch, small_chunks):
    extract = Extractor.extract

    def fail_on_bad(self, article):
        if article.id == "bad":
            raise RuntimeError("cannot extract\nthis one")
        return extract(self, article)

    monkeypatch.setattr(Extractor, "extract", fail_on_bad)
    records = EXTRA[:1] + [{"id": "bad", "text": "Turkey warned France."}] + EXTRA[1:]
    summary = gb.load([write_jsonl(tmp_path / "in.jsonl", records, broken=True)], tmp_path / "g.db", workers=2)
    assert summary.articles == len(EXTRA)
    broken, failed = summary.skipped  # in input order: line 2 is broken, line 3 fails
    assert broken.line == 2
    assert str(failed) == f"{tmp_path / 'in.jsonl'}:3: extraction failed: cannot extract this one"
    with store_for(tmp_path / "g.db") as store:
        assert {n.id for n in store.iter_nodes(["Article"])} == {r["id"] for r in EXTRA}


def test_the_input_is_read_only_as_fast_as_results_are_taken(small_chunks):
    read = []

    def articles():
        for number in range(200):
            read.append(number)
            yield Article(f"a{number}", "Turkey warned France of a plot.", lang="en")

    with pipeline.Extractions(Extractor(), workers=2) as extractions:
        stream = extractions.run(articles())
        item, outcome = next(stream)
        window = 2 * pipeline.CHUNKS_PER_WORKER * pipeline.CHUNK_ARTICLES
        assert item.id == "a0" and outcome.events
        assert len(read) <= window
        ids = [item.id] + [i.id for i, _ in stream]
    assert ids == [f"a{n}" for n in range(200)]


def test_read_problems_pass_through_in_order():
    items = [ReadProblem("x.jsonl", 1, "broken"), Article("a", "Turkey warned France.", lang="en")]
    with pipeline.Extractions(Extractor(), workers=2) as extractions:
        out = list(extractions.run(items))
    assert [i for i, _ in out] == items
    assert out[0][1] is None and out[1][1].article.id == "a"


def test_workers_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="workers"):
        gb.load([SAMPLES], tmp_path / "g.db", workers=0)


@needs_fork
def test_a_worker_that_dies_stops_the_load_with_one_line(tmp_path, monkeypatch):
    import os

    from click.testing import CliRunner

    from graph_builder.cli import main

    extract = Extractor.extract

    def die_on_bad(self, article):
        if article.id == "bad":
            os._exit(1)
        return extract(self, article)

    monkeypatch.setattr(Extractor, "extract", die_on_bad)
    records = EXTRA + [{"id": "bad", "text": "Turkey warned France."}]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    result = CliRunner().invoke(main, ["load", str(path), "--db", str(tmp_path / "g.db"), "--workers", "2"])
    assert result.exit_code == 2
    assert result.output.startswith("error: an extraction worker process stopped unexpectedly")
    assert len(result.output.strip().splitlines()) == 1
