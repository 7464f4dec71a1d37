// Graph view: the neighbourhood of one entity, expanded node by node, drawn by Sigma.js (WebGL) so that
// thousands of nodes pan and zoom smoothly. Past CLUSTER_AT neighbours of one kind and relation, they are one
// cluster node that opens on click; labels are drawn only where they fit; link labels on hover or selection.
import { gql } from "../api.js";
import { append, fill, h, span, words } from "../dom.js";
import { inlineQuery } from "../export.js";
import { KINDS, labelOfId, legend, lookOf, shapeUrl, swatch } from "../kinds.js";
import { DETAILS, NEIGHBOURHOOD } from "../queries.js";
import { forceLayout, loadSigma, sigmaPng } from "../sigma.js";
import { evidenceList } from "./evidence.js";

export const CLUSTER_AT = 25; // more neighbours than this of one kind and relation: one cluster node
export const LIST_CAP = 400;
export const EDGE_LABELS_AT = 12; // a node with more links shows its links' labels one neighbour or link at a time

// WebGL draws solid lines only: each kind of link has its own colour (the legend's swatches, style.css .flat)
export const EDGE_LEGEND = [
  ["relation.flat", "relation (subordinate to, member of, based at…) with its validity"],
  ["event.flat", "custody event to the holder (type and date)"],
  ["event-from.flat", "custody event from the giver"],
  ["event-at.flat", "custody event at a place"],
  ["contains.flat", "shipment contains item, item of a weapon system, a shipment's parties"],
];

function nodeData(ent) {
  const look = lookOf(ent.label, ent.kind);
  return { name: ent.name, entity: ent.label, kind: ent.kind, color: look.color, image: shapeUrl(look), label: ent.name,
    size: 6 };
}

const LABELLED = new Set(["Item", "Actor", "Location", "Shipment", "WeaponSystem"]);

/** Link text and colour class by the link's kind in the `neighbourhood` answer. */
function linkText(kind, type, start, end) {
  const when = start || "undated";
  if (kind === "relation") return span(start, end) ? `${type} ${span(start, end)}` : type;
  if (kind === "event") return `${type} ${when}`;
  if (kind === "event-from") return `${type} from · ${when}`;
  if (kind === "event-at") return `${type} at · ${when}`;
  if (kind === "role") return words(type);
  return type; // CONTAINS, system
}
const COLOUR_KIND = { relation: "relation", event: "event", "event-from": "event-from", "event-at": "event-at",
  contains: "contains", system: "system", role: "contains" };

/**
 * The `neighbourhood` answer (parallel lists) as entities (by id) and edges (by id), with the centre entity
 * under `asked` (the id the page asked for: a merged id reads as its canonical entity).
 */
export function neighbourhood(nb, asked = nb.ids[0]) {
  const entities = new Map();
  const edges = new Map();
  const ids = [asked, ...nb.ids.slice(1)];
  for (let i = 0; i < ids.length; i++) {
    entities.set(ids[i], { id: ids[i], name: nb.names[i], label: nb.labels[i], kind: nb.kinds[i] });
  }
  for (let j = 0; j < nb.linkIds.length; j++) {
    const kind = nb.linkKinds[j];
    const type = nb.linkTypes[j];
    const start = nb.linkStarts[j];
    const end = nb.linkEnds[j];
    const eid = nb.linkIds[j];
    edges.set(eid, { id: eid, source: ids[nb.linkSources[j]], target: ids[nb.linkTargets[j]],
      label: linkText(kind, type, start, end), kind: COLOUR_KIND[kind] || "other", link: kind, type,
      validFrom: start, validTo: end, fact: eid.replace(/:(to|from|at)$/, "") });
  }
  return { centre: entities.get(ids[0]), entities, edges };
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

const KIND_WORDS = { Person: "people", Item: "items", Shipment: "shipments", WeaponSystem: "weapon systems",
  Company: "companies", Country: "countries" };
const plural = (ent) => {
  const kind = ent.label === "Item" || ent.label === "Shipment" ? ent.label : ent.kind;
  return KIND_WORDS[kind] || `${(KINDS[kind] ? KINDS[kind].text : words(kind || ent.label || "node")).toLowerCase()}s`;
};

/**
 * Neighbours of `centreId` grouped by kind, the relation that links them and its way ("in": they are its source):
 * [{key, rel, way, members}].
 */
export function groupNeighbours(centreId, fresh, edges) {
  const relOf = new Map();
  for (const e of edges.values()) {
    const other = e.source === centreId ? e.target : e.target === centreId ? e.source : null;
    if (other && !relOf.has(other)) relOf.set(other, [e.type || e.kind || "link", e.source === centreId ? "out" : "in"]);
  }
  const groups = new Map();
  for (const ent of fresh) {
    const [rel, way] = relOf.get(ent.id) || ["link", "out"];
    const key = `${ent.label}|${ent.kind}|${rel}|${way}`;
    if (!groups.has(key)) groups.set(key, { key, rel, way, members: [] });
    groups.get(key).members.push(ent);
  }
  return [...groups.values()];
}

export async function render(view, params, app) {
  const id = params.id;
  const label = labelOfId(id);
  const grouping = params.group !== "off";
  const stage = h("div.stage.graph-stage");
  const canvas = h("div.cy.sigma", { tabindex: "0", role: "img", "aria-label": "Graph of the neighbourhood (use the "
    + "node list beside it to move by keyboard)", "data-testid": "graph" });
  const toolbar = h("div.toolbar", { role: "toolbar", "aria-label": "Graph" });
  const info = h("p.graph-count", { "aria-live": "polite" });
  stage.append(toolbar, canvas);
  const details = h("section.details", { "aria-label": "Selected node" });
  const nodeList = h("ul.node-list", { "aria-label": "Nodes in the graph" });
  const side = h("aside.side", {}, details, h("section", {}, h("h2", {}, "Nodes"), info, nodeList),
    legend({ edges: EDGE_LEGEND }));
  view.append(stage, side);

  if (!label || !LABELLED.has(label)) {
    app.fail({ code: "INVALID_INPUT", message: `${id}: not an id of an item, actor, location, shipment or weapon system` });
    return {};
  }

  // the centre's answer is asked for at once, while the WebGL libraries load
  let answered = null; // when it arrived
  const centreAnswer = gql(NEIGHBOURHOOD, { id }).then((data) => {
    answered = performance.now();
    return data;
  });
  centreAnswer.catch(() => {}); // awaited in expand(); a failure before then is not an unhandled rejection
  const { Sigma, Graph } = await loadSigma();
  const graph = new Graph({ multi: true, type: "directed" });
  const known = new Map(); // all edges seen, added when both ends are in the graph
  const clusters = new Map(); // cluster node id -> {parent, members}
  const expanded = new Set();
  const names = new Map(); // id -> name of every entity an answer named
  const loaded = new Map(); // id -> the details answer of a selected entity (its evidence...), once asked
  let selected = id;
  let hovered = null;
  let hoveredEdge = null;
  let allLabels = false;
  let layout = null;

  function addKnownEdges() {
    for (const e of known.values()) {
      if (graph.hasEdge(e.id) || !graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
      graph.addDirectedEdgeWithKey(e.id, e.source, e.target, { text: e.label, color: EDGE_COLOURS[e.kind] ||
        EDGE_COLOURS.other, size: 1, data: e });
    }
  }

  /** Place `count` new nodes on rings around node `at`, beyond what is already drawn around it. */
  function ringAround(at, count) {
    const p = graph.getNodeAttributes(at);
    let far = 0;
    graph.forEachNeighbor(at, (n, a) => { far = Math.max(far, Math.hypot(a.x - p.x, a.y - p.y)); });
    const first = at === id ? Math.max(110, far + 60) : Math.max(60, far + 40);
    return ringPositions(count, p.x, p.y, first, at === id ? 70 : 55);
  }

  function addEntities(parentId, ents) {
    const pos = ringAround(parentId, ents.length);
    ents.forEach((e, i) => {
      if (!graph.hasNode(e.id)) graph.addNode(e.id, { ...nodeData(e), ...pos[i] });
    });
  }

  function addGroups(parentId, fresh, nbEdges) {
    const groups = groupNeighbours(parentId, fresh, nbEdges);
    const direct = [];
    const big = [];
    for (const g of groups) (grouping && g.members.length > CLUSTER_AT ? big : direct).push(g);
    const slots = ringAround(parentId, direct.reduce((n, g) => n + g.members.length, 0) + big.length);
    let k = 0;
    for (const g of big) {
      const cid = `cluster:${parentId}:${g.key}`;
      const first = g.members[0];
      clusters.set(cid, { parent: parentId, members: g.members, rel: g.rel });
      graph.addNode(cid, { name: `${g.members.length} ${plural(first)} · ${words(g.rel)}`, entity: "Cluster",
        kind: first.kind, color: lookOf(first.label, first.kind).color, image: shapeUrl(lookOf(first.label, first.kind)),
        label: `${g.members.length} ${plural(first)}`,
        size: 10 + Math.log2(g.members.length), forceLabel: true, cluster: true, ...slots[k++] });
      // the way the members' links go: "40 people MEMBER_OF the brigade" points at the brigade
      const [from, to] = g.way === "in" ? [cid, parentId] : [parentId, cid];
      graph.addDirectedEdgeWithKey(`${cid}:edge`, from, to, { text: words(g.rel), color: "#adb5bd", size: 2,
        data: null });
    }
    for (const g of direct) {
      for (const e of g.members) {
        if (!graph.hasNode(e.id)) graph.addNode(e.id, { ...nodeData(e), ...slots[k++] });
      }
    }
  }

  async function expand(nodeId) {
    if (expanded.has(nodeId)) return null;
    const nodeLabel = (graph.hasNode(nodeId) && graph.getNodeAttribute(nodeId, "entity")) || labelOfId(nodeId);
    if (!LABELLED.has(nodeLabel)) return null;
    expanded.add(nodeId);
    let data;
    try {
      data = await (nodeId === id && !graph.order ? centreAnswer : gql(NEIGHBOURHOOD, { id: nodeId }));
    } catch (err) {
      expanded.delete(nodeId);
      throw err;
    }
    const nb = neighbourhood(data.neighbourhood, nodeId);
    for (const e of nb.entities.values()) names.set(e.id, e.name);
    if (!graph.hasNode(nodeId)) graph.addNode(nodeId, { ...nodeData(nb.centre), x: 0, y: 0 });
    graph.mergeNodeAttributes(nodeId, { expanded: true, size: nodeId === id ? 14 : 9, forceLabel: true });
    for (const e of nb.edges.values()) known.set(e.id, e);
    const inClusters = new Set([...clusters.values()].flatMap((c) => c.members.map((m) => m.id)));
    const fresh = [...nb.entities.values()].filter((e) => e.id !== nodeId && !graph.hasNode(e.id) &&
      !inClusters.has(e.id)).sort(byGroup);
    addGroups(nodeId, fresh, nb.edges);
    addKnownEdges();
    return nb;
  }

  function openCluster(cid) {
    const c = clusters.get(cid);
    if (!c || !graph.hasNode(cid)) return;
    const at = graph.getNodeAttributes(cid);
    const members = c.members.filter((e) => !graph.hasNode(e.id));
    const parent = graph.getNodeAttributes(c.parent);
    const away = Math.atan2(at.y - parent.y, at.x - parent.x);
    graph.dropNode(cid);
    clusters.delete(cid);
    const pos = arcPositions(members.length, parent.x, parent.y, away,
      Math.max(90, Math.hypot(at.x - parent.x, at.y - parent.y)), 45);
    members.forEach((e, i) => graph.addNode(e.id, { ...nodeData(e), ...pos[i] }));
    addKnownEdges();
    refreshList();
    app.announce(`${members.length} ${plural(members[0] || {})} shown`);
    relayout();
  }

  // Sigma's label grid keeps a few labels per cell, yet labels of neighbouring cells can still cross:
  // the labels of one frame are drawn only where they overlap none drawn before them. Forced labels (the
  // centre, the selected and hovered nodes) always draw: Sigma draws them last, boxed on top.
  let labelBoxes = [];
  const drawLabel = (context, data, settings) => {
    if (!data.label) return;
    const size = settings.labelSize;
    context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    const box = { x: data.x + data.size + 3, y: data.y - size * 0.7, w: context.measureText(data.label).width,
      h: size * 1.3, label: data.label, forced: Boolean(data.forceLabel) };
    const crosses = (b) => box.x < b.x + b.w + 2 && b.x < box.x + box.w + 2 && box.y < b.y + b.h && b.y < box.y + box.h;
    if (!data.forceLabel && labelBoxes.some(crosses)) return;
    labelBoxes.push(box);
    context.fillStyle = settings.labelColor.color || "#000";
    context.fillText(data.label, box.x, data.y + size / 3);
  };

  const renderer = new Sigma(graph, canvas, {
    defaultDrawNodeLabel: drawLabel,
    // each node is its kind's shape in its colour, as in the legend (a bare circle told kinds apart by colour only)
    defaultNodeType: "shape",
    nodeProgramClasses: { shape: Sigma.rendering.createNodeImageProgram({ drawingMode: "color", keepWithinCircle: false,
      size: { mode: "force", value: 64 }, correctCentering: true, debounceTimeout: 0 }) },
    renderEdgeLabels: true, labelDensity: 0.6, labelGridCellSize: 110, labelRenderedSizeThreshold: 5,
    labelFont: "system-ui, sans-serif", labelSize: 11, edgeLabelFont: "system-ui, sans-serif", edgeLabelSize: 10,
    edgeLabelColor: { color: "#343a40" }, defaultEdgeType: "arrow", zIndex: true, minCameraRatio: 0.02,
    maxCameraRatio: 20, stagePadding: 40, enableEdgeEvents: true,
    nodeReducer: (node, a) => {
      const out = { ...a };
      const focus = hovered || selected;
      if (node === selected || node === hovered) {
        out.highlighted = true;
        out.forceLabel = true;
        out.zIndex = 2;
      } else if (focus && graph.hasNode(focus) && graph.order < 800 && graph.areNeighbors(focus, node)) {
        out.zIndex = 1; // drawn above the rest; labelled where the label grid has room
      }
      if (node === id) out.zIndex = 3;
      return out;
    },
    edgeReducer: (edge, a) => {
      const focus = hovered || selected;
      const ends = graph.extremities(edge);
      const lit = focus && (ends[0] === focus || ends[1] === focus);
      // the links between the selected node and the hovered one, and the hovered link, are always labelled
      const pair = hovered && selected && hovered !== selected && (ends[0] === selected || ends[1] === selected) &&
        (ends[0] === hovered || ends[1] === hovered);
      // links between the same two nodes are drawn on one line: their labels are one label, on the first of them
      const twins = [...new Set(graph.edges(ends[0], ends[1]).concat(graph.edges(ends[1], ends[0])))];
      const shown = allLabels || pair || twins.includes(hoveredEdge) || (lit && graph.degree(focus) <= EDGE_LABELS_AT);
      twins.sort();
      const label = !shown || twins[0] !== edge ? null
        : [...new Set(twins.map((t) => graph.getEdgeAttribute(t, "text")))].join(" / ");
      if (twins.includes(hoveredEdge) || pair) return { ...a, label, size: 3, color: "#212529", zIndex: 2 };
      // otherwise the link labels of the hovered or selected node, when they are few enough to be read (Sigma
      // does not keep labels apart); "Label every link" shows them all
      return { ...a, label, size: lit ? 2 : a.size, color: lit ? "#212529" : a.color, zIndex: lit ? 1 : 0 };
    },
  });
  renderer.on("beforeRender", () => { labelBoxes = []; });
  renderer.on("afterRender", () => { window.__custodyLabels = labelBoxes; });

  function relayout(ms = 1200) {
    if (layout) layout.stop();
    if (graph.order < 3) return;
    layout = forceLayout(graph, { ms, pinned: new Set([id]), onStep: () => renderer.scheduleRefresh() });
  }

  /** The selected entity's own details (evidence, aliases...), asked for when it is first selected. */
  async function loadDetails(nodeId) {
    const query = DETAILS[graph.hasNode(nodeId) && graph.getNodeAttribute(nodeId, "entity")];
    if (!query || loaded.has(nodeId)) return;
    loaded.set(nodeId, null); // asked
    try {
      const data = await gql(query, { id: nodeId });
      loaded.set(nodeId, Object.values(data)[0]);
    } catch (err) {
      loaded.delete(nodeId);
      app.fail(err);
      return;
    }
    if (selected === nodeId) showDetails(nodeId);
  }

  function showDetails(nodeId) {
    if (!graph.hasNode(nodeId)) return null;
    const d = graph.getNodeAttributes(nodeId);
    const ent = loaded.get(nodeId);
    const asking = DETAILS[d.entity] && !ent;
    const look = lookOf(d.entity, d.kind);
    const links = [];
    if (d.entity === "Item") {
      links.push(h("a.button", { href: `#/item/${encodeURIComponent(nodeId)}` }, "Custody chain"),
        h("a.button", { href: `#/reach/${encodeURIComponent(nodeId)}` }, "Who could reach it"));
    }
    if (nodeId !== id) links.push(h("a.button", { href: `#/entity/${encodeURIComponent(nodeId)}` }, "Centre here"));
    const rels = [...known.values()].filter((e) => e.link === "relation" && (e.source === nodeId ||
      e.target === nodeId));
    fill(details,
      h("p.muted.details-kicker", {}, nodeId === id ? "Centre" : "Selected"),
      h("h2", {}, swatch(look, 18), " ", d.name),
      h("p.muted", {}, `${d.entity}${d.kind && d.kind !== d.entity ? ` · ${d.kind}` : ""} · `, h("code", {}, nodeId)),
      ent && ent.aliases && ent.aliases.length ? h("p", {}, "Also known as: ", ent.aliases.join(", ")) : null,
      ent && ent.serial ? h("p", {}, "Serial: ", ent.serial) : null,
      ent && ent.country ? h("p", {}, "Country: ", ent.country) : null,
      links.length ? h("p.links", {}, links) : null,
      ent ? h("details.entity-evidence", { open: true },
        h("summary", {}, `Evidence for ${d.name} (${(ent.evidence || []).length})`),
        evidenceList(ent.evidence || [], ent.evidenceWithheld || 0)) : null,
      asking ? h("p.muted.entity-evidence-loading", {}, `Loading the evidence for ${d.name}…`) : null,
      rels.length ? h("details", { open: rels.length <= 8 },
        h("summary", {}, `Relations (${rels.length})`),
        h("ul.rel-list", {}, rels.slice(0, 200).map((r) => h("li", {},
          h("a", { href: `#/entity/${encodeURIComponent(r.source)}` }, names.get(r.source) || r.source),
          ` ${words(r.type)} `,
          h("a", { href: `#/entity/${encodeURIComponent(r.target)}` }, names.get(r.target) || r.target),
          span(r.validFrom, r.validTo) ? h("span.muted", {}, ` (${span(r.validFrom, r.validTo)})`) : null)))) : null,
      expanded.has(nodeId) ? null : h("p.muted", {}, "Click the node (or press Enter in the list) to expand it."),
    );
    return asking ? loadDetails(nodeId) : null;
  }

  async function activate(nodeId) {
    if (clusters.has(nodeId)) {
      openCluster(nodeId);
      return;
    }
    if (!graph.hasNode(nodeId)) return;
    selected = nodeId;
    renderer.refresh();
    showDetails(nodeId);
    if (!expanded.has(nodeId)) {
      try {
        const before = graph.order;
        await expand(nodeId);
        refreshList();
        app.announce(`${graph.getNodeAttribute(nodeId, "name")}: ${graph.order - before} new nodes`);
        showDetails(nodeId);
        relayout();
      } catch (err) {
        app.fail(err);
      }
    } else {
      refreshList();
    }
  }

  function refreshList() {
    const ents = [];
    const clus = [];
    graph.forEachNode((n, a) => (a.cluster ? clus : ents).push([n, a]));
    ents.sort((x, y) => byGroup({ label: x[1].entity, kind: x[1].kind, name: x[1].name },
      { label: y[1].entity, kind: y[1].kind, name: y[1].name }));
    const hidden = [...clusters.values()].reduce((n, c) => n + c.members.length, 0);
    info.textContent = `${ents.length} nodes, ${graph.size - clus.length} links` +
      (hidden ? ` (${hidden} more in ${clus.length} cluster${clus.length === 1 ? "" : "s"}: click one to open it)` : "");
    const items = ents.slice(0, LIST_CAP).map(([n, a]) => h("li", {}, h("button.node-button", {
      type: "button", "data-id": n, "aria-pressed": String(n === selected), onclick: () => activate(n),
    }, swatch(lookOf(a.entity, a.kind), 14), " ", a.name, expanded.has(n) ? "" : h("span.muted", {}, " +"))));
    const rest = ents.length > LIST_CAP ? [h("li.muted", {}, `… and ${ents.length - LIST_CAP} more (in the graph)`)] : [];
    const clusterItems = clus.map(([n, a]) => h("li", {}, h("button.node-button.cluster-button", {
      type: "button", "data-cluster": n, onclick: () => openCluster(n) }, swatch(lookOf(clusters.get(n).members[0].label,
      a.kind), 14), ` ${a.name} (around ${graph.getNodeAttribute(clusters.get(n).parent, "name")})`)));
    fill(nodeList, ...clusterItems, ...items, ...rest);
  }

  renderer.on("clickNode", ({ node }) => activate(node));
  renderer.on("enterNode", ({ node }) => {
    hovered = node;
    canvas.style.cursor = "pointer";
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on("enterEdge", ({ edge }) => {
    hoveredEdge = edge;
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on("leaveEdge", () => {
    hoveredEdge = null;
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on("leaveNode", () => {
    hovered = null;
    canvas.style.cursor = "";
    renderer.refresh({ skipIndexation: true });
  });

  const camera = renderer.getCamera();
  append(toolbar,
    h("button", { type: "button", onclick: () => camera.animatedReset({ duration: 250 }) }, "Fit"),
    h("button", { type: "button", onclick: () => relayout(2500) }, "Re-arrange"),
    h("button", { type: "button", onclick: () => camera.animatedZoom({ duration: 200 }) }, "Zoom in"),
    h("button", { type: "button", onclick: () => camera.animatedUnzoom({ duration: 200 }) }, "Zoom out"),
    h("label.check", {}, h("input", { type: "checkbox", onchange: (ev) => {
      allLabels = ev.target.checked;
      renderer.refresh({ skipIndexation: true });
    } }), " Label every link"),
    h("button", { type: "button", onclick: () => { for (const cid of [...clusters.keys()]) openCluster(cid); } },
      "Open all clusters"),
    h("span.spacer"),
    h("span.muted.hint", {}, `Click a node to expand it; more than ${CLUSTER_AT} of a kind form a cluster.`),
  );

  // first load: the centre and its neighbours (clusters past CLUSTER_AT of a kind and relation)
  const nb = await expand(id);
  const painted = new Promise((resolve) => renderer.once("afterRender", () => resolve(performance.now())));
  renderer.refresh();
  const ms = await painted;
  let entities = 0;
  graph.forEachNode((n, a) => { if (!a.cluster) entities += 1; });
  window.__custodyPaint = { view: "graph", id, nodes: entities, clusters: clusters.size, ms, answered };
  window.__custodySigma = renderer;
  const details0 = showDetails(id); // the centre's evidence, after the first draw
  refreshList();
  const name = nb && nb.centre ? nb.centre.name : id;
  app.subject(id, name);
  app.title(`Neighbourhood of ${name}`);
  relayout(graph.order > 1000 ? 2000 : 1200);
  await details0;

  return {
    name: `neighbourhood-${name}`,
    png: () => sigmaPng(renderer),
    query: () => [
      `# Neighbourhood of ${name}. The page ran this for the centre, then the same query for each node you expanded:`,
      `# ${[...expanded].join(", ")}`,
      inlineQuery(NEIGHBOURHOOD, { id }),
      ...(DETAILS[label] ? ["# and, for the selected entity, its evidence:", inlineQuery(DETAILS[label], { id })] : []),
    ].join("\n"),
    dispose: () => {
      if (layout) layout.stop();
      renderer.kill();
      if (window.__custodySigma === renderer) delete window.__custodySigma;
    },
  };
}

const EDGE_COLOURS = { relation: "#4263eb", event: "#e8590c", "event-from": "#f59f00", "event-at": "#ae3ec9",
  contains: "#0b7285", system: "#0b7285",
  other: "#868e96" };
