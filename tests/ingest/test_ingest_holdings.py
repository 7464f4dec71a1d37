"""The holding index (graph.holdings) is built at the end of every ingest, on both stores: the
first reverse-reach read after an ingest finds it complete, and an ingest that adds an event
to an item already indexed rewrites that item's rows before anyone reads them."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from graph.holdings import HOLDER, Holding
from graph.neo4j_holdings import holding_from
from graph.sqlite_store import SqliteStore
from graph.store import Store, holdings_from
from ingest.report_ingest import ingest_report_text
from ingest.runner import ingest_paths
from queries.reach import reachable_items

RELAY = "Fictional Relay Unit"


def stored(store: Store) -> tuple[list[Holding], int]:
    """(the index rows as stored, the changes recorded and not yet in them), read as they lie,
    without the refresh that ``Store.holdings`` makes first."""
    if isinstance(store, SqliteStore):
        conn = sqlite3.connect(store.uri)
        try:
            found = conn.execute('SELECT item, seq, kind, party, start, "end", event, confidence '
                                 "FROM holdings").fetchall()
            pending = conn.execute("SELECT count(*) FROM holdings_changed").fetchone()[0]
        finally:
            conn.close()
        rows = [holding_from({"item": i, "seq": s, "kind": k, "party": p, "start": a, "end": b, "event": e,
                              "confidence": c}) for i, s, k, p, a, b, e, c in found]
    else:
        from graph.neo4j_store import Neo4jStore

        assert isinstance(store, Neo4jStore)
        records, _, _ = store.driver.execute_query("MATCH (h:Holding) RETURN properties(h) AS h")
        rows = [holding_from(r["h"]) for r in records]
        [count], _, _ = store.driver.execute_query("MATCH (c:HoldingChanged) RETURN count(c) AS n")
        pending = count["n"]
    return sorted(rows, key=lambda h: (h.item, h.seq)), pending


def from_facts(store: Store) -> list[Holding]:
    """The rows the stored facts give, composed from the store's primitive reads."""
    actors = [n.id for n in store.iter_nodes("Actor")]
    places = [n.id for n in store.iter_nodes("Location")]
    return holdings_from(store, actors, places)


def test_an_ingest_leaves_the_index_built_and_a_later_one_rewrites_what_it_changed(
        store: Store, scenario: Path, tmp_path: Path) -> None:
    summary = ingest_paths(store, [scenario / "manifests"])
    assert summary.exit_code == 0
    rows, pending = stored(store)
    assert pending == 0  # nothing left for the first read to build
    assert rows and rows == from_facts(store)
    assert 0 < summary.holdings_seconds <= summary.seconds

    # a later log hands an item already indexed to a new holder
    log = tmp_path / "events_relay.csv"
    log.write_text("date,event,serial,lot,system,quantity,shipment_ref,from,to,location,notes\n"
                   f"2023-09-14,HANDOVER,JAV-0041,,FGM-148 Javelin,1,,Central Supply Directorate,{RELAY},"
                   "Depot L-3,fictional handover for the test\n", encoding="utf-8")
    assert ingest_paths(store, [log]).exit_code == 0
    rows, pending = stored(store)
    assert pending == 0
    assert rows == from_facts(store)
    relay = [h for h in rows if h.kind == HOLDER and store.nodes([h.party])[h.party].name == RELAY]
    assert [h.interval.start for h in relay] == [date(2023, 9, 14)]

    _, found = reachable_items(store, RELAY, max_hops=1)
    assert relay[0].item in {r.item for r in found}


def test_a_report_ingested_as_text_leaves_the_index_built(store: Store) -> None:
    ingest_report_text(store, "On 3 May 2023 the Fictional Relay Unit handed rifle serial FX-3301 to the "
                       "Grey Harbour Militia at Port Vell.", "Fictional relay note")
    rows, pending = stored(store)
    assert pending == 0
    assert rows and rows == from_facts(store)
