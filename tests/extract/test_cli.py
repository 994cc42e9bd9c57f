"""``graphlib-conflict extract``: formats, the review page, and the confirmed merge."""

from __future__ import annotations

import io
import json
import shutil

import pytest
import yaml

import graphlib_conflict as gc
from graphlib_conflict.cli import main
from graphlib_conflict.io import default_dataset_path
from tests.extract.conftest import ARTICLES

ARTICLE = "Turkish troops clashed with Syrian forces on Monday. Russia urged Iran to help.\n"


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def dataset(tmp_path):
    path = tmp_path / "idlib.yaml"
    shutil.copy(default_dataset_path(), path)
    return path


class _Terminal(io.StringIO):
    """Standard input that says it is a terminal, with the user's answers."""

    def isatty(self) -> bool:
        return True


def test_yaml_to_stdout_by_default(capsys, article):
    assert main(["extract", str(article), "--date", "2020-02-04", "--source-id", "mt-2020-02-04"]) == 0
    doc = yaml.safe_load(capsys.readouterr().out)
    assert "sources" not in doc  # the dataset already lists mt-2020-02-04
    assert [(r["source"], r["type"], r["target"]) for r in doc["relations"]] == [
        ("TUR_MIL", "clashes", "SYR_MIL"), ("RUS", "demands", "IRN")]


def test_json_has_source_target_type_sign_quote(capsys, article):
    assert main(["extract", str(article), "--date", "2020-02-04", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for c in data["candidates"]:
        assert ARTICLE[c["quote_start"]:c["quote_end"]] == c["quote"]
        assert {"source", "target", "type", "sign", "quote"} <= set(c)


@pytest.mark.parametrize("fmt", ["markdown", "text", "csv"])
def test_other_formats(capsys, article, fmt):
    assert main(["extract", str(article), "--date", "2020-02-04", "--format", fmt]) == 0
    assert "TUR_MIL" in capsys.readouterr().out


def test_output_file_and_review_page(capsys, article, tmp_path):
    out, page = tmp_path / "c.yaml", tmp_path / "review.html"
    assert main(["extract", str(article), "--date", "2020-02-04", "-o", str(out), "--html", str(page)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["relations"]
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"wrote {page}" in capsys.readouterr().err


def test_into_refuses_without_a_terminal(capsys, article, dataset, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    before = dataset.read_bytes()
    assert main(["extract", str(article), "--date", "2020-02-04", "--into", str(dataset)]) == 1
    err = capsys.readouterr().err
    assert "standard input is not a terminal" in err and "--accept" in err and "Traceback" not in err
    assert dataset.read_bytes() == before


def test_into_with_accept_merges(capsys, article, dataset):
    assert main(["extract", str(article), "--date", "2020-02-04", "--into", str(dataset), "--accept",
                 "--source-id", "note-7"]) == 0
    assert "merged 2 relations into" in capsys.readouterr().err
    graph = gc.load(dataset)
    assert {"tur_mil-clashes-syr_mil-2020-02-03", "rus-demands-irn-2020-02-04"} <= set(graph.relations["id"])
    assert "note-7" in set(graph.sources["id"])


@pytest.mark.parametrize(("answers", "merged"), [("y\n", 2), ("n\n", 0), ("e\ny\nn\n", 1)])
def test_into_asks_on_a_terminal(capsys, article, dataset, monkeypatch, answers, merged):
    monkeypatch.setattr("sys.stdin", _Terminal(answers))
    before = len(gc.load(dataset).relations)
    assert main(["extract", str(article), "--date", "2020-02-04", "--into", str(dataset)]) == 0
    err = capsys.readouterr().err
    assert "Merge them into" in err
    assert len(gc.load(dataset).relations) == before + merged


def test_into_with_nothing_new(capsys, dataset):
    assert main(["extract", str(ARTICLES / "truce.txt"), "--date", "2020-10-14", "--into", str(dataset),
                 "--accept"]) == 0
    assert "nothing to merge" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["--date", "2020-02"], "a single day is needed"),
    (["--date", "2020-02-04", "--encoding", "klingon"], "unknown encoding 'klingon'"),
    (["--date", "2020-02-04", "--dataset", "missing.yaml"], "file not found"),
    (["--date", "2020-02-04", "--lexicon", "missing.yaml"], "lexicon file not found"),
])
def test_mistakes_are_messages(capsys, article, argv, message):
    assert main(["extract", str(article), *argv]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_non_utf8_article_names_the_fix(capsys, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Turkey urged Russia, caf\xe9.".encode("latin-1"))
    assert main(["extract", str(path), "--date", "2020-02-04"]) == 1
    assert "--encoding" in capsys.readouterr().err
    assert main(["extract", str(path), "--date", "2020-02-04", "--encoding", "latin-1"]) == 0


def test_article_from_standard_input(capsys, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(ARTICLE.encode()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["extract", "-", "--date", "2020-02-04", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["candidates"]) == 2


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "--into" in out and "--html" in out
