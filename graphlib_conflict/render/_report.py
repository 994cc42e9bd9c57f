"""The document of the alliance-change report, built from its plain data (``ChangeReport.to_dict()``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphlib_conflict.render._balance import more, notes, pair_label
from graphlib_conflict.render._doc import (
    Bullets,
    Code,
    Data,
    Doc,
    Heading,
    Inline,
    Num,
    Para,
    Status,
    Table,
)
from graphlib_conflict.render._format import number, plural
from graphlib_conflict.render._history import relation_item

__all__ = ["CHANGE_ORDER", "change_report_document"]

CHANGE_ORDER = ("formed", "ended", "flipped", "soured", "thawed", "escalated")
"""The change classes, in report order."""


def change_report_document(d: Mapping[str, Any]) -> Doc:
    """The whole report: summary, each change with the relations and quotes that explain it,
    balance before and after, strained partnerships, bloc switches and centrality movers."""
    labels: Mapping[str, str] = d["labels"]
    start, end = d["start"], d["end"]
    title = d["dataset"].get("title") or d["dataset"].get("id")
    p = d["params"]
    params = (f"alignment: half-life {number(p['half_life'])} days, look-back {p['lookback']} "
              f"days, threshold {number(p['threshold'], 'score')}, roll-up "
              f"{'on' if p['roll_up'] else 'off'}")
    doc: Doc = [Heading(1, f"Alliance-change report: {start} → {end}"),
                Para(((Data(title), " · ", params) if title else params), muted=True),
                *notes(d), Heading(2, "Summary"), Bullets(_summary(d, labels))]
    changes: Sequence[Mapping[str, Any]] = d["changes"]
    if changes:
        by_size = sorted(changes, key=lambda c: -abs(c["score_delta"]))
        doc.append(Table(
            ["pair", "change", "status", "score", "explaining relations"],
            [[pair_label(c["source_name"], c["target_name"]), c["change"],
              (Status(c["status_before"]), " → ", Status(c["status_after"])),
              (Num(c["score_before"], "score"), " → ", Num(c["score_after"], "score")),
              Num(c["drivers"], "count")] for c in by_size], numeric={4}))
        doc.append(Heading(2, "Alignment changes"))
        for change in CHANGE_ORDER:
            rows = [c for c in changes if c["change"] == change]
            if not rows:
                continue
            total = d["summary"][change]
            doc.append(Heading(3, f"{change.capitalize()} ({number(total, 'count')})"))
            for c in rows:
                doc += _change(c, labels, start, end)
            if total > len(rows):
                doc.append(Para(f"… and {number(total - len(rows), 'count')} more {change} pairs "
                                "(raise limit to see them).", muted=True))
    doc += _balance(d, labels)
    doc += _switches(d)
    doc.append(Heading(2, "Centrality movers"))
    movers = d["centrality_movers"]
    if movers:
        doc.append(Table(
            ["actor", "PageRank before", "PageRank after", "change", "rank before", "rank after",
             "ties", "betweenness"],
            [[Data(m["name"]), Num(m["before"], "share"), Num(m["after"], "share"),
              Num(m["delta"], "share"), Num(m["rank_before"], "count"),
              Num(m["rank_after"], "count"),
              (Num(m["degree_before"], "count"), " → ", Num(m["degree_after"], "count")),
              (Num(m["betweenness_before"], "share"), " → ",
               Num(m["betweenness_after"], "share"))] for m in movers],
            numeric={1, 2, 3, 4, 5}))
    else:
        doc.append(Para("None."))
    return doc


def _index(b: Mapping[str, Any] | None) -> str:
    if not b:
        return "n/a"
    how = "exact" if b.get("frustration_optimal") else str(b.get("frustration_method"))
    return f"{number(b.get('frustration_index'), 'index')} ({how})"


def _summary(d: Mapping[str, Any], labels: Mapping[str, str]) -> list[Inline]:
    counted = [f"{number(n, 'count')} {k}" for k, n in d["summary"].items() if n]
    b0, b1 = d["balance"]["before"], d["balance"]["after"]
    items: list[Inline] = [
        "Alignment changes: " + (", ".join(counted) or "none") + ".",
        f"Balance ratio {number(b0['balance_ratio'], 'ratio')} → "
        f"{number(b1['balance_ratio'], 'ratio')}; frustration index "
        f"{number(b0['frustration_index'], 'index')} → {number(b1['frustration_index'], 'index')}.",
    ]
    tri = d["unbalanced_triangles"]
    if tri["total"]:
        new = sum(1 for t in tri["shown"] if t["new"])
        items.append(f"{plural(tri['total'], 'unbalanced triangle')} on {d['end']}"
                     + (f" ({new} of those shown new since {d['start']})" if new else "") + ".")
    if d["strained"]:
        names: list[Inline] = []
        for i, s in enumerate(d["strained"][:5]):
            names += ["; " if i else "", pair_label(s["source_name"], s["target_name"])]
        items.append((f"Strained partnerships on {d['end']}: ", tuple(names), "."))
    switched = [s for s in d["bloc_switches"] if s["change"] == "switched"]
    items.append(f"{plural(len(switched), 'actor')} switched bloc." if switched
                 else "No actor switched bloc.")
    if d["centrality_movers"]:
        m = d["centrality_movers"][0]
        items.append(("Largest centrality mover: ", Data(m["name"]), " (PageRank ",
                      Num(m["before"], "share"), " → ", Num(m["after"], "share"), ")."))
    return items


def _change(c: Mapping[str, Any], labels: Mapping[str, str], start: str, end: str) -> Doc:
    n = c["strained_triangles"]
    strain = f" (strained: in {plural(n, 'unbalanced triangle')})" if n else ""
    doc: Doc = [
        Heading(4, (pair_label(c["source_name"], c["target_name"]), ": ",
                    Status(c["status_before"]), " → ", Status(c["status_after"]), strain)),
        Para(("Score ", Num(c["score_before"], "score"), " → ", Num(c["score_after"], "score"),
              "; positive ", Num(c["positive_before"], "score"), " → ",
              Num(c["positive_after"], "score"), ", negative ", Num(c["negative_before"], "score"),
              " → ", Num(c["negative_after"], "score"), ".")),
    ]
    if not c["explanation"]:
        doc.append(Para(f"No relation between {start} and {end} explains it: older interactions "
                        "faded out of the look-back window."))
    else:
        doc.append(Para(_shown("Explained by", len(c["explanation"]), c["drivers"])))
        doc.append(Bullets([relation_item(r, labels) for r in c["explanation"]]))
    if c["counter"]:
        doc.append(Para(_shown("Pulling the other way", len(c["counter"]), c["counters"])))
        doc.append(Bullets([relation_item(r, labels) for r in c["counter"]]))
    return doc


def _shown(label: str, shown: int, total: int) -> str:
    more_ = f", the {shown} strongest shown" if total > shown else ""
    return f"{label} ({plural(total, 'relation')} between the dates{more_}):"


def _balance(d: Mapping[str, Any], labels: Mapping[str, str]) -> Doc:
    b0, b1 = d["balance"]["before"], d["balance"]["after"]
    start, end = d["start"], d["end"]
    doc: Doc = [Heading(2, "Structural balance"), Table(
        ["", start, end],
        [["balance ratio", Num(b0["balance_ratio"], "ratio"), Num(b1["balance_ratio"], "ratio")],
         ["balanced triangles", Num(b0["balanced"], "count"), Num(b1["balanced"], "count")],
         ["unbalanced triangles", Num(b0["unbalanced"], "count"), Num(b1["unbalanced"], "count")],
         ["frustration index", _index(b0), _index(b1)]], numeric={1, 2})]
    for when, b in ((start, b0), (end, b1)):
        if b.get("blocs"):
            doc.append(Para(f"Blocs on {when}:"))
            doc.append(Bullets([_bloc(bloc) for bloc in b["blocs"]]))
    tri = d["unbalanced_triangles"]
    doc.append(Heading(3, f"Unbalanced triangles on {end}"))
    if tri["shown"]:
        doc.append(Table(
            ["triangle", "signs", f"new since {start}"],
            [[tuple(part for i, n in enumerate(t["names"]) for part in ((" – " if i else ""),
                                                                      Data(n))),
              _signs(t), "n/a" if t["new"] is None else ("yes" if t["new"] else "no")]
             for t in tri["shown"]]))
        doc += more(len(tri["shown"]), tri["total"])
    else:
        doc.append(Para("None."))
    doc.append(Heading(3, f"Strained partnerships on {end}"))
    if d["strained"]:
        doc.append(Table(
            ["partnership", "status", "unbalanced triangles", "score", "tension"],
            [[pair_label(s["source_name"], s["target_name"]), Status(s["status"]),
              Num(s["unbalanced_triangles"], "count"), Num(s["score"], "score"),
              Num(s["tension"], "weight")] for s in d["strained"]], numeric={2, 3, 4}))
        doc += more(len(d["strained"]), d["strained_total"])
    else:
        doc.append(Para("None."))
    return doc


def _bloc(b: Mapping[str, Any]) -> Inline:
    parts: list[Inline] = []
    for i, m in enumerate(b["members"]):
        parts += [", " if i else "", Data(m["name"])]
        if m.get("placement") == "contested":
            parts.append(" (contested)")
    return (Data(b["name"]), ": ", tuple(parts))


def _signs(t: Mapping[str, Any]) -> Inline:
    a, b, c = t["actors"]
    s = t["signs"]

    def sign(x: int) -> str:
        return "+" if x > 0 else "−"

    return (Data(a), "–", Data(b), " ", Code(sign(s["ab"])), ", ", Data(b), "–", Data(c), " ",
            Code(sign(s["bc"])), ", ", Data(a), "–", Data(c), " ", Code(sign(s["ac"])))


def _switches(d: Mapping[str, Any]) -> Doc:
    doc: Doc = [Heading(2, "Bloc switches")]
    switches = d["bloc_switches"]
    if switches:
        doc.append(Table(
            ["actor", "change", f"bloc on {d['start']}", f"bloc on {d['end']}", "with (before)",
             "with (after)"],
            [[Data(s["name"]), s["change"], Data(s["bloc_before"]), Data(s["bloc_after"]),
              Data(s["with_before"]), Data(s["with_after"])] for s in switches]))
    else:
        doc.append(Para("None."))
    renamed = d.get("renamed_blocs") or {}
    if renamed:
        parts: list[Inline] = []
        for i, (old, new) in enumerate(renamed.items()):
            parts += ["; " if i else "", Data(old), " → ", Data(new)]
        doc.append(Para(("Renamed (the same core under another leader, not a switch): ",
                         tuple(parts), "."), muted=True))
    return doc
