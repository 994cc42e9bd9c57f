"""Interactive HTML views of a conflict graph: one self-contained file, a date, a window or a slider.

>>> import graphlib_conflict as gc
>>> g = gc.load()
>>> html = gc.views.to_html(g, at="2020-02-04")       # the graph on that day
>>> html.startswith("<!DOCTYPE html>") and "http://" not in html.split("<script")[0]
True

A page is built from the graph's tables (see ``_build``), drawn by vis-network 9.1.2 (inlined from the
pyvis wheel) and our own script, and holds everything it needs: it opens from disk with no network,
writes nothing, and escapes every string from the data. In Jupyter, a graph or any time slice of it
displays inline through :func:`notebook_html`.

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
* **Time slider** (whole-history views): one frame per day on which something changes, with play and
  pause; items are added, updated and removed in place, so positions never jump.
"""

from graphlib_conflict.exceptions import ViewError
from graphlib_conflict.views._api import notebook_html, to_html
from graphlib_conflict.views._build import OVERLAY_BUDGET, PHYSICS_EDGE_LIMIT

__all__ = ["OVERLAY_BUDGET", "PHYSICS_EDGE_LIMIT", "ViewError", "notebook_html", "to_html"]
