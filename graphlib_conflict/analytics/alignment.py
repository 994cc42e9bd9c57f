"""Alignment of actor pairs at a date: who stands with whom, and how strongly.

For every pair of actors, the **alignment score** at day *t* is

* the sum of ``sign x weight`` over the *alignment* relations active at *t* (alliance, supports,
  cooperates, opposes, fights, and coalition-implied cooperation), plus
* the sum of ``sign x weight x 0.5 ** (age / half_life)`` over the *interactions* (meets, agrees,
  aids, demands, accuses, threatens, attacks, clashes, ...) of the last ``lookback`` days, where *age*
  is the number of days from the interaction's last possible day to *t*.

The positive and negative parts are kept apart, so a pair can be seen to pull both ways at once. The
**status** of a pair is

* ``mixed`` when both parts are strong (each at least ``strong``) and comparable (the smaller is at
  least ``mixed_ratio`` of the larger) — Russia and Turkey in February 2020;
* otherwise ``ally`` when the score is at least ``threshold``, ``adversary`` when it is at most
  ``-threshold``, and ``neutral`` in between.

With ``roll_up=True`` (the default) forces, factions and spokespeople count for the actor they are
``part_of`` or ``represent`` (transitively, as of *t*): an attack by Syrian government forces on Turkish
troops is an attack of the Syrian government on Turkey. Structural relations carry no sign.

**Many-party events.** A conference, a summit or a round of talks is not a bilateral meeting: two
enemies who attend the same conference do not become allies. Write it as an actor of type ``event``
and give each participant an ``attends`` relation to it (a dated structural relation): it is kept
with its evidence, shown in the views, and carries no sign, so it aligns the attendees neither with
the event nor with each other. A bilateral ``meets`` still counts (weight 0.3, decaying); the
validator warns when one actor ``meets`` three or more others on the same day, which is how a
conference written as meetings looks. See ``docs/alignment.md``.

Everything is vectorised: a date mask over the relations, then one ``groupby`` over integer pair codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal, TypedDict

import networkx as nx
import numpy as np
import pandas as pd
from typing_extensions import Unpack

from graphlib_conflict._time import resolve_day
from graphlib_conflict.dates import (
    DAY_MAX,
    DAY_MIN,
    DateLike,
    Day,
    day_to_iso,
    timestamps_to_days,
)
from graphlib_conflict.exceptions import ParameterError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.problems import did_you_mean

__all__ = [
    "ALIGNMENT_COLUMNS",
    "STATUSES",
    "AlignmentKeywords",
    "AlignmentParams",
    "actor_parents",
    "alignment",
    "alignment_graph",
    "contributions",
    "counted",
]

Status = Literal["ally", "adversary", "mixed", "neutral"]
STATUSES: tuple[Status, ...] = ("ally", "adversary", "mixed", "neutral")
"""The four alignment statuses."""

ALIGNMENT_COLUMNS = ("source", "target", "score", "positive", "negative", "durable", "recent",
                     "relations", "status")
"""Columns of :func:`alignment`'s table."""

ROLL_UP_TYPES = ("part_of", "represents")
"""Structural types along which actors roll up to the actor they belong to or speak for."""


class AlignmentKeywords(TypedDict, total=False):
    """The alignment parameters as keywords: what every analytic, plot and view accepts (see
    :class:`AlignmentParams` for their meaning and defaults)."""

    half_life: float
    lookback: int
    threshold: float
    strong: float
    mixed_ratio: float
    roll_up: bool
    coalition_ties: bool | None


@dataclass(frozen=True)
class AlignmentParams:
    """The parameters of the alignment score, with their defaults.

    Every function that scores alignment takes them **as keywords** (``half_life=60``,
    ``roll_up=False``, ...; see :class:`AlignmentKeywords`), the same names everywhere; this class
    holds them once read and checked.

    Attributes
    ----------
    half_life : float, default 30
        Days after which an interaction counts half.
    lookback : int, default 180
        Interactions older than this many days are ignored.
    threshold : float, default 0.1
        Least absolute score for ``ally``/``adversary``; below it a pair is ``neutral``.
    strong : float, default 0.4
        Least size of each part for a pair to be ``mixed``.
    mixed_ratio : float, default 0.25
        Least ratio of the smaller part to the larger for a pair to be ``mixed``.
    roll_up : bool, default True
        Count forces, factions and spokespeople for the actor they are part of or represent.
    coalition_ties : bool or None, default None
        Count coalition-implied cooperation; ``None`` follows the graph's setting.

    Raises
    ------
    ParameterError
        If a value is out of range.
    """

    half_life: float = 30.0
    lookback: int = 180
    threshold: float = 0.1
    strong: float = 0.4
    mixed_ratio: float = 0.25
    roll_up: bool = True
    coalition_ties: bool | None = None

    def __post_init__(self) -> None:
        problems = []
        if not self.half_life > 0:
            problems.append(f"half_life must be > 0 days, got {self.half_life}")
        if self.lookback < 0:
            problems.append(f"lookback must be >= 0 days, got {self.lookback}")
        if self.threshold < 0 or self.strong < 0:
            problems.append(f"threshold and strong must be >= 0, got {self.threshold} and "
                            f"{self.strong}")
        if not 0 <= self.mixed_ratio <= 1:
            problems.append(f"mixed_ratio must be in [0, 1], got {self.mixed_ratio}")
        if problems:
            raise ParameterError("; ".join(problems))

    @classmethod
    def from_keywords(cls, params: Mapping[str, Any]) -> AlignmentParams:
        """Read alignment parameters given as keywords, naming any unknown one.

        Examples
        --------
        >>> AlignmentParams.from_keywords({"half_life": 60}).half_life
        60.0
        >>> AlignmentParams.from_keywords({"halflife": 60})
        Traceback (most recent call last):
        ...
        graphlib_conflict.exceptions.ParameterError: unknown alignment parameter 'halflife' — ...
        """
        names = [f.name for f in fields(cls)]
        unknown = [k for k in params if k not in names]
        if unknown:
            hints = [did_you_mean(k, names) for k in unknown]
            raise ParameterError("; ".join(
                f"unknown alignment parameter {k!r}" + (f" — {h}" if h else
                                                         f" (known: {', '.join(names)})")
                for k, h in zip(unknown, hints, strict=True)))
        values = dict(params)
        if "half_life" in values:
            values["half_life"] = float(values["half_life"])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The parameters as plain data."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def counted(t0: np.ndarray, t1: np.ndarray, durable: np.ndarray, interaction: np.ndarray,
            days: np.ndarray | int, params: AlignmentParams) -> tuple[np.ndarray, np.ndarray]:
    """Which relations count on which days, and by how much: the one decay and look-back rule.

    A durable relation counts 1 on every day it is active; an interaction counts
    ``0.5 ** (age / half_life)`` from its first day until ``lookback`` days after its last, where
    ``age`` is the number of days since its last possible day (0 while it is still going on).

    Parameters
    ----------
    t0, t1 : numpy.ndarray
        First and last day of each relation (day numbers, open ends as the sentinels).
    durable, interaction : numpy.ndarray of bool
        The relations of each kind (structural ones are neither).
    days : int or numpy.ndarray
        One day, or a column of days (shape ``(k, 1)``) to get ``(k, n)`` answers.

    Returns
    -------
    counts : numpy.ndarray of bool
    factor : numpy.ndarray of float
        1 for active durable relations, the decay for counted interactions, 0 elsewhere.

    Examples
    --------
    >>> import numpy as np
    >>> c, f = counted(np.array([0, 0]), np.array([0, 0]), np.array([False, False]),
    ...                np.array([True, True]), np.array([[30], [400]]), AlignmentParams())
    >>> c[:, 0].tolist(), [round(float(x), 2) for x in f[:, 0]]
    ([True, False], [0.5, 0.0])
    """
    active_durable = durable & (t0 <= days) & (t1 >= days)
    age = np.where(t1 == DAY_MAX, 0, days - np.minimum(t1, days))
    recent = interaction & (t0 <= days) & (age <= params.lookback)
    factor = np.where(active_durable, 1.0, np.where(recent, 0.5 ** (age / params.half_life), 0.0))
    return active_durable | recent, factor


def actor_parents(graph: ConflictGraph, at: DateLike | Day | None = None) -> pd.Series:
    """The top-level actor each actor rolls up to at a date.

    Follows ``part_of`` and ``represents`` relations active at the date, transitively (a spokesperson
    of a ministry that is part of a state rolls up to the state). An actor with several parents takes
    the first stated. Cycles are broken (the actor stays itself).

    Returns
    -------
    pandas.Series
        Indexed by actor id, values the id it rolls up to (itself when it has no parent).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> parents = actor_parents(gc.load(), at="2020-02-04")
    >>> parents["SYR_MIL"], parents["CAVUSOGLU"], parents["TUR"]
    ('SYR_GOV', 'TUR', 'TUR')
    """
    day = resolve_day(graph, at)
    rel = graph.relations
    t0, t1 = graph.relation_days
    active = (t0 <= day) & (t1 >= day) & rel["type"].isin(ROLL_UP_TYPES).to_numpy()
    links = rel.loc[active, ["source", "target"]].drop_duplicates("source")
    ids = graph.actors["id"]
    parent = pd.Series(ids.to_numpy(), index=ids.to_numpy(), dtype="str")
    if links.empty:
        return parent
    step = pd.Series(links["target"].to_numpy(), index=links["source"].to_numpy())
    parent.loc[step.index] = step.to_numpy()
    for _ in range(len(ids)):
        nxt = parent.map(parent)
        if nxt.equals(parent):
            break
        parent = nxt
    # a cycle never settles: keep such actors as themselves
    settled = parent.map(parent) == parent
    return parent.where(settled, pd.Series(parent.index, index=parent.index))


def _parent_codes(graph: ConflictGraph, day: Day) -> np.ndarray:
    """For each actor (by position in ``graph.actors``), the position of the actor it rolls up to."""
    parents = actor_parents(graph, day)
    return pd.Index(graph.actors["id"]).get_indexer(parents.to_numpy())


def _kept_rows(t0: np.ndarray, t1: np.ndarray, category: pd.Series, day: int,
               p: AlignmentParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows that count at ``day`` (see :func:`counted`) with their decay and age in days."""
    durable = (category == "alignment").to_numpy(dtype=bool)
    counts, factor = counted(t0, t1, durable, (category == "interaction").to_numpy(dtype=bool),
                             day, p)
    rows = np.flatnonzero(counts)
    age = np.where(durable[rows] | (t1[rows] == DAY_MAX), 0, day - np.minimum(t1[rows], day))
    return rows, factor[rows], age


def contributions(graph: ConflictGraph, at: DateLike | Day | None = None,
                  params: AlignmentParams | None = None) -> pd.DataFrame:
    """Every relation that counts towards an alignment at a date, with what it adds.

    Returns
    -------
    pandas.DataFrame
        The relation's ``id``, ``type``, ``category``, ``source``, ``target`` (after roll-up),
        ``stated_source``, ``stated_target``, ``a``/``b`` (the pair, ``a < b``), ``value`` (signed
        contribution after decay), ``decay`` (1 for durable relations), ``age`` (days), ``evidence``
        and ``implied_by``.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> parts = contributions(gc.load(), "2020-02-04")
    >>> attack = parts[parts["id"] == "syr_mil-attacks-tur_mil-2020-02-03"].iloc[0]
    >>> attack["a"], attack["b"], attack["age"], round(attack["value"], 3)
    ('SYR_GOV', 'TUR', np.int64(1), np.float64(-0.977))
    """
    p = params or AlignmentParams()
    day = resolve_day(graph, at)
    implied = graph.coalition_ties if p.coalition_ties is None else p.coalition_ties
    ids = graph.actors["id"]
    index = pd.Index(ids)
    tables = [(graph.relations, *graph.relation_days)]
    if implied and not graph.implied_relations.empty:
        extra = graph.implied_relations
        tables.append((extra, timestamps_to_days(extra["valid_from"], DAY_MIN),
                       timestamps_to_days(extra["valid_to"], DAY_MAX)))
    pieces = []
    for table, t0, t1 in tables:
        rows, decay, age = _kept_rows(t0, t1, table["category"], day, p)
        sub = table.iloc[rows]
        stated_s = index.get_indexer(sub["source"])
        stated_t = index.get_indexer(sub["target"])
        pieces.append((sub, decay, age, stated_s, stated_t))
    sub = pd.concat([piece[0] for piece in pieces], ignore_index=True) if len(pieces) > 1 \
        else pieces[0][0].reset_index(drop=True)
    decay = np.concatenate([piece[1] for piece in pieces])
    age = np.concatenate([piece[2] for piece in pieces])
    stated_s = np.concatenate([piece[3] for piece in pieces])
    stated_t = np.concatenate([piece[4] for piece in pieces])
    if p.roll_up:
        parent = _parent_codes(graph, day)
        source, target = parent[stated_s], parent[stated_t]
    else:
        source, target = stated_s, stated_t
    value = sub["sign"].to_numpy(dtype="float64") * sub["weight"].to_numpy(dtype="float64") * decay
    keep = source != target
    a, b = np.minimum(source, target)[keep], np.maximum(source, target)[keep]
    # ids by position: positions follow the actors table, so compare ids, not positions, for a < b
    swap = ids.to_numpy(dtype=object)[a] > ids.to_numpy(dtype=object)[b]
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    names = ids.reset_index(drop=True)
    kept = sub[keep].reset_index(drop=True)
    implied_by = (kept["implied_by"] if "implied_by" in kept.columns
                  else pd.Series(np.nan, index=kept.index, dtype="str"))
    return pd.DataFrame({
        "id": kept["id"], "type": kept["type"], "category": kept["category"],
        "stated_source": kept["source"], "stated_target": kept["target"],
        "evidence": kept["evidence"], "implied_by": implied_by,
        "source": names.take(source[keep]).reset_index(drop=True),
        "target": names.take(target[keep]).reset_index(drop=True),
        "value": value[keep], "decay": decay[keep], "age": age[keep],
        "a": names.take(a).reset_index(drop=True), "b": names.take(b).reset_index(drop=True),
    })


def alignment(graph: ConflictGraph, at: DateLike | Day | None = None,
              **params: Unpack[AlignmentKeywords]) -> pd.DataFrame:
    """The alignment of every pair of actors with something between them at a date.

    Parameters
    ----------
    graph : ConflictGraph
        The whole graph or a slice (a slice only has the interactions inside its window).
    at : date-like, optional
        The day (a period means its last day); defaults to the last day of the graph's window, or
        of its data. Any day works, inside the data or after it.
    **params
        Alignment parameters: ``half_life``, ``lookback``, ``threshold``, ``strong``,
        ``mixed_ratio``, ``roll_up``, ``coalition_ties`` (see :class:`AlignmentParams`).

    Returns
    -------
    pandas.DataFrame
        One row per pair (``source < target``), sorted by descending ``|score|``, columns
        :data:`ALIGNMENT_COLUMNS`: ``score`` (net), ``positive`` and ``negative`` (sizes of the two
        parts, both >= 0), ``durable`` and ``recent`` (net parts from alignment relations and from
        decayed interactions), ``relations`` (how many relations count), ``status`` (one of
        :data:`STATUSES`). ``attrs["at"]`` holds the day (ISO text) and ``attrs["params"]`` the
        parameters.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> table = gc.alignment(gc.load(), at="2020-02-04").set_index(["source", "target"])
    >>> table.loc[("RUS", "TUR"), "status"], table.loc[("SYR_GOV", "TUR"), "status"]
    ('mixed', 'adversary')
    >>> gc.alignment(gc.load(), at="2019-11-01").set_index(["source", "target"]).loc[
    ...     ("RUS", "TUR"), "status"]
    'ally'
    """
    p = AlignmentParams.from_keywords(params)
    day = resolve_day(graph, at)
    table = summarize_pairs(contributions(graph, day, p), p)
    table.attrs["at"] = day_to_iso(day)
    table.attrs["params"] = p
    return table


def summarize_pairs(parts: pd.DataFrame, params: AlignmentParams) -> pd.DataFrame:
    """Pair rows from :func:`contributions`: sums per pair over integer pair codes."""
    if parts.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            ALIGNMENT_COLUMNS,
            ("str", "str", "float64", "float64", "float64", "float64", "float64", "int64", "str"),
            strict=True)})
    value = parts["value"].to_numpy(dtype="float64")
    durable = (parts["category"] == "alignment").to_numpy(dtype=bool)
    code_a, ids_a = pd.factorize(parts["a"])
    code_b, ids_b = pd.factorize(parts["b"])
    pair, first = np.unique(code_a.astype(np.int64) * len(ids_b) + code_b, return_inverse=True)
    n = len(pair)

    def total(weights: np.ndarray) -> np.ndarray:
        return np.bincount(first, weights=weights, minlength=n)

    positive = total(np.where(value > 0, value, 0.0))
    negative = total(np.where(value < 0, -value, 0.0))
    table = pd.DataFrame({
        "source": pd.Series(ids_a).take(pair // len(ids_b)).to_numpy(),
        "target": pd.Series(ids_b).take(pair % len(ids_b)).to_numpy(),
        "score": positive - negative, "positive": positive, "negative": negative,
        "durable": total(np.where(durable, value, 0.0)),
        "recent": total(np.where(durable, 0.0, value)),
        "relations": np.bincount(first, minlength=n).astype(np.int64),
    })
    table["source"] = table["source"].astype("str")
    table["target"] = table["target"].astype("str")
    table["status"] = pd.array(classify(positive, negative, params), dtype="str")
    table["strength"] = -table["score"].abs()
    table = table.sort_values(["strength", "source", "target"], kind="stable")
    return table[list(ALIGNMENT_COLUMNS)].reset_index(drop=True)


def classify(positive: np.ndarray, negative: np.ndarray, params: AlignmentParams) -> np.ndarray:
    """Status of pairs from their positive and negative parts (vectorised).

    Examples
    --------
    >>> import numpy as np
    >>> classify(np.array([1.5, 1.0, 0.0, 0.05]), np.array([1.0, 0.0, 0.8, 0.0]),
    ...          AlignmentParams()).tolist()
    ['mixed', 'ally', 'adversary', 'neutral']
    """
    score = positive - negative
    larger = np.maximum(positive, negative)
    smaller = np.minimum(positive, negative)
    with np.errstate(invalid="ignore", divide="ignore"):
        comparable = np.where(larger > 0, smaller / larger, 0.0) >= params.mixed_ratio
    mixed = (positive >= params.strong) & (negative >= params.strong) & comparable
    status = np.where(score >= params.threshold, "ally",
                      np.where(score <= -params.threshold, "adversary", "neutral"))
    return np.where(mixed, "mixed", status).astype(object)


def alignment_graph(graph: ConflictGraph | pd.DataFrame, at: DateLike | Day | None = None, *,
                    include_neutral: bool = False,
                    **params: Unpack[AlignmentKeywords]) -> nx.Graph:
    """The signed graph of alignments: what balance, blocs and change reports analyse.

    Parameters
    ----------
    graph : ConflictGraph or pandas.DataFrame
        A graph (alignment is computed with ``at`` and ``params``) or a table from :func:`alignment`.
    at : date-like, optional
    include_neutral : bool, default False
        Keep neutral pairs (with ``sign`` 0).
    **params
        Passed to :func:`alignment`.

    Returns
    -------
    networkx.Graph
        Undirected; an edge per non-neutral pair with ``sign`` (+1/-1, the sign of the net score,
        so a ``mixed`` pair counts by its balance of forces), ``weight`` (``|score|``), ``score``,
        ``positive``, ``negative`` and ``status``. Nodes are the actors in some pair (with their
        ``name`` and ``type`` when a ConflictGraph was given). ``G.graph["at"]`` holds the day.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> G = gc.alignment_graph(gc.load(), at="2020-02-04")
    >>> G["RUS"]["TUR"]["sign"], G["RUS"]["TUR"]["status"], G["SYR_GOV"]["TUR"]["sign"]
    (1, 'mixed', -1)
    """
    table = graph if isinstance(graph, pd.DataFrame) else alignment(graph, at, **params)
    if not include_neutral:
        table = table[table["status"] != "neutral"]
    G = nx.Graph(at=table.attrs.get("at"))
    signs = np.sign(table["score"].to_numpy()).astype(int)
    G.add_edges_from(
        (s, t, {"sign": int(sign), "weight": float(abs(score)), "score": float(score),
                "positive": float(pos), "negative": float(neg), "status": status})
        for s, t, sign, score, pos, neg, status in zip(
            table["source"], table["target"], signs, table["score"], table["positive"],
            table["negative"], table["status"], strict=True)
    )
    if not isinstance(graph, pd.DataFrame):
        actors = graph.actors[graph.actors["id"].isin(list(G))]
        nx.set_node_attributes(G, {a: {"name": n, "type": t} for a, n, t in zip(
            actors["id"], actors["name"], actors["type"], strict=True)})
    return G
