"""The curated dataset as one YAML file (and the same document as JSON)."""

from __future__ import annotations

import json
import os
from typing import Any

import yaml

from graphlib_conflict._atomic import write_text
from graphlib_conflict.exceptions import DatasetError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.io._dataset import document_to_graph, graph_to_document
from graphlib_conflict.io._yamlread import read_yaml_text, read_yaml_tree
from graphlib_conflict.problems import Problem

__all__ = ["read_json", "read_yaml", "write_json", "write_yaml"]


def read_yaml(path: str | os.PathLike[str], *, coalition_ties: bool = True) -> ConflictGraph:
    """Read a curated dataset YAML file.

    Parameters
    ----------
    path : str or path-like
    coalition_ties : bool, default True
        Whether co-members of a coalition cooperate (see ``ConflictGraph.implied_relations``).

    Raises
    ------
    DatasetError
        With every problem found, each with its line.

    Examples
    --------
    >>> import graphlib_conflict as gc
    >>> gc.read_yaml(gc.default_dataset_path()).dataset["id"]
    'syria_idlib'
    """
    file = os.fspath(path)
    text, problems = read_yaml_text(file)
    if text is None:
        raise DatasetError(problems, summary=f"cannot read {file}")
    tree, problems = read_yaml_tree(text, file)
    if tree is None:
        raise DatasetError(problems, summary=f"cannot read {file}")
    return document_to_graph(tree, file=file, coalition_ties=coalition_ties, extra_problems=problems)


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, long text folded only at spaces."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and value == value.strip() and "\r" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(document: Any) -> str:
    """YAML text of a document (safe dumper: plain data only)."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def write_yaml(graph: ConflictGraph, path: str | os.PathLike[str]) -> None:
    """Write the graph as a curated dataset YAML file, atomically."""
    title = " ".join(str(graph.dataset.get("title") or graph.dataset.get("id") or "dataset").split())
    header = f"# {title}\n# graphlib_conflict dataset; format: docs/dataset-format.md\n"
    write_text(path, header + dump_yaml(graph_to_document(graph)))


def read_json(path: str | os.PathLike[str], *, coalition_ties: bool = True) -> ConflictGraph:
    """Read a dataset written as JSON (the YAML document's structure).

    Raises
    ------
    DatasetError
        With every problem found (records are named by position, e.g. ``relations[3]``).
    """
    file = os.fspath(path)
    text, problems = read_yaml_text(file)
    if text is None:
        raise DatasetError(problems, summary=f"cannot read {file}")
    duplicates: list[Problem] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(Problem(f"duplicate key {key!r}", file=file, field=key,
                                          hint="JSON would silently keep only the last value"))
            out[key] = value
        return out

    try:
        doc = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise DatasetError([Problem(f"not valid JSON: {exc.msg} (column {exc.colno})", file=file,
                                    line=exc.lineno)], summary=f"cannot read {file}") from None
    return document_to_graph(doc, file=file, coalition_ties=coalition_ties, extra_problems=duplicates)


def write_json(graph: ConflictGraph, path: str | os.PathLike[str]) -> None:
    """Write the graph as one JSON document (same structure as the YAML format), atomically."""
    write_text(path, json.dumps(graph_to_document(graph), indent=2, ensure_ascii=False) + "\n")
