"""Timelines: every row equals the per-date analytics it replaces, on random hand-made graphs, on the
Idlib dataset and on the Correlates of War windows."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics import plots
from graphlib_conflict.analytics.signed import signed_edges
from graphlib_conflict.analytics.signed.frustration import (
    components,
    descend_sides,
    is_balanced,
    needs_heuristic,
    packing_bound,
)
from graphlib_conflict.analytics.signed.triangles import iter_triangles, triangle_list
from graphlib_conflict.analytics.timeline import BALANCE_TIMELINE_COLUMNS, _Sweep
from graphlib_conflict.dates import to_day

INTERACTIONS = ("meets", "agrees", "aids", "demands", "accuses", "threatens", "attacks", "clashes")
DURABLE = ("alliance", "supports", "cooperates", "opposes", "fights")


def _when(rng: np.random.Generator, first: int, last: int) -> str:
    """A date of day, month or year precision between two years."""
    year = int(rng.integers(first, last + 1))
    kind = rng.random()
    if kind < 0.15:
        return f"{year}"
    month = int(rng.integers(1, 13))
    if kind < 0.35:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{int(rng.integers(1, 29)):02d}"


def random_graph(seed: int, n_states: int = 9, n_relations: int = 160) -> gc.ConflictGraph:
    """States, forces that roll up to a state for a while, a coalition with dated memberships,
    a civilian population (not strategic), durable relations that start and end at every
    precision (some ongoing, some ending inside the timeline), and dated interactions."""
    rng = np.random.default_rng(seed)
    states = [f"S{i}" for i in range(n_states)]
    forces = ["F0", "F1", "F2"]
    actors = ([{"id": s, "name": f"State {s}", "type": "state"} for s in states]
              + [{"id": f, "name": f"Forces {f}", "type": "government_forces"} for f in forces]
              + [{"id": "BLOC", "name": "The Forum", "type": "coalition"},
                 {"id": "CIV", "name": "Civilians", "type": "civilian_population"}])
    everyone = states + forces + ["CIV"]
    rows = []
    for f in forces:  # roll-up that starts and stops inside the period: several segments
        parent = states[int(rng.integers(n_states))]
        rows.append({"source": f, "type": "part_of", "target": parent,
                     "start": _when(rng, 2010, 2013), "end": _when(rng, 2015, 2018)
                     if rng.random() < 0.7 else None})
    for s in rng.choice(states, 4, replace=False):
        rows.append({"source": str(s), "type": "member_of", "target": "BLOC",
                     "start": _when(rng, 2010, 2014), "end": _when(rng, 2015, 2019)
                     if rng.random() < 0.5 else None})
    for _ in range(n_relations):
        a, b = rng.choice(everyone, 2, replace=False)
        if rng.random() < 0.3:
            start = _when(rng, 2009, 2017)
            end = _when(rng, int(start[:4]) + 1, 2021) if rng.random() < 0.6 else None
            rows.append({"source": str(a), "type": str(rng.choice(DURABLE)), "target": str(b),
                         "start": start if rng.random() < 0.9 else None, "end": end,
                         "weight": float(rng.choice([0.5, 1.0, 1.5]))})
        else:
            rows.append({"source": str(a), "type": str(rng.choice(INTERACTIONS)), "target": str(b),
                         "date": _when(rng, 2010, 2020),
                         "weight": float(np.round(rng.uniform(0.2, 2.0), 2))})
    relations = pd.DataFrame(rows)
    return gc.ConflictGraph.from_frames(pd.DataFrame(actors), relations)


def assert_rows_equal_balance(graph, timeline, *, exact_limit=60, time_limit=1.0, **params):
    for row in timeline.to_frame().itertuples(index=False):
        day = row.date.strftime("%Y-%m-%d")
        b = gc.balance(graph, day, exact_limit=exact_limit, time_limit=time_limit, **params)
        census = b.census
        assert (row.triangles, row.balanced, row.unbalanced) == (
            census["total"], census["balanced"], census["unbalanced"]), day
        assert (math.isnan(row.balance_ratio) and math.isnan(b.balance_ratio)) \
            or row.balance_ratio == b.balance_ratio, day
        assert row.strained == len(b.strained), day
        kept = {k: v for k, v in params.items() if k != "include_types"}
        assert row.ties == len(signed_edges(graph, day, include_types=params.get("include_types"),
                                            **kept).u), day
        assert row.frustration_lower <= row.frustration, day
        if b.frustration.method == "exact":
            assert row.frustration_method == "exact", day
        if row.frustration_method == "exact" and b.frustration.optimal:
            assert row.frustration == b.frustration.index, day
            assert row.blocs == len(b.frustration.bloc_names), day
        else:
            assert row.frustration_lower <= b.frustration.index <= row.frustration or \
                b.frustration.lower_bound <= row.frustration, day


def assert_scores_equal_alignment(graph, timeline, **params):
    table = timeline.to_frame()
    for day, rows in table.groupby("date", sort=True):
        expected = gc.alignment(graph, day.strftime("%Y-%m-%d"), **params)
        expected = expected.sort_values(["source", "target"]).reset_index(drop=True)
        got = rows.sort_values(["source", "target"]).reset_index(drop=True)
        assert got["source"].tolist() == expected["source"].tolist(), day
        assert got["target"].tolist() == expected["target"].tolist(), day
        for column in ("score", "positive", "negative"):
            # bit for bit: the same rows summed in the same order
            np.testing.assert_array_equal(got[column].to_numpy(), expected[column].to_numpy())
        assert got["status"].tolist() == expected["status"].tolist(), day


# ------------------------------------------------------------------------------ equal per date
@pytest.mark.parametrize("seed", range(8))
def test_balance_timeline_equals_balance_on_random_graphs(seed):
    g = random_graph(seed)
    timeline = gc.balance_timeline(g, "2010-06", "2020-06", freq="quarter")
    assert list(timeline.to_frame().columns) == list(BALANCE_TIMELINE_COLUMNS)
    assert len(timeline.to_frame()) == 41
    assert_rows_equal_balance(g, timeline)


@pytest.mark.parametrize("seed", range(8))
def test_alignment_timeline_equals_alignment_on_random_graphs(seed):
    g = random_graph(seed)
    assert_scores_equal_alignment(g, gc.alignment_timeline(g, "2010-06", "2020-06",
                                                           freq="quarter"))


@pytest.mark.parametrize("params", [{"roll_up": False}, {"coalition_ties": False},
                                    {"half_life": 90, "lookback": 400, "threshold": 0.3}])
def test_parameters_reach_the_sweep(params):
    g = random_graph(11)
    assert_scores_equal_alignment(g, gc.alignment_timeline(g, "2011", "2020", freq="quarter",
                                                           **params), **params)
    assert_rows_equal_balance(g, gc.balance_timeline(g, "2011", "2020", freq="year", **params),
                              **params)


def test_every_type_counts_with_include_all():
    g = random_graph(3)
    t = gc.balance_timeline(g, "2012", "2019", freq="year", include_types="all")
    assert_rows_equal_balance(g, t, include_types="all")
    strategic = gc.balance_timeline(g, "2012", "2019", freq="year")
    assert (t.to_frame()["ties"] >= strategic.to_frame()["ties"]).all()


def test_idlib_month_by_month(default_graph):
    t = gc.balance_timeline(default_graph, "2011-01", "2020-02-29")
    frame = t.to_frame()
    assert frame["date"].iloc[-1] == pd.Timestamp("2020-02-29") and len(frame) == 111
    assert (frame["frustration_method"] == "exact").all()
    assert_rows_equal_balance(default_graph, t)
    last = frame.iloc[-1]
    assert (last["triangles"], last["unbalanced"], last["frustration"], last["strained"]) == \
        (8, 3, 2.0, 5)
    assert any("Displaced civilians of Idlib" in note for note in t.notes)


def test_idlib_alignment_month_by_month(default_graph):
    t = gc.alignment_timeline(default_graph, "2015", "2020-02-29", freq="month")
    assert_scores_equal_alignment(default_graph, t)


def test_durable_relation_ending_between_two_dates(make_graph):
    g = make_graph([("A", "alliance", "B", "2019-01-01..2019-03-15"),
                    ("B", "fights", "C", "2019-02-10..2019-02-20"),
                    ("A", "attacks", "C", "2019-02-15")])
    t = gc.alignment_timeline(g, "2019-01", "2019-05", pairs=[("A", "B"), ("B", "C")])
    wide = t.pivot("score")
    assert wide[("A", "B")].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]
    # the fight ends between two dates of the grid: never counted on one
    assert wide[("B", "C")].tolist() == [0.0] * 6
    assert t.pivot("status")[("A", "B")].tolist() == ["ally"] * 3 + ["neutral"] * 3
    assert_scores_equal_alignment(g, gc.alignment_timeline(g, "2019-01-01", "2019-05-31",
                                                           freq="week"))


# ------------------------------------------------------------------------------ Correlates of War
def cow_windows(shared_data) -> pd.DataFrame:
    path = shared_data / "cow_signed" / "signnet_cowList_edges.csv"
    return pd.read_csv(path)


def cow_graph(edges: pd.DataFrame, *, span: str) -> gc.ConflictGraph:
    """Each window's ties as alliances (+) and wars (-): active in the window's last year only
    (``span="last"``: on 1 January of that year the graph is exactly the window), or over the
    window's four years (``span="all"``: overlapping windows add up)."""
    first = 1900 + edges["window"].str[:2].astype(int)
    last = 1900 + edges["window"].str[3:].astype(int)
    start = (last if span == "last" else first).astype(str)
    relations = pd.DataFrame({
        "source": edges["from"], "target": edges["to"],
        "type": np.where(edges["sign"] > 0, "alliance", "fights"),
        "start": start, "end": last.astype(str)})
    ids = sorted(set(edges["from"]) | set(edges["to"]))
    actors = pd.DataFrame({"id": ids, "name": ids, "type": "state"})
    return gc.ConflictGraph.from_frames(actors, relations)


def test_correlates_of_war_census_window_by_window(shared_data):
    edges = cow_windows(shared_data)
    g = cow_graph(edges, span="last")
    timeline = gc.balance_timeline(g, "1949", "1999-01-01", freq="year")
    t = timeline.to_frame()
    assert len(t) == 51
    for row, (window, sub) in zip(t.itertuples(index=False), edges.groupby("window"),
                                  strict=True):
        H = nx.Graph()
        H.add_edges_from((a, b, {"sign": int(s)}) for a, b, s in zip(sub["from"], sub["to"],
                                                                    sub["sign"], strict=True))
        census = gc.triangle_census(H)
        assert (row.ties, row.triangles, row.balanced, row.unbalanced) == (
            H.number_of_edges(), census["total"], census["balanced"], census["unbalanced"]), window
        # the timeline's bounds hold the index
        assert row.frustration_lower <= row.frustration
    assert_rows_equal_balance(g, timeline, time_limit=0.05)


def test_correlates_of_war_exact_frustration(shared_data):
    edges = cow_windows(shared_data)
    g = cow_graph(edges[edges["window"].isin(["46-49", "47-50"])], span="last")
    t = gc.balance_timeline(g, "1949", "1950-01-01", freq="year", exact_limit=200, time_limit=30)
    assert (t.to_frame()["frustration_method"] == "exact").all()
    for row, window in zip(t.to_frame().itertuples(index=False), ("46-49", "47-50"), strict=True):
        sub = edges[edges["window"] == window]
        H = nx.Graph()
        H.add_edges_from((a, b, {"sign": int(s)}) for a, b, s in zip(sub["from"], sub["to"],
                                                                    sub["sign"], strict=True))
        assert row.frustration == gc.frustration(H, exact_limit=200, time_limit=30).index


def test_correlates_of_war_overlapping_windows(shared_data):
    g = cow_graph(cow_windows(shared_data), span="all")
    t = gc.balance_timeline(g, "1950-07-01", "1998-07-01", freq="year")
    assert_rows_equal_balance(g, t, time_limit=0.05)
    assert (t.to_frame()["triangles"] > 0).all()


# ------------------------------------------------------------------------------ bounded frustration
def test_bounded_frustration_holds_the_exact_index():
    rng = np.random.default_rng(5)
    G = nx.gnm_random_graph(28, 110, seed=5)
    for u, v in G.edges:
        G[u][v]["sign"] = int(rng.choice([1, -1], p=[0.6, 0.4]))
    e = signed_edges(G)
    exact = gc.frustration(G, exact_limit=200, time_limit=60)
    assert exact.method == "exact" and exact.index > 0
    tri = triangle_list(e)
    unbalanced = (e.sign[tri] < 0).sum(axis=1) % 2 == 1
    assert needs_heuristic(e, 10, unbalanced, tri) and needs_heuristic(e, 10)
    assert not needs_heuristic(e, 28)
    sides = descend_sides(e, np.zeros(e.n, np.int8))
    upper = int(((sides[e.u] == sides[e.v]) != (e.sign > 0)).sum())
    lower = packing_bound(tri[unbalanced], e.m)
    assert lower <= exact.index <= upper
    # warm start from the optimal split: descent keeps it
    best = np.array([exact.blocs[node] % 2 for node in e.nodes.tolist()], np.int8)
    warm = descend_sides(e, (1 - 2 * best).astype(np.int8))
    assert int(((warm[e.u] == warm[e.v]) != (e.sign > 0)).sum()) == exact.index


def test_triangle_list_equals_iter_triangles():
    G = nx.gnm_random_graph(200, 2500, seed=3)
    nx.set_edge_attributes(G, 1, "sign")
    e = signed_edges(G)
    chunks = np.concatenate(list(iter_triangles(e)))
    np.testing.assert_array_equal(triangle_list(e), chunks)
    assert len(chunks) == sum(nx.triangles(G).values()) // 3


def test_balance_and_components_helpers():
    assert is_balanced(4, np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([1, -1, 1]))
    assert not is_balanced(3, np.array([0, 1, 0]), np.array([1, 2, 2]), np.array([-1, -1, -1]))
    count, label = components(5, np.array([0, 3]), np.array([1, 4]))
    assert count == 3 and label[0] == label[1] and label[3] == label[4] != label[2]


def test_classification_shortcut_agrees_with_classify():
    from graphlib_conflict.analytics.alignment import AlignmentParams, classify
    from graphlib_conflict.analytics.timeline import _Scores

    rng = np.random.default_rng(0)
    positive = np.concatenate([rng.exponential(0.5, 4000), [0.1, 0.4, 0.45, 0.0]])
    negative = np.concatenate([rng.exponential(0.5, 4000), [0.0, 0.4, 0.4, 0.1]])
    for p in (AlignmentParams(), AlignmentParams(threshold=0.5, strong=0.2, mixed_ratio=0.8)):
        sweep = _Sweep.__new__(_Sweep)
        sweep.params = p
        pairs = np.arange(len(positive))
        _, tied = sweep.statuses(_Scores(0, positive, negative, pairs, pairs + 1))
        assert (tied == (classify(positive, negative, p) != "neutral")).all()


# ------------------------------------------------------------------------------ the results
def test_alignment_timeline_long_and_wide(default_graph):
    t = gc.alignment_timeline(default_graph, "2019-11", "2020-02-04",
                              pairs=[("Turkey", "Russia"), ("the regime", "Ankara")])
    frame = t.to_frame()
    assert list(frame.columns) == ["date", "source", "target", "score", "positive", "negative",
                                   "status"]
    assert t.pairs == (("RUS", "TUR"), ("SYR_GOV", "TUR"))
    assert len(frame) == 10
    wide = t.pivot()
    assert wide.shape == (5, 2) and wide.index.name == "date"
    table = gc.alignment(default_graph, "2020-02-04").set_index(["source", "target"])
    assert wide.loc["2020-02-04", ("RUS", "TUR")] == table.loc[("RUS", "TUR"), "score"]
    assert t.pivot("status").iloc[-1].tolist() == ["mixed", "adversary"]
    with pytest.raises(gc.ParameterError, match="values must be one of"):
        t.pivot("relations")


def test_pairs_on_dates_where_nothing_counts(make_graph):
    # the grid starts before the first interaction: on those dates no pair has a score at all
    g = make_graph([("A", "attacks", "B", "2020-03-05"), ("A", "agrees", "C", "2020-04-06")])
    t = gc.alignment_timeline(g, "2019-12", "2020-05-01", pairs=[("A", "B"), ("C", "A")])
    wide = t.pivot("status")
    assert wide.loc["2019-12-01"].tolist() == ["neutral", "neutral"]
    for day in ("2019-12-01", "2020-03-01", "2020-04-01", "2020-05-01"):
        table = gc.alignment(g, day).set_index(["source", "target"])["score"]
        for pair in (("A", "B"), ("A", "C")):
            assert t.pivot().loc[day, pair] == pytest.approx(float(table.get(pair, 0.0)), abs=1e-12)


def test_alignment_timeline_of_every_pair(default_graph):
    t = gc.alignment_timeline(default_graph, "2020-01", "2020-02-04")
    wide = t.pivot()
    assert wide.shape[0] == 3 and ("RUS", "TUR") in wide.columns
    assert "Alignment timeline 2020-01-01 – 2020-02-04" in t.to_text()


def test_pairs_are_checked(default_graph):
    with pytest.raises(gc.ActorNotFound, match="TRK"):
        gc.alignment_timeline(default_graph, pairs=[("TRK", "RUS")])
    with pytest.raises(gc.GraphlibConflictError, match="the same actor"):
        gc.alignment_timeline(default_graph, pairs=[("Turkey", "Ankara")])


def test_grid_and_arguments(default_graph):
    t = gc.balance_timeline(default_graph, "2019", "2020-02-04", freq="QS")
    assert [d.strftime("%Y-%m-%d") for d in t.to_frame()["date"]] == [
        "2019-01-01", "2019-04-01", "2019-07-01", "2019-10-01", "2020-01-01", "2020-02-04"]
    assert t.freq == "QS" and t.start == "2019-01-01" and t.end == "2020-02-04"
    with pytest.raises(gc.ParameterError, match="unknown frequency"):
        gc.balance_timeline(default_graph, freq="fortnight")
    with pytest.raises(gc.DateError):
        gc.balance_timeline(default_graph, "2020", "2019")
    with pytest.raises(gc.ParameterError, match="time_limit"):
        gc.balance_timeline(default_graph, time_limit=0)
    with pytest.raises(gc.ParameterError, match="halflife"):
        gc.balance_timeline(default_graph, halflife=3)


def test_past_the_data_is_noted(default_graph):
    t = gc.balance_timeline(default_graph, "2020-01", "2021-01", freq="quarter")
    assert any("after the last recorded date" in note for note in t.notes)
    frame = t.to_frame()
    # after the data only durable alignments hold
    assert frame["ties"].iloc[-1] <= frame["ties"].iloc[0]


def test_documents(default_graph):
    t = gc.balance_timeline(default_graph, "2019-11", "2020-02-04")
    text = t.to_text()
    assert "5 dates from 2019-11-01 to 2020-02-04, every month." in text
    assert "Frustration index exact on every date." in text
    html = t.to_html()
    assert "<svg" in html and "balance ratio over time" in html
    data = t.to_dict()
    assert data["rows"][-1]["date"] == "2020-02-04" and data["rows"][-1]["strained"] == 5
    md = gc.alignment_timeline(default_graph, "2020-01", "2020-02-04",
                               pairs=[("RUS", "TUR")]).to_markdown()
    assert "(1) Russia – Turkey" in md


# ------------------------------------------------------------------------------ plots on top
def test_plots_read_the_timelines(default_graph, monkeypatch):
    calls = []
    original = plots.balance_over

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(plots, "balance_over", spy)
    fig = plots.plot_balance_timeline(default_graph, "2019-10-01", "2020-02-29", freq="MS",
                                      include_types=None)
    assert len(calls) == 1
    expected = gc.balance_timeline(default_graph, "2019-10-01", "2020-02-29", freq="MS")
    np.testing.assert_allclose(fig.axes[0].get_lines()[0].get_ydata(),
                               expected.to_frame()["balance_ratio"].to_numpy())


def test_day_argument_types(default_graph):
    # a Day and a date string mean the same day
    a = gc.balance_timeline(default_graph, to_day("2019-10-30"), to_day("2020-02-03"),
                            freq="month")
    b = gc.balance_timeline(default_graph, "2019-10-30", "2020-02-03", freq="month")
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
