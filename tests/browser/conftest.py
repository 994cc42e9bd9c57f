"""One headless Chromium for the whole session, and pages opened from disk with their errors kept.

The browser is Debian's ``chromium`` driven by the playwright package; nothing is downloaded (never
``playwright install``). Without playwright or a system Chromium, every browser test is skipped with
the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import graphlib_conflict as gc
from tests.browser._jupyter import (
    JupyterServer,
    executed_notebook,
    jupyter_env,
    jupyter_missing,
    start_server,
)
from tests.views._payloads import payload_findings_graph, payload_graph


@dataclass
class OpenPage:
    """A page opened from disk, with what it reported."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def eval(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)


@pytest.fixture(scope="session")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pages under test, written once: the default dataset's slider and 2020-02-04 views, and
    the payload dataset's views."""
    folder = tmp_path_factory.mktemp("views")
    g = gc.load()
    payloads = payload_graph()
    pages = {
        "slider": (g, {}),
        "feb4": (g, {"at": "2020-02-04"}),
        "payload_at": (payloads, {"at": "2020-01-12"}),
        "payload_slider": (payloads, {}),
        "payload_findings": (payload_findings_graph(), {}),
        "window": (g, {"start": "2020-01", "end": "2020-02"}),
    }
    paths = {}
    for name, (graph, options) in pages.items():
        paths[name] = folder / f"{name}.html"
        graph.to_html(paths[name], **options)
    return paths


@pytest.fixture
def open_view(browser: Any) -> Iterator[Callable[..., OpenPage]]:
    """Open a page file in a fresh context and wait until it has drawn its first frame."""
    contexts = []

    def opener(path: Path, *, offline: bool = False, bypass_csp: bool = False,
               viewport: tuple[int, int] = (1280, 800)) -> OpenPage:
        """``offline`` cuts the network off twice over: the context is offline and every request
        that is not for a ``file:`` URL is aborted. ``bypass_csp`` ignores the page's
        Content-Security-Policy, to test the escaping on its own."""
        context = browser.new_context(offline=offline, bypass_csp=bypass_csp,
                                      viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        if offline:
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith("file:") else route.abort())
        page = context.new_page()
        opened = OpenPage(page)
        page.on("console", lambda message: opened.errors.append(message.text)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: opened.errors.append(f"uncaught: {error}"))
        page.on("requestfailed", lambda request: opened.errors.append(f"failed: {request.url}"))
        page.on("request", lambda request: opened.requests.append(request.url))
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => window.gcView && window.gcView.ready", timeout=20_000)
        return opened

    yield opener
    for context in contexts:
        context.close()


@dataclass
class Jupyter:
    """The session's JupyterLab server and its notebooks (executed, one signed)."""

    server: JupyterServer
    env: dict[str, str]
    trusted: Path
    untrusted: Path


@pytest.fixture(scope="session")
def jupyter(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Jupyter]:
    """One JupyterLab for the session, on 127.0.0.1 with a token, stopped by its PID."""
    missing = jupyter_missing()
    if missing:
        pytest.skip(f"JupyterLab cannot run here: {missing}")
    root = tmp_path_factory.mktemp("jupyter")
    env = jupyter_env(root / ".jupyter")
    trusted = executed_notebook(root / "trusted.ipynb", env, trusted=True)
    untrusted = executed_notebook(root / "untrusted.ipynb", env, trusted=False, note=" (not signed)")
    server = start_server(root, env)
    try:
        yield Jupyter(server, env, trusted, untrusted)
    finally:
        server.stop()
