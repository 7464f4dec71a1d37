"""The records a store holds: nodes, relations, custody events, evidence, and the batch
that writes them together.

Every fact (node, relation, event) is written with at least one :class:`Evidence`:
the document, where in it (row or character span), the quote, the extractor and its
version, the confidence and when it was ingested. :meth:`Batch.validate` refuses a
batch that breaks that rule or names a kind, relation or event type the model lacks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from graph.dates import Interval, PartialDate
from graph.errors import EvidenceMissing, InvalidInput
from graph.ids import digest, normalize_name, normalize_serial
from graph.model import Model

__all__ = [
    "DEFAULT_MODALITY",
    "MODALITIES",
    "Batch",
    "CustodyFacts",
    "Deletion",
    "Event",
    "Evidence",
    "Node",
    "Relation",
    "WriteResult",
    "event_id",
    "evidence_id",
    "node_keys",
    "relation_id",
]


MODALITIES: Final = ("reported", "alleged", "attempted", "planned")
"""How a source states an event: as having happened (``reported``), as a claim
(``alleged``), as tried and not achieved (``attempted``) or as intended (``planned``)."""
DEFAULT_MODALITY: Final = "reported"


@dataclass(frozen=True, slots=True)
class Node:
    """An item, weapon system, shipment, actor, location or document."""

    id: str
    label: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    props: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two nodes, valid over an interval (open ends allowed)."""

    id: str
    type: str
    source: str
    target: str
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    props: Mapping[str, Any] = field(default_factory=dict)

    @property
    def validity(self) -> Interval:
        return Interval.of(self.valid_from, self.valid_to)


@dataclass(frozen=True, slots=True)
class Event:
    """A custody event: ``subject`` is an item or a shipment (standing for all its items)."""

    id: str
    type: str
    subject: str
    date: PartialDate | None
    from_actor: str | None = None
    to_actor: str | None = None
    location: str | None = None
    quantity: float | None = None
    confidence: float = 1.0
    props: Mapping[str, Any] = field(default_factory=dict)
    #: Not part of the id: an alleged and a reported theft of one item on one day between the
    #: same parties are one event with two pieces of evidence; the event is ``reported`` as
    #: soon as one source reports it (see the stores' merge).
    modality: str = DEFAULT_MODALITY


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact came from. ``modality`` is how this source states the fact (for events)."""

    id: str
    fact_id: str
    document_id: str
    locator: str
    quote: str
    extractor: str
    extractor_version: str
    confidence: float
    ingested_at: str
    start: int | None = None
    end: int | None = None
    modality: str = DEFAULT_MODALITY


def relation_id(type_: str, source: str, target: str, valid_from: object, valid_to: object) -> str:
    return f"rel:{digest(type_, source, target, valid_from, valid_to)}"


def event_id(type_: str, subject: str, date: object, from_actor: str | None, to_actor: str | None) -> str:
    """Events are the same fact when type, subject, date and both parties agree; place and
    quantity are details a second source may add."""
    return f"event:{digest(type_, subject, date, from_actor, to_actor)}"


def evidence_id(fact_id: str, document_id: str, locator: str) -> str:
    # digest(fact_id, document_id, locator), spelled out: one per fact, the hottest id of an ingest
    return "evidence:" + hashlib.sha256(f"{fact_id}\x1f{document_id}\x1f{locator}".encode()).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class CustodyFacts:
    """What the custody chains of some items are built from, read at once
    (:meth:`graph.store.Store.custody_facts`)."""

    events: list[Event]
    """Events whose subject is one of the items or a shipment containing one, by id."""
    inbound: list[Relation]
    """``CONTAINS`` and ``RECEIVED`` relations into the items, by id."""
    shipments: dict[str, Node]
    """The shipments that contain the items (sources of ``CONTAINS`` that exist), by id."""


@dataclass(frozen=True, slots=True)
class ChainFacts:
    """:class:`CustodyFacts` and what checking and explaining the chains needs besides, read at
    once (:meth:`graph.store.Store.chain_facts`)."""

    facts: CustodyFacts
    named: frozenset[str]
    """The ids whose nodes and upward relations were read: every ``from_actor``, ``to_actor``
    and ``location`` of the events, ``consignor``, ``consignee`` and ``end_user`` of the
    shipments, and the extra ids asked for."""
    nodes: dict[str, Node]
    """The nodes among ``named`` that exist, by id."""
    evidence: dict[str, list[Evidence]]
    """Evidence of the events, by event id."""
    upward: list[Relation]
    """:meth:`graph.store.Store.relations_upward` of ``named``."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    nodes: int
    relations: int
    events: int
    evidence: int


@dataclass(frozen=True, slots=True)
class Deletion:
    """What :meth:`~graph.store.Store.delete_evidence` removed (or, in a dry run, would remove).

    ``touched`` are the events that lost evidence, as they were before (so a caller can tell
    whose chains changed); ``nodes``, ``relations`` and ``events`` are the ids of facts removed
    because no evidence was left for them (and, for a node, nothing refers to it any more).
    """

    evidence: int = 0
    nodes: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    touched: tuple[Event, ...] = ()


@dataclass
class Batch:
    """Facts written together, atomically: typically everything one document says.

    ``texts`` maps a Document node of the batch to its text: the exact text the extractor
    read (after HTML or PDF text extraction), which evidence spans point into. A text, once
    stored, never changes (the document's hash is its identity)."""

    nodes: list[Node] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)

    def extend(self, other: Batch) -> None:
        self.nodes.extend(other.nodes)
        self.relations.extend(other.relations)
        self.events.extend(other.events)
        self.evidence.extend(other.evidence)
        self.texts.update(other.texts)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.relations) + len(self.events) + len(self.evidence)

    def fact_ids(self) -> Iterable[str]:
        yield from (n.id for n in self.nodes if n.label != "Document")
        yield from (r.id for r in self.relations)
        yield from (e.id for e in self.events)

    def validate(self, model: Model) -> None:
        """Refuse a batch whose facts lack evidence or do not fit the model.

        Raises
        ------
        EvidenceMissing
            A node, relation or event has no evidence record in this batch.
        InvalidInput
            An unknown kind, relation type or event type, a confidence outside [0, 1], an
            unknown modality, or a text for a document that is not in the batch.
        """
        backed = {e.fact_id for e in self.evidence}
        for fid in self.fact_ids():
            if fid not in backed:
                raise EvidenceMissing(f"fact {fid} has no evidence")
        for ev in self.evidence:
            if not (0.0 <= ev.confidence <= 1.0):
                raise InvalidInput(f"evidence {ev.id}: confidence {ev.confidence} is outside [0, 1]")
            if ev.modality not in MODALITIES:
                raise InvalidInput(f"evidence {ev.id}: modality {ev.modality!r} is not one of {', '.join(MODALITIES)}")
        for n in self.nodes:
            if n.kind not in model.labels.get(n.label, ()):
                raise InvalidInput(f"node {n.id}: kind {n.kind!r} is not a kind of {n.label}")
        for r in self.relations:
            model.relation(r.type)
        for e in self.events:
            model.event(e.type)
            if not (0.0 <= e.confidence <= 1.0):
                raise InvalidInput(f"event {e.id}: confidence {e.confidence} is outside [0, 1]")
            if e.modality not in MODALITIES:
                raise InvalidInput(f"event {e.id}: modality {e.modality!r} is not one of {', '.join(MODALITIES)}")
        if self.texts:
            documents = {n.id for n in self.nodes if n.label == "Document"}
            for doc_id in self.texts:
                if doc_id not in documents:
                    raise InvalidInput(f"a text for {doc_id}, which is not a Document of this batch")


def node_keys(node: Node) -> list[tuple[str, str, str]]:
    """The (normalised key, kind, original value) rows by which a node can be looked up: every
    store indexes the same keys, so lookups agree."""
    out = [(normalize_name(node.name), "name", node.name)]
    out += [(normalize_name(a), "alias", a) for a in node.aliases if a]
    for prop in ("serial", "lot", "ref"):
        value = node.props.get(prop)
        if value:
            out.append((normalize_serial(str(value)), prop, str(value)))
    if node.props.get("sha256"):
        out.append((str(node.props["sha256"]), "sha256", str(node.props["sha256"])))
    return out
