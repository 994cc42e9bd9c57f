"""A dataset's own vocabulary: checking its ``relation_types`` and ``actor_types`` records and
extending the shipped vocabulary with them.

Every reader and :meth:`~graphlib_conflict.graph.ConflictGraph.from_frames` go through
:func:`vocabulary_with`, then :func:`graphlib_conflict.graph.build_graph`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graphlib_conflict.problems import BAD_CHARACTERS, Problem, bad_character
from graphlib_conflict.vocabulary import (
    ACTOR_TYPE_FIELDS,
    CATEGORIES,
    RELATION_TYPE_FIELDS,
    Vocabulary,
)

__all__ = ["LineOf", "check_type_records", "vocabulary_with"]

LineOf = Callable[[Any, "str | int | None"], "int | None"]
"""``line_of(record, field)``: the line of a record's field (or a list's item) in its file, where
the reader knows it."""

_BOOL_TEXT = {"true": True, "false": False, "yes": True, "no": False}
_SIGN_TEXT = {"+1": 1, "1": 1, "+": 1, "-1": -1, "-": -1, "0": 0}


def _no_line(record: Any, field: str | int | None = None) -> int | None:
    return None


def check_type_records(relation_types: Sequence[Mapping[str, Any]],
                       actor_types: Sequence[Mapping[str, Any]], *, file: str | None = None,
                       line_of: LineOf = _no_line) -> list[Problem]:
    """Check ``relation_types``/``actor_types`` records, converting their fields in place.

    ``line_of(record, field)`` gives the line of a field (``field=None``: of the record) where the
    reader knows it; readers of line-aware formats pass their own.
    """
    problems: list[Problem] = []
    allowed = RELATION_TYPE_FIELDS
    for pos, record in enumerate(relation_types):
        label = f"relation_types[{pos}]" + (f" (id {record.get('id')!r})" if record.get("id") else "")

        def bad(fld: str, message: str, expected: str, label: str = label, record: Any = record) -> None:
            problems.append(Problem(message, file=file, line=line_of(record, fld), record=label,
                                    field=fld, expected=expected))

        problems.extend(_bad_text(record, label, file, line_of))
        for key in record:
            if key not in allowed:
                bad(key, f"unknown field {key!r}", "one of " + ", ".join(allowed))
        if not record.get("id"):
            bad("id", "missing required field `id`", "a relation type name such as besieges")
        category = record.get("category")
        if category not in CATEGORIES:
            bad("category", f"category {category!r} is not known", " | ".join(CATEGORIES))
        sign = record.get("sign")
        sign = _SIGN_TEXT.get(str(sign).strip()) if sign is not None else None
        if sign is None:
            bad("sign", f"sign {record.get('sign')!r} is not understood", "+1, -1 or 0")
        elif category == "structural" and sign != 0:
            bad("sign", "structural types are unsigned", "sign: 0")
        elif category in ("alignment", "interaction") and sign == 0:
            bad("sign", f"{category} types are signed", "sign: +1 or -1")
        directed = record.get("directed")
        directed = directed if isinstance(directed, bool) else _BOOL_TEXT.get(str(directed).lower())
        if directed is None:
            bad("directed", f"directed {record.get('directed')!r} is not understood", "true or false")
        try:
            if isinstance(record.get("default_weight"), bool):  # float(True) is 1.0: not a weight
                raise ValueError
            weight = float(record.get("default_weight", 1.0))
            if not (weight >= 0 and math.isfinite(weight)):
                raise ValueError
        except (TypeError, ValueError):
            weight = None
            bad("default_weight", f"default_weight {record.get('default_weight')!r} is not understood",
                "a finite number >= 0")
        cameo = record.get("cameo") or []
        if isinstance(cameo, str):
            cameo = [cameo]
        if not isinstance(cameo, list) or not all(re.fullmatch(r"\d{2}", str(c)) for c in cameo):
            bad("cameo", f"cameo {record.get('cameo')!r} is not a list of CAMEO root codes",
                'a list of two-digit codes as text, e.g. ["18", "19"]')
            cameo = []
        if isinstance(record, dict):
            record.update({"sign": sign, "directed": directed, "default_weight": weight,
                           "cameo": [str(c) for c in cameo]})
    for pos, record in enumerate(actor_types):
        label = f"actor_types[{pos}]" + (f" (id {record.get('id')!r})" if record.get("id") else "")
        problems.extend(_bad_text(record, label, file, line_of))
        for key in record:
            if key not in ACTOR_TYPE_FIELDS:
                problems.append(Problem(f"unknown field {key!r}", file=file, line=line_of(record, key),
                                        record=label, field=key,
                                        expected="one of " + ", ".join(ACTOR_TYPE_FIELDS)))
        if not record.get("id"):
            problems.append(Problem("missing required field `id`", file=file,
                                    line=line_of(record, None), record=label, field="id"))
        strategic = record.get("strategic", True)
        strategic = (strategic if isinstance(strategic, bool)
                     else _BOOL_TEXT.get(str(strategic).strip().lower()))
        if strategic is None:
            problems.append(Problem(f"strategic {record.get('strategic')!r} is not understood",
                                    file=file, line=line_of(record, "strategic"), record=label,
                                    field="strategic", expected="true or false"))
        elif isinstance(record, dict):
            record["strategic"] = strategic
    return problems


def _bad_text(record: Mapping[str, Any], label: str, file: str | None, line_of: LineOf) -> list[Problem]:
    """Characters no file can hold, in a type record's text fields (its id, its description)."""
    return [Problem(f"text holds {bad_character(value)}", file=file, line=line_of(record, key),
                    record=label, field=key, expected="printable text")
            for key, value in record.items() if isinstance(value, str) and BAD_CHARACTERS.search(value)]


def _records(section: Any, name: str, file: str | None,
             line_of: LineOf) -> tuple[list[Mapping[str, Any]], list[Problem]]:
    """The records of a ``relation_types`` or ``actor_types`` section as read, and a problem for
    a section that is not a list and for each entry that is not a mapping."""
    if section is None:
        return [], []
    if not isinstance(section, Sequence) or isinstance(section, str):
        return [], [Problem(f"`{name}` must be a list of records", file=file,
                            line=line_of(section, None), field=name,
                            expected=f"a YAML list (lines starting with `- `) under `{name}:`")]
    records: list[Mapping[str, Any]] = []
    problems = []
    for pos, record in enumerate(section):
        if isinstance(record, Mapping):
            records.append(record)
        else:
            problems.append(Problem(f"each entry of `{name}` must be a mapping of fields, not {record!r}",
                                    file=file, line=line_of(section, pos), record=f"{name}[{pos}]",
                                    expected="id, category, sign, directed, ..." if name == "relation_types"
                                    else "id, description, strategic"))
    return records, problems


def vocabulary_with(relation_types: Any, actor_types: Any, *, file: str | None = None,
                    line_of: LineOf = _no_line) -> tuple[Vocabulary, list[Problem]]:
    """The shipped vocabulary extended by a dataset's own types, and the problems found in them.

    Where there are problems, each declared type is still added, with neutral values for what could
    not be read, so that its relations are not reported again as of an unknown type (the dataset
    is refused for the declaration's own problems).

    ``relation_types`` and ``actor_types`` are the sections as read: lists of mappings, or anything
    else a file held there (reported as a problem, never a traceback).
    """
    rel_records, problems = _records(relation_types, "relation_types", file, line_of)
    act_records, act_problems = _records(actor_types, "actor_types", file, line_of)
    problems += act_problems
    # records that are already dicts are checked in place, so that line-aware ones keep their lines
    rel_types = [r if isinstance(r, dict) else dict(r) for r in rel_records]
    act_types = list(act_records)
    problems += check_type_records(rel_types, act_types, file=file, line_of=line_of)
    vocab = Vocabulary.default()
    if problems:
        return vocab.extend(_stand_ins(rel_types), _stand_in_actor_types(act_types)), problems
    return vocab.extend(rel_types, act_types), problems


def _named(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r for r in records if isinstance(r.get("id"), str) and r["id"]
            and not BAD_CHARACTERS.search(r["id"])]


def _stand_ins(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Relation types as declared, each field that could not be read replaced by a neutral value."""
    out = []
    for record in _named(records):
        category = record.get("category") if record.get("category") in CATEGORIES else "interaction"
        sign = record.get("sign")
        if sign not in (-1, 0, 1) or isinstance(sign, bool):
            sign = 0 if category == "structural" else 1
        weight = record.get("default_weight")
        out.append({"id": record["id"], "category": category, "sign": sign,
                    "directed": record.get("directed") is True,
                    "default_weight": weight if isinstance(weight, float) else 1.0, "cameo": [],
                    "description": ""})
    return out


def _stand_in_actor_types(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": record["id"], "description": "", "strategic": record.get("strategic") is not False}
            for record in _named(records)]
