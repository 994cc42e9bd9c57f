"""ACLED: native, spreadsheet-resaved (9-May-20, CRLF) and older (data_id) exports; stray quotes."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from graphlib_conflict.io.events import EventImportError, read_acled

FILES = ["acled_export_idlib.csv", "acled_resaved_spreadsheet.csv", "acled_old_data_id.csv"]


def test_three_generations_and_every_fault(fixtures, idlib):
    result = read_acled([fixtures / f for f in FILES], into=idlib, progress=False)
    assert result.files[["layout", "rows_read", "rejected"]].values.tolist() == [
        ["ACLED (event_id_cnty ids, native dates)", 12, 4],
        ["ACLED (event_id_cnty ids, spreadsheet d-Mon-yy dates)", 3, 0],
        ["ACLED (data_id ids, ISO dates)", 3, 0]]
    assert result.counts == {
        "rows_read": 18, "rejected": 4, "duplicates": 1, "already_imported": 0, "one_sided": 2, "dropped": 1,
        "ignored": 0, "unmapped": 2, "same_actor": 0, "imported": 8, "relations": 8, "new_actors": 0}
    assert result.rejects[["line", "reason"]].values.tolist() == [
        [5, "stray quote"], [10, "impossible date"], [11, "too few columns"], [12, "bad byte (not UTF-8)"]]
    assert result.dropped == {"ACLED Strategic developments": 1}


def test_rows_a_stray_quote_swallowed_are_kept(fixtures, idlib):
    result = read_acled(fixtures / FILES[0], into=idlib, progress=False)
    stray = result.rejects.iloc[0]
    assert stray["text"].startswith("7000004,760,") and stray["reason"] == "stray quote"
    rel = result.graph.relations.set_index("id")
    # line 6, swallowed by the quote opened on line 5, read again on its own
    agree = rel.loc["acled-RUS-agrees-TUR-2020-02"]
    assert agree["evidence"][0]["quote"].startswith("On 6 February 2020, Turkish and Russian delegations")
    assert result.counts["one_sided"] == 1  # line 7, the protest, also read again


def test_types_weights_and_actors(fixtures, idlib):
    result = read_acled([fixtures / f for f in FILES], into=idlib, progress=False)
    rel = result.graph.relations
    rel = rel[rel["origin"] == "acled"].set_index("id")
    assert rel.loc["acled-SYR_MIL-clashes-TUR_MIL-2020-02", ["weight", "score", "fatalities"]].tolist() == [
        1.0, -1.0, 13]
    assert rel.loc["acled-RUS_MIL-attacks-HTS-2020-02", "sign"] == -1
    assert rel.loc["acled-HTS-clashes-SYR_MIL-2020-05", "date"] == "2020-05"
    assert rel.loc["acled-RUS-agrees-TUR-2020-05", ["weight", "score"]].tolist() == [0.5, 0.5]
    assert rel.loc["acled-SYR_MIL-clashes-SYR_OPP-2016-03", "events"] == 1
    table = result.actor_map.set_index("name")
    assert table.loc["HTS: Hayat Tahrir al-Sham", ["actor", "rule"]].tolist() == ["HTS", "id"]
    assert table.loc["Free Syrian Army", ["actor", "rule"]].tolist() == ["SYR_OPP", "alias"]
    assert table.loc["Military Forces of Iran (1989-)", ["actor", "rule"]].tolist() == ["IRN", "country+role"]
    assert result.unmapped["name"].tolist() == ["Civilians (Syria)", "Unidentified Military Forces"]


def test_the_interaction_code_can_decide(fixtures, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("acled:\n  rules:\n"
                      "    - {event_type: Battles, interaction: ['18'], type: attacks, weight: 0.3}\n"
                      "    - {event_type: Battles, type: clashes}\n", encoding="utf-8")
    result = read_acled(fixtures / FILES[0], policy=policy, progress=False)
    rel = result.graph.relations.set_index("id")
    # the battle of line 2 (external forces against state forces, 18) is now an attack
    assert rel.loc["acled-TUR_MIL-attacks-SYR_MIL-2020-02", ["weight", "events"]].tolist() == [0.3, 1]
    # a list replaces the shipped one whole: explosions now match no rule
    assert result.dropped["no rule for Explosions/Remote violence"] == 2


def test_a_file_without_acled_columns_is_refused(fixtures):
    message = r"not an ACLED export: the header lacks event_id_cnty \(or data_id\)"
    with pytest.raises(EventImportError, match=message):
        read_acled(fixtures / "ged_idlib.csv", progress=False)


@pytest.mark.parametrize("name", ["acled_export_AFG_2020-03_native.csv",
                                  "acled_2020-04-27_to_05-09_head100.csv",
                                  "acled_2020-04-27_to_05-09_SYR_TUR_RUS.csv"])
def test_shared_real_rows(shared_data, name):
    path = shared_data / "events" / "acled" / name
    with open(path, encoding="utf-8", newline="") as handle:
        raw = pd.DataFrame(list(csv.DictReader(handle)))
    result = read_acled(path, progress=False)
    unique = raw.drop_duplicates(["event_id_cnty"])
    one_sided = unique["actor2"] == ""
    assert result.counts["rows_read"] == len(raw) and result.counts["rejected"] == 0
    assert result.counts["duplicates"] == len(raw) - len(unique)
    assert result.counts["one_sided"] == int(one_sided.sum())
    two = unique[~one_sided]
    strategic = two["event_type"] == "Strategic developments"
    kept_strategic = two["sub_event_type"].isin(["Agreement", "Arrests", "Looting/property destruction",
                                                 "Disrupted weapons use"])
    assert result.counts["dropped"] == int((strategic & ~kept_strategic).sum())
    assert result.counts["imported"] + result.counts["same_actor"] == len(two) - result.counts["dropped"]
    fatal = two[~(strategic & ~kept_strategic)]
    assert result.graph.relations["fatalities"].sum() <= fatal["fatalities"].astype(int).sum()


def test_shared_resaved_rows_into_idlib(shared_data, idlib):
    path = shared_data / "events" / "acled" / "acled_2020-04-27_to_05-09_SYR_TUR_RUS.csv"
    result = read_acled(path, into=idlib, progress=False)
    assert result.files["layout"].tolist() == ["ACLED (event_id_cnty ids, spreadsheet d-Mon-yy dates)"]
    assert result.counts["rows_read"] == 421 and result.counts["rejected"] == 0
    actors = result.actor_map.groupby("name")["actor"].agg(set)
    assert actors["Military Forces of Turkey (2016-)"] == {"TUR_MIL"}
    assert actors["Military Forces of Syria (2000-)"] == {"SYR_MIL"}
    assert actors["Military Forces of Russia (2000-)"] == {"RUS_MIL"}
    assert set(result.graph.relations.loc[lambda r: r["origin"] == "acled", "date"]) <= {"2020-04", "2020-05"}
