"""``report``, ``balance``, ``centrality`` and ``pair`` on the command line."""

from __future__ import annotations

import json

import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics.alignment import STATUSES
from graphlib_conflict.analytics.balance import balance
from graphlib_conflict.analytics.centrality import centrality
from graphlib_conflict.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_on_the_default_dataset(capsys):
    code, out, err = run(capsys, "report", "--from", "2019-11-01", "--to", "2020-02-04")
    assert code == 0 and err == ""
    assert out.startswith("Alliance-change report: 2019-11-01 → 2020-02-04\n====")
    assert "Russia – Turkey: ally → mixed" in out and "Escalated (2)" in out
    code, out, err = run(capsys, "report", "--from", "2019-11-01", "--to", "2020-02-04",
                         "--format", "markdown")
    assert out.startswith("# Alliance-change report: 2019-11-01 → 2020-02-04")
    assert "#### Russia – Turkey: **ally** → **mixed**" in out
    # prose stays plain in Markdown: no escaped parentheses outside the data
    assert "Explained by (5 relations between the dates):" in out


def test_report_json_and_html_to_files(capsys, tmp_path):
    target = tmp_path / "report.json"
    code, out, err = run(capsys, "report", "--from", "2019-11-01", "--to", "2020-02-04",
                         "--format", "json", "-o", str(target))
    assert code == 0 and out == "" and "wrote" in err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["start"] == "2019-11-01" and data["end"] == "2020-02-04"
    changes = {(c["source"], c["target"]): c for c in data["changes"]}
    assert changes[("RUS", "TUR")]["change"] == "soured"
    assert changes[("SYR_GOV", "TUR")]["change"] == "escalated"
    assert {c["status_after"] for c in data["changes"]} <= set(STATUSES)
    page = tmp_path / "report.html"
    assert run(capsys, "report", "--from", "2019-11-01", "--to", "2020-02-04", "--format",
               "html", "-o", str(page))[0] == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json"]


def test_report_with_a_dataset_file_and_options(capsys):
    path = str(gc.default_dataset_path())
    code, out, _ = run(capsys, "report", path, "--from", "2019-11-01", "--to", "2020-02-04",
                       "--limit", "1", "--explain", "2", "--lookback", "90", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["params"]["lookback"] == 90
    assert all(len(c["explanation"]) <= 2 for c in data["changes"])


@pytest.mark.parametrize(("argv", "message"), [
    (["report", "--from", "2020-02-04", "--to", "2019-11-01"],
     "the end (2019-11-01) must be after the start (2020-02-04)"),
    (["report", "--from", "yesterday", "--to", "2020-02-04"], "cannot read date 'yesterday'"),
    (["pair", "TRK", "RUS"], "unknown actor 'TRK' — did you mean 'TUR'?"),
    (["pair", "SYR_MIL", "TUR"], "(--no-roll-up)"),
    (["pair", "Turkey", "Ankara"], "same actor"),
    (["balance", "--include", "victims"], "include_types: unknown actor type(s) victims"),
])
def test_mistakes_are_messages(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ["centrality", "--measures", "closeness"],
    ["report", "--from", "2019-11-01", "--to", "2020-02-04", "--format", "table"],
    ["pair", "RUS"],
    ["pair", "TUR", "RUS", "graphs/syria_idlib.yaml"],
    ["centrality", "--from", "2019-11-01"],
    ["centrality", "--at", "2020-01-01", "--from", "2019-11-01", "--to", "2020-02-04"],
    ["report", "--from", "2019-11-01", "--to", "2020-02-04", "--half-life", "0"],
])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_misplaced_dataset_shows_the_usage_line(capsys):
    with pytest.raises(SystemExit) as info:
        main(["pair", "TUR", "RUS", "libya.yaml"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err.startswith("usage: graphlib-conflict pair [FILE] A B")
    assert "the dataset goes first — graphlib-conflict pair libya.yaml TUR RUS" in err


def test_any_day_works_and_says_how_far_past_the_data(capsys):
    code, out, err = run(capsys, "balance", "--at", "2026-12-01")
    assert code == 0 and err == ""
    assert "2026-12-01 is 2467 days after the last recorded date (2020-02-29)" in out
    assert "durable alignments still active" in out
    for argv in (["centrality", "--at", "2026-12-01"], ["balance", "--at", "2020"],
                 ["report", "--from", "2019", "--to", "2020"], ["pair", "RUS", "TUR", "--to", "2031"],
                 ["blocs", "--at", "1999-12-31"], ["info", "--at", "2020-02"]):
        code, out, err = run(capsys, *argv)
        assert code == 0 and err == "", argv


def test_periods_mean_the_same_everywhere(capsys):
    _, out, _ = run(capsys, "report", "--from", "2019", "--to", "2020", "--format", "json")
    data = json.loads(out)
    assert (data["start"], data["end"]) == ("2019-01-01", "2020-12-31")
    _, out, _ = run(capsys, "balance", "--at", "2020-02", "--format", "json")
    assert json.loads(out)["at"] == "2020-02-29"


def test_every_command_offers_the_same_formats(capsys):
    for argv in (["report", "--from", "2019-11-01", "--to", "2020-02-04"],
                 ["balance", "--at", "2020-02-04"], ["blocs", "--at", "2020-02-04"],
                 ["centrality", "--at", "2020-02-04"], ["pair", "RUS", "TUR"], ["info"],
                 ["validate"]):
        for fmt in ("text", "markdown", "html", "json", "csv"):
            code, out, err = run(capsys, *argv, "--format", fmt)
            assert code == 0 and err == "" and out.strip(), (argv, fmt)
            if fmt == "json":
                json.loads(out)
            if fmt == "html":
                assert out.startswith("<!DOCTYPE html>")


def test_balance_text_and_json(capsys, default_graph):
    code, out, _ = run(capsys, "balance", "--at", "2020-02-04")
    assert code == 0
    assert out.startswith("Structural balance on 2020-02-04")
    assert "Russia – Turkey" in out and "unbalanced" in out
    assert "Turkey's bloc (3): Hayat Tahrir al-Sham, Turkish-backed Syrian rebels, Turkey " \
           "(contested)" in out
    code, out, _ = run(capsys, "balance", "--at", "2020-02-04", "--format", "json")
    data = json.loads(out)
    expected = balance(default_graph, at="2020-02-04")
    assert data["at"] == "2020-02-04" and data["strained"][0]["source"] == "RUS"
    assert data["census"]["total"] == expected.census["total"]
    code, out, _ = run(capsys, "balance", "--at", "2020-02-04", "--include", "all", "--format",
                       "json")
    assert "IDLIB_IDP" in json.loads(out)["frustration"]["blocs"]


def test_balance_defaults_to_the_last_day(capsys, default_graph):
    code, out, _ = run(capsys, "balance", "--format", "json")
    assert code == 0
    assert json.loads(out)["at"] == default_graph.date_range[1].date().isoformat()


def test_blocs_command(capsys):
    code, out, _ = run(capsys, "blocs", "--at", "2020-02-04", "--format", "csv")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "actor,name,bloc,bloc_name,bloc_size,placement"
    assert "TUR,Turkey,1,Turkey's bloc,3,contested" in lines


def test_centrality_formats(capsys):
    code, out, _ = run(capsys, "centrality", "--at", "2020-02-04", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["at"] == "2020-02-04"
    rows = {r["actor"]: r for r in data["rows"]}
    expected = centrality(gc.load(), at="2020-02-04").to_frame().set_index("actor")
    assert rows["TUR"]["pagerank"] == pytest.approx(expected.loc["TUR", "pagerank"])
    assert list(rows)[:3] == expected.index[:3].tolist()
    assert set(rows["RUS"]) >= {"degree", "signed_degree", "betweenness", "pagerank"}
    code, out, _ = run(capsys, "centrality", "--at", "2020-02-04", "--measures",
                       "degree,eigenvector", "--top", "3", "--format", "markdown")
    assert code == 0 and out.startswith("## Centrality on 2020-02-04")
    assert "| actor | name | degree | eigenvector |" in out
    assert out.count("\n| ") == 2 + 3
    assert "*Showing 3 of 20.*" in out
    code, out, _ = run(capsys, "centrality", "--from", "2019-11-01", "--to", "2020-02-04",
                       "--top", "2")
    assert code == 0 and out.startswith("Centrality change 2019-11-01 → 2020-02-04")
    assert "rank change" in out


def test_pair_formats(capsys):
    code, out, _ = run(capsys, "pair", "Turkey", "the regime", "--from", "2020-01-01", "--to",
                       "2020-02-04")
    assert code == 0
    assert out.startswith("Turkey (TUR) – Syrian government (SYR_GOV)")
    assert "Syrian government forces attacks Turkish Armed Forces" in out
    assert "counted for Turkey – Syrian government" in out
    path = str(gc.default_dataset_path())
    code, out, _ = run(capsys, "pair", path, "RUS", "TUR", "--from", "2020-01-01", "--to",
                       "2020-02-04", "--format", "json", "--freq", "week")
    data = json.loads(out)
    assert code == 0 and data["status"] == "mixed"
    assert {r["type"] for r in data["relations"]} >= {"demands", "accuses", "agrees"}
    code, out, _ = run(capsys, "pair", "SYR_MIL", "TUR_MIL", "--no-roll-up", "--format",
                       "markdown")
    assert code == 0 and "**attacks**" in out


@pytest.mark.parametrize("command", ["report", "balance", "blocs", "centrality", "pair"])
def test_help_has_examples(capsys, command):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"graphlib-conflict {command}" in out


def test_commands_are_registered(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("report", "balance", "blocs", "centrality", "pair", "view", "info",
                    "validate"):
        assert command in out
