// Sigma.js (WebGL) with graphology, loaded from this server (npm packages, /vendor/...) on first use;
// the ForceAtlas2 layout of graphology-layout-forceatlas2 runs in a web worker (layout-worker.js).
import { ApiError } from "./api.js";

let loading = null;

/** {Sigma, Graph}: the UMD builds set globals when imported as modules (no bundler, no CDN). */
export function loadSigma() {
  if (!loading) {
    loading = Promise.all([import("/vendor/graphology.umd.min.js"), import("/vendor/sigma.min.js")])
      .then(() => ({ Sigma: globalThis.Sigma, Graph: globalThis.graphology.Graph }))
      .catch(() => {
        loading = null;
        throw new ApiError([{ code: "ASSETS_MISSING",
          message: "the graph library is not installed on this server: run `make web-assets` (npm ci in api/web)" }]);
      });
  }
  return loading;
}

/**
 * Run ForceAtlas2 on `graph` in a worker for at most `ms` milliseconds, moving the nodes as it goes
 * (positions are read back every batch of iterations). `pinned` node ids do not move. Resolves when done;
 * the returned object's `stop()` ends it early.
 */
export function forceLayout(graph, { ms = 1500, pinned = new Set(), onStep = () => {} } = {}) {
  const ids = graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const nodes = ids.map((id) => {
    const a = graph.getNodeAttributes(id);
    return [a.x, a.y, a.size || 1, pinned.has(id) ? 1 : 0];
  });
  const edges = [];
  graph.forEachEdge((e, a, s, t) => edges.push([index.get(s), index.get(t)]));
  const worker = new Worker("/static/js/layout-worker.js");
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  const stop = () => {
    worker.terminate();
    done();
  };
  worker.onmessage = (ev) => {
    const xy = ev.data.xy;
    for (let i = 0; i < ids.length; i++) {
      if (graph.hasNode(ids[i])) graph.mergeNodeAttributes(ids[i], { x: xy[2 * i], y: xy[2 * i + 1] });
    }
    onStep();
    if (ev.data.last) stop();
  };
  worker.onerror = () => stop();
  worker.postMessage({ nodes, edges, ms });
  return { finished, stop };
}

/** The drawn layers of a Sigma renderer as one PNG blob on white (WebGL layers are read right after a refresh). */
export function sigmaPng(renderer, scale = 2) {
  renderer.refresh();
  const layers = renderer.getCanvases();
  const { width, height } = renderer.getDimensions();
  const out = document.createElement("canvas");
  out.width = width * scale;
  out.height = height * scale;
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  for (const name of ["edges", "nodes", "edgeLabels", "labels", "hovers", "hoverNodes"]) {
    if (layers[name]) ctx.drawImage(layers[name], 0, 0, out.width, out.height);
  }
  return new Promise((resolve) => out.toBlob(resolve, "image/png"));
}
