"""The distributed engine: Apache Spark, running the pipeline's SQL on a cluster (see ``docs/spark.md``).

The import's steps are the statements of :mod:`graphlib_conflict.io.events._pipeline`, written once in
DuckDB's dialect and transpiled to Spark SQL by ``sqlglot``; this module gives Spark what DuckDB's CSV
reader gives the embedded engine, in Spark SQL only (no Python function runs per row):

* **reading**: ``spark.read.text`` (``lineSep="\\n"``, so ``s3a://`` globs and ``.gz`` files read
  as they are), every line numbered from its file split (``_metadata.file_block_start``, the line's
  place in its split, and the lines of the splits before it), split at the delimiter — or, for the
  quoted formats (ACLED, UCDP), lines joined into records where a quoted value spans lines (the
  running count of ``"`` per file) and cut into fields by a regular expression;
* **rejects** as DuckDB's reader makes them: the same rows, with the same reasons, physical lines and
  messages (bytes that are not UTF-8 in a column read, another field count than the layout's, a
  value the column's type cannot hold, a quote that does not close where it should); the rows a
  stray quote swallowed are joined again from the line after it, as the embedded engine reads them
  again;
* **tables** of ``CREATE TABLE ... AS`` become temporary views of DataFrames computed at once and
  persisted (memory and disk), in a session of their own (``SparkSession.newSession``: the caller's
  views and settings are left alone); ``WITH`` parts are written into the statements as subqueries
  (:func:`to_spark_sql`), where Spark finds those cached tables;
* **output**: the aggregated pair x period table (small beside the events) comes back to the driver
  in slices of Arrow batches, into a driver-side DuckDB (:class:`~._engine.Engine`) that writes the
  very Parquet file, rejects and events files the embedded engine writes.

Differences from the embedded engine, all in values DuckDB's reader is lenient about: DuckDB also
reads hexadecimal (``0x1F``) and digit-grouped (``1_000``) numbers and dates with a missing digit
(``2020023`` as ``%Y%m%d``); Spark rejects these rows ("bad value in ...", "impossible date").
A quote that never closes takes in the lines up to the next quote here, at most the rest of its file
(DuckDB: at most 2 MB); both read those lines again.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import shutil
import urllib.parse
import uuid
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from graphlib_conflict.exceptions import OptionalDependencyError
from graphlib_conflict.io.events import _pipeline as sql
from graphlib_conflict.io.events._engine import Engine
from graphlib_conflict.io.events._files import InputFile
from graphlib_conflict.io.events._spec import STAGED_TYPES, EventFormat, EventImportError, FileLayout
from graphlib_conflict.problems import Problem

__all__ = [
    "ENGINES",
    "SparkEngine",
    "SparkUnavailableError",
    "is_remote",
    "remote_files",
    "require_spark",
    "spark_session",
    "to_spark_sql",
]

ENGINES = ("duckdb", "spark")
"""The engines ``read_events`` runs on."""
INSTALL = "pip install 'graphlib_conflict[spark]'"
JAVA = "apt-get install openjdk-17-jre-headless"
SLICE_ROWS = 250_000
"""Rows brought back to the driver at a time (one Arrow collection) when a table is written: a slice
is one task's result, held whole in the JVM while it is sent (a million aggregated GDELT rows ran a
2 GB driver out of heap)."""
SESSION_CONF = {
    # 20200230 must be an impossible date, not an error about Spark 2's parser (Spark 3.x default)
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
}
_TYPE_NAMES = {"BIGINT": "BIGINT", "INTEGER": "INT", "DOUBLE": "DOUBLE", "DATE": "DATE",
               "TIMESTAMP": "TIMESTAMP", "VARCHAR": "STRING"}
_STRPTIME = {"%Y": "yyyy", "%m": "MM", "%d": "dd", "%B": "MMMM", "%b": "MMM", "%y": "yy", "%H": "HH",
             "%M": "mm", "%S": "ss", "%g": "SSS"}
_MESSAGES = {"encoding": "Invalid unicode (byte sequence mismatch) detected. This file is not utf-8 encoded.",
             "quote": "Value with unterminated quote found."}


class SparkUnavailableError(EventImportError, OptionalDependencyError):
    """``engine="spark"`` was asked for where PySpark or a Java runtime is missing; the message names
    the install command (``pip install 'graphlib_conflict[spark]'``, a Java runtime)."""


def require_spark(*, cli: bool = False) -> None:
    """Check that PySpark and a Java runtime are installed.

    Parameters
    ----------
    cli : bool
        Word the message for the command line (``--engine spark``) instead of Python.

    Raises
    ------
    SparkUnavailableError
        Naming what is missing and the command that installs it.

    Examples
    --------
    >>> try:
    ...     require_spark()
    ... except SparkUnavailableError as exc:
    ...     assert "graphlib_conflict[spark]" in str(exc) or "openjdk" in str(exc)
    """
    asked = "--engine spark" if cli else 'engine="spark"'
    if importlib.util.find_spec("pyspark") is None:
        raise SparkUnavailableError(Problem(
            f"{asked} needs PySpark, which is not installed",
            hint=f"{INSTALL} (and a Java runtime, e.g. {JAVA}); or use the embedded engine"
                 + (" (leave out --engine)" if cli else ' (engine="duckdb", the default)')))
    if _java() is None:
        raise SparkUnavailableError(Problem(
            f"{asked} needs a Java runtime (Spark runs on the JVM): no java on PATH and JAVA_HOME is unset",
            hint=f"install one, e.g. {JAVA}, or set JAVA_HOME"))


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def spark_session(master: str | None = None, *, app_name: str = "graphlib_conflict import",
                  config: Mapping[str, str] | None = None, progress: bool = False) -> Any:
    """A SparkSession for an import: the active one (as ``spark-submit`` makes it), or a new one.

    Parameters
    ----------
    master : str, optional
        A Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``, ``k8s://...``); default: the
        one ``spark-submit`` was given, or ``local[*]``.
    app_name : str
    config : mapping, optional
        Further Spark settings (``{"spark.executor.memory": "4g"}``).
    progress : bool
        Spark's console progress bar.

    Raises
    ------
    SparkUnavailableError
        PySpark or Java missing.
    """
    require_spark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {"spark.ui.showConsoleProgress": str(progress).lower()}
    if master and master.startswith("local"):
        # one machine: no network interface needed, no web UI
        settings.update({"spark.driver.bindAddress": "127.0.0.1", "spark.driver.host": "127.0.0.1",
                         "spark.ui.enabled": "false"})
    settings.update(dict(config or {}))
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # py4j and PySpark raise their own types; all mean "no session"
        raise EventImportError(Problem(f"cannot start Spark{f' ({master})' if master else ''}: "
                                       f"{_first_line(exc)}",
                                       hint="check the master URL and that the cluster is reachable")
                             ) from None


@cache
def to_spark_sql(statement: str) -> str:
    """A pipeline statement (DuckDB's dialect) in Spark SQL, transpiled by sqlglot.

    ``WITH`` parts are written into the statement as subqueries: Spark looks for the tables it has
    cached (``events``, ``code_map``, ...) outside ``WITH`` parts only, and would compute them again
    from the files inside one.

    >>> to_spark_sql('WITH t AS (SELECT "a b" FROM e) SELECT x."a b" FROM t x')  # doctest: +SKIP
    'SELECT x.`a b` FROM (SELECT `a b` FROM e) AS x'
    """
    try:
        import sqlglot
        from sqlglot import exp
    except ImportError:
        raise SparkUnavailableError(Problem("the Spark engine needs sqlglot, which is not installed",
                                            hint=INSTALL)) from None
    tree = sqlglot.parse_one(statement, read="duckdb")
    with_ = tree.find(exp.With)
    if with_ is not None:
        ctes = [(cte.alias_or_name, cte.this) for cte in with_.expressions]
        with_.pop()
        for number, (name, body) in enumerate(ctes):
            for part in [tree, *(later for _, later in ctes[number + 1:])]:
                for table in list(part.find_all(exp.Table)):
                    if table.name == name and not table.db:
                        alias = exp.TableAlias(this=exp.to_identifier(table.alias or name))
                        table.replace(exp.Subquery(this=body.copy(), alias=alias))
    return str(tree.sql(dialect="spark"))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def is_remote(path: str | os.PathLike[str]) -> bool:
    """Whether a path is a URL Spark reads (``s3a://``, ``hdfs://``, ``gs://``, ``file:/``), not a
    local path.

    >>> is_remote("s3a://gdelt/2020/*.export.CSV"), is_remote("events/2020.CSV"), is_remote("C:/x")
    (True, False, False)
    """
    text = os.fspath(path)
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:/", text) is not None


def remote_files(spark: Any, patterns: Sequence[str]) -> list[InputFile]:
    """The files URLs and URL globs name, each pattern's matches sorted (listed by Hadoop's file
    system on the driver, as Spark lists them); a folder gives its files, hidden ones (``.name``) left
    out, as a local folder does.

    Raises
    ------
    EventImportError
        Naming every pattern that matches no file.
    """
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    out: list[InputFile] = []
    problems = []
    for pattern in patterns:
        path = jvm.org.apache.hadoop.fs.Path(pattern)
        found: list[str] = []
        try:
            system = path.getFileSystem(conf)
            for status in system.globStatus(path) or []:
                inside = system.listStatus(status.getPath()) if status.isDirectory() else [status]
                found += [_full_uri(str(s.getPath().toString())) for s in inside
                          if s.isFile() and not str(s.getPath().getName()).startswith(".")]
        except Exception as exc:  # a py4j error: the file system cannot be reached
            problems.append(Problem(f"cannot list: {_first_line(exc)}", file=pattern))
            continue
        found.sort()
        if not found:
            problems.append(Problem("no file matches this pattern", file=pattern))
        out.extend(InputFile(p, p) for p in found)
    if problems:
        raise EventImportError(problems, summary="cannot find the event files")
    return out


def _full_uri(path: str) -> str:
    """Hadoop's short ``file:/tmp/x`` as the URI ``file:///tmp/x`` (other schemes as they are).

    >>> _full_uri("file:/tmp/a b.csv"), _full_uri("s3a://bucket/x.CSV")
    ('file:///tmp/a b.csv', 's3a://bucket/x.CSV')
    """
    return "file://" + path[len("file:"):] if re.match(r"^file:/(?!/)", path) else path


def remote_head(spark: Any, file: InputFile, size: int = 1 << 16) -> bytes:
    """The first ``size`` bytes of a file Spark reads (decompressed by its codec), read on the driver."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(file.path)
    try:
        stream = path.getFileSystem(conf).open(path)
        codec = jvm.org.apache.hadoop.io.compress.CompressionCodecFactory(conf).getCodec(path)
        if codec is not None:
            stream = codec.createInputStream(stream)
        try:
            return bytes(stream.readNBytes(size))
        finally:
            stream.close()
    except Exception as exc:  # a py4j error from the file system
        problem = Problem(f"cannot read the file: {_first_line(exc)}", file=file.display)
        raise EventImportError(problem) from None


def _spark_uri(path: str) -> str:
    return path if is_remote(path) else Path(path).resolve().as_uri()


def _local_path(spark_path: str) -> str:
    """A path as Spark reports it (``file:///tmp/a%20b``, ``s3a://b/a%20b``) as the import knows it
    (``/tmp/a b``, ``s3a://b/a b``).

    >>> _local_path("file:///tmp/a%20b.csv"), _local_path("s3a://b/2020%20x.CSV")
    ('/tmp/a b.csv', 's3a://b/2020 x.CSV')
    """
    parsed = urllib.parse.urlparse(spark_path)
    if parsed.scheme == "file":
        return urllib.parse.unquote(parsed.path)
    return urllib.parse.unquote(spark_path)


def _java_pattern(strptime: str) -> str:
    """A strptime format as a Spark datetime pattern.

    >>> _java_pattern("%d %B %Y"), _java_pattern("%m/%d/%Y")
    ('d MMMM yyyy', 'M/d/yyyy')
    """
    # numbers cut by a separator may have one digit (12/1/2017), as strptime reads them; run together
    # (%Y%m%d) they need their full width
    together = re.search(r"%[A-Za-z]%[A-Za-z]", strptime) is not None
    out = strptime
    for code, pattern in _STRPTIME.items():
        if code in ("%m", "%d") and not together:
            pattern = pattern[0]
        out = out.replace(code, pattern)
    return out


def _quote_sql(text: str) -> str:
    """A Spark SQL string literal (backslashes are escapes there)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _bt(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class SparkEngine:
    """The pipeline on Spark: the interface of :class:`~._engine.Engine` over a SparkSession.

    Parameters
    ----------
    spark : SparkSession
        The caller's session; the import works in a new session of it (its own views and settings).
    workdir : Path
        The import's private folder on the driver (the driver-side DuckDB spills there).
    memory_limit, threads, progress
        For the driver-side DuckDB that writes the output.
    """

    def __init__(self, spark: Any, workdir: Path, *, memory_limit: str | int | None = None,
                 threads: int | None = None, progress: bool = False) -> None:
        try:
            self.spark = spark.newSession()
        except Exception:  # Spark Connect has no newSession: share the caller's session
            self.spark = spark
        for key, value in SESSION_CONF.items():
            self.spark.conf.set(key, value)
        self.local = Engine(workdir, memory_limit=memory_limit, threads=threads, progress=progress)
        self.workdir = workdir
        self.tables: dict[str, Any] = {}
        self.local_tables: dict[str, bool] = {}
        self.progress = progress

    def close(self) -> None:
        """Drop the import's views and cached tables; close the driver-side DuckDB."""
        for name in list(self.tables):
            self.drop(name)
        self.local.close()

    # ------------------------------------------------------------------ the Engine interface
    def execute(self, statement: str, *, label: str | None = None) -> None:
        """Run ``CREATE TABLE name AS query`` (a persisted view), ``CREATE TABLE name (columns)`` (an
        empty view) or ``DROP TABLE name``."""
        created = re.match(r"\s*CREATE TABLE (\w+) AS\s+(.*)\Z", statement, re.S)
        if created:
            self.create(created.group(1), self.sql(created.group(2)))
            return
        empty = re.match(r"\s*CREATE TABLE (\w+) \((.*)\)\s*\Z", statement, re.S)
        if empty:
            columns = ", ".join(f"CAST(NULL AS {_TYPE_NAMES.get(kind.upper(), kind)}) AS {_bt(name)}"
                                for name, kind in (column.split() for column in empty.group(2).split(",")))
            self.create(empty.group(1), self.spark.sql(f"SELECT {columns} LIMIT 0"), persist=False)
            return
        dropped = re.match(r"\s*DROP TABLE (\w+)\s*\Z", statement)
        if dropped:
            self.drop(dropped.group(1))
            return
        self.sql(statement).collect()

    def sql(self, statement: str) -> Any:
        """A pipeline query as a Spark DataFrame."""
        return self._guard(lambda: self.spark.sql(to_spark_sql(statement)))

    def create(self, name: str, frame: Any, *, persist: bool = True) -> Any:
        """Make ``frame`` the view ``name``; with ``persist``, computed now and kept (memory, then disk).

        Computed at once, not when first used: the tables it was made from may be dropped next (as
        ``staged_events`` is once ``events`` exists), and a lazy cache would then read the files again.
        """
        if name in self.tables:
            self.drop(name)
        if persist:
            from pyspark import StorageLevel

            # Spark's own level for DataFrames (``DataFrame.cache``): column batches kept as they are,
            # and written to disk when memory runs short (PySpark's MEMORY_AND_DISK would serialize
            # every batch with Java serialization first)
            frame = frame.persist(StorageLevel.MEMORY_AND_DISK_DESER)
            self._guard(frame.count)
        frame.createOrReplaceTempView(name)
        self.tables[name] = frame
        return frame

    def drop(self, name: str) -> None:
        """Drop a view and its cached data."""
        frame = self.tables.pop(name, None)
        if frame is not None:
            frame.unpersist()
        self.spark.catalog.dropTempView(name)

    def frame(self, statement: str) -> pd.DataFrame:
        """A (small) query result as a pandas DataFrame."""
        return self.arrow(statement).to_pandas()

    def arrow(self, statement: str, *, label: str | None = None) -> pa.Table:
        """A query result as a ``pyarrow.Table`` (collected on the driver)."""
        return self._to_arrow(self.sql(statement))

    def scalar(self, statement: str) -> Any:
        """The first value of a query's first row."""
        rows = self._guard(lambda: self.sql(statement).limit(1).collect())
        return rows[0][0] if rows else None

    def register(self, name: str, frame: pd.DataFrame, *, dates: Sequence[str] = ()) -> None:
        """Copy a small pandas table into the session as view ``name`` (``dates``: columns of days)."""
        table = pa.Table.from_pandas(frame, preserve_index=False)
        columns = []
        for field, column in zip(table.schema, table.columns, strict=True):
            if field.name in dates:
                column = column.cast(pa.date32())
            elif pa.types.is_null(field.type) or pa.types.is_large_string(field.type):
                column = column.cast(pa.string())
            columns.append(column)
        table = pa.table(columns, names=table.column_names)
        self.create(name, self._from_arrow(table), persist=False)

    def parquet_relation(self, name: str, path: str) -> None:
        """Register view ``name`` over a Parquet file (read by Spark: a URL on a cluster)."""
        self.create(name, self._guard(lambda: self.spark.read.parquet(_spark_uri(path))), persist=False)

    # ------------------------------------------------------------------ Arrow both ways
    def _from_arrow(self, table: pa.Table) -> Any:
        """A small driver-side table as a DataFrame: its Arrow batches are handed to the JVM, which
        holds them as a local relation (no Python worker, on the driver or an executor)."""
        return self._guard(lambda: self.spark.createDataFrame(table))

    def _to_arrow(self, frame: Any) -> pa.Table:
        return _narrow(self._guard(frame.toArrow))

    def to_local(self, name: str, statement: str) -> int:
        """Bring a query's result to the driver-side DuckDB as table ``name``, a slice at a time
        (:data:`SLICE_ROWS`); returns its rows."""
        frame = self.sql(statement)
        rows = int(self._guard(frame.count))
        slices = max(1, math.ceil(rows / SLICE_ROWS))
        if slices == 1:
            self._append_local(name, self._to_arrow(frame), first=True)
            return rows
        from pyspark import StorageLevel
        from pyspark.sql import functions as F  # noqa: N812 (the PySpark convention)

        # each part's batches carry their part's number, so that the cached column statistics let
        # a part's query skip every other part's batches (Spark cannot skip a part by
        # spark_partition_id, and each query would read the whole table)
        columns = frame.columns
        spread = frame.repartition(slices).withColumn("_slice", F.spark_partition_id()).persist(
            StorageLevel.MEMORY_AND_DISK_DESER)
        try:
            for part in range(slices):
                piece = spread.where(F.col("_slice") == part).select(*columns)
                self._append_local(name, self._to_arrow(piece), first=part == 0)
        finally:
            spread.unpersist()
        return rows

    def _append_local(self, name: str, table: pa.Table, *, first: bool) -> None:
        con = self.local.con
        con.register("_arrow_slice", table)
        try:
            if first:
                con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _arrow_slice')
            else:
                con.execute(f'INSERT INTO "{name}" SELECT * FROM _arrow_slice')
        finally:
            con.unregister("_arrow_slice")

    def _guard(self, call: Any) -> Any:
        """Run a Spark call; its errors (an unreadable input, a lost cluster) become EventImportError."""
        try:
            return call()
        except EventImportError:
            raise
        except Exception as exc:
            if type(exc).__module__.split(".")[0] not in ("pyspark", "py4j"):
                raise
            raise EventImportError(Problem(f"Spark failed: {_first_line(exc)}")) from None

    # ------------------------------------------------------------------ reading
    def read(self, fmt: EventFormat, files: pd.DataFrame,
             groups: Sequence[tuple[int, Sequence[str], FileLayout]],
             ranks: Sequence[tuple[str, int, int]]) -> list[dict[str, Any]]:
        """Read every group of files (a round and one layout) into ``staged_events``; return the
        rejected rows (``file``, ``line``, ``reason``, ``message``, ``text``, ``rank``)."""
        display = {(str(p), int(r)): (str(d), int(k)) for p, r, d, k in
                   files[["path", "round", "display", "rank"]].itertuples(index=False, name=None)}
        parts = [_GroupReader(self, fmt, round_, paths, layout).rows() for round_, paths, layout in groups]
        raw = parts[0]
        for part in parts[1:]:
            raw = raw.unionByName(part)
        raw.createOrReplaceTempView("raw_rows")
        self.sql(sql.staging_sql(fmt, "raw_rows", ranks=ranks, carry=_REJECT_CARRY)).createOrReplaceTempView(
            "staged_read")
        # rows whose staged text holds a character no dataset may hold are set aside, as the embedded
        # engine does once it has read the files (_importer._Run._reject_bad_text)
        texts = ", ".join(_bt(c) for c in sql.STAGED_COLUMNS if STAGED_TYPES.get(c, "VARCHAR") == "VARCHAR")
        kept = ", ".join(_bt(c) for c in ("file_rank", *sql.STAGED_COLUMNS, *_REJECT_CARRY[:3], "_text"))
        message = _quote_sql(": its text holds a character no dataset can hold (a control character, "
                             "U+FFFE or U+FFFF)")
        staged = self.spark.sql(
            f"SELECT {kept}, CASE WHEN _bad_text THEN 'control' ELSE _error END AS _error, "
            f"CASE WHEN _bad_text THEN 'control character' ELSE _reason END AS _reason, "
            f"CASE WHEN _bad_text THEN concat('event ', coalesce(event_id, ''), {message}) "
            f"ELSE _message END AS _message "
            f"FROM (SELECT *, _error IS NULL AND concat_ws('', {texts}) RLIKE {_quote_sql(BAD_TEXT)} "
            f"AS _bad_text FROM staged_read) s")
        staged = self.create("staged_all", staged)
        rejected = self._to_arrow(staged.where("_error IS NOT NULL").select(*_REJECT_CARRY)).to_pylist()
        good = ", ".join(["file_rank", *(_bt(c) for c in sql.STAGED_COLUMNS)])
        self.create("staged_events", self.spark.sql(f"SELECT {good} FROM staged_all WHERE _error IS NULL"),
                    persist=False)
        out = []
        for row in sorted(rejected, key=lambda r: (r["_file"], r["_line"])):
            shown, rank = display[(row["_file"], int(row["_round"]))]
            out.append({"file": shown, "line": int(row["_line"]), "reason": row["_reason"],
                        "message": row["_message"], "text": row["_text"], "rank": rank})
        return out

    def drop_staged(self) -> None:
        """Drop ``staged_events`` and the rows it was cut from."""
        self.drop("staged_events")
        self.drop("staged_all")


_REJECT_CARRY = ("_file", "_round", "_line", "_error", "_reason", "_message", "_text")
BAD_TEXT = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x{9f}\x{fffe}\x{ffff}]"
"""``problems.BAD_CHARACTERS`` as a Java regular expression (the embedded engine's RE2 spells it the
same way); valid UTF-8 holds no surrogates, and a row with bytes that are not is rejected already."""
"""Columns the reader carries beside the staged ones: where a row is, and why it is rejected."""


def _narrow(table: pa.Table) -> pa.Table:
    """Spark's Arrow types as DuckDB's: ``large_string`` -> ``string``, every column nullable (as the
    embedded engine's columns are, in the files it writes)."""
    fields = [pa.field(f.name, pa.string() if pa.types.is_large_string(f.type) else f.type)
              for f in table.schema]
    return table.cast(pa.schema(fields))


class _GroupReader:
    """One group of files (a round, one layout) read by Spark into the format's raw columns, typed, with
    each row's file, physical line and, for a rejected row, its reason."""

    def __init__(self, engine: SparkEngine, fmt: EventFormat, round_: int, paths: Sequence[str],
                 layout: FileLayout) -> None:
        self.engine = engine
        self.spark = engine.spark
        self.fmt = fmt
        self.round = round_
        self.paths = list(paths)
        self.layout = layout
        self.tag = f"g{uuid.uuid4().hex[:8]}"

    def _view(self, name: str, frame: Any) -> str:
        view = f"{self.tag}_{name}"
        frame.createOrReplaceTempView(view)
        return view

    # ------------------------------------------------------------------ lines, numbered
    def lines(self) -> str:
        """View of every physical line: ``_file`` (the import's path), ``_line`` (1-based), ``value``
        (without its ``\\n``)."""
        from pyspark.sql import functions as F  # noqa: N812 (the PySpark convention)

        uris = [_spark_uri(p) for p in self.paths]
        text = self.engine._guard(lambda: self.spark.read.option("lineSep", "\n").text(uris))
        scan = text.select(F.col("_metadata.file_path").alias("_spark_path"),
                           F.col("_metadata.file_block_start").alias("_block"),
                           F.monotonically_increasing_id().alias("_row"), F.col("value"))
        # each split is read in order, so a line's place in its split is its id less the split's first;
        # the splits of one file are counted on the way (a small table, one row per split)
        counts = self.engine._guard(lambda: scan.groupBy("_spark_path", "_block").agg(
            F.count(F.lit(1)).alias("n"), F.min("_row").alias("first")).collect())
        known = {_local_path(_spark_uri(p)): p for p in self.paths}
        rows = []
        before: dict[str, int] = {}
        for path, block, n, first in sorted((str(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in counts):
            local = _local_path(path)
            rows.append((path, block, first, before.get(local, 0), known.get(local, local)))
            before[local] = before.get(local, 0) + n
        names, kinds = ("_spark_path", "_block", "first", "offset", "_file"), (pa.string(), pa.int64())
        splits = self.engine._from_arrow(pa.table(
            [pa.array([row[i] for row in rows], kinds[0 if i in (0, 4) else 1]) for i in range(5)],
            names=names))
        numbered = scan.join(F.broadcast(splits), ["_spark_path", "_block"]).select(
            "_file", (F.col("_row") - F.col("first") + F.col("offset") + 1).alias("_line"), "value")
        return self._view("lines", numbered)

    # ------------------------------------------------------------------ records
    def records(self, lines: str) -> str:
        """View of records: ``_file``, ``_line`` (its first line), ``_lines`` (physical lines in it),
        ``_first`` (its first physical line), ``_rest`` (whether a line after the first has text),
        ``record`` (its text, without the last ``\\r``). Headers and blank lines are left out."""
        header = "_line > 1 AND " if self.layout.header else ""
        if not self.layout.quote:
            body = (f"SELECT _file, _line, 1 AS _lines, value AS _first, false AS _rest, "
                    f"NOT {self._valid_utf8('value')} AS _invalid, "
                    f"regexp_replace(value, '\\r$', '') AS record FROM {lines} "
                    f"WHERE {header}regexp_replace(value, '\\r$', '') <> ''")
            return self._view("records", self.spark.sql(body))
        frame = self._joined(f"SELECT _file, _line, value, _file AS _part FROM {lines} "
                             f"{'WHERE _line > 1' if self.layout.header else ''}")
        records = self.spark.sql(f"SELECT * FROM {self._view('joined', frame)} WHERE record <> ''")
        return self._view("records", self._recover(records, lines))

    def _joined(self, query: str) -> Any:
        """Lines joined into records where a quoted value goes on: a line starts a record when an even
        number of quotes stands before it in its part (a file, or the lines a stray quote swallowed)."""
        quote = _quote_sql(self.layout.quote)
        counted = (f"SELECT *, length(value) - length(replace(value, {quote}, '')) AS _quotes "
                   f"FROM ({query}) q")
        ahead = ("SUM(_quotes) OVER (PARTITION BY _part ORDER BY _line "
                 "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - _quotes")
        starts = f"SELECT *, pmod({ahead}, 2) = 0 AS _starts FROM ({counted}) c"
        grouped = ("SELECT *, MAX(CASE WHEN _starts THEN _line END) OVER (PARTITION BY _part ORDER BY _line "
                   f"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS _record FROM ({starts}) s")
        return self.spark.sql(
            "SELECT _file, _part, _record AS _line, COUNT(*) AS _lines, "
            "transform(array_sort(collect_list(struct(_line, value))), x -> x.value) AS _parts "
            f"FROM ({grouped}) g GROUP BY _file, _part, _record").selectExpr(
            "_file", "_part", "_line", "_lines", "_parts[0] AS _first",
            "exists(slice(_parts, 2, size(_parts)), x -> trim(x) <> '') AS _rest",
            f"exists(_parts, x -> NOT {self._valid_utf8('x')}) AS _invalid",
            "regexp_replace(array_join(_parts, '\\n'), '\\r$', '') AS record")

    def _recover(self, records: Any, lines: str) -> Any:
        """Records whose quotes do not close where they should and that took in further lines: the
        first line is rejected (a stray quote), the lines after it are joined again on their own."""
        out = records
        current = records
        for _ in range(1000):
            checked = self._view("checked", current)
            swallowed = self.spark.sql(
                f"SELECT _file, _part, _line AS _from, _line + _lines - 1 AS _to FROM {checked} "
                f"WHERE _rest AND ({self._bad_quotes('record')} OR {self._field_count('record')} "
                f"<> {len(self.layout.columns)})")
            if not self.engine._guard(lambda s=swallowed: s.limit(1).collect()):
                break
            view = self._view("swallowed", swallowed)
            again = self._joined(
                f"SELECT l._file, l._line, l.value, concat(s._part, ':', CAST(s._from AS STRING)) AS _part "
                f"FROM {lines} l JOIN {view} s ON l._file = s._file AND l._line > s._from "
                f"AND l._line <= s._to")
            current = again.where("record <> ''")
            out = out.unionByName(current)
        return out

    # ------------------------------------------------------------------ fields and checks
    def _field_regex(self) -> tuple[str, str]:
        d = re.escape(self.layout.delimiter)
        q = re.escape(self.layout.quote)
        quoted = f"{q}[^{q}]*+(?:{q}{q}[^{q}]*+)*+{q}"
        plain = f"[^{d}{q}]*+"
        return f"(?:{quoted}|{plain})", d

    def _bad_quotes(self, record: str) -> str:
        if not self.layout.quote:
            return "false"
        field, d = self._field_regex()
        return f"NOT ({record} RLIKE {_quote_sql(f'^{field}(?:{d}{field})*+$')})"

    def _fields(self, record: str) -> str:
        if not self.layout.quote:
            # one character that means nothing in a regular expression is split on without one (Java's
            # String.split takes a fast path for it)
            d = self.layout.delimiter
            pattern = d if len(d) == 1 and d not in ".$|()[{^?*+\\" else re.escape(d)
            return f"split({record}, {_quote_sql(pattern)}, -1)"
        field, d = self._field_regex()
        return (f"regexp_extract_all(concat({_quote_sql(self.layout.delimiter)}, {record}), "
                f"{_quote_sql(f'{d}({field})')}, 1)")

    def _field_count(self, record: str) -> str:
        return f"size({self._fields(record)})"

    def _valid_utf8(self, value: str) -> str:
        return f"is_valid_utf8({value})"

    def _cell(self, position: int, native: str) -> str:
        """A field as text: unquoted, ``NULL`` where it is a null string (unless it must not be null)."""
        raw = f"try_element_at(_f, {position + 1})"
        if self.layout.quote:
            q = _quote_sql(self.layout.quote)
            qq = _quote_sql(self.layout.quote * 2)
            raw = (f"CASE WHEN startswith({raw}, {q}) THEN replace(substring({raw}, 2, length({raw}) - 2), "
                   f"{qq}, {q}) ELSE {raw} END")
        if native in self.layout.not_null:
            return raw
        nulls = ", ".join(_quote_sql(s) for s in self.layout.null_strings)
        return f"CASE WHEN {raw} IN ({nulls}) THEN NULL ELSE {raw} END"

    def _typed(self, cell: str, kind: str) -> str:
        kind = kind.upper()
        if kind in ("BIGINT", "INTEGER"):
            name = _TYPE_NAMES[kind]
            # DuckDB reads 12.0 as 12 (and rounds 12.5 away from zero)
            return (f"COALESCE(try_cast({cell} AS {name}), "
                    f"try_cast(round(try_cast({cell} AS DECIMAL(38, 9))) AS {name}))")
        if kind == "DOUBLE":
            return f"try_cast({cell} AS DOUBLE)"
        if kind == "DATE":
            pattern = _quote_sql(_java_pattern(self.layout.date_format or "%Y-%m-%d"))
            return f"CAST(try_to_timestamp(trim({cell}), {pattern}) AS DATE)"
        if kind == "TIMESTAMP":
            pattern = _quote_sql(_java_pattern(self.layout.timestamp_format or "%Y-%m-%d %H:%M:%S"))
            return f"try_to_timestamp(trim({cell}), {pattern})"
        return cell

    def rows(self) -> Any:
        """The group's rows: the format's raw columns (typed), ``_file``, ``_round``, ``_line`` and, for a
        rejected row, ``_error``, ``_reason``, ``_message``, ``_text``."""
        layout = self.layout
        records = self.records(self.lines())
        n = len(layout.columns)
        types = dict(layout.types)
        native_of = {raw: native for native, raw in layout.rename}
        used = sorted({layout.columns.index(native) for native, _ in layout.rename})
        cells = {native: self._cell(layout.columns.index(native), native) for native, _ in layout.rename}
        split = (f"SELECT _file, _line, _lines, _rest, _first, _invalid, {self._fields('record')} AS _f, "
                 f"{self._bad_quotes('record')} AS _bad_quotes FROM {records}")
        split_view = self._view("split", self.spark.sql(split))
        # in steps, each naming what the next reads, so that no expression is written out twice
        # (Spark keeps a projection apart rather than copy an expression into each use)
        replaced = " OR ".join(f"coalesce(instr(try_element_at(_f, {p + 1}), '\uFFFD') > 0, false)"
                               for p in used)
        cell_cols = ", ".join(f"{cells[native]} AS {_bt('c_' + native)}" for native in cells)
        cells_view = self._view("cells", self.spark.sql(
            f"SELECT _file, _line, _rest, _first, _invalid, _bad_quotes, size(_f) AS _n, "
            f"_invalid AND ({replaced or 'false'}) AS _bad_bytes, {cell_cols} FROM {split_view}"))
        typed = {native: self._typed(_bt("c_" + native), types[native]) if native in types
                 else _bt("c_" + native) for native in cells}
        typed_cols = ", ".join(f"{typed[native]} AS {_bt('t_' + native)}" for native in cells)
        # a row whose staged text may hold a character no dataset can hold keeps its line's text: the
        # staged text is made of these cells (SparkEngine.read decides on the staged text itself)
        texts = ", ".join(_bt("c_" + native) for native in cells)
        typed_view = self._view("typed", self.spark.sql(
            f"SELECT *, {typed_cols}, concat_ws('', {texts}) RLIKE {_quote_sql(BAD_TEXT)} AS _maybe_bad_text "
            f"FROM {cells_view}"))
        checks: list[tuple[str, str, str, str]] = []  # SQL of (condition, error kind, reason, message)
        count_message = (f"concat('Expected Number of Columns: {n} Found: ', "
                         f"CAST(CASE WHEN _n > {n} THEN {n + 1} ELSE _n END AS STRING))")
        merged = "_rest" if layout.quote else "false"
        checks.append(("_bad_quotes", "'quote'", "'stray quote'", _quote_sql(_MESSAGES["quote"])))
        # Spark's string functions turn bytes that are not UTF-8 into U+FFFD: a line that is not UTF-8
        # whose fields read show U+FFFD has them there (DuckDB checks the columns it reads only)
        checks.append(("_bad_bytes", "'encoding'", "'bad byte (not UTF-8)'",
                       _quote_sql(_MESSAGES["encoding"])))
        checks.append((f"_n <> {n}", "'count'",
                       f"CASE WHEN {merged} THEN 'stray quote' WHEN _n < {n} THEN 'too few columns' "
                       "ELSE 'too many columns' END", count_message))
        for native in sorted(types, key=layout.columns.index):
            if native not in cells:
                continue
            cell, value = _bt("c_" + native), _bt("t_" + native)
            if native in layout.date_columns:
                reason = f"CASE WHEN {cell} = '' THEN 'missing date' ELSE 'impossible date' END"
            elif native in layout.not_null:
                reason = (f"CASE WHEN {cell} = '' THEN {_quote_sql('missing ' + native)} "
                          f"ELSE {_quote_sql('bad value in ' + native)} END")
            else:
                reason = _quote_sql("bad value in " + native)
            head = _quote_sql(f'Error when converting column "{native}".')
            message = (f"CASE WHEN {cell} = '' THEN {head} "
                       f"ELSE concat({head}, ' Could not convert string \"', "
                       f"{cell}, {_quote_sql(chr(34) + ' to ' + repr(types[native].upper()))}) END")
            checks.append((f"{cell} IS NOT NULL AND {value} IS NULL", "'cast'", reason, message))
        # the first check a row fails, as its number: the reason, message and kind are looked up by it
        check = "CASE " + " ".join(f"WHEN {c} THEN {i}" for i, (c, _, _, _) in enumerate(checks)) + " END"
        checked = self._view("checked_rows", self.spark.sql(f"SELECT *, {check} AS _check FROM {typed_view}"))

        def by_check(part: int) -> str:
            cases = " ".join(f"WHEN {i} THEN {c[part]}" for i, c in enumerate(checks))
            return f"CASE _check {cases} END"

        error, reason, message = by_check(1), by_check(2), by_check(3)
        columns = []
        for raw in self.fmt.raw_columns:
            if raw in native_of:
                columns.append(f"{_bt('t_' + native_of[raw])} AS {_bt(raw)}")
            else:
                kind = _TYPE_NAMES.get(self.fmt.raw_types.get(raw, "VARCHAR"), "STRING")
                columns.append(f"CAST(NULL AS {kind}) AS {_bt(raw)}")
        final = (f"SELECT {', '.join(columns)}, _file, {int(self.round)} AS _round, _line, "
                 f"{error} AS _error, {reason} AS _reason, {message} AS _message, "
                 f"CASE WHEN _check IS NULL AND NOT _maybe_bad_text THEN NULL WHEN _invalid "
                 f"THEN replace(regexp_replace(_first, '\\r$', ''), '\uFFFD', '?') "
                 f"ELSE regexp_replace(_first, '\\r$', '') END AS _text "
                 f"FROM {checked}")
        return self.spark.sql(final)
