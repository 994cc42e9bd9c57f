"""Analytics on the conflict graph: one module per family, each returning a pandas table or a result
object (:class:`~graphlib_conflict.render.Result`) with ``to_frame()``, ``to_dict()``,
``to_json()``, ``to_markdown()``, ``to_html()``, ``to_text()`` and an inline Jupyter display.

Every function takes the graph first, then the day (``at``) or the period (``start``, ``end``),
positionally or by keyword, and the alignment parameters as keywords (``half_life=``,
``roll_up=``, ...; see :class:`AlignmentParams`)."""

from graphlib_conflict.analytics.alignment import (
    AlignmentKeywords,
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
from graphlib_conflict.analytics.centrality import CentralityResult, centrality, centrality_change
from graphlib_conflict.analytics.changes import ChangeReport, change_report
from graphlib_conflict.analytics.history import PairHistory, pair_history
from graphlib_conflict.analytics.plots import (
    plot_balance_timeline,
    plot_pair,
    plot_pair_heatmap,
    plot_pairs,
)
from graphlib_conflict.analytics.summary import DatasetSummary, summary
from graphlib_conflict.analytics.timeline import (
    AlignmentTimeline,
    BalanceTimeline,
    alignment_timeline,
    balance_timeline,
)
from graphlib_conflict.analytics.whatif import WhatIf, what_if

__all__ = [
    "AlignmentKeywords",
    "AlignmentParams",
    "AlignmentTimeline",
    "BalanceResult",
    "BalanceTimeline",
    "CentralityResult",
    "ChangeReport",
    "DatasetSummary",
    "FrustrationResult",
    "PairHistory",
    "WhatIf",
    "actor_parents",
    "alignment",
    "alignment_graph",
    "alignment_timeline",
    "balance",
    "balance_timeline",
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
    "plot_pairs",
    "summary",
    "triangle_census",
    "triangles",
    "weak_balance_blocs",
    "what_if",
]
