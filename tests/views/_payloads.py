"""A dataset whose every string is a script-injection attempt, and helpers to read a page back.

Used by the unit tests (the HTML text) and the browser tests (what actually runs). Each payload sets
``window.__pwned`` if it ever executes.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from html.parser import HTMLParser

import pandas as pd

import graphlib_conflict as gc

__all__ = ["PAYLOADS", "PageParser", "notebook_parts", "page_data", "payload_findings_graph",
           "payload_graph", "unpacked"]

PAYLOADS = {
    "script": "</script><script>window.__pwned=1</script>",
    "img": '<img src=x onerror="window.__pwned=2">',
    "attr": 'x" href="javascript:window.__pwned=3" onmouseover="window.__pwned=4" y="',
    "comment": "<!--<script>window.__pwned=5</script>-->",
    "style": "</style><svg onload=window.__pwned=6>",
    "separator": "line\u2028separator\u2029end & <b>bold</b>",
}
"""Injection attempts, by the context each one targets."""


def payload_graph() -> gc.ConflictGraph:
    """Three actors, two relations, one source, a dataset title: every string a payload."""
    p = PAYLOADS
    actors = pd.DataFrame({
        "id": ["A", "B", "C", "D"],
        "name": [p["script"], p["img"], p["attr"], p["comment"]],
        "type": ["state", p["style"], "armed_group", "person"],
        "aliases": [[p["img"]], [p["separator"]], [], []],
        "description": [p["img"], p["script"], p["attr"], None],
        "country": [None, None, None, None],
    })
    relations = pd.DataFrame({
        "source": ["A", "B", "C"],
        "target": ["B", "C", "D"],
        "type": ["attacks", p["comment"], "supports"],
        "date": ["2020-01-10", "2020-01-12", None],
        "start": [None, None, "2019"],
        "notes": [p["script"], p["separator"], p["img"]],
        "evidence": [[{"source": "s1", "quote": p["img"]}],
                     [{"source": "s1", "quote": p["script"]}],
                     [{"source": "s1", "quote": p["attr"]}]],
    })
    sources = pd.DataFrame({"id": ["s1"], "title": [p["script"]], "publisher": [p["img"]],
                            "date": ["2020"], "url": ["javascript:window.__pwned=7"]})
    return gc.ConflictGraph.from_frames(
        actors, relations, sources=sources, dataset={"id": "payloads", "title": p["script"]},
        actor_types=[{"id": p["style"], "description": p["img"]}],
        relation_types=[{"id": p["comment"], "category": "interaction", "sign": -1,
                         "directed": True, "default_weight": 0.5, "cameo": [],
                         "description": p["attr"]}],
    )


def payload_findings_graph() -> gc.ConflictGraph:
    """Three states in an unbalanced triangle (two allied pairs, one enmity) and a strained
    partnership, whose names, the dataset title and a bloc name (from a leader's name) are
    payloads: the findings panel and layer show them."""
    p = PAYLOADS
    actors = pd.DataFrame({
        "id": ["A", "B", "C"],
        "name": [p["script"], p["img"], p["attr"]],
        "type": ["state", "state", "state"],
    })
    relations = pd.DataFrame({
        "source": ["A", "B", "A", "A"],
        "target": ["B", "C", "C", "C"],
        "type": ["alliance", "alliance", "fights", "attacks"],
        "start": ["2019-01", "2019-01", "2019-06", None],
        "date": [None, None, None, "2020-01-10"],
        "notes": [p["comment"], None, None, p["separator"]],
    })
    return gc.ConflictGraph.from_frames(actors, relations,
                                        dataset={"id": "payload-findings", "title": p["comment"]})


_DATA = re.compile(r'<script type="application/json" id="gc-data">(.*?)</script>', re.DOTALL)
_PACKED = re.compile(r'<script type="application/json" id="gc-packed">(.*?)</script>', re.DOTALL)


def unpacked(page: str) -> dict[str, str]:
    """The parts of a packed (notebook) page, inflated: ``vis_css``, ``data``, ``vis_js``, ``app_js``."""
    match = _PACKED.search(page)
    assert match is not None, "the page is not packed"
    return {name: zlib.decompress(base64.b64decode(text)).decode("utf-8")
            for name, text in json.loads(match.group(1)).items()}


def page_data(page: str) -> dict:
    """The page data (the JSON the page's script draws), parsed back; a packed page is unpacked."""
    match = _DATA.search(page)
    assert match is not None, "the page has no data element"
    if not match.group(1):
        return json.loads(unpacked(page)["data"])
    return json.loads(match.group(1))


def notebook_parts(markup: str) -> dict[str, str]:
    """The notebook output's parts: ``page`` (the frame's srcdoc), ``svg`` (the picture under it),
    ``line`` (the text above the picture) and ``style`` (of the outer box)."""
    parsed = PageParser(markup)
    tags = dict(parsed.tags)
    source = str(tags["img"]["src"])
    assert source.startswith("data:image/svg+xml;base64,")
    return {"page": str(tags["iframe"]["srcdoc"]), "iframe_style": str(tags["iframe"]["style"]),
            "svg": base64.b64decode(source.split(",", 1)[1]).decode("utf-8"),
            "line": parsed.paragraphs[0], "style": str(parsed.tags[0][1]["style"])}


class PageParser(HTMLParser):
    """Every start tag with its attributes, and the text of each element id, as a browser parses."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, str] = {}
        self.styles: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.paragraphs: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag not in ("meta", "input", "br", "link", "img"):
            self._open.append((tag, attributes.get("id")))
            if attributes.get("id"):
                self.text[str(attributes["id"])] = ""
        if tag == "script":
            self.scripts.append((attributes, ""))
        if tag == "p":
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, element_id in self._open:
            if element_id:
                self.text[element_id] += data
        if self._open and self._open[-1][0] == "style":
            self.styles.append(data)
        if self._open and self._open[-1][0] == "script":
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
        if self._open and self._open[-1][0] == "p":
            self.paragraphs[-1] += data
        if self._open and self._open[-1][0] == "title":
            self.text["<title>"] = self.text.get("<title>", "") + data
