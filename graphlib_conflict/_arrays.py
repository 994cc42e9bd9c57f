"""Array helpers the hot paths share.

``np.unique`` on a plain integer array (no ``return_*`` flag) takes numpy's hash-table path, which on
a million distinct values is a hundred times slower than a sort (0.78 s against 0.007 s here, numpy
2.4); :func:`unique_ints` sorts instead.
"""

from __future__ import annotations

import numpy as np

__all__ = ["unique_ints"]


def unique_ints(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array (``np.unique`` by one sort).

    Examples
    --------
    >>> unique_ints(np.array([5, 1, 5, 3, 1])).tolist()
    [1, 3, 5]
    >>> unique_ints(np.array([], dtype=np.int64)).tolist()
    []
    """
    ordered = np.sort(np.asarray(values).ravel())
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
