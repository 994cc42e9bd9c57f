"""k blocs under weak balance (Davis 1967): exact by integer program for small graphs, by
relocation (Doreian & Mrvar) otherwise.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from graphlib_conflict.analytics.signed.edges import SignedEdges

__all__ = ["BlocSolution", "contested_moves", "kbloc_error", "kbloc_partition", "relocate"]

_EPS = 1e-9


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
    best = relocate(pending[0].astype(np.int64), k, neg, pos, alpha, rng, deadline)
    best_error = kbloc_error(e, best, costs, alpha)
    for r in range(1, len(pending) + restarts):
        if time.perf_counter() > deadline:
            break
        labels = pending[r] if r < len(pending) else rng.integers(0, k, e.n)
        labels = relocate(labels.astype(np.int64), k, neg, pos, alpha, rng, deadline)
        error = kbloc_error(e, labels, costs, alpha)
        if error < best_error - _EPS:
            best, best_error = labels, error
    return best


def relocate(labels: np.ndarray, k: int, neg: sp.csr_array, pos: sp.csr_array, alpha: float,
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


def contested_moves(e: SignedEdges, labels: np.ndarray, costs: np.ndarray,
                    alpha: float) -> np.ndarray:
    """Actors that could move alone to another bloc (or a bloc of their own) without raising the
    criterion of :func:`kbloc_error`: equally good placements found by single moves."""
    if e.n == 0:
        return np.zeros(0, bool)
    k = int(labels.max()) + 1
    onehot = np.zeros((e.n, k + 1))
    onehot[np.arange(e.n), labels] = 1.0
    neg = e.adjacency(np.where(e.sign < 0, costs, 0.0)) @ onehot
    pos = e.adjacency(np.where(e.sign > 0, costs, 0.0)) @ onehot
    place = alpha * neg + (1 - alpha) * (pos.sum(axis=1, keepdims=True) - pos)
    here = place[np.arange(e.n), labels]
    place[np.arange(e.n), labels] = np.inf
    return place.min(axis=1) <= here + _EPS
