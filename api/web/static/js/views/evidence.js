// An entity's or a fact's evidence as a list: the quote, the document, where in it.
import { h } from "../dom.js";

export function evidenceList(evidence = [], withheld = 0) {
  if (!evidence.length && !withheld) return h("p.muted", {}, "No evidence recorded for it.");
  return h("div.evidence-block", {},
    evidence.length ? h("ul.evidence", {}, evidence.map((ev) => h("li", {},
      ev.quote ? h("blockquote", {}, ev.quote) : null,
      h("p.source", {}, h("strong", {}, ev.document ? ev.document.title : "document"),
        ev.locator ? ` · ${ev.locator}` : "", ev.extractor ? h("span.muted", {}, ` · ${ev.extractor}`) : null)))) : null,
    withheld ? h("p.muted", {}, `${withheld} evidence record${withheld === 1 ? "" : "s"} withheld (restricted)`) : null);
}
