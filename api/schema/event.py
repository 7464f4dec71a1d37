"""CustodyEvent: a transfer, delivery, handover, storage, transit, inventory, observation,
seizure, theft, loss or diversion of an item or a shipment."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry
from strawberry.types import Info

from api.schema.actor import Actor, actor_type
from api.schema.common import Interval, context, iso
from api.schema.entity import Entity
from api.schema.evidence import Fact
from api.schema.location import Location
from api.schema.relation import entity_or_none
from graph.dates import Interval as DomainInterval
from graph.records import Event

__all__ = ["CustodyEvent", "EventAsWritten", "events_page"]


@strawberry.type(description="A custody event: first-class, with its parties, place, date and evidence.")
class CustodyEvent(Fact):
    event: strawberry.Private[Event]

    def fact_ids(self) -> list[str]:
        return [self.event.id]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.event.id)

    @strawberry.field(description="TRANSFER, DELIVERY, HANDOVER, STORAGE, TRANSIT, INVENTORY, OBSERVATION, SEIZURE, "
                                  "THEFT, LOSS or DIVERSION.")
    def type(self) -> str:
        return self.event.type

    @strawberry.field(description="As precise as the source: `2023`, `2023-04` or `2023-04-20`.")
    def date(self) -> str | None:
        return iso(self.event.date)

    @strawberry.field(description="Every day the date could mean.")
    def interval(self) -> Interval | None:
        d = self.event.date
        return Interval.from_domain(DomainInterval(d.start, d.end)) if d else None

    @strawberry.field
    def confidence(self) -> float:
        return self.event.confidence

    @strawberry.field
    def quantity(self) -> float | None:
        return self.event.quantity

    @strawberry.field(description="How the sources state it: reported (as having happened; once any source "
                                  "reports it), alleged, attempted or planned.")
    def modality(self) -> str:
        return self.event.modality

    @strawberry.field(description="The roles as the report wrote them (item, system, quantity, from, to, place, "
                                  "date), also those that name no entity; null for events from tables.")
    def as_written(self) -> EventAsWritten | None:
        written = self.event.props.get("as_written")
        if not isinstance(written, dict):
            return None
        return EventAsWritten(**{f: _str(written.get(k)) for f, k in _AS_WRITTEN.items()})

    @strawberry.field
    def subject_id(self) -> strawberry.ID:
        return strawberry.ID(self.event.subject)

    @strawberry.field(description="The item, or the shipment standing for all its items.")
    async def subject(self, info: Info) -> Entity | None:
        return await entity_or_none(info, self.event.subject)

    @strawberry.field(description="Who gave it up (or from whom it was taken).")
    async def from_actor(self, info: Info) -> Actor | None:
        return await _actor(info, self.event.from_actor)

    @strawberry.field(description="Who received, held or took it.")
    async def to_actor(self, info: Info) -> Actor | None:
        return await _actor(info, self.event.to_actor)

    @strawberry.field
    async def location(self, info: Info) -> Location | None:
        node = await context(info).loaders.node(self.event.location)
        return Location(node=node) if node is not None and node.label == "Location" else None


@strawberry.type(description="An event's roles as written in the report they were extracted from.")
class EventAsWritten:
    item: str | None
    system: str | None
    quantity: str | None
    from_: str | None = strawberry.field(name="from")
    to: str | None
    place: str | None
    date: str | None


_AS_WRITTEN = {"item": "item", "system": "system", "quantity": "quantity", "from_": "from", "to": "to",
               "place": "place", "date": "date"}


def _str(value: object) -> str | None:
    return None if value is None else str(value)


async def _actor(info: Info, node_id: str | None) -> Actor | None:
    node = await context(info).loaders.node(node_id)
    return actor_type(node) if node is not None and node.label == "Actor" else None


def events_page(events: Iterable[Event], first: int) -> list[CustodyEvent]:
    """Oldest first (undated last), at most ``first``."""
    ordered = sorted(events, key=lambda e: (e.date is None, e.date.start if e.date else None, e.id))
    return [CustodyEvent(event=e) for e in ordered[:first]]
