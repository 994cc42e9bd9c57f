"""Pair history: relations after roll-up with evidence, and a score series equal to alignment()."""

from __future__ import annotations

import html
import json

import numpy as np
import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.analytics.alignment import STATUSES
from graphlib_conflict.analytics.history import RELATION_COLUMNS, SCORE_COLUMNS, pair_history


def alignment_row(graph, a, b, day):
    table = gc.alignment(graph, at=day)
    source, target = sorted((a, b))
    row = table[(table["source"] == source) & (table["target"] == target)]
    return None if row.empty else row.iloc[0]


def checked_days(scores):
    """Every jump, the day before it, the ends and every 10th row (alignment() is slow per day)."""
    jumps = scores.index[scores["change"].to_numpy()]
    keep = set(jumps) | set(jumps - 1) | {0, len(scores) - 1} | set(range(0, len(scores), 10))
    return scores.loc[sorted(k for k in keep if 0 <= k < len(scores))]


def assert_scores_match_alignment(graph, history, a, b):
    s = checked_days(history.scores)
    for day, score, positive, negative, status, n in zip(
            s["date"], s["score"], s["positive"], s["negative"], s["status"], s["relations"],
            strict=True):
        row = alignment_row(graph, a, b, day)
        if row is None:
            assert (score, positive, negative, n) == (0.0, 0.0, 0.0, 0), day
            assert status == "neutral"
        else:
            assert score == pytest.approx(row["score"], abs=1e-12), day
            assert positive == pytest.approx(row["positive"], abs=1e-12), day
            assert negative == pytest.approx(row["negative"], abs=1e-12), day
            assert (status, n) == (row["status"], row["relations"]), day


def test_turkey_syrian_government_includes_rolled_up_attacks(default_graph):
    h = pair_history(default_graph, "TUR", "SYR_GOV", start="2019-11-01", end="2020-02-04")
    assert list(h.relations.columns) == list(RELATION_COLUMNS)
    assert list(h.scores.columns) == list(SCORE_COLUMNS)
    rel = default_graph.relations
    # every attack or clash stated between the two states' forces in the window, from the data
    forces = rel[rel["source"].isin(["SYR_MIL", "TUR_MIL"]) & rel["target"].isin(["SYR_MIL",
                                                                                  "TUR_MIL"])]
    expected = set(forces.loc[forces["category"] == "interaction", "id"])
    got = h.relations.set_index("id")
    assert expected and expected <= set(got.index)
    attack = got.loc["syr_mil-attacks-tur_mil-2020-02-03"]
    assert (attack["stated_source"], attack["stated_target"]) == ("SYR_MIL", "TUR_MIL")
    assert (attack["source"], attack["target"]) == ("SYR_GOV", "TUR")
    assert attack["rolled_up"] and attack["when"] == "2020-02-03"
    quotes = {e["source"]: e for e in attack["evidence"]}
    assert quotes["mt-2020-02-04"]["title"] == default_graph.sources.set_index("id").loc[
        "mt-2020-02-04", "title"]
    assert "eight Turkish personnel were killed" in quotes["mt-2020-02-04"]["quote"]
    stated = got.loc["tur-threatens-syr_gov-2020-02-04"]
    assert not stated["rolled_up"]
    # nothing outside the window, nothing between other actors
    pairs = set(zip(got["source"], got["target"], strict=True))
    assert pairs <= {("TUR", "SYR_GOV"), ("SYR_GOV", "TUR")}
    active = (got["last_day"].isna() | (got["last_day"] >= "2019-11-01")) & (
        got["first_day"].isna() | (got["first_day"] <= "2020-02-04"))
    assert active.all()
    assert h.status == "adversary"


def test_scores_equal_alignment_on_every_day(default_graph):
    h = pair_history(default_graph, "RUS", "TUR", start="2019-10-01", end="2020-02-29")
    assert h.scores["date"].is_monotonic_increasing and h.scores["date"].is_unique
    assert h.scores["date"].iloc[0] == pd.Timestamp("2019-10-01")
    assert h.scores["date"].iloc[-1] == pd.Timestamp("2020-02-29")
    assert_scores_match_alignment(default_graph, h, "RUS", "TUR")
    # every day on which a relation between them is dated is a marked change point
    dated = pd.to_datetime(h.relations.loc[h.relations["when"].str.len() == 10, "when"])
    in_window = dated[(dated >= "2019-10-01") & (dated <= "2020-02-29")]
    marked = set(h.scores.loc[h.scores["change"], "date"])
    assert set(in_window) <= marked
    assert set(h.scores["status"]) <= set(STATUSES)
    periods = h.periods()
    assert periods["status"].tolist() == ["ally", "mixed"]
    assert periods["first"].iloc[1] == pd.Timestamp("2020-02-03")


def test_roll_up_follows_the_date(make_graph):
    # F is part of A only from 2020-01-01: its earlier attack counts for A once F belongs to A,
    # exactly as alignment() counts it
    graph = make_graph([
        ("F", "part_of", "A", "2020-01-01.."),
        ("F", "attacks", "B", "2019-12-15"),
        ("F", "attacks", "B", "2020-01-15"),
        ("A", "cooperates", "B", "2019-06-01..2020-02-10"),
    ])
    h = pair_history(graph, "A", "B", start="2019-11-01", end="2020-03-31", freq="W")
    assert_scores_match_alignment(graph, h, "A", "B")
    assert set(h.relations["id"]) == set(graph.relations.query("type != 'part_of'")["id"])
    no_roll = pair_history(graph, "A", "B", start="2019-11-01", end="2020-03-31",
                           roll_up=False)
    assert set(no_roll.relations["type"]) == {"cooperates"}
    assert_scores_match_alignment_params(graph, no_roll)


def assert_scores_match_alignment_params(graph, history):
    s = checked_days(history.scores)
    for day, score in zip(s["date"], s["score"], strict=True):
        table = gc.alignment(graph, at=day, roll_up=False)
        row = table[(table["source"] == "A") & (table["target"] == "B")]
        assert score == pytest.approx(0.0 if row.empty else row["score"].iloc[0], abs=1e-12)


def test_defaults_cover_the_pair_and_regular_grid(default_graph):
    h = pair_history(default_graph, "Russia", "Turkey")
    assert (h.a, h.b) == ("RUS", "TUR") and h.names == ("Russia", "Turkey")
    first = h.relations["first_day"].min()
    assert h.start == first.date().isoformat()
    assert h.end == default_graph.date_range[1].date().isoformat()
    assert len(h.scores) <= 400 + 4 * len(h.relations) + 2
    weekly = pair_history(default_graph, "RUS", "TUR", start="2019-01-01", end="2019-12-31",
                          freq="W")
    sundays = pd.date_range("2019-01-01", "2019-12-31", freq="W")
    assert set(sundays) <= set(weekly.scores["date"])


def test_mistakes(default_graph):
    with pytest.raises(gc.ActorNotFound, match="did you mean 'TUR'"):
        pair_history(default_graph, "TRK", "RUS")
    with pytest.raises(gc.GraphlibConflictError, match="same actor"):
        pair_history(default_graph, "Turkey", "Ankara")
    with pytest.raises(gc.GraphlibConflictError, match=r"counts for SYR_GOV.*roll_up=False"):
        pair_history(default_graph, "SYR_MIL", "TUR")
    with pytest.raises(gc.ParameterError, match="unknown frequency 'H'"):
        pair_history(default_graph, "RUS", "TUR", freq="H")
    with pytest.raises(gc.DateError, match=r"the end \(2020-01-01\) must be on or after the start"):
        pair_history(default_graph, "RUS", "TUR", start="2020-02-01", end="2020-01-01")
    forces = pair_history(default_graph, "SYR_MIL", "TUR_MIL", roll_up=False)
    assert set(forces.relations["type"]) >= {"attacks", "clashes"}
    assert not forces.relations["rolled_up"].any()


def test_outputs(default_graph):
    h = pair_history(default_graph, "TUR", "SYR_GOV", start="2020-01-01", end="2020-02-04")
    data = json.loads(h.to_json())
    assert data["a"] == {"id": "TUR", "name": "Turkey"}
    assert data["status"] == "adversary" and data["end"] == "2020-02-04"
    assert {s["status"] for s in data["scores"]} <= set(STATUSES)
    assert len(data["relations"]) == len(h.relations)
    attack = next(r for r in data["relations"] if r["id"] == "syr_mil-attacks-tur_mil-2020-02-03")
    assert attack["rolled_up"] is True and attack["evidence"][0]["source"] == "mt-2020-02-04"
    md = h.to_markdown()
    # prose stays plain in Markdown: only the data (names, ids) would be escaped
    assert "## Turkey (TUR) – Syrian government (SYR_GOV)" in md
    assert "eight Turkish personnel were killed" in md and "**attacks**" in md
    page = h.to_html(full_page=True)
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert h._repr_html_().startswith('<div class="gc-report">')
    assert h.to_frame().equals(h.relations)


def test_written_atomically(default_graph, tmp_path):
    h = pair_history(default_graph, "RUS", "TUR", start="2020-01-01", end="2020-02-04")
    text = h.to_json(tmp_path / "pair.json")
    assert (tmp_path / "pair.json").read_text(encoding="utf-8") == text
    h.to_html(tmp_path / "pair.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pair.html", "pair.json"]


HOSTILE_NAMES = ["<script>alert(1)</script>", "[x](javascript:alert(1))"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_and_quotes_are_escaped(make_graph, name):
    actors = [{"id": "A", "name": name, "type": "state"}, {"id": "B", "name": "B", "type": "state"}]
    sources = pd.DataFrame({"id": ["s1"], "title": [name], "url": ["javascript:alert(1)"]})
    graph = make_graph([("A", "attacks", "B", "2020-01-05")], actors=actors, sources=sources)
    rel = graph.relations.assign(evidence=[({"source": "s1", "quote": name},)])
    graph = gc.ConflictGraph.from_frames(graph.actors, rel, sources=sources)
    h = pair_history(graph, "A", "B", start="2020-01-01", end="2020-01-10")
    for page in (h.to_html(), h._repr_html_()):
        assert "<script>" not in page and 'href="javascript' not in page
        assert html.escape(name) in page
    md = h.to_markdown()
    # Markdown renders neither raw HTML nor a link from it: brackets and parentheses are escaped
    assert "<script>" not in md and "](javascript:" not in md and name not in md
    assert np.isclose(h.scores["score"].iloc[-1], alignment_row(graph, "A", "B",
                                                                "2020-01-10")["score"])
