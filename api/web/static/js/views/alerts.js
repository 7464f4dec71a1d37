// Alerts: the standing diversion checks, with links into the item and actor views.
import { gql } from "../api.js";
import { h, words } from "../dom.js";
import { inlineQuery } from "../export.js";
import { lookOf, swatch } from "../kinds.js";
import { ALERTS } from "../queries.js";

const KINDS = ["unauthorised_holder", "break", "conflict", "serial_match", "quantity_mismatch", "overdue", "two_places"];
const SEVERE = new Set(["unauthorised_holder", "break", "serial_match", "two_places"]);

function detailsText(details) {
  if (!details || typeof details !== "object") return "";
  return Object.entries(details).map(([k, v]) => `${words(k)}: ${Array.isArray(v) ? v.join(", ") :
    typeof v === "object" && v !== null ? JSON.stringify(v) : v}`).join(" · ");
}

export async function render(view, params, app) {
  const asOf = params.asOf || "";
  const kind = params.kind || "";
  const stage = h("div.stage.alerts-stage");
  view.append(stage);
  const form = h("form.toolbar", { "aria-label": "Alert filters", onsubmit: (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const q = new URLSearchParams();
    if (String(f.get("asOf")).trim()) q.set("asOf", String(f.get("asOf")).trim());
    if (f.get("kind")) q.set("kind", f.get("kind"));
    location.hash = `#/alerts${q.toString() ? `?${q}` : ""}`;
  } },
  h("label", { for: "alerts-kind" }, "Kind"),
  h("select", { id: "alerts-kind", name: "kind" }, h("option", { value: "" }, "all"),
    KINDS.map((k) => h("option", { value: k, selected: k === kind }, words(k)))),
  h("label", { for: "alerts-as-of" }, "As of"),
  h("input", { id: "alerts-as-of", name: "asOf", type: "text", value: asOf, placeholder: "today", title: "YYYY, YYYY-MM or YYYY-MM-DD; empty for today",
    size: 14, pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?" }),
  h("button", { type: "submit" }, "Apply"));
  const count = h("p.count", { "aria-live": "polite" });
  const table = h("table.alerts", {}, h("caption.visually-hidden", {}, "Diversion alerts"),
    h("thead", {}, h("tr", {}, ["Kind", "Alert", "Item", "Actors", "Shipment", ""].map((t) => h("th", { scope: "col" }, t)))));
  const tbody = h("tbody");
  table.append(tbody);
  const moreButton = h("button.alerts-more", { type: "button", hidden: true }, "Load more alerts");
  stage.append(form, count, table, moreButton);

  const variables = { asOf: asOf || null, kinds: kind ? [kind] : null, after: null };
  let shown = 0;

  function row(a) {
    const segment = a.details && Array.isArray(a.details.segments) && a.details.segments.length
      ? a.details.segments[a.details.segments.length - 1] : null;
    const itemHref = a.item ? `#/item/${encodeURIComponent(a.item.id)}${segment != null ? `?segment=${segment}` : ""}`
      : null;
    const evidence = h("tr.alert-evidence", { hidden: true }, h("td", { colspan: 6 },
      detailsText(a.details) ? h("p", {}, detailsText(a.details)) : null,
      a.evidence.length ? h("ul.evidence", {}, a.evidence.map((ev) => h("li", {}, h("blockquote", {}, ev.quote),
        h("p.source", {}, h("strong", {}, ev.document.title), ` · ${ev.document.kind} · ${ev.locator}`)))) :
        h("p.muted", {}, "No evidence you may see."),
      a.evidenceWithheld ? h("p.muted", {}, `${a.evidenceWithheld} evidence records withheld.`) : null));
    const toggle = h("button", { type: "button", "aria-expanded": "false", onclick: () => {
      evidence.hidden = !evidence.hidden;
      toggle.setAttribute("aria-expanded", String(!evidence.hidden));
      toggle.textContent = evidence.hidden ? "Evidence" : "Hide evidence";
    } }, "Evidence");
    const tr = h("tr.alert", { "data-kind": a.kind, "data-id": a.id },
      h("td", {}, h(`span.badge.kind${SEVERE.has(a.kind) ? ".severe" : ""}`, {}, words(a.kind))),
      h("td.message", {}, a.message),
      h("td", {}, a.item ? h("a.item-link", { href: itemHref }, a.item.name) : ""),
      h("td", {}, a.actors.map((ac, i) => [i ? ", " : "", h("a.actor-link", { href: `#/entity/${encodeURIComponent(ac.id)}` },
        swatch(lookOf("Actor", ac.kind), 12), " ", ac.name)])),
      h("td", {}, a.shipment ? h("a", { href: `#/entity/${encodeURIComponent(a.shipment.id)}` }, a.shipment.ref) : ""),
      h("td", {}, toggle));
    return [tr, evidence];
  }

  async function load() {
    const data = await gql(ALERTS, variables);
    const page = data.alerts;
    for (const a of page.nodes) tbody.append(...row(a));
    shown += page.nodes.length;
    count.textContent = `${page.totalCount} alert${page.totalCount === 1 ? "" : "s"}${
      shown < page.totalCount ? `, ${shown} shown` : ""}`;
    moreButton.hidden = !page.pageInfo.hasNextPage;
    variables.after = page.pageInfo.endCursor;
    if (!page.totalCount) tbody.append(h("tr", {}, h("td", { colspan: 6 }, "No alerts.")));
  }
  moreButton.addEventListener("click", async () => {
    moreButton.disabled = true; // one page at a time
    try {
      await load();
    } catch (err) {
      app.fail(err);
    } finally {
      moreButton.disabled = false;
    }
  });
  await load();
  app.title(kind ? `Alerts: ${words(kind)}` : "Alerts");
  return {
    name: "alerts",
    query: () => inlineQuery(ALERTS, { ...variables, after: null }),
  };
}
