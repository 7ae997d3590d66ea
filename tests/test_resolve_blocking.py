"""Blocking: a query looks at a bounded number of names, whatever the number known."""
import random

from graph_builder.model import Article, Extraction, Mention
from graph_builder.resolve import Resolver
from graph_builder.resolve.index import MAX_BLOCK, NameIndex
from graph_builder.resolve.judgements import Judgements
from graph_builder.resolve.names import name_key, name_tokens


def invented_surnames(count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    syllables = ["bar", "ku", "zam", "rid", "ho", "tel", "mas", "nur", "fa", "gor", "lin", "sev"]
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(syllables) for _ in range(3)).capitalize())
    return sorted(names)


def test_common_words_never_make_large_blocks():
    index = NameIndex()
    surnames = invented_surnames(600)
    for number, surname in enumerate(surnames):
        index.add_anchor(f"person:{number}", "Person", f"Mohammed Abu {surname}")
    for query in ["Mohammed Abu Zzzz", "Mohammed Abu", "Mohammed", f"Mohammed Abu {surnames[7]}"]:
        found = index.candidates("Person", name_tokens(name_key(query, "Person")))
        assert len(found) <= MAX_BLOCK, query
    rare = index.candidates("Person", name_tokens(name_key(f"Muhammad Abu {surnames[7]}", "Person")))
    assert [a.entity_id for a in rare] == ["person:7"]


def test_a_slip_in_the_rare_word_is_found_among_many_sharing_the_common_ones(small_gazetteer):
    resolver = Resolver(small_gazetteer, Judgements())
    surnames = invented_surnames(400)
    mentions = [Mention(f"Mohammed {s}", "Person", 0, 0, 1) for s in surnames]
    resolved = resolver.resolve(Extraction(Article("a", ""), [], mentions, []))
    assert len(set(resolved.entity_of)) == len(surnames)
    target = surnames[123]
    slipped = target[:3] + target[4:]  # one letter dropped
    assert resolver.match(Mention(f"Mohammed {slipped}", "Person", 0, 0, 1)).entity_id == resolved.entity_of[123]
    swapped = target[:2] + target[3] + target[2] + target[4:]
    assert resolver.match(Mention(f"Mohammed {swapped}", "Person", 0, 0, 1)).entity_id == resolved.entity_of[123]


def test_an_index_copy_grows_alone():
    base = NameIndex()
    base.add_anchor("person:a", "Person", "Karim Haddadi")
    base.add_exact("person:a", "Person", "karim haddadi")
    copy = base.copy()
    copy.add_anchor("person:b", "Person", "Karim Haddadu")
    copy.add_exact("person:b", "Person", "karim haddadi")
    assert base.exact_ids("Person", "karim haddadi") == ["person:a"]
    assert copy.exact_ids("Person", "karim haddadi") == ["person:a", "person:b"]
    assert len(base.anchors) == 1 and len(copy.anchors) == 2


def test_decided_names_are_bounded_and_a_name_decided_before_a_clear_keeps_its_entity(small_gazetteer, monkeypatch):
    import graph_builder.resolve as resolve

    monkeypatch.setattr(resolve, "CACHE_SIZE", 50)
    resolver = Resolver(small_gazetteer, Judgements())
    surnames = invented_surnames(300)

    def article(number: int, names: list[str]) -> list[str]:
        mentions = [Mention(f"Karim {s}", "Person", 0, 0, 1) for s in names]
        return resolver.resolve(Extraction(Article(f"a{number}", ""), [], mentions, [])).entity_of

    first = article(0, surnames)
    assert len(resolver._decided) <= 50
    again = article(1, list(reversed(surnames)))
    assert list(reversed(again)) == first  # the same entities after many clears
    assert len(set(first)) == len(surnames)  # one entity each, none made twice
