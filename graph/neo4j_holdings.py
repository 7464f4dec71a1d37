"""The holding index (:mod:`graph.holdings`) on Neo4j: one ``(:Holding)`` node per row,
``{item, seq, kind, party, start, end, event, confidence}`` (days as ISO text), found by
``party`` (reverse reach) and by ``item`` (rewriting an item's rows), both indexed
(:mod:`graph.cypher.schema`).

The rows of the items a write may change are rewritten inside that write's transaction,
from reads made in it (:class:`TxReads`: they see the batch just written). A store made
before the index (or by the bulk import, whose files do not carry it) gets it built on
connect, when the index on ``party`` is created (:func:`rebuild`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Final

import neo4j

from graph import neo4j_rows as nr
from graph.cypher import events as ev_q
from graph.cypher import nodes as node_q
from graph.cypher import relations as rel_q
from graph.dates import Interval
from graph.holdings import Holding, affected_items, index_items
from graph.model import Model
from graph.records import CustodyFacts, Node, Relation
from graph.store import Direction

__all__ = ["CUSTODY_RELATIONS_BY_ID", "HOLDINGS", "TxReads", "custody_facts_from_records", "holding_from", "rebuild",
           "reindex"]

HOLDINGS: Final = """
UNWIND $holders AS p
MATCH (h:Holding {party: p}) WHERE h.kind = 'HOLDER'
RETURN properties(h) AS h
UNION ALL
UNWIND $places AS p
MATCH (h:Holding {party: p}) WHERE h.kind = 'AT_LOCATION'
RETURN properties(h) AS h
"""
"""Rows of items held by ``$holders`` or staying at ``$places`` (``Store.holdings``)."""

DELETE_ROWS: Final = "UNWIND $ids AS id MATCH (h:Holding {item: id}) DELETE h"
CREATE_ROWS: Final = "UNWIND $rows AS row CREATE (h:Holding) SET h = row"
CUSTODY_RELATIONS_BY_ID: Final = """
UNWIND $ids AS id
MATCH ()-[r:CONTAINS|RECEIVED {id: id}]->()
RETURN properties(r) AS r, type(r) AS type, startNode(r).id AS source, endNode(r).id AS target
"""
"""The ``CONTAINS``/``RECEIVED`` relations among ``$ids`` (read before a deletion removes them)."""
ITEM_PAGE: Final = "MATCH (i:Item) WHERE i.id > $after RETURN i.id AS id ORDER BY id LIMIT $size"

_TxLike = neo4j.Transaction | neo4j.ManagedTransaction


def custody_facts_from_records(records: Sequence[Any]) -> CustodyFacts:
    """The result of :data:`graph.cypher.events.CUSTODY_FACTS` as :class:`CustodyFacts`."""
    if not records:
        return CustodyFacts([], [], {})
    row = records[0]
    events = sorted((nr.event_from(e) for e in row["events"]), key=lambda e: e.id)
    rels = sorted((nr.relation_from(r["r"], r["type"], r["source"], r["target"]) for r in row["rels"]),
                  key=lambda r: r.id)
    ships = {n.id: n for n in (nr.node_from(s) for s in row["ships"])}
    return CustodyFacts(events, rels, ships)


def holding_from(stored: dict[str, Any]) -> Holding:
    day = lambda v: date.fromisoformat(v) if v else None  # noqa: E731 - a one-line converter
    return Holding(stored["item"], stored["seq"], stored["kind"], stored["party"],
                   Interval(day(stored.get("start")), day(stored.get("end"))), stored["event"], stored["confidence"])


class TxReads:
    """The reads :func:`graph.holdings.index_items` needs, inside one transaction."""

    def __init__(self, tx: _TxLike, model: Model) -> None:
        self._tx, self._model = tx, model

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        return {n.id: n for n in (nr.node_from(r["n"]) for r in self._tx.run(node_q.NODES_BY_ID, ids=wanted))}

    def relations(self, ids: Iterable[str], *, types: Sequence[str] | None = None,
                  direction: Direction = "both") -> list[Relation]:
        wanted = list(dict.fromkeys(ids))
        known = [t for t in (types or self._model.relations) if t in self._model.relations]
        if not wanted or not known:
            return []
        records = self._tx.run(rel_q.relations_of(self._model, known, direction), ids=wanted, start=None, end=None)
        found = {r["r"]["id"]: nr.relation_from(r["r"], r["type"], r["source"], r["target"]) for r in records}
        return sorted(found.values(), key=lambda r: r.id)

    def custody_facts(self, items: Iterable[str]) -> CustodyFacts:
        wanted = list(dict.fromkeys(items))
        if not wanted:
            return CustodyFacts([], [], {})
        return custody_facts_from_records(list(self._tx.run(ev_q.CUSTODY_FACTS, ids=wanted)))


def _write_rows(tx: _TxLike, reads: TxReads, ids: Iterable[str], items: list[str], model: Model) -> None:
    gone = sorted(ids)
    if gone:
        tx.run(DELETE_ROWS, ids=gone).consume()
    for i in range(0, len(items), 1000):
        rows = [{"item": h.item, "seq": h.seq, "kind": h.kind, "party": h.party,
                 "start": h.interval.start.isoformat() if h.interval.start else None,
                 "end": h.interval.end.isoformat() if h.interval.end else None,
                 "event": h.event, "confidence": h.confidence}
                for h in index_items(reads, items[i : i + 1000], model)]
        if rows:
            tx.run(CREATE_ROWS, rows=rows).consume()


def reindex(tx: _TxLike, model: Model, nodes: Iterable[Node] = (), relations: Iterable[Relation] = (),
            subjects: Iterable[str] = ()) -> None:
    """Rewrite the rows a change of ``nodes``, ``relations`` and events of ``subjects`` may
    change, inside the change's transaction ``tx``."""
    reads = TxReads(tx, model)
    ids, items = affected_items(reads, nodes, relations, subjects)
    if ids:
        _write_rows(tx, reads, ids, items, model)


def rebuild(driver: neo4j.Driver, database: str | None, model: Model, page: int = 2000) -> int:
    """Build the rows of every item, a page of items per transaction; returns how many items."""
    after, done = "", 0
    while True:
        records, _, _ = driver.execute_query(ITEM_PAGE, {"after": after, "size": page}, database_=database)
        ids: list[str] = [r["id"] for r in records]
        if not ids:
            return done

        def work(tx: neo4j.ManagedTransaction, ids: list[str] = ids) -> None:
            _write_rows(tx, TxReads(tx, model), ids, ids, model)

        with driver.session(database=database) as session:
            session.execute_write(work)
        after, done = ids[-1], done + len(ids)

