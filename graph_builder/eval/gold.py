"""Gold annotations: one JSON file per article, as described in eval/SCHEMA.md.

Loading validates every file completely, so that scoring never meets a
dangling id or a malformed date; any problem is one `GoldError` line naming
the file (and the JSON line for syntax errors).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from ..model import ENTITY_LABELS, EVENT_TYPES

# Suffixes the gold `article` field may carry; the article id is the name without it.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")


class GoldError(ValueError):
    """A gold file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str  # one of ENTITY_LABELS
    names: tuple[str, ...]
    country: Optional[str] = None  # gold id of the entity's country
    optional: bool = False


@dataclass(frozen=True)
class GoldEvent:
    type: str  # one of EVENT_TYPES
    source: str  # gold entity ids
    target: str
    date: Optional[tuple[date, date]] = None  # inclusive interval, None when unfixed
    about: tuple[str, ...] = ()
    evidence: str = ""
    mutual: bool = False
    optional: bool = False


@dataclass(frozen=True)
class GoldNegative:
    type: str
    source: str
    target: str
    why: str = ""


@dataclass
class GoldArticle:
    id: str  # the article id the graph uses: `article` without its file suffix
    lang: str
    published: Optional[date]
    entities: dict[str, GoldEntity]
    events: list[GoldEvent] = field(default_factory=list)
    negatives: list[GoldNegative] = field(default_factory=list)
    path: str = ""  # the gold file, for messages


def load_gold(folder) -> list[GoldArticle]:
    """Read every *.json gold file under `folder` (recursively; a single file also works)."""
    root = Path(folder)
    if not root.exists():
        raise GoldError(f"{root}: no such gold file or folder")
    paths = [root] if root.is_file() else sorted(root.rglob("*.json"))
    if not paths:
        raise GoldError(f"{root}: no gold files (*.json) found")
    articles = [load_gold_file(path) for path in paths]
    _check_corpus(articles)
    return articles


def load_gold_file(path) -> GoldArticle:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None
    try:
        return _parse_article(raw, str(path))
    except _Invalid as exc:
        raise GoldError(f"{path}: {exc}") from None


class _Invalid(Exception):
    """A structural problem inside one file; becomes a GoldError with the path."""


def _parse_article(raw, path: str) -> GoldArticle:
    if not isinstance(raw, dict):
        raise _Invalid("top level must be a JSON object")
    name = _text(raw, "article", "")
    entities = _parse_entities(_list(raw, "entities", ""))
    article = GoldArticle(
        id=article_id(name),
        lang=_text(raw, "lang", ""),
        published=_iso_date(raw.get("published"), "published"),
        entities=entities,
        path=path,
    )
    article.events = [_parse_event(item, f"events[{i}]", entities)
                      for i, item in enumerate(_list(raw, "events", ""))]
    article.negatives = [_parse_negative(item, f"negatives[{i}]", entities)
                         for i, item in enumerate(_list(raw, "negatives", ""))]
    return article


def article_id(name: str) -> str:
    for suffix in ARTICLE_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _parse_entities(items: list) -> dict[str, GoldEntity]:
    entities: dict[str, GoldEntity] = {}
    for i, item in enumerate(items):
        where = f"entities[{i}]"
        entity = GoldEntity(
            id=_text(item, "id", where),
            type=_choice(item, "type", ENTITY_LABELS, where),
            names=tuple(_names(item, where)),
            country=_optional_text(item, "country", where),
            optional=_flag(item, "optional", where),
        )
        if entity.id in entities:
            raise _Invalid(f"{where}: duplicate entity id {entity.id!r}")
        entities[entity.id] = entity
    for entity in entities.values():
        if entity.country is not None and entity.country not in entities:
            raise _Invalid(f"entity {entity.id!r}: country {entity.country!r} is not an entity id")
    return entities


def _parse_event(item, where: str, entities: dict) -> GoldEvent:
    about = _list(item, "about", where, required=False)
    for ref in about:
        _known(ref, entities, f"{where}.about")
    return GoldEvent(
        type=_choice(item, "type", EVENT_TYPES, where),
        source=_known(_text(item, "source", where), entities, f"{where}.source"),
        target=_known(_text(item, "target", where), entities, f"{where}.target"),
        date=_interval(item.get("date"), f"{where}.date"),
        about=tuple(about),
        evidence=_optional_text(item, "evidence", where) or "",
        mutual=_flag(item, "mutual", where),
        optional=_flag(item, "optional", where),
    )


def _parse_negative(item, where: str, entities: dict) -> GoldNegative:
    return GoldNegative(
        type=_choice(item, "type", EVENT_TYPES, where),
        source=_known(_text(item, "source", where), entities, f"{where}.source"),
        target=_known(_text(item, "target", where), entities, f"{where}.target"),
        why=_optional_text(item, "why", where) or "",
    )


# --- field readers: each raises _Invalid naming the field ------------------


def _field(item, key: str, where: str):
    if not isinstance(item, dict):
        raise _Invalid(f"{where or 'top level'}: must be a JSON object")
    return item.get(key)


def _label(key: str, where: str) -> str:
    return f"{where}.{key}" if where else key


def _text(item, key: str, where: str) -> str:
    value = _field(item, key, where)
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{_label(key, where)}: expected a non-empty string, got {value!r}")
    return value


def _optional_text(item, key: str, where: str) -> Optional[str]:
    value = _field(item, key, where)
    if value is not None and not isinstance(value, str):
        raise _Invalid(f"{_label(key, where)}: expected a string or null, got {value!r}")
    return value or None


def _list(item, key: str, where: str, required: bool = True) -> list:
    value = _field(item, key, where)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise _Invalid(f"{_label(key, where)}: expected a list, got {value!r}")
    return value


def _flag(item, key: str, where: str) -> bool:
    value = _field(item, key, where)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _Invalid(f"{_label(key, where)}: expected true or false, got {value!r}")
    return value


def _choice(item, key: str, allowed: tuple, where: str) -> str:
    value = _field(item, key, where)
    if value not in allowed:
        raise _Invalid(f"{_label(key, where)}: expected one of {', '.join(allowed)}, got {value!r}")
    return value


def _names(item, where: str) -> list[str]:
    names = _list(item, "names", where)
    if not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise _Invalid(f"{where}.names: expected a non-empty list of non-empty strings")
    return names


def _known(ref, entities: dict, where: str) -> str:
    if ref not in entities:
        raise _Invalid(f"{where}: {ref!r} is not an entity id of this file")
    return ref


def _iso_date(value, where: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Invalid(f"{where}: expected an ISO date (YYYY-MM-DD) or null, got {value!r}") from None


def _interval(value, where: str) -> Optional[tuple[date, date]]:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2 or None in value:
        raise _Invalid(f"{where}: expected [earliest, latest] ISO dates or null, got {value!r}")
    start, end = (_iso_date(v, where) for v in value)
    if start > end:
        raise _Invalid(f"{where}: earliest {start} is after latest {end}")
    return start, end


# --- whole-corpus consistency ------------------------------------------------


def _check_corpus(articles: list[GoldArticle]) -> None:
    """Article ids must be unique and a gold id must name one kind of thing everywhere."""
    seen_article: dict[str, str] = {}
    seen_type: dict[str, tuple[str, str]] = {}
    for article in articles:
        if article.id in seen_article:
            raise GoldError(f"{article.path}: article {article.id!r} is already annotated"
                            f" in {seen_article[article.id]}")
        seen_article[article.id] = article.path
        for entity in article.entities.values():
            first = seen_type.setdefault(entity.id, (entity.type, article.path))
            if first[0] != entity.type:
                raise GoldError(f"{article.path}: entity {entity.id!r} is a {entity.type} here"
                                f" but a {first[0]} in {first[1]}")
