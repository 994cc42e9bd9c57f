"""A line-aware, type-trap-free YAML reader.

PyYAML's ``safe_load`` turns ``NO`` into ``False``, ``012`` into ``10`` and ``1:30`` into ``90``, loses
line numbers and silently keeps the last of two duplicate keys. This reader takes the parser's
events (libyaml's C parser where PyYAML has it) and builds plain Python itself, in one pass: every
scalar stays the text that was written (or ``None`` for an empty or ``null`` value), mappings and
sequences remember their lines, and duplicate keys are problems. Fields are converted later, each by
its own rule. No node tree is held, so a large file costs its values and little more.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from graphlib_conflict.problems import Problem

__all__ = ["LDict", "LList", "PlainScalar", "line_of", "read_yaml_text", "read_yaml_tree"]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


_RESOLVER = yaml.resolver.Resolver()
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SHORT_TAG = "tag:yaml.org,2002:"


class PlainScalar(str):
    """An unquoted scalar; :attr:`tag` is the tag YAML would give it (for free-form ``attributes``)."""

    __slots__ = ()

    @property
    def tag(self) -> str:
        """The tag a YAML loader resolves this plain scalar to (``tag:yaml.org,2002:int``, ...)."""
        return str(_RESOLVER.resolve(yaml.ScalarNode, str(self), (True, False)))


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


_REFUSED_TAG_HINT = ("a tag asks a loader to build an object; this reader builds none — remove the "
                     "tag and write the value itself")
_NO_KEY = object()
_BAD_KEY = object()


class _Frame:
    """An open mapping or sequence, and for a mapping the key waiting for its value."""

    __slots__ = ("anchor", "container", "key", "key_line")

    def __init__(self, container: LDict | LList, anchor: str | None) -> None:
        self.container = container
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.key_line = 0


class _Builder:
    """Plain values from parser events (see :func:`read_yaml_tree`)."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.refused: list[Problem] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, str | None, bool]] = {}
        self.root: Any = _NO_KEY
        self.documents = 0
        self.aliases = 0

    def feed(self, event: yaml.Event) -> bool:
        """Take one event; ``False`` once reading must stop."""
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.refused.append(Problem(
                    "not valid YAML: expected a single document in the stream but found another "
                    "document", file=self.file, line=line, hint="a dataset is one document: remove `---`"))
                return False
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._tag(event, line)
            if len(self.stack) >= MAX_DEPTH:
                self.refused.append(Problem(f"nesting deeper than {MAX_DEPTH} levels", file=self.file,
                                            line=line, expected="a dataset about 5 levels deep"))
                return False
            container = LDict(line=line) if isinstance(event, yaml.MappingStartEvent) else LList(line=line)
            self.stack.append(_Frame(container, event.anchor))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, None, False)
            self._put(frame.container, frame.container.line or line, None, False)
        elif isinstance(event, yaml.ScalarEvent):
            self._tag(event, line)
            plain = not event.style
            value: Any = event.value
            if plain:
                value = None if value in _NULLS else PlainScalar(value)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, event.value, plain)
            self._put(value, line, event.value, plain)
        elif isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                self.refused.append(Problem(
                    f"more than {MAX_ALIASES} aliases (`*name`)", file=self.file, line=line,
                    hint="write repeated values out in full; many aliases can expand a small file "
                         "into a huge one"))
                return False
            if event.anchor not in self.anchors:
                self.refused.append(Problem(f"not valid YAML: found undefined alias {event.anchor!r}",
                                            file=self.file, line=line,
                                            hint="define the anchor (`&name`) before its alias"))
                return False
            value, raw, plain = self.anchors[event.anchor]
            self._put(value, line, raw, plain)
        return True

    def _tag(self, event: yaml.NodeEvent, line: int) -> None:
        """Refuse an explicit tag: what only files written for other loaders hold
        (``!!python/object/apply:os.system``, ``!!binary``, ``!custom``)."""
        tag = getattr(event, "tag", None)
        if tag is None:
            return
        written = "!!" + tag[len(_SHORT_TAG):] if tag.startswith(_SHORT_TAG) else tag
        self.refused.append(Problem(f"explicit YAML tag {written!r}", file=self.file, line=line,
                                    expected="plain values: a dataset never needs a tag",
                                    hint=_REFUSED_TAG_HINT))

    def _put(self, value: Any, line: int, raw: str | None, plain: bool) -> None:
        """Place a finished value: the document, a sequence's item, a mapping's key or value."""
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, LList):
            container.append(value)
            container.item_lines.append(line)
            return
        if frame.key is _NO_KEY:
            frame.key_line = line
            if raw is None:
                self.problems.append(Problem("a key must be a plain name, not a list or mapping",
                                             file=self.file, line=line))
                frame.key = _BAD_KEY
            elif plain and raw == "<<":
                self.problems.append(Problem("merge keys (`<<`) are not supported", file=self.file,
                                             line=line, hint="write the fields out in full"))
                frame.key = _BAD_KEY
            else:
                frame.key = raw
            return
        key, frame.key = frame.key, _NO_KEY
        if key is _BAD_KEY:
            return
        if key in container:
            self.problems.append(Problem(
                f"duplicate key {key!r} (first on line {container.key_lines[key]})",
                file=self.file, line=frame.key_line, field=key,
                hint="YAML would silently keep only the last value; remove or rename one"))
            return
        container[key] = value
        container.key_lines[key] = frame.key_line


def read_yaml_tree(text: str, file: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse YAML text into :class:`LDict`/:class:`LList`/``str``/``None``, with problems.

    Explicit tags (every one, each with its line), alias bombs (more than :data:`MAX_ALIASES`
    aliases) and deep nesting (beyond :data:`MAX_DEPTH`) are refused as they are met, and nothing
    is returned then.
    """
    builder = _Builder(file)
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if not builder.feed(event):
                break
    except yaml.MarkedYAMLError as exc:
        if builder.refused:
            return None, builder.refused
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        if "nesting depth" in what:  # libyaml's own limit, met while it scans ahead of the events
            return None, [Problem(f"nesting deeper than {MAX_DEPTH} levels", file=file, line=line,
                                  expected="a dataset about 5 levels deep")]
        if "invalid Unicode character escape code" in what:
            return None, [Problem(
                "a `\\u` escape in this quoted text is half of a character (a surrogate), which no file "
                "can hold", file=file, line=line, expected="a whole character: é, 😀, or \\U0001F600",
                hint="write the character itself, or the whole of it as one `\\U` escape: YAML takes "
                     "no surrogate pairs (`\\ud83d\\ude00`), as JSON does")]
        return None, [Problem(
            f"not valid YAML: {what}", file=file, line=line,
            hint="check indentation, colons and quotes on this line or the one before",
        )]
    except yaml.YAMLError as exc:
        return None, builder.refused or [Problem(f"not valid YAML: {exc}", file=file)]
    if builder.refused:
        return None, builder.refused
    if builder.root is _NO_KEY or builder.root is None:
        return None, [Problem("the file holds no YAML document (only comments?)", file=file, line=1,
                              expected="a YAML mapping with `dataset`, `actors` and `relations`")]
    return builder.root, builder.problems
