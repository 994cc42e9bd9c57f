"""Regenerate the README screenshots of the default dataset's views and of the notebook fallback.

Run from the repository root (needs Debian's ``chromium``, and JupyterLab for the last one; see
DEVELOPERS.md)::

    python -m tests.browser.screenshots

It writes ``out/idlib.html`` (the time slider over the whole history) and
``out/idlib-2020-02-04.html`` exactly as the documented command does, then
``docs/images/idlib-slider.png`` and ``docs/images/idlib-2020-02-04.png``. The second one clicks the
Syrian attack on Turkish forces of 3 February 2020, so the details panel shows its quoted evidence.
``docs/images/idlib-findings.png`` is the same day with the findings layer on and the findings panel
open; ``docs/images/notebook-untrusted.png`` is an untrusted notebook in a real JupyterLab (started
on 127.0.0.1 for the shot and stopped), showing the static picture and the line asking to trust it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from graphlib_conflict._atomic import write_bytes
from graphlib_conflict.cli import main as cli

__all__ = ["VIEWPORT", "shoot", "shoot_notebook"]

ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 1400, "height": 900}

HOVER = """(relation) => {
  const v = window.gcView, i = v.data.edges.id.indexOf(relation);
  const point = v.network.body.edges['r' + i].edgeType.getPoint(0.5);
  const dom = v.network.canvasToDOM(point);
  const box = document.getElementById('gc-network').getBoundingClientRect();
  return [box.left + dom.x, box.top + dom.y];
}"""
"""Page coordinates of the middle of a relation's line (as drawn, curve included)."""


def shoot(out: Path = ROOT / "out", images: Path = ROOT / "docs" / "images") -> list[Path]:
    """Write both views and their screenshots; returns the image paths."""
    from tests.browser._chromium import launch

    slider, feb4 = out / "idlib.html", out / "idlib-2020-02-04.html"
    for argv in (["view", "-o", str(slider)], ["view", "--at", "2020-02-04", "-o", str(feb4)]):
        if cli(argv) != 0:
            raise RuntimeError(f"graphlib-conflict {' '.join(argv)} failed")
    images.mkdir(parents=True, exist_ok=True)
    shots = [images / "idlib-slider.png", images / "idlib-2020-02-04.png",
             images / "idlib-findings.png"]
    playwright, browser = launch()
    try:
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        page.goto(slider.resolve().as_uri())
        page.wait_for_function("() => window.gcView && window.gcView.ready")
        write_bytes(shots[0], page.screenshot())
        page.goto(feb4.resolve().as_uri())
        page.wait_for_function("() => window.gcView && window.gcView.ready")
        page.mouse.click(*page.evaluate(HOVER, "syr_mil-attacks-tur_mil-2020-02-03"))
        page.mouse.move(1, 1)
        page.locator("#gc-details .gc-evidence").wait_for(state="visible")
        write_bytes(shots[1], page.screenshot())
        page.goto(feb4.resolve().as_uri())
        page.wait_for_function("() => window.gcView && window.gcView.ready")
        page.locator("#gc-findings-toggle").click()
        page.locator("#gc-details-box .gc-fold").click()  # fold the details: the panel gets the room
        page.mouse.move(1, 1)
        write_bytes(shots[2], page.screenshot())
    finally:
        browser.close()
        playwright.stop()
    return shots


def shoot_notebook(images: Path = ROOT / "docs" / "images") -> Path:
    """The untrusted-notebook fallback in a real JupyterLab (started here, stopped by its PID)."""
    from tests.browser._chromium import launch
    from tests.browser._jupyter import executed_notebook, jupyter_env, jupyter_missing, start_server

    missing = jupyter_missing()
    if missing:
        raise RuntimeError(f"JupyterLab cannot run here: {missing}")
    shot = images / "notebook-untrusted.png"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = jupyter_env(root / ".jupyter")
        executed_notebook(root / "quickstart.ipynb", env, trusted=False)
        server = start_server(root, env)
        playwright, browser = launch()
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
            page.goto(server.url("lab/tree/quickstart.ipynb?reset"))
            picture = page.locator(".gc-notebook-view img").first
            picture.wait_for(state="visible", timeout=60_000)
            page.locator(".jp-Cell").nth(2).scroll_into_view_if_needed()
            page.evaluate("() => document.querySelector('.gc-notebook-view')"
                          ".scrollIntoView({block: 'center'})")
            page.wait_for_timeout(500)
            news = page.get_by_role("button", name="No", exact=True)
            if news.count() and news.first.is_visible():  # JupyterLab's one-time news question
                news.first.click()
            write_bytes(shot, page.screenshot())
        finally:
            browser.close()
            playwright.stop()
            server.stop()
    return shot


if __name__ == "__main__":
    for shot in [*shoot(), shoot_notebook()]:
        print(f"wrote {shot.relative_to(ROOT)}", file=sys.stderr)
