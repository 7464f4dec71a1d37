"""The holding index (:mod:`graph.holdings`) on Neo4j: one ``(:Holding)`` node per row,
``{item, seq, kind, party, start, end, event, confidence}`` (days as ISO text), found by
``party`` (reverse reach) and by ``item`` (rewriting an item's rows), both indexed
(:mod:`graph.cypher.schema`).

A write records what it changed as ``(:HoldingChanged {id, writes})`` nodes in its own
transaction (:func:`mark`, counting the writes in ``writes``); the next read of the index first
rewrites their rows (:func:`refresh`, from reads made in its transaction, :class:`TxReads`).
Neo4j reads what was committed when it reads, not as of the transaction's start: a write may
commit between a refresh's read of an item and the end of its transaction, so the refresh
clears a mark only if its count is still the one it read (:func:`clear_marks`), else the
mark stays for the next refresh. (The embedded store's refresh holds the file's write lock
from its read to its commit, so no write comes between there.) A store whose facts did not all come
through these writes (made before the index, or by loading an exported Cypher script) lacks
the ``(:HoldingIndex)`` note, so it has every item marked on connect (:data:`MARK_ALL_ITEMS`,
:data:`INDEX_KEPT`). The bulk import (:mod:`graph.neo4j_bulk`) carries the rows its source
store built, and the note, so it has nothing marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

import neo4j

from graph import neo4j_rows as nr
from graph.cypher import events as ev_q
from graph.cypher import nodes as node_q
from graph.cypher import relations as rel_q
from graph.dates import Interval
from graph.holdings import Holding, StoredDays, affected_items, index_items, stored_days, stored_interval
from graph.model import Model
from graph.records import CustodyFacts, Node, Relation
from graph.store import Direction

__all__ = ["CUSTODY_RELATIONS_BY_ID", "INDEX_KEPT", "MARK_ALL_ITEMS", "NOTE_INDEX_KEPT",
           "TxReads", "clear_marks", "custody_facts_from_records", "holding_from", "mark", "refresh",
           "rewrite_marked"]

CREATE_ROWS: Final = "UNWIND $rows AS row CREATE (h:Holding) SET h = row"
REPLACE_ROWS: Final = """
CALL { UNWIND $ids AS id MATCH (h:Holding {item: id}) DELETE h }
UNWIND $rows AS row CREATE (h:Holding) SET h = row
"""
"""Drop the rows of ``$ids`` and write ``$rows`` in their place: one statement, one round trip."""
CUSTODY_RELATIONS_BY_ID: Final = """
UNWIND $ids AS id
MATCH ()-[r:CONTAINS|RECEIVED {id: id}]->()
RETURN properties(r) AS r, type(r) AS type, startNode(r).id AS source, endNode(r).id AS target
"""
"""The ``CONTAINS``/``RECEIVED`` relations among ``$ids`` (read before a deletion removes them)."""
MARK_CHANGED: Final = """
UNWIND $ids AS id
MERGE (c:HoldingChanged {id: id})
SET c.writes = coalesce(c.writes, 0) + 1
"""
"""Mark ``$ids`` changed, one more write on each (the ``SET`` reads ``writes`` under the
mark's write lock, so two writers at once both count)."""
CHANGED_PAGE: Final = """
CALL { MATCH (s:HoldingIndex) SET s.refreshing = true REMOVE s.refreshing }
MATCH (c:HoldingChanged) RETURN c.id AS id, coalesce(c.writes, 0) AS writes LIMIT $size
"""
"""Take the refreshers' turn (the write lock on the ``(:HoldingIndex)`` note, held to the end of
the transaction), then read up to ``$size`` marks: the subquery runs to its end before the marks
are read, so they are read after the turn comes, in one round trip."""
UNMARK: Final = """
UNWIND $marks AS m
MATCH (c:HoldingChanged {id: m.id})
SET c.writes = coalesce(c.writes, 0)
WITH c, m WHERE c.writes = m.writes
DELETE c
"""
"""Clear each of ``$marks`` (``{id, writes}`` as read) whose count is unchanged: the ``SET``
takes the mark's write lock before it reads the count (a writer still open on the mark
commits first), so a write after the read leaves its mark."""
MARK_ALL_ITEMS: Final = """
MATCH (i:Item)
CALL (i) { MERGE (:HoldingChanged {id: i.id}) } IN TRANSACTIONS OF 10000 ROWS
"""
"""A store made before the index, or by the bulk import: every item is to be indexed (one
statement, in transactions of its own: run it outside a managed transaction)."""
INDEX_KEPT: Final = "MATCH (s:HoldingIndex) RETURN count(s) AS n"
"""Whether the index is kept by this store's writes: the ``(:HoldingIndex)`` node, made once every
item was marked. A database emptied, bulk-imported or loaded from an exported Cypher script lacks
it, so its items are all marked on connect."""
NOTE_INDEX_KEPT: Final = "MERGE (:HoldingIndex {id: 'holdings'})"

_TxLike = neo4j.Transaction | neo4j.ManagedTransaction


def custody_facts_from_records(records: Sequence[Any]) -> CustodyFacts:
    """The result of :data:`graph.cypher.events.CUSTODY_FACTS` as :class:`CustodyFacts`."""
    if not records:
        return CustodyFacts([], [], {})
    row = records[0]
    events = sorted((nr.event_from(e) for e in row["events"]), key=lambda e: e.id)
    rels = nr.relations_from(row["rels"])
    ships = {n.id: n for n in (nr.node_from(s) for s in row["ships"])}
    return CustodyFacts(events, rels, ships)


def holding_from(stored: dict[str, Any], seen: dict[StoredDays, Interval] | None = None) -> Holding:
    """One stored row; ``seen`` is :func:`graph.holdings.stored_interval`'s, one per read."""
    return Holding(stored["item"], stored["seq"], stored["kind"], stored["party"],
                   stored_interval((stored.get("start"), stored.get("end")), {} if seen is None else seen),
                   stored["event"],
                   stored["confidence"])


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
        return nr.relations_from(records)

    def custody_facts(self, items: Iterable[str]) -> CustodyFacts:
        wanted = list(dict.fromkeys(items))
        if not wanted:
            return CustodyFacts([], [], {})
        return custody_facts_from_records(list(self._tx.run(ev_q.CUSTODY_FACTS, ids=wanted)))


def mark(tx: _TxLike, ids: set[str]) -> None:
    """Record, in the write's transaction ``tx``, what the index must rewrite before its next read."""
    if ids:
        tx.run(MARK_CHANGED, ids=sorted(ids)).consume()


def rewrite_marked(tx: _TxLike, model: Model, page: int) -> dict[str, int]:
    """Rewrite the rows of up to ``page`` recorded changes; the marks read, ``{id: writes}``
    (cleared by :func:`clear_marks` in the same transaction). Refreshers (an ingest ending, a
    read finding changes) take turns on the note's lock, so two never rewrite one item's rows
    at once; each reads the marks after its turn comes (:data:`CHANGED_PAGE`). The old rows go
    in the statement that writes the first of the new ones (:data:`REPLACE_ROWS`)."""
    marks: dict[str, int] = {r["id"]: r["writes"] for r in tx.run(CHANGED_PAGE, size=page)}
    if not marks:
        return marks
    reads = TxReads(tx, model)
    ids, items = affected_items(reads, marks)
    dropped = False
    for i in range(0, max(len(items), 1), 1000):
        rows = [_stored(h) for h in index_items(reads, items[i : i + 1000], model)]
        if not dropped:
            tx.run(REPLACE_ROWS, ids=sorted(ids), rows=rows).consume()
            dropped = True
        elif rows:
            tx.run(CREATE_ROWS, rows=rows).consume()
    return marks


def _stored(h: Holding) -> dict[str, Any]:
    """A row as a ``:Holding`` node keeps it (read back by :func:`holding_from`)."""
    start, end = stored_days(h.interval)
    return {"item": h.item, "seq": h.seq, "kind": h.kind, "party": h.party, "start": start, "end": end,
            "event": h.event, "confidence": h.confidence}


def clear_marks(tx: _TxLike, marks: dict[str, int]) -> None:
    """Clear the ``marks`` :func:`rewrite_marked` read whose write count is unchanged."""
    tx.run(UNMARK, marks=[{"id": i, "writes": w} for i, w in sorted(marks.items())]).consume()


def _rewrite(tx: neo4j.ManagedTransaction, model: Model, page: int) -> int:
    """One refresh transaction: how many marks it read."""
    marks = rewrite_marked(tx, model, page)
    if marks:
        clear_marks(tx, marks)
    return len(marks)


def refresh(session: neo4j.Session, model: Model, page: int = 5000) -> None:
    """Rewrite the rows of everything writes recorded as changed, ``page`` changes per
    write transaction (each whole or not at all), until a transaction reads less than a page.

    A mark a concurrent write makes after that read stays for the next refresh, which every
    read of the index makes first when it finds one (as it does for marks made after any
    refresh); another transaction only to find none cost an ingest three round trips and a
    commit (a report run on the 10k world is one page)."""
    while session.execute_write(_rewrite, model, page) >= page:
        pass
