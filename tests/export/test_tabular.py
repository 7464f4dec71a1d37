"""CSV: a zip of nodes.csv, edges.csv and evidence.csv, one evidence row per record."""

from __future__ import annotations

import csv
import io
import zipfile

from api.export import StoreSlice
from graph.store import Store
from tests.api.world import BATTALION, MEMBER
from tests.export.conftest import exported


def _table(zf: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8"))))


def test_csv_zip(world_store: Store) -> None:
    zf = zipfile.ZipFile(io.BytesIO(exported(world_store, StoreSlice(world_store, page=5), "csv")))
    assert sorted(zf.namelist()) == ["edges.csv", "evidence.csv", "nodes.csv"]
    nodes, edges, evidence = (_table(zf, n) for n in ("nodes.csv", "edges.csv", "evidence.csv"))
    names = {n["id"]: n["name"] for n in nodes}
    member_of = [e for e in edges if e["type"] == "MEMBER_OF" and names[e["source"]] == MEMBER]
    assert [(names[e["target"]], e["valid_from"], e["valid_to"]) for e in member_of] == \
        [(BATTALION, "2023-02-01", "2023-11-30")]
    cited = [v for v in evidence if v["fact_id"] == member_of[0]["id"]]
    assert len(cited) == int(member_of[0]["evidence_count"]) >= 1
    assert cited[0]["document"] and cited[0]["extractor"] == "test" and float(cited[0]["confidence"]) > 0
    # one row per record: events' links share their event's rows, none repeated
    counts = world_store.counts()
    assert len(evidence) == len({(v["fact_id"], v["document_id"], v["locator"]) for v in evidence})
    assert len(nodes) == sum(counts[k] for k in ("Item", "WeaponSystem", "Shipment", "Actor", "Location", "Event"))
    fact_ids = {n["id"] for n in nodes} | {e["id"] for e in edges}
    assert {v["fact_id"] for v in evidence} <= fact_ids
