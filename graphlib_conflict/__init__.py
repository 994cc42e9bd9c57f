"""graphlib_conflict: conflict actors and their alignments as a typed, signed, time-stamped graph.

Use it as ``import graphlib_conflict as gc``:

>>> import graphlib_conflict as gc
>>> g = gc.load()                      # the shipped Syria/Idlib dataset
>>> feb4 = g.at("2020-02-04")          # the graph as it stood that day
>>> G = feb4.to_networkx()             # a networkx MultiDiGraph
>>> G.number_of_nodes() == len(g.actors)
True
"""

from graphlib_conflict._version import __version__ as __version__
from graphlib_conflict.analytics import (
    AlignmentKeywords,
    AlignmentParams,
    BalanceResult,
    CentralityResult,
    ChangeReport,
    DatasetSummary,
    FrustrationResult,
    PairHistory,
    actor_parents,
    alignment,
    alignment_graph,
    balance,
    bloc_switches,
    blocs,
    centrality,
    centrality_change,
    change_report,
    frustration,
    pair_history,
    plot_balance_timeline,
    plot_pair,
    plot_pair_heatmap,
    summary,
    triangle_census,
    triangles,
    weak_balance_blocs,
)
from graphlib_conflict.dates import PartialDate
from graphlib_conflict.exceptions import (
    ActorNotFound,
    DatasetError,
    DateError,
    GraphlibConflictError,
    OptionalDependencyError,
    ParameterError,
    ViewError,
)
from graphlib_conflict.extract import Extraction, extract
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.io import (
    default_dataset_path,
    load,
    read_csv,
    read_graphml,
    read_json,
    read_parquet,
    read_yaml,
    save,
    write_csv,
    write_gexf,
    write_graphml,
    write_json,
    write_parquet,
    write_yaml,
)
from graphlib_conflict.problems import Problem
from graphlib_conflict.validation import ValidationReport, validate
from graphlib_conflict.views import to_html
from graphlib_conflict.vocabulary import Vocabulary

__all__ = [
    "ActorNotFound",
    "AlignmentKeywords",
    "AlignmentParams",
    "BalanceResult",
    "CentralityResult",
    "ChangeReport",
    "ConflictGraph",
    "DatasetError",
    "DatasetSummary",
    "DateError",
    "Extraction",
    "FrustrationResult",
    "GraphlibConflictError",
    "OptionalDependencyError",
    "PairHistory",
    "ParameterError",
    "PartialDate",
    "Problem",
    "ValidationReport",
    "ViewError",
    "Vocabulary",
    "actor_parents",
    "alignment",
    "alignment_graph",
    "balance",
    "bloc_switches",
    "blocs",
    "centrality",
    "centrality_change",
    "change_report",
    "default_dataset_path",
    "extract",
    "frustration",
    "load",
    "pair_history",
    "plot_balance_timeline",
    "plot_pair",
    "plot_pair_heatmap",
    "read_csv",
    "read_graphml",
    "read_json",
    "read_parquet",
    "read_yaml",
    "save",
    "summary",
    "to_html",
    "triangle_census",
    "triangles",
    "validate",
    "weak_balance_blocs",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_parquet",
    "write_yaml",
]
