"""Hostile strings, a graph made of them, and readers that check output by parsing it.

Every string here is text an analyst's data could hold: a name pasted from a web page, a quote with
markup, a title that breaks a Markdown table. Each script payload sets ``window.__pwned`` if it ever
runs, so the browser tests can tell. The checks parse what the package writes, HTML with
:mod:`html.parser`, Markdown with a CommonMark + GFM-tables parser, and look at what a reader (a
browser, a Markdown viewer) would build from it, not at the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pandas as pd

import graphlib_conflict as gc

__all__ = ["HOSTILE", "MARKUP", "REPORT_TAGS", "UNICODE", "HtmlDocument", "MarkdownDocument", "hostile_graph",
           "json_strings", "markdown_document", "same_text"]

MARKUP = {
    "script": "</script><script>window.__pwned=1</script>",
    "img": '<img src=x onerror="window.__pwned=2">',
    "attr": 'x" href="javascript:window.__pwned=3" onmouseover="window.__pwned=4" y="',
    "href": 'see <a href="javascript:window.__pwned=5">this</a>',
    "mdlink": "[click](javascript:window.__pwned=6)",
    "autolink": "<javascript:window.__pwned=7>",
    "comment": "<!--<script>window.__pwned=8</script>-->",
    "style": "</style><svg onload=window.__pwned=9>",
    "entity": "&lt;script&gt;window.__pwned=10&lt;/script&gt; &amp;",
    "pipe": "Pipe | in | the || name",
    "hash": "# not a heading",
    "ticks": "`code` and ``more``",
    "emphasis": "*star* **strong** _under_ __dunder__ ~~strike~~",
    "list": "- not a list",
    "ordered": "1. not a list",
    "quote": "> not a quote",
    "jinja": "{{7*7}} {% if 1 %}x{% endif %} ${7*7}",
    "backslash": "back\\slash\\|\\",
    "lines": "two\nlines\r\nand\u2028separator\u2029end",
}
"""Markup and Markdown that must stay literal text: each key names what it attacks."""

UNICODE = {
    "rlo": "\u202eevil\u202c RLO",
    "cjk": "中华人民共和国",
    "arabic": "الجمهورية العربية السورية",
    "zwj": "a\u200db\ufeffc",
    "emoji": "flag 🇹🇷 and 👩\u200d👩\u200d👧",
    "nbsp": "non\u00a0breaking",
}
"""Text that is unusual but valid: it must survive every format unchanged."""

HOSTILE = {**MARKUP, **UNICODE}


def hostile_graph() -> gc.ConflictGraph:
    """A small graph whose every string (actor names and descriptions, aliases, relation notes,
    evidence quotes, source titles, publishers and URLs, the dataset title) is hostile.

    The actors form triangles (two alliances and a war: unbalanced), one partner of each attacks
    the other (a strained partnership) and one alliance ends and turns to war (a flip), so every
    report has something to say. Triangles, not one long ring, keep the exact bloc searches small.
    """
    names = list(HOSTILE.values())
    ids = [f"A{i:02d}" for i in range(len(names))]
    actors = pd.DataFrame({
        "id": ids, "name": names, "type": "state",
        "description": names[1:] + names[:1],
        "aliases": [[f"{name} (alias)"] for name in names],
    }, dtype=object)
    rows: list[dict[str, Any]] = []
    for k in range(0, len(ids), 3):
        a, b, c = (ids[(k + j) % len(ids)] for j in range(3))
        notes = [names[(k + j) % len(names)] for j in range(3)]
        quote = names[(k + 3) % len(names)]
        rows += [
            {"source": a, "target": b, "type": "alliance", "start": "2019-01", "notes": notes[0],
             "evidence": [{"source": "s1", "quote": quote}]},
            {"source": b, "target": c, "type": "alliance", "start": "2019-01", "end": "2019-12",
             "notes": notes[1], "evidence": [{"source": "s1", "quote": notes[2]}]},
            {"source": b, "target": c, "type": "fights", "start": "2020-01",
             "notes": notes[2], "evidence": [{"source": "s2", "quote": notes[0]}]},
            {"source": a, "target": c, "type": "fights", "start": "2019-06",
             "evidence": [{"source": "s2", "quote": notes[1]}]},
            {"source": a, "target": b, "type": "attacks", "date": "2020-01-10",
             "notes": quote, "evidence": [{"source": "s2", "quote": quote}]},
        ]
    sources = pd.DataFrame({
        "id": ["s1", "s2"], "title": [MARKUP["href"], MARKUP["pipe"]],
        "publisher": [MARKUP["img"], MARKUP["jinja"]], "date": ["2020", "2020-01"],
        "url": ["javascript:window.__pwned=11", 'https://example.org/a"onmouseover="x'],
    }, dtype=object)
    return gc.ConflictGraph.from_frames(actors, pd.DataFrame(rows), sources=sources,
                                        dataset={"id": "hostile", "title": MARKUP["script"],
                                                 "description": MARKUP["comment"]})


def same_text(text: str) -> str:
    """Text with its white space collapsed, as Markdown and HTML show it."""
    return " ".join(text.split())


class HtmlDocument(HTMLParser):
    """What a browser would build from HTML: its elements, their attributes, and the text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.comments: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    @property
    def text(self) -> str:
        """All text, white space collapsed (style sheets included: they hold no data)."""
        return same_text(" ".join(self.chunks))

    def assert_inert(self, allowed: Iterable[str]) -> None:
        """Only ``allowed`` elements; no event handler, no ``javascript:`` anywhere, links to
        ``http(s)`` or a sibling file only, no comment (a payload's ``<!--`` must open none)."""
        allowed = set(allowed)
        for tag, attributes in self.tags:
            assert tag in allowed, f"unexpected element <{tag}> {attributes}"
            for name, value in attributes.items():
                assert not name.startswith("on"), (tag, name, value)
                assert "javascript:" not in (value or "").lower(), (tag, name, value)
            if "href" in attributes:
                assert str(attributes["href"]).startswith(("https://", "http://", "./")), attributes
        assert self.comments == []


REPORT_TAGS = {"div", "style", "h1", "h2", "h3", "h4", "p", "ul", "li", "table", "thead", "tbody",
               "tr", "th", "td", "strong", "span", "code", "blockquote", "a", "svg", "g", "path",
               "line", "rect", "circle", "text", "polyline", "title", "html", "head", "meta", "body",
               "em"}
"""Elements a result's HTML may hold (a page adds ``html``, ``head``, ``meta``, ``title``, ``body``;
figures are inline SVG the package draws)."""


@dataclass
class MarkdownDocument:
    """Markdown as a CommonMark reader with GitHub tables builds it."""

    tokens: list[Any]
    html: HtmlDocument

    def tables(self) -> list[list[list[str]]]:
        """Each table as rows of cell texts (header first)."""
        out: list[list[list[str]]] = []
        row: list[str] | None = None
        for token in self.tokens:
            if token.type == "table_open":
                out.append([])
            elif token.type == "tr_open":
                row = []
            elif token.type == "inline" and row is not None:
                row.append(same_text(_inline_text(token)))
            elif token.type == "tr_close" and row is not None:
                out[-1].append(row)
                row = None
        return out


def _inline_text(token: Any) -> str:
    return "".join(child.content for child in token.children or () if child.type in ("text", "code_inline"))


def markdown_document(text: str) -> MarkdownDocument:
    """Parse Markdown (CommonMark, GitHub tables); skips the test where no parser is installed."""
    import pytest

    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py parses Markdown here")
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    raw = [t for t in tokens if t.type == "html_block"]
    raw += [c for t in tokens if t.type == "inline" for c in t.children or () if c.type == "html_inline"]
    assert raw == [], f"raw HTML reached the Markdown: {[t.content for t in raw]}"
    return MarkdownDocument(tokens, HtmlDocument(parser.render(text)))


def json_strings(text: str) -> list[str]:
    """Every string value in a JSON document."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(text))
    return out
