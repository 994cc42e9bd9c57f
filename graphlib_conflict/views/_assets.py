"""The scripts and styles a page inlines: vis-network 9.1.2 from the pyvis wheel, and our own.

Nothing is fetched at view time: the page carries every byte it runs. Each asset is checked before it
is inlined, so that it cannot end its own ``<script>``/``<style>`` element early.

vis-network's style sheet is inlined without the rules that draw its editing toolbar, navigation
buttons and configurator close button (``background-image: url(data:...)`` icons, 207 of its 220 KB):
the views turn those features off, so the rules could never apply.

A notebook view is **packed** (see :func:`pack`): each large asset and the page data are
deflate-compressed and base64-encoded, and ``static/loader.js`` unpacks them in the page with the
browser's ``DecompressionStream``, inserting the scripts as inline ``<script>`` elements whose hashes
the page's Content-Security-Policy lists.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graphlib_conflict.exceptions import OptionalDependencyError

__all__ = ["VIS_VERSION", "Assets", "assets", "csp_hash", "pack", "packed_assets", "strip_image_rules"]

VIS_VERSION = "9.1.2"
"""The vis-network release shipped inside pyvis and inlined in every page."""

# "<!--" would let a later "<script" swallow the real end tag (the HTML "script data escaped" state)
_CLOSERS = {"script": re.compile(r"</script|<!--", re.IGNORECASE),
            "style": re.compile(r"</style|<!--", re.IGNORECASE)}

_RULE = re.compile(r"[^{}]+\{[^{}]*\}")


@dataclass(frozen=True)
class Assets:
    """Text of each inlined asset."""

    vis_js: str
    vis_css: str
    app_js: str
    app_css: str
    loader_js: str
    template: str


def _checked(text: str, kind: str, name: str) -> str:
    match = _CLOSERS[kind].search(text)
    if match:
        raise RuntimeError(f"{name} contains {match.group(0)!r} and cannot be inlined in a "
                           f"<{kind}> element")
    return text


def strip_image_rules(css: str) -> str:
    """A flat style sheet without the rules that use ``url(...)`` (vis-network's button icons).

    Raises
    ------
    RuntimeError
        If the sheet is not a flat list of rules (an ``@`` rule or nested braces), which this
        filter does not read.

    Examples
    --------
    >>> strip_image_rules("a{color:red}b{background:url(data:x)}c{margin:0}")
    'a{color:red}c{margin:0}'
    """
    rules = _RULE.findall(css)
    if "@" in css or "".join(rules) != css.strip():
        raise RuntimeError("the style sheet is not a flat list of rules: cannot strip its images")
    return "".join(rule for rule in rules if "url(" not in rule)


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
    >>> "url(" in a.vis_css, len(a.vis_css) < 20_000
    (False, True)
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
        vis_css=_checked(strip_image_rules((vis / "vis-network.css").read_text(encoding="utf-8")),
                         "style", "vis-network.css"),
        app_js=_checked((ours / "static" / "view.js").read_text(encoding="utf-8"), "script",
                        "view.js"),
        app_css=_checked((ours / "static" / "view.css").read_text(encoding="utf-8"), "style",
                         "view.css"),
        loader_js=_checked((ours / "static" / "loader.js").read_text(encoding="utf-8"), "script",
                           "loader.js"),
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


@cache
def _packed_asset(text: str) -> str:
    return pack(text)


def pack(text: str) -> str:
    """``text`` as UTF-8, deflate-compressed (zlib format, level 9) and base64-encoded: what
    ``new DecompressionStream("deflate")`` in ``static/loader.js`` reverses. The output holds only
    ``A-Z a-z 0-9 + / =``, so it needs no escaping in any HTML context.

    Examples
    --------
    >>> pack("hello")
    'eNrLSM3JyQcABiwCFQ=='
    >>> zlib.decompress(base64.b64decode(pack("hello"))).decode()
    'hello'
    """
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def packed_assets() -> dict[str, str]:
    """The fixed assets of a packed page, packed once per process."""
    parts = assets()
    return {"vis_css": _packed_asset(parts.vis_css), "vis_js": _packed_asset(parts.vis_js),
            "app_js": _packed_asset(parts.app_js)}
