"""Shipment: one consignment on a manifest, standing for all the items it contains."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from api.schema.actor import Actor, actor_type, resolve_one
from api.schema.common import context
from api.schema.entity import Entity
from api.schema.item import Item
from api.schema.location import Location
from graph.errors import InvalidInput

if TYPE_CHECKING:
    from api.schema.event import CustodyEvent

__all__ = ["Shipment", "shipment_query"]

CustodyEventRef = Annotated["CustodyEvent", strawberry.lazy("api.schema.event")]


@strawberry.type(description="A consignment on a manifest; its events apply to every item it contains.")
class Shipment(Entity):
    @strawberry.field
    def ref(self) -> str:
        return str(self.node.props.get("ref") or self.node.name)

    @strawberry.field(description="The manifest's date (partial ISO).")
    def date(self) -> str | None:
        value = self.node.props.get("date")
        return None if value is None else str(value)

    @strawberry.field(description="Whether a receipt was recorded (then items missing from it were not received).")
    def receipt(self) -> bool | None:
        value = self.node.props.get("receipt")
        return None if value is None else bool(value)

    async def _actor(self, info: Info, key: str) -> Actor | None:
        node = await context(info).loaders.node(_id(self.node.props.get(key)))
        return actor_type(node) if node is not None and node.label == "Actor" else None

    async def _location(self, info: Info, key: str) -> Location | None:
        node = await context(info).loaders.node(_id(self.node.props.get(key)))
        return Location(node=node) if node is not None and node.label == "Location" else None

    @strawberry.field
    async def consignor(self, info: Info) -> Actor | None:
        return await self._actor(info, "consignor")

    @strawberry.field
    async def consignee(self, info: Info) -> Actor | None:
        return await self._actor(info, "consignee")

    @strawberry.field(description="Who the items were meant for: holders outside its hierarchy after delivery are "
                                  "unauthorised.")
    async def end_user(self, info: Info) -> Actor | None:
        return await self._actor(info, "end_user")

    @strawberry.field
    async def origin(self, info: Info) -> Location | None:
        return await self._location(info, "origin")

    @strawberry.field
    async def destination(self, info: Info) -> Location | None:
        return await self._location(info, "destination")

    @strawberry.field(description="The items on the manifest, by id.")
    async def items(self, info: Info, first: int | None = 100) -> list[Item]:
        ctx = context(info)
        size = ctx.page_size(first, default=100)
        rels = await ctx.loaders.relations.load(self.node.id)
        ids = sorted({r.target for r in rels if r.type == "CONTAINS" and r.source == self.node.id})[:size]
        return [Item(node=n) for n in await ctx.loaders.many(ids) if n.label == "Item"]

    @strawberry.field(description="The shipment's own custody events, oldest first.")
    async def events(self, info: Info, first: int | None = 50) -> list[CustodyEventRef]:
        from api.schema.event import events_page

        ctx = context(info)
        return events_page(await ctx.loaders.events_of.load(self.node.id), ctx.page_size(first))


def _id(value: object) -> str | None:
    return str(value) if value else None


async def shipment_query(info: Info, id: strawberry.ID | None = None, ref: str | None = None) -> Shipment:
    """One shipment by id or by its reference (SHP-1001)."""
    if (id is None) == (ref is None):
        raise InvalidInput("give exactly one of id or ref")
    return Shipment(node=await resolve_one(info, str(id or ref), "Shipment"))
