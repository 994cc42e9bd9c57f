"""A small document model: what a result says, before it is written as text, Markdown or HTML.

A result describes itself once, as a list of blocks (:class:`Heading`, :class:`Para`,
:class:`Bullets`, :class:`Table`, :class:`Quote`, :class:`Figure`), whose inline content mixes
prose (plain ``str``, written by the package and never escaped) with :class:`Data` (text from the
data, escaped by each writer), :class:`Num` (a number of a kind, see
:func:`~graphlib_conflict.render._format.number`), :class:`Strong`, :class:`Status` (an alignment
status), :class:`Code` and :class:`Link`. The writers in :mod:`graphlib_conflict.render` turn the
same blocks into terminal text, Markdown and HTML, so the three always say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from graphlib_conflict.render._escape import is_missing
from graphlib_conflict.render._format import NumberKind

__all__ = [
    "Block",
    "Bullets",
    "Code",
    "Data",
    "Doc",
    "Figure",
    "Heading",
    "Inline",
    "Item",
    "Link",
    "Num",
    "Para",
    "Quote",
    "Status",
    "Strong",
    "Table",
    "evidence_quotes",
]


@dataclass(frozen=True)
class Data:
    """Text from the data (a name, a quote, a title): escaped by every writer."""

    value: Any


@dataclass(frozen=True)
class Num:
    """A number, formatted by its kind."""

    value: Any
    kind: NumberKind = "plain"


@dataclass(frozen=True)
class Strong:
    """Emphasised content."""

    content: Inline


@dataclass(frozen=True)
class Status:
    """An alignment status (``ally``, ``adversary``, ``mixed``, ``neutral``): a badge in HTML."""

    word: Any


@dataclass(frozen=True)
class Code:
    """Literal prose shown as code (a sign pattern such as ``++-``)."""

    text: str


@dataclass(frozen=True)
class Link:
    """A link, made only when ``url`` is ``http``/``https``; otherwise the text alone."""

    text: Any
    url: Any


Inline: TypeAlias = "str | Data | Num | Strong | Status | Code | Link | tuple[Inline, ...]"
"""Inline content: prose, a piece of data, a number, ... or a run of them (a tuple)."""


@dataclass(frozen=True)
class Heading:
    """A heading; ``level`` 1 is the title."""

    level: int
    content: Inline


@dataclass(frozen=True)
class Para:
    """A paragraph; ``muted`` ones are side notes (parameters, "showing 10 of 14")."""

    content: Inline
    muted: bool = False


@dataclass(frozen=True)
class Quote:
    """A quotation from the data with its citation."""

    text: Any
    cite: Inline = ()


@dataclass(frozen=True)
class Item:
    """A list item with blocks under it (the quotes of a relation)."""

    content: Inline
    children: Sequence[Block] = ()


@dataclass(frozen=True)
class Bullets:
    """A list of inline items or :class:`Item` s; ``marker=False`` writes terminal text as plain
    lines (``file:line: message``) rather than ``- `` items."""

    items: Sequence[Inline | Item]
    marker: bool = True


@dataclass(frozen=True)
class Table:
    """A table; ``numeric`` columns are right-aligned."""

    header: Sequence[str]
    rows: Sequence[Sequence[Inline]]
    numeric: AbstractSet[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Figure:
    """An inline SVG made by the package (no text from data in it); only HTML shows it."""

    svg: str


Block: TypeAlias = "Heading | Para | Quote | Bullets | Table | Figure"
Doc: TypeAlias = list[Block]
"""A document: blocks in reading order."""


def evidence_quotes(evidence: Iterable[Mapping[str, Any]]) -> list[Quote]:
    """Quotes for evidence items (``quote``, and the source's ``title`` or id, ``url``,
    ``publisher`` and ``date`` where known).

    Examples
    --------
    >>> q = evidence_quotes([{"source": "mt", "quote": "Turkey struck back", "title": "Report",
    ...                       "url": "https://example.org", "publisher": "MT", "date": "2020"}])
    >>> q[0].text
    'Turkey struck back'
    """
    quotes = []
    for item in evidence:
        def text(key: str, item: Mapping[str, Any] = item) -> str:
            value = item.get(key)
            return "" if is_missing(value) else str(value)

        title = text("title") or text("source")
        cite: list[Inline] = []
        if title:
            cite.append(Link(title, item.get("url")))
        rest = ", ".join(p for p in (text("publisher"), text("date")) if p)
        if rest:
            cite += [", " if cite else "", Data(rest)]
        quotes.append(Quote(text("quote"), tuple(cite)))
    return quotes
