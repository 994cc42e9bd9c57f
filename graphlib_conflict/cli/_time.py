"""``timeline`` and ``whatif``: balance and alignment over time, and what a changed tie would do.

Thin layers over :func:`graphlib_conflict.balance_timeline`,
:func:`~graphlib_conflict.alignment_timeline` and :func:`~graphlib_conflict.what_if`. Actors are
given by id, name or alias; pairs as ``A:B`` (several separated by commas, or the option
repeated).
"""

from __future__ import annotations

import argparse
from typing import Any

import graphlib_conflict as gc
from graphlib_conflict.cli._common import (
    add_alignment_options,
    add_dataset_argument,
    add_format,
    add_include,
    add_parser,
    alignment_params,
    emit,
    include_types,
    load_dataset,
    render,
)

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``timeline`` and ``whatif``."""
    p = add_parser(
        subparsers, "timeline", help="balance (or the alignment of pairs) date by date",
        description="Structural balance of the alignment graph on every date of a grid (triangles, "
                    "balance ratio, frustration index exact or bounded, blocs, strained "
                    "partnerships), computed in one sweep over the relations; with --pairs, the "
                    "alignment score and status of those pairs on every date instead.",
        examples=["graphlib-conflict timeline --from 2019-01 --to 2020-02-29",
                  "graphlib-conflict timeline --from 2019 --to 2020-02 --freq quarter "
                  "--format csv -o balance.csv",
                  "graphlib-conflict timeline --from 2019-10 --to 2020-02-29 --pairs "
                  "Russia:Turkey,TUR:SYR_GOV",
                  "graphlib-conflict timeline events.parquet --freq month --format json"],
        handler=_timeline)
    add_dataset_argument(p)
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="first date of the grid (a month or year: its first day; default: the "
                        "first day of the data)")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="last date of the grid, always included (a month or year: its last day; "
                        "default: the last day of the data)")
    p.add_argument("--freq", default="month", metavar="STEP",
                   help="step of the grid: day, week, month (default), quarter or year")
    p.add_argument("--pairs", action="append", metavar="A:B[,C:D...]",
                   help="show the alignment of these pairs instead of balance (ids, names or "
                        "aliases; repeat the option or separate pairs with commas)")
    add_include(p)
    add_format(p)
    add_alignment_options(p)

    p = add_parser(
        subparsers, "whatif", help="balance if ties were flipped, removed or added",
        description="Edit the signed alignment graph at a day (flip a tie's sign, remove a tie, "
                    "add one) and compare balance before and after: balance ratio, frustration "
                    "index, blocs with firm or contested placement, strained partnerships, the "
                    "triangles through the edited ties and who changed bloc.",
        examples=["graphlib-conflict whatif --at 2020-02-04 --flip Russia:Turkey",
                  "graphlib-conflict whatif --at 2020-02-04 --remove IRN:TUR --add RUS:TUR:-1:2",
                  "graphlib-conflict whatif --at 2020-02-04 --flip RUS:TUR --format json"],
        handler=_whatif)
    add_dataset_argument(p)
    p.add_argument("--at", metavar="DATE",
                   help="the day (YYYY-MM-DD, or YYYY-MM / YYYY for the end of that month or year; "
                        "default: the last day of the data)")
    p.add_argument("--flip", action="append", metavar="A:B[,C:D...]",
                   help="turn the sign of these ties")
    p.add_argument("--remove", action="append", metavar="A:B[,C:D...]",
                   help="take these ties out")
    p.add_argument("--add", action="append", metavar="A:B:SIGN[:WEIGHT]",
                   help="set a tie: SIGN +1 or -1, WEIGHT > 0 (default 1); replaces the pair's tie")
    add_include(p)
    add_format(p)
    add_alignment_options(p)


def _items(values: list[str] | None) -> list[str]:
    return [item.strip() for value in values or [] for item in value.split(",") if item.strip()]


def _pairs(args: argparse.Namespace, values: list[str] | None, option: str) -> list[tuple[str, str]]:
    pairs = []
    for item in _items(values):
        parts = [x.strip() for x in item.split(":")]
        if len(parts) != 2 or not all(parts):
            args.parser.error(f"{option} takes pairs as A:B (such as RUS:TUR), got {item!r}")
        pairs.append((parts[0], parts[1]))
    return pairs


def _added(args: argparse.Namespace) -> list[tuple[str, str, str, str] | tuple[str, str, str]]:
    ties: list[tuple[str, str, str, str] | tuple[str, str, str]] = []
    for item in _items(args.add):
        parts = [x.strip() for x in item.split(":")]
        if len(parts) not in (3, 4) or not all(parts):
            args.parser.error(f"--add takes A:B:SIGN or A:B:SIGN:WEIGHT (such as RUS:TUR:-1), got "
                              f"{item!r}")
        ties.append((parts[0], parts[1], parts[2], parts[3]) if len(parts) == 4
                    else (parts[0], parts[1], parts[2]))
    return ties


def _timeline(args: argparse.Namespace) -> int:
    graph = load_dataset(args)
    pairs = _pairs(args, args.pairs, "--pairs")
    if pairs:
        if args.include is not None:
            args.parser.error("--include applies to the balance timeline, not to --pairs")
        result: gc.AlignmentTimeline | gc.BalanceTimeline = gc.alignment_timeline(
            graph, args.start, args.end, freq=args.freq, pairs=pairs, **alignment_params(args))
    else:
        result = gc.balance_timeline(graph, args.start, args.end, freq=args.freq,
                                     include_types=include_types(args), **alignment_params(args))
    emit(_rendered(result, args.format), args.output)
    return 0


def _rendered(result: gc.AlignmentTimeline | gc.BalanceTimeline | gc.WhatIf, fmt: str) -> str:
    """As :func:`~graphlib_conflict.cli._common.render`, with dates written as days in CSV."""
    if fmt == "csv":
        return result.to_frame().to_csv(index=False, date_format="%Y-%m-%d")
    return render(result, fmt)


def _whatif(args: argparse.Namespace) -> int:
    flip = _pairs(args, args.flip, "--flip")
    remove = _pairs(args, args.remove, "--remove")
    add = _added(args)
    if not (flip or remove or add):
        args.parser.error("give at least one of --flip, --remove or --add")
    graph = load_dataset(args)
    result = gc.what_if(graph, args.at, flip=flip, remove=remove, add=add,
                        include_types=include_types(args), **alignment_params(args))
    emit(_rendered(result, args.format), args.output)
    return 0
