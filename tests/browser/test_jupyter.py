"""The inline view in a real JupyterLab, Notebook 7, nbclassic and an nbconvert HTML export.

One server for the session (``jupyter`` fixture, ``_jupyter.py``), started by the tests on
127.0.0.1 with a token and stopped by its PID; it serves notebooks made and executed here, one
signed (trusted) and one not. Each test opens its own browser context on the session's Chromium.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser._jupyter import _jupyter
from tests.views._payloads import notebook_parts

pytestmark = pytest.mark.browser

INLINE_LIMIT = 300_000
HEIGHT = 640

NO_OVERFLOW = """() => [...document.querySelectorAll('.gc-notebook-view')].map(box => {
  const output = box.parentElement;
  return {box: box.getBoundingClientRect().width, output: output.clientWidth,
          scroll: output.scrollWidth, height: box.getBoundingClientRect().height};
})"""

LEGEND = """() => {
  const legend = document.getElementById('gc-legend-box').getBoundingClientRect();
  const body = document.getElementById('gc-legend');
  const item = body.querySelector('li').getBoundingClientRect();
  return {height: innerHeight, top: legend.top, bottom: legend.bottom, body: body.clientHeight,
          item: item.bottom, scrolls: body.scrollHeight > body.clientHeight};
}"""

TABLES = """() => [...document.querySelectorAll('.gc-report table.gc-table td, .gc-report table.gc-table th')]
  .map(cell => [cell.classList.contains('num'), getComputedStyle(cell).textAlign])"""

HIDE_OUTPUTS = """if (window.top === window) {
  const style = document.createElement('style');
  style.id = 'gc-test-hide';
  style.textContent = '.jp-OutputArea-output { display: none !important; }';
  document.addEventListener('DOMContentLoaded', () => document.head.appendChild(style));
}"""
"""Outputs load at zero size, as in a notebook restored in a background tab, then are shown."""


@pytest.fixture
def notebook(browser: Any, jupyter: Any) -> Iterator[Any]:
    """Open a notebook of the session's server: ``notebook(name, front="lab", init=None)``."""
    contexts = []

    def opener(name: str, front: str = "lab", init: str | None = None) -> Any:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        if init:
            context.add_init_script(init)
        page = context.new_page()
        page.view_errors = []
        page.on("console", lambda m: page.view_errors.append(m.text)
                if m.type == "error" and m.location.get("url") == "about:srcdoc" else None)
        path = {"lab": f"lab/tree/{name}.ipynb?reset", "notebook7": f"notebooks/{name}.ipynb",
                "nbclassic": f"nbclassic/notebooks/{name}.ipynb"}[front]
        page.goto(jupyter.server.url(path))
        return page

    yield opener
    for context in contexts:
        context.close()


def view_frames(page: Any, count: int, *, timeout: float = 60_000) -> dict[str, Any]:
    """The notebook's view frames by mode (``at``, ``slider``), once their scripts have run."""
    page.wait_for_function(
        "(n) => document.querySelectorAll('.gc-notebook-view iframe').length >= n", arg=count,
        timeout=timeout)
    frames: dict[str, Any] = {}
    deadline = timeout
    while len(frames) < count and deadline > 0:
        for frame in page.frames:
            if frame.url != "about:srcdoc" or frame in frames.values():
                continue
            try:
                mode = frame.evaluate("() => window.gcView ? window.gcView.data.meta.mode : null")
            except Exception:  # the frame is still loading
                mode = None
            if mode:
                frames[mode] = frame
        page.wait_for_timeout(200)
        deadline -= 200
    assert len(frames) == count, f"views that ran: {sorted(frames)}"
    return frames


def shown_and_fitted(frame: Any) -> None:
    frame.frame_element().scroll_into_view_if_needed()
    frame.wait_for_function("() => window.gcView.ready && window.gcView.inView()", timeout=20_000)


# ---------------------------------------------------------------------------- JupyterLab
def test_jupyterlab_trusted_notebook(notebook):
    page = notebook("trusted")
    frames = view_frames(page, 2)
    for frame in frames.values():
        shown_and_fitted(frame)
    # no horizontal scroll bar: the box fits its output area exactly
    for box in page.evaluate(NO_OVERFLOW):
        assert box["scroll"] <= box["output"] and box["box"] <= box["output"], box
        assert box["height"] == HEIGHT
    scroller = page.evaluate("""() => { const s = document.querySelector('.jp-WindowedPanel-outer')
      || document.querySelector('.jp-NotebookPanel-notebook'); return [s.scrollWidth, s.clientWidth]; }""")
    assert scroller[0] <= scroller[1]
    # the legend's heading and its first items are inside the 640 px frame; the rest scrolls
    day = frames["at"]
    legend = day.evaluate(LEGEND)
    assert legend["height"] <= HEIGHT and legend["bottom"] <= legend["height"]
    assert legend["item"] <= legend["height"] and legend["body"] >= 40, legend
    # the result tables: text left, numbers right, whatever JupyterLab's table style says
    cells = page.evaluate(TABLES)
    assert cells and all(align == ("right" if num else "left") for num, align in cells), cells
    # the view works inside JupyterLab: the findings layer and a filter
    day.locator("#gc-findings-toggle").click()
    assert day.evaluate("() => window.gcView.findingsShown()")
    ids = day.evaluate("() => window.gcView.involved().map(i => window.gcView.data.nodes.id[i])")
    assert {"RUS", "TUR", "SYR_GOV"} <= set(ids)
    assert page.view_errors == []


def test_jupyterlab_view_loaded_at_zero_size_fits_when_shown(notebook):
    page = notebook("trusted", init=HIDE_OUTPUTS)
    frames = view_frames(page, 2)
    day = frames["at"]
    # loaded hidden: vis-network could not fit (zoom 1), which showed 3 of 20 actors
    assert day.evaluate("() => [window.gcView.fitted(), window.gcView.network.getScale()]") == [False, 1]
    page.evaluate("() => document.getElementById('gc-test-hide').remove()")
    for frame in frames.values():
        shown_and_fitted(frame)
        assert frame.evaluate("() => window.gcView.fitted()")
        assert frame.evaluate("() => window.gcView.network.getScale()") != 1
    assert page.view_errors == []


def test_jupyterlab_untrusted_notebook_shows_the_picture(notebook):
    page = notebook("untrusted")
    page.wait_for_function("() => document.querySelectorAll('.gc-notebook-view img').length >= 2",
                           timeout=60_000)
    assert page.evaluate("() => document.querySelectorAll('.jp-OutputArea-output iframe').length") == 0
    pictures = page.locator(".gc-notebook-view img")
    for k in range(pictures.count()):
        picture = pictures.nth(k)
        picture.scroll_into_view_if_needed()
        assert picture.is_visible()
        size = picture.evaluate(
            "(img) => [img.complete, img.naturalWidth, img.getBoundingClientRect().height]")
        assert size[0] and size[1] > 300 and size[2] > 300, size  # a picture, not a 29 px strip
        assert picture.get_attribute("src").startswith("data:image/svg+xml;base64,")
    line = page.locator(".gc-notebook-view p").first
    assert "trust this notebook to interact" in line.text_content()
    assert line.is_visible()


def test_notebook_outputs_are_small(jupyter):
    outputs = [output for cell in json.loads(jupyter.trusted.read_text())["cells"]
               for output in cell.get("outputs", []) if "image/svg+xml" in output.get("data", {})]
    assert len(outputs) == 2
    for output in outputs:
        size = sum(len("".join(v) if isinstance(v, list) else v) for v in output["data"].values())
        assert size <= INLINE_LIMIT, f"{size:,} bytes"
        html = output["data"]["text/html"]
        svg = notebook_parts("".join(html) if isinstance(html, list) else html)["svg"]
        assert svg == "".join(output["data"]["image/svg+xml"])


# ---------------------------------------------------------------------------- other front ends
def test_notebook7_renders_the_view(notebook):
    if importlib.util.find_spec("notebook") is None or not _notebook7():
        pytest.skip("Notebook 7 is not installed (pip install 'notebook>=7')")
    page = notebook("trusted", front="notebook7")
    frames = view_frames(page, 2)
    for frame in frames.values():
        shown_and_fitted(frame)
    for box in page.evaluate(NO_OVERFLOW):
        assert box["scroll"] <= box["output"]
    assert page.view_errors == []


def _notebook7() -> bool:
    from importlib.metadata import version

    return int(version("notebook").split(".")[0]) >= 7


def test_nbclassic_renders_the_view_and_the_untrusted_picture(notebook):
    if importlib.util.find_spec("nbclassic") is None:
        pytest.skip("nbclassic is not installed (pip install nbclassic)")
    page = notebook("trusted", front="nbclassic")
    frames = view_frames(page, 2)
    for frame in frames.values():
        shown_and_fitted(frame)
    assert page.view_errors == []
    page = notebook("untrusted", front="nbclassic")
    page.wait_for_function("() => document.querySelectorAll('.gc-notebook-view img').length >= 2",
                           timeout=60_000)
    assert page.evaluate("() => document.querySelectorAll('.gc-notebook-view iframe').length") == 0
    picture = page.locator(".gc-notebook-view img").first
    picture.scroll_into_view_if_needed()
    assert picture.evaluate("(img) => img.naturalWidth") > 300
    assert "trust this notebook to interact" in page.locator(".gc-notebook-view p").first.text_content()


def test_nbconvert_html_export_renders_the_view(browser, jupyter, tmp_path):
    source = tmp_path / "export.ipynb"
    source.write_text(jupyter.untrusted.read_text())
    done = subprocess.run([str(_jupyter()), "nbconvert", "--to", "html", "--execute",
                           "--output-dir", str(tmp_path), str(source)],
                          env=jupyter.env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    exported = tmp_path / "export.html"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        # the export's own template asks a CDN for require.js and MathJax: cut those off
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(("file:", "about:", "data:")) else route.abort())
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text)
                if m.type == "error" and m.location.get("url") == "about:srcdoc" else None)
        page.goto(exported.resolve().as_uri())
        frames = view_frames(page, 2)
        for frame in frames.values():
            shown_and_fitted(frame)
        for box in page.evaluate(NO_OVERFLOW):
            assert box["scroll"] <= box["output"]
        assert errors == []
    finally:
        context.close()
