"""The embedded store survives a killed writer: each batch is all there or not at all."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from graph.model import Model
from graph.sqlite_store import SCHEMA_VERSION, SqliteStore

BATCH = 20_000

WRITER = f"""
import sys
from graph.builder import FactBuilder
from graph.model import load_model
from graph.sqlite_store import SqliteStore
model = load_model()
store = SqliteStore(sys.argv[1], model)
n = 0
while True:
    b = FactBuilder(model, title=f"batch-{{n}}", text=f"batch-{{n}}")
    for i in range({BATCH}):
        b.item(serial=f"B{{n}}-{{i}}")
    print("writing", n, flush=True)
    store.write(b.batch)
    n += 1
"""


def test_killing_a_writer_mid_batch_leaves_whole_batches_only(tmp_path: Path, model: Model) -> None:
    db = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert proc.stdout is not None
    # let it commit one batch and start the next, then kill it while that one is in flight
    assert proc.stdout.readline().startswith("writing 0")
    assert proc.stdout.readline().startswith("writing 1")
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    store = SqliteStore(db, model)
    counts = store.counts()
    assert counts["Item"] >= BATCH and counts["Item"] % BATCH == 0
    assert counts["Document"] == counts["Item"] // BATCH
    assert counts["Evidence"] == counts["Item"]
    store.close()


# The layout of stores made before the schema had a version (custody-graph's first store schema).
VERSION_1 = """
CREATE TABLE nodes (id TEXT PRIMARY KEY, label TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
  props TEXT NOT NULL DEFAULT '{}');
CREATE INDEX nodes_label ON nodes(label, kind);
CREATE TABLE keys (key TEXT NOT NULL, node_id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (key, node_id, kind)) WITHOUT ROWID;
CREATE INDEX keys_node ON keys(node_id);
CREATE TABLE relations (id TEXT PRIMARY KEY, type TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
  valid_from TEXT, valid_to TEXT, from_day TEXT, to_day TEXT, props TEXT NOT NULL DEFAULT '{}');
CREATE INDEX relations_source ON relations(source, type);
CREATE INDEX relations_target ON relations(target, type);
CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT NOT NULL, subject TEXT NOT NULL, date TEXT, day TEXT,
  from_actor TEXT, to_actor TEXT, location TEXT, quantity REAL, confidence REAL NOT NULL,
  props TEXT NOT NULL DEFAULT '{}');
CREATE TABLE evidence (id TEXT PRIMARY KEY, fact_id TEXT NOT NULL, document_id TEXT NOT NULL,
  locator TEXT NOT NULL, quote TEXT NOT NULL, extractor TEXT NOT NULL, extractor_version TEXT NOT NULL,
  confidence REAL NOT NULL, ingested_at TEXT NOT NULL, start INTEGER, "end" INTEGER);
CREATE INDEX evidence_fact ON evidence(fact_id);
CREATE INDEX evidence_document ON evidence(document_id);
"""


def _snapshot(store: SqliteStore, facts: list[str]) -> tuple[object, ...]:
    return (store.counts(), store.relations(["shipment:S1"]), store.evidence(facts))


def test_a_store_made_by_the_first_schema_is_migrated_on_open_with_nothing_lost(tmp_path: Path,
                                                                                 model: Model) -> None:
    from graph.builder import FactBuilder

    b = FactBuilder(model, title="m.csv", text="S1 carried JAV-1 and JAV-2")
    ship = b.shipment("S1")
    for serial in ("JAV-1", "JAV-2"):
        b.relation("CONTAINS", ship, b.item(serial=serial))
    facts = [r.id for r in b.batch.relations] + ["item:JAV1", "shipment:S1"]
    fresh = SqliteStore(tmp_path / "fresh.db", model)
    fresh.write(b.batch)
    expected = _snapshot(fresh, facts)

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.executescript(VERSION_1)
    src = sqlite3.connect(tmp_path / "fresh.db")
    for table in ("nodes", "keys", "relations", "events", "evidence"):
        columns = ", ".join(f'"{r[1]}"' for r in conn.execute(f"PRAGMA table_info({table})"))
        rows = src.execute(f"SELECT {columns} FROM {table}").fetchall()
        if rows:
            conn.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
    conn.commit()
    conn.close()

    migrated = SqliteStore(old, model)
    assert _snapshot(migrated, facts) == expected
    assert migrated.write(b.batch) and _snapshot(migrated, facts) == expected  # merges on ids as before
    indexes = {r[0] for r in sqlite3.connect(old).execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "evidence_document" not in indexes and "relations_source" in indexes
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_of_schema_2_gains_modality_and_document_texts_on_open(tmp_path: Path, model: Model) -> None:
    from graph.builder import FactBuilder

    b = FactBuilder(model, title="r.txt", text="JAV-7 was stolen")
    b.event("THEFT", b.item(serial="JAV-7"), "2024-01", quote="JAV-7 was stolen", start=0, end=16)
    path = tmp_path / "v2.db"
    SqliteStore(path, model).write(b.batch)
    conn = sqlite3.connect(path)  # back to the layout of schema 2
    conn.executescript("ALTER TABLE events DROP COLUMN modality; ALTER TABLE evidence DROP COLUMN modality;"
                       "DROP TABLE document_texts; PRAGMA user_version = 2;")
    conn.close()

    store = SqliteStore(path, model)
    [event] = store.events_of(["item:JAV7"])
    assert event.modality == "reported"
    assert [v.modality for v in store.evidence([event.id])[event.id]] == ["reported"]
    b.keep_text("JAV-7 was stolen")
    store.write(b.batch)
    assert store.document_texts([b.document.id]) == {b.document.id: "JAV-7 was stolen"}
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_of_schema_3_gains_the_holding_index_built_from_its_facts_on_open(tmp_path: Path,
                                                                                   model: Model) -> None:
    from graph.builder import FactBuilder

    b = FactBuilder(model, title="log.csv", text="JAV-8 stored at Depot L-9 by the 7th Brigade")
    unit, depot = b.actor("7th Brigade", "MilitaryUnit"), b.location("Depot L-9", "Depot")
    b.event("STORAGE", b.item(serial="JAV-8"), "2023-05-01", to_actor=unit, location=depot)
    path = tmp_path / "v3.db"
    SqliteStore(path, model).write(b.batch)
    conn = sqlite3.connect(path)  # back to the layout of schema 3
    conn.executescript("DROP TABLE holdings; DROP TABLE holdings_changed; PRAGMA user_version = 3;")
    conn.close()

    store = SqliteStore(path, model)
    assert [(h.item, h.kind, h.party) for h in store.holdings([unit], [depot])] == [
        ("item:JAV8", "HOLDER", unit), ("item:JAV8", "AT_LOCATION", depot)]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_of_schema_5_keeps_its_holding_rows_and_reads_them_from_the_covering_index(
        tmp_path: Path, model: Model) -> None:
    from graph.builder import FactBuilder

    b = FactBuilder(model, title="log.csv", text="JAV-9 stored at Depot L-9 by the 7th Brigade")
    unit, depot = b.actor("7th Brigade", "MilitaryUnit"), b.location("Depot L-9", "Depot")
    b.event("STORAGE", b.item(serial="JAV-9"), "2023-05-01", to_actor=unit, location=depot)
    path = tmp_path / "v5.db"
    store = SqliteStore(path, model)
    store.write(b.batch)
    store.refresh_holdings()
    store.close()
    conn = sqlite3.connect(path)  # back to the layout of schema 5: the index by party held only the key
    conn.executescript("DROP INDEX holdings_party_rows; CREATE INDEX holdings_party ON holdings(party, kind); "
                       "PRAGMA user_version = 5;")
    conn.close()

    store = SqliteStore(path, model)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM holdings_changed").fetchone()[0] == 0  # its rows stay good
    plan = conn.execute('EXPLAIN QUERY PLAN SELECT item, seq, party, start, "end", event, confidence FROM holdings '
                        "WHERE party IN (?) AND kind = ?", [unit, "HOLDER"]).fetchall()
    assert "COVERING INDEX holdings_party_rows" in str(plan)
    conn.close()
    assert [(h.item, h.kind, h.party) for h in store.holdings([unit], [depot])] == [
        ("item:JAV9", "HOLDER", unit), ("item:JAV9", "AT_LOCATION", depot)]


def test_a_store_from_a_newer_version_is_refused_clearly(tmp_path: Path, model: Model) -> None:
    import pytest

    from graph.errors import StoreUnavailable

    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreUnavailable, match="newer custody-graph"):
        SqliteStore(path, model)


def test_a_store_made_before_compare_and_set_gains_its_versions_at_the_first_write_if(tmp_path: Path,
                                                                                   model: Model) -> None:
    from graph.builder import FactBuilder

    b = FactBuilder(model, title="n.txt", text="the Red Falcon group")
    b.actor("Red Falcon group", "ArmedGroup")
    path = tmp_path / "old.db"
    SqliteStore(path, model).write(b.batch)
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "versions" not in tables  # no migration, no table, until a decision needs one
    store, other = SqliteStore(path, model), SqliteStore(path, model)
    assert store.versions(["actor:red-falcon-group"]) == {"actor:red-falcon-group": 0}
    store.write_if(b.batch, {"actor:red-falcon-group": 0})
    assert other.versions(["actor:red-falcon-group"]) == {"actor:red-falcon-group": 1}
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # no schema bump for it
