"""GDELT: the project's fixtures (every fault, 1.0 layouts, compressed, daily folders) and real rows."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from graphlib_conflict.io.events import EventImportError, read_events, read_gdelt
from graphlib_conflict.io.events._gdelt import GDELT2_COLUMNS

SAMPLE = "gdelt2_idlib.export.CSV"
EXPECTED_REJECTS = [(3, "too few columns"), (7, "too many columns"), (11, "impossible date"),
                    (14, "bad byte (not UTF-8)"), (17, "missing date"), (20, "bad value in GoldsteinScale")]
CODES = {"SYRMIL": "SYR_MIL", "TURMIL": "TUR_MIL", "TURGOV": "TUR", "TUR": "TUR", "RUSGOV": "RUS",
         "RUS": "RUS", "SYRGOV": "SYR_GOV", "SYRREB": "SYR_OPP", "IRNGOV": "IRN"}
"""How the fixture's CAMEO codes resolve in the Idlib dataset (country + role)."""
ROOTS = {"04": ("meets", 1, False), "05": ("agrees", 1, False), "07": ("aids", 1, True),
         "03": ("agrees", 1, False), "11": ("accuses", -1, True), "19": ("clashes", -1, False)}


def test_fixture_into_idlib_counts_every_row(fixtures, idlib):
    result = read_gdelt(fixtures / SAMPLE, into=idlib, progress=False)
    assert result.counts == {
        "rows_read": 20, "rejected": 6, "duplicates": 2, "already_imported": 0, "one_sided": 1,
        "dropped": 1, "ignored": 0, "unmapped": 1, "same_actor": 1, "imported": 8, "relations": 7,
        "new_actors": 0}
    assert result.duplicates == {"same event id": 1, "repeated report": 1}
    assert result.dropped == {"CAMEO 01": 1}
    assert list(zip(result.rejects["line"], result.rejects["reason"], strict=True)) == EXPECTED_REJECTS
    assert set(result.rejects["file"]) == {str(fixtures / SAMPLE)}
    assert result.rejects.loc[2, "text"].startswith("900017\t20200230\t")
    assert result.unmapped[["code", "events"]].to_dict("records") == [{"code": "USAGOV", "events": 1}]
    assert result.files[["rows_read", "rejected"]].to_dict("records") == [{"rows_read": 20, "rejected": 6}]


def test_fixture_relations_signs_weights_and_evidence(fixtures, idlib):
    graph = read_gdelt(fixtures / SAMPLE, into=idlib, progress=False).graph
    rel = graph.relations[graph.relations["origin"] == "gdelt"].set_index("id")
    assert sorted(rel.index) == [
        "gdelt-IRN-agrees-SYR_GOV-2020-02", "gdelt-RUS-aids-SYR_GOV-2020-02", "gdelt-RUS-meets-TUR-2020-02",
        "gdelt-SYR_MIL-clashes-SYR_OPP-2020-01", "gdelt-SYR_MIL-clashes-TUR_MIL-2020-02",
        "gdelt-SYR_OPP-clashes-TUR_MIL-2020-02", "gdelt-TUR-accuses-RUS-2020-02"]
    clash = rel.loc["gdelt-SYR_MIL-clashes-TUR_MIL-2020-02"]
    # both directions of an undirected type meet in one relation: two events of |-10| / 10
    assert (clash["events"], clash["weight"], clash["weight_sum"], clash["score"]) == (2, 2.0, 2.0, -2.0)
    assert clash["sign"] == -1 and clash["date"] == "2020-02"
    assert (clash["period_start"], clash["period_end"]) == ("2020-02-01", "2020-02-29")
    assert [e["quote"] for e in clash["evidence"]] == [
        "https://example.org/2020/02/03/idlib-shelling", "https://example.org/2020/02/03/turkey-strikes-back"]
    aid = rel.loc["gdelt-RUS-aids-SYR_GOV-2020-02"]
    # the repeated report (same article, new id) is counted once; the first copy's mentions are kept
    assert (aid["events"], aid["weight"], aid["score"], aid["mentions"], aid["sign"]) == (1, 0.74, 0.74, 4, 1)
    accuse = rel.loc["gdelt-TUR-accuses-RUS-2020-02"]
    assert (accuse["events"], accuse["weight"], accuse["score"]) == (1, 0.2, -0.2)
    assert set(graph.sources["id"]) >= {"gdelt", "mt-2020-02-04"}
    assert graph.relations["id"].is_unique


def _reference(path, key_rows=True) -> pd.DataFrame:
    """The fixture aggregated by plain Python and pandas, from the bytes, for comparison."""
    rows = []
    for raw in path.read_bytes().split(b"\n"):
        if not raw:
            continue
        try:
            fields = raw.decode("utf-8").split("\t")
        except UnicodeDecodeError:
            continue
        if len(fields) != len(GDELT2_COLUMNS):
            continue
        row = dict(zip(GDELT2_COLUMNS, fields, strict=True))
        try:
            dt.datetime.strptime(row["SQLDATE"], "%Y%m%d")
            row["GoldsteinScale"] = float(row["GoldsteinScale"])
        except ValueError:
            continue
        rows.append(row)
    frame = pd.DataFrame(rows).drop_duplicates(
        ["SQLDATE", "Actor1Code", "Actor2Code", "EventCode", "SOURCEURL"])
    frame = frame[(frame["Actor1Code"] != "") & (frame["Actor2Code"] != "")]
    frame = frame[frame["EventCode"].str[:2].isin(ROOTS)]
    frame = frame.assign(source=frame["Actor1Code"].map(CODES), target=frame["Actor2Code"].map(CODES))
    frame = frame.dropna(subset=["source", "target"])
    frame = frame[frame["source"] != frame["target"]]
    kind = frame["EventCode"].str[:2].map(lambda r: ROOTS[r][0])
    sign = frame["EventCode"].str[:2].map(lambda r: ROOTS[r][1])
    directed = frame["EventCode"].str[:2].map(lambda r: ROOTS[r][2])
    swap = ~directed & (frame["target"] < frame["source"])
    source = frame["source"].where(~swap, frame["target"])
    target = frame["target"].where(~swap, frame["source"])
    weight = frame["GoldsteinScale"].abs() / 10
    out = pd.DataFrame({"source": source, "target": target, "type": kind, "month": frame["SQLDATE"].str[:6],
                        "weight": weight, "score": weight * sign})
    return out.groupby(["source", "target", "type", "month"]).agg(
        events=("weight", "size"), weight=("weight", "sum"), score=("score", "sum")).reset_index()


def test_fixture_aggregates_equal_a_pandas_reference(fixtures, idlib):
    reference = _reference(fixtures / SAMPLE)
    rel = read_gdelt(fixtures / SAMPLE, into=idlib, progress=False).graph.relations
    ours = rel[rel["origin"] == "gdelt"]
    assert len(ours) == len(reference) == 7
    assert ours["events"].sum() == reference["events"].sum() == 8
    assert ours["weight"].sum() == pytest.approx(reference["weight"].sum())
    assert ours["score"].sum() == pytest.approx(reference["score"].sum())
    by_pair = ours.groupby(["source", "target"])["score"].sum()
    expected = reference.groupby(["source", "target"])["score"].sum()
    pd.testing.assert_series_equal(by_pair.sort_index(), expected.sort_index(), check_names=False)


def test_standalone_import_keeps_every_actor(fixtures):
    result = read_gdelt(fixtures / SAMPLE, progress=False)
    assert result.counts["unmapped"] == 0 and result.counts["imported"] == 9
    actors = result.graph.actors.set_index("id")
    assert actors.loc["TUR_MIL", "type"] == "government_forces"
    assert actors.loc["SYR", "type"] == "state" and actors.loc["SYR", "name"] == "Syria"
    assert actors.loc["USA", "country"] == "USA"
    assert sorted(result.new_actors["id"]) == [
        "IRN", "RUS", "SYR", "SYR_MIL", "SYR_OPP", "TUR", "TUR_MIL", "USA"]


def test_actor_map_shows_how_each_code_resolved(fixtures, idlib):
    table = read_gdelt(fixtures / SAMPLE, into=idlib, progress=False).actor_map.set_index("code")
    for code, actor in CODES.items():
        assert table.loc[code, "actor"] == actor, code
        assert table.loc[code, "rule"] == ("id" if code == actor else "country+role"), code
    assert table.loc["USAGOV", "rule"] == "unmapped"


@pytest.mark.parametrize(("name", "layout", "quote"), [
    ("gdelt1_daily.export.CSV", "GDELT 1.0 daily (58 columns)", "https://example.org/2015/09/30/russian-strikes"),
    ("gdelt1_historical.CSV", "GDELT 1.0 historical (57 columns)", "GDELT event 300002"),
])
def test_gdelt1_layouts(fixtures, idlib, name, layout, quote):
    result = read_gdelt(fixtures / name, into=idlib, progress=False)
    assert result.files["layout"].tolist() == [layout]
    counts = result.counts
    assert (counts["rows_read"], counts["imported"], counts["rejected"]) == (2, 2, 0)
    quotes = {e["quote"] for ev in result.graph.relations["evidence"] for e in ev if e["source"] == "gdelt"}
    assert quote in quotes


def test_compressed_files_read_like_the_plain_one(fixtures, idlib, compressed):
    plain = read_gdelt(fixtures / SAMPLE, into=idlib, progress=False)
    for path in compressed.values():
        other = read_gdelt(path, into=idlib, progress=False)
        assert other.counts == plain.counts
        assert other.rejects["line"].tolist() == plain.rejects["line"].tolist()
        assert other.relations_table.sort_by("id").equals(plain.relations_table.sort_by("id"))
    zipped = read_gdelt(compressed["zip"], into=idlib, progress=False)
    assert zipped.rejects["file"].iloc[0] == f"{compressed['zip']}:gdelt2_idlib.export.CSV"


def test_a_folder_and_a_glob_of_daily_files(fixtures, idlib):
    folder = read_gdelt(fixtures / "gdelt_daily", into=idlib, progress=False)
    # event 910002 is published in the files of 1 and 2 March: counted once
    assert folder.counts["rows_read"] == 6 and folder.counts["duplicates"] == 1
    assert folder.duplicates == {"same event id": 1}
    assert len(folder.files) == 3
    glob = read_gdelt(str(fixtures / "gdelt_daily" / "2020030*.export.CSV"), into=idlib, progress=False)
    assert glob.counts == folder.counts
    rel = folder.graph.relations.set_index("id")
    agree = rel.loc["gdelt-RUS-agrees-TUR-2020-03"]
    assert (agree["events"], agree["weight"]) == (3, pytest.approx(0.34 + 0.8 + 0.8))


def test_the_same_file_twice_changes_nothing(fixtures, idlib):
    once = read_gdelt(fixtures / SAMPLE, into=idlib, progress=False)
    twice = read_gdelt([fixtures / SAMPLE, fixtures / SAMPLE], into=idlib, progress=False)
    assert twice.counts["rows_read"] == 40 and twice.counts["rejected"] == 12
    assert twice.counts["duplicates"] == once.counts["duplicates"] + 14
    assert twice.counts["imported"] == once.counts["imported"]
    assert twice.relations_table.sort_by("id").equals(once.relations_table.sort_by("id"))
    assert twice.files["rows_read"].tolist() == [20, 20]


@pytest.mark.parametrize("period", ["day", "week", "month", "quarter", "year"])
def test_periods_date_and_name_relations(fixtures, idlib, period):
    rel = read_gdelt(fixtures / SAMPLE, into=idlib, period=period, progress=False).graph.relations
    clash = rel[rel["id"].str.startswith("gdelt-SYR_MIL-clashes-TUR_MIL-")].iloc[0]
    expected = {"day": ("2020-02-03", "2020-02-03", "2020-02-03", "2020-02-03"),
                "week": ("2020-W06", "2020-02-03", "2020-02-03", "2020-02-09"),
                "month": ("2020-02", "2020-02", "2020-02-01", "2020-02-29"),
                "quarter": ("2020-Q1", "2020-01-01", "2020-01-01", "2020-03-31"),
                "year": ("2020", "2020", "2020-01-01", "2020-12-31")}[period]
    assert (clash["period"], clash["date"], clash["period_start"], clash["period_end"]) == expected
    assert clash["id"] == f"gdelt-SYR_MIL-clashes-TUR_MIL-{expected[0]}"


def test_a_file_of_another_format_is_refused_with_its_name(fixtures):
    message = r"icews_events\.2018\.idlib\.tab:1: not a GDELT events file: its lines have 20 tab-separated"
    with pytest.raises(EventImportError, match=message):
        read_gdelt(fixtures / "icews_events.2018.idlib.tab", progress=False)


def test_missing_files_are_named(tmp_path):
    with pytest.raises(EventImportError) as info:
        read_events([tmp_path / "nope.CSV", str(tmp_path / "*.zip")], "gdelt", progress=False)
    text = str(info.value)
    assert "nope.CSV: file not found" in text and "no file matches this pattern" in text


def test_rejects_and_events_files_beside_the_output(fixtures, idlib, tmp_path):
    out = tmp_path / "idlib-gdelt.parquet"
    result = read_gdelt(fixtures / SAMPLE, into=idlib, output=out, progress=False)
    assert result.written == {"dataset": str(out), "events": str(tmp_path / "idlib-gdelt.events.parquet"),
                              "rejects": str(tmp_path / "idlib-gdelt.rejects.csv")}
    rejects = pd.read_csv(tmp_path / "idlib-gdelt.rejects.csv", dtype=str, keep_default_na=False)
    assert rejects.columns.tolist() == ["file", "line", "reason", "message", "text"]
    assert rejects["line"].astype(int).tolist() == [line for line, _ in EXPECTED_REJECTS]
    events = pd.read_parquet(tmp_path / "idlib-gdelt.events.parquet")
    assert len(events) == 8 and set(events["origin"]) == {"gdelt"}
    assert sorted(result.graph.relations["id"]) == sorted(read_gdelt(fixtures / SAMPLE, into=idlib,
                                                                      progress=False).graph.relations["id"])


def test_importing_into_the_output_again_changes_nothing(fixtures, idlib, tmp_path):
    out = tmp_path / "idlib-gdelt.parquet"
    read_gdelt(fixtures / SAMPLE, into=idlib, output=out, progress=False)
    first = pd.read_parquet(out).sort_values("id").reset_index(drop=True)
    again = read_gdelt(fixtures / SAMPLE, into=out, output=out, progress=False)
    assert again.counts["already_imported"] == 8 and again.counts["imported"] == 0
    assert again.counts["relations"] == 7
    pd.testing.assert_frame_equal(pd.read_parquet(out).sort_values("id").reset_index(drop=True), first)
    assert len(pd.read_parquet(tmp_path / "idlib-gdelt.events.parquet")) == 8


def test_importing_more_into_the_output_adds_to_its_relations(fixtures, idlib, tmp_path):
    out = tmp_path / "idlib-gdelt.yaml"
    read_gdelt(fixtures / "gdelt_daily" / "20200301.export.CSV", into=idlib, output=out, progress=False)
    more = read_gdelt(fixtures / "gdelt_daily", into=out, output=out, progress=False)
    assert more.counts["already_imported"] == 2 and more.counts["imported"] == 3
    both = read_gdelt(fixtures / "gdelt_daily", into=idlib, progress=False).graph.relations
    again = more.graph.relations
    cols = ["id", "events", "weight", "score"]
    pd.testing.assert_frame_equal(
        again.loc[again["origin"] == "gdelt", cols].sort_values("id").reset_index(drop=True),
        both.loc[both["origin"] == "gdelt", cols].sort_values("id").reset_index(drop=True), check_dtype=False)


def test_a_dataset_with_gdelt_relations_but_no_events_file_is_refused(fixtures, idlib, tmp_path):
    out = tmp_path / "once.parquet"
    read_gdelt(fixtures / SAMPLE, into=idlib, output=out, events=False, progress=False)
    with pytest.raises(EventImportError, match="already holds gdelt relations but not the events"):
        read_gdelt(fixtures / SAMPLE, into=out, progress=False)


# ---------------------------------------------------------------------------------- real rows
def _gdelt_frame(path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=None, names=list(GDELT2_COLUMNS), dtype=str,
                       keep_default_na=False, quoting=3)


def _standalone_id(code: str, country: str, role: str, countries: set[str]) -> str:
    """The documented rule for actors kept from GDELT codes: a country's state, forces, opposition."""
    iso = country if country in countries else (code if len(code) == 3 and code in countries else "")
    if iso and role in ("", "GOV", "LEG", "JUD"):
        return iso
    if iso and role in ("MIL", "COP", "SPY"):
        return f"{iso}_MIL"
    if iso and role in ("REB", "INS", "OPP"):
        return f"{iso}_OPP"
    return code


@pytest.mark.parametrize("name", ["gdelt2_20191024143000.export.head100.CSV",
                                  "gdelt2_20191024143000.export.SYR_TUR_RUS.CSV"])
def test_shared_real_rows_match_a_pandas_reference(shared_data, name):
    from graphlib_conflict.io.events._actors import ActorRules

    countries = set(ActorRules.shipped().country_names)
    path = shared_data / "events" / "gdelt" / name
    raw = _gdelt_frame(path)
    result = read_gdelt(path, progress=False)
    unique = raw.drop_duplicates(["SQLDATE", "Actor1Code", "Actor2Code", "EventCode", "SOURCEURL"])
    two_sided = unique[(unique["Actor1Code"] != "") & (unique["Actor2Code"] != "")]
    dropped = two_sided["EventCode"].str[:2].isin(["01", "09"])
    kept = two_sided[~dropped]
    source = [_standalone_id(c, k, r, countries) for c, k, r in
              zip(kept["Actor1Code"], kept["Actor1CountryCode"], kept["Actor1Type1Code"], strict=True)]
    target = [_standalone_id(c, k, r, countries) for c, k, r in
              zip(kept["Actor2Code"], kept["Actor2CountryCode"], kept["Actor2Type1Code"], strict=True)]
    kept = kept.assign(source=source, target=target)
    imported = kept[kept["source"] != kept["target"]]
    weight = imported["GoldsteinScale"].astype(float).abs() / 10
    assert result.counts["rows_read"] == len(raw) and result.counts["rejected"] == 0
    assert result.counts["duplicates"] == len(raw) - len(unique)
    assert result.counts["one_sided"] == len(unique) - len(two_sided)
    assert result.counts["dropped"] == int(dropped.sum())
    assert result.counts["same_actor"] == len(kept) - len(imported)
    assert result.counts["imported"] == len(imported)
    rel = result.graph.relations
    assert rel["events"].sum() == len(imported)
    assert rel["weight"].sum() == pytest.approx(weight.sum())
    negative = imported["EventCode"].str[:2].astype(int) >= 10
    assert rel["score"].sum() == pytest.approx(weight[~negative].sum() - weight[negative].sum())
    assert rel["weight"].min() > 0 and set(rel["date"]) <= {"2018-10", "2019-09", "2019-10"}


def test_shared_rows_into_idlib_resolve_the_states_and_forces(shared_data, idlib, tmp_path):
    path = shared_data / "events" / "gdelt" / "gdelt2_20191024143000.export.SYR_TUR_RUS.CSV"
    result = read_gdelt(path, into=idlib, progress=False)
    assert result.counts == {
        "rows_read": 204, "rejected": 0, "duplicates": 69, "already_imported": 0, "one_sided": 17,
        "dropped": 14, "ignored": 0, "unmapped": 80, "same_actor": 2, "imported": 22, "relations": 15,
        "new_actors": 0}
    table = result.actor_map.set_index("code")
    for code, actor in {"TUR": "TUR", "TURGOV": "TUR", "TURMIL": "TUR_MIL", "RUS": "RUS", "RUSGOV": "RUS",
                        "SYR": "SYR_GOV", "SYRGOV": "SYR_GOV", "IRN": "IRN"}.items():
        assert table.loc[code, "actor"] == actor, code
    graph = result.graph
    ends = set(graph.relations.loc[graph.relations["origin"] == "gdelt", ["source", "target"]].stack())
    assert {"TUR", "RUS", "SYR_GOV", "TUR_MIL"} <= ends
    assert result.unmapped.iloc[0][["code", "events"]].tolist() == ["NORGOV", 6]
    shutil.copy(path, tmp_path / "copy.CSV")
    again = read_gdelt([path, tmp_path / "copy.CSV"], into=idlib, progress=False)
    assert again.counts["imported"] == 22 and again.counts["duplicates"] == 69 + 204


def test_into_a_graph_object(fixtures, idlib):
    import graphlib_conflict as gc

    by_path = read_gdelt(fixtures / SAMPLE, into=idlib, progress=False)
    by_graph = read_gdelt(fixtures / SAMPLE, into=gc.load(idlib), progress=False)
    assert by_graph.counts == by_path.counts
    assert sorted(by_graph.graph.relations["id"]) == sorted(by_path.graph.relations["id"])
    with pytest.raises(EventImportError, match="already holds gdelt relations"):
        read_gdelt(fixtures / SAMPLE, into=by_graph.graph, progress=False)
