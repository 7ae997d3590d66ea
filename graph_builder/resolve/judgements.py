"""Analyst judgements about pairs of names or entity ids: same, different, unsure.

They override fuzzy scores on every run. The shipped `data/judgements.jsonl`
holds look-alike guards (Iraq/Iran, Niger/Nigeria...) as `different`.
One JSON object per line: {"a": ..., "b": ..., "judgement": "different",
"label": "Country", "who": ..., "when": ...}; `a` and `b` are names or ids.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from ..gazetteer import DataFileError, data_dir, read_jsonl
from .names import name_key

VERDICTS = ("same", "different", "unsure")


@dataclass(frozen=True)
class Judgement:
    a: str
    b: str
    judgement: str
    label: Optional[str] = None
    who: str = ""
    when: str = ""


def _key(value: str) -> str:
    return value if ":" in value else name_key(value)


class Judgements:
    def __init__(self, items: list[Judgement] = (), path: Optional[Path] = None) -> None:
        self.path = path
        self._verdicts: dict[frozenset, str] = {}
        self._judged: set[str] = set()  # keys named in any judgement
        for item in items:
            self._remember(item)

    def _remember(self, item: Judgement) -> None:
        a, b = _key(item.a), _key(item.b)
        self._verdicts[frozenset((a, b))] = item.judgement
        self._judged.update((a, b))

    def verdict(self, a: str, b: str) -> Optional[str]:
        """The recorded judgement for two names or ids, if any."""
        # most names were never judged: one key (`b`, often a known name already keyed) settles it
        key_b = _key(b)
        if key_b not in self._judged:
            return None
        return self._verdicts.get(frozenset((_key(a), key_b)))

    def record(self, a: str, b: str, judgement: str, who: str, label: Optional[str] = None) -> Judgement:
        if judgement not in VERDICTS:
            raise ValueError(f"judgement must be one of {', '.join(VERDICTS)}")
        when = datetime.now(timezone.utc).isoformat(timespec="seconds")
        item = Judgement(a, b, judgement, label, who, when)
        self._remember(item)
        if self.path:
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(item.__dict__, ensure_ascii=False) + "\n")
        return item


def load_judgements(path: Optional[Path] = None) -> Judgements:
    path = Path(path) if path else data_dir() / "judgements.jsonl"
    if not path.exists():
        return Judgements(path=path)
    items = []
    for number, record in read_jsonl(path):
        if record.get("judgement") not in VERDICTS or not record.get("a") or not record.get("b"):
            raise DataFileError(f"{path}:{number}: needs 'a', 'b' and a judgement of {', '.join(VERDICTS)}")
        items.append(Judgement(**{k: record.get(k) for k in ("a", "b", "judgement", "label")},
                               who=record.get("who", ""), when=record.get("when", "")))
    return Judgements(items, path)
