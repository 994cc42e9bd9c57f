"""Adding reviewed relations to a dataset YAML file without disturbing what a person wrote there.

The file is not rewritten from a parsed copy (that would drop its comments and layout): the new
relation items are inserted as text after the last item of its ``relations`` list, indented like its
items, and a new source after the last of its ``sources``. The merged text is read back with the
dataset reader and must load whole; only then is it written, atomically.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from graphlib_conflict._atomic import write_text
from graphlib_conflict.exceptions import DatasetError
from graphlib_conflict.io._dataset import document_to_graph
from graphlib_conflict.io._yaml import dump_yaml
from graphlib_conflict.io._yamlread import read_yaml_text, read_yaml_tree
from graphlib_conflict.problems import Problem

__all__ = ["merge_yaml", "merged_text"]


def merge_yaml(path: str | os.PathLike[str], *, relations: Sequence[Mapping[str, Any]],
               source: Mapping[str, Any] | None, note: str) -> list[str]:
    """Insert ``relations`` (and ``source`` when given) into the dataset at ``path``; returns their ids.

    Raises
    ------
    DatasetError
        If the file cannot be read, is not a block-style dataset, or would not load once merged
        (nothing is written then).
    """
    file = os.fspath(path)
    if Path(file).suffix.lower() not in (".yaml", ".yml"):
        raise DatasetError([Problem("candidates can only be merged into a YAML dataset", file=file,
                                    expected="a .yaml or .yml file",
                                    hint="convert it first: graphlib-conflict export FILE out.yaml")])
    text, problems = read_yaml_text(file)
    if text is None:
        raise DatasetError(problems, summary=f"cannot read {file}")
    merged = merged_text(text, relations=relations, source=source, note=note, file=file)
    tree, problems = read_yaml_tree(merged, file)
    if tree is None:
        raise DatasetError(problems, summary=f"{file}: the merged text would not be valid YAML")
    document_to_graph(tree, file=file, extra_problems=problems)
    write_text(file, merged)
    return [str(r["id"]) for r in relations]


def merged_text(text: str, *, relations: Sequence[Mapping[str, Any]], source: Mapping[str, Any] | None,
                note: str, file: str | None = None) -> str:
    """The dataset text with the new items inserted (see the module docstring).

    Examples
    --------
    >>> doc = ("dataset: {id: x}\\nactors: []\\nrelations:\\n"
    ...        "  - {source: A, target: B, type: meets, date: '2020'}\\n")
    >>> print(merged_text(doc, relations=[{"source": "B", "target": "A", "type": "meets", "date": "2021"}],
    ...                   source=None, note="added"))
    dataset: {id: x}
    actors: []
    relations:
      - {source: A, target: B, type: meets, date: '2020'}
      # added
      - source: B
        target: A
        type: meets
        date: '2021'
    <BLANKLINE>
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise DatasetError([Problem(f"not valid YAML: {exc}", file=file)]) from None
    if not isinstance(root, yaml.MappingNode):
        raise DatasetError([Problem("the top level must be a mapping with `dataset`, `actors` and "
                                    "`relations`", file=file, line=1)])
    edits: list[tuple[int, str]] = []
    if relations:
        edits.append(_insertion(text, root, "relations", list(relations), note, file))
    if source is not None:
        edits.append(_insertion(text, root, "sources", [dict(source)], note, file))
    # from the end back, so that earlier positions hold; two edits at one place (both sections new,
    # appended at the end) go in the order made: the later one is inserted first
    order = sorted(range(len(edits)), key=lambda i: (-edits[i][0], -i))
    for position, chunk in (edits[i] for i in order):
        text = text[:position] + chunk + text[position:]
    return text


def _insertion(text: str, root: yaml.MappingNode, section: str, items: list[Mapping[str, Any]], note: str,
               file: str | None) -> tuple[int, str]:
    value = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == section), None)
    block = dump_yaml([dict(i) for i in items])
    if value is None:
        # no such section yet: append one at the end of the file
        lead = "" if text.endswith("\n") else "\n"
        body = "".join(f"  {line}\n" if line else "\n" for line in block.splitlines())
        return len(text), f"{lead}{section}:\n  # {note}\n{body}"
    if not isinstance(value, yaml.SequenceNode):
        raise DatasetError([Problem(f"`{section}` must be a list", file=file,
                                    line=value.start_mark.line + 1)])
    if value.flow_style or not value.value:
        raise DatasetError([Problem(
            f"`{section}` is written as a flow list ({section}: [...]); candidates are merged into a "
            "block list", file=file, line=value.start_mark.line + 1,
            hint=f"write `{section}:` with one `- ` item per line, then merge again")])
    prefix = " " * value.start_mark.column
    end = _last_end(value.value[-1])
    if end > 0 and text[end - 1] == "\n":
        position, lead = end, ""
    else:
        line_end = text.find("\n", end)
        position, lead = (len(text), "\n") if line_end == -1 else (line_end + 1, "")
    body = "".join(f"{prefix}{line}\n" if line else "\n" for line in block.splitlines())
    return position, f"{lead}{prefix}# {note}\n{body}"


def _last_end(node: yaml.Node) -> int:
    """Where the last written character of a node is (block collections end at the next token)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    if not children:
        return int(node.end_mark.index)
    return max(_last_end(child) for child in children)
