"""Build a :class:`~graph.records.Batch` from plain values, with evidence on every fact.

Ingesters, the world generator and tests describe facts by name; the builder makes the
deterministic ids, the document node and one evidence record per fact, so that no fact
can be added without one.

Examples
--------
>>> from graph.model import load_model
>>> b = FactBuilder(load_model(), title="visit.txt", text="fictional", kind="Report")
>>> brigade = b.actor("14th Reserve Brigade", "MilitaryUnit", quote="the 14th Reserve Brigade")
>>> item = b.item(serial="JAV-0042", quote="launcher JAV-0042")
>>> e = b.event("HANDOVER", item, "2023-04-20", to_actor=brigade, quote="handed over")
>>> sorted({ev.fact_id for ev in b.batch.evidence}) == sorted(b.batch.fact_ids())
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from graph.dates import PartialDate, parse_date_or_none
from graph.ids import entity_id, item_id, shipment_id
from graph.model import Model
from graph.records import DEFAULT_MODALITY, Batch, Event, Evidence, Node, Relation, event_id, evidence_id, relation_id

__all__ = ["FactBuilder", "document_id"]


def document_id(sha256: str) -> str:
    return f"doc:{sha256[:16]}"


def _date(value: str | PartialDate | None) -> PartialDate | None:
    return value if isinstance(value, PartialDate) or value is None else parse_date_or_none(value)


class FactBuilder:
    """Collects the facts of one document into a batch.

    Parameters
    ----------
    model : Model
    title : str
        The document's title (a file name for files).
    text : str or bytes
        The document's content; its sha256 is the document's identity.
    kind : str
        A Document kind of the model (Report, Manifest, ...).
    extractor, version : str
        Who produced the facts; stored on every evidence record.
    sensitivity : str
        ``public`` or ``restricted``.
    """

    def __init__(
        self,
        model: Model,
        *,
        title: str,
        text: str | bytes,
        kind: str = "Report",
        extractor: str = "manual",
        version: str = "1",
        sensitivity: str = "public",
        published: str | None = None,
        path: str | None = None,
        ingested_at: str | None = None,
    ) -> None:
        self.model = model
        data = text.encode("utf-8") if isinstance(text, str) else text
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.extractor = extractor
        self.version = version
        self.ingested_at = ingested_at or datetime.now(UTC).isoformat(timespec="seconds")
        props: dict[str, Any] = {"sha256": self.sha256, "title": title, "sensitivity": sensitivity,
                                 "ingested_at": self.ingested_at}
        if published:
            props["published"] = published
        if path:
            props["path"] = path
        self.document = Node(document_id(self.sha256), "Document", kind, title, (), props)
        self.batch = Batch(nodes=[self.document])

    # -- evidence --------------------------------------------------------------------
    def cite(
        self,
        fact_id: str,
        *,
        quote: str,
        locator: str | None = None,
        confidence: float = 1.0,
        start: int | None = None,
        end: int | None = None,
        modality: str = DEFAULT_MODALITY,
    ) -> None:
        """Add an evidence record for ``fact_id`` from this document."""
        loc = locator or (f"chars {start}-{end}" if start is not None else "document")
        self.batch.evidence.append(
            Evidence(evidence_id(fact_id, self.document.id, loc), fact_id, self.document.id, loc, quote,
                     self.extractor, self.version, confidence, self.ingested_at, start, end, modality)
        )

    def keep_text(self, text: str) -> None:
        """Store ``text`` with the document: the text evidence spans (``start``, ``end``) point into."""
        self.batch.texts[self.document.id] = text

    # -- nodes -----------------------------------------------------------------------
    def node(
        self,
        label: str,
        kind: str,
        name: str,
        *,
        node_id: str | None = None,
        aliases: tuple[str, ...] = (),
        props: Mapping[str, Any] | None = None,
        quote: str | None = None,
        locator: str | None = None,
        confidence: float = 1.0,
        start: int | None = None,
        end: int | None = None,
    ) -> str:
        nid = node_id or entity_id(label, name)
        self.batch.nodes.append(Node(nid, label, kind, name, aliases, dict(props or {})))
        self.cite(nid, quote=quote or name, locator=locator, confidence=confidence, start=start, end=end)
        return nid

    def actor(self, name: str, kind: str, **kw: Any) -> str:
        return self.node("Actor", kind, name, **kw)

    def location(self, name: str, kind: str, **kw: Any) -> str:
        return self.node("Location", kind, name, **kw)

    def weapon_system(self, name: str, kind: str = "Other", *, eeum: bool = False, **kw: Any) -> str:
        props = {"eeum": eeum, **kw.pop("props", {})}
        return self.node("WeaponSystem", kind, name, props=props, **kw)

    def item(
        self,
        *,
        serial: str | None = None,
        lot: str | None = None,
        system: str | None = None,
        quantity: float | None = None,
        nsn: str | None = None,
        **kw: Any,
    ) -> str:
        nid = item_id(serial=serial, lot=lot)
        props = {"serial": serial, "lot": lot, "system": system, "quantity": quantity, "nsn": nsn}
        return self.node("Item", "Item", serial or lot or nid, node_id=nid,
                         props={k: v for k, v in props.items() if v is not None}, **kw)

    def shipment(self, ref: str, **kw: Any) -> str:
        props = {"ref": ref, **{k: v for k, v in kw.pop("props", {}).items() if v is not None}}
        return self.node("Shipment", "Shipment", ref, node_id=shipment_id(ref), props=props, **kw)

    # -- relations and events ----------------------------------------------------------
    def relation(
        self,
        type_: str,
        source: str,
        target: str,
        valid_from: str | PartialDate | None = None,
        valid_to: str | PartialDate | None = None,
        *,
        props: Mapping[str, Any] | None = None,
        quote: str | None = None,
        locator: str | None = None,
        confidence: float = 1.0,
        start: int | None = None,
        end: int | None = None,
    ) -> str:
        self.model.relation(type_)
        vf, vt = _date(valid_from), _date(valid_to)
        rid = relation_id(type_, source, target, vf, vt)
        self.batch.relations.append(Relation(rid, type_, source, target, vf, vt, dict(props or {})))
        self.cite(rid, quote=quote or f"{source} {type_} {target}", locator=locator, confidence=confidence,
                  start=start, end=end)
        return rid

    def event(
        self,
        type_: str,
        subject: str,
        date: str | PartialDate | None,
        *,
        from_actor: str | None = None,
        to_actor: str | None = None,
        location: str | None = None,
        quantity: float | None = None,
        confidence: float = 1.0,
        props: Mapping[str, Any] | None = None,
        quote: str | None = None,
        locator: str | None = None,
        start: int | None = None,
        end: int | None = None,
        modality: str = DEFAULT_MODALITY,
    ) -> str:
        """A custody event; ``modality`` (reported, alleged, attempted, planned) goes on the
        event and on its evidence."""
        self.model.event(type_)
        d = _date(date)
        eid = event_id(type_, subject, d, from_actor, to_actor)
        self.batch.events.append(
            Event(eid, type_, subject, d, from_actor, to_actor, location, quantity, confidence, dict(props or {}),
                  modality)
        )
        self.cite(eid, quote=quote or f"{type_} {subject}", locator=locator, confidence=confidence,
                  start=start, end=end, modality=modality)
        return eid
