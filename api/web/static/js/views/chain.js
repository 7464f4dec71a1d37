// Item view: the custody chain as a timeline strip (one lane per holder, one column per segment), the
// anomalies marked where they happen, and each segment's evidence on click.
import { gql } from "../api.js";
import { append, fill, h, s, span, words } from "../dom.js";
import { inlineQuery, svgToPng } from "../export.js";
import { lookOf, swatch } from "../kinds.js";
import { routeMap, routeStops } from "../map.js";
import { CHAIN } from "../queries.js";

const FONT = "DejaVu Sans, system-ui, -apple-system, Segoe UI, sans-serif";
const ANOMALY = {
  break: { color: "#c92a2a", text: "break" },
  unauthorised_holder: { color: "#c92a2a", text: "unauthorised holder" },
  gap: { color: "#e67700", text: "gap" },
  conflict: { color: "#e67700", text: "conflict" },
  not_received: { color: "#862e9c", text: "not received" },
  overdue: { color: "#1864ab", text: "overdue" },
};
const anomalyLook = (kind) => ANOMALY[kind] || { color: "#495057", text: words(kind) };

function anomalyText(a) {
  const look = anomalyLook(a.kind);
  if (a.kind === "gap" || a.kind === "overdue") return a.days != null ? `${look.text} ${a.days} d` : look.text;
  if (a.kind === "not_received" && a.shipment) return `${look.text} (${a.shipment.ref})`;
  if (a.kind === "unauthorised_holder" && a.holder) return `${look.text}: ${a.holder.name}`;
  return look.text;
}

function clip(text, px, size = 11) {
  const max = Math.max(3, Math.floor(px / (size * 0.58)));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A place name in a bar: one line at 11 px, or two at 10 px broken at a space or dash (the rest clipped). */
function placeLines(text, px) {
  const one = Math.max(3, Math.floor(px / (11 * 0.58)));
  if (text.length <= one) return [text];
  const max = Math.max(3, Math.floor(px / (10 * 0.58)));
  let at = -1;
  for (let i = Math.min(max, text.length - 1); i > 0; i--) {
    if (" –-/".includes(text[i])) {
      at = i;
      break;
    }
  }
  const cut = at > 0 ? (text[at] === " " ? at : at + 1) : max;
  return [text.slice(0, cut).trim(), clip(text.slice(cut).trim(), px, 10)];
}

/** Up to two lines of at most `px` pixels (the second one clipped). */
function wrapText(text, px, size) {
  const max = Math.max(3, Math.floor(px / (size * 0.58)));
  if (text.length <= max) return [text];
  const cut = text.lastIndexOf(" ", max);
  const at = cut > max / 3 ? cut : max;
  return [text.slice(0, at).trim(), clip(text.slice(at).trim(), px, size)];
}

/** The timeline as an SVG: every style inline, so that the PNG export looks the same. */
function timeline(chain, width, onSelect) {
  const segs = chain.segments;
  const lanes = [];
  const laneOf = new Map();
  for (const sg of segs) {
    const key = sg.holder ? sg.holder.id : "__none__";
    if (!laneOf.has(key)) {
      laneOf.set(key, lanes.length);
      lanes.push(sg.holder || { id: "__none__", name: "no known holder", kind: "", label: "" });
    }
  }
  const LABEL_W = 200;
  const TOP = 58;
  const LANE_H = 46;
  const COL_W = Math.max(86, Math.min(190, Math.floor((width - LABEL_W - 16) / Math.max(1, segs.length))));
  const marks = chain.anomalies.map((a, i) => ({ ...a, n: i + 1,
    cols: a.segments.length ? a.segments : segs.length ? [segs.length - 1] : [] }));
  const W = LABEL_W + segs.length * COL_W + 16;
  const colX = (i) => LABEL_W + i * COL_W;
  // anomaly marks below the lanes, under the columns they concern (wider when their text needs it);
  // marks that would overlap go on another row
  const rows = [];
  for (const m of marks) {
    if (!m.cols.length) continue;
    m.text = `${m.n}. ${anomalyText(m)}`;
    const x = colX(Math.min(...m.cols)) + 6;
    const need = Math.ceil(m.text.length * 11 * 0.6) + 20;
    m.w = Math.min(Math.max(colX(Math.max(...m.cols)) + COL_W - 6 - x, need), W - 4 - x);
    m.x = m.w < need ? Math.max(LABEL_W, W - 4 - need) : x;
    m.w = Math.max(m.w, Math.min(need, W - 4 - m.x));
    let r = rows.findIndex((row) => row.every((o) => o.end + 4 < m.x || o.start > m.x + m.w + 4));
    if (r < 0) r = rows.push([]) - 1;
    rows[r].push({ start: m.x, end: m.x + m.w });
    m.row = r;
  }
  const lanesBottom = TOP + lanes.length * LANE_H;
  const H = lanesBottom + 16 + Math.max(1, rows.length) * 26 + 10;
  const barY = (lane) => TOP + lane * LANE_H + 8;
  const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "group",
    "aria-label": `Custody timeline of ${chain.item.name}: ${segs.length} segments, ${chain.anomalies.length} anomalies`,
    "font-family": FONT, class: "timeline-svg" });
  svg.append(s("rect", { x: 0, y: 0, width: W, height: H, fill: "#ffffff" }));

  // lanes
  lanes.forEach((holder, i) => {
    const y = TOP + i * LANE_H;
    svg.append(s("rect", { x: 0, y, width: W, height: LANE_H, fill: i % 2 ? "#f8f9fa" : "#ffffff" }));
    const look = lookOf(holder.label || "Actor", holder.kind);
    const g = s("g", { transform: `translate(8 ${y + LANE_H / 2 - 8})` });
    if (holder.id !== "__none__") g.append(swatch(look, 16));
    const lines = wrapText(holder.name, LABEL_W - 34, 12);
    lines.forEach((line, j) => g.append(s("text", { x: 22, y: 12.5 + (j - (lines.length - 1) / 2) * 14,
      "font-size": 12, fill: "#212529", "font-weight": 600 }, line)));
    g.append(s("title", {}, holder.kind ? `${holder.name} (${holder.kind})` : holder.name));
    svg.append(g);
  });
  svg.append(s("line", { x1: LABEL_W - 4, x2: LABEL_W - 4, y1: TOP - 6, y2: lanesBottom, stroke: "#ced4da" }));

  // column headers: segment number and dates
  segs.forEach((sg, i) => {
    const x = colX(i) + 6;
    svg.append(s("text", { x, y: 18, "font-size": 11, fill: "#495057", "font-weight": 700 }, `#${sg.index}`));
    svg.append(s("text", { x, y: 33, "font-size": 11, fill: "#212529" }, sg.start || "date unknown"));
    svg.append(s("text", { x, y: 47, "font-size": 11, fill: "#495057" }, `→ ${sg.end || "open"}`));
    if (chain.deliveredSegment === sg.index) {
      svg.append(s("line", { x1: colX(i) + 2, x2: colX(i) + 2, y1: 6, y2: lanesBottom, stroke: "#2b8a3e",
        "stroke-width": 1.5, "stroke-dasharray": "2 3" }));
      svg.append(s("text", { x: colX(i) + 6 + 30, y: 18, "font-size": 10, fill: "#2b8a3e" }, "delivered"));
    }
  });

  const flagged = new Map(); // segment index -> colour of the strongest anomaly on the bar itself
  for (const m of marks) {
    if (["unauthorised_holder", "conflict", "overdue", "not_received"].includes(m.kind)) {
      for (const c of m.cols) if (!flagged.has(c) || m.kind === "unauthorised_holder") flagged.set(c, anomalyLook(m.kind).color);
    }
  }
  const boundary = new Map(); // i -> anomaly between segment i-1 and i (break, gap)
  for (const m of marks) {
    if ((m.kind === "break" || m.kind === "gap") && m.cols.length === 2) boundary.set(Math.max(...m.cols), m);
  }

  // connectors between consecutive segments
  segs.forEach((sg, i) => {
    if (i === 0) return;
    const a = barY(laneOf.get(segs[i - 1].holder ? segs[i - 1].holder.id : "__none__")) + 15;
    const b = barY(laneOf.get(sg.holder ? sg.holder.id : "__none__")) + 15;
    const x0 = colX(i) - 6;
    const x1 = colX(i) + 6;
    const xm = colX(i);
    const m = boundary.get(i);
    const color = m ? anomalyLook(m.kind).color : "#868e96";
    svg.append(s("path", { d: `M${x0},${a} H${xm} V${b} H${x1}`, fill: "none", stroke: color,
      "stroke-width": m ? 2.5 : 1.5, "stroke-dasharray": m ? "5 3" : null }));
    if (m) {
      const y = (a + b) / 2;
      svg.append(s("circle", { cx: xm, cy: y, r: 8, fill: "#ffffff", stroke: color, "stroke-width": 2 }));
      svg.append(s("text", { x: xm, y: y + 4, "text-anchor": "middle", "font-size": 11, "font-weight": 700,
        fill: color }, m.kind === "break" ? "✕" : "…"));
      svg.append(s("text", { x: xm - 12, y: y + 4, "text-anchor": "end", "font-size": 11, "font-weight": 700,
        fill: color, stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke" },
      m.kind === "break" ? "break" : m.days != null ? `gap ${m.days} d` : "gap"));
    }
  });

  // bars
  const bars = [];
  segs.forEach((sg, i) => {
    const lane = laneOf.get(sg.holder ? sg.holder.id : "__none__");
    const x = colX(i) + 6;
    const y = barY(lane);
    const w = COL_W - 12;
    const look = sg.holder ? lookOf(sg.holder.label || "Actor", sg.holder.kind) : { color: "#adb5bd" };
    const flag = flagged.get(sg.index);
    const label = `Segment ${sg.index}: ${sg.holder ? sg.holder.name : "no known holder"}` +
      `${sg.location ? ` at ${sg.location.name}` : ""}, ${span(sg.start, sg.end, "open") || "dates unknown"}` +
      `${sg.inferred ? " (inferred: no event says when it got it)" : ""}` +
      `${flag ? `; anomalies: ${marks.filter((m) => m.cols.includes(sg.index)).map(anomalyText).join(", ")}` : ""}`;
    const g = s("g", { class: "bar", tabindex: 0, role: "button", "aria-label": label, "data-segment": sg.index });
    g.append(s("title", {}, label));
    g.append(s("rect", { x, y, width: w, height: 30, rx: 5, fill: look.color, "fill-opacity": sg.inferred ? 0.45 : 0.9,
      stroke: flag || (sg.inferred ? look.color : "#ffffff"), "stroke-width": flag ? 3 : 1.5,
      "stroke-dasharray": sg.inferred ? "5 3" : null }));
    if (!sg.end) {
      g.append(s("path", { d: `M${x + w - 2},${y + 6} l8,9 l-8,9 z`, fill: look.color, "fill-opacity": 0.9 }));
    }
    const place = placeLines(sg.location ? sg.location.name : "place unknown", w - 14);
    place.forEach((line, k) => g.append(s("text", { x: x + 7, y: place.length === 1 ? y + 19.5 : y + 13 + k * 11,
      "font-size": place.length === 1 ? 11 : 10, fill: sg.inferred ? "#212529" : "#ffffff", "font-weight": 600 }, line)));
    g.append(s("rect", { class: "focus-ring", x: x - 3, y: y - 3, width: w + 6, height: 36, rx: 7, fill: "none",
      stroke: "none" }));
    g.addEventListener("click", () => onSelect(sg.index));
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        onSelect(sg.index);
      }
    });
    svg.append(g);
    bars[sg.index] = g;
  });

  // anomaly marks, under the columns they concern
  svg.append(s("text", { x: 8, y: lanesBottom + 30, "font-size": 12, "font-weight": 700,
    fill: marks.length ? "#c92a2a" : "#2b8a3e" }, marks.length ? `⚠ ${marks.length} anomal${marks.length > 1 ? "ies" : "y"}`
    : "no anomalies"));
  for (const m of marks) {
    if (!m.cols.length) continue;
    const look = anomalyLook(m.kind);
    const { x, w, text } = m;
    const y = lanesBottom + 14 + m.row * 26;
    const g = s("g", { class: "anomaly-mark", "data-kind": m.kind, tabindex: 0, role: "button",
      "aria-label": `Anomaly ${m.n}: ${m.message}` });
    g.append(s("title", {}, m.message));
    g.append(s("rect", { x, y, width: w, height: 21, rx: 10, fill: "#ffffff", stroke: look.color, "stroke-width": 1.5 }));
    g.append(s("text", { x: x + 9, y: y + 14.5, "font-size": 11, "font-weight": 700, fill: look.color },
      clip(text, w - 14)));
    g.append(s("rect", { class: "focus-ring", x: x - 3, y: y - 3, width: w + 6, height: 27, rx: 12, fill: "none",
      stroke: "none" }));
    const pick = () => onSelect(m.cols[m.cols.length - 1]);
    g.addEventListener("click", pick);
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        pick();
      }
    });
    svg.append(g);
  }
  return { svg, bars };
}

function evidenceList(evidence, withheld) {
  return h("div.evidence", {},
    evidence.length ? h("ul", {}, evidence.map((ev) => h("li", {},
      h("blockquote", {}, ev.quote),
      h("p.source", {}, h("strong", {}, ev.document.title),
        ` · ${ev.document.kind}${ev.document.published ? ` · published ${ev.document.published}` : ""}`,
        ` · ${ev.locator} · ${ev.extractor} · confidence ${ev.confidence}`,
        ev.document.sensitivity === "restricted" ? h("span.badge.restricted", {}, "restricted") : null)))) :
      h("p.muted", {}, "No evidence you may see."),
    withheld ? h("p.muted", {}, `${withheld} more from restricted documents withheld from your key.`) : null);
}

export async function render(view, params, app) {
  const asOf = params.asOf || "";
  const stage = h("div.stage.chain-stage");
  const side = h("aside.side");
  view.append(stage, side);
  const variables = { item: params.id, asOf: asOf || null };
  const data = await gql(CHAIN, variables);
  const chain = data.custodyChain;
  const item = chain.item;
  app.subject(item.id, item.name);
  app.title(`Custody chain of ${item.name}`);

  const form = h("form.toolbar", { "aria-label": "Judge the chain as of" ,
    onsubmit: (ev) => {
      ev.preventDefault();
      const v = form.querySelector("input").value.trim();
      location.hash = `#/item/${encodeURIComponent(item.id)}${v ? `?asOf=${encodeURIComponent(v)}` : ""}`;
    } },
  h("label", { for: "as-of" }, "As of"),
  h("input", { id: "as-of", type: "text", inputmode: "numeric", placeholder: "today", value: asOf, title: "YYYY, YYYY-MM or YYYY-MM-DD; empty for today",
    pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 12 }),
  h("button", { type: "submit" }, "Apply"),
  h("span.spacer"),
  h("a.button", { href: `#/entity/${encodeURIComponent(item.id)}` }, "Neighbourhood graph"),
  h("a.button", { href: `#/reach/${encodeURIComponent(item.id)}` }, "Who could reach it"));

  const holders = h("ol.holders", { "aria-label": "Holders in order" },
    chain.holders.map((a) => h("li", { "data-id": a.id }, swatch(lookOf("Actor", a.kind), 14), " ",
      h("a", { href: `#/entity/${encodeURIComponent(a.id)}` }, a.name))));
  const wrap = h("div.timeline-wrap");
  const table = h("table.segments", {},
    h("caption", {}, "Segments"),
    h("thead", {}, h("tr", {}, ["#", "Holder", "Location", "From", "To", "Events", "Anomalies", ""].map((t) =>
      h("th", { scope: "col" }, t)))));
  const tbody = h("tbody");
  table.append(tbody);
  const mapSlot = h("div.map-slot");
  stage.append(form, h("h2.sub", {}, "Holders"), holders, wrap, mapSlot, table);
  try {
    mapSlot.append(await routeMap(routeStops(chain), { width: 960, height: 340, title: "Route on the map" }));
  } catch (err) {
    app.fail(err);
  }

  const detail = h("section.details", { "aria-label": "Segment evidence", tabindex: "-1" });
  const anomaliesBox = h("section.anomalies", { "aria-label": "Anomalies" });
  append(side, h("section.summary", {},
    h("h2", {}, swatch(lookOf("Item", "Item"), 18), " ", item.name),
    h("p", {}, item.system ? `${item.system.name} (${item.system.kind})` : "system unknown"),
    item.shipments.length ? h("p", {}, "Shipped under ", item.shipments.map((sh, i) => [i ? ", " : "",
      h("a", { href: `#/entity/${encodeURIComponent(sh.id)}` }, sh.ref)])) : null,
    h("p.muted", {}, `Judged as of ${chain.asOf}. ${chain.segments.length} segments.`)),
  anomaliesBox, detail);

  let selected = null;
  let bars = [];
  const select = (index, focus = true) => {
    selected = index;
    bars.forEach((g, i) => g && g.classList.toggle("selected", i === index));
    tbody.querySelectorAll("tr").forEach((tr) => tr.classList.toggle("selected", Number(tr.dataset.segment) === index));
    const sg = chain.segments.find((x) => x.index === index);
    if (!sg) return;
    const involved = chain.anomalies.filter((a) => a.segments.includes(index));
    fill(detail, 
      h("h2", {}, `Segment ${sg.index}: ${sg.holder ? sg.holder.name : "no known holder"}`),
      h("p", {}, sg.location ? `at ${sg.location.name} · ` : "", span(sg.start, sg.end, "open") || "dates unknown",
        sg.inferred ? h("span.badge", {}, "inferred") : null),
      involved.length ? h("ul.anomaly-inline", {}, involved.map((a) => h("li", { "data-kind": a.kind },
        h("strong", {}, anomalyText(a)), `: ${a.message}`))) : null,
      sg.events.length ? sg.events.map((e) => h("article.event", {},
        h("h3", {}, `${e.type} ${e.date || "(undated)"}`,
          e.fromActor || e.toActor ? h("span.muted", {}, ` ${e.fromActor ? e.fromActor.name : "?"} → ${
            e.toActor ? e.toActor.name : "?"}`) : null,
          e.confidence < 1 ? h("span.muted", {}, ` · confidence ${e.confidence}`) : null),
        evidenceList(e.evidence, e.evidenceWithheld))) :
        h("p.muted", {}, "No event opened this segment: a later event names this holder as the giver."),
      sg.evidenceWithheld ? h("p.muted", {}, `${sg.evidenceWithheld} evidence records withheld.`) : null);
    if (focus) detail.focus({ preventScroll: false });
  };

  const draw = () => {
    const width = wrap.clientWidth || 800;
    const out = timeline(chain, width, (i) => select(i));
    bars = out.bars;
    fill(wrap, out.svg);
    if (selected != null) select(selected, false);
  };

  chain.segments.forEach((sg) => {
    const involved = chain.anomalies.filter((a) => a.segments.includes(sg.index));
    tbody.append(h("tr", { "data-segment": sg.index },
      h("td", {}, sg.index),
      h("td.holder", {}, sg.holder ? h("a", { href: `#/entity/${encodeURIComponent(sg.holder.id)}` }, sg.holder.name)
        : h("em", {}, "no known holder"), sg.inferred ? h("span.badge", {}, "inferred") : null),
      h("td", {}, sg.location ? sg.location.name : ""),
      h("td", {}, sg.start || ""),
      h("td", {}, sg.end || "open"),
      h("td", {}, sg.events.map((e) => e.type).join(", ")),
      h("td", {}, involved.map((a) => h("span.badge.anomaly", { "data-kind": a.kind }, anomalyText(a)))),
      h("td", {}, h("button", { type: "button", onclick: () => select(sg.index) }, "Evidence"))));
  });

  append(anomaliesBox, h("h2", {}, `Anomalies (${chain.anomalies.length})`),
    chain.anomalies.length ? h("ol.anomaly-list", {}, chain.anomalies.map((a) => h("li", { "data-kind": a.kind },
      h("strong", { style: { color: anomalyLook(a.kind).color } }, anomalyText(a)), `: ${a.message} `,
      a.segments.length ? h("button.link", { type: "button",
        onclick: () => select(a.segments[a.segments.length - 1]) },
      `segment${a.segments.length > 1 ? "s" : ""} ${a.segments.join(", ")}`) : null))) :
      h("p.muted", {}, "None found."),
    chain.undatedEvents.length ? h("p.muted", {}, `${chain.undatedEvents.length} undated events cannot be placed.`)
      : null);

  draw();
  let drawnWidth = wrap.clientWidth;
  const ro = new ResizeObserver(() => {
    if (Math.abs(wrap.clientWidth - drawnWidth) < 2) return;
    drawnWidth = wrap.clientWidth;
    draw();
  });
  ro.observe(wrap);
  const focusIndex = params.segment != null ? Number(params.segment) : null;
  if (focusIndex != null && !Number.isNaN(focusIndex)) select(focusIndex, false);
  else {
    const firstAnomaly = chain.anomalies.find((a) => a.segments.length);
    if (firstAnomaly) select(firstAnomaly.segments[firstAnomaly.segments.length - 1], false);
  }
  window.__custodyPaint = { view: "item", id: item.id, ms: performance.now() };

  return {
    name: `custody-chain-${item.name}`,
    png: () => svgToPng(wrap.querySelector("svg")),
    query: () => inlineQuery(CHAIN, variables),
    dispose: () => ro.disconnect(),
  };
}
