"""The embedded store's schema, its migrations and the SQL of its writes (with the
``props_merge`` function the upserts call), apart from the store that runs them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["BUMP_VERSION", "INSERT_EVIDENCE", "INSERT_HOLDING", "INSERT_KEY", "INSERT_TEXT", "MARK_ALL_ITEMS",
           "MARK_CHANGED", "MARK_SHIPPED_ITEMS", "MIGRATE_FROM_1", "MIGRATE_FROM_2", "MIGRATE_FROM_3", "MIGRATE_FROM_5",
           "SCHEMA", "SCHEMA_VERSION",
           "UPSERT_EVENT", "UPSERT_NODE", "UPSERT_RELATION", "VERSIONS_TABLE", "dumps", "props_merge", "statements"]

# The holding index (graph.holdings): reverse reach finds rows by holder or place. Every write
# that can change an item's chain records the item (or its shipment) in holdings_changed; the
# next read of the index rewrites their rows first. The index by party carries every column a
# reverse-reach read takes (item and seq come with the key), so the read is one range scan
# per party, not one lookup in the table per row.
HOLDINGS_SCHEMA = """
CREATE TABLE IF NOT EXISTS holdings (
  item TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, party TEXT NOT NULL, start TEXT, "end" TEXT,
  event TEXT NOT NULL, confidence REAL NOT NULL, PRIMARY KEY (item, seq)
) WITHOUT ROWID;
DROP INDEX IF EXISTS holdings_party;
CREATE INDEX IF NOT EXISTS holdings_party_rows ON holdings(party, kind, start, "end", event, confidence);
CREATE TABLE IF NOT EXISTS holdings_changed (id TEXT PRIMARY KEY) WITHOUT ROWID;
"""
MARK_CHANGED = "INSERT OR IGNORE INTO holdings_changed(id) VALUES (?)"
MARK_ALL_ITEMS = "INSERT OR IGNORE INTO holdings_changed(id) SELECT id FROM nodes WHERE label = 'Item'"
# What graph.holdings.affected_items reads, kept in SQL: the items a changed shipment contains
# (as stored now) are changed too, so the rewrite can go through the marks a chunk at a time.
MARK_SHIPPED_ITEMS = """
INSERT OR IGNORE INTO holdings_changed(id)
SELECT r.target FROM holdings_changed c JOIN nodes n ON n.id = c.id AND n.label = 'Shipment'
JOIN relations r ON r.source = c.id AND r.type = 'CONTAINS'
"""
SCHEMA = HOLDINGS_SCHEMA + """
CREATE TABLE IF NOT EXISTS nodes (
  id TEXT PRIMARY KEY, label TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
  props TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label, kind);
CREATE TABLE IF NOT EXISTS keys (
  key TEXT NOT NULL, node_id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (key, node_id, kind)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS keys_node ON keys(node_id);
CREATE TABLE IF NOT EXISTS relations (
  id TEXT NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
  valid_from TEXT, valid_to TEXT, from_day TEXT, to_day TEXT, props TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX IF NOT EXISTS relations_source ON relations(source, type, id);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target, type);
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, subject TEXT NOT NULL, date TEXT, day TEXT,
  from_actor TEXT, to_actor TEXT, location TEXT, quantity REAL, confidence REAL NOT NULL,
  props TEXT NOT NULL DEFAULT '{}', modality TEXT NOT NULL DEFAULT 'reported'
);
CREATE INDEX IF NOT EXISTS events_subject ON events(subject);
CREATE INDEX IF NOT EXISTS events_from ON events(from_actor);
CREATE INDEX IF NOT EXISTS events_to ON events(to_actor);
CREATE INDEX IF NOT EXISTS events_location ON events(location);
CREATE INDEX IF NOT EXISTS events_type ON events(type);
CREATE TABLE IF NOT EXISTS evidence (
  id TEXT NOT NULL, fact_id TEXT NOT NULL, document_id TEXT NOT NULL, locator TEXT NOT NULL,
  quote TEXT NOT NULL, extractor TEXT NOT NULL, extractor_version TEXT NOT NULL,
  confidence REAL NOT NULL, ingested_at TEXT NOT NULL, start INTEGER, "end" INTEGER,
  modality TEXT NOT NULL DEFAULT 'reported'
);
CREATE UNIQUE INDEX IF NOT EXISTS evidence_fact ON evidence(fact_id, id);
CREATE TABLE IF NOT EXISTS document_texts (document_id TEXT PRIMARY KEY, text TEXT NOT NULL);
"""
# Every index costs each write a B-tree insertion. Relation and evidence ids are derived from
# their source/fact ids, so one unique index led by the id we look them up by serves both the
# lookups and the merge-on-id (version 1 had a primary key on the id as well: three indexes
# where one does). Version 3 adds the modality of events and evidence and the texts of
# documents. Version 4 adds the holding index, version 5 the record of what writes changed in it
# (version 4 rewrote it in every write). Stores made by earlier versions are migrated on open
# (the index is then built from their facts at its first read). Version 6 makes the index by
# party cover the rows (version 5's held only the key).
SCHEMA_VERSION = 6
MIGRATE_FROM_5 = HOLDINGS_SCHEMA
MIGRATE_FROM_3 = HOLDINGS_SCHEMA
MIGRATE_FROM_2 = HOLDINGS_SCHEMA + """
ALTER TABLE events ADD COLUMN modality TEXT NOT NULL DEFAULT 'reported';
ALTER TABLE evidence ADD COLUMN modality TEXT NOT NULL DEFAULT 'reported';
CREATE TABLE IF NOT EXISTS document_texts (document_id TEXT PRIMARY KEY, text TEXT NOT NULL);
"""
MIGRATE_FROM_1 = """
ALTER TABLE relations RENAME TO relations_v1;
ALTER TABLE evidence RENAME TO evidence_v1;
DROP INDEX IF EXISTS relations_source;
DROP INDEX IF EXISTS relations_target;
DROP INDEX IF EXISTS evidence_fact;
DROP INDEX IF EXISTS evidence_document;
""" + SCHEMA + """
INSERT OR IGNORE INTO relations SELECT id, type, source, target, valid_from, valid_to, from_day, to_day, props
  FROM relations_v1 ORDER BY source, type, id;
INSERT OR IGNORE INTO evidence(id, fact_id, document_id, locator, quote, extractor, extractor_version,
  confidence, ingested_at, start, "end") SELECT id, fact_id, document_id, locator, quote, extractor,
  extractor_version, confidence, ingested_at, start, "end" FROM evidence_v1 ORDER BY fact_id, id;
DROP TABLE relations_v1;
DROP TABLE evidence_v1;
ALTER TABLE events ADD COLUMN modality TEXT NOT NULL DEFAULT 'reported';
"""

# Existing values win, so a re-write is a no-op; a new source only adds what was missing
# (props_merge, below: not SQLite's json_patch, which reads a null as "delete").
UPSERT_NODE = """
INSERT INTO nodes(id, label, kind, name, props) VALUES (?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET props = props_merge(excluded.props, nodes.props)
WHERE excluded.props <> '{}' AND excluded.props <> nodes.props
"""
UPSERT_RELATION = """
INSERT INTO relations(id, type, source, target, valid_from, valid_to, from_day, to_day, props)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(source, type, id) DO UPDATE SET props = props_merge(excluded.props, relations.props)
WHERE excluded.props <> '{}' AND excluded.props <> relations.props
"""
UPSERT_EVENT = """
INSERT INTO events(id, type, subject, date, day, from_actor, to_actor, location, quantity, confidence,
                   props, modality)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET
  location = coalesce(events.location, excluded.location),
  quantity = coalesce(events.quantity, excluded.quantity),
  confidence = max(events.confidence, excluded.confidence),
  props = props_merge(excluded.props, events.props),
  modality = CASE WHEN excluded.modality = 'reported' THEN 'reported' ELSE events.modality END
"""
# An event one source reports and another only alleges is reported: the strongest statement wins.
INSERT_EVIDENCE = """
INSERT OR IGNORE INTO evidence(id, fact_id, document_id, locator, quote, extractor, extractor_version,
                               confidence, ingested_at, start, "end", modality)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
INSERT_TEXT = "INSERT OR IGNORE INTO document_texts(document_id, text) VALUES (?, ?)"
INSERT_KEY = "INSERT OR IGNORE INTO keys(key, node_id, kind, value) VALUES (?, ?, ?, ?)"
INSERT_HOLDING = """
INSERT INTO holdings(item, seq, kind, party, start, "end", event, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
"""
# The versions of compare-and-set writes (write_if). Created by the first such write, inside its
# transaction, so a store needs no migration for it and one that never decides has none.
VERSIONS_TABLE = "CREATE TABLE IF NOT EXISTS versions (id TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID"
BUMP_VERSION = """
INSERT INTO versions(id, version) VALUES (?, 1) ON CONFLICT(id) DO UPDATE SET version = versions.version + 1
"""


def statements(script: str) -> list[str]:
    """The statements of a script of ours (no ``;`` inside literals), to run inside one transaction
    (``executescript`` would commit first)."""
    return [s.strip() for s in script.split(";") if s.strip()]


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)  # json.dumps with options builds one per call


def dumps(props: Mapping[str, Any]) -> str:
    if not props:
        return "{}"
    return _ENCODER.encode({k: v for k, v in props.items() if v is not None})


def _merged(old: Any, new: Any) -> Any:
    """``old`` with what ``new`` adds: objects merge key by key (recursively), every other
    value stays as it was. A null is a value like any other, kept as it is."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return old
    out = dict(old)
    for key, value in new.items():
        out[key] = _merged(old[key], value) if key in old else value
    return out


def props_merge(new: str, old: str) -> str:
    """The SQL function ``props_merge(excluded.props, stored.props)`` of the upserts.

    >>> props_merge('{"a": {"b": null}, "c": 1}', '{"a": {"b": null}}')
    '{"a": {"b": null}, "c": 1}'
    >>> props_merge('{"a": 2}', '{"a": 1}')
    '{"a": 1}'
    """
    if new == old or new == "{}":
        return old
    return _ENCODER.encode(_merged(json.loads(old), json.loads(new)))
