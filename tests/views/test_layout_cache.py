"""The layout of a graph's whole history is computed once and kept with the graph: a day view lays
out nothing more, and puts every actor where the slider view puts it."""

from __future__ import annotations

import graphlib_conflict as gc
from graphlib_conflict.views import _build, to_html
from tests.views._payloads import page_data


def positions(data: dict) -> dict[str, tuple[float, float]]:
    nodes = data["nodes"]
    return {a: (x, y) for a, x, y in zip(nodes["id"], nodes["x"], nodes["y"], strict=True)}


def test_a_day_view_puts_actors_where_the_slider_puts_them(monkeypatch):
    calls = []
    original = _build.layout

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(_build, "layout", counting)
    g = gc.load()
    slider = page_data(to_html(g))
    day = page_data(to_html(g, at="2020-02-04"))
    other = page_data(to_html(g, at="2017-05-04"))
    assert len(calls) == 1  # the whole history laid out once, then kept with the graph
    on_day = positions(day)
    everywhere = positions(slider)
    assert set(on_day) <= set(everywhere)
    assert all(on_day[a] == everywhere[a] for a in on_day)
    assert positions(other) == on_day
    assert day["springs"] == slider["springs"]
    # the same as a fresh computation: the cache changes nothing
    fresh = page_data(to_html(gc.load(), at="2020-02-04"))
    assert positions(fresh) == on_day
    assert len(calls) == 2


def test_the_kept_layout_follows_the_seed_and_the_implied_ties(monkeypatch):
    calls = []
    original = _build.layout

    def counting(*args, **kwargs):
        calls.append(kwargs.get("seed"))
        return original(*args, **kwargs)

    monkeypatch.setattr(_build, "layout", counting)
    g = gc.load()
    a = positions(page_data(to_html(g, at="2020-02-04", seed=1)))
    b = positions(page_data(to_html(g, at="2020-02-04", seed=2)))
    to_html(g, at="2020-01-01", seed=1)
    to_html(g, at="2020-02-04", seed=1, implied=False)
    assert calls == [1, 2, 1]  # seed 1 with and without implied ties, and seed 2
    assert a != b
    # a slice is another graph, with its own layout (of its own relations)
    to_html(g.at("2020-02-04"))
    assert len(calls) == 4
