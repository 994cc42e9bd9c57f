"""``graphlib-conflict import``, and the other commands on what it writes."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from graphlib_conflict.cli import main

SAMPLE = "gdelt2_idlib.export.CSV"


@pytest.fixture
def imported(fixtures, idlib, tmp_path, capsys):
    out = tmp_path / "idlib-gdelt.parquet"
    code = main(["import", "gdelt", str(fixtures / SAMPLE), "--into", str(idlib), "-o", str(out),
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == 0, err
    return out, err


def test_import_writes_the_dataset_its_events_and_rejects(imported):
    out, err = imported
    assert "20 rows read" in err and "rejected                6" in err and "USAGOV" in err
    assert out.exists() and out.with_name("idlib-gdelt.events.parquet").exists()
    rejects = pd.read_csv(out.with_name("idlib-gdelt.rejects.csv"))
    assert rejects["line"].tolist() == [3, 7, 11, 14, 17, 20]


@pytest.mark.parametrize("argv", [
    ["report", "{out}", "--from", "2020-01-15", "--to", "2020-02-20"],
    ["balance", "{out}", "--at", "2020-02-10"],
    ["centrality", "{out}", "--at", "2020-02-10"],
    ["info", "{out}"],
    ["view", "{out}", "-o", "{tmp}/view.html"],
])
def test_other_commands_read_the_result(imported, tmp_path, capsys, argv):
    out, _ = imported
    code = main([a.format(out=out, tmp=tmp_path) for a in argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err


def test_json_summary_and_unmapped_file(fixtures, idlib, tmp_path, capsys):
    out = tmp_path / "idlib.yaml"
    unmapped = tmp_path / "unmapped.csv"
    code = main(["import", "gdelt", str(fixtures / SAMPLE), "--into", str(idlib), "-o", str(out),
                 "--unmapped", str(unmapped), "--format", "json", "--period", "week", "--no-progress"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"]["rows_read"] == 20 and summary["period"] == "week"
    assert summary["rejected"]["too few columns"] == 1
    assert summary["written"]["unmapped"] == str(unmapped)
    assert unmapped.read_text(encoding="utf-8").splitlines()[1].startswith("USAGOV,,")


def test_importing_into_the_output_again_changes_nothing(imported, fixtures, capsys):
    out, _ = imported
    before = pd.read_parquet(out).sort_values("id").reset_index(drop=True)
    argv = ["import", "gdelt", str(fixtures / SAMPLE), "--into", str(out), "-o", str(out), "--no-progress"]
    assert main(argv) == 0
    assert re.search(r"already imported\s+8\n", capsys.readouterr().err)
    pd.testing.assert_frame_equal(pd.read_parquet(out).sort_values("id").reset_index(drop=True), before)


@pytest.mark.parametrize(("argv", "message"), [
    (["import", "gdelt", "missing.CSV", "-o", "x.parquet"], "missing.CSV: file not found"),
    (["import", "icews", "{fixtures}/gdelt2_idlib.export.CSV", "-o", "x.parquet"],
     "not an ICEWS events file"),
    (["import", "gdelt", "{fixtures}/gdelt2_idlib.export.CSV", "--policy", "nope.yaml", "-o", "x.parquet"],
     "nope.yaml: file not found"),
    (["import", "gdelt", "{fixtures}/gdelt2_idlib.export.CSV", "--memory-limit", "lots", "-o", "x.parquet"],
     "memory_limit"),
    (["import", "gdelt", "{fixtures}/gdelt2_idlib.export.CSV", "--into", "nope.yaml", "-o", "x.parquet"],
     "file not found"),
])
def test_mistakes_are_messages_not_tracebacks(fixtures, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main([a.format(fixtures=fixtures) for a in argv]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.parquet").exists()


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit) as info:
        main(["import", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "--into graphs/syria_idlib.yaml" in out
