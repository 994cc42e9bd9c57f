"""A line-aware, type-trap-free YAML reader.

PyYAML's ``safe_load`` turns ``NO`` into ``False``, ``012`` into ``10`` and ``1:30`` into ``90``, loses
line numbers and silently keeps the last of two duplicate keys. This reader composes the document with
the safe loader and builds plain Python itself: every scalar stays the text that was written (or
``None`` for an empty or ``null`` value), mappings and sequences remember their lines, and duplicate
keys are problems. Fields are converted later, each by its own rule.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from graphlib_conflict.problems import Problem

__all__ = ["LDict", "LList", "PlainScalar", "line_of", "read_yaml_text", "read_yaml_tree"]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class PlainScalar(str):
    """An unquoted scalar, with the tag YAML would have given it (for free-form ``attributes``)."""

    tag: str


class LDict(dict[str, Any]):
    """A mapping that remembers the line it starts on and the line of each key."""

    line: int | None
    key_lines: dict[str, int]

    def __init__(self, *args: Any, line: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.key_lines = {}


class LList(list[Any]):
    """A sequence that remembers the line it starts on and the line of each item."""

    line: int | None
    item_lines: list[int | None]

    def __init__(self, *args: Any, line: int | None = None) -> None:
        super().__init__(*args)
        self.line = line
        self.item_lines = []


def line_of(container: Any, key: str | int | None = None) -> int | None:
    """The line of ``container[key]`` (or of the container itself) where it is known."""
    if key is None:
        return getattr(container, "line", None)
    if isinstance(container, LDict) and isinstance(key, str):
        return container.key_lines.get(key, container.line)
    if isinstance(container, LList) and isinstance(key, int) and key < len(container.item_lines):
        return container.item_lines[key]
    return getattr(container, "line", None)


def read_yaml_text(path: str | os.PathLike[str]) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, reporting a missing file, bad encoding or emptiness as problems."""
    file = os.fspath(path)
    try:
        raw = Path(file).read_bytes()
    except FileNotFoundError:
        return None, [Problem("file not found", file=file, hint="check the path")]
    except IsADirectoryError:
        return None, [Problem("is a folder, not a YAML file", file=file)]
    except OSError as exc:
        return None, [Problem(f"cannot read file: {exc.strerror}", file=file)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(
            f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be decoded",
            file=file, line=line, expected="a UTF-8 encoded YAML file",
            hint="re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        )]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem("binary data (a NUL byte) in the file", file=file, line=line,
                              expected="a YAML text file")]
    if not text.strip():
        return None, [Problem("the file is empty", file=file, line=1,
                              expected="a YAML mapping with `dataset`, `actors` and `relations`")]
    return text, []


MAX_ALIASES = 50
"""Most aliases (``*name``) a dataset file may use: a few, to repeat an evidence item; many make
an alias bomb, a small file that expands to a huge document."""
MAX_DEPTH = 50
"""Deepest nesting of mappings and sequences a dataset file may have (datasets need about 5)."""


def _check_tokens(text: str, file: str | None) -> list[Problem]:
    """Refuse, with their lines, what only files written for other loaders hold: explicit tags
    (``!!python/object/apply:os.system``, ``!!binary``, ``!custom``), and what only attacks hold:
    more than :data:`MAX_ALIASES` aliases, nesting deeper than :data:`MAX_DEPTH`."""
    problems: list[Problem] = []
    aliases = depth = 0
    opening = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
               yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
    closing = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            line = token.start_mark.line + 1
            if isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                problems.append(Problem(
                    f"explicit YAML tag {(handle or '') + suffix!r}", file=file, line=line,
                    expected="plain values: a dataset never needs a tag",
                    hint="a tag asks a loader to build an object; this reader builds none — remove "
                         "the tag and write the value itself"))
            elif isinstance(token, yaml.AliasToken):
                aliases += 1
                if aliases > MAX_ALIASES:
                    problems.append(Problem(
                        f"more than {MAX_ALIASES} aliases (`*name`)", file=file, line=line,
                        hint="write repeated values out in full; many aliases can expand a small "
                             "file into a huge one"))
                    break
            elif isinstance(token, opening):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(Problem(f"nesting deeper than {MAX_DEPTH} levels", file=file,
                                            line=line, expected="a dataset about 5 levels deep"))
                    break
            elif isinstance(token, closing):
                depth -= 1
    except yaml.YAMLError:
        pass  # the composer reports the syntax error with its line
    return problems


def read_yaml_tree(text: str, file: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse YAML text into :class:`LDict`/:class:`LList`/``str``/``None``, with problems.

    Explicit tags, alias bombs and deep nesting are refused with their lines before anything is
    built (see :func:`_check_tokens`).
    """
    refused = _check_tokens(text, file)
    if refused:
        return None, refused
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        return None, [Problem(
            f"not valid YAML: {what}", file=file, line=line,
            hint="check indentation, colons and quotes on this line or the one before",
        )]
    except yaml.YAMLError as exc:
        return None, [Problem(f"not valid YAML: {exc}", file=file)]
    if node is None:
        return None, [Problem("the file holds no YAML document (only comments?)", file=file, line=1,
                              expected="a YAML mapping with `dataset`, `actors` and `relations`")]
    problems: list[Problem] = []
    return _build(node, file, problems), problems


def _build(node: yaml.Node, file: str | None, problems: list[Problem]) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        if node.style is None:
            plain = PlainScalar(node.value)
            plain.tag = node.tag
            return plain
        return node.value
    if isinstance(node, yaml.SequenceNode):
        seq = LList(line=line)
        for item in node.value:
            seq.append(_build(item, file, problems))
            seq.item_lines.append(item.start_mark.line + 1)
        return seq
    assert isinstance(node, yaml.MappingNode)  # the composer makes no other node kinds
    mapping = LDict(line=line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem("a key must be a plain name, not a list or mapping", file=file,
                                    line=key_line))
            continue
        key = key_node.value
        if key_node.tag == "tag:yaml.org,2002:merge":
            problems.append(Problem("merge keys (`<<`) are not supported", file=file, line=key_line,
                                    hint="write the fields out in full"))
            continue
        if key in mapping:
            problems.append(Problem(
                f"duplicate key {key!r} (first on line {mapping.key_lines[key]})",
                file=file, line=key_line, field=key,
                hint="YAML would silently keep only the last value; remove or rename one",
            ))
            continue
        mapping[key] = _build(value_node, file, problems)
        mapping.key_lines[key] = key_line
    return mapping
