"""The engine's settings, progress bars, and errors from it."""

from __future__ import annotations

import pytest

from graphlib_conflict.io.events import EventImportError, read_gdelt
from graphlib_conflict.io.events._engine import Engine
from graphlib_conflict.io.events._files import line_numbers


def test_memory_limit_and_threads_are_set(tmp_path):
    engine = Engine(tmp_path, memory_limit="256MiB", threads=1)
    try:
        assert engine.scalar("SELECT current_setting('threads')") == 1
        assert engine.scalar("SELECT current_setting('memory_limit')").startswith("256")
        assert engine.scalar("SELECT current_setting('temp_directory')") == str(tmp_path / "spill")
    finally:
        engine.close()


def test_a_memory_limit_that_is_not_a_size_is_refused(tmp_path):
    with pytest.raises(EventImportError, match="memory_limit = 'lots' refused"):
        Engine(tmp_path, memory_limit="lots")


def test_progress_bars_go_to_standard_error(fixtures, capsys):
    read_gdelt(fixtures / "gdelt2_idlib.export.CSV", progress=True)
    captured = capsys.readouterr()
    assert captured.out == "" and "reading" in captured.err


def test_no_progress_bar_when_not_a_terminal(fixtures, capsys):
    read_gdelt(fixtures / "gdelt2_idlib.export.CSV")
    assert capsys.readouterr().err == ""


def test_line_numbers_count_every_line_break(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"h\r\na\r\n\"b\nc\"\r\nd\n")
    assert line_numbers(str(path), [0, 3, 6, 14]) == {0: 1, 3: 2, 6: 3, 14: 5}
