"""Graph stage: a `Resolved` article in, the node and edge rows to merge out.

Ids are deterministic hashes of what identifies a row, so loading the same
article twice produces the same rows and the stores merge instead of
duplicating. An event is identified by its type, its two actors and an
overlapping date interval (see `events.EventIndex`): the same event reported by
two articles is one edge listing both, while two warnings between the same pair
at different times stay two edges. Mutual events (joint operations, exchanges)
are stored once, from the actor whose id sorts first, and never merge with a
one-way event between the same pair.
"""
from __future__ import annotations

import hashlib
import json
from typing import Optional

from .. import schema
from ..model import Article, EdgeRow, Entity, EventMention, GraphBatch, NodeRow, Resolved
from .events import EventIndex, Placed, row_id

__all__ = ["EventIndex", "build_batch", "compact", "content_hash", "hash_row", "row_id"]

HASH_VERSION = "1"  # bump when what the digest covers changes


def content_hash(article: Article) -> str:
    """A digest of what an article's rows depend on: its id, text and metadata.

    The source path is left out, so moving a corpus does not make it new.
    """
    published = article.published.isoformat() if article.published else None
    fields = [HASH_VERSION, article.id, article.text, article.url, article.title, published, article.lang]
    data = json.dumps(fields, ensure_ascii=False).encode("utf-8")
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def hash_row(article: Article) -> NodeRow:
    """The Article row that records its content hash; merging it leaves the other properties as stored."""
    return NodeRow("Article", article.id, {schema.CONTENT_HASH.name: content_hash(article)})


def article_row(article: Article) -> NodeRow:
    props = {"url": article.url, "title": article.title, "published": article.published,
             "lang": article.lang, "source": article.source}
    return NodeRow("Article", article.id, props)


def entity_row(entity: Entity) -> NodeRow:
    props = {"name": entity.name, "aliases": sorted(entity.aliases), "country": entity.country,
             "kind": entity.kind}
    return NodeRow(entity.label, entity.id, props)


def part_of_row(agency: Entity, country: Entity) -> EdgeRow:
    return EdgeRow("PART_OF", "Agency", agency.id, "Country", country.id,
                   row_id("PART_OF", agency.id, country.id), {})


def mention_rows(resolved: Resolved) -> list[EdgeRow]:
    article = resolved.extraction.article
    forms: dict[str, list[str]] = {}
    for mention, eid in zip(resolved.extraction.mentions, resolved.entity_of):
        forms.setdefault(eid, []).append(mention.text)
    rows = []
    for eid, seen in forms.items():
        entity = resolved.entities[eid]
        rows.append(EdgeRow("MENTIONS", "Article", article.id, entity.label, eid,
                            row_id("MENTIONS", article.id, eid),
                            {"forms": sorted(set(seen)), "count": len(seen)}))
    return rows


def event_rows(resolved: Resolved, index: EventIndex) -> list[EdgeRow]:
    """The article's events as edges, placed among the events `index` knows."""
    reports = [(event, ends) for event in resolved.extraction.events if (ends := _event_ends(resolved, event))]
    placed = index.place_all([(e.type, src, dst, e.mutual, e.date) for e, (src, dst) in reports])
    return [_event_row(resolved, event, src, dst, where) for (event, (src, dst)), where in zip(reports, placed)]


def _event_ends(resolved: Resolved, event: EventMention) -> Optional[tuple[str, str]]:
    """(source, target) entity ids of an event; None when both are one actor."""
    src, dst = resolved.entity_of[event.source], resolved.entity_of[event.target]
    if event.source_as_state:
        src = resolved.entities[src].country or src
    if src == dst:
        return None
    return (dst, src) if event.mutual and dst < src else (src, dst)


def _event_row(resolved: Resolved, event: EventMention, src: str, dst: str, placed: Placed) -> EdgeRow:
    article = resolved.extraction.article
    date = placed.span
    about = sorted({resolved.entity_of[i] for i in event.about} - {src, dst})
    claimed = [resolved.entity_of[event.claimed_by]] if event.claimed_by is not None else []
    props = {
        "date_start": date.start, "date_end": date.end, "date_precision": date.precision,
        "about": about, "articles": [article.id], "evidence": [event.evidence],
        "sentence_refs": [f"{article.id}#{event.sentence}"], "claimed_by": claimed,
        "confidence": event.confidence, "mutual": event.mutual,
    }
    ents = resolved.entities
    return EdgeRow(event.type, ents[src].label, src, ents[dst].label, dst, placed.id, props)


def build_batch(resolved: Resolved, index: Optional[EventIndex] = None) -> GraphBatch:
    """All rows one article contributes; `index` places its events among those known."""
    index = index if index is not None else EventIndex()
    batch = GraphBatch()
    batch.nodes.append(article_row(resolved.extraction.article))
    for entity in resolved.entities.values():
        batch.nodes.append(entity_row(entity))
        if entity.label == "Agency" and entity.country in resolved.entities:
            batch.edges.append(part_of_row(entity, resolved.entities[entity.country]))
    batch.edges.extend(mention_rows(resolved))
    batch.edges.extend(merge_duplicate_edges(event_rows(resolved, index)))
    return batch


def merge_duplicate_edges(edges: list[EdgeRow]) -> list[EdgeRow]:
    """One row per id: list properties unioned in order (evidence along with its
    sentence refs, `schema.ALIGNED`), confidence the highest."""
    merged: dict[str, EdgeRow] = {}
    for edge in edges:
        kept = merged.get(edge.id)
        if kept is None:
            merged[edge.id] = EdgeRow(edge.type, edge.src_label, edge.src, edge.dst_label, edge.dst,
                                      edge.id, dict(edge.props))
            continue
        _union_aligned(kept.props, edge.props)
        for name, value in edge.props.items():
            if name in schema.ALIGNED or name in _ALIGNED_KEYS:
                continue
            if isinstance(value, list):
                kept.props[name] = kept.props[name] + [v for v in value if v not in kept.props[name]]
            elif name == "confidence":
                kept.props[name] = max(kept.props[name], value)
            elif name == "mutual":
                kept.props[name] = kept.props[name] or value
            elif value is not None:  # later rows carry the narrowest interval known
                kept.props[name] = value
    return list(merged.values())


_ALIGNED_KEYS = frozenset(schema.ALIGNED.values())


def _union_aligned(kept: dict, new: dict) -> None:
    """Add the new keys of an aligned pair of lists, each with its follower: two reports
    quoting the same sentence text from two sentences keep both refs and both quotes."""
    for follow, key in schema.ALIGNED.items():
        if key not in new:
            continue
        keys, follows = list(kept.get(key) or []), list(kept.get(follow) or [])
        for ref, quote in zip(new[key], new.get(follow) or []):
            if ref not in keys:
                keys.append(ref)
                follows.append(quote)
        kept[key], kept[follow] = keys, follows


def compact(batch: GraphBatch) -> GraphBatch:
    """One row per node and per edge id, so a store merges each once per batch.

    Entity rows of later articles carry every alias of earlier ones (aliases
    only grow), so the last row of a node wins.
    """
    nodes = {(n.label, n.id): n for n in batch.nodes}
    return GraphBatch(list(nodes.values()), merge_duplicate_edges(batch.edges))
