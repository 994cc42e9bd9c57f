"""Options and styles are checked before anything is built, with messages that say what to give."""

from __future__ import annotations

import math

import pytest

import graphlib_conflict as gc
from graphlib_conflict.views import ViewError, to_html
from graphlib_conflict.views._style import (
    FALLBACK_STYLE,
    SHAPES,
    actor_styles,
    check_color,
    check_shape,
    check_size,
)


@pytest.mark.parametrize(("options", "message"), [
    ({"at": "2020-02-04", "start": "2020-01-01"}, "either at=DATE"),
    ({"at": "2020-02-04", "slider": True}, "slider=True replays a period"),
    ({"slider": "yes"}, "slider must be True, False or None"),
    ({"recent_days": -1}, "recent_days must be a whole number"),
    ({"recent_days": 2.5}, "recent_days must be a whole number"),
    ({"recent_days": True}, "recent_days must be a whole number"),
    ({"overlay": "sometimes"}, "overlay must be True, False or 'auto'"),
    ({"physics": 1}, "physics must be True, False or 'auto'"),
    ({"implied": "no"}, "implied must be True, False or None"),
    ({"seed": "7"}, "seed must be an integer"),
    ({"isolates": 1}, "isolates must be True or False"),
    ({"edge_labels": None}, "edge_labels must be True or False"),
    ({"title": 42}, "title must be text"),
    ({"node_styles": ["state"]}, "node_styles must map actor types"),
    ({"node_styles": {"state": {"colour": "#fff"}}}, "unknown key 'colour'"),
    ({"node_styles": {"state": {"shape": "circle"}}}, "shape 'circle' is not one of"),
    ({"node_styles": {"militia": {"color": "blue"}}}, "colour 'blue' is not a hex colour"),
    ({"node_styles": {"state": "red"}}, r"node_styles\['state'\] must be a mapping"),
    ({"halflife": 3}, "unknown option 'halflife' — did you mean 'half_life'"),
    ({"colour": "red"}, "unknown option 'colour'.*view options: at, start"),
])
def test_invalid_options_are_named(default_graph, options, message):
    with pytest.raises(ViewError, match=message):
        to_html(default_graph, **options)


def test_params_are_checked_by_alignment_params(default_graph):
    with pytest.raises(gc.ParameterError, match="half_life must be > 0"):
        to_html(default_graph, at="2020-02-04", half_life=0)
    slow = to_html(default_graph, at="2020-02-04", half_life=90)
    assert slow != to_html(default_graph, at="2020-02-04")


@pytest.mark.parametrize(("options", "error", "message"), [
    ({"at": "2020-02-31"}, gc.DateError, "February 2020 has 29 days"),
    ({"start": "2020-03", "end": "2020-02"}, gc.DateError,
     r"the end \(2020-02-29\) must be on or after the start \(2020-03-01\)"),
    ({"start": "yesterday"}, gc.DateError, "cannot read date"),
])
def test_invalid_dates(default_graph, options, error, message):
    with pytest.raises(error, match=message):
        to_html(default_graph, **options)


def test_a_period_means_its_last_day(default_graph):
    assert to_html(default_graph, at="2020-02") == to_html(default_graph, at="2020-02-29")


def test_not_a_graph():
    with pytest.raises(ViewError, match="needs a ConflictGraph, got dict"):
        to_html({"nodes": []})


def test_view_error_is_part_of_the_exception_tree():
    assert issubclass(ViewError, gc.GraphlibConflictError)
    assert issubclass(ViewError, ValueError)
    assert issubclass(ViewError, gc.ParameterError)
    assert gc.views.ViewError is gc.ViewError


def test_partial_window_bounds_take_the_graph_dates(default_graph):
    page = to_html(default_graph, start="2020-02-01")
    assert "2020-02-01 to 2020-02-29, both days included" in page


# ---------------------------------------------------------------------------- style checks
@pytest.mark.parametrize("value", ["red", "#12", "#12345", "#1234567", "#ggg", "url(x)",
                                   "#fff;background:url(x)", " #ffffff", "#ffffff ", 0xFFFFFF,
                                   None, ("#fff",)])
def test_colours_must_be_hex(value):
    with pytest.raises(ViewError, match="not a hex colour"):
        check_color(value, what="test")


@pytest.mark.parametrize(("value", "expected"), [("#abc", "#aabbcc"), ("#A1B2C3", "#a1b2c3")])
def test_colours_are_normalised(value, expected):
    assert check_color(value, what="test") == expected


@pytest.mark.parametrize("value", [0, 0.5, 101, math.nan, math.inf, -3, True, "12", None])
def test_sizes_must_be_reasonable_numbers(value):
    with pytest.raises(ViewError, match="not a number between 1 and 100"):
        check_size(value, what="test")


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_is_accepted(shape):
    assert check_shape(shape, what="test") == shape


@pytest.mark.parametrize("shape", ["image", "icon", "circularImage", "<svg>", None])
def test_shapes_outside_the_list_are_refused(shape):
    with pytest.raises(ViewError, match="is not one of"):
        check_shape(shape, what="test")


def test_extension_types_get_distinct_colours_then_the_fallback():
    types = [f"custom{i:02d}" for i in range(10)]
    styles = actor_styles(types)
    colours = [styles[t].color for t in types]
    assert len(set(colours[:8])) == 8
    assert styles["custom08"] == styles["custom09"] == FALLBACK_STYLE
    assert all(s.dashed for s in styles.values())
