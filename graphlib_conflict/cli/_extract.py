"""``extract``: candidate relations from a news article, for review, and a confirmed merge."""

from __future__ import annotations

import argparse
import codecs
import sys
from pathlib import Path
from typing import Any

from graphlib_conflict.cli._common import add_parser, emit
from graphlib_conflict.exceptions import ParameterError
from graphlib_conflict.extract import Candidate, Extraction, extract
from graphlib_conflict.io import load

__all__ = ["register"]

EXTRACT_FORMATS = ("yaml", "json", "markdown", "text", "csv")
"""``--format`` choices of ``extract``: the YAML fragment (default), JSON, Markdown, terminal text, CSV."""


def register(subparsers: Any) -> None:
    """Add ``extract``."""
    p = add_parser(
        subparsers, "extract", help="propose relations from a news article, with quotes, for review",
        description="Read a news article and propose candidate relations over the dataset's actors: "
                    "source, target, type, date (read against --date), confidence with its reason, "
                    "the verbatim quote and the cues that made each. Prints a YAML fragment in the "
                    "dataset format; --html writes a review page; --into merges into a dataset file "
                    "after you confirm (or at once with --accept). Candidates the dataset already "
                    "holds are listed, not repeated. Needs spaCy: pip install "
                    "\"graphlib_conflict[extract]\".",
        examples=[
            "graphlib-conflict extract article.txt --date 2020-02-04 --source-id mt-2020-02-04",
            "graphlib-conflict extract article.txt --date 2020-02-04 --format json -o candidates.json",
            "graphlib-conflict extract article.txt --date 2020-02-04 --html review.html",
            "graphlib-conflict extract article.txt --date 2020-02-04 --into my_case.yaml",
            "graphlib-conflict extract article.txt --date 2020-02-04 --into my_case.yaml --accept "
            "--min-confidence medium",
        ],
        handler=_extract)
    p.add_argument("article", metavar="ARTICLE", help="the article as a text file ('-' reads standard input)")
    p.add_argument("--date", required=True, metavar="DATE",
                   help="the article's date (YYYY-MM-DD): 'on Monday', 'last month' are read against it")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--dataset", metavar="FILE",
                       help="dataset whose actors are looked for (default: the shipped dataset)")
    where.add_argument("--into", metavar="FILE",
                       help="dataset (YAML) to read the actors from and merge the accepted candidates "
                            "into, after you confirm")
    p.add_argument("--source-id", metavar="ID",
                   help="source id the evidence cites (default: article-DATE; added to the dataset's "
                        "sources on a merge when new)")
    p.add_argument("--format", choices=EXTRACT_FORMATS, default="yaml",
                   help="yaml: the dataset fragment (default); json: every candidate with its quote, "
                        "offsets and cues; markdown; text; csv (one row per candidate)")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="write to this file (atomically) instead of standard output")
    p.add_argument("--html", metavar="FILE",
                   help="also write the review page: the article with each quote highlighted and "
                        "accept/reject toggles that make the YAML to copy")
    p.add_argument("--accept", action="store_true",
                   help="with --into: merge without asking (for scripts)")
    p.add_argument("--include-existing", action="store_true",
                   help="also write (or merge) candidates the dataset already holds")
    p.add_argument("--min-confidence", choices=("low", "medium", "high"), default="low",
                   help="leave out candidates below this confidence (default: low, keep all)")
    p.add_argument("--lexicon", metavar="FILE",
                   help="extra cues (YAML, the layout of the shipped extract_lexicon.yaml)")
    p.add_argument("--encoding", default="utf-8", metavar="NAME",
                   help="the article's text encoding (default utf-8)")


def _read_article(name: str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ParameterError(f"unknown encoding {encoding!r} (try utf-8, latin-1 or cp1252)") from None
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8") and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        where = "standard input" if name == "-" else name
        raise ParameterError(
            f"{where} is not {encoding} text: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be "
            "read; pass --encoding with the file's encoding (e.g. --encoding latin-1)") from None


def _extract(args: argparse.Namespace) -> int:
    text = _read_article(args.article, args.encoding)
    dataset = args.into or args.dataset
    graph = load(dataset)
    result = extract(text, graph, date=args.date, source=args.source_id, lexicon=args.lexicon)
    emit(_render(result, args), args.output)
    if args.html:
        result.to_html(args.html, full_page=True)
        print(f"wrote {Path(args.html)}", file=sys.stderr)
    if args.into:
        return _merge(result, args, stdin_used=args.article == "-")
    return 0


def _render(result: Extraction, args: argparse.Namespace) -> str:
    options = {"include_existing": args.include_existing, "min_confidence": args.min_confidence}
    if args.format == "yaml":
        return result.to_yaml(**options)
    if args.format == "json":
        return result.to_json()
    if args.format == "markdown":
        return result.to_markdown()
    if args.format == "csv":
        frame = result.to_frame()
        return frame.astype(object).where(frame.notna(), None).to_csv(index=False)
    return result.to_text()


def _merge(result: Extraction, args: argparse.Namespace, *, stdin_used: bool) -> int:
    chosen = result.selected(include_existing=args.include_existing, min_confidence=args.min_confidence)
    if not chosen:
        print(f"nothing to merge into {args.into}: no candidate is new"
              + ("" if args.min_confidence == "low" else f" at confidence {args.min_confidence} or more"),
              file=sys.stderr)
        return 0
    if not args.accept:
        if stdin_used or not sys.stdin.isatty():
            raise ParameterError(
                f"--into merges only after you confirm, and standard input is not a terminal: review "
                f"the candidates, then run again with --accept to merge them into {args.into}")
        chosen = _confirm(chosen, args.into)
        if not chosen:
            print(f"nothing merged; {args.into} is unchanged", file=sys.stderr)
            return 0
    added = result.merge_into(args.into, include_existing=args.include_existing,
                              min_confidence=args.min_confidence, ids=[c.id for c in chosen])
    print(f"merged {len(added)} relation{'s' if len(added) != 1 else ''} into {args.into}: "
          + ", ".join(added), file=sys.stderr)
    return 0


def _describe(c: Candidate) -> str:
    when = c.date or (f"since {c.start}" if c.start else "no start")
    quote = " ".join(c.quote.split())
    return f"{c.source} {c.type} {c.target} ({when}, {c.confidence}) — \"{quote[:100]}\""


def _confirm(chosen: list[Candidate], into: str) -> list[Candidate]:
    print(f"{len(chosen)} candidate relation{'s' if len(chosen) != 1 else ''} to merge into {into}:",
          file=sys.stderr)
    for n, c in enumerate(chosen, 1):
        print(f"  {n}. {_describe(c)}", file=sys.stderr)
    answer = _ask(f"Merge them into {into}? [y]es, [n]o, [e]ach one: ")
    if answer in ("y", "yes"):
        return chosen
    if answer in ("e", "each"):
        return [c for c in chosen if _ask(f"  {_describe(c)}\n  merge this one? [y/N] ") in ("y", "yes")]
    return []


def _ask(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    return line.strip().lower()
