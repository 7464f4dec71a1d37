"""Records as graph elements with flat attributes, for the formats that are graphs of nodes and
edges with scalar attributes (GraphML, GEXF, CSV).

Nodes are the entities, each custody event (events are first-class, as in the store) and each
alert. Edges are the relations, in their own stored direction (source to target as written),
and an event's links to its subject, parties and place, as the Neo4j store keeps them
(``(event)-[:SUBJECT|FROM|TO|AT]->(node)``). Every element carries its evidence (document
title, quote, extractor, confidence; all records as JSON in ``evidence``) and its validity
(``valid_from``/``valid_to``: a relation's interval, an event's date; partial dates as stored).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from api.export.evidence import NO_EVIDENCE, Cited, EvidenceReader, FactEvidence
from api.export.select import Slice, batched
from graph.model import Model
from graph.records import Event, Node, Relation
from queries.alerts import Alert

__all__ = ["EDGE_ATTRS", "NODE_ATTRS", "Element", "edges", "evidence_json", "nodes"]

AttrType = Literal["string", "int", "double"]

# Every attribute an element may carry, declared once (a streamed GraphML or GEXF file declares
# its keys before the first node). Values not listed here go into ``props`` as JSON.
_COMMON: tuple[tuple[str, AttrType], ...] = (
    ("valid_from", "string"),
    ("valid_to", "string"),
    ("confidence", "double"),
    ("documents", "string"),
    ("quotes", "string"),
    ("extractors", "string"),
    ("evidence_count", "int"),
    ("evidence_withheld", "int"),
    ("evidence", "string"),
    ("props", "string"),
)
NODE_ATTRS: tuple[tuple[str, AttrType], ...] = (
    ("label", "string"),
    ("name", "string"),
    ("category", "string"),
    ("kind", "string"),
    ("aliases", "string"),
    ("hops", "int"),
    ("holder_order", "int"),
    *_COMMON,
)
EDGE_ATTRS: tuple[tuple[str, AttrType], ...] = (
    ("label", "string"),
    ("type", "string"),
    ("fact", "string"),
    *_COMMON,
)
_SEP = " | "


@dataclass(frozen=True, slots=True)
class Element:
    """A node (``source``/``target`` empty) or an edge, and its attributes."""

    id: str
    attrs: dict[str, Any]
    source: str = ""
    target: str = ""
    evidence_of: str = ""
    """The fact whose evidence this element shows (its own id, or its event's)."""


_JSON = json.JSONEncoder(ensure_ascii=False)
_JSON_SORTED = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def evidence_json(ev: FactEvidence) -> str:
    return _JSON.encode([
        {"document": c.title, "document_id": c.record.document_id, "url": c.url, "locator": c.record.locator,
         "quote": c.record.quote, "extractor": c.record.extractor, "extractor_version": c.record.extractor_version,
         "confidence": c.record.confidence, "ingested_at": c.record.ingested_at, "start": c.record.start,
         "end": c.record.end}
        for c in ev.visible])


def _evidence_attrs(ev: FactEvidence) -> dict[str, Any]:
    out: dict[str, Any] = {"evidence_count": len(ev.visible), "evidence_withheld": ev.withheld}
    if ev.visible:
        out.update(
            confidence=ev.confidence,
            documents=_SEP.join(dict.fromkeys(c.title for c in ev.visible)),
            quotes=_SEP.join(dict.fromkeys(c.record.quote for c in ev.visible if c.record.quote)),
            extractors=_SEP.join(dict.fromkeys(f"{c.record.extractor} {c.record.extractor_version}"
                                               for c in ev.visible)),
            evidence=evidence_json(ev),
        )
    return out


def _props(props: dict[str, Any]) -> str | None:
    return _JSON_SORTED.encode(props) if props else None


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def entity_element(n: Node, ev: FactEvidence, extra: dict[str, object] | None = None) -> Element:
    attrs = {"label": n.name, "name": n.name, "category": n.label, "kind": n.kind,
             "aliases": _SEP.join(n.aliases), "props": _props(dict(n.props)), **_evidence_attrs(ev), **(extra or {})}
    return Element(n.id, _clean(attrs), evidence_of=n.id)


def event_name(e: Event) -> str:
    return f"{e.type} {e.date}" if e.date else f"{e.type} (undated)"


def event_element(e: Event, ev: FactEvidence) -> Element:
    day = str(e.date) if e.date else None
    props = {**e.props, **({"quantity": e.quantity} if e.quantity is not None else {})}
    attrs = {"label": event_name(e), "name": event_name(e), "category": "Event", "kind": e.type,
             "props": _props(props), **_evidence_attrs(ev), "valid_from": day, "valid_to": day,
             "confidence": e.confidence}
    return Element(e.id, _clean(attrs), evidence_of=e.id)


def relation_element(r: Relation, model: Model, ev: FactEvidence) -> Element:
    text = model.relations[r.type].text if r.type in model.relations else r.type.lower()
    attrs = {"label": text, "type": r.type, "fact": r.id, "props": _props(dict(r.props)), **_evidence_attrs(ev),
             "valid_from": str(r.valid_from) if r.valid_from else None,
             "valid_to": str(r.valid_to) if r.valid_to else None}
    return Element(r.id, _clean(attrs), r.source, r.target, evidence_of=r.id)


EVENT_ROLES = (("SUBJECT", "subject"), ("FROM", "from_actor"), ("TO", "to_actor"), ("AT", "location"))


def event_edges(e: Event, ev: FactEvidence) -> Iterator[Element]:
    """The event's links, as the Neo4j store keeps them: from the event to each node it names."""
    day = str(e.date) if e.date else None
    # Each link shows the event's documents, quotes, extractors and confidence; the records in full
    # (``evidence``) are on the event's node, which ``fact`` names: written once, not four times.
    attrs = _evidence_attrs(ev)
    attrs.pop("evidence", None)
    shared = _clean({**attrs, "valid_from": day, "valid_to": day, "confidence": e.confidence, "fact": e.id})
    for type_, field in EVENT_ROLES:
        end = getattr(e, field)
        if end:
            yield Element(f"{e.id}:{type_}", {"label": type_.lower(), "type": type_, **shared}, e.id, end,
                          evidence_of=e.id)


def alert_element(a: Alert, ev: FactEvidence) -> Element:
    attrs = {"label": f"{a.kind}: {a.message}", "name": a.message, "category": "Alert", "kind": a.kind,
             "props": _props({"facts": list(a.facts), **a.details}), **_evidence_attrs(ev)}
    return Element(a.id, _clean(attrs), evidence_of=a.id)


def alert_edges(a: Alert) -> Iterator[Element]:
    for end in dict.fromkeys(x for x in (a.item, a.shipment, *a.actors) if x):
        yield Element(f"{a.id}:{end}", {"label": "concerns", "type": "CONCERNS", "fact": a.id}, a.id, end)


def _alert_evidence(a: Alert, reader: EvidenceReader) -> FactEvidence:
    docs = reader.documents(ev.document_id for ev in a.evidence)
    shown = tuple(Cited(ev, docs.get(ev.document_id)) for ev in a.evidence if reader.visible(docs.get(ev.document_id)))
    return FactEvidence(shown, len(a.evidence) - len(shown))


def nodes(part: Slice, reader: EvidenceReader) -> Iterator[Element]:
    """Every node of ``part``: entities, events, alerts, read and written a batch at a time."""
    for batch in part.node_batches():
        found = reader.of(n.id for n in batch)
        for n in batch:
            yield entity_element(n, found.get(n.id, NO_EVIDENCE), part.annotations.get(n.id))
    for events in part.event_batches():
        found = reader.of(e.id for e in events)
        for e in events:
            yield event_element(e, found.get(e.id, NO_EVIDENCE))
    for alerts in batched(part.alerts):
        for a in alerts:
            yield alert_element(a, _alert_evidence(a, reader))


def edges(part: Slice, reader: EvidenceReader, model: Model) -> Iterator[Element]:
    """Every edge of ``part``: relations in their stored direction, events' links, alerts' links."""
    for batch in part.relation_batches():
        found = reader.of(r.id for r in batch)
        for r in batch:
            yield relation_element(r, model, found.get(r.id, NO_EVIDENCE))
    for events in part.event_batches():
        found = reader.of(e.id for e in events)
        for e in events:
            yield from event_edges(e, found.get(e.id, NO_EVIDENCE))
    for a in part.alerts:
        yield from alert_edges(a)
