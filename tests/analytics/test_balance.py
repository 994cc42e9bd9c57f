"""Structural balance: triangles, census, strained ties, frustration index, weak-balance blocs.

Values are checked against hand computations, brute force over every partition, plain networkx or
itertools counts, and a published network (Read's Gahuku-Gama tribes).
"""

from __future__ import annotations

import html
import itertools
import json
import math
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphlib_conflict as gc
from graphlib_conflict.analytics.alignment import alignment, alignment_graph
from graphlib_conflict.analytics.balance import (
    CENSUS_KEYS,
    STRAINED_COLUMNS,
    TRIANGLE_COLUMNS,
    balance,
    frustration,
    triangle_census,
    triangles,
    weak_balance_blocs,
)

# --------------------------------------------------------------------------------------- helpers


def signed(ties: list[tuple], nodes: list | None = None) -> nx.Graph:
    """A signed graph from ``(a, b, sign)`` or ``(a, b, sign, weight)`` tuples."""
    G = nx.Graph()
    G.add_nodes_from(nodes or [])
    for a, b, s, *w in ties:
        G.add_edge(a, b, sign=s, weight=w[0] if w else 1.0)
    return G


def naive_census(G: nx.Graph) -> dict[str, int]:
    """Triangles by number of negative ties, by looking at every triple of nodes."""
    counts = Counter()
    for a, b, c in itertools.combinations(G.nodes, 3):
        if G.has_edge(a, b) and G.has_edge(b, c) and G.has_edge(a, c):
            negatives = sum(G[x][y]["sign"] < 0 for x, y in ((a, b), (b, c), (a, c)))
            counts[("+++", "++-", "+--", "---")[negatives]] += 1
    return {key: counts[key] for key in ("+++", "++-", "+--", "---")}


def brute_force_frustration(G: nx.Graph, weighted: bool = False) -> float:
    """Least cost of violated ties over all 2^(n-1) two-bloc partitions (numpy, n <= 14)."""
    nodes = list(G.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    u = np.array([index[a] for a, b in G.edges])
    v = np.array([index[b] for a, b in G.edges])
    sign = np.array([G[a][b]["sign"] for a, b in G.edges])
    cost = np.array([G[a][b]["weight"] if weighted else 1.0 for a, b in G.edges])
    if len(u) == 0:
        return 0.0
    codes = np.arange(2 ** (len(nodes) - 1))
    sides = (codes[:, None] >> np.arange(len(nodes))[None, :]) & 1
    violated = (sides[:, u] == sides[:, v]) != (sign > 0)
    return float((violated * cost).sum(axis=1).min())


def violated_by(result, G: nx.Graph) -> int:
    """Ties of G that the result's blocs violate, counted independently of the result."""
    return sum((result.blocs[a] == result.blocs[b]) != (d["sign"] > 0)
               for a, b, d in G.edges(data=True))


def random_signed(rng: np.random.Generator, n: int, p: float) -> nx.Graph:
    G = nx.gnp_random_graph(n, p, seed=int(rng.integers(2**31)))
    for a, b in G.edges:
        G[a][b]["sign"] = int(rng.choice([-1, 1]))
        G[a][b]["weight"] = float(rng.integers(1, 6))
    return G


def pairs(text: str) -> list[tuple[str, str]]:
    return [tuple(pair.split("-")) for pair in text.split()]


# Read (1954), "Cultures of the Central Highlands, New Guinea", Southwestern Journal of
# Anthropology 10:1-43: alliances (rova, +) and enmities (hina, -) among the 16 Gahuku-Gama
# sub-tribes, as coded in UCINET's gama.dat (Hage & Harary 1983, pp. 56-60). Transcribed from the
# GAMAPOS/GAMANEG matrices (two independent copies agree: CompNet/SignedCentrality and
# DataLab12/graphC). 29 positive and 29 negative ties. Frustration index 7 (Aref & Wilson 2018,
# "Measuring partial balance in signed networks", J. Complex Networks 6(4); also Doreian & Mrvar
# 1996, "A partitioning approach to structural balance", Social Networks 18); three clusters under
# (weak) balance with two positive ties between them (Hage & Harary 1983; Doreian & Mrvar 1996).
GAMA_POSITIVE = pairs(
    "GAVEV-KOTUN GAVEV-NAGAD GAVEV-GAMA KOTUN-NAGAD KOTUN-GAMA OVE-ALIKA OVE-GAHUK OVE-MASIL "
    "OVE-UKUDZ ALIKA-UKUDZ NAGAM-MASIL NAGAM-NOTOH NAGAM-SEUVE GAHUK-MASIL GAHUK-UKUDZ "
    "GAHUK-GEHAM GAHUK-ASARO MASIL-UKUDZ MASIL-GEHAM MASIL-ASARO MASIL-UHETO UKUDZ-GEHAM "
    "UKUDZ-ASARO NOTOH-KOHIK NOTOH-UHETO KOHIK-UHETO GEHAM-ASARO UHETO-SEUVE NAGAD-GAMA"
)
GAMA_NEGATIVE = pairs(
    "GAVEV-OVE GAVEV-ALIKA GAVEV-NAGAM GAVEV-GAHUK GAVEV-ASARO KOTUN-OVE KOTUN-NAGAM KOTUN-GAHUK "
    "KOTUN-NOTOH KOTUN-KOHIK NAGAM-NAGAD NAGAM-GAMA GAHUK-NOTOH GAHUK-UHETO GAHUK-GAMA "
    "UKUDZ-SEUVE NOTOH-GEHAM NOTOH-NAGAD KOHIK-GEHAM KOHIK-NAGAD GEHAM-UHETO GEHAM-NAGAD "
    "GEHAM-GAMA ASARO-SEUVE ASARO-NAGAD ASARO-GAMA UHETO-NAGAD UHETO-GAMA SEUVE-GAMA"
)
GAMA_CLUSTERS = [
    {"ALIKA", "ASARO", "GAHUK", "GEHAM", "MASIL", "OVE", "UKUDZ"},
    {"KOHIK", "NAGAM", "NOTOH", "SEUVE", "UHETO"},
    {"GAMA", "GAVEV", "KOTUN", "NAGAD"},
]


def gahuku_gama() -> nx.Graph:
    ties = [(a, b, 1) for a, b in GAMA_POSITIVE] + [(a, b, -1) for a, b in GAMA_NEGATIVE]
    return signed(ties)


# ---------------------------------------------------------------------------- hand-computed cases
@pytest.mark.parametrize(("signs", "key", "balanced"), [
    ((1, 1, 1), "+++", True),
    ((1, 1, -1), "++-", False),
    ((1, -1, -1), "+--", True),
    ((-1, -1, -1), "---", False),
])
def test_single_triangle_patterns(signs, key, balanced):
    G = signed([("A", "B", signs[0]), ("B", "C", signs[1]), ("A", "C", signs[2])])
    table = triangles(G)
    assert list(table.columns) == list(TRIANGLE_COLUMNS)
    row = table.iloc[0]
    assert (row["a"], row["b"], row["c"]) == ("A", "B", "C")
    assert (row["sign_ab"], row["sign_bc"], row["sign_ac"]) == signs
    assert row["negatives"] == key.count("-")
    assert bool(row["balanced"]) is balanced
    assert row["status"] == ("balanced" if balanced else "unbalanced")
    census = triangle_census(G)
    assert census[key] == 1 and census["total"] == 1
    assert census["balance_ratio"] == (1.0 if balanced else 0.0)
    assert frustration(G).index == (0 if balanced else 1)


def test_signs_are_read_per_pair_whatever_the_edge_order():
    G = signed([("Z", "A", -1), ("M", "Z", 1), ("A", "M", 1)])
    row = triangles(G).iloc[0]
    # a < b < c = A < M < Z; ab = A-M (+), bc = M-Z (+), ac = A-Z (-)
    assert (row["a"], row["b"], row["c"]) == ("A", "M", "Z")
    assert (row["sign_ab"], row["sign_bc"], row["sign_ac"]) == (1, 1, -1)


@pytest.mark.parametrize(("signs", "expected"), [
    ((1, 1, 1, 1), 0), ((1, 1, 1, -1), 1), ((1, 1, -1, -1), 0), ((-1, -1, -1, -1), 0),
    ((1, -1, -1, -1), 1),
])
def test_four_cycle_has_no_triangle_and_frustration_by_parity(signs, expected):
    ring = ["A", "B", "C", "D"]
    G = signed([(ring[i], ring[(i + 1) % 4], s) for i, s in enumerate(signs)])
    census = triangle_census(G)
    assert census["total"] == 0 and math.isnan(census["balance_ratio"])
    assert triangles(G).empty
    result = frustration(G)
    # a cycle is balanced iff it has an even number of negative ties
    assert result.index == expected and result.optimal
    assert violated_by(result, G) == expected


def test_k4_with_one_negative_tie():
    G = nx.complete_graph(4)
    nx.set_edge_attributes(G, 1, "sign")
    G[0][1]["sign"] = -1
    census = triangle_census(G)
    # the negative tie 0-1 lies in 2 of the 4 triangles
    assert (census["+++"], census["++-"], census["+--"], census["---"]) == (2, 2, 0, 0)
    result = frustration(G)
    assert result.index == 1 and result.method == "exact" and result.optimal
    assert result.frustrated[["source", "target", "sign"]].values.tolist() == [[0, 1, -1]]


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8])
def test_all_negative_complete_graph(n):
    G = nx.complete_graph(n)
    nx.set_edge_attributes(G, -1, "sign")
    expected = math.comb(n // 2, 2) + math.comb(n - n // 2, 2)
    result = frustration(G)
    assert result.index == expected
    assert result.optimal and violated_by(result, G) == expected
    assert sorted(Counter(result.blocs.values()).values()) == sorted([n // 2, n - n // 2])
    assert triangle_census(G)["---"] == math.comb(n, 3)


@pytest.mark.parametrize("n", [4, 6, 9])
def test_two_camps_complete_graph_with_one_traitor_tie(n):
    camp = set(range(n // 2))
    G = nx.complete_graph(n)
    for a, b in G.edges:
        G[a][b]["sign"] = 1 if (a in camp) == (b in camp) else -1
    assert frustration(G).index == 0
    G[0][n - 1]["sign"] = 1  # a friendship across the camps
    result = frustration(G)
    assert result.index == 1
    assert {(r.source, r.target) for r in result.frustrated.itertuples()} == {(0, n - 1)}


def test_weighted_frustration_changes_the_cheapest_tie():
    G = signed([("A", "B", 1, 5.0), ("B", "C", 1, 1.0), ("A", "C", -1, 3.0)])
    unweighted = frustration(G)
    weighted = frustration(G, weighted=True)
    assert unweighted.index == 1
    assert weighted.index == 1.0 and weighted.weighted
    assert weighted.frustrated[["source", "target"]].values.tolist() == [["B", "C"]]
    G["B"]["C"]["weight"] = 4.0
    assert frustration(G, weighted=True).frustrated["source"].tolist() == ["A"]
    assert frustration(G, weighted=True).index == 3.0


def test_disconnected_parts_add_up_and_keep_their_own_blocs():
    G = signed([("A", "B", 1), ("B", "C", 1), ("A", "C", -1),
                ("P", "Q", -1), ("Q", "R", -1), ("P", "R", 1), ("R", "S", 1)])
    result = frustration(G)
    assert result.index == 1  # the first triangle; P-Q-R (+--) is balanced
    # separate conflicts are never merged: each part has its own two sides
    assert result.blocs["P"] == result.blocs["R"] == result.blocs["S"] != result.blocs["Q"]
    assert {result.blocs[a] for a in "ABC"}.isdisjoint({result.blocs[a] for a in "PQRS"})
    assert result.bloc_names[result.blocs["P"]] == "R's bloc"
    assert result.bloc_names[result.blocs["Q"]] == "Q's bloc"
    # A-B-C: one tie must break, and each of three splits breaks one: placement there is contested
    # but for the anchor (A: ties broken by id); P-Q-R-S is balanced and firm
    assert result.splits == 3
    assert [result.placement[a] for a in "ABCPQRS"] == ["firm", "contested", "contested",
                                                        "firm", "firm", "firm", "firm"]


def test_bridges_and_pendant_actors_cost_nothing():
    G = signed([("A", "B", 1), ("B", "C", 1), ("A", "C", -1), ("C", "D", -1), ("D", "E", -1),
                ("E", "F", 1)])
    result = frustration(G)
    assert result.index == 1 and result.optimal
    assert result.blocs["C"] != result.blocs["D"] and result.blocs["D"] != result.blocs["E"]
    assert result.blocs["E"] == result.blocs["F"]


# -------------------------------------------------------------------- brute force and properties
@pytest.mark.parametrize("seed", range(12))
def test_exact_frustration_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    G = random_signed(rng, int(rng.integers(5, 13)), float(rng.uniform(0.25, 0.9)))
    for weighted in (False, True):
        best = brute_force_frustration(G, weighted)
        result = frustration(G, weighted=weighted)
        assert result.method == "exact" and result.optimal
        assert result.index == pytest.approx(best)
        assert result.lower_bound == result.upper_bound == pytest.approx(best)
        cost = sum((result.blocs[a] == result.blocs[b]) != (d["sign"] > 0)
                   and (d["weight"] if weighted else 1) for a, b, d in G.edges(data=True))
        assert cost == pytest.approx(best)
        assert len(result.frustrated) == violated_by(result, G)


@pytest.mark.parametrize("seed", range(8))
def test_heuristic_bounds_bracket_the_exact_value(seed):
    rng = np.random.default_rng(100 + seed)
    G = random_signed(rng, 12, 0.7)
    best = brute_force_frustration(G)
    heuristic = frustration(G, exact_limit=0)
    assert heuristic.method == "heuristic"
    assert heuristic.lower_bound <= best <= heuristic.upper_bound == heuristic.index
    assert violated_by(heuristic, G) == heuristic.index
    assert heuristic.optimal == (heuristic.lower_bound == heuristic.upper_bound)


signed_graphs = st.integers(3, 9).flatmap(lambda n: st.lists(
    st.sampled_from([0, 1, -1]), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2).map(
    lambda cells: signed([(a, b, s) for (a, b), s in zip(
        itertools.combinations(range(n), 2), cells, strict=True) if s])))


@settings(max_examples=60, deadline=None)
@given(signed_graphs)
def test_census_and_triangles_match_a_naive_count(G):
    census = triangle_census(G)
    assert {k: census[k] for k in ("+++", "++-", "+--", "---")} == naive_census(G)
    table = triangles(G)
    assert len(table) == census["total"]
    assert Counter(table["negatives"]) == Counter(
        {i: census[k] for i, k in enumerate(("+++", "++-", "+--", "---")) if census[k]})
    assert (table["balanced"] == (table["sign_ab"] * table["sign_bc"] * table["sign_ac"] > 0)).all()
    assert (table["a"] < table["b"]).all() and (table["b"] < table["c"]).all()
    assert not table.duplicated(["a", "b", "c"]).any()


def test_neutral_ties_and_zero_signs_are_left_out():
    G = signed([("A", "B", 1), ("B", "C", 1), ("A", "C", 0), ("C", "D", -1)])
    assert triangle_census(G)["total"] == 0
    result = frustration(G)
    assert set(result.blocs) == {"A", "B", "C", "D"}
    G.add_edge("X", "Y", sign=0)
    assert "X" not in frustration(G).blocs


# ------------------------------------------------------------------------------ published network
def test_gahuku_gama_network_as_published():
    G = gahuku_gama()
    assert G.number_of_nodes() == 16 and G.number_of_edges() == 58
    result = frustration(G)
    assert result.index == 7 and result.method == "exact" and result.optimal
    assert violated_by(result, G) == 7
    assert brute_force_frustration(G) == 7  # 2^15 partitions, independently
    census = triangle_census(G)
    assert census == {**naive_census(G), "balanced": 59, "unbalanced": 9, "total": 68,
                      "balance_ratio": pytest.approx(59 / 68)}


def test_gahuku_gama_has_three_clusters_under_weak_balance():
    table = weak_balance_blocs(gahuku_gama())
    assert table.attrs["k"] == 3
    assert table.attrs["method"] == "exact"
    groups = [set(g) for _, g in table.groupby("bloc")["actor"]]
    assert groups == GAMA_CLUSTERS
    # the two positive ties of MASIL to NAGAM and UHETO run between clusters
    assert table.attrs["violations"] == 2 and table.attrs["error"] == 1.0
    assert table.attrs["errors"][2] > table.attrs["errors"][3]
    assert weak_balance_blocs(gahuku_gama(), exact_limit=0).attrs["error"] == 1.0


def test_gahuku_gama_heuristic_bounds():
    result = frustration(gahuku_gama(), exact_limit=0)
    assert result.method == "heuristic"
    assert result.lower_bound <= 7 <= result.upper_bound


# ---------------------------------------------------------------------------------- weak balance
def test_three_hostile_camps_fit_weak_balance_but_not_two_blocs():
    camps = [["a1", "a2", "a3"], ["b1", "b2"], ["c1", "c2"]]
    ties = [(x, y, 1) for camp in camps for x, y in itertools.combinations(camp, 2)]
    ties += [(x, y, -1) for p, q in itertools.combinations(camps, 2) for x in p for y in q]
    G = signed(ties)
    table = weak_balance_blocs(G)
    assert table.attrs["k"] == 3 and table.attrs["error"] == 0.0
    assert table.set_index("actor")["bloc"].to_dict() == {
        "a1": 0, "a2": 0, "a3": 0, "b1": 1, "b2": 1, "c1": 2, "c2": 2}
    assert frustration(G).index == 4  # two blocs: two enemy camps must merge (2 x 2 ties)
    assert weak_balance_blocs(G, k=2).attrs["violations"] == 4


def test_weak_balance_with_fixed_k_and_bad_arguments():
    G = gahuku_gama()
    assert weak_balance_blocs(G, k=1)["bloc"].eq(0).all()
    assert weak_balance_blocs(G, k=1).attrs["violations"] == 29
    assert weak_balance_blocs(G, k=2).attrs["violations"] == 7
    with pytest.raises(ValueError, match="k and max_k"):
        weak_balance_blocs(G, k=0)
    with pytest.raises(ValueError, match="alpha"):
        weak_balance_blocs(G, alpha=2)


# ---------------------------------------------------------------------------- the default dataset
def test_idlib_triangle_unbalanced_and_russia_turkey_most_strained(default_graph):
    result = balance(default_graph, at="2020-02-04")
    tri = result.triangles.set_index(["a", "b", "c"])
    row = tri.loc[("RUS", "SYR_GOV", "TUR")]
    assert row["status"] == "unbalanced" and row["negatives"] == 1
    assert row["sign_bc"] == -1  # Syrian government - Turkey
    strained = result.strained
    assert list(strained.columns) == list(STRAINED_COLUMNS)
    top = strained.iloc[0]
    assert (top["source"], top["target"]) == ("RUS", "TUR")
    assert top["status"] == "mixed"
    assert top["unbalanced_triangles"] == strained["unbalanced_triangles"].max()
    # unbalanced triangles through RUS-TUR, counted from the triangle table
    through = result.triangles[(~result.triangles["balanced"])
                               & (((result.triangles["a"] == "RUS") & (result.triangles["b"] == "TUR"))
                                  | ((result.triangles["a"] == "RUS")
                                     & (result.triangles["c"] == "TUR"))
                                  | ((result.triangles["b"] == "RUS")
                                     & (result.triangles["c"] == "TUR")))]
    assert top["unbalanced_triangles"] == len(through)


def test_russia_turkey_strain_grows_from_november_to_february(default_graph):
    """In the data, Turkey's durable opposition to Assad already makes RUS-SYR_GOV-TUR unbalanced on
    2019-11-01 (a weak -0.5 tie against strong +2.4 and +1.6); by 2020-02-04 the Syria-Turkey
    enmity is eleven times stronger, Russia-Turkey is "mixed", and the pair sits in more unbalanced
    triangles under more tension."""
    before = balance(default_graph, at="2019-11-01", include_types="all")
    after = balance(default_graph, at="2020-02-04", include_types="all")
    pair = ("RUS", "TUR")
    s0 = before.strained.set_index(["source", "target"]).loc[pair]
    s1 = after.strained.set_index(["source", "target"]).loc[pair]
    assert s0["status"] == "ally" and s1["status"] == "mixed"
    assert s1["unbalanced_triangles"] > s0["unbalanced_triangles"]
    assert s1["tension"] > 2 * s0["tension"]
    G0 = alignment_graph(default_graph, at="2019-11-01")
    G1 = alignment_graph(default_graph, at="2020-02-04")
    assert abs(G1["SYR_GOV"]["TUR"]["score"]) > 10 * abs(G0["SYR_GOV"]["TUR"]["score"])


def test_conflict_graph_signed_graph_and_alignment_table_agree(default_graph):
    at = "2020-02-04"
    from_graph = balance(default_graph, at=at, include_types="all")
    from_signed = balance(alignment_graph(default_graph, at=at))
    from_table = balance(alignment(default_graph, at=at))
    for other in (from_signed, from_table):
        assert other.census == from_graph.census
        assert other.at == from_graph.at == at
        pd.testing.assert_frame_equal(other.triangles, from_graph.triangles)
        pd.testing.assert_frame_equal(other.strained, from_graph.strained)
        assert other.frustration.index == from_graph.frustration.index
    assert from_graph.names["TUR"] == "Turkey"


def test_alignment_parameters_change_the_signed_graph(default_graph):
    default = triangle_census(default_graph, at="2020-02-04")
    strict = triangle_census(default_graph, at="2020-02-04", threshold=1.0)
    assert strict["total"] < default["total"]


# --------------------------------------------------------------------------------- real-world data
def _cow_windows(shared_data: Path) -> dict[str, nx.Graph]:
    path = shared_data / "cow_signed" / "signnet_cowList_edges.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    edges = pd.read_csv(path)
    windows = {}
    for window, rows in edges.groupby("window", sort=False):
        G = nx.Graph()
        G.add_edges_from((a, b, {"sign": int(s)}) for a, b, s in
                         zip(rows["from"], rows["to"], rows["sign"], strict=True))
        windows[window] = G
    return windows


def test_cow_windows_census_matches_networkx(shared_data):
    windows = _cow_windows(shared_data)
    summary = pd.read_csv(shared_data / "cow_signed" / "signnet_cowList_summary.csv")
    assert len(windows) == 51
    for window in ("46-49", "71-74", "96-99"):
        G = windows[window]
        expected = summary.set_index("window").loc[window]
        assert G.number_of_edges() == expected["n_edges"]
        assert sum(d["sign"] > 0 for *_, d in G.edges(data=True)) == expected["n_pos"]
        counts = Counter()
        for clique in nx.enumerate_all_cliques(G):
            if len(clique) == 3:
                a, b, c = clique
                counts[sum(G[x][y]["sign"] < 0 for x, y in ((a, b), (b, c), (a, c)))] += 1
            elif len(clique) > 3:
                break
        census = triangle_census(G)
        assert [census[k] for k in ("+++", "++-", "+--", "---")] == [counts[i] for i in range(4)]
        assert census["total"] == sum(nx.triangles(G).values()) // 3


def test_cow_windows_frustration_bounds(shared_data):
    windows = _cow_windows(shared_data)
    for window in list(windows)[::10]:
        G = windows[window]
        exact = frustration(G, exact_limit=200)
        assert exact.method == "exact" and exact.optimal
        assert violated_by(exact, G) == exact.index
        heuristic = frustration(G, exact_limit=0)
        assert heuristic.lower_bound <= exact.index <= heuristic.upper_bound
        assert violated_by(heuristic, G) == heuristic.index
        default = frustration(G)  # exact_limit=60: blocks above it get the heuristic
        largest = max(len(block) for block in nx.biconnected_components(G))
        assert default.method == ("exact" if largest <= 60 else "heuristic")
        assert default.lower_bound <= exact.index <= default.upper_bound


# ------------------------------------------------------------------------------ output and errors
@pytest.fixture
def nasty_graph(make_graph):
    actors = [{"id": "A", "name": "<script>alert(1)</script>", "type": "state"},
              {"id": "B", "name": "B | *bold* [x](javascript:y)", "type": "state"},
              {"id": "C", "name": "C & co", "type": "state"}]
    return make_graph([("A", "alliance", "B", "2019-01-01.."), ("B", "alliance", "C", "2019-01-01.."),
                       ("A", "fights", "C", "2019-01-01..")], actors=actors)


def test_to_dict_is_json_safe_with_documented_keys(nasty_graph):
    result = balance(nasty_graph, at="2020-01-01")
    data = json.loads(result.to_json())
    assert set(data) == {"at", "notes", "census", "balance_ratio", "triangles", "strained",
                         "frustration"}
    assert set(data["census"]) == set(CENSUS_KEYS)
    assert data["triangles"]["total"] == 1 and data["triangles"]["truncated"] is False
    assert data["triangles"]["rows"][0]["status"] == "unbalanced"
    assert {r["source"] + r["target"] for r in data["strained"]} == {"AB", "BC"}
    assert data["frustration"]["index"] == 1 and data["frustration"]["method"] == "exact"
    assert set(data["frustration"]["blocs"]) == {"A", "B", "C"}
    empty = balance(signed([("A", "B", 1)]))
    assert json.loads(empty.to_json())["balance_ratio"] is None


def test_html_and_markdown_escape_every_name(nasty_graph):
    result = balance(nasty_graph, at="2020-01-01")
    page = result.to_html()
    assert "<script>" not in page and "javascript:y)" in page
    assert html.escape("<script>alert(1)</script>") in page
    assert "C &amp; co" in page
    assert result._repr_html_() == page
    assert "http" not in page and "<link" not in page
    md = result.to_markdown()
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "B \\| \\*bold\\* \\[x\\]\\(javascript:y\\)" in md
    assert "Frustration index 1" in md
    assert result.frustration.to_html().count("<table") == 1


def test_triangle_list_is_capped_but_census_and_strain_are_not():
    rng = np.random.default_rng(5)
    G = random_signed(rng, 30, 0.6)
    full = balance(G)
    capped = balance(G, max_triangles=10)
    assert not full.triangles_truncated and len(full.triangles) == full.census["total"]
    assert capped.triangles_truncated and len(capped.triangles) == 10
    assert not capped.triangles["balanced"].any()
    assert capped.census == full.census
    pd.testing.assert_frame_equal(capped.strained, full.strained)
    weights = {frozenset((a, b)): d["weight"] for a, b, d in G.edges(data=True)}
    total = full.triangles[~full.triangles["balanced"]].apply(
        lambda r: weights[frozenset((r.a, r.b))] + weights[frozenset((r.b, r.c))]
        + weights[frozenset((r.a, r.c))], axis=1)
    kept = capped.triangles.apply(
        lambda r: weights[frozenset((r.a, r.b))] + weights[frozenset((r.b, r.c))]
        + weights[frozenset((r.a, r.c))], axis=1)
    assert kept.min() >= total.sort_values(ascending=False).iloc[9]


def test_strained_counts_match_the_triangle_table():
    rng = np.random.default_rng(11)
    G = random_signed(rng, 14, 0.6)
    result = balance(G)
    bad = result.triangles[~result.triangles["balanced"]]
    counts = Counter()
    for r in bad.itertuples():
        for x, y in ((r.a, r.b), (r.b, r.c), (r.a, r.c)):
            if G[x][y]["sign"] > 0:
                counts[(x, y)] += 1
    assert dict(zip(zip(result.strained["source"], result.strained["target"], strict=True),
                    result.strained["unbalanced_triangles"], strict=True)) == dict(counts)
    ranked = list(zip(-result.strained["unbalanced_triangles"], -result.strained["score"],
                      strict=True))
    assert ranked == sorted(ranked)


def test_bad_inputs_give_clear_errors(default_graph):
    with pytest.raises(gc.GraphlibConflictError, match="undirected simple"):
        triangles(nx.DiGraph([(1, 2)]))
    with pytest.raises(gc.GraphlibConflictError, match=r"tie \('A', 'B'\) has sign None"):
        balance(nx.Graph([("A", "B")]))
    with pytest.raises(gc.GraphlibConflictError, match="has sign 'yes'"):
        frustration(signed([("A", "B", "yes")]))
    with pytest.raises(gc.GraphlibConflictError, match="self-loop on 'A'"):
        triangle_census(signed([("A", "A", 1), ("A", "B", 1)]))
    with pytest.raises(gc.GraphlibConflictError, match="drop half_life"):
        balance(signed([("A", "B", 1)]), half_life=10)
    G = alignment_graph(default_graph, at="2020-02-04")
    with pytest.raises(gc.GraphlibConflictError, match="describes 2020-02-04"):
        triangles(G, at="2019-01-01")
    assert triangles(G, at="2020-02-04").attrs["at"] == "2020-02-04"
    with pytest.raises(gc.ParameterError, match=r"unknown alignment parameter.*'halflife'"):
        balance(default_graph, halflife=10)
    with pytest.raises(gc.DateError):
        balance(default_graph, at="not a date")
    with pytest.raises(gc.ParameterError, match="exact_limit"):
        frustration(G, exact_limit=-1)
    with pytest.raises(gc.ParameterError, match="time_limit"):
        balance(G, time_limit=0)
    with pytest.raises(gc.ParameterError, match="expected a ConflictGraph"):
        triangles([("A", "B")])


def test_empty_graph(make_graph):
    g = make_graph([("A", "meets", "B", "2000-01-01")])
    result = balance(g, at="2020-01-01")
    assert result.census["total"] == 0 and result.triangles.empty and result.strained.empty
    assert result.frustration.index == 0 and result.frustration.blocs == {}
    assert "No triangle" in result.to_markdown()
    assert weak_balance_blocs(g, at="2020-01-01").empty
