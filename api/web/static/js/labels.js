// Edge labels placed without overlap (Cytoscape.js graphs): each label goes to the first spot near its edge's
// middle that is clear of the labels placed before it and of the nodes and their names.

const overlaps = (a, b) => a.x1 < b.x2 && a.x2 > b.x1 && a.y1 < b.y2 && a.y2 > b.y1;

/** A label box of `text` at `size` px centred on (x, y), in model units. */
function box(x, y, text, size) {
  const w = text.length * size * 0.6 + 6;
  const hgt = size + 5;
  return { x1: x - w / 2, x2: x + w / 2, y1: y - hgt / 2, y2: y + hgt / 2 };
}

/**
 * Place the labels of `edges` (a Cytoscape collection) so that none overlaps another or a node of `nodes`;
 * sets text-margin-x/y and unrotated text on each edge. Returns the boxes (for tests and debugging).
 */
export function placeEdgeLabels(edges, nodes, size = 10) {
  const blocked = [];
  nodes.forEach((n) => {
    const p = n.position();
    const w = n.width() / 2 + 2;
    blocked.push({ x1: p.x - w, x2: p.x + w, y1: p.y - w, y2: p.y + w });
    const name = String(n.data("short") || "");
    if (name) {
      const lw = Math.min(130, name.length * 10 * 0.6) / 2 + 3;
      blocked.push({ x1: p.x - lw, x2: p.x + lw, y1: p.y + w, y2: p.y + w + 16 });
    }
  });
  const placed = [];
  const order = edges.sort((a, b) => a.midpoint().y - b.midpoint().y || a.midpoint().x - b.midpoint().x);
  order.forEach((e) => {
    const text = String(e.data("label") || "");
    const s = e.source().position();
    const t = e.target().position();
    const len = Math.hypot(t.x - s.x, t.y - s.y) || 1;
    const nx = -(t.y - s.y) / len;
    const ny = (t.x - s.x) / len;
    const mid = e.midpoint();
    let best = null;
    for (const along of [0, -0.15, 0.15, -0.3, 0.3]) {
      for (const off of [0, 14, -14, 28, -28, 42, -42, 60, -60]) {
        const x = mid.x + along * (t.x - s.x) + nx * off;
        const y = mid.y + along * (t.y - s.y) + ny * off;
        const b = box(x, y, text, size);
        if (!placed.some((p) => overlaps(p, b)) && !blocked.some((p) => overlaps(p, b))) {
          best = { x, y, b };
          break;
        }
      }
      if (best) break;
    }
    if (!best) { // nowhere clear: below everything placed so far near the middle
      const y = Math.max(mid.y, ...placed.map((p) => p.y2 + size)) + 2;
      best = { x: mid.x, y, b: box(mid.x, y, text, size) };
    }
    placed.push(best.b);
    e.style({ "text-rotation": "none", "text-margin-x": best.x - mid.x, "text-margin-y": best.y - mid.y });
  });
  return placed;
}

/** Undo placeEdgeLabels. */
export function resetEdgeLabels(edges) {
  edges.removeStyle("text-rotation text-margin-x text-margin-y");
}
