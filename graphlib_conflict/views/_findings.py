"""What a view tells: the findings layer, the findings panel and the slider's calendar.

Everything here is computed in Python from the analytics and written into the page data; the page's
script only draws it.

* **Findings layer** (``findings["layer"]``): the strained partnerships (positive ties inside
  unbalanced triangles) and the unbalanced triangles of :func:`graphlib_conflict.balance`, for the
  day of each frame. A day view has them for its day, a window view for the window's last day (the
  day its alignment bands are for). A slider has them for every frame: balance depends only on which
  pairs are allied or hostile, so it is computed once for each run of frames in which the overlay's
  signs stay the same (10 times for the 35 frames of the Idlib graph), and each entry says which
  frames it covers. Without the overlay (a large slider) only the initial frame has them.
* **Findings panel** (``findings["report"]``): :func:`graphlib_conflict.change_report` between the
  view's first and last day (a slider or a window), or from :data:`BEFORE_DAYS` days before the day
  shown to that day (a day view). The panel says which: ``basis``.
* **Calendar** (``timeline``): a slider steps by day, week or month (chosen in the page), not from
  change to change; ``marks`` are the days on which something changes (a relation starts or ends,
  an interaction stops being drawn, an alignment status moves).

Actors are written as positions in ``nodes`` (the page names them), so no name is copied twice and
every string still reaches the page through the escaped page data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from graphlib_conflict._time import day_grid
from graphlib_conflict.analytics.alignment import STATUSES, actor_parents
from graphlib_conflict.analytics.balance import balance
from graphlib_conflict.analytics.changes import change_report
from graphlib_conflict.dates import Day, day_to_iso
from graphlib_conflict.graph import ConflictGraph

__all__ = ["BEFORE_DAYS", "FINDINGS_LIMIT", "MOST_STEPS", "STEPS", "TIME_LIMIT", "TRIANGLE_LIMIT",
           "Step", "findings", "report_period", "sign_runs", "timeline"]

Step = Literal["day", "week", "month"]
STEPS: tuple[Step, ...] = ("day", "week", "month")
"""The slider's calendar steps."""

MOST_STEPS = 400
"""With ``step="auto"``, the finest step that gives the slider at most this many positions."""

BEFORE_DAYS = 90
"""A day view's findings panel reports the changes since this many days before the day shown
(three alignment half-lives: long enough for a crisis to build, short enough to be "recent")."""

FINDINGS_LIMIT = 60
"""Most balance computations for one slider; past it, only the initial frame gets findings."""

TRIANGLE_LIMIT = 200
"""Most unbalanced triangles drawn per frame (the strongest; the count is always exact)."""

TIME_LIMIT = 2.0
"""Seconds the exact frustration solver may take per date before the heuristic answers."""


def report_period(mode: str, frames: Sequence[Sequence[int]], initial: int) -> tuple[int, int, str]:
    """The two days the findings panel compares, and the sentence that says why.

    Examples
    --------
    >>> start, end, basis = report_period("at", [[18296, 18296]], 0)
    >>> day_to_iso(start), day_to_iso(end)
    ('2019-11-06', '2020-02-04')
    >>> basis
    'Changes from 2019-11-06 (90 days before the day shown) to 2020-02-04.'
    """
    if mode == "at" or int(frames[0][0]) >= int(frames[-1][1]):
        end = int(frames[initial][1])
        start = end - BEFORE_DAYS
        return start, end, (f"Changes from {day_to_iso(start)} ({BEFORE_DAYS} days before the day "
                            f"shown) to {day_to_iso(end)}.")
    if mode == "window":
        start, end = int(frames[0][0]), int(frames[0][1])
        return start, end, f"Changes over the window, from {day_to_iso(start)} to {day_to_iso(end)}."
    start, end = int(frames[0][0]), int(frames[-1][1])
    return start, end, (f"Changes from the slider's first day, {day_to_iso(start)}, to its last, "
                        f"{day_to_iso(end)}.")


def sign_runs(pairs: dict[str, list[Any]], n_frames: int) -> list[tuple[int, int]]:
    """Runs ``(first, last)`` of frames in which every pair of the overlay keeps its sign.

    A pair counts as the sign of its score when its status is not ``neutral`` (the rule of
    :func:`graphlib_conflict.balance`), so triangles and strained ties are the same all through a
    run.

    Examples
    --------
    >>> ally, neutral = STATUSES.index("ally"), STATUSES.index("neutral")
    >>> pairs = {"timeline": [[[0, ally, 0.5, 0.5, 0, 1], [2, ally, 0.9, 0.9, 0, 2],
    ...                        [3, neutral, 0.0, 0, 0, 0]]]}
    >>> sign_runs(pairs, 5)
    [(0, 2), (3, 4)]
    """
    neutral = STATUSES.index("neutral")
    changes = np.zeros(n_frames, dtype=bool)
    if n_frames:
        changes[0] = True
    for line in pairs["timeline"]:
        sign = 0
        for entry in line:
            now = 0 if entry[1] == neutral else int(np.sign(entry[2]))
            if now != sign and entry[0] < n_frames:
                changes[entry[0]] = True
            sign = now
    starts = np.flatnonzero(changes).tolist()
    ends = [s - 1 for s in starts[1:]] + [n_frames - 1]
    return list(zip(starts, ends, strict=True))


def _codes(ids: pd.Series | np.ndarray | list[Any], index: pd.Series) -> list[int]:
    """Positions in ``nodes`` of actor ids (-1 for an id the view does not hold)."""
    return [int(index[i]) if i in index.index else -1 for i in list(ids)]


def _layer_entry(graph: ConflictGraph, day: int, first: int, last: int, index: pd.Series,
                 params: dict[str, Any]) -> dict[str, Any]:
    result = balance(graph, Day(day), time_limit=TIME_LIMIT, max_triangles=TRIANGLE_LIMIT, **params)
    strained = result.strained
    pair = zip(_codes(strained["source"], index), _codes(strained["target"], index),
               strained["unbalanced_triangles"].astype(int).tolist(), strict=True)
    tri = result.triangles[result.triangles["status"] == "unbalanced"]
    corners = [_codes(tri[c], index) for c in ("a", "b", "c")]
    return {
        "from": first, "to": last, "day": day,
        "strained": [[a, b, n] for a, b, n in pair if a >= 0 and b >= 0],
        "unbalanced": [[a, b, c] for a, b, c in zip(*corners, strict=True) if min(a, b, c) >= 0],
        "unbalancedTotal": int(result.census["unbalanced"]),
        "balanceRatio": (None if np.isnan(result.balance_ratio)
                         else round(float(result.balance_ratio), 3)),
    }


def _report(graph: ConflictGraph, start: int, end: int, basis: str, index: pd.Series,
            edge_index: dict[str, int], params: dict[str, Any]) -> dict[str, Any]:
    """The findings panel: the change report's changes, strained ties, bloc switches and blocs."""
    report = change_report(graph, Day(start), Day(end), time_limit=TIME_LIMIT, **params).to_dict()

    def code(actor: Any) -> int:
        return int(index[actor]) if actor in index.index else -1

    changes = []
    for row in report["changes"]:
        a, b = code(row["source"]), code(row["target"])
        if a < 0 or b < 0:
            continue
        drivers = [edge_index[e["id"]] for e in row.get("explanation", []) if e["id"] in edge_index]
        changes.append({"a": a, "b": b, "change": row["change"], "before": row["status_before"],
                        "after": row["status_after"], "scoreBefore": round(row["score_before"], 2),
                        "scoreAfter": round(row["score_after"], 2), "drivers": drivers})
    strained = [{"a": code(r["source"]), "b": code(r["target"]), "triangles": r["unbalanced_triangles"],
                 "status": r["status"], "tension": round(r["tension"], 2)}
                for r in report["strained"] if code(r["source"]) >= 0 and code(r["target"]) >= 0]
    switches = [{"actor": code(r["actor"]), "change": r["change"], "before": r["bloc_before"],
                 "after": r["bloc_after"], "withBefore": r["with_before"], "withAfter": r["with_after"]}
                for r in report["bloc_switches"] if code(r["actor"]) >= 0]
    after = report["balance"]["after"]
    blocs = [{"name": bloc["name"],
              "members": [[code(m["actor"]), m["placement"]] for m in bloc["members"]
                          if code(m["actor"]) >= 0]}
             for bloc in after.get("blocs", [])]
    before = report["balance"]["before"]
    return {
        "start": start, "end": end, "basis": basis, "summary": report["summary"],
        "changes": changes, "strained": strained, "strainedTotal": report["strained_total"],
        "switches": switches, "blocs": blocs,
        "unbalancedTotal": report["unbalanced_triangles"]["total"],
        "balanceBefore": before.get("balance_ratio"), "balanceAfter": after.get("balance_ratio"),
        "notes": list(report["notes"]),
    }


def findings(graph: ConflictGraph, *, mode: str, frames: list[list[int]], initial: int,
             pairs: dict[str, list[Any]], overlay: bool, index: pd.Series, edge_ids: list[Any],
             params: dict[str, Any]) -> dict[str, Any]:
    """The page data of the findings layer and panel (see the module docstring).

    Parameters
    ----------
    graph : ConflictGraph
    mode : {"at", "window", "slider"}
    frames : list of [first, last] day pairs
        The view's frames.
    initial : int
        The frame shown first.
    pairs : dict
        The overlay's pair timelines (empty without the overlay).
    overlay : bool
        Whether the overlay was computed (a slider needs it to know where balance can change).
    index : pandas.Series
        Actor id -> position in the page's ``nodes``.
    edge_ids : list
        The relation ids of the page's edges, in order.
    params : dict
        Alignment parameters, as the overlay used them.

    Returns
    -------
    dict
        ``layer`` (entries ``from``, ``to`` (frames), ``day``, ``strained`` ``[a, b, triangles]``,
        ``unbalanced`` ``[a, b, c]``, ``unbalancedTotal``, ``balanceRatio``), ``complete`` (every
        frame covered), ``top`` (for each node, the position of the top-level actor it counts for),
        ``report`` (the panel; None for a graph without dates) and ``limit``
        (:data:`TRIANGLE_LIMIT`).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> from graphlib_conflict.dates import to_day
    >>> g = gc.load()
    >>> index = pd.Series(range(len(g.actors)), index=g.actors["id"].to_numpy())
    >>> day = int(to_day("2020-02-04"))
    >>> data = findings(g, mode="at", frames=[[day, day]], initial=0, pairs={"timeline": []},
    ...                 overlay=True, index=index, edge_ids=[], params={})
    >>> ids = g.actors["id"].tolist()
    >>> [ids[a] + "-" + ids[b] for a, b, _ in data["layer"][0]["strained"][:1]]
    ['RUS-TUR']
    >>> data["report"]["basis"]
    'Changes from 2019-11-06 (90 days before the day shown) to 2020-02-04.'
    """
    complete = True
    runs = [(0, 0)]
    if mode == "slider":
        runs = sign_runs(pairs, len(frames)) if overlay else []
        if not runs or len(runs) > FINDINGS_LIMIT:
            runs = [(initial, initial)]
            complete = len(frames) == 1
    layer = [_layer_entry(graph, int(frames[first][1]), first, last, index, params)
             for first, last in runs]
    start, end, basis = report_period(mode, frames, initial)
    edge_index = {str(e): i for i, e in enumerate(edge_ids) if e is not None}
    dated = graph.date_range is not None or graph.window is not None
    top_day = int(frames[initial][1])
    parents = actor_parents(graph, Day(top_day))
    top = _codes(parents.reindex(list(index.index)).to_numpy(), index)
    return {
        "layer": layer, "complete": complete, "limit": TRIANGLE_LIMIT,
        "top": [t if t >= 0 else i for i, t in enumerate(top)],
        "report": _report(graph, start, end, basis, index, edge_index, params) if dated else None,
    }


def timeline(first: int, last: int, frames: list[list[int]], pairs: dict[str, list[Any]],
             initial_day: int, step: str = "auto") -> dict[str, Any]:
    """The slider's calendar: its bounds, the week and month grids, the marks and the first step.

    Day steps are every day from ``first`` to ``last`` (the page counts them); week steps are the
    Sundays and month steps the first days of :func:`graphlib_conflict._time.day_grid`, each grid
    with ``first`` and ``last`` added. A mark is ``[day, kind]``: kind 1 where relations change, 2
    where an alignment status changes too.

    Examples
    --------
    >>> from graphlib_conflict.dates import to_day
    >>> f, l = int(to_day("2020-01-15")), int(to_day("2020-03-10"))
    >>> t = timeline(f, l, [[f, f], [l, l]], {"timeline": []}, l)
    >>> t["step"], [day_to_iso(d) for d in t["month"]]
    ('day', ['2020-01-15', '2020-02-01', '2020-03-01', '2020-03-10'])
    >>> timeline(f, l, [[f, f]], {"timeline": []}, l, step="month")["step"]
    'month'
    """
    grids = {"week": _grid(first, last, "week"), "month": _grid(first, last, "month")}
    if step == "auto":
        span = {"day": last - first + 1, "week": len(grids["week"]), "month": len(grids["month"])}
        step = next((s for s in STEPS if span[s] <= MOST_STEPS), "month")
    neutral = STATUSES.index("neutral")
    status_change: set[int] = set()
    for line in pairs["timeline"]:
        status = neutral
        for entry in line:
            if entry[1] != status:
                status_change.add(int(entry[0]))
            status = entry[1]
    marks = [[int(frame[0]), 2 if f in status_change else 1] for f, frame in enumerate(frames)
             if f > 0 and first <= frame[0] <= last]
    return {"first": first, "last": last, "initialDay": min(max(initial_day, first), last),
            "step": step, **grids, "marks": marks}


def _grid(first: int, last: int, step: str) -> list[int]:
    days = day_grid(first, last, step) if last > first else np.array([last])
    return np.unique(np.concatenate([[first], days])).astype(int).tolist()
