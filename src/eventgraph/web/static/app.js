// eventgraph dashboard. Plain JavaScript over the REST API of the same server; plotly.js and the
// country outlines are bundled in /static/vendor, so nothing is fetched from the network.
"use strict";

const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const QUAD_COLOURS = { 1: "#6fbf8e", 2: "#2e8b57", 3: "#e8897d", 4: "#c0392b" };
const GROUP_COLOURS = { member: "#1f5fa8", "outside power": "#e08a1e", other: "#8a94a6" };
const DYAD_COLOURS = ["#1f5fa8", "#e08a1e", "#7b4fa8", "#2a9d8f", "#b5476b", "#5b6b2f"];
const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
const PAGE_SIZE = 25;

const state = { overview: null, loaded: new Set(), dyads: [], chosen: [], eventsOffset: 0, atlas: null, draws: {}, loading: {} };

// "hypothetical (intent)": why an event is not counted as fact, when the coder recorded it.
function hypotheticalLabel(ev) {
  return ev.modality ? `hypothetical (${ev.modality})` : "hypothetical";
}

// Each redraw takes a ticket; a slower, older redraw that finishes late must not overwrite a newer one.
function ticket(view) {
  state.draws[view] = (state.draws[view] || 0) + 1;
  const mine = state.draws[view];
  return () => mine === state.draws[view];
}

// ------------------------------------------------------------------------------------- helpers

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function api(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) url.searchParams.set(key, value);
  }
  const response = await fetch(url);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.detail || response.statusText);
  return body;
}

function showProblem(target, error, what) {
  const message = error.status === 501
    ? `${what} is not available yet: ${error.message}`
    : `Could not load ${what}: ${error.message}`;
  target.replaceChildren(el("p", { class: "notes error", text: message }));
}

function firstDay(value) {
  // "2023-05-07", "2023-05", "2023", "2023-04-30/2023-05-06" → the first day, as the API orders them.
  if (!value) return null;
  const start = String(value).split("/")[0];
  const parts = start.split("-");
  if (!/^\d{4}$/.test(parts[0])) return null;
  while (parts.length < 3) parts.push("01");
  return parts.slice(0, 3).join("-");
}

function actorLabel(actor) {
  if (!actor) return "—";
  return actor.id ? `${actor.id}${actor.sector ? " " + actor.sector : ""}` : `“${actor.text || actor.name}”`;
}

function eventDate(ev) {
  return ev.date && ev.date.value ? ev.date.value : (ev.published ? `${ev.published} (published)` : "undated");
}

function onClick(plot, handler) {
  // Plotly.purge drops a plot's listeners, so bind afresh after every draw (and never twice).
  if (plot.removeAllListeners) plot.removeAllListeners("plotly_click");
  plot.on("plotly_click", handler);
}

function clip(text, n) {
  if (!text) return "";
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

// --------------------------------------------------------------------------------------- tabs

const VIEW_LOADERS = {
  timeline: loadTimeline,
  network: loadNetwork,
  map: loadMap,
  events: loadEvents,
  mediation: loadMediation,
  sources: loadSources,
  disagreements: loadDisagreements,
  claims: loadClaims,
};

function showView(name) {
  for (const button of document.querySelectorAll("#tabs button")) {
    button.classList.toggle("active", button.dataset.view === name);
  }
  for (const view of document.querySelectorAll(".view")) {
    view.classList.toggle("active", view.id === `view-${name}`);
  }
  if (!state.loaded.has(name)) {
    state.loaded.add(name);
    state.loading[name] = VIEW_LOADERS[name]();
  } else {
    for (const plot of document.querySelectorAll(`#view-${name} .plot`)) {
      if (plot.data) Plotly.Plots.resize(plot);
    }
  }
}

// ----------------------------------------------------------------------------------- evidence

function openEvidencePanel() {
  const panel = $("#evidence");
  if (!panel.classList.contains("hidden")) return;
  panel.classList.remove("hidden");
  // The plots lose width to the panel: let plotly re-measure them.
  window.dispatchEvent(new Event("resize"));
}

async function showEvidence(eventId) {
  const body = $("#evidence-body");
  openEvidencePanel();
  body.replaceChildren(el("p", { class: "notes", text: "loading the evidence…" }));
  for (const item of document.querySelectorAll("#evidence-list li")) {
    item.classList.toggle("current", item.dataset.eventId === eventId);
  }
  try {
    const ev = await api(`/events/${encodeURIComponent(eventId)}`);
    body.replaceChildren(...evidenceNodes(ev));
  } catch (error) {
    showProblem(body, error, "this event");
  }
}

function evidenceNodes(ev) {
  const doc = ev.document;
  const ctx = ev.context;
  const text = ctx.text;
  const s0 = ctx.sentence_start, s1 = ctx.sentence_end;
  const a = Math.max(ctx.span_start, s0), b = Math.min(ctx.span_end, s1);
  const sentence = el("mark", { class: "sentence" },
    text.slice(s0, a), el("mark", { class: "span", text: text.slice(a, b) }), text.slice(b, s1));
  const article = el("div", { class: "article", "data-doc-id": ev.doc_id, "data-event-id": ev.event_id },
    text.slice(0, s0), sentence, text.slice(s1));
  const link = doc.url
    ? el("a", { href: doc.url, target: "_blank", rel: "noopener noreferrer", text: doc.url })
    : el("span", { class: "notes", text: "no link recorded" });
  const flags = [ev.negated ? "negated" : null, ev.hypothetical ? hypotheticalLabel(ev) : null].filter(Boolean);
  const quad = ev.quad_class ? `q${ev.quad_class}` : "";
  const nodes = [
    el("p", { class: "coding" },
      el("b", { text: actorLabel(ev.source) }), " ",
      el("span", { class: `badge ${quad}`, text: ev.type + (ev.mode ? ` · ${ev.mode}` : "") }), " ",
      el("b", { text: actorLabel(ev.target) }),
      flags.length ? el("span", { class: "flag", text: flags.join(", ") }) : null),
    el("dl", {},
      el("dt", { text: "outlet" }), el("dd", { class: "ev-outlet", text: doc.outlet || "unknown outlet" }),
      el("dt", { text: "published" }), el("dd", { class: "ev-published", text: doc.published || "unknown" }),
      el("dt", { text: "article" }), el("dd", { class: "ev-title", text: doc.title || doc.name }),
      el("dt", { text: "link" }), el("dd", {}, link),
      el("dt", { text: "event date" }), el("dd", { text: ev.date ? `${ev.date.value || "unresolved"} (${ev.date.precision}${ev.date.expression ? `, “${ev.date.expression}”` : ""})` : "unresolved" }),
      el("dt", { text: "place" }), el("dd", { text: ev.place ? ev.place.name : "—" }),
      el("dt", { text: "coding" }), el("dd", { text: `CAMEO ${ev.cameo || "—"} · Goldstein ${ev.goldstein ?? "—"} · ${QUAD_NAMES[ev.quad_class] || "no quad class"}` }),
      el("dt", { text: "pattern" }), el("dd", { text: `${ev.pattern || "—"}${ev.trigger ? ` (trigger “${ev.trigger}”)` : ""}` }),
      el("dt", { text: "actors as written" }), el("dd", { text: `${ev.source ? ev.source.text : "—"} → ${ev.target ? ev.target.text : "—"}` })),
    article,
    el("button", { onclick: () => showFullArticle(ev), text: "Show the whole article" }),
    el("span", { class: "notes", text: `  ${doc.name} · event ${ev.event_id}` }),
  ];
  return nodes;
}

async function showFullArticle(ev) {
  const body = $("#evidence-body");
  try {
    const doc = await api(`/documents/${encodeURIComponent(ev.doc_id)}`);
    const start = ev.context.paragraph_start + ev.context.sentence_start;
    const end = ev.context.paragraph_start + ev.context.sentence_end;
    const a = Math.max(ev.span[0], start), b = Math.min(ev.span[1], end);
    const mark = el("mark", { class: "sentence" },
      doc.text.slice(start, a), el("mark", { class: "span", text: doc.text.slice(a, b) }), doc.text.slice(b, end));
    const full = el("div", { class: "article full" }, doc.text.slice(0, start), mark, doc.text.slice(end));
    const removed = doc.removed.length
      ? el("p", { class: "notes", text: `Cleaning removed ${doc.removed.length} stretch(es) of the original: ${[...new Set(doc.removed.map((r) => r.reason))].join(", ")}.` })
      : null;
    body.append(el("h3", { text: doc.title || doc.name }), full, removed);
    mark.scrollIntoView({ block: "center" });
  } catch (error) {
    body.append(el("p", { class: "error", text: `Could not load the article: ${error.message}` }));
  }
}

async function showEventList(ids, title) {
  const list = $("#evidence-list");
  openEvidencePanel();
  if (!ids || !ids.length) {
    list.replaceChildren(el("p", { class: "notes", text: `${title}: no events.` }));
    return;
  }
  const items = el("ol");
  list.replaceChildren(el("h3", { text: `${title} — ${ids.length} event${ids.length > 1 ? "s" : ""}` }), items);
  for (const id of ids.slice(0, 60)) {
    const li = el("li", { "data-event-id": id, text: id, onclick: () => showEvidence(id) });
    items.append(li);
  }
  await showEvidence(ids[0]);
  // Fill in readable labels after the first evidence is visible.
  for (const li of items.children) {
    api(`/events/${encodeURIComponent(li.dataset.eventId)}`).then((ev) => {
      li.textContent = `${eventDate(ev)} · ${actorLabel(ev.source)} ${ev.type} ${actorLabel(ev.target)} — ${clip(ev.sentence, 70)}`;
    }).catch(() => {});
  }
}

function clearEventList() {
  $("#evidence-list").replaceChildren();
}

// ----------------------------------------------------------------------------------- timeline

async function loadTimeline() {
  try {
    const page = await api("/dyads", { limit: 12 });
    state.dyads = page.items.map((d) => [d.source_id, d.target_id, d.events]);
  } catch (error) {
    showProblem($("#timeline-notes"), error, "the dyads");
    return;
  }
  if (!state.dyads.length) {
    $("#timeline-notes").textContent = "No events between two known actors yet: ingest some articles first.";
    return;
  }
  state.chosen = [state.dyads[0].slice(0, 2).join(",")];  // the busiest dyad first
  renderDyadChips();
  $("#timeline-period").addEventListener("change", drawTimeline);
  $("#timeline-modal").addEventListener("change", drawTimeline);
  await drawTimeline();
}

function renderDyadChips() {
  const box = $("#dyad-chips");
  box.replaceChildren();
  for (const [a, b, n] of state.dyads) {
    const key = `${a},${b}`;
    const input = el("input", { type: "checkbox", value: key, checked: state.chosen.includes(key) });
    const chip = el("label", { class: `chip${state.chosen.includes(key) ? " on" : ""}`, "data-dyad": key, title: `${n} asserted events` },
      input, `${a} – ${b}`, el("span", { class: "notes", text: `(${n})` }));
    input.addEventListener("change", () => {
      state.chosen = input.checked ? [...state.chosen, key] : state.chosen.filter((k) => k !== key);
      chip.classList.toggle("on", input.checked);
      drawTimeline();
    });
    box.append(chip);
  }
}

async function drawTimeline() {
  const plot = $("#timeline-plot");
  const notes = $("#timeline-notes");
  const shiftsBox = $("#timeline-shifts");
  notes.replaceChildren();
  shiftsBox.replaceChildren();
  if (!state.chosen.length) {
    ticket("timeline");
    Plotly.purge(plot);
    plot.dataset.dyads = "";
    notes.textContent = "Choose at least one dyad above.";
    return;
  }
  const current = ticket("timeline");
  const period = $("#timeline-period").value;
  const modal = $("#timeline-modal").checked;
  const traces = [];
  const shapes = [];
  const annotations = [];
  const shiftItems = [];
  const messages = [];
  for (const [i, key] of state.chosen.entries()) {
    const [a, b] = key.split(",");
    const colour = DYAD_COLOURS[i % DYAD_COLOURS.length];
    const label = `${a} – ${b}`;
    const [events, analysis] = await Promise.all([
      api("/events", { dyad: key, limit: 500, include_negated: modal, include_hypothetical: modal }),
      api(`/dyads/${a}/${b}`, { period }).catch((error) => error),
    ]);
    if (!current()) return;
    const dated = events.items.filter((ev) => ev.date && firstDay(ev.date.value));
    const undated = events.items.length - dated.length;
    traces.push({
      type: "scatter", mode: "markers", name: `${label}: events`,
      x: dated.map((ev) => firstDay(ev.date.value)),
      y: dated.map((ev) => ev.goldstein ?? 0),
      customdata: dated.map((ev) => ev.event_id),
      text: dated.map((ev) => `${actorLabel(ev.source)} ${ev.type} ${actorLabel(ev.target)}<br>${clip(ev.sentence, 90)}<br><i>${ev.outlet || ev.doc_name}</i>`),
      hovertemplate: "%{x}<br>Goldstein %{y}<br>%{text}<extra></extra>",
      marker: { size: 11, color: dated.map((ev) => QUAD_COLOURS[ev.quad_class] || "#999"), line: { color: colour, width: 2 },
        symbol: dated.map((ev) => (ev.negated || ev.hypothetical ? "circle-open" : "circle")) },
    });
    if (undated) messages.push(`${label}: ${undated} undated event${undated > 1 ? "s" : ""} not shown (see the Events tab).`);
    if (analysis instanceof Error) {
      messages.push(analysis.status === 501
        ? `${label}: the per-period balance and shifts are not available in this installation.`
        : `${label}: no series (${analysis.message}).`);
      continue;
    }
    const series = analysis.tables.find((t) => t.name === "series");
    const shifts = analysis.tables.find((t) => t.name === "shifts");
    if (series && series.rows.length) {
      traces.push({
        type: "scatter", mode: "lines+markers", name: `${label}: sum per ${period}`, line: { color: colour, shape: "hv", width: 2 },
        marker: { size: 5, color: colour },
        x: series.rows.map((r) => r.period_start), y: series.rows.map((r) => r.goldstein_sum),
        customdata: series.rows.map((r) => (r.event_ids || []).join(" ")),
        text: series.rows.map((r) => `${r.period}: ${r.events} event(s), cooperation ${r.cooperation}, conflict ${r.conflict}`),
        hovertemplate: "%{text}<br>Goldstein sum %{y}<extra></extra>",
      });
    }
    for (const shift of shifts ? shifts.rows : []) {
      // An under-supported shift (too few events on a side, or an interval that includes no change)
      // is drawn faint and dotted, marked "weak", and listed after the supported ones.
      const weak = shift.supported === false;
      const x = firstDay(shift.period) || shift.period;
      shapes.push({ type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1,
        line: { color: weak ? "#bbb" : colour, dash: weak ? "dot" : "dash", width: weak ? 1 : 1.5 } });
      annotations.push({ x, xref: "x", y: 1, yref: "paper", text: weak ? "weak shift" : "shift",
        hovertext: [shift.statement || label, shift.support].filter(Boolean).join("<br>"),
        showarrow: false, yanchor: "bottom", font: { size: 11, color: weak ? "#999" : colour } });
      const ids = [...(shift.events_before || []), ...(shift.events_after || [])];
      const item = el("li", { class: weak ? "weak" : "supported" }, shift.statement || `${label}: shift around ${shift.period}`, " ",
        ids.length ? el("button", { onclick: () => showEventList(ids, `Around the shift of ${label} (${shift.period})`), text: "evidence" }) : null,
        shift.support ? el("div", { class: "support", text: shift.support }) : null);
      if (weak) shiftItems.push(item); else shiftItems.unshift(item);
    }
  }
  const layout = {
    margin: { t: 30, r: 20, b: 40, l: 55 },
    hovermode: "closest",
    xaxis: { type: "date", title: "date" },
    yaxis: { title: "Goldstein (cooperation +, conflict −)", zeroline: true, zerolinecolor: "#888" },
    legend: { orientation: "h", y: -0.18 },
    shapes, annotations,
  };
  if (!current()) return;
  await Plotly.react(plot, traces, layout, PLOT_CONFIG);
  plot.dataset.dyads = state.chosen.join(" ");
  onClick(plot, (data) => {
    const point = data.points[0];
    if (!point || !point.customdata) return;
    const ids = String(point.customdata).split(" ").filter(Boolean);
    if (ids.length === 1) { clearEventList(); showEvidence(ids[0]); } else showEventList(ids, `${point.data.name}, ${point.x}`);
  });
  notes.replaceChildren(...messages.map((m) => el("div", { text: m })));
  if (shiftItems.length) shiftsBox.replaceChildren(el("h3", { text: "Shifts" }), el("ul", {}, ...shiftItems));
}

// ------------------------------------------------------------------------------------ network

async function loadNetwork() {
  const ov = state.overview;
  if (ov && ov.first_date) {
    $("#network-since").value = ov.first_date;
    $("#network-until").value = ov.last_date;
  }
  $("#network-apply").addEventListener("click", drawNetwork);
  await drawNetwork();
}

function layoutGraph(nodes, edges) {
  // A small force-directed layout (Fruchterman–Reingold) seeded on a circle, so it is deterministic.
  const n = nodes.length;
  const pos = nodes.map((_, i) => [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
  const index = new Map(nodes.map((node, i) => [node.actor, i]));
  const k = Math.sqrt(4 / Math.max(n, 1));
  for (let step = 0; step < 200; step++) {
    const disp = pos.map(() => [0, 0]);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        const f = (k * k) / d;
        disp[i][0] += (dx / d) * f; disp[i][1] += (dy / d) * f;
        disp[j][0] -= (dx / d) * f; disp[j][1] -= (dy / d) * f;
      }
    }
    for (const edge of edges) {
      const i = index.get(edge.source), j = index.get(edge.target);
      if (i === undefined || j === undefined) continue;
      const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
      const d = Math.max(Math.hypot(dx, dy), 0.01);
      const f = (d * d) / k;
      disp[i][0] -= (dx / d) * f; disp[i][1] -= (dy / d) * f;
      disp[j][0] += (dx / d) * f; disp[j][1] += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      // A weak pull to the centre keeps separate components (e.g. KGZ–TJK) near the rest.
      disp[i][0] -= pos[i][0] * k * 0.6; disp[i][1] -= pos[i][1] * k * 0.6;
    }
    const t = 0.1 * (1 - step / 200);
    for (let i = 0; i < n; i++) {
      const d = Math.max(Math.hypot(disp[i][0], disp[i][1]), 0.01);
      pos[i][0] += (disp[i][0] / d) * Math.min(d, t);
      pos[i][1] += (disp[i][1] / d) * Math.min(d, t);
    }
  }
  return pos;
}

async function drawNetwork() {
  const plot = $("#network-plot");
  const notes = $("#network-notes");
  notes.replaceChildren();
  let result;
  try {
    result = await api("/network", { since: $("#network-since").value, until: $("#network-until").value });
  } catch (error) {
    Plotly.purge(plot);
    showProblem(notes, error, "the network");
    return;
  }
  const nodes = result.tables.find((t) => t.name === "nodes").rows;
  const edges = result.tables.find((t) => t.name === "edges").rows;
  if (!nodes.length) {
    Plotly.purge(plot);
    notes.textContent = "No events between known actors in this period.";
    return;
  }
  const pos = layoutGraph(nodes, edges);
  const at = new Map(nodes.map((node, i) => [node.actor, pos[i]]));
  const traces = [];
  const mids = { x: [], y: [], text: [], customdata: [], colour: [] };
  for (const edge of edges) {
    const p = at.get(edge.source), q = at.get(edge.target);
    if (!p || !q) continue;
    const mean = edge.events ? edge.goldstein_sum / edge.events : 0;
    const colour = mean >= 0 ? "rgba(46,139,87,0.55)" : "rgba(192,57,43,0.6)";
    traces.push({ type: "scatter", mode: "lines", x: [p[0], q[0]], y: [p[1], q[1]], hoverinfo: "skip", showlegend: false,
      line: { color: colour, width: 1 + Math.min(edge.events, 10) } });
    mids.x.push(p[0] * 0.45 + q[0] * 0.55); mids.y.push(p[1] * 0.45 + q[1] * 0.55);
    mids.text.push(`${edge.source} → ${edge.target}: ${edge.events} event(s), mean Goldstein ${mean.toFixed(1)}`);
    mids.customdata.push(`edge ${(edge.event_ids || []).join(" ")}`);
    mids.colour.push(mean >= 0 ? "#2e8b57" : "#c0392b");
  }
  traces.push({ type: "scatter", mode: "markers", name: "edges (click for events)", x: mids.x, y: mids.y, text: mids.text,
    customdata: mids.customdata, hovertemplate: "%{text}<extra></extra>", marker: { size: 9, symbol: "diamond", color: mids.colour }, showlegend: false });
  for (const group of Object.keys(GROUP_COLOURS)) {
    const members = nodes.filter((node) => (node.group || "other") === group);
    if (!members.length) continue;
    traces.push({
      type: "scatter", mode: "markers+text", name: group,
      x: members.map((node) => at.get(node.actor)[0]), y: members.map((node) => at.get(node.actor)[1]),
      text: members.map((node) => node.actor), textposition: "top center",
      customdata: members.map((node) => `actor ${node.actor}`),
      hovertext: members.map((node) => `${node.actor}: ${node.strength} event(s) with ${node.degree} partner(s)`),
      hovertemplate: "%{hovertext}<extra></extra>",
      marker: { size: members.map((node) => 14 + 3 * Math.sqrt(node.strength || 1)), color: GROUP_COLOURS[group], line: { color: "#fff", width: 1 } },
    });
  }
  const axis = { visible: false, zeroline: false, showgrid: false };
  await Plotly.react(plot, traces, { margin: { t: 10, r: 10, b: 10, l: 10 }, hovermode: "closest", xaxis: axis, yaxis: { ...axis, scaleanchor: "x" }, legend: { orientation: "h" } }, PLOT_CONFIG);
  onClick(plot, (data) => {
    const point = data.points[0];
    if (!point || !point.customdata) return;
    const [kind, ...rest] = String(point.customdata).split(" ");
    if (kind === "edge") showEventList(rest, point.text.split(":")[0]);
    else if (kind === "actor") openEventsFor({ actor: rest[0], since: $("#network-since").value, until: $("#network-until").value });
  });
  notes.textContent = `${nodes.length} actors, ${edges.length} directed links.`;
}

// ---------------------------------------------------------------------------------------- map

function decodeTopology(topology) {
  // TopoJSON → list of rings ([lon, lat] arrays) per country; arcs are delta-encoded and quantised.
  const { scale, translate } = topology.transform;
  const arcs = topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * scale[0] + translate[0], y * scale[1] + translate[1]]; });
  });
  const ring = (indices) => {
    const points = [];
    for (const i of indices) {
      const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    return points;
  };
  const countries = [];
  for (const geometry of topology.objects.countries.geometries) {
    const polygons = geometry.type === "Polygon" ? [geometry.arcs] : geometry.type === "MultiPolygon" ? geometry.arcs : [];
    const rings = polygons.flatMap((polygon) => polygon.map(ring));
    countries.push({ name: (geometry.properties || {}).name || "", rings });
  }
  return countries;
}

async function countryOutlines() {
  if (!state.atlas) {
    const response = await fetch("/static/vendor/countries-110m.json");
    state.atlas = decodeTopology(await response.json());
  }
  return state.atlas;
}

async function loadMap() {
  const select = $("#map-type");
  for (const t of (state.overview ? state.overview.types : [])) select.append(el("option", { value: t.type, text: t.type }));
  for (const id of ["#map-type", "#map-since", "#map-until"]) $(id).addEventListener("change", drawMap);
  await drawMap();
}

async function drawMap() {
  const plot = $("#map-plot");
  const notes = $("#map-notes");
  let countries, events;
  try {
    [countries, events] = await Promise.all([
      countryOutlines(),
      api("/events", { with_place: true, limit: 500, type: $("#map-type").value, since: $("#map-since").value, until: $("#map-until").value }),
    ]);
  } catch (error) {
    showProblem(notes, error, "the map");
    return;
  }
  const xs = [], ys = [];
  for (const country of countries) {
    for (const r of country.rings) {
      for (const [lon, lat] of r) { xs.push(lon); ys.push(lat); }
      xs.push(null); ys.push(null);
    }
  }
  const places = new Map();
  for (const ev of events.items) {
    const key = `${ev.place.lat.toFixed(2)},${ev.place.lon.toFixed(2)}`;
    if (!places.has(key)) places.set(key, { name: ev.place.name, lat: ev.place.lat, lon: ev.place.lon, events: [] });
    places.get(key).events.push(ev);
  }
  const spots = [...places.values()];
  const traces = [
    { type: "scatter", mode: "lines", x: xs, y: ys, fill: "toself", fillcolor: "#eef1f5", line: { color: "#9aa4b2", width: 0.7 },
      hoverinfo: "skip", showlegend: false },
    { type: "scatter", mode: "markers+text", name: "events", x: spots.map((s) => s.lon), y: spots.map((s) => s.lat),
      text: spots.map((s) => s.name), textposition: "top center", textfont: { size: 11 },
      customdata: spots.map((s) => s.events.map((ev) => ev.event_id).join(" ")),
      hovertext: spots.map((s) => `${s.name}: ${s.events.length} event(s)<br>${[...new Set(s.events.map((ev) => ev.type))].join(", ")}`),
      hovertemplate: "%{hovertext}<extra></extra>",
      marker: { size: spots.map((s) => 10 + 5 * Math.sqrt(s.events.length)), color: "rgba(31,95,168,0.75)", line: { color: "#fff", width: 1 } } },
  ];
  // Equirectangular, stretched by 1/cos(latitude) around the Caucasus so shapes look right there.
  const layout = {
    margin: { t: 10, r: 10, b: 30, l: 40 }, hovermode: "closest", showlegend: false, plot_bgcolor: "#dbe8f4",
    xaxis: { range: [20, 62], showgrid: false, zeroline: false, title: "longitude" },
    yaxis: { range: [28, 56], showgrid: false, zeroline: false, scaleanchor: "x", scaleratio: 1.35, title: "latitude" },
  };
  await Plotly.react(plot, traces, layout, PLOT_CONFIG);
  onClick(plot, (data) => {
    const point = data.points[0];
    if (!point || !point.customdata) return;
    showEventList(String(point.customdata).split(" "), `Events at ${point.text}`);
  });
  notes.textContent = `${events.total} event(s) with a known place at ${spots.length} place(s). Drag to pan, scroll to zoom, double-click to reset.`;
}

// ------------------------------------------------------------------------------------- events

async function loadEvents() {
  const ov = state.overview;
  for (const t of (ov ? ov.types : [])) $("#filter-type").append(el("option", { value: t.type, text: `${t.type} (${t.events})` }));
  for (const o of (ov ? ov.outlets : [])) $("#filter-outlet").append(el("option", { value: o, text: o }));
  try {
    const actors = await api("/actors", { limit: 200 });
    for (const a of actors.items) $("#filter-actor").append(el("option", { value: a.actor_id, text: `${a.actor_id} — ${a.name || ""} (${a.events})` }));
  } catch (error) { /* the filter stays usable with "any actor" */ }
  $("#event-filters").addEventListener("submit", (e) => { e.preventDefault(); state.eventsOffset = 0; drawEvents(); });
  for (const input of document.querySelectorAll("#event-filters select, #event-filters input[type=checkbox], #event-filters input[type=date]")) {
    input.addEventListener("change", () => { state.eventsOffset = 0; drawEvents(); });
  }
  $("#filter-reset").addEventListener("click", () => { $("#event-filters").reset(); state.eventsOffset = 0; drawEvents(); });
  $("#events-prev").addEventListener("click", () => { state.eventsOffset = Math.max(0, state.eventsOffset - PAGE_SIZE); drawEvents(); });
  $("#events-next").addEventListener("click", () => { state.eventsOffset += PAGE_SIZE; drawEvents(); });
  await drawEvents();
}

function eventFilters() {
  const form = $("#event-filters");
  const params = {};
  for (const [key, value] of new FormData(form).entries()) if (value) params[key] = String(value).trim();
  params.include_negated = $("#filter-negated").checked;
  params.include_hypothetical = $("#filter-hypothetical").checked;
  return params;
}

function openEventsFor(filters) {
  const form = $("#event-filters");
  const apply = () => {
    form.reset();
    for (const [key, value] of Object.entries(filters)) if (form.elements[key]) form.elements[key].value = value || "";
    state.eventsOffset = 0;
    drawEvents();
  };
  showView("events");
  state.loading.events.then(apply);
}

async function drawEvents() {
  const tbody = $("#events-table tbody");
  const status = $("#events-status");
  const params = eventFilters();
  const current = ticket("events");
  let page;
  try {
    page = await api("/events", { ...params, limit: PAGE_SIZE, offset: state.eventsOffset });
    if (!current()) return;
  } catch (error) {
    tbody.replaceChildren();
    showProblem(status, error, "the events");
    return;
  }
  status.classList.remove("error");
  status.textContent = page.total ? `${page.total} event(s) match.` : "No event matches these filters.";
  tbody.replaceChildren(...page.items.map((ev) => {
    const flags = [ev.negated ? "negated" : null, ev.hypothetical ? hypotheticalLabel(ev) : null].filter(Boolean);
    const row = el("tr", { class: "clickable", "data-event-id": ev.event_id, "data-type": ev.type },
      el("td", { text: eventDate(ev) }),
      el("td", { text: actorLabel(ev.source) }),
      el("td", {}, el("span", { class: `badge q${ev.quad_class}`, text: ev.type }), flags.length ? el("span", { class: "flag", text: flags.join(", ") }) : null),
      el("td", { text: actorLabel(ev.target) }),
      el("td", { class: "evidence-cell", text: clip(ev.sentence, 160) }),
      el("td", { text: ev.outlet || "—" }));
    row.addEventListener("click", () => {
      for (const r of tbody.children) r.classList.toggle("selected", r === row);
      clearEventList();
      showEvidence(ev.event_id);
    });
    return row;
  }));
  const last = Math.min(page.offset + page.limit, page.total);
  $("#events-page").textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : "";
  $("#events-prev").disabled = page.offset === 0;
  $("#events-next").disabled = last >= page.total;
  const exportParams = new URLSearchParams({ format: "csv" });
  for (const key of ["actor", "dyad", "type", "since", "until"]) if (params[key]) exportParams.set(key, params[key]);
  exportParams.set("include_negated", params.include_negated);
  exportParams.set("include_hypothetical", params.include_hypothetical);
  $("#events-export").href = `/export?${exportParams}`;
}

// ----------------------------------------------------------------------- analysis tables

function renderTables(box, result, titles) {
  box.replaceChildren();
  for (const table of result.tables) {
    const info = titles[table.name] || { title: table.name };
    box.append(el("h3", { text: info.title }));
    if (info.help) box.append(el("p", { class: "notes", text: info.help }));
    if (!table.rows.length) {
      box.append(el("p", { class: "notes", text: "Nothing found." }));
      continue;
    }
    const columns = table.columns.filter((c) => !c.startsWith("events_") || c === "events");
    const head = el("tr", {}, ...columns.map((c) => el("th", { text: c.replaceAll("_", " ") })));
    const rows = table.rows.slice(0, 200).map((row) => el("tr", {}, ...columns.map((c) => el("td", {}, cellNode(c, row[c], row, info.title)))));
    box.append(el("table", { class: "data", "data-table": table.name }, el("thead", {}, head), el("tbody", {}, ...rows)));
  }
}

function cellNode(column, value, row, title) {
  if (Array.isArray(value) && (column === "event_ids" || column.endsWith("_events") || column === "events_before" || column === "events_after")) {
    const ids = value.map(String);
    return el("button", { onclick: () => showEventList(ids, title), text: `${ids.length} event${ids.length === 1 ? "" : "s"} →` });
  }
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

async function loadMediation() {
  $("#mediation-period").addEventListener("change", drawMediation);
  await drawMediation();
}

async function drawMediation() {
  const box = $("#mediation-tables");
  const plot = $("#mediation-plot");
  let result;
  try {
    result = await api("/mediation", { period: $("#mediation-period").value });
  } catch (error) {
    Plotly.purge(plot);
    showProblem(box, error, "the mediation analysis");
    return;
  }
  const shares = result.tables.find((t) => t.name === "shares");
  if (shares && shares.rows.length) {
    plot.style.height = "";
    const mediators = [...new Set(shares.rows.map((r) => r.mediator))];
    const traces = mediators.map((m) => {
      const rows = shares.rows.filter((r) => r.mediator === m);
      return { type: "bar", name: m, x: rows.map((r) => r.period), y: rows.map((r) => r.share),
        customdata: rows.map((r) => (r.event_ids || []).join(" ")), hovertemplate: `${m}: %{y:.0%} of mediation in %{x}<extra></extra>` };
    });
    await Plotly.react(plot, traces, { barmode: "stack", margin: { t: 30, r: 10, b: 40, l: 50 }, title: { text: "Outside powers' share of mediation", font: { size: 14 } }, yaxis: { tickformat: ".0%", range: [0, 1] } }, PLOT_CONFIG);
    onClick(plot, (data) => {
      const point = data.points[0];
      if (point && point.customdata) showEventList(String(point.customdata).split(" "), `${point.data.name} mediating in ${point.x}`);
    });
  } else {
    Plotly.purge(plot);
    plot.style.height = "0";
  }
  renderTables(box, result, {
    mediations: { title: "Mediations", help: "A mediator consulted both sides of a dyad that was in conflict at the time." },
    shares: { title: "Mediation shares", help: "Each outside power's share of all mediation in the period." },
    support: { title: "Support and arms", help: "Who supports or arms whom, with the events behind it." },
  });
}

async function loadSources() {
  const box = $("#sources-tables");
  const plot = $("#sources-plot");
  let result;
  try {
    result = await api("/sources");
  } catch (error) {
    showProblem(box, error, "the sources analysis");
    return;
  }
  const outlets = result.tables.find((t) => t.name === "outlets");
  if (outlets && outlets.rows.length) {
    await Plotly.react(plot, [{ type: "bar", x: outlets.rows.map((r) => r.outlet), y: outlets.rows.map((r) => r.events),
      marker: { color: outlets.rows.map((r) => (r.goldstein_mean >= 0 ? "#2e8b57" : "#c0392b")) },
      customdata: outlets.rows.map((r) => (r.event_ids || []).join(" ")),
      hovertemplate: "%{x}: %{y} event(s)<extra></extra>" }],
    { margin: { t: 30, r: 10, b: 90, l: 50 }, title: { text: "Events per outlet (colour: mean Goldstein sign)", font: { size: 14 } } }, PLOT_CONFIG);
    onClick(plot, (data) => {
      const point = data.points[0];
      if (point && point.customdata) showEventList(String(point.customdata).split(" "), `Reported by ${point.x}`);
    });
  }
  renderTables(box, result, {
    outlets: { title: "Outlets", help: "Documents, events, most-reported actors and types, and mean Goldstein per outlet." },
    slant: { title: "Slant by target", help: "Mean Goldstein of the events an outlet reports about each target." },
    overlap: { title: "Overlap between outlets", help: "What two outlets both report (Jaccard overlap of their reports)." },
  });
}

const DISAGREEMENTS_SHOWN = 200;

async function loadDisagreements() {
  const box = $("#disagreements-tables");
  try {
    // Server-side paging: the first DISAGREEMENTS_SHOWN rows; the total is in facts.disagreements.
    const result = await api("/disagreements", { limit: DISAGREEMENTS_SHOWN });
    const total = (result.facts || {}).disagreements ?? result.tables[0].rows.length;
    const shown = result.tables[0].rows.length;
    const help = shown < total ? `Reports of one happening that differ: the first ${shown} of ${total}.`
      : "Reports of one happening that differ.";
    renderTables(box, result, { disagreements: { title: "Disagreements", help } });
  } catch (error) {
    showProblem(box, error, "the disagreements analysis");
  }
}

// ------------------------------------------------------------------------------------- claims

const CLAIM_PAIRS_SHOWN = 8;

function claimSpeaker(claim) {
  return claim.speaker.id || claim.speaker.text || "unknown";
}

function stanceMark(stance) {
  return stance > 0 ? "+" : stance < 0 ? "−" : "0";
}

async function loadClaims() {
  const box = $("#claims-tables");
  const plot = $("#claims-plot");
  let page;
  try {
    page = await api("/claims", { limit: 500 });
  } catch (error) {
    showProblem(box, error, "the claims");
    return;
  }
  const claims = page.items;
  if (!claims.length) {
    box.replaceChildren(el("p", { class: "notes", text: "No claims stored yet: ingest some articles first." }));
    return;
  }
  // Who accuses whom over time: negative claims per month for the busiest speaker → actor pairs.
  const byPair = new Map();
  for (const claim of claims) {
    for (const about of claim.about) {
      if (about.stance >= 0 || !about.id) continue;
      const key = `${claimSpeaker(claim)} → ${about.id}`;
      if (!byPair.has(key)) byPair.set(key, []);
      byPair.get(key).push(claim);
    }
  }
  const pairs = [...byPair.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, CLAIM_PAIRS_SHOWN);
  const traces = pairs.map(([name, list]) => {
    const months = new Map();
    for (const claim of list) {
      const month = claim.date && claim.date.value ? claim.date.value.slice(0, 7) : "undated";
      if (!months.has(month)) months.set(month, []);
      months.get(month).push(claim);
    }
    const xs = [...months.keys()].sort();
    return { type: "bar", name, x: xs, y: xs.map((m) => months.get(m).length),
      customdata: xs.map((m) => months.get(m).map((c) => claims.indexOf(c)).join(" ")),
      hovertemplate: `${name}: %{y} claim(s) in %{x}<extra></extra>` };
  });
  await Plotly.react(plot, traces, { barmode: "stack", margin: { t: 30, r: 10, b: 60, l: 50 },
    title: { text: "Who accuses whom: negative claims per month", font: { size: 14 } } }, PLOT_CONFIG);
  plot.dataset.pairs = String(traces.length);
  onClick(plot, (data) => {
    const point = data.points[0];
    if (!point || !point.customdata) return;
    const chosen = String(point.customdata).split(" ").map((i) => claims[Number(i)]);
    showClaimList(chosen, `${point.data.name}, ${point.x}`);
  });
  // Contested claims beside who contests them.
  const contested = claims.filter((c) => c.contested_by.length);
  const head = el("tr", {}, ...["speaker", "verb", "claim", "about", "contested by", "evidence"].map((c) => el("th", { text: c })));
  const rows = contested.map((claim) => el("tr", { "data-claim-id": claim.claim_id },
    el("td", { text: claimSpeaker(claim) }),
    el("td", { text: claim.verb }),
    el("td", { text: clip(claim.proposition.text, 120) }),
    el("td", { text: claim.about.map((a) => `${a.id || a.text} ${stanceMark(a.stance)}`).join(", ") }),
    el("td", { text: claim.contested_by.map((d) => `${d.speaker.id || d.speaker.text} (${d.verb})`).join(", ") }),
    el("td", {}, el("button", { onclick: () => showClaimList([claim], "Contested claim"), text: "claim →" }))));
  box.replaceChildren(
    el("h3", { text: "Contested claims" }),
    el("p", { class: "notes", text: `${contested.length} of the ${claims.length} claims shown are contested (${page.total} claims stored).` }),
    contested.length ? el("table", { class: "data", "data-table": "contested" }, el("thead", {}, head), el("tbody", {}, ...rows))
      : el("p", { class: "notes", text: "Nothing found." }));
}

async function showClaimList(list, title) {
  const box = $("#evidence-list");
  openEvidencePanel();
  const items = el("ol");
  box.replaceChildren(el("h3", { text: `${title} — ${list.length} claim${list.length > 1 ? "s" : ""}` }), items);
  for (const claim of list.slice(0, 60)) {
    items.append(el("li", { "data-claim-id": claim.claim_id, onclick: () => showClaimEvidence(claim),
      text: `${claimSpeaker(claim)} ${claim.verb}: ${clip(claim.proposition.text, 70)}` }));
  }
  await showClaimEvidence(list[0]);
}

async function showClaimEvidence(claim) {
  const body = $("#evidence-body");
  body.replaceChildren(el("p", { class: "notes", text: "loading the claim…" }));
  try {
    const doc = await api(`/documents/${encodeURIComponent(claim.doc_id)}`);
    const [start, end] = claim.span;
    const [p0, p1] = claim.proposition.span;
    const mark = el("mark", { class: "sentence" }, doc.text.slice(start, p0),
      el("mark", { class: "span", text: doc.text.slice(p0, p1) }), doc.text.slice(p1, end));
    const article = el("div", { class: "article full", "data-claim-id": claim.claim_id },
      doc.text.slice(0, start), mark, doc.text.slice(end));
    body.replaceChildren(
      el("p", { class: "coding" }, el("b", { text: claimSpeaker(claim) }), " ",
        el("span", { class: "badge", text: `${claim.verb} · ${claim.form}` }), " ",
        el("b", { text: claim.about.map((a) => `${a.id || a.text} ${stanceMark(a.stance)}`).join(", ") || "—" })),
      el("dl", {},
        el("dt", { text: "speaker as written" }), el("dd", { text: claim.speaker.text || "—" }),
        el("dt", { text: "outlet" }), el("dd", { text: doc.outlet || "unknown outlet" }),
        el("dt", { text: "published" }), el("dd", { text: doc.published || "unknown" }),
        el("dt", { text: "date" }), el("dd", { text: claim.date ? `${claim.date.value || "unresolved"} (${claim.date.precision})` : "unresolved" }),
        el("dt", { text: "contested by" }), el("dd", { text: claim.contested_by.map((d) => `${d.speaker.id || d.speaker.text} (${d.verb})`).join(", ") || "—" })),
      article);
    mark.scrollIntoView({ block: "center" });
  } catch (error) {
    showProblem(body, error, "this claim");
  }
}

// --------------------------------------------------------------------------------------- boot

async function boot() {
  for (const button of document.querySelectorAll("#tabs button")) {
    button.addEventListener("click", () => showView(button.dataset.view));
  }
  $("#evidence-close").addEventListener("click", () => {
    $("#evidence").classList.add("hidden");
    window.dispatchEvent(new Event("resize"));
  });
  try {
    const ov = await api("/overview");
    state.overview = ov;
    const range = ov.first_date ? `, dated ${ov.first_date} to ${ov.last_date}` : "";
    $("#store-summary").textContent = `${ov.documents} articles · ${ov.events} events · ${ov.actors} actors${range}`;
  } catch (error) {
    $("#store-summary").textContent = `The store cannot be read: ${error.message}`;
    $("#store-summary").classList.add("error");
  }
  const start = (window.location.hash || "#timeline").slice(1);
  showView(VIEW_LOADERS[start] ? start : "timeline");
  document.body.dataset.ready = "1";
}

boot();
