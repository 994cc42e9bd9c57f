"""The page: our own template, rendered by Jinja2 with autoescaping, with everything inlined.

Three kinds of text reach the page, each by its own safe route:

* text from the data shown by the template (title, subtitle, date) is HTML-escaped by Jinja2's
  autoescaping, in element text and attribute values alike;
* the page data is JSON inside ``<script type="application/json">``, with ``<``, ``>``, ``&``,
  U+2028 and U+2029 written as ``\\u`` escapes, so no value can end the element or start a comment;
  the script reads it with ``JSON.parse`` and puts strings on the page with ``textContent`` only;
* the inlined scripts and styles are fixed files, checked when read (see ``_assets``).

A Content-Security-Policy allows exactly the two inlined scripts (by hash), inline styles, and
``data:`` images, and nothing else: no network fetch, no other script, even if something slipped
through.

A **packed** page (``packed=True``, the notebook view) carries vis-network, its style sheet, our
script and the page data deflate-compressed and base64-encoded in ``script#gc-packed``; the one
inline script, ``static/loader.js``, unpacks them with ``DecompressionStream`` and inserts the two
scripts as inline elements. The policy then lists the hashes of all three scripts: the loader, and
the two it inserts, which run only because their exact text was allowed in advance.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from graphlib_conflict._version import __version__
from graphlib_conflict.dates import day_to_iso
from graphlib_conflict.exceptions import OptionalDependencyError
from graphlib_conflict.views._assets import VIS_VERSION, assets, csp_hash, pack, packed_assets

if TYPE_CHECKING:
    import jinja2

__all__ = ["bands_text", "inline_json", "render_page"]

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def inline_json(data: Any) -> str:
    """JSON text safe to place inside a ``<script>`` element.

    Examples
    --------
    >>> inline_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(inline_json({"name": "</script>"}))["name"]
    '</script>'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_ESCAPES)


@cache
def _template() -> jinja2.Template:
    try:
        import jinja2
    except ModuleNotFoundError as exc:  # pragma: no cover - jinja2 comes with pyvis
        raise OptionalDependencyError("HTML views need Jinja2: pip install 'jinja2>=3'") from exc
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    return env.from_string(assets().template)


def bands_text(data: dict[str, Any]) -> str:
    """The sentence saying which day a window view's alignment bands and findings are for (empty
    for other views, whose bands are for the day shown).

    Examples
    --------
    >>> bands_text({"meta": {"mode": "window", "overlay": True}, "frames": [[18262, 18321]]})
    'Alignment bands and findings are for 2020-02-29, the last day of the window.'
    >>> bands_text({"meta": {"mode": "at", "overlay": True}, "frames": [[18321, 18321]]})
    ''
    """
    meta = data["meta"]
    if meta["mode"] != "window":
        return ""
    day = day_to_iso(int(data["frames"][0][1]))
    what = "Alignment bands and findings are" if meta["overlay"] else "Findings are"
    return f"{what} for {day}, the last day of the window."


def render_page(data: dict[str, Any], *, date_text: str, counts_text: str = "",
                packed: bool = False) -> str:
    """The complete HTML page for the page data of :func:`~graphlib_conflict.views._build.build_view`.

    Parameters
    ----------
    data : dict
        Page data; ``data["meta"]`` gives ``title``, ``subtitle`` and ``mode``.
    date_text : str
        The date (or window) shown before the script runs.
    counts_text : str
        What it draws, counted (the script rewrites it for each frame).
    packed : bool, default False
        Carry the scripts, vis-network's styles and the data compressed (see the module docstring):
        a notebook output about a third of the size.

    Returns
    -------
    str
    """
    from markupsafe import Markup

    parts = assets()
    scripts = [parts.vis_js, parts.app_js] if not packed else [parts.loader_js, parts.vis_js,
                                                              parts.app_js]
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(csp_hash(script) for script in scripts),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    meta = data["meta"]
    if packed:
        bundle = packed_assets() | {"data": pack(inline_json(data))}
        code: dict[str, Markup] = {"packed_json": Markup(inline_json(bundle)),
                                   "loader_js": Markup(parts.loader_js)}
    else:
        code = {"vis_css": Markup(parts.vis_css), "vis_js": Markup(parts.vis_js),
                "app_js": Markup(parts.app_js), "data_json": Markup(inline_json(data))}
    return _template().render(
        title=meta["title"], subtitle=meta["subtitle"], mode=meta["mode"], date_text=date_text,
        counts_text=counts_text, bands_text=bands_text(data), packed=packed,
        csp=csp, version=__version__, vis_version=VIS_VERSION,
        # trusted markup: fixed files checked on reading, JSON escaped by inline_json, and base64
        app_css=Markup(parts.app_css), **code,
    )
