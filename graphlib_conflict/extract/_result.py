"""What :func:`graphlib_conflict.extract.extract` returns, and how it is written out.

:class:`Extraction` is a :class:`graphlib_conflict.render.Result`: it describes itself once as a
document, and the render layer writes it as terminal text, Markdown and HTML, escaping every string
from the article or the dataset; JSON comes from :meth:`Extraction.to_dict`. Its own outputs are the
YAML fragment (safe dumper; comment lines stripped of line breaks and control characters), the merge
into a dataset file, and the review page (``to_html(full_page=True)``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from graphlib_conflict.exceptions import ParameterError
from graphlib_conflict.extract._candidates import Candidate, UnknownActor
from graphlib_conflict.extract._merge import merge_yaml
from graphlib_conflict.extract._reader import Skip
from graphlib_conflict.extract._review import review_page
from graphlib_conflict.io._yaml import dump_yaml
from graphlib_conflict.render import (
    Bullets,
    Data,
    Doc,
    Heading,
    Inline,
    Item,
    Num,
    Para,
    Quote,
    Result,
    Table,
    html_fragment,
    plural,
    written,
)

__all__ = ["CONFIDENCE_ORDER", "Extraction"]

CONFIDENCE_ORDER = {"low": 0, "medium": 1, "high": 2}
"""Confidence words in order, for ``min_confidence``."""

_COMMENT_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


def _comment(text: str) -> str:
    """Text safe inside a YAML comment (one line)."""
    return _COMMENT_UNSAFE.sub(" ", text)


@dataclass(frozen=True)
class Extraction(Result):
    """Candidate relations read from one article, for the analyst to review.

    Attributes
    ----------
    text : str
        The article as given (every quote is ``text[start:end]``).
    date : str
        The article's date (ISO), against which relative dates were read.
    source : str
        The source id the evidence cites.
    source_known : bool
        Whether the dataset already lists that source (otherwise the YAML adds a ``sources`` entry).
    dataset : str
        The dataset's id.
    candidates : tuple of Candidate
        In text order.
    unknown_actors : tuple of UnknownActor
        Names in the text that the dataset lacks, with a suggested actor record.
    skipped : tuple of Skip
        Cues found that made no candidate, with the reason.
    notes : tuple of str
        Anything else worth knowing (a cue whose type the vocabulary lacks).
    lexicon : tuple of str
        The lexicon files read.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> from graphlib_conflict.extract import extract
    >>> result = extract("On Monday, Turkish troops clashed with Syrian forces.", gc.load(),
    ...                  date="2020-02-04", source="note-1")
    >>> [(c.source, c.type, c.target, c.date) for c in result]
    [('TUR_MIL', 'clashes', 'SYR_MIL', '2020-02-03')]
    >>> result.text[result.candidates[0].quote_start:result.candidates[0].quote_end]
    'On Monday, Turkish troops clashed with Syrian forces.'
    """

    text: str
    date: str
    source: str
    source_known: bool
    dataset: str
    candidates: tuple[Candidate, ...]
    unknown_actors: tuple[UnknownActor, ...]
    skipped: tuple[Skip, ...]
    notes: tuple[str, ...] = ()
    lexicon: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.candidates)

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.candidates)

    def __getitem__(self, key: int | str) -> Candidate:
        """A candidate by position or by id."""
        if isinstance(key, str):
            for candidate in self.candidates:
                if candidate.id == key:
                    return candidate
            raise KeyError(key)
        return self.candidates[key]

    # ------------------------------------------------------------------ choosing
    def selected(self, *, include_existing: bool = False, min_confidence: str = "low",
                 ids: list[str] | tuple[str, ...] | None = None) -> list[Candidate]:
        """The candidates to write or merge.

        Parameters
        ----------
        include_existing : bool, default False
            Keep candidates the dataset already states (``existing`` non-empty).
        min_confidence : {"low", "medium", "high"}
        ids : list of str, optional
            Only these candidate ids (an unknown id is an error).

        Raises
        ------
        ParameterError
            For an unknown confidence word or candidate id.
        """
        if min_confidence not in CONFIDENCE_ORDER:
            raise ParameterError(f"min_confidence must be low, medium or high, not {min_confidence!r}")
        floor = CONFIDENCE_ORDER[min_confidence]
        chosen = [c for c in self.candidates if CONFIDENCE_ORDER[c.confidence] >= floor
                  and (include_existing or not c.existing)]
        if ids is not None:
            known = {c.id for c in self.candidates}
            missing = [i for i in ids if i not in known]
            if missing:
                raise ParameterError(f"no candidate with id {missing[0]!r} (ids: {', '.join(sorted(known))})")
            wanted = set(ids)
            chosen = [c for c in chosen if c.id in wanted]
        return chosen

    # ------------------------------------------------------------------ data
    def to_dict(self) -> dict[str, Any]:
        """Everything as plain data: the article, candidates, unknown actors and skipped cues."""
        return {
            "article": {"date": self.date, "source": self.source, "source_in_dataset": self.source_known,
                        "characters": len(self.text)},
            "dataset": self.dataset,
            "lexicon": list(self.lexicon),
            "candidates": [_candidate_dict(c) for c in self.candidates],
            "unknown_actors": [{"name": u.name, "kind": u.kind, "country": u.country, "count": u.count,
                                "start": u.start, "end": u.end, "suggestion": dict(u.suggestion)}
                               for u in self.unknown_actors],
            "skipped": [{"sentence": s.sentence, "cue": s.cue, "text": s.text, "start": s.start,
                         "end": s.end, "reason": s.reason} for s in self.skipped],
            "notes": list(self.notes),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per candidate.

        Columns: ``id``, ``source``, ``type``, ``target``, ``sign``, ``category``, ``date``, ``start``,
        ``confidence``, ``score``, ``reason``, ``quote``, ``quote_start``, ``quote_end``, ``cues``
        (joined with ``"; "``), ``existing`` (ids joined with ``", "``) and ``new`` (not yet in the
        dataset).
        """
        columns = ["id", "source", "type", "target", "sign", "category", "date", "start", "confidence",
                   "score", "reason", "quote", "quote_start", "quote_end", "cues", "existing", "new"]
        rows = [{"id": c.id, "source": c.source, "type": c.type, "target": c.target, "sign": c.sign,
                 "category": c.category, "date": c.date, "start": c.start, "confidence": c.confidence,
                 "score": c.score, "reason": c.reason, "quote": c.quote, "quote_start": c.quote_start,
                 "quote_end": c.quote_end, "cues": "; ".join(c.cues), "existing": ", ".join(c.existing),
                 "new": not c.existing} for c in self.candidates]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.astype({"sign": "int64", "score": "float64", "quote_start": "int64",
                             "quote_end": "int64", "new": "bool"})

    # ------------------------------------------------------------------ the dataset fragment
    def fragment(self, *, include_existing: bool = False, min_confidence: str = "low",
                 ids: list[str] | tuple[str, ...] | None = None) -> dict[str, Any]:
        """The ``sources`` (when new) and ``relations`` sections to add to the dataset, as plain data."""
        chosen = self.selected(include_existing=include_existing, min_confidence=min_confidence, ids=ids)
        doc: dict[str, Any] = {}
        if not self.source_known:
            doc["sources"] = [self.source_record()]
        doc["relations"] = [c.to_relation(self.source, article_date=self.date) for c in chosen]
        return doc

    def source_record(self) -> dict[str, str]:
        """The ``sources`` entry for the article (id and date; title, publisher and url to fill in)."""
        return {"id": self.source, "date": self.date}

    def to_yaml(self, path: str | os.PathLike[str] | None = None, *, include_existing: bool = False,
                min_confidence: str = "low", ids: list[str] | tuple[str, ...] | None = None) -> str:
        """A YAML fragment in the dataset format, ready to review and paste (or merge).

        It holds a ``sources`` entry when the dataset lacks the article's source id, and a
        ``relations`` list; candidates the dataset already states, and actors it lacks, are listed in
        comments. Written atomically to ``path`` when given.
        """
        chosen = self.selected(include_existing=include_existing, min_confidence=min_confidence, ids=ids)
        held = [c for c in self.candidates if c.existing and c not in chosen]
        lines = [
            f"# Candidate relations proposed by graphlib_conflict.extract from {_comment(self.source)} "
            f"(article of {self.date}),",
            f"# over the actors of dataset {_comment(self.dataset)!r}. Review each one before merging "
            "(docs/extraction.md).",
            f"# {plural(len(self.candidates), 'candidate')}: {len(chosen)} below"
            + (f", {len(held)} already in the dataset (listed at the end)" if held else "") + ".",
        ]
        body = self.fragment(include_existing=include_existing, min_confidence=min_confidence, ids=ids)
        if "sources" in body:
            lines.append("# The dataset has no source with this id: fill in title, publisher and url.")
        if not body["relations"]:
            body["relations"] = []
        text = "\n".join(lines) + "\n" + dump_yaml(body)
        tail = []
        if held:
            tail.append("# Already in the dataset (not repeated above):")
            tail += [f"#   {c.source} {c.type} {c.target} ({c.date or c.start or 'undated'}, {c.confidence})"
                     f" — as {', '.join(c.existing)}" for c in held]
        if self.unknown_actors:
            tail.append("# Named in the article but not in the dataset (add to `actors:` if they matter):")
            for actor in self.unknown_actors:
                stub = dump_yaml(dict(actor.suggestion)).strip().replace("\n", ", ")
                tail.append(f"#   - {{{_comment(stub)}}}  # {_comment(str(actor))}")
        if tail:
            text += "\n".join(tail) + "\n"
        return written(text, path)

    def merge_into(self, path: str | os.PathLike[str], *, include_existing: bool = False,
                   min_confidence: str = "low", ids: list[str] | tuple[str, ...] | None = None) -> list[str]:
        """Add the chosen candidates (and the source, when new) to a dataset YAML file, atomically.

        The file's own text, comments included, is kept: the new items are inserted at the end of its
        ``relations`` (and ``sources``) list. The merged text is read back and checked as a whole
        before anything is written; on any problem the file is left untouched.

        Returns
        -------
        list of str
            The ids of the relations added.

        Raises
        ------
        DatasetError
            If the merged dataset would not load (nothing is written).
        """
        chosen = self.selected(include_existing=include_existing, min_confidence=min_confidence, ids=ids)
        relations = [c.to_relation(self.source, article_date=self.date) for c in chosen]
        source = None if self.source_known else self.source_record()
        note = _comment(f"added by graphlib-conflict extract from {self.source} (article of {self.date})")
        return merge_yaml(path, relations=relations, source=source, note=note)

    # ------------------------------------------------------------------ for people
    def __repr__(self) -> str:
        return (f"<Extraction {self.source} ({self.date}): {len(self.candidates)} candidates, "
                f"{len(self.unknown_actors)} unknown actors>")

    def _title(self) -> str:
        return f"Candidate relations from {self.source} ({self.date})"

    def _document(self) -> Doc:
        new = sum(1 for c in self.candidates if not c.existing)
        doc: Doc = [
            Heading(1, ("Candidate relations from ", Data(self.source), " (", Data(self.date), ")")),
            Para((plural(len(self.candidates), "candidate"), " over dataset ", Data(self.dataset), ": ",
                  plural(new, "new one"), ", ", plural(len(self.candidates) - new, "already in the dataset",
                                                       "already in the dataset"),
                  "; ", plural(len(self.unknown_actors), "actor"), " not in the dataset; ",
                  plural(len(self.skipped), "cue"), " made no candidate.")),
        ]
        if self.candidates:
            rows: list[list[Inline]] = [
                [Num(n), Data(c.source), Data(c.type), Data(c.target), Data(c.date or c.start or ""),
                 Data(c.confidence), Num(c.score, "score"), Data(", ".join(c.existing) or "new")]
                for n, c in enumerate(self.candidates, 1)]
            doc.append(Table(["#", "source", "type", "target", "date", "confidence", "score", "in dataset"],
                             rows, numeric=frozenset({0, 6})))
            doc.append(Heading(2, "Why each was proposed"))
            items = []
            for n, c in enumerate(self.candidates, 1):
                children: list[Quote | Bullets] = [
                    Quote(e.quote, (f"characters {e.start}–{e.end}",)) for e in c.evidence]
                children.append(Bullets([("confidence ", Data(c.confidence), " (", Num(c.score, "score"),
                                          "): ", Data(c.reason)), *(Data(cue) for cue in c.cues)]))
                # the number as data: prose "1. " after a list marker would open a nested Markdown list
                items.append(Item((Data(f"{n}."), " ", Data(c.source), " ", Data(c.type), " ",
                                   Data(c.target)),
                                  tuple(children)))
            doc.append(Bullets(items, marker=False))
        if self.unknown_actors:
            doc.append(Heading(2, "Actors not in the dataset"))
            doc.append(Bullets([Data(str(u)) for u in self.unknown_actors]))
        if self.skipped:
            doc.append(Heading(2, "Cues that made no candidate"))
            doc.append(Table(["sentence", "cue", "words", "reason"],
                             [[Num(s.sentence + 1), Data(s.cue), Data(s.text), Data(s.reason)]
                              for s in self.skipped], numeric=frozenset({0})))
        return doc

    def to_html(self, path: str | os.PathLike[str] | None = None, *, full_page: bool | None = None) -> str:
        """HTML of the result; written atomically to ``path`` when given.

        Parameters
        ----------
        path : str or path-like, optional
        full_page : bool, optional
            ``True`` (the default when writing to ``path``): the self-contained **review page** —
            the article with every quote highlighted, accept/reject toggles and the YAML of the
            accepted candidates to copy (inline style and script, nothing fetched, every string
            escaped). ``False`` (the default otherwise): a fragment without script, as Jupyter shows.
        """
        page = full_page if full_page is not None else path is not None
        if page:
            return written(self._review_page(), path)
        return written(html_fragment(self._document()), path)

    def _review_page(self) -> str:
        header = (f"# Accepted candidates from {_comment(self.source)} (article of {self.date}), "
                  f"dataset {_comment(self.dataset)!r}\n")
        if not self.source_known:
            header += ("# The dataset has no source with this id: fill in title, publisher and url.\n"
                       + dump_yaml({"sources": [self.source_record()]}))
        items = []
        for c in self.candidates:
            block = dump_yaml([c.to_relation(self.source, article_date=self.date)])
            items.append("".join(f"  {line}\n" for line in block.splitlines()))
        new = sum(1 for c in self.candidates if not c.existing)
        summary = (f"{len(self.candidates)} candidates over dataset {self.dataset}: {new} new (ticked), "
                   f"{len(self.candidates) - new} already in the dataset. Click a candidate to find its "
                   "quote; click a highlighted quote to find its candidate.")
        return review_page(text=self.text, title=f"Review: candidate relations from {self.source} "
                           f"({self.date})", summary=summary,
                           candidates=self.to_dict()["candidates"], items=items, header=header,
                           unknown=[str(u) for u in self.unknown_actors])


def _candidate_dict(c: Candidate) -> dict[str, Any]:
    return {
        "id": c.id, "source": c.source, "target": c.target, "type": c.type, "sign": c.sign,
        "category": c.category, "directed": c.directed, "date": c.date, "start": c.start, "when": c.when,
        "confidence": c.confidence, "score": c.score, "reason": c.reason, "quote": c.quote,
        "quote_start": c.quote_start, "quote_end": c.quote_end,
        "evidence": [{"quote": e.quote, "start": e.start, "end": e.end, "sentence": e.sentence}
                     for e in c.evidence],
        "cues": list(c.cues), "mentions": [dict(m) for m in c.mentions], "existing": list(c.existing),
    }


def _one_line(text: str) -> str:
    return " ".join(text.split())
