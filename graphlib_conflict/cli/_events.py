"""``import``: read GDELT, ICEWS, ACLED or UCDP GED files into a dataset the other commands read."""

from __future__ import annotations

import argparse
import json
import sys

from graphlib_conflict.cli._common import add_parser
from graphlib_conflict.exceptions import ParameterError
from graphlib_conflict.io.events import (
    ENGINES,
    EVENT_FORMATS,
    PERIODS,
    read_events,
    require_spark,
    write_unmapped,
)

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``import``."""
    p = add_parser(
        subparsers, "import", help="import event data (GDELT, ICEWS, ACLED, UCDP GED) as signed relations",
        description="Read event files in their native format (.gz and .zip read directly; a folder "
                    "gives all its files), code each event to a signed, weighted interaction through "
                    "the sign policy, map the source's actors to a dataset's actors, drop duplicates, "
                    "and aggregate per actor pair, type and period. Malformed rows are kept aside in "
                    "OUT.rejects.csv with file and line; the summary accounts for every row. Writes "
                    "OUT (any dataset format; .parquet for large tables) and OUT.events.parquet "
                    "(the imported events, so that importing into OUT again adds only new events).",
        examples=[
            "graphlib-conflict import gdelt 20200203*.export.CSV.zip --into graphs/syria_idlib.yaml "
            "-o idlib-gdelt.parquet",
            "graphlib-conflict import icews events.2018.*.tab --period week -o icews2018.parquet",
            "graphlib-conflict import acled acled_syria.csv --into graphs/syria_idlib.yaml "
            "--actors my_actors.csv --unmapped unmapped.csv -o idlib-acled.yaml",
            "graphlib-conflict import ucdp GEDEvent_v23_1.csv --policy my_policy.yaml -o ged.parquet",
            "graphlib-conflict import gdelt big/ --memory-limit 1GiB -o big.parquet",
            "graphlib-conflict import gdelt 's3a://bucket/gdelt/2020*.export.CSV' --engine spark "
            "--master spark://head:7077 -o gdelt2020.parquet",
        ],
        handler=_import)
    p.add_argument("format", choices=sorted(EVENT_FORMATS), help="the files' format")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="event files, folders or globs (.gz and .zip are read directly); with "
                        "--engine spark also URLs Spark reads (s3a://, hdfs://, globs of them)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="the dataset to write: .parquet (recommended for large imports), .yaml, .json, "
                        "or a folder for CSV files")
    p.add_argument("--into", metavar="DATASET",
                   help="a dataset to import into: its actors are matched and its relations kept")
    p.add_argument("--actors", metavar="MAP",
                   help="an actor mapping table: CSV with columns source,actor[,format], or YAML "
                        "source: actor (empty actor or '-' leaves that source actor out)")
    p.add_argument("--policy", metavar="POLICY",
                   help="a sign policy file merged over the shipped one (see docs/events.md)")
    p.add_argument("--period", choices=PERIODS, default="month",
                   help="aggregation period (default month)")
    keep = p.add_mutually_exclusive_group()
    keep.add_argument("--keep-unmapped", dest="keep_unmapped", action="store_const", const=True,
                      default=None,
                      help="keep actors no rule maps as new actors (the default without --into)")
    keep.add_argument("--drop-unmapped", dest="keep_unmapped", action="store_const", const=False,
                      help="leave out events with an unmapped actor (the default with --into)")
    p.add_argument("--unmapped", metavar="FILE",
                   help="write the unmapped actors (with event counts) as a CSV ready to fill in as a "
                        "mapping")
    p.add_argument("--no-events-file", action="store_true",
                   help="do not write OUT.events.parquet (a later import into OUT cannot then tell "
                        "events already imported)")
    p.add_argument("--memory-limit", metavar="SIZE",
                   help="the engine's memory limit, e.g. 1GiB (default: 80%% of RAM); beyond it the "
                        "engine spills to the temporary folder")
    p.add_argument("--threads", type=int, metavar="N", help="engine threads (default: every core)")
    p.add_argument("--engine", choices=ENGINES, default="duckdb",
                   help="where the import runs: duckdb (embedded, the default) or spark (Apache Spark: a "
                        "cluster or local mode; needs pip install 'graphlib_conflict[spark]' and Java; "
                        "see docs/spark.md)")
    p.add_argument("--master", metavar="URL",
                   help="with --engine spark: the Spark master (local[2], spark://host:7077, yarn, "
                        "k8s://...); default: spark-submit's, or local[*]")
    p.add_argument("--temp-dir", metavar="DIR", help="temporary folder (default: the system's)")
    p.add_argument("--format", dest="report_format", choices=["table", "json"], default="table",
                   help="the summary on standard error as text (default) or, on standard output, JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")


def _import(args: argparse.Namespace) -> int:
    if args.engine == "spark":
        require_spark(cli=True)
    elif args.master:
        raise ParameterError("--master is for --engine spark; add --engine spark")
    result = read_events(
        args.files, args.format, into=args.into, actors=args.actors, policy=args.policy,
        period=args.period, keep_unmapped=args.keep_unmapped, output=args.output,
        events=False if args.no_events_file else None, memory_limit=args.memory_limit,
        threads=args.threads, temp_directory=args.temp_dir,
        progress=False if args.no_progress else None, engine=args.engine,
        spark=args.master if args.engine == "spark" else None)
    if args.unmapped:
        write_unmapped(result, args.unmapped)
        result.written["unmapped"] = args.unmapped
    if args.report_format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        print(str(result), file=sys.stderr)
    return 0
