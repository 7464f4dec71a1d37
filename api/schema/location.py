"""Location: a depot, hub, border crossing or place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from api.schema.common import context
from api.schema.entity import Entity
from api.schema.relation import RelationFact, relations_of
from graph.errors import InvalidInput

if TYPE_CHECKING:
    from api.schema.event import CustodyEvent

__all__ = ["Location", "location_query"]

CustodyEventRef = Annotated["CustodyEvent", strawberry.lazy("api.schema.event")]


@strawberry.type(description="A depot, logistics hub, border crossing or place.")
class Location(Entity):
    @strawberry.field(description="The country it is in, when a source says so.")
    def country(self) -> str | None:
        value = self.node.props.get("country")
        return None if value is None else str(value)

    @strawberry.field
    def latitude(self) -> float | None:
        return _float(self.node.props.get("lat", self.node.props.get("latitude")))

    @strawberry.field
    def longitude(self) -> float | None:
        return _float(self.node.props.get("lon", self.node.props.get("longitude")))

    @strawberry.field(description="Relations of this location (who is based at or controls it, where it lies).")
    async def relations(self, info: Info, types: list[str] | None = None) -> list[RelationFact]:
        return await relations_of(info, self.node.id, types)

    @strawberry.field(description="Custody events that took place here, oldest first.")
    async def events(self, info: Info, first: int | None = 50) -> list[CustodyEventRef]:
        from api.schema.event import events_page

        ctx = context(info)
        return events_page(await ctx.loaders.events_at.load(self.node.id), ctx.page_size(first))


def _float(value: object) -> float | None:
    try:
        return float(value) if value is not None else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


async def location_query(info: Info, id: strawberry.ID | None = None, name: str | None = None) -> Location:
    """One location by id or by name (or alias)."""
    from api.schema.actor import resolve_one

    if (id is None) == (name is None):
        raise InvalidInput("give exactly one of id or name")
    return Location(node=await resolve_one(info, str(id or name), "Location"))
