"""What if a tie were different? Flip, remove or add ties of the signed alignment graph at a day and
see balance, frustration, blocs and strain move.

:func:`what_if` takes the signed graph that :func:`~graphlib_conflict.analytics.balance.balance`
analyses on the day (the same actors, ties and who counts), edits it, and computes balance on both
graphs with the same machinery: the census and balance ratio, the frustration index with its two
blocs (named after their leaders, each actor's placement firm or contested), the strained
partnerships, the triangles through an edited tie, and who changed bloc (a change of company, by
the Jaccard rule of :func:`~graphlib_conflict.analytics.blocs.switches_between`).

Edits, by actor id, name or alias:

* ``flip=[("RUS", "TUR")]`` turns a tie's sign (its strength kept);
* ``remove=[("RUS", "TUR")]`` takes a tie out (the pair becomes neutral);
* ``add=[("RUS", "TUR", -1)]`` or ``("RUS", "TUR", -1, 2.5)`` sets a tie with a sign and a strength
  (default 1), replacing the pair's tie if it has one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from typing_extensions import Unpack

from graphlib_conflict.analytics.alignment import AlignmentKeywords, AlignmentParams
from graphlib_conflict.analytics.balance import (
    EXACT_TIME_LIMIT,
    BalanceResult,
    balance_of,
    check_limits,
    result_notes,
)
from graphlib_conflict.analytics.blocs import switches_between
from graphlib_conflict.analytics.signed import SignedEdges, signed_edges
from graphlib_conflict.analytics.signed.edges import IncludeTypes, included_types
from graphlib_conflict.dates import DateLike, Day
from graphlib_conflict.exceptions import GraphlibConflictError, ParameterError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.render import Doc, Result, plain, what_if_document

__all__ = ["ACTOR_COLUMNS", "EDIT_COLUMNS", "WhatIf", "what_if"]

EDIT_COLUMNS = ("action", "source", "target", "source_name", "target_name", "sign_before",
                "sign_after", "weight_before", "weight_after")
"""Columns of :attr:`WhatIf.edits`."""

ACTOR_COLUMNS = ("actor", "name", "bloc_before", "bloc_after", "placement_before",
                 "placement_after", "change")
"""Columns of :meth:`WhatIf.to_frame`."""

Pair = tuple[str, str]


@dataclass(frozen=True, eq=False)
class WhatIf(Result):
    """Balance before and after editing ties of the signed graph at a day (see :func:`what_if`).

    Attributes
    ----------
    at : str or None
        The day (ISO).
    edits : pandas.DataFrame
        The ties edited, columns :data:`EDIT_COLUMNS` (``action``: ``flip``, ``remove``, ``add``
        or ``replace``; signs 0 and weights NaN where there is no tie).
    before, after : BalanceResult
        Structural balance of the graph as it is and as edited.
    triangles : pandas.DataFrame
        The triangles through an edited tie: ``a``, ``b``, ``c`` (ids, sorted), ``before`` and
        ``after`` (``balanced``, ``unbalanced``, or empty where the triangle is not there).
    switches : pandas.DataFrame
        Actors whose bloc changed (``switched``, ``joined`` or ``left``), as
        :func:`~graphlib_conflict.analytics.blocs.switches_between` gives them.
    names : dict
        Actor id -> name.
    params : AlignmentParams
    notes : tuple of str
    """

    at: str | None
    edits: pd.DataFrame = field(repr=False)
    before: BalanceResult = field(repr=False)
    after: BalanceResult = field(repr=False)
    triangles: pd.DataFrame = field(repr=False)
    switches: pd.DataFrame = field(repr=False)
    names: dict[Any, str] = field(repr=False)
    params: AlignmentParams = field(repr=False)
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Every actor placed on either side, columns :data:`ACTOR_COLUMNS`: its bloc (by name)
        and placement (``firm``/``contested``) before and after, and ``change`` (``switched``,
        ``joined``, ``left`` or empty)."""
        f0, f1 = self.before.frustration, self.after.frustration
        actors = sorted(set(f0.blocs) | set(f1.blocs), key=str)
        change = dict(zip(self.switches["actor"], self.switches["change"], strict=True))

        def bloc(f: Any, actor: Any) -> str:
            return f.bloc_names.get(f.blocs[actor], "") if actor in f.blocs else ""

        return pd.DataFrame({
            "actor": pd.array([str(a) for a in actors], dtype="str"),
            "name": pd.array([self.names.get(a, str(a)) for a in actors], dtype="str"),
            "bloc_before": pd.array([bloc(f0, a) for a in actors], dtype="str"),
            "bloc_after": pd.array([bloc(f1, a) for a in actors], dtype="str"),
            "placement_before": pd.array([f0.placement.get(a, "") for a in actors], dtype="str"),
            "placement_after": pd.array([f1.placement.get(a, "") for a in actors], dtype="str"),
            "change": pd.array([change.get(a, "") for a in actors], dtype="str"),
        }, columns=list(ACTOR_COLUMNS))

    def summary(self) -> pd.DataFrame:
        """The headline numbers side by side: ``measure``, ``before``, ``after``."""
        rows = []
        for label, key in (("balance ratio", "balance_ratio"), ("triangles", "triangles"),
                           ("unbalanced triangles", "unbalanced"),
                           ("frustration index", "frustration"), ("blocs", "blocs"),
                           ("strained partnerships", "strained")):
            rows.append((label, _headline(self.before)[key], _headline(self.after)[key]))
        return pd.DataFrame(rows, columns=["measure", "before", "after"], dtype=object)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``at``, ``notes``, ``params``, ``edits`` (records of :data:`EDIT_COLUMNS`),
        ``before`` and ``after`` (each ``{balance_ratio, census, frustration: {index, method,
        lower_bound, upper_bound, optimal}, blocs, strained}``, ``blocs`` as
        :meth:`FrustrationResult.to_dict`'s ``bloc_list`` and ``strained`` records with names),
        ``triangles`` (through the edited ties: ``actors``, ``names``, ``before``, ``after``),
        ``actors`` (records of :meth:`to_frame`), ``switches`` (records: ``actor``, ``name``,
        ``change``, ``bloc_before``, ``bloc_after``, ``overlap``), ``placement_changes``
        (``actor``, ``name``, ``before``, ``after`` where the placement moved),
        ``strain_relieved`` and ``strain_new`` (partnerships no longer / newly strained: ``source``,
        ``target``, ``source_name``, ``target_name``)."""
        def side(result: BalanceResult) -> dict[str, Any]:
            d = result.to_dict()
            f = d["frustration"]
            return {"balance_ratio": d["balance_ratio"], "census": d["census"],
                    "frustration": {k: f[k] for k in ("index", "method", "lower_bound",
                                                      "upper_bound", "optimal")},
                    "blocs": f["bloc_list"], "strained": d["strained"]}

        actors = self.to_frame()
        moved = actors[(actors["placement_before"] != actors["placement_after"])
                       & (actors["placement_before"] != "") & (actors["placement_after"] != "")]
        before_pairs = _pairs(self.before.strained)
        after_pairs = _pairs(self.after.strained)

        def named(pairs: Iterable[Pair]) -> list[dict[str, Any]]:
            return [{"source": a, "target": b, "source_name": self.names.get(a, a),
                     "target_name": self.names.get(b, b)} for a, b in sorted(pairs)]

        triangles = [{"actors": [r["a"], r["b"], r["c"]],
                      "names": [self.names.get(r[x], r[x]) for x in ("a", "b", "c")],
                      "before": r["before"], "after": r["after"]}
                     for r in self.triangles.to_dict("records")]
        return plain({
            "at": self.at, "notes": list(self.notes), "params": self.params.to_dict(),
            "edits": self.edits.to_dict("records"),
            "before": side(self.before), "after": side(self.after),
            "triangles": triangles, "actors": actors.to_dict("records"),
            "switches": [{k: r.get(k) for k in ("actor", "name", "change", "bloc_before",
                                                 "bloc_after", "overlap")}
                         for r in self.switches.to_dict("records")],
            "placement_changes": [{"actor": r["actor"], "name": r["name"],
                                   "before": r["placement_before"], "after": r["placement_after"]}
                                  for r in moved.to_dict("records")],
            "strain_relieved": named(before_pairs - after_pairs),
            "strain_new": named(after_pairs - before_pairs),
        })

    def _document(self) -> Doc:
        return what_if_document(self.to_dict())

    def _title(self) -> str:
        return "What if" + (f" on {self.at}" if self.at else "")

    def __repr__(self) -> str:
        b, a = _headline(self.before), _headline(self.after)
        edits = f"{len(self.edits)} edit" + ("" if len(self.edits) == 1 else "s")
        return (f"<WhatIf {self.at}: {edits}; balance ratio "
                f"{b['balance_ratio']:.3f} -> {a['balance_ratio']:.3f}, frustration "
                f"{b['frustration']:g} -> {a['frustration']:g}>")


def _headline(result: BalanceResult) -> dict[str, Any]:
    return {"balance_ratio": result.balance_ratio, "triangles": result.census["total"],
            "unbalanced": result.census["unbalanced"], "frustration": result.frustration.index,
            "blocs": len(result.frustration.bloc_names), "strained": len(result.strained)}


def _pairs(strained: pd.DataFrame) -> set[Pair]:
    return set(zip(strained["source"].astype(str), strained["target"].astype(str), strict=True))


def what_if(graph: ConflictGraph, at: DateLike | Day | None = None, *,
            flip: Iterable[Sequence[str]] = (), remove: Iterable[Sequence[str]] = (),
            add: Iterable[Sequence[Any]] = (), include_types: IncludeTypes = None,
            exact_limit: int = 60, time_limit: float | None = None,
            **params: Unpack[AlignmentKeywords]) -> WhatIf:
    """Balance, frustration and blocs before and after flipping, removing or adding ties.

    Parameters
    ----------
    graph : ConflictGraph
    at : date-like, optional
        The day (a period means its last day); default the last day of the graph's window or
        data.
    flip : iterable of (str, str)
        Pairs whose tie changes sign (its strength kept). The pair must have a tie on the day.
    remove : iterable of (str, str)
        Pairs whose tie is taken out. The pair must have a tie on the day.
    add : iterable of (str, str, sign) or (str, str, sign, weight)
        Ties to set: ``sign`` ``+1``/``-1`` (or ``"+"``/``"-"``), ``weight`` > 0 (default 1). A
        pair that already has a tie gets the new one instead (``replace`` in :attr:`WhatIf.edits`).
    include_types : None, "all" or list of str
        Actor types considered (default: those that choose sides), as for
        :func:`~graphlib_conflict.analytics.balance.balance`.
    exact_limit, time_limit
        As for :func:`~graphlib_conflict.analytics.balance.balance`.
    **params
        Alignment parameters.

    Returns
    -------
    WhatIf
        ``before`` equals ``balance(graph, at, ...)``; ``after`` is the same analysis of the
        edited ties.

    Raises
    ------
    ActorNotFound
        If an actor is unknown.
    GraphlibConflictError
        If a flipped or removed pair has no tie, a pair is edited twice or names one actor twice,
        or an actor's type does not count for balance.
    ParameterError
        If nothing is edited, or a sign or weight is invalid.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> w = what_if(gc.load(), "2020-02-04", flip=[("Russia", "Turkey")])
    >>> print(w.summary().to_string(index=False))
                  measure before after
            balance ratio  0.625  0.75
                triangles      8     8
     unbalanced triangles      3     2
        frustration index    2.0   1.0
                    blocs      2     2
    strained partnerships      5     3
    """
    check_limits(exact_limit, time_limit)
    p = AlignmentParams.from_keywords(params)
    e0 = signed_edges(graph, at, include_types=include_types, **params)
    allowed = included_types(graph, include_types)
    kinds = dict(zip(graph.actors["id"], graph.actors["type"], strict=True))
    names = dict(zip(graph.actors["id"], graph.actors["name"], strict=True))
    ties = e0.frame()
    table = {(str(s), str(t)): (int(sign), float(w), float(score), str(status))
             for s, t, sign, w, score, status in zip(ties["source"], ties["target"], ties["sign"],
                                                     ties["weight"], ties["score"], ties["status"],
                                                     strict=True)}
    seen: set[Pair] = set()
    edits: list[tuple[Any, ...]] = []

    def pair_of(a: Any, b: Any) -> Pair:
        x, y = graph.resolve(str(a)), graph.resolve(str(b))
        if x == y:
            raise GraphlibConflictError(f"{a!r} and {b!r} are the same actor ({x}): give two actors")
        for actor in (x, y):
            if allowed is not None and kinds[actor] not in allowed:
                raise GraphlibConflictError(
                    f"{names[actor]} ({actor}) is of type {kinds[actor]!r}, which does not count "
                    "for balance: include it with include_types='all' (--include all)")
        pair = (min(x, y), max(x, y))
        if pair in seen:
            raise GraphlibConflictError(f"the tie {names[pair[0]]} – {names[pair[1]]} is edited "
                                        "twice: edit each pair once")
        seen.add(pair)
        return pair

    def existing(pair: Pair, action: str) -> tuple[int, float, float, str]:
        if pair not in table:
            raise GraphlibConflictError(
                f"cannot {action} {names[pair[0]]} – {names[pair[1]]}: they have no tie on "
                f"{e0.at} (neutral or nothing between them); set one with add=[({pair[0]!r}, "
                f"{pair[1]!r}, +1 or -1)]")
        return table[pair]

    for a, b in _two(flip, "flip"):
        pair = pair_of(a, b)
        sign, weight, score, _ = existing(pair, "flip")
        table[pair] = (-sign, weight, -score, "ally" if sign < 0 else "adversary")
        edits.append(("flip", *pair, sign, -sign, weight, weight))
    for a, b in _two(remove, "remove"):
        pair = pair_of(a, b)
        sign, weight, _, _ = existing(pair, "remove")
        del table[pair]
        edits.append(("remove", *pair, sign, 0, weight, np.nan))
    for item in add:
        a, b, new_sign, new_weight = _added(item)
        pair = pair_of(a, b)
        old = table.get(pair)
        table[pair] = (new_sign, new_weight, new_sign * new_weight,
                       "ally" if new_sign > 0 else "adversary")
        edits.append(("add" if old is None else "replace", *pair, 0 if old is None else old[0],
                      new_sign, np.nan if old is None else old[1], new_weight))
    if not edits:
        raise ParameterError("nothing to change: give flip=, remove= or add=")

    edited = pd.DataFrame([(s, t, sign, sc, st) for (s, t), (sign, _, sc, st) in table.items()],
                          columns=["source", "target", "sign", "score", "status"])
    edited.attrs["at"] = e0.at
    actor_names = pd.Series(names)
    e1 = signed_edges(edited.astype({"source": "str", "target": "str"}), names=actor_names)
    notes = result_notes(graph, e0)
    before = balance_of(e0, exact_limit=exact_limit, time_limit=time_limit, notes=notes)
    after = balance_of(e1, exact_limit=exact_limit, time_limit=time_limit, notes=notes)
    switches = switches_between(e0, e1, k=2, exact_limit=exact_limit,
                                time_limit=EXACT_TIME_LIMIT if time_limit is None else time_limit,
                                frustrations=(before.frustration, after.frustration))
    frame = pd.DataFrame(edits, columns=["action", "source", "target", "sign_before", "sign_after",
                                         "weight_before", "weight_after"])
    frame.insert(3, "source_name", frame["source"].map(names))
    frame.insert(4, "target_name", frame["target"].map(names))
    frame = frame.astype({"action": "str", "source": "str", "target": "str", "source_name": "str",
                          "target_name": "str", "sign_before": "int64", "sign_after": "int64",
                          "weight_before": "float64", "weight_after": "float64"})
    return WhatIf(at=e0.at, edits=frame[list(EDIT_COLUMNS)], before=before, after=after,
                  triangles=_edited_triangles(e0, e1, sorted(seen)),
                  switches=switches.reset_index(drop=True),
                  names=e0.name_map() | e1.name_map() | names, params=p, notes=notes)


def _two(pairs: Iterable[Sequence[str]], what: str) -> list[tuple[str, str]]:
    out = []
    for item in pairs:
        if isinstance(item, str) or len(item) != 2:
            raise ParameterError(f"{what}= takes pairs of actors, such as [('RUS', 'TUR')]; got "
                                 f"{item!r}")
        out.append((str(item[0]), str(item[1])))
    return out


def _added(item: Sequence[Any]) -> tuple[str, str, int, float]:
    """``(a, b, sign)`` or ``(a, b, sign, weight)``, checked."""
    if isinstance(item, str) or len(item) not in (3, 4):
        raise ParameterError("add= takes (a, b, sign) or (a, b, sign, weight), such as "
                             f"[('RUS', 'TUR', -1)]; got {item!r}")
    a, b, raw = str(item[0]), str(item[1]), item[2]
    signs = {"+": 1, "-": -1, "+1": 1, "-1": -1, "1": 1, "−": -1, "−1": -1}
    sign = signs.get(raw.strip()) if isinstance(raw, str) else (
        int(raw) if isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, bool)
        and raw in (1, -1) else None)
    if sign is None:
        raise ParameterError(f"the sign of an added tie is +1 or -1 (or '+', '-'), got {raw!r}")
    weight = 1.0
    if len(item) == 4:
        try:
            weight = float(item[3])
        except (TypeError, ValueError):
            raise ParameterError(f"the weight of an added tie is a number > 0, got {item[3]!r}") \
                from None
        if not np.isfinite(weight) or weight <= 0:
            raise ParameterError(f"the weight of an added tie is a number > 0, got {item[3]!r}")
    return a, b, sign, weight


def _edited_triangles(e0: SignedEdges, e1: SignedEdges, pairs: list[Pair]) -> pd.DataFrame:
    """Triangles through the edited pairs, with their status in each graph."""
    def signs(e: SignedEdges) -> dict[Pair, int]:
        ids = e.nodes.astype(str)
        return {(ids[u], ids[v]): int(s) for u, v, s in zip(e.u.tolist(), e.v.tolist(),
                                                             e.sign.tolist(), strict=True)}

    before, after = signs(e0), signs(e1)
    neighbours: dict[str, set[str]] = {}
    for a, b in [*before, *after]:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)

    def status(ties: dict[Pair, int], tri: tuple[str, str, str]) -> str:
        x, y, z = tri
        product = 1
        for pair in ((x, y), (y, z), (x, z)):
            if pair not in ties:
                return ""
            product *= ties[pair]
        return "balanced" if product > 0 else "unbalanced"

    found: dict[tuple[str, str, str], tuple[str, str]] = {}
    for a, b in pairs:
        for c in sorted(neighbours.get(a, set()) & neighbours.get(b, set())):
            tri: tuple[str, str, str] = tuple(sorted((a, b, c)))  # type: ignore[assignment]
            found[tri] = (status(before, tri), status(after, tri))
    rows = [(*tri, s0, s1) for tri, (s0, s1) in sorted(found.items()) if s0 or s1]
    return pd.DataFrame(rows, columns=["a", "b", "c", "before", "after"]).astype("str")
