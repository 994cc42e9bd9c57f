"""Balance and alignment as timelines: one row per date of a regular grid, computed in one sweep.

:func:`balance_timeline` gives, for every date of the grid, the triangle census and balance ratio of
the alignment graph, its frustration index (exact, or bounded from both sides), the number of blocs
and of strained partnerships; :func:`alignment_timeline` gives the alignment of pairs on every date.
Each row equals what :func:`~graphlib_conflict.analytics.balance.balance` and
:func:`~graphlib_conflict.analytics.alignment.alignment` give on that day, but the timeline does not
recompute them date by date.

**The sweep.** The rows of ``graph.all_relations()`` (stated relations and coalition-implied ties)
are read once: their actors coded as integers, their pair coded once per roll-up segment (roll-up
changes only when a ``part_of``/``represents`` relation starts or ends, so the pairs are recoded only
when the sweep crosses such a day), and sorted once. Then the dates are visited in order:

* durable relations enter and leave the set of active rows through their start and end events, applied
  step by step (a row entering and leaving between two dates is never counted);
* interactions that count on a date lie in a slice of the interactions sorted by their last day (the
  look-back window before the date, plus those still going on);
* those rows alone pass through :func:`~graphlib_conflict.analytics.alignment.counted`, the one decay
  and look-back rule, and are summed per pair in table order, so each date's scores equal
  ``alignment(graph, at=date)`` to the last bit;
* the signed ties are built as integer arrays, their triangles enumerated once on the sparse
  degree-ordered orientation (census, balance ratio and strained partnerships from the same pass),
  and the frustration index found either exactly (every biconnected block small enough: the exact
  path of :func:`~graphlib_conflict.analytics.balance.balance`, so the index and blocs are the same)
  or **bounded** on larger graphs: the split of the previous date, carried over to this date's actors
  and improved by local descent, gives an upper bound; a packing of tie-disjoint unbalanced triangles
  gives a lower bound.

Work per date is proportional to what counts on that date, not to the whole history.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from typing_extensions import Unpack

from graphlib_conflict._arrays import unique_ints
from graphlib_conflict._time import coverage_note, day_grid, read_freq, resolve_period
from graphlib_conflict.analytics.alignment import (
    STATUSES,
    AlignmentKeywords,
    AlignmentParams,
    classify,
    counted,
)
from graphlib_conflict.analytics.balance import check_limits, solver_limits
from graphlib_conflict.analytics.history import _roll_up_segments
from graphlib_conflict.analytics.signed import SignedEdges, frustration_partition
from graphlib_conflict.analytics.signed.edges import IncludeTypes, included_types
from graphlib_conflict.analytics.signed.frustration import (
    components,
    descend_sides,
    needs_heuristic,
    packing_bound,
)
from graphlib_conflict.analytics.signed.triangles import triangle_list
from graphlib_conflict.dates import DAY_MAX, DAY_MIN, DateLike, Day, day_to_iso, timestamps_to_days
from graphlib_conflict.exceptions import GraphlibConflictError, ParameterError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.render import (
    Doc,
    Result,
    alignment_timeline_document,
    balance_timeline_document,
    plain,
)

__all__ = [
    "ALIGNMENT_TIMELINE_COLUMNS",
    "BALANCE_TIMELINE_COLUMNS",
    "AlignmentTimeline",
    "BalanceTimeline",
    "alignment_over",
    "alignment_timeline",
    "balance_over",
    "balance_timeline",
]

BALANCE_TIMELINE_COLUMNS = ("date", "actors", "ties", "triangles", "balanced", "unbalanced",
                            "balance_ratio", "frustration", "frustration_lower",
                            "frustration_method", "blocs", "strained")
"""Columns of :meth:`BalanceTimeline.to_frame`."""

ALIGNMENT_TIMELINE_COLUMNS = ("date", "source", "target", "score", "positive", "negative",
                              "status")
"""Columns of :meth:`AlignmentTimeline.to_frame`."""

FrustrationMethod = Literal["exact", "bounded"]


# ---------------------------------------------------------------------------------------- sweep
@dataclass
class _Group:
    """Signed rows of one kind, in the order the sweep reads them: position in the table (``rows``),
    first and last day, ``sign x weight``, and the pair each counts for (per roll-up segment)."""

    rows: np.ndarray
    t0: np.ndarray
    t1: np.ndarray
    value: np.ndarray
    durable: bool
    pair: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def take(self, order: np.ndarray) -> _Group:
        return _Group(self.rows[order], self.t0[order], self.t1[order], self.value[order],
                      self.durable)


class _Sweep:
    """The relations that may count, coded and sorted once; :meth:`steps` visits the dates.

    The signed rows (alignment and interaction categories) of the stated relations followed by the
    coalition-implied ties are numbered in table order, the order ``contributions`` sums them in,
    and split into four groups: durable relations (with their start and end events), interactions
    of one day and interactions over several days (each sorted by last day, so the ones that count
    on a date are a slice), and the few without a first or last day (always examined).
    """

    def __init__(self, graph: ConflictGraph, params: AlignmentParams) -> None:
        self.params = params
        implied = graph.coalition_ties if params.coalition_ties is None else params.coalition_ties
        tables = [(graph.relations, *graph.relation_days)]
        if implied and not graph.implied_relations.empty:
            extra = graph.implied_relations
            tables.append((extra, timestamps_to_days(extra["valid_from"], DAY_MIN),
                           timestamps_to_days(extra["valid_to"], DAY_MAX)))
        ids = graph.actors["id"].to_numpy(dtype=object)
        self.n = len(ids)
        index = pd.Index(ids)
        pieces: dict[str, list[np.ndarray]] = {k: [] for k in ("t0", "t1", "durable", "interaction",
                                                               "source", "target", "value")}
        for table, t0, t1 in tables:
            durable = (table["category"] == "alignment").to_numpy(dtype=bool)
            interaction = (table["category"] == "interaction").to_numpy(dtype=bool)
            rows = np.flatnonzero(durable | interaction)
            pieces["t0"].append(np.asarray(t0)[rows])
            pieces["t1"].append(np.asarray(t1)[rows])
            pieces["durable"].append(durable[rows])
            pieces["interaction"].append(interaction[rows])
            pieces["source"].append(_codes(index, table["source"], rows))
            pieces["target"].append(_codes(index, table["target"], rows))
            # sign x weight, as contributions computes it (then times the decay)
            pieces["value"].append(table["sign"].to_numpy(dtype="float64")[rows]
                                   * table["weight"].to_numpy(dtype="float64")[rows])
        joined = {k: np.concatenate(v) for k, v in pieces.items()}
        t0, t1, value = joined["t0"], joined["t1"], joined["value"]
        self.source, self.target = joined["source"], joined["target"]
        self.size = len(t0)

        # actors ranked by id, the order of alignment's pairs (source < target) and of SignedEdges
        order = np.argsort(ids, kind="stable")
        self.rank = np.empty(self.n, np.int64)
        self.rank[order] = np.arange(self.n)
        self.ids_by_rank = ids[order]
        self.names_by_rank = graph.actors["name"].to_numpy(dtype=object)[order]
        self.types_by_rank = graph.actors["type"].to_numpy(dtype=object)[order]
        self.place = np.zeros(self.n, np.int64)  # scratch: rank -> position among a day's actors

        self.bounds, parents = _roll_up_segments(graph, params.roll_up)
        self.parents = [index.get_indexer(p.to_numpy(dtype=object)) for p in parents]

        def group(mask: np.ndarray, durable: bool) -> _Group:
            rows = np.flatnonzero(mask)
            return _Group(rows, t0[rows], t1[rows], value[rows], durable)

        self.durable = group(joined["durable"], True)
        self.start_order = _sorted_by(self.durable.t0)
        self.start_days = self.durable.t0[self.start_order]
        self.end_order = _sorted_by(self.durable.t1)
        self.end_days = self.durable.t1[self.end_order]
        interaction = joined["interaction"]
        odd = interaction & ((t0 == DAY_MIN) | (t1 == DAY_MAX))
        self.odd = group(odd, False)
        point = group(interaction & ~odd & (t0 == t1), False)
        self.point = point.take(_sorted_by(point.t1))
        spans = group(interaction & ~odd & (t0 < t1), False)
        self.spans = spans.take(_sorted_by(spans.t1))
        self.longest_span = int((spans.t1 - spans.t0).max()) if len(spans.rows) else 0

        self.segment = -1
        self.pair_low = np.zeros(0, np.int64)
        self.pair_high = np.zeros(0, np.int64)
        self.seen = np.zeros(0, bool)

    @property
    def pairs(self) -> int:
        """Number of distinct pairs in the current roll-up segment."""
        return len(self.pair_low)

    def _code_pairs(self, segment: int) -> None:
        """Pair ids of every row under the roll-up of ``segment``: ``-1`` where both ends roll up to
        the same actor; ids ascend with ``(low rank, high rank)``, the canonical tie order."""
        parent = self.parents[segment]
        a = self.rank[parent[self.source]]
        b = self.rank[parent[self.target]]
        low, high = np.minimum(a, b), np.maximum(a, b)
        valid = low != high
        code = low[valid] * self.n + high[valid]
        unique, inverse = np.unique(code, return_inverse=True)
        pair_id = np.full(len(a), -1, np.int64)
        pair_id[valid] = inverse
        for g in (self.durable, self.odd, self.point, self.spans):
            g.pair = pair_id[g.rows]
        self.pair_low, self.pair_high = unique // self.n, unique % self.n
        self.seen = np.zeros(len(unique), bool)
        self.segment = segment

    def steps(self, days: np.ndarray) -> Iterator[_Scores]:
        """The pair scores of every day of ``days`` (ascending), one step after another."""
        p = self.params
        d = self.durable
        active = np.zeros(len(d.rows), bool)
        previous: int | None = None
        bits = max(int(self.size).bit_length(), 1)
        for day in days.tolist():
            segment = int(np.searchsorted(self.bounds, day, side="right"))
            if segment != self.segment:
                self._code_pairs(segment)
            if previous is None:
                active[:] = (d.t0 <= day) & (d.t1 >= day)
            else:
                active[self.start_order[np.searchsorted(self.start_days, previous, "right"):
                                        np.searchsorted(self.start_days, day, "right")]] = True
                active[self.end_order[np.searchsorted(self.end_days, previous, "left"):
                                      np.searchsorted(self.end_days, day, "left")]] = False
            previous = day
            window = day - p.lookback
            parts: list[tuple[_Group, np.ndarray | slice]] = [
                (d, np.flatnonzero(active)),
                (self.point, slice(np.searchsorted(self.point.t1, window, "left"),
                                   np.searchsorted(self.point.t1, day, "right"))),
                (self.spans, slice(np.searchsorted(self.spans.t1, window, "left"),
                                   np.searchsorted(self.spans.t1, day + self.longest_span,
                                                   "right"))),
                (self.odd, slice(None)),
            ]
            rows, values, pairs = [], [], []
            for g, at in parts:
                t0, t1 = g.t0[at], g.t1[at]
                counts, factor = counted(t0, t1, np.broadcast_to(np.bool_(g.durable), t0.shape),
                                         np.broadcast_to(np.bool_(not g.durable), t0.shape), day, p)
                pair = g.pair[at]
                keep = counts & (pair >= 0)
                rows.append(g.rows[at][keep])
                values.append(g.value[at][keep] * factor[keep])
                pairs.append(pair[keep])
            row = np.concatenate(rows)
            # back to table order (the order alignment sums in), by one sort of (row, place) keys
            place = np.sort((row << bits) | np.arange(len(row))) & ((1 << bits) - 1)
            value = np.concatenate(values)[place]
            pair = np.concatenate(pairs)[place]
            # both parts in one pass, each summed in the same order as before (a pair's positive
            # values at 2 * pair, its negative ones, as magnitudes, at 2 * pair + 1)
            parts_of = np.bincount(2 * pair + (value < 0), weights=np.abs(value),
                                   minlength=2 * self.pairs)
            self.seen[pair] = True
            present = np.flatnonzero(self.seen)
            self.seen[present] = False
            yield _Scores(day, parts_of[2 * present], parts_of[2 * present + 1],
                          self.pair_low[present], self.pair_high[present])

    def statuses(self, scores: _Scores) -> tuple[np.ndarray, np.ndarray]:
        """Net scores of the day's pairs and whether each is non-neutral. Only the pairs whose
        status the scores alone do not settle go through ``classify``: at least ``threshold`` in
        size is a tie (ally, adversary or mixed), and below it only a pair with both parts at least
        ``strong`` can be one (mixed); every other pair is neutral."""
        p = self.params
        score = scores.positive - scores.negative
        tied = np.abs(score) >= p.threshold
        unsure = ~tied & (scores.positive >= p.strong) & (scores.negative >= p.strong)
        if unsure.any():
            tied[unsure] = classify(scores.positive[unsure], scores.negative[unsure], p) != "neutral"
        return score, tied

    def signed(self, scores: _Scores, allowed: np.ndarray) -> tuple[SignedEdges, np.ndarray]:
        """The signed ties of a day: its non-neutral pairs between allowed actors (by rank), as
        :func:`~graphlib_conflict.analytics.signed.signed_edges` builds them from ``alignment``
        (sign and strength; the timeline reads no status), and the rank of each node."""
        score, tied = self.statuses(scores)
        low, high = scores.low, scores.high
        keep = tied & (np.sign(score) != 0) & np.isfinite(score) & allowed[low] & allowed[high]
        low, high, score = low[keep], high[keep], score[keep]
        mark = np.zeros(self.n, bool)
        mark[low] = True
        mark[high] = True
        nodes = np.flatnonzero(mark)
        self.place[nodes] = np.arange(len(nodes))
        return SignedEdges(
            nodes=self.ids_by_rank[nodes], names=self.names_by_rank[nodes],
            u=self.place[low], v=self.place[high],
            sign=np.sign(score).astype(np.int8), weight=np.abs(score), score=score,
            status=np.full(len(score), None, dtype=object), at=day_to_iso(scores.day)), nodes

    def left_out(self, scores: _Scores, allowed: np.ndarray) -> np.ndarray:
        """Ranks of actors with a non-neutral tie on the day that are not allowed."""
        _, tied = self.statuses(scores)
        low, high = scores.low, scores.high
        ends = np.concatenate([low[tied], high[tied]])
        return unique_ints(ends[~allowed[ends]])


@dataclass(frozen=True)
class _Scores:
    """The pairs with something counting on a day: their parts and their two actors (ranks;
    low < high), taken out of the sweep's pair codes, which change when a roll-up segment begins
    (and the day may be read on another thread after that)."""

    day: int
    positive: np.ndarray
    negative: np.ndarray
    low: np.ndarray
    high: np.ndarray


def _codes(index: pd.Index, column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Positions in ``index`` of a column's values at ``rows`` (hashing each distinct value once)."""
    values, uniques = pd.factorize(column)
    return index.get_indexer(uniques)[values[rows]]


def _sorted_by(days: np.ndarray) -> np.ndarray:
    """The stable order of ``days`` (day numbers; the sentinels sort first and last): one sort of
    ``(day, position)`` keys, much faster than a stable argsort on millions of rows."""
    if not len(days):
        return np.zeros(0, np.int64)
    bits = max(len(days).bit_length(), 1)
    finite = (days != DAY_MIN) & (days != DAY_MAX)
    low = int(days[finite].min()) if finite.any() else 0
    span = (int(days[finite].max()) - low + 3) if finite.any() else 3
    if span.bit_length() + bits > 62:
        return np.argsort(days, kind="stable")
    # the sentinels become one day before and after the finite ones
    rank = np.where(days == DAY_MIN, 0, np.where(days == DAY_MAX, span - 1, days - low + 1))
    key = np.sort((rank.astype(np.int64) << bits) | np.arange(len(days)))
    return key & ((1 << bits) - 1)


def _grid(graph: ConflictGraph, start: DateLike | Day | None, end: DateLike | Day | None,
          freq: str | None) -> np.ndarray:
    first, last = resolve_period(graph, start, end)
    return day_grid(first, last, freq)


def _allowed(sweep: _Sweep, graph: ConflictGraph, include_types: IncludeTypes) -> np.ndarray:
    """Which actors (by rank) count for balance."""
    chosen = included_types(graph, include_types)
    if chosen is None:
        return np.ones(sweep.n, bool)
    return np.isin(sweep.types_by_rank, sorted(chosen))


# ----------------------------------------------------------------------------- balance per date
@dataclass(frozen=True)
class _Frustration:
    upper: float
    lower: float
    method: FrustrationMethod
    blocs: int
    sides: np.ndarray


@dataclass(frozen=True)
class _Facts:
    """What a day's triangles tell: the census, the strained partnerships, whether the exact path
    applies, and a lower bound on the frustration index for when it does not."""

    census: np.ndarray
    strained: int
    exact: bool
    lower: float
    parts: np.ndarray
    """Connected part of each actor (for counting blocs)."""


@dataclass(frozen=True)
class _Day:
    """A day's signed ties, the rank of each of its actors, what its triangles tell, and the ranks
    of the actors left out (tied, of a type balance does not count)."""

    edges: SignedEdges
    ranks: np.ndarray
    facts: _Facts
    left_out: np.ndarray | None


def _day(sweep: _Sweep, scores: _Scores, allowed: np.ndarray, exact_limit: int,
         everyone: bool) -> _Day:
    e, ranks = sweep.signed(scores, allowed)
    left = None if everyone else sweep.left_out(scores, allowed)
    return _Day(e, ranks, _facts(e, exact_limit), left)


def _facts(e: SignedEdges, exact_limit: int) -> _Facts:
    tri = triangle_list(e)
    negatives = (e.sign[tri] < 0).sum(axis=1) if len(tri) else np.zeros(0, np.int64)
    unbalanced = negatives % 2 == 1
    strained = np.zeros(e.m, bool)
    strained[tri[unbalanced].ravel()] = True
    exact = e.m == 0 or not needs_heuristic(e, exact_limit, unbalanced, tri)
    return _Facts(census=np.bincount(negatives, minlength=4),
                  strained=int((strained & (e.sign > 0)).sum()), exact=exact,
                  lower=0.0 if exact else packing_bound(tri[unbalanced], e.m),
                  parts=components(e.n, e.u, e.v)[1].astype(np.int64) if e.n else
                  np.zeros(0, np.int64))


class _Splits:
    """The frustration index date after date: exact where every biconnected block has at most
    ``exact_limit`` actors or is balanced (the exact path of ``balance``), else bounded,
    warm-started from the previous date's split (kept by actor rank, so actors keep their side
    across dates)."""

    def __init__(self, n: int, *, exact_limit: int, time_limit: float | None) -> None:
        self.exact_limit = exact_limit
        self.time_limit = time_limit
        self.spin = np.zeros(n, np.int8)  # +1/-1 side of each actor (by rank) in the last split
        self.memo: dict[bytes, _Frustration] = {}

    def solve(self, e: SignedEdges, ranks: np.ndarray, facts: _Facts) -> _Frustration:
        key = b"".join(x.tobytes() for x in (ranks, e.u, e.v, e.sign, e.weight))
        known = self.memo.get(key)
        if known is None:
            known = (self._exact(e, facts.parts) if facts.exact
                     else self._bounded(e, ranks, facts.lower, facts.parts))
            self.memo = {key: known}
        if e.n:
            self.spin[ranks] = 1 - 2 * known.sides.astype(np.int8)
        return known

    def _exact(self, e: SignedEdges, parts: np.ndarray) -> _Frustration:
        total, heuristic = solver_limits(self.time_limit)
        solution = frustration_partition(e, weighted=False, exact_limit=self.exact_limit,
                                         time_limit=total, heuristic_limit=heuristic)
        return _Frustration(solution.upper, solution.lower,
                            "exact" if solution.exact else "bounded",
                            _bloc_count(parts, solution.sides), solution.sides)

    def _bounded(self, e: SignedEdges, ranks: np.ndarray, lower: float,
                 parts: np.ndarray) -> _Frustration:
        sides = descend_sides(e, self.spin[ranks])
        upper = float(((sides[e.u] == sides[e.v]) != (e.sign > 0)).sum())
        lower = min(lower, upper)
        return _Frustration(upper, lower, "exact" if lower >= upper else "bounded",
                            _bloc_count(parts, sides), sides)


def _solved_row(splits: _Splits, day: Future[_Day], left_out: set[int]) -> dict[str, Any]:
    known = day.result()
    if known.left_out is not None:
        left_out.update(known.left_out.tolist())
    return _balance_row(known.edges, known.facts, splits.solve(known.edges, known.ranks, known.facts))


def _bloc_count(parts: np.ndarray, sides: np.ndarray) -> int:
    """Blocs of a two-bloc split: one per connected part (``parts``, of each actor) and side (as
    ``labels_from_sides``)."""
    if len(parts) == 0:
        return 0
    return len(unique_ints(parts * 2 + sides))


def _balance_row(e: SignedEdges, facts: _Facts, solved: _Frustration) -> dict[str, Any]:
    balanced = int(facts.census[0] + facts.census[2])
    total = int(facts.census.sum())
    return {"actors": e.n, "ties": e.m, "triangles": total, "balanced": balanced,
            "unbalanced": total - balanced,
            "balance_ratio": balanced / total if total else math.nan,
            "frustration": solved.upper, "frustration_lower": solved.lower,
            "frustration_method": solved.method, "blocs": solved.blocs,
            "strained": facts.strained}


# ---------------------------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class BalanceTimeline(Result):
    """Structural balance of the alignment graph on every date of a grid (see
    :func:`balance_timeline`).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per date, columns :data:`BALANCE_TIMELINE_COLUMNS`.
    start, end : str
        First and last day of the grid (ISO).
    freq : str or None
        Step of the grid (pandas code).
    params : AlignmentParams
    exact_limit : int
    notes : tuple of str
    """

    table: pd.DataFrame = field(repr=False)
    start: str
    end: str
    freq: str | None
    params: AlignmentParams
    exact_limit: int = 60
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per date (a copy of :attr:`table`): ``date``, ``actors`` and ``ties`` of the
        signed graph, ``triangles``, ``balanced``, ``unbalanced``, ``balance_ratio`` (NaN without a
        triangle), ``frustration`` (the index: exact, or the upper bound), ``frustration_lower``,
        ``frustration_method`` (``"exact"`` or ``"bounded"``), ``blocs`` and ``strained`` (positive
        ties inside unbalanced triangles)."""
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``start``, ``end``, ``freq``, ``params``, ``exact_limit``, ``notes`` and
        ``rows`` (one object per date with the :data:`BALANCE_TIMELINE_COLUMNS`, dates as ISO
        text)."""
        rows = self.table.assign(date=self.table["date"].dt.strftime("%Y-%m-%d"))
        return plain({"start": self.start, "end": self.end, "freq": self.freq,
                      "params": self.params.to_dict(), "exact_limit": self.exact_limit,
                      "notes": list(self.notes), "rows": rows.to_dict("records")})

    def _document(self) -> Doc:
        return balance_timeline_document(self.to_dict())

    def _title(self) -> str:
        return f"Balance timeline {self.start} – {self.end}"

    def __repr__(self) -> str:
        return f"<BalanceTimeline {self.start}..{self.end}: {len(self.table)} dates>"


@dataclass(frozen=True, eq=False)
class AlignmentTimeline(Result):
    """The alignment of pairs on every date of a grid (see :func:`alignment_timeline`).

    Attributes
    ----------
    table : pandas.DataFrame
        Long: one row per date and pair, columns :data:`ALIGNMENT_TIMELINE_COLUMNS`.
    pairs : tuple of (str, str) or None
        The pairs asked for (ids, ``source < target``), ``None`` for every pair.
    labels : dict
        Actor id -> name of the actors in :attr:`table`.
    start, end, freq, params, notes
        As for :class:`BalanceTimeline`.
    """

    table: pd.DataFrame = field(repr=False)
    pairs: tuple[tuple[str, str], ...] | None
    labels: dict[str, str] = field(repr=False)
    start: str
    end: str
    freq: str | None
    params: AlignmentParams
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The long table (:attr:`table` itself: millions of rows on event data, so no copy is
        made; copy it before changing it)."""
        return self.table

    def pivot(self, values: str = "score") -> pd.DataFrame:
        """A wide table: dates down, pairs ``(source, target)`` across, one column of ``values``
        (``score``, ``positive``, ``negative`` or ``status``); a pair with nothing counting on a
        date is 0 (``neutral`` for ``status``)."""
        if values not in ALIGNMENT_TIMELINE_COLUMNS[3:]:
            raise ParameterError(f"values must be one of {', '.join(ALIGNMENT_TIMELINE_COLUMNS[3:])}, "
                                 f"got {values!r}")
        table = self.table
        dates = pd.Index(pd.unique(table["date"]), name="date")
        if self.pairs is not None:
            columns = pd.MultiIndex.from_tuples(list(self.pairs), names=["source", "target"])
        else:
            keys = table[["source", "target"]].drop_duplicates().sort_values(["source", "target"])
            columns = pd.MultiIndex.from_frame(keys)
        wide = table.pivot(index="date", columns=["source", "target"], values=values)
        wide = wide.reindex(index=dates, columns=columns)
        if values == "status":
            return wide.astype(object).where(wide.notna(), "neutral")
        return wide.fillna(0.0).astype("float64")

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``start``, ``end``, ``freq``, ``params``, ``notes``, ``labels``, ``pairs``
        (list of ``[source, target]``, or None for every pair) and ``rows`` (objects with the
        :data:`ALIGNMENT_TIMELINE_COLUMNS`, dates as ISO text)."""
        rows = self.table.assign(date=self.table["date"].dt.strftime("%Y-%m-%d"))
        return plain({"start": self.start, "end": self.end, "freq": self.freq,
                      "params": self.params.to_dict(), "notes": list(self.notes),
                      "labels": dict(self.labels),
                      "pairs": None if self.pairs is None else [list(p) for p in self.pairs],
                      "rows": rows.to_dict("records")})

    def _document(self) -> Doc:
        return alignment_timeline_document(self.to_dict())

    def _title(self) -> str:
        return f"Alignment timeline {self.start} – {self.end}"

    def __repr__(self) -> str:
        count = len(self.pairs) if self.pairs is not None else self.table[["source", "target"]] \
            .drop_duplicates().shape[0]
        return (f"<AlignmentTimeline {self.start}..{self.end}: "
                f"{self.table['date'].nunique()} dates, {count} pairs>")


# ---------------------------------------------------------------------------------------- public
def balance_timeline(graph: ConflictGraph, start: DateLike | Day | None = None,
                     end: DateLike | Day | None = None, *, freq: str | None = "month",
                     include_types: IncludeTypes = None, exact_limit: int = 60,
                     time_limit: float | None = None,
                     **params: Unpack[AlignmentKeywords]) -> BalanceTimeline:
    """Structural balance of the alignment graph on every date of a grid, in one sweep.

    Parameters
    ----------
    graph : ConflictGraph
    start, end : date-like, optional
        The period, both inclusive (``start`` takes the first day of a period, ``end`` the last);
        default the first and last day of the graph's window or data.
    freq : str, default "month"
        Step of the grid: ``day``, ``week``, ``month``, ``quarter``, ``year`` (or ``D``, ``W``,
        ``MS``, ``QS``, ``YS``): the grid runs from ``start`` every step (month starts, ...) and
        always includes ``end``; ``None`` takes the finest step giving at most 400 dates.
    include_types : None, "all" or list of str
        Actor types considered (default: the strategic ones; see
        :mod:`~graphlib_conflict.analytics.balance`).
    exact_limit : int, default 60
        A date whose biconnected blocks all have at most this many actors gets the exact
        frustration index (as :func:`~graphlib_conflict.analytics.balance.balance`); other dates a
        bounded one.
    time_limit : float, optional
        Seconds the exact path may take per date, as for ``balance`` (by default 30 s for the exact
        solver, 0.5 s for a heuristic block).
    **params
        Alignment parameters (``half_life``, ``lookback``, ``threshold``, ``strong``,
        ``mixed_ratio``, ``roll_up``, ``coalition_ties``).

    Returns
    -------
    BalanceTimeline
        ``to_frame()``: one row per date (see :meth:`BalanceTimeline.to_frame`). On each date,
        ``triangles``, ``balanced``, ``unbalanced``, ``balance_ratio`` and ``strained`` equal
        ``balance(graph, at=date)``'s census, ratio and number of strained partnerships, and so
        does ``frustration`` where ``frustration_method`` is ``"exact"``. Where it is
        ``"bounded"``, the true index lies between ``frustration_lower`` and ``frustration``.

    Raises
    ------
    DateError
        If a date cannot be read or ``end`` is before ``start``.
    ParameterError
        If ``freq``, a limit or an alignment parameter is unknown or out of range.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> t = balance_timeline(gc.load(), "2019-11", "2020-02-04")
    >>> columns = ["date", "triangles", "balance_ratio", "frustration", "frustration_method",
    ...            "strained"]
    >>> print(t.to_frame()[columns].to_string(index=False, float_format="{:.2f}".format))
          date  triangles  balance_ratio  frustration frustration_method  strained
    2019-11-01          7           0.57         2.00              exact         5
    2019-12-01          7           0.57         2.00              exact         5
    2020-01-01          8           0.62         2.00              exact         5
    2020-02-01          8           0.62         2.00              exact         5
    2020-02-04          8           0.62         2.00              exact         5
    """
    check_limits(exact_limit, time_limit)
    p = AlignmentParams.from_keywords(params)
    code = read_freq(freq)
    days = _grid(graph, start, end, code)
    return balance_over(graph, days, params=p, freq=code, include_types=include_types,
                        exact_limit=exact_limit, time_limit=time_limit)


def balance_over(graph: ConflictGraph, days: np.ndarray, *, params: AlignmentParams,
                 freq: str | None = None, include_types: IncludeTypes = None,
                 exact_limit: int = 60, time_limit: float | None = None) -> BalanceTimeline:
    """:func:`balance_timeline` on given days (ascending day numbers), for the plots."""
    sweep = _Sweep(graph, params)
    allowed = _allowed(sweep, graph, include_types)
    splits = _Splits(sweep.n, exact_limit=exact_limit, time_limit=time_limit)
    rows = []
    left_out: set[int] = set()
    # two stages on two threads: a day's ties, triangles and bounds (_day) are worked out while
    # the next day's scores are summed and the last day's split is solved (in date order, each
    # warm-started from the one before); numpy and scipy let go of the GIL in their loops
    everyone = bool(allowed.all())
    pending: Future[_Day] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="balance_timeline") as pool:
        for scores in sweep.steps(days):
            ahead = pool.submit(_day, sweep, scores, allowed, exact_limit, everyone)
            if pending is not None:
                rows.append(_solved_row(splits, pending, left_out))
            pending = ahead
        if pending is not None:
            rows.append(_solved_row(splits, pending, left_out))
    table = pd.DataFrame(rows, columns=list(BALANCE_TIMELINE_COLUMNS[1:]))
    table.insert(0, "date", pd.Series(days.astype("datetime64[D]").astype("datetime64[s]")))
    for column in ("actors", "ties", "triangles", "balanced", "unbalanced", "blocs", "strained"):
        table[column] = table[column].astype(np.int64)
    table["frustration_method"] = table["frustration_method"].astype("str")
    notes = _notes(graph, days)
    if left_out:
        names = ", ".join(sorted(str(sweep.names_by_rank[r]) for r in left_out))
        notes.append(f"Left out as not choosing sides (civilian populations, media): {names}; "
                     "include them with include_types='all' (--include all).")
    return BalanceTimeline(table=table, start=day_to_iso(int(days[0])), end=day_to_iso(int(days[-1])),
                           freq=freq, params=params, exact_limit=exact_limit, notes=tuple(notes))


def alignment_timeline(graph: ConflictGraph, start: DateLike | Day | None = None,
                       end: DateLike | Day | None = None, *, freq: str | None = "month",
                       pairs: Sequence[tuple[str, str]] | None = None,
                       **params: Unpack[AlignmentKeywords]) -> AlignmentTimeline:
    """The alignment of pairs on every date of a grid, in one sweep.

    Parameters
    ----------
    graph : ConflictGraph
    start, end, freq
        As for :func:`balance_timeline`.
    pairs : sequence of (str, str), optional
        The pairs (ids, names or aliases); each gets a row on every date (score 0, ``neutral``,
        when nothing counts between them). By default every pair with something counting between
        them on a date, on that date (the rows of ``alignment(graph, at=date)``).
    **params
        Alignment parameters.

    Returns
    -------
    AlignmentTimeline
        ``to_frame()``: long, columns :data:`ALIGNMENT_TIMELINE_COLUMNS` (pairs ``source < target``,
        by date then pair); ``pivot(values="score")``: dates down, pairs across.

    Raises
    ------
    ActorNotFound
        If a pair names an unknown actor.
    GraphlibConflictError
        If a pair names the same actor twice.
    DateError, ParameterError
        As for :func:`balance_timeline`.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> t = alignment_timeline(gc.load(), "2019-11", "2020-02-04", pairs=[("Russia", "Turkey")])
    >>> print(t.pivot("status").to_string())
    source            RUS
    target            TUR
    date
    2019-11-01       ally
    2019-12-01       ally
    2020-01-01       ally
    2020-02-01       ally
    2020-02-04      mixed
    """
    p = AlignmentParams.from_keywords(params)
    code = read_freq(freq)
    days = _grid(graph, start, end, code)
    return alignment_over(graph, days, params=p, freq=code, pairs=pairs)


def alignment_over(graph: ConflictGraph, days: np.ndarray, *, params: AlignmentParams,
                   freq: str | None = None,
                   pairs: Sequence[tuple[str, str]] | None = None) -> AlignmentTimeline:
    """:func:`alignment_timeline` on given days (ascending day numbers), for the plots."""
    wanted = _wanted_pairs(graph, pairs)
    sweep = _Sweep(graph, params)
    n = sweep.n
    columns: dict[str, list[np.ndarray]] = {k: [] for k in ("low", "high", "positive", "negative",
                                                             "status")}
    counts: list[int] = []
    wanted_codes = None
    if wanted is not None:
        ranks = {a: r for r, a in enumerate(sweep.ids_by_rank.tolist())}
        wanted_codes = np.array([ranks[a] * n + ranks[b] for a, b in wanted], np.int64)
    for scores in sweep.steps(days):
        codes = scores.low * n + scores.high
        positive, negative = scores.positive, scores.negative
        if wanted_codes is not None:
            if len(codes):
                where = np.searchsorted(codes, wanted_codes)
                found = (where < len(codes)) & (codes[np.minimum(where, len(codes) - 1)]
                                                 == wanted_codes)
                pick = np.where(found, where, 0)
                positive = np.where(found, positive[pick], 0.0)
                negative = np.where(found, negative[pick], 0.0)
            else:  # nothing counts on this date: every wanted pair is neutral
                positive = negative = np.zeros(len(wanted_codes))
            codes = wanted_codes
        status = pd.Categorical(classify(positive, negative, params), categories=STATUSES).codes
        counts.append(len(codes))
        for key, value in (("low", (codes // n).astype(np.int32)),
                           ("high", (codes % n).astype(np.int32)), ("positive", positive),
                           ("negative", negative), ("status", status.astype(np.int8))):
            columns[key].append(value)

    def column(key: str) -> np.ndarray:
        # one column at a time, its pieces let go at once: the peak stays near the table's size
        joined = np.concatenate(columns[key])
        columns[key].clear()
        return joined

    low, high = column("low"), column("high")
    positive, negative = column("positive"), column("negative")
    # text columns by one take from the few distinct values (no Python object per row)
    ids = pd.Series(sweep.ids_by_rank, dtype="str")
    table = pd.DataFrame({
        "date": np.repeat(days.astype("datetime64[D]").astype("datetime64[s]"), counts),
        "source": ids.take(low).reset_index(drop=True),
        "target": ids.take(high).reset_index(drop=True),
        "score": positive - negative, "positive": positive, "negative": negative,
        "status": pd.Series(list(STATUSES), dtype="str").take(column("status"))
        .reset_index(drop=True),
    })
    named = unique_ints(np.concatenate([low, high]))
    labels = {str(sweep.ids_by_rank[r]): str(sweep.names_by_rank[r]) for r in named.tolist()}
    return AlignmentTimeline(
        table=table, pairs=None if wanted is None else tuple(wanted), labels=labels,
        start=day_to_iso(int(days[0])), end=day_to_iso(int(days[-1])), freq=freq, params=params,
        notes=tuple(_notes(graph, days)))


def _wanted_pairs(graph: ConflictGraph,
                  pairs: Sequence[tuple[str, str]] | None) -> list[tuple[str, str]] | None:
    if pairs is None:
        return None
    out: list[tuple[str, str]] = []
    for a, b in pairs:
        x, y = graph.resolve(a), graph.resolve(b)
        if x == y:
            raise GraphlibConflictError(f"{a!r} and {b!r} are the same actor ({x}): give two actors")
        pair = (min(x, y), max(x, y))
        if pair not in out:
            out.append(pair)
    return out


def _notes(graph: ConflictGraph, days: np.ndarray) -> list[str]:
    """Where the grid's ends lie against the data."""
    notes = []
    for day in {int(days[0]), int(days[-1])}:
        note = coverage_note(graph, day)
        if note:
            notes.append(note)
    return sorted(notes)
