"""Benchmark: building and slicing a store of 1,000,000 relations.

Run: ``python benchmarks/bench_store.py [--relations N] [--repeat R]``

Prints, for the shared synthetic store of ``benchmarks/_synthetic.py`` (5,000 actors with heavy-tailed
activity; 70% dated interactions over 2015-2020, 30% durable relations spanning months to years):

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
import pandas as pd
from _synthetic import synthetic_frames  # the scripts run from benchmarks/ (sys.path[0])
from _timing import best_of

import graphlib_conflict as gc

DURABLE_SHARE = 0.3
"""Share of durable relations in the store: enough that a slice at a date holds tens of thousands."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"pandas {pd.__version__}, networkx {nx.__version__}")
    n_actors = 5_000
    n_durable = int(args.relations * DURABLE_SHARE)
    actors, relations = synthetic_frames(n_actors, args.relations - n_durable,
                                         durable_per_actor=n_durable / n_actors)
    t = time.perf_counter()
    graph = gc.ConflictGraph.from_frames(actors, relations)
    build = time.perf_counter() - t
    print(f"build from frames: {len(graph.relations):,} relations, {len(graph.actors):,} actors "
          f"in {build:.2f} s")
    day = "2018-06-15"

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
