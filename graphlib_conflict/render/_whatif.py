"""The document of a what-if (ties edited, balance before and after), from its plain data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphlib_conflict.render._balance import notes, pair_label
from graphlib_conflict.render._doc import Bullets, Data, Doc, Heading, Inline, Num, Para, Table
from graphlib_conflict.render._format import number, plural

__all__ = ["what_if_document"]

_VERBS = {"flip": "flipped", "remove": "removed", "add": "added", "replace": "replaced"}


def _sign(value: Any) -> str:
    return {1: "+", -1: "−"}.get(int(value), "none")


def _edit(r: Mapping[str, Any]) -> Inline:
    pair = pair_label(r["source_name"], r["target_name"])
    before = ("no tie" if int(r["sign_before"]) == 0 else
              (_sign(r["sign_before"]), " ", Num(r["weight_before"], "weight")))
    after = ("no tie" if int(r["sign_after"]) == 0 else
             (_sign(r["sign_after"]), " ", Num(r["weight_after"], "weight")))
    return (_VERBS.get(r["action"], r["action"]).capitalize(), " ", pair, ": ", before, " → ",
            after, ".")


def _blocs(blocs: Sequence[Mapping[str, Any]]) -> Bullets:
    lines: list[Inline] = []
    for b in blocs:
        members: list[Inline] = []
        for i, m in enumerate(b["members"]):
            members += [", " if i else "", Data(m["name"])]
            if m.get("placement") == "contested":
                members.append(" (contested)")
        lines.append((Data(b["name"]), f" ({number(len(b['members']), 'count')}): ",
                      tuple(members)))
    return Bullets(lines)


def _frustration(f: Mapping[str, Any]) -> Inline:
    if f["optimal"]:
        return (Num(f["index"], "index"), " (exact)")
    return (Num(f["index"], "index"), " (heuristic; at least ", Num(f["lower_bound"], "index"), ")")


def what_if_document(d: Mapping[str, Any]) -> Doc:
    """What was edited, the headline numbers before and after, the triangles through the edited
    ties, who changed bloc or placement, which partnerships left or joined the strained ones, and
    the blocs on each side."""
    before, after = d["before"], d["after"]
    doc: Doc = [Heading(2, "What if" + (f" on {d['at']}" if d.get("at") else "")), *notes(d),
                Bullets([_edit(r) for r in d["edits"]])]

    def ratio(side: Mapping[str, Any]) -> Inline:
        return Num(side["balance_ratio"], "ratio")

    doc.append(Table(
        ["", "before", "after"],
        [["balance ratio", ratio(before), ratio(after)],
         ["unbalanced triangles", (Num(before["census"]["unbalanced"], "count"), " of ",
                                   Num(before["census"]["total"], "count")),
          (Num(after["census"]["unbalanced"], "count"), " of ",
           Num(after["census"]["total"], "count"))],
         ["frustration index", _frustration(before["frustration"]),
          _frustration(after["frustration"])],
         ["blocs", Num(len(before["blocs"]), "count"), Num(len(after["blocs"]), "count")],
         ["strained partnerships", Num(len(before["strained"]), "count"),
          Num(len(after["strained"]), "count")]],
        numeric={1, 2}))
    if d["triangles"]:
        doc.append(Heading(3, "Triangles through the edited ties"))
        doc.append(Table(["actors", "before", "after"], [
            [(Data(t["names"][0]), ", ", Data(t["names"][1]), ", ", Data(t["names"][2])),
             t["before"] or "not there", t["after"] or "not there"] for t in d["triangles"]]))
    doc.append(Heading(3, "Who moved"))
    moves: list[Inline] = []
    for s in d["switches"]:
        if s["change"] == "switched":
            moves.append((Data(s["name"]), " switched from ", Data(s["bloc_before"]), " to ",
                          Data(s["bloc_after"]), "."))
        elif s["change"] == "joined":
            moves.append((Data(s["name"]), " joined ", Data(s["bloc_after"]), "."))
        else:
            moves.append((Data(s["name"]), " left ", Data(s["bloc_before"]), "."))
    for p in d["placement_changes"]:
        moves.append((Data(p["name"]), f"'s placement: {p['before']} → {p['after']}."))
    doc.append(Bullets(moves) if moves else Para("Nobody changed bloc or placement."))
    strain: list[Inline] = [(pair_label(s["source_name"], s["target_name"]), " is no longer strained.")
                            for s in d["strain_relieved"]]
    strain += [(pair_label(s["source_name"], s["target_name"]), " is newly strained.")
               for s in d["strain_new"]]
    doc.append(Heading(3, "Partnerships under strain"))
    doc.append(Bullets(strain) if strain else Para("The same partnerships are strained."))
    for label, side in (("before", before), ("after", after)):
        doc.append(Heading(3, f"Blocs {label} ({plural(len(side['blocs']), 'bloc')})"))
        doc.append(_blocs(side["blocs"]))
    return doc
