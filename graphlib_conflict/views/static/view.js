/* graphlib_conflict: draws the page data (script#gc-data) with vis-network.
 *
 * Safety rule of this file: text from the data reaches the page only through textContent, DOM
 * properties and the canvas (vis-network tooltips get Elements built here), never as markup to
 * parse. Colours and sizes were validated in Python before they were written.
 *
 * Frames: each frame is a [first, last] pair of day numbers. An edge is shown in a frame when its
 * active days (extended by meta.recentDays for interactions) meet the frame. A slider shows a
 * calendar day (stepping by day, week or month); the frame of a day is the last one starting on or
 * before it, and interactions fade by the day. Moving between days adds, updates and removes items
 * in the vis DataSets; the network itself is never rebuilt, and node positions stay where the layout
 * put them.
 *
 * Findings (data.findings, computed in Python): a layer of strained partnerships and unbalanced
 * triangles for each frame, drawn on demand over a dimmed graph, and a panel of the change report
 * whose items focus the graph on their actors.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("gc-data").textContent);
  var META = DATA.meta;
  var N = DATA.nodes;
  var E = DATA.edges;
  var P = DATA.pairs;
  var FRAMES = DATA.frames;
  var TYPES = DATA.types;
  var ACTOR_TYPES = DATA.actorTypes;
  var STATUSES = DATA.statuses;
  var FINDINGS = DATA.findings;
  var TIMELINE = DATA.timeline;
  var NEUTRAL = STATUSES.map(function (s) { return s.id; }).indexOf("neutral");
  var DAY_MS = 86400000;
  var SVG = "http://www.w3.org/2000/svg";
  var STRAIN_COLOR = "#f0a500";
  var TRIANGLE_COLOR = "#b35900";
  var DIM_NODE = 0.2;
  var DIM_EDGE = 0.12;

  function byId(id) { return document.getElementById(id); }

  function iso(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function row(container, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var line = el("div", "gc-kv");
    line.appendChild(el("span", "gc-k", label));
    line.appendChild(el("span", "gc-v", value));
    container.appendChild(line);
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function plural(x, word) { return x + " " + word + (x === 1 ? "" : "s"); }

  function pairName(a, b) { return N.name[a] + " \u2013 " + N.name[b]; }

  // ------------------------------------------------------------------ per-edge facts
  var nEdges = E.from.length;
  var isInteraction = new Array(nEdges);
  for (var k = 0; k < nEdges; k++) { isInteraction[k] = TYPES[E.type[k]].category === "interaction"; }
  var SOURCES = {};
  for (var s = 0; s < DATA.sources.id.length; s++) {
    SOURCES[DATA.sources.id[s]] = {
      title: DATA.sources.title[s], publisher: DATA.sources.publisher[s],
      date: DATA.sources.date[s], url: DATA.sources.url[s]
    };
  }
  // the top-level actor each actor counts for (findings are between top-level actors)
  var TOP = FINDINGS ? FINDINGS.top : N.id.map(function (x, i) { return i; });

  // ------------------------------------------------------------------ state
  var current = 0;                        // frame index
  var currentDay = FRAMES[0][1];          // the day shown (a slider's calendar day)
  var hiddenTypes = {};                   // actor type index -> true when filtered out
  var hiddenCategories = {};              // relation category -> true when filtered out
  var findingsOn = false;
  var focusSet = null;                    // node index -> true: the actors a search or finding focuses on

  function frameOf(day) {
    var lo = 0, hi = FRAMES.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (FRAMES[mid][0] <= day) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function span() {
    if (META.mode === "slider") { return [currentDay, currentDay]; }
    return FRAMES[current];
  }

  function shownText() {
    var fr = span();
    return fr[0] === fr[1] ? iso(fr[0]) : iso(fr[0]) + " to " + iso(fr[1]);
  }

  // ------------------------------------------------------------------ tooltips and details
  var tip = el("div", "gc-tip");
  var TIP_NOTES = 220;  // characters of notes or description in a tooltip
  var TIP_QUOTES = 2;   // evidence items in a tooltip

  function describeNode(box, i, full) {
    var t = ACTOR_TYPES[N.type[i]];
    box.appendChild(el("div", "gc-head", N.name[i]));
    row(box, "id", N.id[i]);
    row(box, "type", t ? t.id : "");
    row(box, "country", N.country[i]);
    if (N.aliases[i] && N.aliases[i].length) { row(box, "also", N.aliases[i].join("; ")); }
    if (TOP[i] !== i) { row(box, "counts for", N.name[TOP[i]]); }
    if (N.description[i]) { box.appendChild(el("p", "gc-text", full ? N.description[i] : shorten(N.description[i], TIP_NOTES))); }
    if (!nodeShown[i]) { box.appendChild(el("p", "gc-note", "Nothing shown for this actor on this date.")); }
  }

  function when(i) {
    if (E.date[i]) { return E.date[i]; }
    var start = E.start[i] || "before the data";
    return E.end[i] ? start + " to " + E.end[i] : "since " + start + " (ongoing)";
  }

  function shorten(text, limit) {
    return text.length <= limit ? text : text.slice(0, limit).replace(/\s+\S*$/, "") + "\u2026";
  }

  function edgeHead(i) {
    var t = TYPES[E.type[i]];
    var head = el("div", "gc-head");
    head.appendChild(el("span", null, N.name[E.from[i]]));
    head.appendChild(el("span", "gc-rel", t.directed ? " " + t.id + " \u2192 " : " \u2014 " + t.id + " \u2014 "));
    head.appendChild(el("span", null, N.name[E.to[i]]));
    return head;
  }

  // A tooltip is short (notes cut, two quotes, no addresses); the details panel has everything.
  function describeEdge(box, i, full) {
    var t = TYPES[E.type[i]];
    box.appendChild(edgeHead(i));
    var sign = t.sign > 0 ? "positive" : (t.sign < 0 ? "negative" : "unsigned");
    row(box, "type", t.id + " (" + t.category + ", " + sign + (t.directed ? ", directed" : "") + ")");
    row(box, "when", when(i));
    row(box, "weight", E.weight[i]);
    row(box, "confidence", E.confidence[i]);
    if (E.impliedBy[i] !== null) {
      var coalition = N.id.indexOf(E.impliedBy[i]);
      row(box, "implied by", "membership of " + (coalition >= 0 ? N.name[coalition] : E.impliedBy[i]));
    }
    if (E.notes[i]) { box.appendChild(el("p", "gc-text", full ? E.notes[i] : shorten(E.notes[i], TIP_NOTES))); }
    var evidence = E.evidence[i] || [];
    if (evidence.length) {
      var list = el("ol", "gc-evidence");
      evidence.slice(0, full ? evidence.length : TIP_QUOTES).forEach(function (item) {
        var li = el("li");
        if (item[1]) { li.appendChild(el("q", null, item[1])); }
        var src = SOURCES[item[0]];
        var parts = [];
        if (src) {
          [src.title, src.publisher, src.date].forEach(function (p) { if (p) { parts.push(p); } });
        } else if (item[0]) {
          parts.push(item[0]);
        }
        if (parts.length) { li.appendChild(el("div", "gc-source", parts.join(", "))); }
        if (full && src && src.url) { li.appendChild(el("div", "gc-url", src.url)); }
        list.appendChild(li);
      });
      box.appendChild(list);
      if (!full && evidence.length > TIP_QUOTES) {
        box.appendChild(el("p", "gc-note", "and " + (evidence.length - TIP_QUOTES) + " more: click the line for all the evidence"));
      }
    }
    row(box, "relation id", E.id[i]);
  }

  function badge(statusIndex, text) {
    var b = el("span", "gc-badge", text === undefined ? STATUSES[statusIndex].id : text);
    b.style.backgroundColor = STATUSES[statusIndex].color;
    return b;
  }

  function statusIndex(id) {
    var found = STATUSES.map(function (x) { return x.id; }).indexOf(id);
    return found < 0 ? NEUTRAL : found;
  }

  function describePair(box, j) {
    var entry = pairEntry(j, current);
    var head = el("div", "gc-head");
    head.appendChild(el("span", null, pairName(P.a[j], P.b[j]) + ": "));
    head.appendChild(badge(entry ? entry[1] : NEUTRAL));
    box.appendChild(head);
    row(box, "as of", iso(FRAMES[current][1]) + (META.mode === "window" ? " (the last day of the window)" : ""));
    if (entry) {
      row(box, "score", entry[2]);
      row(box, "positive part", entry[3]);
      row(box, "negative part", entry[4]);
      row(box, "relations", entry[5]);
    }
    box.appendChild(el("p", "gc-note", "Alignment of the two top-level actors: durable relations plus " +
      "recent interactions, forces and spokespeople counted for the actor they belong to."));
  }

  function describeFinding(box, id) {
    var entry = layerEntry(current);
    if (!entry) { return; }
    if (id.charAt(1) === "s") {
      var st = strainedNow[id.slice(2)];
      if (!st) { return; }
      box.appendChild(el("div", "gc-head", "Strained partnership: " + pairName(st[0], st[1])));
      row(box, "on", iso(layerDay(entry)));
      row(box, "unbalanced triangles", st[2]);
      box.appendChild(el("p", "gc-note", "A positive tie inside triangles with one enemy between the " +
        "other two: structural balance says such a partnership is under strain."));
    } else {
      var side = sides[id.slice(2)];
      if (!side) { return; }
      box.appendChild(el("div", "gc-head", "Side of an unbalanced triangle: " + pairName(side[0], side[1])));
      row(box, "on", iso(layerDay(entry)));
      row(box, "triangles", side[2].map(function (t) {
        return [t[0], t[1], t[2]].map(function (x) { return N.name[x]; }).join(", ");
      }).join("; "));
    }
  }

  function describe(box, id) {
    var full = box !== tip;
    clear(box);
    if (typeof id === "number") { describeNode(box, id, full); return; }
    var i = parseInt(id.slice(1), 10);
    if (id.charAt(0) === "r") { describeEdge(box, i, full); }
    else if (id.charAt(0) === "a") { describePair(box, i); }
    else if (id.charAt(0) === "f") { describeFinding(box, id); }
  }

  // ------------------------------------------------------------------ vis items
  function nodeItem(i) {
    var t = ACTOR_TYPES[N.type[i]];
    var fill = N.color[i] || t.color;
    var border = N.border[i] || t.border;
    return {
      id: i, label: N.name[i], x: N.x[i], y: N.y[i], shape: t.shape, size: N.size[i] || t.size,
      color: { background: fill, border: border, highlight: { background: fill, border: "#000000" },
               hover: { background: fill, border: "#000000" } },
      shapeProperties: { borderDashes: t.dashed ? [4, 3] : false },
      hidden: true, opacity: 1, title: tip
    };
  }

  function edgeItem(i, opacity) {
    var t = TYPES[E.type[i]];
    var curve = E.curve[i];
    var shown = opacity * edgeDim(E.from[i], E.to[i]);
    var item = {
      id: "r" + i, from: E.from[i], to: E.to[i], width: E.width[i], dashes: t.dashes,
      color: { color: t.color, highlight: t.color, hover: t.color, opacity: shown },
      arrows: { to: { enabled: t.directed, scaleFactor: 0.6 } },
      smooth: curve === 0 ? false : { enabled: true, type: curve > 0 ? "curvedCW" : "curvedCCW",
                                      roundness: Math.abs(curve) },
      title: tip
    };
    if (META.edgeLabels) { item.label = t.id; }
    return item;
  }

  function pairItem(j, entry) {
    var color = STATUSES[entry[1]].color;
    return {
      id: "a" + j, from: P.a[j], to: P.b[j], width: 10 + 3 * Math.min(entry[3] + entry[4], 3),
      color: { color: color, highlight: color, hover: color, opacity: 0.28 * edgeDim(P.a[j], P.b[j]) },
      smooth: false, physics: false, selectionWidth: 0, title: tip
    };
  }

  function pairEntry(j, f) {
    var line = P.timeline[j];
    var lo = 0, hi = line.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (line[mid][0] <= f) { found = line[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // ------------------------------------------------------------------ the network
  // vis-network redraws on every DataSet call, so each change is made in as few calls as possible
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var nodeShown = new Array(N.id.length).fill(false);
  var edgeShown = new Map();  // vis id -> signature

  function typeHidden(i) { return hiddenTypes[N.type[i]] === true; }

  function wanted(f) {
    var fr = META.mode === "slider" ? [currentDay, currentDay] : FRAMES[f];
    var first = fr[0], last = fr[1];
    var recent = META.recentDays;
    var want = new Map();
    var show = new Array(N.id.length);
    for (var n = 0; n < N.id.length; n++) { show[n] = META.isolates && !typeHidden(n); }
    for (var i = 0; i < nEdges; i++) {
      var t0 = E.t0[i], t1 = E.t1[i];
      var end = t1 === null ? null : t1 + (isInteraction[i] ? recent : 0);
      if ((t0 === null || t0 <= last) && (end === null || end >= first)) {
        if (hiddenCategories[TYPES[E.type[i]].category] || typeHidden(E.from[i]) || typeHidden(E.to[i])) { continue; }
        var opacity = 1;
        if (isInteraction[i] && recent > 0 && t1 !== null && last > t1) {
          opacity = Math.max(0.25, 1 - 0.75 * (last - t1) / recent);
        }
        want.set("r" + i, Math.round(opacity * 100) / 100);
        show[E.from[i]] = true;
        show[E.to[i]] = true;
      }
    }
    for (var j = 0; j < P.a.length; j++) {
      var entry = pairEntry(j, f);
      if (entry && entry[1] !== NEUTRAL && !typeHidden(P.a[j]) && !typeHidden(P.b[j])) {
        want.set("a" + j, entry);
        show[P.a[j]] = true;
        show[P.b[j]] = true;
      }
    }
    return { edges: want, nodes: show };
  }

  function signature(value) { return typeof value === "number" ? String(value) : value.join(","); }

  // The changes that take the picture to frame f, with the bookkeeping updated.
  function plan(f) {
    current = f;
    var want = wanted(f);
    var remove = [], bands = [], lines = [];
    edgeShown.forEach(function (sig, id) { if (!want.edges.has(id)) { remove.push(id); } });
    want.edges.forEach(function (value, id) {
      if (edgeShown.get(id) === signature(value)) { return; }
      var index = parseInt(id.slice(1), 10);
      if (id.charAt(0) === "r") { lines.push(edgeItem(index, value)); } else { bands.push(pairItem(index, value)); }
    });
    remove.forEach(function (id) { edgeShown.delete(id); });
    want.edges.forEach(function (value, id) { edgeShown.set(id, signature(value)); });
    var nodeChanges = [];
    for (var i = 0; i < N.id.length; i++) {
      if (want.nodes[i] !== nodeShown[i]) {
        nodeChanges.push({ id: i, hidden: !want.nodes[i] });
        nodeShown[i] = want.nodes[i];
      }
    }
    // overlay bands first, so the relation lines that come with them are drawn on top
    return { remove: remove, upsert: bands.concat(lines), nodes: nodeChanges };
  }

  function apply(f) {
    var changes = plan(f);
    if (changes.remove.length) { edges.remove(changes.remove); }
    if (changes.upsert.length) { edges.update(changes.upsert); }
    if (changes.nodes.length) { nodes.update(changes.nodes); }
    drawFindings();
    if (findingsOn || focusSet !== null) { restyle(); }
    showStatus();
  }

  function refresh() { apply(current); }

  // what "N relations" means, the same way as graphlib-conflict info: relations active on the
  // frame, interactions of the previous days still drawn (fading), and coalition-implied ties
  function counts() {
    var active = 0, fading = 0, implied = 0, pairs = 0, first = span()[0];
    edgeShown.forEach(function (sig, id) {
      if (id.charAt(0) !== "r") { pairs++; return; }
      var i = parseInt(id.slice(1), 10);
      if (E.impliedBy[i] !== null) { implied++; }
      else if (isInteraction[i] && E.t1[i] !== null && E.t1[i] < first) { fading++; }
      else { active++; }
    });
    var actors = 0;
    for (var i = 0; i < nodeShown.length; i++) { if (nodeShown[i]) { actors++; } }
    return { nodes: actors, edges: active + fading + implied + pairs, relations: active + fading + implied,
             active: active, fading: fading, implied: implied, alignments: pairs };
  }

  function filtersText() {
    var types = Object.keys(hiddenTypes).filter(function (t) { return hiddenTypes[t]; }).length;
    var categories = Object.keys(hiddenCategories).filter(function (c) { return hiddenCategories[c]; }).length;
    if (!types && !categories) { return ""; }
    var parts = [];
    if (types) { parts.push(plural(types, "actor type")); }
    if (categories) { parts.push(plural(categories, "relation category").replace("categorys", "categories")); }
    return " (filters hide " + parts.join(" and ") + ")";
  }

  function countText(c) {
    var parts = [c.active + " active"];
    if (c.fading) { parts.push(plural(c.fading, "recent interaction") + " fading"); }
    if (c.implied) { parts.push(c.implied + " coalition-implied"); }
    return "\u00b7 " + plural(c.nodes, "actor") + ", " + plural(c.relations, "relation") + " shown: " +
      parts.join(" + ") + (META.overlay ? ", " + plural(c.alignments, "alignment") : "") + filtersText();
  }

  function showStatus() {
    var c = counts();
    byId("gc-current-date").textContent = shownText();
    byId("gc-counts").textContent = countText(c);
    byId("gc-slider-date").textContent = shownText();
    showLayerNote();
  }

  // ------------------------------------------------------------------ findings layer
  // One hidden item per pair that is ever strained (a wide amber halo) and per side of a triangle
  // that is ever unbalanced (a dashed line), added before everything else so they are drawn under
  // the relation lines; each frame shows the ones of its entry.
  var sides = {};        // pair key -> [a, b, [triangles]] for the entry shown
  var strainedNow = {};  // pair key -> [a, b, triangles] for the entry shown
  var involved = null;   // top-level actor index -> true, while the layer is on

  function pairKey(a, b) { return Math.min(a, b) + "_" + Math.max(a, b); }

  function triangleSides(tri) { return [[tri[0], tri[1]], [tri[1], tri[2]], [tri[0], tri[2]]]; }

  function layerItems() {
    var halos = {}, lines = {};
    if (!FINDINGS) { return []; }
    FINDINGS.layer.forEach(function (entry) {
      entry.strained.forEach(function (st) { halos[pairKey(st[0], st[1])] = [st[0], st[1]]; });
      entry.unbalanced.forEach(function (tri) {
        triangleSides(tri).forEach(function (side) { lines[pairKey(side[0], side[1])] = side; });
      });
    });
    var items = Object.keys(halos).sort().map(function (key) {
      return { id: "fs" + key, from: halos[key][0], to: halos[key][1], width: 24, hidden: true,
               label: "strained", font: { size: 12, color: "#6b4d00", strokeWidth: 4, strokeColor: "#ffffff", align: "top" },
               color: { color: STRAIN_COLOR, highlight: STRAIN_COLOR, hover: STRAIN_COLOR, opacity: 0.55 },
               smooth: false, physics: false, selectionWidth: 0, title: tip };
    });
    return items.concat(Object.keys(lines).sort().map(function (key) {
      return { id: "ft" + key, from: lines[key][0], to: lines[key][1], width: 2.5, dashes: [3, 5], hidden: true,
               color: { color: TRIANGLE_COLOR, highlight: TRIANGLE_COLOR, hover: TRIANGLE_COLOR, opacity: 0.9 },
               smooth: false, physics: false, selectionWidth: 0, title: tip };
    }));
  }
  var LAYER_ITEMS = layerItems();
  var layerShown = {};   // vis id -> true for the layer items drawn

  function layerEntry(f) {
    if (!FINDINGS) { return null; }
    var layer = FINDINGS.layer;
    for (var i = 0; i < layer.length; i++) {
      if (layer[i].from <= f && f <= layer[i].to) { return layer[i]; }
    }
    return null;
  }

  function layerDay(entry) { return META.mode === "slider" ? currentDay : entry.day; }

  // with the layer on, a relation stays bright when it joins (through the actors its ends count
  // for) a strained pair or two corners of an unbalanced triangle; so does an actor at either end
  // of a bright relation, and every actor of a finding
  function findingPair(a, b) {
    return TOP[a] !== TOP[b] && (strainedNow[pairKey(TOP[a], TOP[b])] !== undefined ||
                                 sides[pairKey(TOP[a], TOP[b])] !== undefined);
  }

  var brightNodes = null;

  function brighten() {
    brightNodes = null;
    if (!findingsOn || involved === null) { return; }
    brightNodes = {};
    Object.keys(involved).forEach(function (i) { brightNodes[i] = true; });
    edgeShown.forEach(function (sig, id) {
      if (id.charAt(0) !== "r") { return; }
      var i = parseInt(id.slice(1), 10);
      if (findingPair(E.from[i], E.to[i])) { brightNodes[E.from[i]] = brightNodes[E.to[i]] = true; }
    });
  }

  // how much an edge between two actors is dimmed (1: not at all)
  function edgeDim(a, b) {
    if (focusSet !== null) { return focusSet[a] && focusSet[b] ? 1 : DIM_EDGE; }
    if (findingsOn && involved !== null) { return findingPair(a, b) ? 1 : DIM_EDGE; }
    return 1;
  }

  function nodeOpacity(i) {
    if (focusSet !== null) { return focusSet[i] ? 1 : 0.15; }
    if (brightNodes !== null) { return brightNodes[i] ? 1 : DIM_NODE; }
    return 1;
  }

  function drawFindings() {
    sides = {};
    strainedNow = {};
    involved = null;
    var want = {};
    var entry = findingsOn ? layerEntry(current) : null;
    if (entry) {
      involved = {};
      entry.strained.forEach(function (st) {
        if (typeHidden(st[0]) || typeHidden(st[1])) { return; }
        involved[st[0]] = involved[st[1]] = true;
        strainedNow[pairKey(st[0], st[1])] = st;
        want["fs" + pairKey(st[0], st[1])] = true;
      });
      entry.unbalanced.forEach(function (tri) {
        if (typeHidden(tri[0]) || typeHidden(tri[1]) || typeHidden(tri[2])) { return; }
        triangleSides(tri).forEach(function (side) {
          var key = pairKey(side[0], side[1]);
          involved[side[0]] = involved[side[1]] = true;
          if (!sides[key]) { sides[key] = [side[0], side[1], []]; }
          sides[key][2].push(tri);
          want["ft" + key] = true;
        });
      });
    }
    var changes = [];
    LAYER_ITEMS.forEach(function (item) {
      var on = want[item.id] === true;
      if (on !== (layerShown[item.id] === true)) { changes.push({ id: item.id, hidden: !on }); }
      if (on) { layerShown[item.id] = true; } else { delete layerShown[item.id]; }
    });
    if (changes.length) { edges.update(changes); }
    // both ends of every finding are drawn, even when nothing else joins them on the day
    var extra = [];
    Object.keys(want).forEach(function (id) {
      var item = edges.get(id);
      [item.from, item.to].forEach(function (n) {
        if (!nodeShown[n]) { nodeShown[n] = true; extra.push({ id: n, hidden: false }); }
      });
    });
    if (extra.length) { nodes.update(extra); }
  }

  // apply the dimming of the findings layer or of a focus to every node and drawn edge
  function restyle() {
    brighten();
    var changes = [];
    for (var k = 0; k < N.id.length; k++) { changes.push({ id: k, opacity: nodeOpacity(k) }); }
    nodes.update(changes);
    var lines = [];
    edgeShown.forEach(function (sig, id) {
      var index = parseInt(id.slice(1), 10);
      if (id.charAt(0) === "r") { lines.push(edgeItem(index, parseFloat(sig))); }
      else { lines.push(pairItem(index, pairEntry(index, current))); }
    });
    if (lines.length) { edges.update(lines); }
  }

  function showLayerNote() {
    var note = byId("gc-layer-note");
    if (!note) { return; }
    if (!FINDINGS) { note.textContent = "No findings for this view (too many actors)."; return; }
    var entry = layerEntry(current);
    if (!entry) {
      note.textContent = "On the graph: findings were computed for " + iso(FINDINGS.layer[0].day) +
        " only (a large slider); move there to see them.";
      return;
    }
    var day = iso(layerDay(entry));
    var text = "On the graph" + (findingsOn ? "" : " (Show findings)") + ": on " + day + ", " +
      plural(entry.strained.length, "strained partnership") + " and " +
      plural(entry.unbalancedTotal, "unbalanced triangle") +
      (entry.unbalancedTotal > entry.unbalanced.length ? " (the " + entry.unbalanced.length + " strongest drawn)" : "") +
      (META.mode === "window" ? " (the last day of the window)" : "") + ".";
    note.textContent = text;
  }

  function setFindings(on) {
    findingsOn = Boolean(on) && FINDINGS !== null;
    var button = byId("gc-findings-toggle");
    button.setAttribute("aria-pressed", findingsOn ? "true" : "false");
    button.textContent = findingsOn ? "Hide findings" : "Show findings";
    drawFindings();
    restyle();
    showStatus();
  }

  // ------------------------------------------------------------------ focus (search, findings)
  function focusOn(list, fit) {
    focusSet = {};
    list.forEach(function (i) { focusSet[i] = true; });
    restyle();
    if (fit) {
      var visible = list.filter(function (i) { return nodeShown[i]; });
      if (visible.length) { network.fit({ nodes: visible, animation: { duration: 400, easingFunction: "easeInOutQuad" } }); }
      moved = true;
    }
  }

  function unfocus() {
    if (focusSet === null) { return; }
    focusSet = null;
    restyle();
  }

  function highlight(i) {
    var list = [i].concat(network.getConnectedNodes(i));
    focusOn(list, false);
  }

  function select(i) {
    highlight(i);
    network.selectNodes([i]);
    if (nodeShown[i]) { network.focus(i, { scale: 1.1, animation: { duration: 400 } }); moved = true; }
    describe(byId("gc-details"), i);
  }

  // the actors a finding is about: the top-level actors and every actor counted for them
  function actorsOf(tops) {
    var wantedTop = {};
    tops.forEach(function (t) { wantedTop[t] = true; });
    var list = [];
    for (var i = 0; i < N.id.length; i++) { if (wantedTop[TOP[i]] || wantedTop[i]) { list.push(i); } }
    return list;
  }

  // ------------------------------------------------------------------ search
  var searchIndex = N.name.map(function (name, i) {
    return [name, N.id[i]].concat(N.aliases[i] || []).join("\u0000").toLowerCase();
  });

  function search(query) {
    var list = byId("gc-results");
    clear(list);
    query = query.trim().toLowerCase();
    if (!query) { return []; }
    var found = [];
    for (var i = 0; i < searchIndex.length && found.length < 50; i++) {
      if (searchIndex[i].indexOf(query) >= 0) { found.push(i); }
    }
    found.forEach(function (i) {
      var li = el("li", nodeShown[i] ? "gc-hit" : "gc-hit gc-absent");
      var button = el("button", null);
      button.type = "button";
      button.appendChild(el("span", "gc-hit-name", N.name[i]));
      button.appendChild(el("span", "gc-hit-id", N.id[i]));
      button.addEventListener("click", function () { select(i); });
      li.appendChild(button);
      list.appendChild(li);
    });
    if (!found.length) { list.appendChild(el("li", "gc-none", "No actor matches.")); }
    return found;
  }

  var searchBox = byId("gc-search");
  searchBox.addEventListener("input", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = search(searchBox.value);
      if (found.length) { select(found[0]); }
    }
  });
  byId("gc-clear").addEventListener("click", function () {
    searchBox.value = "";
    search("");
    unfocus();
    network.unselectAll();
  });

  // ------------------------------------------------------------------ findings panel
  var CHANGE_WORDS = { formed: "formed", ended: "ended", flipped: "flipped", soured: "soured",
                       thawed: "thawed", escalated: "escalated" };

  function findingButton(list, kind, parts, onClick) {
    var li = el("li", "gc-finding gc-finding-" + kind);
    var button = el("button", null);
    button.type = "button";
    parts.forEach(function (part) { button.appendChild(part); });
    button.addEventListener("click", onClick);
    li.appendChild(button);
    list.appendChild(li);
    return button;
  }

  function toReportEnd() {
    if (META.mode === "slider" && FINDINGS.report.end !== currentDay) { setDay(FINDINGS.report.end); }
  }

  function showChange(change) {
    toReportEnd();
    focusOn(actorsOf([change.a, change.b]), true);
    var box = byId("gc-details");
    clear(box);
    var head = el("div", "gc-head");
    head.appendChild(el("span", null, pairName(change.a, change.b) + ": "));
    head.appendChild(el("span", null, CHANGE_WORDS[change.change] || change.change));
    box.appendChild(head);
    var report = FINDINGS.report;
    row(box, "before", change.before + " (score " + change.scoreBefore + ") on " + iso(report.start));
    row(box, "after", change.after + " (score " + change.scoreAfter + ") on " + iso(report.end));
    if (change.drivers.length) {
      box.appendChild(el("p", "gc-text", "Relations that drove it:"));
      var list = el("ul", "gc-drivers");
      change.drivers.forEach(function (i) {
        var li = el("li");
        li.appendChild(edgeHead(i));
        li.appendChild(el("div", "gc-source", when(i)));
        list.appendChild(li);
      });
      box.appendChild(list);
    }
  }

  function showStrained(st) {
    toReportEnd();
    focusOn(actorsOf([st.a, st.b]), true);
    var box = byId("gc-details");
    clear(box);
    var head = el("div", "gc-head");
    head.appendChild(el("span", null, "Strained: " + pairName(st.a, st.b) + " "));
    head.appendChild(badge(statusIndex(st.status), st.status));
    box.appendChild(head);
    row(box, "on", iso(FINDINGS.report.end));
    row(box, "unbalanced triangles", st.triangles);
    row(box, "tension", st.tension);
    box.appendChild(el("p", "gc-note", "Tension: how hard third parties pull the pair apart (over its " +
      "unbalanced triangles, the weaker of the two other ties)."));
  }

  function showSwitch(sw) {
    toReportEnd();
    focusOn(actorsOf([sw.actor]).concat([sw.actor]), true);
    var box = byId("gc-details");
    clear(box);
    box.appendChild(el("div", "gc-head", N.name[sw.actor] + " " + sw.change + " bloc"));
    row(box, "before", sw.before ? sw.before + (sw.withBefore ? " (with " + sw.withBefore + ")" : "") : "no bloc");
    row(box, "after", sw.after ? sw.after + (sw.withAfter ? " (with " + sw.withAfter + ")" : "") : "no bloc");
  }

  function showBloc(bloc) {
    toReportEnd();
    focusOn(actorsOf(bloc.members.map(function (m) { return m[0]; })), true);
    var box = byId("gc-details");
    clear(box);
    box.appendChild(el("div", "gc-head", bloc.name));
    bloc.members.forEach(function (m) { row(box, m[1], N.name[m[0]]); });
    box.appendChild(el("p", "gc-note", "Contested: the actor sits in another bloc in some of the equally " +
      "good splits of the graph."));
  }

  function panelGroup(box, heading, items, draw) {
    if (!items.length) { return; }
    box.appendChild(el("h3", null, heading));
    var list = el("ul", "gc-findings-list");
    items.forEach(function (item) { draw(list, item); });
    box.appendChild(list);
  }

  function buildPanel() {
    var box = byId("gc-findings");
    clear(box);
    var note = el("p", "gc-layer-note");
    note.id = "gc-layer-note";
    box.appendChild(note);
    if (!FINDINGS || !FINDINGS.report) { showLayerNote(); return; }
    var report = FINDINGS.report;
    box.appendChild(el("p", "gc-basis", report.basis));
    var sum = report.summary;
    var counted = Object.keys(CHANGE_WORDS).filter(function (c) { return sum[c]; }).map(function (c) {
      return sum[c] + " " + c;
    });
    box.appendChild(el("p", "gc-summary", counted.length ? "Alignments: " + counted.join(", ") + "." :
      "No alignment changed."));
    panelGroup(box, "Changed pairs", report.changes, function (list, change) {
      var before = el("span", "gc-from", change.before + " \u2192 ");
      findingButton(list, "change", [el("span", "gc-what", pairName(change.a, change.b)),
                                     el("span", "gc-how", (CHANGE_WORDS[change.change] || change.change) + ": "),
                                     before, badge(statusIndex(change.after))],
                    function () { showChange(change); });
    });
    panelGroup(box, "Strained partnerships on " + iso(report.end), report.strained, function (list, st) {
      findingButton(list, "strained", [el("span", "gc-what", pairName(st.a, st.b)), badge(statusIndex(st.status)),
                                       el("span", "gc-how", " in " + plural(st.triangles, "unbalanced triangle"))],
                    function () { showStrained(st); });
    });
    panelGroup(box, "Bloc switches", report.switches, function (list, sw) {
      findingButton(list, "switch", [el("span", "gc-what", N.name[sw.actor]),
                                     el("span", "gc-how", " " + sw.change + ": " + (sw.before || "none") + " \u2192 " + (sw.after || "none"))],
                    function () { showSwitch(sw); });
    });
    panelGroup(box, "Blocs on " + iso(report.end), report.blocs, function (list, bloc) {
      var names = bloc.members.map(function (m) { return N.name[m[0]] + (m[1] === "contested" ? " (contested)" : ""); });
      findingButton(list, "bloc", [el("span", "gc-what", bloc.name + ": "), el("span", "gc-how", names.join(", "))],
                    function () { showBloc(bloc); });
    });
    report.notes.forEach(function (text) { box.appendChild(el("p", "gc-note", text)); });
    showLayerNote();
  }

  // ------------------------------------------------------------------ legend and filters
  function swatch(draw) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "34");
    svg.setAttribute("height", "18");
    svg.setAttribute("viewBox", "0 0 34 18");
    svg.setAttribute("aria-hidden", "true");
    draw(svg);
    return svg;
  }

  function svgChild(svg, tag, attributes) {
    var child = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { child.setAttribute(name, String(attributes[name])); });
    svg.appendChild(child);
    return child;
  }

  var SHAPE_POINTS = {
    triangle: "17,2 25,16 9,16", triangleDown: "9,2 25,2 17,16", diamond: "17,1 25,9 17,17 9,9",
    square: "10,2 24,2 24,16 10,16", hexagon: "13,1 21,1 25,9 21,17 13,17 9,9",
    star: "17,1 19.4,6.6 25.6,6.8 20.8,10.6 22.5,16.6 17,13.2 11.5,16.6 13.2,10.6 8.4,6.8 14.6,6.6"
  };

  function shapeSwatch(t) {
    return swatch(function (svg) {
      var attributes = { fill: t.color, stroke: t.border, "stroke-width": 1.5 };
      if (t.dashed) { attributes["stroke-dasharray"] = "3 2"; }
      if (t.shape === "dot") {
        attributes.cx = 17; attributes.cy = 9; attributes.r = 7;
        svgChild(svg, "circle", attributes);
      } else {
        attributes.points = SHAPE_POINTS[t.shape];
        svgChild(svg, "polygon", attributes);
      }
    });
  }

  function lineSwatch(color, dashes, width, arrow, opacity) {
    return swatch(function (svg) {
      var attributes = { x1: 2, y1: 9, x2: arrow ? 26 : 32, y2: 9, stroke: color,
                         "stroke-width": width, "stroke-opacity": opacity === undefined ? 1 : opacity };
      if (dashes) { attributes["stroke-dasharray"] = dashes.join(" "); }
      svgChild(svg, "line", attributes);
      if (arrow) { svgChild(svg, "polygon", { points: "25,4 33,9 25,14", fill: color }); }
    });
  }

  // items: [swatch, text, title, filter] where filter is {checked, onChange} for a filter row
  function legendGroup(box, heading, items) {
    if (!items.length) { return; }
    box.appendChild(el("h3", null, heading));
    var list = el("ul", "gc-legend-list");
    items.forEach(function (item) {
      var li = el("li");
      var holder = li;
      if (item[3]) {
        holder = el("label", "gc-filter");
        var box2 = el("input");
        box2.type = "checkbox";
        box2.checked = item[3].checked;
        box2.addEventListener("change", function () { item[3].onChange(box2.checked); });
        item[3].input = box2;
        holder.appendChild(box2);
        li.appendChild(holder);
      }
      holder.appendChild(item[0]);
      holder.appendChild(el("span", null, item[1]));
      if (item[2]) { li.title = item[2]; }
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  var typeFilters = {};      // actor type index -> filter object
  var categoryFilters = {};  // category -> filter object

  function setTypeHidden(index, hide) {
    if (hide) { hiddenTypes[index] = true; } else { delete hiddenTypes[index]; }
    if (typeFilters[index] && typeFilters[index].input) { typeFilters[index].input.checked = !hide; }
    syncQuickFilter();
    refresh();
  }

  function setCategoryHidden(category, hide) {
    if (hide) { hiddenCategories[category] = true; } else { delete hiddenCategories[category]; }
    if (categoryFilters[category] && categoryFilters[category].input) { categoryFilters[category].input.checked = !hide; }
    syncQuickFilter();
    refresh();
  }

  var PERSON = ACTOR_TYPES.map(function (t) { return t.id; }).indexOf("person");

  function quickFilterOn() {
    return (PERSON < 0 || hiddenTypes[PERSON] === true) && hiddenCategories.structural === true;
  }

  function syncQuickFilter() {
    var button = byId("gc-quick-filter");
    var on = quickFilterOn();
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "Show people and structure" : "Hide people and structure";
  }

  function setQuickFilter(hide) {
    if (PERSON >= 0) {
      if (hide) { hiddenTypes[PERSON] = true; } else { delete hiddenTypes[PERSON]; }
      if (typeFilters[PERSON] && typeFilters[PERSON].input) { typeFilters[PERSON].input.checked = !hide; }
    }
    if (hide) { hiddenCategories.structural = true; } else { delete hiddenCategories.structural; }
    if (categoryFilters.structural && categoryFilters.structural.input) { categoryFilters.structural.input.checked = !hide; }
    syncQuickFilter();
    refresh();
  }

  function buildLegend() {
    var box = byId("gc-legend");
    var usedActorTypes = {};
    N.type.forEach(function (t) { usedActorTypes[t] = true; });
    legendGroup(box, "Actors (colour and shape by type; untick to hide)", ACTOR_TYPES.map(function (t, i) {
      return [t, i];
    }).filter(function (pair) {
      return usedActorTypes[pair[1]];
    }).map(function (pair) {
      var t = pair[0], i = pair[1];
      typeFilters[i] = { checked: true, onChange: function (on) { setTypeHidden(i, !on); } };
      return [shapeSwatch(t), t.id.replace(/_/g, " ") + (t.dashed ? " (type not in the shipped styles)" : ""),
              t.description, typeFilters[i]];
    }));
    var signs = {};
    var categories = {};
    var directed = false;
    TYPES.forEach(function (t) { signs[t.sign] = true; categories[t.category] = t.dashes; directed = directed || t.directed; });
    var colorOf = function (id) { return STATUSES.filter(function (x) { return x.id === id; })[0].color; };
    var signItems = [];
    if (signs[1]) { signItems.push([lineSwatch(colorOf("ally"), null, 3), "positive relation (supports, cooperates, agrees ...)"]); }
    if (signs[-1]) { signItems.push([lineSwatch(colorOf("adversary"), null, 3), "negative relation (opposes, fights, attacks ...)"]); }
    if (signs[0]) { signItems.push([lineSwatch(colorOf("neutral"), null, 3), "structural relation, no sign (member of, part of ...)"]); }
    legendGroup(box, "Relations (colour by sign)", signItems);
    var styleItems = [];
    var names = { alignment: "alignment: durable, from start to end", interaction: "interaction: a dated event",
                  structural: "structural: membership, part of, represents, hosts" };
    Object.keys(categories).sort().forEach(function (c) {
      categoryFilters[c] = { checked: true, onChange: function (on) { setCategoryHidden(c, !on); } };
      styleItems.push([lineSwatch("#555555", categories[c] || null, 2), names[c] || c, null, categoryFilters[c]]);
    });
    legendGroup(box, "Line style by category (untick to hide)", styleItems);
    var widthItems = [];
    if (directed) { widthItems.push([lineSwatch("#555555", null, 2, true), "arrow: directed type, source to target"]); }
    widthItems.push([lineSwatch("#555555", null, 1), "thin: low weight"]);
    widthItems.push([lineSwatch("#555555", null, 4), "thick: high weight"]);
    if (META.recentDays > 0) {
      widthItems.push([lineSwatch("#555555", [8, 6], 2, false, 0.35),
                       "faded: an interaction shown up to " + META.recentDays + " days after its date"]);
    }
    legendGroup(box, "Arrows and width (by weight)", widthItems);
    if (META.overlay) {
      var bandsDay = META.mode === "window" ? " on " + iso(FRAMES[0][1]) + ", the last day of the window" : "";
      legendGroup(box, "Alignment of pairs (wide band)" + bandsDay, STATUSES.filter(function (x) {
        return x.id !== "neutral";
      }).map(function (x) {
        var meaning = { ally: "allies: net positive", adversary: "adversaries: net negative",
                        mixed: "mixed: strong ties both ways at once" }[x.id] || x.id;
        return [lineSwatch(x.color, null, 9, false, 0.35), meaning];
      }));
    }
    if (FINDINGS) {
      legendGroup(box, "Findings (Show findings)", [
        [lineSwatch(STRAIN_COLOR, null, 9, false, 0.55), "strained partnership: a positive tie inside unbalanced triangles"],
        [lineSwatch(TRIANGLE_COLOR, [3, 5], 2.5), "side of an unbalanced triangle (one or three enmities)"]
      ]);
    }
  }

  // ------------------------------------------------------------------ collapsible side sections
  Array.prototype.forEach.call(document.querySelectorAll("#gc-side .gc-fold"), function (button) {
    button.addEventListener("click", function () {
      var body = byId(button.getAttribute("aria-controls"));
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      body.hidden = !open;
      button.parentNode.parentNode.classList.toggle("gc-folded", !open);
    });
  });

  // ------------------------------------------------------------------ events
  var moved = false;  // the reader has zoomed, dragged or focused: keep their view on resizes

  function attachEvents() {
    network.on("hoverNode", function (params) { describe(tip, params.node); });
    network.on("hoverEdge", function (params) { describe(tip, params.edge); });
    network.on("showPopup", function (id) { describe(tip, id); });
    network.on("click", function (params) {
      if (params.nodes.length) {
        highlight(params.nodes[0]);
        describe(byId("gc-details"), params.nodes[0]);
      } else if (params.edges.length) {
        describe(byId("gc-details"), params.edges[0]);
      } else {
        unfocus();
      }
    });
    network.on("zoom", function () { moved = true; });
    network.on("dragEnd", function (params) { if (!params.nodes.length) { moved = true; } });
  }

  // ------------------------------------------------------------------ slider (calendar)
  var slider = byId("gc-slider");
  var play = byId("gc-play");
  var stepSelect = byId("gc-step");
  var timer = null;
  var unit = TIMELINE ? TIMELINE.step : "day";
  var MARKS = TIMELINE ? TIMELINE.marks : [];

  function stepCount() { return unit === "day" ? TIMELINE.last - TIMELINE.first + 1 : TIMELINE[unit].length; }

  function stepDay(k) { return unit === "day" ? TIMELINE.first + k : TIMELINE[unit][k]; }

  // the last step on or before a day
  function stepIndex(day) {
    if (unit === "day") { return Math.max(0, Math.min(day - TIMELINE.first, stepCount() - 1)); }
    var grid = TIMELINE[unit], lo = 0, hi = grid.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (grid[mid] <= day) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function setDay(day) {
    if (!TIMELINE) { return; }
    currentDay = Math.max(TIMELINE.first, Math.min(day, TIMELINE.last));
    slider.value = String(stepIndex(currentDay));
    apply(frameOf(currentDay));
  }

  function drawMarks() {
    var box = byId("gc-marks");
    clear(box);
    var last = Math.max(stepCount() - 1, 1);
    MARKS.forEach(function (mark) {
      var tick = el("span", mark[1] === 2 ? "gc-mark gc-mark-status" : "gc-mark");
      var k = unit === "day" ? mark[0] - TIMELINE.first : stepIndex(mark[0]);
      tick.style.left = "calc(8px + (100% - 16px) * " + (k / last).toFixed(5) + ")";
      tick.title = iso(mark[0]) + (mark[1] === 2 ? ": an alignment changes" : ": relations change");
      box.appendChild(tick);
    });
  }

  function setStep(value) {
    if (!TIMELINE || ["day", "week", "month"].indexOf(value) < 0) { return; }
    unit = value;
    stepSelect.value = value;
    slider.max = String(stepCount() - 1);
    slider.value = String(stepIndex(currentDay));
    drawMarks();
  }

  function nextChange(direction) {
    var days = MARKS.map(function (m) { return m[0]; });
    var target = null;
    for (var i = 0; i < days.length; i++) {
      if (direction > 0 && days[i] > currentDay) { target = days[i]; break; }
      if (direction < 0 && days[i] < currentDay) { target = days[i]; }
    }
    if (direction < 0 && target === null && currentDay > TIMELINE.first) { target = TIMELINE.first; }
    if (target !== null) { setDay(target); }
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    play.textContent = "Play";
    play.setAttribute("aria-label", "Play");
  }

  function stepForward() {
    var k = stepIndex(currentDay) + 1;
    if (k >= stepCount()) { stop(); return; }
    setDay(stepDay(k));
  }

  if (TIMELINE) {
    slider.addEventListener("input", function () {
      currentDay = stepDay(parseInt(slider.value, 10));
      apply(frameOf(currentDay));
    });
    play.addEventListener("click", function () {
      if (timer !== null) { stop(); return; }
      if (currentDay >= TIMELINE.last) { setDay(TIMELINE.first); }
      play.textContent = "Pause";
      play.setAttribute("aria-label", "Pause");
      timer = setInterval(stepForward, parseInt(byId("gc-speed").value, 10));
    });
    byId("gc-speed").addEventListener("change", function () {
      if (timer !== null) { stop(); play.click(); }
    });
    stepSelect.addEventListener("change", function () { setStep(stepSelect.value); });
    byId("gc-prev-change").addEventListener("click", function () { nextChange(-1); });
    byId("gc-next-change").addEventListener("click", function () { nextChange(1); });
  }

  // ------------------------------------------------------------------ fitting, also after a zero-size load
  var container = byId("gc-network");
  var fitted = false;
  var size = [0, 0];

  function fitNodes() {
    var shown = [];
    for (var i = 0; i < nodeShown.length; i++) { if (nodeShown[i]) { shown.push(i); } }
    return shown;
  }

  function fit() {
    var box = container.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) { fitted = false; return; }
    var shown = fitNodes();
    network.fit({ nodes: shown.length ? shown : undefined, animation: false });
    fitted = true;
  }

  // a frame loaded at zero size (a background tab, a hidden or collapsed output) fits itself once it
  // has a size, and again whenever it is resized until the reader zooms or drags
  function onResize() {
    var box = container.getBoundingClientRect();
    var now = [Math.round(box.width), Math.round(box.height)];
    if (now[0] === size[0] && now[1] === size[1]) { return; }
    size = now;
    if (now[0] < 2 || now[1] < 2) { return; }
    network.setSize("100%", "100%");
    network.redraw();
    if (!fitted || !moved) { fit(); }
  }

  function watchSize() {
    if (typeof ResizeObserver !== "undefined") { new ResizeObserver(onResize).observe(container); }
    window.addEventListener("resize", onResize);
    if (typeof IntersectionObserver !== "undefined") {
      new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { onResize(); if (!fitted) { fit(); } }
        });
      }).observe(container);
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { onResize(); if (!fitted) { fit(); } }
    });
  }

  // whether every drawn actor lies inside the drawing area (tests and scripts)
  function inView() {
    var box = container.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) { return false; }
    var positions = network.getPositions(fitNodes());
    return Object.keys(positions).every(function (id) {
      var p = network.canvasToDOM(positions[id]);
      return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
    });
  }

  // ------------------------------------------------------------------ start
  var api = {
    ready: false, network: null, nodes: nodes, edges: edges, data: DATA,
    frame: function () { return current; },
    day: function () { return currentDay; },
    setFrame: function (f) {
      if (TIMELINE) { setDay(FRAMES[f][0]); } else { apply(f); }
    },
    setDay: setDay,
    setStep: setStep,
    step: function () { return unit; },
    nextChange: nextChange,
    counts: counts,
    search: search,
    select: select,
    findings: setFindings,
    findingsShown: function () { return findingsOn; },
    involved: function () { return involved === null ? null : Object.keys(involved).map(Number); },
    focused: function () { return focusSet === null ? null : Object.keys(focusSet).map(Number); },
    hideActorType: function (id, hide) {
      var i = ACTOR_TYPES.map(function (t) { return t.id; }).indexOf(id);
      if (i >= 0) { setTypeHidden(i, hide !== false); }
    },
    hideCategory: function (c, hide) { setCategoryHidden(c, hide !== false); },
    hidePeopleAndStructure: setQuickFilter,
    fitted: function () { return fitted; },
    inView: inView,
    refit: fit
  };
  window.gcView = api;

  function everShown() {
    var seen = {};
    for (var i = 0; i < nEdges; i++) { seen[E.from[i]] = true; seen[E.to[i]] = true; }
    for (var j = 0; j < P.a.length; j++) { seen[P.a[j]] = true; seen[P.b[j]] = true; }
    return Object.keys(seen).map(Number);
  }

  function start() {
    showStatus();
    var shown = META.isolates ? N.id.map(function (x, i) { return i; }) : everShown();
    network.once("afterDrawing", function () { api.ready = true; });
    var box = container.getBoundingClientRect();
    size = [Math.round(box.width), Math.round(box.height)];
    if (size[0] >= 2 && size[1] >= 2) {
      network.fit({ nodes: shown.length ? shown : undefined, animation: false });
      fitted = true;
    }
    if (!api.ready) { network.redraw(); }
    watchSize();
  }

  if (TIMELINE) {
    currentDay = TIMELINE.initialDay;
    setStep(unit);
  } else {
    currentDay = FRAMES[0][1];
  }
  var initial = TIMELINE ? frameOf(currentDay) : META.initialFrame;
  var allNodes = N.id.map(function (x, i) { return nodeItem(i); });
  if (META.physics) {
    // the layout settles on one spring per linked pair of the whole history (the same in every
    // view of the graph), then freezes for the frames
    allNodes.forEach(function (item) { item.hidden = false; });
    nodeShown.fill(true);
    nodes.add(allNodes);
    edges.add(DATA.springs.a.map(function (a, k) {
      return { id: "s" + k, from: a, to: DATA.springs.b[k], hidden: true, smooth: false };
    }));
  } else {
    var first = plan(initial);
    first.nodes.forEach(function (change) { allNodes[change.id].hidden = change.hidden; });
    nodes.add(allNodes);
    edges.add(LAYER_ITEMS.concat(first.upsert));
  }
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  api.network = network;
  attachEvents();
  buildLegend();
  buildPanel();
  syncQuickFilter();
  if (!FINDINGS) {
    byId("gc-findings-toggle").disabled = true;
  }
  byId("gc-findings-toggle").addEventListener("click", function () { setFindings(!findingsOn); });
  byId("gc-quick-filter").addEventListener("click", function () { setQuickFilter(!quickFilterOn()); });
  if (PERSON < 0 && !categoryFilters.structural) { byId("gc-quick-filter").hidden = true; }
  if (META.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      edges.clear();
      edges.add(LAYER_ITEMS);
      apply(initial);
      start();
    });
  } else {
    start();
  }
}());
