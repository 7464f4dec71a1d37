// Edge labels placed without overlap (Cytoscape.js graphs): each label goes to the first spot near its edge's
// middle that is clear of the labels placed before it and of the nodes and their names.

const overlaps = (a, b) => a.x1 < b.x2 && a.x2 > b.x1 && a.y1 < b.y2 && a.y2 > b.y1;

/** A label box of w×hgt centred on (x, y), with a little air, in model units. */
function box(x, y, w, hgt) {
  return { x1: x - w / 2 - 2, x2: x + w / 2 + 2, y1: y - hgt / 2 - 1, y2: y + hgt / 2 + 1 };
}

/**
 * Place the labels of `edges` (a Cytoscape collection) so that none overlaps another or a node of `nodes`;
 * sets text-margin-x/y and unrotated text on each edge. Returns the boxes (for tests and debugging).
 */
export function placeEdgeLabels(edges, nodes, size = 10) {
  const blocked = [];
  nodes.forEach((n) => {
    const body = n.boundingBox({ includeLabels: false });
    const pad = 8; // room for the selection halo drawn around a node
    blocked.push({ x1: body.x1 - pad, x2: body.x2 + pad, y1: body.y1 - pad, y2: body.y2 + pad });
    const all = n.boundingBox({ includeLabels: true, includeOverlays: false });
    blocked.push({ x1: all.x1 - 2, x2: all.x2 + 2, y1: all.y1 - 2, y2: all.y2 + 2 });
  });
  // each label's real size: drawn unrotated in the middle first, then measured
  edges.style({ "text-rotation": "none", "text-margin-x": 0, "text-margin-y": 0 });
  const sizeOf = new Map(edges.map((e) => {
    const b = e.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
    const text = String(e.data("label") || "");
    return [e.id(), b.w > 0 ? [b.w, b.h] : [text.length * size * 0.62 + 4, size + 4]];
  }));
  const placed = [];
  const order = edges.sort((a, b) => a.midpoint().y - b.midpoint().y || a.midpoint().x - b.midpoint().x);
  order.forEach((e) => {
    const [w, hgt] = sizeOf.get(e.id());
    const s = e.source().position();
    const t = e.target().position();
    const len = Math.hypot(t.x - s.x, t.y - s.y) || 1;
    const nx = -(t.y - s.y) / len;
    const ny = (t.x - s.x) / len;
    const mid = e.midpoint();
    const clear = (b) => !placed.some((p) => overlaps(p, b)) && !blocked.some((p) => overlaps(p, b));
    let best = null;
    // near the middle first, across the edge, then along it, then ever further out
    search: for (let off = 0; off <= 160; off += 12) {
      for (const along of [0, -0.15, 0.15, -0.3, 0.3, -0.4, 0.4]) {
        for (const sign of off ? [1, -1] : [1]) {
          const x = mid.x + along * (t.x - s.x) + nx * off * sign;
          const y = mid.y + along * (t.y - s.y) + ny * off * sign;
          const b = box(x, y, w, hgt);
          if (clear(b)) {
            best = { x, y, b };
            break search;
          }
        }
      }
    }
    for (let k = 1; !best && k < 200; k++) { // nowhere near: straight up or down from the middle until clear
      for (const dy of [k * 8, -k * 8]) {
        const b = box(mid.x, mid.y + dy, w, hgt);
        if (clear(b)) {
          best = { x: mid.x, y: mid.y + dy, b };
          break;
        }
      }
    }
    if (!best) best = { x: mid.x, y: mid.y, b: box(mid.x, mid.y, w, hgt) };
    placed.push(best.b);
    e.style({ "text-rotation": "none", "text-margin-x": best.x - mid.x, "text-margin-y": best.y - mid.y });
  });
  return placed;
}

/** Undo placeEdgeLabels. */
export function resetEdgeLabels(edges) {
  edges.removeStyle("text-rotation text-margin-x text-margin-y");
}
