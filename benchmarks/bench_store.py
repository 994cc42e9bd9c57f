"""Benchmark: building and slicing a store of 1,000,000 relations.

Run: ``python benchmarks/bench_store.py [--relations N] [--repeat R]``

Prints, for a synthetic store (5,000 actors; 70% dated interactions over 2000-2020, 30% durable
relations with spans of months to years):

* building the graph from frames (parsing partial dates, checking every row);
* the slice at a date as a table (``graph.at(day).relations``), against a plain pandas boolean mask
  over the same columns (the floor: the mask alone);
* the slice as a networkx ``MultiDiGraph`` (``graph.at(day).to_networkx()``), against
  ``nx.from_pandas_edgelist`` on the same rows with every attribute (the baseline);
* peak memory.

Targets (issue 2): slice as a table under 50 ms; as a networkx graph within 1.2x of the baseline.
"""

from __future__ import annotations

import argparse
import platform
import resource
import time

import networkx as nx
import numpy as np
import pandas as pd
from _timing import best_of  # the scripts run from benchmarks/ (sys.path[0])

import graphlib_conflict as gc

INTERACTIONS = ["meets", "agrees", "aids", "demands", "accuses", "threatens", "attacks", "clashes"]
DURABLE = ["alliance", "supports", "cooperates", "opposes", "fights"]


def synthetic_frames(n_relations: int, n_actors: int = 5_000, seed: int = 7) -> tuple[pd.DataFrame,
                                                                                       pd.DataFrame]:
    """Actors and relations tables with heavy-tailed actor activity (Zipf-like)."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"A{i:05d}" for i in range(n_actors)])
    actors = pd.DataFrame({"id": ids, "name": [f"Actor {i}" for i in range(n_actors)],
                           "type": rng.choice(["state", "armed_group", "government_forces"], n_actors)})
    activity = 1.0 / np.arange(1, n_actors + 1) ** 0.8
    activity /= activity.sum()
    source = rng.choice(n_actors, n_relations, p=activity)
    target = rng.choice(n_actors, n_relations, p=activity)
    target = np.where(target == source, (target + 1) % n_actors, target)
    durable = rng.random(n_relations) < 0.3
    kinds = np.where(durable, rng.choice(DURABLE, n_relations), rng.choice(INTERACTIONS, n_relations))
    day0 = np.datetime64("2000-01-01")
    days = rng.integers(0, 365 * 21, n_relations)
    dates = (day0 + days).astype(str)
    spans = rng.integers(30, 365 * 6, n_relations)
    ends = (day0 + days + spans).astype(str)
    ongoing = rng.random(n_relations) < 0.1
    relations = pd.DataFrame({
        "id": [f"r{i}" for i in range(n_relations)],
        "source": ids[source], "target": ids[target], "type": kinds,
        "date": np.where(durable, None, dates),
        "start": np.where(durable, dates, None),
        "end": np.where(durable & ~ongoing, ends, None),
        "weight": rng.random(n_relations).round(3),
    })
    return actors, relations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"pandas {pd.__version__}, networkx {nx.__version__}")
    actors, relations = synthetic_frames(args.relations)
    t = time.perf_counter()
    graph = gc.ConflictGraph.from_frames(actors, relations)
    build = time.perf_counter() - t
    print(f"build from frames: {len(graph.relations):,} relations, {len(graph.actors):,} actors "
          f"in {build:.2f} s")
    day = "2012-06-15"

    # the floor: a plain pandas boolean mask over the same table, NaT handled as open ends
    table = graph.relations
    stamp = pd.Timestamp(day)

    def pandas_mask():
        vf, vt = table["valid_from"], table["valid_to"]
        return table[(vf.isna() | (vf <= stamp)) & (vt.isna() | (vt >= stamp))]

    floor, expected = best_of(pandas_mask, args.repeat)
    ours, sliced = best_of(lambda: graph.at(day).relations, args.repeat)
    assert len(sliced) == len(expected)
    print(f"slice at {day} as a table: {len(sliced):,} rows in {ours * 1000:.1f} ms "
          f"(plain pandas mask + take: {floor * 1000:.1f} ms; ratio {ours / floor:.2f}x; "
          f"target < 50 ms)")

    rows = graph.at(day)
    baseline_frame = rows.relations

    def baseline():
        return nx.from_pandas_edgelist(baseline_frame, "source", "target", edge_attr=True,
                                       create_using=nx.MultiDiGraph, edge_key="id")

    base_t, base_g = best_of(baseline, args.repeat)
    ours_t, ours_g = best_of(lambda: rows.to_networkx(implied=False, isolates=False), args.repeat)
    assert ours_g.number_of_edges() == base_g.number_of_edges()
    print(f"slice as networkx MultiDiGraph: {ours_g.number_of_edges():,} edges in {ours_t * 1000:.0f} ms "
          f"(nx.from_pandas_edgelist, same rows and attributes: {base_t * 1000:.0f} ms; "
          f"ratio {ours_t / base_t:.2f}x; target <= 1.2x)")
    whole_t, whole_g = best_of(lambda: graph.at(day).to_networkx(implied=False), 1)
    print(f"slice + to_networkx incl. {whole_g.number_of_nodes():,} actor nodes: {whole_t * 1000:.0f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
