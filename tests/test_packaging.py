"""The wheel carries the default dataset and the vocabulary, so a plain `pip install` works anywhere."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_holds_package_data(tmp_path):
    builders = pytest.importorskip("hatchling.builders.wheel", reason="hatchling (dev extra) not installed")
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("not a source checkout")
    wheel = next(iter(builders.WheelBuilder(str(ROOT)).build(directory=str(tmp_path),
                                                              versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "graphlib_conflict/graphs/syria_idlib.yaml" in names
    assert "graphlib_conflict/data/vocabulary.yaml" in names
    assert "graphlib_conflict/py.typed" in names
    assert not any(n.startswith("tests/") for n in names)
    packaged = zipfile.ZipFile(wheel).read("graphlib_conflict/graphs/syria_idlib.yaml")
    assert packaged == (ROOT / "graphs" / "syria_idlib.yaml").read_bytes()
