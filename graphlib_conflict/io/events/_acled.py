"""ACLED CSV exports: the export tool's files, older files, and files re-saved by a spreadsheet.

Comma-separated with a header and ``"`` quoting; column names are matched without regard to case.
What differs between files and is handled per file:

* the event id is ``event_id_cnty`` (``SYR78126``), or ``data_id`` in older files without it;
* associated actors are ``assoc_actor_1`` or (older) ``ally_actor_1``;
* ``inter1``/``inter2`` are numeric codes (1 state forces .. 8 external/other forces) or, in newer
  exports, their labels ("State forces"); ``interaction`` is recomputed from them (lower code first,
  ``60`` for a sole actor of type 6);
* dates are ``21 March 2020`` (native), ``9-May-20`` (a spreadsheet's re-save, often with CRLF line
  ends), or ``2020-03-21`` (API exports).

A stray ``"`` that opens a quoted value and never closes it would swallow the rows after it: that
row is rejected ("stray quote") and the rows it swallowed are read again one by one.

Columns used: ``event_id_cnty`` (or ``data_id``), ``event_date``, ``event_type``,
``sub_event_type``, ``actor1``, ``inter1``, ``actor2``, ``inter2``, ``interaction``,
``fatalities``, ``notes`` (the evidence quote), ``source``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from graphlib_conflict.io.events._spec import (
    EventFormat,
    EventImportError,
    FileLayout,
    found_columns,
    header_fields,
    ident,
    text,
)
from graphlib_conflict.problems import Problem

__all__ = ["ACLED", "ACLED_REQUIRED", "INTER_LABELS"]

ACLED_REQUIRED = ("event_date", "event_type", "actor1", "actor2")
"""Columns an ACLED file must have, besides an id (``event_id_cnty`` or ``data_id``)."""
RAW_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1",
               "actor2", "inter2", "interaction", "fatalities", "notes", "source")
_ALTERNATIVES = {"event_id_cnty": ("event_id_cnty", "data_id"),
                 "sub_event_type": ("sub_event_type",)}

INTER_LABELS = {"state forces": "1", "rebel group": "2", "rebel groups": "2", "political militia": "3",
                "political militias": "3", "identity militia": "4", "identity militias": "4",
                "rioters": "5", "protesters": "6", "civilians": "7", "external/other forces": "8",
                "external/other force": "8"}
"""ACLED actor-type labels (2023 schema) and the numeric codes of older exports."""

_DATE_FORMATS = (
    (re.compile(r"^\d{1,2} [A-Za-z]+ \d{4}$"), "%d %B %Y", "native dates"),
    (re.compile(r"^\d{1,2}-[A-Za-z]{3}-\d{2}$"), "%d-%b-%y", "spreadsheet d-Mon-yy dates"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d", "ISO dates"),
)


def sniff(file: str, head: bytes) -> FileLayout:
    """The layout of one ACLED file: its header, naming generation and date format."""
    first = head.split(b"\n", 1)[0]
    delimiter = ";" if first.count(b";") > first.count(b",") else ","
    columns = header_fields(head, delimiter, file)
    by_key = {c.strip().casefold(): c for c in columns}
    rename: list[tuple[str, str]] = []
    for raw in RAW_COLUMNS:
        for option in _ALTERNATIVES.get(raw, (raw,)):
            if option in by_key:
                rename.append((by_key[option], raw))
                break
    named = {raw for _, raw in rename}
    missing = [c for c in ("event_id_cnty", *ACLED_REQUIRED) if c not in named]
    if missing:
        readable = ["event_id_cnty (or data_id)" if m == "event_id_cnty" else m for m in missing]
        raise EventImportError(Problem(
            "not an ACLED export: the header lacks " + ", ".join(readable), file=file, line=1,
            expected="a CSV header with event_id_cnty, event_date, event_type, actor1, actor2, ...",
            hint=found_columns(columns)))
    date_col = next(native for native, raw in rename if raw == "event_date")
    position = columns.index(date_col)
    votes: Counter[str] = Counter()
    names = {}
    sample = head.decode("utf-8", "replace").splitlines()[1:51]
    for fields in csv.reader(io.StringIO("\n".join(sample)), delimiter=delimiter):
        if len(fields) != len(columns):
            continue
        value = fields[position].strip()
        for pattern, fmt, label in _DATE_FORMATS:
            if pattern.match(value):
                votes[fmt] += 1
                names[fmt] = label
    date_format = votes.most_common(1)[0][0] if votes else "%d %B %Y"
    naming = "event_id_cnty" if "event_id_cnty" in by_key else "data_id"
    types: list[tuple[str, str]] = [(date_col, "DATE")]
    types += [(native, "BIGINT") for native, raw in rename if raw == "fatalities"]
    return FileLayout(
        layout=f"ACLED ({naming} ids, {names.get(date_format, 'native dates')})",
        columns=tuple(columns), rename=tuple(rename), types=tuple(types), header=True,
        delimiter=delimiter, quote='"', date_format=date_format, not_null=(date_col,),
        date_columns=(date_col,))


def _inter(column: str) -> str:
    """An ``inter`` value as ACLED's numeric code (labels of the 2023 schema turned into codes)."""
    cases = " ".join(f"WHEN '{label}' THEN '{code}'" for label, code in INTER_LABELS.items())
    return f"CASE LOWER({text(column)}) {cases} ELSE {text(column)} END"


_I1, _I2 = _inter("inter1"), _inter("inter2")
_DIGITS = "('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')"

ACLED = EventFormat(
    name="acled",
    title="ACLED export",
    source={"id": "acled", "title": "ACLED: Armed Conflict Location & Event Data",
            "publisher": "ACLED", "url": "https://acleddata.com/"},
    raw_columns=RAW_COLUMNS,
    staging={
        "event_id": text("event_id_cnty"),
        "day": ident("event_date"),
        "source_code": "''", "source_name": text("actor1"), "source_country": "''",
        "source_role": _I1, "source_label": text("actor1"),
        "target_code": "''", "target_name": text("actor2"), "target_country": "''",
        "target_role": _I2, "target_label": text("actor2"),
        "code": text("event_type"), "subcode": text("sub_event_type"),
        # ACLED's interaction code: the two actor-type codes, lower first; a sole actor's code and 0
        "interaction": (f"CASE WHEN {_I1} IN {_DIGITS} AND {text('actor2')} = '' THEN {_I1} || '0' "
                        f"WHEN {_I1} IN {_DIGITS} AND {_I2} IN {_DIGITS} THEN "
                        f"CASE WHEN {_I1} <= {_I2} THEN {_I1} || {_I2} ELSE {_I2} || {_I1} END "
                        f"ELSE {text('interaction')} END"),
        "quad_class": "CAST(NULL AS INTEGER)",
        "goldstein": "CAST(NULL AS DOUBLE)",
        "mentions": "CAST(NULL AS BIGINT)",
        "fatalities": ident("fatalities"),
        "quote": (f"CASE WHEN {text('notes')} <> '' THEN {text('notes')} "
                  f"ELSE 'ACLED event ' || {text('event_id_cnty')} "
                  f"|| CASE WHEN {text('source')} = '' THEN '' "
                  f"ELSE ' (' || {text('source')} || ')' END END"),
    },
    sniff=sniff,
    quoted=True,
    raw_types={"event_date": "DATE", "fatalities": "BIGINT"},
)
"""The ACLED format."""
