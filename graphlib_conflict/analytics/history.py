"""The history of one pair of actors: every relation between them, with evidence, and their
alignment score over time.

Relations are matched to the pair the way :func:`~graphlib_conflict.analytics.alignment.alignment`
counts them: with ``roll_up=True`` (the default) an attack by Syrian government forces on Turkish
troops belongs to the history of Turkey and the Syrian government, flagged by its ``stated_source``
and ``stated_target``. Roll-up follows the ``part_of``/``represents`` relations in force at each
date, so the score series equals ``alignment(graph, at=day)`` for the pair on every day of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from typing_extensions import Unpack

from graphlib_conflict._arrays import unique_ints
from graphlib_conflict._time import coverage_note, day_grid, read_freq, resolve_day, resolve_period
from graphlib_conflict.analytics.alignment import (
    ROLL_UP_TYPES,
    AlignmentKeywords,
    AlignmentParams,
    actor_parents,
    classify,
    counted,
)
from graphlib_conflict.dates import (
    DAY_MAX,
    DAY_MIN,
    DateLike,
    Day,
    day_to_iso,
    timestamps_to_days,
    to_day,
)
from graphlib_conflict.exceptions import DateError, GraphlibConflictError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.render import Doc, Result, pair_history_document, plain

__all__ = ["RELATION_COLUMNS", "SCORE_COLUMNS", "PairHistory", "pair_history"]

RELATION_COLUMNS = ("id", "when", "first_day", "last_day", "type", "category", "sign", "weight",
                    "stated_source", "stated_target", "source", "target", "rolled_up", "implied_by",
                    "confidence", "evidence", "notes")
"""Columns of :attr:`PairHistory.relations`."""

SCORE_COLUMNS = ("date", "score", "positive", "negative", "durable", "recent", "relations",
                 "status", "change")
"""Columns of :attr:`PairHistory.scores`."""

_MAX_GRID = 400
_CHUNK = 256


@dataclass(frozen=True, eq=False)
class PairHistory(Result):
    """Everything between two actors over time.

    Attributes
    ----------
    a, b : str
        The two actor ids, in the order asked.
    names : tuple of str
        Their names.
    labels : dict
        Actor id -> name for every actor named in ``relations``.
    start, end : str
        First and last day covered (ISO, both inclusive).
    params : AlignmentParams
        The alignment parameters used.
    relations : pandas.DataFrame
        One row per relation between the two (after roll-up) active on some day of
        ``[start, end]``, oldest first; columns :data:`RELATION_COLUMNS`: ``when`` (the date, or
        ``start..end`` of a durable relation, ``..`` for an open side), ``first_day``/``last_day``
        (``NaT`` for "before the data"/"ongoing"), ``stated_source``/``stated_target`` (as written
        in the data), ``source``/``target`` (after roll-up; one is ``a``, the other ``b``),
        ``rolled_up`` (stated ends differ from the pair), ``implied_by`` (coalition of an implied
        tie), ``evidence`` (tuple of dicts ``source``, ``quote``, ``title``, ``publisher``,
        ``date``, ``url``).
    scores : pandas.DataFrame
        The alignment of the pair on every day where it jumps (a relation starts or stops counting,
        and the day before), plus a regular grid; columns :data:`SCORE_COLUMNS`, ``change`` marking
        the jump days. Values equal :func:`~graphlib_conflict.analytics.alignment.alignment` on each
        day.
    """

    a: str
    b: str
    names: tuple[str, str]
    labels: Mapping[str, str] = field(repr=False)
    start: str
    end: str
    params: AlignmentParams
    relations: pd.DataFrame = field(repr=False)
    scores: pd.DataFrame = field(repr=False)
    notes: tuple[str, ...] = ()

    # ------------------------------------------------------------------ data
    @property
    def status(self) -> str:
        """Status of the pair on the last day."""
        return str(self.scores["status"].iloc[-1]) if len(self.scores) else "neutral"

    def to_frame(self) -> pd.DataFrame:
        """The relations table (a copy)."""
        return self.relations.copy()

    def periods(self) -> pd.DataFrame:
        """Runs of the same status: ``status``, ``first``, ``last`` (days of the series), ``low``
        and ``high`` (score range), sorted in time."""
        s = self.scores
        if s.empty:
            return pd.DataFrame(columns=["status", "first", "last", "low", "high"])
        run = (s["status"] != s["status"].shift()).cumsum()
        grouped = s.groupby(run, sort=True)
        return pd.DataFrame({
            "status": grouped["status"].first(), "first": grouped["date"].first(),
            "last": grouped["date"].last(), "low": grouped["score"].min(),
            "high": grouped["score"].max(),
        }).reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """Plain data with stable keys: ``a`` and ``b`` (``id``, ``name``), ``start``, ``end``,
        ``status`` (on the last day; one of ``ally``, ``adversary``, ``mixed``, ``neutral``),
        ``params`` (alignment parameters), ``notes``, ``labels`` (actor id -> name), ``periods``
        (runs of one status: ``status``, ``first``, ``last``, ``low``, ``high``), ``relations``
        (objects with the :data:`RELATION_COLUMNS` except the day columns, ``evidence`` a list of
        ``{source, quote, title, publisher, date, url}``) and ``scores`` (list of ``{date, score,
        positive, negative, status, change}``)."""
        rel = self.relations
        scores = self.scores.assign(date=self.scores["date"].dt.strftime("%Y-%m-%d"))
        periods = self.periods()
        for column in ("first", "last"):
            periods[column] = pd.to_datetime(periods[column]).dt.strftime("%Y-%m-%d")
        keep = [c for c in RELATION_COLUMNS if c not in ("first_day", "last_day")]
        return plain({
            "a": {"id": self.a, "name": self.names[0]},
            "b": {"id": self.b, "name": self.names[1]},
            "start": self.start, "end": self.end, "status": self.status,
            "params": self.params.to_dict(), "notes": list(self.notes),
            "labels": dict(self.labels), "periods": periods.to_dict("records"),
            "relations": rel[keep].to_dict("records"),
            "scores": scores[["date", "score", "positive", "negative", "status",
                              "change"]].to_dict("records"),
        })

    def _document(self) -> Doc:
        return pair_history_document(self.to_dict())

    def _title(self) -> str:
        return f"{self.names[0]} – {self.names[1]}"

    def __repr__(self) -> str:
        return (f"<PairHistory {self.a}–{self.b} {self.start}..{self.end}: "
                f"{len(self.relations)} relations, {self.status} at the end>")


def pair_history(graph: ConflictGraph, a: str, b: str, start: DateLike | Day | None = None,
                 end: DateLike | Day | None = None, *, freq: str | None = None,
                 **params: Unpack[AlignmentKeywords]) -> PairHistory:
    """Every relation between two actors over time, with evidence, and their alignment score.

    Parameters
    ----------
    graph : ConflictGraph
    a, b : str
        Actor ids, names or aliases (case-insensitive).
    start, end : date-like, optional
        The days covered, both inclusive (a partial date takes its widest reading). ``start``
        defaults to the first day any relation between the two is active, ``end`` to the last day
        of the graph's window or data.
    freq : str, optional
        Step of the regular grid of the score series: ``day``, ``week``, ``month``, ``quarter``,
        ``year`` (or ``D``, ``W``, ``MS``, ``QS``, ``YS``); by default the finest giving at most 400
        points.
    **params
        Alignment parameters (``half_life``, ``lookback``, ``threshold``, ``strong``,
        ``mixed_ratio``, ``roll_up``, ``coalition_ties``), see
        :class:`~graphlib_conflict.analytics.alignment.AlignmentParams`.

    Returns
    -------
    PairHistory
        With ``relations`` and ``scores`` tables and ``to_frame()``, ``to_markdown()``,
        ``to_html()``, ``to_json()``.

    Raises
    ------
    ActorNotFound
        If an actor is unknown (with suggestions).
    GraphlibConflictError
        If both name the same actor, or (with roll-up on) an actor counts for another one at
        ``end``, so the pair has no alignment of its own.
    DateError
        If a date cannot be read, or ``end`` is before ``start``.
    ParameterError
        If ``freq`` or an alignment parameter is unknown.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> h = pair_history(gc.load(), "Turkey", "the regime", "2019-11-01", "2020-02-04")
    >>> h.status
    'adversary'
    >>> attack = h.relations.query("type == 'attacks'").iloc[0]
    >>> attack["when"], attack["stated_source"], attack["stated_target"], bool(attack["rolled_up"])
    ('2020-02-03', 'SYR_MIL', 'TUR_MIL', True)
    >>> attack["evidence"][0]["title"]
    'Turkey Says Russia Must Restrain Syrian Forces in Idlib'
    """
    p = AlignmentParams.from_keywords(params)
    freq = read_freq(freq)
    ida, idb = graph.resolve(a), graph.resolve(b)
    if ida == idb:
        raise GraphlibConflictError(f"{a!r} and {b!r} are the same actor ({ida}): give two actors")
    last = resolve_day(graph, end)
    if p.roll_up:
        parents = actor_parents(graph, last)
        for asked, actor in ((a, ida), (b, idb)):
            if parents[actor] != actor:
                other = idb if actor == ida else ida
                who = repr(asked) if asked == actor else f"{asked!r} ({actor})"
                raise GraphlibConflictError(
                    f"{who} counts for {parents[actor]} on {day_to_iso(last)} (it is part of it "
                    "or represents it), so with roll-up on it has no alignment of its own: ask for "
                    f"the pair {parents[actor]} – {other}, or turn roll-up off (roll_up=False; "
                    "--no-roll-up on the command line)")
    pair = _PairRelations(graph, ida, idb, p)
    if start is not None:
        first = resolve_period(graph, start, last)[0]
    else:
        known = pair.t0[pair.t0 != DAY_MIN]
        first = Day(int(known.min())) if known.size else (
            to_day(graph.date_range[0]) if graph.date_range is not None else last)
        first = Day(min(first, last))
    if last < first:
        raise DateError(f"the history ends ({day_to_iso(last)}) before it starts "
                        f"({day_to_iso(first)})")
    names = graph.actors.set_index("id")["name"]
    relations = pair.table(first, last, graph.sources)
    named = pd.unique(np.concatenate([
        relations[["stated_source", "stated_target"]].to_numpy(dtype=object).ravel(),
        relations["implied_by"].dropna().to_numpy(dtype=object)]))
    return PairHistory(
        a=ida, b=idb, names=(str(names[ida]), str(names[idb])),
        labels={str(x): str(names.get(x, x)) for x in [ida, idb, *named]},
        start=day_to_iso(first), end=day_to_iso(last), params=p, relations=relations,
        scores=pair.scores(first, last, freq),
        notes=tuple(n for n in (coverage_note(graph, last),) if n),
    )


class _PairRelations:
    """The relations that ever count for one pair, with the days each counts for it."""

    def __init__(self, graph: ConflictGraph, a: str, b: str, params: AlignmentParams) -> None:
        self.params = params
        implied = graph.coalition_ties if params.coalition_ties is None else params.coalition_ties
        rel = graph.all_relations(implied=implied)
        bounds, parents = _roll_up_segments(graph, params.roll_up)
        members_a = {a} | {x for p in parents for x in p.index[p.to_numpy() == a]}
        members_b = {b} | {x for p in parents for x in p.index[p.to_numpy() == b]}
        src, tgt = rel["source"], rel["target"]
        near = ((src.isin(members_a) & tgt.isin(members_b))
                | (src.isin(members_b) & tgt.isin(members_a))).to_numpy()
        rel = rel[near].reset_index(drop=True)
        self.t0 = timestamps_to_days(rel["valid_from"], DAY_MIN)
        self.t1 = timestamps_to_days(rel["valid_to"], DAY_MAX)
        seg_first = np.concatenate([[DAY_MIN], bounds])
        seg_last = np.concatenate([bounds - 1, [DAY_MAX]])
        # an interaction counts for the look-back period after it, under the roll-up of each day
        counts_until = np.where((rel["category"].to_numpy() == "interaction")
                                & (self.t1 != DAY_MAX), self.t1 + params.lookback, self.t1)
        # member[s, r]: relation r counts in segment s and joins the pair under its roll-up
        member = ((self.t0[None, :] <= seg_last[:, None])
                  & (counts_until[None, :] >= seg_first[:, None]))
        rolled_source = rel["source"].to_numpy(dtype=object).copy()
        rolled_target = rel["target"].to_numpy(dtype=object).copy()
        named = np.zeros(len(rel), dtype=bool)
        for s, p in enumerate(parents):
            ms = rel["source"].map(p).fillna(rel["source"]).to_numpy(dtype=object)
            mt = rel["target"].map(p).fillna(rel["target"]).to_numpy(dtype=object)
            member[s] &= ((ms == a) & (mt == b)) | ((ms == b) & (mt == a))
            fresh = member[s] & ~named
            rolled_source[fresh], rolled_target[fresh] = ms[fresh], mt[fresh]
            named |= member[s]
        keep = member.any(axis=0)
        self.rel = rel[keep].reset_index(drop=True).assign(
            rolled_source=rolled_source[keep], rolled_target=rolled_target[keep])
        self.t0, self.t1 = self.t0[keep], self.t1[keep]
        self.member = member[:, keep]
        self.bounds = bounds

    def table(self, first: int, last: int, sources: pd.DataFrame) -> pd.DataFrame:
        rel = self.rel
        active = (self.t0 <= last) & (self.t1 >= first)
        sub = rel[active]
        order = np.lexsort((sub["id"].to_numpy(), self.t1[active], self.t0[active]))
        sub = sub.iloc[order]
        when = sub["date"].where(sub["date"].notna(),
                                 sub["start"].fillna("") + ".." + sub["end"].fillna(""))
        out = pd.DataFrame({
            "id": sub["id"], "when": when, "first_day": sub["valid_from"],
            "last_day": sub["valid_to"], "type": sub["type"], "category": sub["category"],
            "sign": sub["sign"].astype(np.int64), "weight": sub["weight"],
            "stated_source": sub["source"], "stated_target": sub["target"],
            "source": sub["rolled_source"].astype("str"),
            "target": sub["rolled_target"].astype("str"),
        })
        out["rolled_up"] = ((out["stated_source"] != out["source"])
                            | (out["stated_target"] != out["target"]))
        out["implied_by"] = sub["implied_by"]
        out["confidence"] = sub["confidence"]
        out["evidence"] = pd.Series(with_sources(sub["evidence"], sources), index=out.index,
                                    dtype=object)
        out["notes"] = sub["notes"]
        return out[list(RELATION_COLUMNS)].reset_index(drop=True)

    def scores(self, first: int, last: int, freq: str | None) -> pd.DataFrame:
        p = self.params
        category = self.rel["category"].to_numpy()
        durable = category == "alignment"
        interaction = category == "interaction"
        signed = durable | interaction
        t0, t1 = self.t0, self.t1
        # days on which the score jumps: a relation starts counting, a durable one ends, an
        # interaction leaves the look-back window; with the day before, a line drawn through the
        # series is exact at every jump
        jumps = np.concatenate([t0[signed & (t0 != DAY_MIN)],
                                t1[durable & (t1 != DAY_MAX)] + 1,
                                t1[interaction & (t1 != DAY_MAX)] + p.lookback + 1])
        jumps = np.concatenate([jumps, self.bounds])
        jumps = np.unique(jumps[(jumps >= first) & (jumps <= last)])
        grid = day_grid(first, last, freq)
        days = np.unique(np.concatenate([grid, jumps, jumps - 1, [first, last]]))
        days = days[(days >= first) & (days <= last)]
        seg = np.searchsorted(self.bounds, days, side="right")
        value = self.rel["sign"].to_numpy(dtype="float64") * self.rel["weight"].to_numpy()
        columns: dict[str, list[np.ndarray]] = {k: [] for k in
                                                 ("positive", "negative", "durable", "recent", "n")}
        for lo in range(0, len(days), _CHUNK):
            d = days[lo:lo + _CHUNK, None]
            member = self.member[seg[lo:lo + _CHUNK]]
            counts, factor = counted(t0, t1, durable, interaction, d, p)
            active_durable = durable & counts
            keep = counts & member
            v = np.where(keep, value * factor, 0.0)
            columns["positive"].append(np.where(v > 0, v, 0.0).sum(axis=1))
            columns["negative"].append(np.where(v < 0, -v, 0.0).sum(axis=1))
            columns["durable"].append(np.where(active_durable, v, 0.0).sum(axis=1))
            columns["recent"].append(np.where(active_durable, 0.0, v).sum(axis=1))
            columns["n"].append(keep.sum(axis=1))
        stacked = {k: np.concatenate(v) if v else np.zeros(0) for k, v in columns.items()}
        positive, negative = stacked["positive"], stacked["negative"]
        return pd.DataFrame({
            "date": days.astype("datetime64[D]").astype("datetime64[s]"),
            "score": positive - negative, "positive": positive, "negative": negative,
            "durable": stacked["durable"], "recent": stacked["recent"],
            "relations": stacked["n"].astype(np.int64),
            "status": pd.Series(classify(positive, negative, p), dtype="str"),
            "change": np.isin(days, jumps),
        })


def _roll_up_segments(graph: ConflictGraph, roll_up: bool) -> tuple[np.ndarray, list[pd.Series]]:
    """Days where the roll-up changes, and the parent of every actor between them.

    Segment ``s`` runs from ``bounds[s - 1]`` (or the beginning) to ``bounds[s] - 1`` (or the end).
    """
    ids = graph.actors["id"]
    if not roll_up:
        return np.zeros(0, dtype=np.int64), [pd.Series(ids.to_numpy(), index=ids.to_numpy())]
    rel = graph.relations
    structural = rel["type"].isin(ROLL_UP_TYPES).to_numpy()
    t0 = timestamps_to_days(rel.loc[structural, "valid_from"], DAY_MIN)
    t1 = timestamps_to_days(rel.loc[structural, "valid_to"], DAY_MAX)
    bounds = unique_ints(np.concatenate([t0[t0 != DAY_MIN], t1[t1 != DAY_MAX] + 1]))
    representative = np.concatenate([[bounds[0] - 1 if bounds.size else 0], bounds])
    return bounds, [actor_parents(graph, Day(int(day))) for day in representative]


def with_sources(evidence: pd.Series, sources: pd.DataFrame) -> list[tuple[dict[str, Any], ...]]:
    """Evidence tuples with each item's source ``title``, ``publisher``, ``date`` and ``url``;
    repeated (source, quote) items once."""
    table = sources.set_index("id")[["title", "publisher", "date", "url"]] if len(sources) else None
    lookup: dict[str, dict[str, Any]] = {}
    if table is not None:
        lookup = {str(i): {str(k): (None if pd.isna(v) else v) for k, v in row.items()}
                  for i, row in table.iterrows()}
    empty = {"title": None, "publisher": None, "date": None, "url": None}
    # an implied coalition tie carries both memberships' evidence, often the same quote twice
    return [tuple({"source": source, "quote": quote} | lookup.get(str(source), empty)
                  for source, quote in dict.fromkeys(
                      (item.get("source"), item.get("quote")) for item in (items or ())))
            for items in evidence]
