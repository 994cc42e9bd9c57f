"""Centrality on the signed alignment graph: equal to networkx on small graphs, sampling, change."""

from __future__ import annotations

import importlib
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics.alignment import alignment_graph
from graphlib_conflict.analytics.centrality import DEFAULT_MEASURES, MEASURES, CentralityResult

centrality_module = importlib.import_module("graphlib_conflict.analytics.centrality")


def centrality(*args, **kwargs) -> pd.DataFrame:
    """The table of :func:`graphlib_conflict.centrality` (its result's ``to_frame()``)."""
    result = centrality_module.centrality(*args, **kwargs)
    assert isinstance(result, CentralityResult) and result.total == len(result.table)
    return result.to_frame()


def centrality_change(*args, **kwargs) -> pd.DataFrame:
    """The table of :func:`graphlib_conflict.centrality_change`, with ``attrs["by"]``."""
    result = centrality_module.centrality_change(*args, **kwargs)
    table = result.to_frame()
    table.attrs["by"] = result.by
    return table


def random_graph(seed: int, n: int = 14, m: int = 30) -> gc.ConflictGraph:
    """Durable alliances and hostilities among ``n`` actors, plus some isolated actors."""
    rng = np.random.default_rng(seed)
    ids = [f"A{i:02d}" for i in range(n)]
    pairs = set()
    while len(pairs) < m:
        a, b = sorted(rng.choice(n, 2, replace=False))
        pairs.add((int(a), int(b)))
    kinds = ["alliance", "cooperates", "supports", "opposes", "fights"]
    rows = [{"source": ids[a], "target": ids[b], "type": kinds[rng.integers(len(kinds))],
             "start": "2019-01-01", "weight": round(float(rng.uniform(0.2, 1.5)), 2)}
            for a, b in sorted(pairs)]
    actors = pd.DataFrame({"id": [*ids, "LONE1", "LONE2"], "name": [*ids, "Lone 1", "Lone 2"],
                           "type": "state"})
    return gc.ConflictGraph.from_frames(actors, pd.DataFrame(rows))


def positive_part(G: nx.Graph) -> nx.Graph:
    P = nx.Graph()
    P.add_nodes_from(G)
    P.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if d["sign"] > 0)
    return P


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_every_measure_equals_networkx(seed):
    graph = random_graph(seed)
    table = centrality(graph, at="2020-01-01", measures=MEASURES, isolates=False).set_index("actor")
    G = alignment_graph(graph, at="2020-01-01")
    P = positive_part(G)
    assert set(table.index) == set(G)
    expected = {
        "degree": dict(G.degree()),
        "signed_degree": {n: sum(d["sign"] for _, _, d in G.edges(n, data=True)) for n in G},
        "strength": dict(G.degree(weight="weight")),
        "signed_strength": dict(G.degree(weight="score")),
        "betweenness": nx.betweenness_centrality(G),
        "pagerank": nx.pagerank(P, weight="weight", tol=1e-13, max_iter=10_000),
        "eigenvector": nx.eigenvector_centrality(P, weight="weight", max_iter=10_000),
    }
    for measure, values in expected.items():
        ours = table[measure].reindex(list(values)).to_numpy(dtype="float64")
        theirs = np.array(list(values.values()), dtype="float64")
        np.testing.assert_allclose(ours, theirs, atol=1e-9, err_msg=measure)
    assert table.attrs["betweenness_sources"] is None


class FixedSample(random.Random):
    """A random source whose ``sample`` returns given items: networkx then samples what we did."""

    def __init__(self, items):
        super().__init__(0)
        self.items = list(items)

    def sample(self, population, k, **kwargs):
        assert len(self.items) == k
        return list(self.items)


@pytest.mark.parametrize("k", [3, 6])
def test_sampled_betweenness_equals_networkx_estimator(k):
    graph = random_graph(5, n=20, m=45)
    table = centrality(graph, at="2020-01-01", measures=["betweenness"], k=k, isolates=False)
    sample = table.attrs["betweenness_sample"]
    assert table.attrs["betweenness_sources"] == k and len(set(sample)) == k
    G = alignment_graph(graph, at="2020-01-01")
    expected = nx.betweenness_centrality(G, k=k, seed=FixedSample(sample))
    ours = table.set_index("actor")["betweenness"]
    np.testing.assert_allclose(ours.reindex(list(expected)).to_numpy(),
                               list(expected.values()), atol=1e-12)
    again = centrality(graph, at="2020-01-01", measures=["betweenness"], k=k, isolates=False)
    assert again.attrs["betweenness_sample"] == sample


def test_large_graph_samples_betweenness_by_budget(monkeypatch):
    module = importlib.import_module("graphlib_conflict.analytics.centrality")

    graph = random_graph(7, n=30, m=80)
    monkeypatch.setattr(module, "BETWEENNESS_BUDGET", 30 * 80 // 4)
    table = centrality(graph, at="2020-01-01", measures=["betweenness"], isolates=False)
    # k = max(100, budget // ties) >= n: exact after all on a graph this small
    assert table.attrs["betweenness_sources"] is None
    monkeypatch.setattr(module, "BETWEENNESS_BUDGET", 10)
    monkeypatch.setattr(module, "_MIN_SAMPLE", 5)
    table = centrality(graph, at="2020-01-01", measures=["betweenness"], isolates=False)
    assert table.attrs["betweenness_sources"] == 5


def test_default_dataset_values(default_graph):
    table = centrality(default_graph, at="2020-02-04").set_index("actor")
    assert list(table.columns[:2]) == ["name", "type"]
    assert list(table.columns[2:]) == list(DEFAULT_MEASURES)
    G = alignment_graph(default_graph, at="2020-02-04")
    # every tie of the Syrian government, by sign, straight from the alignment graph
    signs = [d["sign"] for _, _, d in G.edges("SYR_GOV", data=True)]
    assert table.loc["SYR_GOV", "degree"] == len(signs)
    assert table.loc["SYR_GOV", "signed_degree"] == sum(signs)
    # forces and officials roll up into their state: no tie of their own, every measure zero
    assert (table.loc[["SYR_MIL", "TUR_MIL", "CAVUSOGLU"], list(DEFAULT_MEASURES)] == 0).all().all()
    tied = table[table["degree"] > 0]
    assert tied["pagerank"].sum() == pytest.approx(1.0)
    assert set(tied.index) == set(G)
    assert len(table) == len(default_graph.actors)


def test_isolates_false_keeps_tied_actors_with_names(default_graph):
    table = centrality(default_graph, at="2020-02-04", isolates=False)
    assert set(table["actor"]) == set(alignment_graph(default_graph, at="2020-02-04"))
    assert table.set_index("actor").loc["TUR", "name"] == "Turkey"


def test_sorted_by_measures_in_order(default_graph):
    table = centrality(default_graph, at="2020-02-04", measures=["pagerank", "degree"])
    assert table["pagerank"].is_monotonic_decreasing


def test_change_matches_both_dates(default_graph):
    moves = centrality_change(default_graph, "2019-11-01", "2020-02-04").set_index("actor")
    before = centrality(default_graph, at="2019-11-01").set_index("actor")
    after = centrality(default_graph, at="2020-02-04").set_index("actor")
    for m in DEFAULT_MEASURES:
        np.testing.assert_allclose(moves[f"{m}_before"], before[m].reindex(moves.index))
        np.testing.assert_allclose(moves[f"{m}_after"], after[m].reindex(moves.index))
        np.testing.assert_allclose(moves[f"{m}_delta"],
                                   moves[f"{m}_after"] - moves[f"{m}_before"])
    # largest PageRank movers first
    assert moves["pagerank_delta"].abs().is_monotonic_decreasing
    # ranks among tied actors only; untied actors are not ranked
    tied_after = after[after["degree"] > 0]
    expected_rank = tied_after["pagerank"].rank(method="min", ascending=False).astype(int)
    assert moves.loc[tied_after.index, "rank_after"].tolist() == expected_rank.tolist()
    assert moves.loc["IDLIB_IDP", "rank_before"] is pd.NA  # no tie on 2019-11-01
    row = moves.loc["TUR"]
    assert row["rank_change"] == row["rank_before"] - row["rank_after"]
    assert moves.attrs["by"] == "pagerank"


def test_change_by_another_measure(default_graph):
    moves = centrality_change(default_graph, "2019-11-01", "2020-02-04",
                              measures=["degree", "betweenness"])
    assert moves.attrs["by"] == "degree"
    assert moves["degree_delta"].abs().is_monotonic_decreasing


def test_mistakes(default_graph):
    with pytest.raises(gc.ParameterError, match=r"unknown centrality measure.*closeness"):
        centrality(default_graph, measures=["closeness"])
    with pytest.raises(gc.ParameterError, match="by='strength' is not among"):
        centrality_change(default_graph, "2019-11-01", "2020-02-04", by="strength")
    with pytest.raises(gc.DateError, match="must be after"):
        centrality_change(default_graph, "2020-02-04", "2019-11-01")


def test_graph_without_ties(make_graph):
    graph = make_graph([("A", "member_of", "B", "2019-01-01..")])
    table = centrality(graph, at="2020-01-01", measures=MEASURES)
    assert len(table) == 2 and (table[list(MEASURES)] == 0).all().all()
