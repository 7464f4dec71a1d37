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


def test_an_unnamed_party_does_not_become_an_actor(store: Store, tmp_path: Path) -> None:
    report = tmp_path / "note.txt"
    report.write_text("Police note, 5 March 2024\n\nThe two men said they had bought the launcher JAV-0777 from "
                      "a soldier in January.\n")
    ingest_paths(store, [report], report_ingester=ReportIngester(store))
    assert not [n.name for n in store.iter_nodes("Actor") if "soldier" in n.name.lower()]
