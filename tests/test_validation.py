"""Validation: every problem at once, with file, line, field, expectation and hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphlib_conflict as gc
from graphlib_conflict.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
TEN_MISTAKES = FIXTURES / "ten_mistakes.yaml"


def _numbered_lines(path: Path) -> dict[int, int]:
    """Mistake number -> line, from the `# N:` comments in the fixture."""
    out = {}
    for lineno, line in enumerate(path.read_text().splitlines(), start=1):
        if "# " in line and ":" in line.split("# ", 1)[1]:
            head = line.split("# ", 1)[1].split(":", 1)[0]
            if head.isdigit():
                out[int(head)] = lineno
    return out


def test_every_mistake_is_reported_on_its_line():
    report = gc.validate(TEN_MISTAKES)
    assert not report.ok
    expected_lines = _numbered_lines(TEN_MISTAKES)
    assert len(expected_lines) == 14
    found_lines = {p.line for p in report.errors}
    missing = {n: line for n, line in expected_lines.items() if line not in found_lines}
    assert not missing, f"mistakes not reported on their line: {missing}\n{report}"
    assert all(p.file == str(TEN_MISTAKES) for p in report.errors)


@pytest.mark.parametrize(("number", "field", "message", "hint"), [
    (1, "type", "unknown actor type 'stat'", "did you mean 'state'?"),
    (2, "country", "'NO' is not an ISO 3166 alpha-3 code", "NOR"),
    (3, "id", "duplicate id 'TUR'", "rename one"),
    (4, "source", "unknown actor 'TRK'", "did you mean 'TUR'?"),
    (5, "type", "unknown relation type 'supprts'", "did you mean 'supports'?"),
    (6, "start", "impossible date '2019-02-30': February 2019 has 28 days", None),
    (7, "end", "end 2018-01 is before start 2019-10", "swap them"),
    (8, "evidence[0].source", "evidence names unknown source 'reuter'", "did you mean 'report'?"),
    (9, "date", "cannot read date '012'", None),
    (10, "date", "cannot read date '1:30'", None),
    (11, "weight", "weight 'heavy' is not a number", None),
    (12, "confidence", "confidence 'certain' is not understood", None),
    (13, "start", "`attacks` is an interaction", "use `date`"),
    (14, "date", "duplicate key 'date'", "only the last value"),
])
def test_each_problem_names_field_and_hint(number, field, message, hint):
    line = _numbered_lines(TEN_MISTAKES)[number]
    problems = [p for p in gc.validate(TEN_MISTAKES).errors if p.line == line]
    assert problems, f"nothing reported on line {line}"
    match = [p for p in problems if p.field == field and message in p.message]
    assert match, [str(p) for p in problems]
    if hint:
        assert hint in (match[0].hint or "") + (match[0].expected or ""), str(match[0])


def test_problem_text_reads_file_line_record_field():
    problem = next(p for p in gc.validate(TEN_MISTAKES).errors if "TRK" in p.message)
    text = str(problem)
    assert text.startswith(f"{TEN_MISTAKES}:{problem.line}: relations[0].source: unknown actor 'TRK'")
    assert "did you mean 'TUR'?" in text


def test_load_raises_with_all_problems():
    with pytest.raises(gc.DatasetError, match="unknown actor 'TRK'") as info:
        gc.load(TEN_MISTAKES)
    assert len(info.value.problems) >= 14


def test_default_dataset_is_valid():
    report = gc.validate(gc.default_dataset_path())
    assert report.ok, str(report)


def write(tmp_path: Path, text: str | bytes, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
dataset: {id: t}
actors:
  - {id: A, name: Aland, type: state}
  - {id: B, name: Bland, type: state}
relations:
  - {source: A, target: B, type: attacks, date: 2020-02-03}
"""


@pytest.mark.parametrize(("content", "message", "line"), [
    (b"", "the file is empty", 1),
    (b"# only a comment\n", "no YAML document", 1),
    (b"dataset: {id: t}\nactors: [\n", "not valid YAML", 3),
    (b"dataset:\n  id: caf\xe9\n", "not UTF-8", 2),
    (b"- just\n- a list\n", "the top level must be a mapping", 1),
    (b"\x00\x01binary", "binary data", 1),
])
def test_unreadable_files(tmp_path, content, message, line):
    report = gc.validate(write(tmp_path, content))
    assert not report.ok
    assert message in report.errors[0].message
    assert report.errors[0].line == line


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    report = gc.validate(tmp_path / "nope.yaml")
    assert "file not found" in report.errors[0].message


def test_yaml_traps_stay_text(tmp_path):
    path = write(tmp_path, MINIMAL.replace("{id: B, name: Bland", "{id: NO, name: 012").replace(
        "target: B", "target: NO"))
    graph = gc.load(path)
    assert graph.actors["id"].tolist() == ["A", "NO"]
    assert graph.actors["name"].tolist() == ["Aland", "012"]
    assert graph.relations.loc[0, "target"] == "NO"


def test_unknown_fields_and_sections_get_suggestions(tmp_path):
    text = MINIMAL.replace("relations:", "relatoins: []\nrelations:").replace(
        "type: attacks", "tipe: attacks, type: attacks")
    report = gc.validate(write(tmp_path, text))
    messages = {(p.message, p.hint) for p in report.errors}
    assert ("unknown section 'relatoins'", "did you mean 'relations'?") in messages
    assert ("unknown field 'tipe'", "did you mean 'type'?") in messages


def test_interaction_without_date_and_self_loop(tmp_path):
    text = MINIMAL.replace("target: B, type: attacks, date: 2020-02-03", "target: A, type: attacks")
    messages = [p.message for p in gc.validate(write(tmp_path, text)).errors]
    assert "`attacks` is an interaction and needs a date" in messages
    assert "relation from 'A' to itself" in messages


def test_dataset_relation_types_are_checked(tmp_path):
    text = MINIMAL + "relation_types:\n  - {id: besieges, category: interation, sign: 2, directed: maybe}\n"
    report = gc.validate(write(tmp_path, text))
    fields = {p.field for p in report.errors}
    assert {"category", "sign", "directed"} <= fields


def test_warnings_do_not_fail(tmp_path):
    text = MINIMAL.replace("{id: B, name: Bland, type: state}",
                           "{id: B, name: Bland, type: state, aliases: [Aland]}")
    text = "sources: [{id: s}]\n" + text.replace(
        "date: 2020-02-03}", "date: 2020-02-03, evidence: [{source: s}]}")
    report = gc.validate(write(tmp_path, text))
    assert report.ok
    assert {"'aland' names several actors: A (name), B (alias)", "evidence without a quote"} <= {
        p.message for p in report.warnings}


def test_report_as_frame_and_json():
    report = gc.validate(TEN_MISTAKES)
    frame = report.to_frame()
    assert len(frame) == len(report.problems)
    assert {"message", "file", "line", "field", "hint"} <= set(frame.columns)
    data = json.loads(report.to_json())
    assert data["ok"] is False and len(data["problems"]) == len(report.problems)


def test_cli_validate_lists_all_and_exits_1(capsys):
    assert main(["validate", str(TEN_MISTAKES)]) == 1
    out, err = capsys.readouterr()
    for line in _numbered_lines(TEN_MISTAKES).values():
        assert f"{TEN_MISTAKES}:{line}:" in out
    assert "Traceback" not in out + err and "not valid" in out


def test_cli_validate_default_exits_0(capsys):
    assert main(["validate"]) == 0
    assert "valid" in capsys.readouterr().out


def test_cli_validate_json(capsys):
    assert main(["validate", str(TEN_MISTAKES), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False


def test_csv_problems_name_file_and_line(tmp_path):
    (tmp_path / "actors.csv").write_text("id,name,type\nA,Aland,state\nB,Bland,state\n")
    (tmp_path / "relations.csv").write_text(
        'source,target,type,date,notes\nA,B,attacks,2020-02-03,"two\nlines"\nA,C,attacks,2020-02-31,\n')
    report = gc.validate(tmp_path)
    assert not report.ok
    by_message = {p.message: p for p in report.errors}
    unknown = by_message["unknown actor 'C'"]
    assert unknown.file == str(tmp_path / "relations.csv")
    assert unknown.line == 4  # the quoted cell of row 1 spans lines 2-3
    assert unknown.record == "relations row 2"
    assert "impossible date '2020-02-31': February 2020 has 29 days" in by_message


def test_from_frames_reports_rows():
    import pandas as pd

    with pytest.raises(gc.DatasetError) as info:
        gc.ConflictGraph.from_frames(
            pd.DataFrame({"id": ["A"], "name": ["A"], "type": ["state"]}),
            pd.DataFrame({"source": ["A", "A"], "target": ["B", "A"], "type": ["meets", "meets"],
                          "date": ["2020-01-01", "2020-01-01"]}))
    records = {p.record for p in info.value.problems}
    assert {"relations[0]", "relations[1]"} <= records


def test_control_characters_and_line_breaks(tmp_path):
    text = "sources: [{id: s}]\n" + MINIMAL.replace(
        "date: 2020-02-03}", 'date: 2020-02-03, notes: "a\\r\\nb", evidence: [{source: s, quote: "x\\vy"}]}')
    report = gc.validate(write(tmp_path, text))
    assert [p.field for p in report.errors] == ["evidence[0].quote"]
    fixed = text.replace("x\\vy", "xy")
    assert gc.load(write(tmp_path, fixed)).relations.loc[0, "notes"] == "a\nb"


# ------------------------------------------------------------- modelling mistakes (a new user's)
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _marked(path: Path, mark: str) -> dict[int, str]:
    """Line number -> the note after ``# MARK`` on that line of a fixture."""
    return {i: line.split(f"# {mark}", 1)[1].strip()
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if f"# {mark}" in line}


def test_modelling_mistakes_are_warnings_on_their_lines():
    path = FIXTURES / "libya_modelling_mistakes.yaml"
    report = gc.validate(path)
    assert report.ok and not report.errors
    assert sorted(p.line for p in report.warnings) == sorted(_marked(path, "WARN"))
    text = {p.line: str(p) for p in report.warnings}
    lines = sorted(text)
    assert "a state is part of nothing but a coalition or another state" in text[lines[0]]
    assert "write `source: WAGNER`, `target: RUS`" in text[lines[0]]
    assert "the same relation as 'wagner-supports-lna'" in text[lines[1]]
    assert "`alliance` (egy-alliance-lna) and `fights` (egy-fights-lna)" in text[lines[4]]
    assert "`attends`" in text[lines[5]]
    # one message per problem: no phrase said twice
    for problem in report.warnings:
        words = str(problem).split()
        phrases = [" ".join(words[i:i + 5]) for i in range(len(words) - 4)]
        assert len(phrases) == len(set(phrases)), str(problem)
    strict = gc.validate(path, strict=True)
    assert not strict.ok and "warnings count as errors" in str(strict)


def test_warnings_do_not_stop_loading_and_roll_up_is_what_the_data_says():
    g = gc.load(FIXTURES / "libya_modelling_mistakes.yaml")
    assert len(g.warnings) == 6
    assert gc.actor_parents(g, "2020-01-01")["RUS"] == "WAGNER"


def test_typos_get_hints_that_know_the_meaning():
    path = FIXTURES / "libya_typos.yaml"
    report = gc.validate(path)
    assert not report.ok
    by_line = {p.line: p for p in report.errors}
    assert sorted(by_line) == sorted(_marked(path, "ERROR"))
    hints = [by_line[line].hint for line in sorted(by_line)]
    assert hints[0] == "for this meaning the type is 'supports'"
    assert hints[1] == "leave `end` empty: a relation with no end is ongoing"
    assert hints[2] == "write 2020-01"
    assert "the 4th of February or the 2nd of April?" in hints[3]
    assert all("did you mean 'attacks'" not in str(p) for p in report.errors)
    assert str(by_line[sorted(by_line)[2]]).count("YYYY, YYYY-MM or YYYY-MM-DD") == 1


def test_cli_strict(capsys):
    path = str(FIXTURES / "libya_modelling_mistakes.yaml")
    assert main(["validate", path]) == 0
    assert main(["validate", path, "--strict"]) == 1
    out = capsys.readouterr().out
    assert out.count("warning:") == 12


def test_multilateral_events_make_no_allies():
    g = gc.load(FIXTURES / "libya_2019_2020.yaml")
    assert g.warnings == []
    pairs = gc.alignment(g, "2020-01-20")
    # the conference is an `event`: attending it ties no attendee to another, nor to the event
    assert not (pairs["source"].eq("BERLIN_CONF") | pairs["target"].eq("BERLIN_CONF")).any()
    assert not (pairs["source"].eq("DEU") | pairs["target"].eq("DEU")).any()
    tied = set(zip(pairs["source"], pairs["target"], strict=True))
    assert not tied & {("ARE", "GNA"), ("EGY", "GNA"), ("GNA", "RUS"), ("ARE", "TUR")}
    assert pairs.set_index(["source", "target"]).loc[("GNA", "LNA"), "status"] == "adversary"
