"""ICEWS coded event files (Harvard Dataverse ``events.YYYY.*.tab`` and the weekly files).

Tab-separated with a header, no quoting (a ``"`` is plain text), missing values written ``NA``.
Column names are matched without regard to case, spaces or underscores, so the snake-case names of
database exports (``event_id``, ``cameo_code``) are read too. The yearly files differ in their dates:
ISO ``2018-06-01`` in most, ``12/1/2017`` (month/day/year) in ``Events.2017.20200602.tab``, and
``20180601`` in some exports; the format is told per file from its first rows.

Columns used:

==================  ==========================================================================
``Event ID``        event id; with ``Event Date`` the duplicate key (ids repeat across days before 2014)
``Event Date``      event day (an impossible or missing date rejects the row)
``Source Name``     actor name ("Recep Tayyip Erdoğan", "Military (Turkey)")
``Source Sectors``  comma-joined sectors ("Military,Government"); the role
``Source Country``  full country name ("Russian Federation")
``CAMEO Code``      CAMEO event code, kept as text (``"010"``, ``"0214"``); ``NA``: dropped
``Intensity``       the Goldstein-like value ICEWS assigns (-10 .. +10)
``Target ...``      ``Target Name``, ``Target Sectors``, ``Target Country``
``Story ID``        with ``Sentence Number`` and ``Publisher``: the evidence quote
==================  ==========================================================================
"""

from __future__ import annotations

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

__all__ = ["ICEWS", "ICEWS_REQUIRED"]

ICEWS_REQUIRED = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
                  "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country")
"""Columns an ICEWS file must have."""
ICEWS_OPTIONAL = ("Story ID", "Sentence Number", "Publisher")
RAW_COLUMNS = ICEWS_REQUIRED + ICEWS_OPTIONAL

_DATE_FORMATS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d", "ISO dates"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), "%m/%d/%Y", "month/day/year dates"),
    (re.compile(r"^\d{8}$"), "%Y%m%d", "YYYYMMDD dates"),
)


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", "", name).casefold()


def sniff(file: str, head: bytes) -> FileLayout:
    """The layout of one ICEWS file: its header, and the date format of its first rows."""
    columns = header_fields(head, "\t", file)
    by_key = {_key(c): c for c in columns}
    missing = [c for c in ICEWS_REQUIRED if _key(c) not in by_key]
    if missing:
        raise EventImportError(Problem(
            "not an ICEWS events file: the header lacks " + ", ".join(repr(m) for m in missing),
            file=file, line=1, expected="a tab-separated header with " + ", ".join(ICEWS_REQUIRED),
            hint=found_columns(columns)))
    rename = tuple((by_key[_key(c)], c) for c in RAW_COLUMNS if _key(c) in by_key)
    date_col = by_key[_key("Event Date")]
    position = columns.index(date_col)
    votes: Counter[str] = Counter()
    names = {}
    for line in head.split(b"\n")[1:-1][:50]:
        fields = line.rstrip(b"\r").split(b"\t")
        if len(fields) != len(columns):
            continue
        value = fields[position].decode("utf-8", "replace").strip()
        for pattern, fmt, label in _DATE_FORMATS:
            if pattern.match(value):
                votes[fmt] += 1
                names[fmt] = label
    date_format = votes.most_common(1)[0][0] if votes else "%Y-%m-%d"
    return FileLayout(
        layout=f"ICEWS ({names.get(date_format, 'ISO dates')})", columns=tuple(columns), rename=rename,
        types=((date_col, "DATE"), (by_key[_key("Intensity")], "DOUBLE")),
        header=True, delimiter="\t", quote="", date_format=date_format, null_strings=("NA", ""),
        not_null=(date_col,), date_columns=(date_col,))


def _side(prefix: str) -> dict[str, str]:
    side = "source" if prefix == "Source" else "target"
    return {f"{side}_code": "''", f"{side}_name": text(f"{prefix} Name"),
            f"{side}_country": text(f"{prefix} Country"),
            f"{side}_role": f"REPLACE({text(f'{prefix} Sectors')}, '\"', '')",
            f"{side}_label": text(f"{prefix} Name")}


_ROOT = f"SUBSTRING({text('CAMEO Code')} FROM 1 FOR 2)"

ICEWS = EventFormat(
    name="icews",
    title="ICEWS coded event data",
    source={"id": "icews", "title": "ICEWS Coded Event Data",
            "publisher": "Harvard Dataverse (doi:10.7910/DVN/28075)",
            "url": "https://dataverse.harvard.edu/dataverse/icews"},
    raw_columns=RAW_COLUMNS,
    staging={
        "event_id": text("Event ID"),
        "day": ident("Event Date"),
        **_side("Source"), **_side("Target"),
        "code": text("CAMEO Code"), "subcode": "''", "interaction": "''",
        # ICEWS has no QuadClass column: CAMEO's own grouping of the roots
        "quad_class": (f"CASE WHEN {_ROOT} IN ('01', '02', '03', '04', '05') THEN 1 "
                       f"WHEN {_ROOT} IN ('06', '07', '08', '09') THEN 2 "
                       f"WHEN {_ROOT} IN ('10', '11', '12', '13', '14') THEN 3 "
                       f"WHEN {_ROOT} IN ('15', '16', '17', '18', '19', '20') THEN 4 END"),
        "goldstein": ident("Intensity"),
        "mentions": "CAST(NULL AS BIGINT)",
        "fatalities": "CAST(NULL AS BIGINT)",
        "quote": (f"CASE WHEN {text('Story ID')} = '' THEN 'ICEWS event ' || {text('Event ID')} "
                  f"ELSE 'Story ID ' || {text('Story ID')} "
                  f"|| CASE WHEN {text('Sentence Number')} = '' THEN '' "
                  f"ELSE ', sentence ' || {text('Sentence Number')} END "
                  f"|| CASE WHEN {text('Publisher')} = '' THEN '' "
                  f"ELSE ' (' || {text('Publisher')} || ')' END END"),
    },
    sniff=sniff,
)
"""The ICEWS format."""
