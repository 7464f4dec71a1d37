"""Counts: by label and kind, by relation type, by event type, and evidence."""

from __future__ import annotations

from typing import LiteralString

from graph.cypher import registry_name
from graph.model import Model

__all__ = ["counts"]


def counts(model: Model) -> LiteralString:
    """One query returning ``(key, n)`` rows: ``Label:Kind``, ``relation:TYPE``,
    ``event:TYPE`` and ``Evidence``.

    Steps: scan ``:Node`` once grouping by label and kind (placeholders have no label
    and are skipped); count each relation type of the model from the count store (a
    typed ``MATCH ()-[r:T]->() RETURN count(r)`` is answered without a scan); group the
    events by type; count the evidence from the count store. The caller adds the totals.
    """
    parts: list[LiteralString] = [
        "MATCH (n:Node) WHERE n.label IS NOT NULL RETURN n.label + ':' + n.kind AS key, count(*) AS n"
    ]
    for rel in sorted(model.relations):
        t = registry_name(rel, model.relations)
        parts.append("MATCH ()-[r:" + t + "]->() RETURN 'relation:" + t + "' AS key, count(r) AS n")
    parts.append("MATCH (e:Event) RETURN 'event:' + e.type AS key, count(*) AS n")
    parts.append("MATCH (v:Evidence) RETURN 'Evidence' AS key, count(v) AS n")
    return "\nUNION ALL\n".join(parts)
