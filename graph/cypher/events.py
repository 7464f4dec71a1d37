"""Custody events: first-class ``:Event`` nodes, never bare edges.

``(e:Event {id, type, subject, date, day, from_actor, to_actor, location, quantity,
confidence, modality, ...props})`` with ``(e)-[:SUBJECT]->(item or shipment)``,
``(e)-[:FROM]->(actor)``, ``(e)-[:TO]->(actor)`` and ``(e)-[:AT]->(location)``. The ids
of the ends are kept as properties too, so a read returns an event without expanding
its edges; the edges are what traversals (and the reads below) follow.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final, LiteralString

from graph.cypher import type_alternatives
from graph.model import Model

__all__ = ["CUSTODY_FACTS", "EVENTS_AT", "EVENTS_OF", "EVENTS_WITH_ACTORS", "EVENT_PAGE", "ITEMS_TOUCHED",
           "MERGE_EVENTS", "chain_facts"]

MERGE_EVENTS: Final = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (e:Event {id: row.id})
WITH e, row, e.type IS NULL AS fresh
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | SET e += row.props, e.confidence = row.confidence)
FOREACH (_ IN CASE WHEN fresh THEN [] ELSE [1] END |
  SET e.confidence = CASE WHEN e.confidence >= row.confidence THEN e.confidence ELSE row.confidence END,
    e.modality = CASE WHEN row.props.modality = 'reported' OR e.modality IS NULL THEN row.props.modality
                      ELSE e.modality END)
WITH e, row, fresh
FOREACH (key IN CASE WHEN fresh THEN [] ELSE [k IN keys(row.props) WHERE e[k] IS NULL] END |
  SET e[key] = row.props[key])
WITH e, fresh
MERGE (s:Node {id: e.subject})
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | CREATE (e)-[:SUBJECT]->(s))
FOREACH (_ IN CASE WHEN fresh THEN [] ELSE [1] END | MERGE (e)-[:SUBJECT]->(s))
WITH e, fresh
CALL (e, fresh) {
  WITH e, fresh WHERE e.from_actor IS NOT NULL
  MERGE (a:Node {id: e.from_actor})
  FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | CREATE (e)-[:FROM]->(a))
  FOREACH (_ IN CASE WHEN fresh THEN [] ELSE [1] END | MERGE (e)-[:FROM]->(a))
}
CALL (e, fresh) {
  WITH e, fresh WHERE e.to_actor IS NOT NULL
  MERGE (a:Node {id: e.to_actor})
  FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | CREATE (e)-[:TO]->(a))
  FOREACH (_ IN CASE WHEN fresh THEN [] ELSE [1] END | MERGE (e)-[:TO]->(a))
}
CALL (e, fresh) {
  WITH e, fresh WHERE e.location IS NOT NULL
  MERGE (p:Node {id: e.location})
  FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | CREATE (e)-[:AT]->(p))
  FOREACH (_ IN CASE WHEN fresh THEN [] ELSE [1] END | MERGE (e)-[:AT]->(p))
}
CALL (e, fresh) {
  MATCH (v:Evidence {fact_id: CASE WHEN fresh THEN e.id END})
  MERGE (v)-[:SUPPORTS]->(e)
}
"""
"""The write of ``$rows`` events: ``{id, confidence, props}``.

Steps:

1. ``MERGE`` the event on its id (type, subject, date and both parties: the same fact
   from two sources meets here);
2. existing values win, so a later source only fills what was missing (a null place or
   quantity, a new prop) and a re-ingest writes nothing; the confidence is the highest
   either source gave, and the event is ``reported`` once any source reports it (an
   event only alleged, attempted or planned keeps its first source's modality); a new
   event took every property whole, so only an existing one is read for missing values
   (read for a new one too, the check was ~28% of the statement's db hits in a table ingest);
3. link the subject, parties and place, each ``MERGE``d on ``:Node(id)`` (a placeholder
   until that node is written), from the event's stored values, so a place added by a
   later source gets its ``AT`` edge then; a new event has no edges yet, so it ``CREATE``s
   them (one row per id, :func:`graph.neo4j_rows.event_rows`), an existing one ``MERGE``s;
4. link evidence written before its fact, only for a new event (evidence written after an
   event's first write links itself; the seek is on a null id for a known event, see
   :func:`graph.cypher.nodes.merge_nodes`).
"""

EVENTS_OF: Final = """
UNWIND $ids AS id
MATCH (:Node {id: id})<-[:SUBJECT]-(e:Event)
WITH DISTINCT e
RETURN properties(e) AS e
"""

_ITEMS_AND_SHIPS: LiteralString = """
UNWIND $ids AS id
MATCH (i:Node {id: id})
OPTIONAL MATCH (i)<-[r:CONTAINS|RECEIVED]-(s:Node)
WITH collect(DISTINCT i) AS items, collect(DISTINCT r) AS rels,
     collect(DISTINCT CASE WHEN type(r) = 'CONTAINS' THEN s END) AS ships
"""
"""The items of ``$ids``, the ``CONTAINS``/``RECEIVED`` relations into them and the shipments
containing them (the start of both custody-fact reads)."""

CUSTODY_FACTS: Final = _ITEMS_AND_SHIPS + """CALL (items, ships) {
  UNWIND items + ships AS x
  MATCH (x)<-[:SUBJECT]-(e:Event)
  RETURN collect(DISTINCT properties(e)) AS events
}
RETURN events,
       [r IN rels | {r: properties(r), type: type(r), source: startNode(r).id, target: endNode(r).id}] AS rels,
       [s IN ships WHERE s.label IS NOT NULL | properties(s)] AS ships
"""
"""What the custody chains of ``$ids`` are built from, in one read (``Store.custody_facts``):
the events of the items and of the shipments containing them, the ``CONTAINS``/``RECEIVED``
relations into the items, and those shipments (placeholders left out)."""

def chain_facts(model: Model, upward: Collection[str]) -> LiteralString:
    """:data:`CUSTODY_FACTS` and, in the same read, what a chain's anomalies and evidence need
    (``Store.chain_facts``).

    Steps: the custody facts as :data:`CUSTODY_FACTS` (events kept as nodes); the ids they
    name (``graph.store.named_by``: the events' actors and locations, the shipments' parties)
    and ``$extra``, without repeats; the nodes among them (placeholders left out); the
    evidence of each event by its indexed ``fact_id``; with ``upward`` types, every
    relationship of those types met walking out of a named node and on out of every target
    reached, each once (as :func:`graph.cypher.relations.relations_upward`).
    """
    walk: LiteralString = (
        """
CALL (named) {
  UNWIND named AS nid
  MATCH (:Node {id: nid})-[rs:""" + type_alternatives(upward, model.relations) + """*1..]->()
  UNWIND rs AS r
  WITH DISTINCT r
  RETURN collect({r: properties(r), type: type(r), source: startNode(r).id, target: endNode(r).id}) AS upward
}""" if upward else """
WITH *, [] AS upward""")
    return (
        _ITEMS_AND_SHIPS
        + """CALL (items, ships) {
  UNWIND items + ships AS x
  MATCH (x)<-[:SUBJECT]-(e:Event)
  RETURN collect(DISTINCT e) AS evs
}
WITH rels, [s IN ships WHERE s.label IS NOT NULL] AS ships, evs
CALL (evs, ships) {
  UNWIND [e IN evs | e.from_actor] + [e IN evs | e.to_actor] + [e IN evs | e.location]
         + [s IN ships | s['consignor']] + [s IN ships | s['consignee']] + [s IN ships | s['end_user']]
         + $extra AS nid
  WITH DISTINCT nid WHERE nid IS NOT NULL AND nid <> ''
  RETURN collect(nid) AS named
}
CALL (named) {
  UNWIND named AS nid
  MATCH (n:Node {id: nid}) WHERE n.label IS NOT NULL
  RETURN collect(properties(n)) AS nodes
}
CALL (evs) {
  UNWIND evs AS e
  MATCH (v:Evidence {fact_id: e.id})
  RETURN collect(properties(v)) AS evidence
}"""
        + walk
        + """
RETURN [e IN evs | properties(e)] AS events,
       [r IN rels | {r: properties(r), type: type(r), source: startNode(r).id, target: endNode(r).id}] AS rels,
       [s IN ships | properties(s)] AS ships, named, nodes, evidence, upward
"""
    )


ITEMS_TOUCHED: Final = """
CALL () {
  UNWIND $actors AS id
  MATCH (:Node {id: id})<-[:FROM|TO]-(e:Event)
  RETURN e
  UNION
  UNWIND $locations AS id
  MATCH (:Node {id: id})<-[:AT]-(e:Event)
  RETURN e
}
MATCH (e)-[:SUBJECT]->(s:Node)
WITH DISTINCT s
WHERE s.label IN ['Item', 'Shipment']
OPTIONAL MATCH (s)-[:CONTAINS]->(i:Node)
WITH s, collect(i.id) AS contained
UNWIND CASE WHEN s.label = 'Item' THEN [s.id] ELSE contained END AS id
RETURN DISTINCT id
"""
"""Ids of the items touched by events of ``$actors`` or at ``$locations``
(``Store.items_touched``): ids only, the events themselves stay in the store."""

EVENTS_WITH_ACTORS: Final = """
UNWIND $ids AS id
MATCH (:Node {id: id})<-[:FROM|TO]-(e:Event)
WITH DISTINCT e
RETURN properties(e) AS e
"""

EVENTS_AT: Final = """
UNWIND $ids AS id
MATCH (:Node {id: id})<-[:AT]-(e:Event)
WITH DISTINCT e
RETURN properties(e) AS e
"""

EVENT_PAGE: Final = """
MATCH (e:Event)
WHERE e.id >= $after AND ($types IS NULL OR e.type IN $types)
RETURN properties(e) AS e
ORDER BY e.id
LIMIT $limit
"""
"""One page of ``iter_events``: keyset paging on the ``:Event(id)`` constraint's index,
as in ``nodes.node_page``."""
