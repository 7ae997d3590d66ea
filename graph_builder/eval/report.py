"""Presenting a Report: a plain-text table and threshold checks."""
from __future__ import annotations

import math
from typing import Iterable, Optional

from .results import ALL, Report

# Metrics where lower is better: a threshold on them is a maximum.
MAXIMUM_KEYS = ("negatives", "splits", "split_rate", "false_merges")
MINIMUM_KEYS = (
    "entity_precision", "entity_recall", "entity_f1", "type_accuracy",
    "event_precision_strict", "event_recall_strict", "event_f1_strict",
    "event_precision_country", "event_recall_country", "event_f1_country",
    "date_accuracy",
)
LANGUAGE_ORDER = ("en", "ar")


class ThresholdError(ValueError):
    """A malformed KEY=VALUE threshold; the message is one line."""


def format_table(report: Report) -> str:
    scopes = [ALL] + sorted(report.languages, key=_language_rank)
    rows = [["", *scopes]]
    for title, cell in _ROWS:
        rows.append([title, *(cell(report, scope) for scope in scopes)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(text.ljust(w) for text, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def _language_rank(lang: str) -> tuple:
    return (LANGUAGE_ORDER.index(lang) if lang in LANGUAGE_ORDER else len(LANGUAGE_ORDER), lang)


def _number(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.2f}"


def _prf(prefix: str, suffix: str = ""):
    def cell(report: Report, scope: str) -> str:
        m = report.metrics(scope)
        return "/".join(_number(m[f"{prefix}_{part}{suffix}"]) for part in ("precision", "recall", "f1"))
    return cell


def _share(metric: str, part: str, whole: str):
    def cell(report: Report, scope: str) -> str:
        counts = report.scopes[scope]
        value = report.metrics(scope)[metric]
        return f"{_number(value)} ({getattr(counts, part)}/{getattr(counts, whole)})"
    return cell


def _count(metric: str):
    return lambda report, scope: str(report.metrics(scope)[metric])


def _splits(report: Report, scope: str) -> str:
    m = report.metrics(scope)
    rate = m["split_rate"]
    return f"{m['splits']} ({'-' if rate is None else f'{rate:.1%}'} of {report.resolution[scope].gold_entities})"


def _articles(report: Report, scope: str) -> str:
    missing = sum(1 for a in report.articles
                  if not a.in_graph and scope in (ALL, a.lang))
    total = report.scopes[scope].articles
    return f"{total} ({missing} not in graph)" if missing else str(total)


_ROWS = (
    ("entities P/R/F1", _prf("entity")),
    ("type accuracy", _share("type_accuracy", "type_correct", "entity_tp")),
    ("events strict P/R/F1", _prf("event", "_strict")),
    ("events country P/R/F1", _prf("event", "_country")),
    ("date accuracy", _share("date_accuracy", "dates_hit", "dates_total")),
    ("negatives produced", _count("negatives")),
    ("splits (share of gold)", _splits),
    ("false merges", _count("false_merges")),
    ("articles", _articles),
)


def check_minimums(report: Report, thresholds: Iterable[str]) -> list[str]:
    """Check `KEY=VALUE` thresholds; return one message per failure (empty: all pass).

    KEY is a metric name, optionally followed by `@LANG` to check one language
    instead of the whole corpus (e.g. `event_f1_country@ar=0.8`).
    Minimums (the metric must be >= VALUE): entity_precision, entity_recall,
    entity_f1, type_accuracy, event_precision_strict, event_recall_strict,
    event_f1_strict, event_precision_country, event_recall_country,
    event_f1_country, date_accuracy.
    Maximums (the metric must be <= VALUE): negatives, splits, split_rate (a share of the
    gold entities), false_merges.
    A metric that could not be measured (nothing to count) fails a minimum.
    Raises ThresholdError for a malformed threshold or an unknown key/language.
    """
    failures = []
    for text in thresholds:
        key, scope, limit = parse_threshold(text, report)
        value = report.metrics(scope)[key]
        failure = _failure(key, value, limit)
        if failure:
            where = "" if scope == ALL else f"@{scope}"
            failures.append(f"{key}{where}: {failure}")
    return failures


def parse_threshold(text: str, report: Report) -> tuple[str, str, float]:
    key, scope, limit = parse_threshold_text(text)
    if scope not in report.scopes:
        raise ThresholdError(f"threshold {text!r}: no gold articles in language {scope!r}")
    return key, scope, limit


def parse_threshold_text(text: str) -> tuple[str, str, float]:
    """KEY[@LANG]=VALUE checked for all but the language, which only a report can tell:
    a mistyped bar is refused before an evaluation runs."""
    name, sep, raw = text.partition("=")
    key, _, scope = name.strip().partition("@")
    scope = scope or ALL
    if not sep or not key:
        raise ThresholdError(f"threshold {text!r}: expected KEY=VALUE, e.g. event_f1_country=0.85")
    if key not in MINIMUM_KEYS + MAXIMUM_KEYS:
        raise ThresholdError(f"threshold {text!r}: unknown key {key!r}; known keys:"
                             f" {', '.join(MINIMUM_KEYS + MAXIMUM_KEYS)}")
    try:
        limit = float(raw)
    except ValueError:
        limit = math.nan
    if math.isnan(limit):
        raise ThresholdError(f"threshold {text!r}: {raw.strip()!r} is not a number")
    return key, scope, limit


def _failure(key: str, value: Optional[float], limit: float) -> Optional[str]:
    if key in MAXIMUM_KEYS:
        return f"{value:g} > maximum {limit:g}" if value is not None and value > limit else None
    if value is None:
        return f"not measured (nothing to count), minimum {limit:g}"
    return f"{value:.3f} < minimum {limit:g}" if value < limit else None
