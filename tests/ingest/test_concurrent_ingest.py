"""Two ingests of the same files at the same moment end with the very facts of one ingest.

Both runs find the files new (neither has written its document yet), so every event is
written twice; the second write must keep the first's values exactly, nulls nested in
its props included (a report event's ``as_written`` keeps ``date: null`` when the
sentence gave none). Real stores, the real spaCy pipeline."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph.model import Model
from graph.records import Event
from graph.store import Store
from ingest.report_ingest import ReportIngester
from ingest.resolve import Resolver
from ingest.runner import ingest_paths
from tests.conftest import STORE_PARAMS, make_store

REPORTS = {
    "kite.txt": "Field note, 9 May 2024\n\nA video shows fighters of the Black Kite band with a FIM-92 Stinger "
                "gripstock, serial STG-9102.\n",
    "heron.txt": "Bulletin, 3 March 2024\n\nPolice in Town Q seized launcher NLAW-9101 from the Grey Heron "
                 "group.\n",
}


@pytest.fixture(scope="module")
def pipelines() -> list[object]:
    from ingest.nlp.pipeline import load_pipeline

    return [load_pipeline(), load_pipeline()]  # one each: threads never share a pipeline


@pytest.fixture(params=STORE_PARAMS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def fresh(kind: str, request: pytest.FixtureRequest, tmp_path: Path, model: Model, name: str) -> Store:
    if kind == "neo4j":
        request.getfixturevalue("neo4j_server").clear()
    folder = tmp_path / name
    folder.mkdir()
    return make_store(kind, request, folder, model)


def events(store: Store) -> list[Event]:
    return sorted(store.iter_events(), key=lambda e: e.id)


def ingest(store: Store, folder: Path, nlp: object, barrier: threading.Barrier | None = None) -> int:
    resolver = Resolver(store, store.model)
    ingester = ReportIngester(store, resolver, nlp=nlp)  # type: ignore[arg-type]
    if barrier is not None:
        barrier.wait()
    summary = ingest_paths(store, [folder], resolver=resolver, report_ingester=ingester)
    return sum(r.status == "ingested" for r in summary.results)


@pytest.fixture
def reports(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text)
    yield folder


def test_two_concurrent_ingests_of_the_same_reports_give_the_events_of_one(
        kind: str, request: pytest.FixtureRequest, tmp_path: Path, model: Model, reports: Path,
        pipelines: list[object]) -> None:
    one = fresh(kind, request, tmp_path, model, "one")
    assert ingest(one, reports, pipelines[0]) == len(REPORTS)
    expected = events(one)
    one.close()
    # the events this test is about: nested nulls in their props
    assert any(None in e.props.get("as_written", {}).values() for e in expected), expected

    both = fresh(kind, request, tmp_path, model, "both")
    barrier = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        ingested = list(pool.map(lambda nlp: ingest(both, reports, nlp, barrier), pipelines))
    assert events(both) == expected, ingested
    both.close()
