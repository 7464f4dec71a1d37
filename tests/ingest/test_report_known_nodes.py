"""A report's write leaves out the nodes the store already holds with all it would add: the
stored graph is the same, with fewer node rows written (on Neo4j each was a node merge)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from graph.builder import FactBuilder
from graph.model import Model
from graph.records import Batch, Node
from graph.sqlite_store import SqliteStore
from graph.store import Store
from ingest import report_ingest
from ingest.report_ingest import ReportIngester, _changing
from ingest.runner import ingest_paths

STORED = Node("actor:test-wardens", "Actor", "Organization", "Tessaly Wardens", ("Wardens",),
              {"region": "north", "detail": {"since": 2019}})


@pytest.fixture
def embedded(tmp_path: Path, model: Model) -> SqliteStore:
    s = SqliteStore(tmp_path / "known.db", model)
    b = FactBuilder(model, title="Wardens roster", text="The Tessaly Wardens (Wardens) keep the north.")
    b.node(STORED.label, STORED.kind, STORED.name, node_id=STORED.id, aliases=STORED.aliases, props=STORED.props,
           quote="The Tessaly Wardens", start=0, end=19, confidence=0.9)
    s.write(b.batch)
    return s


def _as(**changes: Any) -> Node:
    fields = {"id": STORED.id, "label": STORED.label, "kind": STORED.kind, "name": STORED.name,
              "aliases": STORED.aliases, "props": STORED.props, **changes}
    return Node(**fields)


@pytest.mark.parametrize("node", [
    _as(),
    _as(props={"region": "north"}),  # fewer properties
    _as(props={"region": "south"}),  # a value the stored one wins over
    _as(aliases=()),
    _as(props={**STORED.props, "note": None}),  # a null at the top is no property
    _as(kind="Company"),  # the stored kind stays on both stores
], ids=["same", "fewer", "stored-value-wins", "fewer-aliases", "top-null", "other-kind"])
def test_a_node_that_adds_nothing_is_left_out(embedded: SqliteStore, node: Node) -> None:
    assert _changing(embedded, [node]) == []


@pytest.mark.parametrize("node", [
    _as(props={**STORED.props, "founded": 2001}),
    _as(props={"detail": {"since": 2019, "until": 2024}}),  # a key inside an object is merged in
    _as(aliases=("Wardens", "Tessaly Guard")),
    _as(name="Tessaly Wardens Corps"),  # a name is a lookup key
    _as(props={"serial": "TW-1"}),  # so is a serial
    _as(label="Location", kind="Place"),
    _as(id="actor:someone-else"),
], ids=["new-property", "new-nested-key", "new-alias", "new-name", "new-serial", "other-label", "unknown"])
def test_a_node_that_adds_something_is_written(embedded: SqliteStore, node: Node) -> None:
    assert _changing(embedded, [node]) == [node]


def test_a_report_on_stored_facts_writes_only_what_is_new(store: Store, scenario: Path) -> None:
    assert ingest_paths(store, [scenario / "manifests"]).exit_code == 0
    written: list[Batch] = []
    write = store.write

    def spy(batch: Batch, *args: Any, **kwargs: Any) -> Any:
        written.append(batch)
        return write(batch, *args, **kwargs)

    store.write = spy  # type: ignore[method-assign]
    report = scenario / "reports" / "01_monitoring_visit_2023-09.txt"
    summary = ingest_paths(store, [report], report_ingester=ReportIngester(store))
    assert summary.exit_code == 0
    [batch] = written
    [item] = store.nodes(["item:JAV0041"]).values()
    assert item.id not in {n.id for n in batch.nodes}  # the table wrote it; the report adds nothing to it
    cited = store.evidence([item.id])[item.id]
    assert any(v.document_id == summary.results[0].document_id for v in cited)  # its evidence is linked


def _dump(path: Path) -> dict[str, list[Any]]:
    conn = sqlite3.connect(path)
    try:
        out: dict[str, list[Any]] = {}
        for table in ("nodes", "keys", "relations", "events", "holdings", "document_texts"):
            out[table] = sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
        cols = [r[1] for r in conn.execute("PRAGMA table_info(evidence)") if r[1] != "ingested_at"]
        out["evidence"] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM evidence").fetchall())
        # a document's props hold the time of its ingest
        out["nodes"] = [(*row[:4], {k: v for k, v in json.loads(row[4]).items() if k != "ingested_at"})
                        for row in out["nodes"]]
        return out
    finally:
        conn.close()


def test_the_stored_graph_is_the_same(scenario: Path, tmp_path: Path, model: Model,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def ingest(path: Path) -> dict[str, list[Any]]:
        s = SqliteStore(path, model)
        try:
            assert ingest_paths(s, [scenario / "manifests"]).exit_code == 0
            reports = sorted((scenario / "reports").glob("*.txt"))
            ingester = ReportIngester(s, group_documents=2)  # later groups name what earlier ones wrote
            assert ingest_paths(s, reports, report_ingester=ingester).exit_code == 0
        finally:
            s.close()
        return _dump(path)

    leaving_out = ingest(tmp_path / "a.db")
    monkeypatch.setattr(report_ingest, "_changing", lambda store, nodes: nodes)
    writing_all = ingest(tmp_path / "b.db")
    assert leaving_out == writing_all
    assert leaving_out["evidence"]
