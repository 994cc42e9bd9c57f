"""HTML views at scale: export time, file size and headless render time, against pyvis.

Run from the repository root::

    python benchmarks/bench_views.py            # default sizes: 2,000 actors, 20,000 relations
    python benchmarks/bench_views.py --actors 500 --relations 5000 --repeat 1

The graph is the seeded synthetic one of ``benchmarks/_synthetic.py`` (heavy-tailed activity, blocs,
durable relations, forces ``part_of`` states), sized so that actors + relations match the request.
Four pages are measured:

* ``window``: every relation of the whole period drawn at once (all 20,000 edges: the worst case);
* ``slider``: the whole history in one file, replayed frame by frame;
* ``at``: one day (durable relations active then and the last 30 days of interactions);
* the shipped Syria/Idlib dataset's slider and 2020-02-04 views, for scale.

Export time is ``graphlib_conflict.views.to_html``; the baseline is pyvis building the same graph
(``Network.add_node``/``add_edge`` then ``generate_html``), which draws no dates, tooltips or
legend and still fetches Bootstrap and vis-network's CSS from CDNs. Render time is the time a
headless Chromium (Debian's ``chromium``, software rendering) takes from navigation to the first
drawn frame (``window.gcView.ready``); a slider step is one frame change, drawn. Figures print as
a table; no file is left behind.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from _synthetic import synthetic_graph  # noqa: E402

import graphlib_conflict as gc  # noqa: E402
from graphlib_conflict.views import to_html  # noqa: E402


def timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def pyvis_baseline(graph: gc.ConflictGraph) -> str:
    """The same graph through pyvis's own API: nodes, edges, its template."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    actors = graph.actors
    for actor_id, name in zip(actors["id"].tolist(), actors["name"].tolist(), strict=True):
        net.add_node(actor_id, label=name)
    table = graph.all_relations()
    for source, target, weight in zip(table["source"].tolist(), table["target"].tolist(),
                                      table["weight"].tolist(), strict=True):
        net.add_edge(source, target, width=weight)
    return net.generate_html()


RENDER = """async () => {
  const v = window.gcView, out = {};
  let t = performance.now(); v.network.redraw(); out.redraw = performance.now() - t;
  const steps = [];
  const n = v.data.frames.length;
  for (let k = 0; k < Math.min(20, n - 1); k++) {
    const f = (v.frame() + 1) % n;
    t = performance.now(); v.setFrame(f); steps.push(performance.now() - t);
  }
  steps.sort((a, b) => a - b);
  out.step = steps.length ? steps[Math.floor(steps.length / 2)] : null;
  out.counts = v.counts();
  return out;
}"""


def render_times(paths: dict[str, Path], repeat: int) -> dict[str, dict] | str:
    """Median time to the first drawn frame per page, with redraw and slider-step times."""
    sys.path.insert(0, str(ROOT))
    try:
        from tests.browser._chromium import launch

        playwright, browser = launch()
    except RuntimeError as exc:
        return f"render times skipped: {exc}"
    results: dict[str, dict] = {}
    try:
        for name, path in paths.items():
            loads = []
            details: dict = {}
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                start = time.perf_counter()
                page.goto(path.resolve().as_uri())
                page.wait_for_function("() => window.gcView && window.gcView.ready", timeout=120_000)
                loads.append(time.perf_counter() - start)
                details = page.evaluate(RENDER)
                context.close()
            results[name] = {"ready": statistics.median(loads), **details}
    finally:
        browser.close()
        playwright.stop()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--relations", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="skip the render times")
    args = parser.parse_args(argv)

    durable = args.actors  # synthetic_graph: one durable relation per actor
    forces = int(args.actors * 0.05)
    interactions = args.relations - durable - forces
    graph = synthetic_graph(args.actors, interactions, seed=0)
    first, last = graph.date_range
    default = gc.load()
    print(f"graph: {len(graph.actors):,} actors, {len(graph.relations):,} relations "
          f"({first.date()} .. {last.date()}); machine: {_machine()}")

    pages = {
        "window (all edges)": (graph, {"start": str(first.date()), "end": str(last.date())}),
        "slider": (graph, {}),
        "at 2018-06-01": (graph, {"at": "2018-06-01"}),
        "idlib slider": (default, {}),
        "idlib at 2020-02-04": (default, {"at": "2020-02-04"}),
    }
    with tempfile.TemporaryDirectory() as folder:
        paths: dict[str, Path] = {}
        print(f"\n{'page':<22}{'export s':>10}{'size MB':>10}")
        for name, (g, options) in pages.items():
            seconds, page = timed(lambda g=g, options=options: to_html(g, **options), args.repeat)
            paths[name] = Path(folder) / f"{len(paths)}.html"
            paths[name].write_text(str(page), encoding="utf-8")
            print(f"{name:<22}{seconds:>10.2f}{len(str(page).encode()) / 1e6:>10.2f}")

        seconds, baseline = timed(lambda: pyvis_baseline(graph), 1)
        ours = timed(lambda: to_html(graph, **pages["window (all edges)"][1]), 1)[0]
        print(f"{'pyvis (baseline)':<22}{seconds:>10.2f}{len(str(baseline).encode()) / 1e6:>10.2f}"
              f"   ours/pyvis export time: {ours / seconds:.2f}")

        if args.no_browser:
            return 0
        results = render_times(paths, args.repeat)
        if isinstance(results, str):
            print(f"\n{results}")
            return 0
        print(f"\n{'page':<22}{'ready s':>9}{'redraw ms':>11}{'step ms':>9}  shown")
        for name, r in results.items():
            step = "-" if r["step"] is None else f"{r['step']:.0f}"
            counts = r["counts"]
            print(f"{name:<22}{r['ready']:>9.2f}{r['redraw']:>11.0f}{step:>9}  "
                  f"{counts['nodes']:,} actors, {counts['relations']:,} relations, "
                  f"{counts['alignments']:,} alignments")
    return 0


def _machine() -> str:
    import os
    import platform

    return f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"


if __name__ == "__main__":
    sys.exit(main())
