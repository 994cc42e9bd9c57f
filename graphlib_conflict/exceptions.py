"""Exceptions raised by graphlib_conflict.

Every error a user can cause is one of these; the tree::

    GraphlibConflictError                 root: catch this to catch everything we raise
    ├── DatasetError                      a dataset (file or tables) has problems; ``.problems``
    ├── DateError (also ValueError)       a date argument could not be read or placed
    ├── ActorNotFound (also KeyError)     an actor the graph does not hold; ``.actor``, ``.suggestions``
    ├── ParameterError (also ValueError)  an argument has a value the function cannot use
    │   └── ViewError                     a view option or style value is not valid
    └── OptionalDependencyError (also ImportError)  an optional package is missing; the message
                                          gives the install command

Exceptions carry their context as attributes (``DatasetError.problems``, ``ActorNotFound.actor``), so
callers never need to parse messages.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphlib_conflict.problems import Problem

__all__ = [
    "ActorNotFound",
    "DatasetError",
    "DateError",
    "GraphlibConflictError",
    "OptionalDependencyError",
    "ParameterError",
    "ViewError",
]


class GraphlibConflictError(Exception):
    """Root of every exception graphlib_conflict raises on purpose."""


class DatasetError(GraphlibConflictError):
    """A dataset has one or more problems.

    Attributes
    ----------
    problems : list of Problem
        Every problem found, in file order; each names the file, line or row, field, what was
        expected and a hint.
    """

    def __init__(self, problems: Iterable[Problem], *, summary: str | None = None) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        head = summary or f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in dataset"
        lines = [head + ":"] + [f"  {p}" for p in errors[:50]]
        if len(errors) > 50:
            lines.append(f"  ... and {len(errors) - 50} more")
        super().__init__("\n".join(lines))


class DateError(GraphlibConflictError, ValueError):
    """A date could not be read; the message says which forms are accepted."""


class ActorNotFound(GraphlibConflictError, KeyError):
    """An actor id that the graph does not hold.

    Attributes
    ----------
    actor : str
        The id that was asked for.
    suggestions : list of str
        Close matches among the graph's actor ids and names.
    """

    def __init__(self, actor: str, suggestions: Iterable[str] = ()) -> None:
        self.actor = actor
        self.suggestions = list(suggestions)
        hint = f" — did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown actor {actor!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class ParameterError(GraphlibConflictError, ValueError):
    """An argument has a value the function cannot use (a negative half-life, an unknown
    frequency, an unknown parameter name); the message names it and what is accepted."""


class ViewError(ParameterError):
    """A view option or a style value (colour, shape, size) is not valid; the message says which."""


class OptionalDependencyError(GraphlibConflictError, ImportError):
    """An optional package needed by one feature is not installed; the message gives the command."""
