"""Loads across calls: events merge into what the store already holds."""
from datetime import date
from pathlib import Path

import pytest

import graph_builder as gb
from graph_builder.api import store_for


def write(folder, name, text, published):
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.meta.json").write_text(f'{{"published": "{published}"}}', encoding="utf-8")


def warned_edges(db):
    with store_for(db) as store:
        return [e for e in store.iter_edges(["WARNED"])]


def test_a_later_load_merges_an_overlapping_report_into_the_stored_event(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    write(first, "week", "Jordanian intelligence warned Iraq of the plot last week.", "2019-11-20")
    write(second, "day", "Jordanian intelligence warned Iraq of the plot on Nov. 12.", "2019-11-20")
    db = tmp_path / "graph.db"
    gb.load([first], db)
    gb.load([second], db)
    [edge] = warned_edges(db)
    assert sorted(edge.props["articles"]) == ["day", "week"]
    assert (edge.props["date_start"], edge.props["date_end"]) == (date(2019, 11, 12), date(2019, 11, 12))
    gb.load([first, second], db)  # loading both again changes nothing
    assert [e.props["articles"] for e in warned_edges(db)] == [edge.props["articles"]]


def test_a_reload_skips_unchanged_articles_and_reprocesses_a_changed_one(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "jordan", "Jordanian intelligence warned Iraq of the plot on Nov. 12.", "2019-11-20")
    write(folder, "turkey", "Turkey shared intelligence with Iraq on Nov. 14.", "2019-11-20")
    db = tmp_path / "graph.db"
    first = gb.load([folder], db, workers=1)
    assert (first.articles, first.unchanged) == (2, 0)
    with store_for(db) as store:  # the hash, written after the rows, keeps the other properties
        [jordan] = store.nodes_by_id("Article", ["jordan"])
    assert jordan.props["published"] == date(2019, 11, 20) and jordan.props["source"].endswith("jordan.txt")
    assert len(jordan.props["content_hash"]) == 40
    again = gb.load([folder], db, workers=1)
    assert (again.articles, again.unchanged, again.events) == (2, 2, 0)
    assert (again.nodes_created, again.edges_created, again.nodes_updated) == (0, 0, 0)
    write(folder, "turkey", "Turkey shared intelligence with France on Nov. 14.", "2019-11-20")
    changed = gb.load([folder], db, workers=1)
    assert (changed.articles, changed.unchanged, changed.events) == (2, 1, 1)
    with store_for(db) as store:
        shared = [(e.src, e.dst) for e in store.iter_edges(["SHARED"])]
    assert ("country:turkey", "country:france") in shared


def test_a_failed_article_is_not_marked_loaded_and_reprocess_redoes_all(tmp_path, monkeypatch):
    from graph_builder.extract import Extractor

    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "jordan", "Jordanian intelligence warned Iraq of the plot on Nov. 12.", "2019-11-20")
    write(folder, "turkey", "Turkey shared intelligence with Iraq on Nov. 14.", "2019-11-20")
    db = tmp_path / "graph.db"
    extract = Extractor.extract

    def fail_on_turkey(self, article):
        if article.id == "turkey":
            raise RuntimeError("boom")
        return extract(self, article)

    monkeypatch.setattr(Extractor, "extract", fail_on_turkey)
    assert len(gb.load([folder], db, workers=1).skipped) == 1
    monkeypatch.setattr(Extractor, "extract", extract)
    retried = gb.load([folder], db, workers=1)
    assert (retried.unchanged, retried.skipped) == (1, [])
    before = gb.stats(db)
    everything = gb.load([folder], db, workers=1, reprocess=True)
    assert (everything.unchanged, everything.articles) == (0, 2)
    assert gb.stats(db) == before


def graph_of(db) -> tuple[set, set]:
    """Nodes and edges with their properties, load stamps left out."""
    def frozen(props):
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items()
                            if k != "lastupdated"))

    with store_for(db) as store:
        return ({(n.label, n.id, frozen(n.props)) for n in store.iter_nodes()},
                {(e.type, e.src, e.dst, e.id, frozen(e.props)) for e in store.iter_edges()})


def test_a_big_load_stopped_half_way_marks_no_article_and_a_rerun_completes_it(tmp_path, monkeypatch):
    from graph_builder.store import StoreError, embedded_load

    samples = Path(__file__).resolve().parent.parent / "data" / "samples"
    gb.load([samples], tmp_path / "clean.db", workers=1)
    monkeypatch.setattr(embedded_load, "TRANSACTION_ROWS", 5)  # big: commits as it goes
    imported = []
    real_import = embedded_load.Session._import

    def fail_on_the_third(self, table):
        if self.stagers.get(table) is not None:
            imported.append(table)
            if len(imported) == 3:
                raise StoreError("disk full")
        real_import(self, table)

    monkeypatch.setattr(embedded_load.Session, "_import", fail_on_the_third)
    db = tmp_path / "graph.db"
    with pytest.raises(StoreError):
        gb.load([samples], db, workers=1)
    with store_for(db) as store:
        assert sum(store.counts().values()) > 0  # two imports committed
        assert store.article_hashes() == {}  # but no article is marked loaded
    monkeypatch.setattr(embedded_load.Session, "_import", real_import)
    again = gb.load([samples], db, workers=1)
    assert again.unchanged == 0
    assert graph_of(db) == graph_of(tmp_path / "clean.db")
