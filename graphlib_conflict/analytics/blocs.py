"""Blocs at a date, and who changed bloc between two dates.

A bloc is a group of actors with positive ties inside and negative ties across. Two blocs (per
connected part of the graph) come from the frustration partition
(:func:`~graphlib_conflict.analytics.balance.frustration`, exact on analyst-sized graphs); more than
two from weak-balance clustering (:func:`~graphlib_conflict.analytics.balance.weak_balance_blocs`),
which is also what chooses the number of blocs when it is not given. Only actors that choose sides
(see :mod:`~graphlib_conflict.analytics.balance`, "Who counts") and have at least one non-neutral
tie at the date are placed: an actor with no ally and no adversary belongs to no camp.

Every bloc is named after its leading member ("Turkey's bloc"), the same way in ``balance``,
``blocs``, the change report and the views, and every actor's placement is ``firm`` or
``contested`` (see :class:`~graphlib_conflict.analytics.balance.FrustrationResult`).

**A bloc switch** is a change of company, not of number: an actor present at both dates switched
when fewer than half of its bloc-mates (among the actors placed at both dates) are the same — the
Jaccard overlap of the two sets of co-members is below one half. An actor placed at only one of the
dates ``joined`` or ``left``; a bloc that kept its members under another leader is listed as
renamed, never as switches.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from typing_extensions import Unpack

from graphlib_conflict._time import resolve_period
from graphlib_conflict.analytics.alignment import AlignmentKeywords
from graphlib_conflict.analytics.balance import (
    FrustrationResult,
    Graphish,
    _frustration,
    _weak_balance,
    check_limits,
    result_notes,
)
from graphlib_conflict.analytics.signed import (
    SignedEdges,
    bloc_leaders,
    bloc_name,
    contested_moves,
    id_array,
    kbloc_error,
    signed_edges,
)
from graphlib_conflict.analytics.signed.edges import IncludeTypes
from graphlib_conflict.dates import DateLike, Day
from graphlib_conflict.exceptions import GraphlibConflictError, ParameterError
from graphlib_conflict.graph import ConflictGraph

__all__ = ["BLOC_COLUMNS", "K_SEARCH_LIMIT", "SWITCH_COLUMNS", "SWITCH_OVERLAP", "bloc_switches",
           "blocs", "switches_between"]

BLOC_COLUMNS = ("actor", "name", "bloc", "bloc_name", "bloc_size", "placement")
"""Columns of :func:`blocs`."""

SWITCH_COLUMNS = ("actor", "name", "change", "bloc_before", "bloc_after", "with_before",
                  "with_after", "overlap")
"""Columns of :func:`bloc_switches`."""

SWITCH_OVERLAP = 0.5
"""An actor switched bloc when the Jaccard overlap of its bloc-mates at the two dates is below this."""

_PARTNERS = 3

K_SEARCH_LIMIT = 400
"""Above this many actors :func:`blocs` does not search the number of blocs (weak-balance model
selection over k = 1..8 takes seconds per date there, and large event graphs rarely split cleanly
into k camps); it splits in two by the frustration partition unless ``k`` is given."""


def blocs(graph: Graphish, at: DateLike | Day | None = None, *, k: int | None = None,
          weighted: bool = False, exact_limit: int = 60, time_limit: float = 30.0,
          include_types: IncludeTypes = None,
          **params: Unpack[AlignmentKeywords]) -> pd.DataFrame:
    """The blocs at a date, named after their leading members, with each actor's placement.

    Parameters
    ----------
    graph : ConflictGraph, networkx.Graph or pandas.DataFrame
        A graph (its alignment graph at ``at`` is used), a signed graph or an alignment table.
    at : date-like, optional
        The day, for a ConflictGraph (a period means its last day); defaults to the last day of its
        window or data.
    k : int, optional
        Number of blocs. ``2`` uses the frustration partition (two sides per connected part);
        ``1`` puts everyone together; more uses weak-balance clustering. By default weak balance
        chooses (the smallest k with the fewest ties against the blocs, up to 8); when it chooses 2
        or fewer, the frustration partition is used. Above :data:`K_SEARCH_LIMIT` actors the
        default is 2.
    weighted : bool, default False
        ``False``: fewest ties against the blocs, and among equally few, the weakest (so a war
        outweighs a conference handshake when the count cannot tell). ``True``: least total
        strength (``|score|``) against the blocs.
    exact_limit, time_limit
        See :func:`~graphlib_conflict.analytics.balance.frustration`; more than two blocs are found
        exactly up to ``min(exact_limit, 30)`` actors.
    include_types : None, "all" or list of str
        Actor types considered (default: those that choose sides).
    **params
        Alignment parameters (see :class:`~graphlib_conflict.analytics.alignment.AlignmentParams`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`BLOC_COLUMNS`: ``actor``, ``name``, ``bloc`` (int, ``0..k-1``, bloc 0 the
        largest, ties broken by the leader's id), ``bloc_name`` (``"Turkey's bloc"``),
        ``bloc_size``, ``placement`` (``"firm"`` or ``"contested"``); sorted by bloc then actor.
        ``attrs``: ``at``, ``method`` (``"frustration"`` or ``"weak_balance"``), ``k``, ``error``
        (number of ties against the blocs: negative inside or positive across), ``optimal``
        (whether the partition is proven optimal for its criterion), ``splits`` (optimal splits
        seen, for two blocs), ``splits_complete`` and ``notes``.

    Raises
    ------
    DateError
        If ``at`` cannot be read.
    ParameterError
        If ``k`` is below 1.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> table = blocs(gc.load(), at="2020-02-04")
    >>> table.groupby("bloc_name", sort=False)["actor"].apply(list).to_dict()
    {"Syrian government's bloc": ['IRN', 'RUS', 'SYR_GOV'], "Turkey's bloc": ['HTS', 'SYR_OPP', 'TUR']}
    >>> table.attrs["method"], table.attrs["error"]
    ('frustration', 2)
    """
    e = signed_edges(graph, at, include_types=include_types, **params)
    frame = _blocs(e, k=k, weighted=weighted, exact_limit=exact_limit, time_limit=time_limit)
    frame.attrs["notes"] = list(result_notes(graph, e))
    return frame


def _blocs(e: SignedEdges, *, k: int | None, weighted: bool, exact_limit: int,
           time_limit: float, frustration: FrustrationResult | None = None) -> pd.DataFrame:
    """Blocs of a signed graph; ``frustration``, when given, is its two-bloc split already found
    (with the same ``weighted``)."""
    if k is not None and k < 1:
        raise ParameterError(f"k must be >= 1, got {k}")
    check_limits(exact_limit, time_limit)
    if k is None and e.n > K_SEARCH_LIMIT:
        k = 2
    splits, complete = 1, True
    if k is None:
        labels, attrs = _weak_balance(e, k=None, max_k=8, alpha=0.5, weighted=weighted,
                                      exact_limit=min(exact_limit, 30), time_limit=time_limit)
        chosen, optimal = attrs["k"], attrs["method"] == "exact"
    else:
        chosen = k
    if chosen == 2:
        result = frustration or _frustration(e, exact_limit=exact_limit, time_limit=time_limit,
                                             weighted=weighted)
        labels = np.array([result.blocs[a] for a in e.nodes.tolist()], np.int64)
        contested = np.array([result.placement[a] == "contested" for a in e.nodes.tolist()], bool)
        method, optimal = "frustration", result.optimal
        splits, complete = result.splits, result.splits_complete
    elif chosen == 1:
        labels, method, optimal = np.zeros(e.n, np.int64), "weak_balance", True
        contested = np.zeros(e.n, bool)
    else:
        method = "weak_balance"
        if k is not None:
            labels, attrs = _weak_balance(e, k=k, max_k=k, alpha=0.5, weighted=weighted,
                                          exact_limit=min(exact_limit, 30), time_limit=time_limit)
            optimal = attrs["method"] == "exact"
        contested = contested_moves(e, labels, e.costs(weighted), 0.5)
    return _bloc_frame(e, labels, contested, method=method, optimal=bool(optimal),
                       splits=splits, complete=complete)


def _bloc_frame(e: SignedEdges, labels: np.ndarray, contested: np.ndarray, *, method: str,
                optimal: bool, splits: int, complete: bool) -> pd.DataFrame:
    leaders = bloc_leaders(e, labels)
    names = [bloc_name(str(e.names[i])) for i in leaders.tolist()]
    size = np.bincount(labels, minlength=1)[labels] if e.n else np.zeros(0, np.int64)
    frame = pd.DataFrame({
        "actor": id_array(e.nodes), "name": pd.array(e.names.tolist(), dtype="str"),
        "bloc": labels.astype(np.int64),
        "bloc_name": pd.array([names[b] for b in labels.tolist()], dtype="str"),
        "bloc_size": size.astype(np.int64),
        "placement": pd.array(np.where(contested, "contested", "firm"), dtype="str"),
    })
    frame = frame.sort_values("bloc", kind="stable").reset_index(drop=True)
    frame.attrs.update({
        "at": e.at, "method": method, "k": len(np.unique(labels)),
        "error": round(kbloc_error(e, labels, np.ones(e.m), 0.5) * 2), "optimal": optimal,
        "splits": splits, "splits_complete": complete,
        "leaders": {names[b]: e.nodes[i] for b, i in enumerate(leaders.tolist())},
    })
    return frame


def bloc_switches(graph: ConflictGraph, start: DateLike | Day | None = None,
                  end: DateLike | Day | None = None, *, k: int | None = None,
                  weighted: bool = False, exact_limit: int = 60, time_limit: float = 30.0,
                  include_types: IncludeTypes = None,
                  **params: Unpack[AlignmentKeywords]) -> pd.DataFrame:
    """Who changed bloc between two dates: whose bloc-mates changed, who joined, who left.

    Parameters
    ----------
    graph : ConflictGraph
    start, end : date-like, optional
        The two days (``start`` takes the first day of a period, ``end`` the last); default the
        first and last day of the graph's window or data. The blocs of each are computed with
        :func:`blocs`.
    k : int, optional
        Number of blocs at both dates; by default chosen at each date.
    weighted, exact_limit, time_limit, include_types, **params
        As for :func:`blocs`.

    Returns
    -------
    pandas.DataFrame
        One row per actor that switched, joined or left, columns :data:`SWITCH_COLUMNS`: ``actor``,
        ``name``, ``change`` (``"switched"``, ``"joined"`` or ``"left"``), ``bloc_before``,
        ``bloc_after`` (bloc names; empty where the actor is in no bloc), ``with_before``,
        ``with_after`` (up to three members of its bloc at that date: its strongest allies there,
        or the bloc's best-connected members), ``overlap`` (Jaccard overlap of its bloc-mates at the
        two dates among actors placed at both; ``NaN`` for joined and left). Sorted by change, then
        actor. ``attrs``: ``start``, ``end`` (ISO), ``blocs_before`` and ``blocs_after`` (actor ->
        bloc name), ``method_before``, ``method_after`` and ``renamed`` (bloc name at ``start`` ->
        name at ``end`` for blocs that kept their core under another leader).

    Raises
    ------
    GraphlibConflictError
        If ``graph`` is not a ConflictGraph (two dates need the whole history).
    DateError
        If a date cannot be read, or ``end`` is not after ``start``.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> moves = bloc_switches(gc.load(), "2019-11-01", "2020-02-04")
    >>> print(moves[["actor", "change", "bloc_before", "bloc_after"]].to_string(index=False))
    actor   change   bloc_before    bloc_after
      TUR switched Russia's bloc Turkey's bloc
    """
    if not isinstance(graph, ConflictGraph):
        raise GraphlibConflictError(
            "bloc_switches needs a ConflictGraph (it computes the alignments at two dates), got "
            f"{type(graph).__name__}; hint: compare gc.blocs(...) tables of two signed graphs "
            "yourself")
    first, last = resolve_period(graph, start, end, ordered="strict")
    e0 = signed_edges(graph, first, include_types=include_types, **params)
    e1 = signed_edges(graph, last, include_types=include_types, **params)
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
    b0 = dict(zip(before["actor"], before["bloc"].tolist(), strict=True))
    b1 = dict(zip(after["actor"], after["bloc"].tolist(), strict=True))
    common = set(b0) & set(b1)
    members0 = before[before["actor"].isin(common)].groupby("bloc")["actor"].apply(set).to_dict()
    members1 = after[after["actor"].isin(common)].groupby("bloc")["actor"].apply(set).to_dict()
    rows = []
    for actor in sorted(set(b0) | set(b1), key=str):
        if actor not in b1:
            rows.append((actor, "left", np.nan))
        elif actor not in b0:
            rows.append((actor, "joined", np.nan))
        else:
            mates0 = members0.get(b0[actor], set()) - {actor}
            mates1 = members1.get(b1[actor], set()) - {actor}
            union = mates0 | mates1
            overlap = len(mates0 & mates1) / len(union) if union else 1.0
            if overlap < SWITCH_OVERLAP:
                rows.append((actor, "switched", overlap))
    order = {"switched": 0, "joined": 1, "left": 2}
    rows.sort(key=lambda r: (order[r[1]], str(r[0])))
    actors = [r[0] for r in rows]
    names0 = dict(zip(before["actor"], before["bloc_name"], strict=True))
    names1 = dict(zip(after["actor"], after["bloc_name"], strict=True))
    labels = e0.name_map() | e1.name_map()
    out = pd.DataFrame({
        "actor": id_array(np.array(actors, dtype=object)),
        "name": pd.array([labels.get(a, str(a)) for a in actors], dtype="str"),
        "change": pd.array([r[1] for r in rows], dtype="str"),
        "bloc_before": pd.array([names0.get(a, "") for a in actors], dtype="str"),
        "bloc_after": pd.array([names1.get(a, "") for a in actors], dtype="str"),
        "with_before": _partners(e0, before, actors),
        "with_after": _partners(e1, after, actors),
        "overlap": np.array([r[2] for r in rows], dtype=np.float64),
    }, columns=list(SWITCH_COLUMNS))
    out.attrs.update({
        "start": e0.at, "end": e1.at, "blocs_before": names0, "blocs_after": names1,
        "method_before": before.attrs["method"], "method_after": after.attrs["method"],
        "renamed": _renamed(before, after),
    })
    return out


def _renamed(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, str]:
    """Blocs matched across the dates by most shared members (Hungarian assignment) whose names
    differ: the same core under another leader."""
    if before.empty or after.empty:
        return {}
    common = before[["actor", "bloc", "bloc_name"]].merge(after[["actor", "bloc", "bloc_name"]],
                                                          on="actor")
    k0, k1 = int(before["bloc"].max()) + 1, int(after["bloc"].max()) + 1
    overlap = np.zeros((k0, k1), np.int64)
    np.add.at(overlap, (common["bloc_x"].to_numpy(), common["bloc_y"].to_numpy()), 1)
    rows, cols = linear_sum_assignment(-overlap)
    name0 = before.drop_duplicates("bloc").set_index("bloc")["bloc_name"]
    name1 = after.drop_duplicates("bloc").set_index("bloc")["bloc_name"]
    size0 = np.bincount(before["bloc"], minlength=k0)
    return {str(name0[r]): str(name1[c]) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
            if overlap[r, c] * 2 > size0[r] and name0[r] != name1[c]}


def _partners(e: SignedEdges, table: pd.DataFrame, actors: list[Any]) -> np.ndarray:
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
    # the first few of each group, in order (a groupby-apply of lists costs a Python call a group)
    allies: dict[Any, list[Any]] = {}
    top = ranked.groupby("source", sort=False).head(_PARTNERS)
    for source, target in zip(top["source"].tolist(), top["target"].tolist(), strict=True):
        allies.setdefault(source, []).append(target)
    strength = inside.groupby("source")["weight"].sum()
    leading = (table.assign(strength=table["actor"].map(strength).fillna(0.0))
               .sort_values(["bloc", "strength", "actor"], ascending=[True, False, True],
                            kind="stable")
               .groupby("bloc", sort=False).head(_PARTNERS + 1))  # one more: the actor may be one
    core: dict[Any, list[Any]] = {}
    for member_bloc, member in zip(leading["bloc"].tolist(), leading["actor"].tolist(), strict=True):
        core.setdefault(member_bloc, []).append(member)
    out = []
    for actor in actors:
        if actor not in bloc:
            out.append("")
            continue
        chosen = allies.get(actor) or [a for a in core[bloc[actor]] if a != actor]
        out.append(", ".join(names.get(a, str(a)) for a in chosen[:_PARTNERS]))
    return np.array(out, dtype=object)

