"""Fixtures for the export tests: the fictional API world (with a restricted report) and the
public northern-corridor scenario ingested with ``custody ingest`` into a temporary store."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.export import Slice, export
from graph.model import Model
from graph.sqlite_store import SqliteStore
from graph.store import Store
from tests.api.world import write_world
from tests.conftest import SCENARIO

runner = CliRunner()


def ingest_scenario(path: Path) -> Path:
    """The scenario's manifests and reports, through the CLI, into the store file ``path``."""
    if not SCENARIO.is_dir():
        pytest.skip(f"the shared scenario is not at {SCENARIO}")
    result = runner.invoke(app, ["ingest", str(SCENARIO / "manifests"), str(SCENARIO / "reports"),
                                 "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def expected() -> dict:  # type: ignore[type-arg]
    return json.loads((SCENARIO / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def scenario_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_scenario(tmp_path_factory.mktemp("export-scenario") / "scenario.db")


@pytest.fixture
def scenario_store(scenario_db: Path, model: Model) -> Iterator[Store]:
    s = SqliteStore(scenario_db, model)
    yield s
    s.close()


@pytest.fixture
def world_store(tmp_path: Path, model: Model) -> Iterator[Store]:
    s = SqliteStore(tmp_path / "world.db", model)
    write_world(s)
    yield s
    s.close()


def exported(store: Store, part: Slice, fmt: str, *, sees_restricted: bool = True) -> bytes:
    out = io.BytesIO()
    export(store, part, fmt, out, sees_restricted=sees_restricted)
    return out.getvalue()
