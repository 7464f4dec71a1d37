// Graph view: the neighbourhood of one entity, expanded node by node (capped, with "more…").
import { gql } from "../api.js";
import { afterRender, fitCapped, loadCytoscape, STYLE } from "../cy.js";
import { append, fill, h, span, words } from "../dom.js";
import { inlineQuery } from "../export.js";
import { labelOfId, legend, lookOf, swatch } from "../kinds.js";
import { NEIGHBOURS } from "../queries.js";

export const INITIAL_CAP = 200; // nodes shown when the view opens
export const EXPAND_CAP = 50; // new nodes added by one click

export const EDGE_LEGEND = [
  ["relation", "relation (subordinate to, member of, based at…) with its validity"],
  ["event", "custody event to the holder (type and date)"],
  ["event-from", "custody event from the giver"],
  ["event-at", "custody event at a place"],
  ["contains", "shipment contains item, item of a weapon system"],
];

function nodeData(ent) {
  const look = lookOf(ent.label, ent.kind);
  return { id: ent.id, name: ent.name, label: ent.label, kind: ent.kind, color: look.color, shape: look.shape,
    short: ent.name };
}

/** A neighbourhood answer as entities (by id) and edges (by id), with the centre entity. */
export function neighbourhood(label, data, id) {
  const entities = new Map();
  const edges = new Map();
  const add = (e) => {
    if (e && e.id && !entities.has(e.id)) entities.set(e.id, e);
    return e;
  };
  const edge = (eid, source, target, text, classes, extra = {}) => {
    if (!source || !target || source === target) return;
    edges.set(eid, { id: eid, source, target, label: text, classes, ...extra });
  };
  const event = (e) => {
    const subj = add(e.subject);
    if (!subj) return;
    const when = e.date || "undated";
    const extra = { kind: "event", type: e.type, date: e.date, fact: e.id };
    if (e.toActor) edge(`${e.id}:to`, subj.id, add(e.toActor).id, `${e.type} ${when}`, "event", { ...extra, role: "to" });
    if (e.fromActor) {
      edge(`${e.id}:from`, add(e.fromActor).id, subj.id, `${e.type} from · ${when}`, "event event-from",
        { ...extra, role: "from" });
    }
    if (e.location) {
      edge(`${e.id}:at`, subj.id, add(e.location).id, `${e.type} at · ${when}`, "event event-at", { ...extra, role: "at" });
    }
  };
  const relation = (r) => {
    if (!r.source || !r.target) return;
    add(r.source);
    add(r.target);
    const when = span(r.validFrom, r.validTo);
    edge(r.id, r.source.id, r.target.id, when ? `${r.type} ${when}` : r.type, "relation",
      { kind: "relation", type: r.type, validFrom: r.validFrom, validTo: r.validTo, fact: r.id });
  };
  let centre = null;
  if (label === "Item") {
    centre = add(data.item);
    if (centre.system) {
      edge(`system:${centre.id}`, centre.id, add(centre.system).id, "system", "contains", { kind: "system" });
    }
    for (const sh of centre.shipments || []) {
      edge(`contains:${sh.id}>${centre.id}`, add(sh).id, centre.id, "CONTAINS", "contains", { kind: "contains" });
    }
    (centre.events || []).forEach(event);
  } else if (label === "Actor" || label === "Location") {
    centre = add(data[label === "Actor" ? "actor" : "location"]);
    (centre.relations || []).forEach(relation);
    (centre.events || []).forEach(event);
  } else if (label === "Shipment") {
    centre = add(data.shipment);
    for (const role of ["consignor", "consignee", "endUser", "origin", "destination"]) {
      const other = centre[role];
      if (other) edge(`${role}:${centre.id}`, centre.id, add(other).id, words(role === "endUser" ? "end_user" : role),
        "contains", { kind: role });
    }
    for (const it of centre.items || []) {
      edge(`contains:${centre.id}>${it.id}`, centre.id, add(it).id, "CONTAINS", "contains", { kind: "contains" });
    }
    (centre.events || []).forEach(event);
  } else if (label === "WeaponSystem") {
    const nodes = data.items.nodes;
    centre = add(nodes.find((n) => n.system)?.system || { id, name: id, label, kind: "WeaponSystem" });
    for (const it of nodes) edge(`system:${it.id}`, add(it).id, centre.id, "system", "contains", { kind: "system" });
  }
  return { centre, entities, edges };
}

/** Positions for `count` nodes in rings around (cx, cy): each ring holds what fits at ~46 px apart. */
export function ringPositions(count, cx, cy, first = 110, step = 95) {
  const out = [];
  let ring = 0;
  while (out.length < count) {
    const r = first + ring * step;
    const fits = Math.max(6, Math.floor((2 * Math.PI * r) / 48));
    const n = Math.min(fits, count - out.length);
    const offset = ring % 2 ? Math.PI / n : 0;
    for (let i = 0; i < n; i++) {
      const a = offset + (2 * Math.PI * i) / n - Math.PI / 2;
      out.push({ x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) });
    }
    ring += 1;
  }
  return out;
}

/** Positions for `count` nodes on arcs (up to 200°) facing `away` from (cx, cy), arc after arc outwards. */
export function arcPositions(count, cx, cy, away, first = 120, step = 75) {
  const out = [];
  let ring = 0;
  while (out.length < count) {
    const r = first + ring * step;
    const spread = Math.min((200 * Math.PI) / 180, Math.max(Math.PI / 3, (count * 72) / r));
    const fits = Math.max(3, Math.floor((spread * r) / 72));
    const n = Math.min(fits, count - out.length);
    for (let i = 0; i < n; i++) {
      const a = away - spread / 2 + (spread * (i + 0.5)) / n;
      out.push({ x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) });
    }
    ring += 1;
  }
  return out;
}

const GROUP_ORDER = { Actor: 0, Location: 1, Shipment: 2, Item: 3, WeaponSystem: 4 };
const byGroup = (a, b) => (GROUP_ORDER[a.label] ?? 9) - (GROUP_ORDER[b.label] ?? 9) ||
  String(a.kind).localeCompare(String(b.kind)) || String(a.name).localeCompare(String(b.name));

export async function render(view, params, app) {
  const id = params.id;
  const label = labelOfId(id);
  const stage = h("div.stage.graph-stage");
  const canvas = h("div.cy", { tabindex: "0", role: "img", "aria-label": "Graph of the neighbourhood (use the node list "
    + "beside it to move by keyboard)", "data-testid": "graph" });
  const toolbar = h("div.toolbar", { role: "toolbar", "aria-label": "Graph" });
  const info = h("p.graph-count", { "aria-live": "polite" });
  stage.append(toolbar, canvas);
  const details = h("section.details", { "aria-label": "Selected node" });
  const nodeList = h("ul.node-list", { "aria-label": "Nodes in the graph" });
  const side = h("aside.side", {}, details, h("section", {}, h("h2", {}, "Nodes"), info, nodeList),
    legend({ edges: EDGE_LEGEND }));
  view.append(stage, side);

  if (!label || !NEIGHBOURS[label]) {
    app.fail({ code: "INVALID_INPUT", message: `${id}: not an id of an item, actor, location, shipment or weapon system` });
    return {};
  }

  const cytoscape = await loadCytoscape();
  const style = [...STYLE, { selector: "edge", style: { label: "" } },
    { selector: "edge.labelled", style: { label: "data(label)" } }];
  const cy = cytoscape({ container: canvas, style, elements: [], minZoom: 0.05,
    maxZoom: 3, boxSelectionEnabled: false, textureOnViewport: true, hideEdgesOnViewport: false });
  const known = new Map(); // all edges seen, added when both ends are in the graph
  const pending = new Map(); // node id -> entities not shown yet ("more…")
  const expanded = new Set();
  const loaded = new Map(); // id -> the entity answer of an expanded node (details)
  let centreEntity = null;

  function addKnownEdges() {
    const add = [];
    for (const e of known.values()) {
      if (cy.getElementById(e.id).nonempty()) continue;
      if (cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) continue;
      const { classes, ...data } = e;
      add.push({ group: "edges", data, classes });
    }
    if (add.length) cy.add(add);
  }

  function setMore(parentId) {
    const rest = pending.get(parentId) || [];
    const moreId = `more:${parentId}`;
    cy.getElementById(moreId).remove();
    if (!rest.length) return;
    const p = cy.getElementById(parentId).position();
    const c = cy.getElementById(id).position();
    const dx = p.x - c.x;
    const dy = p.y - c.y;
    const len = Math.hypot(dx, dy) || 1;
    const far = Math.max(60, ...cy.getElementById(parentId).neighborhood().nodes().not(".more")
      .filter((n) => n.id() !== id).map((n) => Math.hypot(n.position().x - p.x, n.position().y - p.y)));
    const pos = parentId === id ? { x: p.x, y: p.y - far - 45 }
      : { x: p.x + (dx / len) * (far + 45), y: p.y + (dy / len) * (far + 45) };
    cy.add([
      { group: "nodes", data: { id: moreId, parent_: parentId, short: `+${rest.length} more…`, name: "more" },
        classes: "more", position: pos },
      { group: "edges", data: { id: `${moreId}:edge`, source: parentId, target: moreId, label: "" }, classes: "more" },
    ]);
  }

  function addNodes(parentId, ents) {
    const parent = cy.getElementById(parentId);
    const p = parent.nonempty() ? parent.position() : { x: 0, y: 0 };
    const others = cy.nodes().not(parent).not(".more");
    const again = pending.has(parentId); // a further batch ("more…"): beyond what is drawn around it already
    const far = again ? Math.max(0, ...parent.neighborhood().nodes().not(".more").filter((n) => n.id() !== id)
      .map((n) => Math.hypot(n.position().x - p.x, n.position().y - p.y))) : 0;
    let pos;
    if (!others.length || (again && parentId === id)) {
      pos = ringPositions(ents.length, p.x, p.y, far ? far + 80 : 120, parentId === id ? 95 : 80);
    } else {
      // on an arc on the far side of the node from the rest of the graph
      const c = others.boundingBox();
      const away = Math.atan2(p.y - (c.y1 + c.y2) / 2, p.x - (c.x1 + c.x2) / 2);
      pos = arcPositions(ents.length, p.x, p.y, away, far ? far + 75 : 120);
    }
    cy.add(ents.map((e, i) => ({ group: "nodes", data: nodeData(e), position: pos[i] })));
  }

  async function expand(nodeId, cap = EXPAND_CAP) {
    if (expanded.has(nodeId)) return;
    const nodeLabel = cy.getElementById(nodeId).data("label") || labelOfId(nodeId);
    const query = NEIGHBOURS[nodeLabel];
    if (!query) return;
    expanded.add(nodeId);
    let data;
    try {
      data = await gql(query, { id: nodeId });
    } catch (err) {
      expanded.delete(nodeId);
      throw err;
    }
    const nb = neighbourhood(nodeLabel, data, nodeId);
    loaded.set(nodeId, nb.centre);
    if (cy.getElementById(nodeId).empty()) {
      cy.add({ group: "nodes", data: nodeData(nb.centre), position: { x: 0, y: 0 } });
    }
    cy.getElementById(nodeId).addClass("expanded");
    for (const e of nb.edges.values()) known.set(e.id, e);
    const fresh = [...nb.entities.values()].filter((e) => e.id !== nodeId && cy.getElementById(e.id).empty())
      .sort(byGroup);
    cy.batch(() => {
      addNodes(nodeId, fresh.slice(0, cap));
      pending.set(nodeId, fresh.slice(cap));
      addKnownEdges();
      setMore(nodeId);
    });
    refreshList();
    return nb;
  }

  function keepInView() {
    const ext = cy.extent();
    const bb = cy.nodes().boundingBox();
    if (bb.x1 < ext.x1 || bb.y1 < ext.y1 || bb.x2 > ext.x2 || bb.y2 > ext.y2) {
      cy.animate({ fit: { eles: cy.nodes(), padding: 30 }, duration: 250 });
    }
  }

  function more(parentId) {
    const rest = pending.get(parentId) || [];
    const now = rest.filter((e) => cy.getElementById(e.id).empty()).slice(0, EXPAND_CAP);
    pending.set(parentId, rest.filter((e) => cy.getElementById(e.id).empty()).slice(EXPAND_CAP));
    cy.batch(() => {
      addNodes(parentId, now);
      addKnownEdges();
      setMore(parentId);
    });
    refreshList();
    keepInView();
    app.announce(`${now.length} more nodes added`);
  }

  function showDetails(nodeId) {
    const n = cy.getElementById(nodeId);
    if (n.empty()) return;
    const d = n.data();
    const ent = loaded.get(nodeId);
    const look = lookOf(d.label, d.kind);
    const links = [];
    if (d.label === "Item") {
      links.push(h("a.button", { href: `#/item/${encodeURIComponent(d.id)}` }, "Custody chain"),
        h("a.button", { href: `#/reach/${encodeURIComponent(d.id)}` }, "Who could reach it"));
    }
    if (d.id !== id) links.push(h("a.button", { href: `#/entity/${encodeURIComponent(d.id)}` }, "Centre here"));
    const rels = ent && ent.relations ? ent.relations : [];
    fill(details, 
      h("h2", {}, swatch(look, 18), " ", d.name),
      h("p.muted", {}, `${d.label}${d.kind && d.kind !== d.label ? ` · ${d.kind}` : ""} · `, h("code", {}, d.id)),
      ent && ent.aliases && ent.aliases.length ? h("p", {}, "Also known as: ", ent.aliases.join(", ")) : null,
      ent && ent.serial ? h("p", {}, "Serial: ", ent.serial) : null,
      links.length ? h("p.links", {}, links) : null,
      rels.length ? h("details", { open: rels.length <= 8 },
        h("summary", {}, `Relations (${rels.length})`),
        h("ul.rel-list", {}, rels.map((r) => h("li", {},
          h("a", { href: `#/entity/${encodeURIComponent(r.source.id)}` }, r.source.name), ` ${words(r.type)} `,
          h("a", { href: `#/entity/${encodeURIComponent(r.target.id)}` }, r.target.name),
          span(r.validFrom, r.validTo) ? h("span.muted", {}, ` (${span(r.validFrom, r.validTo)})`) : null)))) : null,
      expanded.has(nodeId) ? null : h("p.muted", {}, "Click the node (or press Enter in the list) to expand it."),
    );
  }

  async function activate(nodeId) {
    const n = cy.getElementById(nodeId);
    if (n.empty()) return;
    if (n.hasClass("more")) {
      more(n.data("parent_"));
      return;
    }
    cy.$(":selected").unselect();
    n.select();
    labelLinks(nodeId);
    showDetails(nodeId);
    if (!expanded.has(nodeId)) {
      try {
        const before = cy.nodes().not(".more").length;
        await expand(nodeId);
        labelLinks(nodeId);
        keepInView();
        app.announce(`${d(n).name}: ${cy.nodes().not(".more").length - before} new nodes`);
        showDetails(nodeId);
      } catch (err) {
        app.fail(err);
      }
    }
  }
  const d = (n) => n.data();

  let allLabels = false;
  function labelLinks(nodeId) {
    cy.batch(() => {
      cy.edges().removeClass("labelled");
      if (allLabels) cy.edges().addClass("labelled");
      else cy.getElementById(nodeId).connectedEdges().addClass("labelled");
    });
  }

  function refreshList() {
    const nodes = cy.nodes().filter((n) => !n.hasClass("more")).sort((a, b) => byGroup(a.data(), b.data()));
    info.textContent = `${nodes.length} nodes, ${cy.edges().not(".more").length} links` +
      ([...pending.values()].some((r) => r.length) ? " (more to show: click a “more…” node)" : "");
    const items = nodes.map((n) => {
      const nd = n.data();
      return h("li", {}, h("button.node-button", {
        type: "button", "data-id": nd.id, "aria-pressed": String(n.selected()),
        onclick: () => activate(nd.id),
      }, swatch(lookOf(nd.label, nd.kind), 14), " ", nd.name, expanded.has(nd.id) ? "" : h("span.muted", {}, " +")));
    });
    const mores = cy.nodes(".more").map((n) => h("li", {}, h("button.node-button", {
      type: "button", onclick: () => more(n.data("parent_")) }, `${n.data("short")} (around ${
      cy.getElementById(n.data("parent_")).data("name")})`)));
    fill(nodeList, ...items, ...mores);
  }

  cy.on("tap", "node", (evt) => activate(evt.target.id()));
  cy.on("mouseover", "node", () => { canvas.style.cursor = "pointer"; });
  cy.on("mouseout", "node", () => { canvas.style.cursor = ""; });

  append(toolbar,
    h("button", { type: "button", onclick: () => fitCapped(cy) }, "Fit"),
    h("button", { type: "button", onclick: () => cy.layout({ name: "cose", animate: false, randomize: false,
      nodeDimensionsIncludeLabels: true, fit: true, padding: 30 }).run() }, "Re-arrange"),
    h("button", { type: "button", onclick: () => { cy.zoom({ level: cy.zoom() * 1.25,
      renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } }); } }, "Zoom in"),
    h("button", { type: "button", onclick: () => { cy.zoom({ level: cy.zoom() / 1.25,
      renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } }); } }, "Zoom out"),
    h("label.check", {}, h("input", { type: "checkbox", onchange: (ev) => {
      allLabels = ev.target.checked;
      labelLinks(cy.$("node:selected").id() || id);
    } }), " Label every link"),
    h("span.spacer"),
    h("span.muted.hint", {}, "Click a node to expand it (up to 50 new nodes; “more…” for the rest)."),
  );

  // first load: the centre and up to INITIAL_CAP neighbours
  const nb = await expand(id, INITIAL_CAP);
  centreEntity = nb ? nb.centre : null;
  cy.getElementById(id).addClass("focus").select();
  labelLinks(id);
  fitCapped(cy);
  const painted = await afterRender(cy);
  window.__custodyPaint = { view: "graph", id, nodes: cy.nodes().not(".more").length, ms: painted };
  showDetails(id);
  refreshList();
  const name = centreEntity ? centreEntity.name : id;
  app.title(`Neighbourhood of ${name}`);

  return {
    cy,
    name: `neighbourhood-${name}`,
    png: () => cy.png({ output: "blob-promise", full: true, scale: 2, bg: "#ffffff" }),
    query: () => [
      `# Neighbourhood of ${name}. The page ran this for the centre, then the same query for each node you expanded:`,
      `# ${[...expanded].join(", ")}`,
      inlineQuery(NEIGHBOURS[label], { id }),
    ].join("\n"),
    dispose: () => cy.destroy(),
  };
}
