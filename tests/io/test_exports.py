"""Every export is read back by the format's reference reader, and GEXF is checked against the
structure of the GEXF 1.3 schema (element order, enumerations, attribute types and their values)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd
import pytest

import graphlib_conflict as gc

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
ATTRIBUTE_TYPES = {"integer", "long", "double", "float", "boolean", "bigdecimal", "biginteger", "byte",
                   "char", "short", "liststring", "listboolean", "listinteger", "listlong",
                   "listfloat", "listdouble", "listbyte", "listshort", "listbigdecimal",
                   "listbiginteger", "listchar", "string", "anyURI"}
"""``attrtype-type`` of the GEXF 1.3 schema (data.xsd)."""


@pytest.fixture(scope="module", params=["default", "unicode"])
def graph(request) -> gc.ConflictGraph:
    if request.param == "default":
        return gc.load()
    actors = pd.DataFrame({"id": ["A", "B", "C"], "name": ["Ⅎ Arabic عربي", "北京 Bloc", "C & <Co>"],
                           "type": ["state", "armed_group", "coalition"]})
    relations = pd.DataFrame([
        {"source": "A", "target": "B", "type": "alliance", "start": "2019", "confidence": "low"},
        {"source": "A", "target": "B", "type": "attacks", "date": "2020-02", "weight": 2.5,
         "notes": 'a "quoted" note\nwith a line break'},
        {"source": "B", "target": "C", "type": "member_of", "start": "2019-05-04", "end": "2020"},
    ])
    return gc.ConflictGraph.from_frames(actors, relations)


def _check_value(kind: str, value: str) -> None:
    if kind in ("integer", "long", "short", "byte", "biginteger"):
        int(value)
    elif kind in ("double", "float", "bigdecimal"):
        float(value)
    elif kind == "boolean":
        assert value in ("true", "false"), value


def test_gexf_follows_the_schema_and_its_declared_types(graph, tmp_path):
    path = tmp_path / "g.gexf"
    graph.save(path)
    root = ET.parse(path).getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    assert [child.tag for child in root] == [f"{GEXF}meta", f"{GEXF}graph"]
    g = root.find(f"{GEXF}graph")
    assert g.get("mode") in ("static", "dynamic")
    assert g.get("defaultedgetype") in ("directed", "undirected", "mutual")
    assert g.get("timeformat") in ("integer", "double", "date", "dateTime")
    assert g.get("timerepresentation") in ("interval", "timestamp")
    declared: dict[tuple[str, str], str] = {}
    for attributes in g.findall(f"{GEXF}attributes"):
        cls = attributes.get("class")
        assert cls in ("node", "edge")
        for attribute in attributes.findall(f"{GEXF}attribute"):
            assert {"id", "title", "type"} <= set(attribute.keys())
            assert attribute.get("type") in ATTRIBUTE_TYPES
            declared[(cls, attribute.get("id"))] = attribute.get("type")
    nodes = {n.get("id") for n in g.find(f"{GEXF}nodes").findall(f"{GEXF}node")}
    assert nodes == set(graph.actors["id"])
    edges = g.find(f"{GEXF}edges").findall(f"{GEXF}edge")
    assert len(edges) == len(graph.relations)
    for cls, elements in (("node", g.find(f"{GEXF}nodes")), ("edge", g.find(f"{GEXF}edges"))):
        for element in elements:
            for value in element.iter(f"{GEXF}attvalue"):
                kind = declared[(cls, value.get("for"))]
                _check_value(kind, value.get("value"))
    for edge in edges:
        assert edge.get("source") in nodes and edge.get("target") in nodes
        assert edge.get("type") in (None, "directed", "undirected", "mutual")
        float(edge.get("weight"))
        color = edge.find(f"{VIZ}color")
        assert all(0 <= int(color.get(c)) <= 255 for c in "rgb")
        for spell in edge.iter(f"{GEXF}spell"):
            start, end = spell.get("start"), spell.get("end")
            if start and end:
                assert dt.date.fromisoformat(start) <= dt.date.fromisoformat(end)


def test_gexf_reads_back_with_networkx(graph, tmp_path):
    path = tmp_path / "g.gexf"
    graph.save(path)
    G = nx.read_gexf(path)
    assert G.number_of_nodes() == len(graph.actors)
    assert G.number_of_edges() == len(graph.relations)
    by_id = {d["id"]: d for _, _, d in G.edges(data=True)}
    for row in graph.relations.to_dict("records"):
        data = by_id[row["id"]]
        assert data["type"] == row["type"] and data["sign"] == row["sign"]
        assert data["directed"] is bool(row["directed"])
        assert data["weight"] == pytest.approx(row["weight"])
        if not pd.isna(row["confidence"]):
            assert isinstance(data["confidence"], float)
            assert data["confidence"] == pytest.approx(row["confidence"])


def test_graphml_reads_back_with_networkx(graph, tmp_path):
    path = tmp_path / "g.graphml"
    graph.save(path)
    G = nx.read_graphml(path)
    assert G.number_of_nodes() == len(graph.actors)
    assert G.number_of_edges() == len(graph.relations)
    names = nx.get_node_attributes(G, "name")
    assert names == dict(zip(graph.actors["id"], graph.actors["name"], strict=True))
    assert gc.load(path).relations["id"].sort_values().tolist() == sorted(graph.relations["id"])


def test_parquet_reads_back_with_pyarrow(graph, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "g.parquet"
    graph.save(path)
    table = pq.read_table(path)
    assert table.num_rows == len(graph.relations)
    assert {"id", "source", "target", "type", "date", "weight"} <= set(table.column_names)
    frame = table.to_pandas()
    assert frame["weight"].tolist() == pytest.approx(graph.relations["weight"].tolist())
    assert sorted(frame["id"]) == sorted(graph.relations["id"])
