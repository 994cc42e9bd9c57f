"""What a dataset holds, and what is active on a day: the counts every view and command agrees on.

On a day ``D``, a relation is **active** when ``D`` falls within its days (durable relations
between their start and end, interactions on their date, at their precision); coalition-implied
ties are counted apart. A view of that day also draws the interactions of the previous
``recent_days`` days, fading as they age: :func:`day_counts` gives all three numbers, and every
place that shows "N relations on day D" (``info``, the views' headers) takes them from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graphlib_conflict._time import coverage_note, resolve_day
from graphlib_conflict.dates import DateLike, Day, day_to_iso
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.render import (
    Bullets,
    Data,
    Doc,
    Heading,
    Num,
    Para,
    Result,
    Table,
    notes_blocks,
    plain,
    plural,
)

__all__ = ["DatasetSummary", "day_counts", "summary"]


def day_counts(graph: ConflictGraph, day: int, recent_days: int = 30) -> dict[str, int]:
    """``active`` stated relations on ``day``, coalition-``implied`` ties active then, and
    ``recent`` interactions that ended within the ``recent_days`` before it (drawn fading by a
    view of that day, not active).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> from graphlib_conflict.dates import to_day
    >>> counts = day_counts(gc.load(), to_day("2020-02-04"))
    >>> counts["active"], counts["recent"] > 0
    (36, True)
    """
    t0, t1 = graph.relation_days
    active = (t0 <= day) & (t1 >= day)
    interaction = (graph.relations["category"] == "interaction").to_numpy()
    recent = interaction & ~active & (t1 < day) & (t1 >= day - recent_days)
    return {"active": int(active.sum()), "implied": len(graph.at(day_to_iso(day)).implied_relations),
            "recent": int(recent.sum())}


@dataclass(frozen=True, repr=False)
class DatasetSummary(Result):
    """Counts by actor type and relation type, the date range, and what is active on a day.

    Attributes
    ----------
    data : dict
        The plain data of :meth:`to_dict`.
    by_type : pandas.DataFrame
        Relations by ``category`` and ``type`` (``relations``: how many).
    active : pandas.DataFrame or None
        With a day, the relations active that day (``id``, ``source``, ``type``, ``target``,
        ``start``, ``end``, ``date``; implied ties flagged by ``implied_by``).
    """

    data: dict[str, Any]
    by_type: pd.DataFrame
    active: pd.DataFrame | None = field(default=None)

    def to_frame(self) -> pd.DataFrame:
        """The relations active on the day when one was given, else the counts by type."""
        return self.active if self.active is not None else self.by_type

    def to_dict(self) -> dict[str, Any]:
        """``dataset`` (``dataset``, ``title``, ``actors``, ``relations``, ``sources``,
        ``implied_ties``, ``date_range``, ``actors_by_type``, ``relations_by_type``) and, with a
        day, ``active`` (``date``, ``relations``, ``implied_ties``, ``recent_interactions``,
        ``recent_days``, ``by_type``, ``list``); ``notes``."""
        return self.data

    def _title(self) -> str:
        return str(self.data["dataset"]["title"] or self.data["dataset"]["dataset"] or "dataset")

    def _document(self) -> Doc:
        d = self.data["dataset"]
        dates = " .. ".join(d["date_range"]) if d["date_range"] else "none"
        doc: Doc = [
            Heading(2, Data(self._title())),
            Para(f"{plural(d['actors'], 'actor')}, {plural(d['relations'], 'relation')}, "
                  f"{plural(d['sources'], 'source')}, "
                  f"{plural(d['implied_ties'], 'coalition-implied tie')}; dates: {dates}."),
            Heading(3, "Actors by type"),
            Table(["type", "actors"], [[Data(k), Num(v, "count")]
                                        for k, v in d["actors_by_type"].items()], numeric={1}),
            Heading(3, "Relations by type"),
            Table(["category", "type", "relations"],
                  [[Data(r["category"]), Data(r["type"]), Num(r["relations"], "count")]
                   for r in d["relations_by_type"]], numeric={2}),
        ]
        active = self.data.get("active")
        if active:
            doc += [Heading(3, f"Active on {active['date']}"), *notes_blocks(self.data),
                    Para(active_sentence(active))]
            if active["list"]:
                doc.append(Table(
                    ["source", "type", "target", "when", "id"],
                    [[Data(r["source"]), Data(r["type"]), Data(r["target"]),
                      Data(r["date"] or f"{r['start'] or ''} .. {r['end'] or ''}"), Data(r["id"])]
                     for r in active["list"]]))
            if active["by_type"]:
                doc.append(Bullets([(Data(k), ": ", Num(v, "count"))
                                    for k, v in active["by_type"].items()]))
        return doc

    def __repr__(self) -> str:
        d = self.data["dataset"]
        return f"<DatasetSummary {d['dataset']!r}: {d['actors']} actors, {d['relations']} relations>"


def active_sentence(active: dict[str, Any]) -> str:
    """``36 relations active (+9 coalition-implied); a view of the day also draws 11 recent
    interactions, fading``: the count a view's header agrees with."""
    return (f"{plural(active['relations'], 'relation')} active "
            f"(+{active['implied_ties']} coalition-implied); a view of the day also draws "
            f"{plural(active['recent_interactions'], 'interaction')} of the previous "
            f"{active['recent_days']} days, fading.")


def summary(graph: ConflictGraph, at: DateLike | Day | None = None, *,
            recent_days: int = 30) -> DatasetSummary:
    """Counts by actor type and relation type, the date range, and — with ``at`` — what is active
    on that day (a period means its last day; any day works).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> s = summary(gc.load(), "2020-02-04")
    >>> s.to_dict()["active"]["relations"], s.to_dict()["dataset"]["actors"]
    (36, 20)
    """
    rel = graph.relations
    by_type = (rel.groupby(["category", "type"], sort=False).size()
               .rename("relations").reset_index())
    span = graph.date_range
    data: dict[str, Any] = {"dataset": {
        "dataset": graph.dataset.get("id"), "title": graph.dataset.get("title"),
        "actors": len(graph.actors), "relations": len(rel), "sources": len(graph.sources),
        "implied_ties": len(graph.implied_relations),
        "date_range": None if span is None else [str(d.date()) for d in span],
        "actors_by_type": graph.actors["type"].value_counts().to_dict(),
        "relations_by_type": by_type.to_dict("records"),
    }, "notes": []}
    active_table = None
    if at is not None:
        day = resolve_day(graph, at)
        sliced = graph.at(day_to_iso(day))
        active_table = sliced.all_relations()[["id", "source", "type", "target", "start", "end",
                                               "date", "implied_by"]]
        stated = active_table[active_table["implied_by"].isna()]
        counts = day_counts(graph, day, recent_days)
        data["active"] = {
            "date": day_to_iso(day), "relations": counts["active"],
            "implied_ties": counts["implied"], "recent_interactions": counts["recent"],
            "recent_days": recent_days,
            "by_type": stated["type"].value_counts().to_dict(),
            "list": stated.drop(columns="implied_by").to_dict("records"),
        }
        note = coverage_note(graph, day)
        data["notes"] = [note] if note else []
    return DatasetSummary(data=plain(data), by_type=by_type, active=active_table)

