"""The dataset as a pair of CSV files (actors and relations), plus sources and metadata beside them."""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from graphlib_conflict._atomic import write_text, write_with
from graphlib_conflict._builder import vocabulary_with
from graphlib_conflict._tables import Locator
from graphlib_conflict.exceptions import DatasetError
from graphlib_conflict.graph import ConflictGraph, build_graph
from graphlib_conflict.io._dataset import metadata_document, plain_data
from graphlib_conflict.io._flat import flat_actors, flat_relations
from graphlib_conflict.io._yaml import dump_yaml, read_yaml_text, read_yaml_tree
from graphlib_conflict.io._yamlread import line_of
from graphlib_conflict.problems import Problem, did_you_mean
from graphlib_conflict.vocabulary import Vocabulary

__all__ = ["read_csv", "write_csv"]

ACTORS_FILE, RELATIONS_FILE, SOURCES_FILE, META_FILE = (
    "actors.csv", "relations.csv", "sources.csv", "dataset.yaml")


def _line_finder(path: str) -> Callable[[int], int | None]:
    """Row position -> physical line of the row in the file (quoted cells may span lines; blank
    lines hold no row)."""

    @cache
    def starts() -> list[int]:
        lines = []
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = csv.reader(handle)
            previous_end = 0
            for row in reader:
                if row:
                    lines.append(previous_end + 1)
                previous_end = reader.line_num
        return lines[1:]

    def find(pos: int) -> int | None:
        table = starts()
        return table[pos] if 0 <= pos < len(table) else None

    return find


def _header(path: Path) -> list[str] | None:
    """The names in the header row, or ``None`` for a file without one."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        for row in csv.reader(handle):
            if row:
                return row
    return None


def _read_table(path: Path, problems: list[Problem], required: bool) -> pd.DataFrame | None:
    """One CSV file as a table of text (``NaN`` where a cell is empty), or ``None`` with its
    problems: a missing or empty file, a header naming a column twice, text that is not UTF-8, and
    every row whose number of fields is not the header's (a stray quote swallows the rows after
    it into one), each with its line."""
    file = str(path)
    if not path.exists():
        if required:
            hint = f"a CSV dataset is a folder with {ACTORS_FILE} and {RELATIONS_FILE}"
            problems.append(Problem("file not found", file=file, hint=hint))
        return None
    header = _header(path)
    if not header:
        problems.append(Problem("the file is empty", file=file, line=1,
                                expected="a header row, then one row per record"))
        return None
    repeated = [name for name, n in Counter(header).items() if n > 1]
    for name in repeated:
        places = ", ".join(str(i + 1) for i, h in enumerate(header) if h == name)
        problems.append(Problem(f"column {name!r} is named twice in the header (columns {places})",
                                file=file, line=1, expected="each column once",
                                hint="rename or remove one of them: only one value can be read"))
    if repeated:
        return None
    bad_rows: list[Any] = []

    def keep_aside(row: Any) -> str:
        bad_rows.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            path, read_options=pacsv.ReadOptions(use_threads=False),  # rows keep their numbers
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=keep_aside),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), null_values=[""],
                strings_can_be_null=True, quoted_strings_can_be_null=True))
    except pa.ArrowInvalid as exc:
        problems.append(_unreadable(path, str(exc)))
        return None
    unclosed = _unclosed_quote(path)
    if unclosed is not None:
        problems.append(Problem(
            "a quote opened on this line is never closed: it swallows every row after it",
            file=file, line=unclosed, expected='a value in quotes ends with a quote: "..."',
            hint='close the quote, or double a quote inside a quoted value ("")'))
        return None
    if bad_rows:
        line_of = _line_finder(file)
        for row in bad_rows:
            swallowed = "\n" in row.text and row.text.count('"') % 2 == 1
            problems.append(Problem(
                f"row has {row.actual_columns} field{'s' if row.actual_columns != 1 else ''}, "
                f"the header {row.expected_columns}", file=file,
                line=line_of(row.number - 2) if row.number > 0 else None,
                record=f"{path.stem} row {row.number - 1}" if row.number > 0 else None,
                expected=f"{row.expected_columns} fields: " + ", ".join(header),
                hint="a quote opened here is never closed: it swallows the rows after it"
                if swallowed else "put a value that holds a comma in double quotes"))
        return None
    return table.to_pandas()


def _unclosed_quote(path: Path) -> int | None:
    """The line where a quoted value opens that the file's end closes, or ``None``.

    The reader takes such a value as it is, everything after the quote included, so it is looked
    for here: only in a file with an odd number of quotes, where one must be open.
    """
    quotes = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 24):
            quotes += chunk.count(b'"')
    if quotes % 2 == 0:
        return None
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        previous_end = 0
        try:
            for _ in reader:
                previous_end = reader.line_num
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                return previous_end + 1
    return None


def _unreadable(path: Path, message: str) -> Problem:
    """What stops a CSV file being read: bytes that are not UTF-8 (with their line), or else the
    reader's message."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be decoded",
                       file=str(path), line=raw[: exc.start].count(b"\n") + 1,
                       expected="a UTF-8 encoded CSV file", hint="re-save the file as UTF-8 CSV")
    return Problem(f"not valid CSV: {message}", file=str(path))


_META_SECTIONS = ("dataset", "relation_types", "actor_types")


def _metadata(tree: Any, file: str, problems: list[Problem]) -> tuple[dict[str, Any], Vocabulary]:
    """The dataset's metadata and vocabulary from ``dataset.yaml`` as read, with its problems."""
    if not isinstance(tree, dict):
        problems.append(Problem(f"{META_FILE} must be a mapping", file=file, line=line_of(tree) or 1,
                                expected="dataset:, and optionally relation_types: and actor_types:"))
        return {}, Vocabulary.default()
    for key in tree:
        if key not in _META_SECTIONS:
            problems.append(Problem(f"unknown section {key!r}", file=file, line=line_of(tree, key),
                                    field=key, expected="one of " + ", ".join(_META_SECTIONS),
                                    hint=did_you_mean(key, _META_SECTIONS)))
    info = plain_data(tree.get("dataset") or {})
    if not isinstance(info, dict):
        problems.append(Problem("`dataset` must be a mapping (id, title, description)", file=file,
                                line=line_of(tree, "dataset"), field="dataset"))
        info = {}
    vocab, type_problems = vocabulary_with(tree.get("relation_types"), tree.get("actor_types"),
                                           file=file, line_of=line_of)
    problems += type_problems
    return info, vocab


def read_csv(
    actors: str | os.PathLike[str],
    relations: str | os.PathLike[str] | None = None,
    *,
    sources: str | os.PathLike[str] | None = None,
    metadata: str | os.PathLike[str] | None = None,
    coalition_ties: bool = True,
) -> ConflictGraph:
    """Read a dataset from CSV files.

    Parameters
    ----------
    actors : str or path-like
        ``actors.csv``, or a folder holding ``actors.csv``, ``relations.csv`` and optionally
        ``sources.csv`` and ``dataset.yaml`` (metadata and extra types).
    relations, sources, metadata : str or path-like, optional
        The other files, when ``actors`` is a file.
    coalition_ties : bool, default True

    Notes
    -----
    Every cell is read as text and converted by its field's rule. ``aliases`` is a JSON list or
    ``;``-separated names; ``evidence`` a JSON list of ``{"source", "quote"}``; ``attributes`` a JSON
    object. Problems name the file and the line of the row (the header is line 1).

    Raises
    ------
    DatasetError
        With every problem found.
    """

    base = Path(actors)
    if base.is_dir():
        folder = base
        actors_path, relations_path = folder / ACTORS_FILE, folder / RELATIONS_FILE
        sources_path = folder / SOURCES_FILE
        meta_path = folder / META_FILE
    else:
        if relations is None:
            raise DatasetError([Problem("give the relations file too, or a folder", file=str(base))])
        actors_path, relations_path = base, Path(relations)
        sources_path = Path(sources) if sources else base.with_name(SOURCES_FILE)
        meta_path = Path(metadata) if metadata else base.with_name(META_FILE)

    problems: list[Problem] = []
    actor_frame = _read_table(actors_path, problems, required=True)
    relation_frame = _read_table(relations_path, problems, required=True)
    source_frame = _read_table(sources_path, problems, required=sources is not None)

    info: dict[str, Any] = {}
    vocab = Vocabulary.default()
    if meta_path.exists():
        text, meta_problems = read_yaml_text(meta_path)
        tree = None
        if text is not None:
            tree, meta_problems = read_yaml_tree(text, str(meta_path))
        problems += meta_problems
        if tree is not None:
            info, vocab = _metadata(tree, str(meta_path), problems)
    if actor_frame is None or relation_frame is None:
        raise DatasetError(problems, summary="cannot read the CSV dataset")

    locator = Locator(
        files={"actors": str(actors_path), "relations": str(relations_path),
               "sources": str(sources_path)},
        record_lines={"actors": _line_finder(str(actors_path)),
                      "relations": _line_finder(str(relations_path)),
                      **({"sources": _line_finder(str(sources_path))} if source_frame is not None else {})},
        style="row",
    )
    return build_graph(actor_frame, relation_frame, source_frame, vocabulary=vocab, locator=locator,
                       dataset=info, coalition_ties=coalition_ties, problems=problems,
                       summary="the CSV dataset has problems")


def write_csv(graph: ConflictGraph, folder: str | os.PathLike[str]) -> None:
    """Write ``actors.csv``, ``relations.csv``, ``sources.csv`` and ``dataset.yaml`` (metadata and the
    dataset's own types) into ``folder``, each file atomically."""

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)

    def writer(frame: pd.DataFrame) -> Callable[[Any], None]:
        return lambda handle: frame.to_csv(handle, index=False, lineterminator="\n")

    # All four files are always written, so no stale file from an earlier save is read back with them.
    write_with(target / ACTORS_FILE, writer(flat_actors(graph.actors)))
    write_with(target / RELATIONS_FILE, writer(flat_relations(graph.relations)))
    write_with(target / SOURCES_FILE, writer(graph.sources))
    write_text(target / META_FILE, dump_yaml(metadata_document(graph)))
