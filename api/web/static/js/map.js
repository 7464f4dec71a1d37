// The map panel: an item's route through located depots, crossings and places in time order, over Natural
// Earth country outlines (world-atlas, decoded by topojson-client; both npm packages served by this server).
// No tiles, no network beyond this server: an SVG with an equirectangular projection scaled by the cosine of
// the middle latitude, fitted to the route.
import { ApiError } from "./api.js";
import { h, s, span } from "./dom.js";

let outlines = null;

/** Country outlines as GeoJSON features (loaded once). */
export function loadOutlines() {
  if (!outlines) {
    outlines = Promise.all([import("/vendor/topojson-client.min.js"),
      fetch("/vendor/countries-110m.json").then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json();
      })])
      .then(([, topo]) => globalThis.topojson.feature(topo, topo.objects.countries).features)
      .catch(() => {
        outlines = null;
        throw new ApiError([{ code: "ASSETS_MISSING",
          message: "the map's country outlines are not installed on this server: run `make web-assets`" }]);
      });
  }
  return outlines;
}

/**
 * Stops of a route from a custody chain: one per segment with a location, in time order, with the anomalies
 * of that segment. Located stops have {lat, lon}; the others are listed as without coordinates.
 */
export function routeStops(chain) {
  const flagged = new Map();
  for (const a of chain.anomalies || []) {
    for (const i of a.segments || []) {
      if (!flagged.has(i)) flagged.set(i, []);
      flagged.get(i).push(a.kind);
    }
  }
  const stops = [];
  for (const sg of chain.segments || []) {
    if (!sg.location) continue;
    const loc = sg.location;
    const last = stops[stops.length - 1];
    const anomalies = flagged.get(sg.index) || [];
    if (last && last.id === loc.id) {
      last.anomalies.push(...anomalies);
      last.end = sg.end;
      last.segments.push(sg.index);
      continue;
    }
    stops.push({ id: loc.id, name: loc.name, kind: loc.kind, lat: loc.latitude ?? null, lon: loc.longitude ?? null,
      start: sg.start, end: sg.end, anomalies: [...anomalies], segments: [sg.index],
      holder: sg.holder ? sg.holder.name : null });
  }
  return stops;
}

function ringsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

/** The map of `stops` (see routeStops) as an element: an SVG, the numbered stops, those without coordinates. */
export async function routeMap(stops, { width = 640, height = 300, title = "Route" } = {}) {
  const located = stops.filter((st) => Number.isFinite(st.lat) && Number.isFinite(st.lon));
  const unlocated = stops.filter((st) => !located.includes(st));
  const panel = h("section.map-panel", { "aria-label": `${title} on a map` });
  panel.append(h("h2.sub", {}, title));
  if (!located.length) {
    panel.append(h("p.muted.no-coordinates", {}, stops.length
      ? "No coordinates for any place on this route, so no map: the store has no latitude and longitude for them."
      : "No place is known on this route."));
    if (stops.length) panel.append(unlocatedList(unlocated));
    return panel;
  }
  const features = await loadOutlines();
  // the view: the route's box, at least 6° across, padded
  let [w, e, so, n] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const st of located) {
    w = Math.min(w, st.lon);
    e = Math.max(e, st.lon);
    so = Math.min(so, st.lat);
    n = Math.max(n, st.lat);
  }
  const midLat = (so + n) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  let spanX = Math.max(6, (e - w) * 1.4);
  let spanY = Math.max(4, (n - so) * 1.4);
  if (spanY > (spanX * k * height) / width) spanX = (spanY * width) / (height * k); // degrees of longitude are
  else spanY = (spanX * k * height) / width; // shorter by cos(latitude)
  const cx = (w + e) / 2;
  const cy = (so + n) / 2;
  const x = (lon) => ((lon - cx) / spanX + 0.5) * width;
  const Y = (lat) => (0.5 - (lat - cy) / spanY) * height;
  const svg = s("svg", { class: "map-svg", viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img",
    "aria-label": `${title}: ${located.map((st) => st.name).join(", then ")}`, "font-family": "system-ui, sans-serif" });
  svg.append(s("rect", { x: 0, y: 0, width, height, fill: "#e7f5ff" }));
  const land = s("g", { class: "countries", fill: "#f8f9fa", stroke: "#adb5bd", "stroke-width": 0.7 });
  for (const f of features) {
    const d = ringsOf(f.geometry).map((ring) => {
      let out = "";
      let prev = null;
      for (const [lon, lat] of ring) {
        const px = x(lon);
        out += `${prev === null || Math.abs(lon - prev) > 180 ? "M" : "L"}${px.toFixed(1)},${Y(lat).toFixed(1)}`;
        prev = lon;
      }
      return `${out}Z`;
    }).join("");
    if (d) land.append(s("path", { d }, s("title", {}, f.properties && f.properties.name ? f.properties.name : "")));
  }
  svg.append(land);
  // the route: a line from stop to stop, an arrow at each leg's middle
  const pts = located.map((st) => [x(st.lon), Y(st.lat)]);
  const arrows = []; // the arrows' places: labels keep off them
  const trail = []; // points every 4 px along the route: labels keep off the line where they can
  for (let i = 1; i < pts.length; i++) {
    const [x0, y0] = pts[i - 1];
    const [x1, y1] = pts[i];
    const n = Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 4);
    for (let k = 0; k <= n; k++) trail.push([x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n]);
  }
  if (pts.length > 1) {
    svg.append(s("polyline", { class: "route", points: pts.map((p) => p.join(",")).join(" "), fill: "none",
      stroke: "#e8590c", "stroke-width": 2.5, "stroke-linejoin": "round", "stroke-dasharray": unlocated.length ? "6 3" : null }));
    for (let i = 1; i < pts.length; i++) {
      const [x0, y0] = pts[i - 1];
      const [x1, y1] = pts[i];
      const a = (Math.atan2(y1 - y0, x1 - x0) * 180) / Math.PI;
      arrows.push([(x0 + x1) / 2, (y0 + y1) / 2]);
      svg.append(s("path", { d: "M-6,-5 L6,0 L-6,5 Z", fill: "#e8590c",
        transform: `translate(${((x0 + x1) / 2).toFixed(1)},${((y0 + y1) / 2).toFixed(1)}) rotate(${a.toFixed(1)})` }));
    }
  }
  // the stops: numbered in time order, anomalies in red; labels on the side with room, never on top of each other
  const taken = [];
  located.forEach((st, i) => {
    const [px, py] = pts[i];
    const bad = st.anomalies.length > 0;
    const g = s("g", { class: `stop${bad ? " anomaly" : ""}`, "data-id": st.id, "data-kind": st.anomalies.join(" ") });
    g.append(s("title", {}, `${i + 1}. ${st.name}${st.holder ? ` (held by ${st.holder})` : ""}, ${
      span(st.start, st.end, "open") || "dates unknown"}${bad ? `; anomalies: ${st.anomalies.join(", ")}` : ""}`));
    g.append(s("circle", { cx: px, cy: py, r: 9, fill: bad ? "#c92a2a" : "#1c7ed6", stroke: "#ffffff", "stroke-width": 2 }));
    g.append(s("text", { x: px, y: py + 3.5, "text-anchor": "middle", "font-size": 10, "font-weight": 700,
      fill: "#ffffff" }, String(i + 1)));
    const text = `${st.name}${bad ? " ⚠" : ""}`;
    const tw = text.length * 6.2 + 6;
    const options = [[12, -4, "start"], [-12, -4, "end"], [12, 14, "start"], [-12, 14, "end"], [-tw / 2, -16, "start"],
      [-tw / 2, 26, "start"]];
    let chosen = options[0];
    for (const o of options) {
      const lx = o[2] === "start" ? px + o[0] : px + o[0] - tw;
      const box = [lx, py + o[1] - 11, lx + tw, py + o[1] + 3];
      const clash = taken.some((b) => !(box[2] < b[0] || box[0] > b[2] || box[3] < b[1] || box[1] > b[3])) ||
        [...pts, ...arrows].some(([qx, qy]) => qx + 9 > box[0] && qx - 9 < box[2] && qy + 9 > box[1] && qy - 9 < box[3]) ||
        trail.some(([qx, qy]) => qx > box[0] && qx < box[2] && qy > box[1] && qy < box[3]);
      const inside = box[0] >= 2 && box[2] <= width - 2 && box[1] >= 2 && box[3] <= height - 2;
      if (!clash && inside) {
        chosen = o;
        taken.push(box);
        break;
      }
    }
    g.append(s("text", { x: px + chosen[0], y: py + chosen[1], "text-anchor": chosen[2], "font-size": 11,
      "font-weight": 600, fill: bad ? "#c92a2a" : "#212529", stroke: "#ffffff", "stroke-width": 3,
      "paint-order": "stroke" }, text));
    svg.append(g);
  });
  svg.append(s("text", { x: width - 6, y: height - 6, "text-anchor": "end", "font-size": 9, fill: "#868e96" },
    "Country outlines: Natural Earth (world-atlas)"));
  panel.append(svg);
  panel.append(h("ol.map-stops", {}, located.map((st) => h("li", { class: st.anomalies.length ? "anomaly" : "" },
    `${st.name}`, h("span.muted", {}, ` · ${span(st.start, st.end, "open") || "dates unknown"}`),
    st.anomalies.length ? h("span.badge.anomaly", {}, ` ${st.anomalies.join(", ")}`) : null))));
  if (unlocated.length) panel.append(unlocatedList(unlocated));
  return panel;
}

function unlocatedList(stops) {
  return h("p.muted.no-coordinates", {}, "No coordinates (not on the map): ",
    [...new Set(stops.map((st) => st.name))].join(", "));
}
