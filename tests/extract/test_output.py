"""The result's writers: the YAML fragment merges and loads, JSON fields, frame, escaping, review page."""

from __future__ import annotations

import difflib
import json
import re
import shutil

import pytest
import yaml

import graphlib_conflict as gc
from graphlib_conflict.extract import extract
from graphlib_conflict.io import default_dataset_path
from tests.extract.conftest import ARTICLES

HOSTILE = ('Syrian forces attacked Turkish troops <script>alert(1)</script> on Monday.\n\n'
           '# Turkey urged Russia | `x` *y* [z](javascript:alert(1)) to act.\n\n'
           'Turkey urged Iran <img src=x onerror=alert(2)> to stop.\n\n'
           '"</script><script>alert(3)</script>" said Cavusoglu.')


@pytest.fixture
def caucasus_result(caucasus):
    return extract((ARTICLES / "caucasus.txt").read_text(encoding="utf-8"), caucasus, date="2020-10-14",
                   source="caucasus-2020-10-14")


def test_yaml_fragment_is_dataset_format(caucasus_result):
    doc = yaml.safe_load(caucasus_result.to_yaml())
    assert doc["sources"] == [{"id": "caucasus-2020-10-14", "date": "2020-10-14"}]
    first = doc["relations"][0]
    assert {k: first[k] for k in ("id", "source", "target", "type", "date", "confidence")} == {
        "id": "aze_mil-attacks-arm_mil-2020-10-12", "source": "AZE_MIL", "target": "ARM_MIL",
        "type": "attacks", "date": "2020-10-12", "confidence": "high"}
    assert first["evidence"] == [{"source": "caucasus-2020-10-14",
                                  "quote": "Azerbaijani forces shelled Armenian positions on Monday"}]
    assert "cue 'shelled'" in first["notes"]
    durable = next(r for r in doc["relations"] if r["type"] == "supports")
    assert "date" not in durable and "start" not in durable
    assert "Hulusi Akar: not in the dataset" in caucasus_result.to_yaml()


def test_merged_fragment_loads(tmp_path, default_graph):
    """Merge every candidate of an article into a copy of the default dataset and load it."""
    text = (ARTICLES / "truce.txt").read_text(encoding="utf-8").replace("Armenia", "Turkey").replace(
        "Azerbaijani", "Syrian").replace("Azerbaijan", "Syria").replace("Armenian", "Turkish").replace(
        "Yerevan", "Ankara").replace("Pashinyan", "Cavusoglu").replace("Baku", "Damascus")
    result = extract(text, default_graph, date="2020-02-04", source="test-article")
    assert len(result.selected()) >= 3
    target = tmp_path / "idlib.yaml"
    shutil.copy(default_dataset_path(), target)
    before = target.read_text(encoding="utf-8")
    added = result.merge_into(target)
    assert added == [c.id for c in result.selected()]
    merged = gc.load(target)
    assert len(merged.relations) == len(default_graph.relations) + len(added)
    assert "test-article" in set(merged.sources["id"])
    after = target.read_text(encoding="utf-8")
    removed = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d.startswith("- ")]
    assert removed == []  # every line a person wrote, comments included, is still there
    assert "# added by graphlib-conflict extract from test-article" in after
    row = merged.relations.set_index("id").loc[added[0]]
    assert row["evidence"][0]["source"] == "test-article"


def test_merge_that_would_break_the_dataset_writes_nothing(tmp_path, caucasus_result):
    target = tmp_path / "idlib.yaml"
    shutil.copy(default_dataset_path(), target)
    before = target.read_bytes()
    with pytest.raises(gc.DatasetError, match=r"unknown actor|AZE"):
        caucasus_result.merge_into(target)  # the caucasus actors are not in the Syria dataset
    assert target.read_bytes() == before
    assert list(tmp_path.iterdir()) == [target]


def test_merge_refuses_other_formats(tmp_path, caucasus_result):
    with pytest.raises(gc.DatasetError, match="only be merged into a YAML dataset"):
        caucasus_result.merge_into(tmp_path / "x.json")


def test_json_candidates_have_the_promised_fields(caucasus_result):
    data = json.loads(caucasus_result.to_json())
    c = data["candidates"][0]
    assert {"source", "target", "type", "sign", "quote", "quote_start", "quote_end", "date", "start",
            "confidence", "score", "reason", "cues", "mentions", "evidence", "existing"} <= set(c)
    assert (c["sign"], c["quote"]) == (-1, caucasus_result.text[c["quote_start"]:c["quote_end"]])
    assert data["unknown_actors"][0]["name"] == "Hulusi Akar"
    assert {"sentence", "cue", "text", "reason"} <= set(data["skipped"][0])


def test_frame_has_one_row_per_candidate(caucasus_result):
    frame = caucasus_result.to_frame()
    assert len(frame) == len(caucasus_result)
    assert list(frame.columns[:4]) == ["id", "source", "type", "target"]
    assert frame["new"].all()
    assert (frame["quote"] == [caucasus_result.text[a:b] for a, b in
                               zip(frame["quote_start"], frame["quote_end"], strict=True)]).all()


def test_text_and_markdown(caucasus_result):
    text = str(caucasus_result)
    assert "AZE_MIL  attacks  ARM_MIL" in text.replace("   ", "  ") or "AZE_MIL" in text
    assert "Hulusi Akar: not in the dataset" in text
    md = caucasus_result.to_markdown()
    assert md.startswith("# Candidate relations from caucasus-2020-10-14")
    assert "| 1 | AZE\\_MIL |" in md or "| 1 | AZE_MIL |" in md


def test_hostile_text_is_escaped_everywhere(default_graph, tmp_path):
    result = extract(HOSTILE, default_graph, date="2020-02-04", source="x")
    quotes = " ".join(c.quote for c in result)
    assert "<script>" in quotes and "<img" in quotes and "`x`" in quotes and quotes.count("#") >= 1
    for c in result:
        assert result.text[c.quote_start:c.quote_end] == c.quote
    md = result.to_markdown()
    assert "<script>" not in md and "<img" not in md and "](javascript:" not in md
    for html in (result.to_html(), result._repr_html_(), result.to_html(full_page=True)):
        assert "<script>alert" not in html and "<img src" not in html and "</script><script>alert" not in html
    page = result.to_html(tmp_path / "review.html")
    assert (tmp_path / "review.html").read_text(encoding="utf-8") == page
    assert page.startswith("<!DOCTYPE html>")
    # the embedded data cannot close its script element
    data = re.search(r'<script type="application/json" id="gc-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data
    assert "Content-Security-Policy" in page and "http://" not in page and "https://" not in page
    fragment = yaml.safe_load(result.to_yaml())
    assert fragment["relations"][0]["evidence"][0]["quote"] == result.selected()[0].quote


def test_review_page_has_every_quote_highlighted(caucasus_result):
    page = caucasus_result.to_html(full_page=True)
    assert page.count('class="gc-accept"') == len(caucasus_result)
    assert page.count(" checked>") == len(caucasus_result.selected())
    marked = "".join(re.findall(r'<mark class="q" data-c="[^"]*">(.*?)</mark>', page))
    assert "shelled Armenian positions" in marked


def test_min_confidence_and_ids(caucasus_result):
    high = caucasus_result.selected(min_confidence="high")
    assert high and all(c.confidence == "high" for c in high)
    first = caucasus_result.candidates[0].id
    assert [c.id for c in caucasus_result.selected(ids=[first])] == [first]
    with pytest.raises(gc.GraphlibConflictError, match="no candidate with id 'nope'"):
        caucasus_result.selected(ids=["nope"])
    with pytest.raises(gc.GraphlibConflictError, match="low, medium or high"):
        caucasus_result.selected(min_confidence="certain")
