"""The map panel of the chain and reach views, in the headless browser: a fictional item's route through
located places (real cities and the Shehyni–Medyka crossing at their real coordinates, fictional depots at
plausible points near them), one place without coordinates, the anomalies marked; country outlines from the
world-atlas npm package, nothing from elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.builder import FactBuilder
from graph.model import Model
from graph.sqlite_store import SqliteStore
from tests.web.conftest import LiveServer, Tab

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

ITEM = "item:NLAW9101"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# name, kind, (lat, lon) or None
PLACES = [
    ("Depot R-7", "Depot", (50.11, 22.05)),  # fictional, near Rzeszów
    ("Shehyni–Medyka", "BorderCrossing", (49.80, 22.95)),
    ("Hub L-2", "Hub", (49.86, 23.95)),  # fictional, near Lviv
    ("Depot K-9", "Depot", (50.40, 30.40)),  # fictional, near Kyiv
    ("Field Site X", "Place", None),
]


def route(model: Model) -> FactBuilder:
    b = FactBuilder(model, title="route-log.csv", text="fictional route of NLAW-9101", kind="EventLog",
                    extractor="test", version="1")
    places = [b.location(name, kind, props={"lat": ll[0], "lon": ll[1]} if ll else {}) for name, kind, ll in PLACES]
    item = b.item(serial="NLAW-9101", system="NLAW")
    holders = [b.actor(n, k) for n, k in [
        ("Northwind Donor Agency", "Organization"), ("Western Transit Cell", "Organization"),
        ("Border Logistics Team", "Organization"), ("Central Depot Command", "MilitaryUnit"),
        ("Eastern Brigade", "MilitaryUnit"), ("Grey Wolf group", "ArmedGroup")]]
    moves = [("DELIVERY", "2023-03-01", 0, 1), ("TRANSFER", "2023-03-05", 1, 2), ("TRANSFER", "2023-03-08", 2, 3),
             ("TRANSFER", "2023-06-01", 3, 4), ("SEIZURE", "2024-02-01", 5, 4)]
    for row, (type_, date, giver, taker) in enumerate(moves):
        b.event(type_, item, date, from_actor=holders[giver], to_actor=holders[taker], location=places[row],
                locator=f"row {row + 1}")
    # a second item seen only at the place without coordinates
    b.event("DELIVERY", b.item(serial="NLAW-9102", system="NLAW"), "2023-03-01", to_actor=holders[1],
            location=places[4], locator="row 6")
    return b


@pytest.fixture(scope="module")
def route_server(browser: Any, tmp_path_factory: pytest.TempPathFactory, model: Model) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("map")
    store = SqliteStore(tmp / "store.db", model)
    store.write(route(model).batch)
    server = LiveServer(store, tmp).start()
    yield server
    server.stop()
    store.close()


BOXES = """(sel) => [...document.querySelectorAll(sel)].map((t) => { const b = t.getBoundingClientRect();
  return [b.left, b.top, b.right, b.bottom]; })"""


def _no_overlap(boxes: list[list[float]]) -> bool:
    return not any(a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]
                   for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_the_chain_view_maps_the_route(route_server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(route_server)
    page = tab.page
    tab.open(f"item/{ITEM}")
    panel = page.locator(".map-panel")
    assert page.locator(".map-panel .countries path").count() > 100  # Natural Earth's countries
    stops = panel.locator("g.stop")
    assert stops.count() == 4
    assert [stops.nth(i).get_attribute("data-id") for i in range(4)] == [
        "location:depot-r-7", "location:shehyni-medyka", "location:hub-l-2", "location:depot-k-9"]
    assert "Field Site X" in panel.locator(".no-coordinates").inner_text()
    assert panel.locator("polyline.route").count() == 1
    chain = page.evaluate("""async () => (await (await fetch('/graphql', { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ custodyChain(item: "NLAW-9101") '
        + '{ segments { index location { id } } anomalies { kind segments } } }' }) })).json())""")
    answer = chain["data"]["custodyChain"]
    flagged = {s["location"]["id"] for a in answer["anomalies"] for s in answer["segments"]
               if s["index"] in a["segments"] and s["location"]}
    marked = {stops.nth(i).get_attribute("data-id") for i in range(4)
              if "anomaly" in (stops.nth(i).get_attribute("class") or "")}
    assert marked == flagged - {"location:field-site-x"}
    assert _no_overlap(page.evaluate(BOXES, ".map-panel g.stop text:last-of-type"))
    panel.scroll_into_view_if_needed()
    tab.shot("12-item-NLAW-9101-route-map.png")
    assert tab.page_errors == [] and tab.console_errors == [] and tab.outside_requests() == []


def test_the_reach_view_maps_the_route(route_server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(route_server)
    page = tab.page
    tab.open(f"reach/{ITEM}")
    assert page.locator(".map-panel g.stop").count() == 4
    page.locator(".reach-results button[data-id]").first.click()
    tab.shot("13-reach-NLAW-9101-map.png")
    assert tab.page_errors == [] and tab.console_errors == [] and tab.outside_requests() == []


def test_a_route_without_coordinates_says_so(route_server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(route_server)
    tab.open("item/item%3ANLAW9102")
    text = tab.page.locator(".map-panel").inner_text()
    assert "No coordinates" in text and tab.page.locator(".map-panel svg").count() == 0


@pytest.fixture(scope="module")
def demo_server(browser: Any, tmp_path_factory: pytest.TempPathFactory, model: Model) -> Iterator[LiveServer]:
    """The demo's tables (examples/manifests, with its places file of coordinates), as `custody demo` ingests them."""
    from ingest.runner import ingest_paths

    tmp = tmp_path_factory.mktemp("demo-map")
    store = SqliteStore(tmp / "store.db", model)
    summary = ingest_paths(store, [EXAMPLES / "manifests"])
    assert summary.exit_code == 0
    server = LiveServer(store, tmp).start()
    yield server
    server.stop()
    store.close()


def test_the_demo_items_route_is_on_the_map(demo_server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(demo_server)
    page = tab.page
    tab.open("item/item%3ANLAW7001")
    panel = page.locator(".map-panel")
    stops = panel.locator("g.stop")
    ids = [stops.nth(i).get_attribute("data-id") for i in range(stops.count())]
    assert len(ids) >= 2 and {"location:shehyni-medyka", "location:depot-k-5"} <= set(ids)
    assert panel.locator("polyline.route").count() == 1
    assert panel.locator(".no-coordinates").count() == 0 or "Depot K-5" not in panel.locator(
        ".no-coordinates").inner_text()
    panel.scroll_into_view_if_needed()
    tab.shot("14-demo-item-NLAW-7001-route-map.png")
    assert tab.page_errors == [] and tab.console_errors == [] and tab.outside_requests() == []
