"""Markup, Markdown and template syntax in data stay literal text in every output.

Every string of the hostile graph (actor names, descriptions, aliases, notes, quotes, source titles,
publishers and ``javascript:`` URLs, the dataset title) is written by every result as Markdown,
HTML (fragment and page), terminal text and JSON, and by the interactive view and the export
formats. Each output is parsed the way its reader would (CommonMark with GitHub tables, an HTML
parser, a JSON and an XML parser) and must show exactly the strings the terminal text shows, no
element or handler a payload could add, and no link but ``http(s)``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import graphlib_conflict as gc
from tests.adversarial._hostile import (
    HOSTILE,
    MARKUP,
    REPORT_TAGS,
    HtmlDocument,
    hostile_graph,
    json_strings,
    markdown_document,
    same_text,
)
from tests.views._payloads import PageParser, page_data

STRINGS = [same_text(s) for s in HOSTILE.values()]

RESULTS: dict[str, Callable[[gc.ConflictGraph], Any]] = {
    "balance": lambda g: gc.balance(g, "2020-02"),
    "frustration": lambda g: gc.frustration(g, "2020-02"),
    "centrality": lambda g: gc.centrality(g, "2020-02"),
    "centrality_change": lambda g: gc.centrality_change(g, "2019-03", "2020-02"),
    "report": lambda g: gc.change_report(g, "2019-03", "2020-02"),
    "pair": lambda g: gc.pair_history(g, "A00", "A01"),
    "summary": lambda g: gc.summary(g, "2020-02"),
}


@pytest.fixture(scope="module")
def graph() -> gc.ConflictGraph:
    return hostile_graph()


@pytest.fixture(scope="module", params=sorted(RESULTS))
def result(request: pytest.FixtureRequest, graph: gc.ConflictGraph) -> Any:
    return RESULTS[request.param](graph)


def shown(text: str) -> set[str]:
    """The hostile strings a text shows whole."""
    return {s for s in STRINGS if s in text}


def test_terminal_text_shows_the_strings_as_written(result):
    # at least the dataset's title; most results show actor names too
    assert shown(same_text(result.to_text()))


def test_markdown_shows_every_string_literally_and_adds_no_markup(result):
    expected = shown(same_text(result.to_text()))
    doc = markdown_document(result.to_markdown())
    doc.html.assert_inert({"h1", "h2", "h3", "h4", "p", "ul", "li", "table", "thead", "tbody", "tr",
                           "th", "td", "strong", "em", "code", "blockquote", "a"})
    assert shown(doc.html.text) == expected
    # nothing a string holds became structure: no heading, list or quote the package did not write
    headings = [t for t in doc.tokens if t.type == "heading_open"]
    assert all(t.markup.startswith("#") for t in headings)
    for table in doc.tables():
        assert len({len(row) for row in table}) == 1


def test_html_fragment_and_page_show_every_string_as_text(result):
    expected = shown(same_text(result.to_text()))
    for markup in (result.to_html(), result.to_html(full_page=True), result._repr_html_()):
        doc = HtmlDocument(markup)
        doc.assert_inert(REPORT_TAGS)
        assert shown(doc.text) == expected


def test_json_keeps_every_string_exactly(result, graph):
    strings = set(json_strings(result.to_json()))
    written = {s for s in HOSTILE.values() if s in strings}
    assert written == {s for s in HOSTILE.values() if same_text(s) in shown(same_text(result.to_text()))
                       and s in strings} and written <= set(HOSTILE.values())


def test_text_is_escaped_exactly_once(graph):
    """An entity written in the data (``&lt;script&gt;``) shows as those characters: escaped once,
    neither decoded into markup nor escaped twice."""
    report = gc.change_report(graph, "2019-03", "2020-02")
    entity = same_text(MARKUP["entity"])
    assert entity in same_text(report.to_text())
    for markup in (report.to_html(), report.to_html(full_page=True)):
        doc = HtmlDocument(markup)
        assert entity in doc.text
        assert "&amp;lt;" not in doc.text and "<script>window.__pwned=10" not in doc.text
    assert entity in markdown_document(report.to_markdown()).html.text


def test_template_syntax_is_not_evaluated(graph, tmp_path):
    jinja = MARKUP["jinja"]
    report = gc.change_report(graph, "2019-03", "2020-02")
    for text in (report.to_markdown(), report.to_html(), report.to_text()):
        assert "{{7*7}}" in text.replace("\\", "") or "{{7*7}}" in HtmlDocument(text).text
    view = tmp_path / "view.html"
    graph.to_html(view)
    data = page_data(view.read_text(encoding="utf-8"))
    assert jinja in data["nodes"]["name"]


def test_validation_report_escapes_the_data_its_messages_quote(tmp_path):
    path = tmp_path / "hostile.yaml"
    script, pipe = MARKUP["script"], MARKUP["pipe"]
    path.write_text(
        "dataset: {id: x}\n"
        f"actors:\n  - {{id: A, name: {json.dumps(script)}, type: {json.dumps(MARKUP['img'])}}}\n"
        f"  - {{id: {json.dumps(pipe)}, name: B, type: state}}\n"
        f"relations:\n  - {{source: A, target: {json.dumps(MARKUP['mdlink'])}, type: meets, date: '2020'}}\n",
        encoding="utf-8")
    report = gc.validate(path)
    assert not report.ok and len(report.errors) == 2
    expected = shown(same_text(report.to_text()))
    assert {same_text(MARKUP["img"]), same_text(MARKUP["mdlink"])} <= expected
    doc = markdown_document(report.to_markdown())
    doc.html.assert_inert({"h1", "h2", "h3", "p", "ul", "li", "strong", "em", "code"})
    assert shown(doc.html.text) == expected
    page = HtmlDocument(report.to_html(full_page=True))
    page.assert_inert(REPORT_TAGS)
    assert shown(page.text) == expected


def test_view_page_keeps_every_string_in_its_data_and_adds_no_element(graph, tmp_path):
    path = tmp_path / "view.html"
    graph.to_html(path)
    page = path.read_text(encoding="utf-8")
    parsed = PageParser(page)
    for tag, attributes in parsed.tags:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert "src" not in attributes and "href" not in attributes, (tag, attributes)
    data = page_data(page)
    names = dict(zip(data["nodes"]["id"], data["nodes"]["name"], strict=True))
    assert names == dict(zip(graph.actors["id"], graph.actors["name"], strict=True))
    assert parsed.text["gc-title"] == graph.dataset["title"]
    for raw in ("<script>window", "<img src=x", "<!--<script>", "<svg onload"):
        assert raw not in page


def test_exports_keep_markup_as_text(graph, tmp_path):
    graph.save(tmp_path / "g.graphml")
    graph.save(tmp_path / "g.gexf")
    for name in ("g.graphml", "g.gexf"):
        tree = ET.parse(tmp_path / name)  # well-formed XML: nothing the strings hold broke it
        texts = {e.text for e in tree.iter() if e.text} | {
            v for e in tree.iter() for v in e.attrib.values()}
        assert set(graph.actors["name"]) <= texts
    assert gc.load(tmp_path / "g.graphml").actors["name"].tolist() == graph.actors["name"].tolist()


def test_csv_cells_that_look_like_formulas_stay_text(tmp_path, make_graph):
    actors = pd.DataFrame({"id": ["A", "B"], "name": ["=HYPERLINK(\"http://x\")", "+1-2"], "type": "state"})
    g = gc.ConflictGraph.from_frames(actors, pd.DataFrame(
        {"source": ["A"], "target": ["B"], "type": ["meets"], "date": ["2020"], "notes": ["@SUM(1)"]}))
    g.save(tmp_path / "csv")
    back = gc.load(tmp_path / "csv")
    assert back.actors["name"].tolist() == ["=HYPERLINK(\"http://x\")", "+1-2"]
    assert back.relations["notes"].tolist() == ["@SUM(1)"]


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "text"])
def test_the_command_line_writes_the_same_escaped_output(graph, tmp_path, fmt, capsys):
    from graphlib_conflict.cli import main

    path = tmp_path / "hostile.yaml"
    graph.save(path)
    assert main(["report", str(path), "--from", "2019-03", "--to", "2020-02", "--format", fmt]) == 0
    out = capsys.readouterr().out
    report = gc.change_report(gc.load(path), "2019-03", "2020-02")
    expected = shown(same_text(report.to_text()))
    if fmt == "markdown":
        assert shown(markdown_document(out).html.text) == expected
    elif fmt == "html":
        doc = HtmlDocument(out)
        doc.assert_inert(REPORT_TAGS)
        assert shown(doc.text) == expected
    elif fmt == "json":
        assert {same_text(s) for s in json_strings(out)} >= expected
    else:
        assert shown(same_text(out)) == expected


def test_a_sibling_link_is_the_only_relative_link(tmp_path):
    from graphlib_conflict.render._escape import safe_url

    for url in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,x",
                "vbscript:x", "//evil.example", "./../x.html", "./a b.html", "https://a b",
                "https://example.org/\"onmouseover=x", "file:///etc/passwd", "\x00javascript:x"):
        assert safe_url(url) is None, url
    assert safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&c=2"


def test_hostile_strings_round_trip_the_result_files(graph, tmp_path):
    report = gc.change_report(graph, "2019-03", "2020-02")
    for name, method in (("r.md", report.to_markdown), ("r.html", report.to_html),
                         ("r.json", report.to_json), ("r.txt", report.to_text)):
        text = method(tmp_path / name)
        # bytes, not read_text: a "\r\n" inside a string is data and stays as written
        assert (tmp_path / name).read_bytes().decode("utf-8") == text
    assert Path(tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
