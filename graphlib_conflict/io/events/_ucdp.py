"""UCDP Georeferenced Event Dataset (GED) CSV files (``GEDEvent_v23_1.csv`` and its relatives).

Comma-separated with a header and ``"`` quoting; text fields such as ``source_article`` hold line
breaks and doubled quotes. Dates are ``2013-01-03 00:00:00.000`` in UCDP's CSV files, or plain
``2013-01-03``; the format is told per file. An event is dated by ``date_start``.

Columns used:

=====================  ==========================================================================
``id``                 event id
``date_start``         first day of the event (an impossible or missing date rejects the row)
``type_of_violence``   1 state-based conflict, 2 non-state conflict, 3 one-sided violence
``side_a``             "Government of Syria", "IS", ...
``side_b``             "Syrian insurgents", "Civilians", ...
``best``               best estimate of deaths (weights the event; summed per relation)
``country``            where it happened (places "Civilians" in a country)
``source_article``     the evidence quote
=====================  ==========================================================================
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

__all__ = ["UCDP", "UCDP_REQUIRED"]

UCDP_REQUIRED = ("id", "date_start", "type_of_violence", "side_a", "side_b", "best")
"""Columns a UCDP GED file must have."""
RAW_COLUMNS = (*UCDP_REQUIRED, "country", "source_article")

_DATE_FORMATS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+$"), "%Y-%m-%d %H:%M:%S.%g"),
    (re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"), "%Y-%m-%d %H:%M:%S"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
)


def sniff(file: str, head: bytes) -> FileLayout:
    """The layout of one UCDP GED file: its header and the form of its dates."""
    columns = header_fields(head, ",", file)
    by_key = {c.strip().casefold(): c for c in columns}
    missing = [c for c in UCDP_REQUIRED if c not in by_key]
    if missing:
        raise EventImportError(Problem(
            "not a UCDP GED file: the header lacks " + ", ".join(missing), file=file, line=1,
            expected="a CSV header with " + ", ".join(UCDP_REQUIRED),
            hint=found_columns(columns)))
    rename = tuple((by_key[c], c) for c in RAW_COLUMNS if c in by_key)
    date_col = by_key["date_start"]
    position = columns.index(date_col)
    votes: Counter[str] = Counter()
    text_head = head.decode("utf-8", "replace")
    body = text_head.split("\n", 1)[1] if "\n" in text_head else ""
    for fields in list(csv.reader(io.StringIO(body)))[:50]:
        if len(fields) != len(columns):
            continue
        for pattern, fmt in _DATE_FORMATS:
            if pattern.match(fields[position].strip()):
                votes[fmt] += 1
    date_format = votes.most_common(1)[0][0] if votes else _DATE_FORMATS[0][1]
    return FileLayout(
        layout="UCDP GED" + (" (timestamps)" if "%H" in date_format else " (dates)"),
        columns=tuple(columns), rename=rename,
        types=((date_col, "TIMESTAMP"), (by_key["type_of_violence"], "INTEGER"),
               (by_key["best"], "BIGINT")),
        header=True, delimiter=",", quote='"', timestamp_format=date_format,
        not_null=(date_col,), date_columns=(date_col,))


UCDP = EventFormat(
    name="ucdp",
    title="UCDP GED",
    source={"id": "ucdp", "title": "UCDP Georeferenced Event Dataset (GED)",
            "publisher": "Uppsala Conflict Data Program", "url": "https://ucdp.uu.se/downloads/"},
    raw_columns=RAW_COLUMNS,
    staging={
        "event_id": text("id"),
        "day": f"CAST({ident('date_start')} AS DATE)",
        "source_code": "''", "source_name": text("side_a"), "source_country": "''",
        "source_role": "''", "source_label": text("side_a"),
        "target_code": "''", "target_name": text("side_b"),
        # "Civilians" are placed in the country where the event happened
        "target_country": (f"CASE WHEN LOWER({text('side_b')}) = 'civilians' THEN {text('country')} "
                           "ELSE '' END"),
        "target_role": "''", "target_label": text("side_b"),
        "code": f"CAST({ident('type_of_violence')} AS VARCHAR)", "subcode": "''", "interaction": "''",
        "quad_class": "CAST(NULL AS INTEGER)",
        "goldstein": "CAST(NULL AS DOUBLE)",
        "mentions": "CAST(NULL AS BIGINT)",
        "fatalities": ident("best"),
        "quote": (f"CASE WHEN {text('source_article')} <> '' THEN {text('source_article')} "
                  f"ELSE 'UCDP GED event ' || {text('id')} END"),
    },
    sniff=sniff,
    quoted=True,
)
"""The UCDP GED format."""
