"""The public functions of :mod:`graphlib_conflict.views` (re-exported by the package)."""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from dataclasses import fields
from typing import Any, Literal

from typing_extensions import Unpack

from graphlib_conflict._atomic import write_text
from graphlib_conflict._time import resolve_day, resolve_period
from graphlib_conflict.analytics.alignment import STATUSES, AlignmentKeywords, AlignmentParams
from graphlib_conflict.dates import DateLike, day_to_iso, to_day
from graphlib_conflict.exceptions import ViewError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.problems import did_you_mean
from graphlib_conflict.views._build import Mode, ViewSpec, build_view, count_text
from graphlib_conflict.views._fallback import fallback_svg
from graphlib_conflict.views._findings import STEPS
from graphlib_conflict.views._notebook import frame_markup, settled
from graphlib_conflict.views._page import render_page

__all__ = ["VIEW_OPTIONS", "notebook_bundle", "notebook_html", "to_html"]

VIEW_OPTIONS = ("at", "start", "end", "slider", "title", "recent_days", "overlay", "physics",
                "implied", "isolates", "seed", "edge_labels", "node_styles", "findings", "step")
"""The options of :func:`to_html` besides the alignment parameters."""


def _choice(value: Any, name: str) -> bool | Literal["auto"]:
    if value == "auto" or isinstance(value, bool):
        return value
    raise ViewError(f"{name} must be True, False or 'auto', got {value!r}")


def _spec(graph: ConflictGraph, at: DateLike | None, start: DateLike | None,
          end: DateLike | None, slider: bool | None, title: str | None, recent_days: int,
          overlay: bool | Literal["auto"], physics: bool | Literal["auto"], implied: bool | None,
          isolates: bool, seed: int, edge_labels: bool,
          node_styles: Mapping[str, Mapping[str, Any]] | None,
          params: Mapping[str, Any], findings: bool | Literal["auto"] = "auto",
          step: str = "auto") -> ViewSpec:
    """Check every option and decide the kind of view."""

    if not isinstance(graph, ConflictGraph):
        raise ViewError(f"a view needs a ConflictGraph, got {type(graph).__name__}: "
                        "load one with graphlib_conflict.load(path)")
    if at is not None and (start is not None or end is not None):
        raise ViewError("give either at=DATE (one day) or start=/end= (a window), not both")
    if at is not None and slider:
        raise ViewError("slider=True replays a period: give start=/end= (or nothing), not at=")
    if slider not in (None, True, False):
        raise ViewError(f"slider must be True, False or None, got {slider!r}")
    if isinstance(recent_days, bool) or not isinstance(recent_days, int) or recent_days < 0:
        raise ViewError(f"recent_days must be a whole number of days >= 0, got {recent_days!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ViewError(f"seed must be an integer, got {seed!r}")
    if implied not in (None, True, False):
        raise ViewError(f"implied must be True, False or None, got {implied!r}")
    for name, flag in (("isolates", isolates), ("edge_labels", edge_labels)):
        if not isinstance(flag, bool):
            raise ViewError(f"{name} must be True or False, got {flag!r}")
    if title is not None and not isinstance(title, str):
        raise ViewError(f"title must be text, got {type(title).__name__}")
    if node_styles is not None and not isinstance(node_styles, Mapping):
        raise ViewError("node_styles must map actor types to {'color', 'shape', 'size'}")
    if step not in ("auto", *STEPS):
        raise ViewError(f"step must be 'auto', {', '.join(repr(s) for s in STEPS)}, got {step!r}")
    unknown = [k for k in params if k not in {f.name for f in fields(AlignmentParams)}]
    if unknown:
        hints = [did_you_mean(k, [*VIEW_OPTIONS, *(f.name for f in fields(AlignmentParams))])
                 for k in unknown]
        raise ViewError("; ".join(f"unknown option {k!r}" + (f" — {h}" if h else "")
                                  for k, h in zip(unknown, hints, strict=True))
                        + f" (view options: {', '.join(VIEW_OPTIONS)}; alignment parameters: "
                        f"{', '.join(f.name for f in fields(AlignmentParams))})")
    alignment_params = AlignmentParams.from_keywords(params)

    first = last = None
    mode: Mode
    if at is not None:
        first = last = resolve_day(graph, at)
        mode = "at"
    elif start is not None or end is not None or slider is not None:
        mode = "slider" if slider else "window"
        if graph.window is None and graph.date_range is None and (start is None or end is None):
            if mode == "window":
                raise ViewError("the graph holds no dates: give start= and end=")
        else:
            first, last = resolve_period(graph, start, end)
        if mode == "slider" and start is None and end is None:
            first = last = None
    elif graph.window is not None:
        first, last = to_day(graph.window[0]), to_day(graph.window[1])
        mode = "at" if first == last else "window"
    else:
        mode = "slider"
    return ViewSpec(
        mode=mode, first=first, last=last, title=title, recent_days=recent_days,
        overlay=_choice(overlay, "overlay"), physics=_choice(physics, "physics"), implied=implied,
        isolates=isolates, seed=seed, edge_labels=edge_labels, node_styles=node_styles,
        params=alignment_params, findings=_choice(findings, "findings"), step=step,
    )


def to_html(
    graph: ConflictGraph,
    path: str | os.PathLike[str] | None = None,
    *,
    at: DateLike | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    slider: bool | None = None,
    title: str | None = None,
    recent_days: int = 30,
    overlay: bool | Literal["auto"] = "auto",
    physics: bool | Literal["auto"] = "auto",
    implied: bool | None = None,
    isolates: bool = False,
    seed: int = 7,
    edge_labels: bool = False,
    node_styles: Mapping[str, Mapping[str, Any]] | None = None,
    findings: bool | Literal["auto"] = "auto",
    step: Literal["auto", "day", "week", "month"] = "auto",
    **params: Unpack[AlignmentKeywords],
) -> str:
    """A self-contained interactive HTML view of a graph: one day, a window, or a time slider.

    Parameters
    ----------
    graph : ConflictGraph
        The whole graph or a slice. The layout is computed over all of its relations.
    path : str or os.PathLike, optional
        Where to write the page (atomically; nothing else is written). The text is returned anyway.
    at : date-like, optional
        One day (a period means its last day): durable relations active that day and interactions
        of the last ``recent_days``. Any day works.
    start, end : date-like, optional
        A window, **both ends inclusive** (a partial date takes its widest reading): every relation
        active on some day of it. One may be left out (the graph's first or last date is used).
    slider : bool, optional
        Replay the period with a time slider. Defaults to True when no date is given and the graph
        is not a slice; ``slider=True`` with ``start``/``end`` replays just that window.
    title : str, optional
        Page title; defaults to the dataset's title.
    recent_days : int, default 30
        Days an interaction stays visible after its (last possible) day, fading; 0 shows it on its
        day only. Window views show the interactions inside the window, unfaded.
    overlay : bool or "auto", default "auto"
        Draw each pair's alignment status as a band. ``"auto"``: always for a day or a window; for a
        slider, when computing it at every frame should take at most :data:`OVERLAY_BUDGET` seconds
        (turn it on with ``True`` to wait longer).
    physics : bool or "auto", default "auto"
        Let vis-network's force simulation settle the seeded layout in the browser (then freeze it).
        ``"auto"``: only up to :data:`PHYSICS_EDGE_LIMIT` edges; beyond, the precomputed layout is
        drawn as is, which keeps large pages responsive.
    implied : bool, optional
        Draw coalition-implied ties; defaults to the graph's ``coalition_ties``.
    isolates : bool, default False
        Show actors that have nothing shown at the date.
    seed : int, default 7
        Layout seed: the same data and seed always give the same picture.
    edge_labels : bool, default False
        Write the relation type on each edge.
    node_styles : mapping, optional
        ``{actor_type: {"color": "#rrggbb", "shape": ..., "size": ...}}`` to override the look of
        actor types (shapes: dot, diamond, star, triangle, triangleDown, hexagon, square). An
        actor's own ``attributes`` may also give ``color`` (``#rgb``/``#rrggbb``) and ``size``.
    findings : bool or "auto", default "auto"
        The findings layer (strained partnerships and unbalanced triangles of each frame, shown on
        demand) and the findings panel (the change report between the view's first and last day,
        or from 90 days before a day view's day). ``"auto"``: for graphs of up to 500 actors.
    step : {"auto", "day", "week", "month"}, default "auto"
        The slider's first calendar step (the page lets the reader change it); ``"auto"`` takes the
        finest giving at most 400 positions.
    **params
        Alignment parameters of the overlay (``half_life=``, ``lookback=``, ``roll_up=``, ...; see
        :class:`~graphlib_conflict.analytics.alignment.AlignmentParams`).

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    DateError
        If a date cannot be read, or the window ends before it starts.
    ViewError
        If an option is invalid (named in the message), or a style or colour is not valid.
    ParameterError
        If an alignment parameter is unknown or out of range.
    OSError
        If ``path`` cannot be written (nothing is left behind).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> g = gc.load()
    >>> page = to_html(g, at="2020-02-04")
    >>> "as of 2020-02-04" in page and 'src="http' not in page
    True
    >>> to_html(g, at="2020-02-04", start="2020-01-01")
    Traceback (most recent call last):
    ...
    graphlib_conflict.exceptions.ViewError: give either at=DATE (one day) or start=/end= (a window), not both
    """
    spec = _spec(graph, at, start, end, slider, title, recent_days, overlay, physics, implied,
                 isolates, seed, edge_labels, node_styles, dict(params), findings, step)
    page = _render(build_view(graph, spec))
    if path is not None:
        write_text(path, page)
    return page


def _render(data: dict[str, Any], *, packed: bool = False) -> str:
    """The page of some page data, with its first date and counts written in."""
    frame = data["frames"][data["meta"]["initialFrame"]]
    date_text = day_to_iso(frame[0]) if frame[0] == frame[1] else (
        f"{day_to_iso(frame[0])} to {day_to_iso(frame[1])}")
    if data.get("timeline"):
        date_text = day_to_iso(data["timeline"]["initialDay"])
    meta = data["meta"]
    counts = count_text(meta["initialCounts"], _actors_shown(data, frame), meta["overlay"])
    return render_page(data, date_text=date_text, counts_text=counts, packed=packed)


def _spec_of(graph: ConflictGraph, options: Mapping[str, Any]) -> ViewSpec:
    """:func:`to_html`'s options given as a mapping, checked as :func:`to_html` checks them."""
    keywords = {name: p.default for name, p in inspect.signature(to_html).parameters.items()
                if p.kind is inspect.Parameter.KEYWORD_ONLY}
    if "path" in options:
        raise ViewError("a notebook view is not written to a file: use to_html(graph, path)")
    values = keywords | {k: v for k, v in options.items() if k in keywords}
    params = {k: v for k, v in options.items() if k not in keywords}
    return _spec(graph, values["at"], values["start"], values["end"], values["slider"],
                 values["title"], values["recent_days"], values["overlay"], values["physics"],
                 values["implied"], values["isolates"], values["seed"], values["edge_labels"],
                 values["node_styles"], params, values["findings"], values["step"])


def _actors_shown(data: dict[str, Any], frame: list[int]) -> int:
    """Actors drawn in a frame: the ends of the relations and alignment bands it shows."""
    if data["meta"]["isolates"]:
        return len(data["nodes"]["id"])
    first, last = frame
    edges = data["edges"]
    recent = data["meta"]["recentDays"]
    interaction = [data["types"][t]["category"] == "interaction" for t in edges["type"]]
    shown: set[int] = set()
    for i, (t0, t1) in enumerate(zip(edges["t0"], edges["t1"], strict=True)):
        end = None if t1 is None else t1 + (recent if interaction[i] else 0)
        if (t0 is None or t0 <= last) and (end is None or end >= first):
            shown.update((edges["from"][i], edges["to"][i]))
    frame_index = data["frames"].index(frame)
    for a, b, timeline in zip(data["pairs"]["a"], data["pairs"]["b"], data["pairs"]["timeline"],
                              strict=True):
        entries = [e for e in timeline if e[0] <= frame_index]
        if entries and entries[-1][1] != STATUSES.index("neutral"):
            shown.update((a, b))
    return len(shown)


def _notebook_parts(graph: ConflictGraph, height: int, options: Mapping[str, Any]) -> tuple[str, str]:
    """The notebook output's HTML and its SVG picture."""
    if isinstance(height, bool) or not isinstance(height, int) or not 120 <= height <= 4000:
        raise ViewError(f"height must be a whole number of pixels from 120 to 4000, got {height!r}")
    data = settled(build_view(graph, _spec_of(graph, options)))
    svg = fallback_svg(data)
    return frame_markup(_render(data, packed=True), svg, label=f"{graph!r}", height=height), svg


def notebook_bundle(graph: ConflictGraph, *, height: int = 640, **options: Any) -> dict[str, str]:
    """The Jupyter display data of a graph: ``text/plain``, ``text/html`` and ``image/svg+xml``.

    ``text/html`` is :func:`notebook_html`; ``image/svg+xml`` is its static picture alone, for
    tools that show images but not HTML. What :meth:`ConflictGraph._repr_mimebundle_` returns.

    Parameters
    ----------
    graph : ConflictGraph
    height : int, default 640
        Frame height in pixels (120 to 4000).
    **options
        Passed on as :func:`to_html` options.

    Returns
    -------
    dict
        Mime type -> content.

    Raises
    ------
    ViewError
        If ``height`` or an option is invalid.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> bundle = notebook_bundle(gc.load().at("2020-02-04"))
    >>> sorted(bundle), bundle["image/svg+xml"].startswith("<svg")
    (['image/svg+xml', 'text/html', 'text/plain'], True)
    >>> len(bundle["text/html"]) + len(bundle["image/svg+xml"]) < 300_000
    True
    """
    markup, svg = _notebook_parts(graph, height, options)
    return {"text/plain": repr(graph), "text/html": markup, "image/svg+xml": svg}


def notebook_html(graph: ConflictGraph, *, height: int = 640, **options: Any) -> str:
    """The view of a graph for inline display in Jupyter, VS Code or any HTML output cell.

    The view goes into an ``<iframe srcdoc=...>`` sandboxed with ``allow-scripts`` only: its
    scripts run, but in an opaque origin, with no access to the notebook, its cookies or its
    storage, and its styles cannot touch the notebook's. The page is packed (its scripts and data
    compressed, unpacked in the page: a third of the size of :func:`to_html`'s) and its layout is
    settled in Python. Under the frame lies a static SVG picture of the same layout with the line
    "trust this notebook to interact": an untrusted notebook strips the frame and shows the
    picture instead of an empty strip.

    Parameters
    ----------
    graph : ConflictGraph
        A slice of a single day shows that day, a window shows the window, the whole graph shows
        the time slider.
    height : int, default 640
        Frame height in pixels (120 to 4000).
    **options
        Passed to :func:`to_html`.

    Returns
    -------
    str
        One ``<div>`` holding the picture and the ``<iframe>``.

    Raises
    ------
    ViewError
        If ``height`` or an option is invalid.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> frame = notebook_html(gc.load().at("2020-02-04"))
    >>> frame.startswith("<div") and 'sandbox="allow-scripts"' in frame
    True
    """
    return _notebook_parts(graph, height, options)[0]
