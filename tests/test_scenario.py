"""End to end: ingest the whole northern-corridor scenario (manifests and reports) and check
every statement of its expected.json, on every store."""

from __future__ import annotations

import json
from pathlib import Path

from graph.store import Store
from ingest.report_ingest import ReportIngester
from ingest.runner import ingest_paths
from tests.scenario_check import check


def test_northern_corridor_answers_as_expected(store: Store, scenario: Path) -> None:
    summary = ingest_paths(store, [scenario / "manifests", scenario / "reports"],
                           report_ingester=ReportIngester(store))
    assert summary.exit_code == 0, [r.message for r in summary.results if r.message]
    assert check(store, json.loads((scenario / "expected.json").read_text())) == []

    # ingesting everything again changes nothing
    before = store.counts()
    again = ingest_paths(store, [scenario / "manifests", scenario / "reports"],
                         report_ingester=ReportIngester(store))
    assert {r.status for r in again.results} == {"skipped"}
    assert store.counts() == before
