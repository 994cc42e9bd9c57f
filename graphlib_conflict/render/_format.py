"""One format per kind of number, and plurals that agree.

Every result writes its numbers through :func:`number`, so a score has two decimals in the terminal,
in Markdown and in HTML alike, a count is a whole number, and a ratio two decimals.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from graphlib_conflict.render._escape import is_missing

__all__ = ["NUMBER_KINDS", "NumberKind", "number", "plural"]

NumberKind = Literal["score", "weight", "ratio", "share", "count", "index", "plain"]
NUMBER_KINDS: dict[str, str] = {
    "score": "alignment scores and their parts: 2 decimals",
    "weight": "relation weights and tensions: 2 decimals",
    "ratio": "balance ratios: 2 decimals",
    "share": "centrality values (PageRank, betweenness): 3 decimals",
    "count": "counts: whole numbers, thousands separated",
    "index": "frustration index: whole when it counts ties, else 2 decimals",
    "plain": "as given: whole numbers whole, others 2 decimals",
}
"""The kinds of number :func:`number` formats, and how."""

_DECIMALS = {"score": 2, "weight": 2, "ratio": 2, "share": 3}


def number(value: Any, kind: NumberKind = "plain") -> str:
    """A number for display, in the format of its kind (see :data:`NUMBER_KINDS`).

    Negative values take a real minus sign; a missing value is ``"n/a"``; booleans are
    ``yes``/``no``; text is returned as it is.

    Examples
    --------
    >>> number(-5.5406, "score"), number(0.8333, "ratio"), number(12345, "count")
    ('−5.54', '0.83', '12,345')
    >>> number(2.0, "index"), number(2.5, "index"), number(None), number(True)
    ('2', '2.50', 'n/a', 'yes')
    """
    if is_missing(value):
        return "n/a"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    x = float(value)
    if kind == "count":
        text = f"{round(x):,}"
    elif kind in _DECIMALS:
        text = f"{x:.{_DECIMALS[kind]}f}"
        if float(text) == 0:
            text = text.lstrip("-")
    elif x.is_integer():
        text = f"{int(x)}"
    else:
        text = f"{x:.2f}"
    return text.replace("-", "−")


def plural(n: int, singular: str, many: str | None = None) -> str:
    """``n`` and the noun in the number that agrees with it.

    Examples
    --------
    >>> plural(1, "unbalanced triangle"), plural(3, "unbalanced triangle"), plural(2, "ally", "allies")
    ('1 unbalanced triangle', '3 unbalanced triangles', '2 allies')
    """
    word = singular if n == 1 else (many or singular + "s")
    return f"{number(n, 'count')} {word}"
