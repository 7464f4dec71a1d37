"""Structured ingestion of one table file: facts, evidence, bad rows, strict mode, mappings."""

from __future__ import annotations

import csv
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.dates import PartialDate
from graph.model import Model
from graph.sqlite_store import SqliteStore
from graph.store import Store
from ingest.manifests import INTERNAL_ERROR, FileResult, ingest_table, reconcile
from ingest.resolve import Resolver
from tests.ingest.tablefiles import SHIPMENT_HEADER, manifest, memory_store, shipment_row, write_csv

RECEIPT_HEADER = ["shipment_ref", "date", "received_by", "location", "system", "serial", "lot", "quantity_received"]
EVENTS_HEADER = ["date", "event", "serial", "lot", "system", "quantity", "shipment_ref", "from", "to", "location",
                 "notes"]
RELATIONS_HEADER = ["subject", "subject_kind", "relation", "object", "object_kind", "valid_from", "valid_to", "note"]


def ingest(store: Store, path: Path, **kw: object) -> FileResult:
    resolver = kw.pop("resolver", None) or Resolver(store, store.model)
    return ingest_table(store, path, resolver=resolver, ingested_at="2026-01-01T00:00:00+00:00",
                        **kw)  # type: ignore[arg-type]


def all_fact_ids(store: Store) -> list[str]:
    ids = [n.id for label in ("Item", "WeaponSystem", "Shipment", "Actor", "Location") for n in store.iter_nodes(label)]
    rel_ids = [r.id for r in store.relations(ids)]
    return ids + rel_ids + [e.id for e in store.iter_events()]


@pytest.fixture
def store(model: Model) -> SqliteStore:
    return memory_store(model)


# -- shipments -------------------------------------------------------------------------------


def test_a_manifest_gives_the_shipment_its_items_and_the_consignors_storage(store: Store, tmp_path: Path) -> None:
    path = manifest(tmp_path / "m.csv", ["ZX-0001", "zx 0002"], lots=[("LOT-77", "5,000")])
    result = ingest(store, path)
    assert (result.status, result.kind, result.mapping, result.rows, result.rows_rejected) == (
        "ingested", "shipment", "shipment-manifest", 3, 0)

    [ship] = store.iter_nodes("Shipment")
    assert ship.id == "shipment:SHP9001" and ship.name == "SHP-9001"
    assert ship.props == {
        "ref": "SHP-9001", "date": "2023-05-02", "consignor": "actor:fictional-donor-agency",
        "consignee": "actor:central-supply-office", "end_user": "actor:fictional-armed-forces",
        "origin": "location:depot-d-9", "destination": "location:depot-q-4",
        "via": ["location:hub-west", "location:alpha-bravo"],
    }
    items = store.nodes(["item:ZX0001", "item:ZX0002", "item:lot:LOT77"])
    assert items["item:ZX0002"].name == "ZX 0002"
    assert items["item:ZX0001"].props == {"serial": "ZX-0001", "system": "weaponsystem:fgm-148-javelin",
                                          "nsn": "1425-01-623-7766", "quantity": 1}
    assert items["item:lot:LOT77"].props["quantity"] == 5000
    contains = store.relations(["shipment:SHP9001"], types=["CONTAINS"], direction="out")
    assert {r.target for r in contains} == set(items)
    lot_rel = next(r for r in contains if r.target == "item:lot:LOT77")
    assert lot_rel.props == {"quantity": 5000, "system": "weaponsystem:5-56mm-ammunition", "lot": "LOT-77"}

    [storage] = store.events_of(["shipment:SHP9001"])
    assert (storage.type, storage.date, storage.to_actor, storage.location, storage.props) == (
        "STORAGE", PartialDate(2023, 5, 2), "actor:fictional-donor-agency", "location:depot-d-9",
        {"basis": "manifest"})
    locations = {n.id: n.kind for n in store.iter_nodes("Location")}
    assert locations == {"location:depot-d-9": "Depot", "location:depot-q-4": "Depot", "location:hub-west": "Hub",
                         "location:alpha-bravo": "BorderCrossing"}


def test_every_fact_has_the_evidence_of_its_row(store: Store, tmp_path: Path) -> None:
    path = manifest(tmp_path / "m.csv", ["ZX-0001", "ZX-0002"])
    result = ingest(store, path)
    ids = all_fact_ids(store)
    evidence = store.evidence(ids)
    assert set(evidence) == set(ids)
    [doc] = store.iter_nodes("Document")
    assert doc.id == result.document_id and doc.id.startswith("doc:") and len(doc.id) == 4 + 16
    assert doc.kind == "Manifest" and doc.name == "m.csv"
    assert {k: doc.props[k] for k in ("title", "path", "sensitivity", "ingested_at")} == {
        "title": "m.csv", "path": str(path), "sensitivity": "public", "ingested_at": "2026-01-01T00:00:00+00:00"}
    assert doc.id == "doc:" + doc.props["sha256"][:16]
    [item_ev] = evidence["item:ZX0002"]
    assert item_ev.locator == "row 3" and item_ev.document_id == doc.id and item_ev.confidence == 1.0
    assert item_ev.quote.startswith("shipment_ref=SHP-9001; date=2023-05-02;") and "serial=ZX-0002" in item_ev.quote
    assert "lot=" not in item_ev.quote  # empty cells are left out
    assert (item_ev.extractor, item_ev.extractor_version) == ("custody-manifest/shipment-manifest", "1")
    # header entities are cited once per batch, by the first row naming them
    assert [e.locator for e in evidence["actor:fictional-donor-agency"]] == ["row 2"]


def test_rows_that_disagree_on_the_shipment_header_are_reported(store: Store, tmp_path: Path) -> None:
    other = ["SHP-9001", "2023-05-09", *shipment_row()[2:8]]
    path = write_csv(tmp_path / "m.csv", SHIPMENT_HEADER,
                     [shipment_row(serial="ZX-1"), shipment_row(serial="ZX-2", head=other)])
    result = ingest(store, path)
    assert result.rows_ingested == 2
    assert any("rows disagree on date ('2023-05-02' and '2023-05-09')" in w for w in result.warnings)
    assert store.nodes(["shipment:SHP9001"])["shipment:SHP9001"].props["date"] == "2023-05-02"


# -- receipts --------------------------------------------------------------------------------


def test_a_receipt_marks_the_shipment_and_says_what_was_received(store: Store, tmp_path: Path) -> None:
    ingest(store, manifest(tmp_path / "m.csv", ["ZX-0001", "ZX-0002", "ZX-0003"], lots=[("LOT-77", "5000")]))
    rows = [["SHP-9001", "2023-05-10", "Central Supply Office", "Depot Q-4", "Javelin", s, "", "1"]
            for s in ("ZX-0001", "ZX-0003")]
    rows.append(["SHP-9001", "2023-05-10", "Central Supply Office", "Depot Q-4", "5.56mm ammunition", "", "LOT-77",
                 "4,000"])
    result = ingest(store, write_csv(tmp_path / "r.csv", RECEIPT_HEADER, rows))
    assert (result.kind, result.rows_ingested) == ("receipt", 3)
    ship = store.nodes(["shipment:SHP9001"])["shipment:SHP9001"]
    assert ship.props["receipt"] is True and ship.props["consignor"] == "actor:fictional-donor-agency"
    received = {r.target: r for r in store.relations(["shipment:SHP9001"], types=["RECEIVED"])}
    assert set(received) == {"item:ZX0001", "item:ZX0003", "item:lot:LOT77"}  # ZX-0002 not received
    assert received["item:ZX0001"].props == {
        "quantity_received": 1, "date": "2023-05-10", "received_by": "actor:central-supply-office",
        "location": "location:depot-q-4", "system": "weaponsystem:fgm-148-javelin"}
    lines = {(q.system, q.lot): (q.shipped, q.received) for q in result.reconciliation}
    assert lines == {("weaponsystem:fgm-148-javelin", None): (3, 2),
                     ("weaponsystem:5-56mm-ammunition", "LOT-77"): (5000, 4000)}
    assert reconcile(store, ["shipment:SHP9001"]) == result.reconciliation
    assert all(q.mismatch for q in result.reconciliation)


# -- event logs ------------------------------------------------------------------------------


def test_event_rows_about_items_lots_and_whole_shipments(store: Store, tmp_path: Path) -> None:
    rows = [
        ["2023-05-05", "TRANSIT", "", "", "", "", "SHP-9001", "", "Fictional Transit Cell", "Hub West", "at the hub"],
        ["2023-06-01", "handed over", "ZX-0001", "", "Javelin", "1", "", "Central Supply Office",
         "11th Reserve Brigade", "Depot Q-4", ""],
        ["June 2023", "INVENTORY", "", "LOT-77", "", "3000", "", "", "11th Reserve Brigade", "Depot Q-4", ""],
        ["15/06/2023", "INVENTORY", "ZX-0002", "", "", "", "", "", "", "", ""],
        ["2023-06-20", "TELEPORTED", "ZX-0002", "", "", "", "", "", "", "", ""],
        ["2023-06-21", "LOSS", "", "", "", "", "", "", "", "", "no subject"],
    ]
    result = ingest(store, write_csv(tmp_path / "events.csv", EVENTS_HEADER, rows))
    assert (result.kind, result.rows_ingested, result.rows_rejected) == ("events", 3, 3)
    [transit] = store.events_of(["shipment:SHP9001"])
    assert (transit.type, transit.to_actor, transit.location, transit.props) == (
        "TRANSIT", "actor:fictional-transit-cell", "location:hub-west", {"notes": "at the hub"})
    [handover] = store.events_of(["item:ZX0001"])
    assert (handover.type, handover.from_actor, handover.to_actor, handover.quantity) == (
        "HANDOVER", "actor:central-supply-office", "actor:11th-reserve-brigade", 1)
    assert handover.props == {"system": "weaponsystem:fgm-148-javelin"}
    [inventory] = store.events_of(["item:lot:LOT77"])
    assert inventory.date == PartialDate(2023, 6) and inventory.quantity == 3000
    reasons = {e.row: (e.column, e.reason) for e in result.errors}
    assert reasons[5][0] == "date" and "declare dates.order" in reasons[5][1]
    assert reasons[6][0] == "event" and "unknown event type" in reasons[6][1]
    assert "serial, a lot or a shipment reference" in reasons[7][1] or "must have a value" in reasons[7][1]
    assert set(store.evidence([transit.id, handover.id, inventory.id])) == {transit.id, handover.id, inventory.id}


# -- relations -------------------------------------------------------------------------------


def test_relations_with_kinds_and_validity(store: Store, tmp_path: Path) -> None:
    rows = [
        ["2nd Battalion, 11th Reserve Brigade", "MilitaryUnit", "SUBORDINATE_TO", "11th Reserve Brigade",
         "MilitaryUnit", "", "", ""],
        ["2nd Battalion, 11th Reserve Brigade", "MilitaryUnit", "based at", "Forward Base Lima", "Depot",
         "2023-04-01", "2023-12", "fictional"],
        ["Alpha–Bravo", "BorderCrossing", "CONNECTS", "Poland", "Country", "", "", ""],
        ["Depot Q-4", "", "LOCATED_IN", "Town Q", "", "", "", ""],
        ["Depot Q-4", "Depot", "MEMBER_OF", "11th Reserve Brigade", "MilitaryUnit", "", "", ""],
        ["A", "Person", "OWNS", "B", "Person", "", "", ""],
        ["Ada Fictional", "Person", "MEMBER_OF", "11th Reserve Brigade", "", "2023-05", "2023-01", ""],
        ["Ada Fictional", "Wizard", "MEMBER_OF", "11th Reserve Brigade", "", "", "", ""],
    ]
    result = ingest(store, write_csv(tmp_path / "rel.csv", RELATIONS_HEADER, rows))
    assert (result.kind, result.rows_ingested, result.rows_rejected) == ("relations", 4, 4)
    based = store.relations(["actor:2nd-battalion-11th-reserve-brigade"], types=["BASED_AT"])
    [b] = based
    assert (b.target, b.valid_from, b.valid_to, b.props) == ("location:forward-base-lima", PartialDate(2023, 4, 1),
                                                             PartialDate(2023, 12), {"note": "fictional"})
    [connects] = store.relations(["location:alpha-bravo"], types=["CONNECTS"])
    assert connects.target == "actor:poland"
    assert store.nodes(["actor:poland"])["actor:poland"].kind == "Country"
    [located] = store.relations(["location:depot-q-4"], types=["LOCATED_IN"])
    assert located.target == "location:town-q"
    reasons = {e.row: e.reason for e in result.errors}
    assert "cannot be the subject of MEMBER_OF" in reasons[6]
    assert "unknown relation" in reasons[7]
    assert "ends before it starts" in reasons[8]
    assert "unknown kind" in reasons[9]


# -- bad input -------------------------------------------------------------------------------


def test_bad_rows_are_reported_and_skipped_and_the_rest_is_ingested(store: Store, tmp_path: Path) -> None:
    rows = [
        shipment_row(serial="ZX-0001"),
        shipment_row(serial="=cmd|' /C calc'!A0"),
        shipment_row(serial="ZX-0003", nsn="12345"),
        shipment_row(serial="ZX-0004", quantity="-2"),
        shipment_row(serial=""),
        [*shipment_row(serial="ZX-0006")[:7], "=HYPERLINK(\"http://x\")", *shipment_row(serial="ZX-0006")[8:]],
        shipment_row(serial="ZX-0007"),
    ]
    path = write_csv(tmp_path / "m.csv", SHIPMENT_HEADER, rows)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("SHP-9001,2023-05-02,too,few,fields\n")
    seen = []
    result = ingest(store, path, on_error=seen.append)
    assert (result.rows, result.rows_ingested, result.rows_rejected) == (8, 2, 6)
    assert seen == result.errors
    by_row = {e.row: e for e in result.errors}
    assert by_row[3].column == "serial" and "formula" in by_row[3].reason and by_row[3].value.startswith("=cmd")
    assert by_row[4].column == "nsn" and "13 digits" in by_row[4].reason
    assert by_row[5].column == "quantity"
    assert by_row[6].column == "serial" and "must have a value" in by_row[6].reason
    assert by_row[7].column == "via" and "formula" in by_row[7].reason
    assert by_row[9].column is None and "fields" in by_row[9].reason  # the reader's row problem
    assert all(e.file == str(path) for e in result.errors)
    assert set(store.nodes(["item:ZX0001", "item:ZX0007", "item:ZX0003"])) == {"item:ZX0001", "item:ZX0007"}
    assert not any(n.name.startswith("=") for label in ("Item", "Location") for n in store.iter_nodes(label))


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (b"", ".csv", "empty"),
        (b"\n\n  \n", ".csv", "blank lines"),
        (b"\x00\x01\x02\xff\xfe binary \x00\x00 junk" * 50, ".csv", "binary"),
        (b"%PDF-1.4 not a table", ".csv", "PDF"),
        (b"serial,serial,date\nA,B,2023\n", ".csv", "uplicate"),
        (b"colour,flavour\nred,sweet\n", ".csv", "no mapping fits its columns ('colour', 'flavour')"),
        (b'{"a": 1}', ".json", "array of objects"),
    ],
)
def test_files_that_cannot_be_read_fail_with_a_clear_message(store: Store, tmp_path: Path, content: bytes,
                                                             suffix: str, message: str) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    errors = []
    result = ingest(store, path, on_error=errors.append)
    assert result.status == "failed" and message in result.message
    assert [e.row for e in errors] == [None] and errors[0].reason == result.message
    assert store.counts().get("Document", 0) == 0


def test_a_header_only_file_is_ingested_with_a_warning(store: Store, tmp_path: Path) -> None:
    result = ingest(store, write_csv(tmp_path / "m.csv", SHIPMENT_HEADER, []))
    assert result.status == "ingested" and result.rows == 0
    assert result.warnings == ["no data rows (the file has a header only)"]
    assert store.counts()["Document"] == 1  # so it is not read again


def test_strict_mode_writes_nothing_of_a_file_with_a_bad_row(store: Store, tmp_path: Path) -> None:
    rows = [shipment_row(serial="ZX-0001"), shipment_row(serial="ZX-0002", quantity="lots"),
            shipment_row(serial="ZX-0003", nsn="1")]
    path = write_csv(tmp_path / "m.csv", SHIPMENT_HEADER, rows)
    result = ingest(store, path, strict=True)
    assert result.status == "aborted" and result.rows_rejected == 2 and result.facts == 0
    assert "nothing of this file was written" in result.message
    assert store.counts().get("Item", 0) == 0 and store.counts().get("Document", 0) == 0
    # the same rows without strict: the good one goes in
    assert ingest(store, path).rows_ingested == 1


def test_strict_mode_ingests_a_clean_file_once(store: Store, tmp_path: Path) -> None:
    rows_seen: list[int] = []
    result = ingest(store, manifest(tmp_path / "m.csv", ["ZX-1", "ZX-2"]), strict=True, on_rows=rows_seen.append)
    assert (result.status, result.rows, result.rows_ingested) == ("ingested", 2, 2)
    assert sum(rows_seen) == 2  # progress counts the writing pass only
    assert store.counts()["Item"] == 2


def test_a_custom_mapping_reads_a_differently_laid_out_manifest(store: Store, tmp_path: Path) -> None:
    mapping = tmp_path / "partner.yaml"
    mapping.write_text(
        """
name: partner-manifest
version: 2
record: shipment
file: {encoding: latin-1, delimiter: ";"}
document: {sensitivity: restricted}
columns:
  ref: Envoi
  date: Date d'expédition
  consignee: Consignee
  destination: Destination
  system: Désignation
  serial: Serial No.
  quantity: Qté
required: [ref, date, consignee, serial]
constants:
  consignor: Fictional Donor Ministry
  origin: Dépôt Central D-2
dates: {order: DMY}
""",
        encoding="utf-8",
    )
    header = ["Envoi", "Date d'expédition", "Consignee", "Destination", "Désignation", "Serial No.", "Qté"]
    rows = [["ENV-77", "15/03/2023", "Brigade Légère 5", "Dépôt Nord", "Javelin", "S/N ZX-0101", "1"],
            ["ENV-77", "15/03/2023", "Brigade Légère 5", "Dépôt Nord", "Javelin", "ZX 0102", "1"]]
    path = write_csv(tmp_path / "envoi.csv", header, rows, delimiter=";", encoding="latin-1")
    result = ingest(store, path, mapping=mapping)
    assert (result.status, result.mapping, result.rows_ingested) == ("ingested", "partner-manifest", 2)
    ship = store.nodes(["shipment:ENV77"])["shipment:ENV77"]
    assert ship.props["date"] == "2023-03-15"
    assert ship.props["consignee"] == "actor:brigade-légère-5"
    assert ship.props["consignor"] == "actor:fictional-donor-ministry"
    assert ship.props["origin"] == "location:dépôt-central-d-2"
    items = store.nodes(["item:ZX0101", "item:ZX0102"])
    assert items["item:ZX0101"].props["serial"] == "ZX-0101"  # the S/N prefix is dropped
    [doc] = store.iter_nodes("Document")
    assert doc.props["sensitivity"] == "restricted"
    assert store.evidence(["item:ZX0101"])["item:ZX0101"][0].extractor == "custody-manifest/partner-manifest"


def test_a_sensitivity_override_marks_the_document_restricted(store: Store, tmp_path: Path) -> None:
    ingest(store, manifest(tmp_path / "m.csv", ["ZX-1"]), sensitivity="restricted")
    [doc] = store.iter_nodes("Document")
    assert doc.props["sensitivity"] == "restricted"


def test_batches_give_the_same_graph_and_header_evidence_per_batch(model: Model, tmp_path: Path) -> None:
    path = manifest(tmp_path / "m.csv", [f"ZX-{i:04d}" for i in range(7)])
    one, many = memory_store(model), memory_store(model)
    ingest(one, path)
    ingest(many, path, batch_rows=3)
    c1, c3 = one.counts(), many.counts()
    assert {k: v for k, v in c1.items() if k != "Evidence"} == {k: v for k, v in c3.items() if k != "Evidence"}
    consignor = "actor:fictional-donor-agency"
    assert sorted(e.locator for e in many.evidence([consignor])[consignor]) == ["row 2", "row 5", "row 8"]


def test_the_same_file_twice_is_skipped_and_a_corrected_one_adds_its_evidence(store: Store, tmp_path: Path) -> None:
    path = manifest(tmp_path / "m.csv", ["ZX-0001", "ZX-0002"])
    first = ingest(store, path)
    before = store.counts()
    again = ingest(store, path)
    assert again.status == "skipped" and again.document_id == first.document_id and store.counts() == before
    manifest(path, ["ZX-0001", "ZX-0002", "ZX-0003"])  # same name, new content
    corrected = ingest(store, path)
    assert corrected.status == "ingested" and corrected.document_id != first.document_id
    after = store.counts()
    assert after["Item"] == 3 and after["Document"] == 2
    assert len(store.evidence(["item:ZX0001"])["item:ZX0001"]) == 2  # one fact, two sources


def test_writes_that_fail_leave_no_document_so_the_file_is_read_again(model: Model, tmp_path: Path) -> None:
    class FailingStore(SqliteStore):
        calls = 0

        def write(self, batch):  # type: ignore[no-untyped-def]
            FailingStore.calls += 1
            if FailingStore.calls == 2:
                from graph.errors import StoreError
                raise StoreError("disk full (simulated)")
            return super().write(batch)

    store = FailingStore(":memory:", model)
    path = manifest(tmp_path / "m.csv", [f"ZX-{i}" for i in range(5)])
    failed = ingest(store, path, batch_rows=2)
    assert failed.status == "failed" and "disk full" in failed.message
    assert FailingStore.calls == 2  # nothing is written after the failure
    assert store.counts().get("Document", 0) == 0
    again = ingest(store, path, batch_rows=2)
    assert again.status == "ingested" and store.counts()["Item"] == 5


# -- junk never costs good rows (property) -----------------------------------------------------

# C0 control characters are left out: a file whose first lines are mostly control characters
# is refused as binary by the table reader (a file-level decision, tested there); the rows
# here are junk a person or a spreadsheet makes, including quotes, separators and newlines.
_junk_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from(list("=+-@;,\"'\t\n\r|/")),
    max_size=40,
)
_junk_row = st.lists(_junk_text, min_size=0, max_size=16)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(junk=st.lists(_junk_row, min_size=1, max_size=8), seed=st.integers(0, 2**16))
def test_random_junk_rows_never_crash_and_never_lose_the_good_rows(
    model: Model, tmp_path_factory: pytest.TempPathFactory, junk: list[list[str]], seed: int
) -> None:
    store = memory_store(model)
    good_serials = [f"GOOD-{seed}-{i}" for i in range(4)]
    rows: list[list[str]] = []
    for i, serial in enumerate(good_serials):
        rows.append(shipment_row(serial=serial))
        rows.extend(junk[i::4])
    path = tmp_path_factory.mktemp("junk") / "m.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(SHIPMENT_HEADER)
        w.writerows(rows)
    result = ingest(store, path)
    assert result.status == "ingested", result.message
    assert not [e for e in result.errors if INTERNAL_ERROR in e.reason]
    assert result.rows_ingested + result.rows_rejected == result.rows
    wanted = {f"item:{s.replace('-', '')}" for s in good_serials}
    assert wanted <= set(store.nodes(wanted))
    ids = all_fact_ids(store)
    assert set(store.evidence(ids)) == set(ids)


def test_junk_in_every_field_is_rejected_with_a_reason(store: Store, tmp_path: Path) -> None:
    junk = ["\x00", "\ud800x", "=1+1", "@SUM(A1)", "-cmd", "  ", "\u202e", "x" * 500, string.punctuation]
    rows = []
    for j in junk:
        for col in range(len(SHIPMENT_HEADER)):
            row = shipment_row(serial=f"ZX-{len(rows)}")
            row[col] = j
            rows.append(row)
    path = tmp_path / "m.csv"
    with open(path, "w", newline="", encoding="utf-8", errors="surrogatepass") as fh:
        w = csv.writer(fh)
        w.writerow(SHIPMENT_HEADER)
        w.writerows(rows)
    result = ingest(store, path)
    assert result.status == "ingested" and result.rows == len(rows)
    assert not [e for e in result.errors if INTERNAL_ERROR in e.reason]
    ids = all_fact_ids(store)
    assert set(store.evidence(ids)) == set(ids)


# -- plausible quantities ----------------------------------------------------------------------


def test_implausible_quantities_are_rejected_by_kind_of_item(store: Store, tmp_path: Path) -> None:
    rows = [shipment_row(serial="ZX-0001", quantity="100000000000000000000000000"),   # row 2: 10^26 of one item
            shipment_row(serial="ZX-0002", quantity="2"),                              # row 3: a serial is one
            shipment_row(serial="ZX-0003", quantity="1"),
            shipment_row(serial="ZX-0004", quantity=""),                               # empty: one
            shipment_row(lot="LOT-1", quantity="250,000"),                             # row 6: ATGM lot too big
            shipment_row(lot="LOT-2", quantity="1" + "0" * 26, system="5.56mm ammunition"),  # row 7: absurd lot
            shipment_row(lot="LOT-3", quantity="200,000", system="5.56mm ammunition")]
    result = ingest(store, write_csv(tmp_path / "m.csv", SHIPMENT_HEADER, rows))
    assert (result.rows_ingested, result.rows_rejected) == (3, 4)
    errors = {e.row: (e.column, e.reason) for e in result.errors}
    assert errors[2] == ("quantity", "a serialised item is one item: quantity must be 1, got 1e+26")
    assert errors[3] == ("quantity", "a serialised item is one item: quantity must be 1, got 2")
    assert errors[6] == ("quantity", "implausible quantity for a lot of ATGM: at most 100,000, got 250,000")
    assert errors[7][0] == "quantity" and "at most 100,000,000" in errors[7][1]
    assert set(store.nodes(["item:ZX0001", "item:ZX0003", "item:ZX0004", "item:lot:LOT3"])) == {
        "item:ZX0003", "item:ZX0004", "item:lot:LOT3"}


def test_receipts_and_event_logs_are_bounded_too(store: Store, tmp_path: Path) -> None:
    receipt = write_csv(tmp_path / "r.csv", RECEIPT_HEADER, [
        ["SHP-9001", "2023-06-01", "Central Supply Office", "Depot Q-4", "FGM-148 Javelin", "ZX-0001", "", "7"],
        ["SHP-9001", "2023-06-01", "Central Supply Office", "Depot Q-4", "FGM-148 Javelin", "ZX-0002", "", "1"]])
    result = ingest(store, receipt)
    [err] = result.errors
    assert (err.row, err.column, err.value, result.rows_ingested) == (2, "quantity_received", "7", 1)
    events = write_csv(tmp_path / "e.csv", EVENTS_HEADER, [
        ["2023-07-01", "TRANSFER", "ZX-0002", "", "", "3", "", "Central Supply Office", "14th Reserve Brigade", "", ""],
        ["2023-07-01", "TRANSFER", "", "LOT-9", "", "5000", "", "Central Supply Office", "14th Reserve Brigade", "",
         ""]])
    result = ingest(store, events)
    [err] = result.errors
    assert (err.row, err.column, result.rows_ingested) == (2, "quantity", 1)
    assert "quantity must be 1, got 3" in err.reason


def test_the_bounds_are_data(store: Store, tmp_path: Path) -> None:
    from graph.errors import ModelError
    from ingest.quantity_bounds import load_quantity_bounds

    tight = tmp_path / "bounds.yaml"
    tight.write_text("version: 1\nserialised: {min: 1, max: 1}\nlot:\n  default: {min: 0, max: 10}\n")
    path = manifest(tmp_path / "m.csv", [], lots=[("LOT-77", "5,000")])
    result = ingest(store, path, quantity_bounds=load_quantity_bounds(tight))
    assert result.rows_rejected == 1 and "a lot: at most 10, got 5,000" in result.errors[0].reason
    tight.write_text("serialised: {min: 2, max: 1}\nlot: {default: {min: 0, max: 1}}\n")
    with pytest.raises(ModelError, match="serialised"):
        load_quantity_bounds(tight)
