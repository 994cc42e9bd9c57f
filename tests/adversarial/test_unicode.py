"""Unicode: unusual text survives every format as UTF-8; impossible characters fail early, named.

Right-to-left overrides, line and paragraph separators, CJK and Arabic names, emoji sequences and
zero-width joiners are valid text and must come back from every format unchanged, written as UTF-8
whatever the platform's locale. Characters no file can hold (NUL and other controls, C1 controls,
lone surrogates, U+FFFE/U+FFFF) are refused when the dataset is built, naming the record and field,
before any writer can lose or mangle them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import graphlib_conflict as gc
from tests.adversarial._hostile import UNICODE

VALID = {**UNICODE, "u2028": "line\u2028separator", "u2029": "para\u2029graph", "tab": "tab\there",
         "newline": "two\nlines", "combining": "e\u0301\u0327", "astral": "\U0001d400\U00020000",
         "private": "\ue000", "bidi": "\u2067isolate\u2069 \u200fmark"}
IMPOSSIBLE = {"nul": "a\x00b", "bell": "a\x07b", "escape": "a\x1b[31mb", "vt": "a\x0bb", "del": "a\x7fb",
              "c1": "a\x85b", "csi": "a\x9bb", "surrogate": "a\ud800b", "low surrogate": "\udc80",
              "fffe": "a\ufffeb", "ffff": "a\uffffb"}
FORMATS = ["g.yaml", "g.json", "csv", "g.graphml", "g.parquet"]


def valid_graph() -> gc.ConflictGraph:
    """One actor per valid string, each string also in its alias, description, a relation's notes,
    quote and attributes, a source title and the dataset title."""
    kinds = sorted(VALID)
    texts = [VALID[k] for k in kinds]
    ids = [f"A{i}" for i in range(len(kinds))]
    actors = pd.DataFrame({"id": ids, "name": texts, "type": "state",
                           "aliases": [[t + " (alias)"] for t in texts], "description": texts},
                          dtype=object)
    relations = pd.DataFrame({
        "source": ids, "target": ids[1:] + ids[:1], "type": "meets", "date": "2020", "notes": texts,
        "evidence": [[{"source": f"s{i}", "quote": t}] for i, t in enumerate(texts)],
        "attributes": [{"said": t, t: [t]} for t in texts]}, dtype=object)
    sources = pd.DataFrame({"id": [f"s{i}" for i in range(len(texts))], "title": texts}, dtype=object)
    return gc.ConflictGraph.from_frames(actors, relations, sources=sources,
                                        dataset={"id": "u", "title": " ".join(texts)})


@pytest.mark.parametrize("fmt", FORMATS)
def test_valid_text_survives_every_format(tmp_path, fmt):
    graph = valid_graph()
    graph.save(tmp_path / fmt)
    back = gc.load(tmp_path / fmt)
    for column in ("name", "aliases", "description"):
        assert back.actors[column].tolist() == graph.actors[column].tolist(), column
    for column in ("notes", "evidence", "attributes"):
        assert back.relations[column].tolist() == graph.relations[column].tolist(), column
    assert back.sources["title"].tolist() == graph.sources["title"].tolist()
    assert back.dataset["title"] == graph.dataset["title"]


@pytest.mark.parametrize("kind", sorted(IMPOSSIBLE))
@pytest.mark.parametrize("field", ["name", "notes", "alias", "quote", "attribute", "title", "dataset"])
def test_impossible_characters_fail_at_once_naming_the_record(kind, field):
    bad = IMPOSSIBLE[kind]
    actors = pd.DataFrame({"id": ["A", "B"], "name": [bad if field == "name" else "A", "B"], "type": "state",
                           "aliases": [[bad] if field == "alias" else [], []]}, dtype=object)
    relations = pd.DataFrame({
        "source": ["A"], "target": ["B"], "type": ["meets"], "date": ["2020"],
        "notes": [bad if field == "notes" else None],
        "evidence": [[{"source": "s", "quote": bad if field == "quote" else "q"}]],
        "attributes": [{"said": bad} if field == "attribute" else None]}, dtype=object)
    sources = pd.DataFrame({"id": ["s"], "title": [bad if field == "title" else "t"]}, dtype=object)
    with pytest.raises(gc.DatasetError) as caught:
        gc.ConflictGraph.from_frames(actors, relations, sources=sources,
                                     dataset={"title": bad if field == "dataset" else "x"})
    problems = caught.value.problems
    assert len(problems) == 1, problems
    problem = problems[0]
    code = f"U+{ord(next(c for c in bad if c not in 'ab[31m')):04X}"
    assert code in problem.message
    where = {"name": ("actors[0] (id 'A')", "name"), "alias": ("actors[0] (id 'A')", "aliases[0]"),
             "notes": ("relations[0]", "notes"), "quote": ("relations[0]", "evidence[0].quote"),
             "attribute": ("relations[0]", "attributes.said"), "title": ("sources[0] (id 's')", "title"),
             "dataset": ("dataset", "title")}[field]
    assert (problem.record or "").startswith(where[0]) and problem.field == where[1], problem
    str(problem).encode("utf-8")  # the message itself can be printed anywhere


@pytest.mark.parametrize("escape", ["\\ud83d", "\\ud83d\\ude00", "\\udc80"])
def test_a_surrogate_escape_in_yaml_is_refused_with_its_line_and_the_fix(tmp_path, escape):
    path = tmp_path / "u.yaml"
    path.write_text('dataset: {id: x}\nactors:\n  - {id: A, name: "half ' + escape + '", type: state}\n'
                    "relations: []\n", encoding="utf-8")
    (error,) = gc.validate(path).errors
    assert error.line == 3 and "half of a character (a surrogate)" in error.message
    assert "\\U" in (error.hint or "")


@pytest.mark.parametrize(("name", "text", "line"), [
    ("yaml nul escape", 'dataset: {id: x}\nactors:\n  - {id: A, name: "nul \\0", type: state}\n'
                        "relations: []\n", 3),
    ("yaml nel escape", 'dataset: {id: x}\nactors:\n  - {id: A, name: "nel \\N end", type: state}\n'
                        "relations: []\n", 3),
])
def test_escapes_in_yaml_that_make_impossible_characters_are_refused_with_the_line(tmp_path, name, text,
                                                                                   line):
    path = tmp_path / "u.yaml"
    path.write_text(text, encoding="utf-8")
    report = gc.validate(path)
    assert not report.ok
    assert report.errors[0].line == line and report.errors[0].field == "name", report.errors


def test_a_json_surrogate_escape_is_refused_naming_the_actor(tmp_path):
    path = tmp_path / "u.json"
    path.write_text(json.dumps({"dataset": {"id": "x"}, "relations": [],
                                "actors": [{"id": "A", "name": "cut \ud83d", "type": "state"}]}),
                    encoding="utf-8")
    with pytest.raises(gc.DatasetError, match=r"actors\[0\] \(id 'A'\)\.name: text holds a lone surrogate"):
        gc.load(path)


def test_a_json_escaped_emoji_pair_is_one_character(tmp_path):
    path = tmp_path / "u.json"
    path.write_text('{"dataset": {"id": "x"}, "relations": [], "actors": '
                    '[{"id": "A", "name": "\\ud83d\\ude00", "type": "state"}]}', encoding="utf-8")
    assert gc.load(path).actors.loc[0, "name"] == "\U0001f600"


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "cp1252"])
def test_text_in_another_encoding_is_refused_with_its_line(tmp_path, encoding):
    path = tmp_path / "u.yaml"
    text = "dataset: {id: x}\nactors:\n  - {id: A, name: Caf\u00e9 \u00e0 Alep, type: state}\nrelations: []\n"
    path.write_bytes(text.encode(encoding))
    report = gc.validate(path)
    assert not report.ok and "not UTF-8 text" in report.errors[0].message
    assert report.errors[0].line in (1, 3)


def test_files_are_utf8_whatever_the_locale(tmp_path):
    """A child Python under the C locale (ASCII, as on a bare server) writes and reads the same
    bytes as this one."""
    script = tmp_path / "write.py"
    script.write_text(  # ASCII source: the names are escapes
        "import sys, pandas as pd, graphlib_conflict as gc\n"
        "name = '\\u4e2d\\u534e \\u0627\\u0644\\u062c\\u064a\\u0634 \\u2028RLO \\u202e!'\n"
        "g = gc.ConflictGraph.from_frames(pd.DataFrame({'id': ['A', 'B'], 'name': [name, 'B'], "
        "'type': 'state'}), pd.DataFrame({'source': ['A'], 'target': ['B'], 'type': ['meets'], "
        "'date': ['2020'], 'notes': [name]}))\n"
        "for path in sys.argv[1:]:\n"
        "    g.save(path)\n"
        "    assert gc.load(path).actors['name'][0] == name\n"
        "import locale; assert locale.getpreferredencoding(False) != 'UTF-8'\n", encoding="ascii")
    names = [str(tmp_path / n) for n in ("g.yaml", "g.json", "g.graphml", "csv")]
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, str(script), *names], env=env, capture_output=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    here = tmp_path / "here"
    here.mkdir()
    for name in names[:3]:
        raw = Path(name).read_bytes()
        assert "\u4e2d\u534e".encode() in raw
        gc.load(name).save(here / Path(name).name)
        assert (here / Path(name).name).read_bytes() == raw


def test_printing_a_problem_with_an_impossible_character_never_raises(capsys):
    from graphlib_conflict.cli import main

    folder = Path(tempfile.mkdtemp())
    (folder / "g.json").write_text(json.dumps({"dataset": {"id": "x"}, "relations": [], "actors": [
        {"id": "A\ud800", "name": "x\x00", "type": "state"}]}), encoding="utf-8")
    assert main(["validate", str(folder / "g.json")]) == 1
    out = "".join(capsys.readouterr())
    out.encode("utf-8")
    assert "U+D800" in out and "U+0000" in out and "id 'A\\ud800'" in out


def test_the_command_line_prints_utf8_whatever_the_locale(tmp_path):
    path = tmp_path / "cjk.yaml"
    names = ["\u4e2d\u534e", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629"]
    actors = pd.DataFrame({"id": ["A", "B"], "name": names, "type": "state"})
    gc.ConflictGraph.from_frames(actors, pd.DataFrame(
        {"source": ["A"], "target": ["B"], "type": ["meets"], "date": ["2020"]})).save(path)
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PATH": "/usr/bin:/bin"}
    script = ("import sys; from graphlib_conflict.cli import main; "
              f"main(['pair', {str(path)!r}, 'A', 'B']); "
              f"main(['validate', {str(tmp_path / 'missing.yaml')!r}])")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=120,
                          check=False)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")[-1500:]
    assert "\u4e2d\u534e".encode() in done.stdout
