"""Scratch databases: the event index and the session's edge marks, kept out of memory."""
from __future__ import annotations

from datetime import date, timedelta

from graph_builder import scratch
from graph_builder.graph import EventIndex
from graph_builder.model import DateSpan
from graph_builder.store.marks import EdgeMarks


def test_marks_tell_what_was_added_per_group_across_many_lookups():
    marks = EdgeMarks()
    group, other = ("WARNED", "Country", "Country"), ("MENTIONS", "Article", "Person")
    assert marks.known(group, [1, 2]) == set()  # nothing added yet
    marks.add(group, range(0, 2000, 2))  # more marks than one lookup asks for
    assert marks.known(group, list(range(1200))) == set(range(0, 1200, 2))
    assert marks.known(other, [0, 2]) == set()
    marks.add(other, [-(2 ** 63), 2 ** 63 - 1])  # any 64-bit hash
    assert marks.known(other, [2 ** 63 - 1]) == {2 ** 63 - 1} and not marks.known(group, [2 ** 63 - 1])
    marks.add(group, [0])  # again: no error, no duplicate
    assert marks.known(group, [0]) == {0}
    marks.close()
    assert marks.known(group, [0]) == set()


def test_a_scratch_list_gives_back_what_it_was_given_in_order(monkeypatch):
    monkeypatch.setattr(scratch, "CACHE_KIB", 64)  # spilled to its file
    items = scratch.ScratchList(2)
    assert list(items) == []
    given = [(f"article:{i:05d}", f"{i * 7919 % 10007:064x}") for i in range(5000)]
    items.extend(given[:10])
    items.extend(iter(given[10:]))  # any iterable
    assert list(items) == given
    items.clear()
    assert list(items) == []
    items.extend([("a", "b")])  # usable again
    assert list(items) == [("a", "b")]


def test_the_event_index_answers_the_same_once_it_outgrows_its_page_cache(monkeypatch):
    monkeypatch.setattr(scratch, "CACHE_KIB", 64)  # a few pages: the index spills to its file
    index = EventIndex()
    first = date(2016, 1, 1)
    reports = [("SHARED", f"agency:{i % 70}", f"country:{i % 13}", i % 5 == 0,
                DateSpan(first + timedelta(i % 3 + 9 * (i % 2)), first + timedelta(i % 3 + 9 * (i % 2) + 2), "day")) for i in range(6000)]
    placed = [index.place(*report) for report in reports]
    again = [index.place(*report) for report in reports]  # each falls in an edge it made
    assert [p.id for p in again] == [p.id for p in placed]
    assert len({p.id for p in placed}) < len(reports)  # overlapping reports of a pair share an edge
    assert all(a.span.start >= p.span.start and a.span.end <= p.span.end for a, p in zip(again, placed))
