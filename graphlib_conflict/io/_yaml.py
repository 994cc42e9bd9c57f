"""The curated dataset as one YAML file (and the same document as JSON)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import IO, Any

import yaml

from graphlib_conflict._atomic import write_text, write_with
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


_WIDTH = 100
_INDENT = 2


def dump_yaml(document: Any, *, width: int = _WIDTH) -> str:
    """YAML text of a document (safe dumper: plain data only)."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=width,
                     default_flow_style=False)


def yaml_chunks(document: dict[str, Any]) -> Iterator[str]:
    """The text of :func:`dump_yaml` (``document``) piece by piece: each top-level key on its own, and
    a list's items one at a time, so that writing a million relations never holds the YAML node tree
    of all of them (about 5 KB per relation in PyYAML).

    An item dumped alone is the same text as inside its list once every line is indented under the
    key and the width is narrowed by as much, so the folding of long text falls at the same places.
    """
    for key, value in document.items():
        if not isinstance(value, list) or not value:
            yield dump_yaml({key: value})
            continue
        yield dump_yaml({key: []}).replace(" []\n", "\n", 1)
        pad = " " * _INDENT
        for item in value:
            text = dump_yaml([item], width=_WIDTH - _INDENT)
            yield "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def write_yaml(graph: ConflictGraph, path: str | os.PathLike[str]) -> None:
    """Write the graph as a curated dataset YAML file, atomically (streamed: its memory is the
    document's, not the YAML emitter's tree of it)."""
    title = " ".join(str(graph.dataset.get("title") or graph.dataset.get("id") or "dataset").split())
    header = f"# {title}\n# graphlib_conflict dataset; format: docs/dataset-format.md\n"
    document = graph_to_document(graph)

    def write(handle: IO[str]) -> None:
        handle.write(header)
        for chunk in yaml_chunks(document):
            handle.write(chunk)

    write_with(path, write)


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
    duplicated = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicated
        out = dict(items)
        duplicated = duplicated or len(out) < len(items)
        return out

    try:
        # NaN and Infinity are no JSON: kept as the text written, each field's rule refuses them
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise DatasetError([Problem(f"not valid JSON: {exc.msg} (column {exc.colno})", file=file,
                                    line=exc.lineno)], summary=f"cannot read {file}") from None
    except RecursionError:
        raise DatasetError([Problem("nesting too deep to read", file=file,
                                    expected="a dataset about 5 levels deep")],
                           summary=f"cannot read {file}") from None
    duplicates = _duplicate_keys(text, file) if duplicated else []
    return document_to_graph(doc, file=file, coalition_ties=coalition_ties, extra_problems=duplicates)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]')


def _duplicate_keys(text: str, file: str) -> list[Problem]:
    """Every key written twice in one object of a (valid) JSON text, with its line, its record
    (``actors[3]``) and the line of the first one: found by walking the tokens again, as the
    decoder tells neither lines nor places."""
    problems: list[Problem] = []
    # one frame per open container: [path, keys and their lines (objects) or None (arrays), index]
    stack: list[list[Any]] = []
    line, position, previous, previous_line = 1, 0, "", 1
    for match in _JSON_TOKEN.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        token = match.group()
        parent = stack[-1] if stack else None
        if token in "{[":
            if parent is None:
                path = ""
            elif parent[1] is None:
                path = f"{parent[0]}[{parent[2]}]"
            else:
                path = f"{parent[0]}.{json.loads(previous)}".lstrip(".") if previous != "," else parent[0]
            stack.append([path, {} if token == "{" else None, 0])
        elif token in "}]":
            stack.pop()
        elif token == "," and parent is not None and parent[1] is None:
            parent[2] += 1
        elif token == ":" and parent is not None and parent[1] is not None:
            key = json.loads(previous)
            if key in parent[1]:
                problems.append(Problem(
                    f"duplicate key {key!r} (first on line {parent[1][key]})", file=file,
                    line=previous_line, record=parent[0] or None, field=key,
                    hint="JSON would silently keep only the last value; remove or rename one"))
            else:
                parent[1][key] = previous_line
        if token != ":":
            previous, previous_line = token, line
    return problems


def write_json(graph: ConflictGraph, path: str | os.PathLike[str]) -> None:
    """Write the graph as one JSON document (same structure as the YAML format), atomically."""
    write_text(path, json.dumps(graph_to_document(graph), indent=2, ensure_ascii=False) + "\n")
