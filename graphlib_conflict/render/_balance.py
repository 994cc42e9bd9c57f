"""Documents of the balance results, built from their plain data (``to_dict()``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphlib_conflict.render._doc import Bullets, Code, Data, Doc, Heading, Inline, Num, Para, Table
from graphlib_conflict.render._format import number, plural

__all__ = ["PATTERNS", "balance_document", "balance_headline", "frustration_document",
           "frustration_summary", "more", "notes", "pair_label"]

PATTERNS = (("+++", "three allies", True), ("++-", "two allies and one enmity", False),
            ("+--", "two allies with a common enemy", True), ("---", "three enmities", False))
"""Signed triangle patterns: signs, meaning, balanced."""


def more(shown: int, total: int) -> list[Para]:
    """``Showing 10 of 14.`` when not everything is shown."""
    return [Para(f"Showing {number(shown, 'count')} of {number(total, 'count')}.", muted=True)] \
        if total > shown else []


def notes(data: Mapping[str, Any]) -> list[Para]:
    """The result's notes (where its day lies against the data, what was left out)."""
    return [Para(note, muted=True) for note in data.get("notes") or ()]


def pair_label(a: Any, b: Any) -> Inline:
    """``Russia – Turkey``."""
    return (Data(a), " – ", Data(b))


def _signs(row: Mapping[str, Any]) -> Code:
    return Code(" ".join("+" if row[k] > 0 else "−" for k in ("sign_ab", "sign_bc", "sign_ac")))


def frustration_summary(f: Mapping[str, Any]) -> str:
    """One sentence on the frustration index and how sure it is."""
    value = number(f["index"], "index")
    what = (f"ties weighing {value} in all" if f["weighted"]
            else "1 tie" if value == "1" else f"{value} ties")
    if f["optimal"]:
        how = " (exact)"
    else:
        how = (f" (heuristic on {f['heuristic_blocks']} of {plural(f['blocks'], 'block')}; the "
               f"true value is between {number(f['lower_bound'], 'index')} and {value})")
    return (f"Frustration index {value}{how}: {what} must change sign for the graph to split into "
            "two blocs with allies inside and enemies across.")


def frustration_document(f: Mapping[str, Any], *, level: int = 2, max_rows: int = 10) -> Doc:
    """The frustration index, its two blocs and the ties against them."""
    doc: Doc = [Heading(level, "Frustration" + (f" on {f['at']}" if f.get("at") and level <= 2
                                                 else "")),
                Para(frustration_summary(f))]
    blocs = f.get("bloc_list") or []
    if blocs:
        doc.append(Bullets([_bloc_line(b) for b in blocs]))
    frustrated: Sequence[Mapping[str, Any]] = f.get("frustrated") or []
    if frustrated:
        doc.append(Table(
            ["tie against the blocs", "sign", "weight"],
            [[pair_label(t["source_name"], t["target_name"]), "+" if t["sign"] > 0 else "−",
              Num(t["weight"], "weight")] for t in frustrated[:max_rows]],
            numeric={2}))
        doc += more(min(len(frustrated), max_rows), len(frustrated))
    return doc


def _bloc_line(b: Mapping[str, Any]) -> Inline:
    members = b["members"]
    names: list[Inline] = []
    for i, m in enumerate(members):
        names += [", " if i else "", Data(m["name"])]
        if m.get("placement") == "contested":
            names.append(" (contested)")
    return (Data(b["name"]), f" ({number(len(members), 'count')}): ", tuple(names))


def balance_document(d: Mapping[str, Any], *, max_rows: int = 10) -> Doc:
    """Census, unbalanced triangles, strained partnerships and frustration at one day."""
    census = d["census"]
    doc: Doc = [Heading(2, "Structural balance" + (f" on {d['at']}" if d.get("at") else ""))]
    doc += notes(d)
    doc.append(Para(balance_headline(d)))
    doc.append(Table(["triangle", "meaning", "count", "balanced"],
                     [[Code(key), meaning, Num(census[key], "count"), "yes" if ok else "no"]
                      for key, meaning, ok in PATTERNS], numeric={2}))
    rows = [t for t in d["triangles"]["rows"] if not t["balanced"]]
    doc.append(Heading(3, "Unbalanced triangles"))
    if rows:
        doc.append(Table(["actors", "signs (ab, bc, ac)"],
                         [[(Data(t["a_name"]), ", ", Data(t["b_name"]), ", ", Data(t["c_name"])),
                           _signs(t)] for t in rows[:max_rows]]))
        doc += more(min(len(rows), max_rows), census["unbalanced"])
    else:
        doc.append(Para("None."))
    strained = d["strained"]
    doc.append(Heading(3, "Partnerships under strain"))
    if strained:
        doc.append(Table(
            ["partnership", "unbalanced triangles", "tension", "score", "status"],
            [[pair_label(s["source_name"], s["target_name"]),
              Num(s["unbalanced_triangles"], "count"), Num(s["tension"], "weight"),
              Num(s["score"], "score"), Data(s["status"])] for s in strained[:max_rows]],
            numeric={1, 2, 3}))
        doc += more(min(len(strained), max_rows), len(strained))
    else:
        doc.append(Para("None: no positive tie lies in an unbalanced triangle."))
    doc += frustration_document(d["frustration"], level=3, max_rows=max_rows)
    return doc


def balance_headline(d: Mapping[str, Any]) -> Inline:
    """``Balance ratio 0.83: 10 of 12 triangles balanced, 2 unbalanced. Most strained ...``."""
    census = d["census"]
    if not census["total"]:
        head: Inline = "No triangle of non-neutral ties."
    else:
        head = (f"Balance ratio {number(d['balance_ratio'], 'ratio')}: "
                f"{number(census['balanced'], 'count')} of {plural(census['total'], 'triangle')} "
                f"balanced, {number(census['unbalanced'], 'count')} unbalanced.")
    if d["strained"]:
        top = d["strained"][0]
        head = (head, " Most strained partnership: ", pair_label(top["source_name"],
                                                               top["target_name"]),
                f" (in {plural(top['unbalanced_triangles'], 'unbalanced triangle')}).")
    return head
