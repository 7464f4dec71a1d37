"""Nodes: the merge (one statement per model label), the lookup keys, and the reads.

A node is ``(:Node:<Label> {id, label, kind, name, aliases, ...props})``. Every
normalised lookup key (name, aliases, serial, lot, ref, sha256) is a ``(:Key {key})``
node, linked by ``(:Node)-[:KEYED {kind, value}]->(:Key)``. Keys are nodes rather than
a list property because Neo4j cannot index the elements of a list: ``$k IN n.keys`` is a
label scan, while ``(:Key {key: $k})`` is one unique-index seek and ``k.key CONTAINS``
uses the TEXT index (``bench/neo4j_write.py --keys`` measures the difference).
"""

from __future__ import annotations

from typing import Final, LiteralString

from graph.cypher import registry_name
from graph.model import Model

__all__ = [
    "DOCUMENT_BY_HASH",
    "FULLTEXT",
    "LOOKUP",
    "MERGE_NODES",
    "NODES_BY_ID",
    "SEARCH",
    "merge_nodes",
    "node_page",
]


def merge_nodes(model: Model, label: str) -> LiteralString:
    """The write of ``$rows`` nodes of one model label (the exported Cypher script's form; the
    store writes every label in one statement, :data:`MERGE_NODES`).

    Each row is ``{id, label, props, keys: [{key, kind, value}], aliased}`` where
    ``props`` holds every stored property (id, label, kind, name and the record's props).

    Steps:

    1. ``MERGE`` the ``:Node`` on its id (it may exist as a placeholder, made by an event,
       a relation or evidence that named it first);
    2. existing values win and a new source only adds what was missing (the embedded
       store's ``json_patch(new, old)``): a new node or a placeholder (``fresh``: no label
       yet) takes the row's properties whole, an existing one only those it lacks, so a
       re-ingest writes nothing;
    3. add the model label, unless the node already exists under another label (the
       first label written stays, as in the embedded store);
    4. ``MERGE`` each lookup key and its ``KEYED`` link; the first original value of a
       (kind, key) stays, like ``INSERT OR IGNORE``. A new node or a placeholder has no links
       yet, so it ``CREATE``s them (a row's keys are distinct, :func:`graph.neo4j_rows.node_row`):
       ``MERGE`` of a relationship expands and locks both ends first;
    5. when the row has aliases, recompute the ``aliases`` list from the alias keys (the
       FULLTEXT index reads it);
    6. link evidence written before its fact (another batch cited it first), only when the
       node is new or was a placeholder: evidence written after a node's first write links
       itself, so a node already written has all its evidence linked, and an actor cited by
       thousands of rows is not walked again on every batch that names it. The seek's value is
       null for a node already written: under ``WHERE fresh`` the planner filtered after the
       seek, reading all of a known node's evidence on every batch, a cost that grew with the graph.
    """
    return _merge_nodes("SET n:" + registry_name(label, model.labels))


def _merge_nodes(set_label: LiteralString) -> LiteralString:
    return (
        """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
WITH n, row, n.label IS NULL AS fresh
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | SET n += row.props)
FOREACH (key IN CASE WHEN fresh THEN [] ELSE [k IN keys(row.props) WHERE n[k] IS NULL] END |
  SET n[key] = row.props[key])
WITH n, row, fresh
CALL (n, row) {
  WITH n, row WHERE n.label = row.label
  """
        + set_label
        + """
}
CALL (n, row, fresh) {
  UNWIND row.keys AS key
  MERGE (k:Key {key: key.key})
  FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | CREATE (n)-[:KEYED {kind: key.kind, value: key.value}]->(k))
  FOREACH (_ IN CASE WHEN fresh THEN [] ELSE [1] END |
    MERGE (n)-[r:KEYED {kind: key.kind}]->(k)
      ON CREATE SET r.value = key.value)
}
CALL (n, row) {
  WITH n, row WHERE row.aliased
  SET n.aliases = COLLECT { MATCH (n)-[r:KEYED {kind: 'alias'}]->() RETURN r.value }
}
CALL (n, fresh) {
  MATCH (v:Evidence {fact_id: CASE WHEN fresh THEN n.id END})
  MERGE (v)-[:SUPPORTS]->(n)
}
"""
    )


MERGE_NODES: Final = _merge_nodes("SET n:$(row.label)")
"""The write of ``$rows`` nodes of any model labels, as :func:`merge_nodes` (steps there), with the
label set from the row (Neo4j 5.26 dynamic labels; the writer checked each against the model).
One statement per batch rather than one per label: each statement is a round trip and on a busy
server ~20 ms of fixed cost, more than a small batch's rows of one label cost
(``bench/neo4j_table_ingest.py --statements``)."""

NODES_BY_ID: Final = """
UNWIND $ids AS id
MATCH (n:Node {id: id})
WHERE n.label IS NOT NULL
RETURN properties(n) AS n
"""
"""Nodes among ``$ids`` (placeholders excluded: they are references, not nodes)."""

LOOKUP: Final = """
UNWIND $keys AS key
MATCH (:Key {key: key})<-[r:KEYED]-(n:Node)
WHERE r.kind <> 'sha256' AND ($label IS NULL OR n.label = $label)
WITH DISTINCT n
ORDER BY n.label, n.name, n.id
LIMIT $limit
RETURN properties(n) AS n
"""
"""Nodes with a key equal to one of ``$keys`` (already normalised).

Steps: seek each key on the ``:Key(key)`` constraint, follow ``KEYED`` back to its
nodes (hashes excluded: they identify documents, they are not names), filter by label,
order like the embedded store (label, name, id), limit."""

SEARCH: Final = """
UNWIND $needles AS needle
MATCH (k:Key) WHERE k.key CONTAINS needle
MATCH (k)<-[r:KEYED]-(n:Node)
WHERE r.kind <> 'sha256' AND ($label IS NULL OR n.label = $label)
WITH DISTINCT n
ORDER BY n.label, n.name, n.id
LIMIT $limit
RETURN properties(n) AS n
"""
"""Nodes with a key containing one of ``$needles``.

Steps: ``CONTAINS`` on the TEXT index of ``:Key(key)`` per needle, back to the nodes,
filter, order, limit. The caller passes each normalised needle in ASCII lower and upper
case: name keys are case-folded and serial keys upper-cased, so this is exactly the
embedded store's ASCII-case-insensitive ``LIKE``."""

DOCUMENT_BY_HASH: Final = """
MATCH (:Key {key: $sha256})<-[:KEYED {kind: 'sha256'}]-(n:Node)
RETURN properties(n) AS n
ORDER BY n.id
LIMIT 1
"""

FULLTEXT: Final = """
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
CALL db.index.fulltext.queryNodes($index, $text) YIELD node, score
WHERE node.label IS NOT NULL AND ($label IS NULL OR node.label = $label)
RETURN properties(node) AS n, score
ORDER BY score DESC, node.id
LIMIT $limit
"""
"""Ranked, tokenised search over names and aliases (Lucene), for people typing; the
index is eventually consistent (see :mod:`graph.cypher.schema`), so the search first waits until
it holds every committed write. The protocol's ``search`` (substring of normalised keys) is :data:`SEARCH`."""


def node_page(model: Model, label: str) -> LiteralString:
    """One page of ``iter_nodes``: nodes of ``label`` (and ``$kind``) from id ``$after``.

    Steps: seek the per-label ``id`` index from ``$after`` in id order, filter the kind,
    take ``$limit``. Keyset paging (not one long-running result) so each page is a short
    read transaction the driver can retry, and a restart costs one page, not the scan.
    ``>=`` keeps the first page exact; the caller drops the repeated ``$after`` row.
    """
    lab = registry_name(label, model.labels)
    return (
        """
MATCH (n:"""
        + lab
        + """)
WHERE n.id >= $after AND ($kind IS NULL OR n.kind = $kind)
RETURN properties(n) AS n
ORDER BY n.id
LIMIT $limit
"""
    )
