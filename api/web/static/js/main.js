// The page: header (search, views, API key), routing by URL hash, errors, exports.
import { ApiError, getKey, gql, setKey } from "./api.js";
import { clear, debounce, h } from "./dom.js";
import { copyText, download, exportRequest, fetchExport, FORMATS, slug } from "./export.js";
import { labelOfId, lookOf, swatch } from "./kinds.js";
import { SEARCH } from "./queries.js";

const VIEWS = {
  home: () => Promise.resolve({ render: renderHome }),
  entity: () => import("./views/graph.js"),
  item: () => import("./views/chain.js"),
  reach: () => import("./views/reach.js"),
  alerts: () => import("./views/alerts.js"),
};

const $ = (sel) => document.querySelector(sel);
const viewEl = $("#view");
const titleEl = $("#view-title");
const errorsEl = $("#errors");
const toastEl = $("#toast");
let current = null; // what the shown view returned: {png, graphml, query, name, dispose}
let routeToken = 0;
let subject = null; // the entity the views are about (tabs keep it)

// ---------------------------------------------------------------- errors and messages
function errorList(err) {
  if (err instanceof ApiError) return err.errors;
  if (err && err.code && err.message) return [err];
  console.warn(err); // a bug of ours: still shown to the user, as an error of the page
  return [{ code: "PAGE_ERROR", message: String((err && err.message) || err) }];
}

const app = {
  fail(err) {
    if (err && err.name === "AbortError") return;
    for (const e of errorList(err)) {
      const item = h("div.error", { "data-code": e.code },
        h("strong.code", {}, e.code), " ", h("span.message", {}, e.message),
        e.path ? h("span.muted", {}, ` (at ${e.path})`) : null,
        e.code === "UNAUTHENTICATED" ? h("button", { type: "button", onclick: openKeyDialog }, "Enter API key") : null,
        h("button.dismiss", { type: "button", "aria-label": "Dismiss this error", onclick: () => item.remove() }, "×"));
      errorsEl.append(item);
    }
  },
  announce(text) {
    toastEl.textContent = text;
    toastEl.classList.add("show");
    clearTimeout(app._toast);
    app._toast = setTimeout(() => toastEl.classList.remove("show"), 2500);
  },
  title(text) {
    titleEl.textContent = text;
    document.title = `${text} · custody-graph`;
  },
  subject(id, name) {
    subject = id ? { id, name } : null;
    updateTabs();
  },
};

// ---------------------------------------------------------------- routing
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs = ""] = raw.split("?");
  const [name, ...rest] = path.split("/");
  const params = Object.fromEntries(new URLSearchParams(qs));
  const id = rest.length ? decodeURIComponent(rest.join("/")) : null;
  return { name: VIEWS[name] ? name : "home", id, params };
}

export function go(name, id, params = {}) {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null)).toString();
  location.hash = `#/${name}${id ? `/${encodeURIComponent(id)}` : ""}${qs ? `?${qs}` : ""}`;
}

function updateTabs() {
  const { name } = parseHash();
  const id = subject && subject.id;
  const isItem = id && labelOfId(id) === "Item";
  const tabs = {
    entity: id ? `#/entity/${encodeURIComponent(id)}` : null,
    item: isItem ? `#/item/${encodeURIComponent(id)}` : null,
    reach: isItem ? `#/reach/${encodeURIComponent(id)}` : null,
    alerts: "#/alerts",
  };
  for (const [view, href] of Object.entries(tabs)) {
    const a = $(`#tab-${view}`);
    if (href) {
      a.setAttribute("href", href);
      a.removeAttribute("aria-disabled");
      a.removeAttribute("tabindex");
    } else {
      a.removeAttribute("href");
      a.setAttribute("aria-disabled", "true");
      a.title = view === "entity" ? "Search for an entity first" : "Open an item first";
    }
    if (view === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function setExports(result) {
  const png = $("#export-png");
  const query = $("#copy-query");
  png.disabled = !(result && result.png);
  query.disabled = !(result && result.query);
  const files = Boolean(result && exportRequest(parseHash()));
  for (const format of Object.keys(FORMATS)) $(`#export-${format}`).disabled = !files;
}

async function route() {
  const token = ++routeToken;
  const { name, id, params } = parseHash();
  if (current && current.dispose) current.dispose();
  current = null;
  setExports(null);
  clear(errorsEl);
  clear(viewEl);
  viewEl.className = `view view-${name}`;
  if (id) app.subject(id, null);
  else updateTabs();
  app.title({ home: "custody-graph", alerts: "Alerts", entity: "Neighbourhood", item: "Custody chain",
    reach: "Who could reach it" }[name]);
  document.body.dataset.view = name;
  document.body.dataset.ready = "false";
  try {
    const mod = await VIEWS[name]();
    const result = await mod.render(viewEl, { id, ...params }, app, { go });
    if (token !== routeToken) {
      if (result && result.dispose) result.dispose();
      return;
    }
    current = result || {};
    setExports(current);
    if (!learnt && name !== "home") learnExamples();
  } catch (err) {
    if (token === routeToken) app.fail(err);
  } finally {
    if (token === routeToken) document.body.dataset.ready = "true";
  }
}

// ---------------------------------------------------------------- examples from this store
let demo = null; // {whole, part, wild}: a serial this store holds, for the examples (null until known)

function examplesOf(serial) {
  const digits = serial.replace(/^\D+/, "");
  return { whole: serial, part: digits.length >= 3 ? digits : serial.slice(-3),
    wild: serial.length > 3 ? `${serial.slice(0, -2)}??` : `${serial}*` };
}

/**
 * Ask the store for one of its serials (with the key of this tab); the search box and the home page use it.
 * Asked only once the server has answered us (a key is set, or a view or search worked): without a key a server
 * with keys refuses with HTTP 401, which the browser logs as an error.
 */
let learnt = false;
async function learnExamples() {
  learnt = true;
  try {
    const data = await gql("query Example { items(first: 1) { nodes { serial } } }");
    const serial = data.items.nodes.length ? data.items.nodes[0].serial : null;
    demo = serial ? examplesOf(serial) : null;
  } catch {
    demo = null; // no key yet, or no access: generic wording
  }
  $("#search").placeholder = demo ? `Serial (${demo.whole}, ${demo.part}, ${demo.wild}), unit, group, depot…`
    : "Search a serial, unit, group, depot…";
  if (parseHash().name === "home" && document.body.dataset.ready === "true") route();
}

// ---------------------------------------------------------------- home
function renderHome(view) {
  const ex = demo || { whole: "serial", part: "part of a serial", wild: "serial with ? or *" };
  view.append(h("div.home", {},
    h("p.lead", {}, "Find an item, unit, group, depot or shipment with the search box above, then follow it: ",
      "its neighbourhood as a graph, an item's custody chain as a timeline with its anomalies, and who could have ",
      "reached it."),
    h("ul", {},
      h("li", {}, "Serials can be whole (", h("code", {}, ex.whole), "), partial (", h("code", {}, ex.part),
        ") or with wildcards (", h("code", {}, ex.wild), ")."),
      h("li", {}, "Use ↑ ↓ and Enter in the search results; Tab moves through everything else."),
      h("li", {}, h("a", { href: "#/alerts" }, "Diversion alerts"), ": unauthorised holders, breaks, serial matches, ",
        "quantity mismatches, overdue inventories.")),
    getKey() ? null : h("p.muted", {}, "If the server asks for an API key, set it with the “API key” button.")));
  return {};
}

// ---------------------------------------------------------------- search
const input = $("#search");
const list = $("#search-results");
let hits = [];
let active = -1;
let searchAbort = null;

function hrefOf(entity) {
  return entity.label === "Item" ? `#/item/${encodeURIComponent(entity.id)}` : `#/entity/${encodeURIComponent(entity.id)}`;
}

function closeResults() {
  list.hidden = true;
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  active = -1;
}

function setActive(i) {
  const opts = [...list.querySelectorAll("[role=option]")];
  if (!opts.length) return;
  active = (i + opts.length) % opts.length;
  opts.forEach((o, j) => o.setAttribute("aria-selected", String(j === active)));
  input.setAttribute("aria-activedescendant", opts[active].id);
  opts[active].scrollIntoView({ block: "nearest" });
}

function openHit(i) {
  const hit = hits[i];
  if (!hit) return;
  closeResults();
  input.value = hit.entity.name;
  location.hash = hrefOf(hit.entity);
  titleEl.focus();
}

function showResults(text, found) {
  hits = found;
  clear(list);
  if (!found.length) {
    list.append(h("li.empty", { role: "presentation" }, `Nothing matches “${text}”.`));
  }
  found.forEach((hit, i) => {
    const e = hit.entity;
    list.append(h("li", {
      id: `search-hit-${i}`, role: "option", "aria-selected": "false", "data-id": e.id,
      onmousedown: (ev) => ev.preventDefault(), onclick: () => openHit(i),
    }, swatch(lookOf(e.label, e.kind), 14), " ", h("span.hit-name", {}, e.name),
    h("span.hit-meta", {}, ` ${e.label === e.kind || e.label === "Item" ? e.label : `${e.label} · ${e.kind}`}`,
      hit.matched !== e.name ? ` · matched “${hit.matched}”` : "", hit.how !== "exact" ? ` (${hit.how})` : "")));
  });
  list.hidden = false;
  input.setAttribute("aria-expanded", "true");
  active = -1;
}

const runSearch = debounce(async () => {
  const text = input.value.trim();
  if (searchAbort) searchAbort.abort();
  if (text.length < 2) {
    closeResults();
    return;
  }
  searchAbort = new AbortController();
  try {
    const data = await gql(SEARCH, { text }, { signal: searchAbort.signal });
    if (input.value.trim() === text) showResults(text, data.search);
    if (!learnt) learnExamples();
  } catch (err) {
    if (err.name !== "AbortError") {
      closeResults();
      app.fail(err);
    }
  }
}, 200);

input.addEventListener("input", runSearch);
input.addEventListener("keydown", async (ev) => {
  if (ev.key === "ArrowDown") {
    ev.preventDefault();
    if (list.hidden && hits.length) showResults(input.value.trim(), hits);
    setActive(active + 1);
  } else if (ev.key === "ArrowUp") {
    ev.preventDefault();
    setActive(active - 1);
  } else if (ev.key === "Escape") {
    closeResults();
  } else if (ev.key === "Enter") {
    ev.preventDefault();
    if (!list.hidden && hits.length) {
      openHit(active >= 0 ? active : 0);
    } else if (input.value.trim().length >= 1) {
      // Enter before the results came: search now, open the best hit
      try {
        const data = await gql(SEARCH, { text: input.value.trim() });
        if (data.search.length) {
          hits = data.search;
          openHit(0);
        } else {
          showResults(input.value.trim(), []);
        }
      } catch (err) {
        app.fail(err);
      }
    }
  }
});
input.addEventListener("blur", () => setTimeout(closeResults, 150));
input.addEventListener("focus", () => {
  if (hits.length && input.value.trim().length >= 2) showResults(input.value.trim(), hits);
});

// ---------------------------------------------------------------- API key
const keyButton = $("#key-button");
const keyDialog = $("#key-dialog");
const keyInput = $("#key-input");

function updateKeyButton() {
  keyButton.textContent = getKey() ? "API key: set" : "API key: none";
}

function openKeyDialog() {
  keyInput.value = "";
  keyDialog.showModal();
  keyInput.focus();
}

keyButton.addEventListener("click", openKeyDialog);
keyDialog.addEventListener("close", () => {
  const action = keyDialog.returnValue;
  if (action === "save" && keyInput.value.trim()) {
    setKey(keyInput.value);
    app.announce("API key saved for this tab");
    clear(errorsEl);
    if (parseHash().name !== "home") route();
  } else if (action === "forget") {
    setKey("");
    app.announce("API key forgotten");
  }
  keyInput.value = "";
  keyButton.focus();
});
document.addEventListener("apikey-changed", () => {
  updateKeyButton();
  if (getKey()) learnExamples();
});

// ---------------------------------------------------------------- exports
$("#export-png").addEventListener("click", async () => {
  if (!current || !current.png) return;
  try {
    const blob = await current.png();
    download(blob, `${slug(current.name)}.png`);
    app.announce("PNG exported");
  } catch (err) {
    app.fail(err);
  }
});
// GraphML, GEXF, CSV and FollowTheMoney come from the server (GET /export), with evidence and validity.
for (const [format, { label }] of Object.entries(FORMATS)) {
  const button = $(`#export-${format}`);
  button.addEventListener("click", async () => {
    const request = current && exportRequest(parseHash());
    if (!request) return;
    button.disabled = true;
    try {
      const { blob, filename } = await fetchExport(format, request);
      download(blob, filename);
      app.announce(`${label} exported`);
    } catch (err) {
      app.fail(err);
    } finally {
      button.disabled = false;
    }
  });
}
$("#copy-query").addEventListener("click", async () => {
  if (!current || !current.query) return;
  const ok = await copyText(current.query());
  app.announce(ok ? "GraphQL query copied to the clipboard" : "The clipboard refused the query");
});

// the skip link must not change the route (the hash is the route): it moves focus to the view's title
document.querySelector(".skip").addEventListener("click", (ev) => {
  ev.preventDefault();
  titleEl.focus();
});

// ---------------------------------------------------------------- start
window.addEventListener("hashchange", route);
updateKeyButton();
route();
if (getKey()) learnExamples();
