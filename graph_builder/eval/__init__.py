"""Evaluation: score a built graph against gold annotations.

    gold = load_gold("eval/gold")
    report = score(graph, gold)          # graph: the exported networkx MultiDiGraph
    print(format_table(report))
    failures = check_minimums(report, ["event_f1_country=0.85", "negatives=0"])
"""
from .gold import GoldArticle, GoldEntity, GoldError, GoldEvent, GoldNegative, load_gold
from .match import normalise
from .report import ThresholdError, check_minimums, format_table, parse_threshold_text
from .results import ArticleResult, Counts, Report, Resolution
from .score import score

__all__ = [
    "ArticleResult", "Counts", "GoldArticle", "GoldEntity", "GoldError", "GoldEvent",
    "GoldNegative", "Report", "Resolution", "ThresholdError", "check_minimums", "parse_threshold_text",
    "format_table", "load_gold", "normalise", "score",
]
