"""Which day is meant: the one place where a date argument becomes a day, a period becomes two
days, a frequency becomes a grid, and a day is placed against the data.

**The rule for dates** (used by every function, plot, view and command):

* A date may be a day (``2020-02-04``) or a period (``2020-02``, ``2020``).
* Where **one day** is asked for (``at=``, ``--at``), a period means its **last day**: the state of
  affairs at the end of February 2020 (``balance(g, at="2020-02")`` is the balance on 2020-02-29).
  Slicing is the exception that proves it: ``g.at("2020-02")`` keeps the whole month, as
  ``g.between("2020-02", "2020-02")`` does, and analytics of a slice run at its last day.
* Where a **period** is asked for (``start=``/``end=``, ``--from``/``--to``), ``start`` takes the
  first day of its period and ``end`` the last: ``--from 2019 --to 2020`` runs from 2019-01-01 to
  2020-12-31, both ends inclusive.
* No day given: the last day of the graph's window (a slice), else the last day named in the data.
  No start given: the first day of the window, else the first day named in the data.
* Any day is accepted, before, inside or after the data: a durable relation with no end is active
  on every later day. :func:`coverage_note` says when a day lies past the last recorded date.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from graphlib_conflict.dates import DateLike, Day, day_to_iso, to_day
from graphlib_conflict.exceptions import DateError, ParameterError
from graphlib_conflict.graph import ConflictGraph

__all__ = [
    "FREQS",
    "FREQ_NAMES",
    "Freq",
    "coverage_note",
    "day_grid",
    "read_freq",
    "resolve_day",
    "resolve_period",
]

Freq = Literal["D", "W", "MS", "QS", "YS"]
FREQS: tuple[Freq, ...] = ("D", "W", "MS", "QS", "YS")
"""Steps of a regular grid of days: day, week (Sundays, as pandas), month, quarter and year starts."""

FREQ_NAMES: dict[str, Freq] = {
    "day": "D", "daily": "D", "d": "D",
    "week": "W", "weekly": "W", "w": "W",
    "month": "MS", "monthly": "MS", "ms": "MS", "m": "MS",
    "quarter": "QS", "quarterly": "QS", "qs": "QS", "q": "QS",
    "year": "YS", "yearly": "YS", "annual": "YS", "ys": "YS", "y": "YS",
}
"""Every name a frequency may be given by (case-insensitive) -> its pandas code."""


def read_freq(freq: str | None) -> Freq | None:
    """A frequency by code or name (``"MS"``, ``"month"``, ``"monthly"``; case-insensitive).

    Raises
    ------
    ParameterError
        If the name is not known.

    Examples
    --------
    >>> read_freq("month"), read_freq("QS"), read_freq(None)
    ('MS', 'QS', None)
    """
    if freq is None:
        return None
    code = FREQ_NAMES.get(str(freq).strip().lower())
    if code is None:
        raise ParameterError(f"unknown frequency {freq!r}: use day, week, month, quarter or year "
                             f"(or {', '.join(FREQS)})")
    return code


def resolve_day(graph: ConflictGraph, at: DateLike | Day | None = None) -> Day:
    """The day an analytic runs at (see the module docstring for the rule).

    Raises
    ------
    DateError
        If ``at`` cannot be read, or no day is given and the graph has no dates at all.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> g = gc.load()
    >>> [day_to_iso(resolve_day(g, x)) for x in ("2020-02-04", "2020-02", "2020")]
    ['2020-02-04', '2020-02-29', '2020-12-31']
    >>> day_to_iso(resolve_day(g.between("2019-12", "2020-01")))
    '2020-01-31'
    """
    if at is not None:
        return to_day(at, bound="last")
    if graph.window is not None:
        return to_day(graph.window[1])
    if graph.date_range is None:
        raise DateError("the graph holds no dates, so there is no last day to default to: "
                        "give a day")
    return to_day(graph.date_range[1])


def resolve_period(graph: ConflictGraph, start: DateLike | Day | None = None,
                   end: DateLike | Day | None = None, *,
                   ordered: Literal["strict", "allow_equal"] = "allow_equal") -> tuple[Day, Day]:
    """The first and last day of a period, both inclusive (see the module docstring).

    Parameters
    ----------
    ordered : {"allow_equal", "strict"}
        ``"strict"``: the end must come after the start (two days compared).

    Raises
    ------
    DateError
        If a date cannot be read, the graph has no dates to default to, or the period ends before
        it starts.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> first, last = resolve_period(gc.load(), "2019", "2020-02")
    >>> day_to_iso(first), day_to_iso(last)
    ('2019-01-01', '2020-02-29')
    """
    bounds = graph.window or graph.date_range
    if start is not None:
        first = to_day(start, bound="first")
    elif bounds is not None:
        first = to_day(bounds[0])
    else:
        raise DateError("the graph holds no dates, so there is no first day to default to: "
                        "give a start")
    last = to_day(end, bound="last") if end is not None else resolve_day(graph)
    if last < first or (ordered == "strict" and last == first):
        relation = "after" if ordered == "strict" else "on or after"
        raise DateError(f"the end ({day_to_iso(last)}) must be {relation} the start "
                        f"({day_to_iso(first)})")
    return first, last


def day_grid(first: int, last: int, freq: str | None = None, *, most: int = 400) -> np.ndarray:
    """Day numbers from ``first`` to ``last`` every ``freq``, with ``last`` always included.

    Without ``freq``, the finest step of :data:`FREQS` giving at most ``most`` days.

    Examples
    --------
    >>> from graphlib_conflict.dates import to_day
    >>> [day_to_iso(d) for d in day_grid(to_day("2020-01-15"), to_day("2020-03-10"), "month")]
    ['2020-02-01', '2020-03-01', '2020-03-10']
    """
    code = read_freq(freq)
    start, end = pd.Timestamp(day_to_iso(first)), pd.Timestamp(day_to_iso(last))
    for step in [code] if code is not None else list(FREQS):
        stamps = pd.date_range(start, end, freq=step)
        if code is not None or len(stamps) + 1 <= most:
            break
    days = stamps.to_numpy(dtype="datetime64[D]").astype(np.int64)
    return np.unique(np.concatenate([days, [last]]).astype(np.int64))


def coverage_note(graph: ConflictGraph, day: int) -> str | None:
    """A sentence placing ``day`` against the data, or ``None`` when it lies inside them.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> print(coverage_note(gc.load(), to_day("2026-12-01")))  # doctest: +NORMALIZE_WHITESPACE
    2026-12-01 is 2467 days after the last recorded date (2020-02-29): no events after it;
    13 durable alignments still active.
    >>> coverage_note(gc.load(), to_day("2020-02-04")) is None
    True
    """
    span = graph.date_range
    if span is None:
        return None
    first, last = to_day(span[0]), to_day(span[1])
    if first <= day <= last:
        return None
    t0, t1 = graph.relation_days
    durable = (graph.relations["category"] == "alignment").to_numpy()
    active = int((durable & (t0 <= day) & (t1 >= day)).sum())
    still = f"{active} durable alignment{'s' if active != 1 else ''} " + (
        "still active" if day > last else "already active")
    if day > last:
        return (f"{day_to_iso(day)} is {day - last} days after the last recorded date "
                f"({day_to_iso(last)}): no events after it; {still}.")
    return (f"{day_to_iso(day)} is {first - day} days before the first recorded date "
            f"({day_to_iso(first)}): " + (f"{still}." if active else "nothing is active yet."))
