"""The review page: the article with every quote highlighted, accept/reject toggles, YAML to copy.

One self-contained HTML file: inline style and script, no request to anywhere (a Content Security
Policy forbids them), every string from the article or the dataset escaped with ``html.escape``, and
the data the script needs embedded as JSON with ``<``, ``>`` and ``&`` written as ``\\u`` escapes so
that no text can close the script element.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from graphlib_conflict.render import html_escape

__all__ = ["review_page"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;line-height:1.5;
  color:#1f2328;margin:0}
header{padding:10px 18px;border-bottom:1px solid #d0d7de;background:#f6f8fa}
header h1{font-size:1.25em;margin:0 0 4px}
main{display:flex;gap:18px;padding:12px 18px;align-items:flex-start}
#gc-article{flex:1 1 50%;white-space:pre-wrap;border:1px solid #d0d7de;border-radius:6px;padding:12px;
  max-height:80vh;overflow:auto;background:#fff}
#gc-side{flex:1 1 50%;max-height:80vh;overflow:auto}
mark.q{background:#fff3b0;border-radius:2px;cursor:pointer}
mark.q.on{background:#ffb86b;outline:2px solid #e36209}
.gc-cand{border:1px solid #d0d7de;border-radius:6px;padding:6px 10px;margin:0 0 8px;cursor:pointer}
.gc-cand.on{border-color:#e36209;box-shadow:0 0 0 2px #ffd8b5}
.gc-cand .rel{font-weight:600}.gc-cand .meta{color:#57606a;font-size:.92em}
.gc-cand blockquote{margin:4px 0;padding-left:8px;border-left:3px solid #d0d7de;color:#444}
.gc-cand.existing{opacity:.75}
.gc-high{color:#116329}.gc-medium{color:#7d4e00}.gc-low{color:#a40e26}
textarea{width:100%;min-height:16em;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
section{padding:0 18px 18px}
"""

_SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gc-data").textContent);
  var out = document.getElementById("gc-yaml");
  var count = document.getElementById("gc-count");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.gc-accept"));
  function update() {
    var items = boxes.filter(function (b) { return b.checked; })
                     .map(function (b) { return data.items[Number(b.getAttribute("data-i"))]; });
    out.value = data.header + (items.length ? "relations:\\n" + items.join("") : "relations: []\\n");
    count.textContent = items.length + " of " + boxes.length + " accepted";
  }
  function show(i) {
    var first = null;
    Array.prototype.forEach.call(document.querySelectorAll("mark.q"), function (m) {
      var on = m.getAttribute("data-c").split(" ").indexOf(String(i)) >= 0;
      m.classList.toggle("on", on);
      if (on && first === null) { first = m; }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".gc-cand"), function (c) {
      c.classList.toggle("on", c.getAttribute("data-i") === String(i));
    });
    if (first !== null) { first.scrollIntoView({block: "center"}); }
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  Array.prototype.forEach.call(document.querySelectorAll(".gc-cand"), function (c) {
    c.addEventListener("click", function (ev) {
      var tag = ev.target.tagName;
      if (tag !== "INPUT" && tag !== "SUMMARY") { show(c.getAttribute("data-i")); }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("mark.q"), function (m) {
    m.addEventListener("click", function () {
      var i = m.getAttribute("data-c").split(" ")[0];
      show(i);
      var card = document.getElementById("gc-cand-" + i);
      if (card) { card.scrollIntoView({block: "nearest"}); }
    });
  });
  document.getElementById("gc-copy").addEventListener("click", function () {
    out.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(out.value);
    } else {
      document.execCommand("copy");
    }
  });
  update();
})();
"""


def _json_for_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _highlighted(text: str, spans: Sequence[tuple[int, int, int]]) -> str:
    """The article as HTML, each quoted stretch in a ``<mark>`` naming the candidates it supports."""
    cuts = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    parts = []
    for a, b in pairwise(cuts):
        covering = sorted({i for s, e, i in spans if s <= a and b <= e})
        chunk = html_escape(text[a:b])
        if covering:
            parts.append(f'<mark class="q" data-c="{" ".join(str(i) for i in covering)}">{chunk}</mark>')
        else:
            parts.append(chunk)
    return "".join(parts)


def review_page(*, text: str, title: str, summary: str, candidates: Sequence[Mapping[str, Any]],
                items: Sequence[str], header: str, unknown: Sequence[str]) -> str:
    """The review page (see the module docstring).

    Parameters
    ----------
    text : str
        The article.
    title, summary : str
        Heading and one line under it (plain text; escaped here).
    candidates : sequence of mapping
        Candidate records as in ``Extraction.to_dict()["candidates"]``.
    items : sequence of str
        For each candidate, its YAML list item (indented to sit under ``relations:``).
    header : str
        YAML that precedes ``relations:`` (comments and a ``sources`` section).
    unknown : sequence of str
        Lines about actors the dataset lacks.
    """
    spans = [(int(e["start"]), int(e["end"]), n) for n, c in enumerate(candidates) for e in c["evidence"]]
    cards = []
    for n, c in enumerate(candidates):
        existing = list(c["existing"])
        status = (f"already in the dataset as {', '.join(existing)}" if existing else "new")
        when = c["date"] or (f"since {c['start']}" if c["start"] else "no start")
        quotes = "".join(f"<blockquote>{html_escape(e['quote'])}</blockquote>" for e in c["evidence"])
        cues = "".join(f"<li>{html_escape(cue)}</li>" for cue in c["cues"])
        checked = "" if existing else " checked"
        cards.append(
            f'<div class="gc-cand{" existing" if existing else ""}" id="gc-cand-{n}" data-i="{n}">'
            f'<label><input type="checkbox" class="gc-accept" data-i="{n}"{checked}> accept</label> '
            f'<span class="rel">{html_escape(c["source"])} {html_escape(c["type"])} '
            f'{html_escape(c["target"])}</span> <span class="meta">{html_escape(when)} · '
            f'<span class="gc-{html_escape(c["confidence"])}">{html_escape(c["confidence"])} '
            f'{float(c["score"]):.2f}</span> · {html_escape(status)}</span>{quotes}'
            f'<div class="meta">{html_escape(c["reason"])}</div>'
            f"<details><summary>cues</summary><ul>{cues}</ul></details></div>")
    unknown_html = ""
    if unknown:
        unknown_html = ("<section><h2>Actors not in the dataset</h2><ul>"
                        + "".join(f"<li>{html_escape(u)}</li>" for u in unknown) + "</ul></section>")
    data = _json_for_script({"header": header, "items": list(items)})
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html_escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{html_escape(title)}</h1><div>{html_escape(summary)}</div></header>\n"
        f"<main><div id=\"gc-article\">{_highlighted(text, spans)}</div>\n"
        f"<div id=\"gc-side\">{''.join(cards) or '<p>No candidate relations.</p>'}</div></main>\n"
        f"{unknown_html}"
        "<section><h2>YAML of the accepted candidates</h2>"
        "<p><span id=\"gc-count\"></span> · <button type=\"button\" id=\"gc-copy\">Copy</button> — paste "
        "it into the dataset, or merge it with <code>graphlib-conflict extract ... --into FILE</code>.</p>"
        "<textarea id=\"gc-yaml\" readonly spellcheck=\"false\"></textarea></section>\n"
        f"<script type=\"application/json\" id=\"gc-data\">{data}</script>\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")
