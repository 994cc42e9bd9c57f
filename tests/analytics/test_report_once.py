"""The change report computes what it shows once: each date's signed graph is built once and
shared, its bloc switches equal :func:`switches_between`'s, and its plain data is made once for every
output format."""

from __future__ import annotations

import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics import changes
from graphlib_conflict.analytics.blocs import switches_between
from graphlib_conflict.analytics.signed import signed_edges
from tests.analytics.test_timeline import random_graph


@pytest.mark.parametrize("seed", range(6))
def test_bloc_switches_equal_switches_between(seed):
    g = random_graph(seed)
    report = gc.change_report(g, "2012-06-01", "2018-06-01", limit=None)
    e0, e1 = signed_edges(g, "2012-06-01"), signed_edges(g, "2018-06-01")
    expected = switches_between(e0, e1)
    got = report.bloc_switches
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
    assert got.attrs["renamed"] == expected.attrs["renamed"]
    assert got.attrs["blocs_after"] == expected.attrs["blocs_after"]


def test_idlib_switch(default_graph):
    report = gc.change_report(default_graph, "2019-11-01", "2020-02-04")
    moved = report.bloc_switches
    assert moved[["actor", "change", "bloc_before", "bloc_after"]].values.tolist() == [
        ["TUR", "switched", "Russia's bloc", "Turkey's bloc"]]


def test_switches_are_capped_per_kind_with_a_note(make_graph):
    rows = [(f"A{i}", "alliance", f"A{i + 1}", "2020-01-01..") for i in range(6)]
    rows += [(f"B{i}", "alliance", f"B{i + 1}", "2020-03-01..") for i in range(6)]
    g = make_graph(rows)
    report = gc.change_report(g, "2020-02-01", "2020-04-01", limit=2)
    kinds = report.bloc_switches["change"].value_counts().to_dict()
    assert kinds == {"joined": 2}
    assert any("the first 2 of 7 joined are listed" in note for note in report.notes)
    full = gc.change_report(g, "2020-02-01", "2020-04-01", limit=None)
    assert len(full.bloc_switches) == 7


def test_each_date_is_signed_once(default_graph, monkeypatch):
    calls = []
    original = changes.signed_edges

    def counting(*args, **kwargs):
        calls.append(args[0].attrs.get("at"))
        return original(*args, **kwargs)

    monkeypatch.setattr(changes, "signed_edges", counting)
    gc.change_report(default_graph, "2019-11-01", "2020-02-04")
    assert sorted(calls) == ["2019-11-01", "2020-02-04"]


def test_plain_data_is_made_once(default_graph):
    report = gc.change_report(default_graph, "2019-11-01", "2020-02-04")
    assert report.to_dict() is report.to_dict()
    assert report.to_markdown() and report.to_html() and report.to_json()
