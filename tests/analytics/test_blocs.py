"""Blocs at a date and bloc switches between two dates."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics.alignment import alignment_graph
from graphlib_conflict.analytics.blocs import (
    BLOC_COLUMNS,
    SWITCH_COLUMNS,
    _match,
    bloc_switches,
    blocs,
)

from .test_balance import GAMA_CLUSTERS, gahuku_gama, signed


def camps_graph(camps: list[list[str]]) -> nx.Graph:
    ties = [(x, y, 1) for camp in camps for x, y in itertools.combinations(camp, 2)]
    ties += [(x, y, -1) for p, q in itertools.combinations(camps, 2) for x in p for y in q]
    return signed(ties)


def test_blocs_of_the_idlib_crisis(default_graph):
    table = blocs(default_graph, at="2020-02-04")
    assert list(table.columns) == list(BLOC_COLUMNS)
    groups = table.groupby("bloc")["actor"].apply(set).to_dict()
    assert groups == {0: {"TUR", "SYR_OPP", "HTS", "IDLIB_IDP"}, 1: {"RUS", "SYR_GOV", "IRN"}}
    assert table.attrs["method"] == "frustration" and table.attrs["k"] == 2
    assert table.attrs["at"] == "2020-02-04" and table.attrs["optimal"]
    # against the blocs: the Russia-Turkey and Iran-Turkey partnerships across
    assert table.attrs["error"] == 2
    assert table.set_index("actor").loc["TUR", "name"] == "Turkey"
    assert (table["bloc_size"] == table["bloc"].map(table["bloc"].value_counts())).all()
    # only actors with a non-neutral tie are assigned
    assert set(table["actor"]) == set(alignment_graph(default_graph, at="2020-02-04"))


def test_bloc_zero_is_the_largest_ties_broken_by_actor_id():
    table = blocs(camps_graph([["z1", "z2"], ["m1", "m2", "m3"], ["a1", "a2"]]))
    assert table.attrs["method"] == "weak_balance" and table.attrs["k"] == 3
    assert table.attrs["error"] == 0
    assert table.groupby("bloc")["actor"].apply(list).tolist() == [
        ["m1", "m2", "m3"], ["a1", "a2"], ["z1", "z2"]]
    assert table["bloc_size"].tolist() == [3, 3, 3, 2, 2, 2, 2]


def test_number_of_blocs_can_be_fixed():
    G = gahuku_gama()
    three = blocs(G)
    assert [set(g) for _, g in three.groupby("bloc")["actor"]] == GAMA_CLUSTERS
    assert three.attrs["method"] == "weak_balance" and three.attrs["error"] == 2
    two = blocs(G, k=2)
    assert two.attrs["method"] == "frustration" and two.attrs["error"] == 7
    one = blocs(G, k=1)
    assert one["bloc"].eq(0).all() and one.attrs["error"] == 29
    four = blocs(G, k=4)
    assert four.attrs["method"] == "weak_balance" and four.attrs["error"] == 2
    with pytest.raises(ValueError, match="k must be >= 1"):
        blocs(G, k=0)


@pytest.fixture
def switching(make_graph):
    """In 2019 A, B, E face C, D, G; in 2020 B has crossed over to C and D, H has joined them, F
    has joined A, and G is gone."""
    y19, y20, always = "2019-01-01..2019-12-31", "2020-01-01..", "2019-01-01.."
    relations = [
        ("A", "alliance", "B", y19), ("B", "alliance", "E", y19), ("A", "alliance", "E", always),
        ("C", "alliance", "D", always), ("G", "alliance", "C", y19),
        ("A", "fights", "C", always), ("B", "opposes", "D", y19),
        ("B", "alliance", "C", y20), ("B", "alliance", "D", y20), ("A", "fights", "B", y20),
        ("F", "alliance", "A", y20), ("H", "alliance", "D", y20),
    ]
    actors = [{"id": x, "name": f"{x} land", "type": "state"} for x in "ABCDEFGH"]
    return make_graph(relations, actors=actors)


def test_bloc_switches_are_matched_moves_not_relabellings(switching):
    moves = bloc_switches(switching, "2019-06-01", "2020-06-01")
    assert list(moves.columns) == list(SWITCH_COLUMNS)
    rows = moves.set_index("actor")
    assert rows["change"].to_dict() == {"B": "switched", "F": "joined", "H": "joined",
                                        "G": "left"}
    assert moves["actor"].tolist() == ["B", "F", "H", "G"]
    # B's old camp (with A) keeps its number even though B's new camp is now the larger one
    assert (rows.loc["B", "bloc_before"], rows.loc["B", "bloc_after"]) == (0, 1)
    assert rows.loc["F", "bloc_after"] == 0 and rows.loc["H", "bloc_after"] == 1
    assert pd.isna(rows.loc["F", "bloc_before"]) and pd.isna(rows.loc["G", "bloc_after"])
    assert rows.loc["G", "bloc_before"] == 1
    assert rows.loc["B", "with_before"] == "A land, E land"
    assert rows.loc["B", "with_after"] == "C land, D land"
    assert rows.loc["G", "with_after"] == "" and rows.loc["G", "with_before"] == "C land"
    assert rows.loc["B", "name"] == "B land"
    assert moves.attrs["relabelled"] == {0: 1, 1: 0}
    assert moves.attrs["blocs_after"]["A"] == moves.attrs["blocs_before"]["A"] == 0
    assert (moves.attrs["start"], moves.attrs["end"]) == ("2019-06-01", "2020-06-01")
    assert str(moves["bloc_before"].dtype) == "Int64"


def test_no_switch_when_nothing_moves(switching):
    moves = bloc_switches(switching, "2019-03-01", "2019-09-01")
    assert moves.empty and list(moves.columns) == list(SWITCH_COLUMNS)


def test_partners_fall_back_to_the_best_connected_members(make_graph):
    # D is in C's camp only through its enmity with A: it has no ally inside
    relations = [("A", "alliance", "B", "2019-01-01.."), ("C", "alliance", "E", "2019-01-01.."),
                 ("A", "fights", "C", "2019-01-01.."), ("A", "fights", "D", "2020-01-01.."),
                 ("B", "fights", "E", "2019-01-01..")]
    moves = bloc_switches(make_graph(relations), "2019-06-01", "2020-06-01")
    row = moves.set_index("actor").loc["D"]
    assert row["change"] == "joined" and row["with_after"] == "C, E"


def test_match_by_maximum_overlap():
    before = pd.DataFrame({"actor": list("abcdef"), "bloc": [0, 0, 0, 1, 1, 2]})
    after = pd.DataFrame({"actor": list("abcdefg"), "bloc": [1, 1, 0, 0, 0, 2, 3]})
    # after-bloc 1 {a, b} is before-bloc 0; after-bloc 0 {c, d, e} mostly before-bloc 1;
    # after-bloc 2 {f} is before-bloc 2; after-bloc 3 {g} is new
    assert _match(before, after) == {0: 1, 1: 0, 2: 2, 3: 3}
    assert _match(before.iloc[:0], after) == {0: 0, 1: 1, 2: 2, 3: 3}


def test_bloc_switches_on_the_default_dataset(default_graph):
    # November 2019: Turkey sits with its Astana partners (its 2.4 tie with Russia outweighs its
    # 0.5 hostility to Damascus); February 2020: the -5.5 hostility to Damascus puts it with the rebels.
    moves = bloc_switches(default_graph, "2019-11-01", "2020-02-04")
    assert moves["actor"].tolist() == ["TUR", "IDLIB_IDP"]
    turkey = moves.iloc[0]
    assert turkey["change"] == "switched"
    assert "Russia" in turkey["with_before"]
    assert "Turkish-backed Syrian rebels" in turkey["with_after"]
    before, after = moves.attrs["blocs_before"], moves.attrs["blocs_after"]
    assert before["RUS"] == after["RUS"] == after["SYR_GOV"] == after["IRN"]
    assert after["TUR"] == after["SYR_OPP"] != after["RUS"]


def test_unweighted_blocs_count_ties(default_graph):
    table = blocs(default_graph, at="2020-02-04", weighted=False)
    assert table.attrs["error"] == 2


def test_bloc_switches_needs_a_conflict_graph(default_graph):
    with pytest.raises(gc.GraphlibConflictError, match="needs a ConflictGraph"):
        bloc_switches(alignment_graph(default_graph, at="2020-02-04"), "2019-01-01", "2020-01-01")
    with pytest.raises(gc.DateError):
        bloc_switches(default_graph, "yesterday", "2020-01-01")


def test_blocs_of_an_empty_graph(make_graph):
    table = blocs(make_graph([("A", "meets", "B", "2000-01-01")]), at="2020-01-01")
    assert table.empty and list(table.columns) == list(BLOC_COLUMNS)
    assert table.attrs["error"] == 0


def test_blocs_accept_signed_graphs_with_any_node_ids():
    G = signed([(1, 2, 1), (2, 3, -1), (1, 3, -1), (3, 4, 1)])
    table = blocs(G, k=2)
    assert table["actor"].tolist() == [1, 2, 3, 4]
    assert table["bloc"].tolist() == [0, 0, 1, 1]
    assert table["name"].tolist() == ["1", "2", "3", "4"]
    assert np.issubdtype(table["bloc"].dtype, np.integer)
