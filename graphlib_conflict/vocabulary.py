"""The vocabulary of actor types and relation types.

The shipped vocabulary is a data file (``graphlib_conflict/data/vocabulary.yaml``); a dataset extends or
overrides it with its own ``actor_types`` and ``relation_types`` sections.

Examples
--------
>>> from graphlib_conflict.vocabulary import Vocabulary
>>> vocab = Vocabulary.default()
>>> vocab.relation_types.loc[["attacks"], ["category", "sign", "directed", "default_weight"]].to_dict(
...     "records")
[{'category': 'interaction', 'sign': -1, 'directed': True, 'default_weight': 1.0}]
>>> vocab.relation_type_for_cameo("190")
'clashes'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import pandas as pd
import yaml

__all__ = ["ACTOR_TYPE_FIELDS", "CATEGORIES", "RELATION_TYPE_FIELDS", "Vocabulary", "type_for_word"]

Category = Literal["alignment", "interaction", "structural"]
CATEGORIES: tuple[Category, ...] = ("alignment", "interaction", "structural")
"""Relation categories: durable alignments (start/end), dated interactions, unsigned structure."""

RELATION_TYPE_FIELDS = ("id", "category", "sign", "directed", "default_weight", "cameo", "description")
ACTOR_TYPE_FIELDS = ("id", "description", "strategic")
"""Fields of an actor type; ``strategic`` (default true) says whether actors of the type choose sides,
so that balance, blocs and strain count them (civilian populations and media do not)."""


@dataclass(frozen=True)
class Vocabulary:
    """Actor and relation types known to a graph.

    Attributes
    ----------
    relation_types : pandas.DataFrame
        Indexed by type id; columns ``category``, ``sign`` (+1/-1/0), ``directed`` (bool),
        ``default_weight`` (float), ``cameo`` (tuple of CAMEO root codes), ``description``.
    actor_types : pandas.DataFrame
        Indexed by type id; columns ``description`` and ``strategic`` (bool: actors of the type
        choose sides, and balance, blocs and strain count them).
    """

    relation_types: pd.DataFrame
    actor_types: pd.DataFrame

    @classmethod
    def default(cls) -> Vocabulary:
        """The shipped vocabulary (read once, then shared; it is never mutated)."""
        return _default_vocabulary()

    def extend(
        self,
        relation_types: Iterable[Mapping[str, Any]] = (),
        actor_types: Iterable[Mapping[str, Any]] = (),
    ) -> Vocabulary:
        """A new vocabulary with these types added (a known id is overridden).

        Each relation type is a mapping with the fields of :data:`RELATION_TYPE_FIELDS`; they must
        already be valid (datasets are checked by the loader before they get here).

        Examples
        --------
        >>> vocab = Vocabulary.default().extend(relation_types=[{
        ...     "id": "besieges", "category": "interaction", "sign": -1, "directed": True,
        ...     "default_weight": 0.7, "cameo": ["17"], "description": "Encircles."}])
        >>> vocab.relation_types.loc["besieges", "sign"]
        np.int64(-1)
        """
        rel = _relation_frame(relation_types)
        act = _actor_frame(actor_types)
        if rel.empty and act.empty:
            return self
        merged_rel = pd.concat([self.relation_types.drop(rel.index, errors="ignore"), rel])
        merged_act = pd.concat([self.actor_types.drop(act.index, errors="ignore"), act])
        return Vocabulary(merged_rel.astype(self.relation_types.dtypes.to_dict()),
                          merged_act)

    def relation_type_for_cameo(self, code: str) -> str | None:
        """The relation type an event with this CAMEO code is coded to (by its two-digit root)."""
        root = str(code).strip()[:2]
        for type_id, roots in self.relation_types["cameo"].items():
            if root in roots:
                return str(type_id)
        return None

    def strategic_types(self) -> list[str]:
        """Actor types whose actors choose sides (balance, blocs and strain count them).

        Examples
        --------
        >>> "civilian_population" in Vocabulary.default().strategic_types()
        False
        """
        return self.actor_types.index[self.actor_types["strategic"].to_numpy(dtype=bool)].tolist()

    def types_in(self, category: Category) -> list[str]:
        """Relation type ids of one category, in vocabulary order."""
        return self.relation_types.index[self.relation_types["category"] == category].tolist()

    def records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Relation types and actor types as plain records (for writers)."""
        rel = [
            {"id": str(i), "category": r.category, "sign": int(r.sign), "directed": bool(r.directed),
             "default_weight": float(r.default_weight), "cameo": list(r.cameo),
             "description": r.description}
            for i, r in self.relation_types.iterrows()
        ]
        act = [{"id": str(i), "description": r.description, "strategic": bool(r.strategic)}
               for i, r in self.actor_types.iterrows()]
        return rel, act

    def difference(self, base: Vocabulary) -> Vocabulary:
        """The types of this vocabulary that are new or changed against ``base`` (for writers).

        Examples
        --------
        >>> v = Vocabulary.default()
        >>> v.difference(v).relation_types.empty
        True
        """
        rel = self.relation_types
        base_rel = base.relation_types.reindex(rel.index)
        changed_rel = ~(rel.astype(str) == base_rel.astype(str)).all(axis=1)
        act = self.actor_types
        base_act = base.actor_types.reindex(act.index)
        changed_act = ~(act.astype(str) == base_act.astype(str)).all(axis=1)
        return Vocabulary(rel[changed_rel.to_numpy()], act[changed_act.to_numpy()])


def _relation_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    rows = [
        {
            "id": str(r["id"]),
            "category": str(r["category"]),
            "sign": int(r["sign"]),
            "directed": bool(r["directed"]),
            "default_weight": float(r["default_weight"]),
            "cameo": tuple(str(c) for c in (r.get("cameo") or ())),
            "description": str(r.get("description") or ""),
        }
        for r in records
    ]
    frame = pd.DataFrame(rows, columns=list(RELATION_TYPE_FIELDS)).set_index("id")
    return frame.astype({"category": "string", "sign": "int64", "directed": "bool",
                         "default_weight": "float64", "description": "string"})


def _actor_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    rows = [{"id": str(r["id"]), "description": str(r.get("description") or ""),
             "strategic": bool(r.get("strategic", True))} for r in records]
    frame = pd.DataFrame(rows, columns=list(ACTOR_TYPE_FIELDS)).set_index("id")
    return frame.astype({"description": "string", "strategic": "bool"})


def type_for_word(word: str) -> str | None:
    """The relation type a word people write stands for (``backs`` -> ``supports``), from the
    shipped vocabulary's ``type_words``; ``None`` when the word is not known.

    Examples
    --------
    >>> type_for_word("backs"), type_for_word("Ceasefire"), type_for_word("xyz")
    ('supports', 'agrees', None)
    """
    return _type_words().get(str(word).strip().lower().replace(" ", "_").replace("-", "_"))


@cache
def _type_words() -> dict[str, str]:
    return {str(k): str(v) for k, v in (_shipped().get("type_words") or {}).items()}


@cache
def _shipped() -> dict[str, Any]:
    text = resources.files("graphlib_conflict").joinpath("data/vocabulary.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def _default_vocabulary() -> Vocabulary:
    data = _shipped()
    return Vocabulary(_relation_frame(data["relation_types"]), _actor_frame(data["actor_types"]))
