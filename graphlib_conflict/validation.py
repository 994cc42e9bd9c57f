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

import difflib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

import pandas as pd

__all__ = ["Problem", "ValidationReport", "did_you_mean", "validate"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem found in a dataset.

    Attributes
    ----------
    message : str
        What is wrong, with the offending value.
    file : str or None
        The file it was found in (``None`` for in-memory tables).
    line : int or None
        1-based line in a YAML file, or 1-based line of the row in a CSV file (the header is line 1).
    record : str or None
        Which record: ``"relations[3] (id 'tur-attacks-syr')"``.
    field : str or None
        The field, e.g. ``"source"`` or ``"evidence[0].source"``.
    expected : str or None
        What was expected there.
    hint : str or None
        How to fix it ("did you mean 'TUR'?").
    severity : {"error", "warning"}
        Errors make a dataset invalid; warnings do not.
    """

    message: str
    file: str | None = None
    line: int | None = None
    record: str | None = None
    field: str | None = None
    expected: str | None = None
    hint: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = os.fspath(self.file) + (f":{self.line}" if self.line is not None else "")
        elif self.line is not None:
            where = f"line {self.line}"
        place = ".".join(p for p in (self.record, self.field) if p)
        head = ": ".join(p for p in (where, place) if p)
        text = f"{head}: {self.message}" if head else self.message
        if self.severity == "warning":
            text = "warning: " + text
        if self.expected:
            text += f" (expected {self.expected})"
        if self.hint:
            text += f" — {self.hint}"
        return text


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


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """File order: by file, then line (problems without a line last, in the order found)."""
    indexed = list(enumerate(problems))
    indexed.sort(key=lambda ip: (ip[1].file or "", ip[1].line is None, ip[1].line or 0, ip[0]))
    return [p for _, p in indexed]


def did_you_mean(value: str, choices: Sequence[str] | Iterable[str], *, n: int = 3) -> str | None:
    """A hint naming the closest choices, or ``None``.

    Examples
    --------
    >>> did_you_mean("TRK", ["TUR", "RUS", "IRN"])
    "did you mean 'TUR'?"
    """
    pool = list(dict.fromkeys(str(c) for c in choices))
    target = str(value)
    scored = sorted(
        ((difflib.SequenceMatcher(None, target.casefold(), c.casefold()).ratio(), c) for c in pool),
        key=lambda sc: -sc[0],
    )
    best = scored[0][0] if scored else 0.0
    close = [c for score, c in scored[:n] if score >= 0.5 and score >= best - 0.05]
    if not close:
        return None
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"


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
    from graphlib_conflict.exceptions import DatasetError
    from graphlib_conflict.io import load

    try:
        graph = load(source)
    except DatasetError as exc:
        return ValidationReport(sort_problems(exc.problems), os.fspath(source))
    return ValidationReport(sort_problems(graph.warnings), os.fspath(source))
