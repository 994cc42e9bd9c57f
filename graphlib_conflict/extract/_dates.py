"""Dates in a sentence, read against the article's date.

Every expression found becomes a :class:`DateMention` holding the days it may stand for and the
partial date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) that covers them, so "last week" keeps its
uncertainty instead of inventing a day. News reports past events: a weekday or a day without a year is
the most recent one on or before the article's date.

Examples
--------
>>> import datetime
>>> tuesday = datetime.date(2020, 2, 4)
>>> [(d.text, str(d.value)) for d in find_dates("Turkey urged Russia on Tuesday, a day after the attack",
...                                            tuesday)]
[('on Tuesday', '2020-02-04'), ('a day after', '2020-02-03')]
>>> [(d.text, str(d.value), d.since) for d in find_dates(
...     "520,000 people had been displaced since the beginning of December.", tuesday)]
[('since the beginning of December', '2019-12', True)]
>>> d = find_dates("as recently as last week", tuesday)[0]
>>> str(d.value), str(d.first), str(d.last)
('2020', '2020-01-27', '2020-02-02')
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from graphlib_conflict.dates import PartialDate

__all__ = ["DateMention", "find_dates"]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 0, "a few": 0}
_COUNT = r"(?P<count>\d{1,2}|a few|an|a|one|two|three|four|five|six|seven|eight|nine|ten)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PART = r"(?:(?:the\s+)?(?:beginning|start|end|middle)\s+of\s+|early\s+|late\s+|mid-?\s?)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in [
    ("iso", r"\b(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)\b"),
    ("since_day_month", rf"\bsince\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"),
    ("since_month_day", rf"\bsince\s+{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?"),
    ("since_month", rf"\bsince\s+{_PART}{_MONTH}(?:\s+{_YEAR})?\b"),
    ("since_year", rf"\bsince\s+{_PART}{_YEAR}\b"),
    ("since_relative", r"\bsince\s+(?P<which>last|this)\s+(?P<unit>week|month|year)\b"),
    ("day_month",
     rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"),
    ("month_day", rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?"),
    ("month_year", rf"\b(?:in\s+)?{_PART}{_MONTH}(?:\s+of)?\s+{_YEAR}\b"),
    ("month", rf"\b(?:in|early|late|mid-?|since|last|this|until|by)\s+(?:the\s+)?{_PART}{_MONTH}\b"),
    ("weekday",
     rf"\b(?:on\s+|last\s+|this\s+|next\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\b"),
    ("today", r"\b(?:earlier\s+|later\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))\b"),
    ("yesterday", r"\b(?:late\s+|early\s+)?yesterday\b"),
    ("tomorrow", r"\btomorrow\b"),
    ("relative", r"\b(?P<which>last|this|next|past|previous|coming)\s+(?P<unit>week|month|year)\b"),
    ("earlier_this", r"\b(?P<which>earlier|later)\s+this\s+(?P<unit>week|month|year)\b"),
    ("ago", rf"\b{_COUNT}\s+{_UNIT}\s+ago\b"),
    ("offset", rf"\b{_COUNT}\s+{_UNIT}\s+(?P<direction>after|before|earlier|later)\b"),
    ("the_day", r"\bthe\s+(?P<which>previous|next|following)\s+(?P<unit>day|week|month)\b"),
    ("the_day_before", r"\bthe\s+day\s+(?P<direction>before|after)\b"),
    ("year", rf"(?<![\d,.$£€-]){_YEAR}(?![\d%,.]\d)(?!\s*(?:people|km|miles|troops|soldiers|dead|killed))\b"),
]]
"""Kinds of expression, tried together; where two overlap the longer one wins."""


@dataclass(frozen=True)
class DateMention:
    """A date expression and what it stands for.

    Attributes
    ----------
    text : str
        The expression as written.
    start, end : int
        Character offsets in the text searched (plus the offset given to :func:`find_dates`).
    value : PartialDate
        The coarsest ``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` that holds every day it may mean.
    first, last : datetime.date
        The days it may mean (equal for a single day).
    since : bool
        Whether it opens a period ("since December"): a durable relation's ``start``.
    explanation : str
        How it was read ("'last week' = the week before 2020-02-04").
    """

    text: str
    start: int
    end: int
    value: PartialDate
    first: _dt.date
    last: _dt.date
    since: bool
    explanation: str


def find_dates(text: str, article_date: _dt.date, *, offset: int = 0) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``article_date``, in text order.

    Expressions relative to another event ("a day after", "two days later") count from the date
    found before them in the same text, or from the article's date.
    """
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            found.append((match.start(), match.end(), kind, match))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for item in found:
        if chosen and item[0] < chosen[-1][1]:
            continue
        chosen.append(item)
    out: list[DateMention] = []
    anchor = article_date
    for start, _, kind, match in chosen:
        read = _read(kind, match, article_date, anchor)
        if read is None:
            continue
        first, last, since, how = read
        expression = match.group(0).strip()
        out.append(DateMention(text=expression, start=offset + start, end=offset + start + len(expression),
                               value=_cover(first, last), first=first, last=last, since=since,
                               explanation=f"{expression!r} {how}"))
        anchor = first
    return out


def _cover(first: _dt.date, last: _dt.date) -> PartialDate:
    if first == last:
        return PartialDate(first.year, first.month, first.day)
    if (first.year, first.month) == (last.year, last.month):
        return PartialDate(first.year, first.month)
    return PartialDate(first.year)


def _month_end(year: int, month: int) -> _dt.date:
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: _dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _past_year(month: int, day: int, ref: _dt.date) -> int:
    """The year that puts (month, day) on or before ``ref``."""
    return ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1


def _safe_date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _read(kind: str, m: re.Match[str], ref: _dt.date,
          anchor: _dt.date) -> tuple[_dt.date, _dt.date, bool, str] | None:
    groups = m.groupdict()
    iso_ref = ref.isoformat()
    if kind == "iso":
        day = _safe_date(*(int(p) for p in groups["iso"].split("-")))
        return None if day is None else (day, day, False, "as written")
    if kind in ("day_month", "month_day", "since_day_month", "since_month_day"):
        month = _MONTHS[groups["month"].lower().rstrip(".")]
        number = int(groups["day"])
        year = int(groups["year"]) if groups.get("year") else _past_year(month, number, ref)
        day = _safe_date(year, month, number)
        if day is None:
            return None
        how = "as written" if groups.get("year") else f"= the most recent such day up to {iso_ref}"
        return day, day, kind.startswith("since"), how
    if kind in ("month_year", "month", "since_month"):
        month = _MONTHS[groups["month"].lower().rstrip(".")]
        if groups.get("year"):
            year, how = int(groups["year"]), "as written"
        else:
            year = ref.year if month <= ref.month else ref.year - 1
            if m.group(0).lower().startswith("last") and month == ref.month:
                year -= 1
            how = f"= the most recent {calendar.month_name[month]} up to {iso_ref}"
        return _dt.date(year, month, 1), _month_end(year, month), kind == "since_month", how
    if kind == "since_year":
        year = int(groups["year"])
        return _dt.date(year, 1, 1), _dt.date(year, 12, 31), True, "as written"
    if kind == "year":
        year = int(groups["year"])
        if year > ref.year + 5:
            return None
        return _dt.date(year, 1, 1), _dt.date(year, 12, 31), False, "as written"
    if kind == "weekday":
        weekday = _WEEKDAYS[groups["weekday"].lower()]
        words = m.group(0).lower()
        back = (ref.weekday() - weekday) % 7
        if words.startswith("next"):
            day = ref + _dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)
            how = f"= the next {calendar.day_name[weekday]} after {iso_ref}"
        elif words.startswith("last"):
            day = ref - _dt.timedelta(days=back or 7)
            how = f"= the {calendar.day_name[weekday]} before {iso_ref}"
        else:
            day = ref - _dt.timedelta(days=back)
            how = f"= the most recent {calendar.day_name[weekday]} up to {iso_ref}"
        return day, day, False, how
    if kind == "today":
        return ref, ref, False, "= the article's date"
    if kind == "yesterday":
        day = ref - _dt.timedelta(days=1)
        return day, day, False, f"= the day before {iso_ref}"
    if kind == "tomorrow":
        day = ref + _dt.timedelta(days=1)
        return day, day, False, f"= the day after {iso_ref}"
    if kind in ("relative", "earlier_this", "since_relative"):
        which, unit = groups["which"].lower(), groups["unit"].lower()
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "earlier": 0, "later": 0,
                "next": 1, "coming": 1}[which]
        first, last = _period(unit, ref, step)
        if which == "earlier":
            last = ref
        if which == "later":
            first = ref
        return first, last, kind == "since_relative", f"= the {which} {unit} of {iso_ref}"
    if kind == "ago":
        raw = groups["count"].lower()
        count = int(raw) if raw.isdigit() else _NUMBERS.get(raw, 0)
        if not count:
            return None
        first, last = _offset(groups["unit"].lower(), ref, -count)
        return first, last, False, f"= {count} {groups['unit'].lower()}(s) before {iso_ref}"
    if kind in ("offset", "the_day", "the_day_before"):
        if kind == "offset":
            raw = groups["count"].lower()
            count = int(raw) if raw.isdigit() else _NUMBERS.get(raw, 0)
            unit = groups["unit"].lower()
            direction = groups["direction"].lower()
        elif kind == "the_day":
            count, unit = 1, groups["unit"].lower()
            direction = "earlier" if groups["which"].lower() == "previous" else "later"
        else:
            count, unit = 1, "day"
            direction = "earlier" if groups["direction"].lower() == "before" else "later"
        if not count:
            return None
        # "a day after X" dates X one day before the anchor; "a day before X" one day after it
        sign = -1 if direction in ("after", "earlier") else 1
        first, last = _offset(unit, anchor, sign * count)
        way = "before" if sign < 0 else "after"
        return first, last, False, f"= {count} {unit}(s) {way} {anchor.isoformat()}"
    return None


def _period(unit: str, ref: _dt.date, step: int) -> tuple[_dt.date, _dt.date]:
    if unit == "week":
        monday = ref - _dt.timedelta(days=ref.weekday()) + _dt.timedelta(weeks=step)
        return monday, monday + _dt.timedelta(days=6)
    if unit == "month":
        year, month = _shift_months(ref, step)
        return _dt.date(year, month, 1), _month_end(year, month)
    year = ref.year + step
    return _dt.date(year, 1, 1), _dt.date(year, 12, 31)


def _offset(unit: str, ref: _dt.date, count: int) -> tuple[_dt.date, _dt.date]:
    if unit == "day":
        day = ref + _dt.timedelta(days=count)
        return day, day
    if unit == "week":
        centre = ref + _dt.timedelta(weeks=count)
        monday = centre - _dt.timedelta(days=centre.weekday())
        return monday, monday + _dt.timedelta(days=6)
    if unit == "month":
        year, month = _shift_months(ref, count)
        return _dt.date(year, month, 1), _month_end(year, month)
    year = ref.year + count
    return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
