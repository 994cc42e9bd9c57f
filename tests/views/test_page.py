"""The page as text: escaped in every context, offline, deterministic, written atomically."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re

import pytest

import graphlib_conflict as gc
from graphlib_conflict.views import to_html
from graphlib_conflict.views._page import inline_json
from tests.views._payloads import PAYLOADS, PageParser, notebook_parts, page_data, payload_graph, unpacked

TEMPLATE_TAGS = ["html", "head", "meta", "meta", "meta", "meta", "title", "style", "style", "body",
                 "div", "header", "div", "h1", "p", "p", "span", "span", "p", "div", "button", "button",
                 "main", "div", "aside", "section", "label", "div", "input", "button", "ul",
                 "section", "h2", "button", "div", "section", "h2", "button", "div", "p",
                 "section", "h2", "button", "div", "footer", "button", "div", "input", "div",
                 "output", "button", "button", "label", "select", "option", "option", "option",
                 "label", "select", "option", "option", "option", "option", "noscript", "p",
                 "script", "script", "script"]
"""The elements of every page, in order: data can add none."""


@pytest.fixture(scope="module")
def payload_pages() -> dict[str, str]:
    g = payload_graph()
    return {"at": to_html(g, at="2020-01-12"), "slider": to_html(g),
            "window": to_html(g, start="2020-01", end="2020-01")}


@pytest.fixture(scope="module")
def default_pages(default_graph: gc.ConflictGraph) -> dict[str, str]:
    return {"slider": to_html(default_graph), "at": to_html(default_graph, at="2020-02-04"),
            "window": to_html(default_graph, start="2020-02", end="2020-02")}


# ---------------------------------------------------------------------------- escaping
@pytest.mark.parametrize("kind", ["at", "slider", "window"])
def test_payloads_add_no_element_or_attribute(payload_pages, kind):
    parsed = PageParser(payload_pages[kind])
    assert [tag for tag, _ in parsed.tags] == TEMPLATE_TAGS
    for tag, attributes in parsed.tags:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert not any("javascript:" in (value or "") for value in attributes.values())
        assert "href" not in attributes and "src" not in attributes


@pytest.mark.parametrize("kind", ["at", "slider", "window"])
def test_payloads_are_absent_raw_from_the_page(payload_pages, kind):
    page = payload_pages[kind]
    for payload in PAYLOADS.values():
        assert payload not in page
    assert "<img" not in page.lower()
    assert "window.__pwned" in page  # present, but only in escaped form
    assert "\u2028" not in page and "\u2029" not in page


def test_text_contexts_show_the_literal_strings(payload_pages):
    parsed = PageParser(payload_pages["at"])
    assert parsed.text["gc-title"] == PAYLOADS["script"]
    assert parsed.text["<title>"] == f"{PAYLOADS['script']} (as of 2020-01-12)"


def test_inline_json_round_trips_every_string(payload_pages):
    page = payload_pages["at"]
    raw = re.search(r'id="gc-data">(.*?)</script>', page, re.DOTALL).group(1)
    assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}
    data = page_data(page)
    assert data["meta"]["title"] == PAYLOADS["script"]
    assert data["nodes"]["name"] == [PAYLOADS[k] for k in ("script", "img", "attr", "comment")]
    assert data["nodes"]["aliases"][1] == [PAYLOADS["separator"]]
    assert PAYLOADS["style"] in [t["id"] for t in data["actorTypes"]]
    assert PAYLOADS["comment"] in [t["id"] for t in data["types"]]
    quotes = {q for evidence in data["edges"]["evidence"] for _, q in evidence}
    assert quotes == {PAYLOADS["img"], PAYLOADS["script"], PAYLOADS["attr"]}
    assert data["sources"]["title"] == [PAYLOADS["script"]]


def test_inline_json_escapes_every_dangerous_character():
    text = inline_json({"k": "</script><!-- & \u2028\u2029 >"})
    assert text == ('{"k":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}')
    assert json.loads(text) == {"k": "</script><!-- & \u2028\u2029 >"}


def test_inline_json_refuses_nan():
    with pytest.raises(ValueError, match="JSON compliant"):
        inline_json({"x": float("nan")})


def test_notebook_srcdoc_is_attribute_escaped():
    markup = gc.views.notebook_html(payload_graph())
    parsed = PageParser(markup)
    assert [tag for tag, _ in parsed.tags] == ["div", "div", "p", "img", "iframe"]
    page = notebook_parts(markup)["page"]
    packed = PageParser(page)
    assert [tag for tag, _ in packed.tags] == [*TEMPLATE_TAGS[:7], "style", *TEMPLATE_TAGS[9:-3],
                                               "script", "script", "script"]
    data = page_data(page)
    assert data["meta"]["title"] == PAYLOADS["script"]
    assert data == page_data(to_html(payload_graph())) | {
        "nodes": data["nodes"], "options": data["options"], "meta": data["meta"],
        "springs": data["springs"]}
    for payload in PAYLOADS.values():
        assert payload not in page


def test_packed_page_policy_lists_the_loader_and_what_it_inserts():
    from graphlib_conflict.views._assets import assets

    page = notebook_parts(gc.views.notebook_html(payload_graph()))["page"]
    parsed = PageParser(page)
    csp = next(a["content"] for t, a in parsed.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    executable = [text for attributes, text in parsed.scripts if "type" not in attributes]
    assert executable == [assets().loader_js]
    parts = unpacked(page)
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'"
              for t in (assets().loader_js, parts["vis_js"], parts["app_js"])}
    assert set(directives["script-src"].split()) == hashes
    assert "'unsafe-eval'" not in csp and "blob:" not in csp and "data:" not in directives["script-src"]
    packed_text = re.search(r'id="gc-packed">(.*?)</script>', page, re.DOTALL).group(1)
    assert re.fullmatch(r'[{}":,a-z_A-Z0-9+/=]*', packed_text)


def test_vis_style_sheet_loses_only_the_button_icons():
    import importlib.resources

    from graphlib_conflict.views._assets import assets

    full = (importlib.resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.css").read_text(
        encoding="utf-8")
    kept = assets().vis_css
    dropped = [rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", full) if rule not in kept]
    assert dropped and all("url(" in rule for rule in dropped)
    selectors = " ".join(rule.split("{")[0] for rule in dropped)
    assert "vis-tooltip" not in selectors
    assert all(any(word in rule.split("{")[0] for word in ("vis-manipulation", "vis-navigation",
                                                           "vis-edit-mode", "vis-close", "vis-button"))
               for rule in dropped)
    assert "div.vis-tooltip" in kept


# ---------------------------------------------------------------------------- offline
@pytest.mark.parametrize("kind", ["slider", "at", "window"])
def test_page_references_nothing_outside_itself(default_pages, kind):
    page = default_pages[kind]
    parsed = PageParser(page)
    for tag, attributes in parsed.tags:
        for name in ("src", "href", "action", "formaction", "poster", "srcset", "data",
                     "xlink:href", "background"):
            assert name not in attributes, (tag, attributes)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    for style in parsed.styles:
        assert "@import" not in style
        assert not re.search(r"url\(\s*(?!['\"]?data:)", style), "a stylesheet loads a file"


def test_content_security_policy_allows_only_the_inlined_scripts(default_pages):
    parsed = PageParser(default_pages["at"])
    csp = next(a["content"] for t, a in parsed.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    executable = [text for attributes, text in parsed.scripts if "type" not in attributes]
    assert len(executable) == 2
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'"
              for t in executable}
    assert set(directives["script-src"].split()) == hashes
    assert "connect-src" not in directives  # falls back to default-src 'none'


def test_vis_network_is_inlined_from_the_pyvis_wheel(default_pages):
    import importlib.resources

    vis = (importlib.resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(
        encoding="utf-8")
    parsed = PageParser(default_pages["at"])
    assert any(text == vis for _, text in parsed.scripts)


# ---------------------------------------------------------------------------- writing
def test_writes_the_file_and_nothing_else(tmp_path, monkeypatch, default_graph):
    monkeypatch.chdir(tmp_path)
    page = to_html(default_graph, "view.html", at="2020-02-04")
    assert sorted(os.listdir(tmp_path)) == ["view.html"]
    assert (tmp_path / "view.html").read_text(encoding="utf-8") == page


def test_graph_method_writes_through_the_same_function(tmp_path, default_graph):
    target = tmp_path / "sub" / "v.html"
    page = default_graph.to_html(target, at="2020-02-04")
    assert target.read_text(encoding="utf-8") == page == to_html(default_graph, at="2020-02-04")


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch, default_graph):
    target = tmp_path / "view.html"
    target.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        to_html(default_graph, target, at="2020-02-04")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.html"]


def test_bad_options_write_nothing(tmp_path, default_graph):
    with pytest.raises(gc.DateError):
        to_html(default_graph, tmp_path / "v.html", at="2020-13-01")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------- determinism
def test_same_data_same_bytes(default_graph):
    again = gc.load()
    assert to_html(default_graph) == to_html(again)
    assert to_html(default_graph, at="2020-02-04") == to_html(again, at="2020-02-04")


def test_seed_changes_the_layout_and_only_the_layout(default_graph):
    a = page_data(to_html(default_graph, at="2020-02-04", seed=1))
    b = page_data(to_html(default_graph, at="2020-02-04", seed=2))
    assert a["nodes"]["x"] != b["nodes"]["x"]
    assert a["edges"] == b["edges"] and a["pairs"] == b["pairs"]


def test_every_view_of_a_graph_shares_one_layout(default_graph):
    views = [page_data(to_html(default_graph, **kw)) for kw in
             ({}, {"at": "2020-02-04"}, {"start": "2017", "end": "2018"})]
    assert views[0]["nodes"]["x"] == views[1]["nodes"]["x"] == views[2]["nodes"]["x"]
    assert views[0]["springs"] == views[1]["springs"] == views[2]["springs"]
