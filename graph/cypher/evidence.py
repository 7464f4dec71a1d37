"""Evidence: ``(:Evidence {id, fact_id, document_id, locator, quote, ...})`` nodes.

``(v:Evidence)-[:CITES]->(:Document)`` and ``(v)-[:SUPPORTS]->(fact)`` when the fact is
a node or an event; a relation, being a relationship, is found by ``v.fact_id``
(indexed), which every evidence carries, so one read serves all three kinds of fact.
"""

from __future__ import annotations

from typing import Final, LiteralString

from graph.cypher import registry_name
from graph.model import Model

__all__ = [
    "CLASSIFY_BARE",
    "DELETE_EVENTS",
    "DELETE_EVIDENCE",
    "DELETE_KEYS",
    "DELETE_NODES",
    "DOCUMENT_EVIDENCE",
    "EVENTS_BY_ID",
    "EVIDENCE_OF",
    "EXTRACTOR_VERSIONS",
    "FREE_NODES",
    "MERGE_EVIDENCE",
    "MERGE_TEXTS",
    "TEXTS_OF",
    "WITHOUT_EVIDENCE",
    "delete_relations",
]

MERGE_EVIDENCE: Final = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (v:Evidence {id: row.id})
WITH v, row
WHERE v.fact_id IS NULL
SET v += row.props
WITH v, row
MERGE (d:Node {id: row.props.document_id})
CREATE (v)-[:CITES]->(d)
WITH v, row
CALL (v, row) {
  OPTIONAL MATCH (n:Node {id: row.props.fact_id})
  OPTIONAL MATCH (e:Event {id: row.props.fact_id})
  WITH v, coalesce(n, e) AS fact
  WHERE fact IS NOT NULL
  CREATE (v)-[:SUPPORTS]->(fact)
}
"""
"""The write of ``$rows`` evidence records: ``{id, props}``, one row per id (see
:func:`graph.neo4j_rows.evidence_rows`).

Steps:

1. insert or ignore: ``MERGE`` on the id (a hash of fact, document and locator); a record
   already stored (it has a ``fact_id``) is left as it is, links included;
2. a new record takes its properties and ``CREATE``s its link to the document (a
   placeholder until the document node is written): a new node has no links yet, so there
   is nothing to match first (``MERGE`` of a relationship expands and locks both ends);
3. and its link to the fact when the fact is a node or an event already written (the
   fact's own write links evidence that came first, with ``MERGE``).
"""

EVIDENCE_OF: Final = """
UNWIND $ids AS id
MATCH (v:Evidence {fact_id: id})
RETURN properties(v) AS v
"""

MERGE_TEXTS: Final = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (t:DocumentText {id: row.id})
  ON CREATE SET t.text = row.text
"""
"""The write of ``$rows`` document texts: ``{id, text}``, ``id`` the document's. A separate
``:DocumentText`` node rather than a property of the document, so that reading a document
(every evidence list does) does not carry its whole text; insert or ignore, like evidence."""

TEXTS_OF: Final = """
UNWIND $ids AS id
MATCH (t:DocumentText {id: id})
RETURN t.id AS id, t.text AS text
"""

EXTRACTOR_VERSIONS: Final = """
MATCH (v:Evidence)
WHERE v.extractor = $extractor
RETURN v.document_id AS document, collect(DISTINCT v.extractor_version) AS versions
"""
"""Which documents an extractor's evidence cites, and in which versions (a scan of evidence)."""

# -- deleting what one extractor said from one document (Neo4jStore.delete_evidence) -------------
# Steps, in one transaction: DOCUMENT_EVIDENCE (by the document_id index), EVENTS_BY_ID (the
# events as they were), DELETE_EVIDENCE, the replacement's own writes, WITHOUT_EVIDENCE (facts
# left bare), CLASSIFY_BARE (nodes or relations), DELETE_EVENTS, delete_relations per type,
# FREE_NODES (bare nodes nothing refers to), their keys, DELETE_NODES, DELETE_KEYS (keys no node
# holds any more).
DOCUMENT_EVIDENCE: Final = """
MATCH (v:Evidence {document_id: $document})
WHERE v.extractor = $extractor
RETURN v.id AS id, v.fact_id AS fact_id
"""

EVENTS_BY_ID: Final = """
UNWIND $ids AS id
MATCH (e:Event {id: id})
RETURN properties(e) AS e
"""

DELETE_EVIDENCE: Final = """
UNWIND $ids AS id
MATCH (v:Evidence {id: id})
DETACH DELETE v
"""

WITHOUT_EVIDENCE: Final = """
UNWIND $ids AS id
WITH id
WHERE NOT EXISTS { MATCH (:Evidence {fact_id: id}) }
RETURN id
"""

CLASSIFY_BARE: Final = """
UNWIND $ids AS id
OPTIONAL MATCH (n:Node {id: id})
RETURN id, n IS NOT NULL AS is_node
"""

DELETE_EVENTS: Final = """
UNWIND $ids AS id
MATCH (e:Event {id: id})
DETACH DELETE e
"""

FREE_NODES: Final = """
UNWIND $ids AS id
MATCH (n:Node {id: id})
WHERE NOT EXISTS { MATCH (n)-[r]-() WHERE type(r) <> 'KEYED' }
OPTIONAL MATCH (n)-[:KEYED]->(k:Key)
RETURN id, collect(k.key) AS keys
"""
"""Bare nodes that no relation, event or evidence touches any more, with their lookup keys."""

DELETE_NODES: Final = """
UNWIND $ids AS id
MATCH (n:Node {id: id})
DETACH DELETE n
"""

DELETE_KEYS: Final = """
UNWIND $keys AS key
MATCH (k:Key {key: key})
WHERE NOT EXISTS { MATCH (k)<-[:KEYED]-() }
DELETE k
"""


def delete_relations(model: Model, type_: str) -> LiteralString:
    """The deletion of ``$ids`` relations of one type (found by the type's ``id`` constraint)."""
    t = registry_name(type_, model.relations)
    return "UNWIND $ids AS id MATCH ()-[r:" + t + " {id: id}]->() DELETE r"
