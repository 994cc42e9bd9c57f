"""``analyze``: the whole brief on a dataset in one folder (a thin layer over
:func:`graphlib_conflict.analyze`)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import graphlib_conflict as gc
from graphlib_conflict.cli._common import (
    add_alignment_options,
    add_dataset_argument,
    add_include,
    add_parser,
    alignment_params,
    include_types,
    load_dataset,
)

__all__ = ["register"]

DEFAULT_FOLDER = "analysis"
"""Where ``analyze`` writes without ``-o``: a folder of this name in the current directory."""


def register(subparsers: Any) -> None:
    """Add ``analyze``."""
    p = add_parser(
        subparsers, "analyze", help="the whole brief in one folder: views, report, tables, plots",
        description="Write the day's work on a dataset into one folder: the time-slider view, the "
                    "view on the end date, the alliance-change report (HTML and Markdown) between "
                    "two dates (picked, with the reason, unless --from is given), the balance, "
                    "blocs and centrality tables and the balance and alignment timelines (CSV), "
                    "the plots (PNG, with matplotlib), and an index.html linking them. Prints "
                    "where each file is and five lines of findings.",
        examples=["graphlib-conflict analyze",
                  "graphlib-conflict analyze -o idlib-brief --from 2019-11-01 --to 2020-02-04",
                  "graphlib-conflict analyze my_dataset.yaml -o brief --include all",
                  "graphlib-conflict analyze events.parquet -o brief --format json"],
        handler=_analyze)
    add_dataset_argument(p)
    p.add_argument("-o", "--output", metavar="DIR", default=DEFAULT_FOLDER,
                   help=f"the folder to write (made if missing; default: ./{DEFAULT_FOLDER})")
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="the report's first day (default: the month start in the year before --to "
                        "against which alignments changed most; the output says why)")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="the report's last day and the day of the views and tables (default: the "
                        "last day of the data)")
    add_include(p)
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="what is printed: text (default) or JSON (files, findings, dates, reason)")
    add_alignment_options(p)


def _analyze(args: argparse.Namespace) -> int:
    graph = load_dataset(args)
    brief = gc.analyze(graph, args.output, args.start, args.end,
                       include_types=include_types(args), **alignment_params(args))
    if args.format == "json":
        sys.stdout.write(json.dumps(brief.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return 0
    width = max(len(what) for what in brief.files)
    lines = [f"Analysis {brief.start} -> {brief.end} ({brief.why})", "", "Findings:"]
    lines += [f"  {line}" for line in brief.findings]
    lines += ["", f"Files in {brief.folder}:"]
    lines += [f"  {what:<{width}}  {path}" for what, path in brief.files.items()]
    lines += [f"  not written: {reason}" for reason in brief.skipped]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
