"""Benchmark: the same GDELT import on both engines, embedded (DuckDB) and Apache Spark (local mode).

Run: ``python benchmarks/bench_spark.py [--events N [N ...]] [--repeat R] [--master local[2]] [--big]``;
``--big`` adds the 20,000,000-event file (about 5 GiB on disk; one run per engine, about 40 minutes
on 2 cores).

Writes the seeded synthetic GDELT 2.0 export of ``bench_events.py`` (Pareto-active actors, a
GDELT-like mix of CAMEO codes, 8% one-sided events, 3% repeated reports) and imports it through
each engine with ``period="month"`` and a ``.parquet`` output (the out-of-core path the CLI takes,
events file and rejects included), each run in a fresh child process. For each engine: wall time
(the median of ``--repeat`` runs; the fastest in brackets), and the peak resident memory of the
child's whole process tree, sampled every 0.1 s — for Spark that is the Python driver plus the JVM
it starts. The two outputs are checked equal (the relations, sorted). Ratios are Spark over DuckDB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_events import write_synthetic_gdelt

CHILD = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
from graphlib_conflict.io.events import read_gdelt, spark_session
engine, path, out, master, memory = sys.argv[1:6]
start = time.perf_counter()
options = {}
if engine == "spark":
    options = {"engine": "spark", "spark": spark_session(master, config={
        "spark.driver.memory": memory, "spark.sql.shuffle.partitions": "64",
        "spark.local.dir": out + ".spark"})}
result = read_gdelt(path, period="month", progress=False, memory_limit="1GiB", output=out, **options)
print(json.dumps({"seconds": time.perf_counter() - start, "relations": result.counts["relations"],
                  "imported": result.counts["imported"], "rows_read": result.counts["rows_read"]}))
"""


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants (KiB), from ``/proc``."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run_once(engine: str, path: Path, out: Path, master: str, memory: str) -> dict[str, Any]:
    """One import in a fresh interpreter: its own time, the wall time, and the tree's peak RSS."""
    start = time.perf_counter()
    log = out.with_name(out.name + ".log")  # the child's standard error (Spark's log), kept with --keep
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, engine, str(path), str(out), master, memory],
                                stdout=subprocess.PIPE, stderr=err, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, _tree_rss_kib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    done.set()
    sampler.join()
    stderr = log.read_text(errors="replace")
    if proc.returncode:
        causes = [line for line in stderr.splitlines()
                  if ("Error" in line or "Exception" in line) and not line.startswith("\tat ")]
        raise SystemExit(f"{engine} failed:\n" + "\n".join(causes[:20]) + f"\n...\n{stderr[-2000:]}")
    info = json.loads(stdout.strip().splitlines()[-1])
    info["wall"] = time.perf_counter() - start
    info["peak_mib"] = peak / 1024
    return info


def _same_relations(a: Path, b: Path) -> bool:
    import pyarrow.parquet as pq

    left, right = pq.read_table(a).sort_by("id"), pq.read_table(b).sort_by("id")
    return bool(left.equals(right))


def measure(path: Path, folder: Path, repeat: int, master: str, memory: str) -> dict[str, Any]:
    """Both engines on one file, ``repeat`` times each (alternating), the outputs checked equal."""
    results: dict[str, list[dict[str, Any]]] = {"duckdb": [], "spark": []}
    for _ in range(repeat):
        for engine in results:
            out = folder / f"{engine}.parquet"
            results[engine].append(run_once(engine, path, out, master, memory))
    assert _same_relations(folder / "duckdb.parquet", folder / "spark.parquet"), "outputs differ"
    first = results["duckdb"][0]
    print(f"  {first['rows_read']:,} rows -> {first['imported']:,} events -> {first['relations']:,} "
          "monthly relations; both engines wrote the same relations")
    summary: dict[str, Any] = {"runs": repeat}
    for engine, runs in results.items():
        wall = [r["wall"] for r in runs]
        summary[engine] = {"median": statistics.median(wall), "fastest": min(wall),
                           "peak_mib": max(r["peak_mib"] for r in runs)}
        print(f"  {engine:>6}: {summary[engine]['median']:8.1f} s [{summary[engine]['fastest']:.1f} s]   "
              f"peak RSS {summary[engine]['peak_mib']:7.0f} MiB   (median of {repeat}, process tree)",
              flush=True)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="*", default=None,
                        help="sizes to measure (default 1,000,000; none with --big alone)")
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="2g", help="spark.driver.memory (default 2g)")
    parser.add_argument("--big", action="store_true",
                        help="also 20,000,000 events (about 5 GiB), one run per engine")
    parser.add_argument("--keep", metavar="DIR", help="write the generated files here and keep them")
    args = parser.parse_args()
    import duckdb
    import pyspark

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, "
          f"duckdb {duckdb.__version__}, pyspark {pyspark.__version__} ({args.master}, driver memory "
          f"{args.driver_memory}); DuckDB memory limit 1 GiB on both (Spark: its driver-side writer)")
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_spark_"))
    folder.mkdir(parents=True, exist_ok=True)
    small = args.events if args.events is not None else ([] if args.big else [1_000_000])
    sizes = [(n, args.repeat) for n in small] + ([(20_000_000, 1)] if args.big else [])
    rows = []
    try:
        for n_events, repeat in sizes:
            path = folder / f"synthetic_{n_events}.export.CSV"
            if not path.exists():
                write_synthetic_gdelt(path, n_events, args.actors)
            size = path.stat().st_size / 2**30
            print(f"{n_events:,} events over {args.actors:,} actors: {size:.2f} GiB", flush=True)
            summary = measure(path, folder, repeat, args.master, args.driver_memory)
            rows.append((n_events, size, summary))
            if not args.keep:
                path.unlink()
        print()
        print("| events | file | DuckDB: time | peak memory | Spark local[2]: time | peak memory "
              "(incl. JVM) | Spark / DuckDB |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for n_events, size, summary in rows:
            d, s = summary["duckdb"], summary["spark"]
            runs = f" (median of {summary['runs']})" if summary["runs"] > 1 else " (one run)"
            cells = [f"{n_events:,}{runs}", f"{size:.2f} GiB", f"{d['median']:.1f} s",
                     f"{d['peak_mib'] / 1024:.2f} GiB", f"{s['median']:.1f} s",
                     f"{s['peak_mib'] / 1024:.2f} GiB",
                     f"{s['median'] / d['median']:.1f}x time, {s['peak_mib'] / d['peak_mib']:.1f}x memory"]
            print("| " + " | ".join(cells) + " |")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
