"""Evidence: ``(:Evidence {id, fact_id, document_id, locator, quote, ...})`` nodes.

``(v:Evidence)-[:CITES]->(:Document)`` and ``(v)-[:SUPPORTS]->(fact)`` when the fact is
a node or an event; a relation, being a relationship, is found by ``v.fact_id``
(indexed), which every evidence carries, so one read serves all three kinds of fact.
"""

from __future__ import annotations

from typing import Final

__all__ = ["EVIDENCE_OF", "MERGE_EVIDENCE", "MERGE_TEXTS", "TEXTS_OF"]

MERGE_EVIDENCE: Final = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (v:Evidence {id: row.id})
  ON CREATE SET v += row.props
WITH v
MERGE (d:Node {id: v.document_id})
MERGE (v)-[:CITES]->(d)
WITH v
CALL (v) {
  OPTIONAL MATCH (n:Node {id: v.fact_id})
  OPTIONAL MATCH (e:Event {id: v.fact_id})
  WITH v, coalesce(n, e) AS fact
  WHERE fact IS NOT NULL
  MERGE (v)-[:SUPPORTS]->(fact)
}
"""
"""The write of ``$rows`` evidence records: ``{id, props}``.

Steps:

1. insert or ignore: ``MERGE`` on the id (a hash of fact, document and locator) and set
   the properties only when it is new;
2. link the document (a placeholder until the document node is written);
3. link the fact when it is a node or an event already written (the fact's own write
   links evidence that came first).
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
