"""Crash safety: an interrupted or refused write leaves the previous file byte-identical.

Every writer is interrupted in three places: while the format's serialiser is writing (it writes
part of its output and raises), when the data is flushed to disk (``os.fsync`` raises, as a power
cut or Ctrl-C would end it), and at the final rename (``os.replace`` fails, as on a full disk). A
read-only folder is simulated where the tests run as root (root ignores permissions) and real
otherwise. Each time the file that was there keeps its bytes, and no temporary file is left beside
it. Commands run in an empty working folder write nothing into it but what they are asked for.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict import _atomic

FILES = ["g.yaml", "g.json", "g.graphml", "g.gexf", "g.parquet"]
IDLIB = Path(__file__).resolve().parents[2] / "graphs" / "syria_idlib.yaml"


@pytest.fixture(scope="module")
def small() -> gc.ConflictGraph:
    actors = pd.DataFrame({"id": ["A", "B"], "name": ["Alpha", "Beta"], "type": "state"})
    return gc.ConflictGraph.from_frames(actors, pd.DataFrame(
        {"source": ["A"], "target": ["B"], "type": ["meets"], "date": ["2020"]}))


@pytest.fixture(scope="module")
def other() -> gc.ConflictGraph:
    actors = pd.DataFrame({"id": ["C", "D"], "name": ["Gamma", "Delta"], "type": "state"})
    return gc.ConflictGraph.from_frames(actors, pd.DataFrame(
        {"source": ["C"], "target": ["D"], "type": ["fights"], "start": ["2021"]}))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes (temporary files included, so a leftover shows)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def written_before(tmp_path: Path, name: str, graph: gc.ConflictGraph) -> tuple[Path, dict[str, bytes]]:
    target = tmp_path / name
    graph.save(target)
    return target, snapshot(tmp_path)


class Interrupted(Exception):
    """The simulated crash."""


def fail_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(fd: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C (or a power cut) after the data was handed to the OS

    monkeypatch.setattr(os, "fsync", boom)


def fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", boom)


def read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The folder cannot be written to: for real where permissions hold, simulated under root."""
    if os.geteuid() != 0:
        folder.chmod(0o500)  # made writable again by `writable_again`
        return

    real = tempfile.mkstemp

    def refused(*args, dir=None, **kwargs):
        if dir is not None and Path(dir).resolve() == folder.resolve():
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refused)


@pytest.fixture(autouse=True)
def writable_again(tmp_path):
    yield
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)


def fail_serialiser(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The format's own writer writes part of its output, then raises."""
    if name.endswith(".yaml"):
        from graphlib_conflict.io import _yaml

        real_chunks = _yaml.yaml_chunks

        def half_yaml(document):
            yield next(iter(real_chunks(document)))
            raise Interrupted("serialiser failed")

        monkeypatch.setattr(_yaml, "yaml_chunks", half_yaml)
    elif name.endswith(".json") or name == "csv":
        real = Path.write_text

        def half_text(self, data, *args, **kwargs):
            real(self, data[: len(data) // 2], *args, **kwargs)
            raise Interrupted("serialiser failed")

        monkeypatch.setattr(Path, "write_text", half_text)
        if name == "csv":
            def half_csv(self, handle=None, *args, **kwargs):
                handle.write("id,na")
                raise Interrupted("serialiser failed")

            monkeypatch.setattr(pd.DataFrame, "to_csv", half_csv)
    elif name.endswith(".graphml"):
        import networkx as nx

        def half_graphml(G, path, **kwargs):
            Path(path).write_bytes(b"<?xml version='1.0'?><graphml><graph>")
            raise Interrupted("serialiser failed")

        monkeypatch.setattr(nx, "write_graphml", half_graphml)
    elif name.endswith(".gexf"):
        real_bytes = _atomic.Path.write_bytes

        def half_bytes(self, data):
            real_bytes(self, data[: len(data) // 2])
            raise Interrupted("serialiser failed")

        monkeypatch.setattr(_atomic.Path, "write_bytes", half_bytes)
    elif name.endswith(".parquet"):
        import pyarrow.parquet as pq

        def half_parquet(table, where, **kwargs):
            Path(where).write_bytes(b"PAR1" + b"\0" * 100)
            raise Interrupted("serialiser failed")

        monkeypatch.setattr(pq, "write_table", half_parquet)


FAILURES: dict[str, Callable[..., None]] = {
    "serialiser": lambda mp, name, folder: fail_serialiser(mp, name),
    "fsync": lambda mp, name, folder: fail_fsync(mp),
    "replace": lambda mp, name, folder: fail_replace(mp),
    "read-only": lambda mp, name, folder: read_only(mp, folder),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("name", [*FILES, "csv"])
def test_an_interrupted_save_leaves_the_previous_file_as_it_was(tmp_path, monkeypatch, small, other,
                                                                name, failure):
    target, before = written_before(tmp_path, name, small)
    with monkeypatch.context() as patch:
        FAILURES[failure](patch, name, target if name == "csv" else tmp_path)
        with pytest.raises((Interrupted, KeyboardInterrupt, OSError)):
            other.save(target)
    assert snapshot(tmp_path) == before
    again = gc.load(target) if not name.endswith(".gexf") else None
    if again is not None:
        assert again.actors["id"].tolist() == ["A", "B"]


@pytest.mark.parametrize("failure", ["fsync", "replace", "read-only"])
def test_an_interrupted_result_file_or_view_leaves_the_previous_one(tmp_path, monkeypatch, small, other,
                                                                    failure):
    writers = {
        "r.md": lambda g, p: gc.balance(g, "2021").to_markdown(p),
        "r.html": lambda g, p: gc.summary(g, "2021").to_html(p),
        "r.json": lambda g, p: gc.change_report(g, "2019", "2021").to_json(p),
        "v.html": lambda g, p: g.to_html(p),
    }
    for name, write in writers.items():
        write(small, tmp_path / name)
    before = snapshot(tmp_path)
    for name, write in writers.items():
        with monkeypatch.context() as patch:
            FAILURES[failure](patch, name, tmp_path)
            with pytest.raises((KeyboardInterrupt, OSError)):
                write(other, tmp_path / name)
        assert snapshot(tmp_path) == before, name


def test_an_interrupted_import_leaves_the_previous_output_and_its_events(tmp_path, monkeypatch):
    from graphlib_conflict.io.events import read_events

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "events" / "gdelt2_idlib.export.CSV"
    for name in ("out.yaml", "out.parquet"):
        read_events(fixture, "gdelt", output=tmp_path / name, progress=False)
    before = snapshot(tmp_path)
    assert {"out.yaml", "out.events.parquet", "out.rejects.csv", "out.parquet"} <= set(before)
    for name in ("out.yaml", "out.parquet"):
        with monkeypatch.context() as patch:
            fail_replace(patch)
            with pytest.raises((OSError, gc.GraphlibConflictError)):
                read_events(fixture, "gdelt", output=tmp_path / name, period="day", progress=False)
        assert snapshot(tmp_path) == before, name


def test_a_save_into_a_missing_folder_behind_a_file_is_a_clear_error(tmp_path, small):
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match="a file is in the way"):
        small.save(tmp_path / "file" / "g.yaml")
    assert snapshot(tmp_path) == {"file": b"not a folder"}


def test_the_error_of_a_refused_write_names_the_file_asked_for(tmp_path, monkeypatch, small):
    with monkeypatch.context() as patch:
        read_only(patch, tmp_path)
        with pytest.raises(PermissionError) as caught:
            small.save(tmp_path / "g.yaml")
    assert caught.value.filename == str(tmp_path / "g.yaml")


def test_a_refused_write_on_the_command_line_is_a_message(tmp_path, monkeypatch, capsys):
    from graphlib_conflict.cli import main

    monkeypatch.chdir(tmp_path)
    target = tmp_path / "out"
    target.mkdir()
    (target / "report.md").write_text("previous\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        read_only(patch, target)
        code = main(["report", str(IDLIB), "--format", "markdown", "-o", str(target / "report.md")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "report.md" in err
    assert (target / "report.md").read_text(encoding="utf-8") == "previous\n"


# ---------------------------------------------------------------------------------------- cwd
CWD_COMMANDS = [
    ["validate", str(IDLIB)],
    ["info", str(IDLIB), "--at", "2020-02-04"],
    ["report", str(IDLIB), "--from", "2019-11", "--to", "2020-02", "--format", "json"],
    ["balance", str(IDLIB), "--at", "2020-02-04", "--format", "markdown"],
    ["blocs", str(IDLIB), "--at", "2020-02-04", "--format", "html"],
    ["centrality", str(IDLIB), "--at", "2020-02-04"],
    ["pair", str(IDLIB), "TUR", "RUS"],
    ["timeline", str(IDLIB), "--format", "csv"],
    ["whatif", str(IDLIB), "--at", "2020-02-04", "--flip", "TUR:RUS"],
]


DRIVER = """
import json, sys
from graphlib_conflict.cli import main
codes = [main(args) for args in json.loads(sys.argv[1])]
sys.exit(max(codes))
"""


def run_cli(commands: list[list[str]], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run commands one after the other in one fresh Python whose working folder is ``cwd``."""
    env = {**os.environ, "MPLCONFIGDIR": str(cwd.parent / "mpl"), "HOME": str(cwd.parent / "home")}
    return subprocess.run([sys.executable, "-c", DRIVER, json.dumps(commands)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def empty_cwd(tmp_path) -> Path:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    return cwd


def test_reading_commands_write_nothing_into_the_working_folder(empty_cwd):
    done = run_cli(CWD_COMMANDS, empty_cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert list(empty_cwd.iterdir()) == []


def test_writing_commands_write_only_what_they_were_asked_for(empty_cwd, tmp_path):
    out = tmp_path / "out"
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "events" / "gdelt2_idlib.export.CSV"
    done = run_cli([["view", str(IDLIB), "-o", str(out / "v.html")],
                    ["report", str(IDLIB), "-o", str(out / "r.md"), "--format", "markdown"],
                    ["import", "gdelt", str(fixture), "-o", str(out / "g.yaml"), "--no-progress"]],
                   empty_cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    assert list(empty_cwd.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == [
        "g.events.parquet", "g.rejects.csv", "g.yaml", "r.md", "v.html"]


def test_the_python_api_writes_nothing_unless_given_a_path(empty_cwd, monkeypatch):
    from graphlib_conflict.io.events import read_events

    monkeypatch.chdir(empty_cwd)
    graph = gc.load(IDLIB)
    outputs = [graph.to_html(), graph._repr_mimebundle_()]
    for result in (gc.balance(graph, "2020-02"), gc.change_report(graph, "2019-11", "2020-02")):
        outputs += [result.to_html(), result.to_markdown(), result.to_json(), result._repr_html_()]
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "events" / "gdelt2_idlib.export.CSV"
    outputs.append(read_events(fixture, "gdelt", progress=False).graph)
    assert all(outputs)
    assert list(empty_cwd.iterdir()) == []


def test_no_temporary_folder_is_left_behind_by_an_import(tmp_path):
    from graphlib_conflict.io.events import read_events

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "events" / "gdelt2_idlib.export.CSV"
    spill = tmp_path / "spill"
    spill.mkdir()
    assert len(read_events(fixture, "gdelt", temp_directory=spill, progress=False).graph.relations)
    assert list(spill.iterdir()) == []
    with pytest.raises(gc.GraphlibConflictError):
        read_events(tmp_path / "missing.CSV", "gdelt", temp_directory=spill, progress=False)
    assert list(spill.iterdir()) == []
    shutil.rmtree(spill)
