// Small DOM helpers: build elements without innerHTML (every text is set as text, never parsed).

/**
 * h("a.link", {href: "#/x", onclick: fn}, "text", child) -> HTMLAnchorElement
 * Attributes starting with "on" become listeners; `dataset`, `style` (object) and `class` are handled;
 * `false`/`null`/`undefined` attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split(".");
  const el = document.createElement(name || "div");
  if (classes.length) el.className = classes.join(" ");
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** The same for SVG elements. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "style" && typeof v === "object") Object.assign(el.style, v);
    else if (k === "class") el.setAttribute("class", Array.isArray(v) ? v.filter(Boolean).join(" ") : v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

export function append(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** "2023-04-20 → 2024-02-11", "since 2023-06-01", "until 2022-12-31", "" (valid for all time). */
export function span(start, end, open = "…") {
  if (!start && !end) return "";
  if (start && end) return start === end ? start : `${start} → ${end}`;
  if (start) return `${start} → ${open}`;
  return `… → ${end}`;
}

/** Human words for an UPPER_SNAKE or snake_case code: "unauthorised_holder" -> "unauthorised holder". */
export function words(code) {
  return String(code || "").replaceAll("_", " ").toLowerCase();
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** Replace an element's children (same rules as h(): arrays flattened, null/false skipped). */
export function fill(el, ...children) {
  return append(clear(el), ...children);
}
