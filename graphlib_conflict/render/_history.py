"""Documents of a pair's history, and the relation line with its quotes that reports share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphlib_conflict.render._balance import notes
from graphlib_conflict.render._doc import (
    Bullets,
    Data,
    Doc,
    Figure,
    Heading,
    Inline,
    Item,
    Num,
    Para,
    Status,
    Strong,
    Table,
    evidence_quotes,
)
from graphlib_conflict.render._format import plural
from graphlib_conflict.render._output import svg_series

__all__ = ["pair_history_document", "relation_item"]


def relation_item(r: Mapping[str, Any], labels: Mapping[str, str]) -> Item:
    """``2020-02-03 · Syrian government forces **attacks** Turkish Armed Forces (−1.00), counted
    for Syrian government – Turkey`` with the relation's quotes beneath.

    ``r`` has ``when``, ``type``, ``sign``, ``weight``, ``stated_source``, ``stated_target``,
    ``source``, ``target``, ``rolled_up``, ``implied_by`` and ``evidence``.
    """
    def name(actor: Any) -> Data:
        return Data(labels.get(actor, actor))

    sign = {1: "+", -1: "−"}.get(int(r["sign"]), "")
    line: list[Inline] = [Data(r["when"]), " · ", name(r["stated_source"]), " ",
                          Strong(Data(r["type"])), " ", name(r["stated_target"])]
    if sign:
        line += [f" ({sign}", Num(r["weight"], "weight"), ")"]
    if r.get("rolled_up"):
        line += [", counted for ", name(r["source"]), " – ", name(r["target"])]
    if isinstance(r.get("implied_by"), str):
        line += [", implied by shared membership of ", name(r["implied_by"])]
    return Item(tuple(line), evidence_quotes(r.get("evidence") or ()))


def _summary(d: Mapping[str, Any]) -> Inline:
    scores = d["scores"]
    if not scores:
        return f"Nothing between them from {d['start']} to {d['end']}."
    last = scores[-1]
    rolled = sum(1 for r in d["relations"] if r["rolled_up"])
    tail = (f" {plural(len(d['relations']), 'relation')} from {d['start']} to {d['end']}"
            + (f", {rolled} of them stated between forces or officials and counted for their "
               "state (roll-up)" if rolled else "") + ".")
    return (f"On {d['end']}: ", Status(last["status"]), " (score ", Num(last["score"], "score"),
            "; positive ", Num(last["positive"], "score"), ", negative ",
            Num(last["negative"], "score"), ").", tail)


def pair_history_document(d: Mapping[str, Any]) -> Doc:
    """The pair's status, its status periods, its score chart, and every relation with quotes."""
    a, b = d["a"], d["b"]
    doc: Doc = [Heading(2, (Data(a["name"]), " (", Data(a["id"]), ") – ", Data(b["name"]), " (",
                            Data(b["id"]), ")")), *notes(d), Para(_summary(d))]
    if d["scores"]:
        doc.append(Figure(svg_series([s["date"] for s in d["scores"]],
                                     [s["score"] for s in d["scores"]],
                                     threshold=d["params"]["threshold"])))
        doc += [Heading(3, "Alignment over time"), Table(
            ["from", "to", "status", "lowest score", "highest score"],
            [[p["first"], p["last"], Status(p["status"]), Num(p["low"], "score"),
              Num(p["high"], "score")] for p in d["periods"]], numeric={3, 4})]
    labels = d["labels"]
    doc.append(Heading(3, f"Relations ({len(d['relations'])})"))
    if d["relations"]:
        doc.append(Bullets([relation_item(r, labels) for r in d["relations"]]))
    else:
        doc.append(Para("None in this period."))
    return doc
