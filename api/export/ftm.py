"""FollowTheMoney entities (what Aleph and the OpenSanctions tools read), one JSON object a line,
built with followthemoney's own model so every entity is valid by construction.

The mapping (README, "Exports"):

==========================  ==================================================================
ours                        FollowTheMoney
==========================  ==================================================================
Actor Person                ``Person``
Actor Organization,         ``Organization``
MilitaryUnit, ArmedGroup
Actor Company               ``Company``
Actor Country               ``PublicBody`` (the state as an actor), ``country`` set
Location (any kind)         ``Address`` (``full`` = name, ``remarks`` = kind)
Item                        ``Vehicle`` when its weapon system is a vehicle or a drone, else
                            ``Asset`` (serial, lot, NSN and system in ``summary``)
Shipment                    ``Asset`` (a consignment), ``summary`` = "shipment REF"
MEMBER_OF                   ``Membership`` (member -> organization), ``UnknownLink`` when the
                            target is not an organisation
SUBORDINATE_TO              ``Control`` (controller = the superior, controlled = the subordinate)
other relations             ``UnknownLink`` (subject = our source, object = our target,
                            ``role`` = the relation's words)
custody event               ``Event`` (``date``, ``involved`` = the parties, ``location`` = the
                            place's name, ``summary`` says who gave what to whom) and an
                            ``UnknownLink`` event -> item (``role`` "custody subject")
document cited              ``Document`` (``title``, ``fileName``, ``sourceUrl``)
alert                       ``Note`` on the item or shipment
==========================  ==================================================================

Evidence: relations and events (FtM intervals) carry ``proof`` (the documents), ``recordId`` (our
fact id), ``startDate``/``endDate`` or ``date``, and ``description`` with each quote, its
extractor and confidence; entities carry the same lines in ``notes``. Ids are
``make_id("custody-graph", our id)``: deterministic, so two exports of one store agree.

followthemoney is an optional dependency (``pip install 'custody-graph[ftm]'``): it brings ICU and
RDF libraries the rest of the program does not need.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from api.export.evidence import NO_EVIDENCE, EvidenceReader, FactEvidence
from api.export.select import Slice
from graph.errors import InvalidInput
from graph.model import Model
from graph.records import Event, Node, Relation
from queries.alerts import Alert

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

__all__ = ["require_ftm", "write_ftm"]

NAMESPACE = "custody-graph"
ACTOR_SCHEMA = {"Person": "Person", "Organization": "Organization", "MilitaryUnit": "Organization",
                "ArmedGroup": "Organization", "Company": "Company", "Country": "PublicBody"}
ORGANIZATION_SCHEMATA = {"Organization", "Company", "PublicBody"}
VEHICLE_SYSTEMS = {"Vehicle", "Drone"}


def require_ftm() -> Any:
    """followthemoney's model, or a clear error naming how to install it."""
    try:
        from followthemoney import model
    except ImportError:
        raise InvalidInput("--format ftm needs the followthemoney package, which is not installed: "
                           "pip install 'custody-graph[ftm]' (or pip install followthemoney)") from None
    return model


def _lines(ev: FactEvidence) -> list[str]:
    return [f"“{c.record.quote}” ({c.title}; {c.record.extractor} {c.record.extractor_version}, confidence "
            f"{c.record.confidence:.2f})" for c in ev.visible]


class _Builder:
    def __init__(self, out: IO[str], reader: EvidenceReader, model: Model) -> None:
        self.ftm = require_ftm()
        self.out = out
        self.reader = reader
        self.model = model
        self.documents: set[str] = set()

    def fid(self, our_id: str) -> str:
        return str(self.ftm.make_entity("Thing").make_id(NAMESPACE, our_id))

    def make(self, schema: str, our_id: str) -> EntityProxy:
        entity = self.ftm.make_entity(schema)
        entity.id = self.fid(our_id)
        return entity

    def emit(self, entity: EntityProxy) -> None:
        self.out.write(json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True))
        self.out.write("\n")

    def cite(self, entity: EntityProxy, ev: FactEvidence, *, interval: bool) -> None:
        """Write the documents ``ev`` cites (once each) and attach the evidence to ``entity``."""
        for c in ev.visible:
            doc_id = c.record.document_id
            if doc_id not in self.documents:
                self.documents.add(doc_id)
                doc = self.make("Document", doc_id)
                doc.add("title", c.title)
                doc.add("fileName", c.title)
                if c.url:
                    doc.add("sourceUrl", c.url)
                if c.document is not None and c.document.props.get("published"):
                    doc.add("publishedAt", str(c.document.props["published"]))
                self.emit(doc)
            if interval:
                entity.add("proof", self.fid(doc_id))
        entity.add("description" if interval else "notes", _lines(ev))

    # -- entities --------------------------------------------------------------------------
    @staticmethod
    def schema(n: Node, systems: dict[str, Node] | None = None) -> str | None:
        """The FtM schema of one of our nodes (``None``: not written as an entity)."""
        if n.label == "Actor":
            return ACTOR_SCHEMA.get(n.kind, "Organization")
        if n.label == "Location":
            return "Address"
        if n.label == "Item":
            system = (systems or {}).get(str(n.props.get("system", "")))
            return "Vehicle" if system is not None and system.kind in VEHICLE_SYSTEMS else "Asset"
        if n.label == "Shipment":
            return "Asset"
        return None  # weapon systems are described on their items; documents are cited

    def entity(self, n: Node, ev: FactEvidence, systems: dict[str, Node]) -> None:
        schema = self.schema(n, systems)
        if schema is None:
            return
        e = self.make(schema, n.id)
        e.add("name", n.name)
        e.add("alias", list(n.aliases))
        if n.label == "Actor" and n.kind == "Country":
            e.add("country", n.name)
        if n.label == "Location":
            e.add("full", n.name)
            e.add("remarks", n.kind)
            if n.props.get("country"):
                e.add("country", str(n.props["country"]))
        if n.label == "Item":
            system = systems.get(str(n.props.get("system", "")))
            parts = [f"{k} {n.props[k]}" for k in ("serial", "lot", "nsn") if n.props.get(k)]
            if system is not None:
                parts.append(f"{system.name} ({system.kind})")
                if schema == "Vehicle":
                    e.add("model", system.name)
            e.add("summary", "; ".join(parts))
            if n.props.get("quantity") is not None:
                e.add("amount", str(n.props["quantity"]))
        if n.label == "Shipment":
            e.add("summary", f"shipment {n.name}")
        self.cite(e, ev, interval=False)
        self.emit(e)

    def relation(self, r: Relation, ev: FactEvidence, ends: dict[str, Node]) -> None:
        source, target = ends.get(r.source), ends.get(r.target)
        if source is None or target is None or self.schema(source) is None or self.schema(target) is None:
            return  # between weapon systems (SAME_AS), or an end the store does not know
        text = self.model.relations[r.type].text if r.type in self.model.relations else r.type.lower()
        if r.type == "MEMBER_OF" and self.schema(target) in ORGANIZATION_SCHEMATA:
            e = self.make("Membership", r.id)
            e.add("member", self.fid(r.source))
            e.add("organization", self.fid(r.target))
        elif r.type == "SUBORDINATE_TO" and source.label == "Actor" and target.label == "Actor":
            e = self.make("Control", r.id)
            e.add("controller", self.fid(r.target))
            e.add("controlled", self.fid(r.source))
            e.add("controlType", "command: the controlled unit is subordinate to the controller")
        else:
            e = self.make("UnknownLink", r.id)
            e.add("subject", self.fid(r.source))
            e.add("object", self.fid(r.target))
        e.add("role", text)
        e.add("recordId", r.id)
        if r.valid_from:
            e.add("startDate", str(r.valid_from))
        if r.valid_to:
            e.add("endDate", str(r.valid_to))
        self.cite(e, ev, interval=True)
        self.emit(e)

    def event(self, ev_: Event, ev: FactEvidence, names: dict[str, Node]) -> None:
        def name(i: str | None) -> str:
            return names[i].name if i and i in names else (i or "")

        e = self.make("Event", ev_.id)
        subject = name(ev_.subject)
        e.add("name", f"{ev_.type} of {subject}")
        summary = f"{ev_.type.lower()} of {subject}"
        if ev_.from_actor:
            summary += f" from {name(ev_.from_actor)}"
        if ev_.to_actor:
            summary += f" to {name(ev_.to_actor)}"
        if ev_.location:
            summary += f" at {name(ev_.location)}"
            e.add("location", name(ev_.location))
        e.add("summary", summary)
        if ev_.date:
            e.add("date", str(ev_.date))
        e.add("recordId", ev_.id)
        for party in (ev_.from_actor, ev_.to_actor):
            if party and party in names and names[party].label == "Actor":
                e.add("involved", self.fid(party))
        self.cite(e, ev, interval=True)
        self.emit(e)
        link = self.make("UnknownLink", f"{ev_.id}:SUBJECT")
        link.add("subject", e.id)
        link.add("object", self.fid(ev_.subject))
        link.add("role", "custody subject")
        if ev_.date:
            link.add("date", str(ev_.date))
        link.add("recordId", ev_.id)
        self.emit(link)

    def alert(self, a: Alert, names: dict[str, Node]) -> None:
        note = self.make("Note", a.id)
        subject = a.item or a.shipment
        note.add("name", f"{a.kind}: {names[subject].name if subject in names else subject or ''}")
        note.add("description", a.message)
        for x in (a.item, a.shipment, *a.actors):
            if x and x in names and self.schema(names[x]) is not None:
                note.add("entity", self.fid(x))
        self.emit(note)


def write_ftm(out: IO[str], part: Slice, reader: EvidenceReader, model: Model) -> None:
    """Every entity of ``part`` as FollowTheMoney JSON lines: entities first, then relations,
    events and alerts (each references only entities already written)."""
    b = _Builder(out, reader, model)
    store = reader.store
    for batch in part.node_batches():
        found = reader.of(n.id for n in batch)
        systems = store.nodes({str(n.props["system"]) for n in batch if n.label == "Item" and n.props.get("system")})
        for n in batch:
            b.entity(n, found.get(n.id, NO_EVIDENCE), systems)
    for rels in part.relation_batches():
        found = reader.of(r.id for r in rels)
        ends = store.nodes({x for r in rels for x in (r.source, r.target)})
        for r in rels:
            b.relation(r, found.get(r.id, NO_EVIDENCE), ends)
    for events in part.event_batches():
        found = reader.of(e.id for e in events)
        names = store.nodes(_ends(events))
        for e in events:
            if e.subject in names:
                b.event(e, found.get(e.id, NO_EVIDENCE), names)
    if part.alerts:
        names = store.nodes({x for a in part.alerts for x in (a.item, a.shipment, *a.actors) if x})
        for a in part.alerts:
            b.alert(a, names)


def _ends(events: Iterable[Event]) -> set[str]:
    return {x for e in events for x in (e.subject, e.from_actor, e.to_actor, e.location) if x}
