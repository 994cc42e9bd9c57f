"""GDELT event exports: 2.0 (61 columns) and 1.0 (58 columns daily, 57 historical), tab-separated.

The files have no header and no quoting: a ``"`` inside a field is plain text, so a stray quote can
never merge rows. The layout is told from the number of fields on the first lines.

Columns used (GDELT 2.0 Event Codebook names):

=====================  ====================================================================
``GLOBALEVENTID``      event id (an integer; an empty or non-numeric one rejects the row)
``SQLDATE``            event day, ``YYYYMMDD`` (an impossible or empty date rejects the row)
``Actor1Code``         CAMEO actor code (``TURMIL``, ``SYRGOV``, ``RUS``); empty: no actor
``Actor1Name``         display name (``TURKEY``), used for labels only
``Actor1CountryCode``  CAMEO country code (``TUR``)
``Actor1Type1Code``    CAMEO role (``GOV``, ``MIL``, ``REB``, ``OPP``, ...)
``Actor2...``          the same for the second actor
``EventCode``          CAMEO event code, kept as text (``"010"``, ``"0211"``)
``QuadClass``          1 verbal cooperation .. 4 material conflict
``GoldsteinScale``     -10 .. +10
``NumMentions``        mentions in the first 15 minutes (summed per relation)
``SOURCEURL``          the article (2.0 and 1.0 daily); the evidence quote
=====================  ====================================================================
"""

from __future__ import annotations

from collections import Counter

from graphlib_conflict.io.events._spec import EventFormat, EventImportError, FileLayout, ident, text
from graphlib_conflict.problems import Problem

__all__ = ["GDELT", "GDELT1_COLUMNS", "GDELT1_DAILY_COLUMNS", "GDELT2_COLUMNS"]

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_EVENT = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone")
_GEO1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")


def _columns(geo: tuple[str, ...], url: bool) -> tuple[str, ...]:
    cols = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    cols += [f"Actor1{a}" for a in _ACTOR] + [f"Actor2{a}" for a in _ACTOR] + list(_EVENT)
    for prefix in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
        cols += [prefix + g for g in geo]
    cols.append("DATEADDED")
    if url:
        cols.append("SOURCEURL")
    return tuple(cols)


GDELT2_COLUMNS = _columns(_GEO2, url=True)
"""The 61 columns of a GDELT 2.0 event export."""
GDELT1_DAILY_COLUMNS = _columns(_GEO1, url=True)
"""The 58 columns of a GDELT 1.0 daily file (from April 2013)."""
GDELT1_COLUMNS = _columns(_GEO1, url=False)
"""The 57 columns of a GDELT 1.0 historical (backfile) export, without ``SOURCEURL``."""

_LAYOUTS = {61: ("GDELT 2.0 (61 columns)", GDELT2_COLUMNS),
            58: ("GDELT 1.0 daily (58 columns)", GDELT1_DAILY_COLUMNS),
            57: ("GDELT 1.0 historical (57 columns)", GDELT1_COLUMNS)}

RAW_COLUMNS = ("GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode",
               "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
               "EventCode", "QuadClass", "GoldsteinScale", "NumMentions", "SOURCEURL")


def sniff(file: str, head: bytes) -> FileLayout:
    """The layout of one GDELT file, from the field count of its first lines."""
    lines = [line for line in head.split(b"\n")[:-1][:50] if line.strip()]
    if not lines and head.strip():
        lines = [head]
    counts = Counter(line.count(b"\t") + 1 for line in lines)
    n = counts.most_common(1)[0][0] if counts else 61
    if n not in _LAYOUTS:
        raise EventImportError(Problem(
            f"not a GDELT events file: its lines have {n} tab-separated fields", file=file, line=1,
            expected="61 (GDELT 2.0), 58 (1.0 daily) or 57 (1.0 historical) tab-separated fields",
            hint="GDELT 'mentions' and 'gkg' files are other tables; check the format named"))
    layout, columns = _LAYOUTS[n]
    used = [c for c in RAW_COLUMNS if c in columns]
    return FileLayout(
        layout=layout, columns=columns, rename=tuple((c, c) for c in used),
        types=(("GLOBALEVENTID", "BIGINT"), ("SQLDATE", "DATE"), ("QuadClass", "INTEGER"),
               ("GoldsteinScale", "DOUBLE"), ("NumMentions", "BIGINT")),
        header=False, delimiter="\t", quote="", date_format="%Y%m%d",
        not_null=("GLOBALEVENTID", "SQLDATE"), date_columns=("SQLDATE",))


def _side(n: int) -> dict[str, str]:
    side = "source" if n == 1 else "target"
    return {f"{side}_code": text(f"Actor{n}Code"), f"{side}_name": "''",
            f"{side}_country": text(f"Actor{n}CountryCode"), f"{side}_role": text(f"Actor{n}Type1Code"),
            f"{side}_label": text(f"Actor{n}Name")}


GDELT = EventFormat(
    name="gdelt",
    title="GDELT event export",
    source={"id": "gdelt", "title": "GDELT Event Database (event export)",
            "publisher": "The GDELT Project", "url": "https://www.gdeltproject.org/data.html"},
    raw_columns=RAW_COLUMNS,
    staging={
        "event_id": f"CAST({ident('GLOBALEVENTID')} AS VARCHAR)",
        "day": ident("SQLDATE"),
        **_side(1), **_side(2),
        "code": text("EventCode"), "subcode": "''", "interaction": "''",
        "quad_class": ident("QuadClass"),
        "goldstein": ident("GoldsteinScale"),
        "mentions": ident("NumMentions"),
        "fatalities": "CAST(NULL AS BIGINT)",
        "quote": (f"CASE WHEN {text('SOURCEURL')} <> '' THEN {text('SOURCEURL')} "
                  f"ELSE 'GDELT event ' || CAST({ident('GLOBALEVENTID')} AS VARCHAR) END"),
    },
    sniff=sniff,
)
"""The GDELT format."""
