"""The custody chain of an item (question 1): segments, anomalies and the evidence behind each."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from api.schema.actor import Actor, actor_type
from api.schema.common import Interval, context, iso
from api.schema.event import CustodyEvent, events_page
from api.schema.evidence import Fact
from api.schema.item import Item
from api.schema.location import Location
from api.schema.shipment import Shipment
from graph.dates import PartialDate
from graph.errors import InvalidInput, LimitExceeded
from graph.records import Evidence, Node
from graph.store import Store
from queries.chain import Anomaly as DomainAnomaly
from queries.chain import ChainContext, Segment, custody_chains
from queries.chain import CustodyChain as DomainChain
from queries.resolve import resolve_node

__all__ = ["Anomaly", "CustodyChain", "CustodySegment", "chain_for", "custody_chain_query", "parse_day"]


def parse_day(value: str | None, what: str = "asOf") -> date | None:
    """A day from a partial ISO date (a partial date means its last day: as of the end of it)."""
    if value is None:
        return None
    try:
        return PartialDate.parse(value).end
    except InvalidInput as exc:
        raise InvalidInput(f"{what}: {exc}") from None


def _actor(nodes: dict[str, Node], node_id: str | None) -> Actor | None:
    node = nodes.get(node_id) if node_id else None
    return actor_type(node) if node is not None and node.label == "Actor" else None


def _location(nodes: dict[str, Node], node_id: str | None) -> Location | None:
    node = nodes.get(node_id) if node_id else None
    return Location(node=node) if node is not None and node.label == "Location" else None


@strawberry.type(description="One stretch of custody: who held the item where, from when to when, and the events "
                             "(with their evidence) behind it.")
class CustodySegment(Fact):
    segment: strawberry.Private[Segment]
    chain: strawberry.Private[DomainChain]

    def fact_ids(self) -> list[str]:
        return list(self.segment.events)

    @strawberry.field
    def index(self) -> int:
        return self.segment.index

    @strawberry.field
    def holder_id(self) -> strawberry.ID | None:
        return strawberry.ID(self.segment.holder) if self.segment.holder else None

    @strawberry.field(description="Who held it; null when custody is unknown.")
    def holder(self) -> Actor | None:
        return _actor(self.chain.nodes, self.segment.holder)

    @strawberry.field
    def location_id(self) -> strawberry.ID | None:
        return strawberry.ID(self.segment.location) if self.segment.location else None

    @strawberry.field
    def location(self) -> Location | None:
        return _location(self.chain.nodes, self.segment.location)

    @strawberry.field(description="The opening event's date (partial ISO); null when not known.")
    def start(self) -> str | None:
        return iso(self.segment.start)

    @strawberry.field(description="The closing event's date; null while it is still open.")
    def end(self) -> str | None:
        return iso(self.segment.end)

    @strawberry.field(description="From the first day the start could mean to the last day the end could mean.")
    def interval(self) -> Interval:
        return Interval.from_domain(self.segment.interval)

    @strawberry.field(description="Held by the party a later event names as giver; no event says when it got it.")
    def inferred(self) -> bool:
        return self.segment.inferred

    @strawberry.field(description="The events behind this segment; the first one opened it.")
    def events(self) -> list[CustodyEvent]:
        return [CustodyEvent(event=self.chain.events[e]) for e in self.segment.events if e in self.chain.events]


@strawberry.type(description="Something wrong with a chain: gap, break, conflict, unauthorised_holder, not_received "
                             "or overdue, with the segments involved.")
class Anomaly(Fact):
    anomaly: strawberry.Private[DomainAnomaly]
    chain: strawberry.Private[DomainChain]

    def fact_ids(self) -> list[str]:
        a = self.anomaly
        return list(a.events or [e for i in a.segments for e in self.chain.segments[i].events])

    @strawberry.field
    def kind(self) -> str:
        return self.anomaly.kind

    @strawberry.field
    def message(self) -> str:
        return self.anomaly.message

    @strawberry.field(description="Indexes of the segments involved.")
    def segments(self) -> list[int]:
        return list(self.anomaly.segments)

    @strawberry.field(description="The unauthorised holder.")
    def holder(self) -> Actor | None:
        return _actor(self.chain.nodes, self.anomaly.holder)

    @strawberry.field(description="The parties involved (a break: the holder and the party the next event names).")
    def actors(self) -> list[Actor]:
        return [a for a in (_actor(self.chain.nodes, x) for x in self.anomaly.actors) if a is not None]

    @strawberry.field(description="The shipment (not received).")
    def shipment(self) -> Shipment | None:
        s = next((s for s in self.chain.shipments if s.id == self.anomaly.shipment), None)
        return Shipment(node=s) if s is not None else None

    @strawberry.field(description="How many days (a gap's length, how long overdue).")
    def days(self) -> int | None:
        return self.anomaly.days

    @strawberry.field
    def events(self) -> list[CustodyEvent]:
        return [CustodyEvent(event=self.chain.events[e]) for e in self.anomaly.events if e in self.chain.events]


@strawberry.type(description="The custody chain of one item, built from its own events and those of every "
                             "shipment that contained it.")
class CustodyChain:
    chain: strawberry.Private[DomainChain]
    as_of_day: strawberry.Private[date]
    withheld: strawberry.Private[int] = 0

    @strawberry.field
    def item(self) -> Item:
        return Item(node=self.chain.item)

    @strawberry.field(description="The day the chain was judged at (overdue is counted to it).")
    def as_of(self) -> str:
        return self.as_of_day.isoformat()

    @strawberry.field
    def segments(self) -> list[CustodySegment]:
        return [CustodySegment(segment=s, chain=self.chain) for s in self.chain.segments]

    @strawberry.field
    def anomalies(self) -> list[Anomaly]:
        return [Anomaly(anomaly=a, chain=self.chain) for a in self.chain.anomalies]

    @strawberry.field(description="Distinct consecutive holders, in order.")
    def holders(self) -> list[Actor]:
        return [a for a in (_actor(self.chain.nodes, h) for h in self.chain.holders()) if a is not None]

    @strawberry.field
    def shipments(self) -> list[Shipment]:
        return [Shipment(node=s) for s in self.chain.shipments]

    @strawberry.field(description="Events without a date: shown, but they cannot be placed in the chain.")
    def undated_events(self) -> list[CustodyEvent]:
        return events_page((self.chain.events[e] for e in self.chain.undated if e in self.chain.events), 10_000)

    @strawberry.field(description="Index of the segment the delivery to the end user opened.")
    def delivered_segment(self) -> int | None:
        return self.chain.delivered

    @strawberry.field(description="How many evidence records of events of this item (or its shipments) were withheld "
                                  "from you: events only restricted documents tell are left out of the chain.")
    def evidence_withheld(self) -> int:
        return self.withheld


def documents_of(store: Store, evidence: dict[str, list[Evidence]], known: dict[str, Node] | None = None
                 ) -> dict[str, Node]:
    """The documents the evidence cites (to prime the loader: `evidence { document }` then costs nothing).

    ``known``: documents already read at this version of the store, by this caller's sight
    (:meth:`api.context.Context.known_documents`); only the others are read, and added to it."""
    wanted = {ev.document_id for evs in evidence.values() for ev in evs}
    if known is None:
        return store.nodes(wanted)
    missing = wanted - known.keys()
    if missing:
        known.update(store.nodes(missing))
    return {d: known[d] for d in wanted if d in known}


async def chain_for(info: Info, ref: str, as_of: str | None, overdue_days: int | None) -> CustodyChain:
    ctx = context(info)
    if overdue_days is not None and not 0 <= overdue_days <= 36_500:
        raise LimitExceeded(f"overdueDays must be between 0 and 36500, got {overdue_days}")
    day = parse_day(as_of) or date.today()
    days = overdue_days if overdue_days is not None else ctx.settings.overdue_days

    def build() -> tuple[DomainChain, dict[str, Node], int]:
        # one trip to a worker thread for the whole question: each trip costs a thread switch
        store = ctx.store
        item = resolve_node(store, ref, "Item")
        [chain] = custody_chains(store, [item], ChainContext(ctx.model, day, days))
        hidden = ctx.restricted_view
        withheld = hidden.withheld_for([item.id, *(s.id for s in chain.shipments)]) if hidden is not None else 0
        return chain, documents_of(store, chain.evidence, ctx.known_documents()), withheld

    chain, documents, withheld = await ctx.call(build)
    # what the chain already read answers the fields below without another store call
    ctx.loaders.prime_nodes({**chain.nodes, **documents, chain.item.id: chain.item,
                             **{s.id: s for s in chain.shipments}})
    ctx.loaders.prime_evidence(chain.evidence)
    return CustodyChain(chain=chain, as_of_day=day, withheld=withheld)


async def custody_chain_query(info: Info, item: str, as_of: str | None = None,
                              overdue_days: int | None = None) -> CustodyChain:
    """Question 1: every holder of the item, where and when, the document behind each link, and the anomalies.
    `item` is an id, a serial or a lot; `asOf` (default today) is the day overdue inventories are counted to."""
    return await chain_for(info, item, as_of, overdue_days)
