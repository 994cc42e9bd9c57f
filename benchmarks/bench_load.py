"""Load: the command line and the Python API on a 1,000,000-event case, time and peak memory.

Run: ``python benchmarks/bench_load.py [--events N] [--small-share F] [--keep DIR]``

Generates, in a temporary folder (or ``--keep DIR``):

* a seeded synthetic GDELT 2.0 export of ``--events`` rows (``bench_events.write_synthetic_gdelt``:
  heavy-tailed actor activity, 3% repeated reports, 8% one-sided events);
* the seeded synthetic dataset of ``benchmarks/_synthetic.py`` with as many dated interactions (5,000
  actors, plus durable relations and forces), saved as Parquet and as a CSV folder.

Then runs each step once, each in a fresh Python (so no step inherits another's heap), and prints its
wall time and its peak resident memory (``VmHWM``):

* **API**: ``read_events`` to a graph (in memory) and to a Parquet file (the out-of-core path);
  ``load`` of the Parquet and CSV datasets; ``validate``; ``save`` to Parquet, CSV and YAML;
  ``summary``, ``balance`` and the alliance-change report (with its Markdown) at a date;
* **CLI**: ``import`` (to Parquet), ``validate``, ``info``, ``report`` and ``balance``, run as a user
  runs them, by ``graphlib_conflict.cli.main`` with their arguments.

Every step is also run on a case ``--small-share`` the size (a quarter by default), and the growth
is printed as an exponent: time grows as size**k, ``k`` about 1 for a linear step, 2 for a
quadratic one. A step whose exponent is above 1.3 is marked (``!``). The results of the API and
CLI imports are checked to agree (same rows read, events imported and relations).

This is a measurement, not a test: it prints figures and exits 0 unless a step fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = """
import json, sys, time
from pathlib import Path
sys.path[:0] = [{here!r}, {root!r}]
result_file, step, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
import bench_load
start = time.perf_counter()
info = bench_load.run_step(step, folder)
info["seconds"] = time.perf_counter() - start
info["peak_mib"] = bench_load.peak_rss_mib()
Path(result_file).write_text(json.dumps(info), encoding="utf-8")
"""

AT, FROM, TO = "2020-06-30", "2020-01", "2020-06"


def peak_rss_mib() -> float:
    """This process's peak resident set size (``VmHWM`` on Linux, ``ru_maxrss`` elsewhere)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------ the steps
def run_step(step: str, folder: Path) -> dict[str, Any]:
    """Run one step on the case in ``folder``; what it found (to check the steps agree)."""
    import graphlib_conflict as gc
    from graphlib_conflict.cli import main
    from graphlib_conflict.io.events import read_events

    events, dataset, csv = folder / "events.export.CSV", folder / "dataset.parquet", folder / "dataset_csv"
    out = folder / "out"
    if step == "api import -> graph":
        result = read_events(events, "gdelt", period="month", progress=False)
        graph = result.graph
        return {**_counts(result), "graph_relations": len(graph.relations)}
    if step == "api import -> parquet":
        return _counts(read_events(events, "gdelt", period="month", progress=False,
                                   output=out / "api.parquet", events=False, rejects=False))
    if step == "api load parquet":
        return {"relations": len(gc.load(dataset).relations)}
    if step == "api load csv":
        return {"relations": len(gc.load(csv).relations)}
    if step == "api validate":
        report = gc.validate(dataset)
        return {"ok": report.ok, "warnings": len(report.warnings)}
    if step.startswith("api save "):
        graph = gc.load(dataset)
        target = {"parquet": out / "saved.parquet", "csv": out / "saved_csv", "yaml": out / "saved.yaml"}[
            step.rsplit(" ", 1)[1]]
        start = time.perf_counter()
        graph.save(target)
        return {"save_seconds": time.perf_counter() - start}
    if step == "api analytics":
        graph = gc.load(dataset)
        start = time.perf_counter()
        gc.summary(graph, AT)
        gc.balance(graph, AT)
        text = gc.change_report(graph, FROM, TO).to_markdown()
        return {"analytics_seconds": time.perf_counter() - start, "markdown_chars": len(text)}
    if step.startswith("cli "):
        with open(os.devnull, "w", encoding="utf-8") as devnull, contextlib.redirect_stdout(devnull):
            code = main(CLI_STEPS[step](folder))
        if code != 0:
            raise SystemExit(f"{step} exited {code}")
        if step == "cli import":
            graph = gc.load(out / "cli.parquet")
            return {"relations": int((graph.relations["origin"] == "gdelt").sum())}
        return {"exit": code}
    raise SystemExit(f"unknown step {step!r}")


def _counts(result: Any) -> dict[str, int]:
    return {k: int(result.counts[k]) for k in ("rows_read", "imported", "relations")}


CLI_STEPS = {
    "cli import": lambda f: ["import", "gdelt", str(f / "events.export.CSV"), "-o",
                             str(f / "out" / "cli.parquet"), "--no-progress"],
    "cli validate": lambda f: ["validate", str(f / "dataset.parquet")],
    "cli info": lambda f: ["info", str(f / "dataset.parquet"), "--at", AT],
    "cli report": lambda f: ["report", str(f / "dataset.parquet"), "--from", FROM, "--to", TO,
                             "--format", "markdown", "-o", str(f / "out" / "report.md")],
    "cli balance": lambda f: ["balance", str(f / "dataset.parquet"), "--at", AT],
}
STEPS = ["api import -> graph", "api import -> parquet", "api load parquet", "api load csv", "api validate",
         "api save parquet", "api save csv", "api save yaml", "api analytics", *CLI_STEPS]


# ------------------------------------------------------------------------------------ the case
def make_case(folder: Path, n_events: int) -> dict[str, Any]:
    """Write the event file and the dataset (Parquet and CSV) of one size into ``folder``."""
    sys.path[:0] = [str(HERE), str(ROOT)]
    from _synthetic import synthetic_graph
    from bench_events import write_synthetic_gdelt

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "out").mkdir(exist_ok=True)
    start = time.perf_counter()
    write_synthetic_gdelt(folder / "events.export.CSV", n_events, 5_000, seed=0)
    graph = synthetic_graph(5_000, n_events, seed=0)
    graph.save(folder / "dataset.parquet")
    graph.save(folder / "dataset_csv")
    return {"events_mib": (folder / "events.export.CSV").stat().st_size / 2**20,
            "relations": len(graph.relations), "seconds": time.perf_counter() - start}


def in_child(step: str, folder: Path) -> dict[str, Any]:
    result = folder / "out" / "step.json"
    code = CHILD.format(here=str(HERE), root=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code, str(result), step, str(folder)], capture_output=True,
                          text=True, check=False, cwd=folder / "out")
    if done.returncode != 0:
        raise SystemExit(f"{step} failed:\n{done.stderr[-3000:]}")
    return json.loads(result.read_text(encoding="utf-8"))


@dataclass
class Row:
    step: str
    seconds: float
    peak_mib: float
    small_seconds: float
    info: dict[str, Any]

    @property
    def exponent(self) -> float:
        if self.small_seconds <= 0:
            return 0.0
        return math.log(self.seconds / self.small_seconds) / math.log(SCALE[0])


SCALE = [4.0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--small-share", type=float, default=0.25)
    parser.add_argument("--keep", type=Path, default=None, help="write the cases here and keep them")
    parser.add_argument("--steps", nargs="*", default=STEPS, choices=STEPS)
    args = parser.parse_args()
    SCALE[0] = 1 / args.small_share
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench_load_"))
    try:
        small_n = int(args.events * args.small_share)
        print(f"graphlib_conflict load benchmark: {args.events:,} events (and {small_n:,} for the growth); "
              f"Python {platform.python_version()}, {os.cpu_count()} cores; cases in {base}")
        cases = {}
        for name, n in (("small", small_n), ("full", args.events)):
            made = in_child_case(base / name, n)
            cases[name] = made
            print(f"  case {name}: {n:,} events ({made['events_mib']:.0f} MiB of GDELT text), dataset of "
                  f"{made['relations']:,} relations; made in {made['seconds']:.0f} s")
        rows = []
        for step in args.steps:
            small = in_child(step, base / "small")
            full = in_child(step, base / "full")
            rows.append(Row(step, full["seconds"], full["peak_mib"], small["seconds"], full))
            row = rows[-1]
            mark = " !" if row.exponent > 1.3 else ""
            print(f"  {step:<24} {row.seconds:8.1f} s  peak {row.peak_mib:7.0f} MiB   "
                  f"(x{SCALE[0]:.0f} size: x{row.seconds / row.small_seconds:4.1f} time, "
                  f"k={row.exponent:.2f}{mark})  {_brief(full)}", flush=True)
        by_step = {r.step: r.info for r in rows}
        if "api import -> graph" in by_step and "api import -> parquet" in by_step:
            a, b = by_step["api import -> graph"], by_step["api import -> parquet"]
            assert {k: a[k] for k in ("rows_read", "imported", "relations")} == \
                {k: b[k] for k in ("rows_read", "imported", "relations")}, (a, b)
            assert a["graph_relations"] == a["relations"], a
            if "cli import" in by_step:
                assert by_step["cli import"]["relations"] == a["relations"], (by_step["cli import"], a)
            print(f"  imports agree: {a['rows_read']:,} rows read, {a['imported']:,} events imported, "
                  f"{a['relations']:,} relations (API in memory, API to Parquet, CLI)")
        worst = max(rows, key=lambda r: r.exponent)
        print(f"  largest growth: {worst.step} (k={worst.exponent:.2f}); "
              f"largest peak: {max(r.peak_mib for r in rows):.0f} MiB")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


def in_child_case(folder: Path, n: int) -> dict[str, Any]:
    """Make a case in a child (its memory is not the steps')."""
    code = (f"import json, sys; sys.path[:0] = [{str(HERE)!r}, {str(ROOT)!r}]; import bench_load; "
            f"from pathlib import Path; print(json.dumps(bench_load.make_case(Path({str(folder)!r}), {n})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"making the case failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _brief(info: dict[str, Any]) -> str:
    shown = {k: v for k, v in info.items() if k not in ("seconds", "peak_mib")}
    return ", ".join(f"{k}={v:,}" if isinstance(v, int) and not isinstance(v, bool)
                     else f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in shown.items())


if __name__ == "__main__":
    main()
