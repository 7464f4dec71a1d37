// Exports of the current view: files from the server's GET /export (GraphML, GEXF, CSV, FollowTheMoney: every
// node and edge with its evidence and validity, restricted evidence left out for viewers), PNG drawn here, and
// the GraphQL query behind the view.
import { ApiError, getKey } from "./api.js";

export const FORMATS = {
  graphml: { label: "GraphML" },
  gexf: { label: "GEXF" },
  csv: { label: "CSV" },
  ftm: { label: "FollowTheMoney" },
};

/**
 * What the server should export for a page route ({name, id, params} as main.js parses the URL hash), or null
 * (the home page has nothing to export).
 */
export function exportRequest({ name, id, params = {} }) {
  const pick = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ""));
  if (name === "item" && id) return pick({ view: "chain", id, asOf: params.asOf });
  if (name === "entity" && id) return pick({ view: "neighbourhood", id, hops: params.hops || 1 });
  if (name === "reach" && id) {
    return pick({ view: "reach", id, maxHops: params.hops === undefined || params.hops === "" ? 3 : params.hops,
      from: params.from, to: params.to });
  }
  if (name === "alerts") return pick({ view: "alerts", asOf: params.asOf, kind: params.kind });
  return null;
}

function filenameOf(res, fallback) {
  const m = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
  return m ? m[1] : fallback;
}

/** Fetch GET /export with the API key; resolves to {blob, filename}, rejects with ApiError like gql(). */
export async function fetchExport(format, request) {
  const url = `/export?${new URLSearchParams({ format, ...request }).toString()}`;
  const headers = {};
  const key = getKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch(url, { headers, credentials: "omit" });
  } catch (err) {
    throw new ApiError([{ message: `the server could not be reached (${err.message})`, code: "NETWORK" }]);
  }
  if (!res.ok) {
    let errors = null;
    try {
      const body = await res.json();
      errors = (body.errors || []).map((e) => ({ message: e.message, code: (e.extensions && e.extensions.code)
        || `HTTP_${res.status}` }));
    } catch {
      errors = null;
    }
    throw new ApiError(errors && errors.length ? errors
      : [{ message: `the server answered HTTP ${res.status} ${res.statusText}`, code: `HTTP_${res.status}` }]);
  }
  return { blob: await res.blob(), filename: filenameOf(res, `custody-export.${format}`) };
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
