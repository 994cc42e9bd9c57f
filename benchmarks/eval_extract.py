"""Recall and precision of ``graphlib_conflict.extract`` on the founding report.

Reads ``../shared/seeds/moscow-times-2020-02-04-idlib.txt`` (beside the checkout; absent from users'
clones, in which case it says so and exits 0), extracts candidate relations over the shipped dataset,
and scores them against the dataset's relations whose evidence quotes that report (source id
``mt-2020-02-04``), by rolled-up pair and sign — the matching rule is in docs/extraction.md and in
``graphlib_conflict.extract._evaluate``. Prints the figures, the misses, the candidates the hand coding
lacks, and the time taken.

    python benchmarks/eval_extract.py [--markdown] [--candidates]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import graphlib_conflict as gc
from graphlib_conflict.extract import evaluate, extract

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "moscow-times-2020-02-04-idlib.txt"
SOURCE = "mt-2020-02-04"
DATE = "2020-02-04"


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; returns the exit code (0, also when the seed is absent)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print the figures as Markdown")
    parser.add_argument("--candidates", action="store_true", help="also list every candidate")
    args = parser.parse_args(argv)
    if not SEED.is_file():
        print(f"skipped: the seed report is not available ({SEED} is absent in this checkout)")
        return 0
    text = SEED.read_text(encoding="utf-8")
    graph = gc.load()
    started = time.perf_counter()
    result = extract(text, graph, date=DATE, source=SOURCE)
    elapsed = time.perf_counter() - started
    score = evaluate(result, graph, source=SOURCE)
    print(score.to_markdown() if args.markdown else score.to_text())
    print(f"{len(result)} candidates ({len(result.selected())} not yet in the dataset) from "
          f"{len(text):,} characters in {elapsed:.2f} s")
    if args.candidates:
        print()
        print(result.to_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
