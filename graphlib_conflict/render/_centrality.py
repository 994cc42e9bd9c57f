"""The document of a centrality table (one day, or the change between two), from its plain data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphlib_conflict.render._balance import more, notes
from graphlib_conflict.render._doc import Data, Doc, Heading, Inline, Num, Para, Table
from graphlib_conflict.render._format import NumberKind

__all__ = ["MEASURE_KINDS", "centrality_document"]

MEASURE_KINDS: dict[str, NumberKind] = {
    "degree": "count", "signed_degree": "count", "strength": "weight",
    "signed_strength": "score", "betweenness": "share", "pagerank": "share",
    "eigenvector": "share", "rank": "count",
}
"""How each measure's numbers are written."""


def _kind(column: str) -> NumberKind | None:
    for suffix in ("_before", "_after", "_delta", "_change"):
        if column.endswith(suffix):
            column = column[: -len(suffix)]
    return MEASURE_KINDS.get(column)


def centrality_document(d: Mapping[str, Any]) -> Doc:
    """Title, notes and the table (its shown rows), numbers formatted by measure."""
    if d.get("start"):
        title = f"Centrality change {d['start']} → {d['end']}"
    else:
        title = "Centrality" + (f" on {d['at']}" if d.get("at") else "")
    doc: Doc = [Heading(2, title), *notes(d)]
    rows = d["rows"]
    if not rows:
        doc.append(Para("No actor has a tie on this day."))
        return doc
    columns = [c for c in rows[0] if c != "type"]
    numeric = {i for i, c in enumerate(columns) if _kind(c) is not None}
    cells: list[list[Inline]] = []
    for row in rows:
        line: list[Inline] = []
        for c in columns:
            kind = _kind(c)
            line.append(Num(row[c], kind) if kind is not None else Data(row[c]))
        cells.append(line)
    doc.append(Table([c.replace("_", " ") for c in columns], cells, numeric=numeric))
    doc += more(len(rows), d["total"])
    if d.get("betweenness_sources"):
        doc.append(Para(f"Betweenness estimated from {d['betweenness_sources']} sampled source "
                        "actors.", muted=True))
    return doc
