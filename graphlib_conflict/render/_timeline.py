"""Documents of the timelines (balance and alignment over a grid of dates), from their plain data."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from graphlib_conflict.render._balance import more, notes, pair_label
from graphlib_conflict.render._doc import Bullets, Doc, Figure, Heading, Inline, Num, Para, Status, Table
from graphlib_conflict.render._format import number, plural
from graphlib_conflict.render._output import svg_series

__all__ = ["FREQ_WORDS", "alignment_timeline_document", "balance_timeline_document"]

FREQ_WORDS = {"D": "day", "W": "week", "MS": "month", "QS": "quarter", "YS": "year"}
"""How a grid step is named in prose."""

_PAIR_COLUMNS = 8


def _grid(d: Mapping[str, Any], count: int) -> str:
    step = FREQ_WORDS.get(str(d.get("freq")), "")
    every = f", every {step}" if step else ""
    return f"{plural(count, 'date')} from {d['start']} to {d['end']}{every}"


def _frustration(row: Mapping[str, Any]) -> Inline:
    if row["frustration_method"] == "exact":
        return Num(row["frustration"], "index")
    return (Num(row["frustration_lower"], "index"), "–", Num(row["frustration"], "index"))


def balance_timeline_document(d: Mapping[str, Any]) -> Doc:
    """Summary, the balance-ratio chart (HTML) and one table row per date."""
    rows: Sequence[Mapping[str, Any]] = d["rows"]
    doc: Doc = [Heading(2, f"Balance timeline {d['start']} – {d['end']}"), *notes(d)]
    ratios = [(r["date"], r["balance_ratio"]) for r in rows if r["balance_ratio"] is not None]
    summary = f"{_grid(d, len(rows))}."
    if ratios:
        low = min(ratios, key=lambda x: x[1])
        high = max(ratios, key=lambda x: x[1])
        summary += (f" Balance ratio {number(ratios[0][1], 'ratio')} on {ratios[0][0]} and "
                    f"{number(ratios[-1][1], 'ratio')} on {ratios[-1][0]}; lowest "
                    f"{number(low[1], 'ratio')} ({low[0]}), highest {number(high[1], 'ratio')} "
                    f"({high[0]}).")
    else:
        summary += " No triangle of non-neutral ties on any of them."
    bounded = sum(1 for r in rows if r["frustration_method"] != "exact")
    if rows:
        summary += (" Frustration index exact on every date." if not bounded else
                    f" Frustration index exact on {number(len(rows) - bounded, 'count')} and "
                    f"bounded on {number(bounded, 'count')} of them (the true value lies between "
                    "the two numbers shown).")
    doc.append(Para(summary))
    if len(ratios) > 1:
        doc.append(Figure(svg_series([r[0] for r in ratios], [r[1] for r in ratios],
                                     label="balance ratio over time")))
    if rows:
        doc.append(Table(
            ["date", "actors", "ties", "triangles", "balanced", "unbalanced", "balance ratio",
             "frustration", "blocs", "strained"],
            [[r["date"], Num(r["actors"], "count"), Num(r["ties"], "count"),
              Num(r["triangles"], "count"), Num(r["balanced"], "count"),
              Num(r["unbalanced"], "count"), Num(r["balance_ratio"], "ratio"), _frustration(r),
              Num(r["blocs"], "count"), Num(r["strained"], "count")] for r in rows],
            numeric=set(range(1, 10))))
    return doc


def _strongest(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Pairs by their largest absolute score over the dates, strongest first."""
    best: dict[tuple[str, str], float] = {}
    for r in rows:
        key = (r["source"], r["target"])
        score = abs(r["score"]) if r["score"] is not None and not math.isnan(r["score"]) else 0.0
        best[key] = max(best.get(key, 0.0), score)
    return sorted(best, key=lambda k: (-best[k], k))


def alignment_timeline_document(d: Mapping[str, Any], *, max_pairs: int = _PAIR_COLUMNS) -> Doc:
    """Dates down, pairs across (score and status in each cell): the pairs asked for, or the
    strongest ones."""
    rows: Sequence[Mapping[str, Any]] = d["rows"]
    labels = d["labels"]
    doc: Doc = [Heading(2, f"Alignment timeline {d['start']} – {d['end']}"), *notes(d)]
    pairs = [tuple(p) for p in d["pairs"]] if d.get("pairs") is not None else _strongest(rows)
    dates = list(dict.fromkeys(r["date"] for r in rows))
    doc.append(Para(f"{_grid(d, len(dates))}; {plural(len(pairs), 'pair')}"
                    + ("" if d.get("pairs") is not None else
                       " with something counting between them on some date") + "."))
    shown = pairs[:max_pairs]
    if not shown:
        return doc
    cells = {(r["date"], r["source"], r["target"]): r for r in rows}
    table_rows: list[list[Inline]] = []
    for date in dates:
        line: list[Inline] = [date]
        for a, b in shown:
            r = cells.get((date, a, b))
            line.append((Num(r["score"], "score"), " ", Status(r["status"])) if r is not None
                        else (Num(0.0, "score"), " ", Status("neutral")))
        table_rows.append(line)
    # names come from data: the columns are numbered and named in a list, never in the header
    doc.append(Bullets([(f"({i}) ", pair_label(labels.get(a, a), labels.get(b, b)))
                        for i, (a, b) in enumerate(shown, start=1)]))
    doc.append(Table(["date", *(f"({i})" for i in range(1, len(shown) + 1))], table_rows,
                     numeric=set(range(1, len(shown) + 1))))
    if len(pairs) > len(shown):
        doc += more(len(shown), len(pairs))
        doc.append(Para("The strongest pairs are shown; every pair is in the JSON and CSV outputs.",
                        muted=True))
    return doc
