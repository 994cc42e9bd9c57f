"""The package's imports point downward only: no cycle, and no module imports a higher layer.

Every ``import`` of the package is counted: at module level, under ``if TYPE_CHECKING:`` and inside
functions. The only upward imports allowed are the documented hand-offs from
:class:`~graphlib_conflict.graph.ConflictGraph` methods to the layers that write and draw it (as
geopandas' ``GeoDataFrame.explore`` imports its mapping module when called); ``docs/architecture.md``
lists them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "graphlib_conflict"

LAYERS: list[tuple[str, ...]] = [
    # lowest first; a module may import its own layer (without a cycle) and any layer below
    ("_version", "_atomic", "_arrays", "exceptions", "problems", "dates", "vocabulary"),
    ("_builder", "_tables", "_checks", "_coalitions", "graph", "_time"),
    ("render",),
    ("io", "validation"),
    ("analytics", "extract"),
    ("views",),
    ("brief",),
    ("__init__",),
    ("cli",),
]
"""Layers by their top-level module or subpackage name under ``graphlib_conflict``."""

HAND_OFFS = {
    ("graphlib_conflict.graph", "graphlib_conflict.io"),
    ("graphlib_conflict.graph", "graphlib_conflict.views"),
}
"""``ConflictGraph.save`` hands off to ``io``; ``to_html`` and ``_repr_html_`` to ``views``."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, modules: dict[str, Path]) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nested.update(id(child) for child in ast.walk(node) if child is not node)
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules
                     else node.module for alias in node.names]
        for name in names:
            if name == "graphlib_conflict" or name.startswith("graphlib_conflict."):
                while name not in modules and "." in name:
                    name = name.rsplit(".", 1)[0]
                found.append((name, node.lineno, id(node) in nested))
    return found


def _layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    for rank, names in enumerate(LAYERS):
        if top in names:
            return rank
    raise AssertionError(f"module {module} is in no layer: add it to LAYERS and docs/architecture.md")


def _edges() -> dict[str, set[str]]:
    modules = _modules()
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for target, _, _ in _imports(path, modules):
            if target != module and not _is_hand_off(module, target):
                edges[module].add(target)
    return edges


def _is_hand_off(module: str, target: str) -> bool:
    return any(module == a and (target == b or target.startswith(b + ".")) for a, b in HAND_OFFS)


def test_every_module_has_a_layer():
    for module in _modules():
        _layer(module)


def test_imports_point_downward():
    upward = []
    for module, targets in _edges().items():
        for target in targets:
            if _layer(target) > _layer(module):
                upward.append(f"{module} -> {target}")
    assert not upward, "imports pointing to a higher layer:\n" + "\n".join(sorted(upward))


def test_no_import_cycle():
    edges = _edges()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_imports_inside_functions_are_only_the_hand_offs():
    modules = _modules()
    inside = [f"{module}:{line} imports {target}"
              for module, path in modules.items()
              for target, line, nested in _imports(path, modules)
              if nested and not _is_hand_off(module, target)]
    assert not inside, "imports inside functions that dodge no cycle:\n" + "\n".join(inside)


@pytest.mark.parametrize("hand_off", sorted(HAND_OFFS))
def test_hand_offs_are_documented(hand_off):
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert f"`{hand_off[1]}`" in text
