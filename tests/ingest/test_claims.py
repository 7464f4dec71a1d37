"""One serial on several rows of one manifest, one row saying another system and NSN: the
conflict is reported (file, rows, fields) with exit code 1, and both rows' facts stay in
the graph, on every store, whether the rows share a write batch or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.store import Store
from ingest.claims import claim_key
from ingest.manifests import RowError, ingest_table
from ingest.resolve import Resolver
from ingest.runner import ingest_paths
from tests.ingest.tablefiles import SHIPMENT_HEADER, shipment_row, write_csv

STINGER_NSN = "1425-01-432-5295"


def conflicting_manifest(path: Path) -> Path:
    return write_csv(path, SHIPMENT_HEADER, [
        shipment_row(serial="ZX-0001"),                                                   # row 2
        shipment_row(serial="ZX-0002"),                                                   # row 3
        shipment_row(serial="ZX 0001"),                                                   # row 4: the same again
        shipment_row(serial="ZX-0001", system="FIM-92 Stinger", nsn=STINGER_NSN),        # row 5: conflicts
    ])


@pytest.mark.parametrize("batch_rows", [10_000, 1], ids=["one-batch", "row-per-batch"])
def test_a_conflicting_row_is_reported_and_kept_as_a_claim(store: Store, tmp_path: Path, batch_rows: int) -> None:
    path = conflicting_manifest(tmp_path / "m.csv")
    reported: list[RowError] = []
    result = ingest_table(store, path, resolver=Resolver(store, store.model), batch_rows=batch_rows,
                          on_error=reported.append)
    assert (result.status, result.rows_ingested, result.rows_rejected, result.rows_conflicting) == (
        "ingested", 4, 0, 1)
    assert reported == result.conflicts
    assert {(e.file, e.row, e.column, e.value) for e in result.conflicts} == {
        (str(path), 5, "system", "weaponsystem:fim-92-stinger"), (str(path), 5, "nsn", STINGER_NSN)}
    assert all("on row 2" in e.reason and "on row 5" in e.reason and e.reason.startswith("conflict: ZX-0001")
               for e in result.conflicts)

    # the first row's values stand; the conflicting row's are a claim on the item ...
    item = store.nodes(["item:ZX0001"])["item:ZX0001"]
    assert item.props["system"] == "weaponsystem:fgm-148-javelin" and item.props["nsn"] == "1425-01-623-7766"
    assert item.props[claim_key(result.document_id or "", 5)] == ["system=weaponsystem:fim-92-stinger",
                                                                  f"nsn={STINGER_NSN}"]
    # ... and every row's evidence stays on it, the conflicting row's quote included
    evidence = {e.locator: e.quote for e in store.evidence(["item:ZX0001"])["item:ZX0001"]}
    assert set(evidence) == {"row 2", "row 4", "row 5"} and "FIM-92 Stinger" in evidence["row 5"]
    assert store.nodes(["weaponsystem:fim-92-stinger"])  # the system it names is in the graph too


def test_rows_that_agree_are_no_conflict_and_another_file_is_not_this_files_conflict(store: Store,
                                                                                      tmp_path: Path) -> None:
    agree = write_csv(tmp_path / "a.csv", SHIPMENT_HEADER, [shipment_row(serial="ZX-0001"),
                                                            shipment_row(serial="ZX-0001", nsn="")])
    result = ingest_table(store, agree, resolver=Resolver(store, store.model), batch_rows=1)
    assert (result.rows_conflicting, result.conflicts) == (0, [])
    other = write_csv(tmp_path / "b.csv", SHIPMENT_HEADER,
                      [shipment_row(serial="ZX-0001", system="FIM-92 Stinger", nsn=STINGER_NSN, head=[
                          "SHP-9002", "2023-06-02", "Fictional Donor Agency", "Central Supply Office",
                          "Fictional Armed Forces", "Depot D-9", "Depot Q-4", ""])])
    assert ingest_table(store, other, resolver=Resolver(store, store.model)).rows_conflicting == 0


def test_the_runner_exits_1_and_writes_the_conflicts_to_the_error_report(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    conflicting_manifest(folder / "m.csv")
    report = tmp_path / "errors.jsonl"
    summary = ingest_paths(store, [folder], report_path=report)
    assert (summary.exit_code, summary.rows_rejected, summary.rows_conflicting) == (1, 0, 1)
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert {(x["row"], x["column"]) for x in lines} == {(5, "system"), (5, "nsn")}
    assert all(x["file"].endswith("m.csv") and x["reason"].startswith("conflict:") for x in lines)
