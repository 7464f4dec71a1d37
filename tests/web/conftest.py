"""Fixtures for the analyst page tests: a real server (uvicorn in a thread, on a free 127.0.0.1
port, over an embedded store in the test's folder) and Debian's headless Chromium driven by
Playwright.

Without ``/usr/bin/chromium`` these tests skip, unless ``CUSTODY_REQUIRE_BROWSER=1`` (CI), which
turns the skip into a failure. Screenshots go to ``test-artifacts/screenshots/`` at the repo root.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from api.settings import Settings
from graph.store import Store
from tests.conftest import REPO

CHROMIUM = Path(os.environ.get("CUSTODY_CHROMIUM", "/usr/bin/chromium"))  # Debian's; override for a test of the skip
# WebGL (the Sigma.js graphs) without a GPU: Chromium's software renderer, SwiftShader, must be allowed by name.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader",
                 "--use-angle=swiftshader", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1400, "height": 900}
CYTOSCAPE = REPO / "api" / "web" / "node_modules" / "cytoscape" / "dist" / "cytoscape.esm.min.mjs"
SIGMA = REPO / "api" / "web" / "node_modules" / "sigma" / "dist" / "sigma.min.js"


def _missing(reason: str) -> None:
    """Skip, or fail when the environment says the browser tests must run."""
    if os.environ.get("CUSTODY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (CUSTODY_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def settings_for(tmp: Path) -> Settings:
    """Settings for a test server: keys in the test's folder, no audit log, loopback only."""
    base: dict[str, Any] = {"store": str(tmp / "unused.db"), "keys_file": tmp / "keys.json", "audit_log": None,
                            "host": "127.0.0.1"}
    return Settings.model_construct(**{**Settings.model_construct().model_dump(), **base})


class LiveServer:
    """The app over ``store``, served by uvicorn in a thread until ``stop()``."""

    def __init__(self, store: Store, tmp: Path) -> None:
        import uvicorn

        from api.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.settings = settings_for(tmp)
        app = create_app(self.settings, store=store)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{self.port}", daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the test server on port {self.port} did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def create_key(self, role: str = "analyst") -> str:
        """A new API key in the server's keys file (from then on every request needs a key)."""
        from api.auth import KeyRing

        assert self.settings.keys_file is not None
        return KeyRing(self.settings.keys_file).create(role, name=f"page-test-{role}")[1]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless; skips (or fails under CUSTODY_REQUIRE_BROWSER=1) when it is missing."""
    if not CHROMIUM.exists():
        _missing(f"headless Chromium is not installed at {CHROMIUM} (as root: make browser)")
    if not CYTOSCAPE.is_file() or not SIGMA.is_file():
        _missing("the page's npm packages are not installed in api/web/node_modules (make web-assets)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[dev]')")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:
        pw.stop()
        _missing(f"Chromium at {CHROMIUM} did not start: {exc}")
    yield b
    b.close()
    pw.stop()


@dataclass
class Tab:
    """One browser page with what it logged and asked for, and helpers for the page's views."""

    page: Any
    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, route: str = "") -> None:
        """Load the page (fresh document) at ``#/route`` and wait for its view."""
        self.page.goto(self.base + (f"#/{route}" if route else ""))
        self.wait_view()

    def go(self, action: Callable[[], Any], view: str) -> None:
        """Do ``action`` (a click, a key) that changes the view, then wait for ``view`` to be ready."""
        self.page.evaluate("document.body.dataset.ready = 'stale'")
        action()
        self.wait_view(view)

    def wait_view(self, view: str | None = None) -> None:
        sel = f"body[data-view={view}][data-ready=true]" if view else "body[data-ready=true]"
        self.page.wait_for_selector(sel, timeout=20_000)

    def set_key(self, key: str) -> None:
        """Enter the API key the way a person does: the header button, the dialog, Save."""
        self.page.click("#key-button")
        self.page.fill("#key-input", key)
        self.page.click("#key-form button[value=save]")
        self.page.wait_for_selector("#key-button:has-text('API key: set')")

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=str(path))
        return path

    def outside_requests(self) -> list[str]:
        """Requests to anything but this machine's server (data: and blob: URLs are local)."""
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname != "127.0.0.1":
                out.append(url)
        return out


@pytest.fixture
def tab_for(browser: Any) -> Iterator[Callable[[LiveServer], Tab]]:
    """A fresh browser context (1400×900, clipboard allowed) on a server."""
    contexts: list[Any] = []

    def make(server: LiveServer) -> Tab:
        ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        origin = server.url.rstrip("/")
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(20_000)
        tab = Tab(page, server.url)
        page.on("console", lambda m: tab.console_errors.append(f"{m.text} ({m.location.get('url', '')})")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: tab.page_errors.append(str(e)))
        page.on("request", lambda r: tab.requests.append(r.url))
        return tab

    yield make
    for ctx in contexts:
        ctx.close()
