"""Plain dataclasses passed between the stages.

read -> extract -> resolve -> graph -> store/export

Each stage takes the previous stage's dataclasses and returns its own; no
stage imports a later one. Keep these free of behaviour beyond small helpers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

# Entity labels, relationship types and date precisions are the fixed vocabulary
# of the graph; `graph_builder.schema` declares their properties.
ENTITY_LABELS = ("Person", "Agency", "Country", "Organization", "Location")
EVENT_TYPES = ("WARNED", "SHARED")
PRECISIONS = ("day", "week", "month", "year", "unknown")  # finest first; a week is up to seven days


# --- read ------------------------------------------------------------------


@dataclass
class Article:
    """One news article as read from disk."""

    id: str
    text: str
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[date] = None
    lang: Optional[str] = None  # "en" or "ar" (ISO 639-1); None when undetected
    source: str = ""  # where it came from: "path" or "path:line", for messages


@dataclass
class ReadProblem:
    """An input that could not be read; reported and skipped, never fatal."""

    path: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


# --- extract ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)  # one per event known to a load: kept small
class DateSpan:
    """The interval an article fixes for an event, inclusive at both ends."""

    start: Optional[date] = None
    end: Optional[date] = None
    precision: str = "unknown"  # one of PRECISIONS

    @property
    def known(self) -> bool:
        return self.start is not None

    def overlaps(self, other: "DateSpan") -> bool:
        if not (self.known and other.known):
            return False
        return self.start <= other.end and other.start <= self.end


UNKNOWN_DATE = DateSpan()


@dataclass
class Sentence:
    index: int  # position in the article, from 0
    text: str
    start: int  # character offset of the sentence in the article text


@dataclass
class Mention:
    """A surface form naming an actor, found in one sentence."""

    text: str  # exactly as written
    label: str  # one of ENTITY_LABELS
    sentence: int  # Sentence.index
    start: int  # character offsets within the sentence text
    end: int
    key: Optional[str] = None  # gazetteer entity id when the gazetteer knows it
    country: Optional[str] = None  # country entity id for agencies and people
    kind: Optional[str] = None  # e.g. "intelligence", "police", "armed_group"
    canonical: Optional[str] = None  # preferred display name when known
    # How it was written: "name", "adjective" ("Iraqi"), "capital" (a capital standing for
    # its country), "apposition" (a repeat such as "(NISA)", never an event argument),
    # "anaphor" ("the agency"), "counterpart" ("نظيرتها الفرنسية").
    form: str = "name"


@dataclass
class EventMention:
    """A WARNED or SHARED event as stated in one sentence of one article."""

    type: str  # one of EVENT_TYPES
    source: int  # index into Extraction.mentions
    target: int  # index into Extraction.mentions
    sentence: int
    evidence: str  # the sentence text
    date: DateSpan = UNKNOWN_DATE
    about: list[int] = field(default_factory=list)  # indices into mentions
    confidence: float = 0.5
    mutual: bool = False  # both sides gave and received (joint operations)
    claimed_by: Optional[int] = None  # index into mentions: who says so
    source_as_state: bool = False  # the source agency spoke for its state: the edge starts at the country
    rule: str = ""  # the extraction rule that fired, for --explain


@dataclass
class Extraction:
    """Everything the extract stage found in one article."""

    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    events: list[EventMention]


# --- resolve ---------------------------------------------------------------


@dataclass
class Entity:
    """A resolved actor: one node of the graph."""

    id: str  # stable, label-prefixed: "country:iraq", "person:abu_bakr_al_baghdadi"
    label: str  # one of ENTITY_LABELS
    name: str
    aliases: set[str] = field(default_factory=set)
    country: Optional[str] = None  # id of a Country entity
    kind: Optional[str] = None


@dataclass
class Resolved:
    """One article's extraction with every mention mapped to an entity id."""

    extraction: Extraction
    entity_of: list[str]  # entity id per mention, aligned with extraction.mentions
    entities: dict[str, Entity]  # the entities this article touches, by id


# --- graph -----------------------------------------------------------------


@dataclass
class NodeRow:
    label: str  # an entity label or "Article"
    id: str
    props: dict  # property name -> value, names from graph_builder.schema


@dataclass
class EdgeRow:
    type: str  # MENTIONS, PART_OF, WARNED or SHARED
    src_label: str
    src: str
    dst_label: str
    dst: str
    id: str  # deterministic hash, so that re-loads merge instead of duplicating
    props: dict


@dataclass
class GraphBatch:
    """Rows ready to be merged into a store. List properties accumulate on merge."""

    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)

    def extend(self, other: "GraphBatch") -> None:
        self.nodes.extend(other.nodes)
        self.edges.extend(other.edges)
