"""``graphlib-conflict view``: the documented commands write the views; mistakes get messages."""

from __future__ import annotations

import os

import pytest

import graphlib_conflict as gc
from graphlib_conflict.cli import main
from tests.views._payloads import page_data


def test_documented_commands_write_both_views(tmp_path, default_graph):
    slider, feb4 = tmp_path / "out" / "idlib.html", tmp_path / "out" / "idlib-2020-02-04.html"
    assert main(["view", "-o", str(slider)]) == 0
    assert main(["view", "--at", "2020-02-04", "-o", str(feb4)]) == 0
    assert sorted(os.listdir(tmp_path / "out")) == ["idlib-2020-02-04.html", "idlib.html"]
    assert slider.read_text(encoding="utf-8") == gc.views.to_html(default_graph)
    assert feb4.read_text(encoding="utf-8") == gc.views.to_html(default_graph, at="2020-02-04")


def test_window_slider_and_options(tmp_path, default_graph):
    out = tmp_path / "w.html"
    argv = ["view", "--from", "2019-12", "--to", "2020-02", "--slider", "--physics", "off",
            "--no-overlay", "--recent-days", "10", "--title", "Winter", "--seed", "3", "-o", str(out)]
    assert main(argv) == 0
    expected = gc.views.to_html(default_graph, start="2019-12", end="2020-02", slider=True,
                                physics=False, overlay=False, recent_days=10, title="Winter",
                                seed=3)
    assert out.read_text(encoding="utf-8") == expected
    data = page_data(expected)
    assert data["meta"]["mode"] == "slider" and data["meta"]["physics"] is False


def test_dataset_file_and_coalition_switch(tmp_path):
    out = tmp_path / "v.html"
    path = gc.default_dataset_path()
    assert main(["view", str(path), "--no-coalition-ties", "--at", "2020-02-04", "-o", str(out)]) == 0
    ids = page_data(out.read_text(encoding="utf-8"))["edges"]["id"]
    assert not any(i.startswith("implied:") for i in ids)


def test_default_output_name(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["view", "--at", "2020-02-04"]) == 0
    assert os.listdir(tmp_path) == ["syria_idlib-2020-02-04.html"]
    assert "wrote syria_idlib-2020-02-04.html" in capsys.readouterr().err


def test_standard_output(capsys):
    assert main(["view", "--at", "2020-02-04", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(("argv", "message"), [
    (["--at", "2020-02-30"], "February 2020 has 29 days"),
    (["--from", "2020-03", "--to", "2020-01"],
     "the end (2020-01-31) must be on or after the start (2020-03-01)"),
    (["--recent-days", "-2"], "recent_days must be"),
    (["no_such_file.yaml"], "no_such_file.yaml"),
])
def test_user_mistakes_are_messages(tmp_path, capsys, argv, message):
    out = tmp_path / "v.html"
    assert main(["view", *argv, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("argv", [["--at", "2020-02-04", "--from", "2020-01"],
                                  ["--at", "2020-02-04", "--slider"]])
def test_conflicting_options_are_usage_errors(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(["view", *argv])
    assert exc.value.code == 2
    assert "graphlib-conflict view: error:" in capsys.readouterr().err
