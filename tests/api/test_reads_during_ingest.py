"""Reads and writes at once: a real uvicorn server answers GraphQL clients while an ingest,
through its own connection to the same store, writes the northern-corridor scenario file by
file. No request fails, and every answer is one the store gives between two whole files
(never a half-written one: a segment without its evidence, a count that goes back)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.auth import LOCAL
from api.context import Context
from api.schema import run
from graph.model import Model
from graph.sqlite_store import SqliteStore
from graph.store import Store
from ingest.report_ingest import ReportIngester
from ingest.runner import ingest_paths
from tests.api.conftest import Keys, live_server, settings_for

# Only fields that are the same on every run and store (no ingestion times, no ids of evidence).
CHAIN = """query Chain($item: String!, $asOf: String) {
  chain: custodyChain(item: $item, asOf: $asOf) {
    segments { holder { name } location { name } evidence { quote document { title } } }
    anomalies { kind holder { name } }
  }
}"""
VARIABLES = {"item": "JAV-0042", "asOf": "2024-06-30"}
COUNTS = "{ items(first: 1) { totalCount } actors(first: 1) { totalCount } }"


def files(scenario: Path) -> list[Path]:
    """The scenario's files in the order both runs ingest them: manifests, then reports."""
    return sorted((scenario / "manifests").iterdir()) + sorted((scenario / "reports").iterdir())


def canonical(result: dict[str, Any]) -> str:
    """A chain as text that compares equal for equal answers; an unknown item (before the
    file that names it) is the answer ``NOT_FOUND``, any other error fails."""
    errors = result.get("errors") or []
    codes = {e.get("extensions", {}).get("code") for e in errors}
    assert codes <= {"NOT_FOUND"}, errors
    return "NOT_FOUND" if codes else json.dumps(result["data"], sort_keys=True)


def ingest_one_by_one(store: Store, scenario: Path, after_each: Callable[[], None] = lambda: None) -> None:
    reports = ReportIngester(store)
    for path in files(scenario):
        summary = ingest_paths(store, [path], report_ingester=reports)
        assert summary.exit_code == 0, [r.message for r in summary.results if r.message]
        after_each()


@pytest.fixture
def whole_batch_answers(scenario: Path, tmp_path: Path, model: Model) -> set[str]:
    """Every answer a store gives before the first file and after each whole file."""
    reference = SqliteStore(tmp_path / "reference.db", model)
    ctx = Context(reference, settings_for(tmp_path), LOCAL)
    answers: set[str] = set()

    def snapshot() -> None:
        answers.add(canonical(run(CHAIN, VARIABLES, ctx)))

    try:
        snapshot()
        ingest_one_by_one(reference, scenario, snapshot)
    finally:
        reference.close()
    return answers


def second_connection(store: Store, model: Model, tmp_path: Path) -> Store:
    """Another store object on the same data, as a separate `custody ingest` would open: its
    own SQLite connection (the file the ``store`` fixture opened), or its own Neo4j sessions
    (on the fixture's driver, which the fixture closes)."""
    if isinstance(store, SqliteStore):
        return SqliteStore(tmp_path / "store.db", model)
    from graph.neo4j_store import Neo4jStore

    assert isinstance(store, Neo4jStore)
    return Neo4jStore(store.driver, model, display_uri=store.uri)


@pytest.fixture
def server(store: Store, tmp_path: Path) -> Iterator[str]:
    with live_server(store, tmp_path) as url:
        yield url


def test_every_answer_during_an_ingest_is_one_between_whole_files(
        store: Store, server: str, scenario: Path, whole_batch_answers: set[str], model: Model,
        tmp_path: Path) -> None:
    keys = Keys(tmp_path / "keys.json")
    writer = second_connection(store, model, tmp_path)
    done = threading.Event()
    failure: list[BaseException] = []

    def ingest() -> None:
        try:
            ingest_one_by_one(writer, scenario)
        except BaseException as exc:  # reported by the test below, not lost in the thread
            failure.append(exc)
        finally:
            if isinstance(writer, SqliteStore):
                writer.close()  # this thread's connection
            done.set()

    seen: list[str] = []
    counts: list[tuple[int, int]] = []

    def ask(client: httpx.Client) -> None:
        response = client.post(f"{server}/graphql", json={"query": CHAIN, "variables": VARIABLES})
        assert response.status_code in (200, 404), response.text  # 404: the chain's NOT_FOUND
        seen.append(canonical(response.json()))
        response = client.post(f"{server}/graphql", json={"query": COUNTS})
        assert response.status_code == 200 and "errors" not in response.json(), response.text
        data = response.json()["data"]
        counts.append((data["items"]["totalCount"], data["actors"]["totalCount"]))

    thread = threading.Thread(target=ingest)
    with httpx.Client(headers=keys.headers("analyst"), timeout=60) as client:
        thread.start()
        while not done.is_set():
            ask(client)
        thread.join()
        ask(client)  # after the last file

    assert not failure, failure
    assert len(seen) > 2
    unexpected = [a for a in seen if a not in whole_batch_answers]
    assert not unexpected, f"{len(unexpected)} of {len(seen)} answers are no state between whole files: " \
                           f"{unexpected[0][:500]}"
    assert counts == sorted(counts), "a count went back"
    final = json.loads(seen[-1])
    assert final["chain"] != "NOT_FOUND" and all(s["evidence"] for s in final["chain"]["segments"])
