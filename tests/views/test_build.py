"""What a page shows: its edges, frames, styles and alignment overlay, checked against the tables."""

from __future__ import annotations

import numpy as np
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics.alignment import STATUSES
from graphlib_conflict.views import _build, to_html
from graphlib_conflict.views._style import ACTOR_STYLES, CATEGORY_DASHES, STATUS_COLORS
from tests.views._expected import expected_at, expected_pairs
from tests.views._payloads import page_data

DAY = np.timedelta64(1, "D")


def _day(text: str) -> int:
    return int(np.datetime64(text, "D").astype(np.int64))


def visible_in(data: dict, frame: int) -> set[str]:
    """Relation ids the page's script shows in a frame (the same rule, written independently)."""
    first, last = data["frames"][frame]
    recent = data["meta"]["recentDays"]
    category = [data["types"][t]["category"] for t in data["edges"]["type"]]
    out = set()
    for i, rid in enumerate(data["edges"]["id"]):
        t0, t1 = data["edges"]["t0"][i], data["edges"]["t1"][i]
        end = None if t1 is None else t1 + (recent if category[i] == "interaction" else 0)
        if (t0 is None or t0 <= last) and (end is None or end >= first):
            out.add(rid)
    return out


def pair_status(data: dict, a: str, b: str, frame: int) -> str:
    ids = data["nodes"]["id"]
    for j, (x, y) in enumerate(zip(data["pairs"]["a"], data["pairs"]["b"], strict=True)):
        if {ids[x], ids[y]} == {a, b}:
            entries = [e for e in data["pairs"]["timeline"][j] if e[0] <= frame]
            return STATUSES[entries[-1][1]] if entries else "neutral"
    return "neutral"


@pytest.fixture(scope="module")
def slider(default_graph) -> dict:
    return page_data(to_html(default_graph))


@pytest.fixture(scope="module")
def feb4(default_graph) -> dict:
    return page_data(to_html(default_graph, at="2020-02-04"))


# ---------------------------------------------------------------------------- what is drawn
def test_at_view_draws_active_relations_and_recent_interactions(default_graph, feb4):
    expected = expected_at(default_graph, "2020-02-04")
    assert set(feb4["edges"]["id"]) == expected
    assert visible_in(feb4, 0) == expected
    # the founding event of the case is the day before and must be on the picture
    assert {"syr_mil-attacks-tur_mil-2020-02-03", "implied:ASTANA:RUS~TUR"} <= expected
    assert "rus-agrees-tur-2016-12-29-ceasefire" not in expected


def test_recent_days_zero_keeps_only_that_days_interactions(default_graph):
    data = page_data(to_html(default_graph, at="2020-02-04", recent_days=0))
    assert set(data["edges"]["id"]) == set(default_graph.at("2020-02-04").all_relations()["id"])


def test_window_view_draws_what_between_keeps(default_graph):
    data = page_data(to_html(default_graph, start="2019-12", end="2020-01"))
    assert data["frames"] == [[_day("2019-12-01"), _day("2020-01-31")]]
    between = default_graph.between("2019-12", "2020-01").all_relations()
    assert set(data["edges"]["id"]) == set(between["id"])
    assert data["meta"]["recentDays"] == 0


def test_a_slice_displays_its_own_day(default_graph):
    data = page_data(to_html(default_graph.at("2020-02-04")))
    assert data["meta"]["mode"] == "at"
    assert set(data["edges"]["id"]) == set(default_graph.at("2020-02-04").all_relations()["id"])


def test_slider_holds_every_relation_and_replays_each_date(default_graph, slider):
    table = default_graph.all_relations()
    assert sorted(slider["edges"]["id"]) == sorted(table["id"])
    days = [f[0] for f in slider["frames"]]
    assert days == sorted(set(days)) and all(f[0] == f[1] for f in slider["frames"])
    starts = {_day(str(d.date())) for d in table["valid_from"].dropna()}
    assert starts <= set(days)
    assert days[-1] == _day("2020-02-29")
    interaction = table["category"] == "interaction"
    fade_out = {_day(str(d.date())) + 31 for d in table.loc[interaction, "valid_to"]}
    assert {d for d in fade_out if d <= days[-1]} <= set(days)


@pytest.mark.parametrize("day", ["2011-06-01", "2017-05-04", "2019-11-01", "2020-02-04"])
def test_each_slider_frame_shows_what_the_at_view_shows(default_graph, slider, day):
    days = [f[0] for f in slider["frames"]]
    frame = int(np.searchsorted(days, _day(day), side="right")) - 1
    # the frame holds from its day until the next change, so the picture is the same on `day`
    assert visible_in(slider, frame) == expected_at(default_graph, day)


def test_slider_starts_on_the_last_date_of_the_data(slider):
    first, _ = slider["frames"][slider["meta"]["initialFrame"]]
    assert first == _day("2020-02-29")


def test_slider_within_a_window(default_graph):
    data = page_data(to_html(default_graph, start="2020-01-01", end="2020-02-15", slider=True))
    days = [f[0] for f in data["frames"]]
    assert days[0] == _day("2020-01-01") and days[-1] == _day("2020-02-15")
    assert _day("2020-02-03") in days and _day("2020-02-04") in days


# ---------------------------------------------------------------------------- the overlay
def test_overlay_reports_the_alignment_of_top_level_pairs(default_graph, feb4):
    assert pair_status(feb4, "RUS", "TUR", 0) == "mixed"
    assert pair_status(feb4, "SYR_GOV", "TUR", 0) == "adversary"
    ids = feb4["nodes"]["id"]
    shown = {(ids[a], ids[b]): pair_status(feb4, ids[a], ids[b], 0)
             for a, b in zip(feb4["pairs"]["a"], feb4["pairs"]["b"], strict=True)}
    assert shown == expected_pairs(default_graph, "2020-02-04")


def test_overlay_changes_through_the_slider(default_graph, slider):
    days = [f[0] for f in slider["frames"]]
    for day in ("2019-11-01", "2020-02-04"):
        frame = days.index(_day(day))
        expected = gc.alignment(default_graph, at=day).set_index(["source", "target"])
        assert pair_status(slider, "RUS", "TUR", frame) == expected.loc[("RUS", "TUR"), "status"]
    assert pair_status(slider, "RUS", "TUR", days.index(_day("2019-11-01"))) == "ally"
    assert pair_status(slider, "RUS", "TUR", days.index(_day("2020-02-04"))) == "mixed"


def test_overlay_can_be_turned_off_and_has_a_budget(default_graph, monkeypatch):
    assert page_data(to_html(default_graph, at="2020-02-04", overlay=False))["pairs"]["a"] == []
    monkeypatch.setattr(_build, "OVERLAY_BUDGET", 0.1)
    data = page_data(to_html(default_graph))
    assert data["meta"]["overlay"] is False and data["pairs"]["a"] == []
    assert page_data(to_html(default_graph, overlay=True))["meta"]["overlay"] is True


# ---------------------------------------------------------------------------- styles
def test_edge_styles_follow_sign_category_and_direction(default_graph, feb4):
    vocab = default_graph.vocabulary.relation_types
    by_id = {t["id"]: t for t in feb4["types"]}
    for type_id, style in by_id.items():
        row = vocab.loc[type_id]
        status = {1: "ally", -1: "adversary", 0: "neutral"}[int(row["sign"])]
        assert style["color"] == STATUS_COLORS[status]
        assert style["dashes"] == CATEGORY_DASHES[row["category"]]
        assert style["directed"] == bool(row["directed"])
    assert by_id["attacks"]["color"] == "#d73027" and by_id["attacks"]["dashes"] == [8, 6]
    assert by_id["supports"]["dashes"] is False and by_id["part_of"]["dashes"] == [2, 5]
    # the dataset's own type is styled like any other
    assert by_id["besieges"]["color"] == STATUS_COLORS["adversary"]


def test_width_grows_with_weight(feb4):
    weights = np.array(feb4["edges"]["weight"])
    widths = np.array(feb4["edges"]["width"])
    order = np.argsort(weights)
    assert np.all(np.diff(widths[order]) >= 0)
    assert widths.min() >= 1 and widths.max() <= 10
    assert len(set(widths)) > 1


def test_parallel_relations_fan_out(feb4):
    ids = feb4["nodes"]["id"]
    pairs: dict[frozenset, list[float]] = {}
    for a, b, curve in zip(feb4["edges"]["from"], feb4["edges"]["to"], feb4["edges"]["curve"],
                           strict=True):
        # vis bends relative to the edge's direction: compare the sides as drawn
        drawn = curve if a <= b else -curve
        pairs.setdefault(frozenset((ids[a], ids[b])), []).append(drawn)
    rus_tur = pairs[frozenset(("RUS", "TUR"))]
    assert len(rus_tur) >= 5
    assert {c > 0 for c in rus_tur if c} == {True, False}
    for curves in pairs.values():
        assert len(set(curves)) == len(curves)
        assert curves.count(0.0) == 1


def test_nodes_take_their_type_style(feb4, default_graph):
    types = feb4["actorTypes"]
    assert sorted(t["id"] for t in types) == sorted(set(default_graph.actors["type"]))
    for i, actor_id in enumerate(feb4["nodes"]["id"]):
        style = types[feb4["nodes"]["type"][i]]
        expected = ACTOR_STYLES[default_graph.actor(actor_id)["type"]]
        assert (style["color"], style["shape"]) == (expected.color, expected.shape)


def test_unknown_actor_types_get_a_dashed_fallback(make_graph):
    g = make_graph([("A", "attacks", "B", "2020-01-01")],
                   actors=[{"id": "A", "name": "A", "type": "militia"},
                           {"id": "B", "name": "B", "type": "state"}],
                   actor_types=[{"id": "militia", "description": "Pro-government militia."}])
    types = {t["id"]: t for t in page_data(to_html(g, at="2020-01-01"))["actorTypes"]}
    assert types["militia"]["dashed"] is True and types["state"]["dashed"] is False
    assert types["militia"]["description"] == "Pro-government militia."


def test_node_styles_override_and_actor_attributes(make_graph):
    g = make_graph([("A", "attacks", "B", "2020-01-01")],
                   actors=[{"id": "A", "name": "A", "type": "state",
                            "attributes": {"color": "#0F0", "size": 30}},
                           {"id": "B", "name": "B", "type": "state"}])
    data = page_data(to_html(g, at="2020-01-01", node_styles={"state": {"shape": "square"}}))
    assert data["actorTypes"][0]["shape"] == "square"
    assert data["nodes"]["color"] == ["#00ff00", None]
    assert data["nodes"]["size"] == [30.0, None]


def test_invalid_colour_in_the_data_is_a_clear_error(make_graph):
    g = make_graph([("A", "attacks", "B", "2020-01-01")],
                   actors=[{"id": "A", "name": "A", "type": "state",
                            "attributes": {"color": "red;background:url(//x)"}},
                           {"id": "B", "name": "B", "type": "state"}])
    with pytest.raises(gc.views.ViewError, match=r"actor 'A': attributes: colour .* not a hex"):
        to_html(g, at="2020-01-01")


# ---------------------------------------------------------------------------- physics and scale
def test_physics_is_on_for_small_graphs_and_off_past_the_limit(default_graph, make_graph,
                                                                monkeypatch):
    assert page_data(to_html(default_graph, at="2020-02-04"))["meta"]["physics"] is True
    assert page_data(to_html(default_graph, physics=False))["meta"]["physics"] is False
    monkeypatch.setattr(_build, "PHYSICS_EDGE_LIMIT", 5)
    data = page_data(to_html(default_graph, at="2020-02-04"))
    assert data["meta"]["physics"] is False and data["options"]["physics"]["enabled"] is False
    assert data["springs"] == {"a": [], "b": []}
    assert page_data(to_html(default_graph, at="2020-02-04", physics=True))["meta"]["physics"]


def test_large_pages_hide_edges_while_moving():
    assert _build.vis_options(physics=False, seed=1, n_edges=20_000)["interaction"][
        "hideEdgesOnDrag"] is True
    assert _build.vis_options(physics=False, seed=1, n_edges=50)["interaction"][
        "hideEdgesOnDrag"] is False


def test_graph_without_dates_still_renders(make_graph):
    g = make_graph([("A", "part_of", "B", "..")])
    data = page_data(to_html(g))
    assert data["meta"]["mode"] == "slider" and len(data["frames"]) == 1
    assert visible_in(data, 0) == set(g.relations["id"])
    with pytest.raises(gc.views.ViewError, match="no dates"):
        to_html(g, slider=False)
