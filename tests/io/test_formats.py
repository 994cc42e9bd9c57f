"""Format details: GEXF spells, hand-written CSV, Parquet, atomic writes, suffix dispatch."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict import _atomic

GEXF = "{http://gexf.net/1.3}"


def test_gexf_has_time_spells_for_gephi(tmp_path, default_graph):
    path = tmp_path / "idlib.gexf"
    default_graph.save(path)
    root = ET.parse(path).getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph.attrib["mode"] == "dynamic" and graph.attrib["timeformat"] == "date"
    edges = {e.attrib["id"]: e for e in graph.iter(f"{GEXF}edge")}
    assert len(edges) == len(default_graph.relations)
    attack = edges["syr_mil-attacks-tur_mil-2020-02-03"].find(f"{GEXF}spells/{GEXF}spell")
    assert attack.attrib == {"start": "2020-02-03", "end": "2020-02-03"}
    support = edges["rus-supports-syr_gov"].find(f"{GEXF}spells/{GEXF}spell")
    assert support.attrib == {"start": "2015-09-30"}  # ongoing: no end
    # every edge keeps its written direction; `directed` says whether the type has one
    declared = {a.attrib["title"]: a.attrib["id"] for a in graph.iter(f"{GEXF}attribute")}

    def value(edge, title):
        return next(v.attrib["value"] for v in edges[edge].iter(f"{GEXF}attvalue")
                    if v.attrib["for"] == declared[title])
    assert value("rus-supports-syr_gov", "directed") == "true"
    assert value("rus-cooperates-tur-idlib", "directed") == "false"
    labels = {n.attrib["id"]: n.attrib["label"] for n in graph.iter(f"{GEXF}node")}
    assert labels["TUR"] == "Turkey"


def test_hand_written_csv_pair(tmp_path):
    (tmp_path / "actors.csv").write_text(
        "id,name,type,aliases\nTUR,Turkey,state,Ankara; Turkish government\nRUS,Russia,state,Moscow\n",
        encoding="utf-8")
    (tmp_path / "relations.csv").write_text(
        "source,target,type,start,end,date,weight\n"
        "RUS,TUR,cooperates,2017-05,,,\nTUR,RUS,demands,,,2020-02-04,0.9\n", encoding="utf-8")
    graph = gc.load(tmp_path)
    assert graph.actors.loc[0, "aliases"] == ("Ankara", "Turkish government")
    assert graph.relations["weight"].tolist() == [0.5, 0.9]
    assert graph.resolve("Turkish government") == "TUR"
    assert gc.load(tmp_path / "relations.csv").relations["id"].tolist() == graph.relations["id"].tolist()


def test_parquet_without_our_metadata_is_refused(tmp_path):
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "x.parquet")
    with pytest.raises(gc.DatasetError, match="no graphlib_conflict metadata"):
        gc.load(tmp_path / "x.parquet")


def test_unknown_suffixes(tmp_path, default_graph):
    with pytest.raises(gc.DatasetError, match=r"cannot tell the format of 'x\.txt'"):
        gc.load(tmp_path / "x.txt")
    with pytest.raises(gc.DatasetError, match=r"cannot tell the format to write .* 'x\.txt'"):
        default_graph.save(tmp_path / "x.txt")


def test_failed_write_leaves_the_old_file_and_no_debris(tmp_path, default_graph, monkeypatch):
    path = tmp_path / "idlib.yaml"
    path.write_text("old content\n")

    def broken_sync(tmp):
        assert os.path.getsize(tmp) > 0  # the new content was written to the temporary file...
        raise RuntimeError("disk full")  # ...and the write fails before it replaces the target

    monkeypatch.setattr(_atomic, "_fsync", broken_sync)
    with pytest.raises(RuntimeError, match="disk full"):
        default_graph.save(path)
    assert path.read_text() == "old content\n"
    assert os.listdir(tmp_path) == ["idlib.yaml"]


def test_atomic_write_respects_umask(tmp_path):
    _atomic.write_text(tmp_path / "f.txt", "x")
    assert (tmp_path / "f.txt").stat().st_mode & 0o777 == 0o666 & ~_atomic._UMASK


def test_graphml_keeps_types_and_metadata(tmp_path, default_graph):
    path = tmp_path / "idlib.graphml"
    default_graph.save(path)
    again = gc.load(path)
    assert again.dataset == default_graph.dataset
    assert "besieges" in again.vocabulary.relation_types.index
    assert again.relations["weight"].dtype == "float64"
    assert again.actors.set_index("id").loc["TUR", "aliases"] == default_graph.actor("TUR")["aliases"]
