"""The batch runner: the northern-corridor scenario end to end, order, reports, exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.dates import PartialDate
from graph.model import Model
from graph.records import Node
from graph.store import Store
from ingest.manifests import FileResult
from ingest.runner import IngestSummary, Progress, ingest_paths
from tests.ingest.tablefiles import SHIPMENT_HEADER, manifest, memory_store, shipment_row, write_csv

RELATIONS_HEADER = ["subject", "subject_kind", "relation", "object", "object_kind", "valid_from", "valid_to", "note"]


def every_fact_id(store: Store) -> list[str]:
    labels = ("Item", "WeaponSystem", "Shipment", "Actor", "Location")
    nodes = [n.id for label in labels for n in store.iter_nodes(label)]
    return nodes + [r.id for r in store.relations(nodes)] + [e.id for e in store.iter_events()]


# -- the scenario ----------------------------------------------------------------------------


def test_the_northern_corridor_manifests(store: Store, scenario: Path) -> None:
    summary = ingest_paths(store, [scenario / "manifests"])
    assert summary.exit_code == 0, [r.message for r in summary.results]
    assert [(Path(r.path).name, r.kind) for r in summary.results] == [
        ("relations.csv", "relations"), ("shipment_SHP-1001.csv", "shipment"), ("receipt_SHP-1001.csv", "receipt"),
        ("events_2023.csv", "events")]
    assert summary.rows == 28 + 18 + 17 + 27 and summary.rows_rejected == 0

    counts = store.counts()
    expected = {
        "Shipment": 1, "Item": 18, "WeaponSystem": 4, "Actor": 20, "Location": 7, "Document": 4,
        "relation:CONTAINS": 18, "relation:RECEIVED": 17, "Event": 27 + 1,
        "event:HANDOVER": 20, "event:INVENTORY": 4, "event:STORAGE": 2, "event:TRANSIT": 1, "event:DELIVERY": 1,
        "Actor:Country": 3, "Actor:Person": 2, "Actor:ArmedGroup": 1, "Location:BorderCrossing": 1, "Location:Hub": 1,
    }
    assert {k: counts.get(k) for k in expected} == expected
    assert counts["Relation"] - 18 - 17 == 28  # every row of relations.csv

    # every fact has evidence, and every evidence names a stored document
    ids = every_fact_id(store)
    evidence = store.evidence(ids)
    assert set(evidence) == set(ids)
    docs = {d.id for d in store.iter_nodes("Document")}
    assert {e.document_id for evs in evidence.values() for e in evs} == docs

    # the receipt: JAV-0049 was shipped, not received
    ship = store.nodes(["shipment:SHP1001"])["shipment:SHP1001"]
    assert ship.props["receipt"] is True and ship.props["end_user"] == "actor:ukrainian-armed-forces"
    assert ship.props["via"] == ["location:hub-north", "location:krakovets-korczowa"]
    contained = {r.target for r in store.relations(["shipment:SHP1001"], types=["CONTAINS"])}
    received = {r.target for r in store.relations(["shipment:SHP1001"], types=["RECEIVED"])}
    assert contained - received == {"item:JAV0049"}
    [receipt] = [r for r in summary.results if r.kind == "receipt"]
    javelins = [q for q in receipt.reconciliation if q.system == "weaponsystem:fgm-148-javelin"]
    assert [(q.shipped, q.received) for q in javelins] == [(10, 9)]

    # the chain starts at the consignor: the manifest's storage at the origin
    shipment_events = {e.type: e for e in store.events_of(["shipment:SHP1001"]) if e.type == "STORAGE"
                       and e.props.get("basis") == "manifest"}
    storage = shipment_events["STORAGE"]
    assert (storage.to_actor, storage.location, storage.date) == ("actor:donor-logistics-agency",
                                                                  "location:depot-d-7", PartialDate(2023, 3, 2))

    # handovers and inventories of JAV-0042 / JAV-0040
    jav42 = sorted((str(e.date), e.type, e.from_actor, e.to_actor, e.location)
                   for e in store.events_of(["item:JAV0042"]))
    assert jav42 == [
        ("2023-04-01", "HANDOVER", "actor:central-supply-directorate", "actor:14th-reserve-brigade",
         "location:depot-l-3"),
        ("2023-04-20", "HANDOVER", "actor:14th-reserve-brigade", "actor:2nd-battalion-14th-reserve-brigade",
         "location:forward-base-kilo"),
    ]
    assert "INVENTORY" in {e.type for e in store.events_of(["item:JAV0040"])}

    # relations keep their validity
    based = store.relations(["actor:3rd-battalion-14th-reserve-brigade"], types=["BASED_AT"])
    assert [(r.valid_from, r.valid_to) for r in based] == [(PartialDate(2022, 3, 1), PartialDate(2022, 12, 31))]
    bgd12 = store.relations(["actor:border-guard-detachment-12"], types=["OPERATES_AT"])
    assert [(r.target, r.valid_to) for r in bgd12] == [("location:krakovets-korczowa", PartialDate(2022, 12, 31))]

    # every actor the expected answers name resolves to exactly one actor
    answers = json.loads((scenario / "expected.json").read_text(encoding="utf-8"))
    names = [*answers["who_could_reach"]["JAV-0042"]["required_with_max_hops"],
             *answers["who_could_reach"]["JAV-0042"]["forbidden"]]
    for name in names:
        assert len(store.lookup(name, "Actor")) == 1, name

    # idempotent: a second run skips every file and changes nothing
    again = ingest_paths(store, [scenario / "manifests"])
    assert [r.status for r in again.results] == ["skipped"] * 4 and again.exit_code == 0
    assert store.counts() == counts


# -- order, dispatch, reports ------------------------------------------------------------------


def test_relations_go_first_so_their_kinds_are_used(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    head = ["SHP-9001", "2023-05-02", "Fictional Donor Agency", "Central Supply Office", "Fictional Armed Forces",
            "Site Kilo", "Depot Q-4", ""]
    write_csv(tmp_path / "a_manifest.csv", SHIPMENT_HEADER, [shipment_row(serial="ZX-1", head=head)])
    write_csv(tmp_path / "z_relations.csv", RELATIONS_HEADER,
              [["Fictional Transit Cell", "Organization", "OPERATES_AT", "Site Kilo", "Hub", "", "", ""]])
    summary = ingest_paths(store, [tmp_path])
    assert [Path(r.path).name for r in summary.results] == ["z_relations.csv", "a_manifest.csv"]
    assert store.nodes(["location:site-kilo"])["location:site-kilo"].kind == "Hub"  # not guessed as a Place


def test_rejected_rows_go_to_a_json_lines_report_and_exit_1(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    path = write_csv(tmp_path / "m.csv", SHIPMENT_HEADER,
                     [shipment_row(serial="ZX-1"), shipment_row(serial="ZX-2", quantity="many")])
    report = tmp_path / "errors.jsonl"
    summary = ingest_paths(store, [path], report_path=report)
    assert summary.exit_code == 1 and summary.rows_rejected == 1 and summary.error_report == report
    [line] = [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()]
    assert line == {"file": str(path), "row": 3, "column": "quantity", "value": "many",
                    "reason": "not a quantity (a non-negative number): 'many'"}


def test_a_csv_report_makes_formula_cells_inert(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    path = write_csv(tmp_path / "m.csv", SHIPMENT_HEADER, [shipment_row(serial="=cmd|' /C calc'!A0")])
    report = tmp_path / "errors.csv"
    ingest_paths(store, [path], report_path=report)
    with open(report, newline="", encoding="utf-8") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["value"] == "'=cmd|' /C calc'!A0" and row["column"] == "serial" and row["row"] == "2"


def test_a_clean_run_leaves_an_empty_report_and_exit_0(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    report = tmp_path / "errors.jsonl"
    report.write_text('{"stale": true}\n', encoding="utf-8")
    summary = ingest_paths(store, [manifest(tmp_path / "m.csv", ["ZX-1"])], report_path=report)
    assert summary.exit_code == 0 and summary.error_report is None and report.read_text(encoding="utf-8") == ""
    assert (summary.files, summary.files_ingested, summary.facts > 0, summary.evidence > 0) == (1, 1, True, True)


def test_an_unreadable_file_is_exit_2_and_the_others_are_still_ingested(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    (tmp_path / "junk.csv").write_bytes(b"\x00\x01\x02\xff\xfe binary \x00\x00 junk" * 50)
    (tmp_path / "fruit.csv").write_text("colour,flavour\nred,sweet\n", encoding="utf-8")
    manifest(tmp_path / "m.csv", ["ZX-1"])
    report = tmp_path / "errors.jsonl"
    summary = ingest_paths(store, [tmp_path / "junk.csv", tmp_path / "fruit.csv", tmp_path / "m.csv"],
                           report_path=report)
    assert summary.exit_code == 2 and summary.files_failed == 2 and summary.files_ingested == 1
    messages = {Path(r.path).name: r.message for r in summary.results}
    assert "binary" in messages["junk.csv"]
    assert "no mapping fits its columns ('colour', 'flavour')" in messages["fruit.csv"]
    lines = [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()]
    assert {Path(x["file"]).name for x in lines} == {"junk.csv", "fruit.csv"} and {x["row"] for x in lines} == {None}


def test_file_types_missing_paths_and_hidden_files(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    (tmp_path / "tool.exe").write_bytes(b"MZ")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "folder" / ".hidden.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "folder" / ".git").mkdir()
    (tmp_path / "folder" / ".git" / "config.csv").write_text("x\n1\n", encoding="utf-8")
    summary = ingest_paths(store, [tmp_path / "tool.exe", tmp_path / "nope.csv", tmp_path / "folder"])
    by_name = {Path(r.path).name: r for r in summary.results}
    assert set(by_name) == {"tool.exe", "nope.csv", "image.png"}
    assert by_name["tool.exe"].status == "failed" and "not a file type this tool reads (.exe)" in by_name[
        "tool.exe"].message
    assert by_name["nope.csv"].status == "failed" and "no such file" in by_name["nope.csv"].message
    assert by_name["image.png"].status == "skipped"
    assert summary.exit_code == 2


def test_reports_go_to_the_pluggable_report_ingester_last(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    (tmp_path / "a_note.txt").write_text("A fictional monitoring note.", encoding="utf-8")
    (tmp_path / "b_note.md").write_text("# fictional", encoding="utf-8")
    manifest(tmp_path / "z.csv", ["ZX-1"])
    calls: list[tuple[Store, Path]] = []

    def fake_nlp(s: Store, p: Path) -> FileResult:
        calls.append((s, p))
        if p.suffix == ".md":
            raise RuntimeError("model crashed")
        return FileResult(str(p), "ingested", kind="report", rows=1)

    summary = ingest_paths(store, [tmp_path], report_ingester=fake_nlp)
    assert [Path(r.path).name for r in summary.results] == ["z.csv", "a_note.txt", "b_note.md"]
    assert [p.name for _, p in calls] == ["a_note.txt", "b_note.md"] and calls[0][0] is store
    assert summary.results[2].status == "failed" and "RuntimeError: model crashed" in summary.results[2].message
    without = ingest_paths(memory_store(model), [tmp_path / "a_note.txt"])
    [skipped] = without.results
    assert skipped.status == "skipped" and "no report ingester" in skipped.message and without.exit_code == 0


def test_progress_reports_rows_and_rate(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    manifest(tmp_path / "a.csv", [f"ZX-{i}" for i in range(2500)])
    manifest(tmp_path / "b.csv", ["YY-1"])
    seen: list[Progress] = []
    ingest_paths(store, [tmp_path], progress=seen.append)
    assert [p.rows for p in seen if not p.finished] == [1000, 2000, 2500, 2501]
    finals = [p for p in seen if p.finished]
    assert [(Path(p.path).name, p.file_number, p.files_total, p.file_rows) for p in finals] == [
        ("a.csv", 1, 2, 2500), ("b.csv", 2, 2, 1)]
    assert finals[-1].rows == 2501 and finals[-1].rows_per_s > 0


def test_an_explicit_mapping_applies_to_every_table(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    path = write_csv(tmp_path / "m.csv", SHIPMENT_HEADER, [shipment_row(serial="ZX-1")])
    summary = ingest_paths(store, [path], mapping="receipt")
    [result] = summary.results
    assert result.status == "failed" and "mapping 'receipt' does not fit: no column for received_by" in result.message
    assert "Columns found: 'shipment_ref'" in result.message


def test_strict_runs_abort_bad_files_only(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    bad = write_csv(tmp_path / "bad.csv", SHIPMENT_HEADER,
                    [shipment_row(serial="ZX-1"), shipment_row(serial="ZX-2", nsn="nope")])
    good = manifest(tmp_path / "good.csv", ["YY-1"])
    summary: IngestSummary = ingest_paths(store, [bad, good], strict=True)
    assert [r.status for r in summary.results] == ["aborted", "ingested"]
    assert summary.exit_code == 1 and summary.files_aborted == 1
    assert set(store.nodes(["item:ZX1", "item:YY1"])) == {"item:YY1"}


@pytest.mark.parametrize("rows", [0, 1])
def test_the_summary_counts(model: Model, tmp_path: Path, rows: int) -> None:
    store = memory_store(model)
    summary = ingest_paths(store, str(manifest(tmp_path / "m.csv", [f"ZX-{i}" for i in range(rows)])))
    assert (summary.files, summary.rows, summary.rows_rejected, summary.exit_code) == (1, rows, 0, 0)
    assert summary.seconds > 0


def test_workbooks_and_json_lines_are_ingested_and_formulas_stay_data(model: Model, tmp_path: Path) -> None:
    from openpyxl import Workbook

    store = memory_store(model)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(SHIPMENT_HEADER)
    ws.append(shipment_row(serial="XL-1"))
    ws.append(shipment_row(serial="=cmd|' /C calc'!A0"))  # openpyxl stores it as a formula cell
    ws.append(shipment_row(serial="XL-3"))
    wb.save(tmp_path / "manifest.xlsx")
    records = [dict(zip(SHIPMENT_HEADER, shipment_row(serial=f"JL-{i}"), strict=True)) for i in range(2)]
    records[1]["quantity"] = 1  # a JSON number, not text
    (tmp_path / "manifest.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    summary = ingest_paths(store, [tmp_path])
    by_name = {Path(r.path).name: r for r in summary.results}
    xlsx, jsonl = by_name["manifest.xlsx"], by_name["manifest.jsonl"]
    assert (xlsx.status, xlsx.rows_ingested, xlsx.rows_rejected) == ("ingested", 2, 1)
    assert "formula" in xlsx.errors[0].reason and xlsx.errors[0].row == 3
    assert (jsonl.status, jsonl.rows_ingested) == ("ingested", 2)
    assert set(store.nodes(["item:XL1", "item:XL3", "item:JL0", "item:JL1"])) == {"item:XL1", "item:XL3", "item:JL0",
                                                                               "item:JL1"}


def test_a_table_is_looked_up_by_hash_once_per_run_and_a_second_copy_is_still_skipped(
    model: Model, tmp_path: Path
) -> None:
    store = memory_store(model)
    lookups: list[str] = []
    real = store.document_by_hash

    def counted(sha256: str) -> Node | None:
        lookups.append(sha256)
        return real(sha256)

    store.document_by_hash = counted  # type: ignore[method-assign]
    folder = tmp_path / "in"
    folder.mkdir()
    manifest(folder / "a.csv", ["QX-1", "QX-2"])
    manifest(folder / "b.csv", ["QX-3"])
    (folder / "c.csv").write_bytes((folder / "a.csv").read_bytes())  # the same file under another name
    summary = ingest_paths(store, [folder])
    assert [(Path(r.path).name, r.status) for r in summary.results] == [
        ("a.csv", "ingested"), ("b.csv", "ingested"), ("c.csv", "skipped")]
    # one read per table when the run is planned, one more only for the repeated copy (not one per file again)
    assert len(lookups) == 4
