"""Who warned whom, and who sits at the centre of intelligence sharing.

Reads the graph from the embedded store (default graph.db) or from a JSON
export, then prints:

1. the WARNED timeline, oldest first (undated warnings last);
2. the top intelligence-sharing partners: actors with the most distinct
   SHARED counterparts, in either direction;
3. the brokers of the sharing network: actors with the highest betweenness
   centrality, i.e. those that most often sit on the shortest path between
   two other actors.

    python examples/who_warned_whom.py --db graph.db
    python examples/who_warned_whom.py --json graph.json --top 5
"""
from __future__ import annotations

import argparse
import sys

import networkx as nx


def load_graph(args: argparse.Namespace) -> nx.MultiDiGraph:
    if args.json:
        from graph_builder.export import read_json

        return read_json(args.json)
    import graph_builder

    return graph_builder.to_networkx(db=args.db)


def name(graph: nx.MultiDiGraph, node: str) -> str:
    """The entity name, or the id when the graph does not hold that node."""
    if node in graph:
        return graph.nodes[node].get("name") or node
    return node


def events(graph: nx.MultiDiGraph, rel: str) -> list[tuple[str, str, dict]]:
    return [(u, v, d) for u, v, d in graph.edges(data=True) if d.get("type") == rel]


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def when(data: dict) -> str:
    start, end = data.get("date_start"), data.get("date_end")
    if not start:
        return "date unknown"
    return start if end in (None, start) else f"{start} .. {end}"


def print_timeline(graph: nx.MultiDiGraph) -> None:
    warned = events(graph, "WARNED")
    # ISO dates sort as text; "~" sorts after any digit, so undated warnings come last.
    warned.sort(key=lambda e: (e[2].get("date_start") or "~", name(graph, e[0]), name(graph, e[1])))
    print(f"WARNED timeline ({plural(len(warned), 'warning')})")
    for u, v, data in warned:
        about = ", ".join(name(graph, a) for a in data.get("about") or [])
        line = f"  {when(data):<24} {name(graph, u)} warned {name(graph, v)}"
        line += f" about {about}" if about else ""
        print(f"{line}  [{plural(len(data.get('articles') or []), 'article')}]")


def sharing_network(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, one edge per pair of actors who shared intelligence either way."""
    shared = nx.Graph()
    shared.add_edges_from((u, v) for u, v, _ in events(graph, "SHARED") if u != v)
    return shared


def print_ranking(title: str, graph: nx.MultiDiGraph, scores: dict, top: int, unit: str = "") -> None:
    ranked = sorted(scores.items(), key=lambda item: (-item[1], name(graph, item[0])))[:top]
    print(title)
    if not ranked:
        print("  (none)")
    for rank, (node, score) in enumerate(ranked, 1):
        value = f"{score:.3f}" if isinstance(score, float) else plural(score, unit)
        print(f"  {rank:>2}. {name(graph, node):<40} {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--db", default="graph.db", help="embedded store to read (default: graph.db)")
    source.add_argument("--json", help="JSON export (graph-builder export --format json) to read instead")
    parser.add_argument("--top", type=int, default=10, help="how many actors to list (default: 10)")
    args = parser.parse_args(argv)
    try:
        graph = load_graph(args)
    except (OSError, ValueError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1

    print_timeline(graph)
    shared = sharing_network(graph)
    print()
    partners = dict(shared.degree())
    print_ranking("Top intelligence-sharing partners (SHARED)", graph, partners, args.top, "partner")
    print()
    brokers = {n: b for n, b in nx.betweenness_centrality(shared).items() if b > 0}
    print_ranking("Brokers of the sharing network (betweenness)", graph, brokers, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
