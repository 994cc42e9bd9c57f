"""Partial dates and day arithmetic."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphlib_conflict.dates import (
    DAY_MAX,
    DAY_MIN,
    PartialDate,
    day_to_iso,
    parse_date_column,
    to_day,
)
from graphlib_conflict.exceptions import DateError


@pytest.mark.parametrize(("text", "precision", "first", "last"), [
    ("2017", "year", "2017-01-01", "2017-12-31"),
    ("2017-05", "month", "2017-05-01", "2017-05-31"),
    ("2020-02", "month", "2020-02-01", "2020-02-29"),
    ("2019-02", "month", "2019-02-01", "2019-02-28"),
    ("2017-05-04", "day", "2017-05-04", "2017-05-04"),
])
def test_partial_dates_keep_precision(text, precision, first, last):
    d = PartialDate.parse(text)
    assert (d.precision, d.first.isoformat(), d.last.isoformat(), str(d)) == (precision, first, last, text)


@pytest.mark.parametrize(("text", "message"), [
    ("2019-02-29", "February 2019 has 28 days"),
    ("2020-13", "month 13 is not between 01 and 12"),
    ("2020-00-10", "month 00"),
    ("0000", "year 0000 does not exist"),
    ("17-05-2020", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2020/02/03", "expected"),
    ("1:30", "expected"),
])
def test_bad_dates_say_why(text, message):
    with pytest.raises(DateError, match=message):
        PartialDate.parse(text)


@pytest.mark.parametrize("value", [
    "2020-02-04", dt.date(2020, 2, 4), dt.datetime(2020, 2, 4, 23, 59), pd.Timestamp("2020-02-04 10:00"),
    np.datetime64("2020-02-04"),
])
def test_to_day_accepts_every_date_type(value):
    assert day_to_iso(to_day(value)) == "2020-02-04"


def test_to_day_refuses_partial_and_numbers():
    with pytest.raises(DateError, match="a single day is needed"):
        to_day("2020-02")
    assert day_to_iso(to_day("2020-02", bound="last")) == "2020-02-29"
    with pytest.raises(DateError, match=r"cannot read 2020 \(int\)"):
        to_day(2020)  # type: ignore[arg-type]
    with pytest.raises(DateError, match="missing"):
        to_day(pd.NaT)


partial_dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).flatmap(
    lambda d: st.sampled_from([f"{d.year:04d}", f"{d.year:04d}-{d.month:02d}", d.isoformat()]))


@given(st.lists(st.one_of(partial_dates, st.none(), st.text(max_size=12)), max_size=30))
def test_vectorised_parse_agrees_with_scalar_parse(values):
    parsed = parse_date_column(pd.Series(values, dtype=object))
    for i, value in enumerate(values):
        text = value.strip() if isinstance(value, str) else value
        if not text:
            assert pd.isna(parsed.text[i]) and not parsed.bad[i]
            assert (parsed.first[i], parsed.last[i]) == (DAY_MIN, DAY_MAX)
            continue
        try:
            expected = PartialDate.parse(text)
        except DateError:
            assert parsed.bad[i], value
            continue
        assert parsed.text[i] == str(expected)
        assert day_to_iso(parsed.first[i]) == expected.first.isoformat()
        assert day_to_iso(parsed.last[i]) == expected.last.isoformat()


def test_parse_column_of_timestamps():
    parsed = parse_date_column(pd.Series(pd.to_datetime(["2020-02-03", None])))
    assert parsed.text.tolist()[0] == "2020-02-03"
    assert parsed.last[1] == DAY_MAX
