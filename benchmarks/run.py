"""Benchmarks of graph-builder at corpus scale: measure, do not optimise.

    python -m benchmarks.run [--sizes 1k,10k] [--repeat 3] [--only NAME[,NAME]]

Benchmarks (NAME): extraction, regex-ceiling, workers, resolution,
resolution-synthetic, store-load, end-to-end, reload, neo4j. Every figure is the median of --repeat
runs with its min and max; a ratio is measured with both sides in the same run. Prints a
markdown table and writes benchmarks/results/latest.json. See
benchmarks/README.md for what each figure means and the targets.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Optional

from graph_builder.extract import Extractor
from graph_builder.graph import build_batch, compact
from graph_builder.model import Article, Extraction, GraphBatch
from graph_builder.pipeline import ARTICLES_PER_BATCH, WARM_UP, Extractions
from graph_builder.read import read_inputs
from graph_builder.resolve import Resolver
from graph_builder.store import EmbeddedStore, open_store

from . import bulk_import
from .corpus import CACHE, ensure_corpus, parse_size, size_label
from .measure import peak_memory, machine, rate, run_child, spread
from .report import markdown_table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "latest.json"
BENCHMARKS = ("extraction", "regex-ceiling", "workers", "resolution", "resolution-synthetic", "store-load", "end-to-end",
              "reload", "neo4j")
# Each step at most ~3x the last, so that the extrapolation to the next one stays close.
SYNTHETIC_LADDER = (10_000, 30_000, 100_000, 300_000, 1_000_000)
MENTIONS_PER_ENTITY = 20  # 1,000,000 mentions of 50,000 entities
NEO4J_BATCH_SIZES = (1_000, 5_000, 10_000, 50_000)
WORKERS_ARTICLES = 1_000  # the worker comparison extracts at most this many articles of a corpus


def code_version() -> dict:
    """The commit measured, and the files changed on top of it (figures depend on both)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        # only the end is trimmed: a status line opens with a space (" M graph_builder/...")
        return done.stdout.rstrip() if done.returncode == 0 else ""

    changed = [line[3:] for line in git("status", "--porcelain").splitlines() if line[3:].startswith("graph_builder/")]
    return {"commit": git("rev-parse", "--short", "HEAD") or None, "graph_builder_changes": changed}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- a. extraction -------------------------------------------------------------------


def bench_extraction(corpus: Path, repeat: int) -> tuple[dict, list]:
    """Extractor().extract over the corpus, one core; the last run keeps its extractions."""
    extract_seconds, read_seconds, startups, peaks = [], [], [], []
    kept: list = []
    counts: dict = {}
    for run in range(repeat):
        keep = run == repeat - 1
        with peak_memory() as memory:
            started = time.perf_counter()
            extractor = Extractor()
            for article in WARM_UP:  # compiles the lazily built patterns
                extractor.extract(article)
            startups.append(time.perf_counter() - started)
            counts = {"articles": 0, "text_mb": 0.0, "mentions": 0, "events": 0, "skipped": 0}
            spent, began = 0.0, time.perf_counter()
            for item in read_inputs([corpus]):
                if not isinstance(item, Article):
                    counts["skipped"] += 1
                    continue
                before = time.perf_counter()
                extraction = extractor.extract(item)
                spent += time.perf_counter() - before
                counts["articles"] += 1
                counts["text_mb"] += len(item.text.encode("utf-8")) / 1024 / 1024
                counts["mentions"] += len(extraction.mentions)
                counts["events"] += len(extraction.events)
                if keep:
                    kept.append(extraction)
            read_seconds.append(time.perf_counter() - began - spent)
            extract_seconds.append(spent)
        peaks.append((keep, memory.as_dict()))
        log(f"  extraction run {run + 1}/{repeat}: {spent:.1f} s, {counts['articles'] / spent:.1f} articles/s")
    # Peak memory of a run that kept nothing, when there was one.
    unretained = [m for keep, m in peaks if not keep]
    memory = min(unretained, key=lambda m: m["peak_rss_mb"]) if unretained else peaks[-1][1]
    result = {
        **{k: round(v, 3) if isinstance(v, float) else v for k, v in counts.items()},
        "seconds": spread(extract_seconds),
        "articles_per_s": spread(rate(counts["articles"], extract_seconds), 1),
        "mb_per_s": spread(rate(counts["text_mb"], extract_seconds), 3),
        "read_seconds": spread(read_seconds),
        "startup_seconds": spread(startups),
        "memory": {**memory, "retains_extractions": not unretained},
    }
    return result, kept


# --- a'. extraction in 2 worker processes versus 1 ------------------------------------------


def _extract_with(workers: int, articles: list[Article]) -> tuple[float, float, int]:
    """Seconds to extract `articles` through the pipeline's worker path, start-up included
    and once running (after the workers, or this process, extracted the warm-up articles);
    events found."""
    began = time.perf_counter()
    events = 0
    with Extractions(Extractor(), workers) as extractions:
        for _ in extractions.run(list(WARM_UP) * workers):  # starts the pool, warms every worker
            pass
        running = time.perf_counter()
        for _article, extraction in extractions.run(articles):
            events += len(extraction.events) if isinstance(extraction, Extraction) else 0
    ended = time.perf_counter()
    return ended - began, ended - running, events


def bench_workers(corpus: Path, repeat: int) -> dict:
    """`Extractions` with 2 workers and with 1 (in this process), interleaved, order rotated."""
    articles = [a for a in islice(read_inputs([corpus]), WORKERS_ARTICLES) if isinstance(a, Article)]
    seconds: dict[int, list[float]] = {1: [], 2: []}
    running: dict[int, list[float]] = {1: [], 2: []}  # start-up left out
    events: dict[int, set] = {1: set(), 2: set()}
    for run in range(repeat):
        for workers in ((1, 2) if run % 2 == 0 else (2, 1)):
            spent, spent_running, found = _extract_with(workers, articles)
            seconds[workers].append(spent)
            running[workers].append(spent_running)
            events[workers].add(found)
        log(f"  workers run {run + 1}/{repeat}: 1 worker {seconds[1][-1]:.1f} s ({running[1][-1]:.1f} s running), "
            f"2 workers {seconds[2][-1]:.1f} s ({running[2][-1]:.1f} s running)")
    return {
        "articles": len(articles),
        "cpus": os.cpu_count(),
        "workers_1_seconds": spread(seconds[1]),
        "workers_2_seconds": spread(seconds[2]),
        "workers_1_articles_per_s": spread(rate(len(articles), seconds[1]), 1),
        "workers_2_articles_per_s": spread(rate(len(articles), seconds[2]), 1),
        "ratio": spread([one / two for one, two in zip(seconds[1], seconds[2])]),
        "ratio_running": spread([one / two for one, two in zip(running[1], running[2])]),
        "events_match": len(events[1] | events[2]) == 1,
    }


# --- a''. the regex ceiling of extraction -------------------------------------------------


def bench_regex_ceiling(corpus: Path, repeat: int) -> dict:
    """The extractor's regex calls alone (see regex_ceiling.py), in a process of its own."""
    command = ["-m", "benchmarks.regex_ceiling", str(corpus), "--articles", str(WORKERS_ARTICLES),
               "--repeat", str(repeat)]
    done = subprocess.run([sys.executable, *command], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"regex ceiling failed: {done.stderr.strip()[-500:]}")
    measured = json.loads(done.stdout)
    return {
        **{k: measured[k] for k in ("articles", "mentions", "events", "calls_per_article")},
        "engine_seconds": spread(measured["engine_seconds"]),
        "loop_seconds": spread(measured["loop_seconds"]),
        "articles_per_s": spread(rate(measured["articles"], measured["engine_seconds"]), 1),
    }


# --- b. resolution of the corpus's mentions ------------------------------------------------


def bench_resolution(extractions: list, repeat: int) -> dict:
    seconds, memories, entities = [], [], 0
    mentions = sum(len(e.mentions) for e in extractions)
    for run in range(repeat):
        with peak_memory() as memory:
            resolver = Resolver()
            began = time.perf_counter()
            for extraction in extractions:
                resolver.resolve(extraction)
            seconds.append(time.perf_counter() - began)
            entities = len(resolver.entities)
            del resolver
        memories.append(memory.as_dict())
        log(f"  resolution run {run + 1}/{repeat}: {seconds[-1]:.2f} s")
    return {
        "articles": len(extractions),
        "mentions": mentions,
        "entities": entities,
        "seconds": spread(seconds),
        "mentions_per_s": spread(rate(mentions, seconds), 1),
        "memory": max(memories, key=lambda m: m["growth_mb"]),
    }


# --- b'. synthetic resolution: 1,000,000 mentions of 50,000 entities ---------------------------


def _predict(points: list[dict], mentions: int) -> tuple[float, float, bool]:
    """Seconds for `mentions` from a power law through the last two points (exponent, assumed?)."""
    if len(points) >= 2:
        (n1, t1), (n2, t2) = [(p["mentions"], p["seconds"]["median"]) for p in points[-2:]]
        exponent = math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(n2 / n1)
        assumed = False
    else:
        n2, t2 = points[-1]["mentions"], points[-1]["seconds"]["median"]
        exponent, assumed = 1.5, True  # pessimistic until a second point is known
    return t2 * (mentions / n2) ** exponent, exponent, assumed


def _synthetic_point(mentions: int, repeat: int, timeout: float) -> dict:
    entities = max(1, mentions // MENTIONS_PER_ENTITY)
    command = [sys.executable, "-m", "benchmarks.synthetic_resolution",
               "--mentions", str(mentions), "--entities", str(entities)]
    seconds, peaks, created, problems = [], [], None, []
    for run in range(repeat):
        child = run_child(command, timeout=timeout, cwd=REPO)
        if child.timed_out or child.returncode != 0:
            problems.append("timed out" if child.timed_out else child.stderr.strip().splitlines()[-1:])
            break
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        seconds.append(figures["seconds"])
        peaks.append(child.peak_rss_mb)
        created = figures["entities_created"]
        log(f"  synthetic resolution {mentions} mentions run {run + 1}/{repeat}: {figures['seconds']:.1f} s, "
            f"{child.peak_rss_mb:.0f} MB")
    return {
        "mentions": mentions,
        "entities": entities,
        "entities_created": created,
        "seconds": spread(seconds),
        "mentions_per_s": spread(rate(mentions, seconds), 1),
        "peak_rss_mb": spread(peaks, 1),
        "problems": problems,
    }


def bench_synthetic(repeat: int, budget: float, largest: int) -> dict:
    """Growing sizes; a size predicted to take longer than `budget` seconds is not run.

    The largest size that fits the budget is then run instead, so the curve
    ends as close to the goal as the machine allows.
    """
    ladder = sorted({n for n in SYNTHETIC_LADDER if n <= largest} | {largest})
    points: list[dict] = []
    skipped: list[dict] = []
    for mentions in ladder:
        runs = repeat
        if points:
            predicted, exponent, assumed = _predict(points, mentions)
            if predicted > budget:
                skipped.append({"mentions": mentions, "predicted_seconds": round(predicted, 1),
                                "exponent": round(exponent, 2), "exponent_assumed": assumed})
                fit = _largest_within(points, budget, exponent)
                if fit > points[-1]["mentions"] * 1.5:
                    log(f"  synthetic resolution: {mentions} predicted {predicted:.0f} s; running {fit} instead")
                    points.append(_synthetic_point(fit, 1, budget * 3))
                break
            runs = repeat if predicted * repeat <= budget else 1
        points.append(_synthetic_point(mentions, runs, budget * 3))
        if points[-1]["problems"]:
            break
    goal = 1_000_000
    measured = [p for p in points if p["seconds"]["median"] is not None]
    at_goal = next((p for p in measured if p["mentions"] == goal), None)
    projection = None
    if not at_goal and measured:
        projection = round(_predict(measured, goal)[0], 1)
    return {
        "goal": {"mentions": goal, "entities": goal // MENTIONS_PER_ENTITY, "seconds": 60, "peak_rss_mb": 2048},
        "budget_seconds": budget,
        "points": points,
        "skipped": skipped,
        "projected_goal_seconds": projection,
        "scaling_exponent": round(_predict(measured, goal)[1], 2) if measured else None,
        "scaling_exponent_assumed": len(measured) < 2,
    }


def _largest_within(points: list[dict], budget: float, exponent: float) -> int:
    n, t = points[-1]["mentions"], points[-1]["seconds"]["median"]
    if exponent <= 0 or t <= 0:
        return n
    fit = n * (budget / t) ** (1 / exponent)
    digits = 10 ** max(0, int(math.log10(fit)) - 1)
    return int(fit // digits * digits)


# --- c. store load versus LadybugDB's own bulk import ----------------------------------------


def prepare_rows(extractions: list) -> tuple[GraphBatch, list[GraphBatch]]:
    """The corpus's rows: all of them compacted once, and as the pipeline batches them."""
    resolver = Resolver()
    whole, batches, batch, pending = GraphBatch(), [], GraphBatch(), 0
    for extraction in extractions:
        rows = build_batch(resolver.resolve(extraction))
        whole.extend(rows)
        batch.extend(rows)
        pending += 1
        if pending >= ARTICLES_PER_BATCH:
            batches.append(compact(batch))
            batch, pending = GraphBatch(), 0
    if pending:
        batches.append(compact(batch))
    return compact(whole), batches


def _ours(path: Path, batches: list[GraphBatch]) -> float:
    """One load session over the batches, as `graph-builder load` writes them."""
    began = time.perf_counter()
    store = open_store(path)
    try:
        with store.loading() as session:
            for batch in batches:
                session.add(batch)
    finally:
        store.close()
    return time.perf_counter() - began


def _counts(path: Path) -> dict:
    store = EmbeddedStore(path, read_only=True)
    try:
        return store.counts()
    finally:
        store.close()


def _contents(path: Path) -> tuple[dict, dict]:
    """Every node and edge with its properties, load stamps left out."""
    store = EmbeddedStore(path, read_only=True)
    try:
        nodes = {(n.label, n.id): _unstamped(n.props) for n in store.iter_nodes()}
        edges = {(e.type, e.src, e.dst, e.id): _unstamped(e.props) for e in store.iter_edges()}
        return nodes, edges
    finally:
        store.close()


def _unstamped(props: dict) -> dict:
    return {k: v for k, v in props.items() if k != bulk_import.STAMP}


def bench_store_load(whole: GraphBatch, batches: list[GraphBatch], repeat: int, scratch: Path) -> dict:
    node_groups, edge_groups = bulk_import.row_groups(whole)
    nodes, edges = bulk_import.count_rows(node_groups, edge_groups)
    rows = nodes + edges
    times: dict[str, list[float]] = {"ours": [], "ours_batched": [], "copy": [], "csv": []}
    memories, counts_match, contents_match = [], None, None
    for run in range(repeat):
        folder = scratch / f"store-load-{run}"
        folder.mkdir(parents=True)
        order = ["ours", "copy", "ours_batched"]
        order = order[run % 3:] + order[:run % 3]  # no side always goes first
        for side in order:
            if side == "ours":
                with peak_memory() as memory:
                    times["ours"].append(_ours(folder / "ours.db", [whole]))
                memories.append(memory.as_dict())
            elif side == "ours_batched":
                times["ours_batched"].append(_ours(folder / "batched.db", batches))
            else:
                began = time.perf_counter()
                tables = bulk_import.write_csv(folder / "csv", node_groups, edge_groups, int(time.time()))
                times["csv"].append(time.perf_counter() - began)
                times["copy"].append(bulk_import.bulk_import(folder / "copy.db", tables))
        if counts_match is None:  # the three stores hold the same graph
            ours, copied, batched = (_counts(folder / name) for name in ("ours.db", "copy.db", "batched.db"))
            counts_match = ours == copied == batched
            contents_match = _contents(folder / "ours.db") == _contents(folder / "copy.db")
            if not (counts_match and contents_match):
                log(f"  store load: stores differ: ours {ours}, copy {copied}, batched {batched}")
        shutil.rmtree(folder, ignore_errors=True)
        log(f"  store load run {run + 1}/{repeat}: ours {times['ours'][-1]:.2f} s, "
            f"batched {times['ours_batched'][-1]:.2f} s, COPY {times['copy'][-1]:.2f} s")
    ratio = [c / o for c, o in zip(times["copy"], times["ours"])]
    ratio_with_csv = [(c + w) / o for c, w, o in zip(times["copy"], times["csv"], times["ours"])]
    ratio_batched = [c / b for c, b in zip(times["copy"], times["ours_batched"])]
    return {
        "node_rows": nodes,
        "edge_rows": edges,
        "rows": rows,
        "pipeline_batches": len(batches),
        "pipeline_batch_rows": sum(sum(bulk_import.count_rows(*bulk_import.row_groups(b))) for b in batches),
        "ours_seconds": spread(times["ours"]),
        "ours_rows_per_s": spread(rate(rows, times["ours"]), 1),
        "ours_batched_seconds": spread(times["ours_batched"]),
        "ours_batched_rows_per_s": spread(rate(rows, times["ours_batched"]), 1),
        "copy_seconds": spread(times["copy"]),
        "copy_rows_per_s": spread(rate(rows, times["copy"]), 1),
        "csv_write_seconds": spread(times["csv"]),
        "ratio": spread(ratio),
        "ratio_with_csv_write": spread(ratio_with_csv),
        "ratio_batched": spread(ratio_batched),
        "counts_match": counts_match,
        "contents_match": contents_match,
        "memory": max(memories, key=lambda m: m["growth_mb"]),
    }


# --- d, e. end-to-end load and re-load -----------------------------------------------------------


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "graph-builder"
    return [str(script)] if script.exists() else [sys.executable, "-m", "graph_builder.cli"]


_SUMMARY = {
    "articles": re.compile(r"articles read:\s+(\d+)"),
    "skipped": re.compile(r"articles skipped:\s+(\d+)"),
    "unchanged": re.compile(r"articles unchanged:\s+(\d+)"),
    "events": re.compile(r"events extracted:\s+(\d+)"),
    "nodes_added": re.compile(r"nodes added:\s+(\d+)"),
    "nodes_updated": re.compile(r"nodes added:.*updated:\s+(\d+)"),
    "edges_added": re.compile(r"edges added:\s+(\d+)"),
    "edges_updated": re.compile(r"edges added:.*updated:\s+(\d+)"),
}


def _summary(output: str) -> dict:
    found = {}
    for name, pattern in _SUMMARY.items():
        match = pattern.search(output)
        found[name] = int(match.group(1)) if match else None
    return found


def _child_env() -> dict:
    # The load goes to the embedded store named on the command line, never to Neo4j.
    return {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GRAPH_BUILDER_"))}


def bench_end_to_end(corpus: Path, articles: int, repeat: int, scratch: Path) -> tuple[dict, dict]:
    """`graph-builder load` into a fresh store, then the same corpus again (nothing new, all unchanged)."""
    workers = os.cpu_count() or 1  # the default, given explicitly so that the results say it
    first, again, first_peak, again_peak, fraction, cpu = [], [], [], [], [], []
    summaries: dict = {}
    timeout = 120 + articles * 1.0
    for run in range(repeat):
        folder = scratch / f"e2e-{run}"
        folder.mkdir(parents=True)
        command = cli_command() + ["load", str(corpus), "--db", str(folder / "graph.db"), "--workers", str(workers)]
        loads = []
        for _ in range(2):
            child = run_child(command, timeout=timeout, env=_child_env())
            if child.timed_out or child.returncode not in (0, 1):
                detail = "timed out" if child.timed_out else (child.stderr.strip().splitlines() or ["?"])[-1]
                raise RuntimeError(f"graph-builder load failed ({detail})")
            loads.append(child)
        shutil.rmtree(folder, ignore_errors=True)
        first.append(loads[0].seconds)
        again.append(loads[1].seconds)
        first_peak.append(loads[0].peak_rss_mb)
        again_peak.append(loads[1].peak_rss_mb)
        fraction.append(loads[1].seconds / loads[0].seconds)
        cpu.append(loads[0].cpu_seconds)
        summaries = {"first": _summary(loads[0].stdout), "reload": _summary(loads[1].stdout)}
        log(f"  end-to-end run {run + 1}/{repeat}: load {loads[0].seconds:.1f} s "
            f"({loads[0].peak_rss_mb:.0f} MB, {loads[0].cpu_seconds:.0f} s of CPU), re-load {loads[1].seconds:.1f} s")
    end_to_end = {
        "articles": articles,
        "workers": workers,
        "seconds": spread(first),
        "articles_per_s": spread(rate(articles, first), 1),
        "peak_rss_mb": spread(first_peak, 1),
        # CPU time of the load and its workers: the work the cores share, whatever the scheduling
        "cpu_seconds": spread(cpu, 1),
        "cores_busy": spread([c / s for c, s in zip(cpu, first)], 2),
        "summary": summaries.get("first"),
    }
    reload = {
        "seconds": spread(again),
        "fraction_of_first": spread(fraction),
        "peak_rss_mb": spread(again_peak, 1),
        "summary": summaries.get("reload"),
    }
    return end_to_end, reload


# --- f. Neo4j ---------------------------------------------------------------------------------


def bench_neo4j(whole: Optional[GraphBatch], repeat: int) -> dict:
    if not os.environ.get("NEO4J_URI"):
        return {"skipped": "NEO4J_URI is not set: no Neo4j to measure"}
    if whole is None:
        return {"skipped": "no rows to load (no corpus size was run)"}
    from graph_builder import api
    from graph_builder.store import Neo4jStore

    settings = api.neo4j_settings()
    node_groups, edge_groups = bulk_import.row_groups(whole)
    nodes, edges = bulk_import.count_rows(node_groups, edge_groups)
    results = []
    for batch_size in NEO4J_BATCH_SIZES:
        store = Neo4jStore(settings["uri"], settings["user"], settings["password"], settings["database"],
                           batch_size=batch_size)
        try:
            if not results and any(store.counts().values()):
                return {"skipped": "the Neo4j database is not empty; point NEO4J_DATABASE at a scratch database"}
            store.ensure_schema()
            node_times, edge_times = [], []
            for _ in range(repeat):
                store.clear()
                began = time.perf_counter()
                store.write(GraphBatch(nodes=whole.nodes))
                middle = time.perf_counter()
                store.write(GraphBatch(edges=whole.edges))
                node_times.append(middle - began)
                edge_times.append(time.perf_counter() - middle)
            store.clear()  # leave the scratch database empty, as it was found
        finally:
            store.close()
        results.append({
            "batch_size": batch_size,
            "nodes_per_s": spread(rate(nodes, node_times), 1),
            "relationships_per_s": spread(rate(edges, edge_times), 1),
        })
        log(f"  neo4j batch {batch_size}: {results[-1]['nodes_per_s']['median']} nodes/s")
    return {"node_rows": nodes, "edge_rows": edges, "batches": results}


# --- the run ---------------------------------------------------------------------------------------


def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k", help="corpus sizes, e.g. 1k,10k (100k only when asked)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median, min, max)")
    parser.add_argument("--only", default=None, help=f"comma-separated subset of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed")
    parser.add_argument("--synthetic-max", type=parse_size, default=1_000_000,
                        help="largest synthetic resolution size in mentions (default 1M)")
    parser.add_argument("--synthetic-budget", type=float, default=300.0,
                        help="seconds a synthetic resolution size may be predicted to take (default 300)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="corpus cache folder")
    parser.add_argument("--output", type=Path, default=RESULTS, help="results JSON path")
    args = parser.parse_args(argv)
    args.only = set(BENCHMARKS) if not args.only else {n.strip() for n in args.only.split(",") if n.strip()}
    unknown = args.only - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark {', '.join(sorted(unknown))}; choose from {', '.join(BENCHMARKS)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        args.sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError as error:
        parser.error(str(error))
    return args


def run_size(articles: int, args: argparse.Namespace, scratch: Path) -> tuple[dict, Optional[GraphBatch]]:
    only = args.only
    log(f"corpus {size_label(articles)}: generating or reading from the cache")
    corpus = ensure_corpus(articles, args.seed, args.cache)
    result: dict = {"articles": articles, "repeat": args.repeat, "corpus": str(corpus),
                    "corpus_mb": round(corpus.stat().st_size / 1024 / 1024, 2)}
    whole = None
    if "regex-ceiling" in only:
        log(f"the extractor's regex calls alone (at most {WORKERS_ARTICLES:,} articles)")
        result["regex_ceiling"] = bench_regex_ceiling(corpus, args.repeat)
    if "workers" in only:
        log(f"extraction with 2 workers versus 1 (at most {WORKERS_ARTICLES:,} articles)")
        result["workers"] = bench_workers(corpus, args.repeat)
    if only & {"extraction", "resolution", "store-load", "neo4j"}:
        log("extraction")
        extraction, extractions = bench_extraction(corpus, args.repeat if "extraction" in only else 1)
        if "extraction" in only:
            result["extraction"] = extraction
        if "resolution" in only:
            log("resolution of the corpus's mentions")
            result["resolution"] = bench_resolution(extractions, args.repeat)
        if only & {"store-load", "neo4j"}:
            whole, batches = prepare_rows(extractions)
            del extractions
            if "store-load" in only:
                log("store load versus COPY FROM")
                result["store_load"] = bench_store_load(whole, batches, args.repeat, scratch)
    if only & {"end-to-end", "reload"}:
        log("end-to-end load and re-load")
        result["end_to_end"], result["reload"] = bench_end_to_end(corpus, articles, args.repeat, scratch)
    return result, whole


def main(argv: Optional[list[str]] = None) -> int:
    args = parse_args(argv)
    results: dict = {
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "code": code_version(),
        "settings": {"sizes": [size_label(n) for n in args.sizes], "repeat": args.repeat,
                     "only": sorted(args.only), "seed": args.seed},
        "sizes": {},
    }
    whole = None
    with tempfile.TemporaryDirectory(prefix="gb-bench-") as folder:
        for articles in args.sizes:
            results["sizes"][size_label(articles)], rows = run_size(articles, args, Path(folder))
            whole = rows or whole
        if "resolution-synthetic" in args.only:
            log("synthetic resolution")
            results["resolution_synthetic"] = bench_synthetic(args.repeat, args.synthetic_budget, args.synthetic_max)
        if "neo4j" in args.only:
            results["neo4j"] = bench_neo4j(whole, args.repeat)
            if "skipped" in results["neo4j"]:
                log(f"neo4j skipped: {results['neo4j']['skipped']}")
    results["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    results["machine"]["load_average_at_end"] = machine()["load_average"]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown_table(results))
    log(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
