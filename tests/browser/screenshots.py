"""Regenerate the README screenshots of the default dataset's two views.

Run from the repository root (needs Debian's ``chromium``; see DEVELOPERS.md)::

    python -m tests.browser.screenshots

It writes ``out/idlib.html`` (the time slider over the whole history) and
``out/idlib-2020-02-04.html`` exactly as the documented command does, then
``docs/images/idlib-slider.png`` and ``docs/images/idlib-2020-02-04.png``. The second one clicks the
Syrian attack on Turkish forces of 3 February 2020, so the details panel shows its quoted evidence.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graphlib_conflict._atomic import write_bytes
from graphlib_conflict.cli import main as cli

__all__ = ["VIEWPORT", "shoot"]

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
    shots = [images / "idlib-slider.png", images / "idlib-2020-02-04.png"]
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
    finally:
        browser.close()
        playwright.stop()
    return shots


if __name__ == "__main__":
    for shot in shoot():
        print(f"wrote {shot.relative_to(ROOT)}", file=sys.stderr)
