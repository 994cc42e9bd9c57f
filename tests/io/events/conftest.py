"""Fixtures for the event importers: the project's own native-format files, and helpers."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "events"
"""``tests/fixtures/events``: small files in each native format, written for these tests."""
IDLIB = Path(__file__).resolve().parents[3] / "graphs" / "syria_idlib.yaml"
"""The shipped Syria/Idlib dataset, imported into."""


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def idlib() -> Path:
    return IDLIB


@pytest.fixture
def compressed(tmp_path: Path) -> dict[str, Path]:
    """The GDELT fixture as ``.gz`` and as a ``.zip`` archive (made fresh for the test)."""
    source = FIXTURES / "gdelt2_idlib.export.CSV"
    gz = tmp_path / "gdelt2_idlib.export.CSV.gz"
    with open(source, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    archive = tmp_path / "gdelt2_idlib.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(source, "gdelt2_idlib.export.CSV")
    return {"gz": gz, "zip": archive}
