"""The notebook output in a host page: the view draws inside its sandbox and touches nothing outside."""

from __future__ import annotations

import pytest

import graphlib_conflict as gc

pytestmark = pytest.mark.browser

HOST = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>notebook</title></head>
<body><h1 id="host">Notebook cell</h1><p id="text">Output:</p>{output}</body></html>"""


def test_inline_output_renders_in_a_sandbox(browser, tmp_path):
    host = tmp_path / "notebook.html"
    feb4 = gc.load().at("2020-02-04")
    host.write_text(HOST.format(output=feb4._repr_html_()), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(host.resolve().as_uri())
        page.wait_for_function("() => document.querySelector('iframe') !== null")
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
        assert errors == []
    finally:
        context.close()
