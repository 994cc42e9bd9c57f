"""The embedded engine: DuckDB, set up for one import, and everything DuckDB-specific.

Here and only here: the connection and its settings (``memory_limit``, ``temp_directory``,
``threads``), DuckDB's CSV reader with its reject tables (``store_rejects``: every malformed row with
its file, byte position and error), Parquet output (``COPY ... TO``), and progress polling
(``query_progress``). Everything else the import runs is the engine-neutral SQL of
:mod:`graphlib_conflict.io.events._pipeline`, over relations this module registers under fixed names.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from graphlib_conflict.io.events._spec import EventImportError, FileLayout, ident
from graphlib_conflict.problems import Problem

__all__ = ["Engine", "csv_scan", "literal"]

REJECT_COLUMNS = ("scan", "scan_path", "line_byte_position", "byte_position", "column_name", "error_type",
                  "csv_line", "error_message")


def literal(value: str) -> str:
    """An SQL string literal.

    >>> literal("it's")
    "'it''s'"
    """
    return "'" + value.replace("'", "''") + "'"


def _list(values: Sequence[str]) -> str:
    return "[" + ", ".join(literal(v) for v in values) + "]"


def csv_scan(paths: Sequence[str], layout: FileLayout, scan: str) -> str:
    """DuckDB's ``read_csv`` over files of one layout, storing rejects in ``{scan}_errors``/``_scans``."""
    types = dict(layout.types)
    columns = "{" + ", ".join(f"{literal(c)}: {literal(types.get(c, 'VARCHAR'))}"
                              for c in layout.columns) + "}"
    options = [
        f"columns={columns}", f"delim={literal(layout.delimiter)}", f"header={str(layout.header).lower()}",
        f"quote={literal(layout.quote)}", f"escape={literal(layout.quote)}", "auto_detect=false",
        "strict_mode=true", "null_padding=false", "store_rejects=true",
        f"rejects_table={literal(scan + '_errors')}", f"rejects_scan={literal(scan + '_scans')}",
        "rejects_limit=0", "filename=true", f"nullstr={_list(layout.null_strings)}",
    ]
    if layout.not_null:
        options.append(f"force_not_null={_list(layout.not_null)}")
    if layout.date_format:
        options.append(f"dateformat={literal(layout.date_format)}")
    if layout.timestamp_format:
        options.append(f"timestampformat={literal(layout.timestamp_format)}")
    return f"read_csv({_list(paths)}, {', '.join(options)})"


class Engine:
    """A DuckDB connection for one import.

    Parameters
    ----------
    workdir : Path
        The import's private folder: DuckDB spills to ``workdir/spill`` when over its memory limit.
    memory_limit : str or int, optional
        DuckDB's memory limit ("1GiB", "512MB", or bytes); DuckDB's default (80% of RAM) otherwise.
    threads : int, optional
        Worker threads (default: every core).
    progress : bool
        Show a progress bar (tqdm) for the long steps.
    """

    def __init__(self, workdir: Path, *, memory_limit: str | int | None = None,
                 threads: int | None = None, progress: bool = False) -> None:
        import duckdb

        self._duckdb = duckdb
        self.con = duckdb.connect(":memory:")
        self.progress = progress
        spill = workdir / "spill"
        spill.mkdir(parents=True, exist_ok=True)
        settings = {"temp_directory": str(spill), "preserve_insertion_order": "false",
                    "enable_progress_bar": str(progress).lower(), "enable_progress_bar_print": "false"}
        if memory_limit is not None:
            settings["memory_limit"] = (f"{int(memory_limit)}B" if isinstance(memory_limit, int)
                                        else str(memory_limit))
        if threads is not None:
            settings["threads"] = str(int(threads))
        for name, value in settings.items():
            try:
                self.con.execute(f"SET {name} = {literal(value)}")
            except duckdb.Error as exc:
                if name.startswith("enable_progress_bar"):
                    # in Jupyter without ipywidgets DuckDB refuses to touch its (widget) progress
                    # bar at all; it then stays as it is, which prints nothing there either
                    continue
                expected = "a size such as 1GiB or 512MB" if name == "memory_limit" else None
                raise EventImportError(Problem(f"engine setting {name} = {value!r} refused: {exc}",
                                               expected=expected)) from None

    def close(self) -> None:
        """Close the connection (the working folder is the caller's to remove)."""
        self.con.close()

    # ------------------------------------------------------------------ running statements
    def execute(self, sql: str, *, label: str | None = None) -> None:
        """Run a statement; with ``label``, a progress bar follows it on a terminal."""
        with self._progress(label):
            self._run(sql)

    def _run(self, sql: str, fetch: str | None = None) -> Any:
        """Execute ``sql``; with ``fetch="arrow"`` return the result as a ``pyarrow.Table``, with
        ``fetch="one"`` its first row. Engine errors become :class:`EventImportError`."""
        duckdb = self._duckdb
        try:
            if fetch == "arrow":
                return self.con.sql(sql).to_arrow_table()
            if fetch == "one":
                rows = self.con.sql(sql).fetchall()
                return rows[0] if rows else None
            return self.con.execute(sql).fetchall()
        except duckdb.IOException as exc:
            raise EventImportError(Problem(f"cannot read the input: {_first_line(exc)}")) from None
        except duckdb.InvalidInputException as exc:
            raise EventImportError(Problem(f"the input cannot be read: {_first_line(exc)}")) from None
        except duckdb.OutOfMemoryException as exc:
            raise EventImportError(Problem(
                f"the engine ran out of memory: {_first_line(exc)}",
                hint="raise memory_limit (--memory-limit), or give the temporary folder more disk")) from None

    def frame(self, sql: str) -> pd.DataFrame:
        """A (small) query result as a pandas DataFrame."""
        return self._run(sql, "arrow").to_pandas()

    def arrow(self, sql: str, *, label: str | None = None) -> Any:
        """A query result as a ``pyarrow.Table``."""
        with self._progress(label):
            return self._run(sql, "arrow")

    def scalar(self, sql: str) -> Any:
        """The first value of a query's first row."""
        row = self._run(sql, "one")
        return None if row is None else row[0]

    def register(self, name: str, frame: pd.DataFrame, *, dates: Sequence[str] = ()) -> None:
        """Copy a small pandas table into the engine as table ``name`` (``dates``: columns of days)."""
        view = f"_frame_{name}"
        self.con.register(view, frame)
        try:
            self._run(f"CREATE OR REPLACE TABLE {ident(name)} AS SELECT * FROM {ident(view)}")
        finally:
            self.con.unregister(view)
        for column in dates:
            self._run(f"ALTER TABLE {ident(name)} ALTER {ident(column)} TYPE DATE")

    @contextmanager
    def _progress(self, label: str | None) -> Iterator[None]:
        if not (label and self.progress):
            yield
            return
        from tqdm import tqdm

        done = threading.Event()
        bar = tqdm(total=100, desc=label, unit="%", leave=False, file=sys.stderr,
                   bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}")

        def poll() -> None:
            while not done.wait(0.2):
                try:
                    value = float(self.con.query_progress())
                except self._duckdb.Error:
                    return
                if value >= 0:
                    bar.n = min(100.0, value)
                    bar.refresh()

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()
            bar.n = 100
            bar.close()

    # ------------------------------------------------------------------ CSV and rejects
    def csv_relation(self, groups: Sequence[tuple[int, Sequence[str], FileLayout]],
                     raw_columns: Sequence[str], raw_types: Mapping[str, str], name: str) -> list[str]:
        """Register view ``name``: the ``raw_events`` columns of every group of files, one ``read_csv``
        per group (a round of files and one layout), plus ``_file`` and ``_round``. Returns the reject
        table prefixes, one per group."""
        parts = []
        scans = []
        for number, (round_, paths, layout) in enumerate(groups):
            scan = f"{name}_scan{number}"
            scans.append(scan)
            native = {raw: col for col, raw in layout.rename}
            columns = [f"{ident(native[raw])} AS {ident(raw)}" if raw in native
                       else f"CAST(NULL AS {raw_types.get(raw, 'VARCHAR')}) AS {ident(raw)}"
                       for raw in raw_columns]
            parts.append(f"SELECT {', '.join(columns)}, filename AS _file, {round_} AS _round "
                         f"FROM {csv_scan(paths, layout, scan)}")
        self._run(f"CREATE OR REPLACE VIEW {ident(name)} AS " + " UNION ALL ".join(parts))
        return scans

    def rejects(self, scans: Sequence[str]) -> pd.DataFrame:
        """Every reject of these scans (one row per error; a row may have several)."""
        parts = []
        for scan in scans:
            table = literal(scan + "_errors")
            if self.scalar(f"SELECT COUNT(*) FROM duckdb_tables() WHERE table_name = {table}"):
                parts.append(
                    f"SELECT {literal(scan)} AS scan, s.file_path AS scan_path, e.line_byte_position, "
                    f"e.byte_position, e.column_name, "
                    f"CAST(e.error_type AS VARCHAR) AS error_type, e.csv_line, e.error_message "
                    f"FROM {ident(scan + '_errors')} e JOIN {ident(scan + '_scans')} s "
                    f"ON s.scan_id = e.scan_id AND s.file_id = e.file_id")
        if not parts:
            return pd.DataFrame(columns=list(REJECT_COLUMNS))
        order = " ORDER BY scan_path, line_byte_position, byte_position"
        return self.frame(" UNION ALL ".join(parts) + order)

    # ------------------------------------------------------------------ output
    def copy_parquet(self, sql: str, path: str, *, metadata: Mapping[str, str] | None = None,
                     label: str | None = None) -> None:
        """Write a query's result to a Parquet file (zstd), streaming, with key-value metadata."""
        options = ["FORMAT parquet", "COMPRESSION zstd"]
        if metadata:
            pairs = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in metadata.items())
            options.append(f"KV_METADATA {{{pairs}}}")
        with self._progress(label):
            self._run(f"COPY ({sql}) TO {literal(path)} ({', '.join(options)})")

    def parquet_relation(self, name: str, path: str) -> None:
        """Register view ``name`` over a Parquet file."""
        self._run(f"CREATE OR REPLACE VIEW {ident(name)} AS SELECT * FROM read_parquet({literal(path)})")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    text = re.sub(r"^[A-Za-z ]+Error: ", "", text)
    return text.splitlines()[0] if text else type(exc).__name__
