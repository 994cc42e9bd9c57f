"""Real event data: GDELT, ICEWS, ACLED and UCDP GED files imported as signed relations by period.

:func:`read_events` (or one function per format) reads the native exports, codes each event to a
signed, weighted interaction through the sign policy (``data/event_policy.yaml``, overridable), maps
source actors to a dataset's actors, drops duplicates, and aggregates per actor pair, type and
period, in an embedded engine (DuckDB) that streams and spills to disk — or the same statements on
Apache Spark (``engine="spark"``, ``docs/spark.md``). Malformed rows are set aside with file and line.
See ``docs/events.md``.

Examples
--------
>>> from graphlib_conflict.io.events import read_gdelt
>>> import pathlib, tempfile
>>> row = ["7", "20191024", "201910", "2019", "2019.80", "RUSGOV", "RUSSIA", "RUS", "", "", "", "",
...        "GOV", "", "", "TUR", "TURKEY", "TUR"] + [""] * 7 + ["1", "040", "040", "04", "1", "1.0", "2",
...        "1", "2", "-3.05"] + [""] * 24 + ["20191024143000", "https://example.org/putin-erdogan"]
>>> path = pathlib.Path(tempfile.mkdtemp()) / "20191024.export.CSV"
>>> _ = path.write_text("\\t".join(row) + "\\n" + "\\t".join(row) + "\\n", encoding="utf-8")
>>> result = read_gdelt(path, progress=False)
>>> result.counts["rows_read"], result.counts["duplicates"], result.counts["imported"]
(2, 1, 1)
>>> result.graph.relations[["source", "type", "target", "date", "weight"]].values.tolist()
[['RUS', 'meets', 'TUR', '2019-10', 0.1]]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from graphlib_conflict.io.events._importer import (
    ENGINES,
    EVENT_FORMATS,
    PERIODS,
    calendar,
    read_events,
    write_unmapped,
)
from graphlib_conflict.io.events._policy import EventPolicy, default_policy_path
from graphlib_conflict.io.events._result import ImportResult
from graphlib_conflict.io.events._spark import SparkUnavailableError, require_spark, spark_session
from graphlib_conflict.io.events._spec import EventImportError
from graphlib_conflict.io.events._writers import events_file_for, rejects_file_for

__all__ = [
    "ENGINES",
    "EVENT_FORMATS",
    "PERIODS",
    "EventImportError",
    "EventPolicy",
    "ImportResult",
    "SparkUnavailableError",
    "calendar",
    "default_policy_path",
    "events_file_for",
    "read_acled",
    "read_events",
    "read_gdelt",
    "read_icews",
    "read_ucdp",
    "rejects_file_for",
    "require_spark",
    "spark_session",
    "write_unmapped",
]

Paths = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def read_gdelt(paths: Paths, **options: Any) -> ImportResult:
    """Import GDELT event exports (2.0, or 1.0 daily/historical): ``read_events(paths, "gdelt", ...)``.

    See :func:`read_events` for the options and :mod:`graphlib_conflict.io.events._gdelt` for the
    columns used.
    """
    return read_events(paths, "gdelt", **options)


def read_icews(paths: Paths, **options: Any) -> ImportResult:
    """Import ICEWS coded event files: ``read_events(paths, "icews", ...)`` (see :func:`read_events`)."""
    return read_events(paths, "icews", **options)


def read_acled(paths: Paths, **options: Any) -> ImportResult:
    """Import ACLED CSV exports: ``read_events(paths, "acled", ...)`` (see :func:`read_events`)."""
    return read_events(paths, "acled", **options)


def read_ucdp(paths: Paths, **options: Any) -> ImportResult:
    """Import UCDP GED CSV files: ``read_events(paths, "ucdp", ...)`` (see :func:`read_events`)."""
    return read_events(paths, "ucdp", **options)
