"""Inline display in Jupyter, VS Code and the classic notebook: a packed, sandboxed view over its
own static picture, in one mimebundle."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import graphlib_conflict as gc
from graphlib_conflict.views import ViewError, notebook_bundle, notebook_html, to_html
from graphlib_conflict.views._fallback import TRUST_LINE, initial_picture
from tests.views._payloads import PAYLOADS, PageParser, notebook_parts, page_data, payload_graph

INLINE_LIMIT = 300_000
"""Most bytes one inline view may add to a notebook (all its mime types together)."""

SVG = "{http://www.w3.org/2000/svg}"


def test_graph_displays_as_a_sandboxed_frame_over_its_picture(default_graph):
    markup = default_graph._repr_html_()
    tags = [tag for tag, _ in PageParser(markup).tags]
    assert tags == ["div", "div", "p", "img", "iframe"], "a box: the picture under the frame"
    frame = dict(PageParser(markup).tags)["iframe"]
    assert frame["sandbox"] == "allow-scripts"
    assert "height:640px" in PageParser(markup).tags[0][1]["style"]
    assert page_data(frame["srcdoc"])["meta"]["mode"] == "slider"


def test_mimebundle_has_text_html_and_the_svg_picture(default_graph):
    g = default_graph.at("2020-02-04")
    bundle = g._repr_mimebundle_()
    assert sorted(bundle) == ["image/svg+xml", "text/html", "text/plain"]
    assert bundle["text/plain"] == repr(g)
    assert bundle["text/html"] == g._repr_html_() == notebook_html(g)
    assert notebook_parts(bundle["text/html"])["svg"] == bundle["image/svg+xml"]
    assert bundle == notebook_bundle(g)


@pytest.mark.parametrize("which", ["slider", "at"])
def test_inline_view_is_at_most_300_kb(default_graph, which):
    g = default_graph if which == "slider" else default_graph.at("2020-02-04")
    bundle = g._repr_mimebundle_()
    size = sum(len(v.encode("utf-8")) for v in bundle.values())
    assert size <= INLINE_LIMIT, f"{size:,} bytes"
    # what made it 790 KB: the library inlined as text, and every quote of the data escaped
    assert len(to_html(g).encode()) > 2 * len(bundle["text/html"].encode()) / 1.2


def test_box_sizing_leaves_no_overflow(default_graph):
    parts = notebook_parts(default_graph.at("2020-02-04")._repr_html_())
    assert "box-sizing:border-box" in parts["style"] and "width:100%" in parts["style"]
    assert "overflow:hidden" in parts["style"]
    frame = parts["iframe_style"]
    assert "position:absolute" in frame and "box-sizing:border-box" in frame
    assert "border:0" in frame and "width:100%" in frame


def test_iframe_is_not_same_origin_and_leaks_no_style(default_graph):
    markup = notebook_html(default_graph.at("2020-02-04"))
    assert "allow-same-origin" not in markup
    assert "<style" not in markup and "<script" not in markup
    # the page is inside the attribute, escaped: five elements and nothing else
    assert markup.count("<") == 9 and markup.endswith("</iframe></div>")


@pytest.mark.parametrize(("slice_of", "subtitle"), [
    (lambda g: g.at("2020-02-04"), "as of 2020-02-04"),
    (lambda g: g.between("2020-01", "2020-02"), "2020-01-01 to 2020-02-29, both days included"),
    (lambda g: g, "time slider, 2000-07-17 to 2020-02-29"),
])
def test_time_slices_show_their_own_period(default_graph, slice_of, subtitle):
    page = notebook_parts(slice_of(default_graph)._repr_html_())["page"]
    assert PageParser(page).text["gc-subtitle"] == subtitle


def test_options_and_height(default_graph):
    markup = notebook_html(default_graph, height=400, at="2020-02-04", recent_days=0)
    assert "height:400px" in PageParser(markup).tags[0][1]["style"]
    data = page_data(notebook_parts(markup)["page"])
    assert data["meta"]["recentDays"] == 0 and data["meta"]["mode"] == "at"
    with pytest.raises(ViewError, match="height must be"):
        notebook_html(default_graph, height="100%")
    with pytest.raises(ViewError, match="unknown option 'recent'"):
        notebook_html(default_graph, recent=3)
    with pytest.raises(ViewError, match="not written to a file"):
        notebook_html(default_graph, path="x.html")


def test_frame_title_is_escaped(make_graph):
    g = make_graph([("A", "meets", "B", "2020-01-01")],
                   dataset={"title": '"><script>alert(1)</script>'})
    markup = notebook_html(g)
    assert "<script>alert" not in markup
    assert dict(PageParser(markup).tags)["iframe"]["title"].startswith("<ConflictGraph '\"><script>")


# ---------------------------------------------------------------------------- the packed page
def test_packed_page_carries_the_same_data_and_scripts(default_graph):
    from graphlib_conflict.views._assets import assets
    from tests.views._payloads import unpacked

    page = notebook_parts(notebook_html(default_graph.at("2020-02-04")))["page"]
    parts = unpacked(page)
    assert parts["vis_js"] == assets().vis_js and parts["app_js"] == assets().app_js
    assert parts["vis_css"] == assets().vis_css
    data = page_data(page)
    assert data["edges"] == page_data(to_html(default_graph.at("2020-02-04")))["edges"]


def test_notebook_layout_is_settled_and_physics_off(default_graph):
    data = page_data(notebook_parts(notebook_html(default_graph, at="2020-02-04"))["page"])
    standalone = page_data(to_html(default_graph, at="2020-02-04"))
    assert standalone["meta"]["physics"] and not data["meta"]["physics"]
    assert data["options"]["physics"]["enabled"] is False
    assert data["nodes"]["x"] != standalone["nodes"]["x"]
    # settled the same way every time, and for every view of the graph
    again = page_data(notebook_parts(notebook_html(gc.load(), at="2020-02-04"))["page"])
    slider = page_data(notebook_parts(notebook_html(default_graph))["page"])
    assert data["nodes"]["x"] == again["nodes"]["x"] == slider["nodes"]["x"]


# ---------------------------------------------------------------------------- the static picture
def _svg_nodes(svg: str) -> dict[str, tuple[float, float]]:
    """Label -> position of each actor drawn (the label sits under the shape's centre)."""
    root = ET.fromstring(svg)
    labels = {}
    for text in root.iter(f"{SVG}text"):
        if text.get("text-anchor") == "middle":
            labels[text.text] = (float(text.get("x")), float(text.get("y")))
    return labels


def test_picture_draws_the_first_frame_at_the_view_positions(default_graph):
    g = default_graph.at("2020-02-04")
    bundle = g._repr_mimebundle_()
    data = page_data(notebook_parts(bundle["text/html"])["page"])
    svg = bundle["image/svg+xml"]
    picture = initial_picture(data)
    drawn = _svg_nodes(svg)
    names = data["nodes"]["name"]
    assert set(drawn) == {names[i] for i in picture["nodes"]}
    # one scale and one offset map every layout position to the picture: the same layout
    xs = sorted((data["nodes"]["x"][i], drawn[names[i]][0]) for i in picture["nodes"])
    (x0, p0), (x1, p1) = xs[0], xs[-1]
    scale = (p1 - p0) / (x1 - x0)
    assert scale > 0
    for x, p in xs:
        assert abs(p0 + (x - x0) * scale - p) < 0.3  # the picture rounds to 0.1 px
    assert TRUST_LINE in svg and "trust this notebook to interact" in TRUST_LINE
    lines = re.findall(r"<(?:line|path) ", svg)
    assert len(lines) == len(picture["edges"]) + len(picture["bands"])


def test_picture_escapes_every_string():
    for markup in (notebook_html(payload_graph()), notebook_html(payload_graph(), at="2020-01-12")):
        parts = notebook_parts(markup)
        svg = parts["svg"]
        root = ET.fromstring(svg)  # well-formed whatever the names
        tags = {element.tag.replace(SVG, "") for element in root.iter()}
        assert tags <= {"svg", "title", "rect", "text", "line", "path", "polygon", "circle"}
        for element in root.iter():
            assert not any(name.startswith("on") or "href" in name for name in element.attrib)
        texts = [t.text for t in root.iter(f"{SVG}text")]
        names = [PAYLOADS[k] for k in ("script", "img", "attr", "comment")]
        assert set(names) & set(texts)
        for payload in PAYLOADS.values():
            assert payload not in svg
        assert "<script" not in svg and "<img" not in svg and "\u2028" not in svg


def test_picture_of_a_graph_without_dates(make_graph):
    g = gc.ConflictGraph.from_frames(
        gc.load().actors.head(2),
        __import__("pandas").DataFrame({"source": ["TUR"], "target": ["TUR_MIL"], "type": ["part_of"]}))
    svg = g._repr_mimebundle_()["image/svg+xml"]
    assert "Turkey" in svg


def test_big_graphs_show_a_summary_in_the_bundle(monkeypatch, default_graph):
    import graphlib_conflict.graph as graph_module

    monkeypatch.setattr(graph_module, "INLINE_VIEW_LIMIT", 2)
    bundle = default_graph._repr_mimebundle_()
    assert sorted(bundle) == ["text/html", "text/plain"]
    assert "Too many relations to draw inline" in bundle["text/html"]
