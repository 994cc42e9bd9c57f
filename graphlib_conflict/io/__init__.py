"""Reading and writing datasets: curated YAML, JSON, a CSV pair, GraphML, GEXF and Parquet.

:func:`load` and :func:`save` choose the format from the path; the format functions are public too.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from graphlib_conflict.exceptions import DatasetError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.io._csv import read_csv, write_csv
from graphlib_conflict.io._graphml import read_graphml, write_gexf, write_graphml
from graphlib_conflict.io._parquet import read_parquet, write_parquet
from graphlib_conflict.io._yaml import read_json, read_yaml, write_json, write_yaml
from graphlib_conflict.problems import Problem

__all__ = [
    "DEFAULT_DATASET",
    "default_dataset_path",
    "load",
    "read_csv",
    "read_graphml",
    "read_json",
    "read_parquet",
    "read_yaml",
    "save",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_parquet",
    "write_yaml",
]

DEFAULT_DATASET = "syria_idlib.yaml"
"""File name of the shipped default dataset (the Syria/Idlib graph of February 2020)."""

_READERS = {
    ".yaml": read_yaml, ".yml": read_yaml, ".json": read_json, ".graphml": read_graphml,
    ".parquet": read_parquet,
}
_WRITERS = {
    ".yaml": write_yaml, ".yml": write_yaml, ".json": write_json, ".graphml": write_graphml,
    ".gexf": write_gexf, ".parquet": write_parquet,
}


def default_dataset_path() -> Path:
    """Path of the shipped default dataset, ``graphs/syria_idlib.yaml``.

    Installed packages carry it as package data; in a source checkout it is read from ``graphs/``.

    Examples
    --------
    >>> default_dataset_path().name
    'syria_idlib.yaml'
    """
    packaged = resources.files("graphlib_conflict").joinpath("graphs", DEFAULT_DATASET)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "graphs" / DEFAULT_DATASET


def load(path: str | os.PathLike[str] | None = None, *, coalition_ties: bool = True) -> ConflictGraph:
    """Read a dataset, choosing the format from the path.

    Parameters
    ----------
    path : str or path-like, optional
        ``.yaml``/``.yml``, ``.json``, ``.graphml``, ``.parquet``, or a folder holding
        ``actors.csv`` and ``relations.csv``. Omitted: the shipped default dataset.
    coalition_ties : bool, default True
        Whether co-members of a coalition cooperate while both memberships are active.

    Returns
    -------
    ConflictGraph

    Raises
    ------
    DatasetError
        With every problem found (``exc.problems``), each naming file, line, field and a hint.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> g = gc.load()
    >>> g.dataset["id"], g.actor("TUR")["name"]
    ('syria_idlib', 'Turkey')
    """
    if path is None:
        path = default_dataset_path()
    target = Path(path)
    if target.is_dir():
        return read_csv(target, coalition_ties=coalition_ties)
    suffix = target.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        if suffix == ".csv":
            return read_csv(target.parent, coalition_ties=coalition_ties)
        raise DatasetError([Problem(
            f"cannot tell the format of {target.name!r} from its suffix", file=os.fspath(path),
            expected="a .yaml, .yml, .json, .graphml or .parquet file, or a folder of CSV files",
        )])
    if not target.exists():
        raise DatasetError([Problem("file not found", file=os.fspath(path), hint="check the path")])
    return reader(target, coalition_ties=coalition_ties)


def save(graph: ConflictGraph, path: str | os.PathLike[str], **options: Any) -> None:
    """Write a graph, choosing the format from the path; every file is written atomically.

    Parameters
    ----------
    graph : ConflictGraph
    path : str or path-like
        ``.yaml``/``.yml``, ``.json``, ``.graphml``, ``.gexf``, ``.parquet``, or a folder (an
        existing directory, or a path without a suffix) for the CSV files.

    Examples
    --------
    >>> import tempfile, pathlib, graphlib_conflict as gc
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "idlib.json"
    >>> gc.load().save(out)
    >>> len(gc.load(out).relations) == len(gc.load().relations)
    True
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if target.is_dir() or not suffix:
        write_csv(graph, target, **options)
        return
    writer = _WRITERS.get(suffix)
    if writer is None:
        raise DatasetError([Problem(
            f"cannot tell the format to write from the suffix of {target.name!r}",
            file=os.fspath(path), expected="a .yaml, .yml, .json, .graphml, .gexf or .parquet file, "
            "or a folder (a path without a suffix) for CSV files")])
    writer(graph, target, **options)
