/* graphlib_conflict: draws the page data (script#gc-data) with vis-network.
 *
 * Safety rule of this file: text from the data reaches the page only through textContent, DOM
 * properties and the canvas (vis-network tooltips get Elements built here), never as markup to
 * parse. Colours and sizes were validated in Python before they were written.
 *
 * Frames: each frame is a [first, last] pair of day numbers. An edge is shown in a frame when its
 * active days (extended by meta.recentDays for interactions) meet the frame. Moving between frames
 * adds, updates and removes items in the vis DataSets; the network itself is never rebuilt, and
 * node positions stay where the layout put them.
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
  var NEUTRAL = STATUSES.map(function (s) { return s.id; }).indexOf("neutral");
  var DAY_MS = 86400000;
  var SVG = "http://www.w3.org/2000/svg";

  function byId(id) { return document.getElementById(id); }

  function iso(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  function frameText(f) {
    var fr = FRAMES[f];
    return fr[0] === fr[1] ? iso(fr[0]) : iso(fr[0]) + " to " + iso(fr[1]);
  }

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

  // ------------------------------------------------------------------ tooltips and details
  var tip = el("div", "gc-tip");
  var TIP_NOTES = 220;  // characters of notes or description in a tooltip
  var TIP_QUOTES = 2;   // evidence items in a tooltip
  var current = 0;

  function describeNode(box, i, full) {
    var t = ACTOR_TYPES[N.type[i]];
    box.appendChild(el("div", "gc-head", N.name[i]));
    row(box, "id", N.id[i]);
    row(box, "type", t ? t.id : "");
    row(box, "country", N.country[i]);
    if (N.aliases[i] && N.aliases[i].length) { row(box, "also", N.aliases[i].join("; ")); }
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

  // A tooltip is short (notes cut, two quotes, no addresses); the details panel has everything.
  function describeEdge(box, i, full) {
    var t = TYPES[E.type[i]];
    var head = el("div", "gc-head");
    head.appendChild(el("span", null, N.name[E.from[i]]));
    head.appendChild(el("span", "gc-rel", t.directed ? " " + t.id + " \u2192 " : " \u2014 " + t.id + " \u2014 "));
    head.appendChild(el("span", null, N.name[E.to[i]]));
    box.appendChild(head);
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

  function describePair(box, j) {
    var entry = pairEntry(j, current);
    var status = entry ? STATUSES[entry[1]].id : "neutral";
    var head = el("div", "gc-head");
    head.appendChild(el("span", null, N.name[P.a[j]] + " \u2013 " + N.name[P.b[j]] + ": "));
    var badge = el("span", "gc-badge", status);
    badge.style.backgroundColor = STATUSES[entry ? entry[1] : NEUTRAL].color;
    head.appendChild(badge);
    box.appendChild(head);
    row(box, "as of", iso(FRAMES[current][1]));
    if (entry) {
      row(box, "score", entry[2]);
      row(box, "positive part", entry[3]);
      row(box, "negative part", entry[4]);
      row(box, "relations", entry[5]);
    }
    box.appendChild(el("p", "gc-note", "Alignment of the two top-level actors: durable relations plus " +
      "recent interactions, forces and spokespeople counted for the actor they belong to."));
  }

  function describe(box, id) {
    var full = box !== tip;
    clear(box);
    if (typeof id === "number") { describeNode(box, id, full); return; }
    var i = parseInt(id.slice(1), 10);
    if (id.charAt(0) === "r") { describeEdge(box, i, full); } else { describePair(box, i); }
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
    var item = {
      id: "r" + i, from: E.from[i], to: E.to[i], width: E.width[i], dashes: t.dashes,
      color: { color: t.color, highlight: t.color, hover: t.color, opacity: opacity },
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
      color: { color: color, highlight: color, hover: color, opacity: 0.28 },
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
  var highlighted = null;

  function wanted(f) {
    var first = FRAMES[f][0], last = FRAMES[f][1];
    var recent = META.recentDays;
    var want = new Map();
    var show = new Array(N.id.length).fill(META.isolates);
    for (var i = 0; i < nEdges; i++) {
      var t0 = E.t0[i], t1 = E.t1[i];
      var end = t1 === null ? null : t1 + (isInteraction[i] ? recent : 0);
      if ((t0 === null || t0 <= last) && (end === null || end >= first)) {
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
      if (entry && entry[1] !== NEUTRAL) {
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
    if (highlighted !== null) { highlight(highlighted); }
    showStatus();
  }

  // what "N relations" means, the same way as graphlib-conflict info: relations active on the
  // frame, interactions of the previous days still drawn (fading), and coalition-implied ties
  function counts() {
    var active = 0, fading = 0, implied = 0, pairs = 0, first = FRAMES[current][0];
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

  function countText(c) {
    var parts = [c.active + " active"];
    if (c.fading) { parts.push(plural(c.fading, "recent interaction") + " fading"); }
    if (c.implied) { parts.push(c.implied + " coalition-implied"); }
    return "\u00b7 " + plural(c.nodes, "actor") + ", " + plural(c.relations, "relation") + " shown: " +
      parts.join(" + ") + (META.overlay ? ", " + plural(c.alignments, "alignment") : "");
  }

  function plural(x, word) { return x + " " + word + (x === 1 ? "" : "s"); }

  function showStatus() {
    var c = counts();
    byId("gc-current-date").textContent = frameText(current);
    byId("gc-counts").textContent = countText(c);
    byId("gc-slider-date").textContent = frameText(current);
  }

  // ------------------------------------------------------------------ search and highlight
  function highlight(i) {
    highlighted = i;
    var near = {};
    near[i] = true;
    network.getConnectedNodes(i).forEach(function (x) { near[x] = true; });
    var changes = [];
    for (var k = 0; k < N.id.length; k++) { changes.push({ id: k, opacity: near[k] ? 1 : 0.15 }); }
    nodes.update(changes);
  }

  function unhighlight() {
    if (highlighted === null) { return; }
    highlighted = null;
    var changes = [];
    for (var k = 0; k < N.id.length; k++) { changes.push({ id: k, opacity: 1 }); }
    nodes.update(changes);
  }

  function select(i) {
    highlight(i);
    network.selectNodes([i]);
    if (nodeShown[i]) { network.focus(i, { scale: 1.1, animation: { duration: 400 } }); }
    describe(byId("gc-details"), i);
  }

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
    unhighlight();
    network.unselectAll();
  });

  // ------------------------------------------------------------------ legend
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

  function legendGroup(box, heading, items) {
    if (!items.length) { return; }
    box.appendChild(el("h3", null, heading));
    var list = el("ul", "gc-legend-list");
    items.forEach(function (item) {
      var li = el("li");
      li.appendChild(item[0]);
      li.appendChild(el("span", null, item[1]));
      if (item[2]) { li.title = item[2]; }
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function buildLegend() {
    var box = byId("gc-legend");
    var usedActorTypes = {};
    N.type.forEach(function (t) { usedActorTypes[t] = true; });
    legendGroup(box, "Actors (colour and shape by type)", ACTOR_TYPES.filter(function (t, i) {
      return usedActorTypes[i];
    }).map(function (t) {
      return [shapeSwatch(t), t.id.replace(/_/g, " ") + (t.dashed ? " (type not in the shipped styles)" : ""),
              t.description];
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
      styleItems.push([lineSwatch("#555555", categories[c] || null, 2), names[c] || c]);
    });
    if (directed) { styleItems.push([lineSwatch("#555555", null, 2, true), "arrow: directed type, source to target"]); }
    styleItems.push([lineSwatch("#555555", null, 1), "thin: low weight"]);
    styleItems.push([lineSwatch("#555555", null, 4), "thick: high weight"]);
    if (META.recentDays > 0) {
      styleItems.push([lineSwatch("#555555", [8, 6], 2, false, 0.35),
                       "faded: an interaction shown up to " + META.recentDays + " days after its date"]);
    }
    legendGroup(box, "Line style (by category) and width (by weight)", styleItems);
    if (META.overlay) {
      legendGroup(box, "Alignment of pairs (wide band)", STATUSES.filter(function (x) {
        return x.id !== "neutral";
      }).map(function (x) {
        var meaning = { ally: "allies: net positive", adversary: "adversaries: net negative",
                        mixed: "mixed: strong ties both ways at once" }[x.id] || x.id;
        return [lineSwatch(x.color, null, 9, false, 0.35), meaning];
      }));
    }
  }

  // ------------------------------------------------------------------ events
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
        unhighlight();
      }
    });
  }

  // ------------------------------------------------------------------ slider
  var slider = byId("gc-slider");
  var play = byId("gc-play");
  var timer = null;
  slider.max = String(FRAMES.length - 1);
  slider.value = String(META.initialFrame);

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    play.textContent = "Play";
    play.setAttribute("aria-label", "Play");
  }

  function step() {
    if (current >= FRAMES.length - 1) { stop(); return; }
    slider.value = String(current + 1);
    apply(current + 1);
  }

  slider.addEventListener("input", function () { apply(parseInt(slider.value, 10)); });
  play.addEventListener("click", function () {
    if (timer !== null) { stop(); return; }
    if (current >= FRAMES.length - 1) { slider.value = "0"; apply(0); }
    play.textContent = "Pause";
    play.setAttribute("aria-label", "Pause");
    timer = setInterval(step, parseInt(byId("gc-speed").value, 10));
  });
  byId("gc-speed").addEventListener("change", function () {
    if (timer !== null) { stop(); play.click(); }
  });

  // ------------------------------------------------------------------ start
  var api = {
    ready: false, network: null, nodes: nodes, edges: edges, data: DATA,
    frame: function () { return current; },
    setFrame: function (f) { slider.value = String(f); apply(f); },
    counts: counts,
    search: search,
    select: select
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
    network.fit({ nodes: shown.length ? shown : undefined, animation: false });
    if (!api.ready) { network.redraw(); }
  }

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
    var first = plan(META.initialFrame);
    first.nodes.forEach(function (change) { allNodes[change.id].hidden = change.hidden; });
    nodes.add(allNodes);
    edges.add(first.upsert);
  }
  var network = new vis.Network(byId("gc-network"), { nodes: nodes, edges: edges }, DATA.options);
  api.network = network;
  attachEvents();
  buildLegend();
  if (META.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      edges.clear();
      apply(META.initialFrame);
      start();
    });
  } else {
    start();
  }
}());
