"""Analytics on the conflict graph: one module per family, each returning pandas tables."""

from graphlib_conflict.analytics.alignment import (
    AlignmentParams,
    actor_parents,
    alignment,
    alignment_graph,
)

__all__ = ["AlignmentParams", "actor_parents", "alignment", "alignment_graph"]
