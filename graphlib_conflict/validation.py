"""Validation of datasets: every problem at once, each with its place and a hint.

A :class:`~graphlib_conflict.problems.Problem` names the file, the line (YAML) or row (CSV), the
record and field, what was wrong, what was expected, and a hint. :func:`validate` checks a dataset
file and returns a :class:`ValidationReport`: **errors** (the data cannot be right: it does not
load) and **warnings** (it loads, but looks like a modelling mistake: a state ``part_of`` a private
army, the same relation twice, an alliance and a war between the same pair on the same days with no
note). :func:`graphlib_conflict.load` raises
:class:`~graphlib_conflict.exceptions.DatasetError` carrying the errors, and keeps the warnings on
the graph (``graph.warnings``).

Examples
--------
>>> import graphlib_conflict as gc
>>> report = gc.validate(gc.default_dataset_path())
>>> report.ok, len(report.errors)
(True, 0)
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from graphlib_conflict.exceptions import DatasetError
from graphlib_conflict.io import load
from graphlib_conflict.problems import Problem, sort_problems
from graphlib_conflict.render import Bullets, Data, Doc, Para, Result, plain, plural

__all__ = ["ValidationReport", "validate"]


@dataclass(repr=False)
class ValidationReport(Result):
    """What :func:`validate` found.

    Attributes
    ----------
    problems : list of Problem
        Errors and warnings, sorted by file and line.
    source : str or None
        What was validated (a path, or ``None`` for in-memory tables).
    strict : bool
        Whether warnings count as errors for :attr:`ok`.
    """

    problems: list[Problem] = field(default_factory=list)
    source: str | None = None
    strict: bool = False

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
        """True when there is no error (and, when ``strict``, no warning)."""
        return not self.errors and not (self.strict and self.warnings)

    def to_frame(self) -> pd.DataFrame:
        """One row per problem, columns as the :class:`Problem` attributes."""
        columns = [f.name for f in Problem.__dataclass_fields__.values()]
        return pd.DataFrame([asdict(p) for p in self.problems], columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """``{"source", "ok", "strict", "errors", "warnings", "problems": [{message, file, line,
        record, field, expected, hint, severity, text}, ...]}`` (``text``: the problem as one
        line)."""
        return plain({"source": self.source, "ok": self.ok, "strict": self.strict,
                      "errors": len(self.errors), "warnings": len(self.warnings),
                      "problems": [asdict(p) | {"text": str(p)} for p in self.problems]})

    def _title(self) -> str:
        return f"Validation of {self.source or 'dataset'}"

    def _document(self) -> Doc:
        if not self.problems:
            return [Para((Data(self.source or "dataset"), ": valid"))]
        n_err, n_warn = len(self.errors), len(self.warnings)
        verdict = "valid" if self.ok else "not valid"
        if self.strict and n_warn and not n_err:
            verdict += " (warnings count as errors with --strict)"
        return [Bullets([Data(str(p)) for p in self.problems], marker=False),
                Para(f"{plural(n_err, 'error')}, {plural(n_warn, 'warning')}: {verdict}.")]

    def __repr__(self) -> str:
        return (f"<ValidationReport {self.source!r}: {len(self.errors)} errors, "
                f"{len(self.warnings)} warnings>")


def validate(source: str | os.PathLike[str], *, strict: bool = False) -> ValidationReport:
    """Check a dataset file and report every problem at once.

    Parameters
    ----------
    source : str or path-like
        A dataset file (``.yaml``/``.yml``, ``.json``, ``.graphml``, ``.parquet``) or a folder
        holding ``actors.csv`` and ``relations.csv``.
    strict : bool, default False
        Count warnings as errors (``report.ok`` is then False when there is any).

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
        return ValidationReport(sort_problems(exc.problems), os.fspath(source), strict)
    return ValidationReport(sort_problems(graph.warnings), os.fspath(source), strict)
