"""Views that tell the story: the findings layer and panel, filters, the calendar slider, and a window
view that says which day its bands are for."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VISIBLE_LAYER = """() => window.gcView.edges.get({filter: e => e.id[0] === 'f' && !e.hidden})
  .map(e => [e.id.slice(0, 2)].concat([e.from, e.to].map(i => window.gcView.data.nodes.id[i]).sort()))"""

OPACITY = """(ids) => { const v = window.gcView, all = v.data.nodes.id;
  return Object.fromEntries(ids.map(id => [id, v.nodes.get(all.indexOf(id)).opacity])); }"""

SHOWN_TYPES = """() => { const v = window.gcView, d = v.data;
  const nodes = v.nodes.get({filter: n => !n.hidden}).map(n => d.actorTypes[d.nodes.type[n.id]].id);
  const lines = v.edges.get({filter: e => e.id[0] === 'r'})
    .map(e => d.types[d.edges.type[Number(e.id.slice(1))]].category);
  return {nodes: [...new Set(nodes)].sort(), lines: [...new Set(lines)].sort()}; }"""


def _day(text: str) -> int:
    import numpy as np

    return int(np.datetime64(text, "D").astype(np.int64))


def _iso(day: int) -> str:
    import numpy as np

    return str(np.datetime64(day, "D"))


def test_findings_layer_shows_the_strained_partnership_on_demand(open_view, views):
    view = open_view(views["feb4"])
    assert view.eval(VISIBLE_LAYER) == []
    toggle = view.page.locator("#gc-findings-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true" and toggle.text_content() == "Hide findings"
    layer = view.eval(VISIBLE_LAYER)
    halos = {tuple(x[1:]) for x in layer if x[0] == "fs"}
    sides = {tuple(x[1:]) for x in layer if x[0] == "ft"}
    assert ("RUS", "TUR") in halos and len(halos) == 5
    assert {("SYR_GOV", "TUR"), ("RUS", "SYR_GOV")} <= sides
    opacity = view.eval(OPACITY, ["RUS", "TUR", "SYR_GOV", "UN", "SWANSON", "HTS"])
    assert opacity["RUS"] == opacity["TUR"] == opacity["SYR_GOV"] == 1
    assert opacity["UN"] < 0.5 and opacity["SWANSON"] < 0.5 and opacity["HTS"] < 0.5
    # the relations between a strained pair's sides stay bright, the others are dimmed
    bright = view.eval("""() => { const v = window.gcView, d = v.data;
      return v.edges.get({filter: e => e.id[0] === 'r' && e.color.opacity >= 0.25})
        .map(e => d.edges.id[Number(e.id.slice(1))]); }""")
    assert "syr_mil-attacks-tur_mil-2020-02-03" in bright and "swanson-represents-un" not in bright
    note = view.page.locator("#gc-layer-note").text_content()
    assert "on 2020-02-04, 5 strained partnerships and 3 unbalanced triangles" in note
    toggle.click()
    assert view.eval(VISIBLE_LAYER) == []
    assert set(view.eval(OPACITY, ["UN", "RUS"]).values()) == {1}
    assert view.errors == []


def test_findings_layer_follows_the_slider(open_view, views):
    view = open_view(views["slider"])
    view.page.locator("#gc-findings-toggle").click()
    view.eval("(d) => window.gcView.setDay(d)", _day("2015-01-01"))
    assert view.eval(VISIBLE_LAYER) == []
    assert "0 strained partnerships" in view.page.locator("#gc-layer-note").text_content()
    view.eval("(d) => window.gcView.setDay(d)", _day("2020-02-04"))
    assert ["fs", "RUS", "TUR"] in view.eval(VISIBLE_LAYER)
    assert "on 2020-02-04" in view.page.locator("#gc-layer-note").text_content()
    assert view.errors == []


def test_panel_items_focus_the_graph_on_their_actors(open_view, views):
    view = open_view(views["feb4"])
    panel = view.page.locator("#gc-findings")
    assert "Changes from 2019-11-06 (90 days before the day shown) to 2020-02-04." in panel.text_content()
    change = panel.locator(".gc-finding-change button", has_text="Russia \u2013 Turkey")
    change.click()
    focused = set(view.eval("() => window.gcView.focused().map(i => window.gcView.data.nodes.id[i])"))
    assert {"RUS", "TUR", "TUR_MIL", "RUS_MIL", "LAVROV", "ERDOGAN"} <= focused
    assert "SYR_GOV" not in focused and "UN" not in focused
    assert view.eval(OPACITY, ["UN"])["UN"] < 0.5
    details = view.page.locator("#gc-details").text_content()
    assert "soured" in details and "ally" in details and "mixed" in details
    assert "Relations that drove it" in details and "accuses" in details
    # the graph is zoomed to the pair: both are on screen, and closer to the middle than before
    view.page.wait_for_timeout(600)
    inside = view.eval("""() => { const v = window.gcView, ids = v.data.nodes.id;
      const box = document.getElementById('gc-network').getBoundingClientRect();
      return ['RUS', 'TUR'].every(id => {
        const p = v.network.canvasToDOM(v.network.getPositions([ids.indexOf(id)])[ids.indexOf(id)]);
        return p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height; }); }""")
    assert inside
    panel.locator(".gc-finding-strained button").first.click()
    assert "Strained: Russia \u2013 Turkey" in view.page.locator("#gc-details").text_content()
    panel.locator(".gc-finding-bloc button", has_text="Turkey's bloc").click()
    details = view.page.locator("#gc-details").text_content()
    assert "contested" in details and "Turkey" in details
    assert "(contested)" in panel.locator(".gc-finding-bloc", has_text="Turkey's bloc").text_content()
    view.page.locator("#gc-clear").click()
    assert view.eval("() => window.gcView.focused()") is None
    assert view.errors == []


def test_slider_panel_item_moves_to_the_report_end(open_view, views):
    view = open_view(views["slider"])
    view.eval("(d) => window.gcView.setDay(d)", _day("2012-01-01"))
    view.page.locator("#gc-findings .gc-finding-switch button, "
                      "#gc-findings .gc-finding-change button").first.click()
    assert _iso(view.eval("() => window.gcView.day()")) == "2020-02-29"
    assert view.errors == []


def test_filters_hide_people_and_structure_in_one_click(open_view, views):
    view = open_view(views["feb4"])
    before = view.eval(SHOWN_TYPES)
    assert "person" in before["nodes"] and "structural" in before["lines"]
    quick = view.page.locator("#gc-quick-filter")
    quick.click()
    after = view.eval(SHOWN_TYPES)
    assert "person" not in after["nodes"] and "structural" not in after["lines"]
    assert "state" in after["nodes"] and "interaction" in after["lines"]
    assert quick.get_attribute("aria-pressed") == "true"
    counts = view.page.locator("#gc-counts").text_content()
    assert "(filters hide 1 actor type and 1 relation category)" in counts
    legend = view.page.locator("#gc-legend")
    assert not legend.locator("label", has_text="person").locator("input").is_checked()
    quick.click()
    assert view.eval(SHOWN_TYPES) == before
    # one type or category at a time, from the legend
    legend.locator("label", has_text="armed group").locator("input").uncheck()
    assert "armed_group" not in view.eval(SHOWN_TYPES)["nodes"]
    legend.locator("label", has_text="interaction: a dated event").locator("input").uncheck()
    assert "interaction" not in view.eval(SHOWN_TYPES)["lines"]
    relations = view.eval("() => window.gcView.counts().relations")
    assert "relations shown" in view.page.locator("#gc-counts").text_content() and relations > 0
    assert view.errors == []


def test_slider_steps_by_calendar_with_marks(open_view, views):
    view = open_view(views["slider"])
    timeline = view.eval("() => window.gcView.data.timeline")
    assert view.eval("() => window.gcView.step()") == "month"
    slider = view.page.locator("#gc-slider")
    assert int(slider.get_attribute("max")) == len(timeline["month"]) - 1
    view.page.locator("#gc-step").select_option("week")
    assert int(slider.get_attribute("max")) == len(timeline["week"]) - 1
    view.eval("(d) => window.gcView.setDay(d)", _day("2020-01-05"))  # a Sunday
    slider.focus()
    view.page.keyboard.press("ArrowRight")
    assert _iso(view.eval("() => window.gcView.day()")) == "2020-01-12"
    view.page.keyboard.press("ArrowRight")
    assert view.page.locator("#gc-slider-date").text_content() == "2020-01-19"
    # marks where something changes; the buttons jump from one to the next
    marks = view.page.locator("#gc-marks .gc-mark")
    assert marks.count() == len(timeline["marks"])
    assert view.page.locator("#gc-marks .gc-mark-status").count() == sum(m[1] == 2 for m in timeline["marks"])
    view.page.locator("#gc-next-change").click()
    day = view.eval("() => window.gcView.day()")
    assert day == min(m[0] for m in timeline["marks"] if m[0] > _day("2020-01-19"))
    view.page.locator("#gc-prev-change").click()
    assert view.eval("() => window.gcView.day()") == max(m[0] for m in timeline["marks"] if m[0] < day)
    view.page.locator("#gc-step").select_option("day")
    assert int(slider.get_attribute("max")) == timeline["last"] - timeline["first"]
    assert view.errors == []


def test_window_view_says_which_day_its_bands_are_for(open_view, views):
    view = open_view(views["window"])
    note = view.page.locator("#gc-bands-note")
    assert note.is_visible()
    assert note.text_content() == ("Alignment bands and findings are for 2020-02-29, the last day of "
                                   "the window.")
    assert "on 2020-02-29, the last day of the window" in view.page.locator("#gc-legend").text_content()
    band = view.eval("() => window.gcView.edges.get({filter: e => e.id[0] === 'a'})[0].id")
    view.eval("(id) => { const v = window.gcView; v.network.selectEdges([id]); }", band)
    view.eval("""(id) => window.gcView.network.body.emitter.emit('click',
      {nodes: [], edges: [id], pointer: {DOM: {x: 0, y: 0}}})""", band)
    assert "(the last day of the window)" in view.page.locator("#gc-details").text_content()
    assert "(the last day of the window)" in view.page.locator("#gc-layer-note").text_content()
    assert not view.page.locator("#gc-bands-note").is_hidden() and view.errors == []


def test_day_view_has_no_bands_note(open_view, views):
    view = open_view(views["feb4"])
    assert view.page.locator("#gc-bands-note").is_hidden()
