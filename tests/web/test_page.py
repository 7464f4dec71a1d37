"""The analyst page end to end: the real server, the real headless Chromium, the northern-corridor
scenario (manifests and reports, through the NLP report ingester).

Each view is screenshotted into ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.model import Model
from graph.sqlite_store import SqliteStore
from tests.conftest import SCENARIO
from tests.web.conftest import LiveServer, Tab

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

HOLDERS = [
    "Donor Logistics Agency",
    "Allied Transit Cell",
    "Central Supply Directorate",
    "14th Reserve Brigade",
    "2nd Battalion, 14th Reserve Brigade",
    "Red Falcon group",
    "Customs Office K",
]
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
ACTIVE = "(() => { const e = document.activeElement; return e.id || e.textContent.trim(); })()"


def _scenario() -> Path:
    return SCENARIO


@pytest.fixture(scope="module")
def scenario_server(browser: Any, tmp_path_factory: pytest.TempPathFactory, model: Model) -> Iterator[LiveServer]:
    """The whole scenario (manifests, then reports through the NLP ingester), served with an API key."""
    scenario = _scenario()
    try:
        from ingest.report_ingest import ReportIngester
    except ImportError as exc:
        pytest.skip(f"the NLP report ingester (ingest.report_ingest) is not importable ({exc}); the scenario's "
                    "seizure and sightings exist only in its reports")
    from ingest.runner import ingest_paths

    tmp = tmp_path_factory.mktemp("scenario-page")
    store = SqliteStore(tmp / "store.db", model)
    summary = ingest_paths(store, [scenario / "manifests", scenario / "reports"], report_ingester=ReportIngester(store))
    failed = [(r.path, r.message) for r in summary.results if r.status == "failed"]
    assert not failed, failed
    server = LiveServer(store, tmp).start()
    server.key = server.create_key("analyst")  # type: ignore[attr-defined]
    yield server
    server.stop()
    store.close()


@pytest.fixture(scope="module")
def manifests_server(browser: Any, tmp_path_factory: pytest.TempPathFactory, model: Model) -> Iterator[LiveServer]:
    """The scenario's manifests only (no NLP needed), served with an API key."""
    scenario = _scenario()
    from ingest.runner import ingest_paths

    tmp = tmp_path_factory.mktemp("manifests-page")
    store = SqliteStore(tmp / "store.db", model)
    ingest_paths(store, [scenario / "manifests"])
    server = LiveServer(store, tmp).start()
    server.key = server.create_key("viewer")  # type: ignore[attr-defined]
    yield server
    server.stop()
    store.close()


def _until(tab: Tab, condition: Callable[[], bool], timeout_s: float = 10) -> bool:
    """Poll ``condition`` from the test (the page's CSP forbids the eval that wait_for_function uses)."""
    for _ in range(int(timeout_s * 10)):
        if condition():
            return True
        tab.page.wait_for_timeout(100)
    return condition()


def _clean(tab: Tab) -> None:
    """No script error, nothing logged as an error, no request beyond this machine, no bug of the page shown."""
    assert tab.page.locator("#errors .error[data-code=PAGE_ERROR]").count() == 0
    assert tab.page_errors == [], tab.page_errors
    assert tab.console_errors == [], tab.console_errors
    assert tab.outside_requests() == [], tab.outside_requests()


def _download(tab: Tab, button: str) -> bytes:
    with tab.page.expect_download() as info:
        tab.page.click(button)
    path = info.value.path()
    assert path is not None
    return Path(path).read_bytes()


def _graphml_nodes(data: bytes) -> list[dict[str, str]]:
    root = ET.fromstring(data)
    assert root.tag == f"{GRAPHML}graphml"
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GRAPHML}key")}
    return [{"id": n.get("id") or "", **{keys[d.get("key")]: d.text or "" for d in n.iter(f"{GRAPHML}data")}}
            for n in root.iter(f"{GRAPHML}node")]


def _graphml_edges(data: bytes) -> list[dict[str, str]]:
    root = ET.fromstring(data)
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GRAPHML}key")}
    return [{"source": e.get("source") or "", "target": e.get("target") or "",
             **{keys[d.get("key")]: d.text or "" for d in e.iter(f"{GRAPHML}data")}}
            for e in root.iter(f"{GRAPHML}edge")]


def test_walkthrough_jav_0042(scenario_server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(scenario_server)
    page = tab.page
    tab.open()
    tab.set_key(scenario_server.key)  # type: ignore[attr-defined]

    # search by serial; the keyboard picks the hit
    page.fill("#search", "JAV-0042")
    page.wait_for_selector("#search-results [role=option][data-id='item:JAV0042']")
    tab.shot("01-search.png")
    options = page.locator("#search-results [role=option]")
    index = [options.nth(i).get_attribute("data-id") for i in range(options.count())].index("item:JAV0042")
    page.focus("#search")
    for _ in range(index + 1):
        page.keyboard.press("ArrowDown")
    tab.go(lambda: page.keyboard.press("Enter"), "item")

    # the item view: seven holders in order, the break marked where it happens
    assert page.locator("ol.holders li").all_inner_texts() == HOLDERS
    assert page.locator("#view-title").inner_text() == "Custody chain of JAV-0042"
    assert page.locator(".timeline-svg .anomaly-mark[data-kind=break]").count() == 1
    assert page.locator(".timeline-svg .anomaly-mark[data-kind=unauthorised_holder]").count() == 1
    break_rows = page.locator("table.segments tr:has(.badge.anomaly[data-kind=break])")
    assert break_rows.locator("td.holder a").all_inner_texts() == [HOLDERS[4], HOLDERS[5]]
    # a segment's evidence on click: the quote and the document
    red_falcon = page.locator("table.segments tr", has_text="Red Falcon group").first.get_attribute("data-segment")
    page.click(f".timeline-svg g.bar[data-segment='{red_falcon}']")
    detail = page.locator("aside .details")
    assert "Segment" in detail.locator("h2").inner_text() and "Red Falcon group" in detail.locator("h2").inner_text()
    quotes = detail.locator("blockquote").all_inner_texts()
    assert quotes and any("JAV-0042" in q for q in quotes), quotes
    assert detail.locator(".source strong").count() >= 1
    tab.shot("02-item-JAV-0042.png")

    # exports of the item view
    png = _download(tab, "#export-png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # GraphML from the server: holders in chain order, each with the evidence behind it
    nodes = _graphml_nodes(_download(tab, "#export-graphml"))
    holders = sorted((int(n["holder_order"]), n["name"]) for n in nodes if n.get("holder_order"))
    assert [name for _, name in holders] == HOLDERS
    assert all(n["label"] == n["name"] and int(n["evidence_count"]) >= 1 for n in nodes)
    gexf = _download(tab, "#export-gexf")
    assert b"<gexf" in gexf and b'label="Red Falcon group"' in gexf
    assert _download(tab, "#export-csv")[:2] == b"PK"
    page.click("#copy-query")
    page.wait_for_selector("#toast.show")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "custodyChain(item: \"item:JAV0042\"" in copied and "$" not in copied

    # the neighbourhood graph, and a node expanded from the node list
    tab.go(lambda: page.click("#tab-entity"), "entity")
    page.wait_for_selector(".node-list button[data-id='actor:red-falcon-group']")
    count = page.locator(".node-list button[data-id]").count()
    page.click(".node-list button[data-id='actor:red-falcon-group']")
    assert _until(tab, lambda: page.locator(".node-list button[data-id]").count() > count)
    assert page.locator(".legend").is_visible()
    png = _download(tab, "#export-png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    names = {n["name"] for n in _graphml_nodes(_download(tab, "#export-graphml"))}
    assert {"JAV-0042", "Red Falcon group", "Customs Office K"} <= names
    tab.shot("03-graph-JAV-0042.png")

    # reach: Taras Hrytsenko is there, Oleh Danyliuk (membership ended in 2022) is not
    tab.go(lambda: page.click("#tab-reach"), "reach")
    results = page.locator(".reach-results")
    assert "Taras Hrytsenko" in results.inner_text()
    assert "Oleh Danyliuk" not in page.locator("main").inner_text()
    for forbidden in ("Logistics Team Hotel", "Border Guard Detachment 12"):
        assert forbidden not in results.inner_text()
    page.click(".reach-results button:has-text('Taras Hrytsenko')")
    why = page.locator("aside .details")
    assert "Taras Hrytsenko" in why.locator("h2").inner_text()
    assert "1 hop" in why.inner_text()
    # the path runs from the battalion to its member; the membership still reads member first, on the page
    # and in the view's GraphML
    assert "Taras Hrytsenko member of 2nd Battalion, 14th Reserve Brigade" in why.inner_text()
    assert "2nd Battalion, 14th Reserve Brigade member of Taras Hrytsenko" not in why.inner_text()
    members = [e for e in _graphml_edges(_download(tab, "#export-graphml")) if e.get("type") == "MEMBER_OF"]
    assert members and all(e["source"] == "actor:taras-hrytsenko" and e["label"] == "is a member of" for e in members)
    tab.shot("04-reach-JAV-0042.png")
    # a tighter filter: hops 0 leaves the holders only
    page.select_option("#reach-hops", "0")
    tab.go(lambda: page.click("form.toolbar button[type=submit]"), "reach")
    assert "Taras Hrytsenko" not in page.locator(".reach-results").inner_text()
    assert "Red Falcon group" in page.locator(".reach-results").inner_text()

    # alerts, and one opened into the item view
    tab.go(lambda: page.click("#tab-alerts"), "alerts")
    row = page.locator("tr.alert[data-kind=unauthorised_holder]", has_text="JAV-0042").first
    assert "Red Falcon group" in row.inner_text()
    row.locator("button", has_text="Evidence").click()
    assert page.locator("tr.alert-evidence:visible blockquote").count() >= 1
    tab.shot("05-alerts.png")
    tab.go(lambda: row.locator("a.item-link").click(), "item")
    assert page.locator("#view-title").inner_text() == "Custody chain of JAV-0042"
    assert "Red Falcon group" in page.locator("aside .details h2").inner_text()
    assert page.locator("table.segments tr.selected").count() == 1
    tab.shot("06-alert-opened.png")
    # and an actor link from an alert opens the actor's neighbourhood
    tab.go(lambda: page.click("#tab-alerts"), "alerts")
    tab.go(lambda: page.locator("tr.alert a.actor-link", has_text="Red Falcon group").first.click(), "entity")
    assert page.locator("#view-title").inner_text() == "Neighbourhood of Red Falcon group"

    _clean(tab)


def test_no_outside_requests_and_no_console_errors(manifests_server: LiveServer,
                                                   tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(manifests_server)
    tab.open()
    tab.set_key(manifests_server.key)  # type: ignore[attr-defined]
    for route, view in [("item/item%3AJAV0040", "item"), ("entity/item%3AJAV0040", "entity"),
                        ("entity/actor%3A14th-reserve-brigade", "entity"), ("entity/shipment%3ASHP1001", "entity"),
                        ("entity/location%3Adepot-l-3", "entity"), ("entity/weaponsystem%3Afgm-148-javelin", "entity"),
                        ("reach/item%3AJAV0040?hops=4", "reach"), ("alerts", "alerts")]:
        tab.go(lambda r=route: tab.page.evaluate(f"location.hash = '#/{r}'"), view)
        assert tab.page.locator("#errors .error").count() == 0, tab.page.locator("#errors").inner_text()
    tab.page.reload()
    tab.wait_view("alerts")
    assert tab.requests, "the page made no request at all"
    assert {r.split("/")[2] for r in tab.requests if r.startswith("http")} == {tab.base.split("/")[2]}
    _clean(tab)


def test_errors_are_shown_with_their_codes(manifests_server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(manifests_server)
    page = tab.page
    tab.open()
    # no key yet: the server refuses, the page says so and offers the key dialog
    page.fill("#search", "JAV-0040")
    error = page.locator("#errors .error[data-code=UNAUTHENTICATED]")
    error.wait_for()
    assert "API key" in error.inner_text()
    error.locator("button", has_text="Enter API key").click()
    page.fill("#key-input", manifests_server.key)  # type: ignore[attr-defined]
    page.click("#key-form button[value=save]")
    page.wait_for_selector("#key-button:has-text('API key: set')")
    # the key is kept for the tab (session storage), not beyond it
    assert page.evaluate("sessionStorage.getItem('custody-graph.apiKey')") == manifests_server.key  # type: ignore[attr-defined]
    assert page.evaluate("localStorage.length") == 0
    # an unknown item: NOT_FOUND and the server's message
    tab.go(lambda: page.evaluate("location.hash = '#/item/item%3ANOPE9999'"), "item")
    error = page.locator("#errors .error[data-code=NOT_FOUND]")
    assert error.count() == 1 and "NOPE9999" in error.inner_text()
    # a limit: maxHops above the cap
    tab.go(lambda: page.evaluate("location.hash = '#/reach/item%3AJAV0040?hops=9'"), "reach")
    assert page.locator("#errors .error[data-code=LIMIT_EXCEEDED]").count() == 1
    tab.shot("07-errors.png")
    assert tab.page_errors == []
    assert tab.outside_requests() == []


def test_keyboard_reachable(manifests_server: LiveServer, tab_for: Callable[[LiveServer], Tab]) -> None:
    tab = tab_for(manifests_server)
    page = tab.page
    tab.open()
    tab.set_key(manifests_server.key)  # type: ignore[attr-defined]
    page.reload()  # a fresh document: focus starts at the top (the key stays for the tab)
    tab.wait_view("home")
    stops: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(ACTIVE))
    assert stops[0] == "Skip to content"
    assert stops.index("search") < stops.index("key-button")
    assert "tab-alerts" in stops
    # the focused element shows a focus ring
    page.focus("#search")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); "
                            "return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
    assert outline[0] != "none" and outline[1] >= 2, outline
    # search, arrow, Enter; then the view's own controls by Tab
    page.keyboard.type("JAV-0040")
    page.wait_for_selector("#search-results [role=option][data-id='item:JAV0040']")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#search", "aria-activedescendant") == "search-hit-0"
    tab.go(lambda: page.keyboard.press("Enter"), "item")
    assert page.evaluate("document.activeElement.id") == "view-title"
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("(() => { const e = document.activeElement; return e.getAttribute('data-segment') "
                               "!== null ? 'segment' : (e.id || e.textContent.trim()); })()"))
    assert {"export-png", "export-graphml", "copy-query", "as-of", "segment", "Evidence"} <= seen, seen
    # Enter on a focused segment shows its evidence
    page.focus(".timeline-svg g.bar[data-segment='0']")
    page.keyboard.press("Enter")
    assert page.locator("aside .details h2").inner_text().startswith("Segment 0")
    assert tab.page_errors == [] and tab.console_errors == []
