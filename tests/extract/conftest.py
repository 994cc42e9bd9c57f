"""Fixtures for the extraction tests: spaCy (skipped without it), a small hand-made graph, articles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import graphlib_conflict as gc
from tests.conftest import SHARED_DATA

pytest.importorskip("spacy", reason="extraction needs spaCy: pip install 'graphlib_conflict[extract]'")

ARTICLES = Path(__file__).parent / "articles"
"""Short articles written for these tests, with known answers."""

SEED = SHARED_DATA.parent / "seeds" / "moscow-times-2020-02-04-idlib.txt"
"""The founding report (``../shared/seeds``), absent from users' clones."""


@pytest.fixture(scope="session")
def caucasus() -> gc.ConflictGraph:
    """A small dataset that shares nothing with the Syria case: Armenia, Azerbaijan, their forces."""
    actors = pd.DataFrame([
        {"id": "ARM", "name": "Armenia", "type": "state", "country": "ARM", "aliases": ["Yerevan"]},
        {"id": "AZE", "name": "Azerbaijan", "type": "state", "country": "AZE", "aliases": ["Baku"]},
        {"id": "ARM_MIL", "name": "Armenian Armed Forces", "type": "government_forces", "country": "ARM"},
        {"id": "AZE_MIL", "name": "Azerbaijani Armed Forces", "type": "government_forces", "country": "AZE"},
        {"id": "RUS", "name": "Russia", "type": "state", "country": "RUS"},
        {"id": "TUR", "name": "Turkey", "type": "state", "country": "TUR"},
        {"id": "PASHINYAN", "name": "Nikol Pashinyan", "type": "person", "country": "ARM",
         "aliases": ["Pashinyan"]},
    ])
    relations = pd.DataFrame([
        {"source": "ARM_MIL", "target": "ARM", "type": "part_of"},
        {"source": "AZE_MIL", "target": "AZE", "type": "part_of"},
        {"source": "PASHINYAN", "target": "ARM", "type": "represents"},
    ])
    return gc.ConflictGraph.from_frames(actors, relations, dataset={"id": "caucasus"})


@pytest.fixture
def seed_text() -> str:
    """The founding report's text; skips where ``../shared`` is absent."""
    if not SEED.is_file():
        pytest.skip(f"the seed report is not available ({SEED} is absent in this checkout)")
    return SEED.read_text(encoding="utf-8")


def triples(result: object) -> list[tuple[str, str, str, str | None, str]]:
    """(source, type, target, date or start, confidence) of every candidate, in text order."""
    return [(c.source, c.type, c.target, c.date or c.start, c.confidence) for c in result]  # type: ignore[attr-defined]
