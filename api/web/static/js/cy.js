// Cytoscape.js: loaded from this server (npm package, /vendor/...) on first use, and the shared look.
import { ApiError } from "./api.js";

let loading = null;

export function loadCytoscape() {
  if (!loading) {
    loading = import("/vendor/cytoscape.esm.min.mjs").then((m) => m.default).catch(() => {
      loading = null;
      throw new ApiError([{ code: "ASSETS_MISSING",
        message: "the graph library is not installed on this server: run `make web-assets` (npm ci in api/web)" }]);
    });
  }
  return loading;
}

/** The stylesheet of every graph view; node look comes from data(color)/data(shape) (see kinds.js). */
export const STYLE = [
  { selector: "node", style: {
    "background-color": "data(color)", shape: "data(shape)", label: "data(short)", width: 26, height: 26,
    "font-size": 10, "font-family": "system-ui, sans-serif", color: "#212529", "text-valign": "bottom",
    "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": "130px", "text-background-color": "#ffffff",
    "text-background-opacity": 0.85, "text-background-padding": "1px", "border-width": 1.5, "border-color": "#ffffff",
    "min-zoomed-font-size": 6 } },
  { selector: "node.expanded", style: { "border-color": "#212529", "border-width": 2 } },
  { selector: "node.focus", style: { width: 40, height: 40, "border-width": 4, "border-color": "#fab005",
    "font-size": 12, "font-weight": "bold" } },
  { selector: "node.more", style: { shape: "round-rectangle", "background-color": "#f1f3f5", "border-color": "#495057",
    "border-style": "dashed", "border-width": 1, "text-valign": "center", "text-margin-y": 0, width: 78, height: 22,
    "font-size": 10, color: "#212529", "text-background-opacity": 0 } },
  { selector: "node:selected", style: { "overlay-color": "#fab005", "overlay-opacity": 0.3, "overlay-padding": 6 } },
  { selector: "edge", style: {
    width: 1.5, "line-color": "#868e96", "target-arrow-color": "#868e96", "target-arrow-shape": "triangle",
    "arrow-scale": 0.8, "curve-style": "bezier", label: "data(label)", "font-size": 8,
    "font-family": "system-ui, sans-serif", color: "#343a40", "text-rotation": "autorotate",
    "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": "1px",
    "min-zoomed-font-size": 7 } },
  { selector: "edge.relation", style: { "line-color": "#4263eb", "target-arrow-color": "#4263eb" } },
  { selector: "edge.event", style: { "line-color": "#e8590c", "target-arrow-color": "#e8590c" } },
  { selector: "edge.event-from", style: { "line-style": "dashed" } },
  { selector: "edge.event-at", style: { "line-style": "dotted", "target-arrow-shape": "none" } },
  { selector: "edge.contains", style: { "line-color": "#0b7285", "target-arrow-color": "#0b7285" } },
  { selector: "edge.more", style: { "line-style": "dashed", "line-color": "#ced4da", "target-arrow-shape": "none",
    label: "" } },
  { selector: ".faded", style: { opacity: 0.18 } },
  { selector: "edge.path", style: { width: 4, "line-color": "#f08c00", "target-arrow-color": "#f08c00", opacity: 1,
    "z-index": 10 } },
  { selector: "node.path", style: { "border-color": "#f08c00", "border-width": 4, opacity: 1 } },
  { selector: "edge.unauthorised, edge.break", style: { "line-color": "#c92a2a", "target-arrow-color": "#c92a2a",
    width: 3 } },
];

/** Wait for the first frame drawn after the elements are in (the first meaningful paint). */
export function afterRender(cy) {
  return new Promise((resolve) => {
    cy.one("render", () => requestAnimationFrame(() => resolve(performance.now())));
    cy.forceRender?.();
  });
}

/** Fit the graph in view, but never zoom in past `max` (a few nodes would otherwise fill the screen). */
export function fitCapped(cy, padding = 30, max = 1.15) {
  cy.fit(undefined, padding);
  if (cy.zoom() > max) {
    cy.zoom(max);
    cy.center();
  }
}
