"""Signed triangles without a networkx loop.

Triangles are enumerated on the degree-ordered orientation of the graph (each edge points from the
endpoint of lower degree to the higher; every out-degree is then at most ``sqrt(2m)``), in bounded
chunks of wedges, and counted by sign pattern with one integer sparse matrix product.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from graphlib_conflict.analytics.signed.edges import SignedEdges

__all__ = ["census_counts", "iter_triangles", "triangle_arrays", "triangle_list"]

_WEDGE_CHUNK = 1 << 20
"""Wedges (paths a->b->c of the oriented graph) examined at once: bounds memory (~60 MB)."""

_BITMAP_BITS = 1 << 28
"""Largest ``n x n`` for which :func:`triangle_list` checks closing ties in a bitmap (32 MB)."""


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
    # a stable sort by degree: ties of degree keep node order (as a lexsort by (degree, node))
    rank[np.argsort(deg, kind="stable")] = np.arange(e.n)
    ru, rv = rank[e.u], rank[e.v]
    lo, hi = np.minimum(ru, rv), np.maximum(ru, rv)
    # the keys are distinct: the order of a lexsort by (lo, hi), by one sort of (key, position)
    bits = max(int(e.m).bit_length(), 1)
    perm = np.sort(((lo * e.n + hi) << bits) | np.arange(e.m)) & ((1 << bits) - 1) \
        if (e.n * e.n).bit_length() + bits <= 62 else np.argsort(lo * e.n + hi)
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
    >>> from graphlib_conflict.analytics.signed import signed_edges
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


def triangle_list(e: SignedEdges) -> np.ndarray:
    """Every triangle once, as a ``(t, 3)`` array of tie indices, in one pass when its wedges fit
    in one chunk of :func:`iter_triangles` (which it equals, triangle for triangle), in chunks
    otherwise.

    Examples
    --------
    >>> import networkx as nx
    >>> from graphlib_conflict.analytics.signed import signed_edges
    >>> K4 = nx.complete_graph(4)
    >>> nx.set_edge_attributes(K4, 1, "sign")
    >>> triangle_list(signed_edges(K4)).shape
    (4, 3)
    """
    if e.m < 3:
        return np.empty((0, 3), np.int64)
    o = _orient(e)
    outdeg = np.diff(o.indptr)
    wedges = outdeg[o.indices]
    total = int(wedges.sum())
    if total > _WEDGE_CHUNK:
        chunks = list(iter_triangles(e))
        return np.concatenate(chunks) if chunks else np.empty((0, 3), np.int64)
    first = np.repeat(np.arange(len(o.indices)), wedges)
    second = np.repeat(o.indptr[o.indices] - (np.cumsum(wedges) - wedges), wedges) + np.arange(total)
    keys = o.rows * o.n + o.indices
    key = o.rows[first] * o.n + o.indices[second]
    if o.n * o.n <= _BITMAP_BITS:
        # a bitmap of the oriented ties answers "does a -> c exist?" for every wedge; only the
        # closed ones are then looked up
        bitmap = np.zeros((o.n * o.n >> 3) + 1, np.uint8)
        np.bitwise_or.at(bitmap, keys >> 3, (1 << (keys & 7)).astype(np.uint8))
        closed = (bitmap[key >> 3] >> (key & 7).astype(np.uint8)) & 1 == 1
        first, second, key = first[closed], second[closed], key[closed]
        third = np.searchsorted(keys, key)
        return np.stack([o.edge[first], o.edge[second], o.edge[third]], axis=1)
    third = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
    hit = keys[third] == key
    return np.stack([o.edge[first[hit]], o.edge[second[hit]], o.edge[third[hit]]], axis=1)


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
