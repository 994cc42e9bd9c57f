"""Signed ties as integer-indexed arrays: what every signed-graph algorithm here works on.

:func:`signed_edges` builds :class:`SignedEdges` once from its input — a ConflictGraph (its alignment
at a date), a signed ``networkx.Graph`` or an alignment table — in vectorised passes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from typing_extensions import Unpack

from graphlib_conflict._arrays import unique_ints
from graphlib_conflict.analytics.alignment import AlignmentKeywords, AlignmentParams, alignment
from graphlib_conflict.dates import DateLike, Day, day_to_iso, to_day
from graphlib_conflict.exceptions import GraphlibConflictError, ParameterError
from graphlib_conflict.graph import ConflictGraph

__all__ = ["IncludeTypes", "SignedEdges", "id_array", "included_types", "signed_edges",
           "strategic_pairs"]

IncludeTypes = Iterable[str] | Literal["all"] | None
"""Which actor types balance, blocs and strain consider: ``None`` for the strategic ones (every type
but those marked ``strategic: false`` in the vocabulary: civilian populations and media), ``"all"``,
or a list of type ids."""


@dataclass(frozen=True, eq=False)
class SignedEdges:
    """A signed graph as integer-indexed arrays.

    Attributes
    ----------
    nodes : numpy.ndarray
        Actor ids (object array), sorted; a node's index is its position. Only actors with at least
        one non-neutral tie are present.
    names : numpy.ndarray
        Display names, aligned with ``nodes`` (the id where the graph gives no ``name``).
    u, v : numpy.ndarray
        Endpoints of every tie (``int64``, ``u < v``).
    sign : numpy.ndarray
        ``+1``/``-1`` (``int8``).
    weight : numpy.ndarray
        Strength of the tie (``|score|`` for alignment graphs), ``float64``, ``>= 0``.
    score : numpy.ndarray
        Signed score (``sign * weight`` where the graph gives none).
    status : numpy.ndarray
        Alignment status (object array).
    at : str or None
        The day the graph describes (ISO text).
    left_out : dict
        Actor id -> name of the actors with ties at that day left out because their type does not
        choose sides (see :func:`strategic_pairs`).
    """

    nodes: np.ndarray
    names: np.ndarray
    u: np.ndarray
    v: np.ndarray
    sign: np.ndarray
    weight: np.ndarray
    score: np.ndarray
    status: np.ndarray
    at: str | None
    left_out: dict[Any, str] = field(default_factory=dict)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def m(self) -> int:
        """Number of ties."""
        return len(self.u)

    def costs(self, weighted: bool) -> np.ndarray:
        """What changing each tie costs: its weight, or 1."""
        return self.weight if weighted else np.ones(self.m)

    def name_map(self) -> dict[Any, str]:
        """Actor id -> display name."""
        return dict(zip(self.nodes.tolist(), self.names.tolist(), strict=True))

    def adjacency(self, values: np.ndarray) -> sp.csr_array:
        """Symmetric ``n x n`` matrix holding ``values`` on both (u, v) and (v, u)."""
        rows = np.concatenate([self.u, self.v])
        cols = np.concatenate([self.v, self.u])
        data = np.concatenate([values, values])
        return sp.csr_array((data, (rows, cols)), shape=(self.n, self.n))

    def frame(self) -> pd.DataFrame:
        """The ties as a table: ``source``, ``target`` (ids, ``source < target``), ``sign``,
        ``weight``, ``score``, ``status``."""
        return pd.DataFrame({
            "source": id_array(self.nodes[self.u]), "target": id_array(self.nodes[self.v]),
            "sign": self.sign.astype(np.int64), "weight": self.weight, "score": self.score,
            "status": pd.array(self.status, dtype="str"),
        })


def id_array(ids: np.ndarray) -> Any:
    """Actor ids as a column: pandas ``str`` when they are text (the usual case), else as given."""
    values = ids.tolist()
    if all(isinstance(x, str) for x in values):
        return pd.array(values, dtype="str")
    column = np.empty(len(values), object)
    column[:] = values
    return column


def strategic_pairs(table: pd.DataFrame, graph: ConflictGraph,
                    include_types: IncludeTypes = None) -> tuple[pd.DataFrame, dict[Any, str]]:
    """The rows of an alignment table whose two actors are of the included types, and the actors
    (id -> name) left out that had a non-neutral tie.

    Raises
    ------
    ParameterError
        If ``include_types`` names a type the vocabulary does not know.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> g = gc.load()
    >>> kept, left_out = strategic_pairs(gc.alignment(g, "2020-02-04"), g)
    >>> left_out
    {'IDLIB_IDP': 'Displaced civilians of Idlib'}
    """
    chosen = included_types(graph, include_types)
    if chosen is None:
        return table, {}
    kind = pd.Series(graph.actors["type"].to_numpy(), index=graph.actors["id"].to_numpy())
    inside = (table["source"].map(kind).isin(chosen) & table["target"].map(kind).isin(chosen))
    outside = table[~inside.to_numpy() & (table["status"] != "neutral").to_numpy()]
    dropped = pd.unique(np.concatenate([outside["source"].to_numpy(), outside["target"].to_numpy()]))
    names = pd.Series(graph.actors["name"].to_numpy(), index=graph.actors["id"].to_numpy())
    left_out = {a: str(names.get(a, a)) for a in sorted(dropped) if kind.get(a) not in chosen}
    return table[inside.to_numpy()], left_out


def included_types(graph: ConflictGraph, include_types: IncludeTypes = None) -> set[str] | None:
    """The actor types that count for balance (``None`` for every type), checked against the
    vocabulary.

    Raises
    ------
    ParameterError
        If ``include_types`` names a type the vocabulary does not know.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> sorted(included_types(gc.load()))[:3], included_types(gc.load(), "all")
    (['armed_group', 'coalition', 'government_forces'], None)
    """
    if include_types is None:
        return set(graph.vocabulary.strategic_types())
    if isinstance(include_types, str) and include_types == "all":
        return None
    known = graph.vocabulary.actor_types.index
    chosen = {include_types} if isinstance(include_types, str) else set(include_types)
    unknown = sorted(chosen - set(known))
    if unknown:
        raise ParameterError(f"include_types: unknown actor type(s) {', '.join(unknown)}; "
                             f"known: {', '.join(known)}, or 'all'")
    return chosen


def signed_edges(graph: ConflictGraph | nx.Graph | pd.DataFrame, at: DateLike | Day | None = None,
                 *, attributes: bool = True, names: pd.Series | None = None,
                 include_types: IncludeTypes = None,
                 **params: Unpack[AlignmentKeywords]) -> SignedEdges:
    """The signed ties of a ConflictGraph at a date, of a signed networkx graph, or of an alignment
    table, as :class:`SignedEdges`. With ``attributes=False`` only the signs are read from a
    networkx graph (weights 1), which is what counting triangles needs; ``names`` (actor id ->
    display name) names the actors of an alignment table. A ConflictGraph's ties are kept between
    actors of the ``include_types`` only (:func:`strategic_pairs`).

    Raises
    ------
    GraphlibConflictError
        If a networkx graph is directed or a multigraph, has a tie without a numeric ``sign`` or a
        self-loop, or if alignment parameters (or another date) are given with a graph that is
        already signed.
    ParameterError
        If an alignment parameter is unknown or out of range, or ``graph`` is of another type.
    """
    AlignmentParams.from_keywords(params)
    if isinstance(graph, nx.Graph):
        if params:
            raise GraphlibConflictError(
                "alignment parameters apply to a ConflictGraph, but a signed networkx graph was "
                f"given (its signs are already set): drop {', '.join(sorted(params))}")
        return _from_networkx(graph, at, attributes)
    if isinstance(graph, pd.DataFrame):
        return _from_table(graph, _at_text(graph.attrs.get("at"), at), names)
    if not isinstance(graph, ConflictGraph):
        raise ParameterError("expected a ConflictGraph, a signed networkx.Graph or an alignment "
                             f"table, got {type(graph).__name__}")
    table = alignment(graph, at, **params)
    kept, left_out = strategic_pairs(table, graph, include_types)
    names = pd.Series(graph.actors["name"].to_numpy(), index=graph.actors["id"].to_numpy())
    return replace(_from_table(kept, table.attrs.get("at"), names), left_out=left_out)


def _from_table(table: pd.DataFrame, at_text: str | None, names: pd.Series | None) -> SignedEdges:
    """An alignment table's non-neutral pairs as arrays, in one vectorised pass."""
    missing = {"source", "target", "score"} - set(table.columns)
    if missing:
        raise GraphlibConflictError(
            f"an alignment table needs the columns source, target and score; missing "
            f"{', '.join(sorted(missing))}; hint: make one with gc.alignment(graph, at=...)")
    score = table["score"].to_numpy(dtype=np.float64)
    status = (table["status"].to_numpy(dtype=object) if "status" in table.columns
              else np.where(score > 0, "ally", np.where(score < 0, "adversary", "neutral")).astype(object))
    keep = (status != "neutral") & (np.sign(score) != 0) & np.isfinite(score)
    source = table["source"].to_numpy(dtype=object)[keep]
    target = table["target"].to_numpy(dtype=object)[keep]
    if (source == target).any():
        raise GraphlibConflictError(f"the alignment table pairs {source[source == target][0]!r} with "
                                    "itself; balance is defined between distinct actors")
    nodes, codes = np.unique(np.concatenate([source, target]).astype(str), return_inverse=True)
    u, v = codes[: len(source)], codes[len(source):]
    score = score[keep]
    swap = u > v
    u, v = np.where(swap, v, u), np.where(swap, u, v)
    # a canonical tie order, so that solvers break ties between equally good blocs the same way
    # whichever way the table was built
    order = np.lexsort((v, u))
    u, v, score, status = u[order], v[order], score[order], status[keep][order]
    node_ids = nodes.astype(object)
    if names is None:
        display = node_ids
    else:
        display = pd.Series(node_ids).map(names).fillna(pd.Series(node_ids)).to_numpy(dtype=object)
    return SignedEdges(nodes=node_ids, names=display, u=u.astype(np.int64), v=v.astype(np.int64),
                       sign=np.sign(score).astype(np.int8), weight=np.abs(score), score=score,
                       status=status, at=at_text)


def _from_networkx(G: nx.Graph, at: DateLike | Day | None, attributes: bool = True) -> SignedEdges:
    if G.is_directed() or G.is_multigraph():
        raise GraphlibConflictError(
            f"a signed graph must be an undirected simple networkx.Graph, got {type(G).__name__}; "
            "hint: use gc.alignment_graph(graph, at=...) or nx.Graph(G.to_undirected())")
    at_text = _at_text(G.graph.get("at"), at)
    nodes_all = list(G.nodes)
    try:
        nodes_all.sort()
    except TypeError:
        nodes_all.sort(key=str)
    index = {node: i for i, node in enumerate(nodes_all)}
    # One pass over the raw adjacency dicts, each tie taken from its lower-indexed end: several times
    # faster than G.edges(data=True) on graphs with 10^5 ties.
    rows: list[tuple[Any, ...]]
    if attributes:
        rows = [(ia, ib, d.get("sign"), d.get("weight", 1.0), d.get("score"), d.get("status"))
                for a, nbrs in G.adjacency() for ia in (index[a],)
                for b, d in nbrs.items() for ib in (index[b],) if ib >= ia]
    else:
        rows = [(ia, ib, d.get("sign")) for a, nbrs in G.adjacency() for ia in (index[a],)
                for b, d in nbrs.items() for ib in (index[b],) if ib >= ia]
    columns = [[row[k] for row in rows] for k in range(6 if attributes else 3)]
    u = np.array(columns[0], np.int64)
    v = np.array(columns[1], np.int64)
    raw_sign = _numeric(columns[2], rows, nodes_all, "sign", required=True)
    if attributes:
        weight = _numeric(columns[3], rows, nodes_all, "weight")
        score = _numeric(columns[4], rows, nodes_all, "score")
        status = np.array(columns[5], dtype=object)
        weight = np.where(np.isnan(weight), 1.0, weight)
    else:
        weight, score, status = np.ones(len(u)), np.full(len(u), np.nan), np.full(len(u), None)
    if (u == v).any():
        k = int(np.flatnonzero(u == v)[0])
        raise GraphlibConflictError(
            f"the signed graph has a self-loop on {nodes_all[u[k]]!r}; balance is defined between "
            "distinct actors; hint: G.remove_edges_from(nx.selfloop_edges(G))")
    keep = raw_sign != 0
    sign = np.sign(raw_sign[keep]).astype(np.int8)
    u, v, weight, score, status = u[keep], v[keep], np.abs(weight[keep]), score[keep], status[keep]
    score = np.where(np.isnan(score), sign * weight, score)
    default_status = np.where(sign > 0, "ally", "adversary")
    status = np.where(pd.isna(status), default_status, status).astype(object)
    swap = u > v
    u, v = np.where(swap, v, u), np.where(swap, u, v)
    used = unique_ints(np.concatenate([u, v]))
    remap = np.full(len(nodes_all), -1, np.int64)
    remap[used] = np.arange(len(used))
    nodes = np.empty(len(used), object)
    nodes[:] = [nodes_all[i] for i in used]
    names = np.empty(len(used), object)
    names[:] = [str(G.nodes[node].get("name") or node) for node in nodes]
    return SignedEdges(nodes=nodes, names=names, u=remap[u], v=remap[v], sign=sign, weight=weight,
                       score=score.astype(np.float64), status=status, at=at_text)


def _numeric(values: list[Any], ties: list[tuple[Any, ...]], nodes: list[Any],
             attribute: str, *, required: bool = False) -> np.ndarray:
    """A tie attribute as floats (NaN where absent); a non-numeric or infinite value, or a missing
    one where ``required``, is an error naming the tie."""

    def acceptable(x: object) -> bool:
        if x is None:
            return not required
        return (isinstance(x, (int, float, np.integer, np.floating))
                and not isinstance(x, (bool, np.bool_)) and math.isfinite(x))

    numeric = all(kind is type(None) or (issubclass(kind, (int, float, np.integer, np.floating))
                                         and not issubclass(kind, (bool, np.bool_)))
                  for kind in set(map(type, values)))
    if numeric:
        array = np.array(values, dtype=np.float64)
        if not (np.isinf(array).any() or (required and np.isnan(array).any())):
            return array
    k = next(i for i, x in enumerate(values) if not acceptable(x))
    a, b = nodes[ties[k][0]], nodes[ties[k][1]]
    hint = ("every tie of a signed graph needs a numeric 'sign' (+1 or -1; 0 for neutral); hint: "
            "build one with gc.alignment_graph(graph, at=...)") if attribute == "sign" \
        else f"'{attribute}' must be a finite number where given"
    raise GraphlibConflictError(f"tie ({a!r}, {b!r}) has {attribute} {values[k]!r}; {hint}")


def _at_text(stored: object, given: DateLike | Day | None) -> str | None:

    given_text = None if given is None else day_to_iso(to_day(given))
    stored_text = None if stored is None else day_to_iso(to_day(stored))  # type: ignore[arg-type]
    if given_text and stored_text and given_text != stored_text:
        raise GraphlibConflictError(
            f"this signed graph describes {stored_text}, but at={given_text} was asked; "
            "hint: pass the ConflictGraph itself to analyse another date")
    return given_text or stored_text
