"""First meaningful paint of a 200-node neighbourhood in the headless browser: measured and
printed (run with ``-s`` to see it), bounded only loosely."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from graph.builder import FactBuilder
from graph.model import Model
from graph.sqlite_store import SqliteStore
from tests.web.conftest import LiveServer, Tab

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

NODES = 200  # the centre and 199 neighbours
CENTRE = "actor:perf-brigade"


def neighbourhood(model: Model) -> FactBuilder:
    """A fictional brigade with 199 neighbours: members, subunits, bases and places it operates at."""
    b = FactBuilder(model, title="perf-neighbourhood.csv", text="fictional 200-node neighbourhood",
                    kind="RelationTable", extractor="test", version="1")
    brigade = b.actor("Perf Brigade", "MilitaryUnit")
    for i in range(120):
        b.relation("MEMBER_OF", b.actor(f"Person P-{i:03d}", "Person"), brigade, "2022-01-01", "2024-12-31",
                   locator=f"row {i}")
    for i in range(40):
        b.relation("SUBORDINATE_TO", b.actor(f"Company C-{i:02d}, Perf Brigade", "MilitaryUnit"), brigade,
                   locator=f"row {120 + i}")
    for i in range(39):
        kind = ("Depot", "Hub", "BorderCrossing", "Place")[i % 4]
        b.relation("BASED_AT" if i % 2 else "OPERATES_AT", brigade, b.location(f"Site S-{i:02d}", kind),
                   "2023-01-01", None, locator=f"row {160 + i}")
    return b


@pytest.fixture(scope="module")
def perf_server(browser: Any, tmp_path_factory: pytest.TempPathFactory, model: Model) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("paint")
    store = SqliteStore(tmp / "store.db", model)
    store.write(neighbourhood(model).batch)
    server = LiveServer(store, tmp).start()
    yield server
    server.stop()
    store.close()


def test_first_paint_of_a_200_node_neighbourhood(perf_server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(perf_server)
    timings = []
    for _ in range(3):  # a fresh document each time; the first pays for compiling the libraries
        tab.page.goto("about:blank")
        tab.open(f"entity/{CENTRE}")
        paint = tab.page.evaluate("window.__custodyPaint")
        assert paint["view"] == "graph" and paint["nodes"] == NODES, paint
        timings.append(paint["ms"])
    tab.shot("08-graph-200-nodes.png")
    print(f"\nfirst meaningful paint of a {NODES}-node neighbourhood (navigation start to the first frame with every "
          f"node drawn), headless Chromium 1280×800: {', '.join(f'{t:.0f} ms' for t in timings)}; "
          f"best {min(timings):.0f} ms")
    assert min(timings) < 10_000  # the target is 2 s; this only catches a page that never paints
    assert tab.page_errors == [] and tab.console_errors == []


def test_expanding_a_node_adds_at_most_50_with_more(perf_server: LiveServer,
                                                    tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(perf_server)
    page = tab.page
    tab.open("entity/actor%3Aperson-p-000")
    nodes = page.locator(".node-list button[data-id]")
    assert nodes.count() == 2  # the person and the brigade
    page.click(f".node-list button[data-id='{CENTRE}']")
    more = page.locator(".node-list button:not([data-id])", has_text="more")
    more.wait_for()
    assert nodes.count() == 2 + 50
    assert "+148 more" in more.inner_text()  # 199 neighbours, one of them already shown
    more.click()
    page.wait_for_selector(".node-list button:not([data-id]):has-text('+98 more')")
    assert nodes.count() == 2 + 100
    tab.shot("09-graph-expanded-more.png")
    assert tab.page_errors == [] and tab.console_errors == []
