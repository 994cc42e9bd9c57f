"""``extract(text, graph, *, date, source=None)``: candidate relations from a news article."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from typing import Any

from graphlib_conflict.dates import DateLike, day_to_iso, to_day
from graphlib_conflict.exceptions import ParameterError
from graphlib_conflict.extract._candidates import assign_ids, build_candidates, mark_existing, unknown_actors
from graphlib_conflict.extract._lexicon import Lexicon
from graphlib_conflict.extract._mentions import ActorIndex
from graphlib_conflict.extract._reader import Reader
from graphlib_conflict.extract._result import Extraction
from graphlib_conflict.extract._text import check_text, read_article
from graphlib_conflict.graph import ConflictGraph

__all__ = ["extract"]


def extract(text: str | bytes, graph: ConflictGraph, *, date: DateLike, source: str | None = None,
            lexicon: Lexicon | str | os.PathLike[str] | Mapping[str, Any] | None = None) -> Extraction:
    """Read a news article and propose candidate relations over the graph's actors.

    Sentences and tokens come from spaCy's rule-based English pipeline; actors are found by their ids,
    names and aliases and by the demonyms and capitals of their countries; relation cues come from a
    lexicon (a data file the user can extend) mapped to the vocabulary and CAMEO roots. Every candidate
    carries its verbatim quote with offsets and the cues and mentions that made it; nothing is added to
    the graph. See ``docs/extraction.md``.

    Parameters
    ----------
    text : str or bytes
        The article (bytes must be UTF-8).
    graph : ConflictGraph
        The dataset whose actors, roll-ups (``part_of``/``represents``), vocabulary and relations
        (to mark candidates it already holds) are used.
    date : str, datetime.date, datetime.datetime or pandas.Timestamp
        The article's date, a single day: "on Tuesday", "last month" are read against it.
    source : str, optional
        Source id for the evidence; defaults to ``article-<date>``.
    lexicon : Lexicon, path or mapping, optional
        The cue lexicon: a :class:`Lexicon`, or a file (or mapping) of extra cues merged over the
        shipped ``extract_lexicon.yaml``.

    Returns
    -------
    Extraction
        ``candidates``, ``unknown_actors``, ``skipped`` cues, and writers (``to_yaml``, ``to_json``,
        ``to_markdown``, ``to_html``, ``to_frame``, ``merge_into``).

    Raises
    ------
    ParameterError
        For empty, too long, non-UTF-8 or binary text, a bad source id, or a bad lexicon.
    DateError
        If the date cannot be read or is not a single day.
    OptionalDependencyError
        If spaCy is not installed (``pip install "graphlib_conflict[extract]"``).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> from graphlib_conflict.extract import extract
    >>> text = "Turkey urged Russia on Tuesday to rein in Syrian forces, a day after Syrian " \\
    ...        "shelling killed Turkish soldiers."
    >>> result = extract(text, gc.load(), date="2020-02-04", source="mt-2020-02-04")
    >>> for c in result:
    ...     print(c.source, c.type, c.target, c.date, c.confidence)
    TUR demands RUS 2020-02-04 high
    SYR_GOV attacks TUR_MIL 2020-02-03 high
    >>> c = result.candidates[0]
    >>> text[c.quote_start:c.quote_end] == c.quote
    True
    >>> c.existing
    ('tur-demands-rus-2020-02-04',)
    """
    if not isinstance(graph, ConflictGraph):
        raise ParameterError(f"graph must be a ConflictGraph (gc.load(...)), not {type(graph).__name__}")
    article = check_text(text)
    day = _dt.date.fromisoformat(day_to_iso(to_day(date)))
    source_id = _source_id(source, day)
    if lexicon is None:
        lex = Lexicon.default()
    elif isinstance(lexicon, Lexicon):
        lex = lexicon
    else:
        lex = Lexicon.default().extend(lexicon)
    index = ActorIndex.build(graph, day)
    sentences = read_article(article)
    reader = Reader(article, index, lex, day)
    reader.read(sentences)
    candidates, notes = build_candidates(reader.drafts, article, graph.vocabulary, day)
    candidates = assign_ids(mark_existing(candidates, graph), graph.relations["id"].dropna().astype(str))
    unknown = unknown_actors(sentences, reader.mentions, index, lex)
    known_sources = set(graph.sources["id"].dropna().astype(str)) if "id" in graph.sources else set()
    return Extraction(text=article, date=day.isoformat(), source=source_id,
                      source_known=source_id in known_sources, dataset=str(graph.dataset.get("id") or ""),
                      candidates=tuple(candidates), unknown_actors=tuple(unknown),
                      skipped=tuple(reader.skips), notes=tuple(notes), lexicon=lex.files)


def _source_id(source: str | None, day: _dt.date) -> str:
    if source is None:
        return f"article-{day.isoformat()}"
    if not isinstance(source, str) or not source.strip():
        raise ParameterError(f"source must be a non-empty source id, not {source!r}")
    if any(ch.isspace() for ch in source) or any(ord(ch) < 32 for ch in source):
        raise ParameterError(f"source id {source!r} holds white space; use a short id such as "
                             "'mt-2020-02-04'")
    return source
