"""Shared fixtures. ``store`` runs a test against every store implementation: adding a
backend to ``STORE_PARAMS`` puts it through the whole conformance suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import Model, load_model
from graph.store import Store

pytest_plugins = ["tests.neo4j_server"]

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CUSTODY_SHARED", REPO.parent / "shared"))
SCENARIO = SHARED / "scenario" / "northern-corridor"

STORE_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("neo4j", id="neo4j", marks=pytest.mark.neo4j),
]


@pytest.fixture(scope="session")
def model() -> Model:
    return load_model()


def make_store(kind: str, request: pytest.FixtureRequest, tmp_path: Path, model: Model) -> Store:
    if kind == "sqlite":
        from graph.sqlite_store import SqliteStore

        return SqliteStore(tmp_path / "store.db", model)
    server = request.getfixturevalue("neo4j_clean")
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore.connect(server.uri, model, auth=(server.user, server.password))


@pytest.fixture(params=STORE_PARAMS)
def store(request: pytest.FixtureRequest, tmp_path: Path, model: Model) -> Iterator[Store]:
    s = make_store(request.param, request, tmp_path, model)
    yield s
    s.close()


@pytest.fixture
def scenario() -> Path:
    if not SCENARIO.is_dir():
        pytest.skip(f"the shared scenario is not at {SCENARIO}")
    return SCENARIO
