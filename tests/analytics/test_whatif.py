"""What-if: edited ties move balance, frustration and blocs as balance theory says, on hand-made
graphs whose answer is known and on the Idlib case."""

from __future__ import annotations

import json

import numpy as np
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics.whatif import ACTOR_COLUMNS, EDIT_COLUMNS


@pytest.fixture
def triangle(make_graph):
    """A and B allied, B and C allied, A and C at war: one unbalanced triangle (++-)."""
    return make_graph([("A", "alliance", "B", "2020-01-01.."), ("B", "alliance", "C", "2020-01-01.."),
                       ("A", "fights", "C", "2020-01-01..")])


@pytest.fixture
def two_camps(make_graph):
    """Two camps (A, B, C) and (D, E), each allied inside and at war across, and C also friendly
    with D: C's alliance with D is the one tie against the blocs."""
    inside = [("A", "B"), ("A", "C"), ("B", "C"), ("D", "E")]
    across = [("A", "D"), ("A", "E"), ("B", "D"), ("B", "E"), ("C", "E")]
    rows = [(x, "alliance", y, "2020-01-01..") for x, y in inside]
    rows += [(x, "fights", y, "2020-01-01..") for x, y in across]
    rows.append(("C", "cooperates", "D", "2020-01-01.."))
    return make_graph(rows)


def test_flipping_the_enmity_balances_the_triangle(triangle):
    w = gc.what_if(triangle, "2020-06-01", flip=[("A", "C")])
    assert w.before.census["++-"] == 1 and w.after.census["+++"] == 1
    assert (w.before.balance_ratio, w.after.balance_ratio) == (0.0, 1.0)
    assert (w.before.frustration.index, w.after.frustration.index) == (1.0, 0.0)
    # three allies are one bloc
    assert len(w.after.frustration.bloc_names) == 1
    assert w.triangles.to_dict("records") == [
        {"a": "A", "b": "B", "c": "C", "before": "unbalanced", "after": "balanced"}]
    assert len(w.before.strained) == 2 and w.after.strained.empty
    edit = w.edits.iloc[0]
    assert (edit["action"], edit["sign_before"], edit["sign_after"]) == ("flip", -1, 1)
    assert list(w.edits.columns) == list(EDIT_COLUMNS)


def test_removing_the_enmity_leaves_no_triangle(triangle):
    w = gc.what_if(triangle, "2020-06-01", remove=[("C", "A")])
    assert w.after.census["total"] == 0 and w.after.frustration.index == 0
    assert w.triangles.to_dict("records") == [
        {"a": "A", "b": "B", "c": "C", "before": "unbalanced", "after": ""}]
    assert np.isnan(w.edits.iloc[0]["weight_after"]) and w.edits.iloc[0]["sign_after"] == 0


def test_adding_a_common_enemy(make_graph):
    g = make_graph([("A", "alliance", "B", "2020-01-01.."), ("B", "fights", "C", "2020-01-01..")])
    w = gc.what_if(g, "2020-06-01", add=[("A", "C", -1, 2.0)])
    assert w.before.census["total"] == 0
    assert w.after.census["+--"] == 1 and w.after.balance_ratio == 1.0
    edit = w.edits.iloc[0]
    assert (edit["action"], edit["sign_after"], edit["weight_after"]) == ("add", -1, 2.0)
    replaced = gc.what_if(g, "2020-06-01", add=[("B", "C", "+")])
    assert replaced.edits.iloc[0]["action"] == "replace"
    assert replaced.after.frustration.index == 0 and len(replaced.after.frustration.bloc_names) == 1


def test_the_defector_changes_bloc(two_camps):
    before = gc.balance(two_camps, "2020-06-01")
    assert before.frustration.index == 1  # C's friendship with D
    w = gc.what_if(two_camps, "2020-06-01", flip=[("C", "A"), ("C", "B"), ("C", "E")])
    # C now stands with D and E against A and B: two camps, nothing against them
    assert w.after.frustration.index == 0 and w.after.balance_ratio == 1.0
    moved = w.switches.set_index("actor")
    assert moved.loc["C", "change"] == "switched"
    frame = w.to_frame().set_index("actor")
    assert list(w.to_frame().columns) == list(ACTOR_COLUMNS)
    assert frame.loc["C", "bloc_before"] != frame.loc["C", "bloc_after"]
    assert frame.loc["C", "change"] == "switched" and frame.loc["A", "change"] == ""


def test_before_is_balance_on_the_day(default_graph):
    w = gc.what_if(default_graph, "2020-02-04", flip=[("Russia", "Turkey")])
    b = gc.balance(default_graph, "2020-02-04")
    assert w.before.census == b.census and w.before.frustration.index == b.frustration.index
    assert w.before.strained.equals(b.strained)
    assert w.at == "2020-02-04" and w.notes == b.notes


def test_idlib_russia_and_turkey_break_off(default_graph):
    """Balance theory on 4 February 2020: with Russia hostile to Turkey, Russia, Assad and Turkey
    form a balanced triangle (two allies and their common enemy); Russia's partnership with Turkey
    is no longer strained; Turkey's place in its bloc, contested while it was friendly with
    Russia, is firm; and the strain moves to Iran, friendly with both camps."""
    w = gc.what_if(default_graph, "2020-02-04", flip=[("RUS", "TUR")])
    tri = w.triangles.set_index(["a", "b", "c"])
    assert tri.loc[("RUS", "SYR_GOV", "TUR")].tolist() == ["unbalanced", "balanced"]
    assert tri.loc[("IRN", "RUS", "TUR")].tolist() == ["balanced", "unbalanced"]
    assert (w.before.census["unbalanced"], w.after.census["unbalanced"]) == (3, 2)
    assert (w.before.balance_ratio, w.after.balance_ratio) == (0.625, 0.75)
    assert (w.before.frustration.index, w.after.frustration.index) == (2.0, 1.0)
    assert w.before.frustration.placement["TUR"] == "contested"
    assert w.after.frustration.placement["TUR"] == "firm"
    pairs = set(zip(w.after.strained["source"], w.after.strained["target"], strict=True))
    assert ("RUS", "TUR") not in pairs and ("RUS", "SYR_GOV") not in pairs
    assert ("IRN", "TUR") in pairs and ("IRN", "RUS") in pairs
    # the camps themselves hold: nobody changes bloc
    assert w.switches.empty
    data = w.to_dict()
    assert data["placement_changes"] == [{"actor": "TUR", "name": "Turkey", "before": "contested",
                                          "after": "firm"}]
    relieved = {(s["source"], s["target"]) for s in data["strain_relieved"]}
    assert relieved == {("RUS", "SYR_GOV"), ("RUS", "TUR"), ("SYR_OPP", "TUR")}
    assert [(s["source"], s["target"]) for s in data["strain_new"]] == [("IRN", "RUS")]
    json.loads(w.to_json())


def test_outputs(default_graph):
    w = gc.what_if(default_graph, "2020-02-04", flip=[("RUS", "TUR")])
    text = w.to_text()
    assert "Flipped Russia – Turkey: + 1.24 → − 1.24." in text
    assert "Russia, Syrian government, Turkey" in text and "Turkey's placement: contested → firm." \
        in text
    assert "Russia – Turkey is no longer strained." in text
    assert w.summary()["measure"].tolist()[0] == "balance ratio"
    assert "WhatIf 2020-02-04" in repr(w)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({}, gc.ParameterError, "nothing to change"),
    ({"flip": [("IRN", "HTS")]}, gc.GraphlibConflictError, "no tie"),
    ({"remove": [("IRN", "HTS")]}, gc.GraphlibConflictError, "cannot remove"),
    ({"flip": [("RUS", "TUR")], "remove": [("Turkey", "Russia")]}, gc.GraphlibConflictError,
     "edited twice"),
    ({"flip": [("RUS", "Moscow")]}, gc.GraphlibConflictError, "same actor"),
    ({"flip": [("RUS", "TRK")]}, gc.ActorNotFound, "TRK"),
    ({"add": [("RUS", "IDLIB_IDP", -1)]}, gc.GraphlibConflictError, "does not count for balance"),
    ({"add": [("RUS", "HTS", 2)]}, gc.ParameterError, r"\+1 or -1"),
    ({"add": [("RUS", "HTS", -1, 0)]}, gc.ParameterError, "weight"),
    ({"add": [("RUS", "HTS")]}, gc.ParameterError, "takes"),
    ({"flip": ["RUS"]}, gc.ParameterError, "pairs of actors"),
])
def test_mistakes_are_named(default_graph, kwargs, error, match):
    with pytest.raises(error, match=match):
        gc.what_if(default_graph, "2020-02-04", **kwargs)


def test_non_strategic_actors_with_include_all(default_graph):
    w = gc.what_if(default_graph, "2020-02-04", add=[("RUS", "IDLIB_IDP", -1)],
                   include_types="all")
    assert w.after.census["total"] >= w.before.census["total"]
