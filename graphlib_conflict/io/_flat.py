"""Tables with list and mapping cells turned into JSON text, for flat formats (CSV, GraphML)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from graphlib_conflict._tables import CONFIDENCE_LABELS, DERIVED_RELATION_COLUMNS

__all__ = ["flat_actors", "flat_relations", "json_cell", "stated_relations"]

_WORDS = {score: word for word, score in CONFIDENCE_LABELS.items()}


def json_cell(value: Any) -> Any:
    """A list or mapping as compact JSON text; empty ones and missing values as ``NaN``."""
    if value is None:
        return np.nan
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(list(value) if isinstance(value, tuple) else value,
                          ensure_ascii=False, default=str) if len(value) else np.nan
    return value


def flat_actors(actors: pd.DataFrame) -> pd.DataFrame:
    """The actors table with ``aliases`` and ``attributes`` as JSON text."""
    return actors.assign(
        aliases=actors["aliases"].map(json_cell).astype("str"),
        attributes=actors["attributes"].map(json_cell).astype("str"),
    )


def stated_relations(relations: pd.DataFrame, *, confidence_words: bool = True) -> pd.DataFrame:
    """The relations table without its derived columns; with ``confidence_words``, a confidence
    equal to a word's score is written as the word (``high``), for people reading the file."""
    out = relations.drop(columns=[c for c in DERIVED_RELATION_COLUMNS if c in relations.columns])
    if confidence_words:
        out["confidence"] = out["confidence"].astype(object).map(lambda v: _WORDS.get(v, v),
                                                                 na_action="ignore")
    return out


def flat_relations(relations: pd.DataFrame, *, confidence_words: bool = True) -> pd.DataFrame:
    """Stated relations with ``evidence`` and ``attributes`` as JSON text."""
    out = stated_relations(relations, confidence_words=confidence_words)
    out["evidence"] = out["evidence"].map(json_cell).astype("str")
    out["attributes"] = out["attributes"].map(json_cell).astype("str")
    for name in out.columns:
        if out[name].dtype == object and name not in ("confidence",):
            out[name] = out[name].map(json_cell)
    return out
