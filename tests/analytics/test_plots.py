"""Plots: figures drawn from the same numbers as the analytics, saved atomically, headless."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import graphlib_conflict as gc
from graphlib_conflict.analytics.balance import triangle_census
from graphlib_conflict.analytics.history import pair_history
from graphlib_conflict.analytics.plots import (
    plot_balance_timeline,
    plot_pair,
    plot_pair_heatmap,
)


def test_pair_plot_draws_the_history(default_graph):
    fig = plot_pair(default_graph, "Russia", "Turkey", start="2019-10-01", end="2020-02-29")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title() == "Russia – Turkey: alignment score"
    history = pair_history(default_graph, "RUS", "TUR", start="2019-10-01", end="2020-02-29")
    line = next(ln for ln in ax.get_lines() if ln.get_label() == "score")
    np.testing.assert_allclose(line.get_ydata(), history.scores["score"].to_numpy())
    xdata = mdates.date2num(pd.to_datetime(history.scores["date"]).to_numpy())
    np.testing.assert_allclose(mdates.date2num(line.get_xdata()), xdata)
    interactions = history.relations[history.relations["category"] == "interaction"]
    ticks = next(c for c in ax.collections if c.get_label() == "interactions")
    assert len(ticks.get_offsets()) == len(interactions)


def test_balance_timeline_plots_the_census(default_graph):
    fig = plot_balance_timeline(default_graph, "2019-10-01", "2020-02-29", freq="MS")
    top = fig.axes[0]
    assert top.get_ylabel() == "balance ratio"
    days = ["2019-10-01", "2019-11-01", "2019-12-01", "2020-01-01", "2020-02-01", "2020-02-29"]
    expected = [triangle_census(gc.alignment(default_graph, at=d))["balance_ratio"] for d in days]
    np.testing.assert_allclose(top.get_lines()[0].get_ydata(), expected)


def test_heatmap_cells_are_alignment_scores(default_graph):
    pairs = [("TUR", "SYR_GOV"), ("Russia", "Turkey"), ("IRN", "TUR_MIL")]
    fig = plot_pair_heatmap(default_graph, "2019-12-01", "2020-02-04", pairs=pairs, freq="month")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Turkey – Syrian government", "Russia – Turkey",
                      "Iran – Turkish Armed Forces"]
    matrix = ax.get_images()[0].get_array()
    days = ["2019-12-01", "2020-01-01", "2020-02-01", "2020-02-04"]
    for col, day in enumerate(days):
        table = gc.alignment(default_graph, at=day).set_index(["source", "target"])
        assert matrix[0, col] == pytest.approx(table.loc[("SYR_GOV", "TUR"), "score"])
        assert matrix[1, col] == pytest.approx(table.loc[("RUS", "TUR"), "score"])
        assert matrix[2, col] == 0.0  # forces roll up: no pair of their own


def test_heatmap_picks_the_strongest_pairs(default_graph):
    fig = plot_pair_heatmap(default_graph, start="2019-12-01", end="2020-02-04", top=3)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 3 and labels[0] == "Syrian government – Turkey"


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml"),
                                               (".pdf", b"%PDF")])
def test_saved_atomically(default_graph, tmp_path, suffix, magic):
    target = tmp_path / f"pair{suffix}"
    plot_pair(default_graph, "RUS", "TUR", start="2020-01-01", end="2020-02-04", path=target)
    assert target.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_unknown_suffix_and_actor(default_graph, tmp_path):
    with pytest.raises(gc.GraphlibConflictError, match=r"use a \.png, \.svg or \.pdf"):
        plot_pair(default_graph, "RUS", "TUR", start="2020-01-01", path=tmp_path / "x.gif")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(gc.ActorNotFound, match="did you mean"):
        plot_pair_heatmap(default_graph, pairs=[("RUS", "TRK")])


def test_draws_into_given_axes(default_graph):
    fig = Figure()
    ax = fig.subplots()
    assert plot_pair(default_graph, "RUS", "TUR", start="2020-01-01", ax=ax) is fig
    assert ax.get_title().startswith("Russia – Turkey")


def test_missing_matplotlib_names_the_extra(default_graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    extra = r"pip install 'graphlib_conflict\[plot\]'"
    with pytest.raises(gc.OptionalDependencyError, match=extra):
        plot_pair(default_graph, "RUS", "TUR")


def test_no_pyplot_and_no_window():
    code = ("import sys, graphlib_conflict as gc\n"
            "from graphlib_conflict.analytics.plots import plot_pair\n"
            "plot_pair(gc.load(), 'RUS', 'TUR', start='2020-01-01')\n"
            "print('matplotlib.pyplot' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_figures_show_inline_in_ipython():
    # a notebook kernel displays PNG; the formatter is registered even without pyplot
    code = ("from IPython.testing.globalipapp import get_ipython\n"
            "shell = get_ipython()\n"
            "shell.display_formatter.active_types = ['text/plain', 'image/png']\n"
            "import graphlib_conflict as gc\n"
            "from graphlib_conflict.analytics.plots import plot_pair_heatmap\n"
            "fig = plot_pair_heatmap(gc.load(), '2020-01-01', pairs=[('RUS', 'TUR')])\n"
            "data, _ = shell.display_formatter.format(fig)\n"
            "print(data['image/png'][:4])\n")
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "b'\\x89PNG'"
