"""The files an import writes beside its output: rejected rows, unmapped actors, and where they go."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import IO, Any

import pandas as pd

from graphlib_conflict._atomic import write_with

__all__ = ["REJECT_FIELDS", "events_file_for", "rejects_file_for", "write_rejects", "write_table"]

REJECT_FIELDS = ("file", "line", "reason", "message", "text")
"""Columns of a rejects file."""


def _beside(dataset: str | os.PathLike[str], name: str) -> Path:
    path = Path(dataset)
    if path.is_dir() or not path.suffix:
        return path / name
    return path.with_name(path.name[: -len(path.suffix)] + "." + name)


def events_file_for(dataset: str | os.PathLike[str]) -> Path:
    """Where the events of a dataset made by an import are kept: ``X.yaml`` -> ``X.events.parquet``
    (inside a CSV folder: ``events.parquet``).

    >>> events_file_for("out/idlib-gdelt.parquet").as_posix()
    'out/idlib-gdelt.events.parquet'
    """
    return _beside(dataset, "events.parquet")


def rejects_file_for(dataset: str | os.PathLike[str]) -> Path:
    """Where an import writes its rejected rows: ``X.parquet`` -> ``X.rejects.csv``.

    >>> rejects_file_for("out/idlib-gdelt.parquet").as_posix()
    'out/idlib-gdelt.rejects.csv'
    """
    return _beside(dataset, "rejects.csv")


def write_table(frame: pd.DataFrame, path: str | os.PathLike[str], columns: tuple[str, ...]) -> None:
    """Write ``columns`` of ``frame`` as UTF-8 CSV (quoted where needed), atomically."""

    def write(handle: IO[Any]) -> None:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in frame.reindex(columns=list(columns)).itertuples(index=False):
            writer.writerow(["" if pd.isna(v) else v for v in row])

    write_with(path, write)


def write_rejects(rejects: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write rejected rows (``file, line, reason, message, text``), atomically."""
    write_table(rejects, path, REJECT_FIELDS)
