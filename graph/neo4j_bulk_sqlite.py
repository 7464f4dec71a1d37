"""The bulk importer's files streamed straight from an embedded store's tables.

:func:`graph.neo4j_bulk.write_import_files` takes records, which any store can give; reading an
embedded store record by record (a ``Node``, ``Event`` or ``Evidence`` object a row, evidence
fact by fact) took most of the time of a first load. This module writes the same files, in the
same shape, with SQL over the store's own file:

* evidence, ``CITES``/``SUPPORTS``, event links, ``:Key`` nodes and ``KEYED`` links, document
  texts, the holding index rows and the placeholders have fixed columns: each is one query whose
  rows go to ``csv.writer.writerows`` in batches (``fetchmany``), with no Python code per row;
* nodes, relations and events carry props of their own (a JSON text a row): a row's typed
  columns come from its JSON text through a bounded cache (most texts repeat: ``{"basis":
  "manifest"}`` on every manifest event), its fixed columns from the row as it is.

The keys are the store's ``keys`` table (every key any write gave the node, the first original
value of each, as the Neo4j store's ``MERGE`` keeps them), the aliases its ``alias`` keys.
The holding index is brought up to date by the store (``holdings``) before its rows are read.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from graph import neo4j_rows as nr
from graph.neo4j_bulk import BulkImportError
from graph.neo4j_import_format import (
    ARRAY_DELIMITER,
    CITES_HEADER,
    EVENT_LINK_HEADER,
    HOLDING_INDEX_NOTE,
    KEY_HEADER,
    KEYED_HEADER,
    PLACEHOLDER_HEADER,
    SUPPORTS_HEADERS,
    ImportFiles,
    Writer,
    cell,
    type_of,
)
from graph.sqlite_store import SqliteStore

__all__ = ["BATCH", "sqlite_import_files"]

BATCH: Final = 10_000
"""Rows fetched, and written, at once."""

_ALIASES_SEP: Final = ARRAY_DELIMITER


@lru_cache(maxsize=65_536)
def _typed(props: str, reserved: frozenset[str]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The typed columns (names, cells) of a record's props, from their JSON text: native values
    as typed columns, the others in ``_json`` (:func:`graph.neo4j_rows.to_props`)."""
    if props == "{}":
        return (), ()
    native = nr.to_props(json.loads(props), reserved)
    names: list[str] = []
    cells: list[Any] = []
    for key in sorted(native):
        value = native[key]
        kind = type_of(value)
        if kind is None:
            continue  # an empty list: Neo4j keeps no property for it either way
        names.append(key if kind == "string" else f"{key}:{kind}")
        cells.append(value if kind == "string" else cell(value))
    return tuple(names), tuple(cells)


def _stream(w: Writer, family: str, header: tuple[str, ...], cur: sqlite3.Cursor, *, nodes: bool) -> None:
    """Every row of ``cur`` (already in ``header``'s order and types) into the family's file."""
    rows = cur.fetchmany(BATCH)
    if not rows:
        return  # no file for no rows
    out = w._out(family, header, nodes)
    n = 0
    while rows:
        out.writerows(rows)
        n += len(rows)
        rows = cur.fetchmany(BATCH)
    w.files.counts[family] = w.files.counts.get(family, 0) + n


def _optional_columns(conn: sqlite3.Connection, table: str, columns: Sequence[tuple[str, str]],
                      optional: Sequence[str], where: str = "") -> Iterable[tuple[tuple[str, ...], str]]:
    """For each pattern of NULLs among the ``optional`` columns that occurs in ``table``: the import
    header and the SELECT list of its rows (a NULL leaves its column out, as the record writer does),
    and the condition that picks them."""
    flags = ", ".join(f'"{c}" IS NULL' for c in optional)
    base = f" WHERE {where}" if where else ""
    for pattern in conn.execute(f"SELECT DISTINCT {flags} FROM {table}{base}").fetchall():
        null = {c for c, is_null in zip(optional, pattern, strict=True) if is_null}
        kept = [(header, sql) for header, sql in columns if sql.strip('"') not in null]
        cond = " AND ".join(f'"{c}" IS {"" if c in null else "NOT "}NULL' for c in optional)
        yield tuple(h for h, _ in kept), ", ".join(s for _, s in kept) + f" FROM {table} WHERE {cond}" + (
            f" AND {where}" if where else "")


_FACT_SPACE: Final = """
CASE WHEN EXISTS (SELECT 1 FROM nodes WHERE nodes.id = v.fact_id) THEN 'Node'
     WHEN EXISTS (SELECT 1 FROM events WHERE events.id = v.fact_id) THEN 'Event'
     WHEN EXISTS (SELECT 1 FROM temp.relation_ids r WHERE r.id = v.fact_id) THEN 'Relation' END
"""
"""The kind of fact an evidence row supports (NULL: none stored, and the row is not exported)."""
_STORED: Final = f"({_FACT_SPACE}) IS NOT NULL"

_EVIDENCE_COLUMNS: Final = (("id:ID(Evidence)", "id"), (":LABEL", "'Evidence'"), ("fact_id", "fact_id"),
                            ("document_id", "document_id"), ("locator", "locator"), ("quote", "quote"),
                            ("extractor", "extractor"), ("extractor_version", "extractor_version"),
                            ("confidence:double", "confidence"), ("ingested_at", "ingested_at"),
                            ("start:long", '"start"'), ("end:long", '"end"'), ("modality", "modality"))
_HOLDING_COLUMNS: Final = ((":LABEL", "'Holding'"), ("item", "item"), ("seq:long", "seq"), ("kind", "kind"),
                           ("party", "party"), ("start", '"start"'), ("end", '"end"'), ("event", "event"),
                           ("confidence:double", "confidence"))


def _nodes(conn: sqlite3.Connection, w: Writer) -> None:
    cur = conn.execute(
        "SELECT n.id, n.label, n.kind, n.name, n.props, (SELECT group_concat(value, char(31)) FROM "
        "(SELECT value FROM keys WHERE node_id = n.id AND kind = 'alias' ORDER BY value)) FROM nodes n")
    while rows := cur.fetchmany(BATCH):
        for id_, label, kind, name, props, aliases in rows:
            names, cells = _typed(props, nr.NODE_FIELDS)
            head: tuple[str, ...] = ("id:ID(Node)", ":LABEL", "label", "kind", "name")
            first: tuple[Any, ...] = (id_, f"Node{ARRAY_DELIMITER}{label}", label, kind, name)
            if aliases:
                head += ("aliases:string[]",)
                first += (aliases,)
            w.fixed("node", head + names, first + cells, nodes=True)
    _stream(w, "key", KEY_HEADER, conn.execute("SELECT DISTINCT key, 'Key' FROM keys"), nodes=True)
    _stream(w, "keyed", KEYED_HEADER,
            conn.execute("SELECT node_id, key, 'KEYED', kind, value FROM keys"), nodes=False)


def _relations(conn: sqlite3.Connection, w: Writer) -> None:
    cur = conn.execute("SELECT source, target, type, id, valid_from, from_day, valid_to, to_day, props FROM relations")
    while rows := cur.fetchmany(BATCH):
        for source, target, type_, id_, valid_from, from_day, valid_to, to_day, props in rows:
            names, cells = _typed(props, nr.RELATION_FIELDS)
            head: tuple[str, ...] = (":START_ID(Node)", ":END_ID(Node)", ":TYPE", "id")
            first: tuple[Any, ...] = (source, target, type_, id_)
            if valid_from is not None:
                head += ("valid_from", "from_day:date")
                first += (valid_from, from_day)
            if valid_to is not None:
                head += ("valid_to", "to_day:date")
                first += (valid_to, to_day)
            w.fixed("relation", head + names, first + cells, nodes=False)


_EVENT_OPTIONAL: Final = (("date", "date"), ("day:date", "day"), ("from_actor", "from_actor"),
                          ("to_actor", "to_actor"), ("location", "location"), ("quantity:double", "quantity"))


def _events(conn: sqlite3.Connection, w: Writer) -> None:
    cur = conn.execute("SELECT id, type, subject, confidence, modality, props, date, day, from_actor, to_actor, "
                       "location, quantity FROM events")
    while rows := cur.fetchmany(BATCH):
        for row in rows:
            names, cells = _typed(row[5], nr.EVENT_FIELDS)
            head: tuple[str, ...] = ("id:ID(Event)", ":LABEL", "type", "subject", "confidence:double", "modality")
            first: tuple[Any, ...] = (row[0], "Event", row[1], row[2], row[3], row[4])
            for (column, _), value in zip(_EVENT_OPTIONAL, row[6:], strict=True):
                if value is not None:
                    head += (column,)
                    first += (value,)
            w.fixed("event", head + names, first + cells, nodes=True)
    for type_, column in (("SUBJECT", "subject"), ("FROM", "from_actor"), ("TO", "to_actor"), ("AT", "location")):
        _stream(w, "event_link", EVENT_LINK_HEADER,
                conn.execute(f"SELECT id, {column}, '{type_}' FROM events WHERE {column} IS NOT NULL"), nodes=False)


def _evidence(conn: sqlite3.Connection, w: Writer) -> None:
    # relations have no index on their id alone: a temporary one, for the evidence of each to be found
    conn.execute("CREATE TEMP TABLE relation_ids (id TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute("INSERT OR IGNORE INTO temp.relation_ids SELECT id FROM relations")
    for header, select in _optional_columns(conn, "evidence v", _EVIDENCE_COLUMNS, ("start", "end"), _STORED):
        _stream(w, "evidence", header, conn.execute(f"SELECT {select}"), nodes=True)
    _stream(w, "cites", CITES_HEADER, conn.execute(
        f"SELECT id, document_id, 'CITES' FROM evidence v WHERE {_STORED}"), nodes=False)
    _stream(w, "supports", SUPPORTS_HEADERS["Node"], conn.execute(
        "SELECT id, fact_id, 'SUPPORTS' FROM evidence WHERE fact_id IN (SELECT id FROM nodes)"), nodes=False)
    _stream(w, "supports", SUPPORTS_HEADERS["Event"], conn.execute(
        "SELECT id, fact_id, 'SUPPORTS' FROM evidence WHERE fact_id IN (SELECT id FROM events) "
        "AND fact_id NOT IN (SELECT id FROM nodes)"), nodes=False)


_REFERENCES: Final = (("relations", "source"), ("relations", "target"), ("events", "subject"),
                       ("events", "from_actor"), ("events", "to_actor"), ("events", "location"))
"""The columns that name nodes (each indexed: its distinct values are read from the index)."""


def _placeholders(conn: sqlite3.Connection, w: Writer) -> None:
    """A bare ``(:Node {id})`` for each id referenced and not stored, as a ``MERGE`` by id leaves it."""
    missing: set[str] = set()
    unstored = "WHERE ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM nodes WHERE nodes.id = ref)"
    for table, column in _REFERENCES:
        found = conn.execute(f"SELECT ref FROM (SELECT DISTINCT {column} AS ref FROM {table}) {unstored}")
        missing.update(r[0] for r in found)
    found = conn.execute(f"SELECT ref FROM (SELECT DISTINCT document_id AS ref FROM evidence v WHERE {_STORED}) "
                         f"{unstored}")
    missing.update(r[0] for r in found)
    for ref in sorted(missing):
        w.fixed("placeholder", PLACEHOLDER_HEADER, (ref, "Node"), nodes=True)


def sqlite_import_files(store: SqliteStore, directory: str | Path) -> ImportFiles:
    """Write the importer's CSV files of everything the embedded ``store`` holds into ``directory``
    (created; must be empty): the rows :func:`graph.neo4j_bulk.write_import_files` writes for the
    store's records, its documents' texts and its holding index (brought up to date first), with
    the ``(:HoldingIndex)`` note."""
    out_dir = Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise BulkImportError(f"{out_dir}: not empty; the import files go into an empty directory")
    store.refresh_holdings()  # rewrites the index rows of everything written since the last refresh
    files = ImportFiles(out_dir)
    w = Writer(out_dir, files)
    conn = sqlite3.connect(f"file:{Path(store.uri).resolve()}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA cache_size=-262144")
        conn.execute("PRAGMA temp_store=FILE")
        conn.execute("BEGIN")  # one snapshot of the store for every query
        _nodes(conn, w)
        _relations(conn, w)
        _events(conn, w)
        _evidence(conn, w)
        _stream(w, "text", ("id:ID(Text)", ":LABEL", "text"), conn.execute(
            "SELECT t.document_id, 'DocumentText', t.text FROM document_texts t "
            "JOIN nodes n ON n.id = t.document_id AND n.label = 'Document'"), nodes=True)
        _placeholders(conn, w)
        for header, select in _optional_columns(conn, "holdings", _HOLDING_COLUMNS, ("start", "end")):
            _stream(w, "holding", header, conn.execute(f"SELECT {select}"), nodes=True)
        w.fixed("holding_index", (":LABEL", "id"), ("HoldingIndex", HOLDING_INDEX_NOTE), nodes=True)
        conn.execute("ROLLBACK")
    finally:
        conn.close()
        w.close()
    return files
