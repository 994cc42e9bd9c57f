"""Settling the seeded layout in Python, for views whose picture must be known before any browser runs.

A standalone page lets vis-network's force simulation settle the seeded layout in the browser. A
notebook view cannot: its static fallback (an SVG for untrusted notebooks, see ``_fallback``) is
drawn in Python and must show every actor exactly where the interactive view will. So a notebook
view settles the layout here, with the same forces and parameters as the page's physics options,
and the page draws those positions as they are (physics off).

The forces, on every node at every step:

* **repulsion** from every other node, ``|gravitationalConstant| / d**2``, where ``d`` is the
  distance between the centres less ``avoidOverlap`` times the two radii (so nodes keep apart);
* **springs** along each linked pair of the whole history, ``springConstant * (d - springLength)``;
* **central gravity** toward the origin, of constant size ``centralGravity``;
* **damping** ``damping * velocity``; speeds are capped and the run stops when every node is slower
  than ``minVelocity``, or after ``iterations`` steps.

Every step is vectorised (numpy, all pairs at once); graphs of more than :data:`SETTLE_LIMIT`
actors keep the seeded layout unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["SETTLE_LIMIT", "settle"]

SETTLE_LIMIT = 600
"""Most actors a layout is settled for (each step weighs every pair of actors)."""

_STEP = 0.5
_MAX_SPEED = 50.0
_MIN_SPEED = 0.1
_MIN_STEPS = 50


def settle(x: np.ndarray, y: np.ndarray, a: np.ndarray, b: np.ndarray, radius: np.ndarray,
           physics: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Positions after the force simulation settles, from a seeded start.

    Parameters
    ----------
    x, y : numpy.ndarray
        Start positions (pixels).
    a, b : numpy.ndarray of int
        The springs: node positions of each linked pair.
    radius : numpy.ndarray
        Each node's radius (pixels).
    physics : mapping
        vis-network ``physics`` options: ``barnesHut`` (``gravitationalConstant``,
        ``centralGravity``, ``springLength``, ``springConstant``, ``damping``, ``avoidOverlap``)
        and ``stabilization.iterations``.

    Returns
    -------
    tuple of numpy.ndarray
        ``(x, y)``, rounded to whole pixels (vis-network keeps node positions in whole pixels, so
        the page draws exactly these). The same input always gives the same output.

    Examples
    --------
    >>> opts = {"barnesHut": {"gravitationalConstant": -4000, "centralGravity": 0.25,
    ...         "springLength": 190, "springConstant": 0.02, "damping": 0.25,
    ...         "avoidOverlap": 0.6}, "stabilization": {"iterations": 400}}
    >>> x, y = settle(np.array([-1.0, 1.0]), np.array([0.0, 0.0]), np.array([0]), np.array([1]),
    ...               np.array([10.0, 10.0]), opts)
    >>> 150 < float(x[1] - x[0]) < 230, bool(y[0] == y[1] == 0)
    (True, True)
    """
    n = len(x)
    if n < 2 or n > SETTLE_LIMIT:
        return np.round(np.asarray(x, float)), np.round(np.asarray(y, float))
    solver = physics["barnesHut"]
    repulsion = abs(float(solver["gravitationalConstant"]))
    central = float(solver["centralGravity"])
    length = float(solver["springLength"])
    stiffness = float(solver["springConstant"])
    damping = float(solver["damping"])
    overlap = float(solver["avoidOverlap"])
    iterations = int(physics.get("stabilization", {}).get("iterations", 400))

    pos = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
    speed = np.zeros_like(pos)
    reach = overlap * (radius[:, None] + radius[None, :])
    np.fill_diagonal(reach, 0.0)
    for step in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta ** 2).sum(axis=2))
        np.fill_diagonal(dist, 1.0)
        dist = np.maximum(dist, 0.1)
        gap = np.maximum(dist - reach, 0.1 * dist)
        push = repulsion / gap ** 2
        np.fill_diagonal(push, 0.0)
        force = (delta * (push / dist)[:, :, None]).sum(axis=1)
        if len(a):
            pull = pos[b] - pos[a]
            span = np.maximum(np.sqrt((pull ** 2).sum(axis=1)), 0.01)
            tug = (stiffness * (span - length) / span)[:, None] * pull
            np.add.at(force, a, tug)
            np.add.at(force, b, -tug)
        away = np.sqrt((pos ** 2).sum(axis=1))
        force -= central * pos / np.maximum(away, 0.01)[:, None]
        speed = speed + (force - damping * speed) * _STEP
        fastest = np.sqrt((speed ** 2).sum(axis=1))
        speed *= np.minimum(1.0, _MAX_SPEED / np.maximum(fastest, 1e-12))[:, None]
        pos = pos + speed * _STEP
        if step >= _MIN_STEPS and fastest.max() < _MIN_SPEED:
            break
    return np.round(pos[:, 0]), np.round(pos[:, 1])
