"""Benchmark: importing GDELT-style event files (read, code, resolve, aggregate by month).

Run: ``python benchmarks/bench_events.py [--events N] [--actors A] [--repeat R]``
or ``python benchmarks/bench_events.py --big`` (20,000,000 events, several GB on disk).

Writes a seeded synthetic GDELT 2.0 export (61 tab-separated columns, no header) to a temporary
folder: ``--actors`` actor codes whose activity follows a Pareto law (a few actors take part in
most events), CAMEO codes drawn from a GDELT-like mix with their Goldstein values, dates over
2015-2020, 8% of events without a second actor, and 3% GDELT-style repeated reports (the same
article coding the same event again under a new GLOBALEVENTID). Then, in the same run, it
measures:

* **ours**: :func:`graphlib_conflict.io.events.read_gdelt` with ``period="month"``, in two
  parts: the engine (DuckDB reads, codes, de-duplicates, resolves and aggregates; the monthly
  relations come back as an Arrow table) and the whole call (the same plus building the
  :class:`~graphlib_conflict.ConflictGraph` with ``from_frames``, which checks every relation);
* **baseline**: what a skilled pandas user writes for the same monthly aggregate:
  ``pyarrow.csv.read_csv`` with column selection, then vectorised pandas (CAMEO root to type,
  ``|Goldstein| / 10`` weights, ``drop_duplicates`` on the repeated-report key, ``groupby``);
  the two aggregates are checked equal (relation count, events, weight sums; the baseline has no
  evidence quotes, no reject tracking and no actor resolution beyond the codes);
* **naive**: a per-event Python loop adding each event to a ``networkx.MultiDiGraph`` keyed by
  pair, type and month, on the first ``--naive-events`` rows and extrapolated linearly (marked);
* peak memory (``VmHWM``, the peak resident set) of each, each measured in a fresh child process so
  one does not inherit the other's heap.

Times are medians of ``--repeat`` runs, with the fastest run in brackets (the least disturbed by other
load on a shared machine), and the garbage collector handled the same on both sides (collected
before each run, left on during it). ``--big`` writes 20,000,000 events and imports them
once with the engine's memory limit at 1 GiB, writing the dataset to Parquet (the out-of-core path
the CLI takes), and reports time and peak RSS; the file is deleted afterwards.

Targets (issue 8, 2 cores): 1M events within 1.5x of the baseline and under 1.5 GiB peak; the
20M-event file under 2.5 GiB peak RSS.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphlib_conflict.io.events import read_gdelt
from graphlib_conflict.io.events._gdelt import GDELT2_COLUMNS

# (CAMEO code, share of events, Goldstein value): a GDELT-like mix over every root
CODES: list[tuple[str, float, float]] = [
    ("010", 0.10, 0.0), ("012", 0.01, -0.4), ("020", 0.03, 3.0), ("036", 0.03, 4.0),
    ("040", 0.09, 1.0), ("042", 0.06, 1.9), ("043", 0.06, 2.8), ("046", 0.03, 7.0),
    ("051", 0.04, 3.4), ("057", 0.02, 8.0), ("061", 0.02, 6.4), ("071", 0.02, 7.4),
    ("073", 0.02, 7.4), ("0874", 0.01, 10.0), ("090", 0.01, -2.0), ("100", 0.02, -5.0),
    ("111", 0.04, -2.0), ("112", 0.04, -2.0), ("120", 0.03, -4.0), ("130", 0.03, -4.4),
    ("138", 0.01, -7.0), ("141", 0.02, -6.5), ("154", 0.01, -7.2), ("163", 0.02, -8.0),
    ("173", 0.04, -5.0), ("180", 0.04, -9.0), ("183", 0.02, -10.0), ("190", 0.05, -10.0),
    ("193", 0.02, -10.0), ("195", 0.02, -10.0), ("202", 0.01, -10.0),
]
ROOT_TYPES = {"02": "meets", "03": "agrees", "04": "meets", "05": "agrees", "06": "aids",
              "07": "aids", "08": "agrees", "10": "demands", "11": "accuses", "12": "accuses",
              "13": "threatens", "14": "accuses", "15": "threatens", "16": "accuses",
              "17": "attacks", "18": "attacks", "19": "clashes", "20": "attacks"}
"""The shipped sign policy's CAMEO roots (01 and 09 are dropped), for the baseline."""
UNDIRECTED = {"meets", "agrees", "clashes"}
NEGATIVE = {"demands", "accuses", "threatens", "attacks", "clashes"}
PLACES = ["Damascus, Dimashq, Syria", "Ankara, Ankara, Turkey", "Moscow, Moskva, Russia",
          "Idlib, Idlib, Syria", "Washington, District of Columbia, United States",
          "Tehran, Tehran, Iran", "Beirut, Beyrouth, Lebanon", "Kabul, Kabol, Afghanistan"]


def text(values: np.ndarray) -> pa.Array:
    """Numbers or strings as an Arrow string column."""
    return pa.array(values.astype(str), type=pa.string())


def _constant(value: str, *, n: int) -> pa.Array:
    index = pa.array(np.zeros(n, dtype="int8"))
    return pa.DictionaryArray.from_arrays(index, pa.array([value])).cast(pa.string())


def pick_from(values: np.ndarray | list[str], index: np.ndarray) -> pa.Array:
    """``values[index]`` as an Arrow string column, without Python objects per row."""
    indices = pa.array(index.astype("int32"))
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(values))).cast(pa.string())


def write_synthetic_gdelt(path: Path, n_events: int, n_actors: int, *, seed: int = 0,
                          chunk: int = 1_000_000, repeat_share: float = 0.03,
                          one_sided_share: float = 0.08) -> None:
    """Write a synthetic GDELT 2.0 export of ``n_events`` rows (see the module docstring)."""
    rng = np.random.default_rng(seed)
    width = len(str(n_actors))
    codes = list(np.char.add("A", np.char.zfill(np.arange(n_actors).astype(str), width)))
    names = list(np.char.add("ACTOR ", np.arange(n_actors).astype(str)))
    activity = rng.pareto(0.93, n_actors) + 1.0
    p = activity / activity.sum()
    code_values = np.asarray([c for c, _, _ in CODES], dtype=object)
    shares = np.asarray([s for _, s, _ in CODES])
    goldstein = np.asarray([g for _, _, g in CODES])
    first = np.datetime64("2015-01-01", "D")
    span = int((np.datetime64("2020-12-31", "D") - first).astype(int)) + 1
    quad = {"01": 1, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2, "09": 2}
    root_values = np.asarray([c[:2] for c in code_values], dtype=object)
    base_values = np.asarray([c[:3] for c in code_values], dtype=object)
    quad_values = np.asarray([str(quad.get(r, 3 if r < "15" else 4)) for r in root_values], dtype=object)
    goldstein_text = np.asarray([f"{g:.1f}" for g in goldstein], dtype=object)
    written = 0
    with open(path, "wb") as out:
        while written < n_events:
            n = min(chunk, n_events - written)
            n_repeats = int(n * repeat_share)
            n_new = n - n_repeats
            a1 = rng.choice(n_actors, n_new, p=p)
            a2 = rng.choice(n_actors, n_new, p=p)
            a2 = np.where(a1 == a2, (a2 + 1) % n_actors, a2)
            pick = rng.choice(len(CODES), n_new, p=shares / shares.sum())
            days = first + rng.integers(0, span, n_new).astype("timedelta64[D]")
            story = rng.integers(0, 10**9, n_new)
            # repeated reports: copies of earlier rows of this chunk (same date, actors, code, URL)
            again = rng.integers(0, n_new, n_repeats)
            order = np.concatenate([np.arange(n_new), again])
            a1, a2, pick, days, story = a1[order], a2[order], pick[order], days[order], story[order]
            no_target = rng.random(n) < one_sided_share
            stamp = pd.DatetimeIndex(days)
            ymd_int = stamp.year.to_numpy() * 10000 + stamp.month.to_numpy() * 100 + stamp.day.to_numpy()
            place = rng.integers(0, len(PLACES), n)
            ids = np.arange(written, written + n) + 800_000_000

            const = partial(_constant, n=n)
            a2_index = np.where(no_target, n_actors, a2)
            columns: dict[str, pa.Array] = {name: pa.nulls(n, pa.string()) for name in GDELT2_COLUMNS}
            columns.update({
                "GLOBALEVENTID": text(ids), "SQLDATE": text(ymd_int), "MonthYear": text(ymd_int // 100),
                "Year": text(ymd_int // 10000), "FractionDate": const("2019.8055"),
                "Actor1Code": pick_from(codes, a1), "Actor1Name": pick_from(names, a1),
                "Actor2Code": pick_from([*codes, ""], a2_index),
                "Actor2Name": pick_from([*names, ""], a2_index),
                "IsRootEvent": const("1"), "EventCode": pick_from(code_values, pick),
                "EventBaseCode": pick_from(base_values, pick), "EventRootCode": pick_from(root_values, pick),
                "QuadClass": pick_from(quad_values, pick), "GoldsteinScale": pick_from(goldstein_text, pick),
                "NumMentions": text(rng.integers(1, 20, n)), "NumSources": const("1"),
                "NumArticles": text(rng.integers(1, 20, n)),
                "AvgTone": text(np.round(rng.normal(-2, 3, n), 4)),
                "ActionGeo_Type": const("4"), "ActionGeo_FullName": pick_from(PLACES, place),
                "ActionGeo_CountryCode": const("SY"), "ActionGeo_ADM1Code": const("SY07"),
                "ActionGeo_Lat": const("35.9306"), "ActionGeo_Long": const("36.6339"),
                "ActionGeo_FeatureID": const("-2988474"), "DATEADDED": const("20191024143000"),
                "SOURCEURL": text(np.char.add("https://news.example.org/world/story-", story.astype(str))),
            })
            table = pa.table([columns[name] for name in GDELT2_COLUMNS], names=list(GDELT2_COLUMNS))
            options = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")
            pacsv.write_csv(table, out, write_options=options)
            written += n


# ---------------------------------------------------------------------------------------- the sides
def baseline(path: Path) -> pd.DataFrame:
    """pyarrow CSV read with column selection + vectorised pandas for the same monthly aggregate."""
    names = list(GDELT2_COLUMNS)
    wanted = ["GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2Code", "EventCode", "GoldsteinScale",
              "SOURCEURL"]
    table = pacsv.read_csv(
        path, read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 25),
        parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False),
        convert_options=pacsv.ConvertOptions(
            include_columns=wanted, strings_can_be_null=False,
            column_types={c: pa.string() for c in wanted if c != "GoldsteinScale"}))
    frame = table.to_pandas()
    frame = frame[(frame["Actor1Code"] != "") & (frame["Actor2Code"] != "")]
    frame = frame.drop_duplicates(["SQLDATE", "Actor1Code", "Actor2Code", "EventCode", "SOURCEURL"])
    kind = frame["EventCode"].str.slice(0, 2).map(ROOT_TYPES)
    frame = frame.assign(type=kind)[kind.notna()]
    undirected = frame["type"].isin(UNDIRECTED) & (frame["Actor2Code"] < frame["Actor1Code"])
    source = frame["Actor1Code"].where(~undirected, frame["Actor2Code"])
    target = frame["Actor2Code"].where(~undirected, frame["Actor1Code"])
    weight = frame["GoldsteinScale"].abs() / 10.0
    sign = np.where(frame["type"].isin(NEGATIVE), -1.0, 1.0)
    frame = pd.DataFrame({"source": source, "target": target, "type": frame["type"],
                          "month": frame["SQLDATE"].str.slice(0, 6), "weight": weight,
                          "score": sign * weight})
    return (frame.groupby(["source", "target", "type", "month"], sort=False)
            .agg(events=("weight", "size"), weight_sum=("weight", "sum"), score=("score", "sum"))
            .reset_index())


def naive(path: Path, limit: int) -> tuple[int, int]:
    """A per-event loop into a networkx MultiDiGraph (one edge per pair, type and month)."""
    import networkx as nx

    G = nx.MultiDiGraph()
    seen: set[tuple[str, ...]] = set()
    done = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if done >= limit:
                break
            done += 1
            f = line.rstrip("\n").split("\t")
            a1, a2, code, url = f[5], f[15], f[26], f[60]
            if not a1 or not a2:
                continue
            key = (f[1], a1, a2, code, url)
            if key in seen:
                continue
            seen.add(key)
            kind = ROOT_TYPES.get(code[:2])
            if kind is None:
                continue
            if kind in UNDIRECTED and a2 < a1:
                a1, a2 = a2, a1
            weight = abs(float(f[30])) / 10.0
            edge = f"{kind}-{f[1][:6]}"
            if G.has_edge(a1, a2, edge):
                data = G.edges[a1, a2, edge]
                data["events"] += 1
                data["weight"] += weight
            else:
                G.add_edge(a1, a2, key=edge, type=kind, events=1, weight=weight)
    return done, G.number_of_edges()


def ours_engine(path: Path) -> Any:
    """The engine's part: monthly relations as an Arrow table, no graph built."""
    return read_gdelt(path, period="month", progress=False).relations_table


def ours(path: Path) -> Any:
    """The whole call: the same plus the checked ConflictGraph."""
    return read_gdelt(path, period="month", progress=False).graph


# ---------------------------------------------------------------------------------------- harness
BEST: dict[str, float] = {}
"""Fastest run of each measurement (the least disturbed by other load on the machine)."""


def timed(fn: Callable[[], Any], repeat: int, name: str = "") -> tuple[float, Any]:
    """Median of ``repeat`` runs, each after a full collection (gc stays on during runs); the fastest
    run is kept in :data:`BEST` under ``name``."""
    times, result = [], None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    BEST[name] = min(times)
    return statistics.median(times), result


def child(mode: str, path: Path, extra: str = "") -> dict[str, Any]:
    """Run one side once in a fresh interpreter; its time and peak RSS (ru_maxrss of the child)."""
    code = (f"import json, resource, sys, time; sys.argv = ['bench', {mode!r}, {str(path)!r}, {extra!r}];"
            f"sys.path.insert(0, {str(Path(__file__).parent)!r});"
            "import bench_events as b; t = time.perf_counter(); info = b.run_child();"
            "info['seconds'] = time.perf_counter() - t;"
            "info['peak_mib'] = b.peak_rss_mib();"
            "print(json.dumps(info))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def peak_rss_mib() -> float:
    """This process's peak resident set size: ``VmHWM`` (Linux), which starts afresh at ``exec``;
    ``ru_maxrss`` elsewhere (on Linux it would carry over the parent's peak from before ``exec``)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child() -> dict[str, Any]:
    mode, path_text, extra = sys.argv[1], sys.argv[2], sys.argv[3]
    path = Path(path_text)
    if mode == "baseline":
        return {"relations": len(baseline(path))}
    if mode == "ours":
        return {"relations": len(ours(path).relations)}
    if mode == "engine":
        return {"relations": ours_engine(path).num_rows}
    if mode == "big":
        result = read_gdelt(path, period="month", progress=False, memory_limit="1GiB",
                            output=extra)
        return {"relations": result.counts["relations"], "events": result.counts["imported"],
                "rows_read": result.counts["rows_read"]}
    raise SystemExit(f"unknown mode {mode}")


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--graph-repeat", type=int, default=1,
                        help="runs of the whole call, graph included (default 1: building and checking "
                             "the graph dominates and varies little)")
    parser.add_argument("--no-graph", action="store_true",
                        help="measure the engine only, not the ConflictGraph built from its result")
    parser.add_argument("--naive-events", type=int, default=100_000,
                        help="rows run through the naive loop before extrapolating (default 100,000)")
    parser.add_argument("--big", action="store_true",
                        help="20,000,000 events with the engine's memory limit at 1 GiB")
    parser.add_argument("--keep", metavar="DIR", help="write the generated file here and keep it")
    args = parser.parse_args()
    import duckdb

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}, pandas {pd.__version__}, pyarrow {pa.__version__}, "
          f"duckdb {duckdb.__version__}")
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_events_"))
    folder.mkdir(parents=True, exist_ok=True)
    n_events = 20_000_000 if args.big else args.events
    path = folder / f"synthetic_{n_events}.export.CSV"
    try:
        t = time.perf_counter()
        if not path.exists():
            write_synthetic_gdelt(path, n_events, args.actors)
        print(f"wrote {n_events:,} events over {args.actors:,} actors: {path.stat().st_size / 2**30:.2f} GiB "
              f"in {time.perf_counter() - t:.1f} s")
        if args.big:
            _big(path, folder)
        else:
            _standard(path, args)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _standard(path: Path, args: argparse.Namespace) -> None:
    base_t, base = timed(lambda: baseline(path), args.repeat, "baseline")
    engine_t, table = timed(lambda: ours_engine(path), args.repeat, "engine")
    ours_frame = table.to_pandas()
    assert len(ours_frame) == len(base), (len(ours_frame), len(base))
    assert int(ours_frame["events"].sum()) == int(base["events"].sum())
    assert abs(float(ours_frame["weight_sum"].sum()) - float(base["weight_sum"].sum())) < 1e-6 * len(base)
    assert abs(float(ours_frame["score"].sum()) - float(base["score"].sum())) < 1e-6 * len(base)
    print(f"monthly relations: {len(base):,} from {int(base['events'].sum()):,} events "
          "(ours and the baseline agree on count, events, weight sum and score)")
    print(f"medians of {args.repeat} runs (fastest run in brackets):")
    print(f"baseline (pyarrow read_csv + pandas groupby): {base_t:.2f} s [{BEST['baseline']:.2f} s]")
    print(f"ours, engine (read + code + dedupe + resolve + monthly aggregate -> Arrow): {engine_t:.2f} s "
          f"[{BEST['engine']:.2f} s] = {_ratio(engine_t, base_t)} the baseline "
          f"[{_ratio(BEST['engine'], BEST['baseline'])}] (target <= 1.5x)")
    if not args.no_graph:
        ours_t, graph = timed(lambda: ours(path), args.graph_repeat, "whole")
        assert len(graph.relations) == len(base)
        print(f"ours, whole read_gdelt (engine + ConflictGraph.from_frames, which checks every relation): "
              f"{ours_t:.2f} s = {_ratio(ours_t, base_t)} the baseline")
    naive_t, (done, edges) = timed(lambda: naive(path, args.naive_events), 1, "naive")
    total = args.events
    estimate = naive_t * total / max(done, 1)
    print(f"naive networkx loop: {naive_t:.2f} s for {done:,} rows ({edges:,} edges), "
          f"extrapolated to {total:,} rows: ~{estimate:.1f} s (estimate) = "
          f"{_ratio(estimate, base_t)} the baseline")
    modes = ("baseline", "engine") if args.no_graph else ("baseline", "engine", "ours")
    peaks = {mode: child(mode, path) for mode in modes}
    for mode, info in peaks.items():
        print(f"peak RSS, {mode} alone in a fresh process: {info['peak_mib']:.0f} MiB "
              f"({info['seconds']:.2f} s incl. start-up, {info['relations']:,} relations)")
    print("target: ours under 1.5 GiB peak")


def _big(path: Path, folder: Path) -> None:
    out = folder / "big.parquet"
    info = child("big", path, str(out))
    print(f"imported {info['rows_read']:,} rows -> {info['events']:,} events -> {info['relations']:,} "
          f"monthly relations written to Parquet in {info['seconds']:.1f} s, engine memory limit 1 GiB")
    print(f"peak RSS: {info['peak_mib']:.0f} MiB (target < 2560 MiB); "
          f"output {out.stat().st_size / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
