"""``analyze`` on the command line: the folder, the file list and the five findings."""

from __future__ import annotations

import json

import pytest

from graphlib_conflict.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_prints_the_findings_and_every_file(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    folder = tmp_path / "brief"
    code, out, err = run(capsys, "analyze", "-o", str(folder), "--from", "2019-11-01", "--to",
                         "2020-02-04")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Analysis 2019-11-01 -> 2020-02-04 (from 2019-11-01 to 2020-02-04, as asked)"
    findings = lines[lines.index("Findings:") + 1:lines.index("Findings:") + 6]
    assert findings[0] == "  4 alignments changed between 2019-11-01 and 2020-02-04: 2 soured, 2 escalated."
    assert findings[2].startswith("  Most strained partnership on 2020-02-04: Russia – Turkey (mixed")
    listed = [line.split()[-1] for line in lines[lines.index(f"Files in {folder}:") + 1:]]
    assert len(listed) == 14
    assert sorted(p.split("/")[-1] for p in listed) == sorted(p.name for p in folder.iterdir())


def test_analyze_json(capsys, tmp_path):
    code, out, _ = run(capsys, "analyze", "-o", str(tmp_path), "--to", "2020-02-04", "--format",
                       "json")
    data = json.loads(out)
    assert code == 0 and data["end"] == "2020-02-04" and len(data["findings"]) == 5
    assert data["start"] == "2019-11-01" and "changed most" in data["why"]
    assert (tmp_path / "report.md").exists()


def test_analyze_a_missing_file_is_a_message(capsys, tmp_path):
    code, out, err = run(capsys, "analyze", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "b"))
    assert code == 1 and out == ""
    assert "nope.yaml: file not found" in err and "Traceback" not in err
    assert not (tmp_path / "b").exists()


def test_analyze_bad_dates_are_a_message(capsys, tmp_path):
    code, _, err = run(capsys, "analyze", "-o", str(tmp_path / "b"), "--from", "2021-01-01",
                       "--to", "2020-02-04")
    assert code == 1 and "must be after the start" in err and "Traceback" not in err
    assert not (tmp_path / "b").exists()
