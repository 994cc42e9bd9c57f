"""Interactive HTML views of a conflict graph: one self-contained file, a date, a window or a slider.

>>> import graphlib_conflict as gc
>>> g = gc.load()
>>> html = gc.views.to_html(g, at="2020-02-04")       # the graph on that day
>>> html.startswith("<!DOCTYPE html>") and "http://" not in html.split("<script")[0]
True

A page is built from the graph's tables (see ``_build``), drawn by vis-network 9.1.2 (inlined from the
pyvis wheel) and our own script, and holds everything it needs: it opens from disk with no network,
writes nothing, and escapes every string from the data. In Jupyter, a graph or any time slice of it
displays inline through :func:`notebook_bundle` (the sandboxed, compressed view of
:func:`notebook_html` over a static SVG picture of it, shown where the notebook is not trusted).

How a page looks
----------------
* **Actors**: colour and shape by actor type (a dataset's own types get a dashed border), label =
  name, at a seeded layout position shared by every view of the same graph.
* **Relations**: one edge each (coalition-implied ties included); colour by sign (green positive, red
  negative, grey structural), line by category (alignment solid, interaction dashed, structural
  dotted), an arrow for directed types, width by weight; an interaction stays visible for
  ``recent_days`` after its date, fading as it ages.
* **Alignment overlay**: a wide translucent band per pair of top-level actors in the colour of the
  pair's status (ally, adversary, mixed) from :func:`graphlib_conflict.alignment`.
* Tooltips (type, dates, weight, confidence, notes, evidence quotes with their sources), a details
  panel, a legend, and a search that highlights an actor and its neighbours.
* **Time slider** (whole-history views): steps by calendar day, week or month (chosen in the page),
  with marks at the days on which something changes and buttons to jump between them, play and
  pause; items are added, updated and removed in place, so positions never jump.
* **Findings** (``_findings``): on demand, the strained partnerships and unbalanced triangles of the
  date shown are highlighted and everything else dimmed; a panel lists the change report's changed
  pairs, strained partnerships, bloc switches and blocs, each focusing the graph on its actors when
  clicked. A window view says which day its bands and findings are for (its last).
* **Filters**: by actor type and relation category in the legend, and "hide people and structure"
  in one click.
"""

from graphlib_conflict.exceptions import ViewError
from graphlib_conflict.views._api import notebook_bundle, notebook_html, to_html
from graphlib_conflict.views._build import OVERLAY_BUDGET, PHYSICS_EDGE_LIMIT

__all__ = ["OVERLAY_BUDGET", "PHYSICS_EDGE_LIMIT", "ViewError", "notebook_bundle", "notebook_html",
           "to_html"]
