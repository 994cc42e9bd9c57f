"""GraphML, Parquet and JSON files that are broken, hostile or written by another tool.

Each is refused with a problem naming the file (and the line where the format has lines), never a
traceback, and nothing a file holds twice is silently merged: XML entity bombs and external entities,
a node or edge written twice, an edge to no node, cut-short and foreign files, metadata of the wrong
shape, JSON's non-standard constants, duplicate keys, deep nesting and trailing data.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import graphlib_conflict as gc


@pytest.fixture
def graph() -> gc.ConflictGraph:
    actors = pd.DataFrame({"id": ["007", "B"], "name": ["Bond", "B"], "type": "state"})
    relations = pd.DataFrame({"id": ["r1", "r2"], "source": ["007", "B"], "target": ["B", "007"],
                              "type": ["meets", "attacks"], "date": ["2020", "2020-01"]})
    return gc.ConflictGraph.from_frames(actors, relations)


def refused(path: Path) -> list[gc.Problem]:
    with pytest.raises(gc.DatasetError) as caught:
        gc.load(path)
    problems = caught.value.problems
    assert problems and all(p.file == str(path) for p in problems), problems
    return problems


GRAPHML_HEAD = ('<?xml version="1.0"?>\n{dtype}<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
                '<key id="d0" for="node" attr.name="name" attr.type="string"/>\n'
                '<key id="d1" for="node" attr.name="type" attr.type="string"/>\n'
                '<graph edgedefault="directed">\n')
NODE = '<node id="A"><data key="d0">{name}</data><data key="d1">state</data></node></graph></graphml>\n'


def test_an_xml_entity_bomb_is_refused_fast(tmp_path):
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">' for i in range(1, 10)]
    text = (GRAPHML_HEAD.format(dtype="<!DOCTYPE lolz [" + "\n".join(entities) + "]>\n")
            + NODE.format(name="&lol9;"))
    path = tmp_path / "bomb.graphml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    (problem,) = refused(path)
    assert time.perf_counter() - start < 2 and "not valid XML" in problem.message and problem.line


def test_an_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    text = (GRAPHML_HEAD.format(dtype=f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n')
            + NODE.format(name="&xxe;"))
    path = tmp_path / "xxe.graphml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(gc.DatasetError) as caught:  # expat refuses the undefined entity
        gc.load(path)
    assert "TOP SECRET" not in str(caught.value)


def test_a_node_written_twice_is_refused_with_both_lines(tmp_path, graph):
    graph.save(tmp_path / "g.graphml")
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    start = text.index("<node")
    node = text[start:text.index("</node>", start) + len("</node>")]
    path = tmp_path / "twice.graphml"
    path.write_text(text.replace(node, node + "\n" + node.replace("Bond", "Other")), encoding="utf-8")
    problems = refused(path)
    assert any("node '007' is written twice" in p.message and p.line for p in problems), problems


def test_an_edge_id_written_twice_between_two_nodes_is_refused(tmp_path, graph):
    graph.save(tmp_path / "g.graphml")
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    text = text.replace('source="B" target="007" id="r2"', 'source="007" target="B" id="r1"')
    assert text.count('id="r1"') == 2
    path = tmp_path / "twice.graphml"
    path.write_text(text, encoding="utf-8")
    (problem,) = refused(path)
    assert "edge 'r1' from '007' to 'B' is written twice" in problem.message and problem.line


def test_an_edge_to_no_node_is_refused_naming_it(tmp_path, graph):
    graph.save(tmp_path / "g.graphml")
    path = tmp_path / "dangling.graphml"
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    path.write_text(text.replace('target="007"', 'target="ZZZ"'), encoding="utf-8")
    problems = refused(path)
    assert any("ZZZ" in (p.record or "") for p in problems)


@pytest.mark.parametrize("damage", ["cut", "empty", "text", "html"])
def test_a_broken_graphml_file_is_refused_with_its_line(tmp_path, graph, damage):
    graph.save(tmp_path / "g.graphml")
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    broken = {"cut": text[: len(text) // 2], "empty": "", "text": "not xml at all",
              "html": "<html><body>404</body></html>"}[damage]
    path = tmp_path / "broken.graphml"
    path.write_text(broken, encoding="utf-8")
    (problem,) = refused(path)
    assert problem.message.startswith(("not valid XML", "not valid GraphML", "the graph"))


def test_graphml_ids_that_look_like_numbers_stay_text(tmp_path, graph):
    graph.save(tmp_path / "g.graphml")
    back = gc.load(tmp_path / "g.graphml")
    assert back.actors["id"].tolist() == ["007", "B"]
    assert sorted(back.relations["id"]) == ["r1", "r2"]


@pytest.mark.parametrize("metadata", ["{", "[]", '"text"', json.dumps({"actors": "x"}),
                                      json.dumps({"dataset": [1]}), json.dumps({"sources": [1, 2]})])
def test_graphml_metadata_of_the_wrong_shape_is_refused(tmp_path, graph, metadata):
    graph.save(tmp_path / "g.graphml")
    import networkx as nx

    G = nx.read_graphml(tmp_path / "g.graphml", node_type=str, edge_key_type=str, force_multigraph=True)
    G.graph["graphlib_conflict"] = metadata
    nx.write_graphml(G, tmp_path / "m.graphml")
    (problem,) = refused(tmp_path / "m.graphml")
    assert "graphlib_conflict" in problem.message


@pytest.mark.parametrize("damage", ["cut", "garbage", "empty", "csv"])
def test_a_broken_parquet_file_is_refused(tmp_path, graph, damage):
    graph.save(tmp_path / "g.parquet")
    raw = (tmp_path / "g.parquet").read_bytes()
    path = tmp_path / "broken.parquet"
    path.write_bytes({"cut": raw[: len(raw) // 2], "garbage": b"hello world", "empty": b"",
                      "csv": b"id,source\nr1,A\n"}[damage])
    (problem,) = refused(path)
    assert "not a Parquet file" in problem.message


@pytest.mark.parametrize(("metadata", "message"), [
    (b"{", "is not valid JSON"), (b"[]", "is not a JSON object"), (json.dumps({"actors": "x"}).encode(),
                                                                  "is not a list of actor records"),
    (None, "no graphlib_conflict metadata"),
])
def test_parquet_metadata_of_the_wrong_shape_is_refused(tmp_path, graph, metadata, message):
    graph.save(tmp_path / "g.parquet")
    table = pq.read_table(tmp_path / "g.parquet")
    meta = dict(table.schema.metadata)
    if metadata is None:
        meta.pop(b"graphlib_conflict")
    else:
        meta[b"graphlib_conflict"] = metadata
    pq.write_table(table.replace_schema_metadata(meta), tmp_path / "m.parquet")
    (problem,) = refused(tmp_path / "m.parquet")
    assert message in problem.message


def test_parquet_values_are_checked_like_any_other(tmp_path, graph):
    graph.save(tmp_path / "g.parquet")
    table = pq.read_table(tmp_path / "g.parquet")
    table = table.set_column(table.schema.get_field_index("weight"), "weight", pa.array(["inf", "x"]))
    pq.write_table(table, tmp_path / "w.parquet")
    problems = refused(tmp_path / "w.parquet")
    assert sorted((p.record or "")[:15] for p in problems) == ["relations row 1", "relations row 2"]
    assert all(p.field == "weight" for p in problems)


JSON_OK = {"dataset": {"id": "x"}, "actors": [{"id": "A", "name": "A", "type": "state"},
                                              {"id": "B", "name": "B", "type": "state"}], "relations": []}


@pytest.mark.parametrize(("text", "expected"), [
    ('{"dataset": {"id": "x"}, "actors": [], "relations": [], "x": NaN}', "unknown section 'x'"),
    ("[1, 2]", "the top level must be a mapping"),
    ('{"dataset": ' + "[" * 100_000 + "]" * 100_000 + "}", "nesting too deep"),
    (json.dumps(JSON_OK) + " trailing", "not valid JSON: Extra data"),
    (json.dumps(JSON_OK)[:-10], "not valid JSON"),
    ("", "the file is empty"),
])
def test_broken_json_is_refused_with_a_message(tmp_path, text, expected):
    path = tmp_path / "g.json"
    path.write_text(text, encoding="utf-8")
    problems = refused(path)
    assert any(expected in p.message for p in problems), problems


def test_a_duplicate_json_key_is_reported_with_its_record_and_lines(tmp_path):
    text = json.dumps(JSON_OK, indent=1).replace('"name": "B",', '"name": "B",\n  "name": "C",')
    path = tmp_path / "g.json"
    path.write_text(text, encoding="utf-8")
    (problem,) = refused(path)
    assert problem.record == "actors[1]" and problem.field == "name" and problem.line
    assert "first on line" in problem.message


def test_a_json_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "g.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(JSON_OK).encode())
    assert gc.load(path).actors["id"].tolist() == ["A", "B"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_never_become_numbers(tmp_path, constant):
    doc = json.dumps({**JSON_OK, "relations": [{"source": "A", "target": "B", "type": "meets", "date": "2020",
                                                "weight": "PLACEHOLDER"}]}).replace('"PLACEHOLDER"', constant)
    path = tmp_path / "g.json"
    path.write_text(doc, encoding="utf-8")
    (problem,) = refused(path)
    assert problem.field == "weight"
