"""What a format module declares: how its files are laid out and how its columns become staged events.

Each format (``_gdelt``, ``_icews``, ``_acled``, ``_ucdp``) defines one :class:`EventFormat`:

* ``sniff`` looks at the first bytes of one file and returns its :class:`FileLayout` (columns, date
  format, delimiter, quoting) or raises :class:`EventImportError` naming what is wrong;
* ``raw_columns`` are the columns of the ``raw_events`` relation the engine registers (native names,
  older or variant names already renamed to these);
* ``staging`` maps every staged column (:data:`STAGED_COLUMNS`) to an engine-neutral SQL expression
  over ``raw_events`` (identifiers in double quotes, ANSI ``CASE``/``CAST``/``COALESCE``/``||``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from graphlib_conflict.exceptions import GraphlibConflictError
from graphlib_conflict.problems import Problem

__all__ = [
    "SIDE_COLUMNS",
    "STAGED_COLUMNS",
    "UNNAMED",
    "EventFormat",
    "EventImportError",
    "FileLayout",
    "found_columns",
    "header_fields",
    "ident",
    "repeated_columns",
    "text",
]

SIDE_COLUMNS = ("code", "name", "country", "role", "label")
"""Per side (``source_``, ``target_``): the source's actor code, name, country, role (CAMEO type code,
ICEWS sectors, ACLED inter code), and a display label. The first four are the resolution key."""

STAGED_COLUMNS: tuple[str, ...] = (
    "event_id", "day",
    *(f"source_{c}" for c in SIDE_COLUMNS), *(f"target_{c}" for c in SIDE_COLUMNS),
    "code", "subcode", "interaction", "quad_class", "goldstein", "mentions", "fatalities", "quote",
)
"""Columns every format's staging produces (text columns are never NULL: ``''`` when missing)."""

STAGED_TYPES: dict[str, str] = {
    "event_id": "VARCHAR", "day": "DATE", "quad_class": "INTEGER", "goldstein": "DOUBLE",
    "mentions": "BIGINT", "fatalities": "BIGINT",
}
"""SQL types of the staged columns that are not ``VARCHAR``."""


class EventImportError(GraphlibConflictError):
    """Event files could not be imported; ``problems`` says which file, line and what was found.

    Malformed rows never raise this: they are rejected one by one and reported in the summary.
    It is raised for what stops the whole import: a file that is missing or not in the format named,
    a policy or actor mapping that cannot be used, or a dataset to import into that cannot be read.

    Attributes
    ----------
    problems : list of Problem
        Every problem found, each with its file and line where known.
    """

    def __init__(self, problems: list[Problem] | Problem, *, summary: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        head = summary or "cannot import the event data"
        if len(self.problems) == 1 and summary is None:
            super().__init__(str(self.problems[0]))
        else:
            super().__init__("\n".join([head + ":", *(f"  {p}" for p in self.problems)]))


@dataclass(frozen=True)
class FileLayout:
    """How one file is read.

    Attributes
    ----------
    layout : str
        Human name of the layout ("GDELT 2.0 (61 columns)").
    columns : tuple of str
        The file's columns in order (its header, or the documented order of a headerless format).
    rename : tuple of (str, str)
        File column -> ``raw_events`` column, for every column the import uses.
    types : tuple of (str, str)
        File column -> SQL type, for columns read as something other than text.
    header, delimiter, quote
        ``quote`` is ``""`` for formats that never quote (a stray ``"`` is then plain text).
    date_format, timestamp_format : str or None
        ``strptime`` formats of the date and timestamp columns.
    null_strings : tuple of str
        Values that stand for a missing value.
    not_null : tuple of str
        File columns that must not be empty (an empty one rejects the row).
    date_columns : tuple of str
        File columns holding dates (a value that is not a real date rejects the row).
    """

    layout: str
    columns: tuple[str, ...]
    rename: tuple[tuple[str, str], ...]
    types: tuple[tuple[str, str], ...] = ()
    header: bool = False
    delimiter: str = "\t"
    quote: str = ""
    date_format: str | None = None
    timestamp_format: str | None = None
    null_strings: tuple[str, ...] = ("",)
    not_null: tuple[str, ...] = ()
    date_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventFormat:
    """One event-data format (see the module docstring)."""

    name: str
    title: str
    source: Mapping[str, str]
    raw_columns: tuple[str, ...]
    staging: Mapping[str, str]
    sniff: Callable[[str, bytes], FileLayout]
    quoted: bool = False
    raw_types: Mapping[str, str] = field(default_factory=dict)


def ident(name: str) -> str:
    """A delimited SQL identifier (ANSI double quotes).

    >>> ident('Event ID')
    '"Event ID"'
    """
    return '"' + name.replace('"', '""') + '"'


def text(name: str) -> str:
    """A text column of ``raw_events`` that is never NULL (``''`` when missing).

    >>> text("Actor1Code")
    'COALESCE("Actor1Code", \\'\\')'
    """
    return f"COALESCE({ident(name)}, '')"


def found_columns(columns: list[str]) -> str:
    """A hint listing the columns a file has.

    >>> found_columns(["a", "b"])
    'found 2 columns: a, b'
    """
    more = " ..." if len(columns) > 8 else ""
    return f"found {len(columns)} columns: {', '.join(columns[:8])}{more}"


def header_fields(head: bytes, delimiter: str, file: str) -> list[str]:
    """The header line's field names (quotes and a byte-order mark removed).

    Raises
    ------
    EventImportError
        If the file is empty or its first line is not text.
    """
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    if not first.strip():
        raise EventImportError(Problem("the file is empty (no header line)", file=file, line=1))
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EventImportError(Problem(f"the header line is not UTF-8 text ({exc.reason})",
                                       file=file, line=1)) from None
    written = [re.sub(r'^"(.*)"$', r"\1", f.strip()) for f in line.split(delimiter)]
    # a column without a name (a spreadsheet's trailing ",,") is read, and used by no one
    return [name or f"{UNNAMED} {number}" for number, name in enumerate(written, 1)]


UNNAMED = "unnamed column"
"""What :func:`header_fields` calls a column whose header cell is empty (with its number)."""


def repeated_columns(columns: Sequence[str], file: str) -> list[Problem]:
    """A problem for each name a header gives to more than one column (in any case): which of the
    values a row means cannot be told, and the engine cannot read such a file.

    >>> [p.message for p in repeated_columns(["id", "Notes", "notes"], "a.csv")]
    ["column 'Notes' is named twice in the header (columns 2, 3)"]
    """
    places: dict[str, list[int]] = {}
    for number, name in enumerate(columns, 1):
        places.setdefault(name.casefold(), []).append(number)
    return [Problem(f"column {columns[where[0] - 1]!r} is named twice in the header (columns "
                    f"{', '.join(map(str, where))})", file=file, line=1, expected="each column once",
                    hint="rename or remove one of them: which one a row means cannot be told")
            for where in places.values() if len(where) > 1]
