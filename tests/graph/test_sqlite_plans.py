"""Query plans of the embedded store's key reads: a lookup by an exact key reads the keys
first, whatever the planner would guess without statistics."""

from __future__ import annotations

from pathlib import Path

from graph.builder import FactBuilder
from graph.model import Model
from graph.sqlite_store import SqliteStore


def test_lookup_of_a_serial_reads_the_key_first_not_every_item(tmp_path: Path, model: Model) -> None:
    store = SqliteStore(tmp_path / "plans.db", model)
    b = FactBuilder(model, title="lots", text="lots")
    for i in range(200):
        b.item(serial=f"PL-{i:04d}")
    store.write(b.batch)
    conn = store._conn()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    found = store.lookup("PL-0042", label="Item")
    conn.set_trace_callback(None)
    assert [n.id for n in found] == ["item:PL0042"]
    sql = next(s for s in statements if "FROM keys k" in s)
    plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    searches = [p for p in plan if p.startswith(("SEARCH", "SCAN"))]
    assert searches[0].startswith("SEARCH k USING PRIMARY KEY"), plan  # not the label's index of nodes
    assert not any("nodes_label" in p for p in plan), plan
    store.close()
