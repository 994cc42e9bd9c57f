"""The notebook output in a host page: the view draws inside its sandbox and touches nothing outside,
fits its box, fits itself once a hidden output is shown, and leaves its picture when the frame is
stripped."""

from __future__ import annotations

import pytest

import graphlib_conflict as gc
from tests.views._payloads import notebook_parts, page_data

pytestmark = pytest.mark.browser

HOST = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>notebook</title></head>
<body><h1 id="host">Notebook cell</h1><p id="text">Output:</p>
<div id="cell" style="width:{width}">{output}</div></body></html>"""


def _open(browser, tmp_path, output: str, *, width: str = "auto", hidden: bool = False):
    host = tmp_path / "notebook.html"
    cell = output if not hidden else f'<div id="hide" style="display:none">{output}</div>'
    host.write_text(HOST.format(output=cell, width=width), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(host.resolve().as_uri())
    page.wait_for_function("() => document.querySelector('iframe') !== null")
    return context, page, errors


def test_inline_output_renders_in_a_sandbox(browser, tmp_path):
    feb4 = gc.load().at("2020-02-04")
    context, page, errors = _open(browser, tmp_path, feb4._repr_html_())
    try:
        frame = page.frames[1]
        frame.wait_for_function("() => window.gcView && window.gcView.ready", timeout=20_000)
        # a slice holds that day's relations only (no recent interactions): all of them are drawn
        assert frame.evaluate("() => window.gcView.counts().relations") == len(feb4.all_relations())
        assert frame.evaluate("() => document.getElementById('gc-current-date').textContent") == "2020-02-04"
        # scripts ran, but in an opaque origin: the host cannot reach in, nor the frame out
        assert frame.evaluate("() => window.origin") == "null"
        assert page.evaluate("() => document.querySelector('iframe').contentDocument") is None
        assert frame.evaluate("() => { try { return window.parent.document.title; } "
                              "catch (e) { return 'blocked'; } }") == "blocked"
        # the view's styles stay inside the frame
        assert page.evaluate("() => getComputedStyle(document.body).margin") == "8px"
        assert page.evaluate("() => document.styleSheets.length") == 0
        assert page.evaluate("() => document.getElementById('gc-app')") is None
        # the packed page unpacked itself under its policy: nothing refused, nothing fetched
        assert frame.evaluate("() => typeof vis") == "object"
        assert errors == []
    finally:
        context.close()


def test_interactive_view_draws_the_pictures_positions(browser, tmp_path):
    markup = gc.load().at("2020-02-04")._repr_html_()
    data = page_data(notebook_parts(markup)["page"])
    context, page, errors = _open(browser, tmp_path, markup)
    try:
        frame = page.frames[1]
        frame.wait_for_function("() => window.gcView && window.gcView.ready", timeout=20_000)
        # the exact positions (getPositions() rounds to whole pixels)
        positions = frame.evaluate("""() => Object.fromEntries(Object.entries(
          window.gcView.network.body.nodes).map(([id, n]) => [id, {x: n.x, y: n.y}]))""")
        for i in range(len(data["nodes"]["id"])):
            assert positions[str(i)] == {"x": data["nodes"]["x"][i], "y": data["nodes"]["y"][i]}
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("width", ["auto", "613px", "100%"])
def test_output_box_never_overflows_its_cell(browser, tmp_path, width):
    context, page, _ = _open(browser, tmp_path, gc.load().at("2020-02-04")._repr_html_(), width=width)
    try:
        sizes = page.evaluate("""() => { const cell = document.getElementById('cell');
          const box = cell.firstElementChild.getBoundingClientRect();
          const frame = document.querySelector('iframe').getBoundingClientRect();
          const root = document.documentElement;
          return {cell: cell.clientWidth, scroll: cell.scrollWidth, box: box.width, frame: frame.width,
                  page: root.scrollWidth, view: root.clientWidth}; }""")
        assert sizes["scroll"] <= sizes["cell"] and sizes["box"] <= sizes["cell"], sizes
        assert sizes["frame"] <= sizes["box"] and sizes["page"] <= sizes["view"], sizes
    finally:
        context.close()


def test_output_loaded_hidden_fits_itself_when_shown(browser, tmp_path):
    context, page, errors = _open(browser, tmp_path, gc.load().at("2020-02-04")._repr_html_(), hidden=True)
    try:
        frame = page.frames[1]
        frame.wait_for_function("() => window.gcView !== undefined", timeout=20_000)
        page.wait_for_timeout(300)
        state = frame.evaluate("() => [window.gcView.fitted(), window.gcView.network.getScale()]")
        assert state == [False, 1]
        page.evaluate("() => { document.getElementById('hide').style.display = 'block'; }")
        frame.wait_for_function("() => window.gcView.fitted() && window.gcView.inView()", timeout=10_000)
        # resized later (a wider cell), it fits again until the reader zooms
        scale = frame.evaluate("() => window.gcView.network.getScale()")
        page.evaluate("() => { document.getElementById('cell').style.width = '700px'; }")
        frame.wait_for_function("(s) => window.gcView.network.getScale() < s", arg=scale, timeout=10_000)
        assert frame.evaluate("() => window.gcView.inView()")
        assert errors == []
    finally:
        context.close()


def test_stripped_frame_leaves_the_picture_and_the_trust_line(browser, tmp_path):
    # what a notebook's sanitizer does to an untrusted output: the frame goes, the rest stays
    markup = gc.load().at("2020-02-04")._repr_html_()
    start = markup.index("<iframe")
    stripped = markup[:start] + markup[markup.index("</iframe>") + len("</iframe>"):]
    context, page, errors = _open(browser, tmp_path, stripped + "<iframe hidden></iframe>")
    try:
        picture = page.locator("#cell img")
        assert picture.is_visible()
        assert picture.evaluate("(img) => img.complete && img.naturalWidth > 300")
        assert picture.evaluate("(img) => img.getBoundingClientRect().height") > 500
        assert "trust this notebook to interact" in page.locator("#cell p").text_content()
        assert errors == []
    finally:
        context.close()
