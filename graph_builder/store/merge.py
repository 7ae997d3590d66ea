"""Merging and splitting stored entities on analyst judgements, losing nothing.

- `merge_entities(store, keep, drop)`: a `same` judgement. The dropped node's
  names become aliases of the kept one, its edges move onto the kept node with
  all their properties, references to it (`about`, `claimed_by`, an agency's
  `country`) name the kept node, and the dropped node is deleted.
- `split_entity(store, node, name)`: a `different` judgement between two names
  of one node. The name (every spelling of it, also with a title: "chief X")
  moves to a node of its own, with the MENTIONS edges whose `forms` hold it and the WARNED/SHARED
  edges whose evidence names it; an edge holding other sentences too is cut in
  two, each sentence staying with the actor it names.

Each change is planned from what the store holds and written in one transaction
(`GraphStore.apply`) of generated statements: rows that add go through the merge
statements a load uses, rows that take something away replace stored values.
MENTIONS and PART_OF ids are derived from their two ends, so a moved one takes
the id a load would give it; WARNED/SHARED edges keep their ids, which the event
index of later loads finds again (a new piece cut from one gets the id a load
would give its first report).

`Judging` ties this to the judgements file: it lists uncertain pairs with
examples and applies decisions (the store first, then the record).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..gazetteer import DataFileError, Gazetteer, default_gazetteer
from ..graph.events import row_id
from ..model import ENTITY_LABELS, EVENT_TYPES, EdgeRow, GraphBatch, NodeRow
from ..resolve.judgements import Judgements
from ..resolve.names import name_key, slug
from ..resolve.review import (BAND, Decision, Directory, Pair, Placement, keep_first, place, read_decisions,
                              uncertain_pairs)
from . import cypher, rows
from .base import GraphStore, chunked

LABEL_OF_PREFIX = {label.lower(): label for label in ENTITY_LABELS}
REFERENCE_PROPS = ("about", "claimed_by")  # edge lists holding entity ids
DERIVED_IDS = ("MENTIONS", "PART_OF")  # edge ids hashed from their two ends


class UnknownEntity(ValueError):
    pass


@dataclass
class Plan:
    """Rows to merge as a load does, rows whose stored values they replace, things to delete."""

    upsert: GraphBatch = field(default_factory=GraphBatch)
    put: GraphBatch = field(default_factory=GraphBatch)
    drop_edges: list[EdgeRow] = field(default_factory=list)
    drop_node: Optional[NodeRow] = None

    def steps(self, dialect: str, batch_size: int, now: int) -> list[tuple[cypher.Statement, dict]]:
        """Deletions of edges first (a moved edge may keep its id), the node last."""
        steps = []
        for group, group_rows in rows.edge_rows(self.drop_edges).items():
            steps += [(cypher.delete_edges(*group), {"rows": rows.edge_keys(chunk)})
                      for chunk in chunked(group_rows, batch_size)]
        for label, label_rows in rows.node_rows(self.upsert.nodes).items():
            steps += _chunks(cypher.merge_nodes(label, dialect), label_rows, batch_size, now)
        for label, label_rows in rows.node_rows(self.put.nodes).items():
            steps += _chunks(cypher.put_nodes(label, dialect), label_rows, batch_size, now)
        for group, group_rows in rows.edge_rows(self.upsert.edges).items():
            steps += _chunks(cypher.merge_edges(*group, dialect), group_rows, batch_size, now)
        for group, group_rows in rows.edge_rows(self.put.edges).items():
            steps += _chunks(cypher.put_edges(*group, dialect), group_rows, batch_size, now)
        if self.drop_node:
            steps.append((cypher.delete_node(self.drop_node.label), {"id": self.drop_node.id}))
        return steps


def _chunks(statement: cypher.Statement, items: list[dict], size: int, now: int) -> list[tuple]:
    return [(statement, {"rows": chunk, "now": now}) for chunk in chunked(items, size)]


def _apply(store: GraphStore, plan: Plan) -> None:
    store.apply(plan.steps(store.dialect, store.batch_size, int(time.time())))


def entity_node(store: GraphStore, entity_id: str) -> NodeRow:
    label = LABEL_OF_PREFIX.get(entity_id.partition(":")[0])
    found = store.nodes_by_id(label, [entity_id]) if label else []
    if not found:
        raise UnknownEntity(f"unknown entity id {entity_id!r}")
    return found[0]


def _names(node: NodeRow) -> list[str]:
    return list(dict.fromkeys(n for n in [node.props.get("name"), *node.props.get("aliases", [])] if n))


def _moved(edge: EdgeRow, old: str, new: str, props: Optional[dict] = None) -> EdgeRow:
    """`edge` with the end `old` replaced by `new`; a mutual event starts at the id sorting first."""
    src = new if edge.src == old else edge.src
    dst = new if edge.dst == old else edge.dst
    src_label, dst_label = edge.src_label, edge.dst_label
    props = dict(edge.props if props is None else props)
    if edge.type in EVENT_TYPES and props.get("mutual") and dst < src:
        src, dst, src_label, dst_label = dst, src, dst_label, src_label
    edge_id = row_id(edge.type, src, dst) if edge.type in DERIVED_IDS else edge.id
    return EdgeRow(edge.type, src_label, src, dst_label, dst, edge_id, props)


# --- merge -------------------------------------------------------------------


@dataclass
class MergeResult:
    kept: str
    dropped: str
    names_added: list[str]
    edges_moved: int
    references_rewritten: int


def merge_entities(store: GraphStore, keep_id: str, drop_id: str) -> MergeResult:
    """Merge entity `drop_id` into `keep_id`: every name, edge and reference is kept."""
    keep, drop = entity_node(store, keep_id), entity_node(store, drop_id)
    if keep_id == drop_id:
        raise ValueError(f"cannot merge {keep_id!r} into itself")
    if keep.label != drop.label:
        raise ValueError(f"cannot merge {drop.label} {drop_id!r} into {keep.label} {keep_id!r}")
    plan = Plan(drop_node=drop)
    added = [n for n in _names(drop) if n not in _names(keep)]
    plan.upsert.nodes.append(NodeRow(keep.label, keep_id, {
        "aliases": _names(drop),
        "country": keep.props.get("country") or _rename(drop.props.get("country"), drop_id, keep_id),
        "kind": keep.props.get("kind") or drop.props.get("kind"),
    }))
    moved = _move_edges(store, keep, drop, plan)
    references = _rewrite_references(store, drop, keep_id, plan)
    _apply(store, plan)
    return MergeResult(keep_id, drop_id, added, moved, references)


def _rename(value: Optional[str], old: str, new: str) -> Optional[str]:
    return new if value == old else value


def _move_edges(store: GraphStore, keep: NodeRow, drop: NodeRow, plan: Plan) -> int:
    kept_edges = {e.id: e for e in store.edges_of(keep.label, keep.id)}
    edges = store.edges_of(drop.label, drop.id)
    for edge in edges:
        props = _renamed_refs(edge.props, drop.id, keep.id)
        moved = _moved(edge, drop.id, keep.id, props)
        if edge.src == edge.dst:  # a loop moves both its ends
            moved = _moved(moved, drop.id, keep.id)
        existing = kept_edges.get(moved.id)
        if edge.type == "MENTIONS" and existing and (existing.src, existing.dst) == (moved.src, moved.dst):
            # both names were counted apart in that article; together they count both
            moved.props["count"] = (existing.props.get("count") or 0) + (edge.props.get("count") or 0)
        plan.upsert.edges.append(moved)
    return len(edges)


def _renamed_refs(props: dict, old: str, new: str, keep_old: bool = False) -> dict:
    """`props` with entity `old` named `new` in the reference lists (or `new` added beside it)."""
    out = dict(props)
    for name in REFERENCE_PROPS:
        if name in out:
            renamed = []
            for value in out[name] or []:
                renamed += ([value, new] if keep_old else [new]) if value == old else [value]
            out[name] = list(dict.fromkeys(renamed))
    return out


def _rewrite_references(store: GraphStore, drop: NodeRow, keep_id: str, plan: Plan) -> int:
    """Edges of other actors naming the dropped entity in `about` or `claimed_by`, and
    nodes naming it as their `country`, name the kept entity instead."""
    count = 0
    for edge in store.iter_edges(EVENT_TYPES):
        if drop.id in (edge.src, edge.dst):
            continue  # moved with the node
        if any(drop.id in (edge.props.get(name) or []) for name in REFERENCE_PROPS):
            props = _renamed_refs(edge.props, drop.id, keep_id)
            plan.put.edges.append(EdgeRow(edge.type, edge.src_label, edge.src, edge.dst_label, edge.dst,
                                          edge.id, props))
            count += 1
    if drop.label == "Country":
        for node in store.iter_nodes(ENTITY_LABELS):
            if node.props.get("country") == drop.id and node.id != drop.id:
                plan.upsert.nodes.append(NodeRow(node.label, node.id, {"country": keep_id}))
                count += 1
    return count


# --- split -------------------------------------------------------------------


@dataclass
class SplitResult:
    node: str
    new_node: str
    names_moved: list[str]
    mentions_moved: int
    events_moved: int
    events_cut: int
    references: int  # edges of other actors whose `about` or `claimed_by` now name the new node


def split_entity(store: GraphStore, node_id: str, name: str) -> SplitResult:
    """Move `name` (with the names that write it plus a title, such as "chief X") off
    `node_id` onto a node of its own, or onto the stored node a load would give that name."""
    node = entity_node(store, node_id)
    split = _Split(node, name)
    moved_names = [n for n in _names(node) if split.moves(n)]
    if not moved_names:
        raise ValueError(f"{name!r} is not a name of {node_id!r}")
    if split.moves(node.props.get("name") or ""):
        raise ValueError(f"{name!r} is the name of {node_id!r}: name its other name to split that off")
    target = _split_target(store, node, name)
    split.target = target.id
    plan = Plan()
    _place_split_nodes(node, target, moved_names, name, plan)
    edges = store.edges_of(node.label, node.id)
    forms, mentions_moved = split.mentions(edges, store.edges_of(node.label, target.id), plan)
    events_moved, events_cut = split.events(edges, forms, plan)
    references = split.references(store.iter_edges(EVENT_TYPES), forms, plan)
    _apply(store, plan)
    return SplitResult(node_id, target.id, moved_names, mentions_moved, events_moved, events_cut, references)


def _split_target(store: GraphStore, node: NodeRow, name: str) -> NodeRow:
    """The node the name moves to: the one a load would make for it, if stored already, else a new one."""
    wanted = f"{node.label.lower()}:{slug(name_key(name) or name)}"
    existing = store.nodes_by_id(node.label, [wanted])
    if existing and wanted != node.id:
        return existing[0]
    while wanted == node.id or store.nodes_by_id(node.label, [wanted]):
        wanted += "_"  # a look-alike keeps an id of its own, as the resolver does
    return NodeRow(node.label, wanted, {})


def _place_split_nodes(node: NodeRow, target: NodeRow, moved: list[str], name: str, plan: Plan) -> None:
    remaining = [n for n in node.props.get("aliases", []) if n not in moved]
    plan.put.nodes.append(NodeRow(node.label, node.id, {**node.props, "aliases": remaining}))
    if target.props:  # a stored node gains the names
        plan.upsert.nodes.append(NodeRow(target.label, target.id, {"aliases": moved}))
    else:
        shown = name if name in moved else min(moved, key=len)
        plan.upsert.nodes.append(NodeRow(target.label, target.id, {
            "name": shown, "aliases": moved, "kind": node.props.get("kind")}))


def _holds(text_key: str, key: str) -> bool:
    """Whether a name key holds another as whole words."""
    return f" {key} " in f" {text_key} "


class _Split:
    """Which names, MENTIONS and events of `node` go with `name` to `target`.

    A name goes when its key is the key of `name` or holds it ("chief X") without
    holding a name that stays. An evidence sentence goes when its article wrote
    the actor only with going names, or (if the article used both) when it names
    the going name and no staying one.
    """

    def __init__(self, node: NodeRow, name: str):
        self.node, self.target = node, ""
        self.key = name_key(name)
        keys = {name_key(n) for n in _names(node)} - {""}
        self.staying_keys = {k for k in keys if not _holds(k, self.key)}

    def moves(self, name: str) -> bool:
        key = name_key(name)
        return bool(self.key) and _holds(key, self.key) and not any(_holds(key, k) for k in self.staying_keys)

    def mentions(self, edges: list[EdgeRow], target_edges: list[EdgeRow], plan: Plan) -> tuple[dict, int]:
        """Moves the going forms; returns the node's forms per article before the split, and
        how many MENTIONS edges moved or were cut."""
        existing = {e.id: e for e in target_edges}
        forms_by_article: dict[str, list[str]] = {}
        moved = 0
        for edge in (e for e in edges if e.type == "MENTIONS"):
            forms = edge.props.get("forms", [])
            forms_by_article[edge.src] = forms
            going = [f for f in forms if self.moves(f)]
            if going:
                self._move_mention(edge, forms, going, existing, plan)
                moved += 1
        return forms_by_article, moved

    def _move_mention(self, edge: EdgeRow, forms: list[str], going: list[str], existing: dict,
                      plan: Plan) -> None:
        staying = [f for f in forms if f not in going]
        count = edge.props.get("count") or len(forms)
        # counts per form are not stored: each moved form counts one mention at least
        moved_count = len(going) if staying else count
        moved = _moved(edge, self.node.id, self.target, {"forms": going, "count": moved_count})
        if moved.id in existing:
            moved.props["count"] += existing[moved.id].props.get("count") or 0
        plan.upsert.edges.append(moved)
        if staying:
            kept = {**edge.props, "forms": staying, "count": max(count - len(going), len(staying))}
            plan.put.edges.append(EdgeRow(edge.type, edge.src_label, edge.src, edge.dst_label, edge.dst,
                                          edge.id, kept))
        else:
            plan.drop_edges.append(edge)

    def events(self, edges: list[EdgeRow], forms: dict[str, list[str]], plan: Plan) -> tuple[int, int]:
        moved = cut = 0
        for edge in (e for e in edges if e.type in EVENT_TYPES and e.src != e.dst):
            pairs = list(zip(edge.props.get("evidence", []), edge.props.get("sentence_refs", [])))
            going = [i for i, (sentence, ref) in enumerate(pairs) if self._names_it(sentence, ref, forms)]
            if not going:
                continue
            if len(going) == len(pairs):
                plan.drop_edges.append(edge)
                plan.upsert.edges.append(_moved(edge, self.node.id, self.target))
                moved += 1
            else:
                self._cut(edge, pairs, set(going), plan)
                cut += 1
        return moved, cut

    def _names_it(self, sentence: str, ref: str, forms: dict[str, list[str]]) -> bool:
        written = forms.get(ref.rpartition("#")[0], [])
        going, staying = any(map(self.moves, written)), not all(map(self.moves, written))
        if written and going != staying:  # the article wrote the actor one way only
            return going
        text = name_key(sentence)
        return _holds(text, self.key) and not any(_holds(text, k) for k in self.staying_keys)

    def references(self, edges: Iterable[EdgeRow], forms: dict[str, list[str]], plan: Plan) -> int:
        """Edges of other actors naming the node in `about` or `claimed_by`: the reference goes
        to the new node when every sentence names the going name, is shared when some do."""
        count = 0
        for edge in edges:
            if self.node.id in (edge.src, edge.dst):
                continue
            if not any(self.node.id in (edge.props.get(name) or []) for name in REFERENCE_PROPS):
                continue
            sentences = zip(edge.props.get("evidence", []), edge.props.get("sentence_refs", []))
            named = [self._names_it(sentence, ref, forms) for sentence, ref in sentences]
            if any(named):
                props = _renamed_refs(edge.props, self.node.id, self.target, keep_old=not all(named))
                plan.put.edges.append(EdgeRow(edge.type, edge.src_label, edge.src, edge.dst_label, edge.dst,
                                              edge.id, props))
                count += 1
        return count

    def _cut(self, edge: EdgeRow, pairs: list[tuple[str, str]], going: set[int], plan: Plan) -> None:
        def part(indices: list[int]) -> dict:
            refs = [pairs[i][1] for i in indices]
            return {**edge.props, "evidence": [pairs[i][0] for i in indices], "sentence_refs": refs}

        gone = part(sorted(going))
        kept = part([i for i in range(len(pairs)) if i not in going])
        gone_articles = {r.rpartition("#")[0] for r in gone["sentence_refs"]}
        kept_articles = {r.rpartition("#")[0] for r in kept["sentence_refs"]}
        articles = edge.props.get("articles", [])
        gone["articles"] = [a for a in articles if a in gone_articles]
        kept["articles"] = [a for a in articles if a in kept_articles or a not in gone_articles]
        piece = _moved(edge, self.node.id, self.target, gone)
        piece.id = _event_id(piece)
        plan.upsert.edges.append(piece)
        plan.put.edges.append(EdgeRow(edge.type, edge.src_label, edge.src, edge.dst_label, edge.dst, edge.id, kept))


def _event_id(edge: EdgeRow) -> str:
    """The id a load gives the first report of an event (`graph.events.EventIndex`)."""
    start, end = edge.props.get("date_start"), edge.props.get("date_end")
    return row_id(edge.type, edge.src, edge.dst, start.isoformat() if start else None,
                  end.isoformat() if end else None, "mutual" if edge.props.get("mutual") else None)


# --- judging: pairs to review, decisions applied and recorded --------------------


@dataclass
class Context:
    """What an analyst sees of an entity: example sentences (or article titles) and articles."""

    examples: list[str]
    articles: list[str]


class Judging:
    """Review and decisions against one open store and one judgements file."""

    def __init__(self, store: GraphStore, judgements: Judgements, who: str,
                 gazetteer: Optional[Gazetteer] = None):
        self.store, self.judgements, self.who = store, judgements, who
        self.gazetteer = gazetteer or default_gazetteer()
        self.directory = Directory(store.entities())
        self._merged_into: dict[str, str] = {}  # dropped id -> kept id, for later decisions

    def pairs(self, band: tuple[float, float] = BAND) -> list[Pair]:
        """Unjudged pairs of stored entities whose names score in `band`, best first."""
        return uncertain_pairs(list(self.directory.by_id.values()), self.judgements, band)

    def context(self, entity: dict, limit: int = 2) -> Context:
        edges = self.store.edges_of(entity["label"], entity["id"])
        articles = sorted({e.src for e in edges if e.type == "MENTIONS"})
        sentences = (s for e in edges if e.type in EVENT_TYPES for s in e.props.get("evidence", []))
        examples = list(dict.fromkeys(sentences))[:limit]
        if not examples:
            titled = self.store.nodes_by_id("Article", articles)
            examples = [n.props["title"] for n in titled if n.props.get("title")][:limit]
        return Context(examples, articles)

    def decide(self, a: str, b: str, judgement: str, label: Optional[str] = None) -> str:
        """Apply one decision to the store, then record it; returns what changed, in one line."""
        placement = place(self.directory, self.current(a), self.current(b), label)
        change = self._apply(placement, judgement)
        self.judgements.record(placement.name_a, placement.name_b, judgement, self.who, placement.a["label"])
        return change

    def apply_file(self, path: Path) -> list[str]:
        """Every decision of a decisions file, all checked before the first is applied."""
        decisions = read_decisions(path)
        for decision in decisions:
            self._at(decision.where, self._check, decision)
        return [self._at(d.where, self.decide, d.a, d.b, d.judgement, d.label) for d in decisions]

    def _check(self, decision: Decision) -> None:
        placement = place(self.directory, decision.a, decision.b, decision.label)
        if decision.judgement == "same" and placement.a["label"] != placement.b["label"]:
            raise ValueError(f"a {placement.a['label']} and a {placement.b['label']} are never the same entity")

    def current(self, entity_id: str) -> str:
        """The id an entity has now: merges made by this session move ids onto the kept entity."""
        while entity_id in self._merged_into:
            entity_id = self._merged_into[entity_id]
        return entity_id

    @staticmethod
    def _at(where: str, action, *args):
        try:
            return action(*args)
        except DataFileError:
            raise
        except ValueError as error:
            raise DataFileError(f"{where}: {error}") from None

    def _apply(self, placement: Placement, judgement: str) -> str:
        if judgement == "same" and placement.one_entity:
            return f"{placement.name_a!r} and {placement.name_b!r} are already one entity ({placement.a['id']})"
        if judgement == "same":
            return self._merge(placement)
        if judgement == "different" and placement.one_entity:
            return self._split(placement)
        return f"recorded {judgement}: {placement.a['id']} / {placement.b['id']} (the store is unchanged)"

    def _merge(self, placement: Placement) -> str:
        kept, dropped = keep_first(placement.a, placement.b, self.gazetteer)
        result = merge_entities(self.store, kept["id"], dropped["id"])
        self._merged_into[dropped["id"]] = kept["id"]
        self.directory.remove(dropped["id"])
        self._refresh(kept["id"])
        return (f"merged {dropped['id']} into {kept['id']}: {result.edges_moved} edges moved, "
                f"{result.references_rewritten} references renamed")

    def _split(self, placement: Placement) -> str:
        node = placement.a
        name_of_node = name_key(node["name"])
        name = placement.name_b if name_key(placement.name_b) != name_of_node else placement.name_a
        if name_key(name) == name_of_node:
            raise ValueError(f"{placement.name_a!r} and {placement.name_b!r} are spellings of one name "
                             f"of {node['id']}: nothing tells them apart")
        result = split_entity(self.store, node["id"], name)
        self._refresh(node["id"])
        self._refresh(result.new_node)
        return (f"split {name!r} off {node['id']} into {result.new_node}: {result.mentions_moved} "
                f"mentions, {result.events_moved} events moved, {result.events_cut} events cut in two")

    def _refresh(self, entity_id: str) -> None:
        node = entity_node(self.store, entity_id)
        self.directory.remove(entity_id)
        self.directory.add({"id": node.id, "label": node.label, **node.props})
