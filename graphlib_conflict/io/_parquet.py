"""Parquet: one file holding the relations table, with actors, sources and metadata in its metadata.

Meant for large event tables: columns stay typed and Arrow-backed, and reading is fast.
"""

from __future__ import annotations

import json
import os
from types import ModuleType

import pandas as pd

from graphlib_conflict._atomic import atomic_path
from graphlib_conflict._builder import vocabulary_with
from graphlib_conflict._tables import Locator
from graphlib_conflict.exceptions import DatasetError, OptionalDependencyError
from graphlib_conflict.graph import ConflictGraph, build_graph
from graphlib_conflict.io._dataset import metadata_document, metadata_from_json
from graphlib_conflict.io._flat import flat_actors, flat_relations
from graphlib_conflict.problems import Problem

__all__ = ["read_parquet", "write_parquet"]

_META_KEY = b"graphlib_conflict"


def _pyarrow() -> tuple[ModuleType, ModuleType]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise OptionalDependencyError("Parquet needs pyarrow: pip install 'pyarrow>=15'") from exc
    return pa, pq


def write_parquet(graph: ConflictGraph, path: str | os.PathLike[str]) -> None:
    """Write the relations table to Parquet (actors, sources and metadata in the file's metadata),
    atomically. Evidence and attributes are JSON text columns."""
    pa, pq = _pyarrow()
    table = pa.Table.from_pandas(flat_relations(graph.relations, confidence_words=False),
                               preserve_index=False)
    meta = metadata_document(graph)
    meta["actors"] = json.loads(flat_actors(graph.actors).to_json(orient="records"))
    meta["sources"] = json.loads(graph.sources.to_json(orient="records"))
    schema_meta = dict(table.schema.metadata or {})
    schema_meta[_META_KEY] = json.dumps(meta, ensure_ascii=False).encode("utf-8")
    table = table.replace_schema_metadata(schema_meta)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def read_parquet(path: str | os.PathLike[str], *, coalition_ties: bool = True) -> ConflictGraph:
    """Read a Parquet file written by :func:`write_parquet`.

    Raises
    ------
    DatasetError
        With every problem found (rows numbered from 1).
    """
    pa, pq = _pyarrow()
    file = os.fspath(path)
    try:
        table = pq.read_table(file)
    except FileNotFoundError:
        raise DatasetError([Problem("file not found", file=file)]) from None
    except (pa.ArrowInvalid, OSError) as exc:
        raise DatasetError([Problem(f"not a Parquet file: {exc}", file=file)]) from None
    raw_meta = (table.schema.metadata or {}).get(_META_KEY)
    if raw_meta is None:
        raise DatasetError([Problem("no graphlib_conflict metadata (actors) in this Parquet file",
                                    file=file, hint="write it with ConflictGraph.save('x.parquet')")])
    meta = metadata_from_json(raw_meta, file, where="file's graphlib_conflict metadata")
    vocab, problems = vocabulary_with(meta.get("relation_types", []), meta.get("actor_types", []),
                                      file=file)
    actors = pd.DataFrame(meta.get("actors") or [], dtype=object)
    sources = pd.DataFrame(meta.get("sources") or [], dtype=object)
    return build_graph(
        actors, table.to_pandas(), sources if not sources.empty else None, vocabulary=vocab,
        locator=Locator(files={"actors": file, "relations": file, "sources": file}, style="row"),
        dataset=meta.get("dataset") or {}, coalition_ties=coalition_ties, problems=problems,
        summary=f"{file} has problems")
