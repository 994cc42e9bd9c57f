"""Blocs at a date, and who changed bloc between two dates.

A bloc is a group of actors with positive ties inside and negative ties across. Two blocs come from
the frustration partition (:func:`~graphlib_conflict.analytics.balance.frustration`, exact on
analyst-sized graphs); more than two from weak-balance clustering
(:func:`~graphlib_conflict.analytics.balance.weak_balance_blocs`), which is also what chooses the
number of blocs when it is not given. Only actors with at least one non-neutral tie at the date
are assigned to a bloc: an actor with no ally and no adversary belongs to no camp.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from graphlib_conflict.analytics._signed import (
    SignedEdges,
    id_array,
    kbloc_error,
    order_labels,
    signed_edges,
)
from graphlib_conflict.analytics.balance import (
    FrustrationResult,
    _check_limits,
    _frustration,
    _weak_balance,
)
from graphlib_conflict.dates import DateLike
from graphlib_conflict.exceptions import GraphlibConflictError
from graphlib_conflict.graph import ConflictGraph

__all__ = ["BLOC_COLUMNS", "K_SEARCH_LIMIT", "SWITCH_COLUMNS", "bloc_switches", "blocs", "switches_between"]

BLOC_COLUMNS = ("actor", "name", "bloc", "bloc_size")
"""Columns of :func:`blocs`."""

SWITCH_COLUMNS = ("actor", "name", "bloc_before", "bloc_after", "with_before", "with_after",
                  "change")
"""Columns of :func:`bloc_switches`."""

_PARTNERS = 3

K_SEARCH_LIMIT = 400
"""Above this many actors :func:`blocs` does not search the number of blocs (weak-balance model
selection over k = 1..8 takes seconds per date there, and large event graphs rarely split cleanly
into k camps); it splits in two by the frustration partition unless ``k`` is given."""


def blocs(graph: ConflictGraph | nx.Graph | pd.DataFrame, *, at: DateLike | None = None,
          k: int | None = None, weighted: bool = False, exact_limit: int = 60,
          time_limit: float = 30.0, **params: Any) -> pd.DataFrame:
    """The blocs at a date.

    Parameters
    ----------
    graph : ConflictGraph, networkx.Graph or pandas.DataFrame
        A graph (its alignment graph at ``at`` is used), a signed graph or an alignment table.
    at : date-like, optional
        The day, for a ConflictGraph; defaults to the last day of its window or data.
    k : int, optional
        Number of blocs. ``2`` uses the frustration partition; ``1`` puts everyone together; more
        uses weak-balance clustering. By default weak balance chooses (the smallest k with the
        fewest ties against the blocs, up to 8); when it chooses 2 or fewer, the frustration
        partition is used. Above :data:`K_SEARCH_LIMIT` actors the default is 2.
    weighted : bool, default False
        ``False``: fewest ties against the blocs, and among equally few, the weakest (so a strong
        alliance outweighs a passing accusation when the count cannot tell). ``True``: least total
        strength (``|score|``) against the blocs.
    exact_limit, time_limit
        See :func:`~graphlib_conflict.analytics.balance.frustration`; more than two blocs are found
        exactly up to ``min(exact_limit, 30)`` actors (see
        :func:`~graphlib_conflict.analytics.balance.weak_balance_blocs`).
    **params
        Alignment parameters (see :class:`~graphlib_conflict.analytics.alignment.AlignmentParams`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`BLOC_COLUMNS`: ``actor``, ``name``, ``bloc`` (int, ``0..k-1``, bloc 0 the
        largest, ties broken by the smallest actor id), ``bloc_size``; sorted by bloc then actor.
        Only actors with at least one non-neutral tie are present. ``attrs``: ``at``, ``method``
        (``"frustration"`` or ``"weak_balance"``), ``k``, ``error`` (number of ties against the
        blocs: negative inside or positive across) and ``optimal`` (whether the partition is
        proven optimal for its criterion).

    Raises
    ------
    DateError
        If ``at`` cannot be read.
    ValueError
        If ``k`` is below 1.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> table = blocs(gc.load(), at="2020-02-04")
    >>> table.groupby("bloc")["actor"].apply(list).tolist()
    [['HTS', 'IDLIB_IDP', 'SYR_OPP', 'TUR'], ['IRN', 'RUS', 'SYR_GOV']]
    >>> table.attrs["method"], table.attrs["error"]
    ('frustration', 2)
    """
    e = signed_edges(graph, at=at, **params)
    return _blocs(e, k=k, weighted=weighted, exact_limit=exact_limit, time_limit=time_limit)


def _blocs(e: SignedEdges, *, k: int | None, weighted: bool, exact_limit: int,
           time_limit: float, frustration: FrustrationResult | None = None) -> pd.DataFrame:
    """Blocs of a signed graph; ``frustration``, when given, is its two-bloc split already found
    (with the same ``weighted``)."""
    if k is not None and k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    _check_limits(exact_limit, time_limit)
    if k is None and e.n > K_SEARCH_LIMIT:
        k = 2
    if k is None:
        labels, attrs = _weak_balance(e, k=None, max_k=8, alpha=0.5, weighted=weighted,
                                      exact_limit=min(exact_limit, 30), time_limit=time_limit)
        chosen, optimal = attrs["k"], attrs["method"] == "exact"
    else:
        chosen = k
    if chosen == 2:
        result = frustration or _frustration(e, exact_limit=exact_limit, time_limit=time_limit,
                                             weighted=weighted)
        labels = order_labels(np.array(list(result.blocs.values()), np.int64))
        method, optimal = "frustration", result.optimal
    elif chosen == 1:
        labels, method, optimal = np.zeros(e.n, np.int64), "weak_balance", True
    else:
        method = "weak_balance"
        if k is not None:
            labels, attrs = _weak_balance(e, k=k, max_k=k, alpha=0.5, weighted=weighted,
                                          exact_limit=min(exact_limit, 30), time_limit=time_limit)
            optimal = attrs["method"] == "exact"
    size = np.bincount(labels, minlength=1)[labels] if e.n else np.zeros(0, np.int64)
    frame = pd.DataFrame({"actor": id_array(e.nodes), "name": pd.array(e.names.tolist(),
                                                                         dtype="str"),
                          "bloc": labels.astype(np.int64), "bloc_size": size.astype(np.int64)})
    frame = frame.sort_values("bloc", kind="stable").reset_index(drop=True)
    frame.attrs.update({
        "at": e.at, "method": method, "k": len(np.unique(labels)),
        "error": round(kbloc_error(e, labels, np.ones(e.m), 0.5) * 2), "optimal": bool(optimal),
    })
    return frame


def bloc_switches(graph: ConflictGraph, start: DateLike, end: DateLike, *, k: int | None = None,
                  weighted: bool = False, exact_limit: int = 60, time_limit: float = 30.0,
                  **params: Any) -> pd.DataFrame:
    """Who changed bloc between two dates.

    The blocs of ``end`` are matched to those of ``start`` by maximum overlap (Hungarian assignment,
    ``scipy.optimize.linear_sum_assignment``), so a switch is a real move and not a relabelling; a
    bloc of ``end`` that overlaps none of ``start`` gets a new number.

    Parameters
    ----------
    graph : ConflictGraph
    start, end : date-like
        The two days (the blocs of each are computed with :func:`blocs`).
    k : int, optional
        Number of blocs at both dates; by default chosen at each date.
    weighted, exact_limit, time_limit, **params
        As for :func:`blocs`.

    Returns
    -------
    pandas.DataFrame
        One row per actor whose bloc differs, columns :data:`SWITCH_COLUMNS`: ``actor``, ``name``,
        ``bloc_before``, ``bloc_after`` (nullable ``Int64``: missing for an actor in no bloc at that
        date), ``with_before``, ``with_after`` (up to three actors of its bloc at that date,
        comma-separated names: its strongest allies there, or, if it has no ally inside, the
        bloc's best-connected members; empty when absent), ``change`` (``"switched"``, ``"joined"``
        or ``"left"``). Sorted by change, then actor. ``attrs``: ``start``, ``end`` (ISO),
        ``blocs_before`` and ``blocs_after`` (actor -> bloc at each date, after matching),
        ``method_before``, ``method_after`` (see :func:`blocs`) and ``relabelled`` (bloc number at
        ``end`` as computed -> matched number).

    Raises
    ------
    GraphlibConflictError
        If ``graph`` is not a ConflictGraph (two dates need the whole history).
    DateError
        If a date cannot be read.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> moves = bloc_switches(gc.load(), "2019-11-01", "2020-02-04")
    >>> print(moves[["actor", "bloc_before", "bloc_after", "change"]].to_string(index=False))
        actor  bloc_before  bloc_after   change
          TUR            0           1 switched
    IDLIB_IDP         <NA>           1   joined
    """
    if isinstance(graph, (nx.Graph, pd.DataFrame)) or not hasattr(graph, "relations"):
        raise GraphlibConflictError(
            "bloc_switches needs a ConflictGraph (it computes the alignments at two dates), got "
            f"{type(graph).__name__}; hint: compare gc.blocs(...) tables of two signed graphs "
            "yourself")
    e0 = signed_edges(graph, at=start, **params)
    e1 = signed_edges(graph, at=end, **params)
    return switches_between(e0, e1, k=k, weighted=weighted, exact_limit=exact_limit,
                            time_limit=time_limit)


def switches_between(e0: SignedEdges, e1: SignedEdges, *, k: int | None = None,
                     weighted: bool = False, exact_limit: int = 60, time_limit: float = 30.0,
                     frustrations: tuple[FrustrationResult | None, FrustrationResult | None] = (
                         None, None)) -> pd.DataFrame:
    """:func:`bloc_switches` on two signed graphs already built, reusing their two-bloc splits
    where given (the report has them from the balance at both dates)."""
    before = _blocs(e0, k=k, weighted=weighted, exact_limit=exact_limit, time_limit=time_limit,
                    frustration=frustrations[0])
    after = _blocs(e1, k=k, weighted=weighted, exact_limit=exact_limit, time_limit=time_limit,
                   frustration=frustrations[1])
    relabel = _match(before, after)
    after = after.assign(bloc=after["bloc"].map(relabel).astype(np.int64))
    merged = before[["actor", "name", "bloc"]].merge(
        after[["actor", "name", "bloc"]], on="actor", how="outer", suffixes=("_before", "_after"))
    merged["name"] = merged["name_after"].fillna(merged["name_before"])
    for column in ("bloc_before", "bloc_after"):
        merged[column] = merged[column].astype("Int64")
    moved = merged[(merged["bloc_before"] != merged["bloc_after"]).fillna(True)].copy()
    moved["change"] = np.where(moved["bloc_before"].isna(), "joined",
                               np.where(moved["bloc_after"].isna(), "left", "switched"))
    moved["with_before"] = _partners(e0, before, moved["actor"])
    moved["with_after"] = _partners(e1, after, moved["actor"])
    order = {"switched": 0, "joined": 1, "left": 2}
    moved = moved.sort_values(["change", "actor"], key=lambda s: s.map(order) if s.name == "change"
                              else s, kind="stable")
    out = moved[list(SWITCH_COLUMNS)].reset_index(drop=True)
    out["change"] = out["change"].astype("str")
    out.attrs.update({
        "start": e0.at, "end": e1.at,
        "blocs_before": dict(zip(before["actor"], before["bloc"].tolist(), strict=True)),
        "blocs_after": dict(zip(after["actor"], after["bloc"].tolist(), strict=True)),
        "method_before": before.attrs["method"], "method_after": after.attrs["method"],
        "relabelled": relabel})
    return out


def _match(before: pd.DataFrame, after: pd.DataFrame) -> dict[int, int]:
    """Bloc number at the later date -> number at the earlier one, by maximum overlap; unmatched
    (or overlapping no one) later blocs get numbers after the earlier ones, in their order."""
    k0 = int(before["bloc"].max()) + 1 if len(before) else 0
    k1 = int(after["bloc"].max()) + 1 if len(after) else 0
    common = before[["actor", "bloc"]].merge(after[["actor", "bloc"]], on="actor")
    overlap = np.zeros((k0, k1), np.int64)
    np.add.at(overlap, (common["bloc_x"].to_numpy(), common["bloc_y"].to_numpy()), 1)
    rows, cols = linear_sum_assignment(-overlap) if k0 and k1 else (np.zeros(0, int),) * 2
    mapping = {int(c): int(r) for r, c in zip(rows, cols, strict=True) if overlap[r, c] > 0}
    fresh = iter(range(k0, k0 + k1))
    return {b: mapping[b] if b in mapping else next(fresh) for b in range(k1)}


def _partners(e: SignedEdges, table: pd.DataFrame, actors: pd.Series) -> np.ndarray:
    """For each actor, up to three members of its bloc (names, comma-separated): its strongest
    positive ties inside the bloc; without one, the bloc members with the most positive weight
    inside it. Empty where the actor is in no bloc."""
    bloc = dict(zip(table["actor"], table["bloc"], strict=True))
    names = e.name_map()
    ties = e.frame()
    ties = ties[ties["sign"] > 0]
    both = pd.concat([ties[["source", "target", "weight"]],
                      ties.rename(columns={"source": "target", "target": "source"})[
                          ["source", "target", "weight"]]], ignore_index=True)
    inside = both[both["source"].map(bloc) == both["target"].map(bloc)]
    ranked = inside.sort_values(["source", "weight", "target"], ascending=[True, False, True],
                                kind="stable")
    allies = ranked.groupby("source", sort=False)["target"].apply(list).to_dict()
    strength = inside.groupby("source")["weight"].sum()
    core = (table.assign(strength=table["actor"].map(strength).fillna(0.0))
            .sort_values(["bloc", "strength", "actor"], ascending=[True, False, True],
                         kind="stable")
            .groupby("bloc")["actor"].apply(list).to_dict())
    out = []
    for actor in actors.tolist():
        if actor not in bloc:
            out.append("")
            continue
        chosen = allies.get(actor) or [a for a in core[bloc[actor]] if a != actor]
        out.append(", ".join(names.get(a, str(a)) for a in chosen[:_PARTNERS]))
    return np.array(out, dtype=object)
