"""The dataset document (the structure of the YAML and JSON formats) to and from a graph.

Reading walks the document once to check its shape (sections, fields, lists and mappings where they
belong) and to collect rows and line numbers; the rows then go through the shared, vectorised
normalisation in :mod:`graphlib_conflict._tables`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import yaml

from graphlib_conflict._builder import vocabulary_with
from graphlib_conflict._tables import (
    ACTOR_COLUMNS,
    CONFIDENCE_LABELS,
    RELATION_COLUMNS,
    SOURCE_COLUMNS,
    Locator,
)
from graphlib_conflict.exceptions import DatasetError
from graphlib_conflict.graph import ConflictGraph, build_graph
from graphlib_conflict.io._yamlread import LDict, LList, PlainScalar, line_of
from graphlib_conflict.problems import Problem, did_you_mean
from graphlib_conflict.vocabulary import Vocabulary

__all__ = [
    "document_to_graph",
    "graph_to_document",
    "metadata_document",
    "metadata_from_json",
    "plain_data",
]

SECTIONS = ("dataset", "sources", "actors", "relations", "relation_types", "actor_types")
_LIST_FIELDS = {"aliases"}
_MAPPING_FIELDS = {"attributes"}
_BOOL_TEXT = {"true": True, "false": False, "yes": True, "no": False}
_SIGN_TEXT = {"+1": 1, "1": 1, "+": 1, "-1": -1, "-": -1, "0": 0}
_DECIMAL_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")


def plain_data(value: Any) -> Any:
    """Free-form data (``attributes``) as plain Python, resolving only trap-free scalar types.

    An unquoted ``12`` is the integer 12 and ``0.5`` a float, ``true``/``false`` booleans; ``012``,
    ``1:30``, ``NO`` and dates stay text.
    """
    if isinstance(value, PlainScalar):
        tag = value.tag.rsplit(":", 1)[-1]
        trap_free = (
            (tag == "int" and _DECIMAL_INT.match(value))
            or (tag == "float" and ":" not in value)
            or (tag == "bool" and value.lower() in ("true", "false"))
        )
        return yaml.safe_load(value) if trap_free else str(value)
    if isinstance(value, Mapping):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    return value


class _Reader:
    """Walks a document, collecting rows, lines and shape problems."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.locator = Locator(files={}, record_lines={}, field_lines={})

    def problem(self, message: str, line: int | None, **kwargs: Any) -> None:
        self.problems.append(Problem(message, file=self.file, line=line, **kwargs))

    def section_list(self, doc: Mapping[str, Any], name: str) -> list[Any]:
        value = doc.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"`{name}` must be a list of records", line_of(doc, name), field=name,
                         expected=f"a YAML list (lines starting with `- `) under `{name}:`")
            return []
        return value

    def records(self, doc: Mapping[str, Any], table: str, allowed: Sequence[str],
                required_hint: str) -> list[dict[str, Any]]:
        items = self.section_list(doc, table)
        self.locator.files[table] = self.file
        lines: list[int | None] = []
        field_lines: dict[tuple[int, str], int] = {}
        rows: list[dict[str, Any]] = []
        container = doc.get(table)
        for pos, item in enumerate(items):
            line = line_of(container, pos)
            if not isinstance(item, Mapping):
                self.problem(f"each entry of `{table}` must be a mapping of fields", line,
                             record=f"{table}[{pos}]", expected=required_hint)
                continue
            record_id = item.get("id") if isinstance(item.get("id"), str) else None
            label = f"{table}[{pos}]" + (f" (id {record_id!r})" if record_id else "")
            row: dict[str, Any] = {}
            for key, value in item.items():
                key_line = line_of(item, key)
                if key not in allowed:
                    self.problem(f"unknown field {key!r}", key_line, record=label, field=key,
                                 expected="one of " + ", ".join(allowed),
                                 hint=did_you_mean(key, allowed) or "free data goes under `attributes`")
                    continue
                checked = self.field_value(table, key, value, key_line, label)
                if checked is not _INVALID:
                    row[key] = checked
                    if key_line is not None:
                        field_lines[(len(rows), key)] = key_line
                    if key == "evidence" and isinstance(value, list):
                        for i, item in enumerate(value):
                            for sub in item if isinstance(item, LDict) else ():
                                if (sub_line := line_of(item, sub)) is not None:
                                    field_lines[(len(rows), f"evidence[{i}].{sub}")] = sub_line
            rows.append(row)
            lines.append(line)
        self.locator.record_lines[table] = lines.__getitem__
        self.locator.field_lines[table] = field_lines
        return rows

    def field_value(self, table: str, key: str, value: Any, line: int | None, label: str) -> Any:
        if key in _MAPPING_FIELDS:
            if value is None:
                return None
            if not isinstance(value, Mapping):
                self.problem(f"`{key}` must be a mapping", line, record=label, field=key,
                             expected="name: value pairs, e.g. {casualties: 8}")
                return _INVALID
            return plain_data(value)
        if key in _LIST_FIELDS:
            if value is None:
                return []
            if isinstance(value, str):
                return [value]
            if not isinstance(value, list) or any(isinstance(v, (list, Mapping)) for v in value):
                self.problem(f"`{key}` must be a list of names", line, record=label, field=key,
                             expected="e.g. [Ankara, Turkish government]")
                return _INVALID
            return [str(v) for v in value if v is not None]
        if key == "evidence" and table == "relations":
            return self.evidence(value, line, label)
        if isinstance(value, (list, Mapping)):
            kind = "list" if isinstance(value, list) else "mapping"
            self.problem(f"`{key}` must be a single value, not a {kind}", line, record=label,
                         field=key, hint="quote the value if it contains `: ` or starts with `[`")
            return _INVALID
        if isinstance(value, bool):  # JSON true/false
            return str(value).lower()
        if isinstance(value, (int, float)) and key in ("weight", "confidence"):
            return value
        if isinstance(value, float) and math.isnan(value):
            return None
        return value if value is None else str(value)

    def evidence(self, value: Any, line: int | None, label: str) -> Any:
        if value is None:
            return []
        if isinstance(value, Mapping):
            value = [value]
        if not isinstance(value, list):
            self.problem("`evidence` must be a list of {source, quote}", line, record=label,
                         field="evidence", expected="- source: <source id>\n  quote: \"...\"")
            return _INVALID
        items = []
        for i, item in enumerate(value):
            item_line = line_of(value, i) if isinstance(value, LList) else line
            if not isinstance(item, Mapping):
                self.problem("each evidence item must be a mapping with `source` and `quote`",
                             item_line, record=label, field=f"evidence[{i}]",
                             hint="write `- source: <id>` then `quote: \"...\"` on the next line")
                return _INVALID
            for key, text in item.items():
                if isinstance(text, (list, Mapping)):
                    self.problem(f"`{key}` must be text", line_of(item, key), record=label,
                                 field=f"evidence[{i}].{key}")
                    return _INVALID
            items.append({str(k): (None if v is None else str(v)) for k, v in item.items()})
        return items


_INVALID = object()


def document_to_graph(doc: Any, *, file: str | None, coalition_ties: bool = True,
                      extra_problems: Sequence[Problem] = ()) -> ConflictGraph:
    """Check a whole dataset document and build the graph, or raise with every problem."""
    reader = _Reader(file)
    reader.problems.extend(extra_problems)
    if not isinstance(doc, Mapping):
        reader.problem("the top level must be a mapping with `dataset`, `actors` and `relations`",
                       line_of(doc) or 1, expected="dataset:, sources:, actors:, relations:")
        raise DatasetError(reader.problems)
    for key in doc:
        if key not in SECTIONS:
            reader.problem(f"unknown section {key!r}", line_of(doc, key), field=key,
                           expected="one of " + ", ".join(SECTIONS),
                           hint=did_you_mean(key, SECTIONS))
    for required in ("dataset", "actors", "relations"):
        if required not in doc:
            reader.problem(f"missing section `{required}`", 1, field=required,
                           hint="see docs/dataset-format.md for the layout")
    info = doc.get("dataset")
    if info is not None and not isinstance(info, Mapping):
        reader.problem("`dataset` must be a mapping (id, title, description)", line_of(doc, "dataset"),
                       field="dataset")
        info = {}
    info = plain_data(info or {})
    if "dataset" in doc and not info.get("id"):
        reader.problem("missing `dataset.id`", line_of(doc, "dataset"), field="dataset.id",
                       expected="a short identifier such as syria_idlib", severity="warning")

    vocab, type_problems = vocabulary_with(doc.get("relation_types"), doc.get("actor_types"), file=file,
                                           line_of=line_of)
    reader.problems += type_problems

    sources = reader.records(doc, "sources", SOURCE_COLUMNS, "id, title, publisher, date, url")
    actors = reader.records(doc, "actors", ACTOR_COLUMNS, "id, name, type, ...")
    relations = reader.records(doc, "relations", RELATION_COLUMNS, "source, target, type, ...")
    return build_graph(
        pd.DataFrame(actors, columns=list(ACTOR_COLUMNS), dtype=object),
        pd.DataFrame(relations, columns=list(RELATION_COLUMNS), dtype=object),
        pd.DataFrame(sources, columns=list(SOURCE_COLUMNS), dtype=object),
        vocabulary=vocab, locator=reader.locator, dataset=info, coalition_ties=coalition_ties,
        problems=reader.problems, summary=f"{file or 'dataset'} has problems")


def _clean(value: Any) -> Any:
    """A cell as plain YAML/JSON-friendly Python, or None when missing."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return _clean(value.item())
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_clean(v) for v in value]
    return value


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    extra = [c for c in frame.columns if c not in columns]
    out = []
    for row in frame[list(columns) + extra].to_dict("records"):
        record = {}
        for key in columns:
            value = _clean(row[key])
            if value is None or value == [] or value == {}:
                continue
            record[key] = value
        more = {k: _clean(row[k]) for k in extra if _clean(row[k]) is not None}
        if more:
            record["attributes"] = {**more, **record.get("attributes", {})}
        out.append(record)
    return out


def graph_to_document(graph: ConflictGraph) -> dict[str, Any]:
    """The dataset document of a graph: what the YAML and JSON writers write.

    Weights equal to their type's default and confidences equal to a word's score are written in
    their short form; derived columns are not written; extra columns go under ``attributes``.
    """
    doc: dict[str, Any] = {"dataset": _clean(graph.dataset) or {}}
    if not graph.sources.empty:
        doc["sources"] = _records(graph.sources, SOURCE_COLUMNS)
    doc["actors"] = _records(graph.actors, ACTOR_COLUMNS)
    relations = graph.relations
    stated = relations.drop(columns=["category", "sign", "directed", "valid_from", "valid_to"])
    defaults = graph.vocabulary.relation_types["default_weight"].reindex(relations["type"]).to_numpy()
    stated = stated.assign(weight=stated["weight"].where(stated["weight"].to_numpy() != defaults))
    words = {score: word for word, score in CONFIDENCE_LABELS.items()}
    stated["confidence"] = stated["confidence"].astype(object).map(
        lambda v: words.get(v, v), na_action="ignore")
    doc["relations"] = _records(stated, RELATION_COLUMNS)
    doc.update({k: v for k, v in metadata_document(graph).items() if k != "dataset"})
    return doc


def metadata_document(graph: ConflictGraph) -> dict[str, Any]:
    """``dataset`` plus, where the graph has its own, ``relation_types`` and ``actor_types``."""
    doc: dict[str, Any] = {"dataset": _clean(graph.dataset) or {}}
    rel_types, act_types = graph.vocabulary.difference(Vocabulary.default()).records()
    if rel_types:
        doc["relation_types"] = rel_types
    if act_types:
        doc["actor_types"] = act_types
    return doc


_METADATA_SHAPES = {"dataset": (Mapping, "a mapping (id, title, description)"),
                    "actors": (list, "a list of actor records"),
                    "sources": (list, "a list of source records")}


def metadata_from_json(raw: str | bytes | None, file: str, *, where: str) -> dict[str, Any]:
    """The metadata document that :func:`metadata_document` wrote into a GraphML or Parquet file
    (``where`` names its place), read back and checked for its shape.

    Raises
    ------
    DatasetError
        If it is not JSON, not an object, or a section has the wrong shape (a file written by
        another tool, or edited by hand).
    """
    if raw is None:
        return {}
    try:
        meta = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise DatasetError([Problem(f"the {where} is not valid JSON ({exc})", file=file,
                                    hint="write the file with ConflictGraph.save")]) from None
    if not isinstance(meta, dict):
        raise DatasetError([Problem(f"the {where} is not a JSON object", file=file,
                                    expected="{dataset, actors, sources, relation_types, actor_types}")])
    problems = []
    for key, (kind, expected) in _METADATA_SHAPES.items():
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, kind):
            problems.append(Problem(f"`{key}` in the {where} is not {expected}", file=file, field=key,
                                    expected=expected))
        elif kind is list and not all(isinstance(item, Mapping) for item in value):
            problems.append(Problem(f"an entry of `{key}` in the {where} is not a record", file=file,
                                    field=key, expected=expected))
    if problems:
        raise DatasetError(problems, summary=f"cannot read {file}")
    return meta
