"""Where the time goes: cProfile of extraction, resolution or a whole load, top functions.

    python -m benchmarks.profiles extraction [--articles 300] [--top 25]
    python -m benchmarks.profiles load [--articles 300]
    python -m benchmarks.profiles resolution [--mentions 100k]

`extraction` profiles Extractor().extract over the corpus; `load` profiles
the pipeline's load (read, extract, resolve, rows, store writes) into a fresh
embedded store; `resolution` profiles the synthetic resolution workload
(benchmarks/synthetic_resolution.py, 20 mentions per entity). The raw profile is kept in benchmarks/results/profile-NAME.prof
for snakeviz or `python -m pstats`.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
from pathlib import Path
from typing import Optional

from graph_builder.extract import Extractor
from graph_builder.model import Article
from graph_builder.pipeline import Pipeline, load
from graph_builder.read import read_inputs
from graph_builder.store import open_store

from .corpus import ensure_corpus, parse_size
from .run import WARM_UP

RESULTS = Path(__file__).resolve().parent / "results"
KINDS = ("extraction", "load", "resolution")


def profile_extraction(corpus: Path) -> cProfile.Profile:
    extractor = Extractor()
    for article in WARM_UP:
        extractor.extract(article)
    articles = [a for a in read_inputs([corpus]) if isinstance(a, Article)]
    profiler = cProfile.Profile()
    profiler.enable()
    for article in articles:
        extractor.extract(article)
    profiler.disable()
    return profiler


def profile_load(corpus: Path) -> cProfile.Profile:
    pipeline = Pipeline()
    for article in WARM_UP:
        pipeline.extractor.extract(article)
    with tempfile.TemporaryDirectory(prefix="gb-profile-") as folder:
        profiler = cProfile.Profile()
        profiler.enable()
        store = open_store(Path(folder) / "graph.db")
        try:
            load([corpus], store, pipeline=pipeline)
        finally:
            store.close()
        profiler.disable()
    return profiler


def profile_resolution(mentions: int) -> cProfile.Profile:
    from graph_builder.resolve import Resolver

    from .synthetic_resolution import extractions

    batches = list(extractions(mentions, max(1, mentions // 20)))
    resolver = Resolver()
    profiler = cProfile.Profile()
    profiler.enable()
    for extraction in batches:
        resolver.resolve(extraction)
    profiler.disable()
    return profiler


def top(profiler: cProfile.Profile, count: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    for order in ("cumulative", "tottime"):
        out.write(f"\n=== top {count} by {order} ===\n")
        stats.sort_stats(order).print_stats(count)
    return out.getvalue()


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiles", description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--articles", type=parse_size, default=300)
    parser.add_argument("--mentions", type=parse_size, default=100_000, help="for resolution")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    if args.kind == "resolution":
        profiler = profile_resolution(args.mentions)
    else:
        corpus = ensure_corpus(args.articles, args.seed)
        profiler = profile_extraction(corpus) if args.kind == "extraction" else profile_load(corpus)
    RESULTS.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(str(RESULTS / f"profile-{args.kind}.prof"))
    print(top(profiler, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
