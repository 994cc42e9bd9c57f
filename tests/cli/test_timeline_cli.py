"""``timeline`` and ``whatif`` on the command line."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_balance_timeline_text(capsys):
    code, out, err = run(capsys, "timeline", "--from", "2019-11", "--to", "2020-02-04")
    assert code == 0 and err == ""
    assert out.startswith("Balance timeline 2019-11-01 – 2020-02-04\n")
    assert "5 dates from 2019-11-01 to 2020-02-04, every month." in out
    assert "2020-02-04       6    11          8         5           3           0.62            2" in out


def test_balance_timeline_csv_and_json_equal_the_api(capsys, tmp_path):
    target = tmp_path / "t.csv"
    code, out, err = run(capsys, "timeline", "--from", "2019", "--to", "2020-02-04", "--freq",
                         "quarter", "--format", "csv", "-o", str(target))
    assert code == 0 and out == "" and "wrote" in err
    csv = pd.read_csv(target)
    api = gc.balance_timeline(gc.load(), "2019", "2020-02-04", freq="quarter").to_frame()
    assert csv["date"].tolist() == api["date"].dt.strftime("%Y-%m-%d").tolist()
    assert csv["strained"].tolist() == api["strained"].tolist()
    code, out, _ = run(capsys, "timeline", "--from", "2019", "--to", "2020-02-04", "--format",
                       "json", "--include", "all")
    data = json.loads(out)
    assert code == 0 and len(data["rows"]) == 15 and data["freq"] == "MS"


def test_pairs_by_name_and_alias(capsys):
    code, out, _ = run(capsys, "timeline", "--from", "2019-10", "--to", "2020-02-29", "--pairs",
                       "Russia:Turkey,the regime:Ankara", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["pairs"] == [["RUS", "TUR"], ["SYR_GOV", "TUR"]]
    last = [r for r in data["rows"] if r["date"] == "2020-02-29"]
    assert [r["status"] for r in last] == ["mixed", "adversary"]
    code, out, _ = run(capsys, "timeline", "--from", "2019-10", "--to", "2020-02-29", "--pairs",
                       "RUS:TUR", "--pairs", "TUR:SYR_GOV")
    assert code == 0 and "(1) Russia – Turkey" in out and "(2) Syrian government – Turkey" in out


def test_timeline_mistakes(capsys):
    code, _, err = run(capsys, "timeline", "--pairs", "RUS:TRK")
    assert code == 1 and "unknown actor 'TRK'" in err
    with pytest.raises(SystemExit, match="2"):
        main(["timeline", "--pairs", "RUS-TUR"])
    assert "pairs as A:B" in capsys.readouterr().err
    code, _, err = run(capsys, "timeline", "--freq", "fortnight")
    assert code == 1 and "unknown frequency" in err


def test_whatif_flip_russia_turkey(capsys):
    code, out, err = run(capsys, "whatif", "--at", "2020-02-04", "--flip", "RUS:TUR")
    assert code == 0 and err == ""
    assert out.startswith("What if on 2020-02-04\n")
    assert "- Flipped Russia – Turkey: + 1.24 → − 1.24." in out
    assert "balance ratio               0.62       0.75" in out
    assert "frustration index      2 (exact)  1 (exact)" in out
    assert "Russia, Syrian government, Turkey             unbalanced  balanced" in out
    assert "- Turkey's placement: contested → firm." in out
    assert "- Russia – Turkey is no longer strained." in out


def test_whatif_add_remove_json(capsys):
    code, out, _ = run(capsys, "whatif", "--at", "2020-02-04", "--remove", "IRN:TUR", "--add",
                       "RUS:TUR:-1:2", "--format", "json")
    data = json.loads(out)
    assert code == 0 and [e["action"] for e in data["edits"]] == ["remove", "replace"]
    assert data["edits"][1]["weight_after"] == 2.0
    assert data["after"]["frustration"]["index"] == 0


def test_whatif_mistakes(capsys):
    with pytest.raises(SystemExit, match="2"):
        main(["whatif", "--at", "2020-02-04"])
    assert "give at least one of --flip" in capsys.readouterr().err
    code, _, err = run(capsys, "whatif", "--at", "2020-02-04", "--flip", "IRN:HTS")
    assert code == 1 and "no tie" in err
    with pytest.raises(SystemExit, match="2"):
        main(["whatif", "--add", "RUS:TUR"])
    assert "A:B:SIGN" in capsys.readouterr().err
