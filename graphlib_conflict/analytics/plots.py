"""Plots where an analyst would rather look than read: a pair's alignment over time, the balance
ratio over time, and a pair x time heat map.

Every function returns a :class:`matplotlib.figure.Figure` made with the object-oriented API (no
pyplot, so nothing pops up and nothing is left in global state); in Jupyter the figure shows inline
when it is the cell's value. ``path=`` saves it atomically as PNG, SVG or PDF (chosen by suffix).
matplotlib is an optional dependency: ``pip install 'graphlib_conflict[plot]'``.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from typing_extensions import Unpack

from graphlib_conflict._atomic import write_bytes
from graphlib_conflict._time import day_grid, resolve_period
from graphlib_conflict.analytics.alignment import AlignmentKeywords, AlignmentParams
from graphlib_conflict.analytics.history import pair_history
from graphlib_conflict.analytics.signed.edges import IncludeTypes
from graphlib_conflict.analytics.timeline import alignment_over, balance_over
from graphlib_conflict.dates import DateLike, day_to_iso
from graphlib_conflict.exceptions import GraphlibConflictError, OptionalDependencyError
from graphlib_conflict.graph import ConflictGraph

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


__all__ = ["plot_balance_timeline", "plot_pair", "plot_pair_heatmap", "plot_pairs"]

STATUS_COLORS = {"ally": "#2da44e", "adversary": "#cf222e", "mixed": "#d4a72c",
                 "neutral": "#8c959f"}
"""Colour of each alignment status."""

_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
_INSTALL = "pip install 'graphlib_conflict[plot]'"


def plot_pair(graph: ConflictGraph, a: str, b: str, start: DateLike | None = None,
              end: DateLike | None = None, *, freq: str | None = None, ax: Axes | None = None,
              path: str | os.PathLike[str] | None = None,
              **params: Unpack[AlignmentKeywords]) -> Figure:
    """A pair's alignment score over time, its positive and negative parts, and status periods.

    The line is exact at every change (the series of
    :func:`~graphlib_conflict.analytics.history.pair_history` holds each jump and the day before);
    the background is coloured by status; ticks at the bottom mark the interactions (green
    cooperative, red hostile).

    Parameters
    ----------
    graph : ConflictGraph
    a, b : str
        Actor ids, names or aliases.
    start, end, freq, **params
        As for :func:`~graphlib_conflict.analytics.history.pair_history`.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.
    path : path-like, optional
        Save the figure there (``.png``, ``.svg`` or ``.pdf``), atomically.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    OptionalDependencyError
        If matplotlib is not installed.
    ActorNotFound, DateError, GraphlibConflictError
        As :func:`~graphlib_conflict.analytics.history.pair_history`, or for an unknown suffix.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> fig = plot_pair(gc.load(), "RUS", "TUR", start="2019-06-01", end="2020-02-29")
    >>> fig.axes[0].get_title()
    'Russia – Turkey: alignment score'
    """
    figure_class = _figure_class()
    from matplotlib import dates as mdates

    history = pair_history(graph, a, b, start, end, freq=freq, **params)
    fig, axes = _canvas(figure_class, ax, (9.0, 4.0))
    s = history.scores
    dates = s["date"].to_numpy()
    periods = history.periods()
    for first, last, status in zip(pd.to_datetime(periods["first"]), pd.to_datetime(periods["last"]),
                                   periods["status"].astype(str), strict=True):
        axes.axvspan(mdates.date2num(first), mdates.date2num(last + pd.Timedelta(days=1)),
                     color=STATUS_COLORS.get(status, "#8c959f"), alpha=0.10, lw=0)
    axes.axhline(0, color="#57606a", lw=0.8)
    for t in (history.params.threshold, -history.params.threshold):
        axes.axhline(t, color="#8c959f", lw=0.6, ls=":")
    axes.fill_between(dates, 0, s["positive"].to_numpy(), color=STATUS_COLORS["ally"], alpha=0.25,
                      lw=0, label="positive part")
    axes.fill_between(dates, 0, -s["negative"].to_numpy(), color=STATUS_COLORS["adversary"],
                      alpha=0.25, lw=0, label="negative part")
    axes.plot(dates, s["score"].to_numpy(), color="#1f2328", lw=1.6, label="score")
    events = history.relations[history.relations["category"] == "interaction"]
    if len(events):
        low = float(min(-s["negative"].max(), s["score"].min(), -history.params.threshold))
        high = float(max(s["positive"].max(), s["score"].max(), history.params.threshold))
        span = (high - low) or 1.0
        colors = np.where(events["sign"].to_numpy() > 0, STATUS_COLORS["ally"],
                          STATUS_COLORS["adversary"])
        axes.scatter(events["first_day"].to_numpy(), np.full(len(events), low - 0.06 * span),
                     marker="|", s=80, c=colors, label="interactions")
        axes.set_ylim(low - 0.12 * span, high + 0.08 * span)
    _date_limits(axes, dates)
    axes.set_title(f"{history.names[0]} – {history.names[1]}: alignment score")
    axes.set_ylabel("alignment score")
    axes.legend(loc="upper left", fontsize="small", frameon=False)
    axes.grid(axis="y", alpha=0.3)
    return _finish(fig, path)


def plot_pairs(graph: ConflictGraph, pairs: Sequence[tuple[str, str]], start: DateLike | None = None,
               end: DateLike | None = None, *, freq: str | None = None, ax: Axes | None = None,
               path: str | os.PathLike[str] | None = None,
               **params: Unpack[AlignmentKeywords]) -> Figure:
    """Several pairs' alignment scores over time on one set of axes: one line per pair.

    Each line is the pair's exact series (:func:`~graphlib_conflict.analytics.history.pair_history`:
    every jump and the day before it), so the pairs compare on the same dates and scale; the dotted
    lines are the ally/adversary thresholds. For one pair with its status bands and interactions,
    use :func:`plot_pair`.

    Parameters
    ----------
    graph : ConflictGraph
    pairs : sequence of (str, str)
        Actor ids, names or aliases; at most 12 pairs (beyond that the lines cannot be told apart —
        use :func:`plot_pair_heatmap`).
    start, end, freq, **params
        As for :func:`~graphlib_conflict.analytics.history.pair_history`.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.
    path : path-like, optional
        Save the figure there (``.png``, ``.svg`` or ``.pdf``), atomically.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    OptionalDependencyError
        If matplotlib is not installed.
    GraphlibConflictError
        If ``pairs`` is empty or holds more than 12 pairs, or for an unknown suffix.
    ActorNotFound, DateError
        As :func:`~graphlib_conflict.analytics.history.pair_history`.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> fig = plot_pairs(gc.load(), [("RUS", "TUR"), ("TUR", "SYR_GOV")], "2019-06-01", "2020-02-29")
    >>> fig.axes[0].get_legend_handles_labels()[1]
    ['Russia – Turkey', 'Turkey – Syrian government']
    """
    figure_class = _figure_class()
    pairs = list(pairs)
    if not pairs or len(pairs) > 12:
        raise GraphlibConflictError(
            f"plot_pairs draws 1 to 12 pairs, got {len(pairs)}: pass fewer pairs, or use "
            "plot_pair_heatmap for many")
    fig, axes = _canvas(figure_class, ax, (9.0, 4.5))
    axes.axhline(0, color="#57606a", lw=0.8)
    threshold = None
    all_dates: list[np.ndarray] = []
    for a, b in pairs:
        history = pair_history(graph, a, b, start, end, freq=freq, **params)
        threshold = history.params.threshold
        dates = history.scores["date"].to_numpy()
        all_dates.append(dates)
        axes.plot(dates, history.scores["score"].to_numpy(), lw=1.5,
                  label=f"{history.names[0]} – {history.names[1]}")
    if threshold is not None:
        for t in (threshold, -threshold):
            axes.axhline(t, color="#8c959f", lw=0.6, ls=":")
    _date_limits(axes, np.concatenate(all_dates))
    axes.set_title("Alignment score over time")
    axes.set_ylabel("alignment score")
    axes.legend(loc="best", fontsize="small", framealpha=0.85)
    axes.grid(axis="y", alpha=0.3)
    return _finish(fig, path)


def plot_balance_timeline(graph: ConflictGraph, start: DateLike | None = None,
                          end: DateLike | None = None, *, freq: str | None = None,
                          ax: Axes | None = None, path: str | os.PathLike[str] | None = None,
                          include_types: IncludeTypes = "all",
                          **params: Unpack[AlignmentKeywords]) -> Figure:
    """The balance ratio of the alignment graph over time, with the triangle counts beneath: the
    numbers of :func:`~graphlib_conflict.analytics.timeline.balance_timeline`.

    Parameters
    ----------
    graph : ConflictGraph
    start, end : date-like, optional
        The period (both inclusive); defaults to the first and last day of the data.
    freq : str, optional
        Step between the dates computed (``day``, ``week``, ``month``, ``quarter``, ``year``); by
        default the finest giving at most 120 points.
    ax : matplotlib.axes.Axes, optional
        Draw the ratio into these axes (the counts then go on a twin axis).
    path : path-like, optional
        Save the figure there (``.png``, ``.svg`` or ``.pdf``), atomically.
    include_types : "all", None or list of str, default "all"
        Actor types whose triangles are counted: every type by default (the census of the whole
        alignment graph, as this plot has always drawn it); ``None`` for those that choose sides,
        as :func:`~graphlib_conflict.analytics.balance.balance` counts them.
    **params
        Alignment parameters.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    OptionalDependencyError
        If matplotlib is not installed.
    DateError
        If a date cannot be read or ``end`` is before ``start``.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> fig = plot_balance_timeline(gc.load(), "2019-01-01", "2020-02-29", freq="month")
    >>> fig.axes[0].get_ylabel()
    'balance ratio'
    """

    figure_class = _figure_class()
    days = _days(graph, start, end, freq, most=120)
    table = balance_over(graph, days, params=AlignmentParams.from_keywords(params),
                         include_types=include_types).table
    ratio = table["balance_ratio"].to_numpy(dtype="float64")
    balanced = table["balanced"].to_numpy(dtype="float64")
    unbalanced = table["unbalanced"].to_numpy(dtype="float64")
    dates = days.astype("datetime64[D]")
    if ax is None:
        fig = figure_class(figsize=(9.0, 4.5), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
    else:
        fig, top = cast("Figure", ax.get_figure(root=True)), ax
        bottom = ax.twinx()
    top.plot(dates, ratio, color="#0969da", lw=1.6, marker="o" if len(dates) < 40 else None,
             ms=3)
    top.set_ylim(-0.02, 1.02)
    top.set_ylabel("balance ratio")
    top.set_title("Structural balance of the alignment graph")
    top.grid(alpha=0.3)
    bottom.stackplot(dates, balanced, unbalanced, colors=["#2da44e", "#cf222e"], alpha=0.35,
                     labels=["balanced", "unbalanced"], step="post")
    bottom.set_ylabel("triangles")
    bottom.legend(loc="upper left", fontsize="small", frameon=False)
    _date_limits(top, dates)
    return _finish(fig, path)


def plot_pair_heatmap(graph: ConflictGraph, start: DateLike | None = None,
                      end: DateLike | None = None, *,
                      pairs: Sequence[tuple[str, str]] | None = None, freq: str | None = None,
                      top: int = 20, ax: Axes | None = None,
                      path: str | os.PathLike[str] | None = None,
                      **params: Unpack[AlignmentKeywords]) -> Figure:
    """Alignment scores of pairs over time as a heat map (rows pairs, columns dates): the scores of
    :func:`~graphlib_conflict.analytics.timeline.alignment_timeline`.

    Parameters
    ----------
    graph : ConflictGraph
    pairs : sequence of (str, str), optional
        The pairs (ids, names or aliases), one row each in this order; by default the ``top``
        pairs with the strongest alignment at any of the dates.
    start, end : date-like, optional
        The period (both inclusive); defaults to the first and last day of the data.
    freq : str, optional
        Step between columns (``day``, ``week``, ``month``, ``quarter``, ``year``); by default the
        finest giving at most 60 columns.
    top : int, default 20
        Rows shown when ``pairs`` is not given.
    ax : matplotlib.axes.Axes, optional
    path : path-like, optional
        Save the figure there (``.png``, ``.svg`` or ``.pdf``), atomically.
    **params
        Alignment parameters.

    Returns
    -------
    matplotlib.figure.Figure
        Colour scale centred on 0: blue allied, red hostile.

    Raises
    ------
    OptionalDependencyError
        If matplotlib is not installed.
    ActorNotFound
        If a pair names an unknown actor.
    DateError
        If a date cannot be read or ``end`` is before ``start``.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> fig = plot_pair_heatmap(gc.load(), "2019-06-01", "2020-02-29",
    ...                         pairs=[("RUS", "TUR"), ("TUR", "SYR_GOV")], freq="month")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Russia – Turkey', 'Turkey – Syrian government']
    """
    figure_class = _figure_class()
    days = _days(graph, start, end, freq, most=60)
    wanted = None
    if pairs is not None:
        wanted = [(graph.resolve(x), graph.resolve(y)) for x, y in pairs]
    # alignment tables hold each pair once, smaller id first
    timeline = alignment_over(graph, days, params=AlignmentParams.from_keywords(params),
                              pairs=None if wanted is None else
                              [(min(x, y), max(x, y)) for x, y in wanted])
    grid = timeline.pivot("score").T  # pairs down, dates across
    if wanted is None:
        strongest = grid.abs().max(axis=1).sort_values(ascending=False, kind="stable")
        rows = list(strongest.index[:top])
    else:
        rows = [(min(x, y), max(x, y)) for x, y in wanted]
    index = pd.MultiIndex.from_tuples(rows, names=["source", "target"]) if rows else grid.index[:0]
    matrix = grid.reindex(index, fill_value=0.0).to_numpy(dtype="float64")
    names = dict(zip(graph.actors["id"], graph.actors["name"], strict=True))
    shown = wanted if wanted is not None else rows
    labels = [f"{names.get(x, x)} – {names.get(y, y)}" for x, y in shown]
    fig, axes = _canvas(figure_class, ax, (9.0, 1.2 + 0.32 * max(len(rows), 1)))
    bound = float(np.abs(matrix).max()) if matrix.size else 1.0
    image = axes.imshow(matrix if matrix.size else np.zeros((1, len(days))), aspect="auto",
                        cmap="RdBu", vmin=-(bound or 1.0), vmax=bound or 1.0,
                        interpolation="nearest")
    axes.set_yticks(range(len(labels)), labels)
    step = max(1, len(days) // 12)
    axes.set_xticks(range(0, len(days), step),
                    [day_to_iso(int(d)) for d in days[::step]], rotation=45, ha="right")
    axes.set_title("Alignment score by pair over time")
    fig.colorbar(image, ax=axes, label="alignment score", shrink=0.9)
    return _finish(fig, path)


# ---------------------------------------------------------------------- helpers
def _figure_class() -> type[Figure]:

    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise OptionalDependencyError(f"plots need matplotlib: {_INSTALL}") from exc
    _register_inline(Figure)
    return Figure


def _register_inline(figure_class: type) -> None:
    """Show bare Figures inline in IPython even when pyplot (which usually registers the
    formatter) was never imported."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    try:
        formatter.lookup_by_type(figure_class)
    except KeyError:
        formatter.for_type(figure_class, _png)


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def _canvas(figure_class: type[Figure], ax: Axes | None,
            size: tuple[float, float]) -> tuple[Any, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig = figure_class(figsize=size, layout="constrained")
    return fig, fig.subplots()


def _days(graph: ConflictGraph, start: DateLike | None, end: DateLike | None,
          freq: str | None, *, most: int) -> np.ndarray:
    first, last = resolve_period(graph, start, end)
    return day_grid(first, last, freq, most=most)


def _date_limits(axes: Axes, dates: np.ndarray) -> None:
    if len(dates):
        lo, hi = np.asarray(dates).min(), np.asarray(dates).max()
        if lo == hi:
            lo, hi = lo - np.timedelta64(1, "D"), hi + np.timedelta64(1, "D")
        axes.set_xlim(lo, hi)


def _finish(fig: Figure, path: str | os.PathLike[str] | None) -> Figure:
    if path is not None:

        suffix = Path(path).suffix.lower()
        if suffix not in _FORMATS:
            raise GraphlibConflictError(
                f"cannot save a plot as {Path(path).name!r}: use a .png, .svg or .pdf file name")
        buffer = io.BytesIO()
        fig.savefig(buffer, format=_FORMATS[suffix], dpi=150, bbox_inches="tight")
        write_bytes(path, buffer.getvalue())
    return fig
