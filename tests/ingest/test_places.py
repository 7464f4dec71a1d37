"""Places tables: coordinates read through the built-in ``places`` mapping, checked, and stored as
the Location's ``lat``/``lon`` props with the evidence of their row."""

from __future__ import annotations

from pathlib import Path

from graph.model import Model
from ingest.manifests import ingest_table
from ingest.resolve import Resolver
from tests.ingest.tablefiles import memory_store, write_csv

HEADER = ["name", "kind", "country", "latitude", "longitude", "note"]


def test_places_get_coordinates_with_evidence_and_bad_coordinates_are_rejected(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    rows = [
        ["Depot V-3", "Depot", "Poland", "50.05", "22.01", "fictional, near Rzeszów"],  # row 2
        ["Alpha–Bravo", "BorderCrossing", "", "-49.8", "-22.95", ""],  # row 3
        ["Depot V-4", "Depot", "", "91", "22.0", ""],  # row 4: lat out of range
        ["Depot V-5", "Depot", "", "50.1", "180.5", ""],  # row 5: lon out of range
        ["Depot V-6", "Depot", "", "north", "22.0", ""],  # row 6: not a number
        ["Depot V-7", "Depot", "", "50.1", "", ""],  # row 7: no lon
        ["Poland", "Country", "", "52.0", "19.0", ""],  # row 8: a country is not a place
    ]
    path = write_csv(tmp_path / "places.csv", HEADER, rows)
    result = ingest_table(store, path, resolver=Resolver(store, model), ingested_at="2026-01-01T00:00:00+00:00")
    assert (result.kind, result.mapping, result.rows_ingested, result.rows_rejected) == ("places", "places", 2, 5)
    nodes = store.nodes(["location:depot-v-3", "location:alpha-bravo", "location:depot-v-4"])
    assert nodes["location:depot-v-3"].props == {"lat": 50.05, "lon": 22.01}
    assert nodes["location:depot-v-3"].kind == "Depot"
    assert nodes["location:alpha-bravo"].props == {"lat": -49.8, "lon": -22.95}
    assert "location:depot-v-4" not in nodes
    [ev] = store.evidence(["location:depot-v-3"])["location:depot-v-3"]
    assert ev.locator == "row 2" and "latitude=50.05" in ev.quote and ev.extractor == "custody-manifest/places"
    [located] = store.relations(["location:depot-v-3"], types=["LOCATED_IN"])
    assert located.target == "actor:poland"
    errors = {e.row: (e.column, e.reason) for e in result.errors}
    assert errors[4][0] == "latitude" and "[-90, 90]" in errors[4][1]
    assert errors[5][0] == "longitude" and "[-180, 180]" in errors[5][1]
    assert errors[6][0] == "latitude" and "not a coordinate" in errors[6][1]
    assert errors[7][0] == "longitude" and "empty" in errors[7][1]
    assert errors[8][0] == "kind" and "Country" in errors[8][1]
    assert all(e.file == str(path) for e in result.errors)


def test_coordinates_added_later_keep_what_a_manifest_said(model: Model, tmp_path: Path) -> None:
    store = memory_store(model)
    resolver = Resolver(store, model)
    rel = write_csv(tmp_path / "rel.csv", ["subject", "subject_kind", "relation", "object", "object_kind"],
                    [["Northwind Unit", "MilitaryUnit", "BASED_AT", "Depot V-8", "Depot"]])
    ingest_table(store, rel, resolver=resolver, ingested_at="2026-01-01T00:00:00+00:00")
    places = write_csv(tmp_path / "places.csv", ["place", "lat", "lon"], [["Depot V-8", "49,9", "23.1"]])
    result = ingest_table(store, places, resolver=Resolver(store, model), ingested_at="2026-01-01T00:00:00+00:00")
    assert result.rows_rejected == 1  # a decimal comma needs numbers.decimal in a mapping
    places.write_text("place,lat,lon\nDepot V-8,49.9,23.1\n", encoding="utf-8")
    ingest_table(store, places, resolver=Resolver(store, model), ingested_at="2026-01-01T00:00:00+00:00")
    node = store.nodes(["location:depot-v-8"])["location:depot-v-8"]
    assert (node.kind, node.props) == ("Depot", {"lat": 49.9, "lon": 23.1})
    assert len(store.evidence(["location:depot-v-8"])["location:depot-v-8"]) == 2
