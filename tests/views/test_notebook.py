"""Inline display in Jupyter, VS Code and the classic notebook: a sandboxed srcdoc iframe."""

from __future__ import annotations

import pytest

from graphlib_conflict.views import ViewError, notebook_html, to_html
from tests.views._payloads import PageParser


def _iframe(markup: str) -> dict[str, str | None]:
    parsed = PageParser(markup)
    assert [tag for tag, _ in parsed.tags] == ["iframe"], "the output is one iframe and nothing else"
    return parsed.tags[0][1]


def test_graph_displays_as_a_sandboxed_iframe(default_graph):
    frame = _iframe(default_graph._repr_html_())
    assert frame["sandbox"] == "allow-scripts"
    assert frame["srcdoc"] == to_html(default_graph)
    assert "height:640px" in frame["style"]


def test_iframe_is_not_same_origin_and_leaks_no_style(default_graph):
    markup = notebook_html(default_graph.at("2020-02-04"))
    assert "allow-same-origin" not in markup
    assert "<style" not in markup and "<script" not in markup
    # everything the page carries is inside the attribute, escaped
    assert markup.count("<") == 2 and markup.endswith("></iframe>")


@pytest.mark.parametrize(("slice_of", "subtitle"), [
    (lambda g: g.at("2020-02-04"), "as of 2020-02-04"),
    (lambda g: g.between("2020-01", "2020-02"), "2020-01-01 to 2020-02-29, both days included"),
    (lambda g: g, "time slider, 2000-07-17 to 2020-02-29"),
])
def test_time_slices_show_their_own_period(default_graph, slice_of, subtitle):
    frame = _iframe(slice_of(default_graph)._repr_html_())
    assert PageParser(frame["srcdoc"]).text["gc-subtitle"] == subtitle


def test_options_and_height(default_graph):
    frame = _iframe(notebook_html(default_graph, height=400, at="2020-02-04", recent_days=0))
    assert "height:400px" in frame["style"]
    assert frame["srcdoc"] == to_html(default_graph, at="2020-02-04", recent_days=0)
    with pytest.raises(ViewError, match="height must be"):
        notebook_html(default_graph, height="100%")


def test_frame_title_is_escaped(make_graph):
    g = make_graph([("A", "meets", "B", "2020-01-01")],
                   dataset={"title": '"><script>alert(1)</script>'})
    markup = notebook_html(g)
    assert "<script>alert" not in markup
    assert _iframe(markup)["title"].startswith("<ConflictGraph '\"><script>")
