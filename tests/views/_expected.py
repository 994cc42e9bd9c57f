"""What a view should show, computed straight from a graph's tables (independently of the views code)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import graphlib_conflict as gc

__all__ = ["expected_at", "expected_nodes", "expected_pairs"]


def expected_at(graph: gc.ConflictGraph, day: str, recent: int = 30) -> set[str]:
    """Ids of the relations a view of ``day`` draws: durable relations active that day, and
    interactions whose last day is at most ``recent`` days before it."""
    table = graph.all_relations()
    t = pd.Timestamp(day)
    started = table["valid_from"].isna() | (table["valid_from"] <= t)
    interaction = table["category"] == "interaction"
    until = table["valid_to"] + pd.to_timedelta(np.where(interaction, recent, 0), unit="D")
    running = table["valid_to"].isna() | (until >= t)
    return set(table.loc[started & running, "id"])


def expected_pairs(graph: gc.ConflictGraph, day: str) -> dict[tuple[str, str], str]:
    """``{(a, b): status}`` of every pair that is not neutral on ``day``."""
    table = gc.alignment(graph, at=day)
    table = table[table["status"] != "neutral"]
    return dict(zip(zip(table["source"], table["target"], strict=True), table["status"], strict=True))


def expected_nodes(graph: gc.ConflictGraph, relations: set[str],
                   pairs: dict[tuple[str, str], str]) -> set[str]:
    """Actors at either end of a drawn relation or alignment."""
    table = graph.all_relations()
    table = table[table["id"].isin(relations)]
    ends = set(table["source"]) | set(table["target"])
    return ends | {a for pair in pairs for a in pair}
