"""Export stage: networkx graph, JSON / GraphML / GEXF files, and the analysis example."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from graph_builder.export import (
    FORMATS,
    from_networkx,
    read,
    read_json,
    to_networkx,
    write,
    write_gexf,
    write_graphml,
    write_json,
)
from graph_builder.model import EdgeRow, NodeRow

ROOT = Path(__file__).resolve().parents[1]
GEXF_NS = {"g": "http://www.gexf.net/1.2draft"}
GRAPHML_NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def entity(label: str, id: str, name: str, aliases=(), country=None, kind=None) -> NodeRow:
    props = {"name": name, "aliases": list(aliases), "country": country, "kind": kind, "lastupdated": 7}
    return NodeRow(label, id, props)


def event(rel, src, dst, id, start=None, end=None, precision="unknown", about=(), articles=("art:1",),
          evidence=("A sentence.",), claimed_by=(), mutual=False) -> EdgeRow:
    labels = {"agency": "Agency", "country": "Country", "organization": "Organization"}
    props = {
        "date_start": start, "date_end": end, "date_precision": precision, "about": list(about),
        "articles": list(articles), "evidence": list(evidence),
        "sentence_refs": [f"{a}#0" for a in articles][: len(evidence)], "claimed_by": list(claimed_by),
        "confidence": 0.75, "mutual": mutual, "lastupdated": 7,
    }
    return EdgeRow(rel, labels[src.split(":")[0]], src, labels[dst.split(":")[0]], dst, id, props)


def sample_rows() -> tuple[list[NodeRow], list[EdgeRow]]:
    nodes = [
        entity("Country", "country:iraq", "Iraq", ["العراق"]),
        entity("Country", "country:iran", "Iran", ["إيران"]),
        entity("Country", "country:turkey", "Turkey", ["Türkiye", "تركيا"]),
        entity("Country", "country:jordan", "Jordan", ["الأردن"]),
        entity("Agency", "agency:mit", "MIT", ["Millî İstihbarat Teşkilatı"], country="country:turkey",
               kind="intelligence"),
        entity("Organization", "organization:islamic_state", "Islamic State", ["داعش", "ISIS", "ISIL"],
               kind="armed_group"),
        NodeRow("Article", "art:1", {"url": "https://news.example/1", "title": "تحذير من هجوم",
                                     "published": date(2016, 3, 2), "lang": "ar", "source": "in.jsonl:1",
                                     "lastupdated": 7}),
    ]
    edges = [
        event("WARNED", "agency:mit", "country:iraq", "w1", date(2016, 3, 1), date(2016, 3, 1), "day",
              about=["organization:islamic_state"], evidence=["حذرت تركيا العراق من هجوم"]),
        # A second edge between the same pair: the graph must keep both.
        event("SHARED", "agency:mit", "country:iraq", "s1", date(2016, 1, 1), date(2016, 1, 31), "month",
              claimed_by=["country:iraq"]),
        event("SHARED", "country:jordan", "country:iraq", "s2", mutual=True),
        event("SHARED", "country:jordan", "country:iran", "s3", date(2015, 1, 1), date(2015, 12, 31), "year"),
        EdgeRow("PART_OF", "Agency", "agency:mit", "Country", "country:turkey", "p1", {"lastupdated": 7}),
        EdgeRow("MENTIONS", "Article", "art:1", "Country", "country:iraq", "m1",
                {"forms": ["العراق"], "count": 2, "lastupdated": 7}),
    ]
    return nodes, edges


def frozen(value):
    if isinstance(value, dict):
        return tuple(sorted((k, frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    return value


def node_set(nodes):
    return {(n.label, n.id, frozen(n.props)) for n in nodes}


def edge_set(edges):
    return {(e.type, e.src_label, e.src, e.dst_label, e.dst, e.id, frozen(e.props)) for e in edges}


def without_empty(rows):
    """Rows as GraphML/GEXF keep them: None values and empty lists left out."""
    for row in rows:
        row.props = {k: v for k, v in row.props.items() if v is not None and v != []}
    return rows


# --- networkx graph ----------------------------------------------------------


def test_to_networkx_keys_by_id_and_writes_dates_as_iso_strings():
    graph = to_networkx(*sample_rows())
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.nodes["organization:islamic_state"]["label"] == "Organization"
    assert graph.nodes["organization:islamic_state"]["aliases"] == ["داعش", "ISIS", "ISIL"]
    assert graph.nodes["art:1"]["published"] == "2016-03-02"
    assert set(graph["agency:mit"]["country:iraq"]) == {"w1", "s1"}
    warned = graph.edges["agency:mit", "country:iraq", "w1"]
    assert warned["type"] == "WARNED"
    assert (warned["date_start"], warned["date_end"]) == ("2016-03-01", "2016-03-01")
    assert warned["about"] == ["organization:islamic_state"]


def test_from_networkx_inverts_to_networkx():
    nodes, edges = sample_rows()
    back_nodes, back_edges = from_networkx(to_networkx(nodes, edges))
    assert node_set(back_nodes) == node_set(nodes)
    assert edge_set(back_edges) == edge_set(edges)


# --- JSON --------------------------------------------------------------------


def test_json_round_trip_gives_back_the_rows(tmp_path):
    nodes, edges = sample_rows()
    path = tmp_path / "graph.json"
    write_json(to_networkx(nodes, edges), path)
    back_nodes, back_edges = from_networkx(read_json(path))
    assert node_set(back_nodes) == node_set(nodes)
    assert edge_set(back_edges) == edge_set(edges)
    published = next(n for n in back_nodes if n.id == "art:1").props["published"]
    assert published == date(2016, 3, 2)


def test_json_is_the_same_bytes_for_the_same_graph(tmp_path):
    nodes, edges = sample_rows()
    write_json(to_networkx(nodes, edges), tmp_path / "a.json")
    write_json(to_networkx(nodes[::-1], edges[::-1]), tmp_path / "b.json")
    first, second = (tmp_path / "a.json").read_bytes(), (tmp_path / "b.json").read_bytes()
    assert first == second
    assert "داعش".encode("utf-8") in first  # written as-is, not as \u escapes


def test_read_json_names_file_and_line_of_bad_input(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"nodes": [],\n "edges": [,]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.json:2: not valid JSON"):
        read_json(path)


# --- GraphML and GEXF ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_files_with_lists_none_and_arabic_are_readable(tmp_path, fmt):
    nodes, edges = sample_rows()
    edges[0].props["evidence"].append("Form feed \x0c inside a sentence.")
    path = tmp_path / f"graph.{fmt}"
    write(to_networkx(nodes, edges), path, fmt)

    ET.parse(path)  # well-formed XML
    plain = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert plain.number_of_nodes() == len(nodes)
    assert plain.number_of_edges() == len(edges)

    graph = read(path)
    assert graph.nodes["organization:islamic_state"]["aliases"] == ["داعش", "ISIS", "ISIL"]
    assert graph.nodes["organization:islamic_state"]["label"] == "Organization"
    assert "country" not in graph.nodes["organization:islamic_state"]  # was None
    assert graph.edges["agency:mit", "country:iraq", "w1"]["evidence"][-1] == "Form feed  inside a sentence."


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_round_trip_keeps_rows_up_to_empty_values(tmp_path, fmt):
    nodes, edges = sample_rows()
    path = tmp_path / f"graph.{fmt}"
    write(to_networkx(nodes, edges), path)
    back_nodes, back_edges = from_networkx(read(path))
    assert node_set(back_nodes) == node_set(without_empty(nodes))
    assert edge_set(back_edges) == edge_set(without_empty(edges))


def test_gexf_gives_dated_events_a_timeline(tmp_path):
    path = tmp_path / "graph.gexf"
    write_gexf(to_networkx(*sample_rows()), path)
    graph_xml = ET.parse(path).getroot().find("g:graph", GEXF_NS)
    assert graph_xml.get("mode") == "dynamic"
    assert graph_xml.get("timeformat") == "date"
    edges = {e.get("id"): e for e in graph_xml.iterfind("g:edges/g:edge", GEXF_NS)}
    assert (edges["w1"].get("start"), edges["w1"].get("end")) == ("2016-03-01", "2016-03-01")
    assert (edges["s1"].get("start"), edges["s1"].get("end")) == ("2016-01-01", "2016-01-31")
    assert edges["s2"].get("start") is None  # undated: present at every time
    assert edges["m1"].get("start") is None
    # GEXF's edge type is a direction; the relationship type is the edge label.
    assert {e.get("type") for e in edges.values()} == {None}
    assert edges["w1"].get("label") == "WARNED"


def test_gexf_node_label_is_the_entity_name_and_type_an_attribute(tmp_path):
    path = tmp_path / "graph.gexf"
    write_gexf(to_networkx(*sample_rows()), path)
    graph_xml = ET.parse(path).getroot().find("g:graph", GEXF_NS)
    titles = {a.get("id"): a.get("title") for a in graph_xml.iterfind("g:attributes[@class='node']/g:attribute", GEXF_NS)}
    node = graph_xml.find("g:nodes/g:node[@id='organization:islamic_state']", GEXF_NS)
    values = {titles[v.get("for")]: v.get("value") for v in node.iterfind("g:attvalues/g:attvalue", GEXF_NS)}
    assert node.get("label") == "Islamic State"
    assert values["type"] == "Organization"
    assert values["aliases"] == "داعش | ISIS | ISIL"
    article = graph_xml.find("g:nodes/g:node[@id='art:1']", GEXF_NS)
    assert article.get("label") == "تحذير من هجوم"


def test_graphml_label_keys_are_found_by_gephi(tmp_path):
    path = tmp_path / "graph.graphml"
    write_graphml(to_networkx(*sample_rows()), path)
    root = ET.parse(path).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name")) for k in root.iterfind("g:key", GRAPHML_NS)}
    # Gephi reads key ids "d3" / "d7" as node / edge labels before looking at names.
    assert not {"d3", "d7"} & set(keys)
    assert keys["node_label"] == ("node", "label")
    assert keys["edge_label"] == ("edge", "label")
    node = root.find("g:graph/g:node[@id='country:iraq']", GRAPHML_NS)
    data = {d.get("key"): d.text for d in node.iterfind("g:data", GRAPHML_NS)}
    assert data["node_label"] == "Iraq"
    assert data["node_type"] == "Country"
    edge = root.find("g:graph/g:edge[@id='w1']", GRAPHML_NS)
    assert {d.get("key"): d.text for d in edge.iterfind("g:data", GRAPHML_NS)}["edge_label"] == "WARNED"


# --- dispatch ----------------------------------------------------------------


def test_write_picks_the_format_from_the_argument_or_suffix(tmp_path):
    graph = to_networkx(*sample_rows())
    assert FORMATS == ("json", "graphml", "gexf")
    write(graph, tmp_path / "out.bin", "gexf")
    assert ET.parse(tmp_path / "out.bin").getroot().tag == "{http://www.gexf.net/1.2draft}gexf"
    write(graph, tmp_path / "out.json")
    assert read_json(tmp_path / "out.json").number_of_edges() == graph.number_of_edges()
    with pytest.raises(ValueError, match="unknown export format 'csv'"):
        write(graph, tmp_path / "out.csv")


# --- the analysis example ------------------------------------------------------


def test_example_script_reports_the_warning_and_the_sharing_broker(tmp_path):
    path = tmp_path / "graph.json"
    write_json(to_networkx(*sample_rows()), path)
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "who_warned_whom.py"), "--json", str(path)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "2016-03-01" in out and "MIT warned Iraq about Islamic State" in out
    # Sharing runs MIT - Iraq - Jordan - Iran: Iraq and Jordan have two partners and broker.
    partners = out.split("Top intelligence-sharing partners")[1].split("Brokers")[0].splitlines()[1:]
    assert [line.split()[1:3] for line in partners if line.strip()] == [
        ["Iraq", "2"], ["Jordan", "2"], ["Iran", "1"], ["MIT", "1"]]
    brokers = out.split("Brokers of the sharing network")[1].splitlines()[1:]
    assert [line.split()[1] for line in brokers if line.strip()] == ["Iraq", "Jordan"]


def test_example_script_gives_a_one_line_error_for_a_missing_file(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "who_warned_whom.py"), "--json", str(tmp_path / "none.json")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error:") and len(result.stderr.strip().splitlines()) == 1
