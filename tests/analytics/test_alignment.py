"""Alignment scores and statuses, checked by hand and against a plain-Python recomputation."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics.alignment import AlignmentParams, classify


def pair(table, a, b):
    a, b = sorted((a, b))
    row = table[(table["source"] == a) & (table["target"] == b)]
    assert len(row) == 1, f"no single row for {a}-{b}"
    return row.iloc[0]


def test_durable_and_decayed_interactions(make_graph):
    g = make_graph([
        ("A", "cooperates", "B", "2019-01-01.."),
        ("A", "attacks", "B", "2020-01-02"),      # 30 days before: counts half
        ("A", "attacks", "B", "2019-01-01"),      # beyond the 180-day look-back
        ("A", "attacks", "B", "2020-03-01"),      # after the date: not yet
    ])
    row = pair(gc.alignment(g, at="2020-02-01"), "A", "B")
    assert row["positive"] == pytest.approx(0.5)
    assert row["negative"] == pytest.approx(0.5)
    assert row["score"] == pytest.approx(0.0)
    assert row["durable"] == pytest.approx(0.5)
    assert row["recent"] == pytest.approx(-0.5)
    assert row["relations"] == 2
    assert row["status"] == "mixed"


def test_partial_dated_interaction_ages_from_its_last_day(make_graph):
    g = make_graph([("A", "attacks", "B", "2020-01")])
    assert pair(gc.alignment(g, at="2020-01-15"), "A", "B")["score"] == pytest.approx(-1.0)
    assert pair(gc.alignment(g, at="2020-03-01"), "A", "B")["score"] == pytest.approx(-0.5)


@pytest.mark.parametrize(("positive", "negative", "status"), [
    (1.5, 1.0, "mixed"), (1.0, 0.0, "ally"), (0.0, 0.8, "adversary"), (0.05, 0.0, "neutral"),
    (3.0, 0.5, "ally"),       # a weak negative part next to a strong positive one is not mixed
    (0.3, 0.3, "neutral"),    # both parts too weak to be mixed, and they cancel
    (0.4, 0.4, "mixed"),
])
def test_classify(positive, negative, status):
    import numpy as np

    assert classify(np.array([positive]), np.array([negative]), AlignmentParams())[0] == status


def test_roll_up_counts_forces_and_people_for_their_state(make_graph):
    actors = [{"id": "SYR", "name": "Syria", "type": "state"},
              {"id": "TUR", "name": "Turkey", "type": "state"},
              {"id": "SYR_MIL", "name": "Syrian forces", "type": "government_forces"},
              {"id": "TUR_MIL", "name": "Turkish forces", "type": "government_forces"},
              {"id": "MIN", "name": "A minister", "type": "person"}]
    g = make_graph([("SYR_MIL", "part_of", "SYR", ".."), ("TUR_MIL", "part_of", "TUR", ".."),
                    ("MIN", "represents", "TUR", "2015.."),
                    ("SYR_MIL", "attacks", "TUR_MIL", "2020-02-03"),
                    ("MIN", "threatens", "SYR", "2020-02-04")], actors=actors)
    rolled = gc.alignment(g, at="2020-02-04")
    assert rolled[["source", "target"]].values.tolist() == [["SYR", "TUR"]]
    assert pair(rolled, "SYR", "TUR")["negative"] == pytest.approx(1.0 * 0.5 ** (1 / 30) + 0.6)
    flat = gc.alignment(g, at="2020-02-04", roll_up=False)
    assert {tuple(x) for x in flat[["source", "target"]].values} == {("SYR_MIL", "TUR_MIL"), ("MIN", "SYR")}
    assert gc.actor_parents(g, at="2014-01-01")["MIN"] == "MIN"  # not yet a minister


def test_coalition_ties_count_unless_switched_off(make_graph):
    actors = [{"id": i, "name": i, "type": "state"} for i in ("A", "B")]
    actors.append({"id": "F", "name": "Forum", "type": "coalition"})
    g = make_graph([("A", "member_of", "F", "2017.."), ("B", "member_of", "F", "2018..")], actors=actors)
    assert pair(gc.alignment(g, at="2019-01-01"), "A", "B")["status"] == "ally"
    assert gc.alignment(g, at="2019-01-01", coalition_ties=False).empty
    assert gc.alignment(g.with_coalition_ties(False), at="2019-01-01").empty


def test_alignment_on_a_slice_defaults_to_its_end(default_graph):
    sliced = default_graph.between("2019-01-01", "2020-02-04")
    table = gc.alignment(sliced)
    assert table.attrs["at"] == "2020-02-04"
    assert pair(table, "RUS", "TUR")["status"] == "mixed"


def test_default_dataset_founding_case(default_graph):
    before = gc.alignment(default_graph, at="2019-11-01")
    after = gc.alignment(default_graph, at="2020-02-04")
    assert pair(before, "RUS", "TUR")["status"] == "ally"
    assert pair(after, "RUS", "TUR")["status"] == "mixed"
    assert pair(after, "RUS", "SYR_GOV")["status"] == "ally"
    assert pair(before, "SYR_GOV", "TUR")["status"] == "adversary"
    assert pair(after, "SYR_GOV", "TUR")["score"] < 3 * pair(before, "SYR_GOV", "TUR")["score"]
    G = gc.alignment_graph(default_graph, at="2020-02-04")
    signs = [G["RUS"]["TUR"]["sign"], G["RUS"]["SYR_GOV"]["sign"], G["SYR_GOV"]["TUR"]["sign"]]
    assert sorted(signs) == [-1, 1, 1]  # one negative tie: an unbalanced triangle
    assert G.nodes["TUR"]["name"] == "Turkey"


def test_alignment_graph_neutral_edges(make_graph):
    g = make_graph([("A", "meets", "B", "2020-01-01"), ("A", "fights", "C", "2019..")])
    table = gc.alignment(g, at="2020-06-01")  # the meeting has decayed to almost nothing
    assert pair(table, "A", "B")["status"] == "neutral"
    assert list(gc.alignment_graph(table).edges) == [("A", "C")]
    assert gc.alignment_graph(table, include_neutral=True).number_of_edges() == 2


def test_bad_parameters_and_dates(default_graph):
    with pytest.raises(gc.ParameterError, match="half_life must be > 0"):
        gc.alignment(default_graph, at="2020-02-04", half_life=0)
    with pytest.raises(gc.ParameterError, match="unknown alignment parameter 'halflife' — did you "
                                                "mean 'half_life'"):
        gc.alignment(default_graph, halflife=60)
    with pytest.raises(gc.DateError, match="cannot read date 'Feb 2020'"):
        gc.alignment(default_graph, at="Feb 2020")


def test_a_period_means_its_last_day_and_any_day_works(default_graph):
    month = gc.alignment(default_graph, at="2020-02")
    assert month.attrs["at"] == "2020-02-29"
    pd.testing.assert_frame_equal(month, gc.alignment(default_graph, at="2020-02-29"))
    assert gc.alignment(default_graph, "2020").attrs["at"] == "2020-12-31"
    # long after the data, the durable alignments with no end still hold
    later = gc.alignment(default_graph, "2026-12-01").set_index(["source", "target"])
    assert later.loc[("RUS", "SYR_GOV"), "status"] == "ally"
    assert later["recent"].abs().max() == 0


def _plain_python_alignment(relations, parents, day, p):
    """The definition, one relation at a time: the independent oracle."""
    scores: dict[tuple[str, str], list[float]] = {}
    for r in relations.itertuples():
        if r.category not in ("alignment", "interaction"):
            continue
        first = None if pd.isna(r.valid_from) else r.valid_from.date()
        last = None if pd.isna(r.valid_to) else r.valid_to.date()
        if first is not None and first > day:
            continue
        if r.category == "alignment":
            if last is not None and last < day:
                continue
            value = r.sign * r.weight
        else:
            age = max((day - last).days, 0)
            if (day - last).days > p.lookback:
                continue
            value = r.sign * r.weight * 0.5 ** (age / p.half_life)
        a, b = parents.get(r.source, r.source), parents.get(r.target, r.target)
        if a == b:
            continue
        key = tuple(sorted((a, b)))
        parts = scores.setdefault(key, [0.0, 0.0])
        parts[0 if value > 0 else 1] += abs(value)
    return scores


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_alignment_matches_the_definition(make_graph, seed):
    rng = random.Random(seed)
    actors = [f"X{i}" for i in range(8)]
    kinds = ["cooperates", "opposes", "supports", "fights", "alliance", "meets", "attacks", "aids",
             "demands", "part_of"]
    rows = []
    for _ in range(60):
        s, t = rng.sample(actors, 2)
        kind = rng.choice(kinds)
        start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(500))
        if kind in ("meets", "attacks", "aids", "demands"):
            when = start.isoformat()[: rng.choice([7, 10])]
        else:
            end = start + dt.timedelta(days=rng.randrange(400))
            when = f"{start.isoformat()}..{end.isoformat() if rng.random() < 0.7 else ''}"
        rows.append((s, kind, t, when))
    g = make_graph(rows)
    day = dt.date(2020, 3, 1)
    params = AlignmentParams()
    table = gc.alignment(g, at=day)
    parents = gc.actor_parents(g, at=day).to_dict()
    expected = _plain_python_alignment(g.relations, parents, day, params)
    got = {(r.source, r.target): (r.positive, r.negative) for r in table.itertuples()}
    assert set(got) == set(expected)
    for key, (pos, neg) in expected.items():
        assert got[key][0] == pytest.approx(pos) and got[key][1] == pytest.approx(neg), key
