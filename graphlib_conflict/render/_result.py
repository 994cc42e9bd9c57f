"""The methods every result shares, written once.

A result (a balance, a change report, a pair history, a validation report, ...) implements three
things: :meth:`Result.to_frame` (its main table), :meth:`Result.to_dict` (plain, JSON-safe data
with stable keys) and ``_document()`` (what it says, as :mod:`~graphlib_conflict.render._doc`
blocks). From those, :class:`Result` gives every one of them the same ``to_json``,
``to_markdown``, ``to_html``, ``to_text``, ``_repr_html_`` and ``__str__``, with the same
signatures.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from graphlib_conflict.render._doc import Data, Doc, Heading, Num, Para, Table
from graphlib_conflict.render._format import NumberKind
from graphlib_conflict.render._output import json_dumps, plain, written
from graphlib_conflict.render._writers import html_fragment, html_page, markdown, text

__all__ = ["Result", "TableResult"]

PathLike = str | os.PathLike[str]


class Result:
    """Base of every result object: the shared output methods.

    Subclasses implement :meth:`to_frame`, :meth:`to_dict`, ``_document()`` and ``_title()``.
    """

    __slots__ = ()

    def to_frame(self) -> pd.DataFrame:
        """The result's main table."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe data with stable keys."""
        raise NotImplementedError

    def _document(self) -> Doc:
        raise NotImplementedError

    def _title(self) -> str:
        raise NotImplementedError

    def to_json(self, path: PathLike | None = None, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (``null`` for missing values), written atomically to
        ``path`` when one is given."""
        return written(json_dumps(self.to_dict(), indent=indent), path)

    def to_markdown(self, path: PathLike | None = None) -> str:
        """Markdown (data escaped, prose plain), written atomically to ``path`` when given."""
        return written(markdown(self._document()), path)

    def to_html(self, path: PathLike | None = None, *, full_page: bool | None = None) -> str:
        """HTML, self-contained (inline style, nothing fetched, every string from data escaped).

        Parameters
        ----------
        path : str or path-like, optional
            Write it there, atomically.
        full_page : bool, optional
            A whole page (``<!DOCTYPE html>`` with its character set) or a ``<div>`` fragment with
            its own scoped style. By default a page when writing to ``path``, else a fragment.
        """
        page = full_page if full_page is not None else path is not None
        doc = self._document()
        return written(html_page(doc, self._title()) if page else html_fragment(doc), path)

    def to_text(self, path: PathLike | None = None) -> str:
        """Readable terminal text (what ``print`` shows), written atomically to ``path`` when
        given."""
        return written(text(self._document()), path)

    def _repr_html_(self) -> str:
        return html_fragment(self._document())

    def __str__(self) -> str:
        return text(self._document())


class TableResult(Result):
    """A titled table as a result, for tables that have no result class of their own (the command
    line's ``blocs``): its numbers formatted by column kind, its notes kept.

    Parameters
    ----------
    title : str
    frame : pandas.DataFrame
    kinds : mapping, optional
        Column -> number kind (see :func:`~graphlib_conflict.render.number`); other numeric columns
        are written as they are.
    notes : sequence of str, optional
    """

    __slots__ = ("frame", "kinds", "notes", "title")

    def __init__(self, title: str, frame: pd.DataFrame, *, kinds: Mapping[str, NumberKind] | None = None,
                 notes: Sequence[str] = ()) -> None:
        self.title = title
        self.frame = frame
        self.kinds = dict(kinds or {})
        self.notes = tuple(notes)

    def to_frame(self) -> pd.DataFrame:
        """The table."""
        return self.frame

    def to_dict(self) -> dict[str, Any]:
        """``title``, ``notes`` and ``rows`` (the table's records)."""
        return plain({"title": self.title, "notes": list(self.notes),
                      "rows": self.frame.to_dict("records")})

    def _title(self) -> str:
        return self.title

    def _document(self) -> Doc:
        columns = list(self.frame.columns)
        numeric = {i for i, c in enumerate(columns)
                   if c in self.kinds or pd.api.types.is_numeric_dtype(self.frame[c].dtype)}
        rows = [[Num(v, self.kinds.get(c, "plain")) if i in numeric else Data(v)
                 for i, (c, v) in enumerate(zip(columns, row, strict=True))]
                for row in self.frame.itertuples(index=False)]
        doc: Doc = [Heading(2, Data(self.title)), *(Para(n, muted=True) for n in self.notes)]
        doc.append(Table([str(c).replace("_", " ") for c in columns], rows, numeric=numeric))
        return doc

    def __repr__(self) -> str:
        return f"<TableResult {self.title!r}: {len(self.frame)} rows>"
