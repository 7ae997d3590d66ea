"""The gazetteers and rule files under `data/`, loaded once and shared by the
extract and resolve stages.

This module only reads data; it knows nothing of articles or graphs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"


class DataFileError(ValueError):
    """A data file line that cannot be used; the message names file and line."""


def data_dir() -> Path:
    """The data folder: inside the source tree, or installed beside the package."""
    packaged = Path(__file__).resolve().parent.parent / "data"
    return packaged if packaged.is_dir() else DATA_DIR


def read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """Yield (line number, object) for each record; skip blanks and // comments."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("//"):
                continue
            try:
                record = json.loads(stripped)
            except json.JSONDecodeError as error:
                raise DataFileError(f"{path}:{number}: bad JSON: {error.msg}") from None
            if not isinstance(record, dict):
                raise DataFileError(f"{path}:{number}: expected a JSON object")
            yield number, record


def read_lines(path: Path) -> list[str]:
    """Non-blank, non-comment lines of a plain text list."""
    with open(path, encoding="utf-8") as handle:
        return [s for s in (line.strip() for line in handle) if s and not s.startswith("#")]


@dataclass
class Entry:
    """One gazetteer entity."""

    id: str  # slug, unique within its label
    label: str  # Person, Agency, Country, Organization, Location
    name: str
    aliases: list[str] = field(default_factory=list)
    country: Optional[str] = None
    kind: Optional[str] = None
    demonyms: list[str] = field(default_factory=list)  # countries only
    capitals: list[str] = field(default_factory=list)  # countries only
    default_for: list[str] = field(default_factory=list)  # agencies only

    @property
    def entity_id(self) -> str:
        return f"{self.label.lower()}:{self.id}"

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class AgencyKind:
    kind: str
    name: str
    en: list[str]
    ar: list[str]


FILES = {
    "countries.jsonl": "Country",
    "agencies.jsonl": "Agency",
    "organizations.jsonl": "Organization",
    "people.jsonl": "Person",
    "locations.jsonl": "Location",
}


def _entry(record: dict, label: str, where: str) -> Entry:
    if not isinstance(record.get("id"), str) or not isinstance(record.get("name"), str):
        raise DataFileError(f"{where}: needs string fields 'id' and 'name'")
    lists = {k: record.get(k, []) for k in ("aliases", "demonyms", "capitals", "default_for")}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataFileError(f"{where}: '{key}' must be a list of strings")
    return Entry(
        id=record["id"], label=label, name=record["name"],
        country=record.get("country"), kind=record.get("kind"), **lists,
    )


@dataclass
class Gazetteer:
    entries: list[Entry]
    agency_kinds: list[AgencyKind]
    given_names: set[str]
    folder: Path

    def by_label(self, label: str) -> list[Entry]:
        return [e for e in self.entries if e.label == label]

    def get(self, label: str, slug: str) -> Optional[Entry]:
        return self._index().get((label, slug))

    def _index(self) -> dict:
        if not hasattr(self, "_by_key"):
            self._by_key = {(e.label, e.id): e for e in self.entries}
        return self._by_key


def _check_unique_and_countries(entries: list[Entry]) -> None:
    seen: set[tuple[str, str]] = set()
    countries = {e.id for e in entries if e.label == "Country"}
    for entry in entries:
        key = (entry.label, entry.id)
        if key in seen:
            raise DataFileError(f"duplicate {entry.label} id {entry.id!r} in the gazetteer")
        seen.add(key)
        if entry.country and entry.country not in countries:
            raise DataFileError(
                f"{entry.label} {entry.id!r} names unknown country {entry.country!r}"
            )


def load_gazetteer(folder: Optional[Path] = None) -> Gazetteer:
    folder = Path(folder) if folder else data_dir() / "gazetteer"
    entries: list[Entry] = []
    for filename, label in FILES.items():
        path = folder / filename
        if path.exists():
            entries += [_entry(r, label, f"{path}:{n}") for n, r in read_jsonl(path)]
    _check_unique_and_countries(entries)
    kinds_path = folder / "agency_kinds.jsonl"
    kinds = [
        AgencyKind(r["kind"], r.get("name", r["kind"]), r.get("en", []), r.get("ar", []))
        for _, r in (read_jsonl(kinds_path) if kinds_path.exists() else [])
    ]
    names_path = folder / "given_names.txt"
    given = set(read_lines(names_path)) if names_path.exists() else set()
    return Gazetteer(entries, kinds, given, folder)


@lru_cache(maxsize=4)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()
