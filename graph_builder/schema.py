"""The graph schema, declared once.

Every Cypher statement the stores send is generated from these declarations:
labels and relationship types come from here (a fixed list), values always
travel as `$parameters`. The embedded store and Neo4j hold the same model.

Property types are given in a neutral vocabulary: STRING, STRING[], DATE,
DOUBLE, INT64, BOOLEAN. A property marked `accumulate` is a list whose new
values are unioned with the stored ones on merge (aliases, articles,
evidence), never replaced.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import ENTITY_LABELS, EVENT_TYPES


@dataclass(frozen=True)
class Prop:
    name: str
    type: str  # STRING, STRING[], DATE, DOUBLE, INT64, BOOLEAN
    accumulate: bool = False  # list union on merge instead of overwrite
    indexed: bool = False  # Neo4j index for lookups used by the query library


@dataclass(frozen=True)
class NodeType:
    label: str
    props: tuple[Prop, ...]


@dataclass(frozen=True)
class RelType:
    type: str
    pairs: tuple[tuple[str, str], ...]  # allowed (source label, target label)
    props: tuple[Prop, ...]


ID = Prop("id", "STRING")
LASTUPDATED = Prop("lastupdated", "INT64")
# A digest of what an article's rows depend on (graph.content_hash); a load
# skips an article whose stored digest is the same.
CONTENT_HASH = Prop("content_hash", "STRING")

ENTITY_PROPS = (
    ID,
    Prop("name", "STRING", indexed=True),
    Prop("aliases", "STRING[]", accumulate=True, indexed=True),
    Prop("country", "STRING"),
    Prop("kind", "STRING"),
    LASTUPDATED,
)

ARTICLE_PROPS = (
    ID,
    Prop("url", "STRING"),
    Prop("title", "STRING"),
    Prop("published", "DATE", indexed=True),
    Prop("lang", "STRING"),
    Prop("source", "STRING"),
    CONTENT_HASH,
    LASTUPDATED,
)

EVENT_PROPS = (
    ID,
    Prop("date_start", "DATE", indexed=True),
    Prop("date_end", "DATE", indexed=True),
    Prop("date_precision", "STRING"),
    Prop("about", "STRING[]", accumulate=True),
    Prop("articles", "STRING[]", accumulate=True),
    # evidence[i] is the sentence quoted by sentence_refs[i] ("article_id#sentence_index")
    Prop("evidence", "STRING[]", accumulate=True),
    Prop("sentence_refs", "STRING[]", accumulate=True),
    Prop("claimed_by", "STRING[]", accumulate=True),
    Prop("confidence", "DOUBLE"),
    Prop("mutual", "BOOLEAN"),
    LASTUPDATED,
)

MENTIONS_PROPS = (
    ID,
    Prop("forms", "STRING[]", accumulate=True),  # surface forms in that article
    Prop("count", "INT64"),
    LASTUPDATED,
)

PART_OF_PROPS = (ID, LASTUPDATED)

# evidence[i] quotes sentence_refs[i]: evidence grows only with new refs, so the two
# lists stay aligned even when two reports (or two articles) quote the same sentence.
ALIGNED = {"evidence": "sentence_refs"}

NODE_TYPES: tuple[NodeType, ...] = tuple(
    NodeType(label, ENTITY_PROPS) for label in ENTITY_LABELS
) + (NodeType("Article", ARTICLE_PROPS),)

_ENTITY_PAIRS = tuple((a, b) for a in ENTITY_LABELS for b in ENTITY_LABELS)

REL_TYPES: tuple[RelType, ...] = (
    RelType("MENTIONS", tuple(("Article", b) for b in ENTITY_LABELS), MENTIONS_PROPS),
    RelType("PART_OF", (("Agency", "Country"),), PART_OF_PROPS),
) + tuple(RelType(t, _ENTITY_PAIRS, EVENT_PROPS) for t in EVENT_TYPES)

LABELS = tuple(n.label for n in NODE_TYPES)
REL_NAMES = tuple(r.type for r in REL_TYPES)


def node_type(label: str) -> NodeType:
    for n in NODE_TYPES:
        if n.label == label:
            return n
    raise ValueError(f"unknown label {label!r}")


def rel_type(name: str) -> RelType:
    for r in REL_TYPES:
        if r.type == name:
            return r
    raise ValueError(f"unknown relationship type {name!r}")


def check_label(label: str) -> str:
    """Return `label` if it is in the fixed list; labels are never taken from input."""
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return label


def check_rel(name: str) -> str:
    if name not in REL_NAMES:
        raise ValueError(f"unknown relationship type {name!r}")
    return name
