"""Plain data as JSON, inline SVG charts, and writing a result's text to a file atomically."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from graphlib_conflict._atomic import write_text
from graphlib_conflict.render._escape import is_missing
from graphlib_conflict.render._format import number

__all__ = ["json_dumps", "plain", "svg_series", "written"]


def plain(value: Any) -> Any:
    """Plain, JSON-safe Python: numpy scalars unboxed, NaN and missing values as ``None``,
    timestamps as ISO days, tuples as lists.

    Examples
    --------
    >>> import numpy as np
    >>> plain({"a": np.int64(3), "b": float("nan"), "c": (1, 2)})
    {'a': 3, 'b': None, 'c': [1, 2]}
    """
    kind = type(value)  # the common exact types first: a report holds tens of thousands of values
    if kind is str or kind is int or kind is bool:
        return value
    if kind is float:
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date().isoformat()
    if is_missing(value):
        return None
    return value if isinstance(value, str) else str(value)


def json_dumps(data: Any, *, indent: int | None = 2) -> str:
    """JSON text of plain data (see :func:`plain`); never ``NaN``."""
    return json.dumps(plain(data), indent=indent, ensure_ascii=False, allow_nan=False) + "\n"


def written(text: str, path: str | os.PathLike[str] | None) -> str:
    """``text``, after writing it atomically to ``path`` when one is given."""
    if path is not None:
        write_text(path, text)
    return text


def svg_series(days: Sequence[Any], values: Sequence[float], *, width: int = 640,
               height: int = 140, threshold: float | None = None,
               label: str = "alignment score over time") -> str:
    """An inline SVG line chart of one numeric series over dates (no text from data in it)."""
    x = pd.to_datetime(pd.Series(days)).to_numpy(dtype="datetime64[D]").astype(np.int64)
    y = np.asarray(values, dtype="float64")
    if len(x) == 0:
        return ""
    pad = 28
    x0, x1 = int(x.min()), int(x.max())
    top = max(float(np.nanmax(y)), threshold or 0.0, 0.0)
    bottom = min(float(np.nanmin(y)), -(threshold or 0.0), 0.0)
    span_y = (top - bottom) or 1.0
    span_x = (x1 - x0) or 1

    def px(day: float) -> float:
        return pad + (day - x0) / span_x * (width - 2 * pad)

    def py(val: float) -> float:
        return 8 + (top - val) / span_y * (height - 24)

    points = " ".join(f"{px(float(d)):.1f},{py(float(v)):.1f}" for d, v in zip(x, y, strict=True))
    zero = py(0.0)
    first, last = (str(np.datetime64(int(d), "D")) for d in (x0, x1))
    guides = ""
    if threshold:
        guides = "".join(
            f'<line x1="{pad}" x2="{width - pad}" y1="{py(t):.1f}" y2="{py(t):.1f}" '
            'stroke="#d0d7de" stroke-dasharray="3 3"/>' for t in (threshold, -threshold))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
            f'<line x1="{pad}" x2="{width - pad}" y1="{zero:.1f}" y2="{zero:.1f}" '
            'stroke="#8c959f"/>'
            f'{guides}<polyline fill="none" stroke="#0969da" stroke-width="1.6" points="{points}"/>'
            f'<text x="{pad}" y="{height - 2}" font-size="10" fill="#57606a">{first}</text>'
            f'<text x="{width - pad}" y="{height - 2}" font-size="10" fill="#57606a" '
            f'text-anchor="end">{last}</text>'
            f'<text x="2" y="{py(top) + 4:.1f}" font-size="10" fill="#57606a">'
            f'{number(round(top, 1))}</text><text x="2" y="{py(bottom):.1f}" font-size="10" '
            f'fill="#57606a">{number(round(bottom, 1))}</text>'
            "</svg>")
