"""Measuring the extractor against relations coded by hand from the same article.

The matching rule
-----------------
- **Gold**: the dataset's signed relations (sign +1 or -1; structural ones are left out) with an
  evidence item citing the article's source id.
- **Roll-up**, as the dataset does it: every actor is replaced by the actor it rolls up to on the
  article's date through ``part_of`` and ``represents`` (:func:`graphlib_conflict.actor_parents`), so
  ``TUR_MIL attacks SYR_MIL`` and ``CAVUSOGLU demands LAVROV`` count as Turkey–Syrian government and
  Turkey–Russia. A pair that rolls up to one actor is dropped.
- **Key**: the unordered rolled-up pair and the sign. Recall is the share of gold keys that some
  candidate has; precision the share of the candidates' keys that are gold. ``candidate_precision``
  counts candidates instead of keys (duplicates and all).
- **Typed recall** is stricter and reported beside it: the share of gold *relations* (not keys)
  matched by a candidate of the same type over the same rolled-up pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from graphlib_conflict.analytics.alignment import actor_parents
from graphlib_conflict.extract._result import Extraction
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.render import Bullets, Data, Doc, Heading, Num, Para, Result, Table

__all__ = ["ExtractionScore", "evaluate", "seed_relations"]

Key = tuple[tuple[str, str], int]


def seed_relations(graph: ConflictGraph, source: str) -> pd.DataFrame:
    """The signed relations of ``graph`` whose evidence cites ``source`` (the gold standard).

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> gold = seed_relations(gc.load(), "mt-2020-02-04")
    >>> bool((gold["sign"] != 0).all()), "tur-demands-rus-2020-02-04" in set(gold["id"])
    (True, True)
    """
    rel = graph.relations
    cites = rel["evidence"].map(lambda items: any(e.get("source") == source for e in items or ()))
    return rel[cites.to_numpy(dtype=bool) & (rel["sign"] != 0).to_numpy()].reset_index(drop=True)


@dataclass(frozen=True)
class ExtractionScore(Result):
    """Recall and precision of one extraction against the hand-coded relations of its article.

    Attributes
    ----------
    recall, precision : float
        By rolled-up pair and sign (see the module docstring); ``nan`` when there is nothing to count.
    candidate_precision : float
        Share of signed candidates whose rolled-up pair and sign is gold.
    typed_recall : float
        Share of gold relations matched by a candidate of the same type over the same rolled-up pair.
    gold, predicted : tuple of str
        The keys, written ``A~B +`` (rolled-up actors in alphabetical order, then the sign).
    missed : tuple of str
        Gold keys no candidate has, each with the relations behind it.
    false_positives : tuple of str
        Candidate keys that are not gold, each with the candidates behind it.
    """

    source: str
    recall: float
    precision: float
    candidate_precision: float
    typed_recall: float
    gold: tuple[str, ...]
    predicted: tuple[str, ...]
    missed: tuple[str, ...]
    false_positives: tuple[str, ...]
    typed_missed: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """All of it as plain data."""
        return {"source": self.source, "recall": self.recall, "precision": self.precision,
                "candidate_precision": self.candidate_precision, "typed_recall": self.typed_recall,
                "gold": list(self.gold), "predicted": list(self.predicted), "missed": list(self.missed),
                "false_positives": list(self.false_positives), "typed_missed": list(self.typed_missed)}

    def to_frame(self) -> pd.DataFrame:
        """The four figures: columns ``measure``, ``value``, ``found``, ``of``."""
        found = len(self.gold) - len(self.missed)
        hits = len(self.predicted) - len(self.false_positives)
        return pd.DataFrame({
            "measure": ["recall", "precision", "candidate_precision", "typed_recall"],
            "value": [self.recall, self.precision, self.candidate_precision, self.typed_recall],
            "found": [found, hits, pd.NA, pd.NA], "of": [len(self.gold), len(self.predicted), pd.NA, pd.NA],
        }).astype({"found": "Int64", "of": "Int64"})

    def _title(self) -> str:
        return f"Extraction of {self.source} against its hand coding"

    def _document(self) -> Doc:
        found = len(self.gold) - len(self.missed)
        hits = len(self.predicted) - len(self.false_positives)
        doc: Doc = [
            Heading(2, ("Extraction of ", Data(self.source), " against the hand-coded relations citing it")),
            Table(["measure", "value", "found"], [
                ["recall (pair and sign, rolled up)", Num(self.recall, "ratio"),
                 f"{found} of {len(self.gold)}"],
                ["precision (pair and sign, rolled up)", Num(self.precision, "ratio"),
                 f"{hits} of {len(self.predicted)}"],
                ["precision by candidate", Num(self.candidate_precision, "ratio"), ""],
                ["typed recall (relations, by type)", Num(self.typed_recall, "ratio"), ""],
            ], numeric=frozenset({1})),
        ]
        if self.missed:
            doc += [Para("Missed:"), Bullets([Data(m) for m in self.missed])]
        if self.false_positives:
            doc += [Para("Not in the hand coding:"), Bullets([Data(f) for f in self.false_positives])]
        return doc


def _key_text(key: Key) -> str:
    (a, b), sign = key
    return f"{a}~{b} {'+' if sign > 0 else '-'}"


def evaluate(result: Extraction, graph: ConflictGraph, *, source: str | None = None) -> ExtractionScore:
    """Score an extraction against the graph's relations that quote the same article.

    Parameters
    ----------
    result : Extraction
    graph : ConflictGraph
        The hand-coded dataset.
    source : str, optional
        The source id of the hand-coded evidence; defaults to ``result.source``.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> from graphlib_conflict.extract import extract
    >>> g = gc.load()
    >>> result = extract("Turkey urged Russia to act.", g, date="2020-02-04", source="mt-2020-02-04")
    >>> score = evaluate(result, g)
    >>> score.precision, "RUS~TUR -" in score.gold
    (1.0, True)
    """
    source = source or result.source
    parents = actor_parents(graph, at=result.date).to_dict()

    def key(a: str, b: str, sign: int) -> Key | None:
        pa, pb = str(parents.get(a, a)), str(parents.get(b, b))
        if pa == pb:
            return None
        first, second = sorted((pa, pb))
        return ((first, second), int(sign))

    gold_rel = seed_relations(graph, source)
    rows = list(zip(gold_rel["id"].astype(str), gold_rel["source"].astype(str), gold_rel["type"].astype(str),
                    gold_rel["target"].astype(str), gold_rel["sign"].astype(int).tolist(), strict=True))
    gold: dict[Key, list[str]] = {}
    for rid, src, kind, tgt, sign in rows:
        k = key(src, tgt, sign)
        if k is not None:
            gold.setdefault(k, []).append(f"{rid} ({src} {kind} {tgt})")
    predicted: dict[Key, list[str]] = {}
    signed = [c for c in result.candidates if c.sign != 0]
    good = 0
    for c in signed:
        k = key(c.source, c.target, c.sign)
        if k is None:
            continue
        predicted.setdefault(k, []).append(f"{c.source} {c.type} {c.target}: {c.quote!r}")
        good += k in gold
    typed = {(c.type, key(c.source, c.target, c.sign)) for c in signed}
    typed_hits, typed_missed = 0, []
    for rid, src, kind, tgt, sign in rows:
        match = (kind, key(src, tgt, sign)) in typed
        typed_hits += match
        if not match:
            typed_missed.append(f"{rid} ({src} {kind} {tgt})")
    missed = [f"{_key_text(k)}: {'; '.join(v)}" for k, v in gold.items() if k not in predicted]
    wrong = [f"{_key_text(k)}: {'; '.join(v)}" for k, v in predicted.items() if k not in gold]
    nan = float("nan")
    return ExtractionScore(
        source=source,
        recall=(len(gold) - len(missed)) / len(gold) if gold else nan,
        precision=(len(predicted) - len(wrong)) / len(predicted) if predicted else nan,
        candidate_precision=good / len(signed) if signed else nan,
        typed_recall=typed_hits / len(gold_rel) if len(gold_rel) else nan,
        gold=tuple(sorted(_key_text(k) for k in gold)),
        predicted=tuple(sorted(_key_text(k) for k in predicted)),
        missed=tuple(sorted(missed)), false_positives=tuple(sorted(wrong)),
        typed_missed=tuple(typed_missed))
