"""Relations: real Neo4j relationships of the model's types, with validity.

``(source:Node)-[:SUBORDINATE_TO {id, valid_from, valid_to, from_day, to_day, ...props}]->(target:Node)``
where ``valid_from``/``valid_to`` are the partial dates as written (``2023``,
``2023-04``) and ``from_day``/``to_day`` are Neo4j ``date`` values (the first day of the
start, the last day of the end) that the validity filter compares. A relationship
cannot be the end of another, so its evidence points at it by ``fact_id`` (indexed).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final, LiteralString

from graph.cypher import registry_name, type_alternatives
from graph.model import Model

__all__ = ["merge_relations", "relations_of", "relations_upward"]


def merge_relations(model: Model, type_: str) -> LiteralString:
    """The write of ``$rows`` relations of one type: ``{id, source, target, props}``.

    Steps:

    1. ``MERGE`` both ends on ``:Node(id)`` (a placeholder when the node is not written
       yet: a relationship cannot dangle);
    2. ``MERGE`` the relationship on its id (the id is a hash of type, ends and validity,
       so the same fact from two sources meets here; the per-type constraint keeps it
       unique);
    3. existing property values win: a new relationship (only its ``id`` so far) takes the
       row's properties whole, an existing one only those it lacks (reading a new one's
       properties back for that cost ~14% of the statement's server CPU on fresh rows).
    """
    t = registry_name(type_, model.relations)
    return (
        """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (s:Node {id: row.source})
MERGE (t:Node {id: row.target})
MERGE (s)-[r:"""
        + t
        + """ {id: row.id}]->(t)
WITH r, row, size(keys(r)) = 1 AS fresh
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | SET r += row.props)
FOREACH (key IN CASE WHEN fresh THEN [] ELSE [k IN keys(row.props) WHERE r[k] IS NULL] END |
  SET r[key] = row.props[key])
"""
    )


def relations_of(model: Model, types: Collection[str], direction: str, *, with_evidence: bool = False
                 ) -> LiteralString:
    """Relations touching ``$ids``, of ``types``, valid at some time in [``$start``, ``$end``].

    Parameters
    ----------
    types : collection of str
        Relation types of the model (checked; the pattern names them so dense nodes are
        expanded by type only, never through their events and keys).
    direction : {"out", "in", "both"}
        ``out``: ids are sources; ``in``: targets; ``both``: either.

    Steps: seek each id, expand the typed relationships in ``direction``, keep those
    whose validity meets the window (a missing end is open: valid for all time that
    way; a missing ``$start``/``$end`` leaves that side of the window open), de-duplicate
    (a relationship between two ids of the list is found from both), return it with the
    ids of its ends; ``with_evidence``: and the ``properties`` of its evidence records, as
    ``evidence`` (``Store.relations_with_evidence``: reach needs both, in one round trip).
    """
    alternatives = type_alternatives(types, model.relations)
    if direction == "out":
        pattern: LiteralString = "(:Node {id: id})-[r:" + alternatives + "]->()"
    elif direction == "in":
        pattern = "(:Node {id: id})<-[r:" + alternatives + "]-()"
    elif direction == "both":
        pattern = "(:Node {id: id})-[r:" + alternatives + "]-()"
    else:
        raise ValueError(f"direction must be out, in or both, not {direction!r}")
    return (
        """
UNWIND $ids AS id
MATCH """
        + pattern
        + """
WHERE ($end IS NULL OR r.from_day IS NULL OR r.from_day <= $end)
  AND ($start IS NULL OR r.to_day IS NULL OR r.to_day >= $start)
WITH DISTINCT r
RETURN properties(r) AS r, type(r) AS type, startNode(r).id AS source, endNode(r).id AS target"""
        + (EVIDENCE_COLUMN if with_evidence else "\n")
    )


EVIDENCE_COLUMN: Final = """,
       COLLECT { MATCH (v:Evidence {fact_id: r.id}) RETURN properties(v) } AS evidence
"""
"""The evidence of each relation ``r`` returned, by the indexed ``fact_id``."""


def relations_upward(model: Model, types: Collection[str]) -> LiteralString:
    """Relations of ``types`` met walking out of ``$ids`` and on out of every target reached
    (``Store.relations_upward``): one variable-length expansion, each relationship once."""
    return (
        """
UNWIND $ids AS id
MATCH (:Node {id: id})-[rs:"""
        + type_alternatives(types, model.relations)
        + """*1..]->()
UNWIND rs AS r
WITH DISTINCT r
RETURN properties(r) AS r, type(r) AS type, startNode(r).id AS source, endNode(r).id AS target
"""
    )
