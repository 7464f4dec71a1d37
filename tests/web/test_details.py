"""The page's details at 1400×900 on the scenario's manifests: nothing cut, nothing covered, buttons that
show only when they do something, an entity's own evidence, examples taken from the store, reach path
labels apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.web.conftest import LiveServer, Tab
from tests.web.test_page import manifests_server  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x1"] < b["x2"] and a["x2"] > b["x1"] and a["y1"] < b["y2"] and a["y2"] > b["y1"]


def _keyed(server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> Tab:
    tab = tab_for(server)
    tab.open()
    tab.set_key(server.key)  # type: ignore[attr-defined]
    return tab


def test_the_alerts_button_shows_only_with_more_to_load(manifests_server: LiveServer,  # noqa: F811
                                                        tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = _keyed(manifests_server, tab_for)
    tab.go(lambda: tab.page.evaluate("location.hash = '#/alerts'"), "alerts")
    total = int(tab.page.locator("p.count").inner_text().split()[0])
    assert 0 < total <= 100  # one page: everything is loaded
    assert tab.page.locator("tr.alert").count() == total
    assert not tab.page.locator("button.alerts-more").is_visible()
    tab.shot("05-alerts-all-loaded.png")


def test_timeline_place_names_are_whole(manifests_server: LiveServer,  # noqa: F811
                                        tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = _keyed(manifests_server, tab_for)
    tab.go(lambda: tab.page.evaluate("location.hash = '#/item/item%3AJAV0040'"), "item")
    places = set(tab.page.locator("table.segments tbody tr td:nth-child(3)").all_inner_texts()) - {""}
    assert "Krakovets–Korczowa" in places
    bars = tab.page.locator(".timeline-svg g.bar")
    shown = {"".join(bars.nth(i).locator("text").all_text_contents()) for i in range(bars.count())}
    assert places <= shown, (places, shown)  # one line or two, never cut
    assert "No coordinates" in tab.page.locator(".map-panel").inner_text()  # the scenario's places have none
    tab.shot("02-item-JAV-0040-timeline-and-map.png")


def test_an_entity_shows_its_own_evidence_and_the_toast_keeps_off_the_legend(
        manifests_server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> None:  # noqa: F811
    tab = _keyed(manifests_server, tab_for)
    page = tab.page
    tab.go(lambda: page.evaluate("location.hash = '#/entity/actor%3A14th-reserve-brigade'"), "entity")
    panel = page.locator("aside .details")
    assert panel.locator("h2").inner_text().strip() == "14th Reserve Brigade"
    assert page.locator("#view-title").inner_text() == "Neighbourhood of 14th Reserve Brigade"
    evidence = panel.locator(".entity-evidence")
    assert "Evidence for 14th Reserve Brigade" in evidence.locator("summary").inner_text()
    assert evidence.locator(".source strong").count() >= 1  # the documents that name it
    page.click("#copy-query")
    page.wait_for_selector("#toast.show")
    toast = page.locator("#toast").bounding_box()
    legend = page.locator(".legend").bounding_box()
    side = page.locator("aside.side").bounding_box()
    assert toast and legend and side
    assert toast["x"] + toast["width"] < side["x"]  # over the graph's corner, not the side panel
    tab.shot("03-graph-14th-Reserve-Brigade-evidence.png")


def test_search_and_graphiql_examples_name_a_serial_of_this_store(manifests_server: LiveServer,  # noqa: F811
                                                                 tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = _keyed(manifests_server, tab_for)
    page = tab.page
    for _ in range(50):
        if "(" in (page.get_attribute("#search", "placeholder") or ""):
            break
        page.wait_for_timeout(100)
    placeholder = page.get_attribute("#search", "placeholder") or ""
    assert placeholder.startswith("Serial (")
    serial = placeholder.split("(", 1)[1].split(",", 1)[0]
    assert serial and "JAV-0042" not in placeholder, placeholder
    page.fill("#search", serial)
    page.wait_for_selector("#search-results [role=option]")
    assert serial in page.locator("#search-results").inner_text()
    # GraphiQL: a server with keys does not tell a stranger its serials; the example says to run Items first
    page.goto(tab.base + "graphql")
    page.wait_for_selector(".graphiql-container", timeout=20_000)
    text = page.locator(".graphiql-query-editor").inner_text()
    assert "JAV-0042" not in text and "run Items first" in text


def test_graphiql_example_on_an_open_server(browser: Any, tab_for: Callable[[LiveServer], Tab],
                                            tmp_path_factory: pytest.TempPathFactory, model: Any) -> None:
    from graph.builder import FactBuilder
    from graph.sqlite_store import SqliteStore

    tmp = tmp_path_factory.mktemp("open")
    store = SqliteStore(tmp / "store.db", model)
    b = FactBuilder(model, title="t.csv", text="fictional", kind="EventLog", extractor="test", version="1")
    b.event("DELIVERY", b.item(serial="STG-7731", system="Stugna-P"), "2023-01-02",
            to_actor=b.actor("Kestrel Unit", "MilitaryUnit"), locator="row 1")
    store.write(b.batch)
    server = LiveServer(store, tmp).start()
    try:
        tab = tab_for(server)
        tab.page.goto(server.url + "graphql")
        tab.page.wait_for_selector(".graphiql-container", timeout=20_000)
        text = tab.page.locator(".graphiql-query-editor").inner_text()
        assert 'custodyChain(item: "STG-7731")' in text, text
    finally:
        server.stop()
        store.close()


def test_reach_path_labels_do_not_overlap(manifests_server: LiveServer,  # noqa: F811
                                          tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = _keyed(manifests_server, tab_for)
    page = tab.page
    tab.go(lambda: page.evaluate("location.hash = '#/reach/item%3AJAV0040?hops=4'"), "reach")
    buttons = page.locator(".reach-results button[data-id]")
    checked = 0
    for i in range(min(buttons.count(), 8)):
        buttons.nth(i).click()
        boxes = page.evaluate("""() => { const cy = window.__custodyCy;
          const labels = cy.edges('.path').map((e) => e.boundingBox({ includeNodes: false, includeEdges: false,
            includeLabels: true }));
          const nodes = cy.nodes('.path').map((n) => n.boundingBox({ includeLabels: false }));
          return { labels, nodes }; }""")
        # each highlighted step points the way its fact reads: source -> target, arrow at the target
        arrows = page.evaluate("""() => window.__custodyCy.edges('.path').map((e) => [e.data('fact'),
          e.source().id(), e.target().id(), e.style('target-arrow-shape')])""")
        steps = page.evaluate("""() => window.__custodyReach.results.flatMap((r) => r.paths.flatMap((p) =>
          p.steps.map((s) => [s.fact, s.sourceId, s.targetId])))""")
        facts = {(f, s, t) for f, s, t in steps}
        assert arrows and all(shape != "none" and (f, s, t) in facts for f, s, t, shape in arrows), arrows
        labels = [b for b in boxes["labels"] if b["w"] > 0]
        for j, a in enumerate(labels):
            assert not any(_overlap(a, b) for b in labels[j + 1:]), (i, a, labels)
            covered = [n for n in boxes["nodes"] if _overlap(a, n)]
            assert not covered, (i, a, covered)
        checked += len(labels)
    assert checked > 0
    tab.shot("04-reach-JAV-0040-path-labels.png")


LABELLED = """() => { const r = window.__custodySigma; const g = r.getGraph();
  return g.edges().filter((e) => (r.getEdgeDisplayData(e) || {}).label).map((e) => g.extremities(e)); }"""
AT = """([a, b, t]) => { const r = window.__custodySigma; const box = r.getContainer().getBoundingClientRect();
  const g = r.getGraph(); const p = r.graphToViewport(g.getNodeAttributes(a));
  const q = r.graphToViewport(g.getNodeAttributes(b));
  return { x: box.x + p.x + t * (q.x - p.x), y: box.y + p.y + t * (q.y - p.y) }; }"""
NEIGHBOUR = """([centre, name]) => { const g = window.__custodySigma.getGraph();
  return g.neighbors(centre).find((n) => g.getNodeAttribute(n, 'name') === name); }"""


def test_a_busy_nodes_links_are_labelled_on_hover(manifests_server: LiveServer,  # noqa: F811
                                                 tab_for: Callable[[LiveServer], Tab]) -> None:
    """The brigade has too many links to label them all: hovering a neighbour labels the links between the two,
    hovering a link labels it."""
    tab = _keyed(manifests_server, tab_for)
    page = tab.page
    centre = "actor:14th-reserve-brigade"
    tab.go(lambda: page.evaluate(f"location.hash = '#/entity/{centre}'"), "entity")
    page.wait_for_timeout(3000)  # the layout settles
    assert page.evaluate(f"window.__custodySigma.getGraph().degree('{centre}')") > 12
    assert page.evaluate(LABELLED) == []
    jav = page.evaluate(NEIGHBOUR, [centre, "JAV-0042"])
    at = page.evaluate(AT, [jav, jav, 0])
    page.mouse.move(at["x"], at["y"])
    page.wait_for_timeout(300)
    pairs = page.evaluate(LABELLED)
    assert [centre, jav] in pairs or [jav, centre] in pairs, pairs
    # a handover to the brigade and one from it lie on one line: one label says both
    assert len(pairs) == len({frozenset(p) for p in pairs}), pairs
    texts = page.evaluate("""([a, b]) => { const r = window.__custodySigma; const g = r.getGraph();
      return [...new Set(g.edges(a, b).concat(g.edges(b, a)))].map((e) => (r.getEdgeDisplayData(e) || {}).label)
        .filter(Boolean); }""",
                          [centre, jav])
    assert len(texts) == 1 and texts[0].count("HANDOVER") == 2, texts
    tab.shot("03-graph-14th-Reserve-Brigade-hover-JAV-0042.png")
    page.mouse.move(5, 5)
    page.wait_for_timeout(300)
    assert page.evaluate(LABELLED) == []
    battalion = page.evaluate(NEIGHBOUR, [centre, "3rd Battalion, 14th Reserve Brigade"])
    at = page.evaluate(AT, [centre, battalion, 0.8])
    for dy in (0, -1, 1, -2, 2):  # across the 1-2 px line, as a hand would
        page.mouse.move(at["x"], at["y"] + dy)
        page.wait_for_timeout(200)
        if page.evaluate(LABELLED):
            break
    assert page.evaluate(LABELLED) == [[battalion, centre]]  # "3rd Battalion subordinate to 14th Reserve Brigade"
    assert tab.page_errors == [] and tab.console_errors == []


def test_the_neighbourhood_legend_shows_the_links_as_drawn(manifests_server: LiveServer,  # noqa: F811
                                                          tab_for: Callable[[LiveServer], Tab]) -> None:
    """WebGL draws solid lines: each kind of link drawn has a legend swatch of its colour, solid."""
    tab = _keyed(manifests_server, tab_for)
    page = tab.page
    tab.go(lambda: page.evaluate("location.hash = '#/entity/actor%3A14th-reserve-brigade'"), "entity")
    drawn = page.evaluate("""() => { const out = {}; window.__custodySigma.getGraph().forEachEdge((e, a) => {
      if (a.data) out[a.data.kind] = a.color; }); return out; }""")
    assert {"relation", "event", "event-from", "event-at"} <= set(drawn), drawn
    for kind, colour in drawn.items():
        swatch = page.evaluate("""(kind) => { const el = document.querySelector(`.legend .edge-swatch.${kind}`);
          if (!el) return null; const s = getComputedStyle(el); return [s.borderTopColor, s.borderTopStyle]; }""", kind)
        rgb = "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))
        assert swatch == [rgb, "solid"], (kind, colour, swatch)
