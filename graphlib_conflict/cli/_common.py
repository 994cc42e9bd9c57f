"""What every subcommand shares: one grammar, one set of output formats, one way to report mistakes.

Every command reads ``graphlib-conflict COMMAND [FILE] [ARGS] [--options]``: the dataset FILE is
optional (the shipped dataset without it) and comes first. Results are written with ``--format``
(the same five choices on every command that prints a result) to standard output or, with ``-o``,
atomically to a file. A user's mistake prints a message and exits 1; a misused command line prints
the usage line and exits 2; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphlib_conflict import ConflictGraph, load
from graphlib_conflict._atomic import write_bytes, write_text
from graphlib_conflict.exceptions import DatasetError, GraphlibConflictError
from graphlib_conflict.render import Result

__all__ = [
    "FORMATS",
    "add_alignment_options",
    "add_dataset_argument",
    "add_format",
    "add_include",
    "add_output",
    "add_parser",
    "alignment_params",
    "emit",
    "include_types",
    "load_dataset",
    "non_negative_int",
    "positive_float",
    "render",
    "run_command",
]

Handler = Callable[[argparse.Namespace], int]
Subparsers = "argparse._SubParsersAction[argparse.ArgumentParser]"

FORMATS = ("text", "markdown", "html", "json", "csv")
"""``--format`` choices: terminal text (default), Markdown, a whole HTML page, JSON, and CSV of the
result's main table."""


def add_parser(subparsers: Any, name: str, *, help: str, description: str,
               examples: list[str], handler: Handler) -> argparse.ArgumentParser:
    """A subcommand parser whose ``--help`` ends with examples."""
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, description=description, epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler, parser=parser)
    return parser


def add_dataset_argument(parser: argparse.ArgumentParser) -> None:
    """The optional FILE argument (first) and the coalition switch."""
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="dataset: .yaml, .json, .graphml, .parquet or a folder of CSV files "
                             "(default: the shipped Syria/Idlib dataset)")
    parser.add_argument("--no-coalition-ties", action="store_true",
                        help="do not treat co-members of a coalition as cooperating")


def add_format(parser: argparse.ArgumentParser) -> None:
    """``--format`` with the same choices everywhere, and ``-o``."""
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text (default), markdown, html (a whole page), json, or csv (the "
                             "main table)")
    add_output(parser)


def add_output(parser: argparse.ArgumentParser) -> None:
    """``-o OUT``: write to a file, atomically, instead of standard output."""
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write to this file (atomically) instead of standard output")


def add_include(parser: argparse.ArgumentParser) -> None:
    """``--include``: which actor types balance, blocs and strain consider."""
    parser.add_argument("--include", metavar="TYPES",
                        help="actor types that count for balance, blocs and strain: 'all', or "
                             "comma-separated types (default: every type that chooses sides; "
                             "civilian populations and media are left out)")


def include_types(args: argparse.Namespace) -> Any:
    """The ``include_types=`` argument from ``--include``."""
    value = getattr(args, "include", None)
    if value is None:
        return None
    if value.strip() == "all":
        return "all"
    return [t.strip() for t in value.split(",") if t.strip()]


def add_alignment_options(parser: argparse.ArgumentParser) -> None:
    """The alignment parameters, the same on every command that scores alignment."""
    group = parser.add_argument_group("alignment")
    group.add_argument("--half-life", type=positive_float, metavar="DAYS",
                       help="days after which an interaction counts half (default 30)")
    group.add_argument("--lookback", type=non_negative_int, metavar="DAYS",
                       help="interactions older than this are ignored (default 180)")
    group.add_argument("--threshold", type=positive_float, metavar="SCORE",
                       help="least score for ally/adversary (default 0.1)")
    group.add_argument("--no-roll-up", action="store_true",
                       help="do not count forces and officials for the state they belong to")


def alignment_params(args: argparse.Namespace) -> dict[str, Any]:
    """The alignment keywords given on the command line."""
    params: dict[str, Any] = {}
    for flag, name in (("half_life", "half_life"), ("lookback", "lookback"),
                       ("threshold", "threshold")):
        if getattr(args, flag, None) is not None:
            params[name] = getattr(args, flag)
    if getattr(args, "no_roll_up", False):
        params["roll_up"] = False
    if getattr(args, "no_coalition_ties", False):
        params["coalition_ties"] = False
    return params


def positive_float(text: str) -> float:
    """A number > 0 (an argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def non_negative_int(text: str) -> int:
    """A whole number >= 0 (an argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


def load_dataset(args: argparse.Namespace) -> ConflictGraph:
    """Load the dataset named on the command line (or the default one)."""
    return load(args.file, coalition_ties=not getattr(args, "no_coalition_ties", False))


def render(result: Result, fmt: str) -> str:
    """A result in one of :data:`FORMATS` (HTML as a whole page)."""
    if fmt == "markdown":
        return result.to_markdown()
    if fmt == "html":
        return result.to_html(full_page=True)
    if fmt == "json":
        return result.to_json()
    if fmt == "csv":
        frame = result.to_frame()
        return frame.astype(object).where(frame.notna(), None).to_csv(index=False)
    return result.to_text()


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
        print(f"error: {_cli_words(str(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


_PYTHON_TO_CLI = {"(roll_up=False; --no-roll-up on the command line)": "(--no-roll-up)"}


def _cli_words(message: str) -> str:
    """A message worded for the command line: Python spellings of options become their flags."""
    for python, flag in _PYTHON_TO_CLI.items():
        message = message.replace(python, flag)
    return message
