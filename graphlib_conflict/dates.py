"""Partial dates that keep their precision, and the day arithmetic behind time slicing.

A date in a dataset is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. It stands for an interval of days:
``2017-05`` is every day of May 2017. A relation starting ``2017-05`` is active from its *first* day,
one ending ``2019-10`` until its *last* day, so "active at its precision" is a comparison of plain days.

Days are held as ``int64`` counts since 1970-01-01 (``numpy.datetime64[D]``), so masks over millions of
relations are two integer comparisons.

Examples
--------
>>> from graphlib_conflict.dates import PartialDate
>>> d = PartialDate.parse("2017-05")
>>> d.precision, str(d.first), str(d.last)
('month', '2017-05-01', '2017-05-31')
>>> PartialDate.parse("2020-02-30")
Traceback (most recent call last):
...
graphlib_conflict.exceptions.DateError: impossible date '2020-02-30': February 2020 has 29 days
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
import pandas as pd

from graphlib_conflict.exceptions import DateError

__all__ = [
    "DAY_MAX",
    "DAY_MIN",
    "DateLike",
    "Day",
    "PartialDate",
    "date_hint",
    "days_to_timestamps",
    "parse_date_column",
    "timestamps_to_days",
    "to_day",
]

DateLike: TypeAlias = "str | _dt.date | _dt.datetime | pd.Timestamp | np.datetime64"
"""Anything a date argument accepts: an ISO string, a ``date``, ``datetime``, ``Timestamp`` or
``numpy.datetime64``."""

Precision = Literal["year", "month", "day"]

DAY_MIN = np.iinfo(np.int64).min
"""Day number standing for "since before the data begins" (a relation without a start)."""
DAY_MAX = np.iinfo(np.int64).max
"""Day number standing for "ongoing" (a relation without an end)."""

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_EPOCH = _dt.date(1970, 1, 1)
FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


class Day(int):
    """A day number (days since 1970-01-01) that date arguments accept as already read.

    Plain integers are refused as dates (``2020`` is more likely a year than a day number); internal
    code passes ``Day`` values between functions instead of re-reading dates.
    """

    __slots__ = ()


def _day_number(d: _dt.date) -> Day:
    return Day((d - _EPOCH).days)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Attributes
    ----------
    year, month, day : int
        ``month`` and ``day`` are 0 where the precision does not reach them.
    precision : {"year", "month", "day"}
    """

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.day:
            return "day"
        return "month" if self.month else "year"

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Raises
        ------
        DateError
            If the text has another form or names a day that does not exist.

        Examples
        --------
        >>> PartialDate.parse("2019").precision
        'year'
        >>> PartialDate.parse(" 2019-10-22 ").last
        datetime.date(2019, 10, 22)
        """
        match = _PARTIAL.match(text.strip())
        if not match:
            raise DateError(f"cannot read date {text!r}: expected {FORMS}")
        year = int(match[1])
        month = int(match[2] or 0)
        day = int(match[3] or 0)
        if year < 1:
            raise DateError(f"impossible date {text!r}: year 0000 does not exist")
        if match[2] is not None and not 1 <= month <= 12:
            raise DateError(f"impossible date {text!r}: month {month:02d} is not between 01 and 12")
        if match[3] is not None:
            length = calendar.monthrange(year, month)[1]
            if not 1 <= day <= length:
                raise DateError(
                    f"impossible date {text!r}: {calendar.month_name[month]} {year} has {length} days"
                )
        return cls(year, month, day)

    @property
    def first(self) -> _dt.date:
        """The first day the date may stand for."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> _dt.date:
        """The last day the date may stand for."""
        if self.day:
            return self.first
        month = self.month or 12
        return _dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text


def to_day(value: DateLike | Day, *, bound: Literal["first", "last", "exact"] = "exact") -> Day:
    """Turn a date argument into a day number.

    Parameters
    ----------
    value : str, date, datetime, pandas.Timestamp or numpy.datetime64
        A time of day, if any, is dropped.
    bound : {"exact", "first", "last"}
        How a partial string such as ``"2020-02"`` is read: ``"first"`` and ``"last"`` take the first or
        last day it stands for; ``"exact"`` refuses it (a single day is needed).

    Raises
    ------
    DateError
        If the value is not a date, or is partial where ``bound="exact"``.

    Examples
    --------
    >>> import datetime
    >>> to_day("2020-02-04") == to_day(datetime.date(2020, 2, 4))
    True
    >>> to_day("2020-02", bound="last") - to_day("2020-02", bound="first")
    28
    """
    if isinstance(value, Day):
        return value
    if value is pd.NaT:
        raise DateError("the date is missing (NaT)")
    if isinstance(value, str):
        partial = PartialDate.parse(value)
        if partial.precision != "day" and bound == "exact":
            raise DateError(
                f"date {value!r} is a whole {partial.precision}; a single day is needed here "
                f"(e.g. '{partial.first.isoformat()}'), or use between({value!r}, {value!r}) "
                "for the whole period"
            )
        return _day_number(partial.last if bound == "last" else partial.first)
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            raise DateError("the date is missing (NaT)")
        return _day_number(value.date())
    if isinstance(value, _dt.datetime):
        return _day_number(value.date())
    if isinstance(value, _dt.date):
        return _day_number(value)
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise DateError("the date is missing (NaT)")
        return Day(int(value.astype("datetime64[D]").astype(np.int64)))
    raise DateError(
        f"cannot read {value!r} ({type(value).__name__}) as a date: give a string ({FORMS}), "
        "a datetime.date, a datetime.datetime or a pandas.Timestamp"
    )


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_OPEN_ENDS = frozenset({"ongoing", "present", "now", "today", "current", "open", "continuing",
                        "-", "--", "n/a", "na", "none", "tbd", "unknown", "?"})
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?,?\s+(?:(\d{1,2}),?\s+)?(\d{4})$")
_SLASHED = re.compile(r"^(\d{4})[/.-](\d{1,2})(?:[/.-](\d{1,2}))?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_TIMED = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def date_hint(value: object, field: str | None = None) -> str | None:
    """How a date that could not be read was probably meant, as a hint; ``None`` when unclear.

    Never guesses between day and month: ``04/02/2020`` gets a question, not an answer.

    Examples
    --------
    >>> date_hint("January 2020"), date_hint("4 February 2020"), date_hint("Feb. 4, 2020")
    ('write 2020-01', 'write 2020-02-04', 'write 2020-02-04')
    >>> date_hint("ongoing", "end")
    'leave `end` empty: a relation with no end is ongoing'
    >>> date_hint("04/02/2020")
    'write YYYY-MM-DD: is 04/02/2020 the 4th of February or the 2nd of April?'
    >>> date_hint("20200204"), date_hint("2020/2"), date_hint("2020-2-4")
    ('write 2020-02-04', 'write 2020-02', 'write 2020-02-04')
    >>> date_hint("13/2/2020"), date_hint("2020-02-04 00:00:00")
    ('write 2020-02-13', 'write 2020-02-04: a date has no time of day')
    """
    text = str(value).strip()
    if text.lower() in _OPEN_ENDS:
        if field == "end":
            return "leave `end` empty: a relation with no end is ongoing"
        return f"{text!r} is not a date: leave the field empty when it is not known"
    match = _WORDS.match(text)
    if match and match[2].lower() in _MONTHS:
        day = match[1] or match[3]
        month = _MONTHS[match[2].lower()]
        iso = f"{match[4]}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        return f"write {iso}" if _exists(iso) else None
    match = _TIMED.match(text)
    if match:
        return f"write {match[1]}: a date has no time of day" if _exists(match[1]) else None
    for pattern in (_SLASHED, _COMPACT):
        match = pattern.match(text)
        if match:
            iso = f"{match[1]}-{int(match[2]):02d}" + (f"-{int(match[3]):02d}" if match[3] else "")
            return f"write {iso}" if _exists(iso) else None
    match = _DAY_FIRST.match(text)
    if match:
        a, b = int(match[1]), int(match[2])
        if a <= 12 and b <= 12 and a != b:
            return (f"write YYYY-MM-DD: is {text} the {_ordinal(a)} of {calendar.month_name[b]} "
                    f"or the {_ordinal(b)} of {calendar.month_name[a]}?")
        day, month = (a, b) if b <= 12 else (b, a)
        iso = f"{match[3]}-{month:02d}-{day:02d}"
        return f"write {iso}" if _exists(iso) else None
    return None


def _exists(iso: str) -> bool:
    try:
        PartialDate.parse(iso)
    except DateError:
        return False
    return True


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def day_to_iso(day: int) -> str:
    """The ISO text of a day number.

    Examples
    --------
    >>> day_to_iso(to_day("2020-02-04"))
    '2020-02-04'
    """
    return str(np.datetime64(int(day), "D"))


def timestamps_to_days(values: pd.Series, missing: int) -> np.ndarray:
    """``datetime64`` values as day numbers, ``missing`` (a sentinel) where ``NaT``."""
    days = values.to_numpy(dtype="datetime64[s]").astype("datetime64[D]").astype(np.int64)
    return np.where(values.isna().to_numpy(), missing, days)


def days_to_timestamps(days: np.ndarray) -> pd.Series:
    """Day numbers to ``datetime64[s]`` values, with the sentinels as ``NaT``."""
    days = np.asarray(days, dtype=np.int64)
    out = days.astype("datetime64[D]").astype("datetime64[s]")
    out[(days == DAY_MIN) | (days == DAY_MAX)] = np.datetime64("NaT")
    return pd.Series(out)


@dataclass(frozen=True, slots=True)
class ParsedDates:
    """A column of partial dates read at once.

    Attributes
    ----------
    text : pandas.Series
        Canonical text (``YYYY``/``YYYY-MM``/``YYYY-MM-DD``), ``NA`` where missing or unreadable.
    first, last : numpy.ndarray of int64
        Day numbers; ``missing_first``/``missing_last`` where the value is missing or unreadable.
    bad : pandas.Series of bool
        Rows whose non-empty value could not be read.
    """

    text: pd.Series
    first: np.ndarray
    last: np.ndarray
    bad: pd.Series


def parse_date_column(values: pd.Series, *, missing_first: int = DAY_MIN,
                      missing_last: int = DAY_MAX) -> ParsedDates:
    """Read a column of partial dates in one vectorised pass.

    Parameters
    ----------
    values : pandas.Series
        Strings (surrounding blanks ignored), dates or timestamps; ``None``/``NaN``/empty mean missing.
    missing_first, missing_last : int
        Day numbers to put where the value is missing.

    Returns
    -------
    ParsedDates

    Examples
    --------
    >>> import pandas as pd
    >>> parsed = parse_date_column(pd.Series(["2017", "2017-05-04", None, "2019-02-30"]))
    >>> parsed.text.tolist()
    ['2017', '2017-05-04', <NA>, <NA>]
    >>> parsed.bad.tolist()
    [False, False, False, True]
    """
    index = values.index
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) else values
        days = stamps.to_numpy(dtype="datetime64[D]").astype(np.int64)
        missing = stamps.isna().to_numpy()
        text = pd.Series(stamps.dt.strftime("%Y-%m-%d"), index=index, dtype="string")
        return ParsedDates(
            text=text,
            first=np.where(missing, missing_first, days),
            last=np.where(missing, missing_last, days),
            bad=pd.Series(False, index=index),
        )
    # Real data repeat their dates (a million events fall on a few thousand days): read each distinct
    # value once, then spread the results back by position.
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    unique = _parse_unique(pd.Series(uniques, dtype=object))
    missing = codes < 0
    take = np.where(missing, 0, codes)
    if len(uniques) == 0:
        take = np.zeros(len(codes), dtype=np.intp)
        unique = ParsedDates(pd.Series([pd.NA], dtype="string"), np.array([missing_first]),
                             np.array([missing_last]), pd.Series([False]))
    text = pd.Series(unique.text.to_numpy()[take], index=index, dtype="string").where(
        pd.Series(~missing, index=index))
    valid = text.notna().to_numpy()
    bad = pd.Series(unique.bad.to_numpy()[take] & ~missing, index=index)
    return ParsedDates(
        text=text,
        first=np.where(valid, unique.first[take], missing_first),
        last=np.where(valid, unique.last[take], missing_last),
        bad=bad,
    )


def _parse_unique(values: pd.Series) -> ParsedDates:
    """Read distinct date values (no NaN among them); blank text is missing, not bad."""
    index = values.index
    as_text = values.map(_cell_to_text).astype("string").str.strip()
    as_text = as_text.mask(as_text == "")
    parts = as_text.str.extract(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
    year = pd.to_numeric(parts[0]).to_numpy(dtype="float64", na_value=np.nan)
    month = pd.to_numeric(parts[1]).to_numpy(dtype="float64", na_value=np.nan)
    day = pd.to_numeric(parts[2]).to_numpy(dtype="float64", na_value=np.nan)
    present = as_text.notna().to_numpy()
    matched = ~np.isnan(year)
    month_ok = np.isnan(month) | ((month >= 1) & (month <= 12))
    y = np.where(matched & (year >= 1), year, 1970).astype(np.int64)
    m = np.where(np.isnan(month) | ~month_ok, 1, month).astype(np.int64)
    first_of_month = _ymd_to_days(y, m)
    month_len = _ymd_to_days(np.where(m == 12, y + 1, y), np.where(m == 12, 1, m + 1)) - first_of_month
    day_ok = np.isnan(day) | ((day >= 1) & (day <= month_len))
    good = matched & (year >= 1) & month_ok & day_ok
    d = np.where(np.isnan(day) | ~day_ok, 1, day).astype(np.int64)
    first = first_of_month + d - 1
    year_last = _ymd_to_days(y + 1, np.ones_like(y)) - 1
    last = np.where(~np.isnan(day), first,
                    np.where(~np.isnan(month), first_of_month + month_len - 1, year_last))
    first = np.where(np.isnan(month), _ymd_to_days(y, np.ones_like(y)), first)
    valid = present & good
    return ParsedDates(
        text=as_text.where(pd.Series(valid, index=index)).astype("string"),
        first=np.where(valid, first, 0),
        last=np.where(valid, last, 0),
        bad=pd.Series(present & ~good, index=index),
    )


def _cell_to_text(value: object) -> str:
    if isinstance(value, (_dt.date, pd.Timestamp)):
        # not strftime: on glibc it writes the year 25 as "25", which no longer reads as a date
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _ymd_to_days(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Day number of the first day of each (year, month)."""
    months = (year - 1970) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
