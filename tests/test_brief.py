"""``gc.analyze``: every file of the brief, equal to what the matching function writes alone."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict import brief as brief_module
from graphlib_conflict.analytics import alignment
from graphlib_conflict.analytics.signed.edges import strategic_pairs
from graphlib_conflict.brief import choose_start
from graphlib_conflict.dates import day_to_iso, to_day
from graphlib_conflict.exceptions import OptionalDependencyError

EXPECTED_FILES = {
    "index.html", "report.html", "report.md", "view-slider.html", "view-2020-02-04.html",
    "balance-triangles.csv", "balance-strained.csv", "blocs.csv", "centrality.csv",
    "timeline-balance.csv", "timeline-alignment.csv", "balance-timeline.png", "pairs-over-time.png",
    "pair-heatmap.png",
}


@pytest.fixture(scope="module")
def feb(tmp_path_factory: pytest.TempPathFactory) -> gc.AnalysisBrief:
    pytest.importorskip("matplotlib")
    return gc.analyze(gc.load(), tmp_path_factory.mktemp("brief"), "2019-11-01", "2020-02-04")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        if tag == "script":
            self.scripts += 1


def test_the_folder_holds_every_file(feb):
    on_disk = {p.name for p in feb.folder.iterdir()}
    assert on_disk == EXPECTED_FILES
    assert {p.name for p in feb.files.values()} == EXPECTED_FILES
    assert all(p.stat().st_size > 0 for p in feb.files.values())
    assert (feb.start, feb.end) == ("2019-11-01", "2020-02-04")
    assert feb.why == "from 2019-11-01 to 2020-02-04, as asked"
    assert [p.read_bytes()[:8] for p in feb.folder.glob("*.png")] == [b"\x89PNG\r\n\x1a\n"] * 3


def test_the_five_findings_on_idlib(feb):
    assert feb.findings == (
        "4 alignments changed between 2019-11-01 and 2020-02-04: 2 soured, 2 escalated.",
        "Biggest change: Syrian government – Turkey escalated (adversary → adversary, score −0.50 "
        "→ −5.54).",
        "Most strained partnership on 2020-02-04: Russia – Turkey (mixed, in 2 unbalanced "
        "triangles).",
        "Blocs on 2020-02-04: Syrian government's bloc (3); Turkey's bloc (3); contested: Turkey.",
        "Switched bloc: Turkey (Russia's bloc → Turkey's bloc); balance ratio 0.57 → 0.62.",
    )


def test_files_equal_the_functions_alone(feb, tmp_path):
    g = gc.load()
    report = gc.change_report(g, "2019-11-01", "2020-02-04")
    assert (feb.folder / "report.md").read_text(encoding="utf-8") == report.to_markdown()
    blocs = pd.read_csv(feb.folder / "blocs.csv")
    api = gc.blocs(g, "2020-02-04")
    assert blocs["actor"].tolist() == api["actor"].tolist()
    assert blocs["bloc"].tolist() == api["bloc"].tolist()
    assert blocs["placement"].tolist() == api["placement"].tolist()
    strained = pd.read_csv(feb.folder / "balance-strained.csv")
    assert strained[["source", "target"]].values.tolist() == \
        gc.balance(g, "2020-02-04").strained[["source", "target"]].values.tolist()
    timeline = pd.read_csv(feb.folder / "timeline-balance.csv")
    api_t = gc.balance_timeline(g, None, "2020-02-04", freq=None).to_frame()
    assert len(timeline) == len(api_t)
    np.testing.assert_allclose(timeline["balance_ratio"], api_t["balance_ratio"], equal_nan=True)
    assert timeline["unbalanced"].tolist() == api_t["unbalanced"].tolist()
    assert pd.to_datetime(timeline["date"]).iloc[-1] == pd.Timestamp("2020-02-04")
    view = tmp_path / "v.html"
    g.to_html(view, at="2020-02-04")
    assert (feb.folder / "view-2020-02-04.html").stat().st_size == view.stat().st_size


def test_the_alignment_timeline_keeps_the_most_changed_pairs(feb):
    report = gc.change_report(gc.load(), "2019-11-01", "2020-02-04")
    top = report.changes.reindex(report.changes["score_delta"].abs().sort_values(ascending=False)
                                 .index).head(brief_module.TOP_PAIRS)
    wanted = {tuple(sorted(p)) for p in zip(top["source"], top["target"], strict=True)}
    table = pd.read_csv(feb.folder / "timeline-alignment.csv")
    assert set(zip(table["source"], table["target"], strict=True)) == wanted
    last = table[table["date"] == "2020-02-04"].set_index(["source", "target"])["score"]
    scores = alignment(gc.load(), "2020-02-04").set_index(["source", "target"])["score"]
    for pair, value in last.items():
        assert value == pytest.approx(float(scores.get(pair, 0.0)), abs=1e-9)


def test_index_links_every_file_relatively(feb):
    parser = _Links()
    parser.feed((feb.folder / "index.html").read_text(encoding="utf-8"))
    assert parser.scripts == 0
    assert sorted(parser.hrefs) == sorted(f"./{n}" for n in EXPECTED_FILES - {"index.html"})


def test_choose_start_against_brute_force():
    g = gc.load()
    end = int(to_day("2020-02-04"))
    day, why = choose_start(g, end)

    def scores(at: int) -> pd.Series:
        table, _ = strategic_pairs(alignment(g, day_to_iso(at)), g, None)
        return table.set_index(["source", "target"])["score"]

    final = scores(end)
    months = pd.date_range("2019-03-01", "2020-01-01", freq="MS")
    change = {}
    for month in months:
        before = scores(int(to_day(month.strftime("%Y-%m-%d"))))
        both = pd.concat([final, before], axis=1).fillna(0.0)
        change[month.strftime("%Y-%m-%d")] = float((both.iloc[:, 0] - both.iloc[:, 1]).abs().sum())
    best = max(change.values())
    expected = min(d for d, v in change.items() if v >= best - 1e-9)
    assert day_to_iso(day) == expected == "2019-11-01"
    assert f"total change {best:.2f}" in why


def test_default_dates_say_why(tmp_path):
    pytest.importorskip("matplotlib")
    brief = gc.analyze(gc.load(), tmp_path)
    assert brief.end == "2020-02-29"
    assert brief.why.startswith(f"from {brief.start}: of the month starts in the year before 2020-02-29")
    assert brief.why.endswith("; to the last day of the data")
    assert (tmp_path / "view-2020-02-29.html").exists()


def test_without_matplotlib_the_plots_are_skipped_with_the_reason(tmp_path, monkeypatch):
    def missing() -> None:
        raise OptionalDependencyError("plots need matplotlib: pip install 'graphlib_conflict[plot]'")

    monkeypatch.setattr("graphlib_conflict.analytics.plots._figure_class", missing)
    brief = gc.analyze(gc.load(), tmp_path, "2019-11-01", "2020-02-04")
    assert not list(tmp_path.glob("*.png"))
    assert not any(p.suffix == ".png" for p in brief.files.values())
    assert brief.skipped == ("the plots (plots need matplotlib: pip install "
                             "'graphlib_conflict[plot]')",)
    assert "Not written: the plots" in brief.to_markdown()


def test_hostile_names_stay_text(tmp_path, make_graph):
    pytest.importorskip("matplotlib")
    hostile = "<img src=x onerror=alert(1)>|`#"
    g = make_graph([("A", "attacks", "B", "2020-01-05"), ("A", "agrees", "C", "2020-01-06"),
                    ("B", "attacks", "C", "2020-01-07"), ("A", "attacks", "B", "2020-03-05")],
                   actors=[{"id": "A", "name": hostile, "type": "state"},
                           {"id": "B", "name": "</script><script>alert(2)</script>", "type": "state"},
                           {"id": "C", "name": "C", "type": "state"}])
    brief = gc.analyze(g, tmp_path, "2020-01-10", "2020-03-10")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index and "<script>" not in index
    assert "&lt;img src=x onerror=alert(1)&gt;" in index
    parser = _Links()
    parser.feed(index)
    assert parser.scripts == 0
    assert "<img" not in brief.to_markdown().replace("\\<img", "")


def test_a_start_after_the_end_is_refused(tmp_path):
    with pytest.raises(gc.DateError):
        gc.analyze(gc.load(), tmp_path, "2021-01-01", "2020-02-04")
    assert list(tmp_path.iterdir()) == []


def test_brief_result_formats(feb):
    assert feb.to_frame()["path"].map(lambda p: Path(p).name).tolist()[0] == "index.html"
    data = feb.to_dict()
    assert data["findings"] == list(feb.findings) and data["start"] == "2019-11-01"
    assert np.all([Path(p).exists() for p in data["files"].values()])
    assert repr(feb).startswith("<AnalysisBrief 2019-11-01..2020-02-04: 14 files in ")
