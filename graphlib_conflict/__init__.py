"""graphlib_conflict: conflict actors and their alignments as a typed, signed, time-stamped graph.

Use it as ``import graphlib_conflict as gc``:

>>> import graphlib_conflict as gc
>>> g = gc.load()                      # the shipped Syria/Idlib dataset
>>> feb4 = g.at("2020-02-04")          # the graph as it stood that day
>>> G = feb4.to_networkx()             # a networkx MultiDiGraph
>>> G.number_of_nodes() == len(g.actors)
True
"""

from graphlib_conflict.analytics import AlignmentParams, actor_parents, alignment, alignment_graph
from graphlib_conflict.dates import PartialDate
from graphlib_conflict.exceptions import (
    ActorNotFound,
    DatasetError,
    DateError,
    GraphlibConflictError,
    OptionalDependencyError,
)
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
from graphlib_conflict.validation import Problem, ValidationReport, validate
from graphlib_conflict.vocabulary import Vocabulary

__version__ = "0.1.0"

__all__ = [
    "ActorNotFound",
    "AlignmentParams",
    "ConflictGraph",
    "DatasetError",
    "DateError",
    "GraphlibConflictError",
    "OptionalDependencyError",
    "PartialDate",
    "Problem",
    "ValidationReport",
    "Vocabulary",
    "actor_parents",
    "alignment",
    "alignment_graph",
    "default_dataset_path",
    "load",
    "read_csv",
    "read_graphml",
    "read_json",
    "read_parquet",
    "read_yaml",
    "save",
    "validate",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_parquet",
    "write_yaml",
]
