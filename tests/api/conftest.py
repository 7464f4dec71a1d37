"""Fixtures for the API tests: the fictional world on every store, and helpers that run
GraphQL without HTTP (``api.schema.run``) or through the app (FastAPI's TestClient)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import LOCAL, KeyRing, Principal
from api.context import Context
from api.schema import run
from api.settings import Settings
from graph.store import Store
from tests.api.world import write_world

Run = Callable[..., dict[str, Any]]


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for a test: keys and audit log in the test's folder, never the environment's."""
    base: dict[str, Any] = {"store": str(tmp_path / "unused.db"), "keys_file": tmp_path / "keys.json",
                            "audit_log": tmp_path / "audit.jsonl", "host": "127.0.0.1"}
    return Settings.model_construct(**{**Settings.model_construct().model_dump(), **base, **overrides})


@pytest.fixture
def world(store: Store) -> Store:
    write_world(store)
    return store


@pytest.fixture
def gql(world: Store, tmp_path: Path) -> Run:
    """Run a query on the world as ``principal`` (default: the local admin)."""

    def go(query: str, variables: dict[str, Any] | None = None, *, principal: Principal | None = LOCAL,
           store: Store | None = None) -> dict[str, Any]:
        ctx = Context(store or world, settings_for(tmp_path), principal)
        return run(query, variables, ctx)

    return go


def ok(result: dict[str, Any]) -> dict[str, Any]:
    """The data of a result that must have no errors."""
    assert "errors" not in result, result.get("errors")
    return result["data"]


def codes(result: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in result.get("errors", [])]


class Keys:
    """API keys of one role each, in the test's keys file."""

    def __init__(self, path: Path) -> None:
        self.ring = KeyRing(path)
        self.tokens = {role: self.ring.create(role, name=f"{role}-tester")[1]
                       for role in ("viewer", "analyst", "ingester", "admin")}

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture
def keys(tmp_path: Path) -> Keys:
    return Keys(tmp_path / "keys.json")


@pytest.fixture
def client_for(world: Store, tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """A TestClient on an app over the world, with settings overridden per test."""
    clients: list[TestClient] = []

    def make(store: Store | None = None, **overrides: Any) -> TestClient:
        c = TestClient(create_app(settings_for(tmp_path, **overrides), store=store or world))
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(store: Store, tmp_path: Path, **settings: Any) -> Iterator[str]:
    """A real uvicorn server on loopback in a thread, serving ``store`` with the test settings
    (``settings`` override them); yields its base URL."""
    port = free_port()
    app = create_app(settings_for(tmp_path, port=port, **settings), store=store)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=30)
