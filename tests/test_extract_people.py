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


def test_the_quick_word_test_never_hides_a_surname_the_full_search_finds(monkeypatch):
    index = SurnameIndex()
    for name in ("Saad al-Allaq", "Abdel Fattah el-Sisi", "Eric Dupond-Moretti", "Hassan Abu-Ali", "Omar al-Bu", "عدنان الأسدي"):
        index.add(person(name))
    sentences = ["Al-Allaq said so.", "Allaq and El-Sisi met.", "The bin-al-Allaq clan and Dupond-Moretti.",
                 "Moretti, al Allaq and AL-ALLAQ spoke.", "Abu-Ali's aide.", "Sisi-era rules.", "وقال الأسدي إن",
                 "والأسدي قال", "Nobody here is named.", "Foo-el-Sisi-Bar wrote.", "The Abu-Al-Bu family."]
    quick = [[(m.text, m.start) for m in index.find(s, 1, [])] for s in sentences]
    monkeypatch.setattr(SurnameIndex, "_could_hold_surname", lambda self, text: True)
    assert [[(m.text, m.start) for m in index.find(s, 1, [])] for s in sentences] == quick
    assert sum(map(len, quick)) >= 7  # most of them hold a surname
