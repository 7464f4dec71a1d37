"""Constraints and indexes of the Neo4j store, created idempotently on connect.

Identity: every model node carries two labels, ``:Node`` (with the one uniqueness
constraint on ``id``) and its model label (``:Item``, ``:Actor`` ...). Relations,
events and evidence name nodes by id only, so one constraint over ``:Node`` gives a
single index seek for any reference and keeps ids unique across labels, as they are in
the model (``item:...``, ``actor:...``). A reference to a node not written yet MERGEs a
bare ``:Node {id}`` placeholder that the node's own write later completes.

Steps of :func:`schema_statements`:

1. uniqueness constraints (each backed by a range index): ``:Node(id)``, ``:Event(id)``,
   ``:Evidence(id)``, ``:Key(key)``, and ``id`` on every relation type of the model;
2. range indexes: ``:Evidence(fact_id)`` (evidence of relations, which cannot have
   edges, and of everything else), ``:Evidence(document_id)``, ``:Event(type)``,
   ``:Node(name)``, ``:Holding(party)`` and ``:Holding(item)`` (the holding index,
   :mod:`graph.neo4j_holdings`), ``:Item(serial)``, ``:Item(lot)``, ``:Shipment(ref)``, and ``id``
   per model label (ordered paging of ``iter_nodes`` without scanning other labels);
3. a TEXT index on ``:Key(key)`` (``CONTAINS`` for ``search``) and a FULLTEXT index on
   node names and aliases (ranked, tokenised search for people). The FULLTEXT index is
   eventually consistent: a commit does not wait for Lucene, the index catches up in the
   background, and :data:`graph.cypher.nodes.FULLTEXT` waits for it before it searches. Kept
   in step at every commit it took ~20% of a table ingest (``bench/neo4j_table_ingest.py``).
"""

from __future__ import annotations

from typing import Final, LiteralString

from graph.cypher import registry_name
from graph.model import Model

__all__ = ["AWAIT_INDEXES", "EXISTING_SCHEMA", "FULLTEXT_INDEX", "schema_statements"]

FULLTEXT_INDEX: Final = "node_fulltext"

CONSTRAINTS: Final[tuple[tuple[str, LiteralString], ...]] = (
    ("node_id", "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE"),
    ("event_id", "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE"),
    ("evidence_id", "CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (v:Evidence) REQUIRE v.id IS UNIQUE"),
    ("key_key", "CREATE CONSTRAINT key_key IF NOT EXISTS FOR (k:Key) REQUIRE k.key IS UNIQUE"),
    ("holding_changed_id",
     "CREATE CONSTRAINT holding_changed_id IF NOT EXISTS FOR (c:HoldingChanged) REQUIRE c.id IS UNIQUE"),
    ("document_text_id",
     "CREATE CONSTRAINT document_text_id IF NOT EXISTS FOR (t:DocumentText) REQUIRE t.id IS UNIQUE"),
)

INDEXES: Final[tuple[tuple[str, LiteralString], ...]] = (
    ("evidence_fact", "CREATE INDEX evidence_fact IF NOT EXISTS FOR (v:Evidence) ON (v.fact_id)"),
    ("evidence_document", "CREATE INDEX evidence_document IF NOT EXISTS FOR (v:Evidence) ON (v.document_id)"),
    ("event_type", "CREATE INDEX event_type IF NOT EXISTS FOR (e:Event) ON (e.type)"),
    ("node_name", "CREATE INDEX node_name IF NOT EXISTS FOR (n:Node) ON (n.name)"),
    ("key_text", "CREATE TEXT INDEX key_text IF NOT EXISTS FOR (k:Key) ON (k.key)"),
    ("holding_party", "CREATE INDEX holding_party IF NOT EXISTS FOR (h:Holding) ON (h.party)"),
    ("holding_item", "CREATE INDEX holding_item IF NOT EXISTS FOR (h:Holding) ON (h.item)"),
    ("node_fulltext",
     "CREATE FULLTEXT INDEX node_fulltext IF NOT EXISTS FOR (n:Node) ON EACH [n.name, n.aliases] "
     "OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}}"),
)

# SHOW commands cannot be combined with UNION: two queries.
EXISTING_SCHEMA: Final[tuple[LiteralString, ...]] = (
    "SHOW CONSTRAINTS YIELD name RETURN name",
    "SHOW INDEXES YIELD name RETURN name",
)

AWAIT_INDEXES: Final = "CALL db.awaitIndexes($seconds)"


def schema_statements(model: Model) -> list[tuple[str, LiteralString]]:
    """(name, statement) for every constraint and index the store needs under ``model``.

    Steps: the fixed constraints and indexes above, then one ``id`` constraint per
    relation type and one ``id`` index per label (both from the model's registry), then
    the ``serial``/``lot``/``ref`` indexes when the model has ``Item`` and ``Shipment``.
    """
    out = [*CONSTRAINTS, *INDEXES]
    for rel in sorted(model.relations):
        t = registry_name(rel, model.relations)
        name = t.lower() + "_id"
        out.append((name, "CREATE CONSTRAINT " + name + " IF NOT EXISTS FOR ()-[r:" + t
                    + "]-() REQUIRE r.id IS UNIQUE"))
    for label in sorted(model.labels):
        lab = registry_name(label, model.labels)
        name = lab.lower() + "_id"
        out.append((name, "CREATE INDEX " + name + " IF NOT EXISTS FOR (n:" + lab + ") ON (n.id)"))
    if "Item" in model.labels:
        out.append(("item_serial", "CREATE INDEX item_serial IF NOT EXISTS FOR (n:Item) ON (n.serial)"))
        out.append(("item_lot", "CREATE INDEX item_lot IF NOT EXISTS FOR (n:Item) ON (n.lot)"))
    if "Shipment" in model.labels:
        out.append(("shipment_ref", "CREATE INDEX shipment_ref IF NOT EXISTS FOR (n:Shipment) ON (n.ref)"))
    return out
