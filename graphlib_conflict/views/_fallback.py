"""The static picture of a view: an SVG of its first frame, for where no script may run.

An untrusted notebook strips the view's ``<iframe>`` (and every script); other tools (exports to
Markdown or PDF, notebook previews on code hosts) show images but not HTML. For them the notebook
output carries this picture, drawn from the page data itself: the same actors at the same positions
(a notebook view's layout is settled in Python, see ``_settle``), the same relation lines (colour by
sign, dashes by category, arrows, width by weight, fading interactions) and alignment bands of the
frame the interactive view opens on, the names, and a line saying how to get the interactive view.

Every string from the data (title, names, actor types) is XML-escaped, and characters XML cannot hold
are dropped: the SVG is well-formed whatever the data, and holds no script, link, style sheet or
foreign object; colours and shapes come from the page data, already checked by ``_style``.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any

from graphlib_conflict.dates import day_to_iso

__all__ = ["TRUST_LINE", "fallback_svg", "initial_picture", "svg_text"]

TRUST_LINE = "Static picture of the interactive view: trust this notebook to interact."
"""The line under the picture (the notebook's own text says how to trust it)."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WIDTH = 960.0
_MARGIN = 70.0
_HEADER = 46.0
_FOOTER = 40.0
_BAND_OPACITY = 0.28
_LABEL_CHAR = 6.8
"""Width of a label character at 12 px (a generous average for system sans-serif fonts)."""


_UNIT_SHAPES: dict[str, list[tuple[float, float]]] = {
    "square": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
    "diamond": [(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)],
    "triangle": [(0, -1.1), (1.1, 0.85), (-1.1, 0.85)],
    "triangleDown": [(-1.1, -0.85), (1.1, -0.85), (0, 1.1)],
    "hexagon": [(math.cos(math.pi / 3 * k), math.sin(math.pi / 3 * k)) for k in range(6)],
    "star": [((1.2 if k % 2 == 0 else 0.5) * math.sin(math.pi / 5 * k),
              -(1.2 if k % 2 == 0 else 0.5) * math.cos(math.pi / 5 * k)) for k in range(10)],
}
"""Corners of each polygon shape for a unit radius (vis-network draws ``dot`` as a circle)."""


def svg_text(value: Any) -> str:
    """Text for an SVG element or attribute: XML-escaped, characters XML cannot hold dropped.

    Examples
    --------
    >>> svg_text('</text><script>alert("x")</script>\\x00')
    '&lt;/text&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape(_NOT_XML.sub("", str(value)), quote=True)


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if math.isfinite(x) else "0"


def initial_picture(data: dict[str, Any]) -> dict[str, Any]:
    """What the view's first frame draws: relation edges (with opacity), bands and actors.

    The rule is the page script's: an edge is drawn when its active days, extended by
    ``recentDays`` for interactions, meet the frame; an interaction fades with age, to 0.25.

    Returns
    -------
    dict
        ``day`` (the day shown, a day number), ``edges`` (``[(index, opacity)]``), ``bands``
        (``[(pair index, status index, width)]``) and ``nodes`` (positions of the actors shown).
    """
    meta, frames, edges, types = data["meta"], data["frames"], data["edges"], data["types"]
    index = meta["initialFrame"]
    first, last = frames[index]
    calendar = data.get("timeline")
    if calendar:
        first = last = calendar["initialDay"]
    recent = meta["recentDays"]
    shown_edges = []
    nodes: set[int] = set(range(len(data["nodes"]["id"]))) if meta["isolates"] else set()
    for i, kind in enumerate(edges["type"]):
        interaction = types[kind]["category"] == "interaction"
        t0, t1 = edges["t0"][i], edges["t1"][i]
        end = None if t1 is None else t1 + (recent if interaction else 0)
        if (t0 is None or t0 <= last) and (end is None or end >= first):
            opacity = 1.0
            if interaction and recent > 0 and t1 is not None and last > t1:
                opacity = max(0.25, 1 - 0.75 * (last - t1) / recent)
            shown_edges.append((i, round(opacity, 2)))
            nodes.update((edges["from"][i], edges["to"][i]))
    neutral = [s["id"] for s in data["statuses"]].index("neutral")
    bands = []
    for j, line in enumerate(data["pairs"]["timeline"]):
        entries = [entry for entry in line if entry[0] <= index]
        if entries and entries[-1][1] != neutral:
            entry = entries[-1]
            bands.append((j, entry[1], 10 + 3 * min(entry[3] + entry[4], 3)))
            nodes.update((data["pairs"]["a"][j], data["pairs"]["b"][j]))
    return {"day": last, "edges": shown_edges, "bands": bands, "nodes": sorted(nodes)}


def _shape(kind: str, x: float, y: float, r: float) -> str:
    """An SVG element drawing a vis-network shape of radius ``r`` at ``(x, y)`` (no paint)."""
    if kind == "dot":
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}"'
    unit = _UNIT_SHAPES[kind]
    points = " ".join(f"{_num(x + r * px)},{_num(y + r * py)}" for px, py in unit)
    return f'<polygon points="{points}"'


def fallback_svg(data: dict[str, Any]) -> str:
    """The SVG picture of a view's first frame (see the module docstring).

    Parameters
    ----------
    data : dict
        Page data of :func:`~graphlib_conflict.views._build.build_view`; positions are drawn as
        they are.

    Returns
    -------
    str
        A standalone SVG document (no XML declaration).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> from graphlib_conflict.views import _build
    >>> from graphlib_conflict.dates import to_day
    >>> day = to_day("2020-02-04")
    >>> svg = fallback_svg(_build.build_view(gc.load(), _build.ViewSpec("at", day, day)))
    >>> svg.startswith("<svg") and ">Russia</text>" in svg and "trust this notebook" in svg
    True
    """
    picture = initial_picture(data)
    nodes, pairs = data["nodes"], data["pairs"]
    actor_types, statuses = data["actorTypes"], data["statuses"]
    shown = picture["nodes"]

    def radius(i: int) -> float:
        return float(nodes["size"][i] or actor_types[nodes["type"][i]]["size"])

    xs = [nodes["x"][i] for i in shown] or [0.0]
    ys = [nodes["y"][i] for i in shown] or [0.0]
    # labels are drawn at a fixed size under their actor: widen the box to hold the longest ones
    half_label = [_LABEL_CHAR * len(str(nodes["name"][i])) / 2 for i in shown] or [0.0]
    scale = min(_WIDTH / max(max(xs) - min(xs) + 2 * _MARGIN, 1.0), 1.6)
    for _ in range(2):
        lo_x = min(x - max(h / scale, _MARGIN / 2) for x, h in zip(xs, half_label, strict=True))
        hi_x = max(x + max(h / scale, _MARGIN / 2) for x, h in zip(xs, half_label, strict=True))
        scale = min(_WIDTH / max(hi_x - lo_x, 1.0), 1.6)
    lo_y, hi_y = min(ys) - _MARGIN / 2, max(ys) + _MARGIN / 2 + 14
    width = (hi_x - lo_x) * scale
    height = (hi_y - lo_y) * scale + _HEADER + _FOOTER

    def at(x: float, y: float) -> tuple[float, float]:
        return (x - lo_x) * scale, (y - lo_y) * scale + _HEADER

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" height="{_num(height)}" '
           f'viewBox="0 0 {_num(width)} {_num(height)}" role="img" '
           'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif">',
           f"<title>{svg_text(data['meta']['title'])} ({svg_text(data['meta']['subtitle'])})</title>",
           f'<rect width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>',
           f'<text x="12" y="20" font-size="16" font-weight="600" fill="#1a1a1a">'
           f"{svg_text(data['meta']['title'])}</text>",
           f'<text x="12" y="38" font-size="13" fill="#555555">{svg_text(data["meta"]["subtitle"])}'
           f" \u00b7 shown: {day_to_iso(int(picture['day']))}</text>"]
    for j, status, band in picture["bands"]:
        (x1, y1), (x2, y2) = at(nodes["x"][pairs["a"][j]], nodes["y"][pairs["a"][j]]), at(
            nodes["x"][pairs["b"][j]], nodes["y"][pairs["b"][j]])
        out.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                   f'stroke="{statuses[status]["color"]}" stroke-opacity="{_BAND_OPACITY}" '
                   f'stroke-width="{_num(band * scale)}" stroke-linecap="round"/>')
    for i, opacity in picture["edges"]:
        out.append(_edge(data, i, opacity, at, scale, radius))
    for i in shown:
        t = actor_types[nodes["type"][i]]
        x, y = at(nodes["x"][i], nodes["y"][i])
        r = radius(i) * scale
        fill = nodes["color"][i] or t["color"]
        border = nodes["border"][i] or t["border"]
        dashes = ' stroke-dasharray="4 3"' if t["dashed"] else ""
        out.append(f'{_shape(t["shape"], x, y, r)} fill="{fill}" stroke="{border}" '
                   f'stroke-width="1.5"{dashes}/>')
        out.append(f'<text x="{_num(x)}" y="{_num(y + r + 13)}" font-size="12" text-anchor="middle" '
                   'fill="#1a1a1a" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                   f"{svg_text(nodes['name'][i])}</text>")
    used = sorted({nodes["type"][i] for i in shown})
    x = 12.0
    y = height - _FOOTER + 14
    for code in used:
        t = actor_types[code]
        out.append(f'{_shape(t["shape"], x + 6, y - 4, 6)} fill="{t["color"]}" stroke="{t["border"]}"/>')
        label = svg_text(str(t["id"]).replace("_", " "))
        out.append(f'<text x="{_num(x + 16)}" y="{_num(y)}" font-size="11" fill="#444444">{label}</text>')
        x += 26 + 6.2 * len(str(t["id"]))
    out.append(f'<text x="12" y="{_num(height - 8)}" font-size="12" fill="#555555">{TRUST_LINE}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _edge(data: dict[str, Any], i: int, opacity: float, at: Any, scale: float, radius: Any) -> str:
    nodes, edges = data["nodes"], data["edges"]
    t = data["types"][edges["type"][i]]
    a, b = edges["from"][i], edges["to"][i]
    x1, y1 = at(nodes["x"][a], nodes["y"][a])
    x2, y2 = at(nodes["x"][b], nodes["y"][b])
    width = edges["width"][i] * scale
    dashes = t["dashes"]
    dash = f' stroke-dasharray="{" ".join(_num(d * scale) for d in dashes)}"' if dashes else ""
    paint = (f'fill="none" stroke="{t["color"]}" stroke-width="{_num(width)}" '
             f'stroke-opacity="{opacity}"{dash}')
    curve = edges["curve"][i]
    dx, dy = x2 - x1, y2 - y1
    if a == b:
        r = radius(a) * scale
        return (f'<circle cx="{_num(x1 + r)}" cy="{_num(y1 - r)}" r="{_num(r)}" {paint}/>')
    # a curved edge bends to one side by its roundness (vis-network's curvedCW/CCW, approximately)
    cx, cy = (x1 + x2) / 2 - dy * curve / 2, (y1 + y2) / 2 + dx * curve / 2
    line = (f'<path d="M{_num(x1)} {_num(y1)} Q{_num(cx)} {_num(cy)} {_num(x2)} {_num(y2)}" {paint}/>'
            if curve else
            f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" {paint}/>')
    if not t["directed"]:
        return line
    # an arrow head at the target's rim, pointing along the last part of the line
    ux, uy = (x2 - cx, y2 - cy) if curve else (dx, dy)
    norm = math.hypot(ux, uy) or 1.0
    ux, uy = ux / norm, uy / norm
    tip_x, tip_y = x2 - ux * radius(b) * scale, y2 - uy * radius(b) * scale
    size = (6 + width) * 0.9
    left = (tip_x - ux * size - uy * size / 2, tip_y - uy * size + ux * size / 2)
    right = (tip_x - ux * size + uy * size / 2, tip_y - uy * size - ux * size / 2)
    head = " ".join(f"{_num(p)},{_num(q)}" for p, q in ((tip_x, tip_y), left, right))
    return line + f'\n<polygon points="{head}" fill="{t["color"]}" fill-opacity="{opacity}"/>'
