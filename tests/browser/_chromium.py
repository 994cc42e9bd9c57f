"""Launching Debian's headless Chromium through playwright, shared by the browser tests and the
screenshot script. Never downloads a browser: without ``chromium`` on the PATH, callers skip."""

from __future__ import annotations

import shutil
from typing import Any

__all__ = ["LAUNCH_ARGS", "chromium_path", "launch"]

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
"""Flags for a quiet, offline-friendly headless run (no background fetches, no updates)."""


def chromium_path() -> str | None:
    """Path of the system Chromium, or ``None``."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch() -> tuple[Any, Any]:
    """Start playwright and the system Chromium; returns ``(playwright, browser)``.

    Raises
    ------
    RuntimeError
        If playwright is missing or no system Chromium is installed (the message says how to fix).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise RuntimeError("playwright is not installed: pip install -e '.[test]'") from exc
    path = chromium_path()
    if path is None:
        raise RuntimeError("no system Chromium: sudo apt-get install chromium "
                           "(never 'playwright install')")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
    except Exception:
        playwright.stop()
        raise
    return playwright, browser
