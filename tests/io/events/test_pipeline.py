"""The engine-neutral pipeline: portable statements over registered names, and the calendar."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from graphlib_conflict.io.events import PERIODS, calendar, read_gdelt
from graphlib_conflict.io.events import _pipeline as sql
from graphlib_conflict.io.events._actors import ActorIndex
from graphlib_conflict.io.events._engine import Engine
from graphlib_conflict.io.events._gdelt import GDELT, GDELT2_COLUMNS
from graphlib_conflict.io.events._importer import EMPTY_ACTORS, _Run
from graphlib_conflict.io.events._policy import EventPolicy
from graphlib_conflict.vocabulary import Vocabulary

DUCKDB_ONLY = ("read_csv", "read_parquet", "to_json", "list_", "struct", "QUALIFY", "::", "date_trunc",
               "strftime", "GROUP BY ALL", "UNION ALL BY NAME", "EXCLUDE", "ILIKE", "REGEXP", "->", "LEAST(",
               "GREATEST(", "IFNULL", "hash(")


def _statements() -> list[str]:
    weight = sql.weight_sql(GDELT, goldstein_scale=10.0, fatalities=(0.25, 1.0))
    return [sql.staging_sql(GDELT), sql.code_map_sql(), sql.actor_keys_sql(),
            sql.events_sql(GDELT, ["day", "source_code", "target_code", "code", "quote"], weight,
                           has_prior=True),
            sql.aggregated_sql(GDELT, has_prior=True, evidence=3, weight="sum"), sql.events_file_sql(GDELT),
            sql.status_counts_sql(), sql.dropped_sql(), sql.unmapped_sql(), sql.resolved_sql(),
            sql.file_counts_sql(), sql.repeated_ids_sql()]


def test_pipeline_statements_use_the_portable_subset():
    for statement in _statements():
        for token in DUCKDB_ONLY:
            assert token.lower() not in statement.lower(), (token, statement[:80])


def test_pipeline_statements_read_only_registered_names():
    registered = {"raw_events", "import_files", "policy_rules", "relation_types", "actor_map", "calendar",
                  "periods", "prior_events", "staged_events", "code_map", "coded_events", "events"}
    # coded_events is a WITH part of the events statement
    for statement in _statements():
        for name in re.findall(r"\b(?:FROM|JOIN)\s+([A-Za-z_\"]+)", statement):
            name = name.strip('"')
            if name not in ("SELECT",):
                assert name in registered | {"seen", "matches", "numbered", "imported", "dated", "totals",
                                             "quotes", "ranked", "evidence"}, name


def test_another_engine_registering_the_same_names_gets_the_same_relations(fixtures, tmp_path):
    """``raw_events`` registered from pandas, not by DuckDB's CSV reader: same statements, same answer."""
    path = fixtures / "gdelt_daily" / "20200301.export.CSV"
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    frame = pd.DataFrame(lines, columns=list(GDELT2_COLUMNS))[list(GDELT.raw_columns)]
    frame = frame.assign(
        GLOBALEVENTID=frame["GLOBALEVENTID"].astype("int64"),
        SQLDATE=pd.to_datetime(frame["SQLDATE"]).dt.date,
        QuadClass=frame["QuadClass"].astype("int64"), GoldsteinScale=frame["GoldsteinScale"].astype(float),
        NumMentions=frame["NumMentions"].astype("int64"), _file="memory", _round=0)
    files = pd.DataFrame({"path": ["memory"], "round": [0], "display": ["memory"], "rank": [0]})
    engine = Engine(tmp_path, progress=False)
    try:
        engine.register("raw_events", frame)
        engine.register("import_files", files)
        run = _Run(engine, GDELT, EventPolicy.load(), tmp_path)
        engine.execute(f"CREATE TABLE staged_events AS {sql.staging_sql(GDELT)}")
        run.code(Vocabulary.default())
        run.resolve(ActorIndex(EMPTY_ACTORS), {}, True)
        run.classify(None, event_ids=False)
        run.aggregate("month")
        ours = engine.frame("SELECT id, events, weight FROM aggregated ORDER BY id")
    finally:
        engine.close()
    expected = read_gdelt(path, progress=False).relations_table.to_pandas()
    expected = expected[["id", "events", "weight"]].sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(ours, expected, check_dtype=False)


@pytest.mark.parametrize("period", PERIODS)
def test_calendar_covers_every_day_once(period):
    days = calendar("2019-12-30", "2020-03-02", period)
    assert len(days) == 64 and days["day"].is_unique
    first = days.iloc[0]
    assert first["period_start"] <= str(first["day"]) <= first["period_end"]
    assert (days["period_start"] <= days["day"].astype(str)).all()
    assert (days["day"].astype(str) <= days["period_end"]).all()


def test_iso_weeks_across_a_new_year():
    days = calendar("2019-12-30", "2020-01-05", "week")
    assert set(days["period"]) == {"2020-W01"} and set(days["date"]) == {"2019-12-30"}
