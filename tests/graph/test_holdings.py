"""The holding index (graph.holdings) on every store: after each write and deletion it holds
exactly the rows the items' custody chains give, including items a write changed without
naming them (a receipt recorded for another item of their shipment)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph import sqlite_store
from graph.builder import FactBuilder
from graph.dates import Interval
from graph.holdings import AT_LOCATION, HOLDER, Holding, holdings_of
from graph.model import Model
from graph.sqlite_store import SqliteStore
from graph.store import Store, holdings_from
from queries.chain import ChainContext, custody_chains
from tests.neo4j_server import Neo4jServer

AS_OF = date(2024, 6, 30)


def doc(model: Model, text: str) -> FactBuilder:
    return FactBuilder(model, title=f"{text}.csv", text=f"fictional {text}", kind="EventLog")


def from_chains(store: Store) -> list[Holding]:
    items = list(store.iter_nodes("Item"))
    ctx = ChainContext(store.model, AS_OF, with_evidence=False, with_anomalies=False)
    return [h for c in custody_chains(store, items, ctx) for h in holdings_of(c.item.id, c.segments, c.events)]


def indexed(store: Store) -> list[Holding]:
    actors = [n.id for n in store.iter_nodes("Actor")]
    places = [n.id for n in store.iter_nodes("Location")]
    rows = store.holdings(actors, places)
    assert rows == holdings_from(store, actors, places)  # the composed read (the API's views) agrees
    return rows


def rows_of(store: Store, item: str) -> list[tuple[str, str, str | None]]:
    return [(h.kind, h.party, str(h.interval.start) if h.interval.start else None)
            for h in indexed(store) if h.item == item]


def test_the_index_follows_every_write_and_deletion(store: Store, model: Model) -> None:
    b = doc(model, "manifest")
    ship = b.shipment("SHP-7")
    one, two = b.item(serial="JAV-0001"), b.item(serial="JAV-0002")
    donor, cell, national = (b.actor("Donor Agency", "Organization"), b.actor("Transit Cell", "Organization"),
                             b.actor("Supply Command", "Organization"))
    hub, depot = b.location("Hub West", "Hub"), b.location("Depot K-2", "Depot")
    for item in (one, two):
        b.relation("CONTAINS", ship, item)
    b.event("STORAGE", ship, "2023-03-05", to_actor=cell, location=hub, confidence=0.8)
    b.event("DELIVERY", ship, "2023-03-10", from_actor=cell, to_actor=national, location=depot)
    store.write(b.batch)
    assert indexed(store) == from_chains(store)
    assert rows_of(store, two) == [(HOLDER, cell, "2023-03-05"), (HOLDER, national, "2023-03-10"),
                                   (AT_LOCATION, hub, "2023-03-05"), (AT_LOCATION, depot, "2023-03-10")]

    # a later log: the second launcher handed on by a party nobody said held it (inferred holder)
    log = doc(model, "log")
    unit, broker = log.actor("9th Brigade", "MilitaryUnit"), log.actor("Grey Broker", "Person")
    log.event("HANDOVER", two, "2023-06-01", from_actor=broker, to_actor=unit, location=depot)
    store.write(log.batch)
    assert indexed(store) == from_chains(store)
    assert (HOLDER, broker, "2023-03-10") in rows_of(store, two)

    # the receipt names only the first launcher: the delivery no longer makes the consignee hold
    # the second one, though nothing written names it
    receipt = doc(model, "receipt")
    receipt.relation("RECEIVED", ship, one)
    store.write(receipt.batch)
    assert indexed(store) == from_chains(store)
    assert (HOLDER, national, "2023-03-10") not in rows_of(store, two)
    assert (HOLDER, national, "2023-03-10") in rows_of(store, one)

    # a later event of the shipment reaches every item in it
    late = doc(model, "late")
    late.event("TRANSIT", ship, "2023-02-01", to_actor=donor, location=late.location("Depot D-9", "Depot"))
    store.write(late.batch)
    assert indexed(store) == from_chains(store)
    assert rows_of(store, one)[0] == (HOLDER, donor, "2023-02-01")

    # what the log said goes with its evidence
    store.delete_evidence(log.document.id, "manual")
    assert indexed(store) == from_chains(store)
    assert all(h.party not in (broker, unit) for h in indexed(store))
    store.delete_evidence(receipt.document.id, "manual")
    assert indexed(store) == from_chains(store)
    assert (HOLDER, national, "2023-03-10") in rows_of(store, two)


def test_rows_are_found_by_holder_or_place_only_of_their_kind(store: Store, model: Model) -> None:
    b = doc(model, "stock")
    unit, depot = b.actor("7th Brigade", "MilitaryUnit"), b.location("Depot L-9", "Depot")
    item = b.item(serial="STG-001")
    b.event("STORAGE", item, "2023-05", to_actor=unit, location=depot, confidence=0.7)
    store.write(b.batch)
    (held,) = store.holdings([unit], [])
    assert (held.kind, held.party, held.event, held.confidence) == (HOLDER, unit, b.batch.events[0].id, 0.7)
    assert (held.interval.start, held.interval.end) == (date(2023, 5, 1), None)  # from the month's first day
    assert [h.kind for h in store.holdings([], [depot])] == [AT_LOCATION]
    assert store.holdings([depot], [unit]) == []  # a place is no holder, an actor no place
    assert store.holdings([], []) == []


def test_a_read_keeps_the_rows_meeting_their_party_spans_and_not_skipped(store: Store, model: Model) -> None:
    b = doc(model, "stock")
    unit, depot = b.actor("7th Brigade", "MilitaryUnit"), b.location("Depot L-9", "Depot")
    first, second, third = (b.item(serial=f"STG-00{n}") for n in range(3))
    b.event("STORAGE", first, "2023-01-10", to_actor=unit, location=depot)
    b.event("HANDOVER", first, "2023-03-01", from_actor=unit, to_actor=b.actor("9th Brigade", "MilitaryUnit"),
            location=b.location("Base Kilo", "Depot"))
    b.event("STORAGE", second, "2023-05-01", to_actor=unit, location=depot)
    b.event("STORAGE", third, "2023-06-01", to_actor=unit, location=depot)
    store.write(b.batch)

    def read(**filters: object) -> list[tuple[str, str]]:
        rows = store.holdings([unit], [depot], **filters)  # type: ignore[arg-type]
        assert rows == holdings_from(store, [unit], [depot], **filters)  # type: ignore[arg-type]
        return [(h.item, h.kind) for h in rows]

    everything = read()
    assert len(everything) == 6
    held, stayed = store.holdings([unit], [depot])[:2]  # rows of one span share one Interval (parsed once)
    assert held.interval == stayed.interval and held.interval is stayed.interval
    # a span meets a row when they share a day (the first item's rows end on 2023-03-01, the
    # day of its handover), open ends meet everything that way
    spring = {unit: [Interval(date(2023, 3, 1), date(2023, 4, 30))]}
    assert read(spans=spring) == [(first, HOLDER), (first, AT_LOCATION), (second, AT_LOCATION),
                                  (third, AT_LOCATION)]
    assert read(spans={unit: [Interval(date(2023, 3, 2), date(2023, 4, 30)), Interval(date(2023, 6, 1), None)]}
                ) == [(first, AT_LOCATION), (second, HOLDER), (second, AT_LOCATION), (third, HOLDER),
                      (third, AT_LOCATION)]
    assert read(spans={unit: [], depot: [Interval(None, date(2023, 1, 10))]}) == [(first, AT_LOCATION)]
    assert read(skip={first, third}) == [(second, HOLDER), (second, AT_LOCATION)]
    assert read(spans={depot: [Interval.ALWAYS]}, skip={second}) == [h for h in everything if h[0] != second]


@pytest.mark.neo4j
def test_the_embedded_index_is_rewritten_a_chunk_of_marks_at_a_time(tmp_path: Path, model: Model,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A bulk ingest marks every item: the rewrite reads the store a chunk of marks at a time (its
    memory a chunk's, not the store's; reading every mark's node at once doubled a 100k-item
    ingest's peak) and writes the rows the chains give, items of a changed shipment included."""
    store = SqliteStore(tmp_path / "chunks.db", model)
    b = doc(model, "manifest")
    cell, national = b.actor("Transit Cell", "Organization"), b.actor("Supply Command", "Organization")
    hub, depot = b.location("Hub West", "Hub"), b.location("Depot K-2", "Depot")
    for s in range(3):
        ship = b.shipment(f"SHP-{s}")
        items = [b.item(serial=f"JAV-{s}{n:03d}") for n in range(5)]
        for item in items:
            b.relation("CONTAINS", ship, item)
        b.event("STORAGE", ship, f"2023-0{s + 3}-05", to_actor=cell, location=hub, confidence=0.8)
        b.event("DELIVERY", ship, f"2023-0{s + 3}-10", from_actor=cell, to_actor=national, location=depot)
        b.event("HANDOVER", items[s], "2023-08-01", from_actor=national, to_actor=cell, location=hub)
        if s:
            b.relation("RECEIVED", ship, items[0])
    store.write(b.batch)
    whole = indexed(store)
    assert len({h.item for h in whole}) == 15

    chunk, asked = 4, []

    def counted(read: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(ids: Iterable[str], *args: Any, **kwargs: Any) -> Any:
            ids = list(ids)
            asked.append(len(ids))
            return read(ids, *args, **kwargs)
        return wrapper

    for name in ("nodes", "relations", "events_of", "custody_facts"):
        monkeypatch.setattr(store, name, counted(getattr(store, name)))
    monkeypatch.setattr(sqlite_store, "_CHUNK", chunk)
    conn = store._conn()
    conn.execute("DELETE FROM holdings")
    conn.execute("INSERT INTO holdings_changed(id) SELECT id FROM nodes WHERE label = 'Shipment'")
    conn.commit()
    store.refresh_holdings()  # the shipments' items are found through the shipments alone
    assert asked and max(asked) <= 2 * chunk  # a chunk's items and their shipments
    assert indexed(store) == whole == from_chains(store)
    assert conn.execute("SELECT count(*) FROM holdings_changed").fetchone()[0] == 0
    store.close()


def test_a_neo4j_store_without_the_index_gets_it_built_on_connect(neo4j_clean: Neo4jServer, model: Model) -> None:
    """A store made before the index, or by the bulk import (whose files do not carry it): no
    rows, no index, and no ``(:HoldingIndex)`` note that writes keep it."""
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(neo4j_clean.uri, model, auth=neo4j_clean.auth)
    b = doc(model, "stock")
    unit, depot = b.actor("7th Brigade", "MilitaryUnit"), b.location("Depot L-9", "Depot")
    b.event("STORAGE", b.item(serial="STG-001"), "2023-05", to_actor=unit, location=depot)
    store.write(b.batch)
    before = store.holdings([unit], [depot])
    assert len(before) == 2
    store.driver.execute_query("MATCH (h:Holding) DELETE h")
    store.driver.execute_query("DROP INDEX holding_party")
    store.driver.execute_query("MATCH (s:HoldingIndex) DELETE s")
    assert store.holdings([unit], [depot]) == []
    store.close()

    again = Neo4jStore.connect(neo4j_clean.uri, model, auth=neo4j_clean.auth)
    try:
        assert again.holdings([unit], [depot]) == before
    finally:
        again.close()


@pytest.mark.neo4j
def test_two_refreshes_of_the_neo4j_index_at_once_write_each_row_once(neo4j_clean: Neo4jServer, model: Model) -> None:
    """An ingest ending while a read finds changes: both refresh the index at the same moment,
    and each item's rows are still there once (the refreshers take turns)."""
    import threading

    from graph.neo4j_store import Neo4jStore

    stores = [Neo4jStore.connect(neo4j_clean.uri, model, auth=neo4j_clean.auth) for _ in range(2)]
    try:
        b = doc(model, "stock")
        unit, depot = b.actor("7th Brigade", "MilitaryUnit"), b.location("Depot L-9", "Depot")
        for i in range(300):
            b.event("STORAGE", b.item(serial=f"STG-{i:03d}"), "2023-05", to_actor=unit, location=depot)
        stores[0].write(b.batch)
        start = threading.Barrier(2)
        failures: list[BaseException] = []

        def refresh(store: Neo4jStore) -> None:
            start.wait()
            try:
                store.refresh_holdings()
            except BaseException as exc:  # reported below, from the test thread
                failures.append(exc)

        threads = [threading.Thread(target=refresh, args=(s,)) for s in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == []
        records, _, _ = stores[0].driver.execute_query(
            "MATCH (h:Holding) RETURN count(h) AS rows, count(DISTINCT [h.item, h.seq]) AS distinct_rows")
        assert (records[0]["rows"], records[0]["distinct_rows"]) == (600, 600)
        assert len(stores[1].holdings([unit], [depot])) == 600
    finally:
        for s in stores:
            s.close()


@pytest.mark.neo4j
def test_a_neo4j_refresh_that_reads_less_than_a_page_ends_with_that_transaction(
        neo4j_clean: Neo4jServer, model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ingest's refresh of a few changes is one write transaction, not a second one that
    finds nothing left, of five statements (take the turn and read the marks; the items; their
    facts; the old rows out and the new in; clear the marks): each is a round trip. More
    changes than a page still take a transaction per page."""
    from neo4j._sync.work.transaction import TransactionBase

    from graph import neo4j_holdings as nh
    from graph.neo4j_store import Neo4jStore

    read: list[int] = []
    statements: list[str] = []
    real, real_run = nh._rewrite, TransactionBase.run

    def counted(tx: object, model: Model, page: int) -> int:
        read.append(real(tx, model, page))  # type: ignore[arg-type]
        return read[-1]

    def run(self: TransactionBase, query: str, *args: object, **kwargs: object) -> object:
        statements.append(query)
        return real_run(self, query, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(nh, "_rewrite", counted)
    monkeypatch.setattr(TransactionBase, "run", run)
    store = Neo4jStore.connect(neo4j_clean.uri, model, auth=neo4j_clean.auth)
    try:
        b = doc(model, "stock")
        unit, depot = b.actor("7th Brigade", "MilitaryUnit"), b.location("Depot L-9", "Depot")
        for i in range(5):
            b.event("STORAGE", b.item(serial=f"STG-{i:03d}"), "2023-05", to_actor=unit, location=depot)
        store.write(b.batch)
        statements.clear()
        store.refresh_holdings()
        assert read == [5] and len(statements) == 5
        assert indexed(store) == from_chains(store)
        more = doc(model, "more")
        for i in range(5, 12):
            more.event("STORAGE", more.item(serial=f"STG-{i:03d}"), "2023-06", to_actor=unit, location=depot)
        store.write(more.batch)
        read.clear()
        with store._session() as session:
            nh.refresh(session, model, page=3)
        assert read == [3, 3, 1]
        assert indexed(store) == from_chains(store)
    finally:
        store.close()


@pytest.mark.neo4j
def test_a_write_between_a_neo4j_refresh_reading_an_item_and_clearing_its_mark_keeps_the_mark(
        neo4j_clean: Neo4jServer, model: Model) -> None:
    """Neo4j reads what is committed when it reads: a handover committed after a refresh read
    the launcher's facts, before the refresh cleared its mark, must leave the mark, so the next
    read of the index rewrites the launcher's rows with the handover in them."""
    from graph import neo4j_holdings as nh
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(neo4j_clean.uri, model, auth=neo4j_clean.auth)
    try:
        b = doc(model, "stock")
        unit, depot = b.actor("7th Brigade", "MilitaryUnit"), b.location("Depot L-9", "Depot")
        item = b.item(serial="STG-001")
        b.event("STORAGE", item, "2023-05-02", to_actor=unit, location=depot)
        store.write(b.batch)
        moved = doc(model, "move")
        cell = moved.actor("Transit Cell", "Organization")
        moved.event("HANDOVER", item, "2023-06-01", from_actor=unit, to_actor=cell, location=depot)
        late = doc(model, "late")
        broker = late.actor("Grey Broker", "Person")
        late.event("HANDOVER", item, "2023-07-01", from_actor=cell, to_actor=broker, location=depot)

        store.write(moved.batch)
        with store.driver.session() as session, session.begin_transaction() as tx:
            read = nh.rewrite_marked(tx, model, 5000)  # the refresh has read the item, as of `moved`
            assert item in read
            store.write(late.batch)  # commits while the refresh is still open
            nh.clear_marks(tx, read)
            tx.commit()

        assert [h.party for h in rows_of_item(store, item, [unit, cell, broker], [depot])
                if h.kind == HOLDER] == [unit, cell, broker]
        assert indexed(store) == from_chains(store)
    finally:
        store.close()


def rows_of_item(store: Store, item: str, holders: list[str], places: list[str]) -> list[Holding]:
    return [h for h in store.holdings(holders, places) if h.item == item]
