"""Centrality of actors in the signed alignment graph at a date, and how it moved between two dates.

Every measure is computed on the signed graph of
:func:`~graphlib_conflict.analytics.alignment.alignment_graph` at the date: one undirected edge per
pair whose status is not ``neutral``, signed by its net score. The measures (names as in
:data:`MEASURES`):

``degree``
    Number of non-neutral ties.
``signed_degree``
    Positive ties minus negative ties.
``strength``, ``signed_strength``
    Sum of ``|score|`` and of ``score`` over the actor's ties (weighted degree and weighted signed
    degree).
``betweenness``
    Share of shortest paths between other actors that pass through the actor, counting every
    non-neutral tie, friendly or hostile, as one step (ties are channels of contact whatever their
    sign; weighting them by score would let a few decayed interactions decide the paths).
    Normalised as networkx does (``2 / ((n - 1)(n - 2))`` for ``n`` tied actors). Exact while
    ``actors x ties`` is at most :data:`BETWEENNESS_BUDGET`; beyond, estimated from a seeded sample
    of ``k`` source actors with networkx's estimator, so values equal
    ``networkx.betweenness_centrality(G, k=k)`` for the same sources.
``pagerank``
    PageRank (damping 0.85) on the positive ties weighted by score: who is backed by the
    well-backed.
``eigenvector``
    Eigenvector centrality on the positive ties weighted by score, by the same power iteration as
    ``networkx.eigenvector_centrality`` (unit Euclidean norm).

Betweenness runs in igraph (C), so a slice with thousands of actors and tens of thousands of ties
takes well under a second; the other measures are numpy ``bincount`` and scipy sparse products
(PageRank by power iteration, as networkx computes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from typing_extensions import Unpack

from graphlib_conflict._time import coverage_note, resolve_day, resolve_period
from graphlib_conflict.analytics.alignment import AlignmentKeywords, alignment
from graphlib_conflict.dates import DateLike, Day, day_to_iso
from graphlib_conflict.exceptions import GraphlibConflictError, ParameterError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.render import Doc, Result, centrality_document, plain

if TYPE_CHECKING:
    import igraph


__all__ = [
    "BETWEENNESS_BUDGET",
    "DEFAULT_MEASURES",
    "MEASURES",
    "CentralityResult",
    "centrality",
    "centrality_change",
]

MEASURES = ("degree", "signed_degree", "strength", "signed_strength", "betweenness", "pagerank",
            "eigenvector")
"""Every measure :func:`centrality` knows."""

DEFAULT_MEASURES = ("degree", "signed_degree", "betweenness", "pagerank")
"""The measures computed when none are asked for."""

BETWEENNESS_BUDGET = 25_000_000
"""Largest ``actors x ties`` for which betweenness is exact by default (about half a second)."""

_MIN_SAMPLE = 100
_DAMPING = 0.85
_EIGEN_TOL = 1.0e-6
_EIGEN_MAX_ITER = 10_000
_PAGERANK_TOL = 1.0e-13
"""L1 change between two PageRank iterations at which it stops (the error is then below 6e-13)."""


@dataclass(frozen=True, repr=False)
class CentralityResult(Result):
    """A centrality table at one day (:func:`centrality`) or its change between two
    (:func:`centrality_change`).

    Attributes
    ----------
    table : pandas.DataFrame
        The rows (see the function that made it for the columns); :meth:`to_frame` returns it.
    at : str or None
        The day, for one day.
    start, end : str or None
        The two days, for a change.
    measures : tuple of str
    by : str or None
        For a change, the measure actors are ranked by.
    total : int
        Rows before :meth:`head` cut the table.
    betweenness_sources : int or None
        Sampled source actors when betweenness was estimated; ``None`` when exact.
    notes : tuple of str
        Where the day lies against the data.
    """

    table: pd.DataFrame
    measures: tuple[str, ...]
    at: str | None = None
    start: str | None = None
    end: str | None = None
    by: str | None = None
    total: int = 0
    betweenness_sources: int | None = None
    notes: tuple[str, ...] = field(default=())

    def to_frame(self) -> pd.DataFrame:
        """The centrality table."""
        return self.table

    def head(self, n: int = 20) -> CentralityResult:
        """The same result with only its first ``n`` rows (its outputs say how many there were)."""
        return replace(self, table=self.table.head(n))

    def to_dict(self) -> dict[str, Any]:
        """``at`` (or ``start``, ``end`` and ``by``), ``measures``, ``total``,
        ``betweenness_sources``, ``notes`` and ``rows`` (the table's records)."""
        when: dict[str, Any] = ({"start": self.start, "end": self.end, "by": self.by}
                                if self.start else {"at": self.at})
        return plain(when | {"measures": list(self.measures), "total": self.total,
                             "betweenness_sources": self.betweenness_sources,
                             "notes": list(self.notes),
                             "rows": self.table.to_dict("records")})

    def _document(self) -> Doc:
        return centrality_document(self.to_dict())

    def _title(self) -> str:
        return (f"Centrality change {self.start} – {self.end}" if self.start
                else f"Centrality on {self.at}")

    def __repr__(self) -> str:
        when = f"{self.start}..{self.end}" if self.start else str(self.at)
        return f"<CentralityResult {when}: {len(self.table)} of {self.total} actors>"


def centrality(graph: ConflictGraph, at: DateLike | Day | None = None, *,
               measures: Sequence[str] = DEFAULT_MEASURES, isolates: bool = True,
               k: int | None = None, seed: int | None = 0,
               **params: Unpack[AlignmentKeywords]) -> CentralityResult:
    """Centrality of every actor in the signed alignment graph at a date.

    Parameters
    ----------
    graph : ConflictGraph
    at : date-like, optional
        The day (a period means its last day); defaults to the last day of the graph's window, or
        of its data. Any day works.
    measures : sequence of str, default :data:`DEFAULT_MEASURES`
        Any of :data:`MEASURES` (see the module docstring for their definitions).
    isolates : bool, default True
        Keep actors without a non-neutral tie at the date (every measure 0 for them).
    k : int, optional
        Estimate betweenness from ``k`` sampled source actors (networkx's ``k``). By default it is
        exact when ``actors x ties`` is at most :data:`BETWEENNESS_BUDGET`, else sampled with
        ``k = BETWEENNESS_BUDGET // ties`` (at least 100).
    seed : int or None, default 0
        Seed of the source sample, so a report gives the same figures twice.
    **params
        Alignment parameters (``half_life``, ``lookback``, ``threshold``, ``strong``,
        ``mixed_ratio``, ``roll_up``, ``coalition_ties``), see
        :class:`~graphlib_conflict.analytics.alignment.AlignmentParams`.

    Returns
    -------
    CentralityResult
        Its table has one row per actor: ``actor``, ``name``, ``type``, then one column per
        measure; sorted by the measures in the order given (descending), then ``actor``. Its
        ``attrs["betweenness_sample"]`` holds the sampled source ids (``None`` when exact).

    Raises
    ------
    ParameterError
        If a measure is unknown.
    DateError
        If ``at`` cannot be read.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> table = centrality(gc.load(), at="2020-02-04").to_frame().set_index("actor")
    >>> int(table.loc["SYR_GOV", "degree"]), int(table.loc["SYR_GOV", "signed_degree"])
    (6, -2)
    >>> int(table.loc["SYR_MIL", "degree"])  # forces count for their state (roll-up)
    0
    """
    chosen = _check_measures(measures)
    day = resolve_day(graph, at)
    table = alignment(graph, day, **params)
    out = centrality_from_alignment(table, graph.actors if isolates else None,
                                    measures=chosen, k=k, seed=seed)
    if not isolates:
        names = graph.actors.set_index("id")
        out["name"] = out["actor"].map(names["name"])
        out["type"] = out["actor"].map(names["type"])
    out.attrs["at"] = day_to_iso(day)
    note = coverage_note(graph, day)
    return CentralityResult(table=out, measures=chosen, at=day_to_iso(day), total=len(out),
                            betweenness_sources=out.attrs["betweenness_sources"],
                            notes=(note,) if note else ())


def centrality_change(graph: ConflictGraph, start: DateLike | Day | None = None,
                      end: DateLike | Day | None = None, *,
                      measures: Sequence[str] = DEFAULT_MEASURES, by: str | None = None,
                      k: int | None = None, seed: int | None = 0,
                      **params: Unpack[AlignmentKeywords]) -> CentralityResult:
    """How each actor's centrality moved between two dates.

    Parameters
    ----------
    graph : ConflictGraph
    start, end : date-like, optional
        The two days compared (``end`` after ``start``; ``start`` takes the first day of a period,
        ``end`` the last); default the first and last day of the graph's window or data.
    measures : sequence of str, default :data:`DEFAULT_MEASURES`
    by : str, optional
        The measure actors are ranked and sorted by; defaults to ``pagerank`` when computed, else
        the first measure.
    k, seed, **params
        As for :func:`centrality`.

    Returns
    -------
    CentralityResult
        Its table has one row per actor: ``actor``, ``name``, ``type``, then for each measure ``<m>_before``,
        ``<m>_after`` and ``<m>_delta``, then ``rank_before``, ``rank_after`` (1 = most central by
        ``by`` among the actors with a tie at that date, ties share the best rank; ``<NA>`` for an
        actor without a tie) and ``rank_change`` (``rank_before - rank_after``: positive means the
        actor rose; ``<NA>`` unless ranked at both dates). Sorted by largest ``|<by>_delta|``, then
        largest ``|rank_change|``, then ``actor``.

    Raises
    ------
    ParameterError
        If a measure is unknown or ``by`` is not among ``measures``.
    DateError
        If a date cannot be read or ``end`` is not after ``start``.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> moves = centrality_change(gc.load(), "2019-11-01", "2020-02-04").to_frame().set_index("actor")
    >>> moves.loc["SYR_GOV", ["signed_degree_before", "signed_degree_after"]].tolist()
    [0, -2]
    >>> moves.loc["TUR", ["rank_before", "rank_after", "rank_change"]].tolist()
    [2, 1, 1]
    """
    chosen = _check_measures(measures)
    by = by if by is not None else ("pagerank" if "pagerank" in chosen else chosen[0])
    if by not in chosen:
        raise ParameterError(f"by={by!r} is not among the measures computed {list(chosen)}")
    first, last = resolve_period(graph, start, end, ordered="strict")
    before = alignment(graph, first, **params)
    after = alignment(graph, last, **params)
    out = compare_centrality(
        centrality_from_alignment(before, graph.actors, measures=chosen, k=k, seed=seed),
        centrality_from_alignment(after, graph.actors, measures=chosen, k=k, seed=seed),
        chosen, by, tied=(_tied(before), _tied(after)))
    notes = tuple(n for n in (coverage_note(graph, first), coverage_note(graph, last)) if n)
    return CentralityResult(table=out, measures=chosen, start=day_to_iso(first),
                            end=day_to_iso(last), by=by, total=len(out), notes=notes)


def compare_centrality(before: pd.DataFrame, after: pd.DataFrame, measures: Sequence[str],
                       by: str, *, tied: tuple[set[str], set[str]]) -> pd.DataFrame:
    """Before/after/delta columns and rank change from two :func:`centrality` tables.

    ``tied`` holds the actors with a non-neutral tie at each date: only they are ranked.
    """
    keys = ["actor", "name", "type"]
    merged = before.merge(after, on=keys, how="outer", suffixes=("_before", "_after"))
    columns = list(keys)
    for m in measures:
        merged[[f"{m}_before", f"{m}_after"]] = merged[[f"{m}_before", f"{m}_after"]].fillna(0)
        merged[f"{m}_delta"] = merged[f"{m}_after"] - merged[f"{m}_before"]
        columns += [f"{m}_before", f"{m}_after", f"{m}_delta"]
    for when, actors in zip(("before", "after"), tied, strict=True):
        value = merged[f"{by}_{when}"].where(merged["actor"].isin(actors))
        merged[f"rank_{when}"] = value.rank(method="min", ascending=False).astype("Int64")
    merged["rank_change"] = merged["rank_before"] - merged["rank_after"]
    columns += ["rank_before", "rank_after", "rank_change"]
    moved = merged["rank_change"].abs().fillna(0).to_numpy(dtype="float64")
    order = np.lexsort((merged["actor"].to_numpy(), -moved,
                        -merged[f"{by}_delta"].abs().to_numpy()))
    return merged.iloc[order][columns].reset_index(drop=True)


def centrality_from_alignment(table: pd.DataFrame, actors: pd.DataFrame | None, *,
                              measures: Sequence[str] = DEFAULT_MEASURES, k: int | None = None,
                              seed: int | None = 0) -> pd.DataFrame:
    """Centrality from an :func:`alignment` table (the work behind :func:`centrality`).

    ``actors`` (the graph's actors table) adds ``name``/``type`` and a zero row for every actor
    without a tie; with ``None`` only tied actors are returned, ``name``/``type`` left empty.
    """
    chosen = _check_measures(measures)
    tied = table[table["status"] != "neutral"]
    codes, nodes = pd.factorize(np.concatenate([tied["source"].to_numpy(dtype=object),
                                                tied["target"].to_numpy(dtype=object)]))
    n, m = len(nodes), len(tied)
    u, v = codes[:m], codes[m:]
    score = tied["score"].to_numpy(dtype="float64")
    sign = np.sign(score)
    values: dict[str, np.ndarray] = {}
    sample: np.ndarray | None = None
    for name in chosen:
        if name == "degree":
            values[name] = np.bincount(codes, minlength=n)
        elif name == "signed_degree":
            values[name] = _pair_sum(u, v, sign, n).astype(np.int64)
        elif name == "strength":
            values[name] = _pair_sum(u, v, np.abs(score), n)
        elif name == "signed_strength":
            values[name] = _pair_sum(u, v, score, n)
        elif name == "betweenness":
            values[name], sample = _betweenness(u, v, n, k, seed)
        elif name == "pagerank":
            values[name] = _pagerank(u, v, score, n)
        else:
            values[name] = _eigenvector(u, v, score, n)
    out = pd.DataFrame({"actor": pd.Series(np.asarray(nodes, dtype=object), dtype="str")} | values)
    if actors is not None:
        frame = actors[["id", "name", "type"]].rename(columns={"id": "actor"})
        out = frame.merge(out, on="actor", how="left")
        for name in chosen:
            filled = out[name].fillna(0)
            out[name] = filled.astype(np.int64) if name in ("degree", "signed_degree") else filled
    else:
        out.insert(1, "name", pd.Series(np.nan, index=out.index, dtype="str"))
        out.insert(2, "type", pd.Series(np.nan, index=out.index, dtype="str"))
    sort_keys = [out["actor"].to_numpy()] + [-out[c].to_numpy(dtype="float64")
                                             for c in reversed(chosen)]
    out = out.iloc[np.lexsort(sort_keys)].reset_index(drop=True)
    out.attrs["at"] = table.attrs.get("at")
    out.attrs["betweenness_sources"] = None if sample is None else len(sample)
    out.attrs["betweenness_sample"] = None if sample is None else tuple(
        str(x) for x in np.asarray(nodes, dtype=object)[sample])
    return out


def _tied(table: pd.DataFrame) -> set[str]:
    """Actors with a non-neutral tie in an alignment table."""
    tied = table[table["status"] != "neutral"]
    return set(tied["source"]) | set(tied["target"])


def _check_measures(measures: Sequence[str]) -> tuple[str, ...]:
    chosen = (measures,) if isinstance(measures, str) else tuple(measures)
    unknown = [m for m in chosen if m not in MEASURES]
    if unknown or not chosen:
        raise ParameterError(f"unknown centrality measure(s) {unknown}: choose from "
                             f"{list(MEASURES)}")
    return tuple(dict.fromkeys(chosen))


def _pair_sum(u: np.ndarray, v: np.ndarray, w: np.ndarray, n: int) -> np.ndarray:
    """Sum of edge values at both endpoints."""
    return np.bincount(u, weights=w, minlength=n) + np.bincount(v, weights=w, minlength=n)


def _igraph(u: np.ndarray, v: np.ndarray, n: int) -> igraph.Graph:
    import igraph

    # a list of tuples: igraph reads it three times faster than an array or nested lists
    return igraph.Graph(n=n, edges=list(zip(u.tolist(), v.tolist(), strict=True)))


def _betweenness(u: np.ndarray, v: np.ndarray, n: int, k: int | None,
                 seed: int | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Normalised betweenness, and the sampled source positions (``None`` when exact)."""
    if n < 3 or len(u) == 0:
        return np.zeros(n), None
    if k is None and n * len(u) > BETWEENNESS_BUDGET:
        k = max(_MIN_SAMPLE, BETWEENNESS_BUDGET // len(u))
    if k is not None and k >= n:
        k = None
    g = _igraph(u, v, n)
    if k is None:
        raw = np.asarray(g.betweenness(directed=False), dtype="float64")
        return raw * 2.0 / ((n - 1) * (n - 2)), None
    if k < 2:
        raise ParameterError(f"k must be at least 2 sampled sources, got {k}")
    sources = np.random.default_rng(seed).choice(n, size=k, replace=False)
    # igraph's subset betweenness counts ordered (source, target) pairs once; networkx's k-sample
    # estimator accumulates the same dependencies and rescales source and non-source actors apart.
    acc = 2.0 * np.asarray(g.betweenness(directed=False, sources=sources.tolist()), dtype="float64")
    scale = np.full(n, 1.0 / (k * (n - 2)))
    scale[sources] = 1.0 / ((k - 1) * (n - 2))
    return acc * scale, sources


def _positive(u: np.ndarray, v: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, ...]:
    keep = score > 0
    return u[keep], v[keep], score[keep]


def _pagerank(u: np.ndarray, v: np.ndarray, score: np.ndarray, n: int) -> np.ndarray:
    """PageRank of the positive ties weighted by score (undirected), by power iteration on scipy
    sparse matrices, to an L1 change below :data:`_PAGERANK_TOL`: the values of
    ``networkx.pagerank`` (actors without a positive tie are dangling: their rank is spread evenly).

    Not igraph's PRPACK: it runs under OpenMP, whose spinning threads made one call take from
    2 ms to 2.7 s on two busy cores (and slowed what ran after it).
    """
    from scipy import sparse

    if n == 0:
        return np.zeros(0)
    pu, pv, w = _positive(u, v, score)
    rows, cols = np.concatenate([pu, pv]), np.concatenate([pv, pu])
    weight = np.concatenate([w, w])
    out = np.bincount(rows, weights=weight, minlength=n)
    dangling = out == 0
    # x_next[j] = d * sum_i x[i] * w_ij / out_i + (d * dangling mass + 1 - d) / n
    step = sparse.csr_array((weight / out[rows], (cols, rows)), shape=(n, n))
    x = np.full(n, 1.0 / n)
    for _ in range(_EIGEN_MAX_ITER):
        last = x
        x = _DAMPING * (step @ last)
        x += (_DAMPING * last[dangling].sum() + 1.0 - _DAMPING) / n
        if np.abs(x - last).sum() < _PAGERANK_TOL:
            return x
    raise GraphlibConflictError(  # pragma: no cover (the damping makes it a contraction)
        f"PageRank did not converge in {_EIGEN_MAX_ITER} iterations")


def _eigenvector(u: np.ndarray, v: np.ndarray, score: np.ndarray, n: int) -> np.ndarray:
    from scipy import sparse


    if n == 0:
        return np.zeros(0)
    pu, pv, w = _positive(u, v, score)
    adjacency = sparse.coo_matrix((np.concatenate([w, w]), (np.concatenate([pu, pv]),
                                                             np.concatenate([pv, pu]))),
                                  shape=(n, n)).tocsr()
    x = np.full(n, 1.0 / n)
    # (A + I) iterated from a uniform start, as networkx does, so disconnected graphs get the same
    # answer and the iteration cannot oscillate on bipartite parts.
    for _ in range(_EIGEN_MAX_ITER):
        last = x
        x = last + adjacency @ last
        x = x / (np.linalg.norm(x) or 1.0)
        if np.abs(x - last).sum() < n * _EIGEN_TOL:
            return x
    raise GraphlibConflictError(
        f"eigenvector centrality did not converge in {_EIGEN_MAX_ITER} iterations; "
        "use pagerank instead")
