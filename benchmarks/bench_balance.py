"""Benchmark: structural balance on a large signed graph and on the Correlates of War windows.

Run: ``python benchmarks/bench_balance.py [--actors N] [--pairs M] [--baseline-seconds S]``

Prints, for a seeded synthetic signed graph (5,000 actors, 240,000 signed pairs, heavy-tailed
degrees from a Chung-Lu model with Pareto weights, signs following six latent blocs with noise):

* ``triangle_census`` from a networkx graph (reading the ties included) and its core (the sparse
  product alone), against a plain networkx loop (for each node, the common neighbours of each
  higher neighbour). The loop runs over random nodes for at most ``--baseline-seconds``; when it
  does not finish, its total time is extrapolated as elapsed x (all nodes / nodes done) (a uniform
  random sample of nodes gives an unbiased estimate of the total), and says so;
* the frustration heuristic on the same graph (bounds and time) with its default time limit and
  with 30 s, and ``balance`` as a whole with its defaults;
* peak memory (tracemalloc, for the census; ``ru_maxrss`` for the process);
* the 51 Correlates-of-War windows (``../shared/data/cow_signed``, when present): census, ours
  against the networkx loop (the counts must agree), and the exact frustration index of every
  window.

Target (issue 3): census under 0.5 s on the large graph on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
import tracemalloc
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from _timing import best_of, median_of  # the scripts run from benchmarks/ (sys.path[0])

from graphlib_conflict.analytics.balance import (
    DEFAULT_TIME_LIMIT,
    balance,
    frustration,
    triangle_census,
)
from graphlib_conflict.analytics.signed import census_counts, signed_edges

COW = Path(__file__).resolve().parents[2] / "shared" / "data" / "cow_signed" / \
    "signnet_cowList_edges.csv"


def synthetic_signed(n_actors: int, n_pairs: int, *, seed: int = 7, blocs: int = 6,
                     shape: float = 1.3, noise: float = 0.15) -> nx.Graph:
    """A signed graph with heavy-tailed degrees: pairs drawn in proportion to Pareto weights,
    positive inside a latent bloc and negative across, each sign flipped with probability
    ``noise``."""
    rng = np.random.default_rng(seed)
    weight = rng.pareto(shape, n_actors) + 1.0
    p = weight / weight.sum()
    bloc = rng.integers(0, blocs, n_actors)
    keys = np.zeros(0, np.int64)
    while len(keys) < n_pairs:
        a = rng.choice(n_actors, 2 * n_pairs, p=p)
        b = rng.choice(n_actors, 2 * n_pairs, p=p)
        keep = a != b
        lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
        keys = np.unique(np.concatenate([keys, lo.astype(np.int64) * n_actors + hi]))
    keys = rng.permutation(keys)[:n_pairs]
    lo, hi = keys // n_actors, keys % n_actors
    sign = np.where(bloc[lo] == bloc[hi], 1, -1) * np.where(rng.random(n_pairs) < noise, -1, 1)
    strength = rng.uniform(0.1, 2.0, n_pairs)
    G = nx.Graph()
    G.add_nodes_from((f"A{i:05d}", {"name": f"Actor {i}"}) for i in range(n_actors))
    G.add_edges_from((f"A{x:05d}", f"A{y:05d}", {"sign": int(s), "weight": float(w),
                                                  "score": float(s * w)})
                     for x, y, s, w in zip(lo, hi, sign, strength, strict=True))
    return G


def networkx_census(G: nx.Graph, nodes: list, budget: float) -> tuple[list[int], int, float]:
    """The plain loop: each triangle once, at its smallest node. Stops after ``budget`` seconds."""
    counts = [0, 0, 0, 0]
    start = time.perf_counter()
    done = 0
    for u in nodes:
        nu = G[u]
        for v in nu:
            if v <= u:
                continue
            nv = G[v]
            for w in nu.keys() & nv.keys():
                if w > v:
                    counts[(nu[v]["sign"] < 0) + (nv[w]["sign"] < 0) + (nu[w]["sign"] < 0)] += 1
        done += 1
        if time.perf_counter() - start > budget:
            break
    return counts, done, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--pairs", type=int, default=240_000)
    parser.add_argument("--baseline-seconds", type=float, default=60.0)
    args = parser.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    t = time.perf_counter()
    G = synthetic_signed(args.actors, args.pairs)
    print(f"synthetic signed graph: {G.number_of_nodes():,} actors, {G.number_of_edges():,} "
          f"signed pairs (built in {time.perf_counter() - t:.1f} s)")
    degrees = np.array([d for _, d in G.degree()])
    print(f"  degrees: median {np.median(degrees):.0f}, max {degrees.max():,}, "
          f"top 1% of actors hold {np.sort(degrees)[-len(degrees) // 100:].sum() / degrees.sum():.0%}"
          " of tie ends")

    ours, census = best_of(lambda: triangle_census(G))
    e = signed_edges(G, attributes=False)
    core, _ = best_of(lambda: census_counts(e))
    tracemalloc.start()
    triangle_census(G)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"\ntriangle_census: {ours:.3f} s from the networkx graph (core sparse product "
          f"{core:.3f} s), {census['total']:,} triangles, peak {peak / 2**20:.0f} MiB traced")
    print("  " + ", ".join(f"{k}: {census[k]:,}" for k in ("+++", "++-", "+--", "---"))
          + f"; balance ratio {census['balance_ratio']:.3f}")
    print(f"  target < 0.5 s: {'met' if ours < 0.5 else 'MISSED'}")

    order = np.random.default_rng(0).permutation(np.array(list(G.nodes), dtype=object)).tolist()
    counts, done, elapsed = networkx_census(G, order, args.baseline_seconds)
    if done == len(order):
        assert counts == [census[k] for k in ("+++", "++-", "+--", "---")]
        baseline, how = elapsed, "complete run, counts agree"
    else:
        baseline = elapsed * len(order) / done
        how = (f"EXTRAPOLATED: {done:,} of {len(order):,} random nodes in {elapsed:.1f} s, "
               "x nodes / done")
    print(f"networkx loop baseline: {baseline:.1f} s ({how})")
    print(f"  speed-up: {baseline / ours:,.0f}x (from the networkx graph), "
          f"{baseline / core:,.0f}x (core)")

    for limit in (None, 30.0):
        took, _, result = median_of(lambda limit=limit: frustration(G, time_limit=limit), 3)
        what = (f"the default: heuristic {DEFAULT_TIME_LIMIT:g} s" if limit is None
                else f"time_limit {limit:g} s")
        print(f"\nfrustration (heuristic above 60 actors per block, {what}): index "
              f"{result.index:,.0f}, lower bound {result.lower_bound:,.0f} "
              f"(gap {(result.upper_bound - result.lower_bound) / result.upper_bound:.1%}), "
              f"method {result.method}, {took:.2f} s (median of 3)")
    took, _, whole = median_of(lambda: balance(G), 3)
    print(f"balance with its defaults (census, {len(whole.triangles):,} strongest unbalanced "
          f"triangles kept of {whole.triangles_total:,}, strained ties, frustration): "
          f"{took:.2f} s (median of 3); {len(whole.strained):,} strained partnerships")

    if COW.exists():
        edges = pd.read_csv(COW)
        windows = {w: nx.Graph() for w in edges["window"].unique()}
        for w, a, b, s in zip(edges["window"], edges["from"], edges["to"], edges["sign"],
                              strict=True):
            windows[w].add_edge(a, b, sign=int(s))
        ours_total = base_total = exact_total = 0.0
        rows = []
        for w, H in windows.items():
            t = time.perf_counter()
            c = triangle_census(H)
            ours_total += time.perf_counter() - t
            nodes = sorted(H)
            counts, _, elapsed = networkx_census(H, nodes, float("inf"))
            base_total += elapsed
            assert counts == [c[k] for k in ("+++", "++-", "+--", "---")], w
            t = time.perf_counter()
            f = frustration(H, exact_limit=200)
            exact_total += time.perf_counter() - t
            rows.append((w, H.number_of_nodes(), H.number_of_edges(), c["total"],
                         c["balance_ratio"], int(f.index), f.method))
        print(f"\nCorrelates of War, {len(windows)} windows ({COW.name}): census {ours_total:.3f} s "
              f"in all vs networkx loop {base_total:.2f} s ({base_total / ours_total:.0f}x), "
              "counts identical")
        print(f"  exact frustration (exact_limit=200) of every window: {exact_total:.1f} s in all")
        table = pd.DataFrame(rows, columns=["window", "actors", "ties", "triangles",
                                            "balance_ratio", "frustration", "method"])
        print(table.iloc[::5].to_string(index=False, float_format="{:.3f}".format))
    else:
        print(f"\n(Correlates of War data not found at {COW}; skipped)")
    print(f"\npeak resident memory of the process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
