// Exports of the current view: PNG, GraphML (written here), and the GraphQL query behind it.

const XML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
function xml(text) {
  // also drops characters XML 1.0 forbids
  // eslint-disable-next-line no-control-regex
  return String(text ?? "").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "").replace(/[&<>"']/g,
    (c) => XML_ESCAPES[c]);
}

/**
 * GraphML of a graph: nodes [{id, ...attrs}], edges [{id, source, target, ...attrs}]; every attribute that
 * appears becomes a <key> of type string (numbers and booleans keep their type).
 */
export function toGraphML({ nodes, edges, description = "" }) {
  const keys = new Map(); // "node|name" -> {id, for, name, type}
  const typeOf = (v) => (typeof v === "number" ? (Number.isInteger(v) ? "long" : "double")
    : typeof v === "boolean" ? "boolean" : "string");
  const collect = (items, domain, skip) => {
    for (const item of items) {
      for (const [name, value] of Object.entries(item)) {
        if (skip.includes(name) || value === null || value === undefined || value === "") continue;
        const k = `${domain}|${name}`;
        if (!keys.has(k)) keys.set(k, { id: `${domain[0]}_${name}`, for: domain, name, type: typeOf(value) });
        else if (keys.get(k).type !== typeOf(value)) keys.get(k).type = "string";
      }
    }
  };
  collect(nodes, "node", ["id"]);
  collect(edges, "edge", ["id", "source", "target"]);
  const data = (item, domain, skip) => Object.entries(item)
    .filter(([name, value]) => !skip.includes(name) && value !== null && value !== undefined && value !== "")
    .map(([name, value]) => `      <data key="${xml(keys.get(`${domain}|${name}`).id)}">${xml(
      typeof value === "object" ? JSON.stringify(value) : value)}</data>`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"',
    '         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '         xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  if (description) lines.push(`  <desc>${xml(description)}</desc>`);
  for (const k of keys.values()) {
    lines.push(`  <key id="${xml(k.id)}" for="${k.for}" attr.name="${xml(k.name)}" attr.type="${k.type}"/>`);
  }
  lines.push('  <graph id="G" edgedefault="directed">');
  for (const n of nodes) {
    lines.push(`    <node id="${xml(n.id)}">`, ...data(n, "node", ["id"]), "    </node>");
  }
  for (const e of edges) {
    lines.push(`    <edge id="${xml(e.id)}" source="${xml(e.source)}" target="${xml(e.target)}">`,
      ...data(e, "edge", ["id", "source", "target"]), "    </edge>");
  }
  lines.push("  </graph>", "</graphml>", "");
  return lines.join("\n");
}

/** GraphML of what a Cytoscape.js graph shows (the "more…" placeholders left out). */
export function cyToGraphML(cy, description) {
  const keep = (d) => Object.fromEntries(Object.entries(d).filter(([k]) => !["color", "shape", "short"].includes(k)));
  const nodes = cy.nodes().filter((n) => !n.hasClass("more")).map((n) => keep(n.data()));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = cy.edges().filter((e) => ids.has(e.data("source")) && ids.has(e.data("target")))
    .map((e) => keep(e.data()));
  return toGraphML({ nodes, edges, description });
}

export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An SVG element drawn into a PNG blob (the timeline; graphs use cy.png()). */
export async function svgToPng(svg, scale = 2) {
  const clone = svg.cloneNode(true);
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  const text = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error("the timeline could not be drawn as an image"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A JavaScript value as a GraphQL literal: strings quoted, input objects with bare field names. */
export function literal(value) {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(", ")}}`;
  }
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/**
 * A query that runs as it is (paste it into GraphiQL): the operation's variable definitions removed and each
 * `$name` replaced by its value.
 */
export function inlineQuery(query, variables = {}) {
  let out = query.replace(/^(\s*(?:query|mutation)\s+\w+)\s*\(([^)]*)\)/m, "$1");
  out = out.replace(/\$(\w+)/g, (_, name) => literal(variables[name]));
  return out;
}

/** Copy text to the clipboard (the async API, else the old execCommand way). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand("copy");
    ta.remove();
    return ok;
  }
}

export function slug(text) {
  return String(text || "view").normalize("NFKD").replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60)
    || "view";
}
