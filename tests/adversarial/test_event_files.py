"""Broken event files: every fault reported with its file and line, every good row kept.

Each format's fixture is first cut down to its good rows (a clean file), then broken one way at a
time: a short row, a long row, a stray quote, ``NA``/``NULL`` codes, leading-zero codes, a
byte-order mark, CRLF line ends, a byte that is not UTF-8 in the middle, blank lines, an empty or
header-only file, a header naming a column twice, a cut-short ``.gz`` or ``.zip``. The import
through :func:`graphlib_conflict.io.events.read_events` must then report the broken row (file, line,
reason), count every row read, and import every other event exactly as from the clean file.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from graphlib_conflict.io.events import EventImportError, read_events

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "events"


@dataclass(frozen=True)
class Clean:
    """A format's good rows: the header line (if the format has one) and the data lines."""

    format: str
    header: bytes | None
    rows: list[bytes]
    delimiter: bytes
    quoted: bool

    def lines(self) -> list[bytes]:
        return ([self.header] if self.header is not None else []) + list(self.rows)

    def line_of(self, row: int) -> int:
        """The physical line of data row ``row`` (0-based) in the written file."""
        return row + (2 if self.header is not None else 1)


SOURCES = {"gdelt": ("gdelt2_idlib.export.CSV", False, b"\t", False),
           "icews": ("icews_events.2018.idlib.tab", True, b"\t", False),
           "ucdp": ("ged_idlib.csv", True, b",", True),
           "acled": ("acled_export_idlib.csv", True, b",", True)}


def _quoted_rows(raw: bytes, bad_lines: set[int]) -> list[bytes]:
    """The records of a quoted fixture that its import keeps, each on one line with no value that
    needs quotes (commas, quotes and line breaks inside values replaced), so that the tests can
    break them field by field; one record per event id."""
    reader = csv.reader(io.StringIO(raw.decode("utf-8", "replace"), newline=""))
    header = next(reader)
    out, seen, start = [",".join(header).encode()], set(), reader.line_num + 1
    for record in reader:
        good = (len(record) == len(header) and start not in bad_lines
                and not any("\ufffd" in v for v in record))
        start = reader.line_num + 1
        ids = next(record[i] for i, h in enumerate(header) if h in ("event_id_cnty", "id")) if good else ""
        if good and ids not in seen:
            seen.add(ids)
            out.append(",".join(re.sub(r'[,"\r\n]', ";", v) for v in record).encode())
    return out


@pytest.fixture(scope="module", params=sorted(SOURCES))
def clean(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Clean:
    """A format's fixture without the rows its own tests reject (deliberate faults)."""
    fmt = request.param
    name, header, delimiter, quoted = SOURCES[fmt]
    raw = (FIXTURES / name).read_bytes()
    folder = tmp_path_factory.mktemp(fmt)
    result = read_events(FIXTURES / name, fmt, progress=False)
    bad_lines = set(result.rejects["line"])
    if quoted:
        kept = _quoted_rows(raw, bad_lines)
    else:
        kept = [r.rstrip(b"\r") for n, r in enumerate(raw.split(b"\n"), 1)
                if r.strip() and n not in bad_lines]
    out = Clean(fmt, kept[0] if header else None, kept[1:] if header else kept, delimiter, quoted)
    # only rows that import (no duplicate, one-sided or dropped event): each row's fate is its own
    path = folder / "clean.txt"
    path.write_bytes(b"\n".join(out.lines()) + b"\n")
    ids = set(imported(path, out, folder).ids)
    rows = []
    for row in out.rows:
        if event_id(row, out) in ids:
            ids.discard(event_id(row, out))  # one row per id: the others are its duplicates
            rows.append(row)
    out = Clean(fmt, out.header, rows, delimiter, quoted)
    path.write_bytes(b"\n".join(out.lines()) + b"\n")
    check = imported(path, out, folder)
    assert check.counts["rejected"] == 0 and check.counts["imported"] == len(out.rows) >= 4
    return out


def fields(row: bytes, clean: Clean) -> list[bytes]:
    return row.split(clean.delimiter)  # the rows kept hold no quoted delimiter (checked in `imported`)


@dataclass
class Outcome:
    counts: dict[str, int]
    rejects: pd.DataFrame
    ids: list[str]


def imported(path: Path, clean: Clean, tmp_path: Path, **options) -> Outcome:
    """Import ``path`` and return the counts, rejects and ids of the events imported."""
    events = tmp_path / f"{path.name}.events.parquet"
    result = read_events(path, clean.format, progress=False, events=events, **options)
    ids = sorted(pd.read_parquet(events, columns=["event_id"])["event_id"].astype(str)) if events.exists() \
        else []
    counted = sum(v for k, v in result.counts.items() if k not in ("rows_read", "relations", "new_actors"))
    assert counted == result.counts["rows_read"], f"rows not accounted for: {result.counts}"
    return Outcome(result.counts, result.rejects, ids)


@pytest.fixture(scope="module")
def baseline(clean: Clean, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    folder = tmp_path_factory.mktemp("baseline")
    path = folder / "clean.txt"
    path.write_bytes(b"\n".join(clean.lines()) + b"\n")
    return imported(path, clean, folder)


def write(tmp_path: Path, clean: Clean, rows: list[bytes], *, name: str = "broken.txt",
          end: bytes = b"\n") -> Path:
    path = tmp_path / name
    lines = ([clean.header] if clean.header is not None else []) + rows
    path.write_bytes(end.join(lines) + (end if lines else b""))
    return path


def event_id(row: bytes, clean: Clean) -> str:
    header = fields(clean.header, clean) if clean.header is not None else None
    position = 0
    if header is not None:
        names = [h.strip(b'"').lower() for h in header]
        position = names.index(next(n for n in (b"event_id_cnty", b"event id", b"event_id", b"id")
                                    if n in names))
    return fields(row, clean)[position].strip(b'"').decode()


ROW = 2
"""The data row each test breaks (0-based): one with good rows before and after it."""


def broken_row(clean: Clean, change: Callable[[list[bytes]], list[bytes]]) -> list[bytes]:
    rows = list(clean.rows)
    rows[ROW] = clean.delimiter.join(change(fields(rows[ROW], clean)))
    return rows


def assert_only_row_rejected(outcome: Outcome, baseline: Outcome, clean: Clean, reason: str,
                             row: int = ROW) -> None:
    assert outcome.rejects[["line", "reason"]].values.tolist() == [[clean.line_of(row), reason]]
    assert outcome.rejects["file"].iloc[0].endswith(".txt")
    assert outcome.rejects["text"].iloc[0] != ""
    lost = event_id(clean.rows[row], clean)
    assert outcome.ids == sorted(set(baseline.ids) - {lost})
    assert outcome.counts["rows_read"] == len(clean.rows)


def test_a_short_row_is_rejected_with_its_line(clean, baseline, tmp_path):
    path = write(tmp_path, clean, broken_row(clean, lambda f: f[:-3]))
    assert_only_row_rejected(imported(path, clean, tmp_path), baseline, clean, "too few columns")


def test_a_long_row_is_rejected_with_its_line(clean, baseline, tmp_path):
    path = write(tmp_path, clean, broken_row(clean, lambda f: [*f, b"extra", b"more"]))
    assert_only_row_rejected(imported(path, clean, tmp_path), baseline, clean, "too many columns")


def test_a_stray_quote_never_swallows_the_rows_after_it(clean, baseline, tmp_path):
    def open_quote(f: list[bytes]) -> list[bytes]:
        last = len(f) - 2  # a text column near the end (notes, url, publisher)
        f[last] = b'"never closed ' + f[last].strip(b'"')
        return f

    path = write(tmp_path, clean, broken_row(clean, open_quote))
    outcome = imported(path, clean, tmp_path)
    if clean.quoted:
        assert_only_row_rejected(outcome, baseline, clean, "stray quote")
    else:  # a format without quoting reads the quote as text: the row is good
        assert outcome.rejects.empty and outcome.ids == baseline.ids


def test_a_quote_inside_a_value_is_text_or_one_rejected_row(clean, baseline, tmp_path):
    def inner_quote(f: list[bytes]) -> list[bytes]:
        f[1] = f[1][:1] + b'5" tall' + f[1][1:]
        return f

    path = write(tmp_path, clean, broken_row(clean, inner_quote))
    outcome = imported(path, clean, tmp_path)
    assert len(outcome.rejects) <= 1
    assert set(baseline.ids) - set(outcome.ids) <= {event_id(clean.rows[ROW], clean)}
    if len(outcome.rejects):
        assert outcome.rejects["line"].tolist() == [clean.line_of(ROW)]


@pytest.mark.parametrize("code", ["NA", "NULL"])
def test_na_and_null_codes_are_values_or_missing_never_a_crash(clean, baseline, tmp_path, code):
    """``NA`` or ``NULL`` in every column but the id and the date: the row is read (its actors or
    codes missing or taken as written) or rejected with its line; no other row is touched."""
    def nulls(f: list[bytes]) -> list[bytes]:
        keep = {0, 1} if clean.format == "gdelt" else set()
        return [v if i in keep or i >= len(f) - 1 else code.encode() for i, v in enumerate(f)]

    rows = broken_row(clean, nulls) if clean.format == "gdelt" else list(clean.rows)
    if clean.header is not None:
        header = [h.strip(b'"').lower() for h in fields(clean.header, clean)]
        text_columns = {b"actor2", b"target name", b"side_b", b"source_name", b"source name",
                        b"notes", b"source_headline", b"publisher", b"cameo code"}
        row = fields(rows[ROW], clean)
        rows[ROW] = clean.delimiter.join(code.encode() if header[i] in text_columns else v
                                         for i, v in enumerate(row))
    outcome = imported(write(tmp_path, clean, rows), clean, tmp_path)
    assert len(outcome.rejects) <= 1
    assert set(baseline.ids) - set(outcome.ids) <= {event_id(clean.rows[ROW], clean)}
    assert outcome.counts["rows_read"] == len(clean.rows)


def test_leading_zero_ids_and_codes_stay_text(clean, tmp_path):
    if clean.format in ("gdelt", "ucdp"):  # numeric ids: a leading zero is not part of the number
        return
    rows = list(clean.rows)
    f = fields(rows[ROW], clean)
    names = [h.strip(b'"').lower() for h in fields(clean.header, clean)]
    f[names.index(next(n for n in (b"event_id_cnty", b"event id", b"event_id") if n in names))] = b"0070"
    rows[ROW] = clean.delimiter.join(f)
    outcome = imported(write(tmp_path, clean, rows), clean, tmp_path)
    assert "0070" in outcome.ids


def test_gdelt_event_codes_keep_their_leading_zero(tmp_path):
    path = FIXTURES / "gdelt2_idlib.export.CSV"
    out = tmp_path / "e.parquet"
    read_events(path, "gdelt", progress=False, events=out)
    codes = pd.read_parquet(out)
    code_columns = [c for c in codes.columns if c.startswith("code")]
    assert any(str(v).startswith("0") for c in code_columns for v in codes[c].dropna())


def test_a_byte_order_mark_is_not_part_of_the_first_name(clean, baseline, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(clean.lines()) + b"\n")
    outcome = imported(path, clean, tmp_path)
    assert outcome.rejects.empty and outcome.ids == baseline.ids


def test_crlf_line_ends_read_as_lf(clean, baseline, tmp_path):
    path = write(tmp_path, clean, list(clean.rows), end=b"\r\n")
    outcome = imported(path, clean, tmp_path)
    assert outcome.rejects.empty and outcome.ids == baseline.ids
    result = read_events(path, clean.format, progress=False)
    for quotes in result.graph.relations["evidence"]:
        assert all("\r" not in item["quote"] for item in quotes)


ACTOR_NAME = {"gdelt": 6, "icews": "source name", "ucdp": "side_a", "acled": "actor1"}
"""Where each format has the first actor's name (a column the import reads)."""


def test_a_bad_byte_mid_file_rejects_its_row_only(clean, baseline, tmp_path):
    rows = list(clean.rows)
    f = fields(rows[ROW], clean)
    where = ACTOR_NAME[clean.format]
    if isinstance(where, str):
        where = [h.strip(b'"').decode().lower() for h in fields(clean.header, clean)].index(where)
    f[where] = f[where] + b" caf\xe9 \xff"  # Latin-1 in a UTF-8 file
    rows[ROW] = clean.delimiter.join(f)
    outcome = imported(write(tmp_path, clean, rows), clean, tmp_path)
    assert_only_row_rejected(outcome, baseline, clean, "bad byte (not UTF-8)")


def test_a_bad_byte_in_a_column_no_one_reads_costs_nothing(clean, baseline, tmp_path):
    """Columns the import does not use are not decoded: their bytes cannot reject a good row."""
    if clean.format != "gdelt":
        return
    rows = list(clean.rows)
    f = fields(rows[ROW], clean)
    f[40] = f[40] + b"\xff"  # ActionGeo_FullName, unused
    rows[ROW] = clean.delimiter.join(f)
    outcome = imported(write(tmp_path, clean, rows), clean, tmp_path)
    assert outcome.rejects.empty and outcome.ids == baseline.ids


def test_blank_lines_are_no_rows(clean, baseline, tmp_path):
    rows = list(clean.rows)
    rows.insert(ROW, b"")
    rows.append(b"")
    outcome = imported(write(tmp_path, clean, rows), clean, tmp_path)
    assert outcome.ids == baseline.ids
    assert len(outcome.rejects) <= 2  # a blank line may be reported, never counted as an event


def test_an_empty_file_is_refused_naming_it_or_listed_with_no_rows(clean, tmp_path):
    """A format with a header needs one; an empty GDELT update (no header) is a file of no rows."""
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    if clean.header is None:
        result = read_events(path, clean.format, progress=False)
        assert result.files[["file", "rows_read"]].values.tolist() == [[str(path), 0]]
        return
    with pytest.raises(EventImportError, match=r"empty\.txt:1: the file is empty"):
        read_events(path, clean.format, progress=False)


def test_trailing_unnamed_columns_of_a_spreadsheet_are_read(clean, baseline, tmp_path):
    if clean.header is None:
        return
    path = tmp_path / "resaved.txt"
    lines = [line + clean.delimiter * 2 for line in clean.lines()]
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    outcome = imported(path, clean, tmp_path)
    assert outcome.rejects.empty and outcome.ids == baseline.ids


def test_a_header_only_file_imports_nothing(clean, tmp_path):
    if clean.header is None:
        return
    path = write(tmp_path, clean, [])
    result = read_events(path, clean.format, progress=False)
    assert result.counts["rows_read"] == 0 and result.counts["imported"] == 0
    assert len(result.graph.relations) == 0


def test_a_header_naming_a_column_twice_is_refused_with_both_places(clean, tmp_path):
    if clean.header is None:
        return
    header = fields(clean.header, clean)
    doubled = clean.delimiter.join([*header, header[1]])
    rows = [clean.delimiter.join([*fields(r, clean), b"x"]) for r in clean.rows]
    path = tmp_path / "twice.txt"
    path.write_bytes(b"\n".join([doubled, *rows]) + b"\n")
    name = header[1].strip(b'"').decode()
    with pytest.raises(EventImportError) as caught:
        read_events(path, clean.format, progress=False)
    problem = caught.value.problems[0]
    assert problem.line == 1 and problem.file.endswith("twice.txt")
    assert f"{name!r}" in problem.message and f"columns 2, {len(header) + 1}" in problem.message


def _payload(clean: Clean, copies: int = 400) -> bytes:
    return b"\n".join([*([clean.header] if clean.header else []), *(clean.rows * copies)]) + b"\n"


def test_a_cut_short_gz_is_refused_naming_the_file_and_the_last_whole_line(clean, tmp_path):
    data = gzip.compress(_payload(clean), mtime=0)
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(EventImportError) as caught:
        read_events(path, clean.format, progress=False)
    problem = caught.value.problems[0]
    assert problem.file == str(path) and problem.line and problem.line > 1
    assert "cut short" in problem.message and "gunzip -c" in (problem.hint or "")


def test_a_gz_cut_in_its_first_bytes_is_refused_naming_the_file(clean, tmp_path):
    data = gzip.compress(_payload(clean, 1), mtime=0)
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[:20])
    with pytest.raises(EventImportError, match=r"cut\.txt\.gz"):
        read_events(path, clean.format, progress=False)


@pytest.mark.parametrize("damage", ["cut", "garbled"])
def test_a_damaged_zip_is_refused_naming_the_archive(clean, tmp_path, damage):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("events.txt", _payload(clean))
    data = buffer.getvalue()
    if damage == "cut":
        data = data[: len(data) // 2]
    else:
        middle = len(data) // 2
        data = data[:middle] + bytes(64) + data[middle + 64:]
    path = tmp_path / "events.zip"
    path.write_bytes(data)
    with pytest.raises(EventImportError) as caught:
        read_events(path, clean.format, progress=False)
    problem = caught.value.problems[0]
    assert problem.file == str(path) and problem.hint


def test_a_gz_and_a_zip_read_as_the_plain_file(clean, baseline, tmp_path):
    gz = tmp_path / "events.txt.gz"
    gz.write_bytes(gzip.compress(b"\n".join(clean.lines()) + b"\n"))
    archive = tmp_path / "events.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("events.txt", b"\n".join(clean.lines()) + b"\n")
    for path in (gz, archive):
        assert imported(path, clean, tmp_path).ids == baseline.ids


def test_older_acled_column_names_are_read(tmp_path):
    """Upper-case names, ``data_id`` for the id and ``ally_actor_1`` for the associated actor."""
    path = tmp_path / "old.csv"
    path.write_text(
        "DATA_ID,EVENT_DATE,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,"
        "FATALITIES,NOTES\n"
        "1,2016-03-15,Battle-No change of territory,Military Forces of Syria (2000-),,1,Free Syrian Army,,"
        "2,12,7,Clashes near Aleppo\n"
        "2,2016-03-16,Remote violence,Military Forces of Russia (2000-),,8,Free Syrian Army,,2,28,3,\n",
        encoding="utf-8")
    result = read_events(path, "acled", progress=False)
    assert result.counts["rows_read"] == 2 and result.counts["rejected"] == 0
    assert result.counts["imported"] == 2


def test_an_acled_file_without_its_columns_is_refused_listing_what_it_has(tmp_path):
    path = tmp_path / "renamed.csv"
    path.write_text("id,day,kind,who,whom\n1,2020-01-01,Battles,A,B\n", encoding="utf-8")
    with pytest.raises(EventImportError, match=r"renamed\.csv:1: not an ACLED export.*found 5 columns"):
        read_events(path, "acled", progress=False)


BAD_TEXT = [b"\x1b[31m", b"\x07", b"\x00", "\u0085".encode(), "\uffff".encode()]
"""A control character (an ANSI escape, a bell, NUL, a C1 line break) and a non-character."""


def test_a_control_character_in_a_row_rejects_that_row_only(clean, baseline, tmp_path):
    """A dataset cannot hold such a character: each row with one is set aside with its line, the
    others import (one used to stop the whole import when the graph was built)."""
    rows = list(clean.rows)
    where = ACTOR_NAME[clean.format]
    if isinstance(where, str):
        where = [h.strip(b'"').decode().lower() for h in fields(clean.header, clean)].index(where)
    broken = list(range(len(rows)))[1:][: len(BAD_TEXT)]  # every row but the first, one character each
    for row, character in zip(broken, BAD_TEXT, strict=False):
        f = fields(rows[row], clean)
        f[where] = f[where] + b" x" + character + b"y"
        rows[row] = clean.delimiter.join(f)
    path = write(tmp_path, clean, rows)
    outcome = imported(path, clean, tmp_path)
    assert outcome.rejects[["line", "reason"]].values.tolist() == [
        [clean.line_of(row), "control character"] for row in broken]
    assert outcome.ids == sorted(set(baseline.ids) - {event_id(clean.rows[row], clean) for row in broken})
    assert outcome.counts["rows_read"] == len(clean.rows)
    assert len(read_events(path, clean.format, progress=False).graph.relations) > 0
