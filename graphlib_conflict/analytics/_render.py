"""Rendering helpers shared by analytics result objects: escaping, tables, evidence, one HTML page.

Every string that comes from data (names, quotes, titles, URLs) goes through :func:`md_escape` or
:func:`html_escape` before it reaches Markdown or HTML, so an actor named ``<script>...`` or
``[x](javascript:...)`` shows as text. Links are made only for ``http``/``https`` URLs. The HTML
page is self-contained: inline CSS, inline SVG, nothing fetched.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from graphlib_conflict._atomic import write_text

__all__ = [
    "CSS",
    "evidence_html",
    "evidence_markdown",
    "fmt",
    "html_document",
    "html_escape",
    "html_fragment",
    "html_table",
    "json_dumps",
    "md_escape",
    "md_table",
    "params_dict",
    "safe_url",
    "status_html",
    "svg_series",
    "written",
]

CSS = """
.gc-report{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;
  line-height:1.45;color:#1f2328;max-width:1100px}
.gc-report h1{font-size:1.5em;margin:.4em 0}.gc-report h2{font-size:1.25em;margin:1.2em 0 .4em;
  border-bottom:1px solid #d0d7de}.gc-report h3{font-size:1.08em;margin:1em 0 .3em}
.gc-report h4{font-size:1em;margin:.9em 0 .2em}
.gc-report table.gc-table{border-collapse:collapse;margin:.4em 0 .8em}
.gc-report .gc-table th,.gc-report .gc-table td{border:1px solid #d0d7de;padding:3px 8px;
  text-align:left;vertical-align:top}
.gc-report .gc-table th{background:#f6f8fa}.gc-report td.num{text-align:right;
  font-variant-numeric:tabular-nums}
.gc-report blockquote{margin:.2em 0 .4em 1em;padding:0 .8em;border-left:3px solid #d0d7de;
  color:#444}
.gc-report .gc-cite{color:#57606a;font-size:.92em}
.gc-report .gc-muted{color:#57606a}
.gc-report .gc-status{display:inline-block;padding:0 6px;border-radius:8px;font-size:.9em;
  font-weight:600}
.gc-report .gc-ally{background:#dafbe1;color:#116329}.gc-report .gc-adversary{background:#ffebe9;
  color:#a40e26}.gc-report .gc-mixed{background:#fff8c5;color:#7d4e00}
.gc-report .gc-neutral{background:#eaeef2;color:#424a53}
.gc-report ul.gc-relations{padding-left:1.2em}.gc-report ul.gc-relations li{margin:.3em 0}
"""
"""Style sheet of every HTML result, scoped under ``.gc-report``."""

_MD_SPECIAL = re.compile(r"([\\`*\[\]()|~!#{}])")
_MD_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_MD_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)](?:\s|$)))")
_WHITESPACE = re.compile(r"\s+")


def md_escape(value: Any) -> str:
    """Text from data, safe to put anywhere in a line of Markdown.

    Markdown punctuation is backslash-escaped, ``<``/``>``/``&`` become HTML entities (so no raw
    HTML, autolink or entity can be formed), runs of white space (line breaks included) become one
    space, and a leading block marker
    (``-``, ``+``, ``=``, ``1.``) is escaped. Underscores inside words are left alone (``SYR_GOV``).

    Examples
    --------
    >>> md_escape("<script>alert(1)</script>")
    '&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt;'
    >>> md_escape("[x](javascript:alert(1))")
    '\\\\[x\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\)'
    >>> md_escape("SYR_GOV | _emph_")
    'SYR_GOV \\\\| \\\\_emph\\\\_'
    >>> md_escape("1. first"), md_escape("- item"), md_escape("1.50")
    ('1\\\\. first', '\\\\- item', '1.50')
    """
    text = _WHITESPACE.sub(" ", "" if _missing(value) else str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_UNDERSCORE.sub(r"\\_", text)
    return _MD_BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    space, marker = match.group(1), match.group(2)
    # "1. text" would open an ordered list: escape the dot after the digits, not the digits
    return space + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


def html_escape(value: Any) -> str:
    """Text from data, safe inside HTML elements and quoted attributes.

    Examples
    --------
    >>> html_escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape("" if _missing(value) else str(value), quote=True)


def safe_url(url: Any) -> str | None:
    """The URL if it is ``http``/``https`` (the only links we make), else ``None``.

    Examples
    --------
    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)"), safe_url(None)
    ('https://example.org/a', None, None)
    """
    if _missing(url):
        return None
    text = str(url).strip()
    if re.match(r"^https?://[^\s<>\"']+$", text, flags=re.IGNORECASE):
        return text
    return None


def fmt(value: Any, digits: int = 2) -> str:
    """A number for display (``digits`` decimals, real minus sign), text as is, missing as ``""``.

    Examples
    --------
    >>> fmt(-5.5406), fmt(3), fmt(None), fmt(True)
    ('−5.54', '3', '', 'yes')
    """
    if _missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value)).replace("-", "−")
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.{digits}f}".replace("-", "−")
    return str(value)


def md_table(rows: Sequence[Sequence[Any]], header: Sequence[str], *,
             numeric: Iterable[int] = (), digits: int = 2) -> str:
    """A GitHub-flavoured Markdown table; every cell escaped, numbers formatted.

    Examples
    --------
    >>> print(md_table([["a|b", 1.5]], ["name", "score"], numeric=[1]))
    | name | score |
    | --- | ---: |
    | a\\|b | 1.50 |
    """
    right = set(numeric)
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |",
             "| " + " | ".join("---:" if i in right else "---" for i in range(len(header))) + " |"]
    lines += ["| " + " | ".join(md_escape(fmt(cell, digits)) for cell in row) + " |"
              for row in rows]
    return "\n".join(lines)


def html_table(rows: Sequence[Sequence[Any]], header: Sequence[str], *,
               numeric: Iterable[int] = (), raw: Iterable[int] = (), digits: int = 2) -> str:
    """An HTML table; every cell escaped except the columns in ``raw`` (already-built HTML).

    Examples
    --------
    >>> html_table([["<b>", 1]], ["name", "n"], numeric=[1])
    '<table class="gc-table">...<tbody><tr><td>&lt;b&gt;</td><td class="num">1</td></tr>...'
    """
    right, trusted = set(numeric), set(raw)
    head = "".join(f"<th>{html_escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            content = cell if i in trusted else html_escape(fmt(cell, digits))
            cells.append(f'<td class="num">{content}</td>' if i in right else f"<td>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="gc-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}'
            "</tbody></table>")


def evidence_markdown(evidence: Iterable[Mapping[str, Any]], indent: str = "  ") -> list[str]:
    """Blockquote lines for evidence items (quote, then source title, publisher and date)."""
    lines = []
    for item in evidence:
        quote = md_escape(item.get("quote"))
        cite = _cite_parts(item)
        title = md_escape(cite["title"])
        url = safe_url(item.get("url"))
        if url and title:
            title = f"[{title}](<{url}>)"
        rest = ", ".join(md_escape(p) for p in (cite["publisher"], cite["date"]) if p)
        source = " — " + ", ".join(p for p in (f"*{title}*" if title else "", rest) if p)
        lines.append(f"{indent}> “{quote}”{source if source != ' — ' else ''}")
    return lines


def evidence_html(evidence: Iterable[Mapping[str, Any]]) -> str:
    """Blockquotes for evidence items; links only for http(s) URLs."""
    parts = []
    for item in evidence:
        cite = _cite_parts(item)
        title = html_escape(cite["title"])
        url = safe_url(item.get("url"))
        if url and title:
            title = f'<a href="{html_escape(url)}" rel="noopener noreferrer">{title}</a>'
        rest = ", ".join(html_escape(p) for p in (cite["publisher"], cite["date"]) if p)
        source = ", ".join(p for p in (f"<i>{title}</i>" if title else "", rest) if p)
        parts.append(f"<blockquote>“{html_escape(item.get('quote'))}”"
                     + (f' <span class="gc-cite">— {source}</span>' if source else "")
                     + "</blockquote>")
    return "".join(parts)


def _cite_parts(item: Mapping[str, Any]) -> dict[str, str]:
    def text(key: str) -> str:
        value = item.get(key)
        return "" if _missing(value) else str(value)

    return {"title": text("title") or text("source"), "publisher": text("publisher"),
            "date": text("date")}


def status_html(status: Any) -> str:
    """A coloured badge for one of the four statuses."""
    word = html_escape(status)
    css = f"gc-{word}" if word in ("ally", "adversary", "mixed", "neutral") else "gc-neutral"
    return f'<span class="gc-status {css}">{word}</span>'


def html_fragment(body: str) -> str:
    """A ``<div class="gc-report">`` with its own style: what ``_repr_html_`` returns."""
    return f'<div class="gc-report"><style>{CSS}</style>{body}</div>'


def html_document(title: str, body: str) -> str:
    """A whole self-contained HTML page (``title`` is escaped here)."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html_escape(title)}</title>\n<style>{CSS}\nbody{{margin:24px}}</style>\n"
            f"</head>\n<body>\n<div class=\"gc-report\">\n{body}\n</div>\n</body>\n</html>\n")


def svg_series(days: Sequence[Any], values: Sequence[float], *, width: int = 640,
               height: int = 140, threshold: float | None = None) -> str:
    """An inline SVG line chart of one numeric series over dates (no text from data in it)."""
    x = pd.to_datetime(pd.Series(days)).to_numpy(dtype="datetime64[D]").astype(np.int64)
    y = np.asarray(values, dtype="float64")
    if len(x) == 0:
        return ""
    pad = 28
    x0, x1 = int(x.min()), int(x.max())
    top = max(float(np.nanmax(y)), threshold or 0.0, 0.0)
    bottom = min(float(np.nanmin(y)), -(threshold or 0.0), 0.0)
    span_y = (top - bottom) or 1.0
    span_x = (x1 - x0) or 1

    def px(day: float) -> float:
        return pad + (day - x0) / span_x * (width - 2 * pad)

    def py(val: float) -> float:
        return 8 + (top - val) / span_y * (height - 24)

    points = " ".join(f"{px(d):.1f},{py(v):.1f}" for d, v in zip(x, y, strict=True))
    zero = py(0.0)
    first, last = (str(np.datetime64(int(d), "D")) for d in (x0, x1))
    guides = ""
    if threshold:
        guides = "".join(
            f'<line x1="{pad}" x2="{width - pad}" y1="{py(t):.1f}" y2="{py(t):.1f}" '
            'stroke="#d0d7de" stroke-dasharray="3 3"/>' for t in (threshold, -threshold))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="alignment score over time">'
            f'<line x1="{pad}" x2="{width - pad}" y1="{zero:.1f}" y2="{zero:.1f}" '
            'stroke="#8c959f"/>'
            f'{guides}<polyline fill="none" stroke="#0969da" stroke-width="1.6" points="{points}"/>'
            f'<text x="{pad}" y="{height - 2}" font-size="10" fill="#57606a">{first}</text>'
            f'<text x="{width - pad}" y="{height - 2}" font-size="10" fill="#57606a" '
            f'text-anchor="end">{last}</text>'
            f'<text x="2" y="{py(top) + 4:.1f}" font-size="10" fill="#57606a">'
            f'{fmt(top, 1)}</text><text x="2" y="{py(bottom):.1f}" font-size="10" '
            f'fill="#57606a">{fmt(bottom, 1)}</text>'
            "</svg>")


def written(text: str, path: str | os.PathLike[str] | None) -> str:
    """``text``, after writing it atomically to ``path`` when one is given."""
    if path is not None:

        write_text(path, text)
    return text


def params_dict(params: Any) -> dict[str, Any]:
    """Alignment parameters (an ``AlignmentParams``) as plain data, for JSON output."""
    return {"half_life": params.half_life, "lookback": params.lookback,
            "threshold": params.threshold, "strong": params.strong,
            "mixed_ratio": params.mixed_ratio, "roll_up": params.roll_up,
            "coalition_ties": params.coalition_ties}


def json_dumps(data: Any, *, indent: int | None = 2) -> str:
    """JSON text of plain data: NaN and missing values as ``null``, numpy scalars as numbers."""
    return json.dumps(_plain(data), indent=indent, ensure_ascii=False, allow_nan=False)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date().isoformat()
    if _missing(value):
        return None
    return value if isinstance(value, str) else str(value)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)
