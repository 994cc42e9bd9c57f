"""News text and notebook outputs get the same hostile strings as every other output.

The extractor reads an article whose sentences carry every markup, Markdown and template payload
and unusual Unicode, over a dataset whose actor ids, aliases and title are payloads too: every quote
is the article's text at its offsets, and every writer (Markdown, HTML fragment, review page, YAML,
JSON, the merge into a dataset) keeps the strings literal. Characters no dataset can hold are refused
with their line and column before anything is read. The inline notebook display of a hostile graph
is parsed part by part: what an untrusted notebook keeps once its sanitizer has removed the frame is
the static picture and the trust line, never an empty box, and nothing in it can run.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

import graphlib_conflict as gc
from graphlib_conflict.io._yamlread import read_yaml_tree
from tests.adversarial._hostile import (
    MARKUP,
    REPORT_TAGS,
    UNICODE,
    HtmlDocument,
    hostile_graph,
    markdown_document,
    same_text,
)
from tests.views._payloads import PageParser, notebook_parts, page_data

pytest.importorskip("spacy", reason="the extractor needs spaCy (pip install 'graphlib_conflict[extract]')")

from graphlib_conflict.extract import extract  # after the skip: it needs spaCy

PAYLOADS = [*MARKUP.values(), *UNICODE.values()]
TURKEY_ID = MARKUP["script"]
RUSSIA_ID = "RUS|`x`#"


@pytest.fixture(scope="module")
def graph() -> gc.ConflictGraph:
    """Turkey and Russia under hostile ids, aliases and dataset metadata."""
    actors = pd.DataFrame({"id": [TURKEY_ID, RUSSIA_ID], "name": ["Turkey", "Russia"], "type": "state",
                           "country": ["TUR", "RUS"], "aliases": [[MARKUP["img"]], ["\u202eRussia"]]},
                          dtype=object)
    relations = pd.DataFrame({"source": [TURKEY_ID], "target": [RUSSIA_ID], "type": ["meets"],
                              "date": ["2020-01"], "notes": [MARKUP["jinja"]]})
    return gc.ConflictGraph.from_frames(actors, relations, dataset={"id": "hostile", "title": MARKUP["attr"],
                                                                    "description": MARKUP["comment"]})


ARTICLE = "\n\n".join(f"Turkey urged Russia on Tuesday to stop {p.replace(chr(10), ' ')}." for p in PAYLOADS)


@pytest.fixture(scope="module")
def result(graph):
    return extract(ARTICLE, graph, date="2020-02-04", source="src-1")


def test_every_quote_is_the_article_at_its_offsets(result):
    assert len(result.candidates) >= 1
    quotes = 0
    for candidate in result:
        assert ARTICLE[candidate.quote_start:candidate.quote_end] == candidate.quote
        for item in candidate.evidence:
            assert ARTICLE[item.start:item.end] == item.quote
            quotes += 1
    assert quotes >= len(PAYLOADS) // 2


def test_the_candidates_name_the_hostile_ids_as_they_are(result):
    assert {(c.source, c.target) for c in result} == {(TURKEY_ID, RUSSIA_ID)}


def test_markdown_keeps_every_string_literal(result):
    doc = markdown_document(result.to_markdown())
    doc.html.assert_inert({"h1", "h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td",
                           "strong", "em", "code", "blockquote"})
    text = doc.html.text
    assert same_text(TURKEY_ID) in text and same_text(RUSSIA_ID) in text
    for table in doc.tables():
        assert len({len(row) for row in table}) == 1


def test_the_html_fragment_is_inert_and_shows_the_ids(result):
    doc = HtmlDocument(result.to_html())
    doc.assert_inert(REPORT_TAGS)
    assert same_text(TURKEY_ID) in doc.text and same_text(RUSSIA_ID) in doc.text


def test_the_review_page_runs_only_its_own_script_and_holds_the_exact_quotes(result, graph):
    page = result.to_html(full_page=True)
    parsed = PageParser(page)
    clean = PageParser(extract("Turkey urged Russia on Tuesday.", gc.load(), date="2020-02-04")
                       .to_html(full_page=True))
    assert len(parsed.scripts) == len(clean.scripts)
    for tag, attributes in parsed.tags:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert all("javascript:" not in (v or "").lower() for v in attributes.values()), (tag, attributes)
        assert "src" not in attributes or (tag == "img" and str(attributes["src"]).startswith("data:"))
    for raw in ("<script>window", "<img src=x", "<!--<script>", "<svg onload"):
        assert raw not in page
    (data,) = [json.loads(body) for attributes, body in parsed.scripts
               if attributes.get("type") == "application/json"]
    tree, problems = read_yaml_tree("relations:\n" + "".join(data["items"]))
    assert problems == []
    quotes = [e["quote"] for relation in tree["relations"] for e in relation["evidence"]]
    assert quotes == [e.quote for c in result for e in c.evidence]


def test_the_yaml_fragment_reads_back_exactly(result, tmp_path):
    tree, problems = read_yaml_tree(result.to_yaml())
    assert problems == []
    written = [e["quote"] for r in tree["relations"] for e in r["evidence"]]
    assert written == [e.quote for c in result for e in c.evidence]
    assert [r["source"] for r in tree["relations"]] == [TURKEY_ID]


def test_the_json_keeps_every_string(result):
    data = json.loads(result.to_json())
    assert [c["source"] for c in data["candidates"]] == [TURKEY_ID]
    assert {e["quote"] for c in data["candidates"] for e in c["evidence"]} == {
        e.quote for c in result for e in c.evidence}


def test_merging_into_a_hostile_dataset_keeps_it_loadable(result, graph, tmp_path):
    path = tmp_path / "hostile.yaml"
    graph.save(path)
    result.merge_into(path)
    merged = gc.load(path)
    quotes = [e["quote"] for evidence in merged.relations["evidence"] for e in evidence]
    assert set(quotes) >= {e.quote for c in result for e in c.evidence}
    assert merged.dataset["title"] == MARKUP["attr"]


@pytest.mark.parametrize(("article", "what", "where"), [
    ("Turkey urged Russia.\nNUL \x00 here", "a control character (U+0000)", "line 2, column 5"),
    ("Turkey urged Russia.\nhalf \ud83d", "a lone surrogate (U+D83D)", "line 2, column 6"),
    ("Turkey urged \x1b[31mRussia.", "a control character (U+001B)", "line 1, column 14"),
    ("Turkey\x85 urged Russia.", "a control character (U+0085)", "line 1, column 7"),
    ("Turkey urged Russia.\uffff", "a non-character (U+FFFF)", "line 1, column 21"),
])
def test_characters_no_dataset_can_hold_are_refused_with_line_and_column(graph, article, what, where):
    with pytest.raises(gc.ParameterError, match=re.escape(f"the article holds {what} at {where}: remove it")):
        extract(article, graph, date="2020-02-04")


@pytest.mark.parametrize("article", [b"Turkey urged Russia caf\xe9.", b"\xff\xfeT\x00u\x00"])
def test_bytes_that_are_not_utf8_are_refused(graph, article):
    with pytest.raises(gc.ParameterError, match="not UTF-8 text"):
        extract(article, graph, date="2020-02-04")


def test_unusual_unicode_keeps_every_offset(graph):
    article = ("\ufeffTurkey urged Russia \u202eon Tuesday\u202c to stop. \u4e2d\u534e\u4eba\u6c11 Turkey "
               "urged Russia\u2028to talk. الجيش السوري Turkey urged Russia 🇹🇷👩\u200d👩\u200d👧 again.")
    found = extract(article, graph, date="2020-02-04")
    text = article.lstrip("\ufeff")
    for candidate in found:
        for item in candidate.evidence:
            assert found.text[item.start:item.end] == item.quote
    assert found.text in (article, text)


def test_the_command_line_extracts_a_hostile_article_without_a_traceback(graph, tmp_path, capsys):
    from graphlib_conflict.cli import main

    dataset = tmp_path / "hostile.yaml"
    graph.save(dataset)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(article), "--dataset", str(dataset), "--date", "2020-02-04",
                 "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert same_text(TURKEY_ID) in markdown_document(out).html.text
    article.write_bytes(b"Turkey \x00 urged Russia.")
    assert main(["extract", str(article), "--dataset", str(dataset), "--date", "2020-02-04"]) == 1
    err = capsys.readouterr().err
    assert "U+0000" in err and "Traceback" not in err


# ------------------------------------------------------------------------------------ notebooks
@pytest.fixture(scope="module")
def bundle() -> dict[str, str]:
    return hostile_graph()._repr_mimebundle_()


def test_the_bundle_has_every_representation(bundle):
    assert set(bundle) >= {"text/plain", "text/html", "image/svg+xml"}
    assert MARKUP["script"] in bundle["text/plain"]


def test_the_untrusted_output_is_the_picture_and_the_trust_line(bundle):
    """A notebook's sanitizer removes the frame (and any script or handler); what stays must show
    something and run nothing."""
    markup = bundle["text/html"]
    doc = HtmlDocument(markup)
    tags = [tag for tag, _ in doc.tags]
    assert tags.count("iframe") == 1 and "script" not in tags
    start = markup.index("<iframe")
    stripped = markup[:start] + markup[markup.index("</iframe>") + len("</iframe>"):]
    left = HtmlDocument(stripped)
    left.assert_inert({"div", "img", "p", "strong", "span", "em", "code"})
    (image,) = [attributes for tag, attributes in left.tags if tag == "img"]
    assert str(image["src"]).startswith("data:image/svg+xml;base64,") and image.get("alt")
    assert "trust this notebook" in left.text


def test_the_picture_holds_the_strings_as_text_and_nothing_active(bundle):
    parts = notebook_parts(bundle["text/html"])
    assert parts["svg"] == bundle["image/svg+xml"]
    root = ET.fromstring(parts["svg"])  # well-formed: no string broke out of its element
    for element in root.iter():
        name = element.tag.split("}")[-1]
        assert name not in ("script", "foreignObject", "a", "image", "use", "iframe"), name
        for attribute, value in element.attrib.items():
            assert not attribute.split("}")[-1].startswith("on"), (name, attribute)
            assert "javascript:" not in value.lower()
            assert not attribute.endswith("href"), (name, attribute)
    texts = " ".join(t for e in root.iter() for t in (e.text, e.tail) if t)
    shown = [name for name in hostile_graph().actors["name"] if same_text(name)[:12] in same_text(texts)]
    assert len(shown) >= 10


def test_the_frame_page_keeps_the_strings_in_its_data(bundle):
    parts = notebook_parts(bundle["text/html"])
    data = page_data(parts["page"])
    graph = hostile_graph()
    assert data["nodes"]["name"] == graph.actors["name"].tolist()
    for raw in ("<script>window", "<img src=x", "<svg onload"):
        assert raw not in parts["page"]


def test_a_result_in_a_notebook_is_a_fragment_without_script():
    for result in (gc.balance(hostile_graph(), "2020-02"), gc.summary(hostile_graph(), "2020-02")):
        doc = HtmlDocument(result._repr_html_())
        doc.assert_inert(REPORT_TAGS)
        assert "script" not in {tag for tag, _ in doc.tags}
