"""Escaping text from data for Markdown and HTML, and the only links we make.

Every string that comes from data (names, quotes, titles, URLs) goes through :func:`md_escape` or
:func:`html_escape` before it reaches Markdown or HTML, so an actor named ``<script>...`` or
``[x](javascript:...)`` shows as text. Prose written by the package is never escaped.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["html_escape", "is_missing", "md_escape", "safe_url"]

_MD_SPECIAL = re.compile(r"([\\`*\[\]()|~!#{}])")
_MD_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_MD_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)](?:\s|$)))")
_WHITESPACE = re.compile(r"\s+")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$", flags=re.IGNORECASE)
_SIBLING_FILE = re.compile(r"^\./[A-Za-z0-9][A-Za-z0-9._-]*$")


def is_missing(value: Any) -> bool:
    """Whether a cell is missing: ``None``, ``pd.NA``, ``NaT`` or a float NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def md_escape(value: Any) -> str:
    """Text from data, safe to put anywhere in a line of Markdown.

    Markdown punctuation is backslash-escaped, ``<``/``>``/``&`` become HTML entities (so no raw
    HTML, autolink or entity can be formed), runs of white space (line breaks included) become one
    space, and a leading block marker (``-``, ``+``, ``=``, ``1.``) is escaped. Underscores inside
    words are left alone (``SYR_GOV``).

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
    text = _WHITESPACE.sub(" ", "" if is_missing(value) else str(value))
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
    return html.escape("" if is_missing(value) else str(value), quote=True)


def safe_url(url: Any) -> str | None:
    """The URL if it is ``http``/``https``, or a file beside the page (``./report.html``, plain
    characters only) — the only links we make — else ``None``.

    Examples
    --------
    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)"), safe_url(None)
    ('https://example.org/a', None, None)
    >>> safe_url("./report.html"), safe_url("./a/../b"), safe_url("report.html")
    ('./report.html', None, None)
    """
    if is_missing(url):
        return None
    text = str(url).strip()
    return text if _SAFE_URL.match(text) or _SIBLING_FILE.match(text) else None
