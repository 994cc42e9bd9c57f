"""GraphML (read and write) and GEXF with time spells (write), for yEd, Gephi and other tools."""

from __future__ import annotations

import json
import math
import os
import xml.etree.ElementTree as ET
from typing import Any, cast
from xml.parsers import expat

import networkx as nx
import pandas as pd

from graphlib_conflict._atomic import atomic_path, write_bytes
from graphlib_conflict._builder import vocabulary_with
from graphlib_conflict._tables import Locator
from graphlib_conflict.exceptions import DatasetError
from graphlib_conflict.graph import ConflictGraph, build_graph
from graphlib_conflict.io._dataset import metadata_document, metadata_from_json
from graphlib_conflict.io._flat import flat_actors, flat_relations
from graphlib_conflict.problems import Problem

__all__ = ["read_graphml", "write_gexf", "write_graphml"]

_META_KEY = "graphlib_conflict"


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts; its columns are named by text, as every table here is."""
    return cast("list[dict[str, Any]]", frame.to_dict("records"))


def _present(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items()
            if v is not None and not (isinstance(v, float) and math.isnan(v))}


def write_graphml(graph: ConflictGraph, path: str | os.PathLike[str]) -> None:
    """Write GraphML (edges keyed by relation id), atomically.

    Lists and mappings (aliases, evidence, attributes) are JSON text; the derived ``category``,
    ``sign``, ``directed``, ``valid_from`` and ``valid_to`` are written for other tools and ignored
    when read back. Dataset metadata and sources travel in the graph attribute ``graphlib_conflict``.
    """
    G = nx.MultiDiGraph()
    meta = metadata_document(graph)
    meta["sources"] = [_present(r) for r in _records(graph.sources.astype(object))]
    G.graph[_META_KEY] = json.dumps(meta, ensure_ascii=False)
    G.graph["title"] = str(graph.dataset.get("title") or "")
    actors = flat_actors(graph.actors).astype(object)
    for record in _records(actors):
        G.add_node(record.pop("id"), **_present(record))
    relations = flat_relations(graph.relations).astype(object)
    derived = graph.relations[["category", "sign", "directed"]].astype(object)
    derived["valid_from"] = graph.relations["valid_from"].dt.strftime("%Y-%m-%d")
    derived["valid_to"] = graph.relations["valid_to"].dt.strftime("%Y-%m-%d")
    relations = pd.concat([relations, derived.astype(object)], axis=1)
    for record in _records(relations):
        data = _present(record)
        G.add_edge(data.pop("source"), data.pop("target"), key=data.pop("id"), **{
            k: (v.item() if hasattr(v, "item") else v) for k, v in data.items()})
    with atomic_path(path) as tmp:
        nx.write_graphml(G, tmp, encoding="utf-8", prettyprint=True)


def read_graphml(path: str | os.PathLike[str], *, coalition_ties: bool = True) -> ConflictGraph:
    """Read GraphML written by :func:`write_graphml` (or any GraphML whose nodes carry ``name`` and
    ``type`` and whose edges carry ``type``).

    Raises
    ------
    DatasetError
        With every problem found.
    """
    file = os.fspath(path)
    try:
        # every id as written: ``007`` stays text (networkx reads edge keys as integers by default)
        G = nx.read_graphml(file, node_type=str, edge_key_type=str, force_multigraph=True)
    except FileNotFoundError:
        raise DatasetError([Problem("file not found", file=file)]) from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise DatasetError([Problem(f"not valid XML: {exc}", file=file, line=line)]) from None
    except (nx.NetworkXError, ValueError, KeyError) as exc:
        raise DatasetError([Problem(f"not valid GraphML: {exc}", file=file)]) from None
    repeated = _repeated_ids(file)
    if repeated:
        raise DatasetError(repeated, summary=f"{file} has problems")
    meta = metadata_from_json(G.graph.get(_META_KEY), file, where="graph attribute graphlib_conflict")
    vocab, problems = vocabulary_with(meta.get("relation_types", []), meta.get("actor_types", []),
                                      file=file)
    actors = pd.DataFrame([{"id": n, **d} for n, d in G.nodes(data=True)])
    derived = ("category", "sign", "directed", "valid_from", "valid_to")
    relations = pd.DataFrame([
        {"id": k, "source": u, "target": v, **{a: b for a, b in d.items() if a not in derived}}
        for u, v, k, d in G.edges(keys=True, data=True)
    ])
    if actors.empty:
        actors = pd.DataFrame(columns=["id", "name", "type"])
    if relations.empty:
        relations = pd.DataFrame(columns=["id", "source", "target", "type"])
    sources = pd.DataFrame(meta.get("sources") or [], dtype=object)
    return build_graph(
        actors, relations, sources if not sources.empty else None, vocabulary=vocab,
        locator=Locator(files={"actors": file, "relations": file, "sources": file}),
        dataset=_dataset(meta, G.graph.get("title")),
        coalition_ties=coalition_ties, problems=problems, summary=f"{file} has problems")


def _repeated_ids(file: str) -> list[Problem]:
    """A problem for each node id, and each edge id between the same two nodes, written twice: a
    GraphML reader keeps only one of them (networkx merges their data), so the other would be lost
    without a word. Found in one streaming pass over the (already parsed, so valid) XML."""
    nodes: dict[str, int] = {}
    edges: dict[tuple[str, str, str], int] = {}
    problems: list[Problem] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attributes: dict[str, str]) -> None:
        tag = name.rsplit(" ", 1)[-1]
        line = parser.CurrentLineNumber
        if tag == "node" and "id" in attributes:
            first = nodes.get(attributes["id"])
            nodes.setdefault(attributes["id"], line)
            if first is not None:
                problems.append(Problem(f"node {attributes['id']!r} is written twice (first on line {first})",
                                        file=file, line=line, record=f"actor {attributes['id']!r}",
                                        expected="each actor once", hint="merge the two nodes into one"))
        elif tag == "edge" and "id" in attributes:
            key = (attributes.get("source", ""), attributes.get("target", ""), attributes["id"])
            first = edges.get(key)
            edges.setdefault(key, line)
            if first is not None:
                problems.append(Problem(
                    f"edge {key[2]!r} from {key[0]!r} to {key[1]!r} is written twice (first on line {first})",
                    file=file, line=line, record=f"relation {key[2]!r}", expected="each relation id once",
                    hint="give each relation its own id: only one of the two could be read"))

    parser.StartElementHandler = start
    with open(file, "rb") as handle:
        parser.ParseFile(handle)
    return problems


def _dataset(meta: dict[str, Any], title: Any) -> dict[str, Any]:
    """The dataset metadata as written (an empty one stays empty); a file of another tool gives
    its graph's title, if any."""
    if meta.get("dataset") is not None:
        return dict(meta["dataset"])
    return {"title": str(title)} if title else {}


_SIGN_COLOURS = {1: ("46", "139", "87"), -1: ("200", "40", "40"), 0: ("128", "128", "128")}


def write_gexf(graph: ConflictGraph, path: str | os.PathLike[str]) -> None:
    """Write GEXF 1.3 with time spells, atomically, for Gephi's timeline.

    Each relation is an edge whose spell runs from its first to its last active day (open where it has
    no start or is ongoing; an interaction's spell is its date). Edges run source -> target as
    written and carry ``type``, ``category``, ``sign``, ``directed`` (whether the type is),
    ``confidence`` (0-1), ``evidence`` (JSON) and the native GEXF ``weight``, and are coloured by
    sign. Actors are static nodes (always present) labelled with their names. Every attribute value
    has its declared type, so ``networkx.read_gexf`` and Gephi's typed import read the file.
    """
    ns = "http://gexf.net/1.3"
    viz = "http://gexf.net/1.3/viz"
    ET.register_namespace("", ns)
    ET.register_namespace("viz", viz)
    root = ET.Element(f"{{{ns}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{ns}}}meta")
    ET.SubElement(meta, f"{{{ns}}}creator").text = "graphlib_conflict"
    ET.SubElement(meta, f"{{{ns}}}description").text = str(graph.dataset.get("title") or "")
    g = ET.SubElement(root, f"{{{ns}}}graph", {"mode": "dynamic", "defaultedgetype": "directed",
                                               "timeformat": "date", "timerepresentation": "interval"})
    node_attrs = ET.SubElement(g, f"{{{ns}}}attributes", {"class": "node", "mode": "static"})
    for i, (name, kind) in enumerate((("type", "string"), ("country", "string"),
                                      ("aliases", "string"), ("description", "string"))):
        ET.SubElement(node_attrs, f"{{{ns}}}attribute", {"id": f"n{i}", "title": name, "type": kind})
    edge_fields = (("type", "string"), ("category", "string"), ("sign", "integer"),
                   ("directed", "boolean"), ("confidence", "double"), ("start", "string"),
                   ("end", "string"), ("date", "string"), ("evidence", "string"),
                   ("notes", "string"))
    edge_attrs = ET.SubElement(g, f"{{{ns}}}attributes", {"class": "edge", "mode": "static"})
    for i, (name, kind) in enumerate(edge_fields):
        ET.SubElement(edge_attrs, f"{{{ns}}}attribute", {"id": f"e{i}", "title": name, "type": kind})

    nodes = ET.SubElement(g, f"{{{ns}}}nodes")
    actors = flat_actors(graph.actors).astype(object)
    for record in actors.to_dict("records"):
        node = ET.SubElement(nodes, f"{{{ns}}}node", {"id": record["id"], "label": record["name"]})
        values = ET.SubElement(node, f"{{{ns}}}attvalues")
        for i, name in enumerate(("type", "country", "aliases", "description")):
            value = record.get(name)
            if isinstance(value, str):
                ET.SubElement(values, f"{{{ns}}}attvalue", {"for": f"n{i}", "value": value})

    edges = ET.SubElement(g, f"{{{ns}}}edges")
    # confidence as its number (GEXF declares it `double`), not the word the YAML writer uses
    flat = flat_relations(graph.relations, confidence_words=False).astype(object)
    rel = graph.relations
    first = rel["valid_from"].dt.strftime("%Y-%m-%d").astype(object).where(rel["valid_from"].notna())
    last = rel["valid_to"].dt.strftime("%Y-%m-%d").astype(object).where(rel["valid_to"].notna())
    for record, category, sign, directed, start, end in zip(
            flat.to_dict("records"), rel["category"], rel["sign"].tolist(), rel["directed"].tolist(),
            first, last, strict=True):
        # every edge keeps the direction it was written in (as to_networkx does): a mixed graph
        # is valid GEXF, but networkx's reader refuses one; `directed` says which types are
        attrs = {"id": record["id"], "source": record["source"], "target": record["target"],
                 "label": record["type"], "weight": repr(float(record["weight"]))}
        edge = ET.SubElement(edges, f"{{{ns}}}edge", attrs)
        r, gr, b = _SIGN_COLOURS[int(sign)]
        ET.SubElement(edge, f"{{{viz}}}color", {"r": r, "g": gr, "b": b})
        values = ET.SubElement(edge, f"{{{ns}}}attvalues")
        row = {**record, "category": category, "sign": sign,
               "directed": "true" if directed else "false"}
        for i, (name, _kind) in enumerate(edge_fields):
            value = row.get(name)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            ET.SubElement(values, f"{{{ns}}}attvalue", {"for": f"e{i}", "value": str(value)})
        spell = {}
        if isinstance(start, str):
            spell["start"] = start
        if isinstance(end, str):
            spell["end"] = end
        if spell:
            spells = ET.SubElement(edge, f"{{{ns}}}spells")
            ET.SubElement(spells, f"{{{ns}}}spell", spell)
    ET.indent(root)
    write_bytes(path, ET.tostring(root, encoding="utf-8", xml_declaration=True))
