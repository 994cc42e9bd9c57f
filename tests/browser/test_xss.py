"""Actor names, types, quotes, sources and the title that are script payloads stay text.

Each payload sets ``window.__pwned`` if it runs. The pages are tried with their
Content-Security-Policy and without it (``bypass_csp``), so the escaping is tested on its own and
not only the policy behind it.
"""

from __future__ import annotations

import pytest

import graphlib_conflict as gc
from tests.views._payloads import PAYLOADS, payload_findings_graph, payload_graph

pytestmark = pytest.mark.browser

NO_HANDLERS = """() => [...document.querySelectorAll('*')].filter(
  e => [...e.attributes].some(a => a.name.startsWith('on') || /javascript:/i.test(a.value))
).length"""


def exercise(view) -> None:
    """Hover and click every actor and relation, and search for each payload."""
    count = view.eval("() => window.gcView.data.nodes.id.length")
    for i in range(count):
        view.eval("(i) => { window.gcView.select(i); }", i)
        point = view.eval("""(i) => {
          const v = window.gcView, p = v.network.getPositions([i])[i];
          const dom = v.network.canvasToDOM(p);
          const box = document.getElementById('gc-network').getBoundingClientRect();
          return [box.left + dom.x, box.top + dom.y];
        }""", i)
        view.page.mouse.move(*point)
        view.page.mouse.click(*point)
    for payload in PAYLOADS.values():
        view.page.locator("#gc-search").fill(payload[:12])
        for button in view.page.locator("#gc-results button").all():
            button.click()
    exercise_findings(view.page)


def exercise_findings(page) -> None:
    """Turn the findings layer on, hover its items, click every panel item and filter."""
    page.locator("#gc-findings-toggle").click()
    for button in page.locator("#gc-findings .gc-finding button").all():
        button.click()
    page.evaluate("""() => { const v = window.gcView;
      v.edges.get({filter: e => e.id[0] === 'f' && !e.hidden})
        .forEach(e => v.network.body.emitter.emit('showPopup', e.id)); }""")
    if page.locator("#gc-quick-filter").is_visible():
        page.locator("#gc-quick-filter").click()
    for box in page.locator("#gc-legend input").all():
        box.click()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "without-csp"])
@pytest.mark.parametrize("name", ["payload_at", "payload_slider", "payload_findings"])
def test_payloads_render_as_text_and_run_nothing(open_view, views, name, bypass_csp):
    view = open_view(views[name], bypass_csp=bypass_csp)
    exercise(view)
    view.page.wait_for_timeout(300)  # let any onerror/onload fire
    assert view.eval("() => window.__pwned") is None
    assert view.eval("() => document.querySelectorAll('img, iframe, object, embed, a').length") == 0
    assert view.eval(NO_HANDLERS) == 0
    assert view.eval("() => document.scripts.length") == 3
    assert view.errors == []

    page = view.page
    if name == "payload_findings":
        panel = page.locator("#gc-findings").text_content()
        assert f"{PAYLOADS['script']}'s bloc" in panel and PAYLOADS["attr"] in panel
        assert page.locator("#gc-title").text_content() == PAYLOADS["comment"]
        return
    assert page.locator("#gc-title").text_content() == PAYLOADS["script"]
    assert page.title().startswith(PAYLOADS["script"])
    page.locator("#gc-search").fill("pwned")
    names = page.locator("#gc-results .gc-hit-name").all_text_contents()
    assert sorted(names) == sorted(PAYLOADS[k] for k in ("script", "img", "attr", "comment"))
    legend = page.locator("#gc-legend").text_content()
    assert PAYLOADS["style"].replace("_", " ") in legend


def test_tooltip_and_details_show_the_literal_text(open_view, views):
    view = open_view(views["payload_at"])
    a = view.eval("() => window.gcView.data.nodes.id.indexOf('A')")
    point = view.eval("""(i) => {
      const v = window.gcView, dom = v.network.canvasToDOM(v.network.getPositions([i])[i]);
      const box = document.getElementById('gc-network').getBoundingClientRect();
      return [box.left + dom.x, box.top + dom.y];
    }""", a)
    view.page.mouse.move(*point)
    tooltip = view.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.locator(".gc-head").text_content() == PAYLOADS["script"]
    assert PAYLOADS["img"] in tooltip.text_content()  # the description
    view.page.mouse.click(*point)
    details = view.page.locator("#gc-details")
    assert details.locator(".gc-head").text_content() == PAYLOADS["script"]
    assert view.eval("() => window.__pwned") is None


def test_findings_panel_shows_the_literal_text(open_view, views):
    view = open_view(views["payload_findings"])
    view.page.locator("#gc-findings-toggle").click()
    items = view.page.locator("#gc-findings .gc-finding").all_text_contents()
    assert any(f"{PAYLOADS['script']} \u2013 {PAYLOADS['img']}" in item for item in items)
    assert any(f"{PAYLOADS['script']}'s bloc" in item for item in items)
    view.page.locator("#gc-findings .gc-finding-switch button").first.click()
    details = view.page.locator("#gc-details").text_content()
    assert PAYLOADS["attr"] in details and f"{PAYLOADS['img']}'s bloc" in details
    halo = view.eval("() => window.gcView.edges.get({filter: e => e.id.startsWith('fs') && !e.hidden})[0].id")
    view.eval("(id) => window.gcView.network.body.emitter.emit('showPopup', id)", halo)
    assert view.eval("() => window.__pwned") is None
    assert view.errors == []


HOST = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>host</title></head>
<body>{outputs}</body></html>"""


@pytest.mark.parametrize("make", [payload_graph, payload_findings_graph], ids=["payloads", "findings"])
def test_notebook_output_of_payloads_runs_nothing(browser, tmp_path, make):
    g = make()
    host = tmp_path / "host.html"
    outputs = gc.views.notebook_html(g) + gc.views.notebook_html(g, at="2020-01-12")
    host.write_text(HOST.format(outputs=outputs), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 1400})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(host.resolve().as_uri())
        frames = []
        page.wait_for_function("() => document.querySelectorAll('iframe').length === 2")
        for frame in page.frames[1:]:
            frame.wait_for_function("() => window.gcView && window.gcView.ready", timeout=20_000)
            exercise_findings(frame)
            frames.append(frame)
        page.wait_for_timeout(300)
        for frame in frames:
            assert frame.evaluate("() => window.__pwned") is None
            assert frame.evaluate(NO_HANDLERS) == 0
            # the loader, and the two scripts it inserted (the data elements are not run)
            assert frame.evaluate("() => [...document.scripts].filter(s => !s.type).length") == 3
        assert page.evaluate("() => window.__pwned") is None
        assert page.evaluate(NO_HANDLERS) == 0
        assert errors == []
    finally:
        context.close()
