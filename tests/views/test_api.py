"""The public surface of ``graphlib_conflict.views`` and the assets it inlines."""

from __future__ import annotations

import pytest

import graphlib_conflict.views as views
from graphlib_conflict.views import _assets


def test_all_lists_exactly_the_public_names():
    public = {name for name in vars(views) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(views, name)).__name__ == "module"}
    assert set(views.__all__) == public - modules - {"annotations"}
    assert views.__all__ == sorted(views.__all__)


def test_assets_are_checked_before_inlining():
    with pytest.raises(RuntimeError, match="cannot be inlined in a <script>"):
        _assets._checked("var s = '</SCRIPT>';", "script", "bad.js")
    with pytest.raises(RuntimeError, match="cannot be inlined in a <script>"):
        _assets._checked("x = '<!--'", "script", "bad.js")
    with pytest.raises(RuntimeError, match="cannot be inlined in a <style>"):
        _assets._checked("a{} </style>", "style", "bad.css")
    # a bare "<script>" inside a string is harmless without "<!--" (vis-network has one)
    assert _assets._checked("'<script>'", "script", "ok.js") == "'<script>'"


def test_our_script_never_writes_html_from_strings():
    script = _assets.assets().app_js
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute(\"on", "javascript:"):
        assert sink not in script, sink
