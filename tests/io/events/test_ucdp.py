"""UCDP GED: violence types and deaths to signed weights; quoted multi-line articles; real rows."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from graphlib_conflict.io.events import read_ucdp


def test_fixture_counts_and_faults(fixtures, idlib):
    result = read_ucdp(fixtures / "ged_idlib.csv", into=idlib, progress=False)
    assert result.counts == {
        "rows_read": 8, "rejected": 2, "duplicates": 1, "already_imported": 0, "one_sided": 0, "dropped": 0,
        "ignored": 0, "unmapped": 4, "same_actor": 0, "imported": 1, "relations": 1, "new_actors": 0}
    # the first record spans lines 2-3 (a line break inside its quoted article)
    assert result.rejects[["line", "reason"]].values.tolist() == [
        [8, "impossible date"], [9, "too many columns"]]
    rel = result.graph.relations.set_index("id").loc["ucdp-SYR_GOV-clashes-TUR-2020-02"]
    # 99 deaths: 0.5 + 0.25 * log10(100) = 1.0
    assert (rel["weight"], rel["score"], rel["fatalities"]) == (1.0, -1.0, 99)
    assert result.actor_map.set_index("name").loc["Government of Syria", "rule"] == "alias"
    assert result.unmapped[["name", "country", "events"]].values.tolist() == [
        ["Civilians", "Syria", 2], ["IS", "", 2], ["Syrian insurgents", "", 1]]


def test_standalone_keeps_civilians_in_their_country(fixtures):
    result = read_ucdp(fixtures / "ged_idlib.csv", progress=False)
    actors = result.graph.actors.set_index("id")
    assert actors.loc["CIVILIANS_SYR", ["name", "type", "country"]].tolist() == [
        "Civilians (Syria)", "civilian_population", "SYR"]
    assert actors.loc["RUS", "type"] == "state"  # Government of Russia (Soviet Union)
    rel = result.graph.relations.set_index("id")
    first = rel.loc["ucdp-SYR-clashes-SYRIAN_INSURGENTS-2020-02"]
    assert first["evidence"][0]["quote"] == (
        'SOHR,2020-02-03,"Regime forces advance on Saraqib"\nsecond paragraph of the article')
    assert first["weight"] == pytest.approx(0.5 + 0.25 * math.log10(13))
    assert rel.loc["ucdp-IS-attacks-CIVILIANS_SYR-2020-02", "sign"] == -1


def test_shared_real_rows(shared_data):
    path = shared_data / "events" / "ucdp_ged" / "ucdp_ged_23.1_sample_SYR_TUR_RUS.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        raw = pd.DataFrame(list(csv.DictReader(handle)))
    result = read_ucdp(path, progress=False)
    assert result.counts["rows_read"] == len(raw) == 303 and result.counts["rejected"] == 0
    assert result.counts["duplicates"] == 0
    assert result.counts["imported"] + result.counts["same_actor"] == 303
    by_type = raw["type_of_violence"].value_counts().to_dict()
    assert by_type == {"1": 264, "2": 29, "3": 10}
    rel = result.graph.relations
    assert rel["events"].sum() == result.counts["imported"]
    assert rel.loc[rel["type"] == "attacks", "events"].sum() == 10
    best = raw["best"].astype(int)
    expected = (0.5 + 0.25 * best.map(lambda b: math.log10(1 + b))).clip(upper=1.0)
    assert rel["weight"].sum() == pytest.approx(expected.sum())


def test_shared_thousand_rows_span_decades(shared_data):
    path = shared_data / "events" / "ucdp_ged" / "ucdp_ged_23.1_sample1000_from_uncertainUCDP.csv"
    result = read_ucdp(path, period="year", progress=False)
    assert result.counts["rows_read"] == 1000 and result.counts["rejected"] == 0
    years = set(result.graph.relations["date"])
    assert min(years) == "1989" and max(years) == "2022"
