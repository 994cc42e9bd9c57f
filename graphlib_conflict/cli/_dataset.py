"""``validate`` and ``info``."""

from __future__ import annotations

import argparse
from typing import Any

from graphlib_conflict import default_dataset_path, summary, validate
from graphlib_conflict.cli._common import (
    add_dataset_argument,
    add_format,
    add_parser,
    emit,
    load_dataset,
    non_negative_int,
    render,
)

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``validate`` and ``info``."""
    p = add_parser(
        subparsers, "validate", help="check a dataset and list every problem",
        description="Check a dataset and list every problem at once, each with file, line, field, "
                    "what was expected and a hint: errors (the data cannot be right) and warnings "
                    "(likely modelling mistakes). Exit code 0 when valid, 1 when not.",
        examples=["graphlib-conflict validate", "graphlib-conflict validate my_case.yaml",
                  "graphlib-conflict validate my_case.yaml --strict",
                  "graphlib-conflict validate my_case.yaml --format json"],
        handler=_validate)
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="dataset file or CSV folder (default: the shipped dataset)")
    p.add_argument("--strict", action="store_true",
                   help="treat warnings as errors (exit 1 when there is any)")
    add_format(p)

    p = add_parser(
        subparsers, "info", help="summarise a dataset, optionally as of a date",
        description="Counts by actor type and relation type, the date range, and — with --at — "
                    "what is active on that day (any day; a month or year means its last day).",
        examples=["graphlib-conflict info", "graphlib-conflict info --at 2020-02-04",
                  "graphlib-conflict info my_case.yaml --format json"],
        handler=_info)
    add_dataset_argument(p)
    p.add_argument("--at", metavar="DATE",
                   help="also show what is active on this day (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--recent-days", type=non_negative_int, default=30, metavar="N",
                   help="days before --at whose interactions a view draws fading (default 30)")
    add_format(p)


def _validate(args: argparse.Namespace) -> int:
    report = validate(args.file if args.file is not None else default_dataset_path(),
                      strict=args.strict)
    emit(render(report, args.format), args.output)
    return 0 if report.ok else 1


def _info(args: argparse.Namespace) -> int:
    graph = load_dataset(args)
    emit(render(summary(graph, args.at, recent_days=args.recent_days), args.format), args.output)
    return 0
