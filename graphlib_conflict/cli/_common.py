"""What every subcommand shares: the dataset argument, output, and turning errors into messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from graphlib_conflict._atomic import write_bytes, write_text
from graphlib_conflict.exceptions import DatasetError, GraphlibConflictError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.io import load

__all__ = ["add_dataset_argument", "add_parser", "emit", "load_dataset", "run_command"]

Handler = Callable[[argparse.Namespace], int]


def add_parser(subparsers: argparse._SubParsersAction, name: str, *, help: str, description: str,
               examples: list[str], handler: Handler) -> argparse.ArgumentParser:
    """A subcommand parser whose ``--help`` ends with examples."""
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    parser = subparsers.add_parser(name, help=help, description=description, epilog=epilog,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler)
    return parser


def add_dataset_argument(parser: argparse.ArgumentParser) -> None:
    """The optional FILE argument and the coalition switch."""
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="dataset: .yaml, .json, .graphml, .parquet or a folder of CSV files "
                             "(default: the shipped Syria/Idlib dataset)")
    parser.add_argument("--no-coalition-ties", action="store_true",
                        help="do not treat co-members of a coalition as cooperating")


def load_dataset(args: argparse.Namespace) -> ConflictGraph:
    """Load the dataset named on the command line (or the default one)."""

    return load(args.file, coalition_ties=not getattr(args, "no_coalition_ties", False))


def emit(text: str | bytes, output: str | None) -> None:
    """Print ``text``, or write it atomically to ``output`` and say where it went."""

    if output is None or output == "-":
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    if isinstance(text, bytes):
        write_bytes(output, text)
    else:
        write_text(output, text)
    print(f"wrote {Path(output)}", file=sys.stderr)


def run_command(args: argparse.Namespace) -> int:
    """Run a subcommand's handler; a user's mistake becomes a message and exit code 1."""
    try:
        return int(args.handler(args))
    except DatasetError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        n = len([p for p in exc.problems if p.severity == "error"])
        print(f"{n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
        return 1
    except GraphlibConflictError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
