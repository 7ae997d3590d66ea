"""The markdown table of a benchmark run, with each figure beside its target."""
from __future__ import annotations

from typing import Callable, Optional

FULL_SIZE = "100k"  # the size the absolute end-to-end targets are set for
HEADER = ["figure", "size", "median", "min", "max", "unit", "target", "met"]


def number(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _met(value, check: Optional[Callable[[float], bool]]) -> str:
    if check is None or value is None:
        return ""
    return "yes" if check(value) else "no"


class Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def figure(self, name: str, size: str, stats: Optional[dict], unit: str, target: str = "",
               check: Optional[Callable[[float], bool]] = None, scale: float = 1.0) -> None:
        if not stats:
            return
        values = [None if stats.get(k) is None else stats[k] * scale for k in ("median", "min", "max")]
        self.rows.append([name, size, *map(number, values), unit, target, _met(values[0], check)])

    def note(self, name: str, size: str, text: str, target: str = "", met: str = "") -> None:
        self.rows.append([name, size, text, "", "", "", target, met])

    def markdown(self) -> str:
        lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def _at_full(size: str, check: Callable[[float], bool]) -> Optional[Callable[[float], bool]]:
    return check if size == FULL_SIZE else None


def _size_rows(table: Table, size: str, figures: dict, cores: Optional[int]) -> None:
    extraction = figures.get("extraction")
    if extraction:
        table.figure("extraction, one core", size, extraction["articles_per_s"], "articles/s",
                     ">= 1,000", lambda v: v >= 1000)
        table.figure("extraction, one core", size, extraction["mb_per_s"], "MB/s")
        table.figure("extraction start-up (patterns compiled)", size, extraction["startup_seconds"], "s")
        table.figure("extraction peak RSS", size, {"median": extraction["memory"]["peak_rss_mb"]}, "MB")
    ceiling = figures.get("regex_ceiling")
    if ceiling:
        table.figure(f"extraction ceiling: its {ceiling['calls_per_article']:,.0f} regex calls per article alone "
                     f"({ceiling['articles']:,} articles)", size, ceiling["articles_per_s"], "articles/s",
                     "bounds >= 1,000", lambda v: v >= 1000)
        if extraction and extraction["seconds"]["median"]:
            share = ceiling["engine_seconds"]["median"] / ceiling["articles"] * extraction["articles"]
            table.note("regex engine's share of one-core extraction", size,
                       f"{100 * share / extraction['seconds']['median']:.0f}%")
    workers = figures.get("workers")
    if workers:
        table.figure(f"workers 2 versus one core ({workers['articles']:,} articles, {workers['cpus']} CPUs)", size,
                     workers["ratio"], "x", ">= 1.8x", lambda v: v >= 1.8)
        if "ratio_running" in workers:  # older results files have no such figure
            table.figure("workers 2 versus one core, once running (start-up left out)", size,
                         workers["ratio_running"], "x", ">= 1.8x", lambda v: v >= 1.8)
        table.figure("extraction, 2 workers (start-up included)", size, workers["workers_2_articles_per_s"],
                     "articles/s")
        if workers.get("events_match") is False:
            table.note("workers: 1 and 2 workers found different events", size, "MISMATCH")
    resolution = figures.get("resolution")
    if resolution:
        table.figure(f"resolution of the corpus's {resolution['mentions']:,} mentions", size,
                     resolution["seconds"], "s")
        table.figure("resolution of the corpus's mentions", size, resolution["mentions_per_s"], "mentions/s")
    load = figures.get("store_load")
    if load:
        table.figure(f"store load, one write of {load['rows']:,} rows", size, load["ours_rows_per_s"], "rows/s")
        table.figure("store load, pipeline batches", size, load["ours_batched_rows_per_s"], "rows/s")
        table.figure("LadybugDB COPY FROM of the same rows", size, load["copy_rows_per_s"], "rows/s")
        table.figure("store load / COPY FROM (rows/s ratio)", size, load["ratio"], "x", ">= 0.5",
                     lambda v: v >= 0.5)
        table.figure("pipeline batches / COPY FROM", size, load["ratio_batched"], "x", ">= 0.5",
                     lambda v: v >= 0.5)
        table.figure("store load / (CSV writing + COPY FROM)", size, load["ratio_with_csv_write"], "x")
        if load.get("counts_match") is False or load.get("contents_match") is False:
            table.note("store load: the stores hold different graphs", size, "MISMATCH")
    e2e = figures.get("end_to_end")
    if e2e:
        table.figure("end-to-end `graph-builder load`", size, e2e["articles_per_s"], "articles/s")
        table.figure("end-to-end `graph-builder load`", size, e2e["seconds"], "min", "< 5 min at 100k",
                     _at_full(size, lambda v: v < 5), scale=1 / 60)
        table.figure("end-to-end peak RSS (child)", size, e2e["peak_rss_mb"], "MB", "< 2,048 at 100k",
                     _at_full(size, lambda v: v < 2048))
        _cpu_rows(table, size, e2e, cores)
        if size != FULL_SIZE and e2e["articles_per_s"]["median"]:
            minutes = 100_000 / e2e["articles_per_s"]["median"] / 60
            table.note("end-to-end 100k, projected linearly from this size", size, f"{minutes:,.0f} min",
                       "< 5 min", "yes" if minutes < 5 else "no (projected)")
    reload = figures.get("reload")
    if reload:
        table.figure("re-load (nothing new) / first load", size, reload["fraction_of_first"], "%",
                     "< 25% at 100k", lambda v: v < 25, scale=100)
        summary = reload.get("summary") or {}
        if summary.get("nodes_added") or summary.get("edges_added"):
            table.note("re-load added nodes / edges", size,
                       f"{summary['nodes_added']} / {summary['edges_added']}", "0 / 0", "no")


def _synthetic_rows(table: Table, synthetic: dict) -> None:
    goal = synthetic["goal"]
    for point in synthetic["points"]:
        name = f"resolution, synthetic {point['mentions']:,} mentions / {point['entities']:,} entities"
        at_goal = point["mentions"] == goal["mentions"]
        table.figure(name, "-", point["seconds"], "s", "< 60 s at 1M" if at_goal else "",
                     (lambda v: v < 60) if at_goal else None)
        table.figure(name + ", peak RSS", "-", point["peak_rss_mb"], "MB", "< 2,048 at 1M" if at_goal else "",
                     (lambda v: v < 2048) if at_goal else None)
        for problem in point.get("problems") or []:
            table.note(name, "-", f"stopped: {problem}")
    for skipped in synthetic["skipped"]:
        table.note(f"resolution, synthetic {skipped['mentions']:,} mentions", "-",
                   f"not run: predicted {skipped['predicted_seconds']:,.0f} s")
    if synthetic.get("projected_goal_seconds") is not None:
        seconds = synthetic["projected_goal_seconds"]
        exponent = synthetic.get("scaling_exponent")
        how = f"exponent {exponent}" + (", assumed" if synthetic.get("scaling_exponent_assumed") else ", fitted")
        table.note(f"resolution, 1,000,000 mentions, projected ({how})",
                   "-", f"{seconds:,.0f} s", "< 60 s", "yes" if seconds < 60 else "no (projected)")


def _neo4j_rows(table: Table, neo4j: dict) -> None:
    if "skipped" in neo4j:
        table.note("Neo4j load", "-", f"skipped: {neo4j['skipped']}")
        return
    for batch in neo4j["batches"]:
        table.figure(f"Neo4j load, batch {batch['batch_size']:,}", "-", batch["nodes_per_s"], "nodes/s")
        table.figure(f"Neo4j load, batch {batch['batch_size']:,}", "-", batch["relationships_per_s"],
                     "relationships/s")


def _cpu_rows(table: Table, size: str, e2e: dict, cores: Optional[int]) -> None:
    """The load's CPU time, all processes: under 5 minutes needs it below 5 minutes a core."""
    budget = cores * 300 if cores else None
    target = f"<= {budget:,} at 100k ({cores} cores x 5 min)" if budget else ""
    table.figure("end-to-end CPU time, all processes", size, e2e.get("cpu_seconds"), "core-s", target,
                 _at_full(size, lambda v: v <= budget) if budget else None)
    table.figure("end-to-end cores kept busy (CPU time / wall time)", size, e2e.get("cores_busy"),
                 f"of {cores}" if cores else "cores")


def _repeats(results: dict) -> str:
    per_size = [f"{size}: {figures['repeat']}" for size, figures in results["sizes"].items() if "repeat" in figures]
    return ", ".join(per_size) if per_size else str(results["settings"]["repeat"])


def markdown_table(results: dict) -> str:
    table = Table()
    for size, figures in results["sizes"].items():
        _size_rows(table, size, figures, results["machine"].get("nproc"))
    sizes = [s for s, f in results["sizes"].items() if f.get("end_to_end")]
    if len(sizes) >= 2:
        first, last = (results["sizes"][s]["end_to_end"]["peak_rss_mb"]["median"] for s in (sizes[0], sizes[-1]))
        table.note(f"end-to-end peak RSS growth {sizes[0]} -> {sizes[-1]}", "-", f"{last - first:+,.0f} MB",
                   "flat beyond the entity table")
    if results.get("resolution_synthetic"):
        _synthetic_rows(table, results["resolution_synthetic"])
    if results.get("neo4j"):
        _neo4j_rows(table, results["neo4j"])
    machine = results["machine"]
    heading = (f"Machine: {machine.get('nproc')} CPUs ({machine.get('cpu_model')}), {machine.get('ram_gb')} GB RAM, "
               f"Python {machine.get('python')}, ladybug {machine.get('ladybug')}; load average at start "
               f"{machine.get('load_average')}, at end {machine.get('load_average_at_end')}. "
               f"Runs per figure: {_repeats(results)}.")
    return heading + "\n\n" + table.markdown()


def _runs(before, now):
    """Runs per figure of a size measured in several runs: "3/5" when they differ."""
    if before is None:
        return now
    return before if str(now) in str(before).split("/") else f"{before}/{now}"


def merge(runs: list[dict]) -> dict:
    """Runs made separately (say one per corpus size) as one result; later runs win, figure by figure."""
    merged: dict = {"runs": [], "sizes": {}}
    for run in runs:
        merged["runs"].append({k: run.get(k) for k in ("started", "finished", "settings", "code")})
        for size, figures in run.get("sizes", {}).items():
            # Figure by figure: a later run of one benchmark leaves the others of its size.
            # Older results files do not say how often each size ran.
            known = merged["sizes"].setdefault(size, {})
            known.update({**figures, "repeat": _runs(known.get("repeat"), run["settings"]["repeat"])})
        for key in ("resolution_synthetic", "neo4j", "workers"):
            if run.get(key) is not None:
                merged[key] = run[key]
    # The load averages of the run that started first and the one that finished last, in
    # whatever order the files were given (runs without times keep the given order).
    first = min(runs, key=lambda run: run.get("started") or "")
    last = max(runs, key=lambda run: run.get("finished") or "")
    merged["machine"] = {**first["machine"], "load_average_at_end": last["machine"].get("load_average_at_end")}
    merged["settings"] = {"repeat": ", ".join(str(r["settings"]["repeat"]) for r in runs)}
    return merged


def main(argv: Optional[list[str]] = None) -> int:
    import argparse
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m benchmarks.report",
                                     description="Print the table of one or more results files, merged.")
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, help="write the merged results here")
    args = parser.parse_args(argv)
    runs = [json.loads(path.read_text(encoding="utf-8")) for path in args.results]
    results = runs[0] if len(runs) == 1 else merge(runs)
    if args.output:
        args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown_table(results))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
