"""Signed-graph machinery behind balance and blocs (internal; the public functions are in
:mod:`graphlib_conflict.analytics.balance` and :mod:`graphlib_conflict.analytics.blocs`).

One module per algorithm family, each working on :class:`SignedEdges`:

* :mod:`~.edges` builds the integer-indexed tie arrays from a ConflictGraph, a signed networkx graph or
  an alignment table;
* :mod:`~.triangles` enumerates and counts signed triangles;
* :mod:`~.frustration` solves the two-bloc frustration problem;
* :mod:`~.kblocs` solves the k-bloc (weak balance) problem;
* :mod:`~.labels` numbers and names blocs (after their leading member).
"""

from graphlib_conflict.analytics.signed.edges import SignedEdges, id_array, signed_edges
from graphlib_conflict.analytics.signed.frustration import FrustrationSolution, frustration_partition
from graphlib_conflict.analytics.signed.kblocs import (
    BlocSolution,
    contested_moves,
    kbloc_error,
    kbloc_partition,
)
from graphlib_conflict.analytics.signed.labels import (
    bloc_leaders,
    bloc_name,
    labels_from_sides,
    ordered_labels,
)
from graphlib_conflict.analytics.signed.triangles import census_counts, iter_triangles, triangle_arrays

__all__ = [
    "BlocSolution",
    "FrustrationSolution",
    "SignedEdges",
    "bloc_leaders",
    "bloc_name",
    "census_counts",
    "contested_moves",
    "frustration_partition",
    "id_array",
    "iter_triangles",
    "kbloc_error",
    "kbloc_partition",
    "labels_from_sides",
    "ordered_labels",
    "signed_edges",
    "triangle_arrays",
]
