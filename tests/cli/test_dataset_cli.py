"""``graphlib-conflict info`` and the CLI's handling of mistakes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graphlib_conflict.cli import main


def test_info_default_dataset(capsys, default_graph):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "Syria / Idlib" in out
    assert f"{len(default_graph.actors)} actors, {len(default_graph.relations)} relations" in out
    assert "coalition" in out and "supports" in out


def test_info_counts_agree_with_the_view(capsys, default_graph):
    assert main(["info", "--at", "2020-02-04"]) == 0
    out = capsys.readouterr().out
    active = len(default_graph.at("2020-02-04").relations)
    assert f"{active} relations active (+3 coalition-implied); a view of the day also draws 8 " \
           "interactions of the previous 30 days, fading." in out
    page = default_graph.to_html(at="2020-02-04")
    assert (f"{active + 8 + 3} relations shown: {active} active + 8 recent interactions fading + "
            "3 coalition-implied") in page


def test_info_at_lists_active_relations(capsys):
    assert main(["info", "--at", "2020-02-03", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    active = {(r["source"], r["type"], r["target"]) for r in data["active"]["list"]}
    assert ("SYR_MIL", "attacks", "TUR_MIL") in active
    assert ("RUS", "supports", "SYR_GOV") in active
    assert data["active"]["date"] == "2020-02-03"


def test_info_without_coalition_ties(capsys):
    assert main(["info", "--no-coalition-ties", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["dataset"]["implied_ties"] == 0


@pytest.mark.parametrize(("argv", "message"), [
    (["info", "--at", "yesterday"], "cannot read date 'yesterday'"),
    (["info", "missing.yaml"], "file not found"),
])
def test_mistakes_are_messages_not_tracebacks(capsys, argv, message):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["validate", "info"])
def test_help_has_examples(capsys, command):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_console_script_entry_point():
    result = subprocess.run([sys.executable, "-m", "graphlib_conflict.cli", "validate"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
