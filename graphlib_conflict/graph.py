"""The conflict graph: actors and relations as pandas tables, sliced in time, seen as networkx graphs.

:class:`ConflictGraph` is the one object users hold. Its tables are the source of truth; a time slice
(:meth:`ConflictGraph.at`, :meth:`ConflictGraph.between`) is a vectorised mask over them and returns
another ``ConflictGraph``, so slices chain and every analytic and view takes one as readily as the whole.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, cast

import networkx as nx
import numpy as np
import pandas as pd

from graphlib_conflict._builder import vocabulary_with
from graphlib_conflict._checks import modelling_warnings
from graphlib_conflict._coalitions import implied_cooperation
from graphlib_conflict._tables import Locator, metadata_problems, normalize_tables
from graphlib_conflict.dates import DAY_MAX, DAY_MIN, DateLike, day_to_iso, timestamps_to_days, to_day
from graphlib_conflict.exceptions import ActorNotFound, DatasetError, DateError
from graphlib_conflict.problems import Problem, did_you_mean
from graphlib_conflict.vocabulary import Vocabulary

__all__ = ["INLINE_VIEW_LIMIT", "ConflictGraph", "build_graph"]

INLINE_VIEW_LIMIT = 20_000
"""Above this many relations a graph shows a summary in Jupyter instead of the interactive view."""


class ConflictGraph:
    """Actors and their typed, signed, time-stamped relations.

    Build one with :func:`graphlib_conflict.load` (any dataset file) or
    :meth:`ConflictGraph.from_frames`; never mutate its tables in place (make a new graph instead).

    Attributes
    ----------
    actors : pandas.DataFrame
        One row per actor: ``id``, ``name``, ``type``, ``aliases`` (tuple of str), ``country``,
        ``description``, ``attributes`` (dict or None), then any extra columns given.
    relations : pandas.DataFrame
        One row per stated relation: ``id``, ``source``, ``target``, ``type``, ``start``, ``end``,
        ``date`` (partial-date text, ``NaN`` when absent), ``weight``, ``confidence`` (0-1, ``NaN`` when
        not given), ``evidence`` (tuple of ``{"source", "quote"}`` dicts), ``notes``, ``attributes``,
        any extra columns, then the derived ``category``, ``sign``, ``directed``, ``valid_from`` and
        ``valid_to`` (first and last day the relation is active; ``NaT`` for "since before the data"
        and "ongoing").
    sources : pandas.DataFrame
        Documents cited as evidence: ``id``, ``title``, ``publisher``, ``date``, ``url``.
    dataset : dict
        ``id``, ``title``, ``description`` and any other metadata.
    vocabulary : Vocabulary
        Actor and relation types in force (shipped ones plus the dataset's own).
    coalition_ties : bool
        Whether co-members of a coalition are taken to cooperate (see :attr:`implied_relations`).
    window : tuple of pandas.Timestamp, or None
        First and last day (both inclusive) this graph is restricted to; ``None`` for the whole history.
    warnings : list of Problem
        Non-fatal problems found when the data was read.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> g = gc.load()
    >>> feb4 = g.at("2020-02-04")
    >>> rus_syr = feb4.relations.query("source == 'RUS' and target == 'SYR_GOV'")
    >>> "supports" in set(rus_syr["type"])
    True
    >>> G = feb4.to_networkx()
    >>> G.nodes["TUR"]["name"]
    'Turkey'
    """

    __slots__ = ("__dict__", "_actors", "_coalition_ties", "_dataset", "_relations", "_sources",
                 "_t0", "_t1", "_vocabulary", "_warnings", "_window")

    def __init__(
        self,
        actors: pd.DataFrame,
        relations: pd.DataFrame,
        *,
        sources: pd.DataFrame,
        dataset: Mapping[str, Any],
        vocabulary: Vocabulary,
        coalition_ties: bool = True,
        window: tuple[int, int] | None = None,
        warnings: Sequence[Problem] = (),
        _days: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        # The tables must already be normalised: use from_frames() or load() to make a graph.
        self._actors = actors
        self._relations = relations
        self._sources = sources
        self._dataset = dict(dataset)
        self._vocabulary = vocabulary
        self._coalition_ties = coalition_ties
        self._window = window
        self._warnings = list(warnings)
        if _days is None:
            _days = (timestamps_to_days(relations["valid_from"], DAY_MIN),
                     timestamps_to_days(relations["valid_to"], DAY_MAX))
        self._t0, self._t1 = _days

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_frames(
        cls,
        actors: pd.DataFrame,
        relations: pd.DataFrame,
        *,
        sources: pd.DataFrame | None = None,
        dataset: Mapping[str, Any] | None = None,
        relation_types: Sequence[Mapping[str, Any]] = (),
        actor_types: Sequence[Mapping[str, Any]] = (),
        coalition_ties: bool = True,
    ) -> ConflictGraph:
        """Make a graph from pandas tables, checking them.

        Parameters
        ----------
        actors : pandas.DataFrame
            Columns ``id``, ``name``, ``type`` required; ``aliases`` (list, or ``;``-separated text),
            ``country``, ``description``, ``attributes`` optional; other columns are kept.
        relations : pandas.DataFrame
            Columns ``source``, ``target``, ``type`` required; ``id``, ``start``, ``end``, ``date``
            (partial-date strings, dates or timestamps), ``weight``, ``confidence``, ``evidence``,
            ``notes``, ``attributes`` optional; other columns are kept. Derived columns given are
            recomputed.
        sources : pandas.DataFrame, optional
            Columns ``id``, ``title``, ``publisher``, ``date``, ``url``.
        dataset : mapping, optional
            ``id``, ``title``, ``description``.
        relation_types, actor_types : sequence of mappings
            Types to add to the shipped vocabulary (fields as in the YAML format).
        coalition_ties : bool, default True
            Whether co-members of a coalition cooperate while both memberships are active.

        Returns
        -------
        ConflictGraph

        Raises
        ------
        DatasetError
            With every problem found (``exc.problems``), rows numbered from 0.

        Examples
        --------
        >>> import pandas as pd
        >>> from graphlib_conflict import ConflictGraph
        >>> actors = pd.DataFrame({"id": ["A", "B"], "name": ["Aland", "Bland"], "type": "state"})
        >>> relations = pd.DataFrame({"source": ["A"], "target": ["B"], "type": ["attacks"],
        ...                           "date": ["2020-02"]})
        >>> g = ConflictGraph.from_frames(actors, relations)
        >>> g.relations[["id", "sign", "weight"]].to_dict("records")
        [{'id': 'A-attacks-B-2020-02', 'sign': -1, 'weight': 1.0}]
        >>> len(g.at("2020-02-15").relations), len(g.at("2020-03-01").relations)
        (1, 0)
        """
        vocab, problems = vocabulary_with(relation_types, actor_types)
        return build_graph(actors, relations, sources, vocabulary=vocab, locator=Locator(),
                           dataset=dataset or {}, coalition_ties=coalition_ties, problems=problems)

    def _replace(self, **changes: Any) -> ConflictGraph:
        kwargs: dict[str, Any] = {
            "actors": self._actors, "relations": self._relations, "sources": self._sources,
            "dataset": self._dataset, "vocabulary": self._vocabulary,
            "coalition_ties": self._coalition_ties, "window": self._window,
            "warnings": self._warnings, "_days": (self._t0, self._t1),
        }
        kwargs.update(changes)
        actors = kwargs.pop("actors")
        relations = kwargs.pop("relations")
        return type(self)(actors, relations, **kwargs)

    # ------------------------------------------------------------------ tables
    @property
    def actors(self) -> pd.DataFrame:
        """The actors table (see the class docstring for its columns)."""
        return self._actors

    @property
    def relations(self) -> pd.DataFrame:
        """The stated relations in this graph's window (see the class docstring)."""
        return self._relations

    @property
    def sources(self) -> pd.DataFrame:
        """Documents cited as evidence."""
        return self._sources

    @property
    def dataset(self) -> dict[str, Any]:
        """Dataset metadata: ``id``, ``title``, ``description`` and any other keys."""
        return dict(self._dataset)

    @property
    def vocabulary(self) -> Vocabulary:
        """Actor and relation types in force."""
        return self._vocabulary

    @property
    def coalition_ties(self) -> bool:
        """Whether coalition co-members are taken to cooperate."""
        return self._coalition_ties

    @property
    def warnings(self) -> list[Problem]:
        """Non-fatal problems found when the data was read."""
        return list(self._warnings)

    @property
    def window(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First and last day of this slice, both inclusive; ``None`` for the whole history."""
        if self._window is None:
            return None
        return (pd.Timestamp(day_to_iso(self._window[0])), pd.Timestamp(day_to_iso(self._window[1])))

    @property
    def actor_ids(self) -> list[str]:
        """Actor ids in table order."""
        return self._actors["id"].tolist()

    def with_coalition_ties(self, enabled: bool) -> ConflictGraph:
        """The same graph with implied coalition cooperation switched on or off.

        Examples
        --------
        >>> import graphlib_conflict as gc
        >>> g = gc.load()
        >>> len(g.with_coalition_ties(False).implied_relations)
        0
        """
        return self._replace(coalition_ties=enabled)

    # ------------------------------------------------------------------ time
    def at(self, date: DateLike) -> ConflictGraph:
        """The graph as it stood on one day — or, given a month or a year, over that period.

        Keeps the durable relations active that day (``start <= date`` and, unless ongoing,
        ``date <= end``, each at its own precision) and the interactions dated that day (an interaction
        dated ``2020-01`` is kept for every day of January 2020). Actors are all kept. A partial
        date keeps its whole period: ``g.at("2020-02")`` is ``g.between("2020-02", "2020-02")``, and
        analytics of it run on its last day.

        Parameters
        ----------
        date : str, datetime.date, datetime.datetime or pandas.Timestamp
            A day (``"2020-02-04"``; a time of day is ignored), a month or a year.

        Returns
        -------
        ConflictGraph
            Restricted to that day (its ``window`` is ``(date, date)``) or period; chainable.

        Raises
        ------
        DateError
            If the date cannot be read.

        Examples
        --------
        >>> import graphlib_conflict as gc
        >>> g = gc.load()
        >>> g.at("2020-02-03").relations.query("type == 'attacks'")[["source", "target"]].values.tolist()
        [['SYR_MIL', 'TUR_MIL'], ['TUR_MIL', 'SYR_MIL']]
        """
        return self._restrict(to_day(date, bound="first"), to_day(date, bound="last"))

    def between(self, start: DateLike, end: DateLike) -> ConflictGraph:
        """The graph over a window of days, **both ends inclusive**.

        Keeps every relation active on at least one day of ``[start, end]``: durable relations that
        overlap the window and interactions dated within it.

        Parameters
        ----------
        start, end : str, datetime.date, datetime.datetime or pandas.Timestamp
            A partial string takes its widest reading: ``between("2019", "2020-01")`` runs from
            2019-01-01 to 2020-01-31.

        Returns
        -------
        ConflictGraph
            Restricted to the window; chainable (windows intersect).

        Raises
        ------
        DateError
            If a date cannot be read, or ``end`` is before ``start``.

        Examples
        --------
        >>> import graphlib_conflict as gc
        >>> g = gc.load()
        >>> w = g.between("2020-02", "2020-02")
        >>> [str(t.date()) for t in w.window]
        ['2020-02-01', '2020-02-29']
        >>> set(w.relations["category"]) >= {"interaction", "alignment"}
        True
        """
        first = to_day(start, bound="first")
        last = to_day(end, bound="last")
        if last < first:
            raise DateError(f"the window ends ({end}) before it starts ({start})")
        return self._restrict(first, last)

    def _restrict(self, first: int, last: int) -> ConflictGraph:
        if self._window is not None:
            first, last = max(first, self._window[0]), min(last, self._window[1])
        mask = (self._t0 <= last) & (self._t1 >= first)
        if mask.all():
            return self._replace(window=(first, last))
        return self._replace(
            relations=self._relations[mask].reset_index(drop=True),
            window=(first, last),
            _days=(self._t0[mask], self._t1[mask]),
        )

    @property
    def relation_days(self) -> tuple[np.ndarray, np.ndarray]:
        """First and last active day of every relation, as day numbers (``int64`` days since
        1970-01-01, aligned with :attr:`relations`); ``dates.DAY_MIN`` for "since before the data"
        and ``dates.DAY_MAX`` for "ongoing". Read-only: what time masks in analytics compare.

        Examples
        --------
        >>> import graphlib_conflict as gc
        >>> from graphlib_conflict.dates import day_to_iso
        >>> g = gc.load().at("2020-02-03")
        >>> first, last = g.relation_days
        >>> attack = g.relations.index[g.relations["id"] == "syr_mil-attacks-tur_mil-2020-02-03"][0]
        >>> day_to_iso(first[attack]), day_to_iso(last[attack])
        ('2020-02-03', '2020-02-03')
        """
        t0, t1 = self._t0.view(), self._t1.view()
        t0.flags.writeable = False
        t1.flags.writeable = False
        return t0, t1

    @cached_property
    def date_range(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First and last day named by any start, end or date; ``None`` when there is none.

        Examples
        --------
        >>> import graphlib_conflict as gc
        >>> first, last = gc.load().date_range
        >>> first.year <= 2015 and str(last.date()) >= "2020-02-04"
        True
        """
        t0 = self._t0[self._t0 != DAY_MIN]
        t1 = self._t1[self._t1 != DAY_MAX]
        both = np.concatenate([t0, t1])
        if both.size == 0:
            return None
        return (pd.Timestamp(day_to_iso(int(both.min()))), pd.Timestamp(day_to_iso(int(both.max()))))

    # ------------------------------------------------------------------ coalitions
    @cached_property
    def implied_relations(self) -> pd.DataFrame:
        """``cooperates`` ties implied by shared coalition membership, in this graph's window.

        For every coalition (an actor of type ``coalition``) and every two actors that are
        ``member_of`` it at the same time, one row with the relations table's columns plus
        ``implied_by`` (the coalition id). Its ``start`` is the later of the two memberships' starts,
        its ``end`` the earlier end; its evidence is that of both memberships. Empty when
        :attr:`coalition_ties` is off.

        Examples
        --------
        >>> import graphlib_conflict as gc
        >>> ties = gc.load().at("2019-11-01").implied_relations
        >>> sorted(zip(ties["source"], ties["target"]))[:2]
        [('IRN', 'RUS'), ('IRN', 'TUR')]
        """
        columns = [*self._relations.columns, "implied_by"]
        if not self._coalition_ties:
            return pd.DataFrame(columns=columns).astype(
                self._relations.dtypes.to_dict() | {"implied_by": "str"})
        ties = implied_cooperation(self._relations, self._actors, self._t0, self._t1,
                                   self._vocabulary, self._window)
        return ties[columns]

    def all_relations(self, *, implied: bool | None = None) -> pd.DataFrame:
        """Stated relations and (unless switched off) coalition-implied ties in one table.

        Parameters
        ----------
        implied : bool, optional
            Include the implied ties; defaults to :attr:`coalition_ties`.

        Returns
        -------
        pandas.DataFrame
            The relations table's columns plus ``implied_by`` (coalition id, ``NaN`` for stated rows).
        """
        if implied is None:
            implied = self._coalition_ties
        stated = self._relations.assign(implied_by=pd.Series(np.nan, index=self._relations.index,
                                                             dtype="str"))
        if not implied or self.implied_relations.empty:
            return stated
        return pd.concat([stated, self.implied_relations], ignore_index=True)

    # ------------------------------------------------------------------ actors
    def actor(self, actor: str) -> pd.Series:
        """One actor's row, found by id, name or alias (case-insensitive).

        Raises
        ------
        ActorNotFound
            With close matches as suggestions.

        Examples
        --------
        >>> import graphlib_conflict as gc
        >>> gc.load().actor("Ankara")["id"]
        'TUR'
        """
        actor_id = self.resolve(actor)
        # one row: a single label of the actors' (unique) index
        return cast(pd.Series, self._actors.loc[self._actor_index[actor_id]])

    def resolve(self, actor: str) -> str:
        """The id of the actor named ``actor`` (an id, a name or an alias; case-insensitive).

        Raises
        ------
        ActorNotFound
            With close matches as suggestions.

        Examples
        --------
        >>> import graphlib_conflict as gc
        >>> g = gc.load()
        >>> g.resolve("tur"), g.resolve("Russia")
        ('TUR', 'RUS')
        >>> g.resolve("TRK")
        Traceback (most recent call last):
        ...
        graphlib_conflict.exceptions.ActorNotFound: unknown actor 'TRK' — did you mean 'TUR'?
        """
        if actor in self._actor_index:
            return actor
        found = self._actor_lookup.get(str(actor).strip().casefold())
        if found is not None:
            return found
        hint = did_you_mean(actor, self._actors["id"].tolist())
        suggestions = [s.strip("'") for s in hint[len("did you mean "):-1].split(" or ")] if hint else []
        raise ActorNotFound(actor, suggestions)

    @cached_property
    def _actor_index(self) -> dict[str, int]:
        return {a: i for i, a in zip(self._actors.index, self._actors["id"], strict=True)}

    @cached_property
    def _actor_lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for actor_id, name, aliases in zip(self._actors["id"], self._actors["name"],
                                           self._actors["aliases"], strict=True):
            for key in (*aliases, name, actor_id):
                lookup[str(key).casefold()] = actor_id
        return lookup

    # ------------------------------------------------------------------ networkx
    def to_networkx(self, *, implied: bool | None = None, isolates: bool = True) -> nx.MultiDiGraph:
        """This graph (or slice) as a networkx ``MultiDiGraph``.

        Nodes are actor ids with every actor column as an attribute; edges run source -> target, keyed
        by relation id, with every relation column as an attribute (missing values as ``None``).
        Undirected relation types keep the direction they were written in; their ``directed``
        attribute is ``False``. The graph attribute ``window`` holds the slice's days (ISO text).

        Parameters
        ----------
        implied : bool, optional
            Add coalition-implied ties (with ``implied_by`` set); defaults to :attr:`coalition_ties`.
        isolates : bool, default True
            Keep actors that have no relation in this slice.

        Examples
        --------
        >>> import graphlib_conflict as gc
        >>> G = gc.load().at("2020-02-03").to_networkx(isolates=False)
        >>> edges = G.get_edge_data("SYR_MIL", "TUR_MIL")
        >>> [(d["type"], d["date"]) for d in edges.values()]
        [('attacks', '2020-02-03')]
        """
        if implied is None:
            implied = self._coalition_ties
        table = self.all_relations(implied=implied)
        graph = nx.MultiDiGraph()
        graph.graph.update(self._dataset)
        graph.graph["window"] = (None if self._window is None
                                 else (day_to_iso(self._window[0]), day_to_iso(self._window[1])))
        actors = self._actors
        if not isolates:
            present = pd.unique(np.concatenate([table["source"].to_numpy(), table["target"].to_numpy()]))
            actors = actors[actors["id"].isin(present)]
        node_columns = [c for c in actors.columns if c != "id"]
        node_values = [_python_values(actors[c]) for c in node_columns]
        graph.add_nodes_from(
            (actor_id, dict(zip(node_columns, values, strict=True)))
            for actor_id, values in zip(actors["id"].tolist(), zip(*node_values, strict=True),
                                        strict=True)
        )
        edge_columns = [c for c in table.columns if c not in ("source", "target")]
        if not implied and "implied_by" in edge_columns:
            edge_columns.remove("implied_by")
        edge_values = [_python_values(table[c]) for c in edge_columns]
        graph.add_edges_from(
            zip(table["source"].tolist(), table["target"].tolist(), table["id"].tolist(),
                (dict(zip(edge_columns, values, strict=True))
                 for values in zip(*edge_values, strict=True)), strict=True)
        )
        return graph

    # ------------------------------------------------------------------ output
    def save(self, path: str | os.PathLike[str], **options: Any) -> None:
        """Write the graph to a file, chosen by suffix, atomically.

        ``.yaml``/``.yml`` (curated dataset), ``.json``, ``.graphml``, ``.gexf`` (with time spells
        for Gephi's timeline), ``.parquet`` (relations and actors in one file), or a folder path
        ending in ``/`` or without a suffix for the CSV pair (``actors.csv``, ``relations.csv`` and,
        where present, ``sources.csv`` and ``dataset.yaml``). See :func:`graphlib_conflict.save`.
        """
        from graphlib_conflict.io import save

        save(self, path, **options)

    def to_html(self, path: str | os.PathLike[str] | None = None, **options: Any) -> str:
        """A self-contained interactive HTML view (see :func:`graphlib_conflict.views.to_html`).

        With ``at=DATE`` the graph on that day, with ``start``/``end`` a window, and without either a
        time-slider view of the whole history. Written atomically to ``path`` when given; the HTML
        text is returned either way.
        """
        from graphlib_conflict.views import to_html

        return to_html(self, path, **options)

    def _repr_html_(self) -> str:
        """Jupyter display: the interactive view, or a summary where the graph is too big to draw."""
        if len(self._relations) > INLINE_VIEW_LIMIT:
            return self._summary_html()
        from graphlib_conflict.views import notebook_html

        return notebook_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter display: text/plain, text/html (the view) and image/svg+xml (its static picture)."""
        if len(self._relations) > INLINE_VIEW_LIMIT:
            return {"text/plain": repr(self), "text/html": self._summary_html()}
        from graphlib_conflict.views import notebook_bundle

        return notebook_bundle(self)

    def _summary_html(self) -> str:
        import html

        counts = self._relations["type"].value_counts()
        rows = "".join(f"<tr><td>{html.escape(str(t))}</td><td>{n:,}</td></tr>" for t, n in counts.items())
        span = self.date_range
        dates = "no dates" if span is None else f"{span[0].date()} to {span[1].date()}"
        return (f"<div><p><b>{html.escape(repr(self))}</b> — {html.escape(dates)}. Too many relations "
                f"to draw inline (more than {INLINE_VIEW_LIMIT:,}): slice it first, e.g. "
                "<code>g.at(&quot;2020-02-04&quot;)</code>, or write a view with "
                "<code>g.to_html(path)</code>.</p><table><tr><th>type</th><th>relations</th></tr>"
                f"{rows}</table></div>")

    def __repr__(self) -> str:
        window = ""
        if self._window is not None:
            first, last = (day_to_iso(d) for d in self._window)
            window = f", at {first}" if first == last else f", {first}..{last}"
        title = self._dataset.get("title") or self._dataset.get("id") or "untitled"
        return (f"<ConflictGraph {title!r}: {len(self._actors)} actors, "
                f"{len(self._relations)} relations{window}>")

    def __len__(self) -> int:
        """Number of actors, as ``len()`` of a networkx graph counts its nodes."""
        return len(self._actors)


def build_graph(actors: pd.DataFrame, relations: pd.DataFrame, sources: pd.DataFrame | None, *,
                vocabulary: Vocabulary, locator: Locator, dataset: Mapping[str, Any],
                coalition_ties: bool, problems: Sequence[Problem] = (),
                summary: str | None = None) -> ConflictGraph:
    """Normalise and check the tables and make the graph: the one path from tables to a graph that
    every reader and :meth:`ConflictGraph.from_frames` take.

    Raises
    ------
    DatasetError
        With the problems given and every problem found in the tables, when any is an error.
    """
    tables = normalize_tables(actors, relations, sources, vocabulary, locator)
    found = [*problems, *tables.problems, *metadata_problems(dataset, locator.files.get("actors"))]
    if any(p.severity == "error" for p in found):
        raise DatasetError(found, summary=summary)
    found += modelling_warnings(tables.actors, tables.relations, locator)
    return ConflictGraph(tables.actors, tables.relations, sources=tables.sources, dataset=dataset,
                         vocabulary=vocabulary, coalition_ties=coalition_ties,
                         warnings=[p for p in found if p.severity == "warning"])


def _python_values(column: pd.Series) -> list[Any]:
    """Column values as Python objects, missing values as ``None`` (vectorised)."""
    if column.dtype == object:
        values = column.to_numpy()
        missing = pd.isna(values) if values.size else np.zeros(0, dtype=bool)
        if missing.any():
            values = values.copy()
            values[missing] = None
        return values.tolist()
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        values = column.dt.strftime("%Y-%m-%d").astype(object)
        return values.where(column.notna(), None).tolist()
    missing = column.isna().to_numpy()
    if not missing.any():
        return column.tolist()
    # pandas-stubs types na_value as a Scalar, which leaves out None; pandas takes any value here
    values = column.to_numpy(dtype=object, na_value=None)  # type: ignore[call-overload]
    return values.tolist()

