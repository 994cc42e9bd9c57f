"""The notebook output: a sandboxed, packed view over its own static picture.

What a notebook front end does with the output decides its shape:

* **Trusted** (JupyterLab, Notebook 7, nbclassic, VS Code, an nbconvert HTML export): the
  ``<iframe srcdoc>`` runs the view, sandboxed with ``allow-scripts`` only (an opaque origin: no
  access to the notebook, its cookies or storage, and no style leaks either way). The frame is
  absolutely placed inside a ``box-sizing: border-box`` box of the given height, so border and
  width never add up to more than the cell (no horizontal scroll bar).
* **Untrusted**: every front end still prefers ``text/html`` (it is "safe" once sanitized) over
  ``image/svg+xml``, and its sanitizer removes the ``<iframe>``. So the picture and the line
  "trust this notebook to interact" sit *under* the frame inside the same HTML, as an ``<img>`` of
  the SVG (sanitizers keep ``<img>`` but drop inline ``<svg>``): hidden by the frame when it runs,
  shown when it is stripped. The bundle carries the SVG as ``image/svg+xml`` too, for tools that
  skip HTML.

The page inside is **packed** (``_page``: about 230 KB instead of 790 KB) and its layout is
**settled in Python** (``_settle``), so the picture shows every actor exactly where the interactive
view draws it.
"""

from __future__ import annotations

import base64
import html
from typing import Any

import numpy as np

from graphlib_conflict.views._build import vis_options
from graphlib_conflict.views._fallback import TRUST_LINE
from graphlib_conflict.views._settle import settle

__all__ = ["frame_markup", "settled"]


def settled(data: dict[str, Any]) -> dict[str, Any]:
    """The page data with its layout settled in Python and the page's physics turned off.

    Data without physics (a large graph, or ``physics=False``) keep their positions, rounded to
    whole pixels as vis-network keeps them.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> from graphlib_conflict.views import _build
    >>> from graphlib_conflict.dates import to_day
    >>> day = to_day("2020-02-04")
    >>> data = _build.build_view(gc.load(), _build.ViewSpec("at", day, day))
    >>> done = settled(data)
    >>> done["meta"]["physics"], done["options"]["physics"]["enabled"]
    (False, False)
    >>> done["nodes"]["x"] != data["nodes"]["x"]
    True
    """
    nodes, types = data["nodes"], data["actorTypes"]
    if not data["meta"]["physics"]:
        # vis-network keeps whole pixels: round here, so the picture draws what the page draws
        return data | {"nodes": nodes | {"x": np.round(nodes["x"]).tolist(),
                                         "y": np.round(nodes["y"]).tolist()}}
    radius = np.array([size or types[t]["size"] for size, t in zip(nodes["size"], nodes["type"],
                                                                  strict=True)], dtype=float)
    x, y = settle(np.array(nodes["x"], float), np.array(nodes["y"], float),
                  np.array(data["springs"]["a"], dtype=np.int64),
                  np.array(data["springs"]["b"], dtype=np.int64), radius, data["options"]["physics"])
    n_edges = len(data["edges"]["id"]) + len(data["pairs"]["a"])
    options = vis_options(physics=False, seed=data["options"]["layout"]["randomSeed"], n_edges=n_edges)
    return data | {
        "meta": data["meta"] | {"physics": False},
        "nodes": nodes | {"x": x.tolist(), "y": y.tolist()},
        "springs": {"a": [], "b": []},
        "options": options,
    }


def frame_markup(page: str, svg: str, *, label: str, height: int) -> str:
    """The output's HTML: the sandboxed frame of ``page`` over the picture ``svg``.

    Examples
    --------
    >>> markup = frame_markup("<p>page</p>", "<svg/>", label="<G>", height=400)
    >>> markup.count("<iframe"), "height:400px" in markup, 'title="&lt;G&gt;"' in markup
    (1, True, True)
    """
    picture = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    title = html.escape(label, quote=True)
    return (
        f'<div class="gc-notebook-view" style="position:relative;box-sizing:border-box;width:100%;'
        f"max-width:100%;height:{height}px;margin:0;padding:0;overflow:hidden;"
        'border:1px solid #dddddd;border-radius:4px;background:#ffffff">'
        '<div class="gc-notebook-fallback" style="box-sizing:border-box;height:100%;padding:6px 8px;'
        'display:flex;flex-direction:column;text-align:left;color:#444444;'
        'font:13px/1.4 system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">'
        f'<p style="margin:0 0 4px 0;text-align:left">{html.escape(TRUST_LINE)} (Jupyter: '
        "Trust Notebook in the File menu or the command palette, then run the cell again.)</p>"
        f'<img src="data:image/svg+xml;base64,{picture}" alt="{title}" '
        'style="display:block;flex:1 1 auto;min-height:0;width:100%;height:100%;'
        'object-fit:contain;object-position:left top"></div>'
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" title="{title}" '
        'referrerpolicy="no-referrer" style="position:absolute;top:0;left:0;box-sizing:border-box;'
        'width:100%;height:100%;margin:0;border:0;display:block;background:#ffffff"></iframe>'
        "</div>"
    )
