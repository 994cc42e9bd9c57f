"""Normalising and checking the actor, relation and source tables.

Every reader (YAML, JSON, CSV, GraphML, Parquet, ``from_frames``) ends here: the tables are brought to
their canonical columns and dtypes and checked in vectorised passes, and every problem is reported
with the place it came from (a :class:`Locator` maps a row and field to a file and line).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

import numpy as np
import pandas as pd

from graphlib_conflict.dates import PartialDate, date_hint, days_to_timestamps, parse_date_column
from graphlib_conflict.exceptions import DateError
from graphlib_conflict.problems import BAD_CHARACTERS, Problem, Severity, bad_character, did_you_mean
from graphlib_conflict.vocabulary import Vocabulary, type_for_word

__all__ = [
    "ACTOR_COLUMNS",
    "CONFIDENCE_LABELS",
    "DERIVED_RELATION_COLUMNS",
    "RELATION_COLUMNS",
    "SOURCE_COLUMNS",
    "Locator",
    "metadata_problems",
    "normalize_tables",
]

ACTOR_COLUMNS = ("id", "name", "type", "aliases", "country", "description", "attributes")
"""Columns of the actors table, in order."""
RELATION_COLUMNS = ("id", "source", "target", "type", "start", "end", "date", "weight",
                    "confidence", "evidence", "notes", "attributes")
"""Stated columns of the relations table, in order (what files hold)."""
DERIVED_RELATION_COLUMNS = ("category", "sign", "directed", "valid_from", "valid_to")
"""Columns computed from the stated ones and the vocabulary; never written to files."""
SOURCE_COLUMNS = ("id", "title", "publisher", "date", "url")
"""Columns of the sources table, in order."""
CONFIDENCE_LABELS = {"low": 0.3, "medium": 0.6, "high": 0.9}
"""Confidence words and the scores they stand for."""

_STR: Final = "str"
# BAD_CHARACTERS as the Arrow regex engine reads it: Arrow-backed text cannot hold surrogates
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "\ufffe\uffff]"
_SURROGATE = re.compile("[\ud800-\udfff]")
_EARLY_YEAR = 1000
_COUNTRY = re.compile(r"^[A-Z]{3}$")
EMPTY_EVIDENCE: tuple[dict[str, str], ...] = ()


@dataclass
class Locator:
    """Where the rows of each table came from, for problem messages.

    Attributes
    ----------
    files : dict
        Table name -> file the table was read from.
    record_lines : dict
        Table name -> callable giving the line of the record at a row position (or ``None``).
    field_lines : dict
        Table name -> {(row position, field): line} where a field's own line is known (YAML).
    style : {"index", "row"}
        ``"index"`` labels records ``relations[3]``; ``"row"`` labels them ``row 3`` (CSV, 1-based
        data rows).
    """

    files: dict[str, str | None] = field(default_factory=dict)
    record_lines: dict[str, Callable[[int], int | None]] = field(default_factory=dict)
    field_lines: dict[str, dict[tuple[int, str], int]] = field(default_factory=dict)
    style: str = "index"

    def problem(self, table: str, pos: int | None, fld: str | None, message: str, *,
                record_id: Any = None, expected: str | None = None, hint: str | None = None,
                severity: Severity = "error") -> Problem:
        """A :class:`Problem` placed at row ``pos`` (0-based position) and field ``fld`` of ``table``."""
        line = None
        record = table
        if pos is not None:
            known = self.field_lines.get(table, {})
            line = known.get((pos, fld or ""))
            if line is None and fld:
                line = known.get((pos, fld.split("[")[0].split(".")[0]))
            if line is None and table in self.record_lines:
                line = self.record_lines[table](pos)
            record = f"{table} row {pos + 1}" if self.style == "row" else f"{table}[{pos}]"
            if isinstance(record_id, str) and record_id:
                record += f" (id {record_id!r})"
        return Problem(message, file=self.files.get(table), line=line, record=record, field=fld,
                       expected=expected, hint=hint, severity=severity)


@dataclass
class Tables:
    """Normalised tables, ready for :class:`~graphlib_conflict.ConflictGraph`."""

    actors: pd.DataFrame
    relations: pd.DataFrame
    sources: pd.DataFrame
    problems: list[Problem]


def _text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype=_STR)
    col = frame[name]
    if col.dtype != _STR:
        col = col.map(_scalar_text, na_action="ignore").astype(_STR)
    # Line breaks as YAML reads them, so text reads the same whatever file it came from.
    col = col.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
    # Declared Series[Any]: pandas-stubs' Series[str].replace accepts no NaN as the new value.
    stripped: pd.Series = col.str.strip()
    return stripped.replace("", np.nan)


def _scalar_text(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _object_column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series(None, index=frame.index, dtype=object)
    return frame[name].astype(object)


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _rows(mask: pd.Series | np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.asarray(mask, dtype=bool))


def normalize_tables(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    sources: pd.DataFrame | None,
    vocab: Vocabulary,
    locator: Locator | None = None,
) -> Tables:
    """Bring the three tables to canonical form and check them.

    Parameters
    ----------
    actors, relations, sources : pandas.DataFrame
        Raw tables (strings, numbers, lists as read); other columns are kept as they are.
    vocab : Vocabulary
        The vocabulary (already extended by the dataset's own types).
    locator : Locator, optional
        Where rows came from.

    Returns
    -------
    Tables
        With ``problems`` holding every error and warning found (the tables are only usable when
        there is no error).
    """
    loc = locator or Locator()
    problems: list[Problem] = []
    actors = _refuse_unencodable(actors, "actors", loc, problems)
    relations = _refuse_unencodable(relations, "relations", loc, problems)
    if sources is not None:
        sources = _refuse_unencodable(sources, "sources", loc, problems)
    src = _normalize_sources(sources, loc, problems)
    act = _normalize_actors(actors, vocab, loc, problems)
    rel = _normalize_relations(relations, act, src, vocab, loc, problems)
    return Tables(act, rel, src, problems)


def _check_required(frame: pd.DataFrame, table: str, columns: Sequence[str], ids: pd.Series,
                    loc: Locator, problems: list[Problem], expected: Mapping[str, str]) -> None:
    for name in columns:
        col = frame[name]
        for pos in _rows(col.isna()):
            problems.append(loc.problem(table, int(pos), name, f"missing required field `{name}`",
                                        record_id=ids.iat[pos], expected=expected.get(name)))


def _check_duplicates(ids: pd.Series, table: str, loc: Locator, problems: list[Problem]) -> None:
    dup = ids.duplicated(keep="first") & ids.notna()
    if not dup.any():
        return
    first_pos = (pd.Series(np.arange(len(ids)), index=ids.index).groupby(ids.to_numpy()).transform("min")
                 .to_numpy())
    for pos in _rows(dup):
        first = int(first_pos[pos])
        first_line = loc.record_lines.get(table, lambda _p: None)(first)
        where = f"line {first_line}" if first_line else f"{table}[{first}]"
        problems.append(loc.problem(table, int(pos), "id",
                                    f"duplicate id {ids.iat[pos]!r} (first at {where})",
                                    expected="ids unique within the table",
                                    hint="rename one of them or merge the two records"))


def _check_control_chars(frame: pd.DataFrame, table: str, columns: Sequence[str], ids: pd.Series,
                         loc: Locator, problems: list[Problem]) -> None:
    for name in columns:
        col = frame[name]
        if col.dtype != _STR:
            continue
        bad = col.str.contains(_CONTROL, regex=True, na=False)
        for pos in _rows(bad):
            text = cast(str, col.iat[pos])  # a present value of a str column
            problems.append(_bad_text(loc, table, int(pos), name, text, ids.iat[pos]))


def _check_nested_text(frame: pd.DataFrame, table: str, columns: Sequence[str], ids: pd.Series,
                       loc: Locator, problems: list[Problem]) -> None:
    """Bad characters in list and mapping cells (aliases, attributes): one problem per cell."""
    for name in columns:
        for pos, value in enumerate(frame[name].tolist()):
            if not value:
                continue
            found = next(((p, t) for p, t in _strings(value) if BAD_CHARACTERS.search(t)), None)
            if found is not None:
                problems.append(_bad_text(loc, table, pos, f"{name}{found[0]}", found[1], ids.iat[pos]))


def _bad_text(loc: Locator, table: str, pos: int, name: str, text: str, record_id: Any) -> Problem:
    return loc.problem(table, pos, name, f"text holds {bad_character(text)}", record_id=record_id,
                       expected="printable text", hint=_character_hint(text))


def _character_hint(text: str) -> str:
    if _SURROGATE.search(text):
        return "write the whole character: half of one is often an emoji or an escape cut in two"
    return "remove the invisible character (often pasted from a PDF)"


def _strings(value: Any, path: str = "") -> Iterable[tuple[str, str]]:
    """Every string in a cell, with where it is: ``("", text)`` for the cell itself,
    ``("[0].quote", text)`` for what it nests (a key is found at its own path)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key, path)
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple, np.ndarray)):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def _encodes(value: Any) -> bool:
    """Whether every string in a cell (or a list of cells) can be written as UTF-8."""
    try:
        json.dumps(value, ensure_ascii=False, default=repr).encode("utf-8")
    except UnicodeEncodeError:
        return False
    except (TypeError, ValueError):  # keys JSON cannot write: look at each string
        return not any(_SURROGATE.search(text) for _, text in _strings(value))
    return True


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, Mapping):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_surrogates(v) for v in value)
    return value


def _refuse_unencodable(frame: pd.DataFrame, table: str, loc: Locator,
                        problems: list[Problem]) -> pd.DataFrame:
    """Report every cell whose text UTF-8 cannot encode (a lone surrogate: a ``\\ud83d`` escape in
    JSON or YAML cut from its pair, or a Python string), naming the record, and replace its
    surrogates so that the other checks can go on.

    Only object columns can hold such text; each is tried whole first, cell by cell only when that
    fails, so clean tables pay one pass in C per object column.
    """
    columns = [name for name in frame.columns
               if frame[name].dtype == object and not _encodes(frame[name].tolist())]
    if not columns:
        return frame
    frame = frame.copy()
    ids = frame["id"].tolist() if "id" in frame.columns else [None] * len(frame)
    for name in columns:
        values = frame[name].tolist()
        for pos, value in enumerate(values):
            if _encodes(value):
                continue
            path, text = next((p, t) for p, t in _strings(value) if _SURROGATE.search(t))
            record_id = ids[pos] if isinstance(ids[pos], str) else None
            problems.append(_bad_text(loc, table, pos, f"{name}{path}", text, record_id))
            values[pos] = _without_surrogates(value)
        frame[name] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def metadata_problems(dataset: Mapping[str, Any], file: str | None = None) -> list[Problem]:
    """Problems in a dataset's metadata (``dataset``: id, title, description): characters that no
    file can hold, as in the tables."""
    problems = []
    for key, value in dataset.items():
        for path, text in _strings(value, str(key)):
            if BAD_CHARACTERS.search(text):
                problems.append(Problem(f"text holds {bad_character(text)}", file=file,
                                        record="dataset", field=path, expected="printable text",
                                        hint=_character_hint(text)))
                break
    return problems


def _normalize_sources(sources: pd.DataFrame | None, loc: Locator,
                       problems: list[Problem]) -> pd.DataFrame:
    frame = sources if sources is not None else pd.DataFrame(columns=list(SOURCE_COLUMNS))
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    frame = frame.reset_index(drop=True)
    for name in ("id", "title", "publisher", "url"):
        out[name] = _text_column(frame, name)
    dates = parse_date_column(frame["date"] if "date" in frame.columns
                              else pd.Series(np.nan, index=frame.index, dtype=object))
    out["date"] = dates.text.astype(_STR)
    _warn_early_years(out["date"], "sources", "date", out["id"], loc, problems)
    for pos in _rows(dates.bad):
        problems.append(loc.problem("sources", int(pos), "date",
                                    f"cannot read date {frame['date'].iat[pos]!r}",
                                    record_id=out["id"].iat[pos], expected="YYYY, YYYY-MM or YYYY-MM-DD"))
    extra = [c for c in frame.columns if c not in SOURCE_COLUMNS]
    for name in extra:
        out[name] = frame[name]
    _check_required(out, "sources", ["id"], out["id"], loc, problems, {"id": "a short source id"})
    _check_duplicates(out["id"], "sources", loc, problems)
    _check_control_chars(out, "sources", ["id", "title", "publisher", "url"], out["id"], loc,
                         problems)
    return out


def _parse_aliases(value: Any) -> tuple[str, ...]:
    if _is_missing(value):
        return ()
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                loaded = json.loads(text)
            except ValueError:
                loaded = None
            if isinstance(loaded, list):
                return tuple(str(v) for v in loaded)
        return tuple(part.strip() for part in text.split(";") if part.strip())
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(str(v) for v in value)
    return (str(value),)


def _parse_mapping(value: Any) -> dict[str, Any] | None:
    if _is_missing(value):
        return None
    if isinstance(value, Mapping):
        return dict(value) if value else None
    if isinstance(value, str):
        loaded = json.loads(value)
        if not isinstance(loaded, dict):
            raise ValueError("not a mapping")
        return loaded or None
    raise ValueError("not a mapping")


def _mapping_column(frame: pd.DataFrame, table: str, name: str, ids: pd.Series, loc: Locator,
                    problems: list[Problem]) -> pd.Series:
    col = _object_column(frame, name)
    out: list[Any] = [None] * len(col)
    values = col.tolist()
    for pos in _rows(~col.isna().to_numpy()):
        try:
            out[pos] = _parse_mapping(values[pos])
        except ValueError:
            problems.append(loc.problem(table, int(pos), name,
                                        f"cannot read {values[pos]!r} as a mapping",
                                        record_id=ids.iat[pos],
                                        expected="a mapping of names to values (JSON object in CSV)"))
    return pd.Series(out, index=frame.index, dtype=object)


def _normalize_actors(actors: pd.DataFrame, vocab: Vocabulary, loc: Locator,
                      problems: list[Problem]) -> pd.DataFrame:
    frame = actors.reset_index(drop=True)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for name in ("id", "name", "type", "country", "description"):
        out[name] = _text_column(frame, name)
    ids = out["id"]
    out["aliases"] = _object_column(frame, "aliases").map(_parse_aliases).astype(object)
    out["attributes"] = _mapping_column(frame, "actors", "attributes", ids, loc, problems)
    for name in frame.columns:
        if name not in ACTOR_COLUMNS:
            out[name] = frame[name]
    out = out[list(ACTOR_COLUMNS) + [c for c in out.columns if c not in ACTOR_COLUMNS]]

    _check_required(out, "actors", ["id", "name", "type"], ids, loc, problems,
                    {"id": "a stable actor id such as TUR or SYR_GOV", "name": "a display name",
                     "type": "an actor type"})
    _check_duplicates(ids, "actors", loc, problems)
    known_types = vocab.actor_types.index
    bad_type = out["type"].notna() & ~out["type"].isin(known_types)
    for pos in _rows(bad_type):
        value = cast(str, out["type"].iat[pos])  # a present value of a str column
        problems.append(loc.problem(
            "actors", int(pos), "type", f"unknown actor type {value!r}", record_id=ids.iat[pos],
            expected="one of " + ", ".join(known_types),
            hint=did_you_mean(value, known_types) or "or declare it under `actor_types`"))
    bad_country = out["country"].notna() & ~out["country"].str.fullmatch(_COUNTRY.pattern).fillna(False)
    for pos in _rows(bad_country):
        country = cast(str, out["country"].iat[pos])  # a present value of a str column
        problems.append(loc.problem(
            "actors", int(pos), "country", f"{country!r} is not an ISO 3166 alpha-3 code",
            record_id=ids.iat[pos], expected="three capital letters such as TUR, SYR, RUS",
            hint=_country_hint(country)))
    _check_control_chars(out, "actors", ["id", "name", "type", "country", "description"], ids, loc,
                         problems)
    _check_nested_text(out, "actors", ["aliases", "attributes"], ids, loc, problems)
    _check_aliases(out, loc, problems)
    return out


def _check_aliases(actors: pd.DataFrame, loc: Locator, problems: list[Problem]) -> None:
    """Warn where one name (an alias, a name or an id) would stand for several actors."""
    aliases = actors[["id", "aliases"]].explode("aliases").dropna(subset=["aliases"])
    names = pd.concat([
        pd.DataFrame({"id": aliases["id"], "key": aliases["aliases"], "as": "alias"}),
        pd.DataFrame({"id": actors["id"], "key": actors["name"], "as": "name"}),
        pd.DataFrame({"id": actors["id"], "key": actors["id"], "as": "id"}),
    ]).dropna()
    names["key"] = names["key"].astype(_STR).str.casefold()
    names = names.drop_duplicates(["id", "key"])
    shared = names[names.duplicated("key", keep=False)]
    if shared.empty:
        return
    order = pd.Series(np.arange(len(actors)), index=actors["id"].to_numpy())
    shared = shared.assign(pos=shared["id"].map(order)).sort_values("pos", kind="stable")
    for key, group in shared.groupby("key", sort=False):
        if "alias" not in set(group["as"]) and "name" not in set(group["as"]):
            continue
        second = group["id"].iloc[1]
        pos = int(np.flatnonzero((actors["id"] == second).to_numpy())[0])
        owners = ", ".join(f"{i} ({kind})" for i, kind in zip(group["id"], group["as"], strict=True))
        problems.append(loc.problem(
            "actors", pos, "aliases", f"{key!r} names several actors: {owners}",
            record_id=second, severity="warning",
            hint="names and aliases resolve actors in event data and on the command line; "
                 "make them unique"))


def _normalize_relations(relations: pd.DataFrame, actors: pd.DataFrame, sources: pd.DataFrame,
                         vocab: Vocabulary, loc: Locator, problems: list[Problem]) -> pd.DataFrame:
    frame = relations.reset_index(drop=True)
    n = len(frame)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    for name in ("id", "source", "target", "type", "notes"):
        out[name] = _text_column(frame, name)
    given_ids = out["id"]

    _check_required(out, "relations", ["source", "target", "type"], given_ids, loc, problems,
                    {"source": "an actor id", "target": "an actor id", "type": "a relation type"})

    # types and what they imply
    types = vocab.relation_types
    known = out["type"].isin(types.index)
    for pos in _rows(out["type"].notna() & ~known):
        value = cast(str, out["type"].iat[pos])  # a present value of a str column
        problems.append(loc.problem(
            "relations", int(pos), "type", f"unknown relation type {value!r}", record_id=given_ids.iat[pos],
            expected="one of " + ", ".join(types.index), hint=_type_hint(value, types.index)))
    typed = types.reindex(out["type"].to_numpy())
    category = pd.Series(typed["category"].to_numpy(), index=out.index).astype(_STR)
    sign = pd.Series(typed["sign"].fillna(0).to_numpy(dtype="int8"), index=out.index)
    directed = pd.Series(typed["directed"].fillna(False).to_numpy(dtype=bool), index=out.index)
    default_weight = typed["default_weight"].to_numpy(dtype="float64")

    # actors
    actor_ids = actors["id"].dropna()
    for end in ("source", "target"):
        col = out[end]
        unknown = col.notna() & ~col.isin(actor_ids)
        if unknown.any():
            hints = {v: did_you_mean(v, actor_ids) for v in col[unknown].unique()}
            for pos in _rows(unknown):
                value = cast(str, col.iat[pos])  # a present value of a str column
                problems.append(loc.problem(
                    "relations", int(pos), end, f"unknown actor {value!r}", record_id=given_ids.iat[pos],
                    expected="an id from `actors`",
                    hint=hints[value] or "add the actor to `actors` first"))
    for pos in _rows(out["source"].notna() & (out["source"] == out["target"])):
        problems.append(loc.problem(
            "relations", int(pos), "target", f"relation from {out['source'].iat[pos]!r} to itself",
            record_id=given_ids.iat[pos], expected="two different actors",
            hint="internal splits are relations between two sub-actors (`part_of` the same parent)"))

    # dates
    parsed = {}
    for name in ("start", "end", "date"):
        raw = frame[name] if name in frame.columns else pd.Series(np.nan, index=frame.index, dtype=object)
        parsed[name] = parse_date_column(raw)
        out[name] = parsed[name].text.astype(_STR)
        for pos in _rows(parsed[name].bad):
            written = raw.iat[pos]
            problems.append(loc.problem(
                "relations", int(pos), name, _date_message(written), record_id=given_ids.iat[pos],
                expected="YYYY, YYYY-MM or YYYY-MM-DD", hint=date_hint(written, name)))
        _warn_early_years(out[name], "relations", name, given_ids, loc, problems)
    interaction = (category == "interaction").to_numpy()
    structural = (category == "structural").to_numpy()
    durable = known.to_numpy() & ~interaction
    has = {name: out[name].notna().to_numpy() for name in parsed}
    # a structural fact is durable (member_of from a start) or dated (attends on a day), not both
    dated = structural & has["date"] & ~has["start"] & ~has["end"]
    for pos in _rows(interaction & (has["start"] | has["end"])):
        problems.append(loc.problem(
            "relations", int(pos), "start" if has["start"][pos] else "end",
            f"`{out['type'].iat[pos]}` is an interaction (a dated event) and takes `date`, not start/end",
            record_id=given_ids.iat[pos], expected="date: YYYY[-MM[-DD]]",
            hint="use `date`, or a durable type such as cooperates/opposes for a lasting relation"))
    for pos in _rows(interaction & ~has["date"] & ~has["start"] & ~parsed["date"].bad.to_numpy()):
        problems.append(loc.problem(
            "relations", int(pos), "date", f"`{out['type'].iat[pos]}` is an interaction and needs a date",
            record_id=given_ids.iat[pos], expected="date: YYYY[-MM[-DD]]",
            hint="a partial date such as 2020-01 is fine when the day is not known"))
    for pos in _rows(durable & has["date"] & ~dated):
        problems.append(loc.problem(
            "relations", int(pos), "date",
            f"`{out['type'].iat[pos]}` is a durable relation and takes start/end, not `date`",
            record_id=given_ids.iat[pos], expected="start (and end, empty when ongoing)",
            hint="use start/end, or an interaction type such as agrees/attacks for a one-off event"))
    on_a_day = interaction | dated
    valid_from = np.where(on_a_day, parsed["date"].first, parsed["start"].first)
    valid_to = np.where(on_a_day, parsed["date"].last, parsed["end"].last)
    backwards = durable & has["start"] & has["end"] & (parsed["end"].last < parsed["start"].first)
    for pos in _rows(backwards):
        problems.append(loc.problem(
            "relations", int(pos), "end",
            f"end {out['end'].iat[pos]} is before start {out['start'].iat[pos]}",
            record_id=given_ids.iat[pos], expected="end on or after start",
            hint="swap them, or leave end empty if the relation is ongoing"))

    # weight and confidence
    out["weight"] = _weight_column(frame, default_weight, given_ids, loc, problems)
    out["confidence"] = _confidence_column(frame, given_ids, loc, problems)

    # evidence and attributes
    out["evidence"] = _evidence_column(frame, sources, given_ids, loc, problems)
    out["attributes"] = _mapping_column(frame, "relations", "attributes", given_ids, loc, problems)

    # ids: given, or made from the row
    out["id"] = _relation_ids(out, loc, problems)
    _check_duplicates(out["id"], "relations", loc, problems)
    _check_control_chars(out, "relations", ["id", "source", "target", "type", "notes"], out["id"], loc,
                         problems)
    _check_nested_text(out, "relations", ["attributes"], out["id"], loc, problems)

    out["category"] = category
    out["sign"] = sign
    out["directed"] = directed
    _warn_overridden(frame, out, loc, problems)
    out["valid_from"] = days_to_timestamps(valid_from)
    out["valid_to"] = days_to_timestamps(valid_to)
    for name in frame.columns:
        if name not in RELATION_COLUMNS and name not in DERIVED_RELATION_COLUMNS:
            out[name] = frame[name].to_numpy()
    ordered = list(RELATION_COLUMNS) + [
        c for c in out.columns if c not in RELATION_COLUMNS and c not in DERIVED_RELATION_COLUMNS
    ] + list(DERIVED_RELATION_COLUMNS)
    return out[ordered]


def _warn_overridden(given: pd.DataFrame, out: pd.DataFrame, loc: Locator, problems: list[Problem]) -> None:
    """Warn, once per column, where a table brings its own ``sign``, ``category`` or ``directed``
    that disagrees with its relation type's: the type decides, and the value written is not used
    (a ``sign: -1`` on an alliance is not an alliance of enemies)."""
    for name in ("sign", "category", "directed"):
        if name not in given.columns:
            continue
        written = given[name].reset_index(drop=True)
        derived = out[name]
        if name == "sign":
            text = written.astype(object).map(lambda v: None if v is None or v != v else str(v).strip())
            as_number = text.map(lambda v: _SIGN_WORDS.get(v.casefold()) if isinstance(v, str) else None)
            differs = written.notna() & (as_number.isna() | (as_number != derived))
        elif name == "directed":
            as_bool = written.astype(object).map(lambda v: v if isinstance(v, (bool, np.bool_))
                                                 else _BOOL_WORDS.get(str(v).strip().casefold()))
            differs = written.notna() & (as_bool.isna() | (as_bool.astype(object) != derived.astype(object)))
        else:
            differs = written.notna() & (written.astype(object).map(str) != derived.astype(object).map(str))
        differs &= out["type"].notna().to_numpy()
        rows = _rows(differs.fillna(False).astype(bool))
        if len(rows) == 0:
            continue
        pos = int(rows[0])
        more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
        value = derived.iat[pos]
        value = value.item() if isinstance(value, np.generic) else value
        problems.append(loc.problem(
            "relations", pos, name,
            f"{name} {written.iat[pos]!r} is not used: the type {out['type'].iat[pos]!r} has {name} "
            f"{value!r}{more}", record_id=out["id"].iat[pos], severity="warning",
            expected=f"no {name} column: it comes from the relation type",
            hint="use another relation type, or declare one under `relation_types`"))


_SIGN_WORDS = {"+1": 1, "1": 1, "1.0": 1, "+": 1, "-1": -1, "-1.0": -1, "-": -1, "0": 0, "0.0": 0}
_BOOL_WORDS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


_MISSING_WORDS = frozenset({"na", "n/a", "nan", "null", "none", "nil", "-", "?", "unknown"})


def _country_hint(country: str) -> str:
    """What a country that is not an alpha-3 code probably meant."""
    if country == "NO":
        return "YAML reads `NO` as text here, but Norway's code is NOR"
    if country.strip().casefold() in _MISSING_WORDS:
        return f"leave the country empty when it is unknown: {country!r} is read as written, not as missing"
    if len(country) == 3 and country.isalpha():
        return f"write it in capitals: {country.upper()}"
    return "write the ISO 3166 alpha-3 code (TUR, not TR or Turkey)"


def _warn_early_years(dates: pd.Series, table: str, name: str, ids: pd.Series, loc: Locator,
                      problems: list[Problem]) -> None:
    """Warn where a date's year is below 1000 (``0025``): a real date, but far more often a
    typo or a spreadsheet's two-digit year than a fact about antiquity."""
    for pos in _rows(dates.str.startswith("0").fillna(False)):
        text = cast(str, dates.iat[pos])  # a present value of a str column
        meant = f" (20{text[2:4]}?)" if text.startswith("00") else ""
        problems.append(loc.problem(
            table, int(pos), name, f"{name} {text} is in the year {int(text[:4])}",
            record_id=ids.iat[pos], severity="warning", expected=f"a year from {_EARLY_YEAR} on",
            hint=f"write the year in full{meant}, or keep it if the date is that old"))


def _date_message(value: Any) -> str:
    """What is wrong with a date, once: ``impossible date '2020-02-30': February 2020 has 29
    days``, or ``cannot read date 'January 2020'`` (the accepted forms go in ``expected``)."""
    text = str(value).strip()
    try:
        PartialDate.parse(text)
    except DateError as exc:
        if str(exc).startswith("impossible"):
            return str(exc)
    return f"cannot read date {text!r}"


def _type_hint(value: str, known: Iterable[str]) -> str:
    """A hint that knows meaning first (``backs`` -> ``supports``), spelling second."""
    meant = type_for_word(value)
    if meant is not None and meant in set(known):
        return f"for this meaning the type is {meant!r}"
    return did_you_mean(value, known) or "or declare it under `relation_types`"


def _weight_column(frame: pd.DataFrame, default: np.ndarray, ids: pd.Series, loc: Locator,
                   problems: list[Problem]) -> pd.Series:
    if "weight" not in frame.columns:
        return pd.Series(default, dtype="float64")
    raw = frame["weight"]
    if pd.api.types.is_numeric_dtype(raw.dtype) and raw.dtype != bool:
        numbers = raw.astype("float64")
        not_number = pd.Series(False, index=raw.index)
    else:
        raw = raw.astype(object)
        is_bool = raw.map(lambda v: isinstance(v, bool)).astype(bool)
        text = raw.map(lambda v: v.strip() if isinstance(v, str) else v).replace("", np.nan)
        numbers = pd.to_numeric(text.mask(is_bool), errors="coerce").astype("float64")
        not_number = (text.notna() & numbers.isna()) | is_bool
    for pos in _rows(not_number):
        problems.append(loc.problem("relations", int(pos), "weight",
                                    f"weight {raw.iat[pos]!r} is not a number", record_id=ids.iat[pos],
                                    expected="a number >= 0 (leave empty for the type's default)"))
    bad = numbers.notna() & ((numbers < 0) | ~np.isfinite(numbers))
    for pos in _rows(bad):
        number = float(cast(float, numbers.iat[pos]))  # a present value of a float column
        problems.append(loc.problem("relations", int(pos), "weight",
                                    f"weight {number!r} is negative or infinite",
                                    record_id=ids.iat[pos], expected="a finite number >= 0",
                                    hint="the sign comes from the relation type; weight is intensity"))
    return numbers.fillna(pd.Series(default)).astype("float64")


def _confidence_column(frame: pd.DataFrame, ids: pd.Series, loc: Locator,
                       problems: list[Problem]) -> pd.Series:
    if "confidence" not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    raw = frame["confidence"]
    if pd.api.types.is_float_dtype(raw.dtype) or pd.api.types.is_integer_dtype(raw.dtype):
        numbers = raw.astype("float64")
        not_read = pd.Series(False, index=raw.index)
    else:
        text = raw.map(lambda v: v if _is_missing(v) else str(v).strip().lower(), na_action="ignore")
        text = text.replace("", np.nan)
        labelled = text.map(CONFIDENCE_LABELS)
        numbers = labelled.fillna(pd.to_numeric(text.where(labelled.isna()), errors="coerce"))
        numbers = numbers.astype("float64")
        is_bool = raw.map(lambda v: isinstance(v, bool))
        numbers = numbers.mask(is_bool)
        not_read = text.notna() & numbers.isna()
    out_of_range = numbers.notna() & ((numbers < 0) | (numbers > 1))
    for pos in _rows(not_read | out_of_range):
        problems.append(loc.problem("relations", int(pos), "confidence",
                                    f"confidence {raw.iat[pos]!r} is not understood", record_id=ids.iat[pos],
                                    expected="low, medium, high, or a number from 0 to 1"))
    return numbers.mask(not_read | out_of_range)


def _parse_evidence(value: Any) -> Any:
    if _is_missing(value):
        return EMPTY_EVIDENCE
    if isinstance(value, str):
        value = json.loads(value)
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, (list, tuple, np.ndarray)):
        raise ValueError
    items = []
    for item in value:
        if not isinstance(item, Mapping):
            raise ValueError
        items.append({str(k): (None if _is_missing(v) else str(v)) for k, v in item.items()})
    return tuple(items)


def _evidence_column(frame: pd.DataFrame, sources: pd.DataFrame, ids: pd.Series, loc: Locator,
                     problems: list[Problem]) -> pd.Series:
    if "evidence" not in frame.columns:
        return pd.Series([EMPTY_EVIDENCE] * len(frame), dtype=object)
    raw = frame["evidence"].tolist()
    out: list[Any] = [EMPTY_EVIDENCE] * len(raw)
    known = set(sources["id"].dropna())
    for pos, value in enumerate(raw):
        if _is_missing(value) or (isinstance(value, (list, tuple)) and not value):
            continue
        try:
            items = _parse_evidence(value)
        except ValueError:
            problems.append(loc.problem("relations", pos, "evidence", f"cannot read evidence {value!r}",
                                        record_id=ids.iat[pos],
                                        expected="a list of {source: <source id>, quote: \"...\"}"))
            continue
        out[pos] = items
        for i, item in enumerate(items):
            extra = sorted(set(item) - {"source", "quote"})
            if extra:
                problems.append(loc.problem(
                    "relations", pos, f"evidence[{i}].{extra[0]}", f"unknown evidence field {extra[0]!r}",
                    record_id=ids.iat[pos], expected="source and quote",
                    hint=did_you_mean(extra[0], ["source", "quote"]) or "put other details in `notes`"))
            source = item.get("source")
            if source is None:
                problems.append(loc.problem("relations", pos, f"evidence[{i}].source",
                                            "evidence without a source", record_id=ids.iat[pos],
                                            expected="a source id from `sources`"))
            elif source not in known:
                problems.append(loc.problem(
                    "relations", pos, f"evidence[{i}].source", f"evidence names unknown source {source!r}",
                    record_id=ids.iat[pos], expected="an id from `sources`",
                    hint=did_you_mean(source, known) or "add the document to `sources`"))
            quote = item.get("quote")
            if quote and BAD_CHARACTERS.search(quote):
                problems.append(loc.problem(
                    "relations", pos, f"evidence[{i}].quote", f"quote holds {bad_character(quote)}",
                    record_id=ids.iat[pos], expected="printable text",
                    hint="remove the invisible character (often pasted from a PDF)"))
            if not item.get("quote"):
                problems.append(loc.problem(
                    "relations", pos, f"evidence[{i}].quote", "evidence without a quote",
                    record_id=ids.iat[pos], severity="warning",
                    hint="quote the sentence of the source that states the relation"))
    return pd.Series(out, dtype=object)


def _relation_ids(out: pd.DataFrame, loc: Locator, problems: list[Problem]) -> pd.Series:
    given = out["id"]
    missing = given.isna()
    if not missing.any():
        return given
    when = out["date"].fillna(out["start"]).fillna("undated")
    base = (out["source"].fillna("?") + "-" + out["type"].fillna("?") + "-" + out["target"].fillna("?")
            + "-" + when)[missing]
    rank = base.groupby(base.to_numpy()).cumcount()
    made = base.where(rank == 0, base + "#" + (rank + 1).astype(_STR))
    clash = made.isin(given.dropna())
    for pos in _rows(clash.reindex(out.index, fill_value=False)):
        problems.append(loc.problem(
            "relations", int(pos), "id", f"the id made for this relation ({made.loc[pos]!r}) is taken",
            hint="give this relation an explicit `id`"))
    return given.fillna(made).astype(_STR)
