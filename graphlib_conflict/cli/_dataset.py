"""``validate`` and ``info``."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from graphlib_conflict.cli._common import add_dataset_argument, add_parser, emit, load_dataset
from graphlib_conflict.io import default_dataset_path
from graphlib_conflict.validation import validate

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``validate`` and ``info``."""
    p = add_parser(
        subparsers, "validate", help="check a dataset and list every problem",
        description="Check a dataset and list every problem at once, each with file, line, field, "
                    "what was expected and a hint. Exit code 0 when valid, 1 when not.",
        examples=["graphlib-conflict validate", "graphlib-conflict validate my_case.yaml",
                  "graphlib-conflict validate my_case.yaml --format json"],
        handler=_validate)
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="dataset file or CSV folder (default: the shipped dataset)")
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="table: one line per problem (default); json: a machine-readable report")

    p = add_parser(
        subparsers, "info", help="summarise a dataset, optionally as of a date",
        description="Counts by actor type and relation type, the date range, and — with --at — "
                    "what is active on that day.",
        examples=["graphlib-conflict info", "graphlib-conflict info --at 2020-02-04",
                  "graphlib-conflict info my_case.yaml --format json"],
        handler=_info)
    add_dataset_argument(p)
    p.add_argument("--at", metavar="DATE", help="also show what is active on this day (YYYY-MM-DD)")
    p.add_argument("--format", choices=["table", "json"], default="table")


def _validate(args: argparse.Namespace) -> int:

    report = validate(args.file if args.file is not None else default_dataset_path())
    if args.format == "json":
        emit(report.to_json(), None)
    else:
        stream = sys.stdout if report.ok else sys.stderr
        print(str(report), file=stream)
    return 0 if report.ok else 1


def summary(graph) -> dict:  # type: ignore[no-untyped-def]
    """Counts and date range of a graph, as plain data."""
    rel = graph.relations
    by_type = (rel.groupby(["category", "type"], sort=False).size()
               .rename("relations").reset_index())
    first_last = graph.date_range
    return {
        "dataset": graph.dataset.get("id"),
        "title": graph.dataset.get("title"),
        "actors": len(graph.actors),
        "relations": len(rel),
        "sources": len(graph.sources),
        "implied_ties": len(graph.implied_relations),
        "date_range": None if first_last is None else [str(d.date()) for d in first_last],
        "actors_by_type": graph.actors["type"].value_counts().to_dict(),
        "relations_by_type": by_type.to_dict("records"),
    }


def _info(args: argparse.Namespace) -> int:
    graph = load_dataset(args)
    data = {"dataset": summary(graph)}
    if args.at:
        sliced = graph.at(args.at)
        active = sliced.all_relations()[["id", "source", "type", "target", "start", "end", "date"]]
        data["active"] = {
            "date": str(sliced.window[0].date()),
            "relations": len(sliced.relations),
            "implied_ties": len(sliced.implied_relations),
            "by_type": active["type"].value_counts().to_dict(),
            "list": active.astype(object).where(active.notna(), None).to_dict("records"),
        }
    if args.format == "json":
        emit(json.dumps(data, indent=2, ensure_ascii=False, default=str), None)
        return 0
    emit(_info_text(data), None)
    return 0


def _info_text(data: dict) -> str:
    d = data["dataset"]
    lines = [f"{d['title'] or d['dataset'] or 'dataset'}",
             f"  {d['actors']} actors, {d['relations']} relations, {d['sources']} sources, "
             f"{d['implied_ties']} coalition-implied ties",
             f"  dates: {' .. '.join(d['date_range']) if d['date_range'] else 'none'}",
             "", "actors by type:"]
    lines += [f"  {k:<22}{v:>6}" for k, v in d["actors_by_type"].items()]
    lines += ["", "relations by type:"]
    lines += [f"  {r['category']:<12}{r['type']:<14}{r['relations']:>6}" for r in d["relations_by_type"]]
    if "active" in data:
        a = data["active"]
        lines += ["", f"active on {a['date']}: {a['relations']} relations "
                      f"(+{a['implied_ties']} coalition-implied)"]
        frame = pd.DataFrame(a["list"]).fillna("")
        if not frame.empty:
            frame["when"] = frame["date"].where(frame["date"] != "",
                                                frame["start"] + " .. " + frame["end"])
            frame = frame[["source", "type", "target", "when", "id"]]
            lines += ["  " + row for row in frame.to_string(index=False).splitlines()]
    return "\n".join(lines)
