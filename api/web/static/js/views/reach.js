// Reach view: the item in the centre, actors in rings by hops, the explaining paths highlighted on selection;
// filters for max hops and a time window. Actors the time rule excludes are not in the answer, so not here.
import { gql } from "../api.js";
import { afterRender, fitCapped, loadCytoscape, STYLE } from "../cy.js";
import { append, fill, h, span, words } from "../dom.js";
import { inlineQuery } from "../export.js";
import { legend, lookOf, swatch } from "../kinds.js";
import { placeEdgeLabels, resetEdgeLabels } from "../labels.js";
import { routeMap, routeStops } from "../map.js";
import { CHAIN, REACH } from "../queries.js";

const HOP_WORDS = (n) => (n === 0 ? "held it" : `${n} hop${n > 1 ? "s" : ""}`);
const STEP_WORDS = { HOLDER: "held by", AT_LOCATION: "stayed at" };

function stepText(st) {
  return STEP_WORDS[st.kind] || words(st.kind);
}

/** [the node the path entered the step from, the node it left to]: source and target are the fact's own
 * ("member MEMBER_OF battalion"), and a path from the battalion to its member walks that step BACKWARD. */
function walked(st) {
  return st.direction === "BACKWARD" ? [st.targetId, st.sourceId] : [st.sourceId, st.targetId];
}

/**
 * Positions: the item in the centre, ring 1 (holders and the places it stayed) in time order around it like a
 * clock, every further ring by hops, each node near the node its first path reaches it from.
 */
function ringLayout(itemId, ring, results) {
  const pos = new Map([[itemId, { x: 0, y: 0 }]]);
  const from = new Map(); // node -> the node before it on its first path
  const when = new Map(); // ring-1 node -> when the item came to it
  for (const r of results) {
    for (const p of r.paths) {
      for (const st of p.steps) {
        const [start, end] = walked(st);
        if (!from.has(end)) from.set(end, start);
        if (start === itemId && !when.has(end)) when.set(end, st.validity.start || "");
        else if (start === itemId) {
          const w = st.validity.start || "";
          if (w < when.get(end)) when.set(end, w);
        }
      }
    }
  }
  const rings = new Map();
  for (const [id, r] of ring) {
    if (id === itemId) continue;
    if (!rings.has(r)) rings.set(r, []);
    rings.get(r).push(id);
  }
  const angle = new Map();
  for (const r of [...rings.keys()].sort((a, b) => a - b)) {
    const ids = rings.get(r);
    const radius = 150 + (r - 1) * 140;
    const n = ids.length;
    const gap = Math.min((2 * Math.PI) / n, 2 * Math.asin(Math.min(1, 60 / radius)));
    let want;
    if (r === 1) {
      ids.sort((a, b) => String(when.get(a) ?? "").localeCompare(String(when.get(b) ?? "")) || a.localeCompare(b));
      want = ids.map((_, i) => -Math.PI / 2 + (2 * Math.PI * i) / n);
    } else {
      const desired = (id) => {
        let prev = from.get(id);
        while (prev && !angle.has(prev) && from.has(prev) && prev !== itemId) prev = from.get(prev);
        return angle.has(prev) ? angle.get(prev) : 0;
      };
      ids.sort((a, b) => desired(a) - desired(b) || a.localeCompare(b));
      want = ids.map(desired);
      for (let i = 1; i < n; i++) want[i] = Math.max(want[i], want[i - 1] + gap); // spread, keep the order
      const overflow = want[n - 1] - want[0] - (2 * Math.PI - gap);
      if (overflow > 0) want = want.map((a, i) => a - (overflow * i) / Math.max(1, n - 1));
      const shift = (want[n - 1] + want[0]) / 2 - (desired(ids[n - 1]) + desired(ids[0])) / 2;
      want = want.map((a) => a - shift);
    }
    ids.forEach((id, i) => {
      angle.set(id, want[i]);
      pos.set(id, { x: radius * Math.cos(want[i]), y: radius * Math.sin(want[i]) });
    });
  }
  return pos;
}

export async function render(view, params, app) {
  const asked = params.hops !== undefined && params.hops !== "" ? Number(params.hops) : 3;
  const hops = Number.isInteger(asked) ? asked : 3;
  const from = params.from || "";
  const to = params.to || "";
  const stage = h("div.stage.graph-stage.reach-stage");
  const side = h("aside.side");
  view.append(stage, side);

  const form = h("form.toolbar", { "aria-label": "Reach filters", onsubmit: (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const q = new URLSearchParams();
    q.set("hops", f.get("hops"));
    if (String(f.get("from")).trim()) q.set("from", String(f.get("from")).trim());
    if (String(f.get("to")).trim()) q.set("to", String(f.get("to")).trim());
    location.hash = `#/reach/${encodeURIComponent(params.id)}?${q}`;
  } },
  h("label", { for: "reach-hops" }, "Max hops"),
  h("select", { id: "reach-hops", name: "hops" }, [...new Set([0, 1, 2, 3, 4, 5, 6, hops])].map((n) =>
    h("option", { value: n, selected: n === hops }, String(n)))),
  h("label", { for: "reach-from" }, "Window from"),
  h("input", { id: "reach-from", name: "from", type: "text", value: from, placeholder: "YYYY[-MM[-DD]]", size: 12,
    pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?" }),
  h("label", { for: "reach-to" }, "to"),
  h("input", { id: "reach-to", name: "to", type: "text", value: to, placeholder: "YYYY[-MM[-DD]]", size: 12,
    pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?" }),
  h("button", { type: "submit" }, "Apply"),
  h("span.spacer"),
  h("a.button", { href: `#/item/${encodeURIComponent(params.id)}` }, "Custody chain"));
  const canvas = h("div.cy", { tabindex: "0", role: "img", "data-testid": "reach-graph",
    "aria-label": "Who could reach the item: the item in the centre, actors in rings by hops (the list beside it " +
      "gives the same by keyboard)" });
  stage.append(form, canvas);

  const variables = { item: params.id, maxHops: hops,
    window: from || to ? { start: from || null, end: to || null } : null };
  const data = await gql(REACH, variables);
  const answer = data.whoCouldReach;
  const item = answer.item;
  app.subject(item.id, item.name);
  app.title(`Who could reach ${item.name}`);

  // elements: the item, every entity on a path, one edge per distinct step
  const nodes = new Map();
  const edges = new Map();
  const ring = new Map(); // node id -> ring (0 item, 1 held it or where it stayed, 2 one hop...)
  const node = (e, r) => {
    if (!e) return;
    if (!nodes.has(e.id)) {
      const look = lookOf(e.label, e.kind);
      nodes.set(e.id, { id: e.id, name: e.name, label: e.label, kind: e.kind, color: look.color, shape: look.shape,
        short: e.name });
    }
    ring.set(e.id, Math.min(ring.get(e.id) ?? Infinity, r));
  };
  node(item, 0);
  const pathEls = new Map(); // actor id -> [element ids]
  for (const res of answer.results) {
    node(res.actor || { id: res.actorId, name: res.actorId, label: "Actor", kind: "" }, res.hops + 1);
    nodes.get(res.actorId).hops = res.hops;
    const ids = new Set([item.id, res.actorId]);
    for (const p of res.paths) {
      for (const st of p.steps) {
        const eid = `${st.fact}|${st.sourceId}>${st.targetId}`;
        if (!edges.has(eid)) {
          const when = span(st.validity.start, st.validity.end, "open");
          // in the fact's own direction, so the GraphML export reads "member MEMBER_OF battalion" too
          edges.set(eid, { id: eid, source: st.sourceId, target: st.targetId, kind: st.kind, fact: st.fact,
            text: stepText(st), label: when ? `${st.kind} ${when}` : st.kind, validFrom: st.validity.start,
            validTo: st.validity.end,
            classes: st.kind === "HOLDER" || st.kind === "AT_LOCATION" ? "event" : "relation" });
        }
        if (st.source && st.source.label === "Location") node(st.source, 1);
        if (st.target && st.target.label === "Location") node(st.target, 1);
        ids.add(eid).add(st.sourceId).add(st.targetId);
      }
    }
    pathEls.set(res.actorId, [...ids]);
  }

  const cytoscape = await loadCytoscape();
  const positions = ringLayout(item.id, ring, answer.results);
  const cy = cytoscape({
    container: canvas,
    // every edge in its fact's own direction, arrow at the fact's target ("member MEMBER_OF battalion" points
    // at the battalion), whichever way the path walks it
    style: [...STYLE, { selector: "edge", style: { label: "" } }, { selector: "edge.path", style: {
      label: "data(label)", "font-size": 10, "font-weight": "bold", "target-arrow-shape": "triangle",
      "arrow-scale": 1.2 } }],
    elements: [
      ...[...nodes.values()].map((d) => ({ group: "nodes", data: { ...d, ring: ring.get(d.id) },
        classes: d.id === item.id ? "focus" : "", position: positions.get(d.id) })),
      ...[...edges.values()].filter((e) => nodes.has(e.source) && nodes.has(e.target))
        .map(({ classes, ...d }) => ({ group: "edges", data: d, classes })),
    ],
    layout: { name: "preset" },
    minZoom: 0.1, maxZoom: 3, boxSelectionEnabled: false,
  });

  const results = h("section.reach-results", { "aria-label": "Actors who could reach the item" });
  const detail = h("section.details", { "aria-label": "Why this actor", tabindex: "-1" });
  append(side, 
    h("section.summary", {},
      h("p", {}, `${answer.results.length} actors within ${answer.maxHops} hop${answer.maxHops === 1 ? "" : "s"}`,
        answer.window.start || answer.window.end ? `, window ${span(answer.window.start, answer.window.end, "open")}`
          : ", any time"),
      h("p.muted", {}, "Each path respects time: every step held while the item was there. Select an actor to ",
        "highlight its paths.")),
    detail, results, legend({ edges: [["event", "held it / stayed at (the item's holder or place)"],
      ["relation", "relation (subordinate to, member of, affiliated with, based at…)"],
      ["path", "the selected actor's explaining paths"]] }));

  let selected = null;
  function select(actorId, focus = true) {
    selected = actorId;
    const res = answer.results.find((r) => r.actorId === actorId);
    resetEdgeLabels(cy.edges());
    cy.elements().removeClass("path faded");
    results.querySelectorAll("button[data-id]").forEach((b) => b.setAttribute("aria-pressed",
      String(b.dataset.id === actorId)));
    if (!res) return;
    const ids = new Set(pathEls.get(actorId) || []);
    cy.elements().forEach((el) => {
      if (ids.has(el.id())) el.addClass("path");
      else el.addClass("faded");
    });
    placeEdgeLabels(cy.edges(".path"), cy.nodes(".path"));
    cy.$(":selected").unselect();
    cy.getElementById(actorId).select();
    const name = res.actor ? res.actor.name : actorId;
    fill(detail, 
      h("h2", {}, swatch(lookOf("Actor", res.actor && res.actor.kind), 18), " ", name),
      h("p", {}, `${HOP_WORDS(res.hops)} · confidence ${res.confidence}`, " · ",
        h("a", { href: `#/entity/${encodeURIComponent(actorId)}` }, "actor's neighbourhood")),
      h("ol.paths", {}, res.paths.map((p) => h("li", {},
        h("p", {}, h("strong", {}, `${HOP_WORDS(p.hops)}`), `, access possible ${span(p.interval.start, p.interval.end,
          "open") || "at any time"} · confidence ${p.confidence}`),
        h("ol.steps", {}, p.steps.map((st) => h("li", {},
          `${st.source ? st.source.name : st.sourceId} `, h("em", {}, stepText(st)), ` ${
            st.target ? st.target.name : st.targetId}`,
          span(st.validity.start, st.validity.end, "open") ? h("span.muted", {},
            ` (${span(st.validity.start, st.validity.end, "open")})`) : null,
          st.evidence.length ? h("details", {}, h("summary", {}, `evidence (${st.evidence.length})`),
            h("ul.evidence", {}, st.evidence.map((ev) => h("li", {}, h("blockquote", {}, ev.quote),
              h("p.source", {}, h("strong", {}, ev.document.title), ` · ${ev.locator}`))))) :
            st.evidenceWithheld ? h("span.muted", {}, ` · ${st.evidenceWithheld} evidence withheld`) : null)))))));
    if (focus) detail.focus();
  }

  const byHops = new Map();
  for (const r of answer.results) {
    if (!byHops.has(r.hops)) byHops.set(r.hops, []);
    byHops.get(r.hops).push(r);
  }
  append(results, h("h2", {}, "Actors by hops"));
  if (!answer.results.length) results.append(h("p.muted", {}, "No actor could reach it within these limits."));
  for (const [n, rs] of [...byHops.entries()].sort((a, b) => a[0] - b[0])) {
    append(results, h("h3", {}, `${HOP_WORDS(n)} (${rs.length})`), h("ul.actor-list", {}, rs.map((r) => h("li", {},
      h("button.node-button", { type: "button", "data-id": r.actorId, "aria-pressed": "false",
        onclick: () => select(r.actorId) },
      swatch(lookOf("Actor", r.actor && r.actor.kind), 14), " ", r.actor ? r.actor.name : r.actorId,
      h("span.muted", {}, ` · ${r.paths.length} path${r.paths.length === 1 ? "" : "s"}`))))));
  }

  cy.on("tap", "node", (evt) => {
    const id = evt.target.id();
    if (answer.results.some((r) => r.actorId === id)) select(id, false);
  });
  cy.on("tap", (evt) => {
    if (evt.target === cy) select(null);
  });
  fitCapped(cy);
  await afterRender(cy);
  // the item's route on a map, under the graph
  try {
    const chain = (await gql(CHAIN, { item: item.id, asOf: null })).custodyChain;
    stage.append(await routeMap(routeStops(chain), { width: 960, height: 220, title: `Route of ${item.name}` }));
    cy.resize();
    fitCapped(cy);
  } catch (err) {
    app.fail(err);
  }
  window.__custodyPaint = { view: "reach", id: item.id, nodes: cy.nodes().length, ms: performance.now() };
  window.__custodyCy = cy; // for the browser tests (label boxes, arrows against the answer's steps)
  window.__custodyReach = answer;
  if (params.actor) select(params.actor, false);

  return {
    cy,
    name: `reach-${item.name}`,
    png: () => cy.png({ output: "blob-promise", full: true, scale: 2, bg: "#ffffff" }),
    query: () => inlineQuery(REACH, variables),
    dispose: () => cy.destroy(),
  };
}
