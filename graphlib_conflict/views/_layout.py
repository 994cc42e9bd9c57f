"""A seeded node layout, computed once per view so that the same data always looks the same.

The layout is Fruchterman-Reingold from igraph (compiled: 2,000 nodes and 20,000 edges in a fraction
of a second, where ``networkx.spring_layout`` takes over ten seconds). igraph draws its random numbers
from a Python generator; we hand it one seeded with ``seed`` for the call and give the module-level
``random`` back afterwards, so the layout depends on the data and the seed alone.
"""

from __future__ import annotations

import math
import random

import numpy as np

__all__ = ["layout"]

SPREAD = 60.0
"""Root-mean-square distance of the nodes from the centre, in pixels, per square root of the number
of nodes: about 270 px for 20 nodes, 2,700 px for 2,000 (the page zooms to fit)."""


def layout(n_nodes: int, source: np.ndarray, target: np.ndarray, *, seed: int) -> np.ndarray:
    """Positions for ``n_nodes`` nodes joined by the edges ``source[i] -- target[i]``.

    Parallel edges pull harder (their count, on a log scale); direction is ignored.

    Parameters
    ----------
    n_nodes : int
    source, target : numpy.ndarray of int
        Node indices of the edges.
    seed : int
        The same seed and edges give the same positions.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_nodes, 2)``, pixels, centred on 0, rounded to 0.1 px.

    Examples
    --------
    >>> import numpy as np
    >>> pos = layout(3, np.array([0, 1]), np.array([1, 2]), seed=1)
    >>> pos.shape, bool((pos == layout(3, np.array([0, 1]), np.array([1, 2]), seed=1)).all())
    ((3, 2), True)
    """
    if n_nodes == 0:
        return np.zeros((0, 2))
    if n_nodes == 1:
        return np.zeros((1, 2))
    import igraph

    a = np.minimum(source, target).astype(np.int64)
    b = np.maximum(source, target).astype(np.int64)
    keep = a != b
    pairs, counts = np.unique(a[keep] * n_nodes + b[keep], return_counts=True)
    # a list of tuples: igraph reads it three times faster than nested lists or an array
    graph = igraph.Graph(n=n_nodes, edges=list(zip((pairs // n_nodes).tolist(),
                                                   (pairs % n_nodes).tolist(), strict=True)))
    weights = (1.0 + np.log(counts)).tolist()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = np.asarray(graph.layout_fruchterman_reingold(weights=weights or None, niter=500).coords,
                            dtype=np.float64)
    finally:
        igraph.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    rms = math.sqrt(float((coords ** 2).sum(axis=1).mean()))
    if rms > 0:
        coords *= SPREAD * math.sqrt(n_nodes) / rms
    return np.round(coords, 1)
