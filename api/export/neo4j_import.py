"""The whole store as the input files of Neo4j's bulk importer (``custody neo4j-import``).

The walk is the whole-store export's (:class:`~api.export.select.StoreSlice`, documents
included); the files are written by :func:`graph.neo4j_bulk.write_import_files` in the shape
the Neo4j store writes, with every fact's evidence, every document's text and the holding index
rows the store keeps for reverse reach (read from it: the embedded store builds them with the
same segment builder as the Neo4j store), so the imported database needs no index build. An
embedded store's files are streamed from its tables with SQL (:mod:`graph.neo4j_bulk_sqlite`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from api.export.select import PAGE, StoreSlice, batched
from graph.holdings import Holding
from graph.neo4j_bulk import ImportFiles, write_import_files
from graph.neo4j_bulk_sqlite import sqlite_import_files
from graph.records import Event, Evidence, Node, Relation
from graph.sqlite_store import SqliteStore
from graph.store import Store

__all__ = ["HOLDING_PARTIES", "store_import_files"]

HOLDING_PARTIES = 50
"""Parties whose holding rows are read at once."""


def store_import_files(store: Store, directory: str | Path, page: int = PAGE) -> ImportFiles:
    """The import files of everything ``store`` holds, read in pages: nodes label by label (documents
    too), each relation once from its source, events, then the evidence of every fact and the
    documents' texts, then the holding index rows, party by party. Fact ids and the parties of events
    are kept in memory (to read evidence and holdings), the records are streamed.

    An embedded store on a file is read with SQL over its tables instead
    (:func:`graph.neo4j_bulk_sqlite.sqlite_import_files`: the same files, several times faster)."""
    if isinstance(store, SqliteStore) and store.uri != ":memory:":
        return sqlite_import_files(store, directory)
    part = StoreSlice(store, page, documents=True)
    fact_ids: list[str] = []
    documents: list[str] = []
    holders: set[str] = set()
    places: set[str] = set()

    def nodes() -> Iterator[Node]:
        for batch in part.node_batches():
            for n in batch:
                fact_ids.append(n.id)
                if n.label == "Document":
                    documents.append(n.id)
            yield from batch

    def relations() -> Iterator[Relation]:
        for batch in part.relation_batches():
            fact_ids.extend(r.id for r in batch)
            yield from batch

    def events() -> Iterator[Event]:
        for batch in part.event_batches():
            for e in batch:
                fact_ids.append(e.id)
                holders.update(a for a in (e.from_actor, e.to_actor) if a is not None)
                if e.location is not None:
                    places.add(e.location)
            yield from batch

    def evidence() -> Iterator[Evidence]:
        for ids in batched(fact_ids, page):
            for found in store.evidence(ids).values():
                yield from found

    def texts() -> Iterator[tuple[str, str]]:
        for ids in batched(documents, page):
            yield from sorted(store.document_texts(ids).items())

    def holdings() -> Iterator[Holding]:
        # every row's party is an event's actor (a holder) or place (a stay): read a few parties at a
        # time, so one answer stays small however many items they held
        for ids in batched(sorted(holders), HOLDING_PARTIES):
            yield from store.holdings(ids, [])
        for ids in batched(sorted(places), HOLDING_PARTIES):
            yield from store.holdings([], ids)

    return write_import_files(directory, nodes(), relations(), events(), evidence(), texts(), holdings())
