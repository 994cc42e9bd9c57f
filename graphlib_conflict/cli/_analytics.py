"""``report``, ``balance``, ``centrality`` and ``pair``: the analytics on the command line.

Each is a thin layer over the Python API (:func:`~graphlib_conflict.analytics.report.change_report`,
:func:`~graphlib_conflict.analytics.balance.balance`,
:func:`~graphlib_conflict.analytics.centrality.centrality`,
:func:`~graphlib_conflict.analytics.history.pair_history`). Dates must fall inside the dataset's
range, so a typo in a year gives a message naming the range instead of an empty result.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import pandas as pd

from graphlib_conflict.analytics._render import json_dumps, md_escape, md_table
from graphlib_conflict.analytics.balance import balance
from graphlib_conflict.analytics.centrality import DEFAULT_MEASURES, MEASURES, centrality, centrality_change
from graphlib_conflict.analytics.history import FREQS, pair_history
from graphlib_conflict.analytics.report import change_report
from graphlib_conflict.cli._common import add_dataset_argument, add_parser, emit, load_dataset
from graphlib_conflict.dates import Day, day_to_iso, to_day
from graphlib_conflict.exceptions import DateError
from graphlib_conflict.graph import ConflictGraph

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``report``, ``balance``, ``centrality`` and ``pair``."""

    p = add_parser(
        subparsers, "report", help="the alliance-change report between two dates",
        description="Alignments formed, ended, flipped, soured, thawed or escalated between two "
                    "dates, each with the relations and quotes that explain it; structural balance "
                    "before and after; unbalanced triangles and strained partnerships; bloc "
                    "switches; the largest centrality movers.",
        examples=["graphlib-conflict report --from 2019-11-01 --to 2020-02-04",
                  "graphlib-conflict report --from 2019-11-01 --to 2020-02-04 --format html "
                  "-o idlib.html",
                  "graphlib-conflict report my_case.yaml --from 2021-01-01 --to 2021-06-30 "
                  "--format json"],
        handler=_report)
    add_dataset_argument(p)
    p.add_argument("--from", dest="start", metavar="DATE", required=True,
                   help="first day compared (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", metavar="DATE", required=True,
                   help="second day compared (YYYY-MM-DD)")
    p.add_argument("--format", choices=["markdown", "html", "json"], default="markdown",
                   help="markdown (default), a self-contained html page, or json")
    p.add_argument("--limit", type=_non_negative_int, default=25, metavar="N",
                   help="most pairs shown per kind of change (default 25)")
    p.add_argument("--explain", type=_non_negative_int, default=8, metavar="N",
                   help="most relations quoted per change (default 8)")
    _add_output(p)
    _add_alignment_options(p)

    p = add_parser(
        subparsers, "balance", help="structural balance of the alignment graph at a date",
        description="Every signed triangle of the alignment graph with its status, the balance "
                    "ratio, the partnerships under strain (positive ties inside unbalanced "
                    "triangles) and the frustration index with the two blocs that achieve it.",
        examples=["graphlib-conflict balance --at 2020-02-04",
                  "graphlib-conflict balance --at 2020-02-04 --format json -o balance.json",
                  "graphlib-conflict balance my_case.yaml --at 2021-03-01"],
        handler=_balance)
    add_dataset_argument(p)
    p.add_argument("--at", metavar="DATE",
                   help="the day (YYYY-MM-DD; default: the last day of the data)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    _add_output(p)
    _add_alignment_options(p)

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
    p.add_argument("--at", metavar="DATE",
                   help="the day (YYYY-MM-DD; default: the last day of the data)")
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="compare two days: the first (needs --to)")
    p.add_argument("--to", dest="end", metavar="DATE", help="compare two days: the second")
    p.add_argument("--measures", type=_measures(MEASURES), default=DEFAULT_MEASURES,
                   metavar="M[,M...]",
                   help=f"comma-separated, from {', '.join(MEASURES)} "
                        f"(default {','.join(DEFAULT_MEASURES)})")
    p.add_argument("--top", type=_non_negative_int, default=20, metavar="N",
                   help="rows shown (default 20; 0 for all)")
    p.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    _add_output(p)
    _add_alignment_options(p)

    p = add_parser(
        subparsers, "pair", help="the history of two actors, with evidence",
        description="Every relation between two actors over time (forces and officials counted "
                    "for their state), with quotes and sources, and their alignment status "
                    "period by period.",
        examples=["graphlib-conflict pair TUR SYR_GOV",
                  "graphlib-conflict pair Russia Turkey --from 2019-11-01 --to 2020-02-04",
                  "graphlib-conflict pair RUS TUR --format json -o rus-tur.json",
                  "graphlib-conflict pair SYR_MIL TUR_MIL --no-roll-up"],
        handler=_pair)
    p.add_argument("a", metavar="A", help="an actor id, name or alias")
    p.add_argument("b", metavar="B", help="another actor")
    add_dataset_argument(p)
    p.add_argument("--from", dest="start", metavar="DATE", help="first day (default: the first "
                   "relation between them)")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="last day (default: the last day of the data)")
    p.add_argument("--freq", choices=FREQS,
                   help="step of the score series (default: at most 400 points)")
    p.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    _add_output(p)
    _add_alignment_options(p)


# ---------------------------------------------------------------------- options
def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write to this file (atomically) instead of standard output")


def _add_alignment_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("alignment")
    group.add_argument("--half-life", type=_positive_float, metavar="DAYS",
                       help="days after which an interaction counts half (default 30)")
    group.add_argument("--lookback", type=_non_negative_int, metavar="DAYS",
                       help="interactions older than this are ignored (default 180)")
    group.add_argument("--no-roll-up", action="store_true",
                       help="do not count forces and officials for the state they belong to")


def _alignment_params(args: argparse.Namespace) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if args.half_life is not None:
        params["half_life"] = args.half_life
    if args.lookback is not None:
        params["lookback"] = args.lookback
    if args.no_roll_up:
        params["roll_up"] = False
    return params


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


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


def _day(graph: ConflictGraph, text: str, flag: str) -> Day:
    """The day given with ``flag``, which must fall inside the data's range."""
    day = to_day(text)
    span = graph.date_range
    if span is None:
        raise DateError(f"the dataset holds no dates, so {flag} {text} cannot be placed in it")
    first, last = (to_day(t) for t in span)
    if not first <= day <= last:
        raise DateError(f"{flag} {day_to_iso(day)} is outside the data, which runs from "
                        f"{day_to_iso(first)} to {day_to_iso(last)}")
    return day


def _default_day(graph: ConflictGraph) -> Day:
    span = graph.date_range
    if span is None:
        raise DateError("the dataset holds no dates: give --at")
    return to_day(span[1])


# ---------------------------------------------------------------------- commands
def _report(args: argparse.Namespace) -> int:

    graph = load_dataset(args)
    start, end = _day(graph, args.start, "--from"), _day(graph, args.end, "--to")
    if end <= start:
        raise DateError(f"--to {day_to_iso(end)} must be after --from {day_to_iso(start)}")
    result = change_report(graph, start, end, limit=args.limit, explain=args.explain,
                           **_alignment_params(args))
    text = {"markdown": result.to_markdown, "html": result.to_html,
            "json": result.to_json}[args.format]()
    emit(text, args.output)
    return 0


def _balance(args: argparse.Namespace) -> int:

    graph = load_dataset(args)
    at = _day(graph, args.at, "--at") if args.at else _default_day(graph)
    result = balance(graph, at=at, **_alignment_params(args))
    emit(result.to_json() if args.format == "json" else _balance_text(graph, result, at),
         args.output)
    return 0


def _balance_text(graph: ConflictGraph, result: Any, at: Day) -> str:
    names = dict(zip(graph.actors["id"], graph.actors["name"], strict=True))
    census = result.census
    frustration = result.frustration
    exact = ("exact" if frustration.optimal else
             f"{frustration.method}, between {frustration.lower_bound} and "
             f"{frustration.upper_bound}")
    lines = [f"Structural balance on {day_to_iso(at)}"
             + (f" — {graph.dataset['title']}" if graph.dataset.get("title") else ""),
             f"  triangles: {census.get('total')} ({census.get('balanced')} balanced, "
             f"{census.get('unbalanced')} unbalanced); balance ratio "
             f"{_number(result.balance_ratio)}",
             f"  frustration index: {_whole(frustration.index)} ({exact})"]
    sides: dict[int, list[str]] = {}
    for actor, side in frustration.blocs.items():
        sides.setdefault(int(side), []).append(str(names.get(actor, actor)))
    for side in sorted(sides):
        lines.append(f"  bloc {side}: {', '.join(sorted(sides[side]))}")
    tri = result.triangles
    lines += ["", "triangles:"]
    lines += _indented(tri, "  none")
    lines += ["", "strained partnerships (positive ties inside unbalanced triangles):"]
    lines += _indented(result.strained, "  none")
    return "\n".join(lines)


def _centrality(args: argparse.Namespace) -> int:

    graph = load_dataset(args)
    params = _alignment_params(args)
    if (args.start is None) != (args.end is None):
        raise DateError("give both --from and --to to compare two days (or --at for one)")
    if args.start is not None:
        if args.at:
            raise DateError("give either --at or --from/--to, not both")
        start, end = _day(graph, args.start, "--from"), _day(graph, args.end, "--to")
        if end <= start:
            raise DateError(f"--to {day_to_iso(end)} must be after --from {day_to_iso(start)}")
        table = centrality_change(graph, start, end, measures=args.measures, **params)
        title = f"Centrality change {day_to_iso(start)} → {day_to_iso(end)}"
        meta: dict[str, Any] = {"start": day_to_iso(start), "end": day_to_iso(end),
                                "by": table.attrs["by"]}
    else:
        at = _day(graph, args.at, "--at") if args.at else _default_day(graph)
        table = centrality(graph, at=at, measures=args.measures, **params)
        title = f"Centrality on {day_to_iso(at)}"
        meta = {"at": day_to_iso(at)}
    meta["betweenness_sources"] = table.attrs.get("betweenness_sources")
    if args.top:
        table = table.head(args.top)
    emit(_table_output(table, args.format, title, meta), args.output)
    return 0


def _pair(args: argparse.Namespace) -> int:

    graph = load_dataset(args)
    start = _day(graph, args.start, "--from") if args.start else None
    end = _day(graph, args.end, "--to") if args.end else None
    history = pair_history(graph, args.a, args.b, start=start, end=end, freq=args.freq,
                           **_alignment_params(args))
    if args.format == "json":
        text = history.to_json()
    elif args.format == "markdown":
        text = history.to_markdown()
    else:
        text = _pair_text(history)
    emit(text, args.output)
    return 0


def _pair_text(history: Any) -> str:
    a, b = history.names
    lines = [f"{a} ({history.a}) – {b} ({history.b}), {history.start} .. {history.end}"]
    if len(history.scores):
        last = history.scores.iloc[-1]
        lines.append(f"  on {history.end}: {last['status']} (score {_number(last['score'])}; "
                     f"positive {_number(last['positive'])}, negative "
                     f"{_number(last['negative'])})")
    periods = history.periods()
    if len(periods):
        lines += ["", "status periods:"]
        lines += [f"  {_iso(p.first)} .. {_iso(p.last)}  {p.status:<9}  score "
                  f"{_number(p.low)} .. {_number(p.high)}" for p in periods.itertuples()]
    lines += ["", f"relations ({len(history.relations)}):"]
    labels = history.labels
    for r in history.relations.to_dict("records"):
        sign = {1: "+", -1: "-"}.get(int(r["sign"]), " ")
        line = (f"  {r['when']:<22} {labels.get(r['stated_source'], r['stated_source'])} "
                f"{r['type']} {labels.get(r['stated_target'], r['stated_target'])} "
                f"({sign}{_number(r['weight'])})")
        if r["rolled_up"]:
            line += f" [counted for {r['source']}–{r['target']}]"
        lines.append(line)
        lines += [f"      \"{e['quote']}\" — {e.get('title') or e.get('source')}"
                  for e in r["evidence"]]
    return "\n".join(lines)


# ---------------------------------------------------------------------- output helpers
def _table_output(table: pd.DataFrame, fmt: str, title: str, meta: dict[str, Any]) -> str:

    if fmt == "json":
        return json_dumps(meta | {"rows": table.astype(object).where(table.notna(), None)
                                  .to_dict("records")})
    numeric = [i for i, c in enumerate(table.columns)
               if pd.api.types.is_numeric_dtype(table[c].dtype)]
    if fmt == "markdown":
        rows = [list(row) for row in table.itertuples(index=False)]
        return f"## {md_escape(title)}\n\n" + md_table(rows, list(table.columns),
                                                       numeric=numeric, digits=4) + "\n"
    shown = table.copy()
    for c in table.columns[numeric]:
        if pd.api.types.is_float_dtype(table[c].dtype):
            shown[c] = table[c].map(lambda v: "" if pd.isna(v) else f"{v:.4f}")
    note = ""
    if meta.get("betweenness_sources"):
        note = f"\n(betweenness estimated from {meta['betweenness_sources']} sampled sources)"
    return f"{title}\n" + shown.to_string(index=False) + note


def _indented(frame: pd.DataFrame, empty: str) -> list[str]:
    if frame is None or len(frame) == 0:
        return [empty]
    return ["  " + line for line in frame.to_string(index=False).splitlines()]


def _number(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _whole(value: Any) -> str:
    """A frustration index: a count of ties unless weighted."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _number(value)


def _iso(value: Any) -> str:
    return pd.Timestamp(value).date().isoformat()

