"""One record (a .txt file with its sidecar, or a JSON line) made into an `Article`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from ..model import Article
from .decode import BadInput, normalise, replace_lone_surrogates
from .language import detect_language
from .published import parse_published, published_from_text

_LANG_TAG = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*")


@dataclass
class Metadata:
    """The optional fields of a sidecar or a JSON line, checked."""

    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[date] = None
    lang: Optional[str] = None  # a language code, or None to detect from the text


def read_metadata(record: dict, published: Optional[date] = None) -> Metadata:
    """Check url, title, published and lang; BadInput names the first bad field.

    A caller's `published` replaces the record's, which is then not parsed at all."""
    url, title, lang = (_optional_string(record, key) for key in ("url", "title", "lang"))
    if published is None:
        published = parse_published(record.get("published"))
    return Metadata(url, title, published, _language_code(lang))


def make_article(article_id: object, text: object, meta: Metadata, source: str) -> Article:
    """Check id and text and build the Article. Without a publication date in `meta`, a
    dateline in the opening lines supplies it; without a language, the text's script does."""
    if not isinstance(article_id, str) or not article_id.strip():
        raise BadInput("field 'id' must be a non-empty string")
    if not isinstance(text, str):
        raise BadInput("field 'text' must be a string")
    article_id, source = replace_lone_surrogates(article_id), replace_lone_surrogates(source)
    text = normalise(replace_lone_surrogates(text))
    if not text.strip():
        raise BadInput(f"article {article_id!r} has no text")
    return Article(
        id=article_id, text=text, url=meta.url, title=meta.title,
        published=meta.published or published_from_text(text),
        lang=meta.lang or detect_language(text), source=source,
    )


def _optional_string(record: dict, key: str) -> Optional[str]:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(f"field {key!r} must be a string")
    return replace_lone_surrogates(value.strip()) or None


READ_LANGUAGES = {"en": "en", "eng": "en", "ar": "ar", "ara": "ar"}  # what the rules are written for


def _language_code(value: Optional[str]) -> Optional[str]:
    """The language of a tag ("en-GB" -> "en", "ara" -> "ar"); None when there is none.

    A language the rules are not written for is refused rather than read with no
    rules at all (the article would load with no events, and no word of why)."""
    match = _LANG_TAG.fullmatch(value.lower()) if value else None
    if not match:
        return None  # no language tag ("arabic"): the text's script decides
    if match.group(1) not in READ_LANGUAGES:
        raise BadInput(f"field 'lang' is {value!r}: graph-builder reads English (en) and Arabic (ar)")
    return READ_LANGUAGES[match.group(1)]
