"""The default dataset's views in a real browser: what is drawn, the slider, tooltips, search."""

from __future__ import annotations

import pytest

import graphlib_conflict as gc
from graphlib_conflict.views._style import STATUS_COLORS
from tests.views._expected import expected_at, expected_nodes, expected_pairs

pytestmark = pytest.mark.browser

SHOWN = """() => {
  const v = window.gcView, d = v.data;
  const nodes = v.nodes.get({filter: n => !n.hidden}).map(n => d.nodes.id[n.id]);
  const relations = [], pairs = {};
  v.edges.get().forEach(e => {
    const i = Number(e.id.slice(1));
    if (e.id[0] === 'r') { relations.push(d.edges.id[i]); }
    else if (e.id[0] === 'a') {
      pairs[d.nodes.id[d.pairs.a[i]] + '|' + d.nodes.id[d.pairs.b[i]]] = e.color.color;
    }
  });
  return {nodes, relations, pairs, date: document.getElementById('gc-current-date').textContent,
          frame: v.frame()};
}"""

STATUS_OF_COLOR = {color: status for status, color in STATUS_COLORS.items()}


@pytest.fixture(scope="module")
def graph() -> gc.ConflictGraph:
    return gc.load()


def check_shown(view, graph: gc.ConflictGraph, day: str) -> dict:
    """The DataSets hold exactly what the tables say for ``day``; returns what is shown."""
    shown = view.eval(SHOWN)
    relations = expected_at(graph, day)
    pairs = expected_pairs(graph, day)
    assert shown["date"] == day
    assert sorted(shown["relations"]) == sorted(relations)
    assert {tuple(k.split("|")): STATUS_OF_COLOR[c] for k, c in shown["pairs"].items()} == pairs
    assert set(shown["nodes"]) == expected_nodes(graph, relations, pairs)
    return shown


def test_slider_view_renders_the_last_date(open_view, views, graph):
    view = open_view(views["slider"])
    shown = check_shown(view, graph, "2020-02-29")
    assert len(shown["nodes"]) == 20 and len(shown["relations"]) == 46
    assert view.errors == []
    assert view.requests == [views["slider"].resolve().as_uri()]
    assert view.page.locator("#gc-timeline").is_visible()


def test_feb4_view_renders_the_founding_case(open_view, views, graph):
    view = open_view(views["feb4"])
    shown = check_shown(view, graph, "2020-02-04")
    assert len(shown["relations"]) == 47 and shown["pairs"]["RUS|TUR"] == STATUS_COLORS["mixed"]
    attack = view.eval("""() => {
      const v = window.gcView, i = v.data.edges.id.indexOf('syr_mil-attacks-tur_mil-2020-02-03');
      const e = v.edges.get('r' + i);
      return {color: e.color.color, dashes: e.dashes, arrow: e.arrows.to.enabled, width: e.width};
    }""")
    assert attack == {"color": STATUS_COLORS["adversary"], "dashes": [8, 6], "arrow": True,
                      "width": 4}
    assert view.errors == []
    assert not view.page.locator("#gc-timeline").is_visible()


def test_moving_the_slider_changes_what_is_shown(open_view, views, graph):
    view = open_view(views["slider"])
    first = view.eval("() => window.gcView.data.timeline.first")
    view.page.locator("#gc-step").select_option("day")
    slider = view.page.locator("#gc-slider")
    slider.focus()
    view.page.keyboard.press("Home")
    start = check_shown(view, graph, "2000-07-17")
    assert start["frame"] == 0 and len(start["relations"]) < 10
    view.page.keyboard.press("ArrowRight")
    assert view.eval(SHOWN)["date"] == "2000-07-18"  # one calendar day, not one change
    slider.fill(str(view.eval("(d) => d - window.gcView.data.timeline.first", _day("2019-11-01"))))
    before = check_shown(view, graph, "2019-11-01")
    assert before["pairs"]["RUS|TUR"] == STATUS_COLORS["ally"]
    slider.fill(str(_day("2020-02-04") - first))
    after = check_shown(view, graph, "2020-02-04")
    assert after["pairs"]["RUS|TUR"] == STATUS_COLORS["mixed"]
    assert "syr_mil-attacks-tur_mil-2020-02-03" in set(after["relations"]) - set(before["relations"])
    assert view.page.locator("#gc-slider-date").text_content() == "2020-02-04"
    # a day between two changes shows the state of the last change, interactions faded by the day
    check_shown(view, graph, "2020-02-04")
    assert view.errors == []


def _day(text: str) -> int:
    import numpy as np

    return int(np.datetime64(text, "D").astype(np.int64))


def test_play_and_pause(open_view, views):
    view = open_view(views["slider"])
    view.page.locator("#gc-speed").select_option("60")
    play = view.page.locator("#gc-play")
    start = view.eval("window.gcView.data.timeline.first")
    play.click()  # at the last day, play starts again from the first
    assert play.text_content() == "Pause"
    view.page.wait_for_function("(d) => window.gcView.day() > d + 40", arg=start, timeout=10_000)
    play.click()
    assert play.text_content() == "Play"
    stopped = view.eval("window.gcView.day()")
    view.page.wait_for_timeout(400)
    assert view.eval("window.gcView.day()") == stopped
    # month steps: the first of a month, or the slider's first day
    assert view.eval("(d) => new Date(d * 864e5).getUTCDate()", stopped) == 1
    assert view.errors == []


def _screen_point(view, actor_id: str, other: str | None = None) -> tuple[float, float]:
    """Page coordinates of an actor, or of the middle of the line between two actors."""
    return tuple(view.eval("""([a, b]) => {
      const v = window.gcView, ids = v.data.nodes.id;
      const pos = v.network.getPositions([ids.indexOf(a)].concat(b ? [ids.indexOf(b)] : []));
      const points = Object.values(pos);
      const x = points.reduce((s, p) => s + p.x, 0) / points.length;
      const y = points.reduce((s, p) => s + p.y, 0) / points.length;
      const dom = v.network.canvasToDOM({x, y});
      const box = document.getElementById('gc-network').getBoundingClientRect();
      return [box.left + dom.x, box.top + dom.y];
    }""", [actor_id, other]))


def test_tooltips_show_facts_and_evidence(open_view, views, graph):
    view = open_view(views["feb4"])
    tooltip = view.page.locator("div.vis-tooltip")
    view.page.mouse.move(*_screen_point(view, "TUR"))
    tooltip.wait_for(state="visible")
    text = tooltip.text_content()
    assert "Turkey" in text and "Ankara" in text and "state" in text
    view.page.mouse.move(5, 5)
    view.page.mouse.move(*_screen_point(view, "SWANSON", "UN"))
    view.page.wait_for_function(
        "() => document.querySelector('div.vis-tooltip').textContent.includes('represents')")
    text = tooltip.text_content()
    relation = graph.relations.set_index("id").loc["swanson-represents-un"]
    assert relation["evidence"][0]["quote"] in text
    source = graph.sources.set_index("id").loc[relation["evidence"][0]["source"]]
    assert source["title"] in text and "confidence" in text
    # the details panel, on a click, adds the source's address
    view.page.mouse.click(*_screen_point(view, "SWANSON", "UN"))
    details = view.page.locator("#gc-details").text_content()
    assert relation["evidence"][0]["quote"] in details and source["url"] in details
    assert view.errors == []


def test_long_evidence_is_cut_in_tooltips_and_whole_in_details(open_view, views, graph):
    view = open_view(views["feb4"])
    relation = graph.relations.set_index("id").loc["syr_mil-attacks-tur_mil-2020-02-03"]
    quotes = [item["quote"] for item in relation["evidence"]]
    assert len(quotes) == 3
    point = view.eval("""(relation) => {
      const v = window.gcView, i = v.data.edges.id.indexOf(relation);
      const dom = v.network.canvasToDOM(v.network.body.edges['r' + i].edgeType.getPoint(0.5));
      const box = document.getElementById('gc-network').getBoundingClientRect();
      return [box.left + dom.x, box.top + dom.y];
    }""", "syr_mil-attacks-tur_mil-2020-02-03")
    view.page.mouse.move(*point)
    tooltip = view.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    tip = tooltip.text_content()
    assert quotes[0] in tip and quotes[1] in tip and quotes[2] not in tip
    assert "and 1 more" in tip and relation["notes"] not in tip and relation["notes"][:80] in tip
    view.page.mouse.click(*point)
    details = view.page.locator("#gc-details").text_content()
    assert all(q in details for q in quotes) and relation["notes"] in details


def test_search_highlights_an_actor_and_its_neighbours(open_view, views):
    view = open_view(views["feb4"])
    view.page.locator("#gc-search").fill("ankara")
    results = view.page.locator("#gc-results li")
    assert results.count() == 1 and "Turkey" in results.first.text_content()
    view.page.locator("#gc-search").press("Enter")
    assert view.page.locator("#gc-details .gc-head").text_content() == "Turkey"
    opacity = view.eval("""() => {
      const v = window.gcView, ids = v.data.nodes.id, tur = ids.indexOf('TUR');
      const near = new Set(v.network.getConnectedNodes(tur).concat([tur]));
      const bright = v.nodes.get().filter(n => n.opacity === 1).map(n => n.id);
      return {bright: bright.sort(), near: [...near].sort(), selected: v.network.getSelectedNodes()};
    }""")
    assert opacity["bright"] == opacity["near"] and len(opacity["near"]) > 3
    assert opacity["selected"] == [view.eval("window.gcView.data.nodes.id.indexOf('TUR')")]
    view.page.locator("#gc-clear").click()
    assert view.eval("window.gcView.nodes.get().every(n => n.opacity === 1)")
    assert view.page.locator("#gc-results li").count() == 0
    view.page.locator("#gc-search").fill("zzz-nobody")
    assert view.page.locator("#gc-results").text_content() == "No actor matches."


def test_layout_is_stable_across_views_and_loads(open_view, views):
    positions = "() => window.gcView.network.getPositions()"
    slider = open_view(views["slider"]).eval(positions)
    feb4 = open_view(views["feb4"]).eval(positions)
    again = open_view(views["slider"]).eval(positions)
    assert slider == again
    assert slider.keys() == feb4.keys()
    for node, p in slider.items():
        assert abs(p["x"] - feb4[node]["x"]) < 1e-6 and abs(p["y"] - feb4[node]["y"]) < 1e-6
