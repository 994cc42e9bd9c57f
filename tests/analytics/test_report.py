"""The alliance-change report: the founding case from the data, each change class on hand-made
graphs, and safe, stable output."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics.alignment import STATUSES
from graphlib_conflict.analytics.balance import balance
from graphlib_conflict.analytics.changes import (
    CHANGE_COLUMNS,
    CHANGES,
    EXPLANATION_COLUMNS,
    change_report,
    classify_changes,
)

START, END = "2019-11-01", "2020-02-04"


@pytest.fixture(scope="module")
def idlib():
    return change_report(gc.load(), START, END)


def change_row(rep, a, b):
    rows = rep.changes[((rep.changes["source"] == a) & (rep.changes["target"] == b))
                       | ((rep.changes["source"] == b) & (rep.changes["target"] == a))]
    assert len(rows) == 1, f"no change reported for {a}-{b}"
    return rows.iloc[0]


# ---------------------------------------------------------------------- the founding case
def test_russia_turkey_soured_from_ally_to_mixed_with_the_reports_quotes(idlib, default_graph):
    before = gc.alignment(default_graph, at=START).set_index(["source", "target"])
    after = gc.alignment(default_graph, at=END).set_index(["source", "target"])
    row = change_row(idlib, "RUS", "TUR")
    assert row["change"] == "soured"
    assert (row["status_before"], row["status_after"]) == (
        before.loc[("RUS", "TUR"), "status"], after.loc[("RUS", "TUR"), "status"]) == (
        "ally", "mixed")
    assert row["score_after"] == pytest.approx(after.loc[("RUS", "TUR"), "score"])
    why = idlib.explanation("RUS", "TUR")
    drivers = why[why["role"] == "driver"]
    assert len(drivers) == row["drivers"] > 0
    assert (drivers["delta"] < 0).all() and (drivers["sign"] < 0).all()
    sources = {e["source"] for ev in drivers["evidence"] for e in ev}
    assert "mt-2020-02-04" in sources
    # every explaining relation is dated between the two days, as the data states it
    rel = default_graph.relations.set_index("id")
    for rid in drivers["id"]:
        first, last = rel.loc[rid, "valid_from"], rel.loc[rid, "valid_to"]
        assert pd.Timestamp(START) < last and first <= pd.Timestamp(END)
    # the founding report's demand is among them, with its own words
    demand = rel[(rel["type"] == "demands") & (rel["source"] == "TUR") & (rel["target"] == "RUS")
                 & (rel["date"] == "2020-02-04")]
    assert set(demand.index) <= set(drivers["id"])
    quotes = {e["quote"] for ev in drivers["evidence"] for e in ev}
    assert {e["quote"] for e in demand["evidence"].iloc[0]} <= quotes
    assert row["strained_triangles"] > 0


def test_turkey_syria_escalated_with_the_attack_and_the_retaliation(idlib, default_graph):
    row = change_row(idlib, "SYR_GOV", "TUR")
    assert row["change"] == "escalated"
    assert row["status_before"] == row["status_after"] == "adversary"
    assert abs(row["score_after"]) >= 1.5 * abs(row["score_before"])
    why = idlib.explanation("SYR_GOV", "TUR")
    rel = default_graph.relations
    # the attacks of 3 February between the two states' forces, both ways, from the data
    attacks = rel[(rel["type"] == "attacks") & (rel["date"] == "2020-02-03")
                  & rel["source"].isin(["SYR_MIL", "TUR_MIL"])
                  & rel["target"].isin(["SYR_MIL", "TUR_MIL"])]
    assert set(zip(attacks["source"], attacks["target"], strict=True)) == {
        ("SYR_MIL", "TUR_MIL"), ("TUR_MIL", "SYR_MIL")}
    shown = why.set_index("id")
    for rid, source, target in zip(attacks["id"], attacks["source"], attacks["target"],
                                   strict=True):
        assert shown.loc[rid, "role"] == "driver"
        assert (shown.loc[rid, "stated_source"], shown.loc[rid, "stated_target"]) == (source,
                                                                                      target)
        assert shown.loc[rid, "rolled_up"] and shown.loc[rid, "when"] == "2020-02-03"
        assert shown.loc[rid, "evidence"], rid
    retaliation = " ".join(e["quote"] for e in shown.loc[
        attacks.loc[attacks["source"] == "TUR_MIL", "id"].iloc[0], "evidence"])
    assert "in response to the deadly attacks" in retaliation


def test_triangle_unbalanced_with_russia_turkey_strained(idlib, default_graph):
    expected = balance(default_graph, at=END)
    tri = expected.triangles
    rst = tri[(tri["a"] == "RUS") & (tri["b"] == "SYR_GOV") & (tri["c"] == "TUR")]
    assert not rst["balanced"].iloc[0]
    shown = idlib.triangles
    row = shown[(shown["a"] == "RUS") & (shown["b"] == "SYR_GOV") & (shown["c"] == "TUR")]
    assert len(row) == 1
    assert idlib.triangle_total == expected.census["unbalanced"]
    strained = idlib.strained
    assert (strained.iloc[0]["source"], strained.iloc[0]["target"]) == ("RUS", "TUR")
    assert strained.iloc[0]["status"] == "mixed"
    assert idlib.balance_after.balance_ratio == pytest.approx(expected.balance_ratio)
    assert idlib.balance_before.at == START and idlib.balance_after.at == END


def test_founding_case_in_every_format(idlib):
    data = json.loads(idlib.to_json())
    assert data["report"] == "alliance-change" and (data["start"], data["end"]) == (START, END)
    assert list(data["summary"]) == list(CHANGES)
    rus_tur = next(c for c in data["changes"] if (c["source"], c["target"]) == ("RUS", "TUR"))
    assert (rus_tur["change"], rus_tur["status_before"], rus_tur["status_after"]) == (
        "soured", "ally", "mixed")
    assert any(e["source"] == "mt-2020-02-04" for r in rus_tur["explanation"]
               for e in r["evidence"])
    assert data["strained"][0]["source"] == "RUS" and data["strained"][0]["target"] == "TUR"
    assert any(t["actors"] == ["RUS", "SYR_GOV", "TUR"] for t in data["unbalanced_triangles"]
               ["shown"])
    statuses = {c[k] for c in data["changes"] for k in ("status_before", "status_after")}
    statuses |= {s["status"] for s in data["strained"]}
    assert statuses <= set(STATUSES)
    assert data["balance"]["after"]["at"] == END
    assert data["balance"]["after"]["frustration_index"] == idlib.balance_after.frustration.index
    md = idlib.to_markdown()
    assert "#### Russia – Turkey: **ally** → **mixed**" in md and "### Escalated" in md
    assert "Turkey urged Russia on Tuesday to rein in Syrian government forces" in md
    page = idlib.to_html()
    assert "Russia – Turkey" in page and "in response to the deadly attacks" in page


# ---------------------------------------------------------------------- each change class
CASES = [
    # (pair, relations, expected class, ids of relations that must explain it)
    (("A1", "A2"), [("A1", "cooperates", "A2", "2020-02-01..")], "formed", {0}),
    (("B1", "B2"), [("B1", "alliance", "B2", "2019-01-01..2020-01-31")], "ended", {0}),
    (("C1", "C2"), [("C1", "alliance", "C2", "2019-01-01..2020-01-15"),
                    ("C1", "fights", "C2", "2020-02-01..")], "flipped", {0, 1}),
    (("D1", "D2"), [("D1", "opposes", "D2", "2019-01-01..2020-01-10"),
                    ("D1", "alliance", "D2", "2020-02-01..")], "flipped", {0, 1}),
    (("E1", "E2"), [("E1", "alliance", "E2", "2019-01-01.."),
                    ("E1", "attacks", "E2", "2020-02-28")], "soured", {1}),
    (("F1", "F2"), [("F1", "opposes", "F2", "2019-01-01.."),
                    ("F1", "fights", "F2", "2019-06-01.."),
                    ("F1", "alliance", "F2", "2019-01-01..2020-01-20")], "soured", {2}),
    (("G1", "G2"), [("G1", "attacks", "G2", "2020-02-20")], "soured", {0}),
    (("H1", "H2"), [("H1", "opposes", "H2", "2019-01-01..2020-01-20")], "thawed", {0}),
    (("I1", "I2"), [("I1", "fights", "I2", "2019-01-01.."),
                    ("I1", "alliance", "I2", "2020-02-01.."),
                    ("I1", "agrees", "I2", "2020-02-25")], "thawed", {1, 2}),
    (("J1", "J2"), [("J1", "opposes", "J2", "2019-01-01.."),
                    ("J1", "attacks", "J2", "2020-02-25"),
                    ("J2", "attacks", "J1", "2020-02-26")], "escalated", {1, 2}),
]


@pytest.fixture(scope="module")
def cases_report():
    rows = []
    for _, relations, _, _ in CASES:
        rows += relations
    rows += [("K1", "opposes", "K2", "2019-01-01.."), ("K1", "accuses", "K2", "2020-02-25")]
    rows += [("L1", "meets", "L2", "2019-12-20")]
    records = []
    for source, kind, target, when in rows:
        row = {"source": source, "type": kind, "target": target}
        if ".." in when:
            start, end = when.split("..")
            row |= {"start": start or None, "end": end or None}
        else:
            row["date"] = when
        records.append(row)
    ids = sorted({r["source"] for r in records} | {r["target"] for r in records})
    graph = gc.ConflictGraph.from_frames(
        pd.DataFrame({"id": ids, "name": [f"Actor {i}" for i in ids], "type": "state"}),
        pd.DataFrame(records))
    return graph, change_report(graph, "2020-01-01", "2020-03-01")


@pytest.mark.parametrize(("pair", "relations", "expected", "explaining"), CASES)
def test_each_change_class(cases_report, pair, relations, expected, explaining):
    graph, rep = cases_report
    row = change_row(rep, *pair)
    assert row["change"] == expected
    rel = graph.relations
    ids = []
    for i in sorted(explaining):
        source, kind, target, _ = relations[i]
        match = rel[(rel["source"] == source) & (rel["type"] == kind) & (rel["target"] == target)]
        ids.append(match["id"].iloc[0])
    why = rep.explanation(*pair)
    assert set(why.loc[why["role"] == "driver", "id"]) == set(ids)
    assert row["drivers"] == len(ids)


def test_small_growth_is_not_escalation_and_faded_ties_end_unexplained(cases_report):
    _, rep = cases_report
    pairs = set(zip(rep.changes["source"], rep.changes["target"], strict=True))
    assert ("K1", "K2") not in pairs  # -0.5 -> -0.7: below the 0.5 floor
    row = change_row(rep, "L1", "L2")  # a meeting faded out of the look-back window
    assert (row["change"], row["drivers"]) == ("ended", 0)
    assert "No relation between 2020-01-01 and 2020-03-01 explains it" in rep.to_markdown()


def test_escalation_thresholds_are_parameters(cases_report):
    graph, _ = cases_report
    rep = change_report(graph, "2020-01-01", "2020-03-01", escalation=0.3, escalation_floor=0.1)
    assert change_row(rep, "K1", "K2")["change"] == "escalated"
    strict = change_report(graph, "2020-01-01", "2020-03-01", escalation=10.0)
    assert ("J1", "J2") not in set(zip(strict.changes["source"], strict.changes["target"],
                                       strict=True))


def test_counters_pull_the_other_way(idlib):
    why = idlib.explanation("RUS", "TUR")
    counters = why[why["role"] == "counter"]
    # the January ceasefire and the Cavusoglu-Lavrov call pulled Russia and Turkey together
    assert len(counters) == change_row(idlib, "RUS", "TUR")["counters"] > 0
    assert (counters["delta"] > 0).all() and (counters["sign"] > 0).all()
    assert {"agrees", "meets"} <= set(counters["type"])


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("neutral", "ally", "formed"), ("neutral", "mixed", "formed"),
    ("ally", "neutral", "ended"), ("mixed", "neutral", "ended"),
    ("ally", "adversary", "flipped"), ("adversary", "ally", "flipped"),
    ("ally", "mixed", "soured"), ("mixed", "adversary", "soured"),
    ("neutral", "adversary", "soured"),
    ("adversary", "mixed", "thawed"), ("mixed", "ally", "thawed"),
    ("adversary", "neutral", "thawed"),
    ("ally", "ally", None), ("mixed", "mixed", None), ("neutral", "neutral", None),
])
def test_transition_table(before, after, expected):
    score = {"ally": 1.0, "adversary": -1.0, "mixed": 0.5, "neutral": 0.0}

    def table(status):
        s = score[status]
        return pd.DataFrame({"source": ["A"], "target": ["B"], "score": [s],
                             "positive": [max(s, 0.0) + (1.0 if status == "mixed" else 0.0)],
                             "negative": [max(-s, 0.0) + (0.5 if status == "mixed" else 0.0)],
                             "status": [status]})

    out = classify_changes(table(before), table(after))
    assert out["change"].tolist() == ([expected] if expected else [])


def test_absent_pairs_count_as_neutral():
    empty = pd.DataFrame(columns=["source", "target", "score", "positive", "negative", "status"])
    now = pd.DataFrame({"source": ["A"], "target": ["B"], "score": [-1.0], "positive": [0.0],
                        "negative": [1.0], "status": ["adversary"]})
    out = classify_changes(empty, now)
    assert out[["change", "status_before", "score_before"]].iloc[0].tolist() == [
        "soured", "neutral", 0.0]


# ---------------------------------------------------------------------- output
def test_columns_limit_and_totals(cases_report):
    graph, rep = cases_report
    assert list(rep.changes.columns) == list(CHANGE_COLUMNS)
    assert list(rep.explanations.columns) == list(EXPLANATION_COLUMNS)
    assert rep.totals == {c: int((rep.changes["change"] == c).sum()) for c in CHANGES}
    order = [CHANGES.index(c) for c in rep.changes["change"]]
    assert order == sorted(order)
    small = change_report(graph, "2020-01-01", "2020-03-01", limit=1, explain=1)
    assert small.totals == rep.totals
    assert small.changes.groupby("change").size().max() == 1
    assert "1 more soured" in small.to_markdown() or "2 more soured" in small.to_markdown()
    assert small.explanations.groupby(["source", "target", "role"]).size().max() == 1
    assert small.to_frame().equals(small.changes)


def test_dates_must_be_in_order(default_graph):
    with pytest.raises(gc.DateError, match=r"end \(2019-11-01\) must be after the start"):
        change_report(default_graph, "2020-02-04", "2019-11-01")
    # a period as a start means its first day, as an end its last day
    rep = change_report(default_graph, "2020-01", "2020-02")
    assert (rep.start, rep.end) == ("2020-01-01", "2020-02-29")


HOSTILE = ["<script>alert(1)</script>", "[x](javascript:alert(1))"]


@pytest.fixture(scope="module")
def hostile_report():
    actors = pd.DataFrame({"id": ["X", "Y", "Z"], "name": [*HOSTILE, "Zed & <b>Co</b>"],
                           "type": "state"})
    sources = pd.DataFrame({"id": ["s1"], "title": [HOSTILE[1]], "publisher": [HOSTILE[0]],
                            "url": ["javascript:alert(1)"]})
    evidence = ({"source": "s1", "quote": "<img src=x onerror=alert(1)> | *bold* [y](http://e)"},)
    relations = pd.DataFrame([
        {"source": "X", "target": "Y", "type": "alliance", "start": "2019-01-01"},
        {"source": "X", "target": "Y", "type": "attacks", "date": "2020-02-20",
         "evidence": evidence},
        {"source": "Y", "target": "Z", "type": "alliance", "start": "2019-01-01"},
        {"source": "X", "target": "Z", "type": "fights", "start": "2020-02-01"},
    ])
    graph = gc.ConflictGraph.from_frames(actors, relations, sources=sources)
    return change_report(graph, "2020-01-01", "2020-03-01")


def test_html_is_escaped_and_self_contained(hostile_report):
    for page in (hostile_report.to_html(), hostile_report._repr_html_()):
        assert "<script" not in page and "<img" not in page and "<b>Co" not in page
        assert 'href="javascript' not in page
        assert html.escape(HOSTILE[0]) in page
        # nothing loaded from anywhere: no external script, style sheet, image or frame
        assert not re.search(r"<(link|iframe|object|embed)\b|<[^>]*\bsrc=", page)
    assert hostile_report.to_html(full_page=True).startswith("<!DOCTYPE html>")
    assert hostile_report.to_html().startswith('<div class="gc-report">')


def test_markdown_is_escaped(hostile_report):
    md = hostile_report.to_markdown()
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert "](javascript:" not in md and HOSTILE[1] not in md
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md
    assert "\\| \\*bold\\* \\[y\\]\\(http://e\\)" in md
    assert json.loads(hostile_report.to_json())["changes"][0]["source_name"] in HOSTILE


def test_written_atomically(idlib, tmp_path):
    text = idlib.to_html(tmp_path / "report.html")
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == text
    idlib.to_markdown(tmp_path / "report.md")
    idlib.to_json(tmp_path / "report.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json",
                                                          "report.md"]


def test_quiet_period_reports_no_change(default_graph):
    rep = change_report(default_graph, "2018-01-01", "2018-02-01")
    assert rep.changes.empty and rep.explanations.empty
    assert set(rep.totals.values()) == {0}
    assert "- Alignment changes: none." in rep.to_markdown()
    assert json.loads(rep.to_json())["changes"] == []
    # the balance sections still describe both dates
    assert rep.triangle_total == balance(default_graph, at="2018-02-01").census["unbalanced"]
