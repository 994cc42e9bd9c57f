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

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from graphlib_conflict.analytics._render import (
    fmt,
    html_document,
    html_escape,
    html_fragment,
    html_table,
    json_dumps,
    md_escape,
    md_table,
    params_dict,
    status_html,
    written,
)
from graphlib_conflict.analytics._signed import signed_edges
from graphlib_conflict.analytics.alignment import (
    AlignmentParams,
    contributions,
    resolve_date,
    summarize_pairs,
)
from graphlib_conflict.analytics.balance import balance
from graphlib_conflict.analytics.blocs import switches_between
from graphlib_conflict.analytics.centrality import (
    DEFAULT_MEASURES,
    centrality_from_alignment,
    compare_centrality,
)
from graphlib_conflict.analytics.history import relation_html, relation_markdown, with_sources
from graphlib_conflict.dates import DAY_MAX, DAY_MIN, DateLike, day_to_iso, timestamps_to_days
from graphlib_conflict.exceptions import DateError
from graphlib_conflict.graph import ConflictGraph

__all__ = ["CHANGES", "CHANGE_COLUMNS", "EXPLANATION_COLUMNS", "ChangeReport", "change_report",
           "report"]

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
class ChangeReport:
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
    """

    start: str
    end: str
    dataset: dict[str, Any]
    params: AlignmentParams
    changes: pd.DataFrame = field(repr=False)
    explanations: pd.DataFrame = field(repr=False)
    totals: dict[str, int]
    balance_before: Any = field(repr=False)
    balance_after: Any = field(repr=False)
    triangles: pd.DataFrame = field(repr=False)
    strained: pd.DataFrame = field(repr=False)
    bloc_switches: pd.DataFrame = field(repr=False)
    centrality: pd.DataFrame = field(repr=False)
    labels: Mapping[str, str] = field(repr=False)
    triangle_total: int = 0
    strained_total: int = 0

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
        """Plain data with the keys of :meth:`to_json`."""
        groups = dict(iter(self.explanations.groupby(["source", "target"], sort=False)))
        changes = []
        for row in self.changes.to_dict("records"):
            rows = groups.get((row["source"], row["target"]))
            items = [] if rows is None else rows.to_dict("records")
            changes.append({k: row[k] for k in CHANGE_COLUMNS} | {
                "explanation": [_relation_dict(r) for r in items if r["role"] == "driver"],
                "counter": [_relation_dict(r) for r in items if r["role"] == "counter"],
            })
        return {
            "report": "alliance-change",
            "dataset": {"id": self.dataset.get("id"), "title": self.dataset.get("title")},
            "start": self.start, "end": self.end,
            "params": params_dict(self.params),
            "summary": dict(self.totals),
            "changes": changes,
            "balance": {"before": _balance_dict(self.balance_before, self.start),
                        "after": _balance_dict(self.balance_after, self.end)},
            "unbalanced_triangles": {
                "total": self.triangle_total,
                "shown": [{"actors": [r["a"], r["b"], r["c"]],
                           "names": [self.labels.get(r[x], r[x]) for x in ("a", "b", "c")],
                           "signs": {"ab": r["sign_ab"], "bc": r["sign_bc"], "ac": r["sign_ac"]},
                           "new": r["new"]} for r in self.triangles.to_dict("records")]},
            "strained": [{"source": r["source"], "target": r["target"],
                          "source_name": self.labels.get(r["source"], r["source"]),
                          "target_name": self.labels.get(r["target"], r["target"]),
                          "status": r.get("status"),
                          "unbalanced_triangles": r.get("unbalanced_triangles"),
                          "score": r.get("score"), "tension": r.get("tension")}
                         for r in self.strained.to_dict("records")],
            "bloc_switches": [{k: _listish(r.get(k)) for k in
                               ("actor", "name", "change", "bloc_before", "bloc_after",
                                "with_before", "with_after")}
                              for r in self.bloc_switches.to_dict("records")],
            "centrality_movers": [
                {"actor": r["actor"], "name": r["name"], "measure": "pagerank",
                 "before": r["pagerank_before"], "after": r["pagerank_after"],
                 "delta": r["pagerank_delta"], "rank_before": r["rank_before"],
                 "rank_after": r["rank_after"], "degree_before": r["degree_before"],
                 "degree_after": r["degree_after"], "betweenness_before": r["betweenness_before"],
                 "betweenness_after": r["betweenness_after"]}
                for r in self.centrality.to_dict("records")],
        }

    def to_json(self, path: str | os.PathLike[str] | None = None, *, indent: int | None = 2) -> str:
        """The report as JSON (written atomically to ``path`` when given).

        Keys (stable; statuses are always one of ``ally``, ``adversary``, ``mixed``, ``neutral``):

        * ``report``: ``"alliance-change"``; ``dataset``: ``{id, title}``; ``start``, ``end``: ISO
          days; ``params``: the alignment parameters;
        * ``summary``: change class -> number of pairs (classes of :data:`CHANGES`);
        * ``changes``: list of objects with the :data:`CHANGE_COLUMNS` plus ``explanation`` (the
          relations driving the change) and ``counter`` (the strongest pulling against it), each a
          list of ``{id, when, type, category, sign, weight, stated_source, stated_target,
          rolled_up, implied_by, value_before, value_after, delta, evidence}`` where ``evidence``
          is a list of ``{source, quote, title, publisher, date, url}``;
        * ``balance``: ``{before, after}``, each ``{at, balance_ratio, balanced, unbalanced,
          total, frustration_index, frustration_method, frustration_optimal}`` (or ``null``);
        * ``unbalanced_triangles``: ``{total, shown}``, ``shown`` a list of ``{actors, names,
          signs: {ab, bc, ac}, new}``;
        * ``strained``: list of ``{source, target, source_name, target_name, status,
          unbalanced_triangles, score, tension}``;
        * ``bloc_switches``: list of ``{actor, name, change, bloc_before, bloc_after, with_before,
          with_after}`` (``change``: ``switched``, ``joined`` or ``left``; a bloc is ``null`` where
          the actor is in none);
        * ``centrality_movers``: list of ``{actor, name, measure, before, after, delta,
          rank_before, rank_after, degree_before, degree_after, betweenness_before,
          betweenness_after}``.
        """
        return written(json_dumps(self.to_dict(), indent=indent), path)

    def to_markdown(self, path: str | os.PathLike[str] | None = None) -> str:
        """The report as Markdown (every string from data escaped; written atomically to ``path``
        when given)."""
        return written(_Markdown(self).render(), path)

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """The report as a self-contained HTML page (inline style, nothing fetched, every string
        from data escaped; written atomically to ``path`` when given)."""
        title = f"Alliance-change report {self.start} – {self.end}"
        return written(html_document(title, _Html(self).render()), path)

    def _repr_html_(self) -> str:
        return html_fragment(_Html(self).render())

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.totals.items() if n) or "no changes"
        return f"<ChangeReport {self.start}..{self.end}: {counts}>"


def change_report(graph: ConflictGraph, start: DateLike, end: DateLike, *, limit: int | None = 25,
                  explain: int = 8, escalation: float = 0.5, escalation_floor: float = 0.5,
                  top: int = 10, exact_limit: int = 60, time_limit: float = 30.0,
                  **params: float | bool | None) -> ChangeReport:
    """The alliance-change report between two dates.

    Parameters
    ----------
    graph : ConflictGraph
    start, end : date-like
        The two days compared; ``end`` must be after ``start``.
    limit : int or None, default 25
        Most pairs kept per change class (largest score change first); ``None`` keeps all.
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

    p = AlignmentParams(**params)  # type: ignore[arg-type]
    first, last = resolve_date(graph, start), resolve_date(graph, end)
    if last <= first:
        raise DateError(f"the report's end ({day_to_iso(last)}) must be after its start "
                        f"({day_to_iso(first)})")
    if (limit is not None and limit < 0) or explain < 0 or top < 0:
        raise ValueError(f"limit, explain and top must be >= 0, got {limit}, {explain}, {top}")
    parts0 = contributions(graph, first, p)
    parts1 = contributions(graph, last, p)
    table0 = summarize_pairs(parts0, p)
    table1 = summarize_pairs(parts1, p)
    table0.attrs["at"], table1.attrs["at"] = day_to_iso(first), day_to_iso(last)
    labels = dict(zip(graph.actors["id"], graph.actors["name"], strict=True))

    changes = classify_changes(table0, table1, escalation=escalation,
                               escalation_floor=escalation_floor)
    totals = {c: int((changes["change"] == c).sum()) for c in CHANGES}
    if limit is not None:
        changes = changes.groupby("change", sort=False).head(limit).reset_index(drop=True)
    implied = graph.coalition_ties if p.coalition_ties is None else p.coalition_ties
    relations = graph.all_relations(implied=implied)
    drivers = _explain(relations, changes, parts0, parts1, first, last)
    counts = drivers.groupby(["source", "target", "role"]).size().unstack(fill_value=0)
    changes = changes.merge(counts.reset_index(), on=["source", "target"], how="left")
    for role, column in (("driver", "drivers"), ("counter", "counters")):
        changes[column] = (changes[role].fillna(0).astype(np.int64) if role in changes
                           else np.zeros(len(changes), dtype=np.int64))
    changes["source_name"] = changes["source"].map(labels)
    changes["target_name"] = changes["target"].map(labels)
    explanations = _details(_kept(drivers, explain), relations, graph.sources)

    balance_before, balance_after, triangles, strained, tri_total = _balance(
        table0, table1, changes, exact_limit=exact_limit, time_limit=time_limit, top=top)
    strain = balance_after.strained.set_index(["source", "target"])["unbalanced_triangles"]
    changes["strained_triangles"] = pd.Series(
        strain.reindex(pd.MultiIndex.from_frame(changes[["source", "target"]])).to_numpy(),
        index=changes.index).fillna(0).astype(np.int64)
    changes = changes[list(CHANGE_COLUMNS)]
    switches = _bloc_switches(table0, table1, graph.actors, (balance_before, balance_after),
                              exact_limit=exact_limit, time_limit=time_limit)
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
        triangle_total=tri_total, strained_total=len(balance_after.strained),
    )


report = change_report
"""Alias of :func:`change_report`."""


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


def _explain(rel: pd.DataFrame, changes: pd.DataFrame, parts0: pd.DataFrame,
             parts1: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Relations between the dates that moved each changed pair, strongest first per pair and role
    (not yet cut to size)."""
    keys = ["id", "a", "b"]
    if changes.empty:
        return pd.DataFrame(columns=["source", "target", "role", "id", "delta", "value_before",
                                     "value_after"])
    pairs = changes[["source", "target"]].rename(columns={"source": "a", "target": "b"})
    pairs = pairs.assign(direction=_direction(changes))
    v0 = parts0[[*keys, "value"]].merge(pairs[["a", "b"]], on=["a", "b"])
    v1 = parts1[[*keys, "value"]].merge(pairs[["a", "b"]], on=["a", "b"])
    moved = v0.merge(v1, on=keys, how="outer", suffixes=("_before", "_after"))
    moved[["value_before", "value_after"]] = moved[["value_before", "value_after"]].fillna(0.0)
    moved["delta"] = moved["value_after"] - moved["value_before"]
    t0 = timestamps_to_days(rel["valid_from"], DAY_MIN)
    t1 = timestamps_to_days(rel["valid_to"], DAY_MAX)
    category = rel["category"].to_numpy()
    between = np.where(category == "interaction", (t1 > first) & (t0 <= last),
                       ((t0 > first) & (t0 <= last)) | ((t1 >= first) & (t1 < last)))
    # a join, not isin: Arrow-backed isin walks a large value set in Python
    moved = moved.merge(rel.loc[between, ["id"]], on="id").merge(pairs, on=["a", "b"])
    push = np.sign(moved["delta"].to_numpy())
    direction = moved["direction"].to_numpy()
    significant = np.abs(moved["delta"].to_numpy()) > _EPS
    role = np.where((direction == 0) | (push == direction), "driver", "counter")
    moved = moved.assign(role=role)[significant]
    moved = moved.sort_values(["a", "b", "role", "delta"], key=lambda c: (
        -c.abs() if c.name == "delta" else c), kind="stable")
    return moved.rename(columns={"a": "source", "b": "target"}).reset_index(drop=True)


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
    out["evidence"] = with_sources(out["evidence"], sources)
    out = out.sort_values(["source", "target", "role", "valid_from", "id"], kind="stable",
                          na_position="first")
    return out[list(EXPLANATION_COLUMNS)].reset_index(drop=True)



def _tied(table: pd.DataFrame) -> set[str]:
    tied = table[table["status"] != "neutral"]
    return set(tied["source"]) | set(tied["target"])


def _bloc_switches(table0: pd.DataFrame, table1: pd.DataFrame, actors: pd.DataFrame,
                   balances: tuple[Any, Any], *, exact_limit: int,
                   time_limit: float) -> pd.DataFrame:

    names = actors.set_index("id")["name"]
    return switches_between(
        signed_edges(table0, names=names), signed_edges(table1, names=names),
        exact_limit=exact_limit, time_limit=time_limit,
        frustrations=(balances[0].frustration, balances[1].frustration)).reset_index(drop=True)


def _balance(table0: pd.DataFrame, table1: pd.DataFrame, changes: pd.DataFrame, *,
             exact_limit: int, time_limit: float, top: int) -> tuple[Any, Any, pd.DataFrame,
                                                                     pd.DataFrame, int]:

    before = balance(table0, exact_limit=exact_limit, time_limit=time_limit)
    after = balance(table1, exact_limit=exact_limit, time_limit=time_limit)
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


def _balance_dict(result: Any, at: str) -> dict[str, Any]:
    census = result.census
    frustration = result.frustration
    return {"at": at, "balance_ratio": result.balance_ratio,
            "balanced": census.get("balanced"), "unbalanced": census.get("unbalanced"),
            "total": census.get("total"), "frustration_index": frustration.index,
            "frustration_method": frustration.method, "frustration_optimal": frustration.optimal}


def _relation_dict(r: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (list(r[k]) if k == "evidence" else r[k]) for k in EXPLANATION_COLUMNS
            if k not in ("source", "target", "role")}


def _listish(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return [str(v) for v in value]
    return value


# ---------------------------------------------------------------------- rendering
def _pair_name(report: ChangeReport, a: str, b: str) -> str:
    return f"{report.labels.get(a, a)} – {report.labels.get(b, b)}"


def _sign(value: Any) -> str:
    return "+" if value > 0 else "−"


def _triangle_signs(r: Mapping[str, Any]) -> str:
    return (f"{r['a']}–{r['b']} {_sign(r['sign_ab'])}, {r['b']}–{r['c']} {_sign(r['sign_bc'])}, "
            f"{r['a']}–{r['c']} {_sign(r['sign_ac'])}")


def _params_line(report: ChangeReport) -> str:
    p = report.params
    return (f"alignment: half-life {fmt(p.half_life, 0)} days, look-back {p.lookback} days, "
            f"threshold {fmt(p.threshold)}, roll-up {'on' if p.roll_up else 'off'}")


def _balance_rows(report: ChangeReport) -> list[list[Any]]:
    b0 = _balance_dict(report.balance_before, report.start)
    b1 = _balance_dict(report.balance_after, report.end)

    def frustration(d: Mapping[str, Any]) -> str:
        exact = "exact" if d.get("frustration_optimal") else str(d.get("frustration_method"))
        return f"{_count(d.get('frustration_index'))} ({exact})"

    return [["balance ratio", fmt(b0.get("balance_ratio")), fmt(b1.get("balance_ratio"))],
            ["balanced triangles", fmt(b0.get("balanced")), fmt(b1.get("balanced"))],
            ["unbalanced triangles", fmt(b0.get("unbalanced")), fmt(b1.get("unbalanced"))],
            ["frustration index", frustration(b0), frustration(b1)]]


def _switch_header(report: ChangeReport) -> list[str]:
    return ["actor", "change", f"bloc on {report.start}", f"bloc on {report.end}",
            "with (before)", "with (after)"]


def _switch_rows(report: ChangeReport) -> list[list[Any]]:
    return [[b.get("name"), b.get("change"), b.get("bloc_before"), b.get("bloc_after"),
             _join(b.get("with_before")), _join(b.get("with_after"))]
            for b in report.bloc_switches.to_dict("records")]


_STRAINED_HEADER = ["partnership", "status", "unbalanced triangles", "score", "tension"]


def _strained_rows(report: ChangeReport, *, html: bool = False) -> list[list[Any]]:
    return [[_pair_name(report, s["source"], s["target"]),
             status_html(s.get("status")) if html else s.get("status"),
             s.get("unbalanced_triangles"), s.get("score"), s.get("tension")]
            for s in report.strained.to_dict("records")]


def _more_md(shown: int, total: int) -> list[str]:
    return [md_escape(f"Showing {shown} of {total}."), ""] if total > shown else []


_MOVER_HEADER = ["actor", "PageRank before", "PageRank after", "change", "rank before",
                 "rank after", "ties", "betweenness"]


def _mover_rows(report: ChangeReport) -> list[list[Any]]:
    return [[m["name"], fmt(m["pagerank_before"], 3), fmt(m["pagerank_after"], 3),
             fmt(m["pagerank_delta"], 3), m["rank_before"], m["rank_after"],
             f"{fmt(m['degree_before'])} → {fmt(m['degree_after'])}",
             f"{fmt(m['betweenness_before'], 3)} → {fmt(m['betweenness_after'], 3)}"]
            for m in report.centrality.to_dict("records")]


def _summary_lines(report: ChangeReport) -> list[str]:
    """Plain-text summary bullets (escaped by the caller)."""
    b0 = _balance_dict(report.balance_before, report.start)
    b1 = _balance_dict(report.balance_after, report.end)
    lines = [f"Balance ratio {fmt(b0['balance_ratio'])} → {fmt(b1['balance_ratio'])}; "
             f"frustration index {_count(b0['frustration_index'])} → "
             f"{_count(b1['frustration_index'])}."]
    if report.triangle_total:
        new = int(report.triangles["new"].fillna(False).sum())
        lines.append(f"{report.triangle_total} unbalanced triangle"
                     f"{'s' if report.triangle_total != 1 else ''} on {report.end}"
                     + (f" ({new} of those shown new since {report.start})" if new else "") + ".")
    if len(report.strained):
        names = "; ".join(_pair_name(report, r["source"], r["target"])
                          for r in report.strained.head(5).to_dict("records"))
        lines.append(f"Strained partnerships on {report.end}: {names}.")
    n = len(report.bloc_switches)
    lines.append(f"{n} actor{'s' if n != 1 else ''} switched bloc." if n else
                 "No actor switched bloc.")
    if len(report.centrality):
        r = report.centrality.iloc[0]
        lines.append(f"Largest centrality mover: {r['name']} (PageRank "
                     f"{fmt(r['pagerank_before'], 3)} → {fmt(r['pagerank_after'], 3)}).")
    return lines


class _Markdown:
    def __init__(self, report: ChangeReport) -> None:
        self.r = report
        self.groups = dict(iter(report.explanations.groupby(["source", "target"], sort=False)))

    def render(self) -> str:
        r = self.r
        out = [f"# Alliance-change report: {md_escape(r.start)} → {md_escape(r.end)}", ""]
        title = r.dataset.get("title") or r.dataset.get("id")
        out += [(f"*{md_escape(title)}* · " if title else "") + md_escape(_params_line(r)), ""]
        out += ["## Summary", ""]
        counted = [f"{n} {k}" for k, n in r.totals.items() if n]
        out.append("- " + md_escape("Alignment changes: " + (", ".join(counted) or "none") + "."))
        out += ["- " + md_escape(line) for line in _summary_lines(r)]
        out.append("")
        if len(r.changes):
            out += [md_table([[_pair_name(r, c["source"], c["target"]), c["change"],
                               f"{c['status_before']} → {c['status_after']}",
                               f"{fmt(c['score_before'])} → {fmt(c['score_after'])}",
                               c["drivers"]]
                              for c in _by_size(r.changes)],
                             ["pair", "change", "status", "score", "explaining relations"],
                             numeric=[4]), ""]
            out += ["## Alignment changes", ""]
            for change in CHANGES:
                rows = r.changes[r.changes["change"] == change]
                if rows.empty:
                    continue
                out += [f"### {change.capitalize()} ({r.totals[change]})", ""]
                for c in rows.to_dict("records"):
                    out += self._change(c)
                if r.totals[change] > len(rows):
                    out += [md_escape(f"… and {r.totals[change] - len(rows)} more {change} "
                                      "pairs (raise limit to see them)."), ""]
        out += ["## Structural balance", ""]
        out += [md_table(_balance_rows(r), ["", r.start, r.end], numeric=[1, 2]), ""]
        out += [f"### Unbalanced triangles on {md_escape(r.end)}", ""]
        if r.triangles.empty:
            out += ["None.", ""]
        else:
            out += [md_table([[" – ".join(r.labels.get(x, x) for x in (t["a"], t["b"], t["c"])),
                               _triangle_signs(t), t["new"]]
                              for t in r.triangles.to_dict("records")],
                             ["triangle", "signs", f"new since {r.start}"]), ""]
            if r.triangle_total > len(r.triangles):
                out += [md_escape(f"Showing {len(r.triangles)} of {r.triangle_total}."), ""]
        out += [f"### Strained partnerships on {md_escape(r.end)}", ""]
        out += ([md_table(_strained_rows(r), _STRAINED_HEADER, numeric=[2, 3, 4]), ""]
                if len(r.strained) else ["None.", ""])
        out += _more_md(len(r.strained), r.strained_total)
        out += ["## Bloc switches", ""]
        out += ([md_table(_switch_rows(r), _switch_header(r)), ""] if len(r.bloc_switches)
                else ["None.", ""])
        out += ["## Centrality movers", ""]
        out += ([md_table(_mover_rows(r), _MOVER_HEADER, numeric=[1, 2, 3, 4, 5]), ""]
                if len(r.centrality) else ["None.", ""])
        return "\n".join(out).rstrip() + "\n"

    def _change(self, c: Mapping[str, Any]) -> list[str]:
        r = self.r
        head = (f"#### {md_escape(_pair_name(r, c['source'], c['target']))}: "
                f"{c['status_before']} → {c['status_after']}{md_escape(_strain_note(c))}")
        out = [head, "", md_escape(
            f"Score {fmt(c['score_before'])} → {fmt(c['score_after'])}; positive "
            f"{fmt(c['positive_before'])} → {fmt(c['positive_after'])}, negative "
            f"{fmt(c['negative_before'])} → {fmt(c['negative_after'])}."), ""]
        rows = self.groups.get((c["source"], c["target"]))
        drivers = rows[rows["role"] == "driver"] if rows is not None else None
        counters = rows[rows["role"] == "counter"] if rows is not None else None
        if drivers is None or drivers.empty:
            out += [md_escape(f"No relation between {r.start} and {r.end} explains it: older "
                              "interactions faded out of the look-back window."), ""]
        else:
            out += [md_escape(_shown("Explained by", len(drivers), c["drivers"])), ""]
            for rec in drivers.to_dict("records"):
                out += relation_markdown(rec, r.labels)
            out.append("")
        if counters is not None and not counters.empty:
            out += [md_escape(_shown("Pulling the other way", len(counters), c["counters"])), ""]
            for rec in counters.to_dict("records"):
                out += relation_markdown(rec, r.labels)
            out.append("")
        return out


class _Html:
    def __init__(self, report: ChangeReport) -> None:
        self.r = report
        self.groups = dict(iter(report.explanations.groupby(["source", "target"], sort=False)))

    def render(self) -> str:
        r = self.r
        out = [f"<h1>Alliance-change report: {html_escape(r.start)} → {html_escape(r.end)}</h1>"]
        title = r.dataset.get("title") or r.dataset.get("id")
        out.append(f'<p class="gc-muted">{(html_escape(title) + " · ") if title else ""}'
                   f"{html_escape(_params_line(r))}</p>")
        counted = [f"{n} {k}" for k, n in r.totals.items() if n]
        bullets = ["Alignment changes: " + (", ".join(counted) or "none") + ".",
                   *_summary_lines(r)]
        out.append("<h2>Summary</h2><ul>" + "".join(f"<li>{html_escape(b)}</li>" for b in bullets)
                   + "</ul>")
        if len(r.changes):
            out.append(html_table(
                [[html_escape(_pair_name(r, c["source"], c["target"])), html_escape(c["change"]),
                  f"{status_html(c['status_before'])} → {status_html(c['status_after'])}",
                  html_escape(f"{fmt(c['score_before'])} → {fmt(c['score_after'])}"),
                  html_escape(fmt(c["drivers"]))] for c in _by_size(r.changes)],
                ["pair", "change", "status", "score", "explaining relations"], numeric=[4],
                raw=[0, 1, 2, 3, 4]))
            out.append("<h2>Alignment changes</h2>")
            for change in CHANGES:
                rows = r.changes[r.changes["change"] == change]
                if rows.empty:
                    continue
                out.append(f"<h3>{change.capitalize()} ({r.totals[change]})</h3>")
                out += [self._change(c) for c in rows.to_dict("records")]
                if r.totals[change] > len(rows):
                    out.append(f'<p class="gc-muted">… and {r.totals[change] - len(rows)} more '
                               f"{change} pairs (raise limit to see them).</p>")
        out.append("<h2>Structural balance</h2>")
        out.append(html_table(_balance_rows(r), ["", r.start, r.end], numeric=[1, 2]))
        out.append(f"<h3>Unbalanced triangles on {html_escape(r.end)}</h3>")
        out.append(html_table(
            [[" – ".join(r.labels.get(x, x) for x in (t["a"], t["b"], t["c"])),
              _triangle_signs(t), t["new"]] for t in r.triangles.to_dict("records")],
            ["triangle", "signs", f"new since {r.start}"]) if len(r.triangles) else
            "<p>None.</p>")
        if r.triangle_total > len(r.triangles):
            out.append(f'<p class="gc-muted">Showing {len(r.triangles)} of '
                       f"{r.triangle_total}.</p>")
        out.append(f"<h3>Strained partnerships on {html_escape(r.end)}</h3>")
        out.append(html_table(_strained_rows(r, html=True), _STRAINED_HEADER,
                              numeric=[2, 3, 4], raw=[1]) if len(r.strained) else
                   "<p>None.</p>")
        if r.strained_total > len(r.strained):
            out.append(f'<p class="gc-muted">Showing {len(r.strained)} of '
                       f"{r.strained_total}.</p>")
        out.append("<h2>Bloc switches</h2>")
        out.append(html_table(_switch_rows(r), _switch_header(r)) if len(r.bloc_switches) else
                   "<p>None.</p>")
        out.append("<h2>Centrality movers</h2>")
        out.append(html_table(_mover_rows(r), _MOVER_HEADER, numeric=[1, 2, 3, 4, 5])
                   if len(r.centrality) else "<p>None.</p>")
        return "\n".join(out)

    def _change(self, c: Mapping[str, Any]) -> str:
        r = self.r
        out = [f"<h4>{html_escape(_pair_name(r, c['source'], c['target']))}: "
               f"{status_html(c['status_before'])} → {status_html(c['status_after'])}"
               f"{html_escape(_strain_note(c))}</h4>",
               "<p>" + html_escape(
                   f"Score {fmt(c['score_before'])} → {fmt(c['score_after'])}; positive "
                   f"{fmt(c['positive_before'])} → {fmt(c['positive_after'])}, negative "
                   f"{fmt(c['negative_before'])} → {fmt(c['negative_after'])}.") + "</p>"]
        rows = self.groups.get((c["source"], c["target"]))
        drivers = rows[rows["role"] == "driver"] if rows is not None else None
        counters = rows[rows["role"] == "counter"] if rows is not None else None
        if drivers is None or drivers.empty:
            out.append("<p>" + html_escape(
                f"No relation between {r.start} and {r.end} explains it: older interactions "
                "faded out of the look-back window.") + "</p>")
        else:
            out.append(f"<p>{html_escape(_shown('Explained by', len(drivers), c['drivers']))}</p>")
            out.append('<ul class="gc-relations">' + "".join(
                relation_html(rec, r.labels) for rec in drivers.to_dict("records")) + "</ul>")
        if counters is not None and not counters.empty:
            out.append("<p>" + html_escape(
                _shown("Pulling the other way", len(counters), c["counters"])) + "</p>")
            out.append('<ul class="gc-relations">' + "".join(
                relation_html(rec, r.labels) for rec in counters.to_dict("records")) + "</ul>")
        return "".join(out)


def _strain_note(change: Mapping[str, Any]) -> str:
    n = int(change["strained_triangles"])
    return f" (strained: in {n} unbalanced triangle{'s' if n != 1 else ''})" if n else ""


def _count(value: Any) -> str:
    """A frustration index: whole when it counts ties, two decimals when it sums weights."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return fmt(int(value))
    return fmt(value)


def _by_size(changes: pd.DataFrame) -> list[dict[str, Any]]:
    """The changes, largest score change first (the summary table's order)."""
    order = np.argsort(-changes["score_delta"].abs().to_numpy(), kind="stable")
    return changes.iloc[order].to_dict("records")


def _shown(label: str, shown: int, total: int) -> str:
    noun = "relation" if total == 1 else "relations"
    more = f", the {shown} strongest shown" if total > shown else ""
    return f"{label} ({total} {noun} between the dates{more}):"


def _join(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
