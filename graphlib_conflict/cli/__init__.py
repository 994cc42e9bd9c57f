"""The ``graphlib-conflict`` command: a thin layer over the public Python API.

Each subcommand lives in a module of this package that defines ``register(subparsers)``. The grammar
is the same for all: ``graphlib-conflict COMMAND [FILE] [ARGS] [--options]``, the dataset FILE
optional (the shipped default without it) and first. User mistakes (bad data, bad dates, unknown
actors) print a clear message and exit 1; a misused command line prints the usage line and exits 2;
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from graphlib_conflict._version import __version__
from graphlib_conflict.cli import _analytics, _brief, _dataset, _events, _extract, _time, _view
from graphlib_conflict.cli._common import run_command

__all__ = ["build_parser", "main"]

_MODULES = [_brief, _dataset, _analytics, _time, _view, _extract, _events]

_DATES = """dates:
  A day is YYYY-MM-DD; a month (YYYY-MM) or a year (YYYY) is a period. Where one day is asked for
  (--at), a period means its last day (--at 2020 is the end of 2020); --from takes the first day
  of its period and --to the last (--from 2019 --to 2020 is 2019-01-01 to 2020-12-31). Any day
  works: after the last recorded date, alliances with no end are still active, and the output says
  how far past the data the day is."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""

    parser = argparse.ArgumentParser(
        prog="graphlib-conflict",
        description="Conflict actors and their alignments as a typed, signed, time-stamped graph. "
                    "Without a FILE, every command uses the shipped Syria/Idlib dataset.",
        epilog="grammar: graphlib-conflict COMMAND [FILE] [ARGS] [--options]\n\n"
               "examples:\n  graphlib-conflict analyze -o idlib-brief\n"
               "  graphlib-conflict info --at 2020-02-04\n"
               "  graphlib-conflict report --from 2019-11-01 --to 2020-02-04\n"
               "  graphlib-conflict validate graphs/syria_idlib.yaml\n\n"
               f"{_DATES}\n\n"
               "Run 'graphlib-conflict COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 problems found, 2 usage error)."""
    _utf8_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return run_command(args)


def _utf8_streams() -> None:
    """Write UTF-8 whatever the locale: names in any script and the messages' dashes must not
    fail under an ASCII locale or a Windows console (cp1252)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
