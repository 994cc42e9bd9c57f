"""One render layer: every result is written as terminal text, Markdown, HTML and JSON from the same
description of what it says.

A result describes itself as a short document (:mod:`~graphlib_conflict.render._doc`: headings,
paragraphs, lists, tables and quotes whose inline content keeps prose apart from data and numbers);
the writers (:mod:`~graphlib_conflict.render._writers`) turn it into text, Markdown or HTML;
:class:`Result` gives every result the same methods. Numbers have one format per kind
(:func:`number`), plurals agree (:func:`plural`), and only data is escaped (:func:`md_escape`,
:func:`html_escape`; links only for :func:`safe_url`). This package knows nothing of graphs: it
works on plain data, so analytics, validation and the command line all sit above it.
"""

from graphlib_conflict.render._balance import balance_document, frustration_document
from graphlib_conflict.render._balance import notes as notes_blocks
from graphlib_conflict.render._centrality import centrality_document
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
    evidence_quotes,
)
from graphlib_conflict.render._escape import html_escape, is_missing, md_escape, safe_url
from graphlib_conflict.render._format import NUMBER_KINDS, NumberKind, number, plural
from graphlib_conflict.render._history import pair_history_document, relation_item
from graphlib_conflict.render._output import json_dumps, plain, svg_series, written
from graphlib_conflict.render._report import change_report_document
from graphlib_conflict.render._result import Result, TableResult
from graphlib_conflict.render._timeline import alignment_timeline_document, balance_timeline_document
from graphlib_conflict.render._whatif import what_if_document
from graphlib_conflict.render._writers import CSS, html_fragment, html_page, markdown, text

__all__ = [
    "CSS",
    "NUMBER_KINDS",
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
    "NumberKind",
    "Para",
    "Quote",
    "Result",
    "Status",
    "Strong",
    "Table",
    "TableResult",
    "alignment_timeline_document",
    "balance_document",
    "balance_timeline_document",
    "centrality_document",
    "change_report_document",
    "evidence_quotes",
    "frustration_document",
    "html_escape",
    "html_fragment",
    "html_page",
    "is_missing",
    "json_dumps",
    "markdown",
    "md_escape",
    "notes_blocks",
    "number",
    "pair_history_document",
    "plain",
    "plural",
    "relation_item",
    "safe_url",
    "svg_series",
    "text",
    "what_if_document",
    "written",
]
