// How each kind of node looks, in the graphs and in the legend (one table for both).
import { h, s } from "./dom.js";

/** kind -> {label, group, color, shape}; `shape` is a Cytoscape.js node shape. */
export const KINDS = {
  Item: { group: "Item", color: "#d9480f", shape: "round-rectangle", text: "Item (launcher, rifle, lot)" },
  WeaponSystem: { group: "WeaponSystem", color: "#7048e8", shape: "hexagon", text: "Weapon system" },
  Shipment: { group: "Shipment", color: "#0b7285", shape: "barrel", text: "Shipment" },
  MilitaryUnit: { group: "Actor", color: "#2b8a3e", shape: "pentagon", text: "Military unit" },
  ArmedGroup: { group: "Actor", color: "#c92a2a", shape: "octagon", text: "Armed group" },
  Organization: { group: "Actor", color: "#1864ab", shape: "cut-rectangle", text: "Organization" },
  Company: { group: "Actor", color: "#a61e4d", shape: "rhomboid", text: "Company" },
  Person: { group: "Actor", color: "#d6336c", shape: "ellipse", text: "Person" },
  Country: { group: "Actor", color: "#343a40", shape: "star", text: "Country" },
  Depot: { group: "Location", color: "#5c940d", shape: "triangle", text: "Depot" },
  Hub: { group: "Location", color: "#1098ad", shape: "diamond", text: "Logistics hub" },
  BorderCrossing: { group: "Location", color: "#862e9c", shape: "vee", text: "Border crossing" },
  Place: { group: "Location", color: "#868e96", shape: "round-tag", text: "Place" },
};
const OTHER = { group: "Other", color: "#adb5bd", shape: "ellipse", text: "Other" };

/** The look of a node from its label and kind (a weapon system's kind is its category: ATGM...). */
export function lookOf(label, kind) {
  if (label === "WeaponSystem") return KINDS.WeaponSystem;
  if (label === "Item") return KINDS.Item;
  if (label === "Shipment") return KINDS.Shipment;
  return KINDS[kind] || OTHER;
}

/** The label of an id ("item:JAV0042" -> "Item"), for ids we have not loaded yet. */
export function labelOfId(id) {
  const prefix = String(id).split(":", 1)[0];
  return { item: "Item", actor: "Actor", location: "Location", shipment: "Shipment", weaponsystem: "WeaponSystem" }[
    prefix] || null;
}

const SHAPES = {
  "round-rectangle": () => s("rect", { x: 1, y: 3, width: 18, height: 14, rx: 4 }),
  barrel: () => s("path", { d: "M3,2 Q10,0 17,2 Q19.5,10 17,18 Q10,20 3,18 Q0.5,10 3,2 Z" }),
  hexagon: () => s("polygon", { points: "5,2 15,2 19.5,10 15,18 5,18 0.5,10" }),
  pentagon: () => s("polygon", { points: "10,1 19,7.5 15.5,19 4.5,19 1,7.5" }),
  octagon: () => s("polygon", { points: "6,1 14,1 19,6 19,14 14,19 6,19 1,14 1,6" }),
  "cut-rectangle": () => s("polygon", { points: "4,3 16,3 19,6 19,14 16,17 4,17 1,14 1,6" }),
  rhomboid: () => s("polygon", { points: "5,3 19,3 15,17 1,17" }),
  ellipse: () => s("circle", { cx: 10, cy: 10, r: 8.5 }),
  star: () => s("polygon", { points: "10,1 12.4,7.2 19,7.2 13.6,11.3 15.6,18.5 10,14.2 4.4,18.5 6.4,11.3 1,7.2 7.6,7.2" }),
  triangle: () => s("polygon", { points: "10,1.5 19,18.5 1,18.5" }),
  diamond: () => s("polygon", { points: "10,1 19,10 10,19 1,10" }),
  vee: () => s("polygon", { points: "1,2 10,8 19,2 10,19" }),
  "round-tag": () => s("polygon", { points: "1,4 13,4 19,10 13,16 1,16", "stroke-linejoin": "round" }),
};

/** A 20×20 SVG of a kind's shape in its colour (legend, lists). */
export function swatch(look, size = 16) {
  const shape = (SHAPES[look.shape] || SHAPES.ellipse)();
  shape.setAttribute("fill", look.color);
  return s("svg", { class: "swatch", width: size, height: size, viewBox: "0 0 20 20", "aria-hidden": "true" }, shape);
}

const SHAPE_URLS = new Map();

/** A kind's shape as an SVG data URL, opaque on transparent: the WebGL graph draws each node as its shape
 * filled with the node's colour (Sigma's image program in "color" mode), like the legend's swatches. */
export function shapeUrl(look) {
  if (!SHAPE_URLS.has(look.shape)) {
    const svg = s("svg", { width: 64, height: 64, viewBox: "0 0 20 20" }, (SHAPES[look.shape] || SHAPES.ellipse)());
    SHAPE_URLS.set(look.shape,
      `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`);
  }
  return SHAPE_URLS.get(look.shape);
}

/** The legend: every node kind, and the edge styles of the graph views. */
export function legend({ edges = [] } = {}) {
  const groups = [
    ["Items and shipments", ["Item", "WeaponSystem", "Shipment"]],
    ["Actors", ["MilitaryUnit", "ArmedGroup", "Organization", "Company", "Person", "Country"]],
    ["Locations", ["Depot", "Hub", "BorderCrossing", "Place"]],
  ];
  return h("section.legend", { "aria-label": "Legend" },
    h("h2", {}, "Legend"),
    groups.map(([title, kinds]) => h("div.legend-group", {},
      h("h3", {}, title),
      h("ul", {}, kinds.map((k) => h("li", {}, swatch(KINDS[k]), " ", KINDS[k].text))))),
    edges.length ? h("div.legend-group", {}, h("h3", {}, "Links"),
      h("ul", {}, edges.map(([cls, text]) => h("li", {}, h(`span.edge-swatch.${cls}`, { "aria-hidden": "true" }), " ",
        text)))) : null);
}
