"""The scripts and styles a page inlines: vis-network 9.1.2 from the pyvis wheel, and our own.

Nothing is fetched at view time: the page carries every byte it runs. Each asset is checked before it
is inlined, so that it cannot end its own ``<script>``/``<style>`` element early.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graphlib_conflict.exceptions import OptionalDependencyError

__all__ = ["VIS_VERSION", "Assets", "assets", "csp_hash"]

VIS_VERSION = "9.1.2"
"""The vis-network release shipped inside pyvis and inlined in every page."""

# "<!--" would let a later "<script" swallow the real end tag (the HTML "script data escaped" state)
_CLOSERS = {"script": re.compile(r"</script|<!--", re.IGNORECASE),
            "style": re.compile(r"</style|<!--", re.IGNORECASE)}


@dataclass(frozen=True)
class Assets:
    """Text of each inlined asset."""

    vis_js: str
    vis_css: str
    app_js: str
    app_css: str
    template: str


def _checked(text: str, kind: str, name: str) -> str:
    match = _CLOSERS[kind].search(text)
    if match:
        raise RuntimeError(f"{name} contains {match.group(0)!r} and cannot be inlined in a "
                           f"<{kind}> element")
    return text


@cache
def assets() -> Assets:
    """Read (once) and check every asset.

    Raises
    ------
    OptionalDependencyError
        If pyvis, which carries vis-network, is not installed.

    Examples
    --------
    >>> a = assets()
    >>> "vis-network" in a.vis_js[:200] and "@version 9.1.2" in a.vis_js[:400]
    True
    """
    try:
        vis = resources.files("pyvis") / "lib" / f"vis-{VIS_VERSION}"
    except ModuleNotFoundError as exc:
        raise OptionalDependencyError(
            "HTML views need pyvis, which ships vis-network: pip install 'pyvis>=0.3.2'") from exc
    ours = resources.files("graphlib_conflict.views")
    return Assets(
        vis_js=_checked((vis / "vis-network.min.js").read_text(encoding="utf-8"), "script",
                        "vis-network.min.js"),
        vis_css=_checked((vis / "vis-network.css").read_text(encoding="utf-8"), "style",
                         "vis-network.css"),
        app_js=_checked((ours / "static" / "view.js").read_text(encoding="utf-8"), "script",
                        "view.js"),
        app_css=_checked((ours / "static" / "view.css").read_text(encoding="utf-8"), "style",
                         "view.css"),
        template=(ours / "templates" / "page.html").read_text(encoding="utf-8"),
    )


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source expression that allows exactly this inline script.

    Examples
    --------
    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
