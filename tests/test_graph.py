"""The temporal store: slicing semantics, coalition ties, actors, networkx view."""

from __future__ import annotations

import pandas as pd
import pytest

import graphlib_conflict as gc


@pytest.fixture
def graph(make_graph):
    return make_graph([
        ("A", "cooperates", "B", "2017-05..2019-10"),
        ("A", "opposes", "C", "..2018"),
        ("B", "supports", "C", "2018-03-15.."),
        ("A", "attacks", "C", "2020-01"),
        ("B", "meets", "C", "2020-02-03"),
    ])


def ids(g):
    return sorted(g.relations["type"])


@pytest.mark.parametrize(("day", "expected"), [
    ("2017-04-30", ["opposes"]),
    ("2017-05-01", ["cooperates", "opposes"]),
    ("2018-12-31", ["cooperates", "opposes", "supports"]),
    ("2019-01-01", ["cooperates", "supports"]),
    ("2019-10-31", ["cooperates", "supports"]),
    ("2019-11-01", ["supports"]),
    ("2020-01-01", ["attacks", "supports"]),
    ("2020-01-31", ["attacks", "supports"]),
    ("2020-02-03", ["meets", "supports"]),
    ("2031-01-01", ["supports"]),
])
def test_at_compares_each_date_at_its_precision(graph, day, expected):
    assert ids(graph.at(day)) == expected


def test_between_is_inclusive_and_takes_widest_reading(graph):
    w = graph.between("2019-11", "2020-01")
    assert ids(w) == ["attacks", "supports"]
    assert [str(t.date()) for t in w.window] == ["2019-11-01", "2020-01-31"]
    assert ids(graph.between("2020-02-03", "2020-02-03")) == ids(graph.at("2020-02-03"))


def test_slices_chain_and_windows_intersect(graph):
    w = graph.between("2017", "2019").between("2019-06", "2021")
    assert [str(t.date()) for t in w.window] == ["2019-06-01", "2019-12-31"]
    assert ids(w) == ["cooperates", "supports"]
    assert ids(w.at("2019-11-15")) == ["supports"]


def test_between_rejects_reversed_window(graph):
    with pytest.raises(gc.DateError, match=r"ends .* before it starts"):
        graph.between("2020", "2019")


def test_slicing_keeps_all_actors_and_tables_untouched(graph):
    before = graph.relations.copy()
    sliced = graph.at("2020-01-15")
    assert len(sliced.actors) == 3
    pd.testing.assert_frame_equal(graph.relations, before)
    assert sliced.vocabulary is graph.vocabulary


def test_derived_columns(graph):
    rel = graph.relations.set_index("type")
    assert rel.loc["attacks", ["category", "sign", "directed", "weight"]].tolist() == [
        "interaction", -1, True, 1.0]
    assert str(rel.loc["attacks", "valid_from"].date()) == "2020-01-01"
    assert str(rel.loc["attacks", "valid_to"].date()) == "2020-01-31"
    assert pd.isna(rel.loc["opposes", "valid_from"]) and pd.isna(rel.loc["supports", "valid_to"])
    assert rel.loc["cooperates", "start"] == "2017-05"  # precision kept


def test_date_range(graph):
    first, last = graph.date_range
    assert (str(first.date()), str(last.date())) == ("2017-05-01", "2020-02-03")


def test_to_networkx_keeps_every_attribute(graph):
    G = graph.at("2020-01-10").to_networkx()
    assert set(G.nodes) == {"A", "B", "C"}
    (key, data), = G.get_edge_data("A", "C").items()
    assert key == "A-attacks-C-2020-01"
    assert data["date"] == "2020-01" and data["sign"] == -1 and data["end"] is None
    assert data["valid_from"] == "2020-01-01"
    assert G.graph["window"] == ("2020-01-10", "2020-01-10")
    G2 = graph.at("2020-01-10").to_networkx(isolates=False)
    assert set(G2.nodes) == {"A", "B", "C"}


@pytest.fixture
def coalition(make_graph):
    actors = [{"id": i, "name": i, "type": "state"} for i in ("A", "B", "C")]
    actors.append({"id": "FORUM", "name": "The forum", "type": "coalition"})
    return make_graph([
        ("A", "member_of", "FORUM", "2017-01..2019-06"),
        ("B", "member_of", "FORUM", "2018-03-15.."),
        ("C", "member_of", "FORUM", "2019-07.."),
    ], actors=actors)


def test_coalition_members_cooperate_while_both_are_members(coalition):
    ties = coalition.implied_relations
    ties = ties.fillna({"end": "ongoing"})
    assert list(zip(ties["source"], ties["target"], ties["start"], ties["end"], strict=True)) == [
        ("A", "B", "2018-03-15", "2019-06"),
        ("B", "C", "2019-07", "ongoing"),
    ]
    assert set(ties["implied_by"]) == {"FORUM"}
    assert ties["type"].eq("cooperates").all()
    assert len(coalition.at("2018-01-01").implied_relations) == 0
    assert len(coalition.at("2018-06-01").implied_relations) == 1
    assert len(coalition.at("2019-08-01").implied_relations) == 1  # A left, C joined: B~C only
    assert coalition.at("2019-08-01").implied_relations["source"].tolist() == ["B"]


def test_coalition_ties_switch_off(coalition):
    off = coalition.with_coalition_ties(False)
    assert off.implied_relations.empty
    assert len(off.all_relations()) == 3
    assert len(coalition.all_relations()) == 5
    G = coalition.at("2018-06-01").to_networkx()
    implied = [d for _, _, d in G.edges(data=True) if d.get("implied_by")]
    assert len(implied) == 1 and implied[0]["type"] == "cooperates"


def test_resolve_by_id_name_alias(default_graph):
    assert default_graph.resolve("Ankara") == "TUR"
    assert default_graph.resolve("  moscow ") == "RUS"
    with pytest.raises(gc.ActorNotFound) as info:
        default_graph.resolve("Tukey")
    assert info.value.actor == "Tukey"
    assert "TUR" in info.value.suggestions or "Turkey" in str(info.value)


def test_repr(graph):
    assert repr(graph.at("2020-01-05")) .endswith("relations, at 2020-01-05>")
    assert "2019-01-01..2019-12-31" in repr(graph.between("2019", "2019"))


def test_extra_columns_are_kept_through_slices(make_graph):
    actors = pd.DataFrame({"id": ["A", "B"], "name": ["A", "B"], "type": "state"})
    relations = pd.DataFrame({"source": ["A", "A"], "target": ["B", "B"], "type": ["meets", "attacks"],
                              "date": ["2020-01-01", "2020-02-01"], "goldstein": [1.0, -10.0]})
    g = gc.ConflictGraph.from_frames(actors, relations)
    assert g.at("2020-02-01").relations["goldstein"].tolist() == [-10.0]


def test_big_graphs_show_a_summary_in_jupyter(monkeypatch, graph):
    import graphlib_conflict.graph as graph_module

    monkeypatch.setattr(graph_module, "INLINE_VIEW_LIMIT", 2)
    text = graph._repr_html_()
    assert "Too many relations to draw inline" in text
    assert "<iframe" not in text
    assert "<td>attacks</td><td>1</td>" in text
