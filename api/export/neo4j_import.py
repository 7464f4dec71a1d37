"""The whole store as the input files of Neo4j's bulk importer (``custody neo4j-import``).

The walk is the whole-store export's (:class:`~api.export.select.StoreSlice`, documents
included); the files are written by :func:`graph.neo4j_bulk.write_import_files` in the shape
the Neo4j store writes, with every fact's evidence and every document's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from api.export.select import PAGE, StoreSlice, batched
from graph.neo4j_bulk import ImportFiles, write_import_files
from graph.records import Event, Evidence, Node, Relation
from graph.store import Store

__all__ = ["store_import_files"]


def store_import_files(store: Store, directory: str | Path, page: int = PAGE) -> ImportFiles:
    """The import files of everything ``store`` holds, read in pages: nodes label by label (documents
    too), each relation once from its source, events, then the evidence of every fact and the
    documents' texts. Fact ids are kept in memory (to read their evidence), the records are streamed."""
    part = StoreSlice(store, page, documents=True)
    fact_ids: list[str] = []
    documents: list[str] = []

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
            fact_ids.extend(e.id for e in batch)
            yield from batch

    def evidence() -> Iterator[Evidence]:
        for ids in batched(fact_ids, page):
            for found in store.evidence(ids).values():
                yield from found

    def texts() -> Iterator[tuple[str, str]]:
        for ids in batched(documents, page):
            yield from sorted(store.document_texts(ids).items())

    return write_import_files(directory, nodes(), relations(), events(), evidence(), texts())
