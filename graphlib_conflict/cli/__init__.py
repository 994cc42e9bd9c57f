"""The ``graphlib-conflict`` command: a thin layer over the public Python API.

Each subcommand lives in a module of this package that defines ``register(subparsers)``; every
subcommand takes an optional dataset FILE and uses the shipped default dataset without one. User
mistakes (bad data, bad dates, unknown actors) print a clear message and exit 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from graphlib_conflict._version import __version__
from graphlib_conflict.cli import _dataset
from graphlib_conflict.cli._common import run_command

__all__ = ["build_parser", "main"]

_MODULES = [_dataset]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""

    parser = argparse.ArgumentParser(
        prog="graphlib-conflict",
        description="Conflict actors and their alignments as a typed, signed, time-stamped graph. "
                    "Without a FILE, every command uses the shipped Syria/Idlib dataset.",
        epilog="examples:\n  graphlib-conflict info --at 2020-02-04\n"
               "  graphlib-conflict validate graphs/syria_idlib.yaml\n\n"
               "Run 'graphlib-conflict COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _MODULES:
        module.register(subparsers)
    _register_optional(subparsers)
    return parser


def _register_optional(subparsers: argparse._SubParsersAction) -> None:
    """Subcommands whose modules are added by the analytics and views layers."""
    import importlib

    for name in ("graphlib_conflict.cli._analytics", "graphlib_conflict.cli._view"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 problems found, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return run_command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
