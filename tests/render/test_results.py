"""Every result has the same output methods, with the same signatures and the same behaviour."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable

import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.render import Result, TableResult

Factory = Callable[[gc.ConflictGraph], Result]

RESULTS: dict[str, Factory] = {
    "ChangeReport": lambda g: gc.change_report(g, "2019-11-01", "2020-02-04"),
    "BalanceResult": lambda g: gc.balance(g, "2020-02-04"),
    "FrustrationResult": lambda g: gc.frustration(g, "2020-02-04"),
    "PairHistory": lambda g: gc.pair_history(g, "RUS", "TUR", "2019-10-01", "2020-02-04"),
    "ValidationReport": lambda g: gc.validate(gc.default_dataset_path()),
    "CentralityResult": lambda g: gc.centrality(g, "2020-02-04"),
    "CentralityResult (change)": lambda g: gc.centrality_change(g, "2019-11-01", "2020-02-04"),
    "DatasetSummary": lambda g: gc.summary(g, "2020-02-04"),
    "TableResult": lambda g: TableResult("Blocs", gc.blocs(g, "2020-02-04")),
    "BalanceTimeline": lambda g: gc.balance_timeline(g, "2019-10", "2020-02-04"),
    "AlignmentTimeline": lambda g: gc.alignment_timeline(g, "2019-10", "2020-02-04",
                                                         pairs=[("RUS", "TUR")]),
    "WhatIf": lambda g: gc.what_if(g, "2020-02-04", flip=[("RUS", "TUR")]),
}

METHODS = ("to_frame", "to_dict", "to_json", "to_markdown", "to_html", "to_text", "_repr_html_",
           "__str__")


@pytest.fixture(scope="module", params=sorted(RESULTS))
def result(request, default_graph) -> Result:
    return RESULTS[request.param](default_graph)


def test_every_result_shares_the_methods_and_their_signatures(result):
    assert isinstance(result, Result)
    for name in METHODS[2:]:
        # written once, in Result: the same signature everywhere
        assert getattr(type(result), name) is getattr(Result, name), name
    assert str(inspect.signature(Result.to_html)) == \
        "(self, path: 'PathLike | None' = None, *, full_page: 'bool | None' = None) -> 'str'"
    for name in ("to_json", "to_markdown", "to_text"):
        assert list(inspect.signature(getattr(Result, name)).parameters)[:2] == ["self", "path"]


def test_frame_dict_and_json_agree(result):
    assert isinstance(result.to_frame(), pd.DataFrame)
    data = result.to_dict()
    text = json.dumps(data, allow_nan=False)  # plain, JSON-safe data without help
    assert json.loads(result.to_json()) == json.loads(text)


def test_text_is_the_whole_readable_account(result):
    text = str(result)
    assert text == result.to_text()
    valid = isinstance(result, gc.ValidationReport) and not result.problems
    assert len(text.splitlines()) > 1 or (text.endswith(": valid\n") and valid)
    assert "\\(" not in text and "<" not in text.replace("<NA>", "")


def test_html_fragment_and_page(result):
    fragment = result.to_html()
    assert fragment.startswith('<div class="gc-report"><style>')
    assert result._repr_html_() == fragment
    page = result.to_html(full_page=True)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    # nothing loaded from anywhere
    assert not re.search(r"<(link|script|iframe|object|embed|img)\b", page)


def test_written_atomically_and_returned(result, tmp_path):
    for name, call in (("r.json", result.to_json), ("r.md", result.to_markdown),
                       ("r.txt", result.to_text), ("r.html", result.to_html)):
        text = call(tmp_path / name)
        assert (tmp_path / name).read_text(encoding="utf-8") == text
    # a file is a whole page
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.json", "r.md", "r.txt"]


def test_markdown_escapes_data_not_prose(make_graph):
    plain = make_graph([("A", "alliance", "B", "2019-01-01.."), ("B", "alliance", "C", "2019-01-01.."),
                        ("A", "fights", "C", "2019-01-01..")])
    md = gc.balance(plain, "2020-01-01").to_markdown()
    assert "\\" not in md  # nothing in these names or in the prose needs escaping
    assert "(in 1 unbalanced triangle)." in md and "signs (ab, bc, ac)" in md
    hostile = make_graph([("A", "alliance", "B", "2019-01-01..")],
                         actors=[{"id": "A", "name": "A (the *first*)", "type": "state"},
                                 {"id": "B", "name": "B", "type": "state"}])
    md = gc.balance(hostile, "2020-01-01").to_markdown()
    assert "A \\(the \\*first\\*\\)" in md


def test_one_format_per_kind_of_number(default_graph):
    result = gc.balance(default_graph, "2020-02-04")
    score = result.strained.iloc[0]["score"]
    written = f"{score:.2f}"
    for text in (result.to_text(), result.to_markdown(), result.to_html()):
        assert written in text
        assert f"{score:.3f}" not in text and f"{score:.4f}" not in text
    ratio = f"Balance ratio {result.balance_ratio:.2f}:"
    assert all(ratio in t for t in (result.to_text(), result.to_markdown()))


def test_plurals_agree(make_graph):
    one = make_graph([("A", "alliance", "B", "2019-01-01.."), ("B", "alliance", "C", "2019-01-01.."),
                      ("A", "fights", "C", "2019-01-01..")])
    text = gc.balance(one, "2020-01-01").to_text()
    assert "1 of 1 triangle balanced" not in text and "0 of 1 triangle balanced, 1 unbalanced" in text
    assert "Frustration index 1 (exact): 1 tie must change sign" in text
