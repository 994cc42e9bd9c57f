"""ICEWS: yearly files' date forms, names and sectors to actors, faults, and the real sample rows."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from graphlib_conflict.io.events import EventImportError, read_icews

FILES = ["icews_events.2018.idlib.tab", "Events.2017.20200602.tab", "icews_export_yyyymmdd.tsv"]


def test_three_date_forms_and_every_fault(fixtures, idlib):
    result = read_icews([fixtures / f for f in FILES], into=idlib, progress=False)
    assert result.files[["layout", "rows_read", "rejected"]].values.tolist() == [
        ["ICEWS (ISO dates)", 12, 2], ["ICEWS (month/day/year dates)", 2, 0],
        ["ICEWS (YYYYMMDD dates)", 1, 0]]
    assert result.counts == {
        "rows_read": 15, "rejected": 2, "duplicates": 1, "already_imported": 0, "one_sided": 0, "dropped": 2,
        "ignored": 0, "unmapped": 2, "same_actor": 0, "imported": 8, "relations": 8, "new_actors": 0}
    assert result.rejects[["line", "reason"]].values.tolist() == [
        [11, "too few columns"], [12, "impossible date"]]
    assert result.dropped == {"CAMEO 01": 1, "no event code": 1}
    # the event id repeats on another day (line 7): another event, as in ICEWS files before 2014
    assert result.duplicates == {"same event id": 1}


def test_names_generic_names_and_sectors_resolve(fixtures, idlib):
    result = read_icews(fixtures / FILES[0], into=idlib, progress=False)
    table = result.actor_map.set_index("name")
    assert table.loc["Recep Tayyip Erdoğan", ["actor", "rule"]].tolist() == ["ERDOGAN", "alias"]
    assert table.loc["Military (Turkey)", ["actor", "rule"]].tolist() == ["TUR_MIL", "country+role"]
    assert table.loc["Armed Rebel (Syria)", ["actor", "rule"]].tolist() == ["SYR_OPP", "country+role"]
    assert table.loc["Russia", "actor"] == "RUS" and table.loc["Turkey", "actor"] == "TUR"
    assert table.loc["Vladimir Putin", "actor"] == "PUTIN"
    # a stray quote is plain text in a tab-separated file: the row is whole, its name unmapped
    stray = result.unmapped.set_index("name").loc['Hay"at Tahrir al-Sham']
    assert stray["events"] == 1 and "HTS" in stray["hint"]


def test_relations_and_weights_from_intensity(fixtures, idlib):
    rel = read_icews([fixtures / f for f in FILES], into=idlib, progress=False).graph.relations
    rel = rel[rel["origin"] == "icews"].set_index("id")
    assert rel.loc["icews-SYR_MIL-clashes-TUR_MIL-2018-06", ["weight", "score"]].tolist() == [1.0, -1.0]
    assert rel.loc["icews-RUS-accuses-TUR-2018-06", ["weight", "score"]].tolist() == [0.2, -0.2]
    assert rel.loc["icews-IRN-meets-TUR-2017-12", "evidence"] == (
        {"source": "icews", "quote": "Story ID 41000001, sentence 1 (Anadolu Agency)"},)
    assert rel.loc["icews-RUS-agrees-TUR-2016-07", "date"] == "2016-07"


def test_a_file_without_the_icews_columns_is_refused(fixtures):
    with pytest.raises(EventImportError, match="not an ICEWS events file: the header lacks 'Event ID'"):
        read_icews(fixtures / "acled_export_idlib.csv", progress=False)


def _sample(path) -> pd.DataFrame:
    with open(path, encoding="utf-8", newline="") as handle:
        return pd.DataFrame(list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)))


@pytest.mark.parametrize("name", ["icews_events.2018.sample.head100.tab",
                                  "icews_events.2018.sample.SYR_TUR_RUS.tab"])
def test_shared_real_rows(shared_data, name):
    path = shared_data / "events" / "icews" / name
    raw = _sample(path)
    result = read_icews(path, progress=False)
    unique = raw.drop_duplicates(["Event ID", "Event Date"])
    dropped = unique["CAMEO Code"].str[:2].isin(["01", "09"]) | (unique["CAMEO Code"] == "NA")
    assert result.counts["rows_read"] == len(raw) and result.counts["rejected"] == 0
    assert result.counts["duplicates"] == len(raw) - len(unique)
    assert result.counts["one_sided"] == 0
    assert result.counts["dropped"] == int(dropped.sum())
    assert result.counts["imported"] + result.counts["same_actor"] == len(unique) - int(dropped.sum())
    rel = result.graph.relations
    assert rel["events"].sum() == result.counts["imported"]
    assert set(rel["date"]) == {"2018-06"}


def test_shared_rows_into_idlib(shared_data, idlib):
    path = shared_data / "events" / "icews" / "icews_events.2018.sample.SYR_TUR_RUS.tab"
    result = read_icews(path, into=idlib, progress=False)
    assert result.counts["rows_read"] == 396 and result.counts["rejected"] == 0
    table = result.actor_map.set_index("name")
    assert table.loc["Recep Tayyip Erdoğan", "actor"] == "ERDOGAN"
    assert table.loc["Military (Turkey)", "actor"] == "TUR_MIL"
    assert table.loc["Russia", "actor"] == "RUS"
    ends = set(result.graph.relations.loc[lambda r: r["origin"] == "icews", ["source", "target"]].stack())
    assert {"TUR", "RUS", "ERDOGAN"} <= ends
    # ICEWS's Intensity, not GDELT's Goldstein table, weighs the events (they differ for 022, 016, 164)
    assert result.counts["imported"] > 0
