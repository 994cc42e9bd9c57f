"""The notebooks run as written, in a real Jupyter kernel (nbclient), cell by cell in order, from a
scratch folder, so they cannot rot; each shows what it promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path, cwd: Path) -> list[dict]:
    """The notebook's code cells after running it in a python3 kernel in ``cwd``."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def outputs(cells: list[dict], mime: str) -> list[str]:
    return [out["data"][mime] for cell in cells for out in cell.get("outputs", [])
            if mime in out.get("data", {})]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_in_a_kernel(path, tmp_path):
    for name in ("tests", "graphs"):
        (tmp_path / name).symlink_to(ROOT / name)
    cells = execute(path, tmp_path)
    errors = [out for cell in cells for out in cell.get("outputs", [])
              if out.get("output_type") == "error"]
    assert not errors, errors
    html = outputs(cells, "text/html")
    assert html, "a notebook shows results"
    assert all("<script" not in h or "sandbox=" in h for h in html)  # views only in their sandbox
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in stored["cells"] if c["cell_type"] == "code"), \
        "notebooks are committed without outputs"
    if path.name == "01_quickstart.ipynb":
        assert sum("gc-report" in h for h in html) >= 2  # the balance and the report
        assert any("image/svg+xml" in out.get("data", {}) for c in cells for out in c["outputs"])
        assert (tmp_path / "idlib-2020-02-04.html").exists()
    if path.name == "02_february_2020_crisis.ipynb":
        text = "\n".join(outputs(cells, "text/plain"))
        assert "<ChangeReport 2019-11-01..2020-02-04: 2 soured, 2 escalated>" in text
        assert "balance ratio 0.625 -> 0.750, frustration 2 -> 1" in text  # the what-if
        assert sum("image/png" in out.get("data", {}) for c in cells for out in c["outputs"]) == 3
        assert sorted(p.name for p in (tmp_path / "idlib-brief").iterdir())[0] == "balance-strained.csv"
    if path.name == "04_event_data.ipynb":
        text = "\n".join(outputs(cells, "text/plain")) + "".join(
            out.get("text", "") for c in cells for out in c["outputs"])
        assert "GDELT import: 1 file, 20 rows read" in text
        assert "imported                8 events -> 7 relations (by week)" in text
        assert "bad byte (not UTF-8)" in text  # the rejects are shown, with their lines
        assert (tmp_path / "idlib-gdelt.html").exists() and (tmp_path / "idlib-gdelt.parquet").exists()
