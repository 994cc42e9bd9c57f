"""Blocs that mean something: numbered the same way everywhere and named by their leading member.

A two-bloc split gives each connected part of the graph two sides; separate conflicts (parts with no
tie between them) keep separate blocs, so sides of unrelated parts are never merged into one bloc.
A bloc's **leader** is the member with the most positive tie strength to other members (ties broken
by its total tie strength, then by id): the actor the others rally around. It names the bloc
("Turkey's bloc"), which is how ``balance``, ``blocs``, the change report and the views refer to it.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse.csgraph import connected_components

from graphlib_conflict.analytics.signed.edges import SignedEdges

__all__ = ["bloc_leaders", "bloc_name", "labels_from_sides", "ordered_labels"]


def labels_from_sides(e: SignedEdges, sides: np.ndarray) -> np.ndarray:
    """Bloc numbers from two-bloc sides: one bloc per (connected part, side), numbered by
    decreasing size, ties broken by the leader's id.

    Examples
    --------
    >>> import networkx as nx
    >>> from graphlib_conflict.analytics.signed.edges import signed_edges
    >>> G = nx.Graph([("a", "b", {"sign": 1}), ("c", "d", {"sign": -1})])
    >>> labels_from_sides(signed_edges(G), np.array([0, 0, 0, 1])).tolist()
    [0, 0, 1, 2]
    """
    if e.n == 0:
        return np.zeros(0, np.int64)
    _, comp = connected_components(e.adjacency(np.ones(e.m)), directed=False)
    raw = comp.astype(np.int64) * 2 + sides.astype(np.int64)
    _, raw = np.unique(raw, return_inverse=True)
    return ordered_labels(e, raw)


def ordered_labels(e: SignedEdges, raw: np.ndarray) -> np.ndarray:
    """Bloc labels renumbered ``0..k-1`` by decreasing size, ties broken by the leader's id."""
    if e.n == 0:
        return np.zeros(0, np.int64)
    _, raw = np.unique(raw, return_inverse=True)
    k = int(raw.max()) + 1
    size = np.bincount(raw, minlength=k)
    leaders = bloc_leaders(e, raw)
    rank = np.empty(k, np.int64)
    rank[np.lexsort((leaders, -size))] = np.arange(k)
    return rank[raw]


def bloc_leaders(e: SignedEdges, labels: np.ndarray) -> np.ndarray:
    """The leader (node index) of each bloc ``0..k-1``: most positive tie strength inside the bloc,
    then most tie strength overall, then the smallest id."""
    if e.n == 0:
        return np.zeros(0, np.int64)
    k = int(labels.max()) + 1
    inside = (labels[e.u] == labels[e.v]) & (e.sign > 0)
    both = np.concatenate([e.u, e.v])
    rally = np.bincount(both, weights=np.concatenate([e.weight * inside, e.weight * inside]),
                        minlength=e.n)
    total = np.bincount(both, weights=np.concatenate([e.weight, e.weight]), minlength=e.n)
    order = np.lexsort((np.arange(e.n), -total, -rally, labels))
    first = np.ones(e.n, bool)
    first[1:] = labels[order][1:] != labels[order][:-1]
    leaders = np.zeros(k, np.int64)
    leaders[labels[order][first]] = order[first]
    return leaders


def bloc_name(leader_name: str) -> str:
    """``"Turkey's bloc"``; a name ending in *s* takes the apostrophe alone.

    Examples
    --------
    >>> bloc_name("Turkey"), bloc_name("Syrian rebels")
    ("Turkey's bloc", "Syrian rebels' bloc")
    """
    return f"{leader_name}' bloc" if leader_name.endswith("s") else f"{leader_name}'s bloc"
