"""``report``, ``balance``, ``blocs``, ``centrality`` and ``pair``: the analytics on the command line.

Each is a thin layer over the Python API (:func:`graphlib_conflict.change_report`,
:func:`~graphlib_conflict.balance`, :func:`~graphlib_conflict.blocs`,
:func:`~graphlib_conflict.centrality`, :func:`~graphlib_conflict.pair_history`). Any day works, a
month or a year included (see "dates" in ``graphlib-conflict --help``); outputs say when a day lies
past the data.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import graphlib_conflict as gc
from graphlib_conflict.analytics.centrality import DEFAULT_MEASURES, MEASURES
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
    non_negative_int,
    render,
)
from graphlib_conflict.render import TableResult

__all__ = ["register"]

_DAY = "YYYY-MM-DD, or YYYY-MM / YYYY for the end of that month or year"


def register(subparsers: Any) -> None:
    """Add ``report``, ``balance``, ``blocs``, ``centrality`` and ``pair``."""
    p = add_parser(
        subparsers, "report", help="the alliance-change report between two dates",
        description="Alignments formed, ended, flipped, soured, thawed or escalated between two "
                    "dates, each with the relations and quotes that explain it; structural balance "
                    "before and after; unbalanced triangles and strained partnerships; bloc "
                    "switches; the largest centrality movers.",
        examples=["graphlib-conflict report --from 2019-11-01 --to 2020-02-04",
                  "graphlib-conflict report --from 2019-11-01 --to 2020-02-04 --format markdown "
                  "-o idlib.md",
                  "graphlib-conflict report --from 2019-11-01 --to 2020-02-04 --format html "
                  "-o idlib.html",
                  "graphlib-conflict report my_case.yaml --from 2019 --to 2020 --format json"],
        handler=_report)
    add_dataset_argument(p)
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="first day compared (a month or year: its first day; default: the first "
                        "day of the data)")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="second day compared (a month or year: its last day; default: the last "
                        "day of the data)")
    p.add_argument("--limit", type=non_negative_int, default=25, metavar="N",
                   help="most pairs shown per kind of change (default 25)")
    p.add_argument("--explain", type=non_negative_int, default=8, metavar="N",
                   help="most relations quoted per change (default 8)")
    add_include(p)
    add_format(p)
    add_alignment_options(p)

    p = add_parser(
        subparsers, "balance", help="structural balance of the alignment graph at a date",
        description="Every signed triangle of the alignment graph with its status, the balance "
                    "ratio, the partnerships under strain (positive ties inside unbalanced "
                    "triangles) and the frustration index with the two blocs that achieve it, each "
                    "actor's placement firm or contested.",
        examples=["graphlib-conflict balance --at 2020-02-04",
                  "graphlib-conflict balance --at 2026-12-01",
                  "graphlib-conflict balance --at 2020-02-04 --format json -o balance.json",
                  "graphlib-conflict balance my_case.yaml --at 2021-03 --include all"],
        handler=_balance)
    add_dataset_argument(p)
    p.add_argument("--at", metavar="DATE", help=f"the day ({_DAY}; default: the last day of the "
                                                "data)")
    add_include(p)
    add_format(p)
    add_alignment_options(p)

    p = add_parser(
        subparsers, "blocs", help="the blocs at a date, named after their leaders",
        description="The camps at a date: two blocs per connected part of the graph from the "
                    "frustration partition, or more when weak balance fits better (or --k is "
                    "given); each bloc named after its leading member and each actor's placement "
                    "firm or contested.",
        examples=["graphlib-conflict blocs --at 2020-02-04",
                  "graphlib-conflict blocs --at 2020-02-04 --k 3 --format csv"],
        handler=_blocs)
    add_dataset_argument(p)
    p.add_argument("--at", metavar="DATE", help=f"the day ({_DAY}; default: the last day of the "
                                                "data)")
    p.add_argument("--k", type=non_negative_int, metavar="K",
                   help="number of blocs (default: chosen by weak balance)")
    add_include(p)
    add_format(p)
    add_alignment_options(p)

    p = add_parser(
        subparsers, "centrality", help="centrality of actors at a date, or its change",
        description="Degree, signed degree, betweenness, PageRank (and strength, signed strength, "
                    "eigenvector) of every actor in the signed alignment graph at a date; with "
                    "--from and --to, how they moved, largest movers first.",
        examples=["graphlib-conflict centrality --at 2020-02-04",
                  "graphlib-conflict centrality --from 2019-11-01 --to 2020-02-04 --top 5",
                  "graphlib-conflict centrality --at 2020-02-04 --measures degree,eigenvector "
                  "--format json"],
        handler=_centrality)
    add_dataset_argument(p)
    p.add_argument("--at", metavar="DATE", help=f"the day ({_DAY}; default: the last day of the "
                                                "data)")
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="compare two days: the first (needs --to)")
    p.add_argument("--to", dest="end", metavar="DATE", help="compare two days: the second")
    p.add_argument("--measures", type=_measures(MEASURES), default=DEFAULT_MEASURES,
                   metavar="M[,M...]",
                   help=f"comma-separated, from {', '.join(MEASURES)} "
                        f"(default {','.join(DEFAULT_MEASURES)})")
    p.add_argument("--top", type=non_negative_int, default=20, metavar="N",
                   help="rows shown (default 20; 0 for all)")
    add_format(p)
    add_alignment_options(p)

    p = add_parser(
        subparsers, "pair", help="the history of two actors, with evidence",
        description="Every relation between two actors over time (forces and officials counted "
                    "for their state), with quotes and sources, and their alignment status "
                    "period by period. Usage: pair [FILE] A B — the dataset comes first.",
        examples=["graphlib-conflict pair TUR SYR_GOV",
                  "graphlib-conflict pair Russia Turkey --from 2019-11-01 --to 2020-02-04",
                  "graphlib-conflict pair my_case.yaml TUR RUS --format json -o tur-rus.json",
                  "graphlib-conflict pair SYR_MIL TUR_MIL --no-roll-up"],
        handler=_pair)
    p.usage = "graphlib-conflict pair [FILE] A B [--from DATE] [--to DATE] [--options]"
    p.add_argument("names", nargs="+", metavar="[FILE] A B",
                   help="optionally the dataset, then two actors (ids, names or aliases)")
    p.add_argument("--no-coalition-ties", action="store_true",
                   help="do not treat co-members of a coalition as cooperating")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day (default: the first "
                   "relation between them)")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="last day (default: the last day of the data)")
    p.add_argument("--freq", metavar="STEP",
                   help="step of the score series: day, week, month, quarter or year "
                        "(default: at most 400 points)")
    add_format(p)
    add_alignment_options(p)


def _measures(known: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    def parse(text: str) -> tuple[str, ...]:
        chosen = tuple(m.strip() for m in text.split(",") if m.strip())
        unknown = [m for m in chosen if m not in known]
        if unknown or not chosen:
            raise argparse.ArgumentTypeError(
                f"unknown measure(s) {', '.join(unknown) or '(none given)'}; choose from "
                f"{', '.join(known)}")
        return chosen

    return parse


# ---------------------------------------------------------------------- commands
def _report(args: argparse.Namespace) -> int:
    graph = load_dataset(args)
    result = gc.change_report(graph, args.start, args.end, limit=args.limit, explain=args.explain,
                              include_types=include_types(args), **alignment_params(args))
    emit(render(result, args.format), args.output)
    return 0


def _balance(args: argparse.Namespace) -> int:
    graph = load_dataset(args)
    result = gc.balance(graph, args.at, include_types=include_types(args),
                        **alignment_params(args))
    emit(render(result, args.format), args.output)
    return 0


def _blocs(args: argparse.Namespace) -> int:
    graph = load_dataset(args)
    if args.k == 0:
        args.parser.error("--k must be at least 1")
    table = gc.blocs(graph, args.at, k=args.k, include_types=include_types(args),
                     **alignment_params(args))
    attrs = table.attrs
    splits = (f"; {attrs['splits']} optimal split{'s' if attrs['splits'] != 1 else ''} seen"
              if attrs["method"] == "frustration" else "")
    result = TableResult(
        title=f"Blocs on {attrs['at']}", frame=table,
        kinds={"bloc": "count", "bloc_size": "count"},
        notes=(*attrs.get("notes", ()),
               f"{attrs['k']} blocs by {attrs['method'].replace('_', ' ')}, "
               f"{attrs['error']} ties against them"
               f" ({'optimal' if attrs['optimal'] else 'best found'}){splits}."))
    emit(render(result, args.format), args.output)
    return 0


def _centrality(args: argparse.Namespace) -> int:
    graph = load_dataset(args)
    params = alignment_params(args)
    if (args.start is None) != (args.end is None):
        args.parser.error("give both --from and --to to compare two days (or --at for one)")
    if args.start is not None:
        if args.at:
            args.parser.error("give either --at or --from/--to, not both")
        result = gc.centrality_change(graph, args.start, args.end, measures=args.measures,
                                      **params)
    else:
        result = gc.centrality(graph, args.at, measures=args.measures, **params)
    if args.top:
        result = result.head(args.top)
    emit(render(result, args.format), args.output)
    return 0


def _pair(args: argparse.Namespace) -> int:
    names = list(args.names)
    misplaced = [n for n in names[1:] if _looks_like_dataset(n)]
    if misplaced:
        actors = " ".join(n for n in names if n != misplaced[0])
        args.parser.error(f"{misplaced[0]!r} looks like a dataset: the dataset goes first — "
                          f"graphlib-conflict pair {misplaced[0]} {actors}")
    if len(names) not in (2, 3):
        args.parser.error(f"expected [FILE] A B (two actors, the dataset first if given), got "
                          f"{len(names)} argument{'s' if len(names) != 1 else ''}")
    args.file = names[0] if len(names) == 3 else None
    a, b = names[-2:]
    graph = load_dataset(args)
    history = gc.pair_history(graph, a, b, args.start, args.end, freq=args.freq,
                              **alignment_params(args))
    emit(render(history, args.format), args.output)
    return 0


def _looks_like_dataset(text: str) -> bool:
    lowered = text.lower()
    return lowered.endswith((".yaml", ".yml", ".json", ".graphml", ".parquet", ".csv", "/"))

