"""A dataset's own vocabulary: checking its ``relation_types`` and ``actor_types`` records and
extending the shipped vocabulary with them.

Every reader and :meth:`~graphlib_conflict.graph.ConflictGraph.from_frames` go through
:func:`vocabulary_with`, then :func:`graphlib_conflict.graph.build_graph`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graphlib_conflict.problems import Problem
from graphlib_conflict.vocabulary import (
    ACTOR_TYPE_FIELDS,
    CATEGORIES,
    RELATION_TYPE_FIELDS,
    Vocabulary,
)

__all__ = ["LineOf", "check_type_records", "vocabulary_with"]

LineOf = Callable[[Any, "str | None"], "int | None"]
"""``line_of(record, field)``: the line of a record's field in its file, where the reader knows it."""

_BOOL_TEXT = {"true": True, "false": False, "yes": True, "no": False}
_SIGN_TEXT = {"+1": 1, "1": 1, "+": 1, "-1": -1, "-": -1, "0": 0}


def _no_line(record: Any, field: str | None = None) -> int | None:
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
            weight = float(record.get("default_weight", 1.0))
            if not weight >= 0:
                raise ValueError
        except (TypeError, ValueError):
            weight = None
            bad("default_weight", f"default_weight {record.get('default_weight')!r} is not understood",
                "a number >= 0")
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


def vocabulary_with(relation_types: Sequence[Mapping[str, Any]],
                    actor_types: Sequence[Mapping[str, Any]], *, file: str | None = None,
                    line_of: LineOf = _no_line) -> tuple[Vocabulary, list[Problem]]:
    """The shipped vocabulary extended by a dataset's own types, and the problems found in them (the
    shipped vocabulary alone where there are any)."""
    # records that are already dicts are checked in place, so that line-aware ones keep their lines
    rel_types = [r if isinstance(r, dict) else dict(r) for r in relation_types]
    act_types = list(actor_types)
    problems = check_type_records(rel_types, act_types, file=file, line_of=line_of)
    vocab = Vocabulary.default()
    return (vocab if problems else vocab.extend(rel_types, act_types)), problems
