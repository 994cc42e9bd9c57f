"""The dataset as a pair of CSV files (actors and relations), plus sources and metadata beside them."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from graphlib_conflict._atomic import write_text, write_with
from graphlib_conflict._builder import vocabulary_with
from graphlib_conflict._tables import Locator
from graphlib_conflict.exceptions import DatasetError
from graphlib_conflict.graph import ConflictGraph, build_graph
from graphlib_conflict.io._dataset import metadata_document, plain_data
from graphlib_conflict.io._flat import flat_actors, flat_relations
from graphlib_conflict.io._yaml import dump_yaml, read_yaml_text, read_yaml_tree
from graphlib_conflict.io._yamlread import line_of
from graphlib_conflict.problems import Problem
from graphlib_conflict.vocabulary import Vocabulary

__all__ = ["read_csv", "write_csv"]

ACTORS_FILE, RELATIONS_FILE, SOURCES_FILE, META_FILE = (
    "actors.csv", "relations.csv", "sources.csv", "dataset.yaml")


def _line_finder(path: str) -> Callable[[int], int | None]:
    """Row position -> physical line of the row in the file (quoted cells may span lines)."""

    @cache
    def starts() -> list[int]:
        lines = []
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            previous_end = 0
            for _ in reader:
                lines.append(previous_end + 1)
                previous_end = reader.line_num
        return lines[1:]

    def find(pos: int) -> int | None:
        table = starts()
        return table[pos] if pos < len(table) else None

    return find


def _read_table(path: Path, problems: list[Problem], required: bool) -> pd.DataFrame | None:
    if not path.exists():
        if required:
            hint = f"a CSV dataset is a folder with {ACTORS_FILE} and {RELATIONS_FILE}"
            problems.append(Problem("file not found", file=str(path), hint=hint))
        return None
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                            encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(f"not UTF-8 text (byte offset {exc.start})", file=str(path),
                                hint="re-save the file as UTF-8 CSV"))
        return None
    except pd.errors.EmptyDataError:
        problems.append(Problem("the file is empty", file=str(path), line=1,
                                expected="a header row, then one row per record"))
        return None
    except pd.errors.ParserError as exc:
        problems.append(Problem(f"not valid CSV: {exc}", file=str(path)))
        return None
    return frame


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
        if isinstance(tree, dict):
            info = plain_data(tree.get("dataset") or {})
            vocab, type_problems = vocabulary_with(tree.get("relation_types") or [],
                                                   tree.get("actor_types") or [], file=str(meta_path),
                                                   line_of=line_of)
            problems += type_problems
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
