"""Dates written the ways people write them: read exactly, or refused with a hint, never swapped.

Every form is tried through the three ways a dataset comes in (a table given to
``ConflictGraph.from_frames``, a YAML file, a CSV folder), as a relation's ``date`` and ``start``
and a source's ``date``. A date that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` is an error
naming the record, the field and (in a file) the line; the hint proposes the ISO form only where
the reading is certain, and asks where day and month could be either.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.dates import PartialDate, date_hint

ACTORS = pd.DataFrame({"id": ["A", "B"], "name": ["A", "B"], "type": "state"})

REFUSED = {
    # written: (message fragment, hint or None for "no hint")
    "20170101": ("cannot read date '20170101'", "write 2017-01-01"),
    "1/1/2017": ("cannot read date '1/1/2017'", "write 2017-01-01"),
    "13/2/2017": ("cannot read date '13/2/2017'", "write 2017-02-13"),
    "2/13/2017": ("cannot read date '2/13/2017'", "write 2017-02-13"),
    "4/2/2017": ("cannot read date '4/2/2017'",
                 "write YYYY-MM-DD: is 4/2/2017 the 4th of February or the 2nd of April?"),
    "04.02.2017": ("cannot read date '04.02.2017'",
                   "write YYYY-MM-DD: is 04.02.2017 the 4th of February or the 2nd of April?"),
    "04-02-2017": ("cannot read date '04-02-2017'",
                   "write YYYY-MM-DD: is 04-02-2017 the 4th of February or the 2nd of April?"),
    "2017-02-30": ("impossible date '2017-02-30': February 2017 has 28 days", None),
    "2016-02-30": ("impossible date '2016-02-30': February 2016 has 29 days", None),
    "2017-13": ("impossible date '2017-13': month 13 is not between 01 and 12", None),
    "2017-00-10": ("impossible date '2017-00-10'", None),
    "31/2/2017": ("cannot read date '31/2/2017'", None),  # no such day either way: no guess
    "2017-1-5": ("cannot read date '2017-1-5'", "write 2017-01-05"),
    "2017/01/05": ("cannot read date '2017/01/05'", "write 2017-01-05"),
    "2017-01-05T10:30": ("cannot read date '2017-01-05T10:30'",
                         "write 2017-01-05: a date has no time of day"),
    "2017-01-05 00:00:00": ("cannot read date", "write 2017-01-05: a date has no time of day"),
    "Jan 2017": ("cannot read date 'Jan 2017'", "write 2017-01"),
    "5 January 2017": ("cannot read date '5 January 2017'", "write 2017-01-05"),
    "25": ("cannot read date '25'", None),
    "17": ("cannot read date '17'", None),
    "1/2/17": ("cannot read date '1/2/17'", None),
    "10000": ("cannot read date '10000'", None),
    "2017-W05": ("cannot read date '2017-W05'", None),
    "yesterday": ("cannot read date 'yesterday'", None),
}


def relation(date: object, field: str = "date") -> pd.DataFrame:
    row = {"source": "A", "target": "B", "type": "meets" if field == "date" else "alliance", field: date}
    return pd.DataFrame([row], dtype=object)


def only_error(caught: pytest.ExceptionInfo[gc.DatasetError]) -> gc.Problem:
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize("field", ["date", "start"])
@pytest.mark.parametrize("written", sorted(REFUSED))
def test_a_date_in_another_form_is_refused_with_its_hint(written, field):
    message, hint = REFUSED[written]
    with pytest.raises(gc.DatasetError) as caught:
        gc.ConflictGraph.from_frames(ACTORS, relation(written, field))
    problem = only_error(caught)
    assert problem.field == field and problem.record == "relations[0]"
    assert message in problem.message
    assert problem.hint == hint
    assert problem.expected == "YYYY, YYYY-MM or YYYY-MM-DD"


@pytest.mark.parametrize("written", ["4/2/2017", "04.02.2017", "02/04/2017", "1/12/2017", "12/1/2017"])
def test_day_and_month_are_never_chosen_for_the_user(written):
    hint = date_hint(written)
    assert hint is not None and hint.startswith("write YYYY-MM-DD: is ") and hint.endswith("?")


@pytest.mark.parametrize(("written", "kept", "precision"), [
    ("2017", "2017", "year"), ("2017-02", "2017-02", "month"), ("2017-02-28", "2017-02-28", "day"),
    (" 2017-02-28 ", "2017-02-28", "day"), (2017, "2017", "year"), (2017.0, "2017", "year"),
    (dt.date(2017, 2, 28), "2017-02-28", "day"), (pd.Timestamp("2017-02-28"), "2017-02-28", "day"),
    ("2016-02-29", "2016-02-29", "day"), ("1900", "1900", "year"), ("9999-12-31", "9999-12-31", "day"),
])
def test_dates_of_every_precision_are_kept_as_written(written, kept, precision):
    graph = gc.ConflictGraph.from_frames(ACTORS, relation(written))
    assert graph.relations["date"].tolist() == [kept]
    assert PartialDate.parse(kept).precision == precision
    assert graph.warnings == []


@pytest.mark.parametrize(("written", "meant"), [("0025", " (2025?)"), ("0025-03", " (2025?)"),
                                               ("0999-01-01", "")])
def test_a_year_before_1000_is_kept_with_a_warning(written, meant):
    graph = gc.ConflictGraph.from_frames(ACTORS, relation(written))
    assert graph.relations["date"].tolist() == [written]
    (warning,) = graph.warnings
    assert warning.field == "date" and f"is in the year {int(written[:4])}" in warning.message
    assert warning.hint == f"write the year in full{meant}, or keep it if the date is that old"


@pytest.mark.parametrize("written", ["0025-03-04", "1000"])
def test_early_years_survive_every_format(tmp_path, written):
    graph = gc.ConflictGraph.from_frames(ACTORS, relation(written))
    for name in ("g.yaml", "g.json", "csv", "g.graphml", "g.parquet"):
        graph.save(tmp_path / name)
        back = gc.load(tmp_path / name)
        assert back.relations["date"].tolist() == [written], name
        assert back.relations["valid_from"].tolist() == graph.relations["valid_from"].tolist()


def test_an_end_before_its_start_is_refused_naming_both():
    with pytest.raises(gc.DatasetError) as caught:
        gc.ConflictGraph.from_frames(ACTORS, pd.DataFrame([{
            "source": "A", "target": "B", "type": "alliance", "start": "2020-05", "end": "2020-03"}]))
    problem = only_error(caught)
    assert problem.field == "end" and "2020-03" in problem.message and "2020-05" in problem.message


def test_an_end_in_the_start_month_is_fine():
    graph = gc.ConflictGraph.from_frames(ACTORS, pd.DataFrame([{
        "source": "A", "target": "B", "type": "alliance", "start": "2020-05-20", "end": "2020-05"}]))
    assert graph.relations["end"].tolist() == ["2020-05"]


YAML = """dataset: {{id: d}}
actors:
  - {{id: A, name: A, type: state}}
  - {{id: B, name: B, type: state}}
sources:
  - {{id: s, title: T, date: {source}}}
relations:
  - {{source: A, target: B, type: meets, date: {date}}}
"""


@pytest.mark.parametrize("written", ["20170101", "1/1/2017", "13/2/2017", "2017-02-30", "4/2/2017"])
def test_a_yaml_file_reports_the_line_of_the_date(tmp_path, written):
    path = tmp_path / "d.yaml"
    path.write_text(YAML.format(source="2017", date=written), encoding="utf-8")
    report = gc.validate(path)
    (error,) = report.errors
    assert (error.line, error.field) == (8, "date")
    assert error.hint == REFUSED.get(written, (None, None))[1]


@pytest.mark.parametrize("written", ["2017-05-04", "2017-05", "2017", "0025"])
def test_a_bare_yaml_date_is_the_text_written(tmp_path, written):
    """YAML would make ``2017-05-04`` a date object and ``2017`` a number; both stay text here."""
    path = tmp_path / "d.yaml"
    path.write_text(YAML.format(source=written, date=written), encoding="utf-8")
    graph = gc.load(path)
    assert graph.relations["date"].tolist() == [written]
    assert graph.sources["date"].tolist() == [written]


@pytest.mark.parametrize("written", ["20170101", "13/2/2017", "2017-02-30"])
def test_a_source_date_is_checked_the_same_way(written):
    with pytest.raises(gc.DatasetError) as caught:
        gc.ConflictGraph.from_frames(ACTORS, relation("2017"),
                                     sources=pd.DataFrame({"id": ["s"], "date": [written]}))
    problem = only_error(caught)
    assert problem.field == "date" and problem.record == "sources[0] (id 's')"


@pytest.mark.parametrize("written", ["20170101", "1/1/2017", "13/2/2017", "2017-02-30", "0025"])
def test_a_csv_file_reports_the_line_of_the_date(tmp_path, written):
    (tmp_path / "actors.csv").write_text("id,name,type\nA,A,state\nB,B,state\n", encoding="utf-8")
    (tmp_path / "relations.csv").write_text(
        f"source,target,type,date\nA,B,meets,2020\nA,B,meets,{written}\n", encoding="utf-8")
    report = gc.validate(tmp_path)
    problems = report.errors or report.warnings
    assert [(p.line, p.field) for p in problems] == [(3, "date")]
    assert problems[0].file.endswith("relations.csv")


def test_days_past_the_data_are_not_silently_clamped():
    graph = gc.ConflictGraph.from_frames(ACTORS, relation("2020-02"))
    with pytest.raises(gc.DateError, match="2020-02-30"):
        gc.balance(graph, "2020-02-30")
    with pytest.raises(gc.DateError, match="13/2/2020"):
        gc.balance(graph, "13/2/2020")
