"""``view``: write a self-contained interactive HTML view (a day, a window, or the time slider)."""

from __future__ import annotations

import argparse
import re
from typing import Any

from graphlib_conflict.cli._common import (
    add_alignment_options,
    add_dataset_argument,
    add_parser,
    alignment_params,
    emit,
    load_dataset,
)

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``view``."""
    p = add_parser(
        subparsers, "view", help="write an interactive HTML view (a date, a window or a time slider)",
        description="Write one self-contained HTML file that opens in any browser, offline: the "
                    "graph on a date (--at), over a window (--from/--to, both days included), or, "
                    "with no date, a time slider that replays the whole history. Nothing else is "
                    "written beside it.",
        examples=["graphlib-conflict view -o out/idlib.html",
                  "graphlib-conflict view --at 2020-02-04 -o out/idlib-2020-02-04.html",
                  "graphlib-conflict view --from 2019-12 --to 2020-02 -o winter.html",
                  "graphlib-conflict view --from 2019-10 --to 2020-02 --slider -o replay.html",
                  "graphlib-conflict view my_case.yaml --physics off -o my_case.html"],
        handler=_view)
    add_dataset_argument(p)
    when = p.add_argument_group("date (default: the time slider over the whole history)")
    when.add_argument("--at", metavar="DATE",
                      help="the graph on this day (YYYY-MM-DD; a month or year: its last day)")
    when.add_argument("--from", dest="start", metavar="DATE",
                      help="first day of a window (YYYY, YYYY-MM or YYYY-MM-DD)")
    when.add_argument("--to", dest="end", metavar="DATE", help="last day of a window (included)")
    when.add_argument("--slider", action="store_true",
                      help="with --from/--to: replay that window with a time slider")
    p.add_argument("-o", "--output", metavar="OUT.html",
                   help="file to write ('-' for standard output; default: DATASET[-DATE].html "
                        "in the current folder)")
    p.add_argument("--title", help="page title (default: the dataset's title)")
    p.add_argument("--recent-days", type=int, default=30, metavar="N",
                   help="days an interaction stays visible after its date, fading (default 30)")
    p.add_argument("--physics", choices=["auto", "on", "off"], default="auto",
                   help="settle the layout in the browser: auto = only up to 1,000 linked pairs "
                        "(default)")
    p.add_argument("--no-overlay", action="store_true",
                   help="do not draw the alignment status of pairs")
    p.add_argument("--isolates", action="store_true",
                   help="also show actors with nothing shown at the date")
    p.add_argument("--edge-labels", action="store_true", help="write the relation type on edges")
    p.add_argument("--step", choices=["auto", "day", "week", "month"], default="auto",
                   help="what one slider step moves by (default auto: by the length of the history)")
    p.add_argument("--no-findings", action="store_true",
                   help="leave out the findings layer and panel (quicker on large graphs)")
    p.add_argument("--seed", type=int, default=7, help="layout seed (default 7)")
    add_alignment_options(p)


def _default_name(dataset_id: str, args: argparse.Namespace) -> str:
    stem = dataset_id
    if args.at:
        stem += f"-{args.at}"
    elif args.start or args.end:
        stem += f"-{args.start or 'start'}_{args.end or 'end'}"
    return (re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "view") + ".html"


def _view(args: argparse.Namespace) -> int:
    if args.at and (args.start or args.end):
        args.parser.error("give either --at DATE or --from/--to, not both")
    if args.slider and args.at:
        args.parser.error("--slider replays a window: use it with --from/--to, not --at")
    graph = load_dataset(args)
    physics = {"auto": "auto", "on": True, "off": False}[args.physics]
    page = graph.to_html(
        at=args.at, start=args.start, end=args.end, slider=True if args.slider else None,
        title=args.title, recent_days=args.recent_days, physics=physics,
        overlay=False if args.no_overlay else "auto", isolates=args.isolates,
        edge_labels=args.edge_labels, seed=args.seed, step=args.step,
        findings=False if args.no_findings else "auto", **alignment_params(args))
    output = args.output
    if output is None:
        output = _default_name(str(graph.dataset.get("id") or "view"), args)
    emit(page, output)
    return 0
