"""Structural balance of the alignment graph: signed triangles, the partnerships under strain, the
frustration index with the two blocs that achieve it, and k-bloc (weak balance) clustering.

A triangle of actors is **balanced** when the product of its three signs is positive: three allies
(``+++``), or two allies with a common enemy (``+--``). It is **unbalanced** with one enmity among
allies (``++-``: Russia and Turkey partners while Turkey fights Russia's client) or three mutual
enmities (``---``, unbalanced for Heider and Cartwright & Harary, acceptable under Davis's *weak*
balance). A positive tie inside unbalanced triangles is a partnership **under strain**.

The **frustration index** is the least number of ties (or least total weight) whose sign must change
— equivalently, that must be removed — for the whole graph to split into two blocs with only
positive ties inside and only negative ties between (Harary; Aref & Wilson 2018). It is computed
exactly for graphs whose biconnected blocks have at most ``exact_limit`` actors, by integer
programming (SciPy's HiGHS), and otherwise by a stated heuristic with a lower bound.

Every function accepts a :class:`~graphlib_conflict.ConflictGraph` (the alignment graph is computed
at ``at`` with the given alignment parameters, see
:class:`~graphlib_conflict.analytics.alignment.AlignmentParams`), a signed ``networkx.Graph`` (edges
with a ``sign``; ``weight``, ``score``, ``status`` and node ``name`` are used where present) or an
alignment table from :func:`~graphlib_conflict.analytics.alignment.alignment`.

**Who counts.** Balance is about actors that choose sides. For a ConflictGraph, actors whose type is
not strategic (civilian populations and media, ``strategic: false`` in the vocabulary) are left out
of triangles, blocs, strain and frustration by default, and the result says who was left out;
``include_types="all"`` (``--include all`` on the command line) brings them back, or name the types
to keep. Alignment tables and views still show every actor.

**Blocs.** The two-bloc split minimises the number of ties against it and, among splits that
violate equally few ties, the total weight of those ties (so a conference handshake gives way before
a war). Each actor's placement is **firm** when every optimal split puts it on the same side as its
part of the graph's anchor (the actor with the most tie strength), and **contested** when optimal
splits disagree; the number of optimal splits seen is reported. Blocs are named by their leading
member (see :mod:`~graphlib_conflict.analytics.signed.labels`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd
from typing_extensions import Unpack

from graphlib_conflict._time import coverage_note
from graphlib_conflict.analytics.alignment import AlignmentKeywords
from graphlib_conflict.analytics.signed import (
    SignedEdges,
    census_counts,
    frustration_partition,
    id_array,
    iter_triangles,
    kbloc_error,
    kbloc_partition,
    signed_edges,
    triangle_arrays,
)
from graphlib_conflict.analytics.signed.edges import IncludeTypes
from graphlib_conflict.analytics.signed.kblocs import contested_moves
from graphlib_conflict.analytics.signed.labels import (
    bloc_leaders,
    bloc_name,
    labels_from_sides,
    ordered_labels,
)
from graphlib_conflict.dates import DateLike, Day
from graphlib_conflict.exceptions import ParameterError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.render import Doc, Result, balance_document, frustration_document, plain

__all__ = [
    "CENSUS_KEYS",
    "DEFAULT_TIME_LIMIT",
    "EXACT_TIME_LIMIT",
    "STRAINED_COLUMNS",
    "TRIANGLE_COLUMNS",
    "BalanceResult",
    "FrustrationResult",
    "balance",
    "frustration",
    "triangle_census",
    "triangles",
    "weak_balance_blocs",
]

TRIANGLE_COLUMNS = ("a", "b", "c", "sign_ab", "sign_bc", "sign_ac", "negatives", "balanced",
                    "status")
"""Columns of :func:`triangles`."""

STRAINED_COLUMNS = ("source", "target", "unbalanced_triangles", "score", "status", "tension")
"""Columns of :attr:`BalanceResult.strained`."""

CENSUS_KEYS = ("+++", "++-", "+--", "---", "balanced", "unbalanced", "total", "balance_ratio")
"""Keys of :func:`triangle_census`."""

DEFAULT_TIME_LIMIT = 0.5
"""Seconds the frustration heuristic may take by default (``balance``, ``frustration``, the change
report, what-if, timelines): what an interactive user waits for. On large event graphs it stops
there (or sooner, when it stops improving) and the result gives its bounds (``lower_bound``,
``upper_bound``)."""

EXACT_TIME_LIMIT = 30.0
"""Seconds the exact solver may take by default on the blocks of at most ``exact_limit`` actors
(analyst-sized graphs are solved well within it)."""

Graphish: TypeAlias = "ConflictGraph | nx.Graph | pd.DataFrame"
"""What the balance functions accept: a ConflictGraph (its alignment at a day), a signed networkx
graph, or an alignment table."""

# ------------------------------------------------------------------------------------ triangles
def triangles(graph: Graphish, at: DateLike | Day | None = None, *,
              include_types: IncludeTypes = None,
              **params: Unpack[AlignmentKeywords]) -> pd.DataFrame:
    """Every signed triangle of the alignment graph.

    Triangles are enumerated on the degree-ordered orientation of the graph (vectorised, in chunks
    of wedges), not by a networkx loop.

    Parameters
    ----------
    graph : ConflictGraph, networkx.Graph or pandas.DataFrame
        A graph (its alignment graph at ``at`` is used), a signed graph (ties with ``sign``) or an
        alignment table.
    at : date-like, optional
        The day, for a ConflictGraph (a period means its last day); defaults to the last day of its
        window or data. Any day works.
    include_types : None, "all" or list of str
        Actor types considered (default: the strategic ones; see the module docstring).
    **params
        Alignment parameters (see :class:`~graphlib_conflict.analytics.alignment.AlignmentParams`).

    Returns
    -------
    pandas.DataFrame
        One row per triangle, sorted by ``a, b, c``, columns :data:`TRIANGLE_COLUMNS`: the actor ids
        ``a < b < c``, the signs ``sign_ab``, ``sign_bc``, ``sign_ac`` (+1/-1), ``negatives``
        (0-3), ``balanced`` (product of the signs positive) and ``status`` (``"balanced"`` or
        ``"unbalanced"``). ``attrs["at"]`` holds the day.

    Raises
    ------
    DateError
        If ``at`` cannot be read.
    GraphlibConflictError
        If a signed graph is malformed (see :func:`balance`).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> tri = triangles(gc.load(), at="2020-02-04")
    >>> row = tri[(tri["a"] == "RUS") & (tri["b"] == "SYR_GOV") & (tri["c"] == "TUR")]
    >>> print(row[["sign_ab", "sign_bc", "sign_ac", "status"]].to_string(index=False))
     sign_ab  sign_bc  sign_ac     status
           1       -1        1 unbalanced
    """
    e = signed_edges(graph, at, attributes=False, include_types=include_types, **params)
    chunks = list(iter_triangles(e))
    tri = np.concatenate(chunks) if chunks else np.empty((0, 3), np.int64)
    frame = _triangle_frame(e, tri)
    frame.attrs["at"] = e.at
    return frame


def _triangle_frame(e: SignedEdges, tri: np.ndarray) -> pd.DataFrame:
    arr = triangle_arrays(e, tri)
    order = np.lexsort((arr["c"], arr["b"], arr["a"]))
    signs = np.stack([arr["sign_ab"], arr["sign_bc"], arr["sign_ac"]], axis=1)[order]
    negatives = (signs < 0).sum(axis=1)
    balanced = negatives % 2 == 0
    return pd.DataFrame({
        "a": id_array(e.nodes[arr["a"][order]]), "b": id_array(e.nodes[arr["b"][order]]),
        "c": id_array(e.nodes[arr["c"][order]]),
        "sign_ab": signs[:, 0].astype(np.int64), "sign_bc": signs[:, 1].astype(np.int64),
        "sign_ac": signs[:, 2].astype(np.int64), "negatives": negatives.astype(np.int64),
        "balanced": balanced,
        "status": pd.array(np.where(balanced, "balanced", "unbalanced"), dtype="str"),
    })


def triangle_census(graph: Graphish, at: DateLike | Day | None = None, *,
                    include_types: IncludeTypes = None,
                    **params: Unpack[AlignmentKeywords]) -> dict[str, Any]:
    """Counts of signed triangles by number of negative ties, without listing them.

    One integer sparse-matrix product over the degree-ordered orientation counts every pattern
    exactly (about 0.15 s for 240,000 ties and 3 million triangles on 2 cores; a networkx triangle
    loop takes minutes there, see ``benchmarks/bench_balance.py``).

    Parameters
    ----------
    graph, at, include_types, **params
        As for :func:`triangles`.

    Returns
    -------
    dict
        Keys :data:`CENSUS_KEYS`: ``"+++"``, ``"++-"``, ``"+--"``, ``"---"`` (int counts by number of
        negative ties), ``balanced`` (``+++`` and ``+--``), ``unbalanced``, ``total`` and
        ``balance_ratio`` (balanced / total; NaN when there is no triangle).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> census = triangle_census(gc.load(), at="2020-02-04")
    >>> census["++-"] > 0 and census["total"] == census["balanced"] + census["unbalanced"]
    True
    """
    e = signed_edges(graph, at, attributes=False, include_types=include_types, **params)
    return _census_dict(census_counts(e))


def _census_dict(counts: np.ndarray) -> dict[str, Any]:
    c = [int(x) for x in counts]
    total = sum(c)
    balanced = c[0] + c[2]
    return {"+++": c[0], "++-": c[1], "+--": c[2], "---": c[3], "balanced": balanced,
            "unbalanced": c[1] + c[3], "total": total,
            "balance_ratio": balanced / total if total else math.nan}


# ------------------------------------------------------------------------------------ frustration
@dataclass(frozen=True, repr=False)
class FrustrationResult(Result):
    """The frustration index of a signed graph and the two blocs that achieve it.

    Attributes
    ----------
    index : float
        Number of ties (total weight, when ``weighted``) that must change sign — or be removed — for
        the graph to become balanced: the best found, equal to ``upper_bound``.
    blocs : dict
        Actor id -> bloc number: each connected part of the graph has two sides, each its own bloc;
        bloc 0 is the largest (ties broken by the leader's id).
    bloc_names : dict
        Bloc number -> name, after its leading member (``"Turkey's bloc"``).
    leaders : dict
        Bloc number -> the leading member's id.
    placement : dict
        Actor id -> ``"firm"`` (the same side in every optimal split seen) or ``"contested"``.
    splits : int
        Number of distinct optimal splits seen (a split and its mirror image count once).
    splits_complete : bool
        Whether every optimal split was enumerated (exact placement), or only those one move away
        from the heuristic's best (on graphs too large to enumerate).
    frustrated : pandas.DataFrame
        The ties violating the partition (negative inside a bloc, positive between): ``source``,
        ``target``, ``sign``, ``weight``, by decreasing weight.
    method : {"exact", "heuristic"}
        ``"exact"`` when every block was solved to proven optimality.
    lower_bound, upper_bound : float
        Bounds on the true index (equal when ``optimal``). The lower bound of a heuristic block is
        the larger of the integer program's dual bound (when it ran) and a packing of unbalanced
        triangles sharing no tie (each needs one of its ties changed).
    optimal : bool
        Whether ``index`` is proven optimal.
    weighted : bool
        Whether ties count by weight.
    at : str or None
        The day (ISO).
    names : dict
        Actor id -> display name.
    blocks, heuristic_blocks : int
        Biconnected blocks the graph was cut into, and how many of them the heuristic solved.
    notes : tuple of str
        Where the day lies against the data, and who was left out.
    """

    index: float
    blocs: dict[Any, int]
    frustrated: pd.DataFrame
    method: Literal["exact", "heuristic"]
    lower_bound: float
    upper_bound: float
    optimal: bool
    weighted: bool = False
    at: str | None = None
    names: dict[Any, str] = field(default_factory=dict)
    blocks: int = 0
    heuristic_blocks: int = 0
    bloc_names: dict[int, str] = field(default_factory=dict)
    leaders: dict[int, Any] = field(default_factory=dict)
    placement: dict[Any, str] = field(default_factory=dict)
    splits: int = 1
    splits_complete: bool = True
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The blocs as a table: ``actor``, ``name``, ``bloc``, ``bloc_name``, ``placement``,
        sorted by bloc then actor."""
        actors = sorted(self.blocs, key=lambda a: (self.blocs[a], str(a)))
        return pd.DataFrame({
            "actor": actors, "name": [self.names.get(a, str(a)) for a in actors],
            "bloc": np.array([self.blocs[a] for a in actors], np.int64),
            "bloc_name": [self.bloc_names.get(self.blocs[a], "") for a in actors],
            "placement": [self.placement.get(a, "firm") for a in actors],
        })

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe data: ``at``, ``index``, ``method``, ``lower_bound``, ``upper_bound``,
        ``optimal``, ``weighted``, ``blocks``, ``heuristic_blocks``, ``splits``,
        ``splits_complete``, ``blocs`` (actor -> bloc number), ``bloc_list`` (each ``{bloc, name,
        leader, members: [{actor, name, placement}]}``), ``frustrated`` (ties with ``source``,
        ``target``, ``source_name``, ``target_name``, ``sign``, ``weight``) and ``notes``."""
        bloc_list = self.bloc_list()
        frustrated = self.frustrated.assign(
            source_name=self.frustrated["source"].map(lambda a: self.names.get(a, str(a))),
            target_name=self.frustrated["target"].map(lambda a: self.names.get(a, str(a))))
        return plain({
            "at": self.at, "index": self.index, "method": self.method,
            "lower_bound": self.lower_bound, "upper_bound": self.upper_bound,
            "optimal": self.optimal, "weighted": self.weighted, "blocks": self.blocks,
            "heuristic_blocks": self.heuristic_blocks, "splits": self.splits,
            "splits_complete": self.splits_complete,
            "blocs": {str(k): v for k, v in self.blocs.items()}, "bloc_list": bloc_list,
            "frustrated": frustrated.to_dict("records"), "notes": list(self.notes),
        })

    def bloc_list(self) -> list[dict[str, Any]]:
        """The blocs as plain data, by bloc number: each ``{bloc, name, leader, members: [{actor,
        name, placement}]}`` (members in :meth:`to_frame` order)."""
        table = self.to_frame()
        members: dict[Any, list[dict[str, Any]]] = {}
        for bloc, actor, name, placement in zip(table["bloc"].tolist(), table["actor"].tolist(),
                                                table["name"].tolist(), table["placement"].tolist(),
                                                strict=True):
            members.setdefault(bloc, []).append({"actor": actor, "name": name,
                                                 "placement": placement})
        return plain([{"bloc": b, "name": self.bloc_names.get(b, ""), "leader": self.leaders.get(b),
                       "members": members.get(b, [])} for b in sorted(set(self.blocs.values()))])

    def _document(self) -> Doc:
        return frustration_document(self.to_dict())

    def _title(self) -> str:
        return "Frustration" + (f" on {self.at}" if self.at else "")

    def __repr__(self) -> str:
        return (f"FrustrationResult(index={self.index:g}, method={self.method!r}, "
                f"lower_bound={self.lower_bound:g}, upper_bound={self.upper_bound:g}, "
                f"optimal={self.optimal}, actors={len(self.blocs)}, blocs={len(self.bloc_names)}, "
                f"at={self.at!r})")


def frustration(graph: Graphish, at: DateLike | Day | None = None, *, exact_limit: int = 60,
                time_limit: float | None = None, weighted: bool = False,
                include_types: IncludeTypes = None,
                **params: Unpack[AlignmentKeywords]) -> FrustrationResult:
    """The frustration index: the fewest ties to change for the graph to become balanced.

    The graph is split into biconnected blocks (the index is their sum). A block with at most
    ``exact_limit`` actors is solved exactly by the binary program of Aref & Wilson (2018): a side
    ``x_i`` per actor and a violation ``f_ij`` per tie with ``f_ij >= |x_i - x_j|`` for a positive
    tie and ``f_ij >= 1 - |x_i - x_j|`` for a negative one, minimising ``sum f_ij`` (weighted by
    ``|score|`` when ``weighted``), one actor fixed per block, triangle inequalities as cuts, solved
    by HiGHS (``scipy.optimize.milp``). A larger block, or one the solver cannot finish within
    ``time_limit``, gets an iterated local search (spectral and spanning-tree starts, simultaneous
    improving flips, random and neighbourhood perturbations) for the upper bound, and a packing of
    tie-disjoint unbalanced triangles (or the solver's dual bound) for the lower bound.

    Parameters
    ----------
    graph, at, include_types, **params
        As for :func:`triangles`.
    exact_limit : int, default 60
        Largest block (in actors) solved exactly.
    time_limit : float, optional
        Seconds for the whole computation (the heuristic always completes one descent). By default
        the exact solver may take up to :data:`EXACT_TIME_LIMIT` (30 s) and the heuristic on larger
        blocks :data:`DEFAULT_TIME_LIMIT` (0.5 s) in all; the result says how far from proven its
        answer is (``lower_bound``, ``upper_bound``).
    weighted : bool, default False
        Count ties by their weight (``|score|``) instead of one each.

    Returns
    -------
    FrustrationResult

    Raises
    ------
    ParameterError
        If ``exact_limit`` is negative or ``time_limit`` is not positive.

    Examples
    --------
    >>> import networkx as nx
    >>> K4 = nx.complete_graph(4)
    >>> nx.set_edge_attributes(K4, 1, "sign")
    >>> K4[0][1]["sign"] = -1
    >>> result = frustration(K4)
    >>> result.index, result.method, sorted(result.frustrated[["source", "target"]].iloc[0])
    (1.0, 'exact', [0, 1])
    """
    check_limits(exact_limit, time_limit)
    e = signed_edges(graph, at, include_types=include_types, **params)
    return _frustration(e, exact_limit=exact_limit, time_limit=time_limit, weighted=weighted,
                        notes=result_notes(graph, e))


def solver_limits(time_limit: float | None) -> tuple[float, float | None]:
    """The time limits of :func:`~graphlib_conflict.analytics.signed.frustration_partition` for a
    ``time_limit`` argument, ``(time_limit, heuristic_limit)``: by default
    :data:`EXACT_TIME_LIMIT` for the exact solver and :data:`DEFAULT_TIME_LIMIT` for the heuristic;
    a given limit bounds both.

    Examples
    --------
    >>> solver_limits(None), solver_limits(2.0)
    ((30.0, 0.5), (2.0, None))
    """
    if time_limit is None:
        return EXACT_TIME_LIMIT, DEFAULT_TIME_LIMIT
    return time_limit, None


def check_limits(exact_limit: int, time_limit: float | None) -> None:
    """Refuse a negative ``exact_limit`` or a ``time_limit`` that is not positive."""
    problems = []
    if exact_limit < 0:
        problems.append(f"exact_limit must be >= 0 actors, got {exact_limit}")
    if time_limit is not None and not time_limit > 0:
        problems.append(f"time_limit must be > 0 seconds, got {time_limit}")
    if problems:
        raise ParameterError("; ".join(problems))


def result_notes(graph: Graphish, e: SignedEdges) -> tuple[str, ...]:
    """What a result says about its day and its actors: where the day lies against the data, and
    who was left out for not choosing sides."""
    notes = []
    if isinstance(graph, ConflictGraph) and e.at is not None:
        from_data = coverage_note(graph, int(np.datetime64(e.at, "D").astype(np.int64)))
        if from_data:
            notes.append(from_data)
    if e.left_out:
        names = ", ".join(sorted(e.left_out.values()))
        notes.append(f"Left out as not choosing sides (civilian populations, media): {names}; "
                     "include them with include_types='all' (--include all).")
    return tuple(notes)


def _frustration(e: SignedEdges, *, exact_limit: int, time_limit: float | None, weighted: bool,
                 notes: tuple[str, ...] = ()) -> FrustrationResult:
    total, heuristic = solver_limits(time_limit)
    solution = frustration_partition(e, weighted=weighted, exact_limit=exact_limit,
                                     time_limit=total, heuristic_limit=heuristic)
    labels = labels_from_sides(e, solution.sides)
    leaders = bloc_leaders(e, labels)
    nodes = e.nodes.tolist()
    same = solution.sides[e.u] == solution.sides[e.v]
    violated = same != (e.sign > 0)
    ties = e.frame().loc[violated, ["source", "target", "sign", "weight"]]
    ties = ties.sort_values(["weight", "source", "target"], ascending=[False, True, True],
                            kind="stable").reset_index(drop=True)
    optimal = solution.lower >= solution.upper - 1e-9
    return FrustrationResult(
        index=solution.upper, blocs=dict(zip(nodes, labels.tolist(), strict=True)),
        frustrated=ties, method="exact" if solution.exact else "heuristic",
        lower_bound=solution.lower, upper_bound=solution.upper, optimal=optimal,
        weighted=weighted, at=e.at, names=e.name_map(), blocks=solution.blocks,
        heuristic_blocks=solution.heuristic_blocks,
        bloc_names={b: bloc_name(str(e.names[i])) for b, i in enumerate(leaders.tolist())},
        leaders={b: nodes[i] for b, i in enumerate(leaders.tolist())},
        placement={a: "contested" if c else "firm"
                   for a, c in zip(nodes, solution.contested.tolist(), strict=True)},
        splits=solution.splits, splits_complete=solution.splits_complete, notes=notes)


# ---------------------------------------------------------------------------------------- balance
@dataclass(frozen=True, repr=False)
class BalanceResult(Result):
    """Structural balance of the alignment graph at a date.

    Attributes
    ----------
    at : str or None
        The day (ISO).
    triangles : pandas.DataFrame
        Signed triangles (columns :data:`TRIANGLE_COLUMNS`). All of them when there are at most
        ``max_triangles``; otherwise only the ``max_triangles`` unbalanced ones whose ties are
        strongest (sum of weights), and ``triangles_truncated`` is True. ``census`` is always exact.
    census : dict
        :func:`triangle_census` of the graph.
    balance_ratio : float
        Share of balanced triangles (NaN when there is none).
    strained : pandas.DataFrame
        Positive ties inside unbalanced triangles (columns :data:`STRAINED_COLUMNS`): ``source``,
        ``target``, ``unbalanced_triangles`` (how many), ``score``, ``status`` and ``tension`` (sum
        over those triangles of the weaker of the two other ties: how hard third parties pull the
        pair apart), ranked by ``unbalanced_triangles`` then ``score``, both descending.
    frustration : FrustrationResult
        The frustration index and its two blocs.
    triangles_total : int
        Number of triangles in the graph.
    triangles_truncated : bool
        Whether ``triangles`` holds fewer rows than ``triangles_total``.
    names : dict
        Actor id -> display name.
    notes : tuple of str
        Where the day lies against the data, and who was left out.
    """

    at: str | None
    triangles: pd.DataFrame
    census: dict[str, Any]
    balance_ratio: float
    strained: pd.DataFrame
    frustration: FrustrationResult
    triangles_total: int = 0
    triangles_truncated: bool = False
    names: dict[Any, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The signed triangles (see :attr:`triangles`)."""
        return self.triangles

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe data with stable keys.

        ``at``; ``notes``; ``census`` (keys :data:`CENSUS_KEYS`, ``balance_ratio`` None when
        undefined); ``balance_ratio``; ``triangles`` (``total``, ``shown``, ``truncated``,
        ``rows``: triangle records with the actors' names as ``a_name``, ``b_name``, ``c_name``);
        ``strained`` (records with :data:`STRAINED_COLUMNS`, ``source_name`` and ``target_name``);
        ``frustration`` (:meth:`FrustrationResult.to_dict`).
        """
        def name(actor: Any) -> str:
            return self.names.get(actor, str(actor))

        tri = self.triangles.assign(**{f"{x}_name": self.triangles[x].map(name)
                                       for x in ("a", "b", "c")})
        strained = self.strained.assign(source_name=self.strained["source"].map(name),
                                        target_name=self.strained["target"].map(name))
        return plain({
            "at": self.at, "notes": list(self.notes), "census": self.census,
            "balance_ratio": self.balance_ratio,
            "triangles": {"total": self.triangles_total, "shown": len(self.triangles),
                          "truncated": self.triangles_truncated,
                          "rows": tri.to_dict("records")},
            "strained": strained.to_dict("records"),
            "frustration": self.frustration.to_dict(),
        })

    def _document(self) -> Doc:
        return balance_document(self.to_dict())

    def _title(self) -> str:
        return "Structural balance" + (f" on {self.at}" if self.at else "")

    def __repr__(self) -> str:
        ratio = "nan" if math.isnan(self.balance_ratio) else f"{self.balance_ratio:.3f}"
        return (f"BalanceResult(at={self.at!r}, triangles={self.triangles_total}, "
                f"balance_ratio={ratio}, strained={len(self.strained)}, "
                f"frustration={self.frustration.index:g})")


def balance(graph: Graphish, at: DateLike | Day | None = None, *, exact_limit: int = 60,
            time_limit: float | None = None, weighted: bool = False, max_triangles: int = 10_000,
            include_types: IncludeTypes = None,
            **params: Unpack[AlignmentKeywords]) -> BalanceResult:
    """Structural balance at a date: triangles, census, strained partnerships and frustration.

    Parameters
    ----------
    graph : ConflictGraph, networkx.Graph or pandas.DataFrame
        A graph (its alignment graph at ``at`` is used), a signed undirected graph (every tie with a
        numeric ``sign``; ``0`` means neutral and is left out) or an alignment table.
    at : date-like, optional
        The day, for a ConflictGraph (a period means its last day); defaults to the last day of its
        window or data. Any day works: after the last recorded date, durable alignments with no
        end still hold, and the result's ``notes`` say how far past the data the day is.
    exact_limit, time_limit, weighted
        See :func:`frustration`.
    include_types : None, "all" or list of str
        Actor types considered (default: the strategic ones; see the module docstring).
    max_triangles : int, default 10000
        Most triangles kept in :attr:`BalanceResult.triangles` (see there); the census and the
        strained partnerships always count every triangle.
    **params
        Alignment parameters (``half_life``, ``lookback``, ``threshold``, ``strong``,
        ``mixed_ratio``, ``roll_up``, ``coalition_ties``).

    Returns
    -------
    BalanceResult

    Raises
    ------
    DateError
        If ``at`` cannot be read.
    GraphlibConflictError
        If a networkx graph is directed or a multigraph, has a tie without a numeric ``sign`` or a
        self-loop, or if alignment parameters (or another date) are given with an already signed
        graph.
    ParameterError
        If an alignment parameter is unknown, or a limit is out of range.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> result = balance(gc.load(), at="2020-02-04")
    >>> print(result.strained.head(2).to_string(index=False, float_format="{:.2f}".format))
    source  target  unbalanced_triangles  score status  tension
       RUS     TUR                     2   1.24  mixed     2.60
       RUS SYR_GOV                     1   1.60   ally     1.24
    >>> result.frustration.method, result.frustration.placement["TUR"]
    ('exact', 'contested')
    """
    check_limits(exact_limit, time_limit)
    if max_triangles < 0:
        raise ParameterError(f"max_triangles must be >= 0, got {max_triangles}")
    e = signed_edges(graph, at, include_types=include_types, **params)
    return balance_of(e, exact_limit=exact_limit, time_limit=time_limit, weighted=weighted,
                      max_triangles=max_triangles, notes=result_notes(graph, e))


def balance_of(e: SignedEdges, *, exact_limit: int = 60, time_limit: float | None = None,
               weighted: bool = False, max_triangles: int = 10_000,
               notes: tuple[str, ...] = ()) -> BalanceResult:
    """:func:`balance` of signed ties already built (the change report has them at two dates)."""
    census = _census_dict(census_counts(e))
    keep_all = census["total"] <= max_triangles
    unbalanced_count = np.zeros(e.m, np.int64)
    tension = np.zeros(e.m)
    kept: list[np.ndarray] = []
    strongest = np.empty((0, 3), np.int64)
    for tri in iter_triangles(e):
        odd = np.prod(e.sign[tri], axis=1) < 0
        bad = tri[odd]
        weights = e.weight[bad]
        for k in range(3):
            unbalanced_count += np.bincount(bad[:, k], minlength=e.m)
            other = np.minimum(weights[:, (k + 1) % 3], weights[:, (k + 2) % 3])
            tension += np.bincount(bad[:, k], weights=other, minlength=e.m)
        if keep_all:
            kept.append(tri)
        else:
            strongest = _strongest(e, np.concatenate([strongest, bad]), max_triangles)
    frame = _triangle_frame(e, np.concatenate(kept) if kept else strongest)
    strained = _strained(e, unbalanced_count, tension)
    return BalanceResult(
        at=e.at, triangles=frame, census=census, balance_ratio=census["balance_ratio"],
        strained=strained,
        frustration=_frustration(e, exact_limit=exact_limit, time_limit=time_limit,
                                 weighted=weighted, notes=notes),
        triangles_total=census["total"], triangles_truncated=len(frame) < census["total"],
        names=e.name_map(), notes=notes)


def _strongest(e: SignedEdges, tri: np.ndarray, limit: int) -> np.ndarray:
    """The ``limit`` triangles whose ties weigh most in total."""
    if len(tri) <= limit:
        return tri
    total = e.weight[tri].sum(axis=1)
    return tri[np.argpartition(-total, limit)[:limit]] if limit else tri[:0]


def _strained(e: SignedEdges, unbalanced_count: np.ndarray, tension: np.ndarray) -> pd.DataFrame:
    ties = e.frame()
    ties["unbalanced_triangles"] = unbalanced_count
    ties["tension"] = tension
    ties = ties[(ties["sign"] > 0) & (ties["unbalanced_triangles"] > 0)]
    ties = ties.sort_values(["unbalanced_triangles", "score", "source", "target"],
                            ascending=[False, False, True, True], kind="stable")
    return ties[list(STRAINED_COLUMNS)].reset_index(drop=True)


# ------------------------------------------------------------------------------- weak balance
def weak_balance_blocs(graph: Graphish, at: DateLike | Day | None = None, *,
                       k: int | None = None, max_k: int = 8, alpha: float = 0.5,
                       weighted: bool = False, exact_limit: int = 30, time_limit: float = 30.0,
                       include_types: IncludeTypes = None,
                       **params: Unpack[AlignmentKeywords]) -> pd.DataFrame:
    """Blocs under weak balance (Davis 1967): k camps, allies inside, enemies across.

    Minimises the criterion of Doreian & Mrvar (1996), ``alpha * (negative ties within blocs) +
    (1 - alpha) * (positive ties between blocs)`` (ties counted by weight when ``weighted``; when
    counted, among equally good partitions the one against the weakest ties is chosen). Unlike
    strict balance, three mutually hostile camps fit perfectly. Solved exactly (integer program,
    HiGHS) for graphs of at most ``exact_limit`` actors, otherwise by relocation from several
    starts (move one actor at a time to the bloc that lowers the criterion most).

    Parameters
    ----------
    graph, at, include_types, **params
        As for :func:`triangles`.
    k : int, optional
        Number of blocs; by default the smallest ``k`` in ``1..max_k`` with the least criterion
        (each ``k`` starts from the best ``k - 1`` solution, so the criterion never rises with
        ``k``).
    max_k : int, default 8
    alpha : float, default 0.5
        Weight of a negative tie inside a bloc against a positive tie between blocs.
    weighted : bool, default False
    exact_limit : int, default 30
        Largest graph (in actors) solved exactly.
    time_limit : float, default 30
        Seconds for the whole search.

    Returns
    -------
    pandas.DataFrame
        ``actor``, ``bloc`` (0..k-1, bloc 0 the largest; ties broken by the leader's id),
        ``bloc_name`` (after the leading member), ``placement`` (``"contested"`` when moving the
        actor alone to another bloc is just as good, else ``"firm"``), sorted by bloc then actor.
        ``attrs``: ``k`` (blocs found), ``error`` (the criterion),
        ``errors`` (criterion by k tried), ``violations`` (ties against the blocs), ``method``
        (``"exact"`` when every ``k`` tried was solved to proven optimality, else ``"heuristic"``),
        ``alpha``, ``at``.

    Raises
    ------
    ParameterError
        If ``k`` or ``max_k`` is below 1 or ``alpha`` is outside [0, 1].

    Examples
    --------
    Three camps at war with each other, friends inside:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> camps = [("a1", "a2"), ("b1", "b2"), ("c1", "c2")]
    >>> G.add_edges_from((x, y, {"sign": 1}) for x, y in camps)
    >>> G.add_edges_from((x, y, {"sign": -1}) for i, p in enumerate(camps)
    ...                  for q in camps[i + 1:] for x in p for y in q)
    >>> table = weak_balance_blocs(G)
    >>> table.attrs["k"], table.attrs["error"], table["bloc"].tolist()
    (3, 0.0, [0, 0, 1, 1, 2, 2])
    """
    if (k is not None and k < 1) or max_k < 1:
        raise ParameterError(f"k and max_k must be >= 1, got k={k}, max_k={max_k}")
    if not 0 <= alpha <= 1:
        raise ParameterError(f"alpha must be in [0, 1], got {alpha}")
    check_limits(exact_limit, time_limit)
    e = signed_edges(graph, at, include_types=include_types, **params)
    labels, attrs = _weak_balance(e, k=k, max_k=max_k, alpha=alpha, weighted=weighted,
                                  exact_limit=exact_limit, time_limit=time_limit)
    leaders = bloc_leaders(e, labels)
    contested = contested_moves(e, labels, e.costs(weighted), alpha)
    frame = pd.DataFrame({"actor": id_array(e.nodes), "bloc": labels.astype(np.int64),
                          "bloc_name": pd.array([bloc_name(str(e.names[leaders[b]]))
                                                 for b in labels.tolist()], dtype="str"),
                          "placement": pd.array(np.where(contested, "contested", "firm"),
                                                dtype="str")})
    frame = frame.sort_values(["bloc"], kind="stable").reset_index(drop=True)
    frame.attrs.update(attrs)
    return frame


def _weak_balance(e: SignedEdges, *, k: int | None, max_k: int, alpha: float, weighted: bool,
                  exact_limit: int, time_limit: float,
                  ) -> tuple[np.ndarray, dict[str, Any]]:
    """Ordered bloc labels and the attrs of :func:`weak_balance_blocs`."""
    # counted ties, with the weakest violated first among equally good partitions (as for two blocs)
    costs = e.weight if weighted else 1.0 + e.weight / (e.weight.sum() + 1.0)
    deadline = time.perf_counter() + time_limit
    ks = [k] if k is not None else list(range(1, min(max_k, max(e.n, 1)) + 1))
    errors: dict[int, float] = {}
    exact = True
    best: dict[int, np.ndarray] = {}
    previous: list[np.ndarray] = []
    for kk in ks:
        solution = kbloc_partition(e, kk, costs=costs, alpha=alpha, exact_limit=exact_limit,
                                   deadline=deadline, starts=previous)
        errors[kk] = solution.error
        best[kk] = solution.labels
        exact &= solution.exact
        previous = [solution.labels]
        if k is None and solution.error <= 1e-9:
            break
    # the number of blocs by the same rule as the split: fewest ties against the blocs, then the
    # weakest (a war outweighs a handshake), then the fewest blocs
    primary = {kk: kbloc_error(e, labels, e.costs(weighted), alpha) for kk, labels in best.items()}
    least = min(errors.values())
    chosen = min(kk for kk, err in errors.items() if err <= least + 1e-9)
    labels = ordered_labels(e, best[chosen]) if e.n else np.zeros(0, np.int64)
    violations = kbloc_error(e, labels, np.ones(e.m), 0.5) * 2
    attrs = {"k": len(np.unique(labels)), "error": float(primary[chosen]),
             "errors": {int(kk): float(v) for kk, v in primary.items()},
             "violations": round(violations), "method": "exact" if exact else "heuristic",
             "alpha": alpha, "at": e.at}
    return labels, attrs
