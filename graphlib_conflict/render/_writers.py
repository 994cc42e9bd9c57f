"""The three writers of a :mod:`~graphlib_conflict.render._doc` document: terminal text, Markdown
and HTML.

* **Text** is for the terminal: headings underlined, tables aligned in columns, nothing escaped.
* **Markdown** escapes data only (:func:`~graphlib_conflict.render._escape.md_escape`); prose stays
  plain, so it reads cleanly in a terminal too.
* **HTML** escapes everything and is self-contained: a fragment carries its own scoped style sheet,
  robust to the host page's rules (JupyterLab right-aligns and stripes table cells; ours do not),
  and a page adds ``<head>`` with the character set. Nothing is fetched.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from graphlib_conflict.render._doc import (
    Block,
    Bullets,
    Code,
    Data,
    Doc,
    Figure,
    Heading,
    Inline,
    Item,
    Link,
    Num,
    Para,
    Quote,
    Status,
    Strong,
    Table,
)
from graphlib_conflict.render._escape import html_escape, md_escape, safe_url
from graphlib_conflict.render._format import number

__all__ = ["CSS", "html_fragment", "html_page", "markdown", "text"]

STATUS_WORDS = ("ally", "adversary", "mixed", "neutral")

CSS = """
.gc-report{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;
  line-height:1.45;color:#1f2328;max-width:1100px;text-align:left}
.gc-report h1{font-size:1.5em;margin:.4em 0}
.gc-report h2{font-size:1.25em;margin:1.2em 0 .4em;border-bottom:1px solid #d0d7de}
.gc-report h3{font-size:1.08em;margin:1em 0 .3em}.gc-report h4{font-size:1em;margin:.9em 0 .2em}
.gc-report table.gc-table{border-collapse:collapse!important;margin:.4em 0 .8em!important;
  border:none!important;table-layout:auto!important;width:auto!important}
.gc-report table.gc-table th,.gc-report table.gc-table td{border:1px solid #d0d7de!important;
  padding:3px 8px!important;text-align:left!important;vertical-align:top!important;
  background:transparent!important;white-space:normal!important;max-width:none!important;
  color:inherit!important}
.gc-report table.gc-table th{background:#f6f8fa!important;font-weight:600!important}
.gc-report table.gc-table td.num,.gc-report table.gc-table th.num{text-align:right!important;
  font-variant-numeric:tabular-nums}
.gc-report blockquote{margin:.2em 0 .4em 1em!important;padding:0 .8em!important;
  border-left:3px solid #d0d7de!important;color:#444!important;background:transparent!important}
.gc-report .gc-cite,.gc-report .gc-muted{color:#57606a}.gc-report .gc-cite{font-size:.92em}
.gc-report .gc-status{display:inline-block;padding:0 6px;border-radius:8px;font-size:.9em;
  font-weight:600}
.gc-report .gc-ally{background:#dafbe1;color:#116329}
.gc-report .gc-adversary{background:#ffebe9;color:#a40e26}
.gc-report .gc-mixed{background:#fff8c5;color:#7d4e00}
.gc-report .gc-neutral{background:#eaeef2;color:#424a53}
.gc-report ul.gc-list{padding-left:1.2em!important;list-style:disc!important}
.gc-report ul.gc-list li{margin:.3em 0!important}
"""
"""Style sheet of every HTML result, scoped under ``.gc-report``."""


# ---------------------------------------------------------------------------------------- inline
def _inline_text(x: Inline) -> str:
    if isinstance(x, str):
        return x
    if isinstance(x, tuple):
        return "".join(_inline_text(part) for part in x)
    if isinstance(x, Data):
        return " ".join(_plain(x.value).split())
    if isinstance(x, Num):
        return number(x.value, x.kind)
    if isinstance(x, Strong):
        return _inline_text(x.content)
    if isinstance(x, Status):
        return _plain(x.word)
    if isinstance(x, Code):
        return x.text
    if isinstance(x, Link):
        return " ".join(_plain(x.text).split())
    raise TypeError(f"not inline content: {x!r}")


def _inline_md(x: Inline) -> str:
    if isinstance(x, str):
        return x
    if isinstance(x, tuple):
        return "".join(_inline_md(part) for part in x)
    if isinstance(x, Data):
        return md_escape(x.value)
    if isinstance(x, Num):
        return number(x.value, x.kind)
    if isinstance(x, Strong):
        inner = _inline_md(x.content)
        return f"**{inner}**" if inner else ""
    if isinstance(x, Status):
        return f"**{md_escape(x.word)}**"
    if isinstance(x, Code):
        return f"`{x.text}`"
    if isinstance(x, Link):
        url = safe_url(x.url)
        label = md_escape(x.text)
        return f"[{label}](<{url}>)" if url and label else label
    raise TypeError(f"not inline content: {x!r}")


def _inline_html(x: Inline) -> str:
    if isinstance(x, str):
        return html.escape(x, quote=False)
    if isinstance(x, tuple):
        return "".join(_inline_html(part) for part in x)
    if isinstance(x, Data):
        return html_escape(x.value)
    if isinstance(x, Num):
        return html.escape(number(x.value, x.kind), quote=False)
    if isinstance(x, Strong):
        return f"<strong>{_inline_html(x.content)}</strong>"
    if isinstance(x, Status):
        word = html_escape(x.word)
        css = f"gc-{word}" if word in STATUS_WORDS else "gc-neutral"
        return f'<span class="gc-status {css}">{word}</span>'
    if isinstance(x, Code):
        return f"<code>{html.escape(x.text, quote=False)}</code>"
    if isinstance(x, Link):
        url = safe_url(x.url)
        label = html_escape(x.text)
        if url and label:
            return f'<a href="{html_escape(url)}" rel="noopener noreferrer">{label}</a>'
        return label
    raise TypeError(f"not inline content: {x!r}")


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _quote_parts(q: Quote, inline: Any) -> tuple[str, str]:
    return inline(Data(q.text)), inline(q.cite)


# ------------------------------------------------------------------------------------------ text
def text(doc: Doc) -> str:
    """Terminal text: headings underlined, tables aligned, quotes indented, nothing escaped."""
    out: list[str] = []
    for block in doc:
        out.append(_block_text(block))
    return "\n\n".join(part for part in out if part) + "\n"


def _block_text(block: Block) -> str:
    if isinstance(block, Heading):
        title = _inline_text(block.content)
        if block.level <= 2:
            return title + "\n" + ("=" if block.level == 1 else "-") * len(title)
        return title
    if isinstance(block, Para):
        return _inline_text(block.content)
    if isinstance(block, Quote):
        return _quote_text(block, "  ")
    if isinstance(block, Bullets):
        lines = []
        for item in block.items:
            head, children = _item(item)
            lines.append(("- " if block.marker else "") + _inline_text(head))
            lines += [_quote_text(q, "    ") if isinstance(q, Quote) else
                      _indent(_block_text(q), "    ") for q in children]
        return "\n".join(lines)
    if isinstance(block, Table):
        return _table_text(block)
    if isinstance(block, Figure):
        return ""
    raise TypeError(f"not a block: {block!r}")


def _quote_text(q: Quote, indent: str) -> str:
    quote, cite = _quote_parts(q, _inline_text)
    return f"{indent}“{quote}”" + (f" — {cite}" if cite else "")


def _indent(text_block: str, indent: str) -> str:
    return "\n".join(indent + line for line in text_block.splitlines())


def _table_text(table: Table) -> str:
    cells = [[_inline_text(c) for c in row] for row in table.rows]
    header = list(table.header)
    widths = [max([len(header[i])] + [len(row[i]) for row in cells]) for i in range(len(header))]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(widths[i]) if i in table.numeric else v.ljust(widths[i])
                 for i, v in enumerate(values)]
        return "  ".join(parts).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _item(item: Inline | Item) -> tuple[Inline, Sequence[Block]]:
    if isinstance(item, Item):
        return item.content, item.children
    return item, ()


# -------------------------------------------------------------------------------------- markdown
def markdown(doc: Doc) -> str:
    """Markdown: data escaped, prose plain, GitHub-flavoured tables."""
    return "\n\n".join(part for part in (_block_md(b) for b in doc) if part) + "\n"


def _block_md(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * min(block.level, 6) + " " + _inline_md(block.content)
    if isinstance(block, Para):
        content = _inline_md(block.content)
        return f"*{content}*" if block.muted and content else content
    if isinstance(block, Quote):
        return _quote_md(block, "")
    if isinstance(block, Bullets):
        lines = []
        for item in block.items:
            head, children = _item(item)
            lines.append("- " + _inline_md(head))
            lines += [_quote_md(q, "  ") if isinstance(q, Quote) else
                      _indent(_block_md(q), "  ") for q in children]
        return "\n".join(lines)
    if isinstance(block, Table):
        header = "| " + " | ".join(h.replace("|", "\\|") for h in block.header) + " |"
        rule = "| " + " | ".join("---:" if i in block.numeric else "---"
                                 for i in range(len(block.header))) + " |"
        rows = ["| " + " | ".join(_inline_md(c).replace("\n", " ") for c in row) + " |"
                for row in block.rows]
        return "\n".join([header, rule, *rows])
    if isinstance(block, Figure):
        return ""
    raise TypeError(f"not a block: {block!r}")


def _quote_md(q: Quote, indent: str) -> str:
    quote, cite = _quote_parts(q, _inline_md)
    return f"{indent}> “{quote}”" + (f" — *{cite}*" if cite else "")


# ------------------------------------------------------------------------------------------ html
def _block_html(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(block.level, 6)
        return f"<h{level}>{_inline_html(block.content)}</h{level}>"
    if isinstance(block, Para):
        muted = ' class="gc-muted"' if block.muted else ""
        return f"<p{muted}>{_inline_html(block.content)}</p>"
    if isinstance(block, Quote):
        return _quote_html(block)
    if isinstance(block, Bullets):
        items = []
        for item in block.items:
            head, children = _item(item)
            items.append("<li>" + _inline_html(head) + "".join(
                _quote_html(q) if isinstance(q, Quote) else _block_html(q) for q in children)
                + "</li>")
        return '<ul class="gc-list">' + "".join(items) + "</ul>"
    if isinstance(block, Table):
        def cell(tag: str, i: int, content: str) -> str:
            # the alignment inline too: an untrusted notebook strips the <style> but keeps this
            if i in block.numeric:
                return f'<{tag} class="num" style="text-align:right">{content}</{tag}>'
            return f'<{tag} style="text-align:left">{content}</{tag}>'

        head = "".join(cell("th", i, html_escape(h)) for i, h in enumerate(block.header))
        body = "".join("<tr>" + "".join(cell("td", i, _inline_html(c)) for i, c in enumerate(row))
                       + "</tr>" for row in block.rows)
        return (f'<table class="gc-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
                "</table>")
    if isinstance(block, Figure):
        return block.svg
    raise TypeError(f"not a block: {block!r}")


def _quote_html(q: Quote) -> str:
    quote, cite = _quote_parts(q, _inline_html)
    return (f"<blockquote>“{quote}”" + (f' <span class="gc-cite">— {cite}</span>' if cite else "")
            + "</blockquote>")


def _body_html(doc: Doc) -> str:
    return "\n".join(_block_html(b) for b in doc)


def html_fragment(doc: Doc) -> str:
    """A ``<div class="gc-report">`` with its own scoped style: what ``_repr_html_`` shows."""
    return f'<div class="gc-report"><style>{CSS}</style>\n{_body_html(doc)}\n</div>'


def html_page(doc: Doc, title: str) -> str:
    """A whole self-contained HTML page (``title`` is escaped here)."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html_escape(title)}</title>\n<style>{CSS}\nbody{{margin:24px}}</style>\n"
            f"</head>\n<body>\n<div class=\"gc-report\">\n{_body_html(doc)}\n</div>\n</body>\n"
            "</html>\n")
