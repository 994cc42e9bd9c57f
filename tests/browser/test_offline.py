"""A page works opened from disk with the network cut off, and asks the network for nothing."""

from __future__ import annotations

import pytest

import graphlib_conflict as gc
from tests.views._expected import expected_at

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", ["slider", "feb4"])
def test_renders_with_the_network_cut_off(open_view, views, name):
    # the context is offline and every request but the page itself is aborted and recorded
    # (navigator.onLine is not asserted: Chromium does not report offline emulation to file: pages)
    view = open_view(views[name], offline=True)
    day = "2020-02-29" if name == "slider" else "2020-02-04"
    relations = view.eval("() => window.gcView.edges.getIds().filter(id => id[0] === 'r').length")
    assert relations == len(expected_at(gc.load(), day))
    assert view.eval("() => window.gcView.counts().nodes") == 20
    assert view.eval("() => window.gcView.network.getPositions()[0].x") is not None
    assert view.requests == [views[name].resolve().as_uri()]
    assert view.errors == []


def test_nothing_is_fetched_after_interaction(open_view, views):
    view = open_view(views["slider"], offline=True)
    view.page.locator("#gc-search").fill("russia")
    view.page.locator("#gc-search").press("Enter")
    view.page.locator("#gc-speed").select_option("60")
    view.page.locator("#gc-play").click()
    view.page.wait_for_function("() => window.gcView.day() > window.gcView.data.timeline.first + 100",
                                timeout=10_000)
    view.page.locator("#gc-play").click()
    view.page.locator("#gc-findings-toggle").click()
    view.page.locator("#gc-findings .gc-finding button").first.click()
    view.page.locator("#gc-quick-filter").click()
    assert view.requests == [views["slider"].resolve().as_uri()]
    assert view.errors == []
