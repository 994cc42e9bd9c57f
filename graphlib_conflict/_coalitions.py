"""Cooperation implied by shared membership of a coalition."""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from graphlib_conflict.dates import days_to_timestamps
from graphlib_conflict.vocabulary import Vocabulary

__all__ = ["implied_cooperation"]


def implied_cooperation(relations: pd.DataFrame, actors: pd.DataFrame, t0: np.ndarray,
                        t1: np.ndarray, vocab: Vocabulary,
                        window: tuple[int, int] | None) -> pd.DataFrame:
    """One ``cooperates`` row per pair of co-members of a coalition, over the overlap of memberships.

    A self-merge of the ``member_of`` rows on their coalition: vectorised, no loop over relations.
    Pairs are ordered (``source < target``); overlaps outside ``window`` are dropped.
    """
    coalitions = actors.loc[actors["type"] == "coalition", "id"]
    is_membership = ((relations["type"] == "member_of") & relations["target"].isin(coalitions)).to_numpy()
    columns = [*relations.columns, "implied_by"]
    if is_membership.sum() < 2:
        return pd.DataFrame(columns=columns).astype(relations.dtypes.to_dict() | {"implied_by": "str"})
    members = relations.loc[is_membership, ["id", "source", "target", "start", "end", "evidence",
                                            "confidence"]].copy()
    members["t0"] = t0[is_membership]
    members["t1"] = t1[is_membership]
    pairs = members.merge(members, on="target", suffixes=("_a", "_b"))
    pairs = pairs[pairs["source_a"] < pairs["source_b"]]
    first = np.maximum(pairs["t0_a"].to_numpy(), pairs["t0_b"].to_numpy())
    last = np.minimum(pairs["t1_a"].to_numpy(), pairs["t1_b"].to_numpy())
    keep = first <= last
    if window is not None:
        keep &= (first <= window[1]) & (last >= window[0])
    pairs = pairs[keep]
    first, last = first[keep], last[keep]
    if pairs.empty:
        return pd.DataFrame(columns=columns).astype(relations.dtypes.to_dict() | {"implied_by": "str"})

    later_start_a = pairs["t0_a"].to_numpy() >= pairs["t0_b"].to_numpy()
    earlier_end_a = pairs["t1_a"].to_numpy() <= pairs["t1_b"].to_numpy()
    # one row: the vocabulary's index of relation types is unique
    coop = cast(pd.Series, vocab.relation_types.loc["cooperates"])
    ids = "implied:" + pairs["target"] + ":" + pairs["source_a"] + "~" + pairs["source_b"]
    rank = ids.groupby(ids.to_numpy()).cumcount()
    ids = ids.where(rank == 0, ids + "#" + (rank + 1).astype("str"))
    out = pd.DataFrame({
        "id": ids.to_numpy(),
        "source": pairs["source_a"].to_numpy(),
        "target": pairs["source_b"].to_numpy(),
        "type": "cooperates",
        "start": np.where(later_start_a, pairs["start_a"], pairs["start_b"]),
        "end": np.where(earlier_end_a, pairs["end_a"], pairs["end_b"]),
        "date": np.nan,
        "weight": float(coop["default_weight"]),
        "confidence": np.fmin(pairs["confidence_a"].to_numpy(), pairs["confidence_b"].to_numpy()),
        "evidence": [a + b for a, b in zip(pairs["evidence_a"], pairs["evidence_b"], strict=True)],
        "notes": ("co-members of " + pairs["target"] + " (" + pairs["id_a"] + ", " + pairs["id_b"]
                  + ")").to_numpy(),
        "attributes": None,
        "category": coop["category"],
        "sign": np.int8(coop["sign"]),
        "directed": bool(coop["directed"]),
        "valid_from": days_to_timestamps(first).to_numpy(),
        "valid_to": days_to_timestamps(last).to_numpy(),
        "implied_by": pairs["target"].to_numpy(),
    })
    for name in relations.columns:
        if name not in out.columns:
            out[name] = pd.Series(np.nan, index=out.index).astype(relations[name].dtype)
    return out[columns].astype(relations.dtypes.to_dict() | {"implied_by": "str"})

