"""Actor names, types, quotes, sources and the title that are script payloads stay text.

Each payload sets ``window.__pwned`` if it runs. The pages are tried with their
Content-Security-Policy and without it (``bypass_csp``), so the escaping is tested on its own and
not only the policy behind it.
"""

from __future__ import annotations

import pytest

from tests.views._payloads import PAYLOADS

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


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "without-csp"])
@pytest.mark.parametrize("name", ["payload_at", "payload_slider"])
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
