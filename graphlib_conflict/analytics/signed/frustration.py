"""The two-bloc frustration problem: the fewest (or lightest) ties to change for the graph to split
into two blocs with positive ties inside and negative ties across.

The graph is split into biconnected blocks (frustration is additive over blocks, which share at most
one node); each is solved exactly by an integer program (SciPy's HiGHS) or, above a size limit, by
a stated heuristic with a lower bound.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import deque
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from graphlib_conflict._arrays import unique_ints
from graphlib_conflict.analytics.signed.edges import SignedEdges
from graphlib_conflict.analytics.signed.kblocs import relocate
from graphlib_conflict.analytics.signed.triangles import iter_triangles

__all__ = ["FrustrationSolution", "components", "descend_sides", "frustration_partition",
           "is_balanced", "largest_block", "needs_heuristic", "packing_bound"]

_EPS = 1e-9


SPLIT_CAP = 64
"""Most equally good splits listed per block (their number is counted past it where it can be)."""

_BRUTE_FORCE_NODES = 20
"""Blocks of at most this many actors have every split checked (2^19 splits, in chunks)."""


@dataclass(frozen=True)
class FrustrationSolution:
    """Sides (0/1 per node), the cost of the ties they violate, the bounds on the optimum, and how
    firm each node's side is.

    ``contested[i]`` is True when some split that violates as few ties (as little weight, when
    weighted) puts node ``i`` on the other side relative to its component's anchor (the node with
    the most tie strength). ``splits`` counts the distinct optimal splits seen (up to swapping the
    sides of a component); ``splits_complete`` says whether every optimal split was enumerated (so
    ``contested`` is exact) or only those found by the heuristic's single moves.
    """

    sides: np.ndarray
    upper: float
    lower: float
    exact: bool
    blocks: int
    heuristic_blocks: int
    contested: np.ndarray
    splits: int
    splits_complete: bool


def frustration_partition(e: SignedEdges, *, weighted: bool, exact_limit: int,
                          time_limit: float,
                          heuristic_limit: float | None = None) -> FrustrationSolution:
    """Two sides minimising the cost of the ties they violate (the frustration index).

    The graph is cut into biconnected blocks; a block that is one tie, or already balanced, is
    solved directly; a block of at most ``exact_limit`` nodes by the integer program of Aref &
    Wilson (binary sides ``x``, a violation variable per tie, plus the triangle inequalities of the
    cut polytope as cuts); a larger block (or one whose program runs out of time) by
    :func:`_heuristic_sides`, with :func:`_packing_bound` (or the solver's dual bound) as its lower
    bound. ``time_limit`` (seconds) is shared by all blocks; ``heuristic_limit``, when given,
    caps the seconds the heuristic blocks take in all (the exact ones keep ``time_limit``).
    """
    # Counting ties, many splits often tie for the fewest; among them prefer the one that goes against
    # the weakest ties: each tie costs 1 plus a share of its strength, the shares summing to less
    # than one tie, so the count is still minimised first.
    costs = e.weight if weighted else 1.0 + e.weight / (e.weight.sum() + 1.0)
    primary = e.weight if weighted else np.ones(e.m)
    deadline = time.perf_counter() + time_limit
    budget = _Budget(time_limit if heuristic_limit is None else min(heuristic_limit, time_limit))
    sides = np.zeros(e.n, np.int8)
    if e.m == 0:
        return FrustrationSolution(sides, 0.0, 0.0, True, 0, 0, np.zeros(e.n, bool), 1, True)
    blocks = _biconnected_blocks(e)
    lower = 0.0
    exact = True
    heuristic_blocks = 0
    local: list[tuple[np.ndarray, np.ndarray]] = []
    alternatives: list[np.ndarray] = []
    splits, complete = 1, True
    for edges in sorted(blocks, key=len):
        nodes, block_sides, block_lower, block_exact = _solve_block(
            e, edges, costs, weighted=True, exact_limit=exact_limit, deadline=deadline,
            budget=budget)
        block_sides, alts, count, enumerated = _block_alternatives(
            e, edges, nodes, block_sides, costs, primary, exact=block_exact, deadline=deadline)
        local.append((nodes, block_sides))
        alternatives.append(alts)
        splits = min(splits * count, 10**9)
        complete &= enumerated
        lower += block_lower
        exact &= block_exact
        heuristic_blocks += not block_exact
    sides = _join_blocks(e.n, local)
    contested = _contested(e, local, alternatives)
    upper = float(costs[_violated(e, sides)].sum())
    lower = min(lower, upper)
    if not weighted:
        # back from tie-broken costs to the count: a split violating c ties costs in [c, c + 1)
        upper = float(_violated(e, sides).sum())
        lower = min(float(math.floor(lower + 1e-9)), upper)
    if exact:
        lower = upper
    sides = _orient_sides(e, sides)
    return FrustrationSolution(sides, upper, lower, exact, len(blocks), heuristic_blocks,
                               contested, splits, complete)


def _block_alternatives(e: SignedEdges, edges: np.ndarray, nodes: np.ndarray, chosen: np.ndarray,
                        costs: np.ndarray, primary: np.ndarray, *, exact: bool,
                        deadline: float) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """The block's chosen sides (the optimal split of least tie-broken cost) and its optimal
    splits: ``(chosen, alternatives (k, n_block), how many, whether all were enumerated)``.

    Small blocks check every split; blocks solved exactly by the integer program enumerate the
    optimal splits with no-good cuts (up to :data:`SPLIT_CAP`); heuristic blocks report the splits
    one move away that cost no more (what a single switch of side reveals).
    """
    _, inverse = np.unique(np.concatenate([e.u[edges], e.v[edges]]), return_inverse=True)
    bu, bv = inverse[: len(edges)], inverse[len(edges):]
    positive = e.sign[edges] > 0
    n = len(nodes)
    weight, tie_broken = primary[edges], costs[edges]
    if n <= _BRUTE_FORCE_NODES:
        best, optimal, count = _every_split(n, bu, bv, positive, weight, tie_broken)
        return best, optimal, count, True
    if exact:
        found = _milp_alternatives(n, bu, bv, e.sign[edges].astype(np.float64), weight,
                                   tie_broken, chosen, deadline)
        if found is not None:
            return chosen, found, len(found), len(found) < SPLIT_CAP
    spin = 1.0 - 2.0 * chosen
    signed = np.where(positive, 1.0, -1.0) * weight
    adj = sp.csr_array((np.concatenate([signed, signed]), (np.concatenate([bu, bv]),
                                                           np.concatenate([bv, bu]))), shape=(n, n))
    gain = spin * (adj @ spin)  # change in violated weight when the node alone switches side
    free = np.flatnonzero(np.abs(gain) <= _EPS)
    flipped = np.repeat(chosen[None, :], len(free) + 1, axis=0)
    flipped[np.arange(1, len(free) + 1), free] ^= 1
    return chosen, flipped, len(free) + 1, False


def _every_split(n: int, u: np.ndarray, v: np.ndarray, positive: np.ndarray, weight: np.ndarray,
                 tie_broken: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Check all ``2^(n-1)`` splits (node 0 on side 0): the best by tie-broken cost among those of
    least primary cost, up to :data:`SPLIT_CAP` of the optimal ones, and how many there are."""
    total = 1 << (n - 1)
    shifts = np.arange(n - 1, dtype=np.int64)
    best_value, best_tie = np.inf, np.inf
    best = np.zeros(n, np.int8)
    kept: list[np.ndarray] = []
    count = 0
    for start in range(0, total, 1 << 16):
        codes = np.arange(start, min(total, start + (1 << 16)), dtype=np.int64)
        x = np.zeros((len(codes), n), np.int8)
        x[:, 1:] = (codes[:, None] >> shifts) & 1
        violated = (x[:, u] == x[:, v]) != positive
        value = violated @ weight
        low = float(value.min())
        if low < best_value - _EPS:
            best_value, best_tie, kept, count = low, np.inf, [], 0
        if low > best_value + _EPS:
            continue
        optimal = np.flatnonzero(value <= best_value + _EPS)
        count += len(optimal)
        room = SPLIT_CAP - sum(len(k) for k in kept)
        if room > 0:
            kept.append(x[optimal[:room]])
        tie = violated[optimal] @ tie_broken
        j = int(tie.argmin())
        if tie[j] < best_tie - _EPS:
            best_tie, best = float(tie[j]), x[optimal[j]].copy()
    return best, np.concatenate(kept), count


def _milp_alternatives(n: int, u: np.ndarray, v: np.ndarray, sign: np.ndarray,
                       weight: np.ndarray, tie_broken: np.ndarray, chosen: np.ndarray,
                       deadline: float) -> np.ndarray | None:
    """Optimal splits of a block by the integer program with no-good cuts: each new solve must
    violate no more primary weight than the optimum and differ from every split found (node 0 is
    fixed, so a split and its swap count once). ``None`` when time ran out first."""
    fixed = chosen ^ chosen[0]
    best = float(weight[(fixed[u] == fixed[v]) != (sign > 0)].sum())
    found = [fixed]
    while len(found) < SPLIT_CAP:
        rows = [np.where(f == 1, -1.0, 1.0) for f in found]
        lows = [1.0 - float(f.sum()) for f in found]
        solved = _milp_sides(n, u, v, sign, tie_broken, np.empty((0, 3), np.int64), True,
                             deadline, cuts=(np.array(rows), np.array(lows)),
                             budget=(weight, best + 1e-6), fix=0)
        if solved is None:
            return None if time.perf_counter() > deadline else np.array(found)
        sides = solved[0] ^ solved[0][0]
        if float(weight[(sides[u] == sides[v]) != (sign > 0)].sum()) > best + 1e-6:
            break
        found.append(sides)
    return np.array(found)


def _contested(e: SignedEdges, local: list[tuple[np.ndarray, np.ndarray]],
               alternatives: list[np.ndarray]) -> np.ndarray:
    """Whether each node's side relative to its component's anchor differs in some optimal split:
    walking the blocks out from the anchor, a node is contested when its entry node is, or when an
    optimal split of the block changes whether the two are on the same side."""
    strength = np.bincount(np.concatenate([e.u, e.v]), weights=np.concatenate([e.weight, e.weight]),
                           minlength=e.n)
    _, comp = connected_components(e.adjacency(np.ones(e.m)), directed=False)
    blocks_of: dict[int, list[int]] = {}
    for b, (nodes, _) in enumerate(local):
        for node in nodes.tolist():
            blocks_of.setdefault(node, []).append(b)
    contested = np.zeros(e.n, bool)
    seen_blocks = np.zeros(len(local), bool)
    order = np.lexsort((np.arange(e.n), -strength))
    anchored = np.zeros(comp.max() + 1 if e.n else 0, bool)
    for anchor in order.tolist():
        if anchored[comp[anchor]] or anchor not in blocks_of:
            continue
        anchored[comp[anchor]] = True
        queue = deque((b, anchor) for b in blocks_of[anchor])
        for b, _ in queue:
            seen_blocks[b] = True
        while queue:
            b, entry = queue.popleft()
            nodes, chosen = local[b]
            alts = alternatives[b]
            k = int(np.flatnonzero(nodes == entry)[0])
            relation = alts[:, [k]] ^ alts
            flips = (relation != (chosen[k] ^ chosen)[None, :]).any(axis=0)
            for i, node in enumerate(nodes.tolist()):
                if node == entry:
                    continue
                contested[node] = contested[entry] or bool(flips[i])
                for other in blocks_of[node]:
                    if not seen_blocks[other]:
                        seen_blocks[other] = True
                        queue.append((other, node))
    return contested


def _violated(e: SignedEdges, sides: np.ndarray) -> np.ndarray:
    same = sides[e.u] == sides[e.v]
    return same != (e.sign > 0)


def _biconnected_blocks(e: SignedEdges) -> list[np.ndarray]:
    """Tie indices (ascending) of each biconnected block (a bridge is a block of one tie)."""
    block_of = _tie_blocks(e)
    order = np.argsort(block_of, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(block_of[order])) + 1) if e.m else []


def _tie_blocks(e: SignedEdges) -> np.ndarray:
    """The biconnected block of every tie, found by igraph in C (which gives a spanning tree of
    each block): a tie belongs to the one block holding both its ends, since two blocks share at
    most one actor."""
    trees = _block_trees(e)
    sizes = np.array([len(t) for t in trees], np.int64)
    edges = np.fromiter(itertools.chain.from_iterable(trees), np.int64, count=int(sizes.sum()))
    tree_block = np.repeat(np.arange(len(trees), dtype=np.int64), sizes)
    key = unique_ints(np.concatenate([tree_block * e.n + e.u[edges], tree_block * e.n + e.v[edges]]))
    block, vertex = key // e.n, key % e.n
    shared = np.bincount(vertex, minlength=e.n) > 1  # cut actors, in several blocks
    home = np.full(e.n, -1, np.int64)
    home[vertex[~shared[vertex]]] = block[~shared[vertex]]
    tie_block = np.where(home[e.u] >= 0, home[e.u], home[e.v])
    between = np.flatnonzero(tie_block < 0)
    if len(between):
        # a tie between two cut actors: the block they both belong to
        blocks_of: dict[int, set[int]] = {}
        for x, b in zip(vertex[shared[vertex]].tolist(), block[shared[vertex]].tolist(),
                        strict=True):
            blocks_of.setdefault(x, set()).add(b)
        tie_block[between] = [min(blocks_of[x] & blocks_of[y]) for x, y in
                              zip(e.u[between].tolist(), e.v[between].tolist(), strict=True)]
    return tie_block


def _block_trees(e: SignedEdges) -> list[list[int]]:
    """A spanning tree (tie indices) of each biconnected block, from igraph."""
    import igraph

    if e.m == 0:
        return []
    graph = igraph.GraphBase(e.n, list(zip(e.u.tolist(), e.v.tolist(), strict=True)))
    return list(igraph.GraphBase.biconnected_components(graph, False))


def largest_block(e: SignedEdges) -> int:
    """Actors in the largest biconnected block (0 without ties).

    Examples
    --------
    >>> import networkx as nx
    >>> from graphlib_conflict.analytics.signed.edges import signed_edges
    >>> G = nx.Graph([(0, 1, {"sign": 1}), (1, 2, {"sign": 1}), (0, 2, {"sign": -1}),
    ...               (2, 3, {"sign": 1})])
    >>> largest_block(signed_edges(G))
    3
    """
    return max((len(tree) + 1 for tree in _block_trees(e)), default=0)


def needs_heuristic(e: SignedEdges, exact_limit: int, unbalanced: np.ndarray | None = None,
                    triangles: np.ndarray | None = None) -> bool:
    """Whether some biconnected block has more than ``exact_limit`` actors and is not balanced:
    the blocks :func:`frustration_partition` leaves to its heuristic (every other block it solves
    exactly).

    Given the graph's ``triangles`` (tie indices) and which are ``unbalanced``, a cheap sufficient
    answer is tried first: triangles joined through shared ties lie in one block, so a set of them
    holding an unbalanced triangle and more than ``exact_limit`` actors settles it.

    Examples
    --------
    >>> import networkx as nx
    >>> from graphlib_conflict.analytics.signed.edges import signed_edges
    >>> G = nx.Graph([(0, 1, {"sign": 1}), (1, 2, {"sign": 1}), (0, 2, {"sign": -1})])
    >>> needs_heuristic(signed_edges(G), 2), needs_heuristic(signed_edges(G), 3)
    (True, False)
    """
    if e.n <= exact_limit:
        return False
    if triangles is not None and unbalanced is not None and unbalanced.any():
        if _hub_witness(e, exact_limit, unbalanced, triangles):
            return True
        count, part = components(e.m, np.concatenate([triangles[:, 0], triangles[:, 1]]),
                                 np.concatenate([triangles[:, 1], triangles[:, 2]]))
        odd_parts = np.zeros(count, bool)
        odd_parts[part[triangles[unbalanced, 0]]] = True
        ties = np.flatnonzero(odd_parts[part])
        members = unique_ints(np.concatenate([part[ties] * e.n + e.u[ties],
                                            part[ties] * e.n + e.v[ties]])) // e.n
        if np.bincount(members).max() > exact_limit:
            return True
    large = [tree for tree in _block_trees(e) if len(tree) + 1 > exact_limit]
    if not large:
        return False
    inside = np.zeros(e.n, bool)
    for tree in large:
        inside[e.u[tree]] = True
        inside[e.v[tree]] = True
    # a graph is balanced when each of its blocks is (every cycle lies in one block), so the
    # large blocks are checked together
    ties = inside[e.u] & inside[e.v]
    return not is_balanced(e.n, e.u[ties], e.v[ties], e.sign[ties])


def components(n: int, a: np.ndarray, b: np.ndarray) -> tuple[int, np.ndarray]:
    """Connected components of the undirected graph on ``n`` nodes with edges ``a[i] -- b[i]``:
    their number and each node's label (scipy's, on a CSR matrix built by one sort).

    Examples
    --------
    >>> count, label = components(4, np.array([0, 2]), np.array([1, 3]))
    >>> count, label.tolist()
    (2, [0, 0, 1, 1])
    """
    bits = max(int(n).bit_length(), 1)
    key = np.sort((np.asarray(a, dtype=np.int64) << bits) | np.asarray(b, dtype=np.int64))
    rows = key >> bits
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    graph = sp.csr_array((np.ones(len(key), np.int8), key & ((1 << bits) - 1), indptr),
                         shape=(n, n))
    count, label = connected_components(graph, directed=False)
    return int(count), label


def _hub_witness(e: SignedEdges, exact_limit: int, unbalanced: np.ndarray,
                 triangles: np.ndarray) -> bool:
    """Whether the triangles at the actor with most ties show a large unbalanced block: two of
    them sharing a tie lie in one block, so a connected set of them (through the ties opposite the
    actor) with more than ``exact_limit`` actors and an unbalanced triangle settles it. Cheap, and
    on large event graphs nearly always conclusive."""
    hub = int(np.bincount(np.concatenate([e.u, e.v]), minlength=e.n).argmax())
    touches = (e.u == hub) | (e.v == hub)
    inc = touches[triangles]
    at_hub = inc.sum(axis=1) == 2
    if not (at_hub & unbalanced).any():
        return False
    rows = np.flatnonzero(at_hub)
    opposite = triangles[rows, (~inc[rows]).argmax(axis=1)]
    _, part = components(e.n, e.u[opposite], e.v[opposite])
    sizes = np.bincount(part[unique_ints(np.concatenate([e.u[opposite], e.v[opposite]]))])
    odd = part[e.u[opposite[unbalanced[rows]]]]
    return bool((sizes[odd] + 1 > exact_limit).any())


def is_balanced(n: int, u: np.ndarray, v: np.ndarray, sign: np.ndarray) -> bool:
    """Whether the signed graph splits into two blocs with no tie against them: in its signed
    double cover (actor ``i`` as ``i`` and ``i + n``; a positive tie joins ``i, j`` and
    ``i + n, j + n``, a negative one ``i, j + n`` and ``i + n, j``) no actor is connected to its
    own copy.

    Examples
    --------
    >>> is_balanced(3, np.array([0, 1, 0]), np.array([1, 2, 2]), np.array([1, -1, -1]))
    True
    >>> is_balanced(3, np.array([0, 1, 0]), np.array([1, 2, 2]), np.array([1, 1, -1]))
    False
    """
    shift = np.where(sign > 0, 0, n)
    _, comp = components(2 * n, np.concatenate([u, u + n]), np.concatenate([v + shift, v + n - shift]))
    return bool((comp[:n] != comp[n:]).all())


def descend_sides(e: SignedEdges, start: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Two sides (0/1) found by local descent from ``start``: warm-started frustration.

    ``start`` holds ``+1``/``-1`` for actors whose side is known (a previous split) and ``0`` for
    the others, who join, wave after wave, the side their placed partners pull them to. With no
    actor known, the descent starts from the spanning-tree sides and from the signs of the leading
    eigenvector, keeping the better. Ties cost 1 each plus a share of their strength, as in
    :func:`frustration_partition` (unweighted): among equally few, the weakest ties are violated.

    Examples
    --------
    >>> import networkx as nx
    >>> from graphlib_conflict.analytics.signed.edges import signed_edges
    >>> G = nx.Graph([(0, 1, {"sign": 1}), (1, 2, {"sign": -1}), (0, 2, {"sign": -1})])
    >>> descend_sides(signed_edges(G), np.array([1, 0, 0])).tolist()
    [0, 0, 1]
    """
    rng = np.random.default_rng(seed)
    if e.m == 0:
        return np.zeros(e.n, np.int8)
    sign = e.sign.astype(np.float64)
    cost = 1.0 + e.weight / (e.weight.sum() + 1.0)
    adj = _symmetric(e.n, e.u, e.v, sign * cost)
    spin = np.asarray(start, dtype=np.float64).copy()
    if not spin.any():
        starts = [1.0 - 2.0 * _tree_sides(e.n, e.u, e.v, sign), _power_signs(adj, rng)]
        found = [_descend(s, adj, e.u, e.v, rng) for s in starts]
        best = min(found, key=lambda s: _spin_cost(s, e.u, e.v, sign, cost))
        return (best < 0).astype(np.int8)
    while not spin.all():
        pull = adj @ spin
        placing = (spin == 0) & (pull != 0)
        if not placing.any():
            spin[spin == 0] = 1.0
            break
        spin[placing] = np.where(pull[placing] > 0, 1.0, -1.0)
    return (_descend(spin, adj, e.u, e.v, rng) < 0).astype(np.int8)


def _symmetric(n: int, u: np.ndarray, v: np.ndarray, values: np.ndarray) -> sp.csr_array:
    """The symmetric ``n x n`` matrix with ``values`` at ``(u, v)`` and ``(v, u)`` (distinct pairs),
    built as CSR by one sort of (row, column, position) keys instead of a COO conversion."""
    rows, cols = np.concatenate([u, v]), np.concatenate([v, u])
    data = np.concatenate([values, values])
    bits = max(len(rows).bit_length(), 1)
    span = max(n * n, 1).bit_length()
    if span + bits > 62:
        return sp.csr_array((data, (rows, cols)), shape=(n, n))
    key = np.sort(((rows * n + cols) << bits) | np.arange(len(rows)))
    order = key & ((1 << bits) - 1)
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return sp.csr_array((data[order], cols[order], indptr), shape=(n, n))


def _power_signs(adj: sp.csr_array, rng: np.random.Generator, iterations: int = 60) -> np.ndarray:
    """Signs (+1/-1) of the leading eigenvector of the signed adjacency, roughly: power iteration
    on the matrix shifted by its largest row sum (so the top eigenvalue leads), sparse products
    only (no dense solver, which thread contention can slow a hundredfold)."""
    shift = float(abs(adj).sum(axis=1).max())
    x = rng.standard_normal(adj.shape[0])
    for _ in range(iterations):
        x = adj @ x + shift * x
        x /= np.linalg.norm(x) or 1.0
    return np.where(x >= 0, 1.0, -1.0)


def packing_bound(unbalanced: np.ndarray, m: int, *, rounds: int = 8, seed: int = 0) -> float:
    """A lower bound on the (unweighted) frustration index: the number of tie-disjoint unbalanced
    triangles in a packing (each needs one of its own ties changed). ``unbalanced`` holds the tie
    indices of unbalanced triangles, ``m`` the number of ties.

    The packing is built in rounds: the live triangles get random priorities, each tie picks its
    first one, and the triangles picked by all three of their ties join the packing together (they
    share no tie); then the triangles touching a used tie are dropped. The packing is maximal when
    no triangle is left; a few rounds reach nearly all of it.

    Examples
    --------
    >>> packing_bound(np.array([[0, 1, 2], [2, 3, 4], [5, 6, 7]]), 8)
    2.0
    """
    tri = np.asarray(unbalanced, dtype=np.int64)
    rng = np.random.default_rng(seed)
    used = np.zeros(m, bool)
    packed = 0
    for _ in range(rounds):
        if not len(tri):
            break
        # fresh priorities every round: each round packs a new random set of local winners
        priority = rng.permutation(len(tri))
        best = np.full(m, len(tri), np.int64)
        for k in range(3):
            np.minimum.at(best, tri[:, k], priority)
        chosen = (best[tri] == priority[:, None]).all(axis=1)
        packed += int(chosen.sum())
        used[tri[chosen].ravel()] = True
        tri = tri[~used[tri].any(axis=1)]
    return float(packed)


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


class _Budget:
    """Seconds the heuristic may still take, over all the blocks it solves."""

    def __init__(self, seconds: float) -> None:
        self.left = seconds

    def deadline(self, hard: float) -> float:
        return min(hard, time.perf_counter() + max(self.left, 0.0))

    def spend(self, since: float) -> None:
        self.left -= time.perf_counter() - since


def _solve_block(e: SignedEdges, edges: np.ndarray, costs: np.ndarray, *, weighted: bool,
                 exact_limit: int, deadline: float,
                 budget: _Budget | None = None) -> tuple[np.ndarray, np.ndarray, float, bool]:
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
    if len(nodes) <= min(exact_limit, _BRUTE_FORCE_NODES):
        # every split checked: what the integer program would prove, without starting a solver
        best = _every_split(len(nodes), bu, bv, sign > 0, cost, cost)[0]
        return nodes, best, _cost(best, bu, bv, sign, cost), True
    block = _subgraph(e, edges, nodes, bu, bv)
    triangles = np.concatenate(list(iter_triangles(block)) or [np.empty((0, 3), np.int64)])
    solved = None
    if len(nodes) <= exact_limit:
        solved = _milp_sides(len(nodes), bu, bv, sign, cost, triangles, weighted, deadline)
        if solved is not None and solved[2]:
            return nodes, solved[0], solved[1], True
    began = time.perf_counter()
    sides = _heuristic_sides(len(nodes), bu, bv, sign, cost, tree,
                             deadline if budget is None else budget.deadline(deadline))
    if budget is not None:
        budget.spend(began)
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
                triangles: np.ndarray, weighted: bool, deadline: float, *,
                cuts: tuple[np.ndarray, np.ndarray] | None = None,
                budget: tuple[np.ndarray, float] | None = None,
                fix: int | None = None) -> tuple[np.ndarray, float, bool] | None:
    """Aref & Wilson's binary program: minimise ``sum c_ij f_ij`` with, for a positive tie,
    ``f >= x_i - x_j`` and ``f >= x_j - x_i``, and for a negative one ``f >= 1 - x_i - x_j`` and
    ``f >= x_i + x_j - 1``. One node of highest degree is fixed to side 0 (the two labellings are
    symmetric). Triangle inequalities (an unbalanced triangle has an odd number of violated ties, a
    balanced one an even number) tighten the relaxation.

    ``cuts`` (rows over the sides ``x``, and their lower bounds) and ``budget`` (a cost per tie
    and the most the violated ties may cost) restrict the solutions, to enumerate equally good
    ones; ``fix`` is the node held on side 0 (default: one of highest degree).

    Returns (sides, lower bound, proven optimal), or None when no solution was found in time.
    """
    remaining = deadline - time.perf_counter()
    if remaining <= 0:
        return None
    m = len(u)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    lows: list[np.ndarray] = []
    highs: list[np.ndarray] = []

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
    def add_row(columns: np.ndarray, coefs: np.ndarray, low: float, high: float) -> None:
        rows.append(np.full(len(columns), sum(len(r) for r in lows)))
        cols.append(columns)
        vals.append(coefs)
        lows.append(np.array([low]))
        highs.append(np.array([high]))

    if cuts is not None:
        for row, low in zip(*cuts, strict=True):
            add_row(np.arange(n), row, float(low), inf)
    if budget is not None:
        add_row(f, budget[0], -inf, budget[1])
    matrix = sp.csr_array((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(int(sum(len(x) for x in lows)), n + m))
    degree = np.bincount(np.concatenate([u, v]), minlength=n)
    upper_x = np.ones(n)
    upper_x[int(degree.argmax()) if fix is None else fix] = 0.0
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
    labels = relocate(rng.integers(0, k, n), k, neg, pos, 0.5, rng, deadline)
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
    if n <= 2:
        return np.linalg.eigh(adj.toarray())[1][:, -1]
    # sparse Lanczos at every size: a dense solver's threads, on a busy two-core machine, can take
    # a hundred times longer than the whole rest of the heuristic (seconds for 500 actors)
    start = np.random.default_rng(0).uniform(0.5, 1.5, n)
    try:
        return eigsh(adj.astype(np.float64), k=1, which="LA", tol=1e-4, maxiter=20 * n,
                     v0=start)[1][:, 0]
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
