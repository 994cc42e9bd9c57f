"""Blocs at a date and bloc switches between two dates: blocs that mean something."""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics.alignment import alignment_graph
from graphlib_conflict.analytics.balance import frustration
from graphlib_conflict.analytics.blocs import (
    BLOC_COLUMNS,
    SWITCH_COLUMNS,
    bloc_switches,
    blocs,
)
from graphlib_conflict.analytics.signed import frustration as frustration_module

from .test_balance import GAMA_CLUSTERS, gahuku_gama, signed

LIBYA = Path(__file__).resolve().parents[1] / "fixtures" / "libya_2019_2020.yaml"


def camps_graph(camps: list[list[str]]) -> nx.Graph:
    ties = [(x, y, 1) for camp in camps for x, y in itertools.combinations(camp, 2)]
    ties += [(x, y, -1) for p, q in itertools.combinations(camps, 2) for x in p for y in q]
    return signed(ties)


def groups(table):
    return {name: set(rows["actor"]) for name, rows in table.groupby("bloc_name")}


# ------------------------------------------------------------------------ the founding case
def test_blocs_of_the_idlib_crisis(default_graph):
    table = blocs(default_graph, at="2020-02-04")
    assert list(table.columns) == list(BLOC_COLUMNS)
    assert groups(table) == {"Turkey's bloc": {"TUR", "SYR_OPP", "HTS"},
                             "Syrian government's bloc": {"RUS", "SYR_GOV", "IRN"}}
    assert table.attrs["method"] == "frustration" and table.attrs["k"] == 2
    assert table.attrs["at"] == "2020-02-04" and table.attrs["optimal"]
    # against the blocs: the Russia-Turkey and Iran-Turkey partnerships across
    assert table.attrs["error"] == 2
    # Turkey is the contested actor: with its Astana partners or with the rebels, two ties break
    # either way; every other actor keeps its side in both optimal splits
    placement = table.set_index("actor")["placement"].to_dict()
    assert placement.pop("TUR") == "contested" and set(placement.values()) == {"firm"}
    assert table.attrs["splits"] == 2 and table.attrs["splits_complete"]
    assert (table["bloc_size"] == table["bloc"].map(table["bloc"].value_counts())).all()
    # the displaced civilians are victims, not a side: left out, and said so
    assert "IDLIB_IDP" not in set(table["actor"])
    assert any("Displaced civilians of Idlib" in n for n in table.attrs["notes"])
    everyone = blocs(default_graph, at="2020-02-04", include_types="all")
    assert "IDLIB_IDP" in set(everyone["actor"])
    assert set(everyone["actor"]) == set(alignment_graph(default_graph, at="2020-02-04"))


def test_balance_blocs_and_report_name_the_same_blocs_alike(default_graph):
    table = blocs(default_graph, "2020-02-04")
    result = gc.balance(default_graph, "2020-02-04").frustration
    report = gc.change_report(default_graph, "2019-11-01", "2020-02-04")
    by_name = {name: set(rows["actor"]) for name, rows in table.groupby("bloc_name")}
    from_balance = {result.bloc_names[b]: {a for a, x in result.blocs.items() if x == b}
                    for b in result.bloc_names}
    from_report = {b["name"]: {m["actor"] for m in b["members"]}
                   for b in report.to_dict()["balance"]["after"]["blocs"]}
    assert by_name == from_balance == from_report
    turkey = report.bloc_switches.set_index("actor").loc["TUR"]
    assert turkey["bloc_after"] == table.set_index("actor").loc["TUR", "bloc_name"]


# ------------------------------------------------------------------- two warring sides (Libya)
def test_warring_sides_are_never_one_bloc():
    g = gc.load(LIBYA)
    table = blocs(g, "2020-01-20")
    side = table.set_index("actor")["bloc_name"]
    assert side["GNA"] != side["LNA"]
    assert groups(table) == {"Turkey's bloc": {"GNA", "TUR"},
                             "Libyan National Army's bloc": {"LNA", "RUS", "WAGNER", "ARE", "EGY"}}
    # Russia backs the LNA and calls for a ceasefire with Turkey: the one contested placement
    placement = table.set_index("actor")["placement"]
    assert placement["RUS"] == "contested"
    assert set(placement.drop("RUS")) == {"firm"}
    # the conference made no one an ally: Germany attended and has no alignment at all
    pairs = gc.alignment(g, "2020-01-20")
    assert not ((pairs["source"] == "DEU") | (pairs["target"] == "DEU")).any()
    assert "BERLIN_CONF" not in set(table["actor"])


def test_equally_few_violated_ties_give_way_to_the_weakest():
    # a war and two handshakes: violating any one tie balances the triangle; the handshake goes
    G = signed([("A", "B", -1), ("A", "G", 1), ("B", "G", 1)])
    for u, v, w in (("A", "B", 1.0), ("A", "G", 0.3), ("B", "G", 0.2)):
        G[u][v]["weight"] = w
    result = frustration(G)
    assert result.index == 1 and result.splits == 3
    assert result.blocs["A"] != result.blocs["B"]
    assert result.blocs["G"] == result.blocs["A"]  # G breaks with B, its weaker tie
    assert result.frustrated[["source", "target"]].values.tolist() == [["B", "G"]]


# ----------------------------------------------------------- placement against brute force
def brute_force(G: nx.Graph, weighted: bool = False):
    """Every split, by plain Python: the least count of violated ties, the splits achieving it
    (node 0 fixed), and for each node whether its side relative to the anchor ever differs."""
    nodes = sorted(G)
    index = {v: i for i, v in enumerate(nodes)}
    ties = [(index[u], index[v], d["sign"], d.get("weight", 1.0)) for u, v, d in G.edges(data=True)]
    best, optimal = None, []
    for code in range(1 << (len(nodes) - 1)):
        side = [0] + [(code >> k) & 1 for k in range(len(nodes) - 1)]
        cost = sum((w if weighted else 1) for u, v, s, w in ties if (side[u] == side[v]) != (s > 0))
        if best is None or cost < best - 1e-9:
            best, optimal = cost, [side]
        elif abs(cost - best) <= 1e-9:
            optimal.append(side)
    strength = [0.0] * len(nodes)
    for u, v, _, w in ties:
        strength[u] += w
        strength[v] += w
    anchor = min(range(len(nodes)), key=lambda i: (-strength[i], i))
    contested = {nodes[i]: len({s[i] ^ s[anchor] for s in optimal}) > 1 for i in range(len(nodes))}
    return best, len(optimal), contested


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("path", ["enumerate", "milp"])
def test_placement_equals_brute_force(seed, path, monkeypatch):
    if path == "milp":  # the integer-program enumeration that larger blocks use
        monkeypatch.setattr(frustration_module, "_BRUTE_FORCE_NODES", 0)
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 10))
    G = nx.gnp_random_graph(n, 0.6, seed=seed)
    G.remove_nodes_from([v for v in list(G) if G.degree(v) == 0])
    if G.number_of_edges() < 3 or not nx.is_connected(G):
        G = nx.cycle_graph(n)
    for u, v in G.edges:
        G[u][v]["sign"] = int(rng.choice([1, -1]))
        G[u][v]["weight"] = float(rng.integers(1, 5))
    best, count, contested = brute_force(G)
    result = frustration(G, exact_limit=60)
    assert result.index == best
    assert result.splits == count and result.splits_complete
    assert {a: p == "contested" for a, p in result.placement.items()} == contested


# --------------------------------------------------------------------- naming and numbering
def test_blocs_are_numbered_by_size_and_named_by_their_leader():
    table = blocs(camps_graph([["z1", "z2"], ["m1", "m2", "m3"], ["a1", "a2"]]))
    assert table.attrs["method"] == "weak_balance" and table.attrs["k"] == 3
    assert table.attrs["error"] == 0
    assert table.groupby("bloc")["actor"].apply(list).tolist() == [
        ["m1", "m2", "m3"], ["a1", "a2"], ["z1", "z2"]]
    assert table.drop_duplicates("bloc")["bloc_name"].tolist() == [
        "m1's bloc", "a1's bloc", "z1's bloc"]
    assert table["bloc_size"].tolist() == [3, 3, 3, 2, 2, 2, 2]
    assert set(table["placement"]) == {"firm"}


def test_the_leader_is_who_the_others_rally_around():
    # a hub allied to three, who are not allied to each other, against one enemy
    G = signed([("hub", "x", 1), ("hub", "y", 1), ("hub", "z", 1), ("x", "foe", -1),
                ("y", "foe", -1)])
    table = blocs(G, k=2)
    assert table.set_index("actor").loc["x", "bloc_name"] == "hub's bloc"
    assert table.set_index("actor").loc["foe", "bloc_name"] == "foe's bloc"


def test_separate_conflicts_keep_separate_blocs():
    G = signed([("a", "b", 1), ("a", "c", -1), ("p", "q", 1), ("p", "r", -1)])
    table = blocs(G, k=2)
    assert len(groups(table)) == 4
    assert groups(table)["a's bloc"] == {"a", "b"} and groups(table)["p's bloc"] == {"p", "q"}


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
    with pytest.raises(gc.ParameterError, match="k must be >= 1"):
        blocs(G, k=0)


def test_k_blocs_report_contested_moves():
    # three camps; c3 is allied to one member of each of two camps: either place is as good
    G = camps_graph([["a1", "a2"], ["b1", "b2"], ["c1", "c2"]])
    G.add_edge("x", "a1", sign=1)
    G.add_edge("x", "b1", sign=1)
    table = blocs(G, k=3).set_index("actor")
    assert table.loc["x", "placement"] == "contested"
    assert table.loc["a2", "placement"] == "firm"


# ------------------------------------------------------------------------------ switches
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


def test_a_switch_is_a_change_of_company(switching):
    moves = bloc_switches(switching, "2019-06-01", "2020-06-01")
    assert list(moves.columns) == list(SWITCH_COLUMNS)
    rows = moves.set_index("actor")
    assert rows["change"].to_dict() == {"B": "switched", "F": "joined", "H": "joined",
                                        "G": "left"}
    assert moves["actor"].tolist() == ["B", "F", "H", "G"]
    assert rows.loc["B", "overlap"] == 0.0
    assert rows.loc["B", "bloc_before"] == "A land's bloc"
    assert rows.loc["B", "bloc_after"] in ("C land's bloc", "D land's bloc")
    assert rows.loc["F", "bloc_before"] == "" and rows.loc["G", "bloc_after"] == ""
    assert rows.loc["B", "with_before"] == "A land, E land"
    assert rows.loc["B", "with_after"] == "C land, D land"
    assert rows.loc["G", "with_after"] == "" and rows.loc["G", "with_before"] == "C land"
    # A, C, D and E kept their company: not switches, whatever the bloc numbers did
    assert not {"A", "C", "D", "E"} & set(moves["actor"])
    assert (moves.attrs["start"], moves.attrs["end"]) == ("2019-06-01", "2020-06-01")


def test_renumbering_and_renaming_are_not_switches(make_graph):
    # the same two camps at both dates; in 2020 camp one grows past camp two (so bloc numbers swap)
    # and B, allied to both newcomers, becomes its leader (so it is renamed)
    always, y20 = "2019-01-01..", "2020-01-01.."
    relations = [("A", "alliance", "B", always), ("A", "fights", "X", always),
                 ("X", "alliance", "Y", always), ("X", "alliance", "Z", always),
                 ("Y", "alliance", "Z", always),
                 ("N", "alliance", "A", y20), ("N", "alliance", "B", y20),
                 ("M", "alliance", "N", y20), ("M", "alliance", "B", y20)]
    moves = bloc_switches(make_graph(relations), "2019-06-01", "2020-06-01")
    assert set(moves["change"]) == {"joined"} and set(moves["actor"]) == {"M", "N"}
    assert moves.attrs["renamed"] == {"A's bloc": "B's bloc"}


def test_overlap_of_one_half_is_not_a_switch(make_graph):
    # D keeps two of its three bloc-mates (overlap 2/4 = 0.5): not a switch
    always, y19, y20 = "2019-01-01..", "2019-01-01..2019-12-31", "2020-01-01.."
    relations = [("D", "alliance", "P", always), ("D", "alliance", "Q", always),
                 ("D", "alliance", "R", y19), ("D", "alliance", "S", y20),
                 ("P", "fights", "E", always), ("R", "fights", "S", y19),
                 ("S", "fights", "R", y20), ("E", "alliance", "R", y20), ("E", "alliance", "S", y19)]
    moves = bloc_switches(make_graph(relations), "2019-06-01", "2020-06-01")
    assert "D" not in set(moves["actor"])


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


def test_bloc_switches_on_the_default_dataset(default_graph):
    # November 2019: Turkey sits with its Astana partners (its 2.4 tie with Russia outweighs its
    # 0.5 hostility to Damascus); February 2020: the -5.5 hostility to Damascus puts it with the
    # rebels. The displaced civilians are not a side, so they neither join nor leave.
    moves = bloc_switches(default_graph, "2019-11-01", "2020-02-04")
    assert moves["actor"].tolist() == ["TUR"]
    turkey = moves.iloc[0]
    assert turkey["change"] == "switched"
    assert turkey["bloc_before"] == "Russia's bloc" and turkey["bloc_after"] == "Turkey's bloc"
    assert "Russia" in turkey["with_before"]
    assert "Turkish-backed Syrian rebels" in turkey["with_after"]
    before, after = moves.attrs["blocs_before"], moves.attrs["blocs_after"]
    assert after["TUR"] == after["SYR_OPP"] != after["RUS"] == after["SYR_GOV"] == after["IRN"]
    assert before["TUR"] == before["RUS"]


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


def test_a_tie_in_the_count_never_merges_the_warring_sides():
    # a four-cycle with one war: breaking any one tie balances it, so one bloc (breaking the war)
    # and two blocs (breaking the weak Russia-Turkey call) violate equally few ties; the weight
    # decides, for the number of blocs as for the split
    G = signed([("GNA", "LNA", -1), ("GNA", "TUR", 1), ("LNA", "RUS", 1), ("RUS", "TUR", 1)])
    for (u, v), w in {("GNA", "LNA"): 1.0, ("GNA", "TUR"): 0.8, ("LNA", "RUS"): 0.8,
                      ("RUS", "TUR"): 0.38}.items():
        G[u][v]["weight"] = w
    table = blocs(G)
    side = table.set_index("actor")["bloc"]
    assert table.attrs["k"] == 2 and side["GNA"] != side["LNA"]
    assert side["GNA"] == side["TUR"] and side["LNA"] == side["RUS"]
