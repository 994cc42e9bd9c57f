"""The findings layer, the findings panel and the slider's calendar, checked against the analytics."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.dates import Day, day_to_iso, to_day
from graphlib_conflict.views import ViewError, to_html
from graphlib_conflict.views._findings import BEFORE_DAYS, sign_runs
from graphlib_conflict.views._page import bands_text
from tests.views._payloads import PAYLOADS, PageParser, page_data, payload_findings_graph


@pytest.fixture(scope="module")
def feb4(default_graph) -> dict:
    return page_data(to_html(default_graph, at="2020-02-04"))


@pytest.fixture(scope="module")
def slider(default_graph) -> dict:
    return page_data(to_html(default_graph))


@pytest.fixture(scope="module")
def window(default_graph) -> dict:
    return page_data(to_html(default_graph, start="2020-01", end="2020-02"))


def ids(data: dict, codes) -> list[str]:
    return [data["nodes"]["id"][c] for c in codes]


def strained_pairs(data: dict, entry: dict) -> set[frozenset[str]]:
    return {frozenset(ids(data, s[:2])) for s in entry["strained"]}


def expected_strained(graph: gc.ConflictGraph, day) -> set[frozenset[str]]:
    table = gc.balance(graph, day).strained
    return {frozenset(p) for p in zip(table["source"], table["target"], strict=True)}


def expected_unbalanced(graph: gc.ConflictGraph, day) -> set[frozenset[str]]:
    tri = gc.balance(graph, day).triangles
    tri = tri[tri["status"] == "unbalanced"]
    return {frozenset(t) for t in zip(tri["a"], tri["b"], tri["c"], strict=True)}


# ---------------------------------------------------------------------------- the layer
def test_day_view_layer_is_the_balance_of_that_day(default_graph, feb4):
    (entry,) = feb4["findings"]["layer"]
    assert entry["day"] == to_day("2020-02-04") and (entry["from"], entry["to"]) == (0, 0)
    assert strained_pairs(feb4, entry) == expected_strained(default_graph, "2020-02-04")
    first = entry["strained"][0]
    assert set(ids(feb4, first[:2])) == {"RUS", "TUR"} and first[2] == 2  # the founding case
    assert {frozenset(ids(feb4, t)) for t in entry["unbalanced"]} == expected_unbalanced(
        default_graph, "2020-02-04")
    assert entry["unbalancedTotal"] == 3 and entry["balanceRatio"] == 0.625
    assert feb4["findings"]["complete"] is True


def test_window_view_layer_and_bands_are_for_the_last_day(default_graph, window):
    (entry,) = window["findings"]["layer"]
    assert day_to_iso(entry["day"]) == "2020-02-29"
    assert strained_pairs(window, entry) == expected_strained(default_graph, "2020-02-29")
    assert bands_text(window) == ("Alignment bands and findings are for 2020-02-29, the last day "
                                  "of the window.")
    page = to_html(default_graph, start="2020-01", end="2020-02")
    assert PageParser(page).text["gc-bands-note"] == bands_text(window)
    assert "gc-bands-note" in PageParser(to_html(default_graph, at="2020-02-04")).text


def test_slider_layer_covers_every_frame_with_the_balance_of_its_day(default_graph, slider):
    layer = slider["findings"]["layer"]
    frames = slider["frames"]
    assert slider["findings"]["complete"] is True
    assert layer[0]["from"] == 0 and layer[-1]["to"] == len(frames) - 1
    assert all(b["from"] == a["to"] + 1 for a, b in itertools.pairwise(layer))
    assert len(layer) < len(frames)  # computed once per run of unchanged signs
    for f, (day, _) in enumerate(frames):
        entry = next(e for e in layer if e["from"] <= f <= e["to"])
        assert strained_pairs(slider, entry) == expected_strained(default_graph, Day(day)), day_to_iso(day)
        assert {frozenset(ids(slider, t)) for t in entry["unbalanced"]} == expected_unbalanced(
            default_graph, Day(day))


def test_large_slider_without_overlay_has_findings_at_its_first_frame_only(default_graph):
    data = page_data(to_html(default_graph, overlay=False))
    (entry,) = data["findings"]["layer"]
    initial = data["meta"]["initialFrame"]
    assert (entry["from"], entry["to"]) == (initial, initial)
    assert data["findings"]["complete"] is False


def test_top_is_the_actor_each_actor_counts_for(feb4):
    top = dict(zip(feb4["nodes"]["id"], ids(feb4, feb4["findings"]["top"]), strict=True))
    assert top["SYR_MIL"] == "SYR_GOV" and top["LAVROV"] == "RUS" and top["TUR"] == "TUR"


def test_sign_runs_split_where_a_sign_changes():
    ally, adversary, neutral = 0, 1, 3
    pairs = {"timeline": [[[0, ally, 1.0, 1, 0, 1], [3, adversary, -1.0, 0, 1, 1]],
                          [[1, ally, 0.2, 0.2, 0, 1], [2, ally, 0.4, 0.4, 0, 1], [4, neutral, 0, 0, 0, 0]]]}
    assert sign_runs(pairs, 6) == [(0, 0), (1, 2), (3, 3), (4, 5)]
    assert sign_runs({"timeline": []}, 3) == [(0, 2)]


# ---------------------------------------------------------------------------- the panel
def test_day_view_panel_is_the_change_report_since_90_days_before(default_graph, feb4):
    report = feb4["findings"]["report"]
    day = to_day("2020-02-04")
    assert (report["start"], report["end"]) == (day - BEFORE_DAYS, day)
    assert report["basis"] == "Changes from 2019-11-06 (90 days before the day shown) to 2020-02-04."
    expected = gc.change_report(default_graph, "2019-11-06", "2020-02-04")
    changes = expected.to_dict()["changes"]
    assert [(set(ids(feb4, [c["a"], c["b"]])), c["change"]) for c in report["changes"]] == [
        ({c["source"], c["target"]}, c["change"]) for c in changes]
    rus_tur = next(c for c in report["changes"] if set(ids(feb4, [c["a"], c["b"]])) == {"RUS", "TUR"})
    assert (rus_tur["before"], rus_tur["after"]) == ("ally", "mixed")
    # each change names the relations of the view that drove it
    explained = {e["id"] for c in changes for e in c.get("explanation", [])
                 if {c["source"], c["target"]} == {"RUS", "TUR"}}
    assert rus_tur["drivers"] and {feb4["edges"]["id"][i] for i in rus_tur["drivers"]} <= explained
    assert "syr_mil-attacks-tur_mil-2020-02-03" in {
        feb4["edges"]["id"][i] for c in report["changes"] for i in c["drivers"]}


def test_panel_has_strained_ties_switches_and_blocs_with_placement(default_graph, feb4):
    report = feb4["findings"]["report"]
    assert set(ids(feb4, [report["strained"][0]["a"], report["strained"][0]["b"]])) == {"RUS", "TUR"}
    assert report["strained"][0]["status"] == "mixed" and report["strained"][0]["triangles"] == 2
    blocs = {b["name"]: dict(zip(ids(feb4, [m[0] for m in b["members"]]), [m[1] for m in b["members"]],
                                 strict=True)) for b in report["blocs"]}
    assert blocs["Turkey's bloc"]["TUR"] == "contested"
    assert blocs["Syrian government's bloc"]["RUS"] == "firm"
    switches = gc.change_report(default_graph, "2019-11-06", "2020-02-04").to_dict()["bloc_switches"]
    assert [(ids(feb4, [s["actor"]])[0], s["before"], s["after"]) for s in report["switches"]] == [
        (s["actor"], s["bloc_before"], s["bloc_after"]) for s in switches]


def test_slider_and_window_panels_span_the_view(slider, window):
    report = slider["findings"]["report"]
    assert (report["start"], report["end"]) == (slider["frames"][0][0], slider["frames"][-1][1])
    assert report["basis"] == "Changes from the slider's first day, 2000-07-17, to its last, 2020-02-29."
    report = window["findings"]["report"]
    assert report["basis"] == "Changes over the window, from 2020-01-01 to 2020-02-29."


def test_findings_can_be_turned_off_and_are_checked(default_graph):
    data = page_data(to_html(default_graph, at="2020-02-04", findings=False))
    assert data["findings"] is None
    with pytest.raises(ViewError, match="findings must be True, False or 'auto'"):
        to_html(default_graph, findings="yes")


def test_findings_strings_stay_escaped_in_the_page():
    g = payload_findings_graph()
    page = to_html(g)
    for payload in PAYLOADS.values():
        assert payload not in page
    data = page_data(page)
    names = {b["name"] for b in data["findings"]["report"]["blocs"]}
    assert f"{PAYLOADS['script']}'s bloc" in names
    assert data["findings"]["layer"][-1]["strained"]


# ---------------------------------------------------------------------------- the calendar
def test_slider_steps_by_calendar_with_marks_where_something_changes(slider):
    t = slider["timeline"]
    frames = slider["frames"]
    assert (t["first"], t["last"]) == (frames[0][0], frames[-1][0]) == (to_day("2000-07-17"),
                                                                       to_day("2020-02-29"))
    assert t["step"] == "month" and t["initialDay"] == to_day("2020-02-29")
    month = [day_to_iso(d) for d in t["month"]]
    assert month[0] == "2000-07-17" and month[1] == "2000-08-01" and month[-1] == "2020-02-29"
    assert all(d.endswith("-01") for d in month[1:-1])
    weeks = pd.to_datetime([day_to_iso(d) for d in t["week"][1:-1]])
    assert (weeks.day_of_week == 6).all() and np.all(np.diff(t["week"][1:-1]) == 7)
    assert [m[0] for m in t["marks"]] == [f[0] for f in frames[1:]]
    status_marks = {day_to_iso(m[0]) for m in t["marks"] if m[1] == 2}
    assert "2019-12-19" in status_marks or "2019-12-01" in status_marks
    assert status_marks < {day_to_iso(m[0]) for m in t["marks"]}


@pytest.mark.parametrize(("start", "end", "step"), [("2020-01", "2020-02", "day"),
                                                    ("2017", "2020", "week"),
                                                    (None, None, "month")])
def test_auto_step_gives_at_most_400_positions(default_graph, start, end, step):
    t = page_data(to_html(default_graph, slider=True, start=start, end=end))["timeline"]
    assert t["step"] == step
    count = t["last"] - t["first"] + 1 if step == "day" else len(t[step])
    assert count <= 400


def test_step_option(default_graph):
    assert page_data(to_html(default_graph, step="week"))["timeline"]["step"] == "week"
    assert page_data(to_html(default_graph, at="2020-02-04"))["timeline"] is None
    with pytest.raises(ViewError, match="step must be"):
        to_html(default_graph, step="fortnight")
