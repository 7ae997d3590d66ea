"""Loads across calls: events merge into what the store already holds."""
from datetime import date

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
