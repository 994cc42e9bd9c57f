"""The hostile strings in a real browser: every page the package writes, and the notebook output.

Each page is opened from disk in the session's one headless Chromium (the ``browser`` fixture of
``tests/conftest.py``), with its Content-Security-Policy and with the policy bypassed, so that the
escaping is tested on its own. Every button, toggle and fold is clicked; the payloads' scripts
would set ``window.__pwned``; it must stay undefined, and the strings must show as text. The
notebook output is shown in a host page trusted (the frame draws, sandboxed) and untrusted (the
output after a sanitizer: the static picture and the trust line, never an empty box).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import graphlib_conflict as gc
from tests.adversarial._hostile import MARKUP, hostile_graph, same_text

pytestmark = pytest.mark.browser

HANDLERS = """() => [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(
  a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))).map(e => e.outerHTML.slice(0, 120))"""
CLICK_EVERYTHING = """() => {
  for (const e of document.querySelectorAll(
      'button, summary, input[type=checkbox], a, [data-id], mark, .gc-candidate')) {
    try { e.click(); } catch (x) {}
  } }"""


@pytest.fixture(scope="module")
def graph() -> gc.ConflictGraph:
    return hostile_graph()


@pytest.fixture(scope="module")
def pages(graph: gc.ConflictGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-pages")
    paths = {name: folder / f"{name}.html" for name in ("report", "balance", "summary", "pair", "validation",
                                                         "view", "view-day", "review")}
    gc.change_report(graph, "2019-03", "2020-02").to_html(paths["report"])
    gc.balance(graph, "2020-02").to_html(paths["balance"])
    gc.summary(graph, "2020-02").to_html(paths["summary"])
    gc.pair_history(graph, "A00", "A01").to_html(paths["pair"])
    broken = folder / "broken.yaml"
    broken.write_text("dataset: {id: x}\nactors:\n"
                      f"  - {{id: A, name: {MARKUP['script']!r}, type: {MARKUP['img']!r}}}\nrelations: []\n",
                      encoding="utf-8")
    gc.validate(broken).to_html(paths["validation"])
    graph.to_html(paths["view"])
    graph.to_html(paths["view-day"], at="2020-01-10")
    extract = pytest.importorskip("graphlib_conflict.extract", reason="the review page needs spaCy").extract
    actors = pd.DataFrame({"id": [MARKUP["script"], "RUS"], "name": ["Turkey", "Russia"], "type": "state"})
    small = gc.ConflictGraph.from_frames(actors, pd.DataFrame(columns=["source", "target", "type", "date"]))
    article = " ".join(f"Turkey urged Russia on Tuesday to stop {p}." for p in MARKUP.values())
    extract(article, small, date="2020-02-04", source="src").to_html(paths["review"])
    return paths


def opened(browser, path: Path, *, bypass_csp: bool):
    context = browser.new_context(bypass_csp=bypass_csp, viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    return context, page, errors


# every page without its policy (the escaping alone); the two with scripts or the most data with it too
RESULT_PAGES = [("report", False), ("review", False), *((name, True) for name in (
    "report", "balance", "summary", "pair", "validation", "review"))]


@pytest.mark.parametrize(("name", "bypass_csp"), RESULT_PAGES,
                         ids=[f"{n}-{'without' if b else 'with'}-csp" for n, b in RESULT_PAGES])
def test_result_pages_run_nothing_and_show_the_strings(browser, pages, name, bypass_csp):
    context, page, errors = opened(browser, pages[name], bypass_csp=bypass_csp)
    try:
        page.evaluate(CLICK_EVERYTHING)
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__pwned") is None
        assert page.evaluate(HANDLERS) == []
        assert page.evaluate("() => document.querySelectorAll('img:not([src^=\"data:\"]), iframe, object, "
                             "embed').length") == 0
        text = same_text(page.evaluate("() => document.body.innerText"))
        expected = {"review": "Turkey urged Russia on Tuesday",
                    "validation": same_text(MARKUP["img"])}.get(name, same_text(MARKUP["script"]))
        assert expected in text
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize(("name", "bypass_csp"), [("view", True), ("view-day", False)],
                         ids=["slider-without-csp", "day-with-csp"])
def test_view_pages_run_nothing_when_every_actor_is_touched(browser, pages, graph, name, bypass_csp):
    context, page, errors = opened(browser, pages[name], bypass_csp=bypass_csp)
    try:
        page.wait_for_function("() => window.gcView && window.gcView.ready", timeout=30_000)
        count = page.evaluate("() => window.gcView.data.nodes.id.length")
        for i in range(count):
            page.evaluate("(i) => window.gcView.select(i)", i)
        for text in ("pwned", "<", "javascript", "{{", "中华", "\u202e"):
            page.locator("#gc-search").fill(text)
            for button in page.locator("#gc-results button").all()[:5]:
                button.click()
        page.evaluate("() => { const v = window.gcView; v.edges.get().slice(0, 40).forEach("
                      "e => v.network.body.emitter.emit('showPopup', e.id)); }")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__pwned") is None
        assert page.evaluate(HANDLERS) == []
        assert page.locator("#gc-title").text_content() == graph.dataset["title"]
        assert page.evaluate("() => document.scripts.length") == 3
        assert errors == []
    finally:
        context.close()


HOST = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>notebook</title></head>
<body><div id="cell" style="width: 900px">{output}</div></body></html>"""


def sanitized(markup: str) -> str:
    """What a notebook's HTML sanitizer leaves of an untrusted output (sanitize-html's policy in
    JupyterLab keeps layout markup and ``data:`` images, drops frames, scripts and handlers)."""
    bleach = pytest.importorskip("bleach", reason="bleach stands in for a notebook's sanitizer")
    from bleach.css_sanitizer import CSSSanitizer

    return bleach.clean(markup, tags={"div", "p", "img", "strong", "em", "span", "code"},
                        attributes={"*": ["style", "class"], "img": ["src", "alt", "width", "height"]},
                        protocols={"data"}, strip=True,
                        css_sanitizer=CSSSanitizer(allowed_css_properties=[
                            "width", "height", "max-width", "display", "position", "box-sizing", "margin",
                            "padding", "font-size", "color", "overflow", "border", "top", "left"]))


def host_page(tmp_path: Path, output: str) -> Path:
    path = tmp_path / "host.html"
    path.write_text(HOST.format(output=output), encoding="utf-8")
    return path


def test_a_trusted_notebook_output_draws_in_its_sandbox_and_runs_no_payload(browser, graph, tmp_path):
    markup = graph._repr_mimebundle_()["text/html"]
    context, page, errors = opened(browser, host_page(tmp_path, markup), bypass_csp=False)
    try:
        page.wait_for_function("() => document.querySelector('iframe') !== null")
        frame = page.frames[1]
        frame.wait_for_function("() => window.gcView && window.gcView.ready", timeout=30_000)
        for i in range(frame.evaluate("() => window.gcView.data.nodes.id.length")):
            frame.evaluate("(i) => window.gcView.select(i)", i)
        page.wait_for_timeout(200)
        assert frame.evaluate("() => window.__pwned") is None
        assert page.evaluate("() => window.__pwned") is None
        assert frame.evaluate("() => window.origin") == "null"
        title = frame.evaluate("() => document.getElementById('gc-title').textContent")
        assert title == graph.dataset["title"]
        assert errors == []
    finally:
        context.close()


def test_an_untrusted_notebook_output_is_the_picture_never_an_empty_box(browser, graph, tmp_path):
    clean = sanitized(graph._repr_mimebundle_()["text/html"])
    assert "<iframe" not in clean and "<script" not in clean
    context, page, errors = opened(browser, host_page(tmp_path, clean), bypass_csp=False)
    try:
        picture = page.locator("#cell img")
        picture.wait_for(state="visible")
        assert picture.evaluate("(img) => img.complete && img.naturalWidth > 300")
        assert picture.evaluate("(img) => img.getBoundingClientRect().height") > 300
        assert "trust this notebook" in page.locator("#cell").inner_text()
        assert page.evaluate("() => document.querySelector('#cell').getBoundingClientRect().height") > 300
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__pwned") is None
        assert errors == []
    finally:
        context.close()
