"""Signed-graph machinery shared by :mod:`~graphlib_conflict.analytics.balance` and
:mod:`~graphlib_conflict.analytics.blocs`.

Everything here works on :class:`SignedEdges`, integer-indexed edge arrays built once from the input
(a ConflictGraph, a signed ``networkx.Graph`` or an alignment table):

* triangles are enumerated on the degree-ordered orientation of the graph (each edge points from the
  endpoint of lower degree to the higher; every out-degree is then at most ``sqrt(2m)``), in bounded
  chunks of wedges, and counted by sign pattern with one integer sparse matrix product;
* the two-bloc frustration problem is split into biconnected blocks (frustration is additive over
  blocks, which share at most one node), each solved exactly by an integer program (SciPy's HiGHS)
  or, above a size limit, by a stated heuristic with a lower bound;
* the k-bloc (weak balance) problem is solved exactly for small graphs, by relocation otherwise.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from graphlib_conflict.analytics.alignment import AlignmentParams, alignment
from graphlib_conflict.dates import DateLike, day_to_iso, to_day
from graphlib_conflict.exceptions import GraphlibConflictError
from graphlib_conflict.graph import ConflictGraph

__all__ = [
    "BlocSolution",
    "FrustrationSolution",
    "SignedEdges",
    "census_counts",
    "frustration_partition",
    "id_array",
    "iter_triangles",
    "kbloc_partition",
    "order_labels",
    "signed_edges",
    "triangle_arrays",
]

_PARAM_NAMES = tuple(field.name for field in fields(AlignmentParams))
_WEDGE_CHUNK = 1 << 20
"""Wedges (paths a->b->c of the oriented graph) examined at once: bounds memory (~60 MB)."""
_EPS = 1e-9


@dataclass(frozen=True, eq=False)
class SignedEdges:
    """A signed graph as integer-indexed arrays.

    Attributes
    ----------
    nodes : numpy.ndarray
        Actor ids (object array), sorted; a node's index is its position. Only actors with at least
        one non-neutral tie are present.
    names : numpy.ndarray
        Display names, aligned with ``nodes`` (the id where the graph gives no ``name``).
    u, v : numpy.ndarray
        Endpoints of every tie (``int64``, ``u < v``).
    sign : numpy.ndarray
        ``+1``/``-1`` (``int8``).
    weight : numpy.ndarray
        Strength of the tie (``|score|`` for alignment graphs), ``float64``, ``>= 0``.
    score : numpy.ndarray
        Signed score (``sign * weight`` where the graph gives none).
    status : numpy.ndarray
        Alignment status (object array).
    at : str or None
        The day the graph describes (ISO text).
    """

    nodes: np.ndarray
    names: np.ndarray
    u: np.ndarray
    v: np.ndarray
    sign: np.ndarray
    weight: np.ndarray
    score: np.ndarray
    status: np.ndarray
    at: str | None

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def m(self) -> int:
        """Number of ties."""
        return len(self.u)

    def costs(self, weighted: bool) -> np.ndarray:
        """What changing each tie costs: its weight, or 1."""
        return self.weight if weighted else np.ones(self.m)

    def name_map(self) -> dict[Any, str]:
        """Actor id -> display name."""
        return dict(zip(self.nodes.tolist(), self.names.tolist(), strict=True))

    def adjacency(self, values: np.ndarray) -> sp.csr_array:
        """Symmetric ``n x n`` matrix holding ``values`` on both (u, v) and (v, u)."""
        rows = np.concatenate([self.u, self.v])
        cols = np.concatenate([self.v, self.u])
        data = np.concatenate([values, values])
        return sp.csr_array((data, (rows, cols)), shape=(self.n, self.n))

    def frame(self) -> pd.DataFrame:
        """The ties as a table: ``source``, ``target`` (ids, ``source < target``), ``sign``,
        ``weight``, ``score``, ``status``."""
        return pd.DataFrame({
            "source": id_array(self.nodes[self.u]), "target": id_array(self.nodes[self.v]),
            "sign": self.sign.astype(np.int64), "weight": self.weight, "score": self.score,
            "status": pd.array(self.status, dtype="str"),
        })


def id_array(ids: np.ndarray) -> Any:
    """Actor ids as a column: pandas ``str`` when they are text (the usual case), else as given."""
    values = ids.tolist()
    if all(isinstance(x, str) for x in values):
        return pd.array(values, dtype="str")
    column = np.empty(len(values), object)
    column[:] = values
    return column


def signed_edges(graph: ConflictGraph | nx.Graph | pd.DataFrame, *, at: DateLike | None = None,
                 attributes: bool = True, names: pd.Series | None = None,
                 **params: Any) -> SignedEdges:
    """The signed ties of a ConflictGraph at a date, of a signed networkx graph, or of an alignment
    table, as :class:`SignedEdges`. With ``attributes=False`` only the signs are read from a
    networkx graph (weights 1), which is what counting triangles needs; ``names`` (actor id ->
    display name) names the actors of an alignment table.

    Raises
    ------
    GraphlibConflictError
        If a networkx graph is directed or a multigraph, has a tie without a numeric ``sign`` or a
        self-loop, or if alignment parameters (or another date) are given with a graph that is
        already signed.
    TypeError
        If an alignment parameter name is unknown, or ``graph`` is of another type.
    """
    unknown = sorted(set(params) - set(_PARAM_NAMES))
    if unknown:
        raise TypeError(f"unknown alignment parameter(s) {', '.join(map(repr, unknown))}; "
                        f"accepted: {', '.join(_PARAM_NAMES)}")
    if isinstance(graph, nx.Graph):
        if params:
            raise GraphlibConflictError(
                "alignment parameters apply to a ConflictGraph, but a signed networkx graph was "
                f"given (its signs are already set): drop {', '.join(sorted(params))}")
        return _from_networkx(graph, at, attributes)
    if isinstance(graph, pd.DataFrame):
        return _from_table(graph, _at_text(graph.attrs.get("at"), at), names)
    if not hasattr(graph, "relations") or not hasattr(graph, "actors"):
        raise TypeError("expected a ConflictGraph, a signed networkx.Graph or an alignment table, "
                        f"got {type(graph).__name__}")
    table = alignment(graph, at=at, **params)
    names = pd.Series(graph.actors["name"].to_numpy(), index=graph.actors["id"].to_numpy())
    return _from_table(table, table.attrs.get("at"), names)


def _from_table(table: pd.DataFrame, at_text: str | None, names: pd.Series | None) -> SignedEdges:
    """An alignment table's non-neutral pairs as arrays, in one vectorised pass."""
    missing = {"source", "target", "score"} - set(table.columns)
    if missing:
        raise GraphlibConflictError(
            f"an alignment table needs the columns source, target and score; missing "
            f"{', '.join(sorted(missing))}; hint: make one with gc.alignment(graph, at=...)")
    score = table["score"].to_numpy(dtype=np.float64)
    status = (table["status"].to_numpy(dtype=object) if "status" in table.columns
              else np.where(score > 0, "ally", np.where(score < 0, "adversary", "neutral")).astype(object))
    keep = (status != "neutral") & (np.sign(score) != 0) & np.isfinite(score)
    source = table["source"].to_numpy(dtype=object)[keep]
    target = table["target"].to_numpy(dtype=object)[keep]
    if (source == target).any():
        raise GraphlibConflictError(f"the alignment table pairs {source[source == target][0]!r} with "
                                    "itself; balance is defined between distinct actors")
    nodes, codes = np.unique(np.concatenate([source, target]).astype(str), return_inverse=True)
    u, v = codes[: len(source)], codes[len(source):]
    score = score[keep]
    swap = u > v
    u, v = np.where(swap, v, u), np.where(swap, u, v)
    # a canonical tie order, so that solvers break ties between equally good blocs the same way
    # whichever way the table was built
    order = np.lexsort((v, u))
    u, v, score, status = u[order], v[order], score[order], status[keep][order]
    node_ids = nodes.astype(object)
    if names is None:
        display = node_ids
    else:
        display = pd.Series(node_ids).map(names).fillna(pd.Series(node_ids)).to_numpy(dtype=object)
    return SignedEdges(nodes=node_ids, names=display, u=u.astype(np.int64), v=v.astype(np.int64),
                       sign=np.sign(score).astype(np.int8), weight=np.abs(score), score=score,
                       status=status, at=at_text)


def _from_networkx(G: nx.Graph, at: DateLike | None, attributes: bool = True) -> SignedEdges:
    if G.is_directed() or G.is_multigraph():
        raise GraphlibConflictError(
            f"a signed graph must be an undirected simple networkx.Graph, got {type(G).__name__}; "
            "hint: use gc.alignment_graph(graph, at=...) or nx.Graph(G.to_undirected())")
    at_text = _at_text(G.graph.get("at"), at)
    nodes_all = list(G.nodes)
    try:
        nodes_all.sort()
    except TypeError:
        nodes_all.sort(key=str)
    index = {node: i for i, node in enumerate(nodes_all)}
    # One pass over the raw adjacency dicts, each tie taken from its lower-indexed end: several times
    # faster than G.edges(data=True) on graphs with 10^5 ties.
    if attributes:
        rows = [(ia, ib, d.get("sign"), d.get("weight", 1.0), d.get("score"), d.get("status"))
                for a, nbrs in G.adjacency() for ia in (index[a],)
                for b, d in nbrs.items() for ib in (index[b],) if ib >= ia]
    else:
        rows = [(ia, ib, d.get("sign")) for a, nbrs in G.adjacency() for ia in (index[a],)
                for b, d in nbrs.items() for ib in (index[b],) if ib >= ia]
    columns = [[row[k] for row in rows] for k in range(6 if attributes else 3)]
    u = np.array(columns[0], np.int64)
    v = np.array(columns[1], np.int64)
    raw_sign = _numeric(columns[2], rows, nodes_all, "sign", required=True)
    if attributes:
        weight = _numeric(columns[3], rows, nodes_all, "weight")
        score = _numeric(columns[4], rows, nodes_all, "score")
        status = np.array(columns[5], dtype=object)
        weight = np.where(np.isnan(weight), 1.0, weight)
    else:
        weight, score, status = np.ones(len(u)), np.full(len(u), np.nan), np.full(len(u), None)
    if (u == v).any():
        k = int(np.flatnonzero(u == v)[0])
        raise GraphlibConflictError(
            f"the signed graph has a self-loop on {nodes_all[u[k]]!r}; balance is defined between "
            "distinct actors; hint: G.remove_edges_from(nx.selfloop_edges(G))")
    keep = raw_sign != 0
    sign = np.sign(raw_sign[keep]).astype(np.int8)
    u, v, weight, score, status = u[keep], v[keep], np.abs(weight[keep]), score[keep], status[keep]
    score = np.where(np.isnan(score), sign * weight, score)
    default_status = np.where(sign > 0, "ally", "adversary")
    status = np.where(pd.isna(status), default_status, status).astype(object)
    swap = u > v
    u, v = np.where(swap, v, u), np.where(swap, u, v)
    used = np.unique(np.concatenate([u, v]))
    remap = np.full(len(nodes_all), -1, np.int64)
    remap[used] = np.arange(len(used))
    nodes = np.empty(len(used), object)
    nodes[:] = [nodes_all[i] for i in used]
    names = np.empty(len(used), object)
    names[:] = [str(G.nodes[node].get("name") or node) for node in nodes]
    return SignedEdges(nodes=nodes, names=names, u=remap[u], v=remap[v], sign=sign, weight=weight,
                       score=score.astype(np.float64), status=status, at=at_text)


def _numeric(values: list[Any], ties: list[tuple[Any, ...]], nodes: list[Any],
             attribute: str, *, required: bool = False) -> np.ndarray:
    """A tie attribute as floats (NaN where absent); a non-numeric or infinite value, or a missing
    one where ``required``, is an error naming the tie."""

    def acceptable(x: object) -> bool:
        if x is None:
            return not required
        return (isinstance(x, (int, float, np.integer, np.floating))
                and not isinstance(x, (bool, np.bool_)) and math.isfinite(x))

    numeric = all(kind is type(None) or (issubclass(kind, (int, float, np.integer, np.floating))
                                         and not issubclass(kind, (bool, np.bool_)))
                  for kind in set(map(type, values)))
    if numeric:
        array = np.array(values, dtype=np.float64)
        if not (np.isinf(array).any() or (required and np.isnan(array).any())):
            return array
    k = next(i for i, x in enumerate(values) if not acceptable(x))
    a, b = nodes[ties[k][0]], nodes[ties[k][1]]
    hint = ("every tie of a signed graph needs a numeric 'sign' (+1 or -1; 0 for neutral); hint: "
            "build one with gc.alignment_graph(graph, at=...)") if attribute == "sign" \
        else f"'{attribute}' must be a finite number where given"
    raise GraphlibConflictError(f"tie ({a!r}, {b!r}) has {attribute} {values[k]!r}; {hint}")


def _at_text(stored: object, given: DateLike | None) -> str | None:

    given_text = None if given is None else day_to_iso(to_day(given))
    stored_text = None if stored is None else day_to_iso(to_day(stored))  # type: ignore[arg-type]
    if given_text and stored_text and given_text != stored_text:
        raise GraphlibConflictError(
            f"this signed graph describes {stored_text}, but at={given_text} was asked; "
            "hint: pass the ConflictGraph itself to analyse another date")
    return given_text or stored_text


# --------------------------------------------------------------------------------------- triangles
@dataclass(frozen=True)
class _Oriented:
    """The degree-ordered orientation as CSR arrays in rank space (rank = position by degree)."""

    indptr: np.ndarray
    indices: np.ndarray
    rows: np.ndarray
    edge: np.ndarray
    n: int


def _orient(e: SignedEdges) -> _Oriented:
    deg = np.bincount(np.concatenate([e.u, e.v]), minlength=e.n)
    rank = np.empty(e.n, np.int64)
    rank[np.lexsort((np.arange(e.n), deg))] = np.arange(e.n)
    ru, rv = rank[e.u], rank[e.v]
    lo, hi = np.minimum(ru, rv), np.maximum(ru, rv)
    perm = np.lexsort((hi, lo))
    indptr = np.zeros(e.n + 1, np.int64)
    np.cumsum(np.bincount(lo, minlength=e.n), out=indptr[1:])
    return _Oriented(indptr=indptr, indices=hi[perm], rows=lo[perm], edge=perm, n=e.n)


def census_counts(e: SignedEdges) -> np.ndarray:
    """Triangles by number of negative ties, ``[+++, ++-, +--, ---]``, without listing them.

    One integer sparse product ``W = U @ U`` of the oriented adjacency, with a positive tie held as
    1 and a negative one as ``B`` (a power of two above the largest out-degree), so that ``W[a, c]``
    encodes in base ``B`` how many wedges ``a -> b -> c`` have 0, 1 and 2 negative ties; read at
    the closing ties ``a -> c`` (split by their sign) this gives the four counts exactly.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edges_from([(0, 1, {"sign": 1}), (1, 2, {"sign": 1}), (0, 2, {"sign": -1})])
    >>> census_counts(signed_edges(G)).tolist()
    [0, 1, 0, 0]
    """
    counts = np.zeros(4, np.int64)
    if e.m < 3:
        return counts
    o = _orient(e)
    outdeg = np.diff(o.indptr)
    base = 1 << int(outdeg.max()).bit_length()
    negative = e.sign[o.edge] < 0
    oriented = sp.csr_array((np.where(negative, base, 1).astype(np.int64), o.indices, o.indptr),
                            shape=(o.n, o.n))
    wedges = oriented @ oriented
    for closing_negative in (False, True):
        closing = (negative == closing_negative).astype(np.int64)
        mask = sp.csr_array((closing, o.indices, o.indptr), shape=(o.n, o.n))
        d = wedges.multiply(mask).data
        by_wedge = [(d % base).sum(), (d // base % base).sum(), (d // (base * base)).sum()]
        counts[int(closing_negative):int(closing_negative) + 3] += np.array(by_wedge)
    return counts


def iter_triangles(e: SignedEdges, chunk: int = _WEDGE_CHUNK) -> Iterator[np.ndarray]:
    """Every triangle once, as ``(t, 3)`` arrays of tie indices, in chunks of at most ``chunk``
    wedges examined (so memory stays bounded on graphs with millions of triangles)."""
    if e.m < 3:
        return
    o = _orient(e)
    outdeg = np.diff(o.indptr)
    wedges = outdeg[o.indices]
    cum = np.cumsum(wedges)
    keys = o.rows * o.n + o.indices
    start = 0
    while start < len(o.indices):
        before = cum[start - 1] if start else 0
        end = max(int(np.searchsorted(cum, before + chunk, side="right")), start + 1)
        p = np.arange(start, end)
        cnt = wedges[p]
        total = int(cnt.sum())
        start = end
        if not total:
            continue
        offset = np.cumsum(cnt) - cnt
        second = np.repeat(o.indptr[o.indices[p]] - offset, cnt) + np.arange(total)
        first = np.repeat(p, cnt)
        key = o.rows[first] * o.n + o.indices[second]
        third = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        hit = keys[third] == key
        if hit.any():
            yield np.stack([o.edge[first[hit]], o.edge[second[hit]], o.edge[third[hit]]], axis=1)


def triangle_arrays(e: SignedEdges, tri: np.ndarray) -> dict[str, np.ndarray]:
    """Node indices ``a < b < c`` and the signs and tie indices of ``ab``, ``bc``, ``ac`` of
    triangles given as tie-index triples."""
    low, high = e.u[tri], e.v[tri]
    a, c = low.min(axis=1), high.max(axis=1)
    b = (low.sum(axis=1) + high.sum(axis=1)) // 2 - a - c
    is_ac = (a[:, None] == low) & (c[:, None] == high)
    is_ab = (a[:, None] == low) & (b[:, None] == high)
    is_bc = b[:, None] == low
    col = np.arange(len(tri))
    e_ab = tri[col, is_ab.argmax(axis=1)]
    e_bc = tri[col, is_bc.argmax(axis=1)]
    e_ac = tri[col, is_ac.argmax(axis=1)]
    return {"a": a, "b": b, "c": c, "e_ab": e_ab, "e_bc": e_bc, "e_ac": e_ac,
            "sign_ab": e.sign[e_ab], "sign_bc": e.sign[e_bc], "sign_ac": e.sign[e_ac]}


# --------------------------------------------------------------------------- frustration (2 blocs)
@dataclass(frozen=True)
class FrustrationSolution:
    """Sides (0/1 per node), the cost of the ties they violate, and the bounds on the optimum."""

    sides: np.ndarray
    upper: float
    lower: float
    exact: bool
    blocks: int
    heuristic_blocks: int


def frustration_partition(e: SignedEdges, *, weighted: bool, exact_limit: int,
                          time_limit: float) -> FrustrationSolution:
    """Two sides minimising the cost of the ties they violate (the frustration index).

    The graph is cut into biconnected blocks; a block that is one tie, or already balanced, is
    solved directly; a block of at most ``exact_limit`` nodes by the integer program of Aref &
    Wilson (binary sides ``x``, a violation variable per tie, plus the triangle inequalities of the
    cut polytope as cuts); a larger block (or one whose program runs out of time) by
    :func:`_heuristic_sides`, with :func:`_packing_bound` (or the solver's dual bound) as its lower
    bound. ``time_limit`` (seconds) is shared by all blocks.
    """
    # Counting ties, many splits often tie for the fewest; among them prefer the one that goes against
    # the weakest ties: each tie costs 1 plus a share of its strength, the shares summing to less
    # than one tie, so the count is still minimised first.
    costs = e.weight if weighted else 1.0 + e.weight / (e.weight.sum() + 1.0)
    deadline = time.perf_counter() + time_limit
    sides = np.zeros(e.n, np.int8)
    if e.m == 0:
        return FrustrationSolution(sides, 0.0, 0.0, True, 0, 0)
    blocks = _biconnected_blocks(e)
    lower = 0.0
    exact = True
    heuristic_blocks = 0
    local: list[tuple[np.ndarray, np.ndarray]] = []
    for edges in sorted(blocks, key=len):
        nodes, block_sides, block_lower, block_exact = _solve_block(
            e, edges, costs, weighted=True, exact_limit=exact_limit, deadline=deadline)
        local.append((nodes, block_sides))
        lower += block_lower
        exact &= block_exact
        heuristic_blocks += not block_exact
    sides = _join_blocks(e.n, local)
    upper = float(costs[_violated(e, sides)].sum())
    lower = min(lower, upper)
    if not weighted:
        # back from tie-broken costs to the count: a split violating c ties costs in [c, c + 1)
        upper = float(_violated(e, sides).sum())
        lower = min(float(math.floor(lower + 1e-9)), upper)
    if exact:
        lower = upper
    sides = _orient_sides(e, sides)
    return FrustrationSolution(sides, upper, lower, exact, len(blocks), heuristic_blocks)


def _violated(e: SignedEdges, sides: np.ndarray) -> np.ndarray:
    same = sides[e.u] == sides[e.v]
    return same != (e.sign > 0)


def _biconnected_blocks(e: SignedEdges) -> list[np.ndarray]:
    """Tie indices of each biconnected block (a bridge is a block of one tie)."""
    simple = nx.Graph()
    simple.add_edges_from(zip(e.u.tolist(), e.v.tolist(), strict=True))
    keys = e.u * e.n + e.v
    order = np.argsort(keys)
    sorted_keys = keys[order]
    blocks = []
    for component in nx.biconnected_component_edges(simple):
        pairs = np.asarray(component, dtype=np.int64)
        lo, hi = pairs.min(axis=1), pairs.max(axis=1)
        blocks.append(order[np.searchsorted(sorted_keys, lo * e.n + hi)])
    return blocks


def _join_blocks(n: int, local: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Glue block solutions at their cut nodes: flipping a whole block keeps its cost, so each block
    is flipped to agree with the side its (one) already placed node has."""
    sides = np.full(n, -1, np.int8)
    blocks_of: dict[int, list[int]] = {}
    for b, (nodes, _) in enumerate(local):
        for node in nodes.tolist():
            blocks_of.setdefault(node, []).append(b)
    placed = np.zeros(len(local), bool)
    for root in range(len(local)):
        if placed[root]:
            continue
        queue = deque([root])
        placed[root] = True
        while queue:
            b = queue.popleft()
            nodes, block_sides = local[b]
            known = sides[nodes] >= 0
            if known.any():
                i = int(np.flatnonzero(known)[0])
                if block_sides[i] != sides[nodes[i]]:
                    block_sides = 1 - block_sides
            sides[nodes] = block_sides
            for node in nodes.tolist():
                for other in blocks_of[node]:
                    if not placed[other]:
                        placed[other] = True
                        queue.append(other)
    return np.where(sides < 0, 0, sides).astype(np.int8)


def _orient_sides(e: SignedEdges, sides: np.ndarray) -> np.ndarray:
    """In each connected component, the larger side is 0 (on a tie, the side of the first actor)."""
    _, comp = connected_components(e.adjacency(np.ones(e.m)), directed=False)
    size1 = np.bincount(comp, weights=sides, minlength=comp.max() + 1)
    size = np.bincount(comp, minlength=comp.max() + 1)
    first = np.full(comp.max() + 1, e.n)
    np.minimum.at(first, comp, np.arange(e.n))
    flip = (size1 > size - size1) | ((size1 * 2 == size) & (sides[first] == 1))
    return np.where(flip[comp], 1 - sides, sides).astype(np.int8)


def _solve_block(e: SignedEdges, edges: np.ndarray, costs: np.ndarray, *, weighted: bool,
                 exact_limit: int, deadline: float) -> tuple[np.ndarray, np.ndarray, float, bool]:
    """Solve one block: (its nodes, their sides, a lower bound, whether an exact method solved it
    to proven optimality; a heuristic block reports False even when its bounds meet)."""
    nodes, inverse = np.unique(np.concatenate([e.u[edges], e.v[edges]]), return_inverse=True)
    bu, bv = inverse[: len(edges)], inverse[len(edges):]
    sign = e.sign[edges].astype(np.float64)
    cost = costs[edges]
    if len(edges) == 1:
        return nodes, np.array([0, 0 if sign[0] > 0 else 1], np.int8), 0.0, True
    tree = _tree_sides(len(nodes), bu, bv, sign)
    if not (((tree[bu] == tree[bv]) != (sign > 0)) & (cost > 0)).any():
        return nodes, tree, 0.0, True
    block = _subgraph(e, edges, nodes, bu, bv)
    triangles = np.concatenate(list(iter_triangles(block)) or [np.empty((0, 3), np.int64)])
    solved = None
    if len(nodes) <= exact_limit:
        solved = _milp_sides(len(nodes), bu, bv, sign, cost, triangles, weighted, deadline)
        if solved is not None and solved[2]:
            return nodes, solved[0], solved[1], True
    sides = _heuristic_sides(len(nodes), bu, bv, sign, cost, tree, deadline)
    unbalanced = triangles[np.prod(sign[triangles], axis=1) < 0]
    lower = _packing_bound(unbalanced, cost, weighted)
    if solved is not None:
        candidate, bound = solved[0], solved[1]
        if _cost(candidate, bu, bv, sign, cost) < _cost(sides, bu, bv, sign, cost):
            sides = candidate
        lower = max(lower, bound)
    upper = _cost(sides, bu, bv, sign, cost)
    return nodes, sides, min(lower, upper), False


def _subgraph(e: SignedEdges, edges: np.ndarray, nodes: np.ndarray, bu: np.ndarray,
              bv: np.ndarray) -> SignedEdges:
    return SignedEdges(nodes=nodes, names=nodes, u=bu, v=bv, sign=e.sign[edges],
                       weight=e.weight[edges], score=e.score[edges], status=e.status[edges],
                       at=None)


def _cost(sides: np.ndarray, u: np.ndarray, v: np.ndarray, sign: np.ndarray,
          cost: np.ndarray) -> float:
    return float(cost[(sides[u] == sides[v]) != (sign > 0)].sum())


def _tree_sides(n: int, u: np.ndarray, v: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """Sides that satisfy every tie of a breadth-first spanning tree (all ties, if balanced)."""
    adj = sp.csr_array((np.ones(2 * len(u)), (np.concatenate([u, v]), np.concatenate([v, u]))),
                       shape=(n, n))
    order, parent = breadth_first_order(adj, 0, directed=False, return_predecessors=True)
    keys = np.minimum(u, v) * n + np.maximum(u, v)
    by_key = np.argsort(keys)
    child, above = order[1:], parent[order[1:]]
    wanted = np.minimum(child, above) * n + np.maximum(child, above)
    tie = sign[by_key[np.searchsorted(keys[by_key], wanted)]]
    spin = np.ones(n)
    for node, p, s in zip(child.tolist(), above.tolist(), tie.tolist(), strict=True):
        spin[node] = spin[p] * s
    return (spin < 0).astype(np.int8)


def _milp_sides(n: int, u: np.ndarray, v: np.ndarray, sign: np.ndarray, cost: np.ndarray,
                triangles: np.ndarray, weighted: bool,
                deadline: float) -> tuple[np.ndarray, float, bool] | None:
    """Aref & Wilson's binary program: minimise ``sum c_ij f_ij`` with, for a positive tie,
    ``f >= x_i - x_j`` and ``f >= x_j - x_i``, and for a negative one ``f >= 1 - x_i - x_j`` and
    ``f >= x_i + x_j - 1``. One node of highest degree is fixed to side 0 (the two labellings are
    symmetric). Triangle inequalities (an unbalanced triangle has an odd number of violated ties, a
    balanced one an even number) tighten the relaxation.

    Returns (sides, lower bound, proven optimal), or None when no solution was found in time.
    """
    remaining = deadline - time.perf_counter()
    if remaining <= 0:
        return None
    m = len(u)
    rows, cols, vals, lows, highs = [], [], [], [], []

    def add(terms: list[tuple[np.ndarray, float]], low: np.ndarray, high: np.ndarray) -> None:
        first = sum(len(r) for r in lows)
        count = len(low)
        for column, coef in terms:
            rows.append(first + np.arange(count))
            cols.append(column)
            vals.append(np.full(count, coef))
        lows.append(low)
        highs.append(high)

    f = n + np.arange(m)
    pos, neg = sign > 0, sign < 0
    inf = np.inf
    # positive tie: f - x_i + x_j >= 0 and f + x_i - x_j >= 0
    for a, b in ((u, v), (v, u)):
        add([(f[pos], 1.0), (a[pos], -1.0), (b[pos], 1.0)], np.zeros(pos.sum()),
            np.full(pos.sum(), inf))
    # negative tie: f + x_i + x_j >= 1 and f - x_i - x_j >= -1
    add([(f[neg], 1.0), (u[neg], 1.0), (v[neg], 1.0)], np.ones(neg.sum()), np.full(neg.sum(), inf))
    add([(f[neg], 1.0), (u[neg], -1.0), (v[neg], -1.0)], -np.ones(neg.sum()),
        np.full(neg.sum(), inf))
    if len(triangles):
        odd = np.prod(sign[triangles], axis=1) < 0
        t = triangles[odd]
        add([(n + t[:, 0], 1.0), (n + t[:, 1], 1.0), (n + t[:, 2], 1.0)], np.ones(len(t)),
            np.full(len(t), inf))
        t = triangles[~odd]
        for k in range(3):
            others = [j for j in range(3) if j != k]
            add([(n + t[:, others[0]], 1.0), (n + t[:, others[1]], 1.0), (n + t[:, k], -1.0)],
                np.zeros(len(t)), np.full(len(t), inf))
    matrix = sp.csr_array((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(int(sum(len(x) for x in lows)), n + m))
    degree = np.bincount(np.concatenate([u, v]), minlength=n)
    upper_x = np.ones(n)
    upper_x[int(degree.argmax())] = 0.0
    c = np.concatenate([np.zeros(n), cost])
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    res = milp(c, integrality=integrality,
               bounds=Bounds(np.zeros(n + m), np.concatenate([upper_x, np.ones(m)])),
               constraints=LinearConstraint(matrix, np.concatenate(lows), np.concatenate(highs)),
               options={"time_limit": max(remaining, 0.01), "mip_rel_gap": 1e-9, "disp": False})
    if res.x is None:
        return None
    sides = (res.x[:n] > 0.5).astype(np.int8)
    value = _cost(sides, u, v, sign, cost)
    bound = getattr(res, "mip_dual_bound", None)
    if res.status == 0:
        return sides, value, True
    bound = 0.0 if bound is None or not math.isfinite(bound) else float(bound)
    if not weighted:
        bound = math.ceil(bound - 1e-6)
    return sides, bound, bound >= value - _EPS


def _heuristic_sides(n: int, u: np.ndarray, v: np.ndarray, sign: np.ndarray, cost: np.ndarray,
                     tree: np.ndarray, deadline: float, *, seed: int = 0) -> np.ndarray:
    """Iterated local search. Starts: the spanning-tree sides; the signs of the leading eigenvector
    of the weighted signed adjacency matrix (spectral); and six weak-balance blocs (by relocation)
    put on the two sides in the best of the 32 ways. Each start descends by flipping at once every
    node of an independent set of improving nodes until none improves. Then the best
    sides are perturbed (half the time a random node and about half its neighbours switch side
    together, otherwise 1-8% of the nodes at random) and descended again, keeping improvements,
    until ``patience`` rounds in a row bring none (300 up to 2,000 nodes, 30 above) or the deadline
    passes."""
    rng = np.random.default_rng(seed)
    adj = sp.csr_array((np.concatenate([sign * cost, sign * cost]),
                        (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(n, n))
    starts = [1.0 - 2.0 * tree]
    spectral = _leading_eigenvector(adj)
    if spectral is not None:
        starts.append(np.where(spectral >= 0, 1.0, -1.0))
    k = min(6, n)
    rows, cols = np.concatenate([u, v]), np.concatenate([v, u])
    neg = sp.csr_array((np.concatenate([cost, cost]) * (np.concatenate([sign, sign]) < 0),
                        (rows, cols)), shape=(n, n))
    pos = sp.csr_array((np.concatenate([cost, cost]) * (np.concatenate([sign, sign]) > 0),
                        (rows, cols)), shape=(n, n))
    labels = _relocate(rng.integers(0, k, n), k, neg, pos, 0.5, rng, deadline)
    starts.append(1.0 - 2.0 * _group_sides(labels, k, u, v, sign, cost)[labels])
    descended = [_descend(start.copy(), adj, u, v, rng) for start in starts]
    values = [_spin_cost(spin, u, v, sign, cost) for spin in descended]
    best, best_cost = descended[int(np.argmin(values))], min(values)
    patience = 300 if n <= 2000 else 30
    idle = 0
    while idle < patience and time.perf_counter() < deadline:
        trial = best.copy()
        if rng.random() < 0.5:
            centre = int(rng.integers(n))
            around = adj.indices[adj.indptr[centre]:adj.indptr[centre + 1]]
            trial[np.append(around[rng.random(len(around)) < 0.5], centre)] *= -1
        else:
            trial[rng.random(n) < rng.uniform(0.01, 0.08)] *= -1
        trial = _descend(trial, adj, u, v, rng)
        value = _spin_cost(trial, u, v, sign, cost)
        if value < best_cost - _EPS:
            best, best_cost, idle = trial, value, 0
        else:
            idle += 1
    return (best < 0).astype(np.int8)


def _group_sides(labels: np.ndarray, k: int, u: np.ndarray, v: np.ndarray, sign: np.ndarray,
                 cost: np.ndarray) -> np.ndarray:
    """The side (0/1) of each of ``k`` blocs that violates the least cost, over all ``2^(k-1)``
    ways (bloc 0 on side 0)."""
    positive = np.zeros((k, k))
    negative = np.zeros((k, k))
    np.add.at(positive, (labels[u], labels[v]), np.where(sign > 0, cost, 0.0))
    np.add.at(negative, (labels[u], labels[v]), np.where(sign < 0, cost, 0.0))
    ways = np.arange(2 ** (k - 1))
    side = np.zeros((len(ways), k), np.int8)
    side[:, 1:] = (ways[:, None] >> np.arange(k - 1)[None, :]) & 1
    same = side[:, :, None] == side[:, None, :]
    violated = (same * negative).sum(axis=(1, 2)) + (~same * positive).sum(axis=(1, 2))
    return side[int(violated.argmin())]


def _spin_cost(spin: np.ndarray, u: np.ndarray, v: np.ndarray, sign: np.ndarray,
               cost: np.ndarray) -> float:
    return float(cost[spin[u] * spin[v] * sign < 0].sum())


def _leading_eigenvector(adj: sp.csr_array) -> np.ndarray | None:
    from scipy.sparse.linalg import ArpackNoConvergence, eigsh

    n = adj.shape[0]
    if n <= 600:
        return np.linalg.eigh(adj.toarray())[1][:, -1]
    try:
        return eigsh(adj.astype(np.float64), k=1, which="LA", tol=1e-4, maxiter=20 * n)[1][:, 0]
    except ArpackNoConvergence:
        return None


def _descend(spin: np.ndarray, adj: sp.csr_array, u: np.ndarray, v: np.ndarray,
             rng: np.random.Generator) -> np.ndarray:
    """Flip improving nodes until none improves. Flipping node i changes the cost by
    ``g_i = spin_i * (adj @ spin)_i``; nodes that improve (``g_i < 0``) and are not adjacent to a
    better improving node are flipped together, so the gains add up exactly."""
    while True:
        gain = spin * (adj @ spin)
        improving = gain < -_EPS
        if not improving.any():
            return spin
        priority = gain + rng.random(len(spin)) * _EPS
        both = improving[u] & improving[v]
        losers = np.where(priority[u[both]] <= priority[v[both]], v[both], u[both])
        improving[losers] = False
        spin[improving] *= -1


def _packing_bound(unbalanced: np.ndarray, cost: np.ndarray, weighted: bool, *,
                   rounds: int = 60, seed: int = 0) -> float:
    """A lower bound on the frustration: a packing of unbalanced triangles, each tie used up to its
    cost. Every unbalanced triangle needs at least one of its ties changed, so the packed amounts
    form a feasible dual of the covering program and their sum is a lower bound. Built in rounds:
    each tie picks its lowest-priority live triangle, triangles picked by all three of their ties
    are packed (they share no tie) with the smallest residual cost of their ties."""
    if not len(unbalanced):
        return 0.0
    rng = np.random.default_rng(seed)
    residual = cost.astype(np.float64).copy()
    tri = unbalanced
    total = 0.0
    for _ in range(rounds):
        tri = tri[(residual[tri] > _EPS).all(axis=1)]
        if not len(tri):
            break
        priority = rng.permutation(len(tri))
        best = np.full(len(residual), len(tri))
        for k in range(3):
            np.minimum.at(best, tri[:, k], priority)
        chosen = (best[tri] == priority[:, None]).all(axis=1)
        packed = tri[chosen]
        amount = residual[packed].min(axis=1)
        total += float(amount.sum())
        for k in range(3):
            residual[packed[:, k]] -= amount
    return float(math.floor(total + 1e-9)) if not weighted else total


# --------------------------------------------------------------------------------- k blocs (weak)
@dataclass(frozen=True)
class BlocSolution:
    """Labels (0..k-1, not yet ordered), the criterion value, and whether it is proven optimal."""

    labels: np.ndarray
    error: float
    exact: bool


def kbloc_error(e: SignedEdges, labels: np.ndarray, costs: np.ndarray, alpha: float) -> float:
    """``alpha * (negative ties within blocs) + (1 - alpha) * (positive ties between blocs)``."""
    same = labels[e.u] == labels[e.v]
    return float(alpha * costs[(e.sign < 0) & same].sum()
                 + (1 - alpha) * costs[(e.sign > 0) & ~same].sum())


def kbloc_partition(e: SignedEdges, k: int, *, costs: np.ndarray, alpha: float, exact_limit: int,
                    deadline: float, starts: list[np.ndarray], seed: int = 0) -> BlocSolution:
    """At most ``k`` blocs minimising :func:`kbloc_error`: exactly (an integer program) when the
    graph has at most ``exact_limit`` nodes and the solver proves optimality in time, otherwise by
    relocation (Doreian & Mrvar): from the given starts and random ones, move single nodes to the
    bloc that lowers the error most until no move helps."""
    if k <= 1 or e.n <= 1:
        labels = np.zeros(e.n, np.int64)
        return BlocSolution(labels, kbloc_error(e, labels, costs, alpha), True)
    best = _relocate_multistart(e, k, costs, alpha, deadline, starts, seed)
    best_error = kbloc_error(e, best, costs, alpha)
    if best_error <= _EPS:
        return BlocSolution(best, best_error, True)
    if e.n <= exact_limit:
        solved = _kbloc_milp(e, k, costs, alpha, deadline)
        if solved is not None:
            labels, bound, optimal = solved
            error = kbloc_error(e, labels, costs, alpha)
            if error < best_error - _EPS:
                best, best_error = labels, error
            if optimal or bound >= best_error - _EPS:
                return BlocSolution(best, best_error, True)
    return BlocSolution(best, best_error, False)


def _relocate_multistart(e: SignedEdges, k: int, costs: np.ndarray, alpha: float, deadline: float,
                         starts: list[np.ndarray], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    neg = e.adjacency(np.where(e.sign < 0, costs, 0.0))
    pos = e.adjacency(np.where(e.sign > 0, costs, 0.0))
    pending = [s % k for s in starts] + [rng.integers(0, k, e.n)]
    restarts = 12 if e.n <= 500 else 3
    best = _relocate(pending[0].astype(np.int64), k, neg, pos, alpha, rng, deadline)
    best_error = kbloc_error(e, best, costs, alpha)
    for r in range(1, len(pending) + restarts):
        if time.perf_counter() > deadline:
            break
        labels = pending[r] if r < len(pending) else rng.integers(0, k, e.n)
        labels = _relocate(labels.astype(np.int64), k, neg, pos, alpha, rng, deadline)
        error = kbloc_error(e, labels, costs, alpha)
        if error < best_error - _EPS:
            best, best_error = labels, error
    return best


def _relocate(labels: np.ndarray, k: int, neg: sp.csr_array, pos: sp.csr_array, alpha: float,
              rng: np.random.Generator, deadline: float) -> np.ndarray:
    n = len(labels)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), labels] = 1.0
    neg_in = neg @ onehot
    pos_in = pos @ onehot
    pos_total = pos_in.sum(axis=1)
    moved = True
    while moved and time.perf_counter() <= deadline:
        moved = False
        for i in rng.permutation(n).tolist():
            place = alpha * neg_in[i] + (1 - alpha) * (pos_total[i] - pos_in[i])
            old, new = labels[i], int(place.argmin())
            if place[new] < place[old] - _EPS:
                for matrix, inside in ((neg, neg_in), (pos, pos_in)):
                    lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
                    nbrs, w = matrix.indices[lo:hi], matrix.data[lo:hi]
                    inside[nbrs, old] -= w
                    inside[nbrs, new] += w
                labels[i] = new
                moved = True
    return labels


def _kbloc_milp(e: SignedEdges, k: int, costs: np.ndarray, alpha: float,
                deadline: float) -> tuple[np.ndarray, float, bool] | None:
    """Binary ``x[i, c]`` (node i in bloc c, one bloc each; the i-th node by degree may only use
    blocs ``<= i``, which removes relabelling symmetry), a violation variable per tie: for a
    negative tie ``y >= x[i, c] + x[j, c] - 1`` for every c, for a positive one
    ``z >= x[i, c] - x[j, c]`` and ``z >= x[j, c] - x[i, c]``."""
    remaining = deadline - time.perf_counter()
    if remaining <= 0:
        return None
    n, m = e.n, e.m
    degree = np.bincount(np.concatenate([e.u, e.v]), minlength=n)
    position = np.empty(n, np.int64)
    position[np.argsort(-degree, kind="stable")] = np.arange(n)
    nx_vars = n * k
    rows, cols, vals, lows = [], [], [], []
    count = 0

    def x(node: np.ndarray, c: int) -> np.ndarray:
        return node * k + c

    def add(terms: list[tuple[np.ndarray, float]], low: float, size: int) -> None:
        nonlocal count
        for column, coef in terms:
            rows.append(count + np.arange(size))
            cols.append(column)
            vals.append(np.full(size, coef))
        lows.append(np.full(size, low))
        count += size

    nodes = np.arange(n)
    add([(x(nodes, c), 1.0) for c in range(k)], 1.0, n)
    viol = nx_vars + np.arange(m)
    negative, positive = np.flatnonzero(e.sign < 0), np.flatnonzero(e.sign > 0)
    for c in range(k):
        add([(viol[negative], 1.0), (x(e.u[negative], c), -1.0), (x(e.v[negative], c), -1.0)],
            -1.0, len(negative))
        for a, b in ((e.u, e.v), (e.v, e.u)):
            add([(viol[positive], 1.0), (x(a[positive], c), -1.0), (x(b[positive], c), 1.0)],
                0.0, len(positive))
    matrix = sp.csr_array((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(count, nx_vars + m))
    low = np.concatenate(lows)
    high = np.full(count, np.inf)
    high[:n] = 1.0
    upper = np.ones(nx_vars + m)
    allowed = np.arange(k)[None, :] <= position[:, None]
    upper[:nx_vars] = allowed.ravel().astype(np.float64)
    weight = np.where(e.sign < 0, alpha, 1 - alpha) * costs
    res = milp(np.concatenate([np.zeros(nx_vars), weight]),
               integrality=np.concatenate([np.ones(nx_vars), np.zeros(m)]),
               bounds=Bounds(np.zeros(nx_vars + m), upper),
               constraints=LinearConstraint(matrix, low, high),
               options={"time_limit": max(remaining, 0.01), "mip_rel_gap": 1e-9, "disp": False})
    if res.x is None:
        return None
    labels = res.x[:nx_vars].reshape(n, k).argmax(axis=1).astype(np.int64)
    bound = getattr(res, "mip_dual_bound", None)
    bound = 0.0 if bound is None or not math.isfinite(bound) else float(bound)
    return labels, bound, res.status == 0


def order_labels(labels: np.ndarray) -> np.ndarray:
    """Relabel blocs ``0..k-1`` by decreasing size, ties by their first member's index.

    Examples
    --------
    >>> order_labels(np.array([5, 2, 2, 5, 7, 2])).tolist()
    [1, 0, 0, 1, 2, 0]
    """
    uniq, inverse, size = np.unique(labels, return_inverse=True, return_counts=True)
    first = np.full(len(uniq), len(labels))
    np.minimum.at(first, inverse, np.arange(len(labels)))
    rank = np.empty(len(uniq), np.int64)
    rank[np.lexsort((first, -size))] = np.arange(len(uniq))
    return rank[inverse]


# ------------------------------------------------------------------------------------- rendering

