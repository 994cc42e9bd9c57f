"""Facts of the shipped Syria/Idlib dataset, checked against the founding report."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphlib_conflict as gc

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "moscow-times-2020-02-04-idlib.txt"


def pairs(graph, kind):
    rel = graph.relations[graph.relations["type"] == kind]
    return set(zip(rel["source"], rel["target"], strict=True))


def test_states_keyed_by_iso_alpha3(default_graph):
    states = default_graph.actors.set_index("id")
    for code, name in [("TUR", "Turkey"), ("RUS", "Russia"), ("IRN", "Iran")]:
        assert states.loc[code, "name"] == name
        assert states.loc[code, "type"] == "state"
        assert states.loc[code, "country"] == code


def test_every_actor_the_report_names(default_graph):
    names = " ".join(default_graph.actors["name"]).lower()
    for needle in ["assad", "cavusoglu", "lavrov", "erdogan", "kosachev", "swanson", "astana",
                   "united nations", "iran"]:
        assert needle in names, needle
    types = default_graph.actors.set_index("id")["type"]
    assert types["ASTANA"] == "coalition"
    assert (types == "civilian_population").sum() >= 2
    assert (types == "government_forces").sum() >= 2


def test_on_4_feb_2020(default_graph):
    feb4 = default_graph.at("2020-02-04")
    assert ("RUS", "SYR_GOV") in pairs(feb4, "supports")
    assert ("TUR", "SYR_OPP") in pairs(feb4, "supports")
    cooperation = pairs(feb4, "cooperates")
    assert ("RUS", "TUR") in cooperation or ("TUR", "RUS") in cooperation
    assert ("TUR", "RUS") in pairs(feb4, "demands")
    implied = feb4.implied_relations
    assert {("RUS", "TUR"), ("IRN", "RUS"), ("IRN", "TUR")} <= set(
        zip(implied["source"], implied["target"], strict=True))


def test_the_attack_of_3_february(default_graph):
    rel = default_graph.relations.set_index("id")
    attacks = rel[(rel["type"] == "attacks") & (rel["source"] == "SYR_MIL") & (rel["target"] == "TUR_MIL")]
    assert attacks["date"].tolist() == ["2020-02-03"]
    retaliation = rel[(rel["type"] == "attacks") & (rel["source"] == "TUR_MIL")
                      & (rel["target"] == "SYR_MIL")]
    assert retaliation["date"].tolist() == ["2020-02-03"]
    assert default_graph.at("2020-02-02").relations.query(
        "type == 'attacks' and target == 'TUR_MIL'").empty


def test_background_is_there(default_graph):
    rel = default_graph.relations
    rus_syr = rel[(rel["source"] == "RUS") & (rel["target"] == "SYR_GOV") & (rel["type"] == "supports")]
    assert rus_syr["start"].tolist() == ["2015-09-30"]
    assert "2017-05-04" in set(rel.loc[rel["type"] == "agrees", "date"])
    assert "2018-09-17" in set(rel.loc[rel["type"] == "agrees", "date"])
    assert "2019-10-22" in set(rel.loc[rel["type"] == "agrees", "date"])
    patrols = rel[(rel["type"] == "cooperates") & rel["id"].str.contains("patrol")]
    assert patrols["start"].tolist() == ["2019-11-01"]


def test_every_relation_has_evidence_from_known_sources(default_graph):
    rel = default_graph.relations
    assert rel["evidence"].map(len).gt(0).all()
    sources = set(default_graph.sources["id"])
    cited = {item["source"] for items in rel["evidence"] for item in items}
    assert cited <= sources
    assert default_graph.sources.set_index("id").loc["mt-2020-02-04", "publisher"] == "The Moscow Times"


def test_quotes_from_the_report_are_verbatim(default_graph):
    if not SEED.exists():
        pytest.skip(f"founding report not available ({SEED} is absent in this checkout)")
    text = SEED.read_text(encoding="utf-8")
    quotes = [item["quote"] for items in default_graph.relations["evidence"] for item in items
              if item["source"] == "mt-2020-02-04"]
    assert len(quotes) >= 15
    for quote in quotes:
        assert quote in text, quote


def test_dataset_is_in_the_package_data():
    path = gc.default_dataset_path()
    assert path.name == "syria_idlib.yaml" and path.is_file()
