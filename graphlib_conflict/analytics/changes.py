"""The alliance-change report: what changed between two dates, and the relations and quotes that
explain it.

:func:`change_report` compares the alignment of every pair at ``start`` and at ``end`` and sorts the
pairs that changed into classes (the status of a pair absent at a date is ``neutral``):

============  ==================================================================================
change        status before -> status after
============  ==================================================================================
formed        neutral -> ally or mixed
ended         ally or mixed -> neutral
flipped       ally -> adversary, or adversary -> ally
soured        ally -> mixed, mixed -> adversary, or neutral -> adversary
thawed        adversary -> mixed or neutral, or mixed -> ally
escalated     adversary -> adversary, the hostility grown by at least ``escalation`` (50 %) of its
              size and at least ``escalation_floor`` (0.5) in score
============  ==================================================================================

Each change is explained by the relations **between the dates** that moved the pair's score in the
direction of the change: interactions dated in ``(start, end]`` that still count at ``end``, and
durable relations that started in ``(start, end]`` or ended in ``[start, end)``. The strongest
(largest change in contribution) are kept with their evidence quotes and sources; the strongest ones
pulling the other way are kept too. Roll-up applies as in alignment: an attack by a state's forces
explains a change between states.

Around the changes, the report gives structural balance before and after (balance ratio,
frustration index), the unbalanced triangles and strained partnerships at ``end``, the actors that
switched bloc, and the largest centrality movers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

import numpy as np
import pandas as pd
from typing_extensions import Unpack

from graphlib_conflict._time import coverage_note, resolve_period
from graphlib_conflict.analytics.alignment import (
    AlignmentKeywords,
    AlignmentParams,
    contributions,
    summarize_pairs,
)
from graphlib_conflict.analytics.balance import (
    EXACT_TIME_LIMIT,
    BalanceResult,
    FrustrationResult,
    balance_of,
)
from graphlib_conflict.analytics.blocs import (
    SWITCH_COLUMNS,
    SWITCH_OVERLAP,
    _blocs,
    _partners,
    _renamed,
)
from graphlib_conflict.analytics.centrality import (
    DEFAULT_MEASURES,
    centrality_from_alignment,
    compare_centrality,
)
from graphlib_conflict.analytics.history import with_sources
from graphlib_conflict.analytics.signed import SignedEdges, id_array, signed_edges
from graphlib_conflict.analytics.signed.edges import IncludeTypes, strategic_pairs
from graphlib_conflict.dates import DAY_MAX, DAY_MIN, DateLike, Day, day_to_iso, timestamps_to_days
from graphlib_conflict.exceptions import ParameterError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.render import Doc, Result, change_report_document, plain

__all__ = ["CHANGES", "CHANGE_COLUMNS", "EXPLANATION_COLUMNS", "ChangeReport", "change_report",
           "classify_changes"]

CHANGES = ("formed", "ended", "flipped", "soured", "thawed", "escalated")
"""The change classes, in report order."""

CHANGE_COLUMNS = ("source", "target", "source_name", "target_name", "change", "status_before",
                  "status_after", "score_before", "score_after", "score_delta", "positive_before",
                  "positive_after", "negative_before", "negative_after", "drivers", "counters",
                  "strained_triangles")
"""Columns of :attr:`ChangeReport.changes`."""

EXPLANATION_COLUMNS = ("source", "target", "role", "id", "when", "type", "category", "sign",
                       "weight", "stated_source", "stated_target", "rolled_up", "implied_by",
                       "value_before", "value_after", "delta", "evidence")
"""Columns of :attr:`ChangeReport.explanations`."""

_EPS = 1e-9


@dataclass(frozen=True, eq=False)
class ChangeReport(Result):
    """What changed between two dates (see :func:`change_report`).

    Attributes
    ----------
    start, end : str
        The two days compared (ISO).
    dataset : dict
        ``id`` and ``title`` of the dataset.
    params : AlignmentParams
    changes : pandas.DataFrame
        One row per changed pair, columns :data:`CHANGE_COLUMNS`, in :data:`CHANGES` order then by
        largest ``|score_delta|``; ``drivers``/``counters``: how many relations between the dates
        moved the score with/against the change; ``strained_triangles``: in how many unbalanced
        triangles the pair is a strained partnership at ``end`` (0 if it is not one).
    explanations : pandas.DataFrame
        The relations kept to explain each change, columns :data:`EXPLANATION_COLUMNS`; ``role`` is
        ``driver`` or ``counter``; ``value_before``/``value_after`` are the relation's
        contributions to the pair's score at ``start``/``end`` and ``delta`` their difference;
        ``evidence`` items carry ``source``, ``quote``, ``title``, ``publisher``, ``date``, ``url``.
    totals : dict
        Change class -> number of pairs in it (before ``limit``).
    balance_before, balance_after : BalanceResult
        Structural balance at each date (see :func:`~graphlib_conflict.analytics.balance.balance`).
    triangles : pandas.DataFrame
        Unbalanced triangles at ``end`` (``a``, ``b``, ``c``, ``sign_ab``, ``sign_bc``, ``sign_ac``,
        ``new``: not unbalanced at ``start``, ``<NA>`` when the list at ``start`` was truncated;
        ``changed_ties``: how many of its ties changed), the ones touching changes first, at most
        ``top``; :attr:`triangle_total` counts them all.
    strained : pandas.DataFrame
        Strained partnerships at ``end`` (positive ties inside unbalanced triangles: ``source``,
        ``target``, ``unbalanced_triangles``, ``score``, ``status``, ``tension``), most strained
        first, at most ``top``.
    bloc_switches : pandas.DataFrame
        Actors whose bloc changed (see :func:`~graphlib_conflict.analytics.blocs.bloc_switches`):
        ``actor``, ``name``, ``bloc_before``, ``bloc_after``, ``with_before``, ``with_after``,
        ``change``.
    centrality : pandas.DataFrame
        The largest centrality movers (see
        :func:`~graphlib_conflict.analytics.centrality.centrality_change`), ranked by PageRank.
    labels : dict
        Actor id -> name.
    triangle_total : int
        Number of unbalanced triangles at ``end``.
    strained_total : int
        Number of strained partnerships at ``end`` (:attr:`strained` shows the first ``top``).
    notes : tuple of str
        Where the two days lie against the data, and who was left out of balance and blocs.
    """

    start: str
    end: str
    dataset: dict[str, Any]
    params: AlignmentParams
    changes: pd.DataFrame = field(repr=False)
    explanations: pd.DataFrame = field(repr=False)
    totals: dict[str, int]
    balance_before: BalanceResult = field(repr=False)
    balance_after: BalanceResult = field(repr=False)
    triangles: pd.DataFrame = field(repr=False)
    strained: pd.DataFrame = field(repr=False)
    bloc_switches: pd.DataFrame = field(repr=False)
    centrality: pd.DataFrame = field(repr=False)
    labels: Mapping[str, str] = field(repr=False)
    triangle_total: int = 0
    strained_total: int = 0
    notes: tuple[str, ...] = ()

    # ------------------------------------------------------------------ data
    def to_frame(self) -> pd.DataFrame:
        """The changes, one row per pair (a copy of :attr:`changes`)."""
        return self.changes.copy()

    def explanation(self, a: str, b: str) -> pd.DataFrame:
        """The explaining relations of one pair (ids, in either order)."""
        x = self.explanations
        mask = ((x["source"] == a) & (x["target"] == b)) | ((x["source"] == b) & (x["target"] == a))
        return x[mask].reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """Plain data with stable keys (what :meth:`to_json` writes).

        Keys (stable; statuses are always one of ``ally``, ``adversary``, ``mixed``, ``neutral``):

        * ``report``: ``"alliance-change"``; ``dataset``: ``{id, title}``; ``start``, ``end``: ISO
          days; ``params``: the alignment parameters; ``notes``; ``labels``: actor id -> name;
        * ``summary``: change class -> number of pairs (classes of :data:`CHANGES`);
        * ``changes``: list of objects with the :data:`CHANGE_COLUMNS` plus ``explanation`` (the
          relations driving the change) and ``counter`` (the strongest pulling against it), each a
          list of ``{id, when, type, category, sign, weight, source, target, stated_source,
          stated_target, rolled_up, implied_by, value_before, value_after, delta, evidence}``
          (``source``/``target``: the pair it counts for) where ``evidence``
          is a list of ``{source, quote, title, publisher, date, url}``;
        * ``balance``: ``{before, after}``, each ``{at, balance_ratio, balanced, unbalanced,
          total, frustration_index, frustration_method, frustration_optimal, blocs}`` (``blocs``
          as in :meth:`FrustrationResult.to_dict`'s ``bloc_list``);
        * ``unbalanced_triangles``: ``{total, shown}``, ``shown`` a list of ``{actors, names,
          signs: {ab, bc, ac}, new}``;
        * ``strained_total``: how many strained partnerships there are; ``strained``: list of
          ``{source, target, source_name, target_name, status, unbalanced_triangles, score,
          tension}``;
        * ``bloc_switches``: list of ``{actor, name, change, bloc_before, bloc_after, with_before,
          with_after, overlap}`` (``change``: ``switched``, ``joined`` or ``left``; blocs by name,
          empty where the actor is in none); ``renamed_blocs``: bloc name at ``start`` -> at
          ``end`` for blocs that kept their core under another leader;
        * ``centrality_movers``: list of ``{actor, name, measure, before, after, delta,
          rank_before, rank_after, degree_before, degree_after, betweenness_before,
          betweenness_after}``.

        Computed once per report (every output format reads it): the same dict is returned on
        every call, so read it and leave it unchanged.
        """
        return self._data

    @cached_property
    def _data(self) -> dict[str, Any]:
        # computed once: every output format reads the same plain data
        groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
        for r in _records(self.explanations):
            groups.setdefault((r["source"], r["target"]), []).append({str(k): v for k, v in r.items()})
        changes = []
        for row in _records(self.changes):
            items = groups.get((row["source"], row["target"]), [])
            changes.append({k: row[k] for k in CHANGE_COLUMNS} | {
                "explanation": [_relation_dict(r) for r in items if r["role"] == "driver"],
                "counter": [_relation_dict(r) for r in items if r["role"] == "counter"],
            })
        return plain({
            "report": "alliance-change",
            "dataset": {"id": self.dataset.get("id"), "title": self.dataset.get("title")},
            "start": self.start, "end": self.end,
            "params": self.params.to_dict(), "notes": list(self.notes),
            "labels": dict(self.labels),
            "summary": dict(self.totals),
            "changes": changes,
            "balance": {"before": _balance_dict(self.balance_before, self.start),
                        "after": _balance_dict(self.balance_after, self.end)},
            "unbalanced_triangles": {
                "total": self.triangle_total,
                "shown": [{"actors": [r["a"], r["b"], r["c"]],
                           "names": [self.labels.get(r[x], r[x]) for x in ("a", "b", "c")],
                           "signs": {"ab": r["sign_ab"], "bc": r["sign_bc"], "ac": r["sign_ac"]},
                           "new": r["new"]} for r in _records(self.triangles)]},
            "strained_total": self.strained_total,
            "strained": [{"source": r["source"], "target": r["target"],
                          "source_name": self.labels.get(r["source"], r["source"]),
                          "target_name": self.labels.get(r["target"], r["target"]),
                          "status": r.get("status"),
                          "unbalanced_triangles": r.get("unbalanced_triangles"),
                          "score": r.get("score"), "tension": r.get("tension")}
                         for r in _records(self.strained)],
            "bloc_switches": [{k: r.get(k) for k in
                               ("actor", "name", "change", "bloc_before", "bloc_after",
                                "with_before", "with_after", "overlap")}
                              for r in _records(self.bloc_switches)],
            "renamed_blocs": dict(self.bloc_switches.attrs.get("renamed", {})),
            "centrality_movers": [
                {"actor": r["actor"], "name": r["name"], "measure": "pagerank",
                 "before": r["pagerank_before"], "after": r["pagerank_after"],
                 "delta": r["pagerank_delta"], "rank_before": r["rank_before"],
                 "rank_after": r["rank_after"], "degree_before": r["degree_before"],
                 "degree_after": r["degree_after"], "betweenness_before": r["betweenness_before"],
                 "betweenness_after": r["betweenness_after"]}
                for r in _records(self.centrality)],
        })

    def _document(self) -> Doc:
        return change_report_document(self.to_dict())

    def _title(self) -> str:
        return f"Alliance-change report {self.start} – {self.end}"

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.totals.items() if n) or "no changes"
        return f"<ChangeReport {self.start}..{self.end}: {counts}>"


def change_report(graph: ConflictGraph, start: DateLike | Day | None = None,
                  end: DateLike | Day | None = None, *, limit: int | None = 25, explain: int = 8,
                  escalation: float = 0.5, escalation_floor: float = 0.5, top: int = 10,
                  exact_limit: int = 60, time_limit: float | None = None,
                  include_types: IncludeTypes = None,
                  **params: Unpack[AlignmentKeywords]) -> ChangeReport:
    """The alliance-change report between two dates.

    Parameters
    ----------
    graph : ConflictGraph
    start, end : date-like, optional
        The two days compared; ``end`` must be after ``start``. ``start`` takes the first day of a
        period and ``end`` the last (``"2019"``, ``"2020"``: 2019-01-01 to 2020-12-31); by default
        the first and last day of the graph's window or data. Any days work.
    limit : int or None, default 25
        Most pairs kept per change class (largest score change first), and most actors listed per
        kind of bloc switch (switched, joined, left; a note gives the totals); ``None`` keeps all.
        :attr:`ChangeReport.totals` counts them all.
    explain : int, default 8
        Most relations kept to explain each change (largest change in contribution first), and
        half as many pulling the other way.
    escalation, escalation_floor : float
        An adversary pair *escalated* when its hostility grew by at least ``escalation`` times its
        size at ``start`` and by at least ``escalation_floor``.
    top : int, default 10
        Rows of the triangle, strained-partnership and centrality-mover tables.
    exact_limit, time_limit
        Passed to :func:`~graphlib_conflict.analytics.balance.balance` and
        :func:`~graphlib_conflict.analytics.blocs.bloc_switches`: exact solutions up to this many
        actors, and the seconds each of their heuristics may take on larger graphs.
    include_types : None, "all" or list of str
        Actor types the report considers (default: those that choose sides; civilian populations
        and media are left out and the report says so).
    **params
        Alignment parameters (``half_life``, ``lookback``, ``threshold``, ``strong``,
        ``mixed_ratio``, ``roll_up``, ``coalition_ties``).

    Returns
    -------
    ChangeReport

    Raises
    ------
    DateError
        If a date cannot be read or ``end`` is not after ``start``.
    ParameterError
        If ``limit``, ``explain`` or ``top`` is negative, or a parameter is unknown.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> rep = change_report(gc.load(), "2019-11-01", "2020-02-04")
    >>> rep.changes.set_index(["source", "target"]).loc[("RUS", "TUR"),
    ...     ["change", "status_before", "status_after"]].tolist()
    ['soured', 'ally', 'mixed']
    >>> why = rep.explanation("SYR_GOV", "TUR")
    >>> why.query("type == 'attacks'")[["when", "stated_source", "stated_target"]].values.tolist()
    [['2020-02-03', 'SYR_MIL', 'TUR_MIL'], ['2020-02-03', 'TUR_MIL', 'SYR_MIL']]
    """

    p = AlignmentParams.from_keywords(params)
    first, last = resolve_period(graph, start, end, ordered="strict")
    if (limit is not None and limit < 0) or explain < 0 or top < 0:
        raise ParameterError(f"limit, explain and top must be >= 0, got {limit}, {explain}, {top}")
    parts0 = contributions(graph, first, p)
    parts1 = contributions(graph, last, p)
    table0, left0 = strategic_pairs(summarize_pairs(parts0, p), graph, include_types)
    table1, left1 = strategic_pairs(summarize_pairs(parts1, p), graph, include_types)
    table0.attrs["at"], table1.attrs["at"] = day_to_iso(first), day_to_iso(last)
    labels = dict(zip(graph.actors["id"], graph.actors["name"], strict=True))
    notes = [n for n in (coverage_note(graph, first), coverage_note(graph, last)) if n]
    left_out = left0 | left1
    if left_out:
        notes.append("Left out as not choosing sides (civilian populations, media): "
                     f"{', '.join(sorted(left_out.values()))}; include them with "
                     "include_types='all' (--include all).")

    changes = classify_changes(table0, table1, escalation=escalation,
                               escalation_floor=escalation_floor)
    totals = {c: int((changes["change"] == c).sum()) for c in CHANGES}
    if limit is not None:
        changes = changes.groupby("change", sort=False).head(limit).reset_index(drop=True)
    implied = graph.coalition_ties if p.coalition_ties is None else p.coalition_ties
    drivers, relations = _explain(graph, implied, changes, parts0, parts1, first, last)
    counts = drivers.groupby(["source", "target", "role"]).size().unstack(fill_value=0)
    changes = changes.merge(counts.reset_index(), on=["source", "target"], how="left")
    for role, column in (("driver", "drivers"), ("counter", "counters")):
        changes[column] = (changes[role].fillna(0).astype(np.int64) if role in changes
                           else np.zeros(len(changes), dtype=np.int64))
    changes["source_name"] = changes["source"].map(labels)
    changes["target_name"] = changes["target"].map(labels)
    explanations = _details(_kept(drivers, explain), relations, graph.sources)

    names = graph.actors.set_index("id")["name"]
    # the signed graph of each date, built once: balance, blocs and switches all read it
    e0, e1 = signed_edges(table0, names=names), signed_edges(table1, names=names)
    balance_before, balance_after, triangles, strained, tri_total = _balance(
        e0, e1, changes, exact_limit=exact_limit, time_limit=time_limit, top=top)
    strain = balance_after.strained.set_index(["source", "target"])["unbalanced_triangles"]
    changes["strained_triangles"] = pd.Series(
        strain.reindex(pd.MultiIndex.from_frame(changes[["source", "target"]])).to_numpy(),
        index=changes.index).fillna(0).astype(np.int64)
    changes = changes[list(CHANGE_COLUMNS)]
    switches = _bloc_switches(e0, e1, (balance_before.frustration, balance_after.frustration),
                              exact_limit=exact_limit, time_limit=time_limit, limit=limit)
    switch_totals = switches.attrs["totals"]
    if limit is not None and sum(switch_totals.values()) > len(switches):
        notes.append("Bloc switches: the first " + ", ".join(
            f"{min(n, limit):,} of {n:,} {kind}" for kind, n in switch_totals.items() if n)
            + " are listed (limit per kind of change).")
    measures = DEFAULT_MEASURES
    movers = compare_centrality(
        centrality_from_alignment(table0, graph.actors, measures=measures),
        centrality_from_alignment(table1, graph.actors, measures=measures),
        measures, "pagerank", tied=(_tied(table0), _tied(table1)))
    movers = movers[(movers["pagerank_delta"].abs() > _EPS)
                    | (movers["rank_change"].fillna(0) != 0)].head(top).reset_index(drop=True)
    return ChangeReport(
        start=day_to_iso(first), end=day_to_iso(last),
        dataset={"id": graph.dataset.get("id"), "title": graph.dataset.get("title")}, params=p,
        changes=changes, explanations=explanations, totals=totals,
        balance_before=balance_before, balance_after=balance_after, triangles=triangles,
        strained=strained, bloc_switches=switches, centrality=movers, labels=labels,
        triangle_total=tri_total, strained_total=len(balance_after.strained), notes=tuple(notes),
    )


def classify_changes(before: pd.DataFrame, after: pd.DataFrame, *, escalation: float = 0.5,
                     escalation_floor: float = 0.5) -> pd.DataFrame:
    """Pairs whose alignment changed between two :func:`alignment` tables, with their class.

    Returns
    -------
    pandas.DataFrame
        ``source``, ``target``, ``change``, ``status_before``, ``status_after``, ``score_before``,
        ``score_after``, ``score_delta``, ``positive_before``/``_after``,
        ``negative_before``/``_after``; a pair absent from a table is ``neutral`` with zeros there.
        Sorted by :data:`CHANGES` order, then largest ``|score_delta|``, then the pair.

    Examples
    --------
    >>> import pandas as pd
    >>> from graphlib_conflict.analytics.alignment import AlignmentParams, summarize_pairs
    >>> def table(rows):
    ...     return pd.DataFrame(rows, columns=["source", "target", "score", "positive", "negative",
    ...                                        "status"])
    >>> before = table([("A", "B", 1.0, 1.0, 0.0, "ally"), ("A", "C", -0.5, 0.0, 0.5, "adversary")])
    >>> after = table([("A", "B", -1.0, 0.0, 1.0, "adversary"),
    ...                ("A", "C", -1.2, 0.0, 1.2, "adversary")])
    >>> classify_changes(before, after)[["source", "target", "change"]].values.tolist()
    [['A', 'B', 'flipped'], ['A', 'C', 'escalated']]
    """
    keys = ["source", "target"]
    columns = ["score", "positive", "negative", "status"]
    merged = before[keys + columns].merge(after[keys + columns], on=keys, how="outer",
                                          suffixes=("_before", "_after"))
    for when in ("before", "after"):
        for c in ("score", "positive", "negative"):
            merged[f"{c}_{when}"] = merged[f"{c}_{when}"].fillna(0.0)
        merged[f"status_{when}"] = merged[f"status_{when}"].fillna("neutral").astype("str")
    b = merged["status_before"].to_numpy(dtype=object)
    a = merged["status_after"].to_numpy(dtype=object)
    s0, s1 = merged["score_before"].to_numpy(), merged["score_after"].to_numpy()
    grown = np.abs(s1) - np.abs(s0)
    rules = [
        ((b == "neutral") & np.isin(a, ["ally", "mixed"]), "formed"),
        (np.isin(b, ["ally", "mixed"]) & (a == "neutral"), "ended"),
        (((b == "ally") & (a == "adversary")) | ((b == "adversary") & (a == "ally")), "flipped"),
        (((b == "ally") & (a == "mixed")) | ((b == "mixed") & (a == "adversary"))
         | ((b == "neutral") & (a == "adversary")), "soured"),
        (((b == "adversary") & np.isin(a, ["mixed", "neutral"])) | ((b == "mixed") & (a == "ally")),
         "thawed"),
        ((b == "adversary") & (a == "adversary") & (s1 < s0)
         & (grown >= np.maximum(escalation * np.abs(s0), escalation_floor)), "escalated"),
    ]
    change = np.select([r for r, _ in rules], [name for _, name in rules], default="")
    merged["change"] = change
    merged["score_delta"] = s1 - s0
    out = merged[change != ""]
    order = np.lexsort((out["target"].to_numpy(), out["source"].to_numpy(),
                        -out["score_delta"].abs().to_numpy(),
                        pd.Categorical(out["change"], categories=CHANGES).codes))
    columns_out = ["source", "target", "change", "status_before", "status_after", "score_before",
                   "score_after", "score_delta", "positive_before", "positive_after",
                   "negative_before", "negative_after"]
    return out.iloc[order][columns_out].reset_index(drop=True)


def _direction(changes: pd.DataFrame) -> np.ndarray:
    """+1 when the change is a warming, -1 a cooling, 0 when both ways explain it."""
    change = changes["change"].to_numpy(dtype=object)
    after = changes["status_after"].to_numpy(dtype=object)
    before = changes["status_before"].to_numpy(dtype=object)
    warming = ((change == "thawed") | ((change == "formed") & (after == "ally"))
               | ((change == "flipped") & (after == "ally")))
    cooling = (np.isin(change, ["soured", "escalated"]) | ((change == "ended") & (before == "ally"))
               | ((change == "flipped") & (after == "adversary")))
    return np.where(warming, 1, np.where(cooling, -1, 0))


def _explain(graph: ConflictGraph, implied: bool, changes: pd.DataFrame, parts0: pd.DataFrame,
             parts1: pd.DataFrame, first: int,
             last: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Relations between the dates that moved each changed pair, strongest first per pair and role
    (not yet cut to size), and the rows of ``graph.all_relations()`` they are (only those: the
    whole table is never copied)."""
    keys = ["id", "a", "b"]
    if changes.empty:
        return pd.DataFrame(columns=["source", "target", "role", "id", "delta", "value_before",
                                     "value_after"]), _rows_with_ids(graph, implied, [])
    pairs = changes[["source", "target"]].rename(columns={"source": "a", "target": "b"})
    pairs = pairs.assign(direction=_direction(changes))
    v0 = parts0[[*keys, "value"]].merge(pairs[["a", "b"]], on=["a", "b"])
    v1 = parts1[[*keys, "value"]].merge(pairs[["a", "b"]], on=["a", "b"])
    moved = v0.merge(v1, on=keys, how="outer", suffixes=("_before", "_after"))
    moved[["value_before", "value_after"]] = moved[["value_before", "value_after"]].fillna(0.0)
    moved["delta"] = moved["value_after"] - moved["value_before"]
    rel = _rows_with_ids(graph, implied, moved["id"])
    t0 = timestamps_to_days(rel["valid_from"], DAY_MIN)
    t1 = timestamps_to_days(rel["valid_to"], DAY_MAX)
    category = rel["category"].to_numpy()
    between = np.where(category == "interaction", (t1 > first) & (t0 <= last),
                       ((t0 > first) & (t0 <= last)) | ((t1 >= first) & (t1 < last)))
    moved = moved.merge(rel.loc[between, ["id"]], on="id").merge(pairs, on=["a", "b"])
    push = np.sign(moved["delta"].to_numpy())
    direction = moved["direction"].to_numpy()
    significant = np.abs(moved["delta"].to_numpy()) > _EPS
    role = np.where((direction == 0) | (push == direction), "driver", "counter")
    moved = moved.assign(role=role)[significant]
    moved = moved.sort_values(["a", "b", "role", "delta"], key=lambda c: (
        -c.abs() if c.name == "delta" else c), kind="stable")
    return moved.rename(columns={"a": "source", "b": "target"}).reset_index(drop=True), rel


def _rows_with_ids(graph: ConflictGraph, implied: bool, ids: Any) -> pd.DataFrame:
    """The rows of ``graph.all_relations(implied=implied)`` whose id is among ``ids``."""
    wanted = pd.unique(pd.Series(ids, dtype="str"))
    stated = graph.relations
    rows = stated[stated["id"].isin(wanted)]
    rows = rows.assign(implied_by=pd.Series(np.nan, index=rows.index, dtype="str"))
    if implied and not graph.implied_relations.empty:
        extra = graph.implied_relations
        rows = pd.concat([rows, extra[extra["id"].isin(wanted)]], ignore_index=True)
    return rows.reset_index(drop=True)


def _kept(moved: pd.DataFrame, explain: int) -> pd.DataFrame:
    """The strongest drivers and half as many counters of each change."""
    room = np.where(moved["role"].to_numpy() == "driver", explain, explain // 2)
    rank = moved.groupby(["source", "target", "role"], sort=False).cumcount().to_numpy()
    return moved[rank < room].reset_index(drop=True)


def _details(kept: pd.DataFrame, rel: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The kept relations with what they are, when, between whom as stated, and their evidence."""
    if kept.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EXPLANATION_COLUMNS})
    info = rel[rel["id"].isin(kept["id"])][
        ["id", "date", "start", "end", "valid_from", "type", "category", "sign", "weight",
         "source", "target", "implied_by", "evidence"]].rename(columns={"source": "stated_source",
                                                    "target": "stated_target"})
    out = kept.merge(info, on="id", how="left")
    out["when"] = out["date"].where(out["date"].notna(),
                                    out["start"].fillna("") + ".." + out["end"].fillna(""))
    same = (((out["stated_source"] == out["source"]) & (out["stated_target"] == out["target"]))
            | ((out["stated_source"] == out["target"]) & (out["stated_target"] == out["source"])))
    out["rolled_up"] = ~same
    out["sign"] = out["sign"].astype(np.int64)
    out["evidence"] = pd.Series(with_sources(out["evidence"], sources), index=out.index,
                                dtype=object)
    out = out.sort_values(["source", "target", "role", "valid_from", "id"], kind="stable",
                          na_position="first")
    return out[list(EXPLANATION_COLUMNS)].reset_index(drop=True)



def _tied(table: pd.DataFrame) -> set[str]:
    tied = table[table["status"] != "neutral"]
    return set(tied["source"]) | set(tied["target"])


def _bloc_switches(e0: SignedEdges, e1: SignedEdges,
                   frustrations: tuple[FrustrationResult, FrustrationResult], *, exact_limit: int,
                   time_limit: float | None, limit: int | None) -> pd.DataFrame:
    """:func:`~graphlib_conflict.analytics.blocs.switches_between`'s table (the same blocs, the
    same Jaccard rule, the same order), with the overlaps counted at once from the table of bloc
    pairs rather than actor by actor, and at most ``limit`` actors per kind of change (the totals
    in ``attrs["totals"]``)."""
    # the two-bloc splits are given; more blocs (small graphs) get the budget bloc_switches gives
    time_limit = EXACT_TIME_LIMIT if time_limit is None else time_limit
    before = _blocs(e0, k=None, weighted=False, exact_limit=exact_limit, time_limit=time_limit,
                    frustration=frustrations[0])
    after = _blocs(e1, k=None, weighted=False, exact_limit=exact_limit, time_limit=time_limit,
                   frustration=frustrations[1])
    b0 = pd.Series(before["bloc"].to_numpy(), index=before["actor"].astype(object).to_numpy())
    b1 = pd.Series(after["bloc"].to_numpy(), index=after["actor"].astype(object).to_numpy())
    common = b0.index.intersection(b1.index)
    x, y = b0[common].to_numpy(np.int64), b1[common].to_numpy(np.int64)
    k1 = int(b1.max()) + 1 if len(b1) else 1
    _, inverse, count = np.unique(x * k1 + y, return_inverse=True, return_counts=True)
    both = count[inverse] - 1  # bloc-mates (among actors placed at both dates) kept at both
    mates0 = np.bincount(x, minlength=int(x.max()) + 1 if len(x) else 0)[x] - 1
    mates1 = np.bincount(y, minlength=k1)[y] - 1
    union = mates0 + mates1 - both
    overlap = np.where(union > 0, both / np.maximum(union, 1), 1.0)
    moved = overlap < SWITCH_OVERLAP
    rows = pd.DataFrame({
        "actor": np.concatenate([common[moved].to_numpy(dtype=object),
                                 b1.index.difference(b0.index).to_numpy(dtype=object),
                                 b0.index.difference(b1.index).to_numpy(dtype=object)]),
        "change": ["switched"] * int(moved.sum()) + ["joined"] * len(b1.index.difference(b0.index))
                  + ["left"] * len(b0.index.difference(b1.index)),
        "overlap": np.concatenate([overlap[moved], np.full(len(b1.index.difference(b0.index)),
                                                           np.nan),
                                   np.full(len(b0.index.difference(b1.index)), np.nan)]),
    })
    rows["key"] = rows["actor"].map(str)
    rows["rank"] = rows["change"].map({"switched": 0, "joined": 1, "left": 2})
    rows = rows.sort_values(["rank", "key"], kind="stable").reset_index(drop=True)
    totals = {kind: int((rows["change"] == kind).sum()) for kind in ("switched", "joined", "left")}
    if limit is not None:
        rows = rows.groupby("rank", sort=False).head(limit).reset_index(drop=True)
    actors = rows["actor"].tolist()
    names0 = dict(zip(before["actor"], before["bloc_name"], strict=True))
    names1 = dict(zip(after["actor"], after["bloc_name"], strict=True))
    labels = e0.name_map() | e1.name_map()
    out = pd.DataFrame({
        "actor": id_array(np.array(actors, dtype=object)),
        "name": pd.array([labels.get(a, str(a)) for a in actors], dtype="str"),
        "change": pd.array(rows["change"].tolist(), dtype="str"),
        "bloc_before": pd.array([names0.get(a, "") for a in actors], dtype="str"),
        "bloc_after": pd.array([names1.get(a, "") for a in actors], dtype="str"),
        "with_before": _partners(e0, before, actors),
        "with_after": _partners(e1, after, actors),
        "overlap": rows["overlap"].to_numpy(dtype=np.float64),
    }, columns=list(SWITCH_COLUMNS))
    out.attrs.update({
        "start": e0.at, "end": e1.at, "blocs_before": names0, "blocs_after": names1,
        "method_before": before.attrs["method"], "method_after": after.attrs["method"],
        "renamed": _renamed(before, after), "totals": totals,
    })
    return out


def _balance(e0: SignedEdges, e1: SignedEdges, changes: pd.DataFrame, *, exact_limit: int,
             time_limit: float | None,
             top: int) -> tuple[BalanceResult, BalanceResult, pd.DataFrame, pd.DataFrame, int]:
    before = balance_of(e0, exact_limit=exact_limit, time_limit=time_limit)
    after = balance_of(e1, exact_limit=exact_limit, time_limit=time_limit)
    tri = after.triangles
    tri = tri[~tri["balanced"].astype(bool)]
    old = before.triangles
    old = old[~old["balanced"].astype(bool)]
    # a truncated list at start cannot tell which triangles are new
    new = (pd.array(~np.isin(_triangle_keys(tri), _triangle_keys(old)), dtype="boolean")
           if not getattr(before, "triangles_truncated", False)
           else pd.array([pd.NA] * len(tri), dtype="boolean"))
    changed = set(zip(changes["source"], changes["target"], strict=True))
    touched = np.zeros(len(tri), dtype=np.int64)
    for x, y in (("a", "b"), ("b", "c"), ("a", "c")):
        lo = np.minimum(tri[x].to_numpy(dtype=object), tri[y].to_numpy(dtype=object))
        hi = np.maximum(tri[x].to_numpy(dtype=object), tri[y].to_numpy(dtype=object))
        touched += np.fromiter(((p, q) in changed for p, q in zip(lo, hi, strict=True)),
                               dtype=bool, count=len(tri))
    tri = tri.assign(new=new, changed_ties=touched)
    order = np.lexsort((tri["c"].to_numpy(), tri["b"].to_numpy(), tri["a"].to_numpy(),
                        ~tri["new"].fillna(False).to_numpy(dtype=bool),
                        -tri["changed_ties"].to_numpy()))
    shown = tri.iloc[order].head(top)[["a", "b", "c", "sign_ab", "sign_bc", "sign_ac", "new",
                                       "changed_ties"]].reset_index(drop=True)
    strained = after.strained.head(top).reset_index(drop=True)
    total = int(after.census["unbalanced"])
    return before, after, shown, strained, total


def _triangle_keys(tri: pd.DataFrame) -> np.ndarray:
    ids = np.sort(tri[["a", "b", "c"]].to_numpy(dtype=object).astype(str), axis=1)
    return np.char.add(np.char.add(np.char.add(ids[:, 0], "\x1f"), np.char.add(ids[:, 1], "\x1f")),
                       ids[:, 2]) if len(ids) else np.zeros(0, dtype=str)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")`` without its ``attrs``: pandas deep-copies ``attrs`` into every
    intermediate frame, and a report's tables carry whole bloc maps there."""
    bare = frame.copy(deep=False)  # one copy of the attrs, then none
    bare.attrs = {}
    return cast(list[dict[str, Any]], bare.to_dict("records"))


def _balance_dict(result: BalanceResult, at: str) -> dict[str, Any]:
    census = result.census
    frustration = result.frustration
    return {"at": at, "balance_ratio": result.balance_ratio,
            "balanced": census.get("balanced"), "unbalanced": census.get("unbalanced"),
            "total": census.get("total"), "frustration_index": frustration.index,
            "frustration_method": frustration.method, "frustration_optimal": frustration.optimal,
            "blocs": frustration.bloc_list()}


def _relation_dict(r: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (list(r[k]) if k == "evidence" else r[k]) for k in EXPLANATION_COLUMNS
            if k != "role"}
