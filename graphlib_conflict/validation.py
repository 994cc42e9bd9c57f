"""Validation of datasets: every problem at once, each with its place and a hint.

A :class:`Problem` names the file, the line (YAML) or row (CSV), the record and field, what was wrong,
what was expected, and a hint. :func:`validate` checks a dataset file (or an in-memory graph's tables)
and returns a :class:`ValidationReport`; :func:`graphlib_conflict.load` raises
:class:`~graphlib_conflict.exceptions.DatasetError` carrying the same problems.

Examples
--------
>>> import graphlib_conflict as gc
>>> report = gc.validate(gc.default_dataset_path())
>>> report.ok, len(report.errors)
(True, 0)
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

import pandas as pd

from graphlib_conflict.exceptions import DatasetError
from graphlib_conflict.io import load
from graphlib_conflict.problems import Problem, sort_problems

__all__ = ["ValidationReport", "validate"]


@dataclass
class ValidationReport:
    """What :func:`validate` found.

    Attributes
    ----------
    problems : list of Problem
        Errors and warnings, sorted by file and line.
    source : str or None
        What was validated (a path, or ``None`` for in-memory tables).
    """

    problems: list[Problem] = field(default_factory=list)
    source: str | None = None

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the dataset invalid."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not make the dataset invalid."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def to_frame(self) -> pd.DataFrame:
        """One row per problem, columns as the :class:`Problem` attributes."""
        columns = [f.name for f in Problem.__dataclass_fields__.values()]
        return pd.DataFrame([asdict(p) for p in self.problems], columns=columns)

    def to_json(self) -> str:
        """``{"source": ..., "ok": ..., "problems": [{message, file, line, ...}, ...]}``."""
        return json.dumps(
            {"source": self.source, "ok": self.ok, "problems": [asdict(p) for p in self.problems]},
            indent=2,
            ensure_ascii=False,
        )

    def __str__(self) -> str:
        if not self.problems:
            return f"{self.source or 'dataset'}: valid"
        lines = [str(p) for p in self.problems]
        n_err, n_warn = len(self.errors), len(self.warnings)
        lines.append(
            f"{n_err} error{'s' if n_err != 1 else ''}, {n_warn} warning{'s' if n_warn != 1 else ''}"
        )
        return "\n".join(lines)


def validate(source: str | os.PathLike[str]) -> ValidationReport:
    """Check a dataset file and report every problem at once.

    Parameters
    ----------
    source : str or path-like
        A dataset file (``.yaml``/``.yml``, ``.json``, ``.graphml``, ``.parquet``) or a folder
        holding ``actors.csv`` and ``relations.csv``.

    Returns
    -------
    ValidationReport
        ``report.ok`` is True when the dataset loads; ``report.problems`` lists errors and warnings.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> gc.validate(gc.default_dataset_path()).ok
    True
    """

    try:
        graph = load(source)
    except DatasetError as exc:
        return ValidationReport(sort_problems(exc.problems), os.fspath(source))
    return ValidationReport(sort_problems(graph.warnings), os.fspath(source))
