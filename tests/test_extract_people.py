"""Bare surnames linked back to a full name met earlier in the article."""
from __future__ import annotations

from graph_builder.extract.people import SurnameIndex
from graph_builder.model import Mention


def person(text):
    return Mention(text, "Person", 0, 0, len(text), canonical=text)


def test_a_capitalised_surname_links_back_and_a_lowercase_word_does_not():
    index = SurnameIndex()
    index.add(person("Saad al-Allaq"))
    found = index.find("Al-Allaq said so; Allaq agreed, but allaq is a word.", 1, [])
    assert [(m.text, m.canonical) for m in found] == [("Al-Allaq", "Saad al-Allaq"), ("Allaq", "Saad al-Allaq")]


def test_no_surname_is_found_before_anyone_is_named_or_where_taken():
    index = SurnameIndex()
    assert index.find("Allaq said so.", 1, []) == []
    index.add(person("Saad al-Allaq"))
    taken = [Mention("Allaq", "Person", 1, 0, 5)]
    assert index.find("Allaq said so.", 1, taken) == []
