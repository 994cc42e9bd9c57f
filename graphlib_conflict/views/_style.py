"""How things look: colours and shapes per actor type, colours per sign and status, line styles.

Every colour, shape and size that reaches the page goes through :func:`check_color`,
:func:`check_shape` or :func:`check_size` first, whether it comes from these tables, from the caller's
``node_styles`` or from an actor's ``attributes`` in the data: nothing unchecked reaches the canvas or
the legend.

The edge scheme is one colour per sign or status, shared by relation edges and the alignment overlay:

========== ========= ==============================================================
colour      name      meaning
========== ========= ==============================================================
green       ally      a positive relation, or a pair whose alignment is ``ally``
red         adversary a negative relation, or a pair whose alignment is ``adversary``
purple      mixed     a pair pulled both ways at once (overlay only)
grey        neutral   a structural relation (no sign), or a ``neutral`` pair
========== ========= ==============================================================
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphlib_conflict.exceptions import ViewError

__all__ = [
    "ACTOR_STYLES",
    "CATEGORY_DASHES",
    "EXTRA_COLORS",
    "FALLBACK_STYLE",
    "SHAPES",
    "SIGN_STATUS",
    "STATUS_COLORS",
    "NodeStyle",
    "actor_styles",
    "check_color",
    "check_shape",
    "check_size",
    "darker",
]




SHAPES = ("dot", "diamond", "star", "triangle", "triangleDown", "hexagon", "square")
"""Node shapes a style may use: vis-network shapes drawn with the label below, so every node has the
same footprint and the legend can draw each one."""

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class NodeStyle:
    """The look of one actor type.

    Attributes
    ----------
    color : str
        Fill colour, ``#rrggbb``.
    shape : str
        One of :data:`SHAPES`.
    size : float
        Radius in pixels at zoom 1.
    dashed : bool
        Dashed border: marks an actor type the shipped styles do not know.
    """

    color: str
    shape: str
    size: float
    dashed: bool = False


ACTOR_STYLES: dict[str, NodeStyle] = {
    "state": NodeStyle("#1f78b4", "dot", 22),
    "government_forces": NodeStyle("#a6cee3", "triangle", 18),
    "armed_group": NodeStyle("#ff7f00", "diamond", 18),
    "coalition": NodeStyle("#ffd92f", "hexagon", 20),
    "person": NodeStyle("#e78ac3", "star", 16),
    "international_org": NodeStyle("#66c2a5", "square", 16),
    "civilian_population": NodeStyle("#a6761d", "triangleDown", 16),
    "media": NodeStyle("#b3b3b3", "square", 14),
    "other": NodeStyle("#d9d9d9", "dot", 14),
}
"""The shipped style of each shipped actor type."""

EXTRA_COLORS = ("#8dd3c7", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
                "#bc80bd")
"""Colours given, in turn, to actor types the shipped styles do not know (sorted by type id)."""

FALLBACK_STYLE = NodeStyle("#cccccc", "dot", 16, dashed=True)
"""The style of an unknown actor type once :data:`EXTRA_COLORS` are used up."""

STATUS_COLORS = {"ally": "#1a9850", "adversary": "#d73027", "mixed": "#7b3294",
                 "neutral": "#8c8c8c"}
"""Edge colour per alignment status; relation edges take the colour of their sign's status."""

SIGN_STATUS = {1: "ally", -1: "adversary", 0: "neutral"}
"""The status whose colour a relation of each sign is drawn in."""

CATEGORY_DASHES: dict[str, bool | list[int]] = {"alignment": False, "interaction": [8, 6],
                                                "structural": [2, 5]}
"""vis-network ``dashes`` per relation category: alignment solid, interaction dashed, structural
dotted."""


def check_color(value: Any, *, what: str) -> str:
    """A validated colour in ``#rrggbb`` form.

    Parameters
    ----------
    value : object
        ``#rgb`` or ``#rrggbb`` text.
    what : str
        Where the value came from, for the error message.

    Raises
    ------
    ViewError
        If the value is not such a colour.

    Examples
    --------
    >>> check_color("#F80", what="colour")
    '#ff8800'
    >>> check_color("red;background:url(x)", what="style of 'state'")
    Traceback (most recent call last):
    ...
    graphlib_conflict.exceptions.ViewError: style of 'state': colour 'red;background:url(x)' is not ...
    """
    if not isinstance(value, str) or not _HEX.match(value):
        raise ViewError(f"{what}: colour {value!r} is not a hex colour: expected '#rgb' or "
                        "'#rrggbb', e.g. '#1f78b4'")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def check_shape(value: Any, *, what: str) -> str:
    """A validated node shape (one of :data:`SHAPES`).

    Raises
    ------
    ViewError
        If the shape is not one of :data:`SHAPES`.

    Examples
    --------
    >>> check_shape("star", what="shape")
    'star'
    """
    if value not in SHAPES:
        raise ViewError(f"{what}: shape {value!r} is not one of {', '.join(SHAPES)}")
    return str(value)


def check_size(value: Any, *, what: str, low: float = 1.0, high: float = 100.0) -> float:
    """A validated size: a finite number in ``[low, high]``.

    Raises
    ------
    ViewError
        If the value is not such a number.

    Examples
    --------
    >>> check_size(12, what="size")
    12.0
    >>> check_size("12px", what="size of 'TUR'")
    Traceback (most recent call last):
    ...
    graphlib_conflict.exceptions.ViewError: size of 'TUR': '12px' is not a number between 1 and 100
    """
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not low <= value <= high:
        raise ViewError(f"{what}: {value!r} is not a number between {low:g} and {high:g}")
    return float(value)


def darker(color: str, factor: float = 0.65) -> str:
    """The colour with each channel scaled by ``factor`` (for borders).

    Examples
    --------
    >>> darker("#ffffff")
    '#a6a6a6'
    """
    digits = check_color(color, what="colour")[1:]
    channels = (round(int(digits[i:i + 2], 16) * factor) for i in (0, 2, 4))
    return "#" + "".join(f"{c:02x}" for c in channels)


def actor_styles(types: Iterable[str],
                 overrides: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, NodeStyle]:
    """The style of each actor type present, with the caller's overrides applied and checked.

    Shipped types take :data:`ACTOR_STYLES`; other types (a dataset's own) take the colours of
    :data:`EXTRA_COLORS` in sorted order, then :data:`FALLBACK_STYLE`, always with a dashed border
    so an unknown type is never mistaken for a known one.

    Parameters
    ----------
    types : iterable of str
        Actor types present in the graph.
    overrides : mapping, optional
        ``{type: {"color": ..., "shape": ..., "size": ...}}``; any subset of the three keys.

    Returns
    -------
    dict
        ``{type: NodeStyle}`` in sorted type order.

    Raises
    ------
    ViewError
        If an override has an unknown key or an invalid value.

    Examples
    --------
    >>> styles = actor_styles(["state", "militia"], {"state": {"color": "#000"}})
    >>> styles["state"].color, styles["militia"].color, styles["militia"].dashed
    ('#000000', '#8dd3c7', True)
    """
    present = sorted(set(types))
    unknown = [t for t in present if t not in ACTOR_STYLES]
    extra = dict(zip(unknown, EXTRA_COLORS, strict=False))
    styles: dict[str, NodeStyle] = {}
    for kind in present:
        if kind in ACTOR_STYLES:
            styles[kind] = ACTOR_STYLES[kind]
        elif kind in extra:
            styles[kind] = NodeStyle(extra[kind], FALLBACK_STYLE.shape, FALLBACK_STYLE.size,
                                     dashed=True)
        else:
            styles[kind] = FALLBACK_STYLE
    for kind, override in (overrides or {}).items():
        if not isinstance(override, Mapping):
            raise ViewError(f"node_styles[{kind!r}] must be a mapping with 'color', 'shape' or "
                            f"'size', got {type(override).__name__}")
        bad = sorted(set(override) - {"color", "shape", "size"})
        if bad:
            raise ViewError(f"node_styles[{kind!r}]: unknown key {bad[0]!r}; expected 'color', "
                            "'shape' or 'size'")
        base = styles.get(kind, FALLBACK_STYLE)
        what = f"node_styles[{kind!r}]"
        checked = NodeStyle(
            check_color(override.get("color", base.color), what=what),
            check_shape(override.get("shape", base.shape), what=what),
            check_size(override.get("size", base.size), what=what),
            dashed=base.dashed,
        )
        if kind in styles:
            styles[kind] = checked
    return styles
