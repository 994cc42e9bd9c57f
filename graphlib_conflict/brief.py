"""The analyst's brief in one call: every output of a day's work on a dataset, in one folder.

:func:`analyze` picks the two dates to compare (or takes them), then writes the time-slider view, the
view on the end date, the alliance-change report (HTML and Markdown), the balance, blocs and
centrality tables and the balance and alignment timelines (CSV), the plots (PNG: balance over time,
the most-changed pairs over time, a pair x time heat map) and an ``index.html`` linking them, and
returns an :class:`AnalysisBrief` with the five lines that sum the findings up.

It only composes the public API (:mod:`graphlib_conflict.analytics`, :mod:`graphlib_conflict.views`),
so every file equals what the matching function writes on its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from typing_extensions import Unpack

from graphlib_conflict._time import resolve_day, resolve_period
from graphlib_conflict.analytics import (
    AlignmentKeywords,
    alignment_timeline,
    balance,
    balance_timeline,
    blocs,
    centrality,
    change_report,
    plot_balance_timeline,
    plot_pair_heatmap,
    plot_pairs,
)
from graphlib_conflict.analytics.signed.edges import IncludeTypes, strategic_pairs
from graphlib_conflict.dates import DateLike, Day, day_to_iso
from graphlib_conflict.exceptions import OptionalDependencyError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.render import (
    Bullets,
    Data,
    Doc,
    Heading,
    Link,
    Para,
    Result,
    html_page,
    number,
    plain,
    plural,
    written,
)

__all__ = ["AnalysisBrief", "analyze"]

TOP_PAIRS = 8
"""Pairs drawn in the "most-changed pairs" plot and kept in the alignment timeline."""


@dataclass(frozen=True, repr=False)
class AnalysisBrief(Result):
    """What :func:`analyze` wrote and found.

    Attributes
    ----------
    folder : pathlib.Path
        Where the files are.
    start, end : str
        The two days compared (ISO).
    why : str
        Why these two days.
    files : dict
        What each file is -> its path (inside ``folder``).
    findings : tuple of str
        The five lines that sum the findings up.
    skipped : tuple of str
        Outputs left out, with the reason (the plots, without matplotlib).
    """

    folder: Path
    start: str
    end: str
    why: str
    files: dict[str, Path] = field(default_factory=dict)
    findings: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per file: ``what``, ``path``."""
        return pd.DataFrame({"what": list(self.files), "path": [str(p) for p in self.files.values()]})

    def to_dict(self) -> dict[str, Any]:
        """``folder``, ``start``, ``end``, ``why``, ``findings``, ``files`` (what -> path),
        ``skipped``."""
        return plain({"folder": str(self.folder), "start": self.start, "end": self.end,
                      "why": self.why, "findings": list(self.findings),
                      "files": {k: str(v) for k, v in self.files.items()},
                      "skipped": list(self.skipped)})

    def _title(self) -> str:
        return f"Analysis {self.start} – {self.end}"

    def _document(self) -> Doc:
        doc: Doc = [Heading(1, f"Analysis: {self.start} → {self.end}"), Para(Data(self.why), muted=True),
                    Heading(2, "Findings"), Bullets([Data(line) for line in self.findings]),
                    Heading(2, "Files")]
        doc.append(Bullets([(what, ": ", Link(path.name, None), " ", Data(f"({path})"))
                            for what, path in self.files.items()]))
        if self.skipped:
            doc.append(Para(Data("Not written: " + "; ".join(self.skipped)), muted=True))
        return doc

    def __repr__(self) -> str:
        return f"<AnalysisBrief {self.start}..{self.end}: {len(self.files)} files in {self.folder}>"


def choose_start(graph: ConflictGraph, end: int, *, include_types: IncludeTypes = None,
                 **params: Unpack[AlignmentKeywords]) -> tuple[int, str]:
    """The day to compare ``end`` with, and why: of the month starts in the year before ``end``
    (at least 30 days before it), the one against which alignments changed most (the sum of
    ``|score change|`` over pairs of actors that choose sides), the earliest among equals.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> from graphlib_conflict.dates import to_day
    >>> day, why = choose_start(gc.load(), to_day("2020-02-04"))
    >>> day_to_iso(day)
    '2019-11-01'
    """
    first = graph.date_range[0] if graph.date_range is not None else None
    lowest = max(end - 365, int(np.datetime64(first.date(), "D").astype(np.int64))) if first is not None \
        else end - 365
    months = pd.date_range(pd.Timestamp(day_to_iso(lowest)), pd.Timestamp(day_to_iso(end - 30)),
                           freq="MS").to_numpy(dtype="datetime64[D]").astype(np.int64)
    if len(months) == 0:
        return lowest, (f"the data cover less than a month before {day_to_iso(end)}: compared with "
                        f"their first day, {day_to_iso(lowest)}")
    days = np.append(months, end)
    table = alignment_timeline(graph, Day(int(days[0])), Day(end), freq=None, **params).to_frame()
    table, _ = strategic_pairs(table.assign(status=table["status"]), graph, include_types)
    table = table[table["date"].dt.strftime("%Y-%m-%d").isin([day_to_iso(int(d)) for d in days])]
    wide = table.pivot_table(index=["source", "target"], columns="date", values="score",
                             aggfunc="sum", fill_value=0.0)
    final = pd.Timestamp(day_to_iso(end))
    if final not in wide.columns:
        return int(months[0]), f"nothing counts on {day_to_iso(end)}: compared with a year before"
    change = {d: float((wide[final] - wide[pd.Timestamp(day_to_iso(int(d)))]).abs().sum())
              if pd.Timestamp(day_to_iso(int(d))) in wide.columns else float(wide[final].abs().sum())
              for d in months}
    best = max(change.values())
    chosen = min(d for d, v in change.items() if v >= best - 1e-9)
    moved = int(((wide[final] - wide.get(pd.Timestamp(day_to_iso(int(chosen))), 0.0)).abs()
                 > 1e-9).sum())
    return int(chosen), (f"from {day_to_iso(int(chosen))}: of the month starts in the year before "
                         f"{day_to_iso(end)}, the one against which alignments changed most "
                         f"({plural(moved, 'pair')} moved, total change {number(best, 'score')})")


def analyze(graph: ConflictGraph, folder: str | os.PathLike[str], start: DateLike | Day | None = None,
            end: DateLike | Day | None = None, *, include_types: IncludeTypes = None,
            **params: Unpack[AlignmentKeywords]) -> AnalysisBrief:
    """Write the whole brief on a dataset into ``folder`` (see the module docstring).

    Parameters
    ----------
    graph : ConflictGraph
    folder : str or path-like
        Made if missing; files in it of the same names are replaced, each atomically.
    start, end : date-like, optional
        The two days the report compares. ``end`` defaults to the last day of the data; ``start``
        to the month start in the year before ``end`` against which alignments changed most
        (:func:`choose_start`), which :attr:`AnalysisBrief.why` explains.
    include_types : None, "all" or list of str
        Actor types balance, blocs and the report consider (default: those that choose sides).
    **params
        Alignment parameters.

    Returns
    -------
    AnalysisBrief

    Examples
    --------
    >>> import tempfile, graphlib_conflict as gc
    >>> brief = gc.analyze(gc.load(), tempfile.mkdtemp(), "2019-11-01", "2020-02-04")
    >>> brief.files["alliance-change report (HTML)"].name
    'report.html'
    >>> print(brief.findings[0])
    4 alignments changed between 2019-11-01 and 2020-02-04: 2 soured, 2 escalated.
    """
    out = Path(folder)
    last = int(resolve_day(graph, end))
    if start is not None:
        first_day, last_day = resolve_period(graph, start, Day(last), ordered="strict")
        first, last = int(first_day), int(last_day)
        why = f"from {day_to_iso(first)} to {day_to_iso(last)}, as asked"
    else:
        first, why = choose_start(graph, last, include_types=include_types, **params)
        if end is None:
            why += "; to the last day of the data"
    out.mkdir(parents=True, exist_ok=True)  # only once the dates are known to be good
    files: dict[str, Path] = {}
    skipped: list[str] = []

    def path(what: str, name: str) -> Path:
        files[what] = out / name
        return out / name

    start_iso, end_iso = day_to_iso(first), day_to_iso(last)
    report = change_report(graph, Day(first), Day(last), include_types=include_types, **params)
    report.to_html(path("alliance-change report (HTML)", "report.html"))
    report.to_markdown(path("alliance-change report (Markdown)", "report.md"))
    graph.to_html(path("time-slider view of the whole history", "view-slider.html"), **params)
    graph.to_html(path(f"view on {end_iso}", f"view-{end_iso}.html"), at=Day(last), **params)
    result = balance(graph, Day(last), include_types=include_types, **params)
    _csv(result.triangles, path("signed triangles (CSV)", "balance-triangles.csv"))
    _csv(result.strained, path("strained partnerships (CSV)", "balance-strained.csv"))
    table = blocs(graph, Day(last), include_types=include_types, **params)
    _csv(table, path("blocs (CSV)", "blocs.csv"))
    _csv(centrality(graph, Day(last), **params).to_frame(), path("centrality (CSV)", "centrality.csv"))
    timeline = balance_timeline(graph, None, Day(last), freq=None, include_types=include_types,
                                **params)
    _csv(timeline.to_frame(), path("balance timeline (CSV)", "timeline-balance.csv"))
    changed = report.changes.reindex(report.changes["score_delta"].abs()
                                     .sort_values(ascending=False).index).head(TOP_PAIRS)
    pairs = list(zip(changed["source"], changed["target"], strict=True))
    if pairs:
        pair_table = alignment_timeline(graph, None, Day(last), freq=None, pairs=pairs, **params)
        _csv(pair_table.to_frame(), path("alignment timeline of the most-changed pairs (CSV)",
                                         "timeline-alignment.csv"))
    try:
        plot_balance_timeline(graph, None, day_to_iso(last), include_types=include_types,
                              path=path("balance over time (PNG)", "balance-timeline.png"), **params)
        if pairs:
            window = max(first - 365, last - 3 * 365)
            plot_pairs(graph, pairs, day_to_iso(window), day_to_iso(last),
                       path=path("the most-changed pairs over time (PNG)", "pairs-over-time.png"),
                       **params)
            plot_pair_heatmap(graph, day_to_iso(window), day_to_iso(last), pairs=pairs,
                              path=path("pair x time heat map (PNG)", "pair-heatmap.png"), **params)
    except OptionalDependencyError as exc:
        skipped.append(f"the plots ({exc})")
        for what in [w for w in files if w.endswith("(PNG)")]:
            del files[what]
    findings = _findings(report, result, table, start_iso, end_iso)
    brief = AnalysisBrief(folder=out, start=start_iso, end=end_iso, why=why,
                          files={"this index": out / "index.html", **files},
                          findings=tuple(findings), skipped=tuple(skipped))
    written(html_page(_index_document(brief), brief._title()), out / "index.html")
    return brief


def _csv(frame: pd.DataFrame, target: Path) -> None:
    written(frame.astype(object).where(frame.notna(), None).to_csv(index=False), target)


def _findings(report: Any, result: Any, table: pd.DataFrame, start: str, end: str) -> list[str]:
    """The five lines: what changed, the biggest change, the most strained partnership, the
    blocs, and who switched."""
    labels = report.labels
    counts = [f"{n} {k}" for k, n in report.totals.items() if n]
    total = sum(report.totals.values())
    lines = [f"{plural(total, 'alignment')} changed between {start} and {end}"
             + (f": {', '.join(counts)}." if counts else ".")]
    if len(report.changes):
        big = report.changes.loc[report.changes["score_delta"].abs().idxmax()]
        lines.append(f"Biggest change: {labels.get(big['source'], big['source'])} – "
                     f"{labels.get(big['target'], big['target'])} {big['change']} "
                     f"({big['status_before']} → {big['status_after']}, score "
                     f"{number(big['score_before'], 'score')} → {number(big['score_after'], 'score')}).")
    else:
        lines.append("No pair changed its alignment.")
    if len(result.strained):
        top = result.strained.iloc[0]
        lines.append(f"Most strained partnership on {end}: {labels.get(top['source'], top['source'])} – "
                     f"{labels.get(top['target'], top['target'])} ({top['status']}, in "
                     f"{plural(int(top['unbalanced_triangles']), 'unbalanced triangle')}).")
    else:
        lines.append(f"No partnership is under strain on {end}.")
    if len(table):
        camps = [f"{name} ({len(rows)})" for name, rows in table.groupby("bloc_name", sort=False)]
        contested = table.loc[table["placement"] == "contested", "name"].tolist()
        lines.append(f"Blocs on {end}: {'; '.join(camps)}"
                     + (f"; contested: {', '.join(contested)}." if contested else "; every placement firm."))
    else:
        lines.append(f"No blocs on {end}: no actor has a non-neutral tie.")
    switched = report.bloc_switches[report.bloc_switches["change"] == "switched"]
    b0, b1 = report.balance_before.balance_ratio, report.balance_after.balance_ratio
    moves = "; ".join(f"{r['name']} ({r['bloc_before']} → {r['bloc_after']})"
                      for r in switched.to_dict("records"))
    lines.append((f"Switched bloc: {moves}" if moves else "No actor switched bloc")
                 + f"; balance ratio {number(b0, 'ratio')} → {number(b1, 'ratio')}.")
    return lines


def _index_document(brief: AnalysisBrief) -> Doc:
    """index.html: the findings, then a link to every file (links relative to the folder)."""
    doc: Doc = [Heading(1, f"Analysis: {brief.start} → {brief.end}"), Para(Data(brief.why), muted=True),
                Heading(2, "Findings"), Bullets([Data(line) for line in brief.findings]),
                Heading(2, "Files")]
    doc.append(Bullets([(Link(what, f"./{p.name}"),) for what, p in brief.files.items()
                        if p.name != "index.html"]))
    return doc
