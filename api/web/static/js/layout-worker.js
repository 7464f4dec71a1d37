// ForceAtlas2 in a web worker: the iteration and helpers of graphology-layout-forceatlas2 (npm, CommonJS files
// loaded with importScripts). In: {nodes: [[x, y, size, pinned]], edges: [[s, t]], ms}. Out: {xy, last}.
/* eslint-env worker */
self.module = { exports: {} };
self.exports = self.module.exports;
importScripts("/vendor/fa2-iterate.js");
const iterate = self.module.exports;
self.module = { exports: {} };
self.exports = self.module.exports;
importScripts("/vendor/fa2-defaults.js");
const defaults = self.module.exports;

const PPN = 10; // properties per node in the FA2 node matrix (see graphology-layout-forceatlas2/helpers.js)
const PPE = 3;

self.onmessage = (ev) => {
  const { nodes, edges, ms } = ev.data;
  const order = nodes.length;
  const N = new Float32Array(order * PPN);
  const E = new Float32Array(edges.length * PPE);
  const degree = new Float32Array(order);
  for (const [s, t] of edges) {
    degree[s] += 1;
    degree[t] += 1;
  }
  nodes.forEach(([x, y, size, pinned], i) => {
    const j = i * PPN;
    N[j] = x;
    N[j + 1] = y;
    N[j + 6] = 1 + degree[i]; // mass
    N[j + 7] = 1; // convergence
    N[j + 8] = size;
    N[j + 9] = pinned;
  });
  edges.forEach(([s, t], i) => {
    E[i * PPE] = s * PPN;
    E[i * PPE + 1] = t * PPN;
    E[i * PPE + 2] = 1;
  });
  const settings = { ...defaults, barnesHutOptimize: order > 500, scalingRatio: order > 500 ? 20 : 8, gravity: 1,
    adjustSizes: false, slowDown: 1 + Math.log(order) };
  const start = performance.now();
  let posted = start;
  let last = false;
  while (!last) {
    for (let k = 0; k < 5; k++) iterate(settings, N, E);
    const now = performance.now();
    last = now - start > ms;
    if (!last && now - posted < 250) continue; // the page redraws four times a second at most
    posted = now;
    const xy = new Float32Array(order * 2);
    for (let i = 0; i < order; i++) {
      xy[2 * i] = N[i * PPN];
      xy[2 * i + 1] = N[i * PPN + 1];
    }
    self.postMessage({ xy, last }, [xy.buffer]);
  }
};
