"""The Neo4j store's writes: batches, checked batches, evidence deletion (see :mod:`graph.neo4j_store`).

Each family of a batch is written with ``UNWIND $rows ... MERGE`` (statements in
:mod:`graph.cypher`), all of a batch in one managed write transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, LiteralString

import neo4j
from neo4j import ManagedTransaction

from graph import neo4j_holdings as nh
from graph import neo4j_rows as nr
from graph.cypher import events as ev_q
from graph.cypher import evidence as evidence_q
from graph.cypher import nodes as node_q
from graph.cypher import relations as rel_q
from graph.cypher import versions as version_q
from graph.errors import Conflict
from graph.holdings import changed_ids
from graph.neo4j_base import Neo4jBase, _chunks, _dedupe
from graph.records import Batch, Deletion, WriteResult


class Neo4jWrites(Neo4jBase):
    """The write half of the protocol."""

    def _plan(self, batch: Batch) -> list[tuple[LiteralString, list[dict[str, Any]]]]:
        """(statement, rows) in write order: nodes, relations by type, events,
        evidence last (so it links facts of its own batch)."""
        plan: list[tuple[LiteralString, list[dict[str, Any]]]] = []
        if batch.nodes:  # every label in one statement (one round trip); one row per id, by label
            plan.append((node_q.MERGE_NODES, sorted(nr.node_rows(batch.nodes), key=lambda r: r["label"])))
        by_type: dict[str, list[dict[str, Any]]] = {}
        for r in batch.relations:
            by_type.setdefault(r.type, []).append(nr.relation_row(r))
        for type_, rows in sorted(by_type.items()):
            plan.append((rel_q.merge_relations(self.model, type_), rows))
        if batch.events:
            plan.append((ev_q.MERGE_EVENTS, nr.event_rows(batch.events)))
        if batch.evidence:
            plan.append((evidence_q.MERGE_EVIDENCE, nr.evidence_rows(batch.evidence)))
        if batch.texts:
            plan.append((evidence_q.MERGE_TEXTS, [{"id": k, "text": v} for k, v in batch.texts.items()]))
        return plan

    def write(self, batch: Batch) -> WriteResult:
        """Write ``batch`` in one transaction: all of it or, on any failure, none of it.

        Raises
        ------
        EvidenceMissing, InvalidInput
            Before anything is sent (the batch does not fit the model, a serial is empty).
        StoreUnavailable
            The server could not be reached within the driver's retry budget.
        StoreError
            The server refused the write (nothing of the batch was written).
        """
        batch.validate(self.model)
        plan = self._plan(batch)
        if plan:
            chunk = self._chunk

            def work(tx: ManagedTransaction) -> None:
                for query, rows in plan:
                    for part in _chunks(rows, chunk):
                        tx.run(query, rows=part).consume()
                nh.mark(tx, changed_ids(batch.nodes, batch.relations, (e.subject for e in batch.events)))

            self._write_tx(work, f"writing a batch of {len(batch)} records")
        return WriteResult(len(batch.nodes), len(batch.relations), len(batch.events), len(batch.evidence))

    def delete_evidence(self, document_id: str, extractor: str, *, replacement: Batch | None = None,
                        dry_run: bool = False) -> Deletion:
        """See :meth:`graph.store.Store.delete_evidence`; one managed write transaction (retried
        by the driver on transient errors), or one rolled back for ``dry_run``."""
        if replacement is not None:
            replacement.validate(self.model)
        plan = self._plan(replacement) if replacement is not None else []
        chunk = self._chunk

        def work(tx: neo4j.Transaction | ManagedTransaction) -> Deletion:
            cited = [(r["id"], r["fact_id"]) for r in tx.run(evidence_q.DOCUMENT_EVIDENCE, document=document_id,
                                                             extractor=extractor)]
            fact_ids = list(dict.fromkeys(f for _, f in cited))
            touched = [nr.event_from(r["e"]) for r in tx.run(evidence_q.EVENTS_BY_ID, ids=fact_ids)]
            tx.run(evidence_q.DELETE_EVIDENCE, ids=[i for i, _ in cited]).consume()
            for query, rows in plan:
                for part in _chunks(rows, chunk):
                    tx.run(query, rows=part).consume()
            bare = {r["id"] for r in tx.run(evidence_q.WITHOUT_EVIDENCE, ids=fact_ids)}
            touched_ids = {e.id for e in touched}
            events = [f for f in fact_ids if f in bare and f in touched_ids]
            tx.run(evidence_q.DELETE_EVENTS, ids=events).consume()
            kinds = {r["id"]: r["is_node"] for r in tx.run(evidence_q.CLASSIFY_BARE,
                                                            ids=[f for f in bare if f not in touched_ids])}
            relations = [f for f in fact_ids if f in kinds and not kinds[f]]
            gone = [nr.relation_from(r["r"], r["type"], r["source"], r["target"])
                    for r in tx.run(nh.CUSTODY_RELATIONS_BY_ID, ids=relations)] if relations else []
            if relations:
                for type_ in sorted(self.model.relations):
                    tx.run(evidence_q.delete_relations(self.model, type_), ids=relations).consume()
            free = {r["id"]: r["keys"] for r in tx.run(evidence_q.FREE_NODES, ids=[f for f in kinds if kinds[f]])}
            nodes = [f for f in fact_ids if f in free]
            tx.run(evidence_q.DELETE_NODES, ids=nodes).consume()
            tx.run(evidence_q.DELETE_KEYS, keys=sorted({k for ks in free.values() for k in ks})).consume()
            changed = replacement or Batch()
            nh.mark(tx, changed_ids(changed.nodes, [*changed.relations, *gone],
                                    [*(e.subject for e in touched), *(e.subject for e in changed.events)]))
            return Deletion(len(cited), tuple(nodes), tuple(relations), tuple(events), tuple(touched))

        action = f"deleting the evidence of {document_id} by {extractor}"
        if not dry_run:
            return self._write_tx(work, action)
        with self._errors(action), self._session() as session, session.begin_transaction() as tx:
            try:
                return work(tx)
            finally:
                tx.rollback()

    def write_if(self, batch: Batch, expected: Mapping[str, int]) -> WriteResult:
        """Compare and set in one write transaction: lock the nodes of ``expected``, check their
        ``_version``, write ``batch``, add one to each version (see :mod:`graph.cypher.versions`).

        Raises
        ------
        Conflict
            A version differs from ``expected``; the transaction is rolled back, nothing written.
        """
        batch.validate(self.model)
        plan = self._plan(batch)
        ids = sorted(expected)
        chunk = self._chunk

        def work(tx: ManagedTransaction) -> None:
            found = {r["id"]: r["version"] for r in tx.run(version_q.LOCK_VERSIONS, ids=ids)}
            changed = [i for i in ids if found.get(i, 0) != expected[i]]
            if changed:
                raise Conflict(f"{', '.join(repr(i) for i in changed)} changed since it was read (version "
                               f"{', '.join(str(found.get(i, 0)) for i in changed)}, expected "
                               f"{', '.join(str(expected[i]) for i in changed)}); nothing was written: read again")
            for query, rows in plan:
                for part in _chunks(rows, chunk):
                    tx.run(query, rows=part).consume()
            nh.mark(tx, changed_ids(batch.nodes, batch.relations, (e.subject for e in batch.events)))
            tx.run(version_q.BUMP_VERSIONS, ids=ids).consume()

        self._write_tx(work, f"writing a checked batch of {len(batch)} records")
        return WriteResult(len(batch.nodes), len(batch.relations), len(batch.events), len(batch.evidence))

    def versions(self, ids: Iterable[str]) -> dict[str, int]:
        wanted = _dedupe(ids)
        out = dict.fromkeys(wanted, 0)
        if wanted:
            with self._errors("reading versions"):
                out.update((r["id"], r["version"]) for r in self._read(version_q.VERSIONS, ids=wanted))
        return out
