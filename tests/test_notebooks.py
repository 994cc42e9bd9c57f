"""The notebooks run as written: code cells in order, in one namespace, the value of a cell's last
expression displayed the way Jupyter would (its ``_repr_html_``)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def run_cell(source: str, namespace: dict[str, object], name: str) -> object:
    """Run a cell like IPython: every statement, then return the last one's value if it is an
    expression."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, name, "exec"), namespace)
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), name, "eval"), namespace)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, object] = {}
    displayed = []
    for cell in cells:
        if cell["cell_type"] == "code":
            value = run_cell("".join(cell["source"]), namespace, path.name)
            if type(value).__module__.startswith("graphlib_conflict"):
                displayed.append(value._repr_html_())
    assert all(text.startswith(("<iframe", "<div")) for text in displayed)
    if path.name == "quickstart.ipynb":
        assert len(displayed) == 3  # the graph, the balance, the report
        assert (tmp_path / "idlib-2020-02-04.html").exists()
