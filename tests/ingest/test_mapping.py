"""Mappings: loading, detection, binding, and the value parsers they declare."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.dates import PartialDate
from graph.errors import InvalidInput
from ingest.mapping import (
    MappingError,
    NoMappingFits,
    builtin_mappings,
    detect,
    load_mapping,
    mapping_from_dict,
    normalize_column,
    parse_confidence,
    parse_date,
    parse_quantity,
    resolve_mapping,
)
from tests.ingest.tablefiles import SHIPMENT_HEADER

RECEIPT_HEADER = ["shipment_ref", "date", "received_by", "location", "system", "serial", "lot", "quantity_received"]
EVENTS_HEADER = ["date", "event", "serial", "lot", "system", "quantity", "shipment_ref", "from", "to", "location",
                 "notes"]
RELATIONS_HEADER = ["subject", "subject_kind", "relation", "object", "object_kind", "valid_from", "valid_to", "note"]


def test_the_five_builtin_mappings_load_with_their_record_kinds() -> None:
    kinds = {m.name: m.record for m in builtin_mappings()}
    assert kinds == {"shipment-manifest": "shipment", "receipt": "receipt", "event-log": "events",
                     "relations": "relations", "places": "places"}


@pytest.mark.parametrize(
    ("header", "name"),
    [(SHIPMENT_HEADER, "shipment-manifest"), (RECEIPT_HEADER, "receipt"), (EVENTS_HEADER, "event-log"),
     (RELATIONS_HEADER, "relations"), (["Name", "Kind", "Country", "Latitude", "Longitude"], "places")],
)
def test_detection_picks_the_mapping_whose_required_columns_are_present(header: list[str], name: str) -> None:
    assert detect(header).mapping.name == name


def test_detection_ignores_case_spacing_and_punctuation_of_column_names() -> None:
    header = ["Shipment Ref", "DATE", "Consignor", "Consignee", "Serial No.", "Qty"]
    binding = detect(header)
    assert binding.mapping.name == "shipment-manifest"
    assert binding.by_field["serial"] == "Serial No." and binding.by_field["quantity"] == "Qty"


def test_no_mapping_fits_lists_the_columns_found() -> None:
    with pytest.raises(NoMappingFits) as err:
        detect(["colour", "flavour", "Weight (kg)"], "fruit.csv")
    message = str(err.value)
    assert "fruit.csv" in message and "'colour'" in message and "'Weight (kg)'" in message
    assert "--mapping" in message and "shipment-manifest needs" in message
    assert err.value.columns == ["colour", "flavour", "Weight (kg)"]


def test_an_explicit_mapping_that_does_not_fit_says_what_is_missing() -> None:
    m = resolve_mapping("receipt")
    with pytest.raises(MappingError, match=r"no column for received_by.*Columns found: 'shipment_ref'"):
        m.bind(["shipment_ref", "serial"], "r.csv")


def test_normalize_column() -> None:
    assert normalize_column(" Serial No. ") == "serial_no"
    assert normalize_column("END-USER") == "end_user"


def test_a_custom_mapping_file_loads_with_every_section(tmp_path: Path) -> None:
    path = tmp_path / "partner.yaml"
    path.write_text(
        """
name: partner-manifest
version: 3
record: shipment
file: {encoding: latin-1, delimiter: ";"}
document: {sensitivity: restricted}
confidence: 0.9
columns:
  ref: Consignment
  date: [Date d'envoi, Date]
  consignee: Consignee
  serial: Serial No.
required: [ref, date, consignee, serial|lot]
constants: {consignor: Fictional Donor Ministry}
values: {consignee: {CSO: Central Supply Office}}
dates: {order: DMY}
numbers: {decimal: ","}
""",
        encoding="utf-8",
    )
    m = load_mapping(path)
    assert (m.name, m.version, m.record, m.encoding, m.delimiter) == ("partner-manifest", "3", "shipment",
                                                                     "latin-1", ";")
    assert m.sensitivity == "restricted" and m.confidence == 0.9 and m.date_order == "DMY" and m.decimal == ","
    assert m.extractor == "custody-manifest/partner-manifest" and m.document_kind == "Manifest"
    b = m.bind(["Consignment", "Date d'envoi", "Consignee", "Serial No."])
    fields = b.extract({"Consignment": " SHP-1 ", "Date d'envoi": "15/03/2023", "Consignee": "cso",
                        "Serial No.": "ZX-1"})
    # constants fill fields no column gives; value maps are case-blind
    assert fields == {"ref": "SHP-1", "date": "15/03/2023", "consignee": "Central Supply Office", "serial": "ZX-1",
                      "consignor": "Fictional Donor Ministry"}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"name": "x", "record": "invoice", "columns": {"a": "b"}}, "record"),
        ({"name": "x", "record": "shipment", "columns": {"colour": "c"}}, "'colour' is not a field"),
        ({"name": "x", "record": "shipment", "columns": {"ref": "r"}, "dates": {"order": "DDMM"}}, "dates.order"),
        ({"name": "bad name!", "record": "shipment", "columns": {"ref": "r"}}, "name"),
        ({"name": "x", "record": "shipment", "columns": {"ref": "r"}, "colums": {}}, "unknown key"),
        ({"name": "x", "record": "shipment", "columns": {"ref": "r"}, "confidence": 2}, "confidence"),
        ({"name": "x", "record": "shipment", "columns": {"ref": "r"}, "required": ["ref|colour"]}, "colour"),
        ("just a string", "YAML mapping"),
    ],
)
def test_a_malformed_mapping_is_refused_with_a_reason(raw: object, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        mapping_from_dict(raw, "m.yaml")


def test_an_unreadable_mapping_file_is_a_mapping_error(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="cannot read"):
        load_mapping(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(MappingError, match="cannot read"):
        load_mapping(bad)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2023-09-15", None, PartialDate(2023, 9, 15)),
        ("2023-09-15T10:20:00Z", None, PartialDate(2023, 9, 15)),
        ("2023-09-15 00:00:00", None, PartialDate(2023, 9, 15)),
        ("2023/09/15", None, PartialDate(2023, 9, 15)),
        ("2023", None, PartialDate(2023)),
        ("2023-03", None, PartialDate(2023, 3)),
        ("15 Sep 2023", None, PartialDate(2023, 9, 15)),
        ("15 September 2023", None, PartialDate(2023, 9, 15)),
        ("15-Sep-2023", None, PartialDate(2023, 9, 15)),
        ("1st March 2023", None, PartialDate(2023, 3, 1)),
        ("Sep 15, 2023", None, PartialDate(2023, 9, 15)),
        ("March 2023", None, PartialDate(2023, 3)),
        ("mar. 2023", None, PartialDate(2023, 3)),
        ("03/2023", None, PartialDate(2023, 3)),
        ("09/15/2023", "MDY", PartialDate(2023, 9, 15)),
        ("15/09/2023", "DMY", PartialDate(2023, 9, 15)),
        ("03.04.2023", "DMY", PartialDate(2023, 4, 3)),
        ("03.04.2023", "MDY", PartialDate(2023, 3, 4)),
    ],
)
def test_dates_in_the_usual_forms(text: str, order: str | None, expected: PartialDate) -> None:
    assert parse_date(text, order) == expected


@pytest.mark.parametrize(
    ("text", "order", "message"),
    [
        ("03/04/2023", None, "declare dates.order"),
        ("15/09/2023", None, "declare dates.order"),
        ("15/09/23", "DMY", "two-digit year"),
        ("31/02/2023", "DMY", "not a date"),
        ("09/15/2023", "DMY", "not a date"),
        ("0001-01-01", None, "out of range"),
        ("yesterday", None, "not a date"),
        ("=NOW()", None, "not a date"),
        ("", None, "not a date"),
    ],
)
def test_dates_that_would_need_a_guess_are_refused(text: str, order: str | None, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_date(text, order)


def test_a_declared_strptime_format_is_tried_first() -> None:
    assert parse_date("20230915", None, ("%Y%m%d",)) == PartialDate(2023, 9, 15)


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [("1", ".", 1), ("100,000", ".", 100000), ("1 000", ".", 1000), ("2.5", ".", 2.5), ("1.000,5", ",", 1000.5),
     ("+3", ".", 3)],
)
def test_quantities(text: str, decimal: str, expected: float) -> None:
    assert parse_quantity(text, decimal) == expected


@pytest.mark.parametrize("text", ["-1", "ten", "1e309", "nan", "inf", "=1+1", ""])
def test_bad_quantities_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_quantity(text)


def test_confidence_is_a_fraction_or_a_percentage() -> None:
    assert parse_confidence("0.8") == 0.8 and parse_confidence("80%") == 0.8
    for bad in ("1.5", "-0.1", "high", "nan"):
        with pytest.raises(InvalidInput):
            parse_confidence(bad)
