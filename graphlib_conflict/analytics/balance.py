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
"""

from __future__ import annotations

import html
import json
import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from graphlib_conflict.analytics._render import md_escape
from graphlib_conflict.analytics._signed import (
    SignedEdges,
    census_counts,
    frustration_partition,
    id_array,
    iter_triangles,
    kbloc_error,
    kbloc_partition,
    order_labels,
    signed_edges,
    triangle_arrays,
)
from graphlib_conflict.dates import DateLike
from graphlib_conflict.exceptions import GraphlibConflictError
from graphlib_conflict.graph import ConflictGraph

if TYPE_CHECKING:
    import networkx as nx


__all__ = [
    "CENSUS_KEYS",
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

_PATTERNS = (("+++", "three allies"), ("++-", "two allies and one enmity"),
             ("+--", "two allies with a common enemy"), ("---", "three enmities"))

# ------------------------------------------------------------------------------------ triangles
def triangles(graph: ConflictGraph | nx.Graph | pd.DataFrame, *, at: DateLike | None = None,
              **params: Any) -> pd.DataFrame:
    """Every signed triangle of the alignment graph.

    Triangles are enumerated on the degree-ordered orientation of the graph (vectorised, in chunks
    of wedges), not by a networkx loop.

    Parameters
    ----------
    graph : ConflictGraph, networkx.Graph or pandas.DataFrame
        A graph (its alignment graph at ``at`` is used), a signed graph (ties with ``sign``) or an
        alignment table.
    at : date-like, optional
        The day, for a ConflictGraph; defaults to the last day of its window or data.
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
    e = signed_edges(graph, at=at, attributes=False, **params)
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


def triangle_census(graph: ConflictGraph | nx.Graph | pd.DataFrame, *,
                    at: DateLike | None = None, **params: Any) -> dict[str, Any]:
    """Counts of signed triangles by number of negative ties, without listing them.

    One integer sparse-matrix product over the degree-ordered orientation counts every pattern
    exactly (about 0.15 s for 240,000 ties and 3 million triangles on 2 cores; a networkx triangle
    loop takes minutes there, see ``benchmarks/bench_balance.py``).

    Parameters
    ----------
    graph, at, **params
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
    e = signed_edges(graph, at=at, attributes=False, **params)
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
class FrustrationResult:
    """The frustration index of a signed graph and the two blocs that achieve it.

    Attributes
    ----------
    index : float
        Number of ties (total weight, when ``weighted``) that must change sign — or be removed — for
        the graph to become balanced: the best found, equal to ``upper_bound``.
    blocs : dict
        Actor id -> 0 or 1, the partition achieving ``index``. In each connected part of the graph
        the larger side is 0.
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

    def to_frame(self) -> pd.DataFrame:
        """The blocs as a table: ``actor``, ``name``, ``bloc``."""
        actors = list(self.blocs)
        return pd.DataFrame({"actor": actors, "name": [self.names.get(a, str(a)) for a in actors],
                             "bloc": np.array(list(self.blocs.values()), np.int64)})

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe data: ``at``, ``index``, ``method``, ``lower_bound``, ``upper_bound``,
        ``optimal``, ``weighted``, ``blocks``, ``heuristic_blocks``, ``blocs`` (actor -> 0/1) and
        ``frustrated`` (list of ties)."""
        return _jsonable({
            "at": self.at, "index": self.index, "method": self.method,
            "lower_bound": self.lower_bound, "upper_bound": self.upper_bound,
            "optimal": self.optimal, "weighted": self.weighted, "blocks": self.blocks,
            "heuristic_blocks": self.heuristic_blocks,
            "blocs": {str(k): v for k, v in self.blocs.items()},
            "frustrated": self.frustrated.to_dict("records"),
        })

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def summary(self) -> str:
        """One sentence in plain text."""
        what = "total weight of ties" if self.weighted else "ties"
        bound = "" if self.optimal else (
            f" (heuristic on {self.heuristic_blocks} of {self.blocks} blocks; the true value is at "
            f"least {_num(self.lower_bound)})")
        return (f"Frustration index {_num(self.index)}{bound}: the {what} that must change for the "
                "graph to split into two blocs with allies inside and enemies across.")

    def to_markdown(self, *, max_rows: int = 10) -> str:
        """A Markdown section: the index, the two blocs and the frustrated ties."""
        return "\n".join(_frustration_markdown(self, max_rows))

    def to_html(self, *, max_rows: int = 10) -> str:
        """A self-contained HTML fragment (every data string escaped)."""
        return _fragment(_frustration_html(self, max_rows))

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return (f"FrustrationResult(index={_num(self.index)}, method={self.method!r}, "
                f"lower_bound={_num(self.lower_bound)}, upper_bound={_num(self.upper_bound)}, "
                f"optimal={self.optimal}, actors={len(self.blocs)}, at={self.at!r})")


def frustration(graph: ConflictGraph | nx.Graph | pd.DataFrame, *, at: DateLike | None = None,
                exact_limit: int = 60, time_limit: float = 30.0, weighted: bool = False,
                **params: Any) -> FrustrationResult:
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
    graph, at, **params
        As for :func:`triangles`.
    exact_limit : int, default 60
        Largest block (in actors) solved exactly.
    time_limit : float, default 30
        Seconds for the whole computation (the heuristic always completes one descent).
    weighted : bool, default False
        Count ties by their weight (``|score|``) instead of one each.

    Returns
    -------
    FrustrationResult

    Raises
    ------
    ValueError
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
    _check_limits(exact_limit, time_limit)
    e = signed_edges(graph, at=at, **params)
    return _frustration(e, exact_limit=exact_limit, time_limit=time_limit, weighted=weighted)


def _check_limits(exact_limit: int, time_limit: float) -> None:
    if exact_limit < 0:
        raise ValueError(f"exact_limit must be >= 0 actors, got {exact_limit}")
    if not time_limit > 0:
        raise ValueError(f"time_limit must be > 0 seconds, got {time_limit}")


def _frustration(e: SignedEdges, *, exact_limit: int, time_limit: float,
                 weighted: bool) -> FrustrationResult:
    solution = frustration_partition(e, weighted=weighted, exact_limit=exact_limit,
                                     time_limit=time_limit)
    same = solution.sides[e.u] == solution.sides[e.v]
    violated = same != (e.sign > 0)
    ties = e.frame().loc[violated, ["source", "target", "sign", "weight"]]
    ties = ties.sort_values(["weight", "source", "target"], ascending=[False, True, True],
                            kind="stable").reset_index(drop=True)
    optimal = solution.lower >= solution.upper - 1e-9
    return FrustrationResult(
        index=solution.upper, blocs=dict(zip(e.nodes.tolist(), solution.sides.tolist(),
                                             strict=True)),
        frustrated=ties, method="exact" if solution.exact else "heuristic",
        lower_bound=solution.lower, upper_bound=solution.upper, optimal=optimal,
        weighted=weighted, at=e.at, names=e.name_map(), blocks=solution.blocks,
        heuristic_blocks=solution.heuristic_blocks)


# ---------------------------------------------------------------------------------------- balance
@dataclass(frozen=True, repr=False)
class BalanceResult:
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

    def to_frame(self) -> pd.DataFrame:
        """The signed triangles (see :attr:`triangles`)."""
        return self.triangles

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe data with stable keys.

        ``at``; ``census`` (keys :data:`CENSUS_KEYS`, ``balance_ratio`` None when undefined);
        ``balance_ratio``; ``triangles`` (``total``, ``shown``, ``truncated``, ``rows``: list of
        triangle records); ``strained`` (list of records with :data:`STRAINED_COLUMNS`);
        ``frustration`` (:meth:`FrustrationResult.to_dict`).
        """
        return _jsonable({
            "at": self.at, "census": self.census, "balance_ratio": self.balance_ratio,
            "triangles": {"total": self.triangles_total, "shown": len(self.triangles),
                          "truncated": self.triangles_truncated,
                          "rows": self.triangles.to_dict("records")},
            "strained": self.strained.to_dict("records"),
            "frustration": self.frustration.to_dict(),
        })

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def summary(self) -> str:
        """One paragraph in plain text."""
        return f"{self._headline()} {self.frustration.summary()}"

    def _headline(self) -> str:
        c = self.census
        if not c["total"]:
            head = "No triangle of non-neutral ties."
        else:
            head = (f"Balance ratio {self.balance_ratio:.2f}: {c['balanced']} of {c['total']} "
                    f"triangles balanced, {c['unbalanced']} unbalanced.")
        if len(self.strained):
            top = self.strained.iloc[0]
            head += (f" Most strained partnership: {self._name(top['source'])} – "
                     f"{self._name(top['target'])} ({top['unbalanced_triangles']} unbalanced "
                     "triangles).")
        return head

    def to_markdown(self, *, max_rows: int = 10) -> str:
        """A Markdown report: census, unbalanced triangles, strained partnerships, frustration."""
        title = f"## Structural balance{' at ' + self.at if self.at else ''}"
        lines = [title, "", md_escape(self._headline()), "",
                 "| Triangle | Meaning | Count | Balanced |", "|---|---|---:|---|"]
        for key, meaning in _PATTERNS:
            lines.append(f"| `{key}` | {meaning} | {self.census[key]} | "
                         f"{'yes' if key in ('+++', '+--') else 'no'} |")
        unbalanced = self.triangles[~self.triangles["balanced"]]
        lines += ["", "### Unbalanced triangles", ""]
        if unbalanced.empty:
            lines.append("None.")
        else:
            lines += ["| Actors | Signs (ab, bc, ac) |", "|---|---|"]
            for row in unbalanced.head(max_rows).itertuples(index=False):
                actors = ", ".join(md_escape(self._name(x)) for x in (row.a, row.b, row.c))
                lines.append(f"| {actors} | `{_signs(row)}` |")
            lines += _more(len(unbalanced), max_rows, self.census["unbalanced"])
        lines += ["", "### Partnerships under strain", ""]
        if self.strained.empty:
            lines.append("None: no positive tie lies in an unbalanced triangle.")
        else:
            lines += ["| Partnership | Unbalanced triangles | Tension | Score | Status |",
                      "|---|---:|---:|---:|---|"]
            for row in self.strained.head(max_rows).itertuples(index=False):
                lines.append(f"| {md_escape(self._name(row.source))} – "
                             f"{md_escape(self._name(row.target))} | {row.unbalanced_triangles} | "
                             f"{row.tension:.2f} | {row.score:.2f} | {md_escape(row.status)} |")
            lines += _more(len(self.strained), max_rows)
        lines += ["", *_frustration_markdown(self.frustration, max_rows, level="###")]
        return "\n".join(lines)

    def to_html(self, *, max_rows: int = 10) -> str:
        """A self-contained HTML fragment (no external resources, every data string escaped)."""
        esc = html.escape
        parts = [f"<h3>Structural balance{' at ' + esc(self.at) if self.at else ''}</h3>",
                 f"<p>{esc(self._headline())}</p>",
                 "<table><thead><tr><th>Triangle</th><th>Meaning</th><th>Count</th>"
                 "<th>Balanced</th></tr></thead><tbody>"]
        for key, meaning in _PATTERNS:
            parts.append(f"<tr><td><code>{esc(key)}</code></td><td>{esc(meaning)}</td>"
                         f"<td class='num'>{self.census[key]}</td>"
                         f"<td>{'yes' if key in ('+++', '+--') else 'no'}</td></tr>")
        parts.append("</tbody></table>")
        unbalanced = self.triangles[~self.triangles["balanced"]]
        parts.append("<h4>Unbalanced triangles</h4>")
        if unbalanced.empty:
            parts.append("<p>None.</p>")
        else:
            parts.append("<table><thead><tr><th>Actors</th><th>Signs (ab, bc, ac)</th></tr>"
                         "</thead><tbody>")
            for row in unbalanced.head(max_rows).itertuples(index=False):
                actors = ", ".join(esc(self._name(x)) for x in (row.a, row.b, row.c))
                parts.append(f"<tr><td>{actors}</td><td><code>{esc(_signs(row))}</code></td></tr>")
            parts.append("</tbody></table>")
            parts += [f"<p>{esc(x)}</p>" for x in _more(len(unbalanced), max_rows,
                                                          self.census["unbalanced"]) if x]
        parts.append("<h4>Partnerships under strain</h4>")
        if self.strained.empty:
            parts.append("<p>None: no positive tie lies in an unbalanced triangle.</p>")
        else:
            parts.append("<table><thead><tr><th>Partnership</th><th>Unbalanced triangles</th>"
                         "<th>Tension</th><th>Score</th><th>Status</th></tr></thead><tbody>")
            for row in self.strained.head(max_rows).itertuples(index=False):
                parts.append(f"<tr><td>{esc(self._name(row.source))} – "
                             f"{esc(self._name(row.target))}</td>"
                             f"<td class='num'>{row.unbalanced_triangles}</td>"
                             f"<td class='num'>{row.tension:.2f}</td>"
                             f"<td class='num'>{row.score:.2f}</td><td>{esc(str(row.status))}</td>"
                             "</tr>")
            parts.append("</tbody></table>")
            parts += [f"<p>{esc(x)}</p>" for x in _more(len(self.strained), max_rows) if x]
        parts += _frustration_html(self.frustration, max_rows, level="h4")
        return _fragment(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        ratio = "nan" if math.isnan(self.balance_ratio) else f"{self.balance_ratio:.3f}"
        return (f"BalanceResult(at={self.at!r}, triangles={self.triangles_total}, "
                f"balance_ratio={ratio}, strained={len(self.strained)}, "
                f"frustration={_num(self.frustration.index)})")

    def _name(self, actor: Any) -> str:
        return self.names.get(actor, str(actor))


def balance(graph: ConflictGraph | nx.Graph | pd.DataFrame, *, at: DateLike | None = None,
            exact_limit: int = 60, time_limit: float = 30.0, weighted: bool = False,
            max_triangles: int = 10_000, **params: Any) -> BalanceResult:
    """Structural balance at a date: triangles, census, strained partnerships and frustration.

    Parameters
    ----------
    graph : ConflictGraph, networkx.Graph or pandas.DataFrame
        A graph (its alignment graph at ``at`` is used), a signed undirected graph (every tie with a
        numeric ``sign``; ``0`` means neutral and is left out) or an alignment table.
    at : date-like, optional
        The day, for a ConflictGraph; defaults to the last day of its window or data.
    exact_limit, time_limit, weighted
        See :func:`frustration`.
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
    TypeError
        If an alignment parameter name is unknown.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> result = balance(gc.load(), at="2020-02-04")
    >>> print(result.strained.head(2).to_string(index=False, float_format="{:.2f}".format))
    source  target  unbalanced_triangles  score status  tension
       RUS     TUR                     3   1.24  mixed     3.05
       RUS SYR_GOV                     1   1.60   ally     1.24
    >>> result.frustration.method
    'exact'
    """
    _check_limits(exact_limit, time_limit)
    if max_triangles < 0:
        raise ValueError(f"max_triangles must be >= 0, got {max_triangles}")
    e = signed_edges(graph, at=at, **params)
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
                                 weighted=weighted),
        triangles_total=census["total"], triangles_truncated=len(frame) < census["total"],
        names=e.name_map())


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
def weak_balance_blocs(graph: ConflictGraph | nx.Graph | pd.DataFrame, *,
                       at: DateLike | None = None, k: int | None = None, max_k: int = 8,
                       alpha: float = 0.5, weighted: bool = False, exact_limit: int = 30,
                       time_limit: float = 30.0, **params: Any) -> pd.DataFrame:
    """Blocs under weak balance (Davis 1967): k camps, allies inside, enemies across.

    Minimises the criterion of Doreian & Mrvar (1996), ``alpha * (negative ties within blocs) +
    (1 - alpha) * (positive ties between blocs)`` (ties counted by weight when ``weighted``). Unlike
    strict balance, three mutually hostile camps fit perfectly. Solved exactly (integer program,
    HiGHS) for graphs of at most ``exact_limit`` actors, otherwise by relocation from several
    starts (move one actor at a time to the bloc that lowers the criterion most).

    Parameters
    ----------
    graph, at, **params
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
        ``actor``, ``bloc`` (0..k-1, bloc 0 the largest; ties broken by the smallest actor id),
        sorted by bloc then actor. ``attrs``: ``k`` (blocs found), ``error`` (the criterion),
        ``errors`` (criterion by k tried), ``violations`` (ties against the blocs), ``method``
        (``"exact"`` when every ``k`` tried was solved to proven optimality, else ``"heuristic"``),
        ``alpha``, ``at``.

    Raises
    ------
    ValueError
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
        raise ValueError(f"k and max_k must be >= 1, got k={k}, max_k={max_k}")
    if not 0 <= alpha <= 1:
        raise ValueError(f"alpha must be in [0, 1], got {alpha}")
    _check_limits(exact_limit, time_limit)
    e = signed_edges(graph, at=at, **params)
    labels, attrs = _weak_balance(e, k=k, max_k=max_k, alpha=alpha, weighted=weighted,
                                  exact_limit=exact_limit, time_limit=time_limit)
    frame = pd.DataFrame({"actor": id_array(e.nodes), "bloc": labels.astype(np.int64)})
    frame = frame.sort_values(["bloc"], kind="stable").reset_index(drop=True)
    frame.attrs.update(attrs)
    return frame


def _weak_balance(e: SignedEdges, *, k: int | None, max_k: int, alpha: float, weighted: bool,
                  exact_limit: int, time_limit: float,
                  ) -> tuple[np.ndarray, dict[str, Any]]:
    """Ordered bloc labels and the attrs of :func:`weak_balance_blocs`."""
    costs = e.costs(weighted)
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
    least = min(errors.values())
    chosen = min(kk for kk, err in errors.items() if err <= least + 1e-9)
    labels = order_labels(best[chosen]) if e.n else np.zeros(0, np.int64)
    violations = kbloc_error(e, labels, np.ones(e.m), 0.5) * 2
    attrs = {"k": len(np.unique(labels)), "error": float(errors[chosen]),
             "errors": {int(kk): float(v) for kk, v in errors.items()},
             "violations": round(violations), "method": "exact" if exact else "heuristic",
             "alpha": alpha, "at": e.at}
    return labels, attrs


# --------------------------------------------------------------------------------------- helpers
def _frustration_markdown(result: FrustrationResult, max_rows: int, *,
                          level: str = "##") -> list[str]:
    lines = [f"{level} Frustration", "", md_escape(result.summary()), ""]
    for bloc in (0, 1):
        members = [md_escape(result.names.get(a, str(a))) for a, s in result.blocs.items()
                   if s == bloc]
        if members:
            lines.append(f"- **Bloc {bloc}** ({len(members)}): {', '.join(members)}")
    if len(result.frustrated):
        lines += ["", "| Tie against the blocs | Sign | Weight |", "|---|---|---:|"]
        for row in result.frustrated.head(max_rows).itertuples(index=False):
            lines.append(f"| {md_escape(result.names.get(row.source, str(row.source)))} – "
                         f"{md_escape(result.names.get(row.target, str(row.target)))} | "
                         f"{'+' if row.sign > 0 else '−'} | {row.weight:.2f} |")
        lines += _more(len(result.frustrated), max_rows)
    return lines


def _frustration_html(result: FrustrationResult, max_rows: int, *,
                      level: str = "h3") -> list[str]:
    esc = html.escape
    parts = [f"<{level}>Frustration</{level}>", f"<p>{esc(result.summary())}</p>", "<ul>"]
    for bloc in (0, 1):
        members = [esc(result.names.get(a, str(a))) for a, s in result.blocs.items() if s == bloc]
        if members:
            parts.append(f"<li><strong>Bloc {bloc}</strong> ({len(members)}): "
                         f"{', '.join(members)}</li>")
    parts.append("</ul>")
    if len(result.frustrated):
        parts.append("<table><thead><tr><th>Tie against the blocs</th><th>Sign</th>"
                     "<th>Weight</th></tr></thead><tbody>")
        for row in result.frustrated.head(max_rows).itertuples(index=False):
            parts.append(f"<tr><td>{esc(result.names.get(row.source, str(row.source)))} – "
                         f"{esc(result.names.get(row.target, str(row.target)))}</td>"
                         f"<td>{'+' if row.sign > 0 else '−'}</td>"
                         f"<td class='num'>{row.weight:.2f}</td></tr>")
        parts.append("</tbody></table>")
        parts += [f"<p>{esc(x)}</p>" for x in _more(len(result.frustrated), max_rows) if x]
    return parts


_STYLE = ("<style>.gc-balance{font-family:system-ui,sans-serif;font-size:14px}"
          ".gc-balance table{border-collapse:collapse;margin:.4em 0}"
          ".gc-balance th,.gc-balance td{border:1px solid #ccc;padding:2px 8px;text-align:left}"
          ".gc-balance td.num{text-align:right}</style>")


def _fragment(parts: list[str]) -> str:
    return "<div class='gc-balance'>" + _STYLE + "".join(parts) + "</div>"


def _more(shown_from: int, max_rows: int, total: int | None = None) -> list[str]:
    total = shown_from if total is None else total
    return ["", f"Showing {min(shown_from, max_rows)} of {total}."] if total > max_rows else []


def _signs(row: Any) -> str:
    return " ".join("+" if s > 0 else "−" for s in (row.sign_ab, row.sign_bc, row.sign_ac))


def _num(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.3f}"


def _jsonable(value: Any) -> Any:
    """Plain Python data: numpy scalars unboxed, NaN and missing values as None."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is None:
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    raise GraphlibConflictError(f"cannot represent {type(value).__name__} as JSON")
