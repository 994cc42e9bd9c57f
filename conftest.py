"""Collection rules for the whole test run (pytest reads this file; the package never imports it).

The doctests of ``graphlib_conflict/extract`` read articles with spaCy, an optional dependency;
without it they are skipped with the reason, so a clone installed without the ``extract`` extra
still runs the rest of the suite.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_EXTRACT = Path(__file__).resolve().parent / "graphlib_conflict" / "extract"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the extraction package's doctests skipped when spaCy is not installed."""
    if importlib.util.find_spec("spacy") is not None:
        return
    skip = pytest.mark.skip(
        reason='the extraction doctests need spaCy: pip install "graphlib_conflict[extract]"')
    for item in items:
        if Path(str(item.path)).resolve().parent == _EXTRACT:
            item.add_marker(skip)
