"""From a ConflictGraph to the data a page draws: nodes, edges, frames and the alignment overlay.

The page holds plain data; its script turns each frame into vis-network items. Everything that decides
*what* is shown and *how it looks* is computed here, in Python, where it is tested:

* **nodes**: one per actor, at a seeded layout position computed once over the whole history (the
  same actor sits in the same place in every view of a graph), coloured and shaped by actor type;
* **edges**: one per relation (stated or coalition-implied), coloured by the relation's sign, dashed
  by category, with an arrow when the type is directed and a width that grows with the weight; the
  parallel relations of a pair fan out on curves of alternating side;
* **frames**: the days (or, for a window view, the one window) the page can show; an edge is visible
  in a frame when its active days, extended by ``recent_days`` for interactions, meet the frame;
* **pairs**: the alignment status of each pair of top-level actors at each frame, from
  :func:`graphlib_conflict.alignment`, drawn as a wide translucent band under the relation edges.

Columns are turned into lists in bulk (no loop over relation rows, except to copy evidence quotes).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

from graphlib_conflict._arrays import unique_ints
from graphlib_conflict.analytics.alignment import STATUSES, AlignmentParams, alignment
from graphlib_conflict.dates import Day, day_to_iso, to_day
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.views._findings import findings
from graphlib_conflict.views._findings import timeline as slider_calendar
from graphlib_conflict.views._layout import layout
from graphlib_conflict.views._style import (
    CATEGORY_DASHES,
    SIGN_STATUS,
    STATUS_COLORS,
    actor_styles,
    check_color,
    check_size,
    darker,
)

__all__ = ["OVERLAY_BUDGET", "PHYSICS_EDGE_LIMIT", "ViewSpec", "build_view", "count_text",
           "edge_width", "frame_counts", "overlay_seconds", "vis_options"]

PHYSICS_EDGE_LIMIT = 1000
"""With ``physics="auto"``, graphs with more linked pairs of actors than this skip the in-browser
physics and keep the precomputed layout (a force simulation of tens of thousands of springs would
hold the page for many seconds)."""

OVERLAY_BUDGET = 4.0
"""With ``overlay="auto"``, a slider page gets the alignment overlay when computing it is expected
to take at most this many seconds: one :func:`~graphlib_conflict.alignment` per frame, each about
10 ms plus 0.4 ms per 1,000 relations on a 2-core laptop (see :func:`overlay_seconds`)."""

FINDINGS_ACTORS = 500
"""With ``findings="auto"``, graphs with more actors than this get no findings layer or panel (each
needs a structural-balance computation and a change report)."""

LARGE_EDGE_COUNT = 5000
"""Above this many edges, edges are hidden while the view is dragged or zoomed, to keep it fluid."""

Mode = Literal["at", "window", "slider"]


@dataclass(frozen=True)
class ViewSpec:
    """What to show, already checked (see :func:`graphlib_conflict.views.to_html` for the meaning).

    ``first``/``last`` are day numbers: the day of an ``at`` view, the window of a ``window`` view,
    the optional bounds of a ``slider`` view.
    """

    mode: Mode
    first: Day | None = None
    last: Day | None = None
    title: str | None = None
    recent_days: int = 30
    overlay: bool | Literal["auto"] = "auto"
    physics: bool | Literal["auto"] = "auto"
    implied: bool | None = None
    isolates: bool = False
    seed: int = 7
    edge_labels: bool = False
    node_styles: Mapping[str, Mapping[str, Any]] | None = None
    params: AlignmentParams = field(default_factory=AlignmentParams)
    # findings layer and panel, and the slider's calendar step (see views._findings)
    findings: bool | Literal["auto"] = "auto"
    step: str = "auto"


# None as a 0-d object array, for np.where: numpy's ArrayLike type leaves out a bare None, and this
# array is what np.where makes of one
_NONE = np.array(None, dtype=object)


def _days(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers of a datetime column and the mask of its missing (open) values."""
    missing = values.isna().to_numpy()
    days = values.to_numpy(dtype="datetime64[s]").astype("datetime64[D]").astype(np.int64)
    return np.where(missing, 0, days), missing


def _texts(values: pd.Series) -> list[str | None]:
    """A text column as a list, missing values as ``None``."""
    out = values.astype(object).to_numpy()
    return np.where(pd.isna(out), _NONE, out).tolist()


def _numbers(values: pd.Series) -> list[float | None]:
    """A float column rounded to 3 places, missing values as ``None``."""
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isnan(numbers), _NONE, np.round(numbers, 3).astype(object)).tolist()


def _day_list(days: np.ndarray, missing: np.ndarray) -> list[int | None]:
    return np.where(missing, _NONE, days.astype(object)).tolist()


def build_view(graph: ConflictGraph, spec: ViewSpec) -> dict[str, Any]:
    """The page data of a view: a JSON-ready dict (see the module docstring).

    Parameters
    ----------
    graph : ConflictGraph
        The whole graph or a slice; the layout is computed over all of its relations.
    spec : ViewSpec

    Returns
    -------
    dict
        ``meta``, ``frames``, ``nodes``, ``edges``, ``types``, ``actorTypes``, ``sources``,
        ``pairs``, ``statuses``, ``options``.

    Raises
    ------
    ViewError
        If an actor's ``attributes`` give an invalid ``color`` or ``size``.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> from graphlib_conflict.dates import to_day
    >>> data = build_view(gc.load(), ViewSpec("at", to_day("2020-02-04"), to_day("2020-02-04")))
    >>> data["meta"]["mode"], len(data["frames"])
    ('at', 1)
    """
    table = graph.all_relations(implied=spec.implied)
    actors = graph.actors
    ids = actors["id"].to_numpy(dtype=object)
    index = pd.Series(np.arange(len(ids)), index=pd.Index(ids))
    src, dst = _positions(index.index, table["source"]), _positions(index.index, table["target"])
    positions, springs = _layout_of(graph, spec, len(ids), src, dst)

    t0, open0 = _days(table["valid_from"])
    t1, open1 = _days(table["valid_to"])
    interaction = (table["category"] == "interaction").to_numpy()
    recent = 0 if spec.mode == "window" else spec.recent_days
    shown_to = t1 + np.where(interaction, recent, 0)

    frames, keep = _frames(spec, graph, t0, open0, t1, open1, shown_to, interaction)
    table = table[keep].reset_index(drop=True)
    src, dst = src[keep], dst[keep]
    t0, open0, t1, open1 = t0[keep], open0[keep], t1[keep], open1[keep]

    overlay = spec.overlay
    if overlay == "auto":
        overlay = spec.mode != "slider" or overlay_seconds(len(frames), len(table)) <= OVERLAY_BUDGET
    pairs = _pairs(graph, spec, frames, index) if overlay else _empty_pairs()

    physics = spec.physics
    if physics == "auto":
        physics = len(springs["a"]) <= PHYSICS_EDGE_LIMIT
    physics = bool(physics) and len(springs["a"]) > 0
    n_edges = len(table) + len(pairs["a"])

    styles = actor_styles(actors["type"], spec.node_styles)
    type_ids = list(styles)
    vocab = graph.vocabulary.relation_types
    rel_types = sorted(set(table["type"]))
    initial = _initial_frame(graph, frames) if spec.mode == "slider" else 0
    implied = table["implied_by"].notna().to_numpy()
    shown = frame_counts(frames[initial], t0, open0, t1, open1, interaction[keep], implied, recent)
    shown["alignments"] = _shown_pairs(pairs, initial) if overlay else 0
    # ---- findings and calendar (views._findings)
    story = _story(graph, spec, frames, initial, pairs, bool(overlay), index, table)
    # ----
    return {
        "meta": {
            "mode": spec.mode,
            "title": _title(graph, spec),
            "subtitle": _subtitle(spec, frames),
            "recentDays": recent,
            "initialFrame": initial,
            "overlay": bool(overlay),
            "physics": bool(physics),
            "edgeLabels": spec.edge_labels,
            "isolates": spec.isolates,
            "counts": {"actors": len(ids), "relations": len(table)},
            "initialCounts": shown,
        },
        "frames": frames,
        "nodes": _nodes(actors, positions, styles, type_ids),
        "edges": {
            "id": _texts(table["id"]),
            "from": src.tolist(),
            "to": dst.tolist(),
            "type": pd.Categorical(table["type"], categories=rel_types).codes.tolist(),
            "t0": _day_list(t0, open0),
            "t1": _day_list(t1, open1),
            "start": _texts(table["start"]),
            "end": _texts(table["end"]),
            "date": _texts(table["date"]),
            "weight": np.round(table["weight"].to_numpy(dtype="float64"), 3).tolist(),
            "width": np.round(edge_width(table["weight"].to_numpy(dtype="float64")), 2).tolist(),
            "curve": _curves(src, dst).tolist(),
            "confidence": _numbers(table["confidence"]),
            "notes": _texts(table["notes"]),
            "impliedBy": _texts(table["implied_by"]),
            "evidence": _evidence(table["evidence"]),
        },
        "types": [_relation_type(t, vocab) for t in rel_types],
        "actorTypes": [
            {"id": t, "color": s.color, "border": darker(s.color), "shape": s.shape, "size": s.size,
             "dashed": s.dashed,
             "description": _description(graph.vocabulary.actor_types, t)}
            for t, s in styles.items()
        ],
        "sources": {
            "id": _texts(graph.sources["id"]),
            **{c: _texts(graph.sources[c]) if c in graph.sources else [None] * len(graph.sources)
               for c in ("title", "publisher", "date", "url")},
        },
        "pairs": pairs,
        **story,
        "springs": springs if physics else {"a": [], "b": []},
        "statuses": [{"id": s, "color": STATUS_COLORS[s]} for s in STATUSES],
        "options": vis_options(physics=bool(physics), seed=spec.seed, n_edges=n_edges),
    }


def _story(graph: ConflictGraph, spec: ViewSpec, frames: list[list[int]], initial: int,
           pairs: dict[str, list[Any]], overlay: bool, index: pd.Series,
           table: pd.DataFrame) -> dict[str, Any]:
    """``findings`` (layer and panel, or None) and ``timeline`` (a slider's calendar, or None)."""
    wanted = spec.findings
    if wanted == "auto":
        wanted = len(graph.actors) <= FINDINGS_ACTORS
    params = spec.params.to_dict() | {"coalition_ties": spec.implied if spec.implied is not None
                                      else spec.params.coalition_ties}
    found = findings(graph, mode=spec.mode, frames=frames, initial=initial, pairs=pairs,
                     overlay=overlay, index=index, edge_ids=table["id"].tolist(),
                     params=params) if wanted else None
    calendar = None
    if spec.mode == "slider":
        last_data = (int(to_day(graph.date_range[1])) if graph.date_range is not None
                     else frames[initial][0])
        calendar = slider_calendar(frames[0][0], frames[-1][0], frames, pairs, last_data, spec.step)
    return {"findings": found, "timeline": calendar}


def overlay_seconds(frames: int, relations: int) -> float:
    """Expected time to compute the alignment overlay of ``frames`` frames (measured, 2 cores).

    Examples
    --------
    >>> round(overlay_seconds(40, 60), 2), round(overlay_seconds(2000, 20_000), 1)
    (0.4, 36.0)
    """
    return frames * (0.010 + 4e-7 * relations)


def edge_width(weight: np.ndarray) -> np.ndarray:
    """Line width in pixels for relation weights: 1 px plus 3 px per unit of weight, at most 10.

    Examples
    --------
    >>> edge_width(np.array([0.0, 0.5, 1.0, 9.0])).tolist()
    [1.0, 2.5, 4.0, 10.0]
    """
    return np.clip(1.0 + 3.0 * np.nan_to_num(weight, nan=0.0), 1.0, 10.0)


def _layout_of(graph: ConflictGraph, spec: ViewSpec, n: int, src: np.ndarray,
               dst: np.ndarray) -> tuple[np.ndarray, dict[str, list[int]]]:
    """The layout positions and springs of the graph's whole history, computed once per graph
    (for a seed and a setting of implied ties) and kept with it, as a cached property is: every
    later view of the same graph (any day, any window, the slider) reuses them, so a day view
    lays out nothing and each actor sits where the slider view puts it."""
    implied = graph.coalition_ties if spec.implied is None else spec.implied
    key = (bool(implied), spec.seed)
    store: dict[tuple[bool, int], tuple[np.ndarray, dict[str, list[int]]]] = \
        vars(graph).setdefault("_view_layouts", {})
    if key not in store:
        positions = layout(n, src, dst, seed=spec.seed)
        positions.setflags(write=False)
        store[key] = (positions, _springs(src, dst))
    positions, springs = store[key]
    return positions, {"a": list(springs["a"]), "b": list(springs["b"])}


def _springs(src: np.ndarray, dst: np.ndarray) -> dict[str, list[int]]:
    """The distinct linked pairs over the whole history: the springs the in-browser physics settles.

    Every view of a graph (a day, a window, the slider) settles on the same springs, so an actor
    sits in the same place in all of them.
    """
    a, b = np.minimum(src, dst), np.maximum(src, dst)
    keep = a != b
    n = int(max(a.max(), b.max())) + 1 if len(a) else 1
    # one sort of pair codes: the rows of a lexicographic unique, without sorting rows
    pairs = unique_ints(a[keep].astype(np.int64) * n + b[keep])
    return {"a": (pairs // n).tolist(), "b": (pairs % n).tolist()}


def _curves(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Signed curve roundness per edge: 0 for the first edge of a pair, then ±0.15, ±0.3 ...

    Edges of a pair alternate sides, 0.15 apart up to 0.75, then 0.05 apart up to 1 (twenty
    parallel edges stay apart). vis-network bends a curve relative to the edge's direction, so
    the sign is flipped for edges written from the higher node to the lower: A->B and B->A then
    fan out like edges of one direction instead of overlapping.
    """
    if src.size == 0:
        return np.zeros(0)
    rank = _pair_rank(np.minimum(src, dst), np.maximum(src, dst))
    k = np.ceil(rank / 2.0)
    step = np.where(k <= 5, 0.15 * k, np.minimum(0.75 + 0.05 * (k - 5), 1.0))
    side = np.where(rank % 2 == 1, 1.0, -1.0)
    flip = np.where(src <= dst, 1.0, -1.0)
    return np.round(step * side * flip, 3)


def _pair_rank(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The order of each edge among the edges of its (unordered) pair, from 0."""
    return pd.DataFrame({"a": a, "b": b}).groupby(["a", "b"], sort=False).cumcount().to_numpy()


def _frames(spec: ViewSpec, graph: ConflictGraph, t0: np.ndarray, open0: np.ndarray,
            t1: np.ndarray, open1: np.ndarray, shown_to: np.ndarray,
            interaction: np.ndarray) -> tuple[list[list[int]], np.ndarray]:
    """The frames (``[first, last]`` day pairs) and the mask of relations any frame can show."""
    def overlaps(first: int, last: int) -> np.ndarray:
        return (open0 | (t0 <= last)) & (open1 | (shown_to >= first))

    if spec.mode != "slider" and spec.first is not None and spec.last is not None:
        return [[int(spec.first), int(spec.last)]], overlaps(spec.first, spec.last)
    changes = [t0[~open0], t1[~open1 & ~interaction] + 1, shown_to[~open1 & interaction] + 1]
    if spec.overlay is not False:
        # interactions leave the alignment's look-back window on this day: a status may change
        changes.append(t1[~open1 & interaction] + spec.params.lookback + 1)
    days = unique_ints(np.concatenate(changes))
    first, last = spec.first, spec.last
    if graph.window is not None:
        first = to_day(graph.window[0]) if first is None else first
        last = to_day(graph.window[1]) if last is None else last
    lo = int(first) if first is not None else (int(days.min()) if days.size else 0)
    if last is not None:
        hi = int(last)
    elif graph.date_range is not None:
        # the replay ends with the data: later days would only show it ageing
        hi = int(to_day(graph.date_range[1]))
    else:
        hi = lo
    # the first and last days of the period are frames too, so the replay covers all of it
    days = np.unique(np.concatenate([[lo, hi], days[(days >= lo) & (days <= hi)]]))
    return [[int(d), int(d)] for d in days], overlaps(lo, hi)


def _initial_frame(graph: ConflictGraph, frames: list[list[int]]) -> int:
    """The slider's first position: the last frame on or before the graph's last date."""
    if graph.date_range is None:
        return len(frames) - 1
    last = int(to_day(graph.date_range[1]))
    days = np.array([f[0] for f in frames])
    return max(int(np.searchsorted(days, last, side="right")) - 1, 0)


def _title(graph: ConflictGraph, spec: ViewSpec) -> str:
    if spec.title is not None:
        return spec.title
    return str(graph.dataset.get("title") or graph.dataset.get("id") or "Conflict graph")


def _subtitle(spec: ViewSpec, frames: list[list[int]]) -> str:
    if spec.mode == "at":
        return f"as of {day_to_iso(frames[0][0])}"
    if spec.mode == "window":
        return f"{day_to_iso(frames[0][0])} to {day_to_iso(frames[0][1])}, both days included"
    return f"time slider, {day_to_iso(frames[0][0])} to {day_to_iso(frames[-1][0])}"


def _description(table: pd.DataFrame, type_id: str) -> str | None:
    if type_id in table.index and "description" in table.columns:
        value: Any = table.loc[type_id, "description"]  # one cell: text or a missing marker
        return None if pd.isna(value) else str(value)
    return None


def _relation_type(type_id: str, vocab: pd.DataFrame) -> dict[str, Any]:
    row = cast(pd.Series, vocab.loc[type_id])  # one row: the vocabulary's type ids are unique
    sign = int(row["sign"])
    category = str(row["category"])
    return {
        "id": type_id,
        "category": category,
        "sign": sign,
        "directed": bool(row["directed"]),
        "color": STATUS_COLORS[SIGN_STATUS.get(sign, "neutral")],
        "dashes": CATEGORY_DASHES.get(category, False),
        "description": None if pd.isna(row.get("description")) else str(row["description"]),
    }


def _nodes(actors: pd.DataFrame, positions: np.ndarray, styles: Mapping[str, Any],
           type_ids: list[str]) -> dict[str, Any]:
    color: list[str | None] = [None] * len(actors)
    size: list[float | None] = [None] * len(actors)
    has_attributes = actors["attributes"].notna().to_numpy() if "attributes" in actors else None
    if has_attributes is not None and has_attributes.any():
        for i in np.flatnonzero(has_attributes).tolist():
            attributes = actors["attributes"].iat[i]
            if not isinstance(attributes, Mapping):
                continue
            what = f"actor {actors['id'].iat[i]!r}: attributes"
            if attributes.get("color") is not None:
                color[i] = check_color(attributes["color"], what=what)
            if attributes.get("size") is not None:
                size[i] = check_size(attributes["size"], what=what)
    aliases = actors["aliases"].map(lambda a: list(a) if isinstance(a, (tuple, list)) else [])
    return {
        "id": _texts(actors["id"]),
        "name": _texts(actors["name"]),
        "type": pd.Categorical(actors["type"], categories=type_ids).codes.tolist(),
        "x": positions[:, 0].tolist(),
        "y": positions[:, 1].tolist(),
        "color": color,
        "border": [None if c is None else darker(c) for c in color],
        "size": size,
        "aliases": aliases.tolist(),
        "country": _texts(actors["country"]) if "country" in actors else [None] * len(actors),
        "description": (_texts(actors["description"]) if "description" in actors
                        else [None] * len(actors)),
    }


def _evidence(column: pd.Series) -> list[list[list[str | None]] | None]:
    """Each relation's evidence as ``[[source id, quote], ...]``, ``None`` when it has none."""
    out: list[list[list[str | None]] | None] = [None] * len(column)
    present = column.map(lambda e: bool(e) if isinstance(e, (tuple, list)) else False).to_numpy(
        dtype=bool)
    for i in np.flatnonzero(present).tolist():
        out[i] = [[_str_or_none(item.get("source")), _str_or_none(item.get("quote"))]
                  for item in cast(Sequence[Any], column.iat[i])  # a tuple or list, as `present` checked
                  if isinstance(item, Mapping)]
    return out


def _str_or_none(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def frame_counts(frame: list[int], t0: np.ndarray, open0: np.ndarray, t1: np.ndarray,
                 open1: np.ndarray, interaction: np.ndarray, implied: np.ndarray,
                 recent: int) -> dict[str, int]:
    """The relations a frame draws, counted the way ``graphlib-conflict info`` counts a day:
    ``active`` on the frame, ``fading`` (interactions of the previous ``recent`` days still drawn)
    and coalition-``implied`` ties; the page's script counts its frames the same way."""
    first, last = frame
    end = t1 + np.where(interaction, recent, 0)
    shown = (open0 | (t0 <= last)) & (open1 | (end >= first))
    implied_shown = shown & implied
    fading = shown & ~implied & interaction & ~open1 & (t1 < first)
    return {"active": int((shown & ~implied & ~fading).sum()), "fading": int(fading.sum()),
            "implied": int(implied_shown.sum())}


def count_text(counts: dict[str, int], actors: int, overlay: bool) -> str:
    """``· 17 actors, 47 relations shown: 36 active + 8 recent interactions fading + 3
    coalition-implied, 12 alignments`` (what the page's script writes for each frame)."""
    def plural(x: int, word: str) -> str:
        return f"{x} {word}{'' if x == 1 else 's'}"

    parts = [f"{counts['active']} active"]
    if counts["fading"]:
        parts.append(plural(counts["fading"], "recent interaction") + " fading")
    if counts["implied"]:
        parts.append(f"{counts['implied']} coalition-implied")
    total = counts["active"] + counts["fading"] + counts["implied"]
    return (f"\u00b7 {plural(actors, 'actor')}, {plural(total, 'relation')} shown: "
            + " + ".join(parts) + (f", {plural(counts['alignments'], 'alignment')}" if overlay
                                   else ""))


def _shown_pairs(pairs: dict[str, list[Any]], frame: int) -> int:
    neutral = STATUSES.index("neutral")
    count = 0
    for timeline in pairs["timeline"]:
        entries = [entry for entry in timeline if entry[0] <= frame]
        if entries and entries[-1][1] != neutral:
            count += 1
    return count


def _positions(ids: pd.Index, column: pd.Series) -> np.ndarray:
    """Positions in ``ids`` of a column's values, hashing each distinct value once (a million
    relations name a few thousand actors)."""
    codes, uniques = pd.factorize(column)
    return ids.get_indexer(uniques)[codes]


def _empty_pairs() -> dict[str, list[Any]]:
    return {"a": [], "b": [], "timeline": []}


def _pairs(graph: ConflictGraph, spec: ViewSpec, frames: list[list[int]],
           index: pd.Series) -> dict[str, list[Any]]:
    """Each top-level pair's alignment through the frames, stored only where it changes.

    A timeline entry is ``[frame, status, score, positive, negative, relations]`` with ``status`` an
    index into :data:`~graphlib_conflict.analytics.alignment.STATUSES`; a pair that drops out of the
    table (nothing between them any more) gets a ``neutral`` entry.
    """
    p = spec.params
    params = p.to_dict() | {"coalition_ties": spec.implied if spec.implied is not None
                            else p.coalition_ties}
    neutral = STATUSES.index("neutral")
    timelines: dict[tuple[str, str], list[list[Any]]] = {}
    last_state: dict[tuple[str, str], tuple[Any, ...]] = {}
    for number, (_, day) in enumerate(frames):
        table = alignment(graph, Day(day), **params)
        codes = pd.Categorical(table["status"], categories=list(STATUSES)).codes
        rows = zip(table["source"].tolist(), table["target"].tolist(), codes.tolist(),
                   np.round(table["score"].to_numpy(), 3).tolist(),
                   np.round(table["positive"].to_numpy(), 3).tolist(),
                   np.round(table["negative"].to_numpy(), 3).tolist(),
                   table["relations"].tolist(), strict=True)
        seen = set()
        for a, b, status, score, positive, negative, count in rows:
            key = (a, b)
            seen.add(key)
            state = (status, score, positive, negative, count)
            if last_state.get(key) != state:
                timelines.setdefault(key, []).append([number, *state])
                last_state[key] = state
        for key in [k for k, s in last_state.items() if k not in seen and s[0] != neutral]:
            timelines[key].append([number, neutral, 0.0, 0.0, 0.0, 0])
            last_state[key] = (neutral, 0.0, 0.0, 0.0, 0)
    position = dict(zip(index.index.tolist(), index.tolist(), strict=True))  # one lookup per actor
    keys = sorted(k for k, line in timelines.items()
                  if any(entry[1] != neutral for entry in line) and k[0] in position
                  and k[1] in position)
    return {"a": [int(position[a]) for a, _ in keys], "b": [int(position[b]) for _, b in keys],
            "timeline": [timelines[k] for k in keys]}


def vis_options(*, physics: bool, seed: int, n_edges: int) -> dict[str, Any]:
    """vis-network options, starting from pyvis's option structure (Barnes-Hut settings).

    Examples
    --------
    >>> opts = vis_options(physics=True, seed=7, n_edges=10)
    >>> opts["physics"]["enabled"], opts["layout"]["randomSeed"], opts["edges"]["color"]["inherit"]
    (True, 7, False)
    """
    from pyvis.network import Network

    net = Network(directed=True)
    net.barnes_hut(gravity=-4000, central_gravity=0.25, spring_length=190, spring_strength=0.02,
                   damping=0.25, overlap=0.6)
    net.toggle_physics(physics)
    net.toggle_stabilization(physics)
    options: dict[str, Any] = json.loads(net.options.to_json())
    options.pop("configure", None)
    options["physics"]["stabilization"].update({"iterations": 400, "updateInterval": 25,
                                                "fit": True})
    options["layout"] = {"randomSeed": seed, "improvedLayout": False}
    large = n_edges > LARGE_EDGE_COUNT
    options["interaction"].update({"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                                   "hideEdgesOnZoom": large, "multiselect": False,
                                   "keyboard": False, "navigationButtons": False})
    options["edges"] = {"color": {"inherit": False}, "smooth": False, "selectionWidth": 1.5,
                        "hoverWidth": 1, "arrowStrikethrough": False,
                        "arrows": {"to": {"scaleFactor": 0.6}},
                        "font": {"size": 11, "face": "system-ui, sans-serif", "align": "middle",
                                 "strokeWidth": 3, "strokeColor": "#ffffff"}}
    options["nodes"] = {"borderWidth": 1.5, "borderWidthSelected": 3,
                        "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 4,
                                 "strokeColor": "#ffffff", "color": "#1a1a1a"},
                        "widthConstraint": {"maximum": 160}}
    options["autoResize"] = True
    options["height"] = "100%"
    options["width"] = "100%"
    return options


