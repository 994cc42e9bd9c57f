"""Shared fixtures: the default dataset, small hand-made graphs, and the read-only reference data."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import graphlib_conflict as gc

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
"""``../shared/data`` beside the checkout: real reference data, absent from users' clones."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless system Chromium for the whole run, shared by every browser test.

    Playwright's sync API allows one running instance per thread, so the browser tests of every
    folder (views, extraction review page, adversarial pages) use this one. Skips with the reason
    without playwright or a system Chromium; never downloads a browser.
    """
    pytest.importorskip("playwright.sync_api",
                        reason="playwright is not installed (pip install -e '.[test]')")
    from tests.browser._chromium import chromium_path, launch

    if chromium_path() is None:
        pytest.skip("no system Chromium (sudo apt-get install chromium; never 'playwright install')")
    playwright, chromium = launch()
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def default_graph() -> gc.ConflictGraph:
    """The shipped Syria/Idlib dataset."""
    return gc.load()


@pytest.fixture
def shared_data() -> Path:
    """Path of ``../shared/data``; skips the test where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not available ({SHARED_DATA} is absent in this checkout)")
    return SHARED_DATA


GraphFactory = Callable[..., gc.ConflictGraph]


@pytest.fixture
def make_graph() -> GraphFactory:
    """Build a small graph from relation tuples ``(source, type, target, when)``.

    ``when`` is a date for interactions, or ``"start..end"`` (either side may be empty) for durable
    relations. Actors are made from the ids used (type ``state``), unless ``actors`` is given.
    """

    def build(relations: Sequence[tuple[str, str, str, str]], *,
              actors: Sequence[dict[str, Any]] | None = None, **kwargs: Any) -> gc.ConflictGraph:
        rows = []
        for source, kind, target, when in relations:
            row: dict[str, Any] = {"source": source, "type": kind, "target": target}
            if ".." in when:
                start, end = when.split("..")
                row["start"] = start or None
                row["end"] = end or None
            else:
                row["date"] = when
            rows.append(row)
        if actors is None:
            ids = sorted({r[0] for r in relations} | {r[2] for r in relations})
            actors = [{"id": a, "name": a, "type": "state"} for a in ids]
        return gc.ConflictGraph.from_frames(pd.DataFrame(list(actors)), pd.DataFrame(rows), **kwargs)

    return build
