"""``read_events``: the import from files to a graph, step by step (see ``docs/events.md``).

1. find the files (folders, globs, ``.zip`` members) and tell each one's layout from its first bytes;
2. read them with the engine into ``staged_events`` (one ``read_csv`` per round and layout), keeping
   every malformed row aside with its file and line, and reading again, one by one, the rows a stray
   quote swallowed;
3. code: the distinct codes meet the sign policy's rules (``code_map``);
4. resolve: the distinct actor keys meet the dataset's actors and the user's mapping (``actor_map``);
5. ``events``: one row per distinct event (duplicates counted as its copies), with its status;
6. ``aggregated``: one relation per pair, type and period; back as an Arrow table, or written
   straight to Parquet;
7. the graph is built from it (with the dataset imported into) when first asked for.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graphlib_conflict._atomic import atomic_path
from graphlib_conflict._tables import DERIVED_RELATION_COLUMNS, RELATION_COLUMNS
from graphlib_conflict.exceptions import DatasetError, ParameterError
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.io import load
from graphlib_conflict.io._dataset import metadata_document
from graphlib_conflict.io._flat import flat_actors, flat_relations
from graphlib_conflict.io.events import _pipeline as sql
from graphlib_conflict.io.events._acled import ACLED
from graphlib_conflict.io.events._actors import ActorIndex, load_mapping, resolve_actors
from graphlib_conflict.io.events._engine import Engine, literal
from graphlib_conflict.io.events._files import (
    InputFile,
    cut_short,
    expand_paths,
    head_bytes,
    line_numbers,
    lines_with_bad_text,
)
from graphlib_conflict.io.events._gdelt import GDELT
from graphlib_conflict.io.events._icews import ICEWS
from graphlib_conflict.io.events._policy import FORMATS, EventPolicy
from graphlib_conflict.io.events._result import ImportResult
from graphlib_conflict.io.events._spark import (
    ENGINES,
    SparkEngine,
    is_remote,
    remote_files,
    remote_head,
    require_spark,
    spark_session,
)
from graphlib_conflict.io.events._spec import (
    STAGED_COLUMNS,
    STAGED_TYPES,
    EventFormat,
    EventImportError,
    FileLayout,
    ident,
    repeated_columns,
)
from graphlib_conflict.io.events._ucdp import UCDP
from graphlib_conflict.io.events._writers import events_file_for, rejects_file_for, write_rejects, write_table
from graphlib_conflict.problems import Problem, did_you_mean
from graphlib_conflict.vocabulary import Vocabulary

__all__ = ["ENGINES", "EVENT_FORMATS", "PERIODS", "calendar", "read_events"]

EVENT_FORMATS: dict[str, EventFormat] = {"gdelt": GDELT, "icews": ICEWS, "acled": ACLED, "ucdp": UCDP}
"""The formats ``read_events`` reads, by name."""
PERIODS = ("day", "week", "month", "quarter", "year")
"""Aggregation periods."""
EXTRA_COLUMNS = ("events", "weight_sum", "weight_mean", "score", "period", "period_start", "period_end",
                 "origin", "mentions", "fatalities")
"""Columns the import adds to the relations table (missing for curated relations)."""
_MERGING_ERRORS = ("UNQUOTED VALUE", "TOO MANY COLUMNS", "MISSING COLUMNS")
_REASONS = {"MISSING COLUMNS": "too few columns", "TOO MANY COLUMNS": "too many columns",
            "UNQUOTED VALUE": "stray quote", "INVALID ENCODING": "bad byte (not UTF-8)",
            "INVALID UNICODE": "bad byte (not UTF-8)", "LINE SIZE OVER MAXIMUM": "line too long"}
_BAD_TEXT = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x{9f}\x{fffe}\x{ffff}]"
"""``problems.BAD_CHARACTERS`` as the engine's regular expressions (RE2) write it (valid UTF-8 holds no
surrogates: a file with them is rejected as not UTF-8)."""
EMPTY_ACTORS = pd.DataFrame({"id": pd.Series(dtype="str"), "name": pd.Series(dtype="str"),
                             "type": pd.Series(dtype="str"), "country": pd.Series(dtype="str"),
                             "aliases": pd.Series(dtype=object)})


def calendar(first: Any, last: Any, period: str) -> pd.DataFrame:
    """Every day from ``first`` to ``last`` with its period: ``day``, ``period`` (the label in relation
    ids), ``period_start``, ``period_end`` (ISO days) and ``date`` (the relation's date).

    ``month`` and ``year`` periods date a relation ``2020-02`` and ``2020`` (partial dates, active the
    whole period); ``day`` the day; ``week`` (ISO weeks, Monday first, labelled ``2020-W06``) and
    ``quarter`` (``2020-Q1``) the period's first day, with its last day in ``period_end``.

    Examples
    --------
    >>> calendar("2020-02-03", "2020-02-03", "week").to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'day': datetime.date(2020, 2, 3), 'period': '2020-W06', 'period_start': '2020-02-03',
      'period_end': '2020-02-09', 'date': '2020-02-03'}]
    >>> calendar("2020-05-31", "2020-05-31", "quarter")[["period", "date", "period_end"]].values.tolist()
    [['2020-Q2', '2020-04-01', '2020-06-30']]
    """
    days = pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="D")
    iso = days.strftime("%Y-%m-%d")
    if period == "day":
        label, start, end, date = iso, iso, iso, iso
    elif period == "week":
        monday = days - pd.to_timedelta(days.day_of_week, unit="D")
        weeks = days.isocalendar()
        label = pd.Index(weeks["year"].astype(str) + "-W" + weeks["week"].astype(str).str.zfill(2))
        start = monday.strftime("%Y-%m-%d")
        end = (monday + pd.Timedelta(days=6)).strftime("%Y-%m-%d")
        date = start
    elif period == "month":
        label = days.strftime("%Y-%m")
        start = days.to_period("M").start_time.strftime("%Y-%m-%d")
        end = days.to_period("M").end_time.strftime("%Y-%m-%d")
        date = label
    elif period == "quarter":
        quarters = days.to_period("Q")
        label = pd.Index(days.strftime("%Y") + "-Q" + pd.Index(quarters.quarter).astype(str))
        start = quarters.start_time.strftime("%Y-%m-%d")
        end = quarters.end_time.strftime("%Y-%m-%d")
        date = start
    else:
        label = days.strftime("%Y")
        start = days.to_period("Y").start_time.strftime("%Y-%m-%d")
        end = days.to_period("Y").end_time.strftime("%Y-%m-%d")
        date = label
    return pd.DataFrame({"day": days.date, "period": np.asarray(label, dtype=object),
                         "period_start": np.asarray(start, dtype=object),
                         "period_end": np.asarray(end, dtype=object), "date": np.asarray(date, dtype=object)})


def read_events(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    format: str,
    *,
    into: str | os.PathLike[str] | ConflictGraph | None = None,
    actors: str | os.PathLike[str] | None = None,
    policy: str | os.PathLike[str] | None = None,
    period: str = "month",
    keep_unmapped: bool | None = None,
    output: str | os.PathLike[str] | None = None,
    events: str | os.PathLike[str] | bool | None = None,
    rejects: str | os.PathLike[str] | bool | None = None,
    memory_limit: str | int | None = None,
    threads: int | None = None,
    temp_directory: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    engine: str = "duckdb",
    spark: Any = None,
) -> ImportResult:
    """Import event files (GDELT, ICEWS, ACLED, UCDP GED) as signed relations aggregated by period.

    Reading, coding, de-duplication, actor resolution and aggregation run in an embedded engine
    (DuckDB) that streams the files and spills to disk beyond ``memory_limit``, so files larger than
    memory import with bounded memory — or, with ``engine="spark"``, the same statements run on Apache
    Spark (a cluster, or ``local[N]``), for archives no one machine holds (see ``docs/spark.md``).
    Malformed rows are set aside with their file and line, never silently dropped; every row is
    accounted for in the summary. Both engines give the same counts, rejects and relations.

    Parameters
    ----------
    paths : path, glob, folder, or a list of them
        The files (``.gz`` and ``.zip`` read directly); a folder gives every file in it.
    format : {"gdelt", "icews", "acled", "ucdp"}
    into : path or ConflictGraph, optional
        A dataset to import into: source actors resolve to its actors, and its relations are kept
        beside the new ones. When it is a file with an events file beside it (``X.events.parquet``,
        written by an earlier import), events imported before are not imported again.
    actors : path, optional
        An actor mapping table (CSV ``source,actor[,format]`` or YAML ``source: actor``), tried first.
    policy : path, optional
        A sign policy file merged over the shipped one (``data/event_policy.yaml``).
    period : {"day", "week", "month", "quarter", "year"}, default "month"
    keep_unmapped : bool, optional
        Keep source actors that map to no actor as new actors. Default: yes without ``into``, no with.
    output : path, optional
        Write the dataset here (format by suffix, as :func:`graphlib_conflict.save`); a ``.parquet``
        output is written by the engine directly, without building the graph in memory.
    events : path or bool, optional
        Where to keep the imported events (Parquet), for later imports into the output. Default:
        beside ``output`` (``X.events.parquet``) when there is one; ``False`` for none.
    rejects : path or bool, optional
        Where to write rejected rows (CSV). Default: beside ``output`` (``X.rejects.csv``).
    memory_limit : str or int, optional
        The engine's memory limit ("1GiB", or bytes).
    threads : int, optional
        The engine's threads (default: every core).
    temp_directory : path, optional
        Where the engine spills and ``.zip`` members are extracted (default: the system's).
    progress : bool, optional
        Progress bars on standard error; default: when it is a terminal.
    engine : {"duckdb", "spark"}, default "duckdb"
        Where the pipeline runs. ``"spark"`` needs PySpark and Java (``pip install
        'graphlib_conflict[spark]'``); ``paths`` may then also be URLs Spark reads (``s3a://.../*.CSV``,
        ``hdfs://...``). The output is written on the driver by the embedded engine, from the aggregated
        table (``memory_limit``, ``threads`` and ``temp_directory`` are the driver's).
    spark : SparkSession or str, optional
        With ``engine="spark"``: the session to run in, or a master URL (``"local[2]"``,
        ``"spark://host:7077"``) to build one; default: the active session (``spark-submit``'s) or a
        new local one.

    Returns
    -------
    ImportResult
        ``.graph`` (built on first access), ``.counts`` and the other summary tables; ``str()`` of it
        is the summary.

    Raises
    ------
    EventImportError
        Files missing or not in the format named; an unusable policy or actor mapping.
    ParameterError
        An unknown format, period or engine.
    SparkUnavailableError
        ``engine="spark"`` without PySpark or Java (the message gives the install commands).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> row = ["1", "20200203", "202002", "2020", "2020.09", "SYRMIL", "SYRIA", "SYR", "", "", "", "",
    ...        "MIL", "", "", "TURMIL", "TURKEY", "TUR"] + [""] * 4 + ["MIL", "", "", "1", "190", "190", "19",
    ...        "4", "-10.0", "4", "1", "4", "-5.1"] + [""] * 24 + ["20200203120000", "https://example.org/a"]
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "one.export.CSV"
    >>> _ = path.write_text("\\t".join(row) + "\\n", encoding="utf-8")
    >>> result = read_events(path, "gdelt", period="month", progress=False)
    >>> result.graph.relations[["id", "type", "date", "weight", "events"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'id': 'gdelt-SYR_MIL-clashes-TUR_MIL-2020-02', 'type': 'clashes', 'date': '2020-02',
      'weight': 1.0, 'events': 1}]
    >>> result.counts["rows_read"], result.counts["imported"], result.counts["rejected"]
    (1, 1, 0)
    """
    fmt = _format(format)
    if engine not in ENGINES:
        hint = did_you_mean(str(engine), ENGINES)
        raise ParameterError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}"
                             + (f" — {hint}" if hint else ""))
    if engine == "spark":
        require_spark()
    elif spark is not None:
        raise ParameterError('spark= is for engine="spark"; give engine="spark" as well')
    if period not in PERIODS:
        hint = did_you_mean(period, PERIODS)
        raise ParameterError(f"unknown period {period!r}: expected one of {', '.join(PERIODS)}"
                             + (f" — {hint}" if hint else ""))
    rules = EventPolicy.load(policy)
    into_graph, into_path = _into(into)
    vocabulary = into_graph.vocabulary if into_graph is not None else Vocabulary.default()
    problems = rules.check(vocabulary, fmt.name)
    if problems:
        raise EventImportError(problems, summary="the sign policy names types the vocabulary lacks")
    keep = (into_graph is None) if keep_unmapped is None else bool(keep_unmapped)
    index = ActorIndex(into_graph.actors if into_graph is not None else EMPTY_ACTORS)
    mapping = (load_mapping(actors, fmt.name, set(index.ids.values()), allow_new=keep)
               if actors is not None else {})
    prior = _prior_events(into_graph, into_path, fmt)
    out_path = Path(output) if output is not None else None
    events_path = _beside_output(events, out_path, events_file_for)
    rejects_path = _beside_output(rejects, out_path, rejects_file_for)
    show = sys.stderr.isatty() if progress is None else bool(progress)
    workdir = Path(tempfile.mkdtemp(prefix="graphlib_conflict_import_",
                                    dir=os.fspath(temp_directory) if temp_directory else None))
    runner: Engine | SparkEngine | None = None
    try:
        if engine == "spark":
            session = (spark if spark is not None and not isinstance(spark, str)
                       else spark_session(spark, progress=show))
            files = _spark_files(paths, workdir, session)
            layouts = [fmt.sniff(f.display, remote_head(session, f) if is_remote(f.path) else head_bytes(f))
                       for f in files]
            runner = SparkEngine(session, workdir, memory_limit=memory_limit, threads=threads, progress=show)
            run: _Run = _SparkRun(runner, fmt, rules, workdir)
        else:
            files = expand_paths(paths, workdir)
            layouts = [fmt.sniff(f.display, head_bytes(f)) for f in files]
            runner = Engine(workdir, memory_limit=memory_limit, threads=threads, progress=show)
            run = _Run(runner, fmt, rules, workdir)
        run.read(files, layouts)
        run.code(vocabulary)
        run.resolve(index, mapping, keep)
        run.classify(prior, event_ids=events_path is not None)
        run.aggregate(period)
        parts = run.summary(files, layouts)
        new_actors = run.resolution.new_actors
        kept = _kept_relations(into_graph, fmt, replaced=prior is not None)
        to_parquet = out_path is not None and out_path.suffix.lower() == ".parquet"
        relations_table = None if to_parquet else runner.arrow("SELECT * FROM aggregated", label="collecting")
        if to_parquet and out_path is not None:
            run.write_parquet(out_path, into_graph, kept, new_actors)
        pending = workdir / "events.parquet"
        if events_path is not None:
            run.write_events(pending, prior)
        runner.close()
        runner = None

        def build() -> ConflictGraph:
            if relations_table is None and out_path is not None:
                return load(out_path)
            return _graph(into_graph, kept, new_actors, relations_table, fmt)

        result = ImportResult(
            format=fmt.name, period=period, counts=parts["counts"], rejected=parts["rejected"],
            duplicates=parts["duplicates"], dropped=parts["dropped"], resolution=parts["resolution"],
            files=parts["files"], rejects=parts["rejects"], unmapped=parts["unmapped"],
            new_actors=new_actors.reset_index(drop=True), actor_map=parts["actor_map"],
            relations_table=relations_table, written={}, policy_files=rules.files, _build=build)
        # the dataset first, then the events it was made from: an events file never runs ahead
        if out_path is not None:
            if not to_parquet:
                result.graph.save(out_path)
            result.written["dataset"] = str(out_path)
        if events_path is not None:
            with atomic_path(events_path) as tmp:
                shutil.copyfile(pending, tmp)
            result.written["events"] = str(events_path)
        if rejects_path is not None:
            write_rejects(result.rejects, rejects_path)
            result.written["rejects"] = str(rejects_path)
        return result
    finally:
        if runner is not None:
            runner.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _spark_files(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], workdir: Path,
                 session: Any) -> list[InputFile]:
    """The files of an import on Spark: URLs (``s3a://``, ``hdfs://``, globs of them) listed by Spark's
    file system, local paths as for the embedded engine; in the order given."""
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    out: list[InputFile] = []
    for item in items:
        out.extend(remote_files(session, [os.fspath(item)]) if is_remote(item)
                   else expand_paths([item], workdir))
    return out


def _format(name: str) -> EventFormat:
    if name not in EVENT_FORMATS:
        hint = did_you_mean(str(name), FORMATS)
        raise ParameterError(f"unknown event format {name!r}: expected one of {', '.join(FORMATS)}"
                             + (f" — {hint}" if hint else ""))
    return EVENT_FORMATS[name]


def _into(into: str | os.PathLike[str] | ConflictGraph | None) -> tuple[ConflictGraph | None, Path | None]:
    if into is None:
        return None, None
    if isinstance(into, ConflictGraph):
        return into, None
    try:
        return load(into), Path(into)
    except DatasetError as exc:
        raise EventImportError(exc.problems, summary=f"cannot import into {os.fspath(into)}") from None


def _prior_events(into: ConflictGraph | None, into_path: Path | None, fmt: EventFormat) -> Path | None:
    if into is None:
        return None
    path = events_file_for(into_path) if into_path is not None else None
    if path is not None and path.is_file():
        return path
    if (_origins(into.relations) == fmt.name).any():
        where = f" ({path} is missing)" if path is not None else ""
        raise EventImportError(Problem(
            f"the dataset already holds {fmt.name} relations but not the events they came from{where}: "
            "importing again could count events twice",
            file=os.fspath(into_path) if into_path else None,
            hint="import into the file an import wrote (its events file beside it), or import the "
                 "events into the curated dataset again in one go"))
    return None


def _beside_output(value: str | os.PathLike[str] | bool | None, output: Path | None,
                   rule: Any) -> Path | None:
    if value is False:
        return None
    if value is None or value is True:
        if output is None:
            if value is True:
                raise ParameterError("events=True/rejects=True need an output to write beside; give a path")
            return None
        return Path(rule(output))
    return Path(value)


def _kept_relations(into: ConflictGraph | None, fmt: EventFormat, *, replaced: bool) -> pd.DataFrame | None:
    """The dataset's relations that stay: all but those an earlier import of this format made (they are
    made again, from its events and the new ones)."""
    if into is None:
        return None
    rel = into.relations.drop(columns=[c for c in DERIVED_RELATION_COLUMNS if c in into.relations.columns])
    if replaced:
        rel = rel[(_origins(rel) != fmt.name).to_numpy()]
    return rel.reset_index(drop=True)


def _origins(relations: pd.DataFrame) -> pd.Series:
    """Which import made each relation: the ``origin`` column, or ``attributes["origin"]`` where a
    format without extra columns (YAML, JSON) kept it there."""
    origin = (relations["origin"].astype(object) if "origin" in relations.columns
              else pd.Series(None, index=relations.index, dtype=object))
    if "attributes" in relations.columns:
        from_attributes = relations["attributes"].map(
            lambda a: a.get("origin") if isinstance(a, dict) else None)
        origin = origin.where(origin.notna(), from_attributes)
    return origin


def _evidence(frame: pd.DataFrame, source: str) -> list[tuple[dict[str, str], ...]]:
    """The evidence tuples of aggregated relations, from their ``quote_1`` and ``quote_2``."""
    first = frame["quote_1"].tolist() if "quote_1" in frame.columns else [None] * len(frame)
    last = frame["quote_2"].tolist() if "quote_2" in frame.columns else [None] * len(frame)
    return [(({"source": source, "quote": a},) if isinstance(a, str) else ()) if not isinstance(b, str)
            else ({"source": source, "quote": a}, {"source": source, "quote": b})
            for a, b in zip(first, last, strict=True)]


def _new_actor_frame(new_actors: pd.DataFrame, fmt: EventFormat) -> pd.DataFrame:
    if new_actors.empty:
        return new_actors.iloc[:0][["id", "name", "type", "country"]]
    described = new_actors.assign(
        description=[f"Actor of the {fmt.title} ({n:,} events); kept by the import"
                     for n in new_actors["events"]])
    return described[["id", "name", "type", "country", "description"]]


def _sources(into: ConflictGraph | None, fmt: EventFormat) -> pd.DataFrame:
    row = pd.DataFrame([dict(fmt.source)])
    if into is None:
        return row
    existing = into.sources
    if fmt.source["id"] in set(existing["id"]):
        return existing
    return pd.concat([existing, row], ignore_index=True)


def _dataset(into: ConflictGraph | None, fmt: EventFormat) -> dict[str, Any]:
    if into is not None:
        return into.dataset
    return {"id": f"{fmt.name}-import", "title": f"{fmt.title}, imported"}


def _type_records(into: ConflictGraph | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if into is None:
        return [], []
    return into.vocabulary.difference(Vocabulary.default()).records()


def _graph(into: ConflictGraph | None, kept: pd.DataFrame | None, new_actors: pd.DataFrame,
           table: Any, fmt: EventFormat) -> ConflictGraph:
    frame = table.sort_by("id").to_pandas() if table is not None else pd.DataFrame(columns=["id"])
    relations = pd.DataFrame({
        "id": frame.get("id"), "source": frame.get("source"), "target": frame.get("target"),
        "type": frame.get("type"), "date": frame.get("date"), "weight": frame.get("weight"),
        "evidence": _evidence(frame, fmt.source["id"]),
    })
    for column in EXTRA_COLUMNS:
        relations[column] = fmt.name if column == "origin" else frame.get(column)
    if kept is not None and not kept.empty:
        relations = pd.concat([kept, relations], ignore_index=True)
    actors = into.actors if into is not None else EMPTY_ACTORS.drop(columns=["aliases"])
    added = _new_actor_frame(new_actors, fmt)
    if not added.empty:
        actors = pd.concat([actors, added], ignore_index=True)
    rel_types, act_types = _type_records(into)
    return ConflictGraph.from_frames(actors, relations, sources=_sources(into, fmt),
                                     dataset=_dataset(into, fmt), relation_types=rel_types,
                                     actor_types=act_types,
                                     coalition_ties=into.coalition_ties if into is not None else True)


class _Run:
    """One import's steps over one engine (see the module docstring)."""

    def __init__(self, engine: Any, fmt: EventFormat, policy: EventPolicy, workdir: Path) -> None:
        self.engine = engine
        self.fmt = fmt
        self.policy = policy
        self.workdir = workdir
        self.reject_rows: list[dict[str, Any]] = []
        self.recovered = 0
        self.has_prior = False

    # ------------------------------------------------------------------ 1-2: read
    def plan(self, files: list[InputFile], layouts: list[FileLayout]) -> tuple[
            list[tuple[int, list[str], FileLayout]], list[tuple[str, int, int]]]:
        """Register ``import_files``; the groups of files read together (a round of files and one
        layout: a file given twice is read twice) and each file's ``(path, round, rank)``."""
        seen: Counter[str] = Counter()
        rows: list[dict[str, Any]] = []
        groups: dict[tuple[int, FileLayout], list[str]] = {}
        for rank, (file, layout) in enumerate(zip(files, layouts, strict=True)):
            round_ = seen[file.path]
            seen[file.path] += 1
            rows.append({"path": file.path, "round": round_, "display": file.display, "rank": rank})
            groups.setdefault((round_, layout), []).append(file.path)
        repeated = [problem for file, layout in zip(files, layouts, strict=True) if layout.header
                    for problem in repeated_columns(layout.columns, file.display)]
        if repeated:
            raise EventImportError(repeated, summary=None if len(repeated) == 1 else "cannot read the files")
        self.files = pd.DataFrame(rows)
        self.layout_of = {file.path: layout for file, layout in zip(files, layouts, strict=True)}
        self.engine.register("import_files", self.files.astype({"round": "int64", "rank": "int64"}))
        self.rank_of: dict[tuple[str, int], int] = {(str(r["path"]), int(r["round"])): int(r["rank"])
                                                    for r in rows}
        parts = [(round_, paths, layout) for (round_, layout), paths in groups.items()]
        return parts, [(str(r["path"]), int(r["round"]), int(r["rank"])) for r in rows]

    def read(self, files: list[InputFile], layouts: list[FileLayout]) -> None:
        parts, ranks = self.plan(files, layouts)
        scans = self.engine.csv_relation(parts, self.fmt.raw_columns, self.fmt.raw_types, "raw_events")
        self.scan_round = {scan: round_ for scan, (round_, _, _) in zip(scans, parts, strict=True)}
        try:
            self.engine.execute(f"CREATE TABLE staged_events AS {sql.staging_sql(self.fmt, ranks=ranks)}",
                                label="reading")
        except EventImportError:
            cut = [problem for problem in map(cut_short, files) if problem is not None]
            if cut:  # the engine's message names no file nor line: say which file ends where
                raise EventImportError(cut) from None
            raise
        self._collect(scans, offsets={})
        self._reject_bad_text()

    def _reject_bad_text(self) -> None:
        """Set aside, as malformed, the rows whose text holds a character no dataset may hold
        (``problems.BAD_CHARACTERS``: a control character, U+FFFE, U+FFFF): the graph could not be
        built with them, and one such row must not stop the import of the others."""
        text_columns = [c for c in STAGED_COLUMNS if STAGED_TYPES.get(c, "VARCHAR") == "VARCHAR"]
        # one pass of the expression over each row's text (concat reads NULL as empty)
        found = f"regexp_matches(concat({', '.join(ident(c) for c in text_columns)}), {literal(_BAD_TEXT)})"
        bad = self.engine.frame(f"SELECT file_rank, event_id FROM staged_events WHERE {found}")
        if bad.empty:
            return
        self.engine.execute(f"DELETE FROM staged_events WHERE {found}")
        for rank, group in bad.groupby("file_rank", sort=True):
            where = self.files[self.files["rank"] == int(rank)].iloc[0]
            ids = [str(i) for i in group["event_id"]]
            for event_id, (line, text) in zip(ids, lines_with_bad_text(str(where["path"]), ids), strict=True):
                message = (f"event {event_id}: its text holds a character no dataset can hold (a "
                           "control character, U+FFFE or U+FFFF)")
                self.reject_rows.append({"file": str(where["display"]), "line": line,
                                         "reason": "control character", "message": message, "text": text,
                                         "rank": int(rank)})

    def _collect(self, scans: list[str], offsets: dict[str, tuple[str, int, int, int]]) -> None:
        """Turn the engine's rejects into rows with file and line; read swallowed rows again."""
        raw = self.engine.rejects(scans)
        if raw.empty:
            return
        raw = raw.drop_duplicates(["scan", "scan_path", "line_byte_position"], keep="first")
        positions: dict[str, list[int]] = {}
        for path, pos in zip(raw["scan_path"], raw["line_byte_position"], strict=True):
            positions.setdefault(path, []).append(int(pos))
        lines = {path: line_numbers(path, pos) for path, pos in positions.items()}
        retry: list[tuple[str, str, int, int, int]] = []
        for row in raw.to_dict("records"):
            path = row["scan_path"]
            round_ = self.scan_round.get(row["scan"], 0)
            original, line_offset, rank, round_ = offsets.get(
                path, (path, 0, self.rank_of.get((path, round_), self._rank(path)), round_))
            line = lines[path][int(row["line_byte_position"])] + line_offset
            display = self._display(original)
            text = str(row["csv_line"] or "").lstrip("\r\n")
            physical = text.split("\n")
            merged = (self.fmt.quoted and row["error_type"] in _MERGING_ERRORS and len(physical) > 1
                      and any(p.strip() for p in physical[1:]))
            reason = self._reason(row, original)
            if merged:
                reason = "stray quote"
                retry.append((original, "\n".join(p.rstrip("\r") for p in physical[1:]), line, int(rank),
                              int(round_)))
            self.reject_rows.append({"file": display, "line": line, "reason": reason,
                                     "message": _message(row["error_message"]),
                                     "text": physical[0].rstrip("\r"), "rank": rank})
        if retry:
            self._reread(retry)

    def _display(self, path: str) -> str:
        found = self.files[self.files["path"] == path]
        return str(found["display"].iloc[0]) if len(found) else path

    def _rank(self, path: str) -> int:
        found = self.files[self.files["path"] == path]
        return int(found["rank"].iloc[0]) if len(found) else 0

    def _reason(self, row: dict[Any, Any], path: str) -> str:
        kind = str(row["error_type"])
        if kind == "CAST":
            layout = self.layout_of.get(path)
            column = row["column_name"]
            message = str(row["error_message"])
            empty = "Could not convert string" not in message or 'string ""' in message
            if layout is not None and column in layout.date_columns:
                return "missing date" if empty else "impossible date"
            if layout is not None and column in layout.not_null and empty:
                return f"missing {column}"
            return f"bad value in {column}"
        return _REASONS.get(kind, kind.lower())

    def _reread(self, retry: list[tuple[str, str, int, int, int]]) -> None:
        """Read again, one by one, the rows a stray quote swallowed (with the file's header)."""
        offsets: dict[str, tuple[str, int, int, int]] = {}
        parts = []
        rows = []
        for number, (original, body, first_line, rank, round_) in enumerate(retry):
            layout = self.layout_of[original]
            header = head_bytes(InputFile(original, original)).split(b"\n", 1)[0].decode("utf-8", "replace")
            target = self.workdir / f"recovered_{len(self.reject_rows)}_{number}.csv"
            target.write_text(header.rstrip("\r") + "\n" + body + "\n", encoding="utf-8",
                              errors="surrogateescape")
            self.layout_of[str(target)] = layout
            offsets[str(target)] = (original, first_line - 1, rank, round_)
            rows.append({"path": str(target), "round": 0, "display": self._display(original), "rank": rank})
            parts.append((0, [str(target)], layout))
        recovered = pd.DataFrame(rows).astype({"round": "int64", "rank": "int64"})
        self.engine.register("recovered_files", recovered)
        self.engine.execute("INSERT INTO import_files SELECT * FROM recovered_files")
        name = f"recovered_{len(self.reject_rows)}"
        scans = self.engine.csv_relation(parts, self.fmt.raw_columns, self.fmt.raw_types, name)
        before = self.engine.scalar("SELECT COUNT(*) FROM staged_events")
        self.engine.execute(f"INSERT INTO staged_events {sql.staging_sql(self.fmt, name)}")
        self.recovered += int(self.engine.scalar("SELECT COUNT(*) FROM staged_events")) - int(before)
        self._collect(scans, offsets)

    # ------------------------------------------------------------------ 3: code
    def code(self, vocabulary: Vocabulary) -> None:
        rules = self.policy.rules_frame(self.fmt.name)
        self.engine.register("policy_rules", rules.astype(
            {"label": "str", "type": "str", "code": "str", "code_prefix": "str", "subcode": "str",
             "interaction": "str"}).replace({"nan": None, "None": None}))
        types = vocabulary.relation_types
        inter = types[types["category"] == "interaction"]
        self.engine.register("relation_types", pd.DataFrame({
            "type": inter.index.astype(str), "sign": inter["sign"].astype("int64").to_numpy(),
            "directed": inter["directed"].astype(bool).to_numpy(),
            "default_weight": inter["default_weight"].astype("float64").to_numpy()}))
        self.engine.execute(sql.code_map_sql())

    # ------------------------------------------------------------------ 4: resolve
    def resolve(self, index: ActorIndex, mapping: dict[str, str], keep: bool) -> None:
        keys = self.engine.frame(sql.actor_keys_sql())
        self.resolution = resolve_actors(keys, self.fmt.name, index, mapping, keep_unmapped=keep)
        self.index = index
        table = self.resolution.actor_map.assign(label=keys["label"].to_numpy() if len(keys) else [])
        self.actor_table = table.assign(events=keys["events"].to_numpy() if len(keys) else [])[
            ["code", "name", "label", "country", "role", "events", "actor", "rule"]]
        table.insert(0, "key_id", np.arange(1, len(table) + 1, dtype="int64"))
        table = table.astype({"code": "str", "name": "str", "country": "str", "role": "str", "rule": "str",
                              "label": "str"})
        table["actor"] = table["actor"].astype(object)
        if table.empty:
            self.engine.execute("CREATE TABLE actor_map (key_id BIGINT, code VARCHAR, name VARCHAR, "
                                "country VARCHAR, role VARCHAR, actor VARCHAR, rule VARCHAR, label VARCHAR)")
        else:
            self.engine.register("actor_map", table)

    # ------------------------------------------------------------------ 5: classify
    def classify(self, prior: Path | None, *, event_ids: bool) -> None:
        self.has_prior = prior is not None
        if prior is not None:
            self.engine.parquet_relation("prior_events", str(prior))
        weight = sql.weight_sql(self.fmt, goldstein_scale=self.policy.goldstein_scale,
                                fatalities=self.policy.fatalities[self.fmt.name])
        self.read_by_rank = dict(self.engine.frame(sql.file_counts_sql()).itertuples(index=False, name=None))
        self.repeated_ids = (None if "event_id" in self.policy.duplicates[self.fmt.name]
                             else int(self.engine.scalar(sql.repeated_ids_sql()) or 0))
        self.engine.execute(sql.events_sql(self.fmt, self.policy.duplicates[self.fmt.name], weight,
                                           has_prior=self.has_prior, event_ids=event_ids), label="coding")
        self.drop_staged()

    def drop_staged(self) -> None:
        self.engine.execute("DROP TABLE staged_events")

    # ------------------------------------------------------------------ 6: aggregate
    def aggregate(self, period: str) -> None:
        bounds = ["SELECT MIN(day) AS lo, MAX(day) AS hi FROM events WHERE status = 'imported'"]
        if self.has_prior:
            bounds.append("SELECT MIN(day), MAX(day) FROM prior_events "
                          f"WHERE origin = {literal(self.fmt.name)}")
        union = " UNION ALL ".join(bounds)
        lo, hi = self.engine.frame(f"SELECT MIN(lo) AS lo, MAX(hi) AS hi FROM ({union}) b").iloc[0]
        days = calendar(lo, hi, period) if pd.notna(lo) else calendar("2000-01-01", "1999-12-31", period)
        days = days.astype({"period": "str", "period_start": "str", "period_end": "str", "date": "str"})
        self.engine.register("calendar", days.assign(day_text=days["day"].astype("str"))[
            ["day", "period", "day_text"]], dates=("day",))
        self.engine.register("periods", days.drop_duplicates("period")[
            ["period", "period_start", "period_end", "date"]])
        self.engine.execute(sql.aggregated_sql(self.fmt, has_prior=self.has_prior,
                                               evidence=self.policy.evidence,
                                               weight=self.policy.aggregate_weight), label="aggregating")

    # ------------------------------------------------------------------ summary
    def summary(self, files: list[InputFile], layouts: list[FileLayout]) -> dict[str, Any]:
        engine = self.engine
        by_status = engine.frame(sql.status_counts_sql()).set_index("status")
        status = {str(k): int(v) for k, v in by_status["n"].items()}
        duplicates = int(by_status["duplicates"].fillna(0).sum())
        same_id = duplicates if self.repeated_ids is None else min(self.repeated_ids, duplicates)
        repeated = duplicates - same_id
        rejects = pd.DataFrame(self.reject_rows, columns=["file", "line", "reason", "message", "text"])
        rejects["line"] = rejects["line"].astype("int64")
        rejects = rejects.sort_values(["file", "line"], kind="stable").reset_index(drop=True)
        staged = int(sum(self.read_by_rank.values()))
        by_kind = {k: v for k, v in (("same event id", same_id), ("repeated report", repeated)) if v}
        if status.get("already imported"):
            by_kind["already imported"] = int(status["already imported"])
        dropped = dict(engine.frame(sql.dropped_sql()).itertuples(index=False, name=None))
        resolution = dict(engine.frame(sql.resolved_sql()).itertuples(index=False, name=None))
        unmapped = engine.frame(sql.unmapped_sql())
        unmapped["hint"] = [self.index.suggest(str(r.label or r.name or r.code))
                            for r in unmapped.itertuples()] if len(unmapped) <= 200 else None
        read_by_rank = self.read_by_rank
        rejected_by_rank = Counter(r["rank"] for r in self.reject_rows)
        file_rows = [{"file": f.display, "layout": layout.layout,
                      "rows_read": int(read_by_rank.get(rank, 0) + rejected_by_rank.get(rank, 0)),
                      "rejected": int(rejected_by_rank.get(rank, 0))}
                     for rank, (f, layout) in enumerate(zip(files, layouts, strict=True))]
        file_frame = pd.DataFrame(file_rows, columns=["file", "layout", "rows_read", "rejected"])
        relations = int(engine.scalar("SELECT COUNT(*) FROM aggregated") or 0)
        counts = {
            "rows_read": staged + len(rejects), "rejected": len(rejects), "duplicates": duplicates,
            "already_imported": int(status.get("already imported", 0)),
            "one_sided": int(status.get("one-sided", 0)), "dropped": int(status.get("dropped by policy", 0)),
            "ignored": int(status.get("ignored by mapping", 0)),
            "unmapped": int(status.get("unmapped actor", 0)), "same_actor": int(status.get("same actor", 0)),
            "imported": int(status.get("imported", 0)), "relations": relations,
            "new_actors": len(self.resolution.new_actors),
        }
        return {"counts": counts, "rejected": rejects["reason"].value_counts().to_dict(),
                "duplicates": by_kind, "dropped": {str(k): int(v) for k, v in dropped.items()},
                "resolution": {str(k): int(v) for k, v in resolution.items()}, "files": file_frame,
                "rejects": rejects, "unmapped": unmapped, "actor_map": self.actor_table}

    # ------------------------------------------------------------------ output
    def output_engine(self) -> Engine:
        """The engine that writes the output files, with ``aggregated`` in it."""
        return self.engine

    def write_events(self, path: Path, prior: Path | None) -> None:
        """The imported events (and those imported before, of every origin) for later imports."""
        query = sql.events_file_sql(self.fmt)
        if self.has_prior:
            cols = ", ".join(ident(c) for c in sql.EVENT_COLUMNS)
            query = f"SELECT {cols} FROM prior_events UNION ALL {query}"
        self.engine.copy_parquet(sql.optional_columns_sql(query), str(path), label="writing events")

    def write_parquet(self, path: Path, into: ConflictGraph | None, kept: pd.DataFrame | None,
                      new_actors: pd.DataFrame) -> None:
        """The dataset as the Parquet format of :func:`graphlib_conflict.write_parquet`, written by the
        engine from ``aggregated`` (and the relations kept), never held in memory."""
        out = self.output_engine()
        source = literal(self.fmt.source["id"])
        n = self.policy.evidence
        if n:
            items = ", ".join(f"{{'source': {source}, 'quote': quote_{i}}}" for i in range(1, n + 1))
            evidence = (f"CASE WHEN quote_1 IS NULL THEN NULL ELSE CAST(to_json(list_filter([{items}], "
                        f"lambda x: x.quote IS NOT NULL)) AS VARCHAR) END")
        else:
            evidence = "CAST(NULL AS VARCHAR)"
        columns = {
            "id": "id", "source": "source", "target": "target", "type": "type",
            "start": "CAST(NULL AS VARCHAR)", "end": "CAST(NULL AS VARCHAR)", "date": "date",
            "weight": "weight", "confidence": "CAST(NULL AS DOUBLE)", "evidence": evidence,
            "notes": "CAST(NULL AS VARCHAR)", "attributes": "CAST(NULL AS VARCHAR)",
            "events": "events", "weight_sum": "weight_sum", "weight_mean": "weight_mean", "score": "score",
            "period": "period", "period_start": "period_start", "period_end": "period_end",
            "origin": literal(self.fmt.name), "mentions": "mentions", "fatalities": "fatalities",
        }
        query = "SELECT " + ", ".join(f"{expr} AS {ident(name)}" for name, expr in columns.items()) + \
                " FROM aggregated"
        if kept is not None and not kept.empty:
            curated = flat_relations(kept, confidence_words=False)
            for column in RELATION_COLUMNS:
                if column not in curated.columns:
                    curated[column] = None
            for column in curated.columns:
                if curated[column].dtype == object:
                    curated[column] = curated[column].astype("str").where(curated[column].notna(), None)
            out.register("kept_relations", curated)
            query = f"SELECT * FROM kept_relations UNION ALL BY NAME {query}"
        query = f"SELECT * FROM ({query}) r ORDER BY id"
        meta: dict[str, Any] = (metadata_document(into) if into is not None
                                else {"dataset": _dataset(None, self.fmt)})
        actors = flat_actors(into.actors) if into is not None else EMPTY_ACTORS.drop(columns=["aliases"])
        records = json.loads(actors.to_json(orient="records")) if len(actors) else []
        records += json.loads(_new_actor_frame(new_actors, self.fmt).to_json(orient="records"))
        meta["actors"] = records
        meta["sources"] = json.loads(_sources(into, self.fmt).to_json(orient="records"))
        with atomic_path(path) as tmp:
            out.copy_parquet(query, str(tmp), label="writing",
                                     metadata={"graphlib_conflict": json.dumps(meta, ensure_ascii=False)})


def _message(text: Any) -> str:
    message = str(text or "").strip().splitlines()
    return message[0] if message else ""


def write_unmapped(result: ImportResult, path: str | os.PathLike[str]) -> None:
    """Write the unmapped actors of an import (``code, name, label, country, role, events``) as CSV,
    ready to fill in an ``actor`` column and use as a mapping."""
    unmapped = result.unmapped
    frame = unmapped.assign(source=unmapped["code"].where(unmapped["code"] != "", unmapped["name"]), actor="")
    write_table(frame, path, ("source", "actor", "code", "name", "label", "country", "role", "events"))


class _SparkRun(_Run):
    """The same steps with Spark reading the files and running the pipeline's SQL; the output files are
    written on the driver by the embedded engine from the (small) aggregated table and the events."""

    engine: SparkEngine

    def read(self, files: list[InputFile], layouts: list[FileLayout]) -> None:
        parts, ranks = self.plan(files, layouts)
        try:
            self.reject_rows = self.engine.read(self.fmt, self.files, parts, ranks)
        except EventImportError:
            local = [file for file in files if not is_remote(file.path)]
            cut = [problem for problem in map(cut_short, local) if problem is not None]
            if cut:  # as on the embedded engine: say which file ends where
                raise EventImportError(cut) from None
            raise

    def drop_staged(self) -> None:
        self.engine.drop_staged()

    def output_engine(self) -> Engine:
        local = self.engine.local
        if not self.engine.local_tables.get("aggregated"):
            self.engine.to_local("aggregated", "SELECT * FROM aggregated")
            self.engine.local_tables["aggregated"] = True
        return local

    def write_events(self, path: Path, prior: Path | None) -> None:
        local = self.engine.local
        self.engine.to_local("new_events", sql.events_file_sql(self.fmt))
        cols = ", ".join(ident(c) for c in sql.EVENT_COLUMNS)
        query = f"SELECT {cols} FROM new_events"
        if self.has_prior and prior is not None:
            local.parquet_relation("prior_events", str(prior))
            query = f"SELECT {cols} FROM prior_events UNION ALL {query}"
        local.copy_parquet(sql.optional_columns_sql(query), str(path), label="writing events")
