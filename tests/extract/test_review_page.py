"""The review page in a real browser: toggles make the YAML, quotes find candidates, nothing is fetched,
and hostile text stays text. Skipped with the reason without playwright or a system Chromium."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from graphlib_conflict.extract import extract
from tests.extract.conftest import ARTICLES

pytestmark = pytest.mark.browser


def _open(browser: Any, path: Any) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri())
    return page, errors, requests


def test_toggles_make_the_yaml(browser, caucasus, tmp_path):
    result = extract((ARTICLES / "caucasus.txt").read_text(encoding="utf-8"), caucasus, date="2020-10-14",
                     source="caucasus-2020-10-14")
    path = tmp_path / "review.html"
    result.to_html(path)
    page, errors, requests = _open(browser, path)
    doc = yaml.safe_load(page.input_value("#gc-yaml"))
    assert [r["id"] for r in doc["relations"]] == [c.id for c in result.selected()]
    assert doc["sources"] == [{"id": "caucasus-2020-10-14", "date": "2020-10-14"}]
    page.uncheck('input.gc-accept[data-i="0"]')
    doc = yaml.safe_load(page.input_value("#gc-yaml"))
    assert [r["id"] for r in doc["relations"]] == [c.id for c in result.selected()[1:]]
    assert page.text_content("#gc-count") == f"{len(result) - 1} of {len(result)} accepted"
    page.click("#gc-cand-2 .rel")
    highlighted = page.eval_on_selector_all("mark.q.on", "ms => ms.map(m => m.textContent).join('')")
    assert result.candidates[2].quote in highlighted
    assert errors == []
    assert all(url.startswith("file://") for url in requests)
    page.close()


def test_hostile_text_stays_text(browser, default_graph, tmp_path):
    text = ('Turkey urged Russia <img src=x onerror="window.pwned=1"> to act.\n\n'
            '"</script><script>window.pwned=2</script>" Syria attacked Turkish troops.')
    result = extract(text, default_graph, date="2020-02-04")
    path = tmp_path / "review.html"
    result.to_html(path)
    page, errors, _ = _open(browser, path)
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("img").count() == 0
    assert "<img src=x" in page.text_content("#gc-article")
    assert errors == []
    page.close()
