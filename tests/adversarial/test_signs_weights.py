"""Signs and weights written as words, booleans, NaN or infinity; intervals that contradict.

A relation's sign comes from its type; its weight is a finite number >= 0 (empty: the type's
default). Everything else is refused naming the record and field, through every entrance. Opposite
signs over the same days for one pair are allowed (a double game): warned about, and reported by
the analytics as ``mixed``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import graphlib_conflict as gc

ACTORS = pd.DataFrame({"id": ["A", "B", "C"], "name": ["A", "B", "C"], "type": "state"})


def meets(**fields) -> pd.DataFrame:
    return pd.DataFrame([{"source": "A", "target": "B", "type": "meets", "date": "2020", **fields}],
                        dtype=object)


def error_of(call) -> gc.Problem:
    with pytest.raises(gc.DatasetError) as caught:
        call()
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize("weight", ["+", "-", "ally", True, False, "NaN", "nan", "inf", "-inf",
                                    float("inf"), -float("inf"), "1e400", -1, -0.5, "1,5", "high",
                                    "0x10", "1_000", "½", [1], {"w": 1}])
def test_a_weight_that_is_not_a_finite_number_is_refused(weight):
    problem = error_of(lambda: gc.ConflictGraph.from_frames(ACTORS, meets(weight=weight)))
    assert (problem.record, problem.field) == ("relations[0]", "weight")
    assert "weight" in problem.message


@pytest.mark.parametrize(("weight", "kept"), [(None, 0.3), ("", 0.3), (float("nan"), 0.3), (0, 0.0),
                                              ("0.5", 0.5), (np.float32(0.25), 0.25), (7, 7.0),
                                              ("1e3", 1000.0)])
def test_a_weight_that_is_a_number_or_missing_is_kept(weight, kept):
    graph = gc.ConflictGraph.from_frames(ACTORS, meets(weight=weight))
    assert graph.relations["weight"].tolist() == [kept]  # missing: `meets`'s default 0.3


@pytest.mark.parametrize("confidence", ["+", "ally", True, float("inf"), 1.5, -0.1, "90%", "very"])
def test_a_confidence_outside_words_and_0_to_1_is_refused(confidence):
    problem = error_of(lambda: gc.ConflictGraph.from_frames(ACTORS, meets(confidence=confidence)))
    assert problem.field == "confidence"


@pytest.mark.parametrize("sign", ["ally", True, False, float("nan"), float("inf"), 2, 0.5, "positive",
                                  "\u22121", None, ""])
def test_a_declared_type_with_an_unreadable_sign_is_refused_once(sign):
    """One problem, on the declaration: its relations are not reported again as of an unknown type."""
    declared = [{"id": "besieges", "category": "interaction", "sign": sign, "directed": True}]
    relations = meets(type="besieges")
    problem = error_of(lambda: gc.ConflictGraph.from_frames(ACTORS, relations, relation_types=declared))
    assert (problem.record, problem.field) == ("relation_types[0] (id 'besieges')", "sign")


@pytest.mark.parametrize(("sign", "kept"), [("+", 1), ("+1", 1), (1, 1), ("-", -1), (-1, -1), ("-1", -1)])
def test_a_declared_sign_in_a_plain_form_is_read(sign, kept):
    declared = [{"id": "besieges", "category": "interaction", "sign": sign, "directed": True}]
    graph = gc.ConflictGraph.from_frames(ACTORS, meets(type="besieges"), relation_types=declared)
    assert graph.relations["sign"].tolist() == [kept]


@pytest.mark.parametrize("weight", [True, float("nan"), float("inf"), "inf", -1, "x"])
def test_a_declared_default_weight_that_is_no_finite_number_is_refused(weight):
    declared = [{"id": "besieges", "category": "interaction", "sign": -1, "directed": True,
                 "default_weight": weight}]
    problem = error_of(lambda: gc.ConflictGraph.from_frames(ACTORS, meets(type="besieges"),
                                                            relation_types=declared))
    assert problem.field == "default_weight"


@pytest.mark.parametrize(("column", "value"), [("sign", "-1"), ("sign", "-"), ("sign", "ally"),
                                               ("directed", True), ("category", "alignment")])
def test_a_sign_written_on_a_relation_is_not_silently_dropped(column, value):
    """The type decides; a table that brings its own sign, category or directed that disagrees
    gets a warning saying the value is not used."""
    graph = gc.ConflictGraph.from_frames(ACTORS, meets(**{column: value}))
    (warning,) = [w for w in graph.warnings if w.field == column]
    assert f"{column} {value!r} is not used" in warning.message and "'meets'" in warning.message


def test_a_sign_that_agrees_with_the_type_is_quiet():
    graph = gc.ConflictGraph.from_frames(ACTORS, meets(sign=1, directed=False, category="interaction"))
    assert graph.warnings == []


@pytest.mark.parametrize(("text", "field", "line"), [
    ("weight: .inf", "weight", 6), ("weight: .nan", "weight", 6), ("weight: -1", "weight", 6),
    ("weight: ally", "weight", 6), ("weight: true", "weight", 6), ("confidence: ON", "confidence", 6),
    ("sign: '-1'", "sign", 6),
])
def test_yaml_spellings_are_refused_with_their_line(tmp_path, text, field, line):
    path = tmp_path / "w.yaml"
    path.write_text("dataset: {id: w}\nactors:\n  - {id: A, name: A, type: state}\n"
                    "  - {id: B, name: B, type: state}\nrelations:\n"
                    f"  - {{source: A, target: B, type: meets, date: '2020', {text}}}\n", encoding="utf-8")
    report = gc.validate(path)
    (error,) = report.errors
    assert (error.line, error.field) == (line, field)


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_that_are_no_json_are_refused(tmp_path, text):
    path = tmp_path / "w.json"
    path.write_text('{"dataset": {"id": "w"}, "actors": [{"id": "A", "name": "A", "type": "state"}, '
                    '{"id": "B", "name": "B", "type": "state"}], "relations": [{"source": "A", '
                    f'"target": "B", "type": "meets", "date": "2020", "weight": {text}}}]}}',
                    encoding="utf-8")
    report = gc.validate(path)
    (error,) = report.errors
    assert error.field == "weight"


@pytest.mark.parametrize("weight", ["inf", "NaN", "-1", "ally", "+", "1,5"])
def test_csv_weights_are_refused_with_their_line(tmp_path, weight):
    (tmp_path / "actors.csv").write_text("id,name,type\nA,A,state\nB,B,state\n", encoding="utf-8")
    (tmp_path / "relations.csv").write_text(
        f'source,target,type,date,weight\nA,B,meets,2020,0.5\nA,B,meets,2021,"{weight}"\n', encoding="utf-8")
    report = gc.validate(tmp_path)
    (error,) = report.errors
    assert (error.line, error.field) == (3, "weight")


def double_game() -> gc.ConflictGraph:
    relations = pd.DataFrame([
        {"source": "A", "target": "B", "type": "alliance", "start": "2020-01", "end": "2020-12"},
        {"source": "A", "target": "B", "type": "fights", "start": "2020-06"},
        {"source": "A", "target": "C", "type": "alliance", "start": "2020-01"},
    ])
    return gc.ConflictGraph.from_frames(ACTORS, relations)


def test_opposite_signs_over_the_same_days_are_allowed_and_warned():
    graph = double_game()
    (warning,) = graph.warnings
    assert "`alliance`" in warning.message and "`fights`" in warning.message
    assert "over the same days" in warning.message


def test_the_analytics_report_a_double_game_as_mixed():
    graph = double_game()
    table = gc.alignment(graph, "2020-07").set_index(["source", "target"])
    assert table.loc[("A", "B"), "status"] == "mixed"
    assert table.loc[("A", "C"), "status"] == "ally"
    assert gc.alignment(graph, "2020-03").set_index(["source", "target"]).loc[("A", "B"), "status"] == "ally"
    assert "mixed" in {period["status"] for period in gc.pair_history(graph, "A", "B").to_dict()["periods"]}


def test_parallel_relations_keep_their_own_weights_and_signs():
    graph = double_game()
    pair = graph.relations[(graph.relations["source"] == "A") & (graph.relations["target"] == "B")]
    assert sorted(pair["sign"].tolist()) == [-1, 1]
    assert all(math.isfinite(w) for w in pair["weight"])
