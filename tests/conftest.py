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
DATA = REPO / "tests" / "data"
"""Fictional test data that ships with the repository: scenarios, and report texts with gold."""
SCENARIO = DATA / "scenarios" / "northern-corridor"
SHARED = Path(os.environ.get("CUSTODY_SHARED", REPO.parent / "shared"))
"""Real public texts (the seed article, scraped pages, ``corpus/real``) and the scorer: read
from beside the repository, never copied into it."""
REQUIRE_SHARED_ENV = "CUSTODY_REQUIRE_SHARED"


def shared_path(relative: str) -> Path:
    """``SHARED / relative``; a test that needs it skips with one line when it is missing (a
    bare clone), or fails under ``CUSTODY_REQUIRE_SHARED=1`` (CI)."""
    path = SHARED / relative
    if not path.exists():
        reason = f"real public texts are not at {path} (set CUSTODY_SHARED to the shared folder)"
        if os.environ.get(REQUIRE_SHARED_ENV) == "1":
            pytest.fail(f"{reason}; {REQUIRE_SHARED_ENV}=1", pytrace=False)
        pytest.skip(reason)
    return path

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
    """The fictional northern-corridor scenario (tests/data)."""
    return SCENARIO
