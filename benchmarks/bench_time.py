"""Benchmark: balance and alignment through time on a million relations, against what a skilled user
would write, plus the interactive calls of issue 9 (change report, balance, a day's view).

Run from the repository root::

    python benchmarks/bench_time.py                    # 5,000 actors, 1,000,000 interactions
    python benchmarks/bench_time.py --repeat 3 --baseline-repeat 1 --interactions 200000

**The graph.** The seeded generator of ``benchmarks/_synthetic.py`` (heavy-tailed activity, six
latent blocs, durable relations with start and end dates, forces ``part_of`` states) with its
1,000,000 interactions spread over **2010-01-01 .. 2020-12-31** (the generator's default span is
2015-2020), so that every one of the **132 monthly dates 2010-01-01 .. 2020-12-01** has six months
of interactions in its look-back window. Default alignment parameters (half-life 30 days,
look-back 180). Building the graph is not timed (it is the same for every side).

**Timed** (wall clock, median of ``--repeat`` runs; the garbage collector runs before every run of
either side and stays on during it, see ``benchmarks/_timing.py``):

1. ``balance_timeline`` over the 132 dates (``to_frame()`` included): census, balance ratio,
   strained partnerships, frustration (bounded on this graph) and blocs per date; against
   * **the loop baseline**: per date, the active rows masked out of all 1,000,000 relations, their
     decayed values summed per pair with a pandas ``groupby``, the statuses classified, and the signed
     triangles counted with scipy sparse products (``trace(A^3)`` and ``trace(S^3)``) — the census
     only, no strain and no frustration; its census is checked equal to ours on every date;
   * **Raphtory** (``pip install raphtory``; skipped when absent): the interactions loaded into a
     Raphtory graph (untimed), then ``rolling(window="180 days", step="1 month")`` over the same
     132 dates with the plain counts Raphtory offers (nodes, edges, temporal edges) per window, no
     signs, no triangles.
   (its 132 windows end with each month, ours count on each month's first day: the same amount of
   data per date).
2. ``alignment_timeline`` of every pair over the 132 dates against the same pandas loop returning
   every pair's score and status per date (rows checked equal).
3. ``change_report`` between 2020-06-30 and 2020-12-31, rendered as Markdown (what a user pays to
   read it); and the three formats.
4. ``balance()`` with its defaults (the last day of the data) and on 2020-12-31.
5. ``to_html(at=...)``: the first view of the graph (it lays out the whole history once, then keeps
   the layout with the graph) and a view of another day after it.

Ratios are printed from the same run. Ours run first, so the peak resident memory printed after
them is what building the graph and our calls cost; the baselines' own memory comes after.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from _synthetic import synthetic_graph  # noqa: E402
from _timing import median_of, peak_mib  # noqa: E402

import graphlib_conflict as gc  # noqa: E402
from graphlib_conflict._time import day_grid  # noqa: E402
from graphlib_conflict.analytics.alignment import AlignmentParams, classify  # noqa: E402
from graphlib_conflict.dates import DAY_MAX, Day, to_day  # noqa: E402

FIRST, LAST = "2010-01-01", "2020-12-01"
REPORT = ("2020-06-30", "2020-12-31")
TARGETS = {"timeline": 1.0, "report": 2.0, "balance": 1.0, "view": 1.5, "memory": 1536.0}


class LoopBaseline:
    """What a skilled pandas/scipy user writes for one date, run for every date: the relations
    prepared once as arrays, then per date a mask over all of them, a groupby per pair, and sparse
    triangle counts."""

    def __init__(self, graph: gc.ConflictGraph, params: AlignmentParams) -> None:
        rel = graph.relations
        self.p = params
        t0, t1 = graph.relation_days
        category = rel["category"].to_numpy()
        self.durable = category == "alignment"
        self.interaction = category == "interaction"
        self.t0, self.t1 = t0, t1
        self.value = rel["sign"].to_numpy(dtype="float64") * rel["weight"].to_numpy(dtype="float64")
        ids = graph.actors["id"].to_numpy(dtype=object)
        code = pd.Series(np.arange(len(ids)), index=ids)
        links = rel[rel["type"] == "part_of"]  # roll-up: undated in this graph
        parent = np.arange(len(ids))
        parent[code[links["source"]].to_numpy()] = code[links["target"]].to_numpy()
        s = parent[code[rel["source"]].to_numpy()]
        t = parent[code[rel["target"]].to_numpy()]
        self.pair = np.minimum(s, t) * len(ids) + np.maximum(s, t)
        self.valid = s != t
        self.n = len(ids)
        self.ids = ids

    def scores(self, day: int) -> pd.DataFrame:
        p = self.p
        active = self.durable & (self.t0 <= day) & (self.t1 >= day)
        age = np.where(self.t1 == DAY_MAX, 0, day - np.minimum(self.t1, day))
        recent = self.interaction & (self.t0 <= day) & (age <= p.lookback)
        factor = np.where(active, 1.0, np.where(recent, 0.5 ** (age / p.half_life), 0.0))
        rows = np.flatnonzero((active | recent) & self.valid)
        value = self.value[rows] * factor[rows]
        frame = pd.DataFrame({"pair": self.pair[rows], "positive": np.where(value > 0, value, 0.0),
                              "negative": np.where(value < 0, -value, 0.0)})
        sums = frame.groupby("pair", sort=True)[["positive", "negative"]].sum()
        sums["status"] = classify(sums["positive"].to_numpy(), sums["negative"].to_numpy(), p)
        return sums

    def census(self, day: int) -> tuple[int, int]:
        sums = self.scores(day)
        score = sums["positive"].to_numpy() - sums["negative"].to_numpy()
        tied = (sums["status"].to_numpy() != "neutral") & (score != 0)
        pair = sums.index.to_numpy()[tied]
        sign = np.sign(score[tied])
        a, b = pair // self.n, pair % self.n
        rows, cols = np.concatenate([a, b]), np.concatenate([b, a])
        signed = sp.csr_array((np.concatenate([sign, sign]), (rows, cols)), shape=(self.n, self.n))
        plain = abs(signed)
        total = round(float((plain @ plain).multiply(plain).sum()) / 6)
        net = round(float((signed @ signed).multiply(signed).sum()) / 6)  # balanced - unbalanced
        return total, (total + net) // 2

    def alignment(self, day: int) -> pd.DataFrame:
        sums = self.scores(day)
        pair = sums.index.to_numpy()
        return pd.DataFrame({"source": self.ids[pair // self.n], "target": self.ids[pair % self.n],
                             "score": sums["positive"].to_numpy() - sums["negative"].to_numpy(),
                             "status": sums["status"].to_numpy()})


def raphtory_rolling(graph: gc.ConflictGraph) -> Callable[[], list[tuple[int, int, int]]] | None:
    """The Raphtory side (None when Raphtory is not installed): the interactions as temporal edges
    (loaded here, untimed), and the timed call that counts every rolling window."""
    try:
        from raphtory import Graph
    except ImportError:
        return None
    rel = graph.relations
    inter = rel[rel["category"] == "interaction"]
    events = pd.DataFrame({"time": inter["valid_from"].astype("datetime64[ms]"),
                           "src": inter["source"].astype(str), "dst": inter["target"].astype(str),
                           "weight": inter["weight"].to_numpy(dtype="float64")})
    g = Graph()
    g.load_edges(events, time="time", src="src", dst="dst", properties=["weight"])
    # one window of 180 days per month of 2010-2020 (132), each ending with its month (Raphtory's
    # windows end exclusive; the interactions start in 2010, so clipping the first ones loses none)
    view = g.window(pd.Timestamp(FIRST).to_pydatetime(),
                    (pd.Timestamp(LAST) + pd.DateOffset(months=1)).to_pydatetime())

    def run() -> list[tuple[int, int, int]]:
        return [(w.count_nodes(), w.count_edges(), w.count_temporal_edges())
                for w in view.rolling(window="180 days", step="1 month")]

    return run


def line(step: str, ours: Sequence[float], base: Sequence[float] | None = None,
         note: str = "", target: float | None = None) -> None:
    """A row: our wall time (and CPU time), the baseline's, their ratio, the target."""
    b = f"{base[0]:8.2f} s ({base[1]:5.1f})" if base is not None else " " * 18
    ratio = f"{base[0] / ours[0]:7.1f}x" if base is not None and ours[0] > 0 else " " * 8
    goal = ""
    if target is not None:
        goal = f"  [target < {target:g} s: {'met' if ours[0] < target else 'MISSED'}]"
    print(f"  {step:<44}{ours[0]:7.3f} s ({ours[1]:5.2f})  {b}  {ratio}  {note}{goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each of ours (median)")
    parser.add_argument("--baseline-repeat", type=int, default=3,
                        help="runs of the slow baselines (median)")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, python "
          f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}; load "
          f"average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    t = time.perf_counter()
    graph = synthetic_graph(args.actors, args.interactions, seed=args.seed, start="2010-01-01",
                            end="2020-12-31")
    print(f"graph: {len(graph.actors):,} actors, {len(graph.relations):,} relations, interactions "
          f"2010-01-01..2020-12-31; built in {time.perf_counter() - t:.0f} s (untimed); peak RSS "
          f"after building {peak_mib():,.0f} MiB")
    days = day_grid(to_day(FIRST), to_day(LAST), "MS")
    print(f"grid: {len(days)} monthly dates {FIRST} .. {LAST}")

    # ---- ours first, so that the peak memory printed after them is what our calls cost
    *ours_t, timeline = median_of(
        lambda: gc.balance_timeline(graph, FIRST, LAST, freq="month").to_frame(), args.repeat)
    *align_t, long = median_of(
        lambda: gc.alignment_timeline(graph, FIRST, LAST, freq="month").to_frame(), args.repeat)
    rows = len(long)
    final = long[long["date"] == long["date"].max()].sort_values(["source", "target"])
    del long
    *report_t, report = median_of(lambda: gc.change_report(graph, *REPORT).to_markdown(),
                                    args.repeat)
    *all_t, _ = median_of(lambda: _three_formats(gc.change_report(graph, *REPORT)),
                            args.repeat)
    *bal_t, result = median_of(lambda: gc.balance(graph), args.repeat)
    *bal2_t, result2 = median_of(lambda: gc.balance(graph, "2020-12-31"), args.repeat)

    def fresh() -> None:
        vars(graph).pop("_view_layouts", None)

    *cold_t, page = median_of(lambda: gc.to_html(graph, at="2020-06-30"), args.repeat,
                                before=fresh)
    gc.to_html(graph, at="2020-06-30")
    *warm_t, _ = median_of(lambda: gc.to_html(graph, at="2020-07-31"), args.repeat)
    peak_ours = peak_mib()

    # ---- the baselines
    baseline = LoopBaseline(graph, AlignmentParams())
    *base_t, census = median_of(lambda: [baseline.census(int(d)) for d in days],
                                  args.baseline_repeat)
    assert [c[0] for c in census] == timeline["triangles"].tolist()
    assert [c[1] for c in census] == timeline["balanced"].tolist()
    *library_t, old = median_of(
        lambda: [gc.triangle_census(gc.alignment(graph, Day(int(d)))) for d in days], 1)
    assert [c["total"] for c in old] == timeline["triangles"].tolist()
    *base_align_t, frames = median_of(lambda: [baseline.alignment(int(d)) for d in days],
                                        args.baseline_repeat)
    assert sum(len(f) for f in frames) == rows
    expected = frames[-1].sort_values(["source", "target"])
    np.testing.assert_allclose(final["score"].to_numpy(), expected["score"].to_numpy(), atol=1e-9)
    del frames
    raphtory = raphtory_rolling(graph)
    rap_t: list[float] | None = None
    windows: list[tuple[int, int, int]] = []
    if raphtory is not None:
        *rap_t, windows = median_of(raphtory, args.baseline_repeat)

    print("\n  wall seconds, median (CPU seconds of the process in brackets)")
    print(f"  {'step':<44}{'ours':>17}  {'baseline':>18}  {'ratio':>8}")
    bounded = int((timeline["frustration_method"] == "bounded").sum())
    line("balance timeline, 132 rows", ours_t, base_t,
         f"baseline: pandas groupby alignment + scipy sparse census per date (census equal on "
         f"every date); ours adds strain, frustration ({bounded} dates bounded) and blocs",
         TARGETS["timeline"])
    if rap_t is None:
        print("    (Raphtory not installed: pip install raphtory; skipped)")
    else:
        line("  vs Raphtory rolling counts", ours_t, rap_t,
             f"{len(windows)} windows of 180 days, step 1 month: nodes, edges, temporal edges")
    line("  vs the library's own per-date loop", ours_t, library_t,
         "triangle_census(alignment(g, day)) for each date, as the balance plot did (1 run)")
    line("alignment timeline, every pair", align_t, base_align_t,
         f"{rows:,} pair-date rows; baseline: the pandas groupby per date")
    line(f"change report {REPORT[0]} -> {REPORT[1]} + Markdown", report_t, None,
         f"{len(report) / 1e6:.2f} MB of Markdown", TARGETS["report"])
    line("  the same + HTML + JSON", all_t, None)
    line(f"balance() with defaults ({result.at})", bal_t, None,
         f"{result.census['total']:,} triangles, frustration {result.frustration.method}",
         TARGETS["balance"])
    f = result2.frustration
    line("balance() on 2020-12-31", bal2_t, None,
         f"{result2.census['total']:,} triangles; frustration {f.method} {f.index:g} "
         f"(lower bound {f.lower_bound:g})", TARGETS["balance"])
    line("to_html(at=...), first view of the graph", cold_t, None,
         f"{len(page) / 1e6:.1f} MB page; lays out the whole history once", TARGETS["view"])
    line("to_html(at=...), another day", warm_t, None, "the layout kept with the graph",
         TARGETS["view"])
    met = "met" if peak_ours < TARGETS["memory"] else "MISSED"
    print(f"\npeak memory (max RSS) after our calls: {peak_ours:,.0f} MiB (target < "
          f"{TARGETS['memory']:,.0f} MiB: {met}); after the baselines too: {peak_mib():,.0f} MiB")


def _three_formats(report: Any) -> tuple[str, str, str]:
    return report.to_markdown(), report.to_html(), report.to_json()


if __name__ == "__main__":
    main()
