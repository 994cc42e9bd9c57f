"""Analytics on the conflict graph: one module per family, each returning pandas tables or a result
object with ``to_frame()``, ``to_markdown()``, ``to_html()``, ``to_json()`` and ``_repr_html_``."""

from graphlib_conflict.analytics.alignment import (
    AlignmentParams,
    actor_parents,
    alignment,
    alignment_graph,
)
from graphlib_conflict.analytics.balance import (
    BalanceResult,
    FrustrationResult,
    balance,
    frustration,
    triangle_census,
    triangles,
    weak_balance_blocs,
)
from graphlib_conflict.analytics.blocs import bloc_switches, blocs
from graphlib_conflict.analytics.centrality import centrality, centrality_change
from graphlib_conflict.analytics.history import PairHistory, pair_history
from graphlib_conflict.analytics.plots import plot_balance_timeline, plot_pair, plot_pair_heatmap
from graphlib_conflict.analytics.report import ChangeReport, change_report

__all__ = [
    "AlignmentParams",
    "BalanceResult",
    "ChangeReport",
    "FrustrationResult",
    "PairHistory",
    "actor_parents",
    "alignment",
    "alignment_graph",
    "balance",
    "bloc_switches",
    "blocs",
    "centrality",
    "centrality_change",
    "change_report",
    "frustration",
    "pair_history",
    "plot_balance_timeline",
    "plot_pair",
    "plot_pair_heatmap",
    "triangle_census",
    "triangles",
    "weak_balance_blocs",
]
